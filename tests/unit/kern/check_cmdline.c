/*
 * check_cmdline.c: kern/cmdline.c.
 */

#include <string.h>

#include "kern/cmdline.h"
#include "tests/unit/unit.h"

START_TEST(test_key_value)
{
	char v[32];
	ck_assert(cmdline_get("console=com1 test=all", "test", v, sizeof v));
	ck_assert_str_eq(v, "all");
	ck_assert(cmdline_get("console=com1 test=all", "console", v, sizeof v));
	ck_assert_str_eq(v, "com1");
}
END_TEST

START_TEST(test_missing_and_prefixes)
{
	char v[32] = "untouched";
	ck_assert(!cmdline_get("testing=1 tes=2", "test", v, sizeof v));
	ck_assert_str_eq(v, "untouched");
	ck_assert(!cmdline_get("", "test", v, sizeof v));
	ck_assert(!cmdline_get(NULL, "test", v, sizeof v));
}
END_TEST

START_TEST(test_flag_and_spacing)
{
	char v[32] = "x";
	ck_assert(cmdline_get("  quiet   debug ", "debug", v, sizeof v));
	ck_assert_str_eq(v, "");
	ck_assert(cmdline_get("a=1\tb=2", "b", v, sizeof v));
	ck_assert_str_eq(v, "2");
	ck_assert(cmdline_get("empty=", "empty", v, sizeof v));
	ck_assert_str_eq(v, "");
}
END_TEST

START_TEST(test_last_wins_and_truncation)
{
	char v[4];
	ck_assert(cmdline_get("k=first k=second", "k", v, sizeof v));
	ck_assert_str_eq(v, "sec");
}
END_TEST

START_TEST(test_lists)
{
	ck_assert(cmdline_list_names("printf,vm_page", "vm_page"));
	ck_assert(cmdline_list_names("printf,vm_page", "printf"));
	ck_assert(!cmdline_list_names("printf,vm_page", "vm"));
	ck_assert(!cmdline_list_names("printf,vm_page", "vm_pages"));
	ck_assert(!cmdline_list_names("all", "printf"));
	ck_assert(cmdline_list_has("all", "printf"));
	ck_assert(cmdline_list_has("x,all", "printf"));
	ck_assert(!cmdline_list_has("", "printf"));
	ck_assert(!cmdline_list_has(",", "printf"));
}
END_TEST

static Suite *
cmdline_suite(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("lookup");
	tcase_add_test(tc, test_key_value);
	tcase_add_test(tc, test_missing_and_prefixes);
	tcase_add_test(tc, test_flag_and_spacing);
	tcase_add_test(tc, test_last_wins_and_truncation);
	tcase_add_test(tc, test_lists);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cmdline_suite)
