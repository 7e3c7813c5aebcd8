## examples/local.mk: the examples, built in the tree as their own
## Makefiles build them from the installed SDK (examples/*/Makefile):
## our mig on their .defs, musl-gcc -static with libmach; and booted
## together with the bootstrap server by mach-mkimage in `make check'.

## mach-mkimage from the source tree: this tree's kernel, bootstrap
## server and mkiso.
MACH_MKIMAGE_TREE = MACH_KERNEL=kernel/mach \
	MACH_BOOTSTRAP=servers/bootstrap/bootstrap \
	MACH_DEFAULT_PAGER=servers/default_pager/default_pager \
	MACH_MKISO=$(top_srcdir)/tools/mkiso GRUB_MKRESCUE=$(GRUB_MKRESCUE) \
	$(SHELL) $(top_srcdir)/tools/mach-mkimage.in

## ---- hello ----
examples/hello/gen/stamp: mig/migcom $(top_srcdir)/mig/mig \
		$(top_srcdir)/examples/hello/hello.defs \
		$(top_srcdir)/interfaces/mach/std_types.defs
	@$(MKDIR_P) examples/hello/gen
	$(AM_V_GEN)MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) \
		$(top_srcdir)/mig/mig -I$(top_srcdir)/interfaces \
		-user examples/hello/gen/helloUser.c \
		-header examples/hello/gen/hello.h \
		-server examples/hello/gen/helloServer.c \
		-sheader examples/hello/gen/helloServer.h \
		$(top_srcdir)/examples/hello/hello.defs && touch $@
examples/hello/gen/helloUser.c examples/hello/gen/helloServer.c: \
		examples/hello/gen/stamp

EXAMPLE_CPPFLAGS = $(LIBMACH_CPPFLAGS)
## mig copies bounded strings with strncpy of the bound (its NUL apart).
EXAMPLE_CFLAGS = -std=gnu11 -O2 $(WARN_CFLAGS) -Wno-stringop-truncation
HELLO_DEPS = examples/hello/gen/stamp libmach/gen/stamp \
	libmach/gen/name-stamp $(top_srcdir)/examples/hello/hello_types.h \
	libmach/crt0.o libmach/libmach.a
examples/hello/hello_server: $(top_srcdir)/examples/hello/hello_server.c \
		$(HELLO_DEPS)
	$(AM_V_CCLD)$(LIBMACH_LINK) $(EXAMPLE_CPPFLAGS) \
		-I$(top_srcdir)/examples/hello -Iexamples/hello/gen \
		$(EXAMPLE_CFLAGS) -o $@ libmach/crt0.o $< \
		examples/hello/gen/helloServer.c libmach/libmach.a
examples/hello/hello_client: $(top_srcdir)/examples/hello/hello_client.c \
		$(HELLO_DEPS)
	$(AM_V_CCLD)$(LIBMACH_LINK) $(EXAMPLE_CPPFLAGS) \
		-I$(top_srcdir)/examples/hello -Iexamples/hello/gen \
		$(EXAMPLE_CFLAGS) -o $@ libmach/crt0.o $< \
		examples/hello/gen/helloUser.c libmach/libmach.a

## ---- kvstore ----
examples/kvstore/gen/stamp: mig/migcom $(top_srcdir)/mig/mig \
		$(top_srcdir)/examples/kvstore/kvstore.defs \
		$(top_srcdir)/interfaces/mach/notify.defs \
		$(top_srcdir)/interfaces/mach/std_types.defs
	@$(MKDIR_P) examples/kvstore/gen
	$(AM_V_GEN)g=examples/kvstore/gen; \
	mig() { MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) \
		$(top_srcdir)/mig/mig -I$(top_srcdir)/interfaces "$$@"; }; \
	mig -user $$g/kvstoreUser.c -header $$g/kvstore.h \
		-server $$g/kvstoreServer.c -sheader $$g/kvstoreServer.h \
		$(top_srcdir)/examples/kvstore/kvstore.defs && \
	mig -user /dev/null -header /dev/null -server $$g/notifyServer.c \
		-sheader $$g/notifyServer.h \
		$(top_srcdir)/interfaces/mach/notify.defs && touch $@
examples/kvstore/gen/kvstoreUser.c examples/kvstore/gen/kvstoreServer.c \
examples/kvstore/gen/notifyServer.c: examples/kvstore/gen/stamp
KVSTORE_DEPS = examples/kvstore/gen/stamp libmach/gen/stamp \
	libmach/gen/name-stamp $(top_srcdir)/examples/kvstore/kvstore_types.h \
	libmach/crt0.o libmach/libmach.a
KVSTORE_FLAGS = $(EXAMPLE_CPPFLAGS) -I$(top_srcdir)/examples/kvstore \
	-Iexamples/kvstore/gen $(EXAMPLE_CFLAGS)
examples/kvstore/kvstore_server: \
		$(top_srcdir)/examples/kvstore/kvstore_server.c $(KVSTORE_DEPS)
	$(AM_V_CCLD)$(LIBMACH_LINK) $(KVSTORE_FLAGS) -o $@ libmach/crt0.o $< \
		examples/kvstore/gen/kvstoreServer.c \
		examples/kvstore/gen/notifyServer.c libmach/libmach.a
examples/kvstore/kv_client: $(top_srcdir)/examples/kvstore/kv_client.c \
		$(KVSTORE_DEPS)
	$(AM_V_CCLD)$(LIBMACH_LINK) $(KVSTORE_FLAGS) -o $@ libmach/crt0.o $< \
		examples/kvstore/gen/kvstoreUser.c libmach/libmach.a

EXAMPLE_PROGS = examples/hello/hello_server examples/hello/hello_client \
	examples/kvstore/kvstore_server examples/kvstore/kv_client
## mach.iso's programs and their lines (tools/local.mk): the default
## pager first (docs/default_pager.md: the default memory manager, with
## the privileged host port), then the examples.
SYSTEM_PAGER_ARGS = -p
EXAMPLE_IMAGE_ARGS = $(SYSTEM_PAGER_ARGS) examples/hello/hello_server \
	examples/hello/hello_client examples/kvstore/kvstore_server \
	-n kv_a -m examples/kvstore/kv_client kv_a \
	-n kv_b -m examples/kvstore/kv_client kv_b
noinst_DATA += $(EXAMPLE_PROGS)

## The examples' boot: mach-mkimage's image, under the KTEST
## boot_servers (tests/qemu/test_servers.c): the clients must end, the
## servers are ended after them, everything must come back.
examples/examples.iso: kernel/mach servers/bootstrap/bootstrap \
		servers/default_pager/default_pager \
		$(EXAMPLE_PROGS) $(top_srcdir)/tools/mkiso \
		$(top_srcdir)/tools/mach-mkimage.in Makefile
	$(AM_V_GEN)$(MACH_MKIMAGE_TREE) -o $@ \
		-c "test=boot_servers servers.wait=hello_client,kv_a,kv_b,kv_c" \
		$(SYSTEM_PAGER_ARGS) \
		examples/hello/hello_server \
		-m examples/hello/hello_client "make-check" \
		examples/kvstore/kvstore_server \
		-n kv_a -m examples/kvstore/kv_client kv_a \
		-n kv_b -m examples/kvstore/kv_client kv_b \
		-n kv_c -m examples/kvstore/kv_client kv_c

## What the examples print, for their boot test and the SDK's.
HELLO_EXPECT = --expect-text '^bootstrap: started hello_server$$' \
	--expect-text '^hello_server: serving .hello.$$' \
	--expect-text '^hello_client: the server said .Hello, make-check!.$$' \
	--expect-text '^hello_client: 100 of 100 pings answered$$' \
	--expect-text '^bootstrap: hello_client ended; not restarted$$'
## kvstore: each client's checks; each session freed by no-senders,
## the clients' second ones when let go, their first ones once the
## client has ended (7 keys, 1122404 bytes: kv_client.c's sizes less
## k6's).
KVSTORE_EXPECT = --expect-text '^kvstore: serving .kvstore.$$' \
	$(foreach c,kv_a kv_b kv_c,\
	--expect-text '^$(c): [0-9]+ checks, 0 failed$$' \
	--expect-text '^kvstore: session of $(c)-tmp closed: 1 keys, 5000 bytes freed$$' \
	--expect-text '^kvstore: session of $(c) closed: 7 keys, 1122404 bytes freed$$')
## The default pager: started, the default memory manager.
PAGER_EXPECT = --expect-text '^bootstrap: started default_pager$$' \
	--expect-text '^default_pager: serving \(the default memory manager, memory wired, in-memory store of any number of pages\)$$'
examples/boot-examples: examples/examples.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" %s examples/examples.iso tests/logs/examples/examples.serial\n' \
		'$(BOOT_TEST)' "$(PAGER_EXPECT) $(HELLO_EXPECT) $(KVSTORE_EXPECT)" > $@ && \
		chmod +x $@

CHECK_TESTS += examples/boot-examples
CLEANFILES += examples/boot-examples examples/examples.iso \
	$(EXAMPLE_PROGS) examples/hello/gen/* examples/kvstore/gen/*
EXTRA_DIST += examples/README.md examples/hello/README.md \
	examples/hello/Makefile examples/hello/hello.defs \
	examples/hello/hello_types.h examples/hello/hello_server.c \
	examples/hello/hello_client.c examples/kvstore/README.md \
	examples/kvstore/Makefile examples/kvstore/kvstore.defs \
	examples/kvstore/kvstore_types.h examples/kvstore/kvstore_server.c \
	examples/kvstore/kv_client.c
