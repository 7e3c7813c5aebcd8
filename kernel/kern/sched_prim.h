/*
 * kern/sched_prim.h: blocking, waking and choosing threads.
 *
 * The wait protocol, as in Mach:
 *
 *	assert_wait(event, interruptible);
 *	[thread_set_timeout(ticks);]
 *	... release the locks that protect the condition ...
 *	result = thread_block(NULL);	or thread_block(continuation);
 *
 * A thread_wakeup(event) between assert_wait and thread_block is not
 * lost: thread_block then returns at once.  A thread preempted between
 * the two stays runnable (TH_RUN | TH_WAIT, kern/thread.h); its wait
 * begins only when it blocks.  thread_set_timeout arms a timer only for
 * a wait that is still there, and every end of a wait disarms it.  An
 * interruptible wait is ended by thread_abort_wait (THREAD_INTERRUPTED),
 * and does not begin at all in a thread that must leave the kernel (it
 * or its task is terminating, kern/thread.h); every wait that
 * a user's request starts must be interruptible, so that such a task
 * always leaves the kernel.  An uninterruptible wait is for the
 * kernel's own short waits.  With a continuation,
 * thread_block does not return: when the thread is awakened it calls the
 * continuation on a fresh stack, and the stack it blocked on is given to
 * the next thread or freed (read current_thread()->wait_result there).
 *
 * Preemption: a thread is switched out against its will only where
 * kern/preempt.h allows it, at the end of an interrupt or at a
 * preemption point, never while it holds a lock.
 *
 * Lock: sched_lock (taken with interrupts off) guards every run queue,
 * every thread's scheduling fields and the wait buckets.  It is the
 * innermost lock: nothing else is taken while it is held, except the
 * timer lock (to arm and disarm wait timers) and the locks of the
 * zones that threads and stacks are freed to.
 */
#ifndef KERN_SCHED_PRIM_H
#define KERN_SCHED_PRIM_H

#include <stdbool.h>
#include <stdint.h>

#include "kern/thread.h"

#define HZ             100 /* clock ticks a second */
#define SCHED_QUANTUM  10  /* ticks of round-robin quantum (100 ms) */
#define BASEPRI_KERNEL 4   /* kernel service threads */
#define BASEPRI_USER   12  /* user threads, timesharing */

#include "kern/lock.h"

/* See the lock order in kern/sched_prim.c. */
extern simple_lock_t sched_lock;

/* Set up the scheduler's wait buckets.  Called once at boot. */
void sched_init(void);

/*
 * Prepare the current thread to wait for `event'; thread_abort may end
 * the wait if `interruptible'.  The thread must not be waiting already.
 */
void assert_wait(event_t event, bool interruptible);

/*
 * assert_wait for a wait that only clear_wait, thread_abort_wait and
 * its timeout end, never thread_wakeup(event): it skips the event's
 * wait bucket (IPC's receive, whose senders wake the receiver they
 * dequeue).
 */
void assert_wait_direct(event_t event, bool interruptible);

/*
 * assert_wait_direct, then thread_set_timeout(ticks) unless `ticks' is
 * 0, returning with interrupts off and sched_lock held for the
 * thread_handoff_held that must follow (the caller only releases its
 * own locks in between): the hand-off takes the scheduler's lock
 * once, not twice.  No wakeup can come in between; one that would
 * waits for the lock and comes after.
 */
void assert_wait_direct_hold(event_t event, bool interruptible, uint64_t ticks);

/*
 * Limit the wait assert_wait announced to `ticks' clock ticks (from
 * now); nothing if it has ended already.
 */
void thread_set_timeout(uint64_t ticks);

/*
 * Give up the processor.  If the current thread asserted a wait that no
 * wakeup has cleared yet, it sleeps until one does (or the timeout
 * fires); otherwise it stays runnable and only lets better or equal
 * threads run first.  Returns the wait result (THREAD_AWAKENED if it
 * did not wait); with a continuation, never returns.
 */
int thread_block(thread_continue_t continuation);

/*
 * A directed hand-off (IPC's RPC path): end the wait of `next', which
 * the caller took off whatever it waited on, and block the current
 * thread as thread_block(cont) does, running `next' at once in its
 * place, without a trip through the run queue, when both really
 * switch: next asleep and the caller's own wait (asserted before)
 * still there.  Otherwise next is woken and the caller blocks or not
 * as thread_block would.  Returns as thread_block.
 */
int thread_handoff(thread_t next, thread_continue_t cont);

/* thread_handoff after assert_wait_direct_hold, with its lock held
 * and a continuation (not NULL): never returns. */
void thread_handoff_held(thread_t next, thread_continue_t cont)
	__attribute__((noreturn));

/* Wake every thread waiting for `event'; returns how many. */
unsigned thread_wakeup(event_t event);

/* Wake the first thread waiting for `event'; returns whether any. */
bool thread_wakeup_one(event_t event);

/* The function of every thread's wait_timer (set up with the thread). */
void thread_wait_timeout(void *thread);

/* End `thread''s wait now with `result' if it is waiting. */
void clear_wait(thread_t thread, int result);

/*
 * The scheduler's part of Mach's thread_abort: end `thread''s
 * interruptible wait, if it is in one, with THREAD_INTERRUPTED.
 * Returns KERN_SUCCESS.
 */
kern_return_t thread_abort_wait(thread_t thread);

/* Sleep for `ticks' clock ticks, uninterruptibly (kernel waits only). */
void thread_sleep_ticks(uint64_t ticks);

/*
 * Sleep for `ticks' clock ticks unless aborted.  Returns
 * THREAD_TIMED_OUT after the full sleep, THREAD_INTERRUPTED if aborted.
 */
int thread_sleep_abortable(uint64_t ticks);

/* Make a new or awakened thread runnable.  sched_lock must be held. */
void thread_setrun_locked(thread_t thread);

/* Change a thread's base priority and policy. */
kern_return_t thread_set_priority(thread_t thread, int priority,
				  enum sched_policy policy);

/*
 * Mach's yielding calls.  swtch: run another thread of the same or a
 * better priority if there is one; returns whether others are runnable.
 * swtch_pri: the same after depressing the caller to the lowest priority
 * until it runs again.  thread_switch: as swtch_pri with `depress', or
 * as swtch, and if `hint' is runnable run it next.
 */
bool swtch(void);
bool swtch_pri(int priority);
kern_return_t thread_switch(thread_t hint, bool depress);

/* Put `hint' first in line at its priority if it is runnable (NULL or
 * the caller: nothing), so that it runs when the caller next blocks. */
void thread_run_next(thread_t hint);

/*
 * The clock interrupt's share: charge the tick to the running thread,
 * age priorities once a second, and ask for preemption when the quantum
 * is over.  Interrupts are off.
 */
void sched_clock_tick(void);

/*
 * At the end of an interrupt, interrupts off, when the interrupted code
 * ran with interrupts on: switch if a better thread is waiting or the
 * quantum is over, unless a lock is held (kern/preempt.h) or this is a
 * nested interrupt.
 */
void sched_preempt_check(void);

/*
 * A preemption point in thread context: as sched_preempt_check if
 * interrupts are on, nothing otherwise.  (Declared in kern/preempt.h
 * too, which calls it when the last lock is released.)
 */
void sched_preempt_point(void);

/*
 * Mark the current thread terminated and switch away for good; the next
 * thread reclaims it (thread_reap).  For thread_terminate_self only.
 */
void thread_block_terminated(void) __attribute__((noreturn));

/* The scheduler's count of context switches, for tests and benchmarks. */
uint64_t sched_context_switches(void);

/* Switches where a thread blocking with a continuation handed its
 * kernel stack straight to a stackless thread. */
uint64_t sched_stack_handoffs(void);

/* Switches made by thread_handoff straight to its `next'. */
uint64_t sched_thread_handoffs(void);

#endif
