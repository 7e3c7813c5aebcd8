## libmach/local.mk: libmach.a, the user-space SDK library, for programs
## built with musl-gcc -static (libmach/README.md).
##
## Everything is compiled by $(MUSL_GCC), so automake's own rules (which
## use $(CC)) never apply: the rules are explicit, as the conformance
## tier's are.  In the build tree:
##   libmach/include/mach/*.h  the MIG user headers of the kernel's
##                             interfaces (installed beside the
##                             hand-written ones of libmach/include/)
##   libmach/gen/*User.c       their user stubs (never installed)
##   libmach/libmach.a, libmach/crt0.o

## The interfaces whose user stubs libmach carries, and the header each
## one's is installed as (mach.defs' is mach_interface.h, as on GNU
## systems; notify and memory_object's have _user, their names being
## taken by the ABI headers of the same names).
LIBMACH_DEFS = mach mach_port mach_host exc notify memory_object \
	memory_object_default gnumach
LIBMACH_GEN_H = libmach/include/mach/mach_interface.h \
	libmach/include/mach/mach_port.h libmach/include/mach/mach_host.h \
	libmach/include/mach/exc.h libmach/include/mach/notify_user.h \
	libmach/include/mach/memory_object_user.h \
	libmach/include/mach/memory_object_default_user.h \
	libmach/include/mach/gnumach.h
LIBMACH_GEN_STUBS = $(LIBMACH_DEFS:%=libmach/gen/%User.c)

LIBMACH_CPPFLAGS = -I$(top_srcdir)/libmach/include -Ilibmach/include \
	-I$(top_srcdir)/include -I$(top_srcdir)/interfaces \
	-iquote libmach/include/mach
## No stack protector: the start-up runs before the thread pointer
## (and its canary) exists.
LIBMACH_CFLAGS = -std=gnu11 -O2 -g -fno-stack-protector -fno-pie \
	-fno-omit-frame-pointer
## Generated stubs: our warnings, but mig copies bounded strings with
## strncpy of the bound (the NUL is written apart).
LIBMACH_STUB_CFLAGS = $(LIBMACH_CFLAGS) $(WARN_CFLAGS) \
	-Wno-stringop-truncation

## One run of mig per interface writes its stub and its header.
libmach/gen/stamp: mig/migcom $(top_srcdir)/mig/mig \
		$(LIBMACH_DEFS:%=$(top_srcdir)/interfaces/mach/%.defs) \
		$(top_srcdir)/interfaces/mach/std_types.defs \
		$(top_srcdir)/interfaces/mach/mach_types.defs
	@$(MKDIR_P) libmach/gen libmach/include/mach
	$(AM_V_GEN)for i in $(LIBMACH_DEFS); do \
		case $$i in mach) h=mach_interface ;; \
		notify|memory_object|memory_object_default) h=$${i}_user ;; \
		*) h=$$i ;; esac; \
		MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) $(top_srcdir)/mig/mig \
		-I$(top_srcdir)/interfaces \
		-user libmach/gen/$${i}User.c -header libmach/include/mach/$$h.h \
		-server /dev/null -sheader /dev/null \
		$(top_srcdir)/interfaces/mach/$$i.defs || exit 1; done && touch $@
$(LIBMACH_GEN_H) $(LIBMACH_GEN_STUBS): libmach/gen/stamp

## The bootstrap server's name service (interfaces/servers/name.defs):
## its user stubs are libmach's too, its header <servers/name.h>.
libmach/gen/name-stamp: mig/migcom $(top_srcdir)/mig/mig \
		$(top_srcdir)/interfaces/servers/name.defs \
		$(top_srcdir)/interfaces/mach/std_types.defs
	@$(MKDIR_P) libmach/gen libmach/include/servers
	$(AM_V_GEN)MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) \
		$(top_srcdir)/mig/mig -I$(top_srcdir)/interfaces \
		-user libmach/gen/nameUser.c \
		-header libmach/include/servers/name.h \
		-server /dev/null -sheader /dev/null \
		$(top_srcdir)/interfaces/servers/name.defs && touch $@
libmach/gen/nameUser.c libmach/include/servers/name.h: libmach/gen/name-stamp
BUILT_SOURCES += libmach/gen/name-stamp
## The host unit tests include the generated headers too.
BUILT_SOURCES += libmach/gen/stamp

LIBMACH_H_FILES = libmach/include/mach.h libmach/include/mach_init.h \
	libmach/include/mach_error.h libmach/include/mach/mach_traps.h \
	libmach/include/cthreads.h
LIBMACH_C = start mig_support mach_msg mach_msg_destroy \
	mach_msg_server mach_error emul emul_io emul_mm emul_plan emul_time \
	cthreads cthread_sync
LIBMACH_OBJS = $(LIBMACH_C:%=libmach/%.o) libmach/traps.o \
	libmach/emul_entry.o \
	$(LIBMACH_DEFS:%=libmach/gen/%User.o) libmach/gen/nameUser.o
## No dependency tracking for these rules: every object depends on every
## ABI header, so a change there rebuilds the library.
LIBMACH_ABI_DEPS = $(wildcard $(top_srcdir)/include/mach/*.h \
	$(top_srcdir)/include/mach/x86_64/*.h)
$(LIBMACH_OBJS): $(LIBMACH_ABI_DEPS)

$(LIBMACH_C:%=libmach/%.o): libmach/%.o: $(top_srcdir)/libmach/%.c \
		$(LIBMACH_H_FILES:%=$(top_srcdir)/%) \
		$(top_srcdir)/libmach/tls.h $(top_srcdir)/libmach/emul.h \
		$(top_srcdir)/libmach/cthreads_internal.h libmach/gen/stamp
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) $(LIBMACH_CFLAGS) \
		$(WARN_CFLAGS) -c -o $@ $<
$(LIBMACH_DEFS:%=libmach/gen/%User.o): libmach/gen/%User.o: libmach/gen/stamp
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) $(LIBMACH_STUB_CFLAGS) \
		-c -o $@ libmach/gen/$*User.c
libmach/gen/nameUser.o: libmach/gen/name-stamp
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -iquote libmach/include/servers \
		$(LIBMACH_STUB_CFLAGS) -c -o $@ libmach/gen/nameUser.c
libmach/traps.o libmach/crt0.o libmach/emul_entry.o: libmach/%.o: \
		$(top_srcdir)/libmach/%.S \
		$(top_srcdir)/include/mach/syscall_sw.h
	@$(MKDIR_P) libmach
	$(AM_V_CCAS)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -c -o $@ $<

libmach/libmach.a: $(LIBMACH_OBJS)
	$(AM_V_AR)rm -f $@ && $(AR) rcs $@ $(LIBMACH_OBJS)

noinst_DATA += libmach/libmach.a libmach/crt0.o

## How a program is linked with libmach (the boot test's, and later the
## SDK's wrapper): musl's C library, libmach's entry instead of musl's.
LIBMACH_LINK = $(MUSL_GCC) -static -no-pie -nostartfiles \
	-Wl,--build-id=none -Wl,-z,noexecstack

## make install: the SDK.  Headers under $(includedir): mach.h,
## mach_init.h, mach_error.h; mach/ the ABI (include/mach), the traps'
## declarations and the generated user headers.  libmach.a and crt0.o
## under $(libdir)/mach, apart from the host's libraries.  tests/libmach/local.mk builds a program against
## an installed copy.
LIBMACH_ABI_H = include/mach/boolean.h include/mach/kern_return.h \
	include/mach/machine_types.h include/mach/message.h \
	include/mach/mig_errors.h include/mach/mig_support.h \
	include/mach/notify.h include/mach/port.h include/mach/std_types.h \
	include/mach/mach_types.h \
	$(filter-out include/mach/x86_64/%,$(KERNEL_ABI_HEADER_FILES))
include_HEADERS = libmach/include/mach.h libmach/include/mach_init.h \
	libmach/include/mach_error.h libmach/include/cthreads.h
machincludedir = $(includedir)/mach
machinclude_HEADERS = $(LIBMACH_ABI_H) libmach/include/mach/mach_traps.h
nodist_machinclude_HEADERS = $(LIBMACH_GEN_H)
machx86_64includedir = $(includedir)/mach/x86_64
machx86_64include_HEADERS = \
	$(filter include/mach/x86_64/%,$(KERNEL_ABI_HEADER_FILES))
libmachlibdir = $(libdir)/mach
nodist_libmachlib_DATA = libmach/libmach.a libmach/crt0.o

## The server interfaces: their .defs, name.defs' types and user
## header, in $(includedir)/servers; the kernel's .defs beside the
## headers in $(includedir)/mach (mig -I $(includedir) finds both).
serversincludedir = $(includedir)/servers
serversinclude_HEADERS = interfaces/servers/name_types.h \
	$(SERVER_DEFS_FILES)
nodist_serversinclude_HEADERS = libmach/include/servers/name.h
SERVER_DEFS_FILES = interfaces/servers/name.defs \
	interfaces/servers/name_reply.defs
machdefsdir = $(includedir)/mach
dist_machdefs_DATA = interfaces/mach/exc.defs interfaces/mach/gnumach.defs \
	interfaces/mach/mach.defs interfaces/mach/mach_host.defs \
	interfaces/mach/mach_port.defs interfaces/mach/mach_types.defs \
	interfaces/mach/memory_object.defs \
	interfaces/mach/memory_object_default.defs \
	interfaces/mach/notify.defs interfaces/mach/std_types.defs

CLEANFILES += libmach/libmach.a libmach/*.o libmach/gen/* \
	$(LIBMACH_GEN_H) libmach/include/servers/name.h
EXTRA_DIST += libmach/README.md libmach/crt0.S libmach/traps.S \
	libmach/tls.h libmach/emul.h libmach/emul_entry.S \
	libmach/cthreads_internal.h \
	$(LIBMACH_C:%=libmach/%.c) $(LIBMACH_H_FILES)
