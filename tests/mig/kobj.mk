## tests/mig/kobj.mk: interfaces/mach against GNU Mach's own .defs
## (tests/mig/kobj-oracle.sh), included from tests/mig/local.mk.
KOBJ_DEFS = interfaces/mach/mach.defs interfaces/mach/mach_port.defs \
	interfaces/mach/mach_host.defs interfaces/mach/exc.defs \
	interfaces/mach/gnumach.defs interfaces/mach/notify.defs \
	interfaces/mach/memory_object.defs \
	interfaces/mach/memory_object_default.defs \
	interfaces/mach/task_notify.defs
CHECK_TESTS += tests/mig/check-kobj-oracle
CLEANFILES += tests/mig/check-kobj-oracle
EXTRA_DIST += tests/mig/kobj.mk tests/mig/kobj-oracle.sh \
	tests/mig/kobj_oracle.py $(KOBJ_DEFS)
tests/mig/check-kobj-oracle: $(top_srcdir)/tests/mig/kobj-oracle.sh mig/migcom $(MIG_ORACLE_STAMP)
	@$(MKDIR_P) tests/mig
	$(AM_V_GEN)printf '#!/bin/sh\nexec env %s %s "$$@"\n' \
		"$(MIG_TEST_ENV)" '$(SHELL) $(abs_top_srcdir)/tests/mig/kobj-oracle.sh' > $@ && chmod +x $@

## The kernel's KernelUser stubs (kernel/local.mk generates them) on the
## host, against a stand-in mach_msg_send_from_kernel.
check_PROGRAMS += tests/mig/check_kernel_user
CHECK_TESTS += tests/mig/check_kernel_user
tests_mig_check_kernel_user_SOURCES = tests/mig/kernel_user.c tests/unit/unit.h
tests_mig_check_kernel_user_CPPFLAGS = -DKERNEL -I. $(UNIT_CPPFLAGS) \
	-I$(top_srcdir)/kernel/arch/x86_64
tests_mig_check_kernel_user_CFLAGS = $(HOST_TEST_CFLAGS)
tests_mig_check_kernel_user_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_mig_check_kernel_user_LDADD = $(HOST_TEST_LDADD)
tests/mig/check_kernel_user-kernel_user.$(OBJEXT): kernel/mig/user-stamp
