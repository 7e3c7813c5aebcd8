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

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"
#include "symtab.h"

/*
 * Identifiers longer than this are refused.  No real interface comes
 * near it (GNU Mach's and the Hurd's longest names have about 40
 * characters), while every C name mig derives from an identifier
 * (__Request__NAME_t, PREFIXNAME, NAMECnt...) repeats it in the output:
 * a megabyte name would otherwise be copied into megabytes of C.  255
 * is also what C compilers and linkers all handle.
 */
#define LEX_IDENT_MAX 255

/* The largest input the scanner takes (flex counts in int). */
#define LEX_INPUT_MAX ((size_t)INT32_MAX / 2)

/* The largest line number a line marker may give (C's #line limit). */
#define LEX_LINE_MAX 2147483647u

struct lex_extra {
	struct diag *diag;
	struct ast *ast;
	const char *file; /* current logical file */
	unsigned line, col, phys;
	/* A line marker sets the number of the line after its own. */
	bool marker;
	unsigned marker_line;
	bool bad_marker; /* one was out of range (reported once) */
	/* Where the comment being skipped opened. */
	struct diag_loc comment;
	/* Keywords and message type names: name -> struct lex_keyword. */
	struct symtab keywords;
};

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

/*
 * Create a scanner reading the LEN bytes at BUF (which must outlive it),
 * naming FILE in diagnostics until a line marker says otherwise.  EXTRA
 * must have its diag and ast set and outlive the scanner.  Returns 0, or
 * -1 when out of memory or LEN is larger than LEX_INPUT_MAX.
 */
int lex_open(yyscan_t *scanner, struct lex_extra *extra, const char *buf,
	     size_t len, const char *file);
/* Free the scanner and what lex_open() allocated in its extra. */
void lex_close(yyscan_t scanner);

#endif
