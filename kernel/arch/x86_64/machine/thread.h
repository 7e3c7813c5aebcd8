/*
 * machine/thread.h: the machine-dependent part of a thread.
 */
#ifndef MACHINE_THREAD_H
#define MACHINE_THREAD_H

#include <stdint.h>

#include "arch/x86_64/trap.h"

struct arch_thread {
	uintptr_t sp; /* saved kernel stack pointer while switched out */
	/*
	 * The user-mode registers while the thread is in the kernel: a
	 * trap or system call from user mode saves them here (TSS.rsp0
	 * points at the end of this frame), not on the kernel stack.
	 */
	struct trap_frame user_frame;
};

/* Kernel stacks: 16 KiB, 2^2 pages. */
#define KERNEL_STACK_ORDER 2

/*
 * Prepare a new thread's kernel stack [stack_base, stack_top) so that
 * the first switch to it enters thread_continue(prev).
 */
void arch_thread_init(struct arch_thread *at, uintptr_t stack_top);

struct thread;

/* The base of the boot stack, which the boot CPU's idle thread keeps. */
uintptr_t arch_boot_stack_base(void);

/*
 * The scheduler is about to run `next' on this CPU: point the CPU's
 * kernel entry stack at next's, switch address spaces if its task has
 * another.  sched_lock held, interrupts off.
 */
void arch_thread_switched_to(struct thread *next);

void *arch_switch_context(uintptr_t *save_sp, uintptr_t new_sp, void *prev);
void arch_call_continuation(void (*fn)(void *), uintptr_t stack_top, void *prev)
	__attribute__((noreturn));

#endif
