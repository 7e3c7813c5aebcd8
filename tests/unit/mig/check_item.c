/*
 * check_item.c: how each item travels (item.c): the ways an item may
 * take, the counts a receiver accepts, the deallocate rule and the
 * x86_64 descriptor word, for every layout form; the C side of each kind
 * of item (item_carry: its shape, count, bound and element sizes).
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

/* The C side of each kind of item (item_carry), the one description both
 * emitters marshal and copy out by. */
static const char carry_defs[] =
	"subsystem y 1;\ntype p = MACH_MSG_TYPE_COPY_SEND;\n"
	"type quad = array[4] of int;\ntype pair = array[2] of p;\n"
	"type name_t = c_string[*:32];\ntype fix = c_string[8];\n"
	"type chars = array[16] of (MACH_MSG_TYPE_STRING_C, 8);\n"
	"type v10 = array[*:10] of int;\ntype ool = ^array[] of char;\n"
	"type iarr = array[] of int;\ntype pv = array[*:3] of p;\n"
	"type trip = struct[3] of int;\n"
	"routine b(s : p; f : int; q : quad; r : p; ra : pair; n : name_t;\n"
	"  x : fix; h : chars; v : v10; o : ool; u : iarr; w : pv;\n  t : trip;"
	"  out c : v10, CountInOut);\n";

START_TEST(test_item_carry)
{
	static const enum item_shape want[] = {
		ITEM_SHAPE_VALUE,  ITEM_SHAPE_ARRAY,   ITEM_SHAPE_RIGHT,
		ITEM_SHAPE_RIGHTS, ITEM_SHAPE_STRING,  ITEM_SHAPE_STRING,
		ITEM_SHAPE_FIXSTR, ITEM_SHAPE_COUNTED, ITEM_SHAPE_ADDRESS,
		ITEM_SHAPE_EITHER, ITEM_SHAPE_COUNTED, ITEM_SHAPE_VALUE,
		ITEM_SHAPE_COUNT,
	};
	struct ast ast;
	struct sema_interface iface;
	struct layout_routine l;
	struct item_carry c;
	unsigned i;

	ck_assert_int_eq(compile(carry_defs, &ast, &iface), 0);
	layout_routine(&ast, target_default(), &iface, iface.routines[0], &l);
	ck_assert_int_eq(l.request.nitems, 13);
	for (i = 0; i < 13; i++) {
		item_carry(&l.request.items[i], &c);
		ck_assert_msg(c.shape == want[i], "item %u (%s): shape %d", i,
			      l.request.items[i].name, (int)c.shape);
	}
	/* a fixed array: its count, 4-byte elements */
	item_carry(&l.request.items[1], &c);
	ck_assert(!c.varying && !c.names);
	ck_assert_uint_eq(c.bound, 4);
	ck_assert_uint_eq(c.c_bytes, 4);
	/* rights: 32-bit names in C, 64-bit slots inline */
	item_carry(&l.request.items[3], &c);
	ck_assert(c.names);
	ck_assert_uint_eq(c.c_bytes, 4);
	ck_assert_uint_eq(c.wire_bytes, 8);
	item_carry(&l.request.items[10], &c);
	ck_assert(c.varying && c.names);
	ck_assert_uint_eq(c.bound, 3);
	/* a fixed C string: no count travels */
	item_carry(&l.request.items[5], &c);
	ck_assert(!c.varying);
	/* a string's count travels, bounded by its 32 bytes */
	item_carry(&l.request.items[4], &c);
	ck_assert(c.varying);
	ck_assert_uint_eq(c.bound, 32);
	/* a bounded array: the bound in C elements */
	item_carry(&l.request.items[7], &c);
	ck_assert(c.varying);
	ck_assert_uint_eq(c.bound, 10);
	ck_assert_uint_eq(c.per_elem, 1);
	/* array[]: inline within its bound, the count set at run time */
	item_carry(&l.request.items[9], &c);
	ck_assert(c.varying);
	ck_assert_uint_gt(c.bound, 0);
	ck_assert_uint_eq(c.c_bytes, 4);
	/* out of line: the address, any count */
	item_carry(&l.request.items[8], &c);
	ck_assert(c.varying && !c.names);
	/* CountInOut: the reply's array bounds what the server accepts */
	item_carry(&l.reply.items[1], &c);
	ck_assert_int_eq(c.shape, ITEM_SHAPE_COUNTED);
	ck_assert_uint_eq(c.bound, 10);
	ast_free(&ast);
}
END_TEST

static Suite *
item_suite(void)
{
	Suite *s = suite_create("item");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_item_forms);
	tcase_add_test(tc, test_item_carry);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(item_suite)
