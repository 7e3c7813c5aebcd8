/*
 * check_parser.c: the parser: the tree it builds, positions through cpp line markers, carets.
 */
#include "tests/unit/unit.h"

#include <stdbool.h>
#include <stdlib.h>

#include "mig_test.h"
#include "ast.h"

START_TEST(test_parse_tree)
{
	struct ast ast;
	struct sema_interface iface;
	const struct ast_stmt *s;

	ck_assert_int_eq(
		compile("subsystem KernelServer foo 100;\n"
			"type p = MACH_MSG_TYPE_COPY_SEND;\n"
			"type v = array[*:4] of int;\n"
			"routine r(server : p; in a : int; out b : v);\n",
			&ast, &iface),
		0);
	s = ast.first;
	ck_assert_int_eq(s->kind, AST_SUBSYSTEM);
	ck_assert(s->kernel_server && !s->kernel_user);
	ck_assert_str_eq(s->name, "foo");
	ck_assert_int_eq(s->number, 100);
	s = s->next;
	ck_assert_int_eq(s->kind, AST_TYPE);
	ck_assert_int_eq(s->type->spec->in_name, 19);
	s = s->next->next;
	ck_assert_int_eq(s->kind, AST_ROUTINE);
	ck_assert_str_eq(s->args->next->next->name, "b");
	ck_assert_int_eq(s->args->next->next->dir, AST_DIR_OUT);
	ast_free(&ast);
}
END_TEST

START_TEST(test_line_markers)
{
	struct ast ast;
	struct sema_interface iface;

	ck_assert_int_eq(compile("# 1 \"top.defs\"\nsubsystem x 1;\n"
				 "# 40 \"inc.defs\" 1\n\n  type t = nosuch;\n",
				 &ast, &iface),
			 -1);
	ck_assert_msg(
		strstr(diagbuf,
		       "inc.defs:41:12: error: type 'nosuch' is not defined") !=
			NULL,
		"got: %s", diagbuf);
	ck_assert_msg(strstr(diagbuf,
			     "\n   type t = nosuch;\n            ^\n") != NULL,
		      "caret: %s", diagbuf);
	ast_free(&ast);
}
END_TEST

START_TEST(test_caret_under_tabs)
{
	struct ast ast;
	struct sema_interface iface;

	ck_assert_int_eq(
		compile("subsystem x 1;\n\ttype\tt = nosuch;\n", &ast, &iface),
		-1);
	ck_assert_msg(
		strstr(diagbuf,
		       "t.defs:2:11: error: type 'nosuch' is not defined\n"
		       " \ttype\tt = nosuch;\n \t    \t    ^\n") != NULL,
		"got: %s", diagbuf);
	ast_free(&ast);
}
END_TEST

START_TEST(test_syntax_errors)
{
	struct ast ast;
	struct sema_interface iface;

	/* expected-token hints, and recovery at ';' to report the next */
	ck_assert_int_eq(compile("subsystem x 1;\ntype t = array[4 of int;\n"
				 "routine (s : int);\n",
				 &ast, &iface),
			 -1);
	ck_assert_msg(strstr(diagbuf,
			     "t.defs:2:18: error: syntax error, unexpected "
			     "\"of\", expecting '+', '-', '*', '/' or ']'") !=
			      NULL,
		      "got: %s", diagbuf);
	ck_assert_msg(strstr(diagbuf,
			     "t.defs:3:9: error: syntax error, "
			     "unexpected '(', expecting identifier") != NULL,
		      "got: %s", diagbuf);
	ast_free(&ast);
	ck_assert_int_eq(
		compile("subsystem x 1;\ntype t = array[4 / 0] of int;\n", &ast,
			&iface),
		-1);
	ck_assert_ptr_nonnull(
		strstr(diagbuf, "t.defs:2:18: error: division by zero"));
	ast_free(&ast);
}
END_TEST

/* TEXT: a buffer the long-input tests build their source in. */
static char *text;
static size_t text_len, text_cap;

static void
put(const char *str)
{
	size_t n = strlen(str);

	if (text_len + n + 1 > text_cap) {
		text_cap = (text_len + n + 1) * 2;
		text = realloc(text, text_cap);
		ck_assert_ptr_nonnull(text);
	}
	memcpy(text + text_len, str, n + 1);
	text_len += n;
}

static void
put_times(const char *str, unsigned n)
{
	while (n-- > 0)
		put(str);
}

static void
text_free(void)
{
	free(text);
	text = NULL;
	text_len = text_cap = 0;
}

static bool
starts_with(const char *str, const char *prefix)
{
	return strncmp(str, prefix, strlen(prefix)) == 0;
}

/* How many errors DIAGBUF reports. */
static unsigned
count_errors(void)
{
	const char *p;
	unsigned n = 0;

	for (p = diagbuf; (p = strstr(p, ": error: ")) != NULL; p++)
		n++;
	return n;
}

/* Long lists do not grow the parser's stack: they are left-recursive. */
START_TEST(test_long_lists)
{
	struct ast ast;
	struct sema_interface iface;
	const struct ast_arg *a;
	const struct ast_field *f;
	const struct ast_stmt *st;
	char buf[64];
	unsigned i, n;

	put("subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
	    "type s = struct {");
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof buf, " int f%u;", i);
		put(buf);
	}
	put(" };\nroutine r(server : p");
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof buf, "; a%u : int", i);
		put(buf);
	}
	put(");\n");
	ck_assert_msg(compile(text, &ast, &iface) == 0, "%.300s", diagbuf);
	st = ast.first->next->next;
	for (f = st->type->spec->fields, n = 0; f != NULL; f = f->next, n++)
		if (n == 4999)
			ck_assert_str_eq(f->name, "f4999");
	ck_assert_uint_eq(n, 5000);
	for (a = st->next->args, n = 0; a != NULL; a = a->next, n++)
		if (n == 1)
			ck_assert_str_eq(a->name, "a0");
	ck_assert_uint_eq(n, 5001);
	ck_assert_uint_eq(iface.routines[0]->nargs, 5001);
	ast_free(&ast);
	text_free();
}
END_TEST

/* Parentheses and types nest PARSE_MAX_NESTING levels deep at most;
 * one level more is one clear error, however deep the input goes. */
START_TEST(test_nesting_limit)
{
	struct ast ast;
	struct sema_interface iface;

	put("subsystem x 1;\nskip ");
	put_times("(", PARSE_MAX_NESTING);
	put("2");
	put_times(")", PARSE_MAX_NESTING);
	put(";\ntype t = ");
	put_times("array[1] of ", PARSE_MAX_NESTING);
	put("int;\n");
	ck_assert_msg(compile(text, &ast, &iface) == 0, "%.300s", diagbuf);
	ck_assert_uint_eq(iface.nroutines, 2);
	ast_free(&ast);
	text_free();

	put("subsystem x 1;\nskip ");
	put_times("(", 100000);
	put("1");
	put_times(")", 100000);
	put(";\n");
	ck_assert_int_eq(compile(text, &ast, &iface), -1);
	ck_assert_msg(starts_with(diagbuf, "t.defs:2:262: error: parentheses "
					   "nested more than 256 levels "
					   "deep\n") &&
			      count_errors() == 1,
		      "%.300s", diagbuf);
	ast_free(&ast);
	text_free();

	put("subsystem x 1;\ntype t = ");
	put_times("^", 100000);
	put("int;\n");
	ck_assert_int_eq(compile(text, &ast, &iface), -1);
	ck_assert_msg(starts_with(diagbuf, "t.defs:2:266: error: types nested "
					   "more than 256 levels deep\n") &&
			      count_errors() == 1,
		      "%.300s", diagbuf);
	ast_free(&ast);
	text_free();

	put("subsystem x 1;\ntype t = ");
	put_times("array[] of struct[2] of ", 50000);
	put("int;\n");
	ck_assert_int_eq(compile(text, &ast, &iface), -1);
	ck_assert_msg(strstr(diagbuf, "error: types nested more than 256 "
				      "levels deep\n") != NULL &&
			      count_errors() == 1,
		      "%.300s", diagbuf);
	ast_free(&ast);
	text_free();
}
END_TEST

static Suite *
parser_suite(void)
{
	Suite *s = suite_create("parser");
	TCase *tc = tcase_create("parser");

	tcase_add_test(tc, test_parse_tree);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_line_markers);
	tcase_add_test(tc, test_caret_under_tabs);
	tcase_add_test(tc, test_long_lists);
	tcase_add_test(tc, test_nesting_limit);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(parser_suite)
