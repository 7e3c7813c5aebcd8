/*
 * kern/syscall_sw.h: the table of Mach traps (numbers in
 * include/mach/syscall_sw.h).
 */
#ifndef KERN_SYSCALL_SW_H
#define KERN_SYSCALL_SW_H

#include <stdbool.h>
#include <stdint.h>

#define MACH_TRAP_NARGS 6

/*
 * Run trap `number' with `args' and put its result in *result.  Returns
 * false if `number' is not a Mach trap number at all (a non-negative
 * number: a system call for the task's emulation).  An unassigned Mach
 * trap number returns KERN_INVALID_ARGUMENT, as in Mach.
 */
bool mach_trap_dispatch(long number, const uintptr_t args[MACH_TRAP_NARGS],
			uintptr_t *result);

/*
 * mach_msg_trap as mach_trap_dispatch runs it (counted, notifications
 * delivered after), for the entry's direct call: its arguments as the
 * trap passes them, the result zero-extended as the trap returns it.
 */
uintptr_t mach_trap_mach_msg(uintptr_t msg, uintptr_t option,
			     uintptr_t send_size, uintptr_t rcv_size,
			     uintptr_t rcv_name, uintptr_t timeout);

/*
 * Finish the current thread's Mach trap with `result' from a
 * continuation, as mach_trap_dispatch and the trap's return path would
 * have: deliver pending notifications, end the thread if its task is
 * terminating, return to user mode.
 */
void mach_trap_return(uintptr_t result) __attribute__((noreturn));

#endif
