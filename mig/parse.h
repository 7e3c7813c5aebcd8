/*
 * parse.h: the parser's interface (prefix parse_).
 *
 * parse_defs() reads one preprocessed .defs text and appends its
 * statements to an AST.  Syntax errors are reported through the diag
 * with the tokens that would have been accepted; the parser recovers at
 * the next ';' so one run reports every independent mistake.
 */
#ifndef MIG_PARSE_H
#define MIG_PARSE_H

#include <stddef.h>

#include "ast.h"
#include "diag.h"

/* SYMTYPE values the lexer cannot settle alone. */
#define PARSE_POLYMORPHIC 0xffffffffu /* MACH_MSG_TYPE_POLYMORPHIC */
#define PARSE_PORT_SIZE   0xffffu     /* "the target's port size" */
/* Or'ed into MACH_MSG_TYPE_PORT_{RECEIVE,SEND,SEND_ONCE}: the sender
 * passes the disposition (xPoly), the receiver sees the right. */
#define PARSE_SENDER_POLY 0x10000u

/*
 * How deep parentheses and types (^, array of, struct of) may nest,
 * counted together: far beyond any real interface (GNU Mach's and the
 * Hurd's nest three deep), and it bounds the parser's stack (bison's
 * default of 10000 entries holds more than 256 levels of any form) and
 * sema's recursion over a type.  clang's -fbracket-depth is 256 too.
 */
#define PARSE_MAX_NESTING 256

/*
 * Parse BUF (LEN bytes, need not be NUL-terminated) named FILE.
 * Returns 0 when the text parsed without errors, -1 otherwise (the
 * errors are in D).  AST->end is set to where the text ended.  The tree may be partial after errors; free it with
 * ast_free() either way.
 */
int parse_defs(struct ast *ast, struct diag *d, const char *buf, size_t len,
	       const char *file);

#endif
