/*
 * check_layout.c: the layout pass: offsets for x86_64 and i386, rights
 * inline and out of line, CountInOut.
 */
#include "tests/unit/unit.h"

#include "mig_test.h"
#include "layout.h"

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
	ck_assert_int_eq(l.request.items[0].desc_size, 8);
	ck_assert_int_eq(l.request.items[0].data_size, 8); /* char padded */
	ck_assert_int_eq(l.request.items[1].offset, 48);
	ck_assert_int_eq(l.request.items[2].offset, 64); /* int64 8-aligned */
	ck_assert(layout_varying(&l.request.items[2]));
	ck_assert_int_eq(l.request.items[2].form, LAYOUT_BOUNDED);
	ck_assert_int_eq(l.request.items[2].data_size, 16); /* 10 padded */
	ck_assert_int_eq(l.request.items[3].offset, 88);
	ck_assert(l.request.items[3].long_form);
	ck_assert_int_eq(l.request.items[3].desc_size, 8);  /* as the short */
	ck_assert_int_eq(l.request.items[3].data_bytes, 8); /* an address */
	ck_assert(!l.request.fixed);
	ck_assert_int_eq(l.reply.items[0].offset, 32); /* RetCode */
	ck_assert_int_eq(l.reply.items[0].data_size, 8);
	/* a right inline: 64 bits, a name in a mach_port_name_inlined_t */
	ck_assert_int_eq(l.reply.items[1].offset, 48);
	ck_assert_int_eq(l.reply.items[1].msgt_size, 64);
	ck_assert_int_eq(l.reply.items[1].data_bytes, 8);
	ck_assert(l.reply.items[1].inlined_names);
	ck_assert_int_eq(l.reply.max_size, 64);
	ast_free(&ast);
	ck_assert_int_eq(
		compile_for(
			"subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"type int64_t = MACH_MSG_TYPE_INTEGER_64;\n"
			"type v10 = array[*:10] of char;\ntype ool = "
			"^array[] of char;\n"
			"routine a(s : p; c : char; w : int64_t; v : v10;\n"
			"  o : ool; out r : p);\n",
			target_find("i386"), &ast, &iface),
		0);
	layout_routine(&ast, target_find("i386"), &iface, iface.routines[0],
		       &l);
	ck_assert_int_eq(l.reply.max_size, 40);
	ck_assert_int_eq(l.reply.items[1].msgt_size, 32);
	ck_assert(!l.reply.items[1].inlined_names);
	ast_free(&ast);
}
END_TEST

/* Out of line, rights are an array of 32-bit names; in the kernel they
 * are port pointers inline and out of line. */
START_TEST(test_port_arrays_layout)
{
	struct ast ast;
	struct sema_interface iface;
	struct layout_routine l;

	ck_assert_int_eq(
		compile("subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
			"type pa = array[] of p;\ntype po = ^array[] of p;\n"
			"routine r(s : p; a : pa; o : po);\n",
			&ast, &iface),
		0);
	layout_routine(&ast, target_default(), &iface, iface.routines[0], &l);
	ck_assert_int_eq(l.request.items[0].msgt_size, 64);
	ck_assert_int_eq(l.request.items[0].msgt_number, 256); /* 2048 B */
	ck_assert_int_eq(l.request.items[0].ool_size, 32);
	ck_assert_int_eq(l.request.items[0].form, LAYOUT_UNBOUNDED);
	ck_assert_int_eq(l.request.items[1].msgt_size, 32);
	ck_assert_int_eq(l.request.items[1].form, LAYOUT_OOL_VARYING);
	ast_free(&ast);
	ck_assert_int_eq(
		compile("subsystem KernelServer x 1;\n"
			"type p = MACH_MSG_TYPE_COPY_SEND;\n"
			"type pa = array[] of p;\ntype po = ^array[] of p;\n"
			"routine r(s : p; a : pa; o : po);\n",
			&ast, &iface),
		0);
	layout_routine(&ast, target_default(), &iface, iface.routines[0], &l);
	ck_assert(!l.request.items[0].inlined_names);
	ck_assert_int_eq(l.request.items[0].ool_size, 64);
	ck_assert_int_eq(l.request.items[1].msgt_size, 64);
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
	ck_assert_int_eq(l.request.max_size, 64);
	ast_free(&ast);
}
END_TEST

static Suite *
layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, test_layout_x86_64);
	tcase_add_test(tc, test_port_arrays_layout);
	tcase_add_test(tc, test_count_in_out_layout);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(layout_suite)
