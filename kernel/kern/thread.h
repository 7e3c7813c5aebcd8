/*
 * kern/thread.h: threads, the unit of execution.
 *
 * A thread belongs to a task (kern/task.h) and is scheduled on its own.
 * While it runs in the kernel it has a kernel stack; a thread blocked
 * with a continuation gives its stack up and resumes by calling the
 * continuation on a fresh stack (see thread_block in kern/sched_prim.h).
 *
 * Fields are grouped by the lock that guards them.
 */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/machine_types.h>
#include <machine/cpu.h>
#include <machine/thread.h>
#include <machine/vm_param.h>

#include "ipc/ipc_mqueue.h"
#include "kern/cpu.h"
#include "kern/kstack.h"
#include "kern/queue.h"
#include "kern/run_queue.h"
#include "kern/sched_policy.h"
#include "kern/task.h"
#include "kern/timer.h"

typedef struct thread *thread_t;
typedef void (*thread_continue_t)(void);
typedef const void *event_t;

/*
 * Scheduling state (thread->state): a set of flags, as in Mach.
 *
 *	TH_RUN			running or on a run queue
 *	TH_RUN | TH_WAIT	asserted a wait and not blocked yet: it may
 *				have been preempted there, and stays
 *				runnable until it blocks or is woken
 *	TH_WAIT			blocked until its wait is cleared
 *	TH_UNINT		with TH_WAIT: thread_abort leaves the wait
 *	TH_TERMINATED		finished; the next thread reclaims it
 *	0			not started yet (thread_create: suspended)
 *				or stopped by thread_suspend
 *
 * Suspension (suspend_count > 0) stops a user thread where it would
 * return to user mode (thread_user_return_check): it waits there,
 * interruptibly, until thread_resume brings the count back to 0.  A
 * suspended thread in the kernel finishes what it is doing first; it
 * never runs user code while suspended.
 *
 * Lifetime: a thread has one reference for being alive, dropped when
 * the next thread reaps it, and one for each holder (a conversion from
 * its port, thread_create's caller).  The structure is freed with the
 * last; its stack goes at the reaping.  Once TH_TERMINATED its task
 * pointer must not be followed (the thread's task reference is gone).
 */
#define TH_WAIT       0x1u
#define TH_RUN        0x2u
#define TH_UNINT      0x4u
#define TH_TERMINATED 0x8u

/* What ended a wait (thread->wait_result). */
enum wait_result {
	THREAD_AWAKENED = 0,
	THREAD_TIMED_OUT = 1,
	THREAD_INTERRUPTED = 2,
};

#define THREAD_NAME_MAX 32

struct thread {
	/* Guarded by sched_lock. */
	struct rq_entry rq; /* run queue links and queued priority */
	unsigned state;     /* TH_* flags */
	bool on_cpu;        /* running now on some CPU */
	enum sched_policy policy;
	int base_priority; /* what the policy starts from */
	int max_priority; /* the best base_priority it may ask for (ith_lock) */
	int sched_priority;       /* what the scheduler uses */
	bool depressed;           /* swtch_pri: at the lowest until it runs */
	uint32_t cpu_usage;       /* decayed, see kern/sched_policy.h */
	uint32_t sched_stamp;     /* scheduler period of the last decay */
	unsigned quantum_left;    /* ticks before round-robin preemption */
	event_t wait_event;       /* while TH_WAIT */
	queue_chain_t wait_links; /* on the event's wait bucket */
	uint64_t wait_deadline;   /* tick the wait times out at; 0: none */
	int wait_result;          /* enum wait_result */
	struct timer_call wait_timer; /* fires wait_timeout at the deadline */
	/*
	 * What keeps it from returning to user mode, in one word that
	 * thread_user_return_check tests at once (the rest of the word is
	 * zero from creation): the holds (stopped while > 0), under
	 * sched_lock; thread_terminate asked it to end, and its task is
	 * terminating, each set once, atomically (the latter after the
	 * task's own flag, under the task's lock: thread_task_terminating).
	 */
	union {
		struct {
			unsigned suspend_count;
			bool terminating;
			bool task_terminating;
		};
		uint64_t user_return_stops;
	};
	unsigned user_stop_count;       /* thread_suspend's, one hold */
	bool started;                   /* made runnable once */
	thread_continue_t continuation; /* resume here if stackless */
	uintptr_t kernel_stack;         /* base of the stack, 0 if none */
	struct arch_thread arch;        /* saved stack pointer */

	/* Set at creation, then constant. */
	struct task *task;
	void (*start)(void *); /* kernel threads: body and argument */
	void *start_arg;
	uint64_t id;
	char name[THREAD_NAME_MAX]; /* thread_set_name changes it, ith_lock */
	uint64_t ticks_run;         /* clock ticks charged, for tests */
	uint64_t created_tick;      /* clock_ticks() at creation */

	unsigned ref_count; /* atomic, no lock */
	/* Set once, atomically, when its port is gone (thread_terminate
	 * waits for it), just before it ends. */
	bool dead;

	/* Guarded by the task's lock. */
	queue_chain_t task_links;

	/* mach_msg's wait: see ipc/ipc_mqueue.h for its lock. */
	struct ipc_wait ith;

	/* Its ports (kern/ipc_tt.h), under ith_lock; NULL once it ended. */
	simple_lock_t ith_lock;
	struct ipc_port *ith_self;  /* its thread port */
	struct ipc_port *ith_sself; /* the send right mach_thread_self gives */
	struct ipc_port *ith_exception; /* a send right, or NULL */
};

/* Set up the thread zone and make the boot context thread 0 (idle). */
void thread_bootstrap(void);

/*
 * Create a kernel thread in `task' running start(arg) at `priority' under
 * `policy', runnable at once.  Returns KERN_SUCCESS and the thread in
 * *out (which may be NULL), or KERN_RESOURCE_SHORTAGE, or
 * KERN_INVALID_ARGUMENT for a priority outside [0, SCHED_LOWEST_PRI].
 */
kern_return_t kernel_thread_create(struct task *task, const char *name,
				   void (*start)(void *), void *arg,
				   int priority, enum sched_policy policy,
				   thread_t *out);

/*
 * Create a user thread in `task' that enters user mode at `entry' with
 * stack pointer `sp', timesharing at BASEPRI_USER, runnable at once.
 * Returns as kernel_thread_create.
 */
kern_return_t user_thread_create(struct task *task, vm_offset_t entry,
				 vm_offset_t sp, thread_t *out);

/*
 * A new user thread in `task' for thread_create: suspended (a user stop
 * count of 1, and the task's holds; never run), with user state zero but for the user selectors, rflags
 * IF and the initial FPU state, until thread_set_state gives it some;
 * thread_resume starts it.  Returns KERN_SUCCESS and the thread with a
 * reference for the caller, KERN_FAILURE if the task is terminating
 * (or has no address space), or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t thread_create_suspended(struct task *task, thread_t *out);

/* Take and drop a reference; the last frees the structure. */
void thread_reference(thread_t thread);
void thread_deallocate(thread_t thread);

/*
 * Mach's suspension counts.  A thread is held while suspend_count > 0
 * (it stops before it next returns to user mode); the hold count is
 * its task's (task_suspend) plus one while user_stop_count, the
 * thread_suspend count, is not 0.  thread_hold adds a user stop;
 * thread_release takes one away, KERN_FAILURE with nothing changed at
 * 0 (GNU Mach's thread_resume).  thread_task_hold and
 * thread_task_release add and take away the task's hold.  The last
 * hold gone restarts the thread, or starts one that never ran.
 */
void thread_hold(thread_t thread);
kern_return_t thread_release(thread_t thread);
void thread_task_hold(thread_t thread);
void thread_task_release(thread_t thread);

/*
 * Ask `thread' to end: it terminates on its way back to user mode,
 * its interruptible wait ended, a suspension overridden, started if it
 * never ran.  Returns false, changing nothing, if it was asked already.
 * Callable with the thread's task lock held.
 */
bool thread_terminate_request(thread_t thread);

/* Its task is terminating: as thread_terminate_request, the flag being
 * the task's (task_terminate_internal, task lock held). */
void thread_task_terminating(thread_t thread);

/*
 * Wait (interruptibly) until `thread', asked to end, has destroyed its
 * port.  Not for the calling thread itself.
 */
void thread_wait_dead(thread_t thread);

/* Whether the thread must leave the kernel for good: it or its task is
 * terminating.  Callable with any lock held. */
static inline bool
thread_must_leave(const struct thread *th)
{
	return __atomic_load_n(&th->terminating, __ATOMIC_ACQUIRE) ||
	       task_is_terminating(th->task);
}

/* The end of a user thread whose task is terminating. */
void thread_user_return_terminate(void) __attribute__((noreturn));

/* thread_user_return_check's slow path: terminate, or stop while
 * suspended.  Returns with interrupts disabled. */
void thread_user_return_slow(void);

/* End the calling thread; its stack and structure are reclaimed. */
void thread_terminate_self(void) __attribute__((noreturn));

/*
 * Free a terminated thread's stack and structure.  Called by the
 * scheduler on the next thread's stack, sched_lock held.
 */
void thread_reap(thread_t thread);

/* The thread running on this CPU. */
static inline thread_t
current_thread(void)
{
	return cpu_active_thread();
}

/*
 * Before a thread returns to user mode: terminate it if it or its task
 * is terminating; wait while it is suspended.  (The place for other
 * asynchronous events later.)  Returns with interrupts disabled, so
 * that nothing comes between the check and the return: the caller goes
 * straight back to user mode.
 */
static inline void
thread_user_return_check(void)
{
	intr_off();
	thread_t self = current_thread();
	/* Nonzero if a hold, thread_must_leave's flag or the thread's copy
	 * of its task's is set; the slow path tells which. */
	if (__builtin_expect(__atomic_load_n(&self->user_return_stops,
					     __ATOMIC_ACQUIRE) != 0,
			     0))
		thread_user_return_slow();
}

/*
 * Called on the new stack when a thread runs for the first time or
 * resumes at a continuation; `prev' is the thread switched away from.
 * Not for other callers.
 */
void thread_continue(void *prev) __attribute__((noreturn));

/* The zone threads come from, for statistics. */
struct zone *thread_zone_for_tests(void);

#endif
