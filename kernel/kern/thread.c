/*
 * kern/thread.c: creating and ending threads; kernel stacks.
 *
 * Threads come from thread_zone; their kernel stacks from kern/kstack.c.
 */

#include <machine/exec.h>
#include <machine/vm_param.h>

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
	queue_init(&th->rq.links);
	queue_init(&th->wait_links);
	timer_call_setup(&th->wait_timer, thread_wait_timeout, th);
	th->state = TH_RUN;
	th->policy = policy;
	th->base_priority = priority;
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
	struct cpu *c = cpu_current();
	c->idle_thread = idle;
	c->active_thread = idle;
	task_add_thread(kernel_task, idle);
}

/* A new thread of `task', not yet runnable. */
static kern_return_t
thread_create_internal(struct task *task, const char *name,
		       void (*start)(void *), void *arg, int priority,
		       enum sched_policy policy, thread_t *out)
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
	task_add_thread(task, th);
	*out = th;
	return KERN_SUCCESS;
}

static void
thread_start(thread_t th)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	thread_setrun_locked(th);
	spin_unlock(&sched_lock);
	intr_restore(s);
	sched_preempt_check();
}

kern_return_t
kernel_thread_create(struct task *task, const char *name, void (*start)(void *),
		     void *arg, int priority, enum sched_policy policy,
		     thread_t *out)
{
	thread_t th;
	kern_return_t kr = thread_create_internal(task, name, start, arg,
						  priority, policy, &th);
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

kern_return_t
user_thread_create(struct task *task, vm_offset_t entry, vm_offset_t sp,
		   thread_t *out)
{
	thread_t th;
	kern_return_t kr = thread_create_internal(
		task, task->name, user_thread_bootstrap, NULL, BASEPRI_USER,
		POLICY_TIMESHARE, &th);
	if (kr != KERN_SUCCESS)
		return kr;
	arch_thread_set_user_state(&th->arch, entry, sp);
	if (out != NULL)
		*out = th;
	thread_start(th);
	return KERN_SUCCESS;
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
	zfree(thread_zone, th);
}
