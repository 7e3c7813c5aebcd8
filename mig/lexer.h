/*
 * lexer.h: the flex scanner's interface (prefix lex_).
 *
 * The scanner is reentrant: all its state lives in a yyscan_t and the
 * struct lex_extra it carries, so tests can run many scanners at once.
 * It tracks the logical position through cpp line markers
 * ("# 12 \"file.defs\"") and the physical line for the caret.
 */
#ifndef MIG_LEXER_H
#define MIG_LEXER_H

#include "ast.h"
#include "diag.h"

struct lex_extra {
	struct diag *diag;
	struct ast *ast;
	const char *file; /* current logical file */
	unsigned line, col, phys;
	/* Start condition to return to (import filenames). */
	int want_filename;
};

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

/*
 * Create a scanner reading the LEN bytes at BUF (which must outlive it),
 * naming FILE in diagnostics until a line marker says otherwise.  Returns
 * 0, or -1 when out of memory.
 */
int lex_open(yyscan_t *scanner, struct lex_extra *extra, const char *buf,
	     size_t len, const char *file);
void lex_close(yyscan_t scanner);

#endif
