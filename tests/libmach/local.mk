## tests/libmach/local.mk: libmach's tests.
##
## Host unit tests (tests/unit/libmach/, check, under the sanitizers):
## libmach's sources built for the host over a stand-in kernel
## (standin.c records each call libmach makes of the kernel).

LIBMACH_UNIT_TESTS = tests/unit/libmach/check_mach_error \
	tests/unit/libmach/check_mach_msg_destroy \
	tests/unit/libmach/check_mig_support \
	tests/unit/libmach/check_emul_plan \
	tests/unit/libmach/check_cthread_sync
check_PROGRAMS += $(LIBMACH_UNIT_TESTS)
CHECK_TESTS += $(LIBMACH_UNIT_TESTS)
LIBMACH_UNIT_CPPFLAGS = -I$(top_srcdir) -I$(top_srcdir)/libmach/include \
	-Ilibmach/include -I$(top_srcdir)/include
LIBMACH_UNIT_SOURCES = tests/unit/libmach/standin.c \
	tests/unit/libmach/standin.h tests/unit/unit.h

tests_unit_libmach_check_mach_error_SOURCES = \
	tests/unit/libmach/check_mach_error.c libmach/mach_error.c \
	$(LIBMACH_UNIT_SOURCES)
tests_unit_libmach_check_mach_error_CPPFLAGS = $(LIBMACH_UNIT_CPPFLAGS)
tests_unit_libmach_check_mach_error_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_libmach_check_mach_error_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_libmach_check_mach_error_LDADD = $(HOST_TEST_LDADD)

tests_unit_libmach_check_mach_msg_destroy_SOURCES = \
	tests/unit/libmach/check_mach_msg_destroy.c \
	libmach/mach_msg_destroy.c $(LIBMACH_UNIT_SOURCES)
tests_unit_libmach_check_mach_msg_destroy_CPPFLAGS = $(LIBMACH_UNIT_CPPFLAGS)
tests_unit_libmach_check_mach_msg_destroy_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_libmach_check_mach_msg_destroy_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_libmach_check_mach_msg_destroy_LDADD = $(HOST_TEST_LDADD)

tests_unit_libmach_check_mig_support_SOURCES = \
	tests/unit/libmach/check_mig_support.c libmach/mig_support.c \
	$(LIBMACH_UNIT_SOURCES)
tests_unit_libmach_check_mig_support_CPPFLAGS = $(LIBMACH_UNIT_CPPFLAGS)
tests_unit_libmach_check_mig_support_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_libmach_check_mig_support_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_libmach_check_mig_support_LDADD = $(HOST_TEST_LDADD)

tests_unit_libmach_check_emul_plan_SOURCES = \
	tests/unit/libmach/check_emul_plan.c libmach/emul_plan.c \
	libmach/emul.h tests/unit/unit.h
tests_unit_libmach_check_emul_plan_CPPFLAGS = $(LIBMACH_UNIT_CPPFLAGS)
tests_unit_libmach_check_emul_plan_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_libmach_check_emul_plan_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_libmach_check_emul_plan_LDADD = $(HOST_TEST_LDADD)

tests_unit_libmach_check_cthread_sync_SOURCES = \
	tests/unit/libmach/check_cthread_sync.c libmach/cthread_sync.c \
	$(LIBMACH_UNIT_SOURCES)
tests_unit_libmach_check_cthread_sync_CPPFLAGS = $(LIBMACH_UNIT_CPPFLAGS)
tests_unit_libmach_check_cthread_sync_CFLAGS = $(HOST_TEST_CFLAGS) -pthread
tests_unit_libmach_check_cthread_sync_LDFLAGS = $(HOST_TEST_LINKFLAGS) \
	-pthread
tests_unit_libmach_check_cthread_sync_LDADD = $(HOST_TEST_LDADD)

## The boot test: sdk_hello (built against the installed SDK, below)
## and libmach_boot, a program built as any program for this
## system (musl-gcc -static, libmach's crt0.o and libmach.a), serving
## itself lmtest.defs through stubs our mig generates here; booted as a
## module (libmach.iso), waited for by the KTEST gnu_conformance (the
## task must end by task_terminate, its memory come back) and read for
## "libmach: N checks, 0 failed".

LMTEST_GEN = tests/libmach/gen/lmtestServer.c \
	tests/libmach/gen/lmtest_replyServer.c \
	tests/libmach/gen/lmtest_requestUser.c
tests/libmach/gen/stamp: mig/migcom $(top_srcdir)/mig/mig \
		$(top_srcdir)/tests/libmach/lmtest.defs \
		$(top_srcdir)/tests/libmach/lmtest_request.defs \
		$(top_srcdir)/tests/libmach/lmtest_reply.defs
	@$(MKDIR_P) tests/libmach/gen
	$(AM_V_GEN)for i in lmtest lmtest_reply lmtest_request; do \
		MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) $(top_srcdir)/mig/mig \
		-I$(top_srcdir)/interfaces -user tests/libmach/gen/$${i}User.c \
		-header tests/libmach/gen/$$i.h \
		-server tests/libmach/gen/$${i}Server.c \
		-sheader tests/libmach/gen/$${i}Server.h \
		$(top_srcdir)/tests/libmach/$$i.defs || exit 1; done && touch $@
$(LMTEST_GEN): tests/libmach/gen/stamp

LMTEST_OBJS = $(LMTEST_GEN:.c=.o)
$(LMTEST_OBJS): %.o: tests/libmach/gen/stamp libmach/gen/stamp
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -iquote tests/libmach/gen \
		$(LIBMACH_STUB_CFLAGS) -c -o $@ $*.c
tests/libmach/libmach_boot.o: $(top_srcdir)/tests/libmach/libmach_boot.c \
		tests/libmach/gen/stamp libmach/gen/stamp \
		$(LIBMACH_H_FILES:%=$(top_srcdir)/%)
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -Itests/libmach/gen \
		-std=gnu11 -O2 -g -fstack-protector-all $(WARN_CFLAGS) \
		-c -o $@ $<
tests/libmach/libmach_boot: tests/libmach/libmach_boot.o $(LMTEST_OBJS) \
		libmach/crt0.o libmach/libmach.a
	$(AM_V_CCLD)$(LIBMACH_LINK) -o $@ libmach/crt0.o \
		tests/libmach/libmach_boot.o $(LMTEST_OBJS) libmach/libmach.a

## emul_hello: a plain C program (no Mach in it) linked with libmach,
## whose system calls libmach's emulation serves.
tests/libmach/emul_hello: $(top_srcdir)/tests/libmach/emul_hello.c \
		libmach/crt0.o libmach/libmach.a
	@$(MKDIR_P) tests/libmach
	$(AM_V_CCLD)$(LIBMACH_LINK) -std=gnu11 -O2 -g $(WARN_CFLAGS) \
		-o $@ libmach/crt0.o $< libmach/libmach.a

## emul_bench: the benchmark emul_getpid_round_trip's program
## (tests/bench/bench_user.c; booted by tests/bench/bench.iso).
tests/libmach/emul_bench: $(top_srcdir)/tests/libmach/emul_bench.c \
		libmach/crt0.o libmach/libmach.a
	@$(MKDIR_P) tests/libmach
	$(AM_V_CCLD)$(LIBMACH_LINK) -std=gnu11 -O2 -g $(WARN_CFLAGS) \
		-o $@ libmach/crt0.o $< libmach/libmach.a

## cthreads_boot: libmach's C threads (cthreads.h), built the same way
## and booted in the same image, read for "cthreads: N checks, 0 failed".
tests/libmach/cthreads_boot.o: $(top_srcdir)/tests/libmach/cthreads_boot.c \
		libmach/gen/stamp $(LIBMACH_H_FILES:%=$(top_srcdir)/%)
	@$(MKDIR_P) tests/libmach
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -std=gnu11 -O2 -g \
		-fstack-protector-all $(WARN_CFLAGS) -c -o $@ $<
tests/libmach/cthreads_boot: tests/libmach/cthreads_boot.o \
		libmach/crt0.o libmach/libmach.a
	$(AM_V_CCLD)$(LIBMACH_LINK) -o $@ libmach/crt0.o \
		tests/libmach/cthreads_boot.o libmach/libmach.a

## The SDK as installed: `make install-data' (the headers and the
## library; the programs are the install-exec half) into a DESTDIR in
## the build tree, checked to hold every ABI header of include/mach,
## and sdk_hello built from that copy alone.
LIBMACH_SDK = $(abs_builddir)/tests/libmach/sdk
tests/libmach/sdk/stamp: libmach/libmach.a libmach/crt0.o libmach/gen/stamp \
		$(LIBMACH_H_FILES:%=$(top_srcdir)/%) $(LIBMACH_ABI_DEPS)
	@rm -rf tests/libmach/sdk
	$(AM_V_GEN)$(MAKE) $(AM_MAKEFLAGS) install-data \
		DESTDIR=$(LIBMACH_SDK) > /dev/null
	@for h in $(LIBMACH_ABI_DEPS); do \
		i=$(LIBMACH_SDK)$(includedir)/mach/$${h#$(top_srcdir)/include/mach/}; \
		test -f "$$i" || { echo "make install left out $$h" >&2; \
		exit 1; }; done
	@touch $@
tests/libmach/sdk_hello: $(top_srcdir)/tests/libmach/sdk_hello.c \
		tests/libmach/sdk/stamp
	$(AM_V_CCLD)$(LIBMACH_LINK) -I$(LIBMACH_SDK)$(includedir) -std=gnu11 \
		-O2 $(WARN_CFLAGS) -o $@ $(LIBMACH_SDK)$(libdir)/mach/crt0.o \
		$< $(LIBMACH_SDK)$(libdir)/mach/libmach.a

tests/libmach/libmach.iso: kernel/mach tests/libmach/libmach_boot \
		tests/libmach/sdk_hello tests/libmach/emul_hello \
		tests/libmach/cthreads_boot \
		$(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach \
		-c "test=gnu_conformance conformance.refused=0" \
		-m tests/libmach/libmach_boot "libmach_boot one two" \
		-m tests/libmach/sdk_hello "sdk_hello" \
		-m tests/libmach/emul_hello "emul_hello" \
		-m tests/libmach/cthreads_boot "cthreads_boot"

tests/libmach/boot-libmach: tests/libmach/libmach.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" %s tests/libmach/libmach.iso tests/logs/libmach/libmach.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text '^libmach: [0-9]+ checks, 0 failed$$' \
		 --expect-text '^libmach: exit handlers ran$$' \
		 --expect-text '^libmach-sdk: [0-9]+ checks, 0 failed$$' \
		 --expect-text '^emul: [0-9]+ checks, 0 failed$$' \
		 --expect-text '^emul: exit handlers ran$$' \
		 --expect-text '^emul_hello: exit status 3$$' \
		 --expect-text '^cthreads: [0-9]+ checks, 0 failed$$'" \
		> $@ && chmod +x $@

CHECK_TESTS += tests/libmach/boot-libmach
CLEANFILES += tests/libmach/boot-libmach tests/libmach/libmach.iso \
	tests/libmach/libmach_boot tests/libmach/sdk_hello \
	tests/libmach/emul_hello tests/libmach/emul_bench \
	tests/libmach/cthreads_boot tests/libmach/*.o \
	tests/libmach/gen/*
EXTRA_DIST += tests/libmach/libmach_boot.c tests/libmach/sdk_hello.c \
	tests/libmach/emul_hello.c tests/libmach/emul_bench.c \
	tests/libmach/cthreads_boot.c \
	tests/libmach/lmtest.defs \
	tests/libmach/lmtest_request.defs tests/libmach/lmtest_reply.defs

## Each hand-written header compiles alone (tests/style/check-headers).
HOST_HEADER_FILES += libmach/include/mach_init.h \
	libmach/include/mach_error.h libmach/include/mach/mach_traps.h \
	tests/unit/libmach/standin.h libmach/emul.h \
	libmach/include/cthreads.h
