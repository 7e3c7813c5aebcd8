/*
 * check_mig.c: unit tests of the compiler's stages, each driven alone:
 * the lexer through the parser, the parser's tree, sema's numbering and
 * checks, the layout pass, the printer, and migcom_run as a whole.
 */
#include <stdio.h>
#include <string.h>

#include "tests/unit/unit.h"

#include "ast.h"
#include "diag.h"
#include "emit.h"
#include "layout.h"
#include "migcom.h"
#include "parse.h"
#include "printer.h"
#include "sema.h"
#include "target.h"

/* Parse and check TEXT; the diagnostics land in DIAGBUF. */
static char diagbuf[4096];

static int
compile(const char *text, struct ast *ast, struct sema_interface *iface)
{
	struct diag d;
	FILE *f = fmemopen(diagbuf, sizeof diagbuf, "w");
	int r;

	memset(diagbuf, 0, sizeof diagbuf);
	diag_init(&d, text, strlen(text), f);
	ast_init(ast);
	r = parse_defs(ast, &d, text, strlen(text), "t.defs");
	if (r == 0)
		r = sema_check(ast, &d, target_default(), iface);
	fclose(f);
	diag_free(&d);
	return r;
}

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

START_TEST(test_msgh_ids)
{
	struct ast ast;
	struct sema_interface iface;

	ck_assert_int_eq(
		compile("subsystem x 500;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"routine a(s : p);\nskip;\nsimpleroutine b(s : "
			"p);\nskip 3;\n"
			"routine c(s : p);\n",
			&ast, &iface),
		0);
	ck_assert_int_eq(iface.nroutines, 7);
	ck_assert_int_eq(iface.routines[0]->id, 500);
	ck_assert_int_eq(iface.routines[0]->reply_id, 600);
	ck_assert_ptr_null(iface.routines[1]);
	ck_assert_int_eq(iface.routines[2]->id, 502);
	ck_assert(iface.routines[2]->simple);
	ck_assert_int_eq(iface.routines[6]->id, 506);
	ast_free(&ast);
}
END_TEST

START_TEST(test_sema_errors)
{
	struct ast ast;
	struct sema_interface iface;

	ck_assert_int_eq(
		compile("subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"routine a(s : p);\nroutine a(s : p);\n",
			&ast, &iface),
		-1);
	ck_assert_ptr_nonnull(strstr(
		diagbuf, "t.defs:4:1: error: routine 'a' is already defined"));
	ast_free(&ast);
	ck_assert_int_eq(
		compile("subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"routine a(s : p; x : i = (MACH_MSG_TYPE_INTEGER_32, "
			"32, IsNotLong));\n",
			&ast, &iface),
		0);
	ast_free(&ast);
	ck_assert_int_eq(
		compile("subsystem x 1;\ntype big = array[5000] of int;\n"
			"type t = (MACH_MSG_TYPE_INTEGER_32, 32, IsLong, "
			"IsNotLong);\n",
			&ast, &iface),
		-1);
	ast_free(&ast);
}
END_TEST

START_TEST(test_layout_x86_64)
{
	struct ast ast;
	struct sema_interface iface;
	struct layout_routine l;

	ck_assert_int_eq(
		compile("subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"type int64_t = MACH_MSG_TYPE_INTEGER_64;\n"
			"type v10 = array[*:10] of char;\ntype ool = ^array[] "
			"of char;\n"
			"routine a(s : p; c : char; w : int64_t; v : v10;\n"
			"  o : ool; out r : p);\n",
			&ast, &iface),
		0);
	layout_routine(&ast, target_default(), &iface, iface.routines[0], &l);
	ck_assert_int_eq(l.request.nitems, 4);
	ck_assert_int_eq(l.request.items[0].offset, 32); /* after the header */
	ck_assert_int_eq(l.request.items[0].data_size, 4); /* char padded */
	ck_assert_int_eq(l.request.items[1].offset, 40);
	ck_assert_int_eq(l.request.items[2].offset, 52); /* int64 4-aligned */
	ck_assert(l.request.items[2].varying);
	ck_assert(l.request.items[3].long_form);
	ck_assert_int_eq(l.request.items[3].data_bytes, 8); /* an address */
	ck_assert(!l.request.fixed);
	ck_assert_int_eq(l.reply.items[0].offset, 32); /* RetCode */
	ck_assert_int_eq(l.reply.max_size, 48);
	layout_routine(&ast, target_find("i386"), &iface, iface.routines[0],
		       &l);
	ck_assert_int_eq(l.reply.max_size, 40);
	ast_free(&ast);
}
END_TEST

START_TEST(test_printer)
{
	struct printer p;

	printer_init(&p);
	printer_line(&p, "f(void)");
	printer_line(&p, "{");
	printer_line(&p, "if (x) {");
	printer_line(&p, "y();");
	printer_line(&p, "}");
	printer_line(&p, "#if 0");
	printer_line(&p, "}");
	ck_assert_str_eq(p.buf,
			 "f(void)\n{\n\tif (x) {\n\t\ty();\n\t}\n#if 0\n}\n");
	printer_free(&p);
}
END_TEST

START_TEST(test_migcom_no_output_on_error)
{
	struct migcom_options o;
	char buf[1024];
	FILE *f = fmemopen(buf, sizeof buf, "w");
	const char *text = "subsystem x 1;\nroutine (;\n";

	migcom_options_init(&o);
	o.no_defaults = true;
	o.user = "/nonexistent-dir/never-written.c";
	ck_assert_int_eq(migcom_run(&o, text, strlen(text), f, true), -1);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "t.defs") == NULL ? buf : buf);
	ck_assert_ptr_nonnull(strstr(buf, "error: syntax error"));
}
END_TEST

START_TEST(test_polymorphic_rules)
{
	struct ast ast;
	struct sema_interface iface;
	const struct sema_routine *r;

	/* "sent as | received as", and MACH_MSG_TYPE_PORT_x lets the
	 * sender choose, as GNU MIG reads them */
	ck_assert_int_eq(
		compile("subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"type a = MACH_MSG_TYPE_MAKE_SEND_ONCE|polymorphic;\n"
			"type b = polymorphic|MACH_MSG_TYPE_PORT_SEND_ONCE;\n"
			"type c = MACH_MSG_TYPE_PORT_SEND;\ntype d = "
			"polymorphic;\n"
			"routine r(s : p; a : a; b : b; c : c; d : d; out e : "
			"c);\n",
			&ast, &iface),
		0);
	r = iface.routines[0];
	ck_assert(!sema_arg_poly(&r->args[1], true));
	ck_assert(sema_arg_poly(&r->args[1], false));
	ck_assert(sema_arg_poly(&r->args[2], true));
	ck_assert(!sema_arg_poly(&r->args[2], false));
	ck_assert(sema_arg_poly(&r->args[3], true));
	ck_assert(!sema_arg_poly(&r->args[3], false));
	ck_assert(sema_arg_poly(&r->args[4], true));
	ck_assert(sema_arg_poly(&r->args[4], false));
	/* out: the server sends, so the server chooses */
	ck_assert(!sema_arg_poly(&r->args[5], true));
	ck_assert(sema_arg_poly(&r->args[5], false));
	ast_free(&ast);
}
END_TEST

START_TEST(test_kernel_ports)
{
	struct ast ast;
	struct sema_interface iface;
	struct layout_routine l;

	ck_assert_int_eq(
		compile("subsystem KernelServer x 1;\n"
			"type mach_port_t = MACH_MSG_TYPE_COPY_SEND;\ntype n = "
			"MACH_MSG_TYPE_PORT_NAME;\n"
			"routine r(s : mach_port_t; a : mach_port_t; b : n; "
			"out c : mach_port_t);\n",
			&ast, &iface),
		0);
	layout_routine(&ast, target_default(), &iface, iface.routines[0], &l);
	ck_assert_int_eq(l.request.items[0].msgt_size, 64); /* a pointer */
	ck_assert_int_eq(l.request.items[1].msgt_size, 32); /* a name */
	ck_assert_int_eq(l.reply.items[1].msgt_name, 17);   /* made right */
	ck_assert_str_eq(iface.routines[0]->args[1].type->server_ctype,
			 "ipc_port_t");
	ck_assert_str_eq(iface.routines[0]->args[1].type->user_ctype,
			 "mach_port_t");
	ast_free(&ast);
}
END_TEST

START_TEST(test_count_in_out_layout)
{
	struct ast ast;
	struct sema_interface iface;
	struct layout_routine l;

	ck_assert_int_eq(
		compile("subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"type v = array[*:16] of int;\n"
			"routine r(s : p; f : int; out o : v, CountInOut);\n",
			&ast, &iface),
		0);
	layout_routine(&ast, target_default(), &iface, iface.routines[0], &l);
	ck_assert_int_eq(l.request.nitems, 2);
	ck_assert_str_eq(l.request.items[1].name, "oCnt");
	ck_assert(l.request.items[1].count_of);
	ck_assert_int_eq(l.request.max_size, 48);
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

static Suite *
mig_suite(void)
{
	Suite *s = suite_create("mig");
	TCase *tc = tcase_create("stages");

	tcase_add_test(tc, test_parse_tree);
	tcase_add_test(tc, test_line_markers);
	tcase_add_test(tc, test_msgh_ids);
	tcase_add_test(tc, test_sema_errors);
	tcase_add_test(tc, test_layout_x86_64);
	tcase_add_test(tc, test_printer);
	tcase_add_test(tc, test_migcom_no_output_on_error);
	tcase_add_test(tc, test_polymorphic_rules);
	tcase_add_test(tc, test_kernel_ports);
	tcase_add_test(tc, test_count_in_out_layout);
	tcase_add_test(tc, test_caret_under_tabs);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(mig_suite)
