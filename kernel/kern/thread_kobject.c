/*
 * kern/thread_kobject.c: the thread routines of mach.defs that its
 * KernelServer stubs call (thread_create, thread_terminate,
 * thread_get_state, thread_set_state, thread_info, thread_suspend,
 * thread_resume, thread_abort, thread_get_special_port,
 * thread_set_special_port), with GNU Mach's semantics and codes.
 * The stubs convert the thread port (a reference, kern/ipc_tt.h) and
 * drop it after the call.  Compiled with KERNEL defined.
 *
 * A thread of any task may be named: the port is the capability.  A
 * thread that has ended has no port any more (its holders have a dead
 * name, and a send to it fails with MACH_SEND_INVALID_DEST); one that is
 * ending while a routine holds a reference answers KERN_FAILURE.
 */

#include <mach/thread_info.h>
#include <mach/thread_special_ports.h>
#include <mach/thread_status.h>

#include "ipc/ipc_port.h"
#include "kern/clock.h"
#include "kern/ipc_mig.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "machServer.h"

kern_return_t
thread_create(task_t parent_task, thread_t *child_thread)
{
	if (parent_task == NULL)
		return KERN_INVALID_ARGUMENT;
	return thread_create_suspended(parent_task, child_thread);
}

kern_return_t
thread_terminate(thread_t thread)
{
	thread_t self = current_thread();

	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	if (thread == self) {
		/* It ends on its way out, after the reply. */
		thread_terminate_request(thread);
		return KERN_SUCCESS;
	}
	if (thread_must_leave(self))
		return KERN_FAILURE; /* the caller is ending itself */
	if (__atomic_load_n(&thread->dead, __ATOMIC_ACQUIRE) ||
	    !thread_terminate_request(thread))
		return KERN_FAILURE; /* someone got there first */
	/* As GNU Mach, its port is dead when this returns. */
	thread_wait_dead(thread);
	return KERN_SUCCESS;
}

kern_return_t
thread_suspend(thread_t thread)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	thread_hold(thread);
	return KERN_SUCCESS;
}

kern_return_t
thread_resume(thread_t thread)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	return thread_release(thread);
}

kern_return_t
thread_abort(thread_t thread)
{
	if (thread == NULL || thread == current_thread())
		return KERN_INVALID_ARGUMENT;
	return thread_abort_wait(thread);
}

/*
 * The thread's user state is read and written with interrupts off, so
 * that the thread (not running: not the caller) cannot run and enter
 * the kernel, saving into it, in the middle.
 */

kern_return_t
thread_get_state(thread_t thread, int flavor, thread_state_t old_state,
		 mach_msg_type_number_t *old_stateCnt)
{
	if (thread == NULL || thread == current_thread())
		return KERN_INVALID_ARGUMENT;
	if (__atomic_load_n(&thread->dead, __ATOMIC_ACQUIRE))
		return KERN_FAILURE;
	bool s = intr_disable();
	kern_return_t kr = arch_thread_get_state(&thread->arch, flavor,
						 old_state, old_stateCnt);
	intr_restore(s);
	return kr;
}

kern_return_t
thread_set_state(thread_t thread, int flavor, const thread_state_t new_state,
		 mach_msg_type_number_t new_stateCnt)
{
	bool current = thread == current_thread();

	/* GNU Mach sets only the FS and GS bases of the caller itself. */
	if (thread == NULL || (current && flavor != i386_FSGS_BASE_STATE))
		return KERN_INVALID_ARGUMENT;
	if (__atomic_load_n(&thread->dead, __ATOMIC_ACQUIRE))
		return KERN_FAILURE;
	bool s = intr_disable();
	kern_return_t kr = arch_thread_set_state(&thread->arch, current, flavor,
						 new_state, new_stateCnt);
	intr_restore(s);
	return kr;
}

/* Clock ticks as a time value (since boot). */
static rpc_time_value_t
ticks_to_time(uint64_t ticks)
{
	rpc_time_value_t t = {
		.seconds = (rpc_long_integer_t)(ticks / HZ),
		.microseconds = (integer_t)((ticks % HZ) * (1000000 / HZ)),
	};
	return t;
}

static time_value64_t
ticks_to_time64(uint64_t ticks)
{
	time_value64_t t = {
		.seconds = (int64_t)(ticks / HZ),
		.nanoseconds = (int64_t)((ticks % HZ) * (1000000000 / HZ)),
	};
	return t;
}

/* GNU Mach's run state of `th'.  sched_lock held. */
static integer_t
run_state(const struct thread *th)
{
	if (th->state & TH_RUN)
		return TH_STATE_RUNNING;
	if ((th->state & (TH_WAIT | TH_UNINT)) == (TH_WAIT | TH_UNINT))
		return TH_STATE_UNINTERRUPTIBLE;
	if (th->suspend_count > 0)
		return TH_STATE_STOPPED; /* stopped, or waiting suspended */
	if (th->state & TH_WAIT)
		return TH_STATE_WAITING;
	return 0; /* ended */
}

/*
 * Usage per mille of one CPU: a thread that always runs adds
 * SCHED_TICK_USAGE a tick and decays by 5/8 a second, so its usage
 * settles at HZ * SCHED_TICK_USAGE * 8 / 3.
 */
static integer_t
usage_per_mille(uint32_t usage)
{
	uint64_t u = (uint64_t)usage * 3 * TH_USAGE_SCALE /
		     (8ull * HZ * SCHED_TICK_USAGE);
	return (integer_t)(u > TH_USAGE_SCALE ? TH_USAGE_SCALE : u);
}

static void
basic_info(const struct thread *th, struct thread_basic_info *bi)
{
	memset(bi, 0, sizeof *bi);
	bool s = intr_disable();
	spin_lock(&sched_lock);
	/* Every tick is charged as user time: there is no split. */
	bi->user_time = ticks_to_time(th->ticks_run);
	bi->user_time64 = ticks_to_time64(th->ticks_run);
	bi->cpu_usage = usage_per_mille(th->cpu_usage);
	bi->base_priority = th->base_priority;
	bi->cur_priority = th->sched_priority;
	bi->run_state = run_state(th);
	bi->flags = (th->kernel_stack == 0 ? TH_FLAGS_SWAPPED : 0) |
		    (th == cpu_current()->idle_thread ? TH_FLAGS_IDLE : 0);
	bi->suspend_count = (integer_t)th->user_stop_count;
	spin_unlock(&sched_lock);
	intr_restore(s);
	bi->creation_time = ticks_to_time(th->created_tick);
	bi->creation_time64 = ticks_to_time64(th->created_tick);
}

kern_return_t
thread_info(thread_t thread, int flavor, thread_info_t thread_info_out,
	    mach_msg_type_number_t *thread_info_outCnt)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;

	switch (flavor) {
	case THREAD_BASIC_INFO: {
		/* As GNU Mach: a caller without the 64-bit times gets the
		 * words it asked for. */
		if (*thread_info_outCnt < THREAD_BASIC_INFO_OLD_COUNT)
			return KERN_INVALID_ARGUMENT;
		struct thread_basic_info bi;
		basic_info(thread, &bi);
		if (*thread_info_outCnt > THREAD_BASIC_INFO_COUNT)
			*thread_info_outCnt = THREAD_BASIC_INFO_COUNT;
		memcpy(thread_info_out, &bi,
		       *thread_info_outCnt * sizeof(natural_t));
		return KERN_SUCCESS;
	}
	case THREAD_SCHED_INFO: {
		/* As GNU Mach: one word short (no last_processor) is taken,
		 * and the whole is given (the caller's stub then answers
		 * MIG_ARRAY_TOO_LARGE). */
		if (*thread_info_outCnt < THREAD_SCHED_INFO_COUNT - 1)
			return KERN_INVALID_ARGUMENT;
		struct thread_sched_info si;
		memset(&si, 0, sizeof si);
		bool s = intr_disable();
		spin_lock(&sched_lock);
		si.policy = thread->policy; /* GNU Mach's POLICY_* values */
		si.data = thread->policy == POLICY_FIXEDPRI
				  ? SCHED_QUANTUM * (1000 / HZ)
				  : 0;
		si.base_priority = thread->base_priority;
		si.max_priority = thread->max_priority;
		si.cur_priority = thread->sched_priority;
		si.depressed = thread->depressed;
		si.depress_priority =
			thread->depressed ? thread->base_priority : -1;
		si.last_processor = 0;
		spin_unlock(&sched_lock);
		intr_restore(s);
		memcpy(thread_info_out, &si, sizeof si);
		*thread_info_outCnt = THREAD_SCHED_INFO_COUNT;
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/* The special port `which' of `thread': its slot, or NULL. */
static ipc_port_t *
thread_special_slot(thread_t thread, int which)
{
	switch (which) {
	case THREAD_KERNEL_PORT:
		return &thread->ith_sself;
	case THREAD_EXCEPTION_PORT:
		return &thread->ith_exception;
	default:
		return NULL;
	}
}

kern_return_t
thread_get_special_port(thread_t thread, int which_port,
			ipc_port_t *special_port)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_port_t *slot = thread_special_slot(thread, which_port);
	if (slot == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&thread->ith_lock);
	if (thread->ith_self == IP_NULL) {
		simple_unlock(&thread->ith_lock);
		return KERN_FAILURE; /* it has ended */
	}
	*special_port = ipc_port_copy_send(*slot);
	simple_unlock(&thread->ith_lock);
	return KERN_SUCCESS;
}

kern_return_t
thread_set_special_port(thread_t thread, int which_port,
			ipc_port_t special_port)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_port_t *slot = thread_special_slot(thread, which_port);
	if (slot == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&thread->ith_lock);
	if (thread->ith_self == IP_NULL) {
		simple_unlock(&thread->ith_lock);
		return KERN_FAILURE;
	}
	ipc_port_t old = *slot;
	*slot = special_port;
	simple_unlock(&thread->ith_lock);
	ipc_port_release_send(old);
	return KERN_SUCCESS;
}
