/*
 * test_sched_wait.c: the wait protocol under preemption, preemption
 * with locks held, and aborting waits.
 *
 * Each test forces the window it is about: a thread is preempted for
 * real by the clock (a quantum expires while another thread of its
 * priority is runnable) between assert_wait and thread_block, or a
 * better thread becomes runnable while a lock is held.  Results are
 * read with deadlines, so a thread that sleeps for good fails the test
 * instead of hanging the boot.
 */

#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/lock.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"

static volatile unsigned done;

/*
 * One turn of a busy loop.  Not cpu_relax: under QEMU's -icount, which
 * the boot tests run with, a loop of pause instructions can stall the
 * virtual clock, so that the clock never ticks (seen here).
 */
static inline void
spin_once(void)
{
	__asm__ volatile("" ::: "memory");
}

static void
mark_done(void)
{
	__atomic_add_fetch(&done, 1, __ATOMIC_RELAXED);
}

/* Poll (sleeping a tick at a time) until `n' threads marked done. */
static bool
await_done(unsigned n, uint64_t ticks)
{
	for (uint64_t t = 0; t < ticks; t++) {
		if (done >= n)
			return true;
		thread_sleep_ticks(1);
	}
	return done >= n;
}

static kern_return_t
spawn(const char *name, void (*fn)(void *), void *arg, int pri, thread_t *out)
{
	return kernel_thread_create(kernel_task, name, fn, arg, pri,
				    POLICY_FIXEDPRI, out);
}

/* Spin until the clock has advanced `ticks' ticks or *flag is set. */
static void
spin_ticks(uint64_t ticks, volatile bool *flag)
{
	uint64_t end = clock_ticks() + ticks;
	while (clock_ticks() < end && (flag == NULL || !*flag))
		spin_once();
}

static volatile bool stop;

/* A CPU-bound thread that shares its priority level with the test's. */
static void
rival(void *arg)
{
	(void)arg;
	while (!stop)
		spin_once();
	mark_done();
}

static volatile int window_result;
static volatile bool window_preempted;

/*
 * assert_wait, then be preempted (twice a quantum spent spinning while a
 * rival of the same priority is runnable), then arm the timeout and
 * block: the wait must still be there and end by the timeout.
 */
static void
preempted_in_window(void *arg)
{
	static const char never;
	(void)arg;
	uint64_t switches = sched_context_switches();
	assert_wait(&never, false);
	spin_ticks(2 * SCHED_QUANTUM + 2, NULL);
	window_preempted = sched_context_switches() != switches;
	thread_set_timeout(3);
	window_result = thread_block(NULL);
	mark_done();
}

KTEST(sched_preempted_between_assert_wait_and_block)
{
	done = 0;
	stop = false;
	window_result = -1;
	window_preempted = false;
	KTEST_ASSERT_EQ(spawn("rival", rival, NULL, 10, NULL), KERN_SUCCESS);
	KTEST_ASSERT_EQ(spawn("window", preempted_in_window, NULL, 10, NULL),
			KERN_SUCCESS);
	bool ended = await_done(1, 10 * SCHED_QUANTUM);
	stop = true;
	KTEST_ASSERT(await_done(2, 50));
	KTEST_ASSERT(window_preempted); /* the window was really hit */
	KTEST_ASSERT(ended);
	KTEST_ASSERT_EQ(window_result, THREAD_TIMED_OUT);
}

static const char first_event, second_event;
static volatile bool asserted_first, woke_first;
static volatile int stale_results[2];

/*
 * Wait for first_event, be preempted in the window and woken there,
 * then arm a short timeout (which must not outlive the wait it was
 * meant for) and wait for second_event, which comes later.
 */
static void
stale_timer_victim(void *arg)
{
	(void)arg;
	assert_wait(&first_event, false);
	asserted_first = true;
	spin_ticks(4 * SCHED_QUANTUM, &woke_first);
	thread_set_timeout(2);
	stale_results[0] = thread_block(NULL);
	assert_wait(&second_event, false);
	stale_results[1] = thread_block(NULL);
	mark_done();
}

static void
stale_timer_waker(void *arg)
{
	(void)arg;
	while (!asserted_first)
		spin_once();
	thread_wakeup(&first_event);
	woke_first = true;
	thread_sleep_ticks(10);
	thread_wakeup(&second_event);
	mark_done();
}

KTEST(sched_timeout_armed_after_wakeup_is_not_stale)
{
	done = 0;
	asserted_first = woke_first = false;
	stale_results[0] = stale_results[1] = -1;
	KTEST_ASSERT_EQ(spawn("victim", stale_timer_victim, NULL, 10, NULL),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(spawn("waker", stale_timer_waker, NULL, 10, NULL),
			KERN_SUCCESS);
	KTEST_ASSERT(await_done(2, 20 * SCHED_QUANTUM));
	KTEST_ASSERT_EQ(stale_results[0], THREAD_AWAKENED);
	/* Woken by second_event, not timed out by the first wait's timer. */
	KTEST_ASSERT_EQ(stale_results[1], THREAD_AWAKENED);
}

static volatile bool better_ran;

static void
better(void *arg)
{
	(void)arg;
	better_ran = true;
	mark_done();
}

/*
 * A better thread made runnable while a lock is held runs when the last
 * lock is released, not before.
 */
KTEST(sched_no_preemption_while_a_lock_is_held)
{
	static simple_lock_t lock = SIMPLE_LOCK_INITIALIZER;
	done = 0;
	better_ran = false;
	simple_lock(&lock);
	KTEST_ASSERT_EQ(spawn("better", better, NULL, BASEPRI_KERNEL - 1, NULL),
			KERN_SUCCESS);
	bool ran_inside = better_ran;
	simple_unlock(&lock);
	bool ran_at_unlock = better_ran;
	KTEST_ASSERT(!ran_inside);
	KTEST_ASSERT(ran_at_unlock);
	KTEST_ASSERT(await_done(1, 10));

	/* The same when a priority change makes a thread the better one. */
	thread_t th;
	done = 0;
	better_ran = false;
	KTEST_ASSERT_EQ(spawn("raised", better, NULL, 20, &th), KERN_SUCCESS);
	simple_lock(&lock);
	KTEST_ASSERT_EQ(
		thread_set_priority(th, BASEPRI_KERNEL - 1, POLICY_FIXEDPRI),
		KERN_SUCCESS);
	ran_inside = better_ran;
	simple_unlock(&lock);
	ran_at_unlock = better_ran;
	KTEST_ASSERT(!ran_inside);
	KTEST_ASSERT(ran_at_unlock);
	KTEST_ASSERT(await_done(1, 10));
}

static volatile int abort_results[2];
static thread_t abortable_thread, unabortable_thread;

static void
sleep_abortable(void *arg)
{
	(void)arg;
	abort_results[0] = thread_sleep_abortable(100 * HZ);
	mark_done();
}

static void
sleep_unabortable(void *arg)
{
	(void)arg;
	static const char never;
	assert_wait(&never, false);
	thread_set_timeout(20);
	abort_results[1] = thread_block(NULL);
	mark_done();
}

/*
 * thread_abort ends an interruptible wait at once with
 * THREAD_INTERRUPTED and leaves an uninterruptible one alone.
 */
KTEST(sched_thread_abort)
{
	done = 0;
	abort_results[0] = abort_results[1] = -1;
	KTEST_ASSERT_EQ(spawn("abortable", sleep_abortable, NULL, 10,
			      &abortable_thread),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(spawn("unabortable", sleep_unabortable, NULL, 10,
			      &unabortable_thread),
			KERN_SUCCESS);
	thread_sleep_ticks(2); /* both wait */
	uint64_t start = clock_ticks();
	KTEST_ASSERT_EQ(thread_abort_wait(abortable_thread), KERN_SUCCESS);
	KTEST_ASSERT_EQ(thread_abort_wait(unabortable_thread), KERN_SUCCESS);
	KTEST_ASSERT(await_done(1, 5));
	KTEST_ASSERT(clock_ticks() - start <= 1);
	KTEST_ASSERT_EQ(abort_results[0], THREAD_INTERRUPTED);
	KTEST_ASSERT_EQ(abort_results[1], -1); /* still waiting */
	KTEST_ASSERT(await_done(2, 40));
	KTEST_ASSERT_EQ(abort_results[1], THREAD_TIMED_OUT);
}
