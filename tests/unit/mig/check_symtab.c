/*
 * check_symtab.c: the hash tables every name look-up uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"

#include "symtab.h"

START_TEST(test_insert_find)
{
	struct symtab t;
	int a, b, c;

	symtab_init(&t);
	ck_assert_ptr_null(symtab_find(&t, "x", 1));
	ck_assert_ptr_null(symtab_insert(&t, "alpha", 5, &a));
	ck_assert_ptr_null(symtab_insert(&t, "alphabet", 8, &b));
	/* keys are LEN bytes: a prefix is a key of its own */
	ck_assert_ptr_eq(symtab_find(&t, "alphabet", 5), &a);
	ck_assert_ptr_eq(symtab_find(&t, "alphabet", 8), &b);
	ck_assert_ptr_null(symtab_find(&t, "alph", 4));
	ck_assert_ptr_null(symtab_find(&t, "", 0));
	/* the first value stays */
	ck_assert_ptr_eq(symtab_insert(&t, "alpha", 5, &c), &a);
	ck_assert_ptr_eq(symtab_find(&t, "alpha", 5), &a);
	symtab_replace(&t, "alpha", 5, &c);
	ck_assert_ptr_eq(symtab_find(&t, "alpha", 5), &c);
	symtab_replace(&t, "gamma", 5, &a);
	ck_assert_ptr_eq(symtab_find(&t, "gamma", 5), &a);
	ck_assert_uint_eq(t.count, 3);
	symtab_free(&t);
	ck_assert_ptr_null(symtab_find(&t, "alpha", 5));
}
END_TEST

/* Growth keeps every key, and the table stays at most half full. */
START_TEST(test_many_keys)
{
	enum { N = 100000 };
	struct symtab t;
	char(*keys)[16] = malloc(N * sizeof *keys);
	unsigned i;

	ck_assert_ptr_nonnull(keys);
	symtab_init(&t);
	for (i = 0; i < N; i++) {
		snprintf(keys[i], sizeof keys[i], "k%u", i);
		ck_assert_ptr_null(
			symtab_insert(&t, keys[i], strlen(keys[i]), keys[i]));
	}
	ck_assert_uint_eq(t.count, N);
	ck_assert_uint_le(t.count * 2, t.cap);
	for (i = 0; i < N; i++)
		ck_assert_ptr_eq(symtab_find(&t, keys[i], strlen(keys[i])),
				 keys[i]);
	ck_assert_ptr_null(symtab_find(&t, "k100000", 7));
	ck_assert_ptr_null(symtab_find(&t, "k", 1));
	symtab_free(&t);
	free(keys);
}
END_TEST

static Suite *
symtab_suite(void)
{
	Suite *s = suite_create("symtab");
	TCase *tc = tcase_create("symtab");

	tcase_add_test(tc, test_insert_find);
	tcase_add_test(tc, test_many_keys);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(symtab_suite)
