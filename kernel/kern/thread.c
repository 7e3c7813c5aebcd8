/*
 * kern/thread.c: creating and ending threads; kernel stacks.
 *
 * Threads come from thread_zone; their kernel stacks from kern/kstack.c.
 */

#include <machine/exec.h>
#include <machine/vm_param.h>

#include "kern/clock.h"
#include "kern/ipc_tt.h"
#include "kern/kstack.h"
#include "kern/lock.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

static zone_t thread_zone;
static uint64_t next_thread_id;

/* The boot CPU's idle thread: the boot context itself. */
static struct thread idle_thread_store;

static void
thread_init_common(thread_t th, struct task *task, const char *name,
		   int priority, enum sched_policy policy)
{
	memset(th, 0, sizeof *th);
	simple_lock_init(&th->ith_lock);
	th->ref_count = 1; /* for being alive */
	th->created_tick = clock_ticks();
	queue_init(&th->rq.links);
	queue_init(&th->wait_links);
	timer_call_setup(&th->wait_timer, thread_wait_timeout, th);
	th->state = TH_RUN;
	th->policy = policy;
	th->base_priority = priority;
	th->max_priority = priority; /* its creator's choice, at best */
	th->sched_priority = priority;
	th->task = task;
	th->id = __atomic_fetch_add(&next_thread_id, 1, __ATOMIC_RELAXED);
	size_t n = strlen(name);
	if (n >= THREAD_NAME_MAX)
		n = THREAD_NAME_MAX - 1;
	memcpy(th->name, name, n);
	th->name[n] = '\0';
}

void
thread_bootstrap(void)
{
	thread_zone = zone_create("threads", sizeof(struct thread), 0, 0);
	if (thread_zone == NULL)
		panic("thread_bootstrap: no thread zone");

	/* The boot context goes on as the boot CPU's idle thread. */
	thread_t idle = &idle_thread_store;
	thread_init_common(idle, kernel_task, "idle", NRQS - 1,
			   POLICY_FIXEDPRI);
	idle->sched_priority = NRQS - 1;
	idle->on_cpu = true;
	idle->kernel_stack = arch_boot_stack_base();
	idle->started = true;
	struct cpu *c = cpu_current();
	c->idle_thread = idle;
	c->active_thread = idle;
	(void)task_add_thread(kernel_task, idle);
}

/* Where a new user thread enters user mode: `user' for a user thread. */
struct user_start {
	bool user;
	vm_offset_t entry, sp;
};

/*
 * A new thread of `task', not yet runnable: state TH_RUN (to be
 * started) or, `suspended', stopped with a suspend count of 1.  It is
 * on the task's list when this returns.
 */
static kern_return_t
thread_create_internal(struct task *task, const char *name,
		       void (*start)(void *), void *arg, int priority,
		       enum sched_policy policy, const struct user_start *u,
		       bool suspended, thread_t *out)
{
	if (priority < 0 || priority > SCHED_LOWEST_PRI ||
	    (policy != POLICY_TIMESHARE && policy != POLICY_FIXEDPRI))
		return KERN_INVALID_ARGUMENT;
	thread_t th = zalloc(thread_zone);
	if (th == NULL)
		return KERN_RESOURCE_SHORTAGE;
	uintptr_t stack = stack_alloc();
	if (stack == 0) {
		zfree(thread_zone, th);
		return KERN_RESOURCE_SHORTAGE;
	}
	thread_init_common(th, task, name, priority, policy);
	/* A user thread has a thread port (kern/ipc_tt.h). */
	if (task != kernel_task && ipc_thread_init(th) != KERN_SUCCESS) {
		stack_free(stack);
		zfree(thread_zone, th);
		return KERN_RESOURCE_SHORTAGE;
	}
	th->start = start;
	th->start_arg = arg;
	th->kernel_stack = stack;
	arch_thread_init(&th->arch, stack + KERNEL_STACK_SIZE);
	if (u->user)
		arch_thread_set_user_state(&th->arch, u->entry, u->sp);
	if (suspended) {
		th->state = 0;
		th->user_stop_count = 1;
		th->suspend_count = 1;
	}
	/* Published: from here task_terminate may start it. */
	if (task_add_thread(task, th) != KERN_SUCCESS) {
		ipc_thread_terminate(th);
		stack_free(stack);
		zfree(thread_zone, th);
		return KERN_FAILURE;
	}
	*out = th;
	return KERN_SUCCESS;
}

/*
 * Make `th' runnable if it is not: for the first time, or again after
 * it was left stopped at the end of a wait while held (kern/sched_prim.c).
 * Nothing for a thread that runs, waits or has ended.  sched_lock held.
 */
static void
thread_go_locked(thread_t th)
{
	if (th->state & (TH_RUN | TH_WAIT | TH_TERMINATED))
		return;
	th->started = true;
	thread_setrun_locked(th);
}

static void
thread_start(thread_t th)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	/* Made TH_RUN (not suspended): only the run queue is missing. */
	if ((th->state & TH_TERMINATED) == 0) {
		th->started = true;
		thread_setrun_locked(th);
	}
	spin_unlock(&sched_lock);
	intr_restore(s);
	sched_preempt_check();
}

static const struct user_start no_user_state;

kern_return_t
kernel_thread_create(struct task *task, const char *name, void (*start)(void *),
		     void *arg, int priority, enum sched_policy policy,
		     thread_t *out)
{
	thread_t th;
	kern_return_t kr =
		thread_create_internal(task, name, start, arg, priority, policy,
				       &no_user_state, false, &th);
	if (kr != KERN_SUCCESS)
		return kr;
	if (out != NULL)
		*out = th;
	thread_start(th);
	return KERN_SUCCESS;
}

/* A user thread's first code in the kernel: leave for user mode. */
static void
user_thread_bootstrap(void *arg)
{
	(void)arg;
	thread_user_return_check();
	arch_thread_enter_user(&current_thread()->arch);
}

/* A new user thread's base priority: its task's, never better than
 * BASEPRI_USER, which is its maximum (as GNU Mach's default set's). */
static int
user_thread_priority(struct task *task)
{
	int p = __atomic_load_n(&task->priority, __ATOMIC_RELAXED);
	return p > BASEPRI_USER ? p : BASEPRI_USER;
}

kern_return_t
user_thread_create(struct task *task, vm_offset_t entry, vm_offset_t sp,
		   thread_t *out)
{
	thread_t th;
	const struct user_start u = { true, entry, sp };
	kern_return_t kr = thread_create_internal(
		task, task->name, user_thread_bootstrap, NULL,
		user_thread_priority(task), POLICY_TIMESHARE, &u, false, &th);
	if (kr != KERN_SUCCESS)
		return kr;
	th->max_priority = BASEPRI_USER;
	if (out != NULL)
		*out = th;
	thread_start(th);
	return KERN_SUCCESS;
}

kern_return_t
thread_create_suspended(struct task *task, thread_t *out)
{
	if (task == kernel_task)
		return KERN_INVALID_ARGUMENT;
	thread_t th;
	const struct user_start u = { true, 0, 0 };
	kern_return_t kr = thread_create_internal(
		task, task->name, user_thread_bootstrap, NULL,
		user_thread_priority(task), POLICY_TIMESHARE, &u, true, &th);
	if (kr != KERN_SUCCESS)
		return kr;
	th->max_priority = BASEPRI_USER;
	thread_reference(th); /* the caller's */
	*out = th;
	return KERN_SUCCESS;
}

void
thread_reference(thread_t th)
{
	__atomic_add_fetch(&th->ref_count, 1, __ATOMIC_RELAXED);
}

void
thread_deallocate(thread_t th)
{
	if (th == NULL)
		return;
	if (__atomic_sub_fetch(&th->ref_count, 1, __ATOMIC_ACQ_REL) == 0)
		zfree(thread_zone, th);
}

/* One hold less; the last restarts the thread.  Returns whether it was
 * the last (the caller wakes the thread).  sched_lock held. */
static bool
unhold_locked(thread_t th)
{
	if (--th->suspend_count > 0)
		return false;
	thread_go_locked(th);
	return true;
}

void
thread_hold(thread_t th)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	if (th->user_stop_count++ == 0)
		th->suspend_count++;
	spin_unlock(&sched_lock);
	intr_restore(s);
}

kern_return_t
thread_release(thread_t th)
{
	bool wake = false;
	bool s = intr_disable();
	spin_lock(&sched_lock);
	if (th->user_stop_count == 0) {
		spin_unlock(&sched_lock);
		intr_restore(s);
		return KERN_FAILURE;
	}
	if (--th->user_stop_count == 0)
		wake = unhold_locked(th);
	spin_unlock(&sched_lock);
	intr_restore(s);
	if (wake)
		thread_wakeup(&th->suspend_count);
	return KERN_SUCCESS;
}

void
thread_task_hold(thread_t th)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	th->suspend_count++;
	spin_unlock(&sched_lock);
	intr_restore(s);
}

void
thread_task_release(thread_t th)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	bool wake = unhold_locked(th);
	spin_unlock(&sched_lock);
	intr_restore(s);
	if (wake)
		thread_wakeup(&th->suspend_count);
}

/* Make `th' leave whatever keeps it from its end: start it if it never
 * ran, end its interruptible wait (a suspended thread waits so). */
static void
thread_kick(thread_t th)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	thread_go_locked(th);
	spin_unlock(&sched_lock);
	intr_restore(s);
	thread_abort_wait(th);
}

bool
thread_terminate_request(thread_t th)
{
	/* Set before the wait is aborted, as task_terminate_internal. */
	if (__atomic_exchange_n(&th->terminating, true, __ATOMIC_ACQ_REL))
		return false;
	thread_kick(th);
	return true;
}

void
thread_task_terminating(thread_t th)
{
	/* For thread_user_return_check; the task's flag is set. */
	__atomic_store_n(&th->task_terminating, true, __ATOMIC_RELEASE);
	thread_kick(th);
}

void
thread_wait_dead(thread_t th)
{
	thread_t self = current_thread();
	for (;;) {
		assert_wait(&th->dead, true);
		if (__atomic_load_n(&th->dead, __ATOMIC_ACQUIRE)) {
			clear_wait(self, THREAD_AWAKENED);
			return;
		}
		if (thread_block(NULL) == THREAD_INTERRUPTED)
			return;
	}
}

void
thread_user_return_slow(void)
{
	thread_t self = current_thread();
	for (;;) {
		if (thread_must_leave(self)) {
			intr_enable();
			thread_terminate_self();
		}
		if (__atomic_load_n(&self->suspend_count, __ATOMIC_ACQUIRE) ==
		    0)
			return; /* interrupts still off */
		/* Stopped until thread_release wakes it (or an end). */
		intr_enable();
		assert_wait(&self->suspend_count, true);
		if (__atomic_load_n(&self->suspend_count, __ATOMIC_ACQUIRE) ==
			    0 ||
		    thread_must_leave(self))
			clear_wait(self, THREAD_AWAKENED);
		else
			thread_block(NULL);
		(void)intr_disable();
	}
}

void
thread_user_return_terminate(void)
{
	thread_terminate_self();
}

void
thread_terminate_self(void)
{
	thread_t self = current_thread();
	ipc_thread_terminate(self); /* its port dies before the thread */
	/* thread_terminate's waiters: the port is gone. */
	__atomic_store_n(&self->dead, true, __ATOMIC_RELEASE);
	thread_wakeup(&self->dead);
	/*
	 * Leave the task's address space for good before the task may
	 * release it; interrupts stay off so no switch can return to it.
	 */
	intr_disable();
	/* A wait timer firing on another CPU may still look at us. */
	timer_call_cancel_wait(&self->wait_timer);
	if (self->task->pmap != NULL)
		pmap_activate(kernel_pmap);
	task_remove_thread(self->task, self);
	thread_block_terminated();
}

struct zone *
thread_zone_for_tests(void)
{
	return thread_zone;
}

void
thread_reap(thread_t th)
{
	/* Disarmed and idle since thread_terminate_self; make sure. */
	if (timer_call_cancel(&th->wait_timer) ||
	    timer_call_running(&th->wait_timer))
		panic("thread %s reaped with its wait timer armed", th->name);
	if (th->kernel_stack != 0)
		stack_free(th->kernel_stack);
	th->kernel_stack = 0;
	thread_deallocate(th); /* being alive */
}
