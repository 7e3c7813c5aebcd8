## tests/mig/local.mk: the compiler's tests (see tests/mig/README.md).
##
## The scripts live in the source tree; each test program run-tests sees
## is a small wrapper generated here with the paths baked in, so it runs
## from the build directory with no arguments, in and out of tree.

MIG_TEST_ENV = top_srcdir='$(abs_top_srcdir)' \
	MIG='$(abs_top_srcdir)/mig/mig' MIGCOM='$(abs_top_builddir)/mig/migcom' \
	CC='$(CC)' CLANG='$(MIG_CLANG)' MIG_ORACLE_DIR='$(MIG_ORACLE_DIR)' \
	PYTHON3='$(PYTHON3)' MIG_ORACLE='$(MIG_ORACLE)'

## The oracle: Debian 13's GNU MIG and gnumach-dev, fetched with apt's
## download command and unpacked here (tools/fetch-mig-oracle), never
## installed into the system.
MIG_ORACLE_DIR = $(abs_top_builddir)/tests/mig/gnu
if MIG_ORACLE
MIG_ORACLE_STAMP = tests/mig/gnu/stamp
tests/mig/gnu/stamp: $(top_srcdir)/tools/fetch-mig-oracle
	$(AM_V_GEN)$(SHELL) $(top_srcdir)/tools/fetch-mig-oracle tests/mig/gnu
else
MIG_ORACLE_STAMP =
endif

include $(srcdir)/tests/mig/kobj.mk
MIG_CHECK_WRAPPERS = tests/mig/check-good-bad tests/mig/check-oracle \
	tests/mig/check-gnumach tests/mig/check-size
CHECK_TESTS += $(MIG_UNIT_TESTS) $(MIG_CHECK_WRAPPERS)
CLEANFILES += $(MIG_CHECK_WRAPPERS)

tests/mig/check-good-bad: $(top_srcdir)/tests/mig/good-bad.sh mig/migcom
	@$(MKDIR_P) tests/mig
	$(AM_V_GEN)printf '#!/bin/sh\nexec env %s %s "$$@"\n' \
		"$(MIG_TEST_ENV)" '$(SHELL) $(abs_top_srcdir)/tests/mig/good-bad.sh' > $@ && chmod +x $@

tests/mig/check-oracle: $(top_srcdir)/tests/mig/oracle.sh mig/migcom $(MIG_ORACLE_STAMP)
	@$(MKDIR_P) tests/mig
	$(AM_V_GEN)printf '#!/bin/sh\nexec env %s %s "$$@"\n' \
		"$(MIG_TEST_ENV)" '$(SHELL) $(abs_top_srcdir)/tests/mig/oracle.sh' > $@ && chmod +x $@

tests/mig/check-gnumach: $(top_srcdir)/tests/mig/gnumach.sh mig/migcom $(MIG_ORACLE_STAMP)
	@$(MKDIR_P) tests/mig
	$(AM_V_GEN)printf '#!/bin/sh\nexec env %s %s "$$@"\n' \
		"$(MIG_TEST_ENV)" '$(SHELL) $(abs_top_srcdir)/tests/mig/gnumach.sh' > $@ && chmod +x $@

tests/mig/check-size: $(top_srcdir)/tests/mig/size.sh $(top_srcdir)/tests/mig/size-limits \
		mig/migcom $(MIG_ORACLE_STAMP)
	@$(MKDIR_P) tests/mig
	$(AM_V_GEN)printf '#!/bin/sh\nexec env %s %s "$$@"\n' \
		"$(MIG_TEST_ENV)" '$(SHELL) $(abs_top_srcdir)/tests/mig/size.sh' > $@ && chmod +x $@

## Rewrite the expected outputs of tests/mig/good and tests/mig/bad
## from the current compiler (review the diff before committing).
update-mig-expected: tests/mig/check-good-bad
	UPDATE=1 ./tests/mig/check-good-bad

## Stage unit tests (check, under the sanitizers): one program per stage,
## as tests/unit/<dir>/check_<module>.c.
MIG_UNIT_TESTS = tests/unit/mig/check_lexer tests/unit/mig/check_parser \
	tests/unit/mig/check_sema tests/unit/mig/check_layout \
	tests/unit/mig/check_printer tests/unit/mig/check_migcom \
	tests/unit/mig/check_symtab tests/unit/mig/check_item
check_PROGRAMS += $(MIG_UNIT_TESTS)
MIG_UNIT_CPPFLAGS = -I$(top_srcdir) $(MIG_CPPFLAGS)
MIG_UNIT_LDADD = mig/libmig.a $(HOST_TEST_LDADD)
tests_unit_mig_check_lexer_SOURCES = tests/unit/mig/check_lexer.c tests/unit/unit.h
tests_unit_mig_check_lexer_CPPFLAGS = $(MIG_UNIT_CPPFLAGS)
tests_unit_mig_check_lexer_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_mig_check_lexer_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_mig_check_lexer_LDADD = $(MIG_UNIT_LDADD)
tests_unit_mig_check_parser_SOURCES = tests/unit/mig/check_parser.c tests/unit/unit.h tests/unit/mig/mig_test.h
tests_unit_mig_check_parser_CPPFLAGS = $(MIG_UNIT_CPPFLAGS)
tests_unit_mig_check_parser_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_mig_check_parser_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_mig_check_parser_LDADD = $(MIG_UNIT_LDADD)
tests_unit_mig_check_sema_SOURCES = tests/unit/mig/check_sema.c tests/unit/unit.h tests/unit/mig/mig_test.h
tests_unit_mig_check_sema_CPPFLAGS = $(MIG_UNIT_CPPFLAGS)
tests_unit_mig_check_sema_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_mig_check_sema_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_mig_check_sema_LDADD = $(MIG_UNIT_LDADD)
tests_unit_mig_check_layout_SOURCES = tests/unit/mig/check_layout.c tests/unit/unit.h tests/unit/mig/mig_test.h
tests_unit_mig_check_layout_CPPFLAGS = $(MIG_UNIT_CPPFLAGS)
tests_unit_mig_check_layout_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_mig_check_layout_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_mig_check_layout_LDADD = $(MIG_UNIT_LDADD)
tests_unit_mig_check_printer_SOURCES = tests/unit/mig/check_printer.c tests/unit/unit.h
tests_unit_mig_check_printer_CPPFLAGS = $(MIG_UNIT_CPPFLAGS)
tests_unit_mig_check_printer_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_mig_check_printer_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_mig_check_printer_LDADD = $(MIG_UNIT_LDADD)
tests_unit_mig_check_migcom_SOURCES = tests/unit/mig/check_migcom.c tests/unit/unit.h
tests_unit_mig_check_migcom_CPPFLAGS = $(MIG_UNIT_CPPFLAGS)
tests_unit_mig_check_migcom_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_mig_check_migcom_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_mig_check_migcom_LDADD = $(MIG_UNIT_LDADD)
tests_unit_mig_check_symtab_SOURCES = tests/unit/mig/check_symtab.c tests/unit/unit.h
tests_unit_mig_check_symtab_CPPFLAGS = $(MIG_UNIT_CPPFLAGS)
tests_unit_mig_check_symtab_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_mig_check_symtab_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_mig_check_symtab_LDADD = $(MIG_UNIT_LDADD)
tests_unit_mig_check_item_SOURCES = tests/unit/mig/check_item.c tests/unit/unit.h tests/unit/mig/mig_test.h
tests_unit_mig_check_item_CPPFLAGS = $(MIG_UNIT_CPPFLAGS)
tests_unit_mig_check_item_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_mig_check_item_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_mig_check_item_LDADD = $(MIG_UNIT_LDADD)

EXTRA_DIST += tests/mig/README.md tests/mig/good-bad.sh tests/mig/oracle.sh \
	tests/mig/gnumach.sh \
	tests/mig/oracle.py tests/mig/good tests/mig/bad tests/mig/i386
.PHONY: update-mig-expected

## libFuzzer target over the compiler, built with clang (when found) from
## the sources directly; corpus seeds are the good and bad .defs.
MIG_FUZZ_SRCS = $(top_srcdir)/tests/mig/fuzz_migcom.c mig/parser.c mig/lexer.c \
	$(top_srcdir)/mig/ast.c $(top_srcdir)/mig/diag.c $(top_srcdir)/mig/symtab.c \
	$(top_srcdir)/mig/sema.c \
	$(top_srcdir)/mig/target.c $(top_srcdir)/mig/layout.c \
	$(top_srcdir)/mig/item.c \
	$(top_srcdir)/mig/printer.c $(top_srcdir)/mig/emit_common.c \
	$(top_srcdir)/mig/emit_user.c $(top_srcdir)/mig/emit_server.c \
	$(top_srcdir)/mig/emit_header.c $(top_srcdir)/mig/output.c \
	$(top_srcdir)/mig/migcom.c
tests/mig/fuzz_migcom: $(MIG_FUZZ_SRCS) mig/parser.h
	@test -n "$(MIG_CLANG)" || { echo "clang is needed for the fuzz target"; exit 1; }
	$(AM_V_CCLD)srcs=; for f in $(MIG_FUZZ_SRCS); do \
		test -f $$f || f=$(srcdir)/$$f; srcs="$$srcs $$f"; done; \
	$(MIG_CLANG) -g -O1 -fsanitize=fuzzer,address,undefined \
		-I$(top_srcdir)/mig -Imig -o $@ $$srcs
CLEANFILES += tests/mig/fuzz_migcom

## The generated server stubs, fuzzed as a server would meet requests;
## seeds are the requests the generated user stubs build.
tests/mig/fuzz_stubs: $(top_srcdir)/tests/mig/fuzz_stubs.c tests/mig/rt/stamp
	@test -n "$(MIG_CLANG)" || { echo "clang is needed for the fuzz target"; exit 1; }
	$(AM_V_CCLD)$(MIG_CLANG) -g -O1 -fsanitize=fuzzer,address,undefined \
		-I$(top_srcdir)/include -Itests/mig/rt -I$(top_srcdir)/tests/mig/roundtrip \
		-o $@ $(top_srcdir)/tests/mig/fuzz_stubs.c tests/mig/rt/rtServer.c
CLEANFILES += tests/mig/fuzz_stubs

## The generated user stubs, fuzzed with hostile replies.
tests/mig/fuzz_replies: $(top_srcdir)/tests/mig/fuzz_replies.c \
		$(top_srcdir)/tests/mig/fake_reply_ports.c tests/mig/rt/stamp
	@test -n "$(MIG_CLANG)" || { echo "clang is needed for the fuzz target"; exit 1; }
	$(AM_V_CCLD)$(MIG_CLANG) -g -O1 -fsanitize=fuzzer,address,undefined \
		-I$(top_srcdir)/include -Itests/mig/rt -I$(top_srcdir)/tests/mig/roundtrip \
		-o $@ $(top_srcdir)/tests/mig/fuzz_replies.c \
		$(top_srcdir)/tests/mig/fake_reply_ports.c tests/mig/rt/rtUser.c
CLEANFILES += tests/mig/fuzz_replies tests/mig/fuzz-replies.log

check_PROGRAMS += tests/mig/fuzz_seeds
tests_mig_fuzz_seeds_SOURCES = tests/mig/fuzz_seeds.c \
	tests/mig/fake_reply_ports.c
nodist_tests_mig_fuzz_seeds_SOURCES = tests/mig/rt/rtUser.c
tests_mig_fuzz_seeds_CPPFLAGS = -I$(top_srcdir)/include -Itests/mig/rt \
	-I$(top_srcdir)/tests/mig/roundtrip
tests_mig_fuzz_seeds_CFLAGS = $(WARN_CFLAGS)
tests/mig/fuzz_seeds-fuzz_seeds.$(OBJEXT): tests/mig/rt/stamp

MIG_FUZZ_SECONDS = 60
if MIG_HAVE_CLANG
tests/mig/check-fuzz: tests/mig/fuzz_migcom tests/mig/fuzz_stubs tests/mig/fuzz_replies \
		tests/mig/fuzz_seeds $(top_srcdir)/tests/mig/fuzz.sh
	@$(MKDIR_P) tests/mig
	$(AM_V_GEN)printf '#!/bin/sh\nexec env top_srcdir=%s MIG_FUZZ_SECONDS=$${MIG_FUZZ_SECONDS:-%s} %s "$$@"\n' \
		'$(abs_top_srcdir)' '$(MIG_FUZZ_SECONDS)' \
		'$(SHELL) $(abs_top_srcdir)/tests/mig/fuzz.sh' > $@ && chmod +x $@
else
tests/mig/check-fuzz:
	@$(MKDIR_P) tests/mig
	$(AM_V_GEN)printf '#!/bin/sh\necho 1..3\necho "ok 1 - fuzzing migcom \# SKIP clang (libFuzzer) not found by configure"\necho "ok 2 - fuzzing server stubs \# SKIP clang (libFuzzer) not found by configure"\necho "ok 3 - fuzzing user stubs \# SKIP clang (libFuzzer) not found by configure"\n' > $@ && chmod +x $@
endif
CLEANFILES += tests/mig/check-fuzz tests/mig/fuzz.log tests/mig/fuzz-stubs.log
CHECK_TESTS += tests/mig/check-fuzz

## A longer run: make fuzz-mig MIG_FUZZ_SECONDS=3600
fuzz-mig: tests/mig/check-fuzz
	MIG_FUZZ_SECONDS=$(MIG_FUZZ_SECONDS) ./tests/mig/check-fuzz

## Wall time of our mig against GNU MIG on the largest interfaces.
bench-mig: mig/migcom $(MIG_ORACLE_STAMP)
	@MIGCOM=$(abs_top_builddir)/mig/migcom MIG_ORACLE_DIR='$(MIG_ORACLE_DIR)' \
		$(SHELL) $(top_srcdir)/tests/mig/bench.sh
## How name look-up scales: N types and N routines (N=20000 by default).
bench-mig-lookup: mig/migcom $(MIG_ORACLE_STAMP)
	@MIGCOM=$(abs_top_builddir)/mig/migcom \
		GNU_MIG='$(MIG_ORACLE_DIR)/root/usr/bin/x86_64-gnu-mig' \
		$(SHELL) $(top_srcdir)/tests/mig/bench-lookup.sh
.PHONY: fuzz-mig bench-mig bench-mig-lookup
EXTRA_DIST += tests/mig/fuzz_migcom.c tests/mig/fuzz_stubs.c \
	tests/mig/fuzz_replies.c tests/mig/bench.sh tests/mig/bench-lookup.sh \
	tests/mig/size.sh tests/mig/size-limits \
	tests/mig/fuzz.sh \
	interfaces/mach/std_types.defs interfaces/mach/mach_types.defs

## Round trips: stubs generated from roundtrip/rt.defs by the mig under
## test, linked with a loopback mach_msg (roundtrip.c).
check_PROGRAMS += tests/mig/check_roundtrip
CHECK_TESTS += tests/mig/check_roundtrip
MIG_RT_GEN = tests/mig/rt/rtUser.c tests/mig/rt/rtServer.c \
	tests/mig/rt/rt.h tests/mig/rt/rtServer.h
tests_mig_check_roundtrip_SOURCES = tests/mig/roundtrip.c \
	tests/mig/roundtrip/rt_types.h tests/unit/unit.h
nodist_tests_mig_check_roundtrip_SOURCES = $(MIG_RT_GEN)
## Our include/ first: GNU Mach's headers must never stand in for ours.
tests_mig_check_roundtrip_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir) \
	-Itests/mig/rt -I$(top_srcdir)/tests/mig/roundtrip
tests_mig_check_roundtrip_CFLAGS = $(HOST_TEST_CFLAGS)
tests_mig_check_roundtrip_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_mig_check_roundtrip_LDADD = $(HOST_TEST_LDADD)
CLEANFILES += $(MIG_RT_GEN) tests/mig/rt/stamp
EXTRA_DIST += tests/mig/roundtrip/rt.defs

tests/mig/rt/stamp: $(top_srcdir)/tests/mig/roundtrip/rt.defs \
		$(top_srcdir)/interfaces/mach/std_types.defs mig/migcom $(top_srcdir)/mig/mig
	@$(MKDIR_P) tests/mig/rt
	$(AM_V_GEN)MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) $(top_srcdir)/mig/mig \
		-I$(top_srcdir)/interfaces -user tests/mig/rt/rtUser.c \
		-server tests/mig/rt/rtServer.c -header tests/mig/rt/rt.h \
		-sheader tests/mig/rt/rtServer.h $(top_srcdir)/tests/mig/roundtrip/rt.defs && touch $@
$(MIG_RT_GEN): tests/mig/rt/stamp
tests/mig/check_roundtrip-roundtrip.$(OBJEXT): tests/mig/rt/stamp

## A KernelServer stub (good/kernel.defs) on the host against a
## stand-in kernel: which rights of a request the stub releases.
check_PROGRAMS += tests/mig/check_kernel_server
CHECK_TESTS += tests/mig/check_kernel_server
MIG_KS_GEN = tests/mig/ks/kernelServer.c tests/mig/ks/kernelServer.h
tests_mig_check_kernel_server_SOURCES = tests/mig/kernel_server.c tests/unit/unit.h
nodist_tests_mig_check_kernel_server_SOURCES = tests/mig/ks/kernelServer.c
tests_mig_check_kernel_server_CPPFLAGS = -DKERNEL -I$(top_srcdir)/include \
	-I$(top_srcdir) -Itests/mig/ks -I$(top_srcdir)/tests/mig/good
tests_mig_check_kernel_server_CFLAGS = $(HOST_TEST_CFLAGS)
tests_mig_check_kernel_server_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_mig_check_kernel_server_LDADD = $(HOST_TEST_LDADD)
CLEANFILES += $(MIG_KS_GEN) tests/mig/ks/stamp
tests/mig/ks/stamp: $(top_srcdir)/tests/mig/good/kernel.defs \
		$(top_srcdir)/interfaces/mach/std_types.defs mig/migcom $(top_srcdir)/mig/mig
	@$(MKDIR_P) tests/mig/ks
	$(AM_V_GEN)MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) $(top_srcdir)/mig/mig \
		-I$(top_srcdir)/interfaces -user /dev/null -header /dev/null \
		-server tests/mig/ks/kernelServer.c -sheader tests/mig/ks/kernelServer.h \
		$(top_srcdir)/tests/mig/good/kernel.defs && touch $@
$(MIG_KS_GEN): tests/mig/ks/stamp
tests/mig/check_kernel_server-kernel_server.$(OBJEXT): tests/mig/ks/stamp
