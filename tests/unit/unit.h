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

/*
 * check's per-test timeout is there to catch a hang, so it is generous:
 * its default of 4 s of wall-clock time fails the CPU-bound stress
 * tests under ASan on a loaded machine.  CK_DEFAULT_TIMEOUT set in the
 * environment still wins.
 */
#define UNIT_TIMEOUT_SECONDS "60"

static inline int
unit_run(Suite *(*const suites[])(void), int nsuites)
{
	setenv("CK_DEFAULT_TIMEOUT", UNIT_TIMEOUT_SECONDS, 0);
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
