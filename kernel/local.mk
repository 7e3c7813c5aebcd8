## kernel/local.mk: the kernel image (see kernel/README.md).
##
## The kernel is linked twice.  kernel/mach-stage1 has every object and no
## symbol table; tools/gen-ksyms.awk turns its text symbols into
## kernel/ksyms.S, and kernel/mach is stage 1 plus that table.  The table
## sits right after .text (kernel.ld), so no function moves between the
## two links; the link rule checks that it is so.

KERNEL_ARCH = x86_64
KERNEL_GCC_INCLUDE = $(shell $(CC) -print-file-name=include)

## -fno-tree-loop-distribute-patterns: gcc must not turn the loops of
## kern/string.c into calls to memset and memcpy themselves.
## Freestanding: no host headers at all (-nostdinc), only the compiler's
## own (stdint.h, stdarg.h...), so no stray system header, such as GNU
## Mach's in /usr/include/x86_64-linux-gnu/mach, can be picked up.
KERNEL_CPPFLAGS = -nostdinc -isystem $(KERNEL_GCC_INCLUDE) \
	-I$(top_srcdir)/include -I$(top_srcdir)/kernel \
	-I$(top_srcdir)/kernel/arch/$(KERNEL_ARCH) $(KERNEL_DEBUG_CFLAGS)
KERNEL_CFLAGS = -std=gnu11 -ffreestanding -fno-pic -fno-pie -mcmodel=kernel \
	-mno-red-zone -mgeneral-regs-only -fno-stack-protector \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns \
	-fno-strict-aliasing -O2 -g $(WARN_CFLAGS)
KERNEL_LINKFLAGS = -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
	-Wl,-T,$(top_srcdir)/kernel/arch/$(KERNEL_ARCH)/kernel.ld

KERNEL_SOURCES = \
	kernel/arch/x86_64/boot.S \
	kernel/arch/x86_64/context.S \
	kernel/arch/x86_64/copyio.S \
	kernel/arch/x86_64/fpu.c \
	kernel/arch/x86_64/gdt.c \
	kernel/arch/x86_64/init.c \
	kernel/arch/x86_64/lapic.c \
	kernel/arch/x86_64/multiboot2.c \
	kernel/arch/x86_64/pcb.c kernel/arch/x86_64/pcb.h \
	kernel/arch/x86_64/pcb_state.c \
	kernel/arch/x86_64/pic.c \
	kernel/arch/x86_64/pit.c \
	kernel/arch/x86_64/pmap.c \
	kernel/arch/x86_64/pmap_attr.c \
	kernel/arch/x86_64/pmap_bootstrap.c \
	kernel/arch/x86_64/pmap_pv.c \
	kernel/arch/x86_64/pmap_remove.c \
	kernel/arch/x86_64/rtc.c \
	kernel/arch/x86_64/serial.c \
	kernel/arch/x86_64/smap.c \
	kernel/arch/x86_64/syscall.c \
	kernel/arch/x86_64/trap.c \
	kernel/arch/x86_64/trap_entry.S \
	kernel/kern/backtrace.c \
	kernel/kern/boot_info.c \
	kernel/kern/boot_script.c \
	kernel/kern/bootstrap.c \
	kernel/kern/clock.c \
	kernel/kern/cmdline.c \
	kernel/kern/console.c \
	kernel/kern/exec_elf.c \
	kernel/kern/host.c \
	kernel/kern/processor.c \
	kernel/kern/gsync.c \
	kernel/kern/cpu.c \
	kernel/kern/intr.c \
	kernel/kern/kalloc.c \
	kernel/kern/kbench.c \
	kernel/kern/kmain.c \
	kernel/kern/kstack.c \
	kernel/kern/ksyms.c \
	kernel/kern/ktest.c \
	kernel/kern/panic.c \
	kernel/kern/printf.c \
	kernel/kern/run_queue.c \
	kernel/kern/sched_policy.c \
	kernel/kern/sched_prim.c \
	kernel/kern/string.c \
	kernel/kern/syscall_emulation.c \
	kernel/kern/syscall_sw.c \
	kernel/kern/task.c \
	kernel/kern/thread.c \
	kernel/kern/timer.c \
	kernel/kern/zalloc.c \
	kernel/ipc/ipc_dnrequest.c \
	kernel/ipc/ipc_entry.c \
	kernel/ipc/ipc_fastpath.c \
	kernel/ipc/ipc_init.c \
	kernel/ipc/ipc_kmsg.c kernel/ipc/ipc_kmsg_vm.c \
	kernel/ipc/ipc_marequest.c \
	kernel/ipc/ipc_mqueue.c \
	kernel/ipc/ipc_notify.c \
	kernel/ipc/ipc_object.c \
	kernel/ipc/ipc_port.c \
	kernel/ipc/ipc_pset.c \
	kernel/ipc/ipc_right.c \
	kernel/ipc/ipc_space.c \
	kernel/ipc/mach_msg.c \
	kernel/ipc/mach_port.c \
	kernel/kern/ipc_tt.c \
	kernel/vm/vm_fault.c \
	kernel/vm/vm_kern.c \
	kernel/vm/vm_map.c \
	kernel/vm/vm_map_copy.c \
	kernel/vm/vm_map_fork.c \
	kernel/vm/vm_map_tree.c \
	kernel/vm/vm_map_wire.c \
	kernel/vm/vm_object.c \
	kernel/vm/vm_page.c \
	kernel/vm/vm_page_bootstrap.c \
	kernel/vm/vm_page_queue.c \
	kernel/vm/vm_pageout.c \
	kernel/vm/vm_pageout_pager.c \
	$(KERNEL_TEST_SOURCES) \
	$(KERNEL_BENCH_SOURCES)

KERNEL_HEADER_FILES = \
	kernel/arch/x86_64/fpu.h \
	kernel/arch/x86_64/gdt.h \
	kernel/arch/x86_64/lapic.h \
	kernel/arch/x86_64/machine/asm.h \
	kernel/arch/x86_64/machine/cpu.h \
	kernel/arch/x86_64/machine/cpu_data.h \
	kernel/arch/x86_64/machine/exec.h \
	kernel/arch/x86_64/machine/fpu.h \
	kernel/arch/x86_64/machine/machdep.h \
	kernel/arch/x86_64/machine/thread.h \
	kernel/arch/x86_64/machine/vm_param.h \
	kernel/arch/x86_64/multiboot2.h \
	kernel/arch/x86_64/pic.h \
	kernel/arch/x86_64/pit.h \
	kernel/arch/x86_64/pmap_private.h \
	kernel/arch/x86_64/serial.h \
	kernel/arch/x86_64/smap.h \
	kernel/arch/x86_64/trap.h \
	kernel/arch/x86_64/x86.h \
	kernel/kern/backtrace.h \
	kernel/kern/boot_info.h \
	kernel/kern/bootstrap.h kernel/kern/boot_script.h \
	kernel/kern/clock.h \
	kernel/kern/cmdline.h \
	kernel/kern/console.h \
	kernel/kern/copyio.h \
	kernel/kern/cpu.h \
	kernel/kern/exception.h \
	kernel/kern/exec_elf.h \
	kernel/kern/host.h \
	kernel/kern/processor.h \
	kernel/kern/gsync.h \
	kernel/kern/intr.h \
	kernel/kern/ipc_mig.h \
	kernel/kern/ipc_tt.h \
	kernel/kern/kalloc.h \
	kernel/kern/kbench.h \
	kernel/kern/kmain.h \
	kernel/kern/kstack.h \
	kernel/kern/ksyms.h \
	kernel/kern/ktest.h \
	kernel/kern/lock.h \
	kernel/kern/panic.h \
	kernel/kern/preempt.h \
	kernel/kern/printf.h \
	kernel/kern/queue.h \
	kernel/kern/run_queue.h \
	kernel/kern/sched_policy.h \
	kernel/kern/sched_prim.h \
	kernel/kern/string.h \
	kernel/kern/syscall_emulation.h \
	kernel/kern/syscall_sw.h \
	kernel/kern/task.h \
	kernel/kern/thread.h \
	kernel/kern/timer.h \
	kernel/kern/zalloc.h \
	kernel/ipc/ipc_entry.h kernel/ipc/ipc_dnrequest.h kernel/ipc/ipc_fastpath.h \
	kernel/ipc/ipc_marequest.h \
	kernel/ipc/ipc_init.h \
	kernel/ipc/ipc_kmsg.h kernel/ipc/ipc_kmsg_vm.h \
	kernel/ipc/ipc_mqueue.h \
	kernel/ipc/ipc_notify.h \
	kernel/ipc/ipc_object.h \
	kernel/ipc/ipc_port.h \
	kernel/ipc/ipc_pset.h \
	kernel/ipc/ipc_right.h \
	kernel/ipc/ipc_space.h \
	kernel/ipc/ipc_types.h \
	kernel/ipc/mach_msg.h \
	kernel/ipc/mach_port.h \
	kernel/vm/pmap.h \
	kernel/vm/vm_fault.h \
	kernel/vm/vm_kern.h \
	kernel/vm/vm_map.h \
	kernel/vm/vm_map_copy.h \
	kernel/vm/vm_map_internal.h \
	kernel/vm/vm_map_tree.h \
	kernel/vm/vm_object.h \
	kernel/vm/vm_page.h \
	kernel/vm/vm_page_queue.h \
	kernel/vm/vm_pageout.h

noinst_PROGRAMS += kernel/mach-stage1
kernel_mach_stage1_SOURCES = $(KERNEL_SOURCES) $(KERNEL_HEADER_FILES)
kernel_mach_stage1_CPPFLAGS = $(KERNEL_CPPFLAGS)
kernel_mach_stage1_CFLAGS = $(KERNEL_CFLAGS)
kernel_mach_stage1_CCASFLAGS = $(KERNEL_CFLAGS)
kernel_mach_stage1_LDFLAGS = $(KERNEL_LINKFLAGS)
kernel_mach_stage1_LDADD =
kernel_mach_stage1_LINK = $(CCLD) $(KERNEL_CFLAGS) $(KERNEL_LINKFLAGS) \
	$(KERNEL_KOBJECT_LIBS) -o $@
EXTRA_kernel_mach_stage1_DEPENDENCIES = $(top_srcdir)/kernel/arch/$(KERNEL_ARCH)/kernel.ld \
	kernel/libkobject.a kernel/libkobject_user.a

kernel/ksyms.S: kernel/mach-stage1$(EXEEXT) $(top_srcdir)/tools/gen-ksyms.awk
	$(AM_V_GEN)$(NM) -n --defined-only kernel/mach-stage1$(EXEEXT) | \
		$(AWK) -f $(top_srcdir)/tools/gen-ksyms.awk > $@.tmp && mv $@.tmp $@

kernel/ksyms.$(OBJEXT): kernel/ksyms.S
	$(AM_V_CCAS)$(CCAS) $(KERNEL_CPPFLAGS) $(KERNEL_CFLAGS) -c -o $@ kernel/ksyms.S

## Stage 2: the same objects plus the symbol table.  The text symbols must
## be where stage 1 had them, or the table would lie.
kernel/mach: kernel/mach-stage1$(EXEEXT) kernel/ksyms.$(OBJEXT)
	$(AM_V_CCLD)$(CCLD) $(KERNEL_CFLAGS) $(KERNEL_LINKFLAGS) \
		$(KERNEL_KOBJECT_LIBS) -o $@.tmp \
		$(kernel_mach_stage1_OBJECTS) kernel/ksyms.$(OBJEXT)
	@$(NM) -n --defined-only kernel/mach-stage1$(EXEEXT) | grep ' [Tt] ' > $@.syms1
	@$(NM) -n --defined-only $@.tmp | grep ' [Tt] ' > $@.syms2
	@if ! cmp -s $@.syms1 $@.syms2; then \
		echo "kernel/mach: the symbol table moved the text; see kernel/local.mk" >&2; \
		rm -f $@.tmp; exit 1; fi
	@rm -f $@.syms1 $@.syms2
	@mv $@.tmp $@

noinst_DATA += kernel/mach

## Kernel objects' KernelServer stubs: our mig (built in this tree) runs
## on each served interface at build time, into kernel/mig/.  The stubs,
## the dispatch (ipc/ipc_kobject.c), the routines they call that need
## MIG's types and the tests that build kernel-form messages are
## compiled with KERNEL defined (mach_port_t is an ipc_port_t) into one
## archive, linked whole.  kobject_mach_port_names: ipc/mach_port.c's
## mach_port_names has another signature (it fills buffers).  The stubs'
## <string.h> is kern/string.h (-I kernel/kern, for these files only).
KERNEL_MIG_SERVER_DEFS = mach_port mach mach_host gnumach
KERNEL_MIG_GEN = kernel/mig/mach_portServer.c kernel/mig/mach_portServer.h \
	kernel/mig/machServer.c kernel/mig/machServer.h \
	kernel/mig/mach_hostServer.c kernel/mig/mach_hostServer.h \
	kernel/mig/gnumachServer.c kernel/mig/gnumachServer.h
kernel/mig/stamp: $(top_srcdir)/interfaces/mach/mach_port.defs \
		$(top_srcdir)/interfaces/mach/mach.defs \
		$(top_srcdir)/interfaces/mach/mach_host.defs \
		$(top_srcdir)/interfaces/mach/gnumach.defs \
		$(top_srcdir)/kernel/local.mk \
		$(top_srcdir)/interfaces/mach/std_types.defs \
		$(top_srcdir)/interfaces/mach/mach_types.defs \
		mig/migcom $(top_srcdir)/mig/mig
	@$(MKDIR_P) kernel/mig
	$(AM_V_GEN)for i in $(KERNEL_MIG_SERVER_DEFS); do \
		MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) $(top_srcdir)/mig/mig \
		-DKERNEL_SERVER=1 -I$(top_srcdir)/interfaces \
		-server kernel/mig/$${i}Server.c -sheader kernel/mig/$${i}Server.h \
		-user /dev/null -header /dev/null \
		$(top_srcdir)/interfaces/mach/$$i.defs || exit 1; done && touch $@
$(KERNEL_MIG_GEN): kernel/mig/stamp
CLEANFILES += $(KERNEL_MIG_GEN) kernel/mig/stamp
BUILT_SOURCES += kernel/mig/stamp

noinst_LIBRARIES += kernel/libkobject.a
nodist_kernel_libkobject_a_SOURCES = $(KERNEL_MIG_GEN)
kernel_libkobject_a_SOURCES = kernel/ipc/ipc_kobject.c \
	kernel/ipc/ipc_kobject.h kernel/ipc/mach_port_kobject.c \
	kernel/kern/mach_kobject.c kernel/kern/mach_unserved.c \
	kernel/kern/thread_kobject.c kernel/kern/host_kobject.c \
	kernel/kern/gnumach_kobject.c \
	kernel/ipc/ipc_notify_send.c kernel/vm/vm_kobject.c \
	kernel/vm/memory_object.c kernel/vm/memory_object.h \
	kernel/vm/memory_object_default.c \
	kernel/vm/vm_object_name.c kernel/vm/vm_machine_attribute.c \
	kernel/kern/exception.c kernel/kern/exception.h \
	tests/qemu/test_kobject.c tests/qemu/test_exception.c \
	tests/bench/bench_kobject.c
kernel_libkobject_a_CPPFLAGS = $(KERNEL_CPPFLAGS) -DKERNEL -Ikernel/mig \
	-I$(top_srcdir)/kernel/kern \
	-Dmach_port_names=kobject_mach_port_names
kernel_libkobject_a_CFLAGS = $(KERNEL_CFLAGS)
KERNEL_KOBJECT_LIBS = -Wl,--whole-archive kernel/libkobject.a \
	kernel/libkobject_user.a -Wl,--no-whole-archive

## The kernel as a client: KernelUser stubs of the interfaces it sends
## (notifications, exceptions), generated the same way into kernel/mig/,
## built into their own archive and linked whole like the server stubs;
## they call mach_msg_send_from_kernel (simpleroutines) and
## mach_msg_rpc_from_kernel (routines), ipc/mach_msg.h through
## kern/ipc_mig.h.
KERNEL_MIG_USER_DEFS = notify exc task_notify memory_object \
	memory_object_default
KERNEL_MIG_USER_GEN = kernel/mig/notifyUser.c kernel/mig/notifyUser.h \
	kernel/mig/excUser.c kernel/mig/excUser.h \
	kernel/mig/task_notifyUser.c kernel/mig/task_notifyUser.h \
	kernel/mig/memory_objectUser.c kernel/mig/memory_objectUser.h \
	kernel/mig/memory_object_defaultUser.c \
	kernel/mig/memory_object_defaultUser.h
kernel/mig/user-stamp: $(top_srcdir)/interfaces/mach/notify.defs \
		$(top_srcdir)/interfaces/mach/exc.defs \
		$(top_srcdir)/interfaces/mach/task_notify.defs \
		$(top_srcdir)/interfaces/mach/memory_object.defs \
		$(top_srcdir)/interfaces/mach/memory_object_default.defs \
		$(top_srcdir)/kernel/local.mk \
		$(top_srcdir)/interfaces/mach/std_types.defs \
		mig/migcom $(top_srcdir)/mig/mig
	@$(MKDIR_P) kernel/mig
	$(AM_V_GEN)for i in $(KERNEL_MIG_USER_DEFS); do \
		MIGCOM=$(abs_top_builddir)/mig/migcom $(SHELL) $(top_srcdir)/mig/mig \
		-DKERNEL_USER=1 -I$(top_srcdir)/interfaces \
		-user kernel/mig/$${i}User.c -header kernel/mig/$${i}User.h \
		-server /dev/null -sheader /dev/null \
		$(top_srcdir)/interfaces/mach/$$i.defs || exit 1; done && touch $@
$(KERNEL_MIG_USER_GEN): kernel/mig/user-stamp
CLEANFILES += $(KERNEL_MIG_USER_GEN) kernel/mig/user-stamp
BUILT_SOURCES += kernel/mig/user-stamp

noinst_LIBRARIES += kernel/libkobject_user.a
nodist_kernel_libkobject_user_a_SOURCES = $(KERNEL_MIG_USER_GEN)
kernel_libkobject_user_a_CPPFLAGS = $(KERNEL_CPPFLAGS) -DKERNEL -Ikernel/mig \
	-I$(top_srcdir)/kernel/kern
kernel_libkobject_user_a_CFLAGS = $(KERNEL_CFLAGS)
CLEANFILES += kernel/mach kernel/ksyms.S kernel/ksyms.$(OBJEXT)
## The ABI headers the kernel adds to include/mach (the rest come with mig).
KERNEL_ABI_HEADER_FILES = include/mach/syscall_sw.h include/mach/vm_prot.h \
	include/mach/exception.h include/mach/x86_64/exception.h \
	include/mach/vm_inherit.h include/mach/task_special_ports.h \
	include/mach/thread_status.h include/mach/x86_64/thread_status.h \
	include/mach/thread_info.h include/mach/task_info.h \
	include/mach/time_value.h include/mach/policy.h \
	include/mach/thread_special_ports.h \
	include/mach/machine.h include/mach/host_info.h \
	include/mach/processor_info.h include/mach/gsync.h \
	include/mach/memory_object.h

EXTRA_DIST += kernel/README.md kernel/arch/x86_64/kernel.ld include/README.md \
	$(KERNEL_ABI_HEADER_FILES)
