/*
 * kern/syscall_sw.h: the table of Mach traps (numbers in
 * include/mach/syscall_sw.h).
 */
#ifndef KERN_SYSCALL_SW_H
#define KERN_SYSCALL_SW_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc/ipc_notify.h"
#include "kern/task.h"
#include "kern/thread.h"

#define MACH_TRAP_NARGS 6
#define MACH_TRAP_MAX   128

typedef uintptr_t (*mach_trap_fn)(const uintptr_t *args);

struct mach_trap {
	const char *name;
	mach_trap_fn fn;
};

/* The traps by negated number (syscall_sw.c); an unassigned number's
 * has no function. */
extern const struct mach_trap mach_traps[MACH_TRAP_MAX];

/* Count a Mach trap of the current thread's (its task's statistics). */
static inline void
mach_trap_count(void)
{
	__atomic_add_fetch(&current_thread()->task->syscalls_mach, 1,
			   __ATOMIC_RELAXED);
}

/*
 * The function of Mach trap `number' (negative), the call counted; NULL
 * for an unassigned number, which returns KERN_INVALID_ARGUMENT as in
 * Mach.  Inline in the system call's entry, so that a trap that is not
 * there costs no call.
 */
static inline mach_trap_fn
mach_trap_function(long number)
{
	mach_trap_count();
	return number > -MACH_TRAP_MAX ? mach_traps[-number].fn : NULL;
}

/*
 * Run `fn' (mach_trap_function's) with `args' and return its result;
 * what the call made the kernel record (notifications) goes out before
 * it returns.
 */
uintptr_t mach_trap_call(mach_trap_fn fn,
			 const uintptr_t args[MACH_TRAP_NARGS]);

/*
 * The end of every Mach trap (mach_trap_call's, mach_trap_return's and
 * the entry's own call of mach_msg_trap): what the call made the kernel
 * record (notifications) goes out before it returns.
 */
static inline void
mach_trap_epilogue(void)
{
	if (ipc_notify_pending() != 0)
		ipc_notify_deliver();
}

/*
 * Finish the current thread's Mach trap with `result' from a
 * continuation, as mach_trap_call and the trap's return path would
 * have: deliver pending notifications, end the thread if its task is
 * terminating, return to user mode.  Inline in the continuations that
 * end a trap (mach_msg's receive), whose frame it then needs no more.
 */
static inline __attribute__((noreturn)) void
mach_trap_return(uintptr_t result)
{
	mach_trap_epilogue();
	thread_user_return_check();
	arch_syscall_return(result);
}

#endif
