## tests/servers/local.mk: the servers' boot test.  The boot script
## starts servers/bootstrap with the privileged ports and the task
## ports of the other modules, which it makes suspended; the bootstrap
## server resumes them with their bootstrap port.  The KTEST
## boot_servers (tests/qemu/test_servers.c) waits for the clients named
## by servers.wait=, then ends the servers and checks that memory,
## ports and copies came back; the boot test reads what each program
## printed and bootstrap's console lines.  Three of bootstrap's
## arguments are bad: one without '=', a name that is no port of its,
## a task already started (its task_resume fails).

SERVERS_TEST_PROGS = ns_test ns_peer
$(SERVERS_TEST_PROGS:%=tests/servers/%.o): tests/servers/%.o: \
		$(top_srcdir)/tests/servers/%.c \
		$(top_srcdir)/tests/servers/ns_check.h \
		libmach/gen/stamp libmach/gen/name-stamp
	@$(MKDIR_P) tests/servers
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) $(SERVER_CFLAGS) \
		$(WARN_CFLAGS) -c -o $@ $<
$(SERVERS_TEST_PROGS:%=tests/servers/%): tests/servers/%: \
		tests/servers/%.o libmach/crt0.o libmach/libmach.a
	$(AM_V_CCLD)$(LIBMACH_LINK) -o $@ libmach/crt0.o $< \
		libmach/libmach.a

tests/servers/servers.iso: kernel/mach servers/bootstrap/bootstrap \
		$(SERVERS_TEST_PROGS:%=tests/servers/%) $(top_srcdir)/tools/mkiso \
		Makefile
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach \
		-c "test=boot_servers servers.wait=ns_test,ns_peer" \
		-m servers/bootstrap/bootstrap \
		'bootstrap $${host-port} $${device-port} ns_test=$${nstest} ns_peer=$${nspeer} noequals bogus=12345 twice=$${nstest}' \
		-m tests/servers/ns_test 'ns_test $$(nstest=task-create)' \
		-m tests/servers/ns_peer 'ns_peer $$(nspeer=task-create)'

tests/servers/boot-servers: tests/servers/servers.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" %s tests/servers/servers.iso tests/logs/servers/servers.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text '^bootstrap: name service up, 5 modules to start$$' \
		 --expect-text \"^bootstrap: argument 'noequals' is not NAME=TASK-PORT; ignored$$\" \
		 --expect-text '^bootstrap: bogus not started: .ipc/send. invalid destination port$$' \
		 --expect-text '^bootstrap: twice not started: .os/kern. failure$$' \
		 --expect-text '^bootstrap: started ns_test$$' \
		 --expect-text '^bootstrap: started ns_peer$$' \
		 --expect-text '^ns-test: [0-9]+ checks, 0 failed$$' \
		 --expect-text '^ns-peer: [0-9]+ checks, 0 failed$$' \
		 --expect-text '^bootstrap: ns_peer ended; not restarted$$' \
		 --expect-text '^bootstrap: ns_test ended; not restarted$$'" \
		> $@ && chmod +x $@

CHECK_TESTS += tests/servers/boot-servers
CLEANFILES += tests/servers/boot-servers tests/servers/servers.iso \
	$(SERVERS_TEST_PROGS:%=tests/servers/%) tests/servers/*.o
EXTRA_DIST += tests/servers/ns_check.h \
	$(SERVERS_TEST_PROGS:%=tests/servers/%.c)
HOST_HEADER_FILES += interfaces/servers/name_types.h

## The servers' benchmarks (sv_bench.c): a null RPC through a port the
## name service found, between two libmach tasks (examples/hello's
## server), and task start-up to main; booted deterministic (-icount)
## by boot-test, so the "bench NAME: N instructions/op" lines repeat.
## In make check as a smoke test (the lines must be there); `make
## bench-servers' prints them.
tests/servers/sv_bench.o: $(top_srcdir)/tests/servers/sv_bench.c \
		$(top_srcdir)/tests/servers/ns_check.h \
		$(top_srcdir)/tests/servers/sv_bench.h examples/hello/gen/stamp \
		libmach/gen/stamp libmach/gen/name-stamp
	@$(MKDIR_P) tests/servers
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -I$(top_srcdir)/examples/hello \
		-Iexamples/hello/gen $(SERVER_CFLAGS) $(WARN_CFLAGS) \
		-Wno-stringop-truncation -c -o $@ $<
tests/servers/sv_bench: tests/servers/sv_bench.o examples/hello/gen/stamp \
		libmach/crt0.o libmach/libmach.a
	$(AM_V_CCLD)$(LIBMACH_LINK) $(LIBMACH_CPPFLAGS) \
		-I$(top_srcdir)/examples/hello -Iexamples/hello/gen \
		-Wno-stringop-truncation -o $@ libmach/crt0.o $< \
		examples/hello/gen/helloUser.c libmach/libmach.a
tests/servers/bench.iso: kernel/mach servers/bootstrap/bootstrap \
		examples/hello/hello_server tests/servers/sv_bench \
		$(top_srcdir)/tools/mkiso $(top_srcdir)/tools/mach-mkimage.in
	$(AM_V_GEN)$(MACH_MKIMAGE_TREE) -o $@ \
		-c "test=boot_servers servers.wait=sv_bench" \
		examples/hello/hello_server tests/servers/sv_bench
SV_BENCH_RE = instructions/op$$
tests/servers/bench-servers: tests/servers/bench.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" %s tests/servers/bench.iso tests/logs/servers/bench.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text '^bench name_service_null_rpc: [0-9]+\.[0-9] $(SV_BENCH_RE)' \
		 --expect-text '^bench task_start_to_main: [0-9]+\.[0-9] $(SV_BENCH_RE)' \
		 --expect-text '^sv-bench: [0-9]+ checks, 0 failed$$'" \
		> $@ && chmod +x $@
CHECK_TESTS += tests/servers/bench-servers
bench-servers: tests/servers/bench-servers
	@tests/servers/bench-servers > /dev/null; \
	echo "bench: $$($(QEMU) --version | head -n 1), -cpu qemu64, -icount shift=0"; \
	grep '^bench ' tests/logs/servers/bench.serial
.PHONY: bench-servers
CLEANFILES += tests/servers/sv_bench tests/servers/bench.iso \
	tests/servers/bench-servers
EXTRA_DIST += tests/servers/sv_bench.c

## Host unit test (check, under the sanitizers): servers/bootstrap's
## names.c over stand-ins of the calls it makes.
tests_unit_servers_check_names_SOURCES = tests/unit/servers/check_names.c \
	servers/bootstrap/names.c tests/unit/unit.h
tests_unit_servers_check_names_CPPFLAGS = $(LIBMACH_UNIT_CPPFLAGS) \
	-I$(top_srcdir)/interfaces -I$(top_srcdir)/servers/bootstrap \
	-Iservers/bootstrap/gen
tests_unit_servers_check_names_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_servers_check_names_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_servers_check_names_LDADD = $(HOST_TEST_LDADD)
$(tests_unit_servers_check_names_OBJECTS): servers/bootstrap/gen/stamp \
	libmach/gen/stamp
check_PROGRAMS += tests/unit/servers/check_names
CHECK_TESTS += tests/unit/servers/check_names
