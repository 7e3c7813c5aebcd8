/*
 * check_ksyms.c: symbol lookup in kern/ksyms.c.
 */

#include "kern/ksyms.h"
#include "tests/unit/unit.h"

static const struct ksym table[] = {
	{ 0x1000, "first" },
	{ 0x1040, "second" },
	{ 0x1041, "third" },
	{ 0x2000, "_text_end" },
};
#define N (sizeof table / sizeof table[0])

START_TEST(test_inside)
{
	uintptr_t off = 99;
	ck_assert_str_eq(ksym_find(table, N, 0x1000, &off), "first");
	ck_assert_uint_eq(off, 0);
	ck_assert_str_eq(ksym_find(table, N, 0x103f, &off), "first");
	ck_assert_uint_eq(off, 0x3f);
	ck_assert_str_eq(ksym_find(table, N, 0x1040, &off), "second");
	ck_assert_uint_eq(off, 0);
	ck_assert_str_eq(ksym_find(table, N, 0x1fff, &off), "third");
	ck_assert_uint_eq(off, 0x1fff - 0x1041);
}
END_TEST

START_TEST(test_outside)
{
	uintptr_t off;
	ck_assert_ptr_null(ksym_find(table, N, 0xfff, &off));
	ck_assert_ptr_null(ksym_find(table, N, 0x2000, &off));
	ck_assert_ptr_null(ksym_find(table, N, UINTPTR_MAX, &off));
	ck_assert_ptr_null(ksym_find(table, 1, 0x1000, &off));
	ck_assert_ptr_null(ksym_find(table, 0, 0x1000, &off));
}
END_TEST

START_TEST(test_every_address)
{
	/* Brute force against a linear search. */
	for (uintptr_t a = 0x1000; a < 0x2000; a++) {
		uintptr_t off;
		const char *name = ksym_find(table, N, a, &off);
		size_t i = N - 2;
		while (table[i].addr > a)
			i--;
		ck_assert_str_eq(name, table[i].name);
		ck_assert_uint_eq(off, a - table[i].addr);
	}
}
END_TEST

static Suite *
ksyms_suite(void)
{
	Suite *s = suite_create("ksyms");
	TCase *tc = tcase_create("lookup");
	tcase_add_test(tc, test_inside);
	tcase_add_test(tc, test_outside);
	tcase_add_test(tc, test_every_address);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ksyms_suite)
