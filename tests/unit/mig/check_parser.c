/*
 * check_parser.c: the parser: the tree it builds, positions through cpp line markers, carets.
 */
#include "tests/unit/unit.h"

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

static Suite *
parser_suite(void)
{
	Suite *s = suite_create("parser");
	TCase *tc = tcase_create("parser");

	tcase_add_test(tc, test_parse_tree);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_line_markers);
	tcase_add_test(tc, test_caret_under_tabs);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(parser_suite)
