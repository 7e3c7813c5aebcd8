## tests/local.mk: the test tiers of `make check' (see tests/README.md).
## Every test program writes TAP; tests/run-tests counts the results.

## ---- Host unit tests (check), under ASan and UBSan ----
## The kernel's machine-independent code is built for the host; the
## headers in tests/unit/host stand in for machine/*.h.

UNIT_CPPFLAGS = -I$(top_srcdir) -I$(top_srcdir)/tests/unit/host \
	-I$(top_srcdir)/kernel -I$(top_srcdir)/include
UNIT_FAKE_RAM_SOURCES = tests/unit/host/fake_ram.c tests/unit/host/fake_ram.h \
	tests/unit/host/zone_stats.c tests/unit/host/zone_stats.h
UNIT_HOST_SOURCES = tests/unit/host/host_kernel.c \
	tests/unit/host/machine/cpu.h tests/unit/host/machine/cpu_data.h \
	tests/unit/host/machine/thread.h \
	tests/unit/host/machine/vm_param.h tests/unit/unit.h

UNIT_TESTS = \
	tests/unit/kern/check_printf \
	tests/unit/kern/check_cmdline \
	tests/unit/kern/check_boot_script \
	tests/unit/kern/check_ksyms \
	tests/unit/kern/check_sched \
	tests/unit/kern/check_zalloc \
	tests/unit/kern/check_kalloc \
	tests/unit/kern/check_exec_elf \
	tests/unit/kern/check_boot_info \
	tests/unit/vm/check_vm_page \
	tests/unit/vm/check_vm_map \
	tests/unit/vm/check_vm_pageout \
	tests/unit/ipc/check_ipc_port \
	tests/unit/ipc/check_ipc_space \
	tests/unit/ipc/check_ipc_right \
	tests/unit/ipc/check_mach_port \
	tests/unit/ipc/check_ipc_kmsg \
	tests/unit/ipc/check_ipc_fastpath \
	tests/unit/ipc/check_ipc_dnrequest \
	tests/unit/arch/x86_64/check_multiboot2 \
	tests/unit/arch/x86_64/check_pmap
check_PROGRAMS += $(UNIT_TESTS)
CHECK_TESTS += $(UNIT_TESTS)

tests_unit_kern_check_printf_SOURCES = tests/unit/kern/check_printf.c \
	kernel/kern/printf.c $(UNIT_HOST_SOURCES)
tests_unit_kern_check_printf_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_kern_check_printf_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_kern_check_printf_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_kern_check_printf_LDADD = $(HOST_TEST_LDADD)

tests_unit_kern_check_boot_script_SOURCES = \
	tests/unit/kern/check_boot_script.c kernel/kern/boot_script.c \
	$(UNIT_HOST_SOURCES)
tests_unit_kern_check_boot_script_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_kern_check_boot_script_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_kern_check_boot_script_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_kern_check_boot_script_LDADD = $(HOST_TEST_LDADD)

tests_unit_kern_check_cmdline_SOURCES = tests/unit/kern/check_cmdline.c \
	kernel/kern/cmdline.c $(UNIT_HOST_SOURCES)
tests_unit_kern_check_cmdline_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_kern_check_cmdline_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_kern_check_cmdline_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_kern_check_cmdline_LDADD = $(HOST_TEST_LDADD)

tests_unit_kern_check_ksyms_SOURCES = tests/unit/kern/check_ksyms.c \
	kernel/kern/ksyms.c $(UNIT_HOST_SOURCES)
tests_unit_kern_check_ksyms_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_kern_check_ksyms_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_kern_check_ksyms_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_kern_check_ksyms_LDADD = $(HOST_TEST_LDADD)

tests_unit_kern_check_zalloc_SOURCES = tests/unit/kern/check_zalloc.c \
	kernel/kern/zalloc.c kernel/kern/printf.c kernel/vm/vm_page.c \
	$(UNIT_HOST_SOURCES) $(UNIT_FAKE_RAM_SOURCES)
tests_unit_kern_check_zalloc_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_kern_check_zalloc_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_kern_check_zalloc_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_kern_check_zalloc_LDADD = $(HOST_TEST_LDADD)

tests_unit_kern_check_kalloc_SOURCES = tests/unit/kern/check_kalloc.c \
	kernel/kern/kalloc.c kernel/kern/zalloc.c kernel/kern/printf.c \
	kernel/vm/vm_page.c $(UNIT_HOST_SOURCES) $(UNIT_FAKE_RAM_SOURCES)
tests_unit_kern_check_kalloc_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_kern_check_kalloc_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_kern_check_kalloc_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_kern_check_kalloc_LDADD = $(HOST_TEST_LDADD)

tests_unit_kern_check_exec_elf_SOURCES = tests/unit/kern/check_exec_elf.c \
	kernel/kern/exec_elf.c $(UNIT_HOST_SOURCES) \
	tests/unit/host/machine/exec.h
tests_unit_kern_check_exec_elf_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_kern_check_exec_elf_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_kern_check_exec_elf_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_kern_check_exec_elf_LDADD = $(HOST_TEST_LDADD)

tests_unit_kern_check_boot_info_SOURCES = tests/unit/kern/check_boot_info.c \
	kernel/kern/boot_info.c $(UNIT_HOST_SOURCES)
tests_unit_kern_check_boot_info_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_kern_check_boot_info_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_kern_check_boot_info_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_kern_check_boot_info_LDADD = $(HOST_TEST_LDADD)

tests_unit_kern_check_sched_SOURCES = tests/unit/kern/check_sched.c \
	kernel/kern/run_queue.c kernel/kern/sched_policy.c \
	kernel/kern/timer.c $(UNIT_HOST_SOURCES)
tests_unit_kern_check_sched_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_kern_check_sched_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_kern_check_sched_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_kern_check_sched_LDADD = $(HOST_TEST_LDADD)

tests_unit_vm_check_vm_page_SOURCES = tests/unit/vm/check_vm_page.c \
	kernel/vm/vm_page.c kernel/vm/vm_page_bootstrap.c $(UNIT_HOST_SOURCES)
tests_unit_vm_check_vm_page_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_vm_check_vm_page_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_vm_check_vm_page_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_vm_check_vm_page_LDADD = $(HOST_TEST_LDADD)

## The VM objects with their page queues and page-out policy (the
## daemon's waits on host_sched's one thread).
UNIT_VM_OBJECT_SOURCES = kernel/vm/vm_object.c kernel/vm/vm_page.c \
	kernel/vm/vm_page_queue.c kernel/vm/vm_pageout.c \
	kernel/kern/cmdline.c kernel/kern/zalloc.c kernel/kern/printf.c \
	tests/unit/host/host_sched.c tests/unit/vm/no_pager.c \
	$(UNIT_HOST_SOURCES) $(UNIT_FAKE_RAM_SOURCES)

tests_unit_vm_check_vm_map_SOURCES = tests/unit/vm/check_vm_map.c \
	kernel/vm/vm_map.c kernel/vm/vm_map_tree.c kernel/vm/vm_map_copy.c \
	kernel/vm/vm_map_fork.c kernel/vm/vm_map_wire.c kernel/vm/vm_fault.c \
	kernel/vm/vm_pageout_pager.c $(UNIT_VM_OBJECT_SOURCES)
tests_unit_vm_check_vm_map_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_vm_check_vm_map_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_vm_check_vm_map_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_vm_check_vm_map_LDADD = $(HOST_TEST_LDADD)

tests_unit_vm_check_vm_pageout_SOURCES = tests/unit/vm/check_vm_pageout.c \
	$(UNIT_VM_OBJECT_SOURCES)
tests_unit_vm_check_vm_pageout_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_vm_check_vm_pageout_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_vm_check_vm_pageout_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_vm_check_vm_pageout_LDADD = $(HOST_TEST_LDADD)

## The IPC tests: the whole of kernel/ipc over zones and kalloc.
UNIT_IPC_SOURCES = kernel/ipc/ipc_dnrequest.c kernel/ipc/ipc_entry.c \
	kernel/ipc/ipc_fastpath.c kernel/ipc/ipc_marequest.c \
	kernel/ipc/ipc_init.c \
	kernel/ipc/ipc_notify.c kernel/ipc/ipc_object.c kernel/ipc/ipc_port.c \
	kernel/ipc/ipc_pset.c kernel/ipc/ipc_right.c kernel/ipc/ipc_space.c \
	kernel/ipc/mach_port.c kernel/ipc/ipc_kmsg.c kernel/ipc/ipc_mqueue.c \
	kernel/kern/kalloc.c kernel/kern/zalloc.c kernel/kern/printf.c \
	kernel/vm/vm_page.c tests/unit/ipc/ipc_test.c tests/unit/host/host_sched.c \
	tests/unit/ipc/ipc_test.h tests/unit/ipc/ipc_kmsg_vm_host.c \
	$(UNIT_HOST_SOURCES) $(UNIT_FAKE_RAM_SOURCES)

tests_unit_ipc_check_ipc_port_SOURCES = tests/unit/ipc/check_ipc_port.c \
	$(UNIT_IPC_SOURCES)
tests_unit_ipc_check_ipc_port_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_ipc_check_ipc_port_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_ipc_check_ipc_port_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_ipc_check_ipc_port_LDADD = $(HOST_TEST_LDADD)

tests_unit_ipc_check_ipc_space_SOURCES = tests/unit/ipc/check_ipc_space.c \
	$(UNIT_IPC_SOURCES)
tests_unit_ipc_check_ipc_space_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_ipc_check_ipc_space_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_ipc_check_ipc_space_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_ipc_check_ipc_space_LDADD = $(HOST_TEST_LDADD)

tests_unit_ipc_check_ipc_right_SOURCES = tests/unit/ipc/check_ipc_right.c \
	$(UNIT_IPC_SOURCES)
tests_unit_ipc_check_ipc_right_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_ipc_check_ipc_right_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_ipc_check_ipc_right_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_ipc_check_ipc_right_LDADD = $(HOST_TEST_LDADD)

tests_unit_ipc_check_mach_port_SOURCES = tests/unit/ipc/check_mach_port.c \
	$(UNIT_IPC_SOURCES)
tests_unit_ipc_check_mach_port_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_ipc_check_mach_port_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_ipc_check_mach_port_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_ipc_check_mach_port_LDADD = $(HOST_TEST_LDADD)

tests_unit_ipc_check_ipc_dnrequest_SOURCES = \
	tests/unit/ipc/check_ipc_dnrequest.c $(UNIT_IPC_SOURCES)
tests_unit_ipc_check_ipc_dnrequest_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_ipc_check_ipc_dnrequest_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_ipc_check_ipc_dnrequest_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_ipc_check_ipc_dnrequest_LDADD = $(HOST_TEST_LDADD)

tests_unit_ipc_check_ipc_fastpath_SOURCES = \
	tests/unit/ipc/check_ipc_fastpath.c $(UNIT_IPC_SOURCES)
tests_unit_ipc_check_ipc_fastpath_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_ipc_check_ipc_fastpath_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_ipc_check_ipc_fastpath_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_ipc_check_ipc_fastpath_LDADD = $(HOST_TEST_LDADD)

tests_unit_ipc_check_ipc_kmsg_SOURCES = tests/unit/ipc/check_ipc_kmsg.c \
	$(UNIT_IPC_SOURCES)
tests_unit_ipc_check_ipc_kmsg_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_ipc_check_ipc_kmsg_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_ipc_check_ipc_kmsg_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_ipc_check_ipc_kmsg_LDADD = $(HOST_TEST_LDADD)

tests_unit_arch_x86_64_check_multiboot2_SOURCES = \
	tests/unit/arch/x86_64/check_multiboot2.c \
	kernel/arch/x86_64/multiboot2.c $(UNIT_HOST_SOURCES)
tests_unit_arch_x86_64_check_multiboot2_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_arch_x86_64_check_multiboot2_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_arch_x86_64_check_multiboot2_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_arch_x86_64_check_multiboot2_LDADD = $(HOST_TEST_LDADD)

tests_unit_arch_x86_64_check_pmap_SOURCES = \
	tests/unit/arch/x86_64/check_pmap.c kernel/arch/x86_64/pmap.c \
	kernel/arch/x86_64/pmap_attr.c \
	kernel/arch/x86_64/pmap_pv.c kernel/arch/x86_64/pmap_remove.c \
	kernel/kern/kalloc.c \
	kernel/kern/zalloc.c kernel/kern/printf.c kernel/vm/vm_page.c \
	$(UNIT_HOST_SOURCES) $(UNIT_FAKE_RAM_SOURCES)
tests_unit_arch_x86_64_check_pmap_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_arch_x86_64_check_pmap_CFLAGS = $(HOST_TEST_CFLAGS)
tests_unit_arch_x86_64_check_pmap_LDFLAGS = $(HOST_TEST_LINKFLAGS)
tests_unit_arch_x86_64_check_pmap_LDADD = $(HOST_TEST_LDADD)

## ---- Boot tests: in-kernel tests run under QEMU ----
## The tests are linked into the kernel (KTEST in kern/ktest.h) and run
## when the command line says test=...; each ISO is one boot.

KERNEL_TEST_SOURCES = \
	tests/qemu/test_boot.c \
	tests/qemu/test_console.c \
	tests/qemu/test_pmap.c \
	tests/qemu/test_sched.c \
	tests/qemu/test_sched_wait.c \
	tests/qemu/test_task.c \
	tests/qemu/test_thread.c \
	tests/qemu/test_trap.c \
	tests/qemu/test_conformance.c \
	tests/qemu/test_servers.c \
	tests/qemu/test_gsync.c \
	tests/qemu/test_ipc_mqueue.c \
	tests/qemu/test_ool.c \
	tests/qemu/test_ipc_rpc.c \
	tests/qemu/test_ipc_fuzz.c \
	tests/qemu/ktest_memory.c tests/qemu/ktest_memory.h \
	tests/qemu/module_task.c tests/qemu/module_task.h \
	tests/qemu/test_user.c \
	tests/qemu/test_user_regs.c \
	tests/qemu/test_vm.c \
	tests/qemu/test_vm_kern.c \
	tests/qemu/test_vm_page.c \
	tests/qemu/test_vm_pageout.c \
	tests/qemu/test_zalloc.c
KERNEL_BENCH_SOURCES = \
	tests/bench/bench_baseline.c \
	tests/bench/bench_gsync.c \
	tests/bench/bench_ipc.c \
	tests/bench/bench_mig.c \
	tests/bench/bench_pmap.c \
	tests/bench/bench_sched.c \
	tests/bench/bench_user.c \
	tests/bench/bench_vm.c \
	tests/bench/bench_vm_user.c tests/bench/vmbench.h \
	tests/bench/bench_vm_page.c \
	tests/bench/bench_vm_pageout.c \
	tests/bench/bench_zalloc.c

TESTMOD_LINES = 1000
MKISO = GRUB_MKRESCUE=$(GRUB_MKRESCUE) $(SHELL) $(top_srcdir)/tools/mkiso

tests/qemu/testmod.txt:
	$(AM_V_GEN)$(MKDIR_P) tests/qemu && \
		seq -f 'line %05g' 1 $(TESTMOD_LINES) > $@

tests/qemu/all.iso: kernel/mach tests/qemu/testmod.txt $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach \
		-c "test=all ktest.words=one,two ktest.flag" \
		-m tests/qemu/testmod.txt "testmod lines=$(TESTMOD_LINES)"

tests/qemu/selfcheck-fault.iso: kernel/mach $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=selfcheck_fault"

tests/qemu/selfcheck-overflow.iso: kernel/mach $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=selfcheck_stack_overflow"

tests/qemu/selfcheck-copyio.iso: kernel/mach $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=selfcheck_copyio_kernel_fault"

## SMEP and SMAP: the tests of user-page protection boot on a CPU model
## that has both (qemu-run's default, qemu64, has neither).
SMAP_CPU = qemu64,+smep,+smap
SMAP_TESTS = cpu_smep_smap_as_cpuid_says,pmap_user_pages_through_the_mmu,copyio_user_fault_fails,user_return_bad_frame_faults_the_task
tests/qemu/smap.iso: kernel/mach $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=$(SMAP_TESTS)"

tests/qemu/selfcheck-smap.iso: kernel/mach $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=selfcheck_smap_read"

tests/qemu/selfcheck-smep.iso: kernel/mach $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=selfcheck_smep_execute"

tests/qemu/selfcheck-fail.iso: kernel/mach $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=selfcheck_fail"

## User programs for the boot tests: freestanding, static, no libc;
## only the compiler's headers and ours are visible.
USER_TEST_CPPFLAGS = -nostdinc -isystem $(KERNEL_GCC_INCLUDE) \
	-I$(top_srcdir)/include -I$(top_srcdir)/tests/qemu/user
USER_TEST_CFLAGS = -std=gnu11 -O2 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-builtin $(WARN_CFLAGS)
USER_TEST_LINK = $(CCLD) -static -nostdlib -no-pie -Wl,--build-id=none \
	-Wl,-z,noexecstack -o $@
USER_TEST_COMMON = tests/qemu/user/crt0.S tests/qemu/user/user.h \
	tests/qemu/user/exit.c

USER_TEST_REGS = tests/qemu/user/regs_spin.S tests/qemu/user/regs.h

noinst_PROGRAMS += tests/qemu/user/hello tests/qemu/user/fault \
	tests/qemu/user/nulltrap tests/qemu/user/regs tests/qemu/user/huge \
	tests/qemu/user/stubborn tests/qemu/user/print \
	tests/qemu/user/ipcbench tests/qemu/user/msgfuzz \
	tests/qemu/user/oolthreads
tests_qemu_user_hello_SOURCES = tests/qemu/user/hello.c $(USER_TEST_COMMON) \
	$(USER_TEST_REGS)
tests_qemu_user_hello_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_hello_CFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_hello_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_hello_LINK = $(USER_TEST_LINK)
tests_qemu_user_fault_SOURCES = tests/qemu/user/fault.c $(USER_TEST_COMMON)
tests_qemu_user_fault_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_fault_CFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_fault_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_fault_LINK = $(USER_TEST_LINK)
tests_qemu_user_nulltrap_SOURCES = tests/qemu/user/nulltrap.c \
	$(USER_TEST_COMMON)
tests_qemu_user_nulltrap_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_nulltrap_CFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_nulltrap_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_nulltrap_LINK = $(USER_TEST_LINK)
## regs checks the FPU state it starts with: its C code must not use SSE.
tests_qemu_user_regs_SOURCES = tests/qemu/user/regs.c $(USER_TEST_COMMON) \
	$(USER_TEST_REGS)
tests_qemu_user_regs_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_regs_CFLAGS = $(USER_TEST_CFLAGS) -mgeneral-regs-only
tests_qemu_user_regs_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_regs_LINK = $(USER_TEST_LINK)
tests_qemu_user_stubborn_SOURCES = tests/qemu/user/stubborn.c \
	$(USER_TEST_COMMON)
tests_qemu_user_stubborn_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_stubborn_CFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_stubborn_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_stubborn_LINK = $(USER_TEST_LINK)

tests_qemu_user_ipcbench_SOURCES = tests/qemu/user/ipcbench.c \
	$(USER_TEST_COMMON)
tests_qemu_user_ipcbench_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_ipcbench_CFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_ipcbench_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_ipcbench_LINK = $(USER_TEST_LINK)

tests_qemu_user_msgfuzz_SOURCES = tests/qemu/user/msgfuzz.c \
	$(USER_TEST_COMMON)
tests_qemu_user_msgfuzz_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_msgfuzz_CFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_msgfuzz_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_msgfuzz_LINK = $(USER_TEST_LINK)

tests_qemu_user_oolthreads_SOURCES = tests/qemu/user/oolthreads.c \
	$(USER_TEST_COMMON)
tests_qemu_user_oolthreads_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_oolthreads_CFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_oolthreads_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_oolthreads_LINK = $(USER_TEST_LINK)

tests_qemu_user_print_SOURCES = tests/qemu/user/print.c $(USER_TEST_COMMON)
tests_qemu_user_print_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_print_CFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_print_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_print_LINK = $(USER_TEST_LINK)

tests_qemu_user_huge_SOURCES = tests/qemu/user/huge.c \
	tests/qemu/user/hugebss.S $(USER_TEST_COMMON)
tests_qemu_user_huge_CPPFLAGS = $(USER_TEST_CPPFLAGS)
tests_qemu_user_huge_CFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_huge_CCASFLAGS = $(USER_TEST_CFLAGS)
tests_qemu_user_huge_LINK = $(USER_TEST_LINK)

USER_TEST_EXECUTABLES = tests/qemu/user/hello tests/qemu/user/fault \
	tests/qemu/user/huge tests/qemu/user/print tests/qemu/user/msgfuzz

tests/qemu/user.iso: kernel/mach $(USER_TEST_EXECUTABLES) tests/qemu/testmod.txt \
		$(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=user_tasks,user_modules_refused" \
		-m tests/qemu/user/hello "hello-a A 12" \
		-m tests/qemu/user/hello "hello-b B 12" \
		-m tests/qemu/user/fault "pf pf" \
		-m tests/qemu/user/fault "pfw pfw" \
		-m tests/qemu/user/fault "gp gp" \
		-m tests/qemu/user/fault "div div" \
		-m tests/qemu/user/fault "ud ud" \
		-m tests/qemu/user/fault "x87 x87" \
		-m tests/qemu/user/fault "rsp rsp" \
		-m tests/qemu/user/fault "db db" \
		-m tests/qemu/user/fault "dbsys dbsys" \
		-m tests/qemu/user/fault "kaddr kaddr" \
		-m tests/qemu/user/fault "unix unix" \
		-m tests/qemu/user/fault "flags flags" \
		-m tests/qemu/user/print "print" \
		-m tests/qemu/user/msgfuzz "msgfuzz $(MSGFUZZ_CALLS) 1" \
		-m tests/qemu/testmod.txt "notelf" \
		-m tests/qemu/user/huge "huge"

MSGFUZZ_CALLS = 20000
REGS_INTERRUPTIONS = 1000
tests/qemu/regs.iso: kernel/mach tests/qemu/user/regs $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=user_registers" \
		-m tests/qemu/user/regs "regs-1 1 $(REGS_INTERRUPTIONS)" \
		-m tests/qemu/user/regs "regs-2 2 $(REGS_INTERRUPTIONS)" \
		-m tests/qemu/user/regs "regs-3 3 $(REGS_INTERRUPTIONS)" \
		-m tests/qemu/user/regs "regs-4 4 $(REGS_INTERRUPTIONS) msg"

## Out-of-line data between two threads of one task (tests/qemu/test_ool.c).
tests/qemu/ool.iso: kernel/mach tests/qemu/user/oolthreads \
		$(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=ool_two_threads" \
		-m tests/qemu/user/oolthreads "oolthreads"

## The RPC path: hand-offs and receivers without stacks (test_ipc_rpc.c).
tests/qemu/rpc.iso: kernel/mach tests/qemu/user/ipcbench \
		$(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach \
		-c "test=ipc_rpc_fast_path,ipc_receive_without_stack" \
		-m tests/qemu/user/ipcbench "ipcbench"

## The bounded IPC fuzzer (test_ipc_fuzz.c): FUZZ_CALLS messages from
## each fuzzer in make check; `make fuzz-ipc' sends FUZZ_IPC_CALLS with
## FUZZ_SEED (both may be given on make's command line).
FUZZ_CALLS = 5000
FUZZ_IPC_CALLS = 200000
FUZZ_SEED = 1
tests/qemu/fuzz.iso: kernel/mach tests/qemu/user/msgfuzz \
		tests/qemu/user/ipcbench $(top_srcdir)/tools/mkiso Makefile
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach \
		-c "test=ipc_fuzz fuzz_calls=$(FUZZ_CALLS) fuzz_seed=$(FUZZ_SEED)" \
		-m tests/qemu/user/msgfuzz "msgfuzz" \
		-m tests/qemu/user/ipcbench "ipcbench"
## Made anew each time: the budget and seed come from make's command line.
fuzz-ipc: kernel/mach tests/qemu/user/msgfuzz tests/qemu/user/ipcbench
	$(AM_V_GEN)$(MKISO) -o tests/qemu/fuzz-long.iso -k kernel/mach \
		-c "test=ipc_fuzz fuzz_calls=$(FUZZ_IPC_CALLS) fuzz_seed=$(FUZZ_SEED)" \
		-m tests/qemu/user/msgfuzz "msgfuzz" \
		-m tests/qemu/user/ipcbench "ipcbench"
	$(BOOT_TEST) --timeout 3600 tests/qemu/fuzz-long.iso \
		tests/logs/qemu/fuzz-long.serial
.PHONY: fuzz-ipc

## Exceptions as messages, a kernel thread the handler (test_exception.c).
tests/qemu/exc.iso: kernel/mach tests/qemu/user/fault $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=exception_messages" \
		-m tests/qemu/user/fault "fault"

## task_terminate ends tasks that will not end by themselves.
tests/qemu/terminate.iso: kernel/mach tests/qemu/user/stubborn \
		$(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "test=user_terminate" \
		-m tests/qemu/user/stubborn "wait wait" \
		-m tests/qemu/user/stubborn "spin spin" \
		-m tests/qemu/user/stubborn "yield yield"

## Each boot test is a small script made here with the paths baked in.
BOOT_TEST = $(abs_top_srcdir)/tests/qemu/boot-test

## zone_list_and_print's table, with the zone it made (24-byte elements,
## one in use, one page, one alloc, no free, no failure).
tests/qemu/boot-all: tests/qemu/all.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" %s tests/qemu/all.iso tests/logs/qemu/all.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text '^zone +size +in use +free +pages +allocs +frees +fails$$' \
		 --expect-text '^zones +[0-9]+ +[1-9][0-9]* +[0-9]+ +[1-9][0-9]* +[0-9]+ +[0-9]+ +0$$' \
		 --expect-text '^ktest\\.listed +24 +1 +[1-9][0-9]* +1 +1 +0 +0$$'" > $@ && chmod +x $@

tests/qemu/boot-terminate: tests/qemu/terminate.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" tests/qemu/terminate.iso tests/logs/qemu/terminate.serial\n' \
		'$(BOOT_TEST)' > $@ && chmod +x $@

## The refused modules must say why (a 64 GiB bss before any page is
## taken, not by running out of memory).
tests/qemu/boot-user: tests/qemu/user.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" %s tests/qemu/user.iso tests/logs/qemu/user.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text '^bootstrap: notelf: cannot run: not an ELF file$$' \
		 --expect-text '^print: one line$$' \
		 --expect-text '^msgfuzz: done$$' \
		 --expect-text '^y{4095}$$' \
		 --expect-text '^z{4096}$$' \
		 --expect-text '^bootstrap: huge: cannot run: its segments need more memory than is available$$' \
		 --expect-text '^bootstrap: reversed: module 0x[0-9a-f]+-0x[0-9a-f]+ refused: its end is not above its start$$' \
		 --expect-text '^bootstrap: unmapped: module 0x[0-9a-f]+-0x[0-9a-f]+ refused: it lies beyond the memory the kernel maps$$'" > $@ && chmod +x $@

tests/qemu/boot-ool: tests/qemu/ool.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" tests/qemu/ool.iso tests/logs/qemu/ool.serial\n' \
		'$(BOOT_TEST)' > $@ && chmod +x $@

tests/qemu/boot-rpc: tests/qemu/rpc.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" %s tests/qemu/rpc.iso tests/logs/qemu/rpc.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text ' 8 receivers waiting: 0 kernel stacks, 128 KiB saved$$'" > $@ && chmod +x $@

tests/qemu/boot-fuzz: tests/qemu/fuzz.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" tests/qemu/fuzz.iso tests/logs/qemu/fuzz.serial\n' \
		'$(BOOT_TEST)' > $@ && chmod +x $@

tests/qemu/boot-exc: tests/qemu/exc.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" tests/qemu/exc.iso tests/logs/qemu/exc.serial\n' \
		'$(BOOT_TEST)' > $@ && chmod +x $@

tests/qemu/boot-regs: tests/qemu/regs.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" tests/qemu/regs.iso tests/logs/qemu/regs.serial\n' \
		'$(BOOT_TEST)' > $@ && chmod +x $@

## The harness must see a faulting test as a failure, with the fault's
## registers and a backtrace that names the functions.
tests/qemu/selfcheck-fault: tests/qemu/selfcheck-fault.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" --expect-fail selfcheck_fault %s tests/qemu/selfcheck-fault.iso tests/logs/qemu/selfcheck-fault.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text '^kernel trap: page fault \\(vector 14\\)' \
		 --expect-text 'page fault at 0x0000000000000000: no page for read in kernel mode' \
		 --expect-text '^  rax [0-9a-f]{16}  rbx' \
		 --expect-text '^  r15 [0-9a-f]{16}  rip [0-9a-f]{16}' \
		 --expect-text '\\] ktest_selfcheck_fault\\+0x' \
		 --expect-text '\\] ktest_run\\+0x' \
		 --expect-text '^not ok 1 - selfcheck_fault # kernel stopped'" > $@ && chmod +x $@

## A kernel stack overflow is caught by the guard page and reported.
tests/qemu/selfcheck-overflow: tests/qemu/selfcheck-overflow.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" --expect-fail selfcheck_stack_overflow %s tests/qemu/selfcheck-overflow.iso tests/logs/qemu/selfcheck-overflow.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text '^kernel trap: double fault \\(vector 8\\)' \
		 --expect-text '^  kernel stack overflow in thread main: 0x[0-9a-f]{16} is its guard page' \
		 --expect-text '\\] recurse[.a-z0-9]*\\+0x' \
		 --expect-text '^not ok 1 - selfcheck_stack_overflow # kernel stopped'" > $@ && chmod +x $@

## A fault on the kernel's side of copyin/copyout stops the kernel.
tests/qemu/selfcheck-copyio: tests/qemu/selfcheck-copyio.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" --expect-fail selfcheck_copyio_kernel_fault %s tests/qemu/selfcheck-copyio.iso tests/logs/qemu/selfcheck-copyio.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text '^kernel trap: page fault \\(vector 14\\)' \
		 --expect-text 'page fault at 0x0000000000000008: no page for read in kernel mode' \
		 --expect-text '^  in copyin/copyout, on the kernel.s side of the copy' \
		 --expect-text '\\] copyout_copy' \
		 --expect-text '\\] ktest_selfcheck_copyio_kernel_fault\\+0x' \
		 --expect-text '^not ok 1 - selfcheck_copyio_kernel_fault # kernel stopped'" > $@ && chmod +x $@

tests/qemu/boot-smap: tests/qemu/smap.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" --cpu %s --expect-text %s tests/qemu/smap.iso tests/logs/qemu/smap.serial\n' \
		'$(BOOT_TEST)' '$(SMAP_CPU)' "'^cpu: SMEP on, SMAP on'" > $@ && \
	chmod +x $@

## Under SMAP a kernel read of a user page faults; under SMEP, running one.
tests/qemu/selfcheck-smap: tests/qemu/selfcheck-smap.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" --cpu %s --expect-fail selfcheck_smap_read %s tests/qemu/selfcheck-smap.iso tests/logs/qemu/selfcheck-smap.serial\n' \
		'$(BOOT_TEST)' '$(SMAP_CPU)' \
		"--expect-text '^kernel trap: page fault \\(vector 14\\)' \
		 --expect-text 'page fault at 0x0000000000400000: protection violation on read in kernel mode' \
		 --expect-text '\\] ktest_selfcheck_smap_read\\+0x' \
		 --expect-text '^not ok 1 - selfcheck_smap_read # kernel stopped'" > $@ && chmod +x $@

tests/qemu/selfcheck-smep: tests/qemu/selfcheck-smep.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" --cpu %s --expect-fail selfcheck_smep_execute %s tests/qemu/selfcheck-smep.iso tests/logs/qemu/selfcheck-smep.serial\n' \
		'$(BOOT_TEST)' '$(SMAP_CPU)' \
		"--expect-text '^kernel trap: page fault \\(vector 14\\)' \
		 --expect-text 'page fault at 0x0000000000400000: protection violation on instruction fetch in kernel mode' \
		 --expect-text '^not ok 1 - selfcheck_smep_execute # kernel stopped'" > $@ && chmod +x $@

tests/qemu/selfcheck-fail: tests/qemu/selfcheck-fail.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s" --expect-fail selfcheck_fail %s tests/qemu/selfcheck-fail.iso tests/logs/qemu/selfcheck-fail.serial\n' \
		'$(BOOT_TEST)' \
		"--expect-text '^# .*test_boot\\.c:[0-9]+: 1 \\+ 1 == 3 failed: 0x2 != 0x3'" > $@ && chmod +x $@

## Memory above 4 GiB, reached through the physmap pmap_bootstrap builds:
## the same kernel with 4200 MiB (QEMU takes the last -m it is given).
tests/qemu/bigmem.iso: kernel/mach $(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c \
		"test=pmap_physmap_above_4g,pmap_kernel_layout,pmap_user_pages_through_the_mmu"

tests/qemu/qemu-bigmem: Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/qemu && \
	printf '#!/bin/sh\nexec qemu-system-x86_64 "$$@" -m 4200M\n' > $@ && \
	chmod +x $@

tests/qemu/boot-bigmem: tests/qemu/bigmem.iso tests/qemu/qemu-bigmem Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nQEMU="%s"\nexport QEMU\nexec "%s" tests/qemu/bigmem.iso tests/logs/qemu/bigmem.serial\n' \
		'$(abs_top_builddir)/tests/qemu/qemu-bigmem' '$(BOOT_TEST)' > $@ && \
	chmod +x $@

QEMU_TESTS = tests/qemu/boot-all tests/qemu/boot-user tests/qemu/boot-regs \
	tests/qemu/boot-ool tests/qemu/boot-rpc tests/qemu/boot-exc \
	tests/qemu/boot-fuzz \
	tests/qemu/boot-terminate \
	tests/qemu/selfcheck-fault tests/qemu/selfcheck-overflow \
	tests/qemu/selfcheck-copyio \
	tests/qemu/boot-smap tests/qemu/selfcheck-smap tests/qemu/selfcheck-smep \
	tests/qemu/selfcheck-fail \
	tests/qemu/boot-bigmem
CHECK_TESTS += $(QEMU_TESTS)

## ---- Benchmarks ----
## `make bench' prints instructions per operation; `make check' only
## makes sure every benchmark still runs (tests/bench/bench-smoke).

## stubbench (tests/bench/stubbench.c) is built as any program for
## this system, with stubs our mig generates from stubbench.defs.
STUBBENCH_GEN = tests/bench/gen/stubbenchUser.c \
	tests/bench/gen/stubbenchServer.c
tests/bench/gen/stamp: mig/migcom $(top_srcdir)/mig/mig \
		$(top_srcdir)/tests/bench/stubbench.defs
	@$(MKDIR_P) tests/bench/gen
	$(AM_V_GEN)MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) \
		$(top_srcdir)/mig/mig -I$(top_srcdir)/interfaces \
		-user tests/bench/gen/stubbenchUser.c \
		-header tests/bench/gen/stubbench.h \
		-server tests/bench/gen/stubbenchServer.c \
		-sheader tests/bench/gen/stubbenchServer.h \
		$(top_srcdir)/tests/bench/stubbench.defs && touch $@
$(STUBBENCH_GEN): tests/bench/gen/stamp
STUBBENCH_OBJS = $(STUBBENCH_GEN:.c=.o)
$(STUBBENCH_OBJS): %.o: tests/bench/gen/stamp libmach/gen/stamp
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -iquote tests/bench/gen \
		-iquote $(top_srcdir)/tests/bench \
		$(LIBMACH_STUB_CFLAGS) -c -o $@ $*.c
tests/bench/stubbench.o: $(top_srcdir)/tests/bench/stubbench.c \
		tests/bench/gen/stamp libmach/gen/stamp \
		$(LIBMACH_H_FILES:%=$(top_srcdir)/%)
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -Itests/bench/gen \
		-iquote $(top_srcdir)/tests/bench \
		-std=gnu11 -O2 -g $(WARN_CFLAGS) -c -o $@ $<
tests/bench/stubbench: tests/bench/stubbench.o $(STUBBENCH_OBJS) \
		libmach/crt0.o libmach/libmach.a
	$(AM_V_CCLD)$(LIBMACH_LINK) -o $@ libmach/crt0.o \
		tests/bench/stubbench.o $(STUBBENCH_OBJS) libmach/libmach.a

## vmbench (tests/bench/vmbench.c), the VM benchmarks' program: a
## pager among its modes, on memory_object.defs' server stubs.
VMBENCH_GEN = tests/bench/gen/memory_objectServer.c
tests/bench/gen/mo-stamp: mig/migcom $(top_srcdir)/mig/mig \
		$(top_srcdir)/interfaces/mach/memory_object.defs \
		$(top_srcdir)/interfaces/mach/std_types.defs \
		$(top_srcdir)/interfaces/mach/mach_types.defs
	@$(MKDIR_P) tests/bench/gen
	$(AM_V_GEN)MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) \
		$(top_srcdir)/mig/mig -I$(top_srcdir)/interfaces \
		-user /dev/null -header /dev/null \
		-server tests/bench/gen/memory_objectServer.c \
		-sheader tests/bench/gen/memory_objectServer.h \
		$(top_srcdir)/interfaces/mach/memory_object.defs && touch $@
$(VMBENCH_GEN): tests/bench/gen/mo-stamp
VMBENCH_GEN_OBJS = $(VMBENCH_GEN:.c=.o)
$(VMBENCH_GEN_OBJS): %.o: tests/bench/gen/mo-stamp libmach/gen/stamp
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -iquote tests/bench/gen \
		$(LIBMACH_STUB_CFLAGS) -c -o $@ $*.c
## With the routines its test pagers are never sent (pager_common.h).
tests/bench/pager_common.o: $(top_srcdir)/tests/bench/pager_common.c \
		$(top_srcdir)/tests/bench/pager_common.h \
		tests/bench/gen/mo-stamp libmach/gen/stamp
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -Itests/bench/gen \
		-std=gnu11 -O2 -g $(WARN_CFLAGS) -c -o $@ $<
VMBENCH_OBJS = $(VMBENCH_GEN_OBJS) tests/bench/pager_common.o
tests/bench/vmbench.o: $(top_srcdir)/tests/bench/vmbench.c \
		$(top_srcdir)/tests/bench/vmbench.h \
		$(top_srcdir)/tests/bench/pager_common.h \
		tests/bench/gen/mo-stamp libmach/gen/stamp \
		$(LIBMACH_H_FILES:%=$(top_srcdir)/%)
	$(AM_V_CC)$(MUSL_GCC) $(LIBMACH_CPPFLAGS) -Itests/bench/gen \
		-iquote $(top_srcdir)/tests/bench \
		-std=gnu11 -O2 -g $(WARN_CFLAGS) -c -o $@ $<
tests/bench/vmbench: tests/bench/vmbench.o $(VMBENCH_OBJS) \
		libmach/crt0.o libmach/libmach.a
	$(AM_V_CCLD)$(LIBMACH_LINK) -o $@ libmach/crt0.o \
		tests/bench/vmbench.o $(VMBENCH_OBJS) libmach/libmach.a

tests/bench/bench.iso: kernel/mach tests/qemu/user/nulltrap \
		tests/qemu/user/ipcbench tests/bench/stubbench \
		tests/bench/vmbench tests/libmach/emul_bench \
		$(top_srcdir)/tools/mkiso
	$(AM_V_GEN)$(MKISO) -o $@ -k kernel/mach -c "bench=all" \
		-m tests/qemu/user/nulltrap "nulltrap" \
		-m tests/qemu/user/ipcbench "ipcbench" \
		-m tests/bench/stubbench "stubbench" \
		-m tests/bench/vmbench "vmbench" \
		-m tests/libmach/emul_bench "emulbench"

tests/bench/bench-smoke: tests/bench/bench.iso Makefile
	$(AM_V_GEN)printf '#!/bin/sh\nexec "%s/tests/bench/run-bench" --tap %s tests/bench/bench.iso tests/logs/bench/smoke.serial\n' \
		'$(abs_top_srcdir)' '$(BENCH_CPU)' > $@ && chmod +x $@
CHECK_TESTS += tests/bench/bench-smoke

bench: tests/bench/bench.iso
	@$(SHELL) $(top_srcdir)/tests/bench/run-bench $(BENCH_CPU) \
		tests/bench/bench.iso tests/logs/bench/bench.serial

## ---- Style gates: formatting and self-contained headers ----

tests/style/format-check: Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/style && \
	printf '#!/bin/sh\nexec "%s/tests/style/format-check.sh" "%s" "%s"\n' \
		'$(abs_top_srcdir)' '$(abs_top_srcdir)' '$(CLANG_FORMAT)' > $@ && chmod +x $@

HEADER_CHECK_LIST = \
	$(foreach h,$(KERNEL_HEADER_FILES) $(KERNEL_ABI_HEADER_FILES),kernel:$(h)) \
	$(foreach h,$(KERNEL_ABI_HEADER_FILES),host:$(h)) \
	$(foreach h,$(HOST_HEADER_FILES),host:$(h))
HOST_HEADER_FILES = tests/unit/unit.h tests/unit/host/fake_ram.h \
	tests/unit/host/zone_stats.h

tests/style/check-headers: Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/style && { \
	echo '#!/bin/sh'; \
	echo 'CC="$(CC)" SRCDIR="$(top_srcdir)" \'; \
	echo 'KERNEL_FLAGS="$(KERNEL_CPPFLAGS) $(KERNEL_CFLAGS)" \'; \
	echo 'HOST_FLAGS="-std=gnu11 $(WARN_CFLAGS) $(CHECK_CFLAGS) -I$(abs_top_srcdir) -I$(abs_top_srcdir)/include -I$(abs_top_srcdir)/kernel -I$(abs_top_srcdir)/tests/unit/host" \'; \
	echo 'exec "$(abs_top_srcdir)/tests/style/check-headers.sh" <<EOF'; \
	for h in $(HEADER_CHECK_LIST); do echo "$$h" | sed 's/:/ /'; done; \
	echo 'EOF'; } > $@ && chmod +x $@

STYLE_TESTS = tests/style/format-check tests/style/check-headers
CHECK_TESTS += $(STYLE_TESTS)

format-check: tests/style/format-check
	@tests/style/format-check | grep -v '^ok '

check-headers: tests/style/check-headers
	@tests/style/check-headers | grep -v '^ok '

CLEANFILES += tests/qemu/testmod.txt tests/qemu/*.iso tests/bench/*.iso \
	tests/qemu/qemu-bigmem \
	$(QEMU_TESTS) tests/bench/bench-smoke $(STYLE_TESTS) \
	tests/bench/stubbench tests/bench/vmbench tests/bench/*.o \
	tests/bench/gen/*
EXTRA_DIST += tests/bench/stubbench.c tests/bench/stubbench.defs \
	tests/bench/stubbench_types.h tests/bench/vmbench.c \
	tests/bench/pager_common.c tests/bench/pager_common.h
EXTRA_DIST += tests/run-tests tests/README.md tests/qemu/boot-test \
	tests/bench/run-bench tests/style/format-check.sh \
	tests/style/check-headers.sh tests/unit/host/machine/cpu.h \
	tests/unit/host/machine/exec.h tests/unit/host/machine/vm_param.h
.PHONY: bench format-check check-headers
