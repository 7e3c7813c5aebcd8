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
 * Parse BUF (LEN bytes, need not be NUL-terminated) named FILE.
 * Returns 0 when the text parsed without errors, -1 otherwise (the
 * errors are in D).  The tree may be partial after errors; free it with
 * ast_free() either way.
 */
int parse_defs(struct ast *ast, struct diag *d, const char *buf, size_t len,
	       const char *file);

#endif
