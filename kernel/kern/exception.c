/*
 * kern/exception.c: the exception policy (kern/exception.h).
 */

#include <machine/thread.h>

#include "kern/exception.h"
#include "kern/lock.h"
#include "kern/printf.h"
#include "kern/task.h"
#include "kern/thread.h"

static const char *const exception_names[] = {
	[EXC_BAD_ACCESS] = "bad access",
	[EXC_BAD_INSTRUCTION] = "bad instruction",
	[EXC_ARITHMETIC] = "arithmetic",
	[EXC_EMULATION] = "emulation",
	[EXC_SOFTWARE] = "software",
	[EXC_BREAKPOINT] = "breakpoint",
};

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

void
exception_raise(integer_t exception, integer_t code, rpc_long_integer_t subcode)
{
	raise_ending(exception, code, subcode, TASK_FAULTED);
}

void
exception_bad_syscall(rpc_long_integer_t number)
{
	raise_ending(EXC_SOFTWARE, EXC_SOFTWARE_BAD_SYSCALL, number,
		     TASK_UNHANDLED_SYSCALL);
}
