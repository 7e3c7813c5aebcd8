## tests/mig/local.mk: the compiler's tests (see tests/mig/README.md).
##
## The scripts live in the source tree; each test program run-tests sees
## is a small wrapper generated here with the paths baked in, so it runs
## from the build directory with no arguments, in and out of tree.

MIG_TEST_ENV = top_srcdir='$(abs_top_srcdir)' \
	MIG='$(abs_top_srcdir)/mig/mig' MIGCOM='$(abs_top_builddir)/mig/migcom' \
	CC='$(CC)' CLANG='$(MIG_CLANG)' GNU_MIG='$(GNU_MIG)' \
	PYTHON3='$(PYTHON3)' MIG_ORACLE='$(MIG_ORACLE)'

MIG_CHECK_WRAPPERS = tests/mig/check-good-bad tests/mig/check-oracle
CHECK_TESTS += $(MIG_CHECK_WRAPPERS) tests/unit/mig/check_mig
CLEANFILES += $(MIG_CHECK_WRAPPERS)

tests/mig/check-good-bad: $(top_srcdir)/tests/mig/good-bad.sh mig/migcom
	@$(MKDIR_P) tests/mig
	$(AM_V_GEN)printf '#!/bin/sh\nexec env %s %s "$$@"\n' \
		"$(MIG_TEST_ENV)" '$(SHELL) $(abs_top_srcdir)/tests/mig/good-bad.sh' > $@ && chmod +x $@

tests/mig/check-oracle: $(top_srcdir)/tests/mig/oracle.sh mig/migcom
	@$(MKDIR_P) tests/mig
	$(AM_V_GEN)printf '#!/bin/sh\nexec env %s %s "$$@"\n' \
		"$(MIG_TEST_ENV)" '$(SHELL) $(abs_top_srcdir)/tests/mig/oracle.sh' > $@ && chmod +x $@

## Rewrite the expected outputs of tests/mig/good and tests/mig/bad
## from the current compiler (review the diff before committing).
update-mig-expected: tests/mig/check-good-bad
	UPDATE=1 ./tests/mig/check-good-bad

## Stage unit tests (check, under the sanitizers).
check_PROGRAMS += tests/unit/mig/check_mig
tests_unit_mig_check_mig_SOURCES = tests/unit/mig/check_mig.c tests/unit/unit.h
tests_unit_mig_check_mig_CPPFLAGS = -I$(top_srcdir) $(MIG_CPPFLAGS)
tests_unit_mig_check_mig_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_mig_check_mig_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_mig_check_mig_LDADD = mig/libmig.a $(HOST_TEST_LDADD)

EXTRA_DIST += tests/mig/README.md tests/mig/good-bad.sh tests/mig/oracle.sh \
	tests/mig/oracle.py tests/mig/good tests/mig/bad
.PHONY: update-mig-expected
