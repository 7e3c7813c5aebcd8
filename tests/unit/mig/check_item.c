/*
 * check_item.c: how each item travels (item.c): the ways an item may
 * take, the counts a receiver accepts, the deallocate rule and the
 * x86_64 descriptor word, for every layout form.
 */
#include "tests/unit/unit.h"

#include "item.h"
#include "layout.h"
#include "mig_test.h"

static const char defs[] =
	"subsystem x 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
	"type v10 = array[*:10] of char;\n"
	"type ool = ^array[] of char;\ntype ool4 = ^array[4] of int;\n"
	"type iarr = array[] of int;\n"
	"routine a(s : p; f : int; v : v10; o : ool; q : ool4;\n"
	"  u : iarr, dealloc; r : p);\n";

START_TEST(test_item_forms)
{
	struct ast ast;
	struct sema_interface iface;
	struct layout_routine l;
	struct item_wire w;
	const struct layout_item *it;

	ck_assert_int_eq(compile(defs, &ast, &iface), 0);
	layout_routine(&ast, target_default(), &iface, iface.routines[0], &l);
	ck_assert_int_eq(l.request.nitems, 6);

	it = &l.request.items[0]; /* f: fixed */
	item_wire(it, &w);
	ck_assert(w.way[0].possible && !w.way[1].possible);
	ck_assert_int_eq(w.way[0].count, ITEM_COUNT_EXACT);
	ck_assert(!w.needs_complex);
	/* MACH_MSG_TYPE_INTEGER_32, 32 bits, inline */
	ck_assert_uint_eq(item_word(it, true), 0x20002002u);

	it = &l.request.items[1]; /* v: bounded */
	item_wire(it, &w);
	ck_assert(w.way[0].possible && !w.way[1].possible);
	ck_assert_int_eq(w.way[0].count, ITEM_COUNT_BOUNDED);
	ck_assert_uint_eq(w.number, 10);

	it = &l.request.items[2]; /* o: out of line, any count */
	item_wire(it, &w);
	ck_assert(!w.way[0].possible && w.way[1].possible);
	ck_assert_int_eq(w.way[1].count, ITEM_COUNT_ANY);
	ck_assert(w.needs_complex);
	/* long form (as GNU MIG has it for ^array[]), out of line */
	ck_assert_uint_eq(item_word(it, false) & (1u << 29), 0);

	it = &l.request.items[3]; /* q: out of line, exactly 4 */
	item_wire(it, &w);
	ck_assert_int_eq(w.way[1].count, ITEM_COUNT_EXACT);
	ck_assert_uint_eq(w.number, 4);

	it = &l.request.items[4]; /* u: array[], dealloc */
	item_wire(it, &w);
	ck_assert(w.way[0].possible && w.way[1].possible);
	ck_assert_int_eq(w.way[0].count, ITEM_COUNT_BOUNDED);
	ck_assert_int_eq(w.way[1].count, ITEM_COUNT_ANY);
	ck_assert(!w.way[0].dealloc); /* inline data is never deallocated */
	ck_assert(w.way[1].dealloc);
	ck_assert(!w.needs_complex); /* only when it goes out of line */
	ck_assert_uint_eq(w.way[0].size, 32);

	it = &l.request.items[5]; /* r: a right */
	item_wire(it, &w);
	ck_assert(w.needs_complex);

	it = &l.reply.items[0]; /* RetCode: never deallocated */
	item_wire(it, &w);
	ck_assert(!w.way[0].dealloc);
	ck_assert_int_eq(w.way[0].count, ITEM_COUNT_EXACT);
	ast_free(&ast);
}
END_TEST

static Suite *
item_suite(void)
{
	Suite *s = suite_create("item");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_item_forms);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(item_suite)
