/*
 * test_trap.c: traps and the kernel's boundary with user mode: copyin
 * and copyout faults, the interrupt stack table, and returns to user
 * mode that the CPU would refuse.
 */

#include <mach/exception.h>
#include <mach/x86_64/exception.h>
#include <machine/vm_param.h>

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/smap.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/trap.h"
#include "kern/copyio.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

/* No user page is mapped in the kernel's own address space. */
#define UNMAPPED_USER_ADDRESS ((void *)0x10000)

/* A fault on the user's side of a copy fails the copy, nothing else. */
KTEST(copyio_user_fault_fails)
{
	char buf[16] = "unchanged";
	KTEST_ASSERT_EQ(copyin(UNMAPPED_USER_ADDRESS, buf, 8),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(copyout(buf, UNMAPPED_USER_ADDRESS, 8),
			KERN_INVALID_ADDRESS);
	/* A range that leaves the user half is refused before any copy. */
	KTEST_ASSERT_EQ(copyin((const void *)(USER_LIMIT - 4), buf, 8),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(copyout(buf, (void *)(USER_LIMIT - 4), 8),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(copyin((const void *)-8, buf, 16),
			KERN_INVALID_ADDRESS);
	/* Nothing to copy: nothing touched. */
	KTEST_ASSERT_EQ(copyin(UNMAPPED_USER_ADDRESS, buf, 0), KERN_SUCCESS);
	KTEST_ASSERT(strcmp(buf, "unchanged") == 0);
}

/*
 * A fault on the kernel's side of a copy (here the source of a copyout
 * is a null pointer's neighbour) is a kernel bug, not a bad user
 * address: the kernel stops with a backtrace.  Must fail (self-check).
 */
KTEST_EXPLICIT(selfcheck_copyio_kernel_fault)
{
	kern_return_t kr =
		copyout((const void *)8, UNMAPPED_USER_ADDRESS, sizeof(long));
	ktest_fail("copyout from a bad kernel address returned %d", kr);
}

/* NMI, #DB, #DF and #MC each run on an interrupt stack of their own. */
KTEST(trap_ist_stacks)
{
	static const unsigned vectors[] = { T_DOUBLE_FAULT, T_NMI, T_DEBUG,
					    T_MACHINE_CHECK };
	uintptr_t base[4], top[4];
	for (unsigned i = 0; i < 4; i++) {
		unsigned ist = trap_gate_ist(vectors[i]);
		KTEST_ASSERT(ist >= 1 && ist <= IST_STACKS);
		gdt_ist_stack(ist, &base[i], &top[i]);
		KTEST_ASSERT_EQ(top[i] - base[i], IST_STACK_SIZE);
		KTEST_ASSERT_EQ(top[i] % 16, 0);
		for (unsigned j = 0; j < i; j++)
			KTEST_ASSERT(top[i] <= base[j] || top[j] <= base[i]);
	}
	/* Everything else runs on the stack it interrupted, or rsp0. */
	KTEST_ASSERT_EQ(trap_gate_ist(T_PAGE_FAULT), 0);
	KTEST_ASSERT_EQ(trap_gate_ist(T_GENERAL_PROTECTION), 0);
	KTEST_ASSERT_EQ(trap_gate_ist(32), 0);
}

/* TSS.rsp0 is the end of the running thread's user frame, 16-aligned. */
KTEST(trap_user_frame_is_rsp0)
{
	thread_t self = current_thread();
	uintptr_t end = (uintptr_t)(&self->arch.user_frame + 1);
	KTEST_ASSERT_EQ(gdt_user_trap_stack(), end);
	KTEST_ASSERT_EQ(end % 16, 0);
}

/*
 * Start a user thread in a new empty task with `frame_set' applied to
 * its first user state, and return how the task ended.
 */
static task_t
run_with_frame(void (*frame_set)(struct trap_frame *))
{
	task_t task;
	thread_t th;
	if (task_create_user("badframe", &task) != KERN_SUCCESS)
		return NULL;
	/* Created runnable below the test's priority: it waits for us. */
	if (user_thread_create(task, 0x10000, 0x20000, &th) != KERN_SUCCESS) {
		task_deallocate(task);
		return NULL;
	}
	frame_set(&th->arch.user_frame);
	task_wait_terminated(task);
	return task;
}

static void
set_noncanonical_rip(struct trap_frame *f)
{
	f->rip = USER_LIMIT;
}

static void
set_noncanonical_rsp(struct trap_frame *f)
{
	f->rsp = USER_LIMIT + 0x1000;
}

static void
set_kernel_ss(struct trap_frame *f)
{
	f->ss = GDT_KERNEL_DATA;
}

static void
set_kernel_cs(struct trap_frame *f)
{
	f->cs = GDT_KERNEL_CODE | 3;
}

/*
 * A user state that iretq would fault on, in kernel mode after swapgs
 * (non-canonical rip or rsp, selectors not the user's), is the thread's
 * general-protection fault, as the CPU would have raised it in user
 * mode; the kernel goes on.
 */
KTEST(user_return_bad_frame_faults_the_task)
{
	void (*const sets[])(struct trap_frame *) = {
		set_kernel_ss,
		set_kernel_cs,
		set_noncanonical_rip,
		set_noncanonical_rsp,
	};
	for (unsigned i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		task_t t = run_with_frame(sets[i]);
		KTEST_ASSERT(t != NULL);
		KTEST_ASSERT_EQ(t->end, TASK_FAULTED);
		KTEST_ASSERT_EQ(t->exc_type, EXC_BAD_INSTRUCTION);
		KTEST_ASSERT_EQ(t->exc_code, EXC_I386_GPFLT);
		task_deallocate(t);
	}
}

/* SMEP and SMAP are on exactly when the CPU has them. */
KTEST(cpu_smep_smap_as_cpuid_says)
{
	uint32_t ebx = cpuid(0, 0).eax >= 7 ? cpuid(7, 0).ebx : 0;
	KTEST_ASSERT_EQ(smap_smep_on(), (ebx & (1u << 7)) != 0);
	KTEST_ASSERT_EQ(smap_smap_on(), (ebx & (1u << 20)) != 0);
	KTEST_ASSERT_EQ(smap_enabled, smap_smap_on());
	kprintf("# SMEP %s, SMAP %s\n", smap_smep_on() ? "on" : "off",
		smap_smap_on() ? "on" : "off");
}

#define SMAP_TEST_VA 0x400000

/*
 * Map one user page at SMAP_TEST_VA in a new pmap holding `byte' and
 * load the pmap, interrupts off (a switch would load another).
 * Returns false if memory is short.
 */
static bool
load_user_page(uint8_t byte, vm_prot_t prot)
{
	struct vm_page *pg = vm_page_alloc();
	if (pg == NULL)
		return false;
	uint64_t pa = vm_page_to_phys(pg);
	memset(phys_to_virt(pa), byte, PAGE_SIZE);
	pmap_t p = pmap_create();
	if (p == NULL ||
	    pmap_enter(p, SMAP_TEST_VA, pa, prot, false) != KERN_SUCCESS)
		return false;
	intr_disable();
	pmap_activate(p);
	return true;
}

/*
 * With SMAP the kernel cannot read a user page but through copyin.
 * Boots on a CPU model with SMAP; must fail (self-check).
 */
KTEST_EXPLICIT(selfcheck_smap_read)
{
	KTEST_ASSERT(smap_smap_on());
	KTEST_ASSERT(load_user_page(0x5a, VM_PROT_READ | VM_PROT_WRITE));
	uint8_t seen = 0;
	KTEST_ASSERT_EQ(copyin((const void *)SMAP_TEST_VA, &seen, 1),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(seen, 0x5a);
	seen = *(volatile uint8_t *)SMAP_TEST_VA;
	ktest_fail("the kernel read a user page (%#x) under SMAP", seen);
}

/*
 * With SMEP the kernel cannot execute a user page.  Boots on a CPU
 * model with SMEP; must fail (self-check).
 */
KTEST_EXPLICIT(selfcheck_smep_execute)
{
	KTEST_ASSERT(smap_smep_on());
	/* A page of `ret' instructions. */
	KTEST_ASSERT(load_user_page(0xc3, VM_PROT_READ | VM_PROT_EXECUTE));
	((void (*)(void))SMAP_TEST_VA)();
	ktest_fail("the kernel ran code from a user page under SMEP");
}
