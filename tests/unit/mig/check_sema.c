/*
 * check_sema.c: the semantic pass: msgh_id numbering, errors, polymorphic names, kernel ports.
 */
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
	tcase_add_test(tc, test_polymorphic_rules);
	tcase_add_test(tc, test_kernel_ports);
	tcase_add_test(tc, test_builtin_types);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(sema_suite)
