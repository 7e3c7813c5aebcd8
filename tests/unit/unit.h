/*
 * unit.h: the one main every host unit-test program shares.
 *
 * A test program defines its suites and ends with
 *
 *	UNIT_MAIN(printf_suite, cmdline_suite)
 *
 * which runs them and writes TAP on standard output (one "ok N - ..." or
 * "not ok N - ..." line per test function) for tests/run-tests to count.
 */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <check.h>
#include <stdlib.h>

static inline int
unit_run(Suite *(*const suites[])(void), int nsuites)
{
	SRunner *sr = srunner_create(NULL);
	for (int i = 0; i < nsuites; i++)
		srunner_add_suite(sr, suites[i]());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#define UNIT_MAIN(...)                                                         \
	int main(void)                                                         \
	{                                                                      \
		Suite *(*const suites[])(void) = { __VA_ARGS__ };              \
		return unit_run(suites, sizeof suites / sizeof suites[0]);     \
	}

#endif
