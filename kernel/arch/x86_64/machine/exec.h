/*
 * machine/exec.h: what user programs look like on this machine.
 */
#ifndef MACHINE_EXEC_H
#define MACHINE_EXEC_H

#include <stdint.h>

#include <machine/vm_param.h>

/* The ELF e_machine of x86_64 programs. */
#define ARCH_ELF_MACHINE 62

/* The initial user stack: just below the top of the user half. */
#define USER_STACK_TOP  (USER_LIMIT - PAGE_SIZE)
#define USER_STACK_SIZE ((uintptr_t)64 * 1024)

struct arch_thread;

/*
 * Set a new thread's user state: start at `entry' with stack pointer
 * `sp', every other register zero, interrupts enabled, and the FPU and
 * SSE registers in their initial state (FNINIT's, MXCSR 0x1f80).
 */
void arch_thread_set_user_state(struct arch_thread *at, uintptr_t entry,
				uintptr_t sp);

/* Enter user mode in the current thread's user state; never returns. */
void arch_thread_enter_user(struct arch_thread *at) __attribute__((noreturn));

#endif
