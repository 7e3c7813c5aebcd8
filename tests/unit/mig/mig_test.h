/*
 * mig_test.h: what the stage unit tests share: compile a text through
 * the parser and sema, keeping the diagnostics in diagbuf.
 */
#ifndef TESTS_UNIT_MIG_MIG_TEST_H
#define TESTS_UNIT_MIG_MIG_TEST_H

#include <stdio.h>
#include <string.h>

#include "ast.h"
#include "diag.h"
#include "parse.h"
#include "sema.h"
#include "target.h"

static char diagbuf[4096];

/* Parse and check TEXT; the diagnostics land in DIAGBUF. */
static char diagbuf[4096];

/* The same for target TG. */
static inline int
compile_for(const char *text, const struct target *tg, struct ast *ast,
	    struct sema_interface *iface)
{
	struct diag d;
	FILE *f = fmemopen(diagbuf, sizeof diagbuf, "w");
	int r;

	memset(diagbuf, 0, sizeof diagbuf);
	diag_init(&d, text, strlen(text), f);
	ast_init(ast);
	r = parse_defs(ast, &d, text, strlen(text), "t.defs");
	if (r == 0)
		r = sema_check(ast, &d, tg, iface);
	fclose(f);
	diag_free(&d);
	return r;
}

static inline int
compile(const char *text, struct ast *ast, struct sema_interface *iface)
{
	return compile_for(text, target_default(), ast, iface);
}

#endif
