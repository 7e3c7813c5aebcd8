/*
 * kern/exception.h: what becomes of a user thread that takes an
 * exception, or makes a system call that nothing serves.
 *
 * The machine-dependent trap code only decodes a fault into Mach's form,
 * (exception, code, subcode) of <mach/exception.h> and the machine's
 * codes, and hands it here: the policy lives in this one place.  It is
 * Mach's: the exception message of exc.defs (exception_raise, msgh_id
 * 2400) goes to the task's exception port, and the thread resumes where
 * it took the exception when the handler replies KERN_SUCCESS (having
 * fixed what it must: mapped the page, changed the thread's state).
 * Any other answer, or none (no port, a dead one, a bad reply), and the
 * task ends as without a handler.  The thread's own exception port
 * (THREAD_EXCEPTION_PORT) is tried first, then the task's.
 */
#ifndef KERN_EXCEPTION_H
#define KERN_EXCEPTION_H

#include <stdint.h>

#include <mach/exception.h>
#include <mach/machine_types.h>

/*
 * EXC_SOFTWARE code: a system call that is no Mach trap, with no
 * emulation to redirect it to (the subcode is its number).  The value
 * is Mach 3's EXC_UNIX_BAD_SYSCALL, the first code of the emulation's.
 */
#define EXC_SOFTWARE_BAD_SYSCALL 0x10000

/*
 * Routine:	exception_deliver
 * Purpose:	The current thread took `exception' (`code', `subcode') in
 *		user mode: offer it to the handler, and wait for its
 *		answer (interruptibly: the task can be terminated
 *		meanwhile).  With no handler that dealt with it, record
 *		the exception in the task (the first one), say so on the
 *		console, and terminate the task (TASK_FAULTED).
 * Conditions:	In the faulting thread, from the trap handler, no lock
 *		held, interrupts enabled.
 * Returns:	When the thread may return to user mode (its state as a
 *		handler left it); not if the task ended.
 */
void exception_deliver(integer_t exception, integer_t code,
		       rpc_long_integer_t subcode);

/*
 * Routine:	exception_bad_syscall
 * Purpose:	The current thread made system call `number', which is
 *		no Mach trap, and its task has no emulation to take it:
 *		EXC_SOFTWARE with EXC_SOFTWARE_BAD_SYSCALL, delivered as
 *		exception_deliver does; unhandled, the task ends as
 *		TASK_UNHANDLED_SYSCALL.  Handled, the thread goes on
 *		after the system call, its registers as the handler left
 *		them.
 * Conditions:	As exception_raise.
 * Returns:	As exception_raise.
 */
void exception_bad_syscall(rpc_long_integer_t number);

/* Exceptions a handler answered KERN_SUCCESS to, since boot. */
uint64_t exception_handled_count(void);

#endif
