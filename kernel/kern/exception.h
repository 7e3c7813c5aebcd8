/*
 * kern/exception.h: what becomes of a user thread that takes an
 * exception, or makes a system call that nothing serves.
 *
 * The machine-dependent trap code only decodes a fault into Mach's form,
 * (exception, code, subcode) of <mach/exception.h> and the machine's
 * codes, and hands it here: the policy lives in this one place.  With
 * IPC, exception_raise becomes Mach's: the exception message of exc.defs
 * goes to the thread's, then the task's exception port, and the thread
 * resumes when a handler replies that it dealt with it.  Until then no
 * exception has a handler, and the task ends.
 */
#ifndef KERN_EXCEPTION_H
#define KERN_EXCEPTION_H

#include <mach/exception.h>
#include <mach/machine_types.h>

/*
 * EXC_SOFTWARE code: a system call that is no Mach trap, with no
 * emulation to redirect it to (the subcode is its number).  The value
 * is Mach 3's EXC_UNIX_BAD_SYSCALL, the first code of the emulation's.
 */
#define EXC_SOFTWARE_BAD_SYSCALL 0x10000

/*
 * Routine:	exception_raise
 * Purpose:	The current thread took `exception' (`code', `subcode') in
 *		user mode.  No handler exists yet: record the exception in
 *		the task (the first one), say so on the console, and
 *		terminate the task.
 * Conditions:	In the faulting thread, from the trap handler, no lock
 *		held, interrupts enabled.
 * Returns:	When the thread may return to user mode (its state as a
 *		handler left it).  Today never: the thread ends on the way.
 */
void exception_raise(integer_t exception, integer_t code,
		     rpc_long_integer_t subcode);

/*
 * Routine:	exception_bad_syscall
 * Purpose:	The current thread made system call `number', which is
 *		no Mach trap, and its task has no emulation to take it:
 *		EXC_SOFTWARE with EXC_SOFTWARE_BAD_SYSCALL; the task ends
 *		as TASK_UNHANDLED_SYSCALL.
 * Conditions:	As exception_raise.
 * Returns:	As exception_raise.
 */
void exception_bad_syscall(rpc_long_integer_t number);

#endif
