/*
 * pcb.c: the machine-dependent state of threads (the process control
 * block, in Mach's words).
 */

#include <machine/thread.h>

extern const char arch_thread_trampoline[];
extern char boot_stack_bottom[];

/* The registers arch_switch_context pops: r15 r14 r13 r12 rbx rbp. */
#define SAVED_REGS 6

void
arch_thread_init(struct arch_thread *at, uintptr_t stack_top)
{
	uintptr_t *sp = (uintptr_t *)stack_top;
	/* The return address sits where, after `ret', rsp is 16-aligned. */
	*--sp = (uintptr_t)arch_thread_trampoline;
	for (int i = 0; i < SAVED_REGS; i++)
		*--sp = 0;
	at->sp = (uintptr_t)sp;
}

void
arch_thread_switched_to(struct thread *next)
{
	(void)next; /* user mode and address spaces add to this */
}

uintptr_t
arch_boot_stack_base(void)
{
	return (uintptr_t)boot_stack_bottom;
}
