/*
 * kern/exception.c: the exception policy (kern/exception.h).  The
 * exception message is exc.defs' exception_raise, sent through the
 * KernelUser stub our mig generates (kernel/mig/excUser.c), which waits
 * for the handler's reply in mach_msg_rpc_from_kernel.  Compiled with
 * KERNEL defined (kernel/libkobject.a), as the stub's callers are.
 */

#include <machine/thread.h>

#include "ipc/ipc_port.h"
#include "kern/exception.h"
#include "kern/ipc_mig.h"
#include "kern/ipc_tt.h"
#include "kern/lock.h"
#include "kern/printf.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "excUser.h"

static const char *const exception_names[] = {
	[EXC_BAD_ACCESS] = "bad access",
	[EXC_BAD_INSTRUCTION] = "bad instruction",
	[EXC_ARITHMETIC] = "arithmetic",
	[EXC_EMULATION] = "emulation",
	[EXC_SOFTWARE] = "software",
	[EXC_BREAKPOINT] = "breakpoint",
};

static uint64_t exceptions_handled;

/* No handler took it: record it in the task, say so, end the task. */
static void
raise_ending(integer_t exception, integer_t code, rpc_long_integer_t subcode,
	     enum task_end end)
{
	thread_t self = current_thread();
	task_t task = self->task;
	const char *name = exception > 0 && exception <= EXC_BREAKPOINT
				   ? exception_names[exception]
				   : "unknown";

	kprintf("task %s: %s exception (code %#x, subcode %#llx) at pc %p; "
		"terminated\n",
		task->name, name, (unsigned)code, (unsigned long long)subcode,
		(void *)arch_thread_user_pc(&self->arch));
	simple_lock(&task->lock);
	if (task->end == TASK_RUNNING) {
		task->exc_type = exception;
		task->exc_code = code;
		task->exc_subcode = subcode;
	}
	simple_unlock(&task->lock);
	task_terminate_internal(task, end);
	thread_user_return_check();
}

/*
 * Offer the exception to the handler whose send right `port' the caller
 * holds, with send rights to the thread's and the task's ports (the
 * stub copies them; ours are released after).  Returns the handler's
 * answer, or what ended the RPC (MIG_SERVER_DIED for a request
 * destroyed unreceived, MACH_RCV_INTERRUPTED when the task ends).
 */
static kern_return_t
offer(ipc_port_t port, thread_t self, integer_t exception, integer_t code,
      rpc_long_integer_t subcode)
{
	ipc_port_t thread_port = retrieve_thread_self(self);
	ipc_port_t task_port = retrieve_task_self(self->task);
	kern_return_t kr = exception_raise(port, thread_port, task_port,
					   exception, code, subcode);
	ipc_port_release_send(thread_port);
	ipc_port_release_send(task_port);
	return kr;
}

/* Whether the handler whose send right `port' is (consumed) dealt
 * with it; a null or dead port has no handler. */
static bool
offered(ipc_port_t port, thread_t self, integer_t exception, integer_t code,
	rpc_long_integer_t subcode)
{
	if (!IP_VALID(port)) {
		ipc_port_release_send(port); /* IP_DEAD: nothing */
		return false;
	}
	kern_return_t kr = offer(port, self, exception, code, subcode);
	ipc_port_release_send(port);
	return kr == KERN_SUCCESS;
}

/* Whether the thread's exception port's handler, or else the task's,
 * dealt with it (Mach's order: the next is tried when one fails). */
static bool
handled(integer_t exception, integer_t code, rpc_long_integer_t subcode)
{
	thread_t self = current_thread();
	task_t task = self->task;

	simple_lock(&self->ith_lock);
	ipc_port_t port = ipc_port_copy_send(self->ith_exception);
	simple_unlock(&self->ith_lock);
	bool done = offered(port, self, exception, code, subcode);
	/* A handler may end the thread instead of answering: it leaves,
	 * and its task lives on. */
	if (!done && thread_must_leave(self))
		return true;
	if (!done && !task_is_terminating(task)) {
		simple_lock(&task->lock);
		port = ipc_port_copy_send(task->itk_exception);
		simple_unlock(&task->lock);
		done = offered(port, self, exception, code, subcode);
	}
	if (done)
		__atomic_add_fetch(&exceptions_handled, 1, __ATOMIC_RELAXED);
	return done;
}

void
exception_deliver(integer_t exception, integer_t code,
		  rpc_long_integer_t subcode)
{
	if (!handled(exception, code, subcode))
		raise_ending(exception, code, subcode, TASK_FAULTED);
	thread_user_return_check();
}

void
exception_bad_syscall(rpc_long_integer_t number)
{
	if (!handled(EXC_SOFTWARE, EXC_SOFTWARE_BAD_SYSCALL, number))
		raise_ending(EXC_SOFTWARE, EXC_SOFTWARE_BAD_SYSCALL, number,
			     TASK_UNHANDLED_SYSCALL);
	thread_user_return_check();
}

uint64_t
exception_handled_count(void)
{
	return __atomic_load_n(&exceptions_handled, __ATOMIC_RELAXED);
}
