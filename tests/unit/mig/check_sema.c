/*
 * check_sema.c: the semantic pass: msgh_id numbering, errors, polymorphic names, kernel ports.
 */
#include <stdlib.h>

#include "tests/unit/unit.h"

#include "mig_test.h"
#include "layout.h"

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

/* An input with no statement at all is reported where it ends. */
START_TEST(test_empty_input)
{
	struct ast ast;
	struct sema_interface iface;

	ck_assert_int_eq(compile("", &ast, &iface), -1);
	ck_assert_str_eq(diagbuf,
			 "t.defs:1:1: error: no subsystem statement\n");
	ast_free(&ast);
	/* what cpp makes of an empty file */
	ck_assert_int_eq(compile("# 0 \"e.defs\"\n# 0 \"<built-in>\"\n"
				 "# 1 \"e.defs\"\n",
				 &ast, &iface),
			 -1);
	ck_assert_str_eq(diagbuf,
			 "e.defs:1:1: error: no subsystem statement\n");
	ast_free(&ast);
}
END_TEST

/* A rejected type is reported once: what uses it, directly or through
 * other types, is not reported again. */
START_TEST(test_no_cascade)
{
	struct ast ast;
	struct sema_interface iface;

	ck_assert_int_eq(
		compile("subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"type bad = c_string[0];\n"
			"type worse = ^array[] of bad;\n"
			"type s = struct { bad b; int i; };\n"
			"routine a(s : p; x : bad; y : worse; z : s);\n"
			"routine b(s : p; x : nosuch);\n",
			&ast, &iface),
		-1);
	ck_assert_str_eq(diagbuf,
			 "t.defs:3:12: error: c_string size must be between 1 "
			 "and 268435455\n"
			 " type bad = c_string[0];\n"
			 "            ^\n"
			 "t.defs:7:18: error: type 'nosuch' of argument 'x' is "
			 "not defined\n"
			 " routine b(s : p; x : nosuch);\n"
			 "                  ^\n");
	ast_free(&ast);
	/* a rejected name may be declared again, validly */
	ck_assert_int_eq(
		compile("subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"type t = c_string[0];\ntype t = int;\n"
			"routine a(s : p; x : t);\n",
			&ast, &iface),
		-1);
	ck_assert_ptr_nonnull(strstr(diagbuf, "t.defs:3:10: error: "));
	ck_assert_ptr_null(strstr(diagbuf, "t.defs:4"));
	ck_assert_ptr_null(strstr(diagbuf, "t.defs:5"));
	ast_free(&ast);
}
END_TEST

/* Many types and routines: each name resolves to its own declaration. */
START_TEST(test_many_names)
{
	enum { N = 20000 };
	struct ast ast;
	struct sema_interface iface;
	size_t cap = (size_t)N * 80, len = 0;
	char *text = malloc(cap);
	unsigned i;

	ck_assert_ptr_nonnull(text);
	len += (size_t)snprintf(text + len, cap - len,
				"subsystem x 1;\ntype p = "
				"MACH_MSG_TYPE_COPY_SEND;\n");
	for (i = 0; i < N; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"type t%u = array[%u] of char;\n", i,
					i + 1);
	for (i = 0; i < N; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"routine r%u(s : p; a : t%u);\n", i, i);
	ck_assert_msg(compile(text, &ast, &iface) == 0, "%s", diagbuf);
	ck_assert_uint_eq(iface.nroutines, N);
	for (i = 0; i < N; i += 997) {
		const struct sema_routine *r = iface.routines[i];
		char name[32];
		snprintf(name, sizeof name, "r%u", i);
		ck_assert_str_eq(r->name, name);
		snprintf(name, sizeof name, "t%u", i);
		ck_assert_str_eq(r->args[1].type->name, name);
		ck_assert_uint_eq(r->args[1].type->number, i + 1);
	}
	ast_free(&ast);
	/* a duplicate among them is still found, and only it */
	len += (size_t)snprintf(text + len, cap - len,
				"routine r12345(s : p);\ntype t777 = int;\n");
	ck_assert_int_eq(compile(text, &ast, &iface), -1);
	ck_assert_ptr_nonnull(strstr(
		diagbuf, "error: routine 'r12345' is already defined\n"));
	ck_assert_ptr_nonnull(
		strstr(diagbuf, "error: type 't777' is already defined\n"));
	ast_free(&ast);
	free(text);
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

/* GNU MIG's predefined types, pointer-sized ones per target; structs
 * laid out as C does and sent as elements of their alignment. */
START_TEST(test_builtin_types)
{
	static const char text[] =
		"subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
		"type s1 = struct { char a; short b; char c; };\n"
		"type s2 = struct { uintptr_t a; int b; };\n"
		"routine r(s : p; a : uintptr_t; b : intptr_t; c : int64;\n"
		"  d : char; e : short; f : int; g : s1; h : s2);\n";
	struct ast ast;
	struct sema_interface iface;
	const struct sema_arg *a;

	ck_assert_int_eq(compile(text, &ast, &iface), 0);
	a = iface.routines[0]->args;
	ck_assert_int_eq(a[1].type->in_name, 11); /* MACH_MSG_TYPE_INTEGER_64 */
	ck_assert_int_eq(a[1].type->size_bits, 64);
	ck_assert_int_eq(a[2].type->size_bits, 64);
	ck_assert_int_eq(a[3].type->in_name, 11);
	ck_assert_int_eq(a[4].type->in_name, 8); /* MACH_MSG_TYPE_CHAR */
	ck_assert_int_eq(a[5].type->size_bits, 16);
	ck_assert_int_eq(a[6].type->size_bits, 32);
	/* { char; short; char }: 6 bytes, three shorts */
	ck_assert_int_eq(a[7].type->in_name, 1);
	ck_assert_int_eq(a[7].type->number, 3);
	/* { uintptr_t; int }: 16 bytes, two 64-bit words */
	ck_assert_int_eq(a[8].type->in_name, 11);
	ck_assert_int_eq(a[8].type->number, 2);
	ast_free(&ast);
	ck_assert_int_eq(compile_for(text, target_find("i386"), &ast, &iface),
			 0);
	a = iface.routines[0]->args;
	ck_assert_int_eq(a[1].type->in_name, 2); /* MACH_MSG_TYPE_INTEGER_32 */
	ck_assert_int_eq(a[1].type->size_bits, 32);
	ck_assert_int_eq(a[3].type->size_bits, 64); /* int64 stays 64 */
	ck_assert_int_eq(a[8].type->in_name, 2);    /* 8 bytes, two ints */
	ck_assert_int_eq(a[8].type->number, 2);
	ast_free(&ast);
}
END_TEST

static Suite *
sema_suite(void)
{
	Suite *s = suite_create("sema");
	TCase *tc = tcase_create("sema");

	tcase_add_test(tc, test_msgh_ids);
	tcase_add_test(tc, test_sema_errors);
	tcase_add_test(tc, test_empty_input);
	tcase_add_test(tc, test_no_cascade);
	tcase_add_test(tc, test_many_names);
	tcase_add_test(tc, test_polymorphic_rules);
	tcase_add_test(tc, test_kernel_ports);
	tcase_add_test(tc, test_builtin_types);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(sema_suite)
