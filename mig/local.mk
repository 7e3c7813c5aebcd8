## mig/local.mk: the MIG stub compiler (see mig/README.md).
##
## The stages are a library (mig/libmig.a) so unit tests and the fuzz
## target link them directly; migcom is main.c over it.  bison and flex
## output stays in the build tree.

AM_YFLAGS = -d -Wno-yacc
MIG_CPPFLAGS = -I$(top_srcdir)/mig -I$(top_builddir)/mig

noinst_LIBRARIES += mig/libmig.a
mig_libmig_a_SOURCES = \
	mig/parser.y mig/lexer.l \
	mig/ast.c mig/ast.h \
	mig/diag.c mig/diag.h \
	mig/symtab.c mig/symtab.h \
	mig/parse.h mig/lexer.h \
	mig/sema.c mig/sema.h \
	mig/target.c mig/target.h \
	mig/layout.c mig/layout.h mig/item.c mig/item.h \
	mig/printer.c mig/printer.h \
	mig/emit.h mig/emit_common.c mig/emit_user.c mig/emit_server.c \
	mig/emit_header.c \
	mig/output.c mig/output.h \
	mig/migcom.c mig/migcom.h
mig_libmig_a_CPPFLAGS = $(MIG_CPPFLAGS)
mig_libmig_a_CFLAGS = $(WARN_CFLAGS)
BUILT_SOURCES += mig/parser.h

bin_PROGRAMS += mig/migcom
mig_migcom_SOURCES = mig/main.c
mig_migcom_CPPFLAGS = $(MIG_CPPFLAGS)
mig_migcom_CFLAGS = $(WARN_CFLAGS)
mig_migcom_LDADD = mig/libmig.a

## The driver finds migcom beside itself once installed.
dist_bin_SCRIPTS = mig/mig

EXTRA_DIST += mig/README.md

## The ABI headers generated code includes (until the SDK installs them).
EXTRA_DIST += include/mach/boolean.h include/mach/kern_return.h \
	include/mach/machine_types.h include/mach/message.h \
	include/mach/mig_errors.h include/mach/mig_support.h \
	include/mach/notify.h include/mach/port.h include/mach/std_types.h \
	include/mach/mach_types.h
