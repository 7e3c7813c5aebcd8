/*
 * check_printf.c: kern/printf.c against the host C library's snprintf,
 * which serves as the reference for every conversion both support.
 */

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kern/printf.h"
#include "tests/unit/unit.h"

/* ksnprintf and snprintf must agree on output and return value. */
#define SAME(...)                                                              \
	do {                                                                   \
		char ours_[256], ref_[256];                                    \
		int n_ours_ = ksnprintf(ours_, sizeof ours_, __VA_ARGS__);     \
		int n_ref_ = snprintf(ref_, sizeof ref_, __VA_ARGS__);         \
		ck_assert_str_eq(ours_, ref_);                                 \
		ck_assert_int_eq(n_ours_, n_ref_);                             \
	} while (0)

/* ksnprintf without the format check, for formats gcc rightly rejects. */
static int
raw(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

START_TEST(test_plain)
{
	SAME("plain text");
	SAME("%%");
	SAME("100%% sure");
}
END_TEST

START_TEST(test_signed)
{
	SAME("%d", 0);
	SAME("%d", 42);
	SAME("%d", -42);
	SAME("%i", INT_MAX);
	SAME("%i", INT_MIN);
	SAME("%ld", LONG_MIN);
	SAME("%lld", LLONG_MAX);
	SAME("%hd", (short)-1234);
	SAME("%hhd", (signed char)-100);
	SAME("%zd", (size_t)12345);
	SAME("%jd", INTMAX_MIN);
	SAME("%td", (ptrdiff_t)-7);
}
END_TEST

START_TEST(test_unsigned)
{
	SAME("%u", 0u);
	SAME("%u", UINT_MAX);
	SAME("%lu", ULONG_MAX);
	SAME("%llu", ULLONG_MAX);
	SAME("%hu", (unsigned short)65535);
	SAME("%hhu", (unsigned char)255);
	SAME("%zu", SIZE_MAX);
	SAME("%x", 0xdeadbeefu);
	SAME("%X", 0xdeadbeefu);
	SAME("%lx", 0xffffffff80000000ul);
	SAME("%o", 8u);
	SAME("%o", 0u);
}
END_TEST

START_TEST(test_flags_width_precision)
{
	SAME("[%5d]", 42);
	SAME("[%-5d]", 42);
	SAME("[%05d]", -42);
	SAME("[%+d]", 42);
	SAME("[%+d]", -42);
	SAME("[% d]", 42);
	SAME("[%.3d]", 7);
	SAME("[%8.3d]", -7);
	SAME("[%-8.3d]", 7);
	SAME("[%.0d]", 0);
	SAME("[%5.0d]", 0);
	SAME("[%#x]", 255u);
	SAME("[%#X]", 255u);
	SAME("[%#x]", 0u);
	SAME("[%#010x]", 255u);
	SAME("[%#o]", 8u);
	SAME("[%#o]", 0u);
	SAME("[%#.3o]", 8u);
	SAME("[%016llx]", 0x1234ull);
	SAME("[%*d]", 6, 42);
	SAME("[%*d]", -6, 42);
	SAME("[%.*d]", 4, 42);
	SAME("[%-*.*d]", 8, 4, 42);

	/* A precision turns zero padding off, as in C. */
	char buf[32];
	raw(buf, sizeof buf, "[%08.3d]", 7);
	ck_assert_str_eq(buf, "[     007]");
}
END_TEST

START_TEST(test_strings_and_chars)
{
	SAME("%s", "hello");
	SAME("[%10s]", "right");
	SAME("[%-10s]", "left");
	SAME("[%.3s]", "truncated");
	SAME("[%8.3s]", "truncated");
	SAME("[%.*s]", 2, "abc");
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("[%3c]", 'x');
	SAME("[%-3c]", 'x');
	SAME("%s=%d", "key", 1);
}
END_TEST

START_TEST(test_pointer)
{
	char buf[64];
	ksnprintf(buf, sizeof buf, "%p", (void *)0xffffffff80100000ul);
	ck_assert_str_eq(buf, "0xffffffff80100000");
	ksnprintf(buf, sizeof buf, "%p", (void *)0);
	ck_assert_str_eq(buf, "0x0000000000000000");
	ksnprintf(buf, sizeof buf, "[%20p]", (void *)0x10);
	ck_assert_str_eq(buf, "[  0x0000000000000010]");
	ksnprintf(buf, sizeof buf, "[%-20p]", (void *)0x10);
	ck_assert_str_eq(buf, "[0x0000000000000010  ]");
}
END_TEST

START_TEST(test_null_string)
{
	char buf[32];
	raw(buf, sizeof buf, "%s", (const char *)NULL);
	ck_assert_str_eq(buf, "(null)");
}
END_TEST

START_TEST(test_truncation)
{
	char buf[8];
	memset(buf, 'X', sizeof buf);
	int n = ksnprintf(buf, 5, "%s", "abcdefgh");
	ck_assert_int_eq(n, 8);
	ck_assert_str_eq(buf, "abcd");
	ck_assert_int_eq(buf[5], 'X'); /* nothing past size is touched */

	n = ksnprintf(buf, 1, "%d", 12345);
	ck_assert_int_eq(n, 5);
	ck_assert_str_eq(buf, "");

	buf[0] = 'Y';
	n = ksnprintf(buf, 0, "%d", 12345);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(buf[0], 'Y');
}
END_TEST

START_TEST(test_unknown_conversion)
{
	char buf[32];
	/* An unknown conversion is printed as written, not skipped. */
	raw(buf, sizeof buf, "a%qb");
	ck_assert_str_eq(buf, "a%qb");
	raw(buf, sizeof buf, "end%");
	ck_assert_str_eq(buf, "end%");
}
END_TEST

static Suite *
printf_suite(void)
{
	Suite *s = suite_create("printf");
	TCase *tc = tcase_create("format");
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_signed);
	tcase_add_test(tc, test_unsigned);
	tcase_add_test(tc, test_flags_width_precision);
	tcase_add_test(tc, test_strings_and_chars);
	tcase_add_test(tc, test_pointer);
	tcase_add_test(tc, test_null_string);
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_unknown_conversion);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(printf_suite)
