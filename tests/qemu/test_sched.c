/*
 * test_sched.c: the scheduler, observed from kernel threads.
 *
 * The test runner is a fixed-priority thread at BASEPRI_KERNEL; the
 * threads a test creates run at worse priorities, so they run only while
 * the runner waits for them.
 */

#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"

/* Threads of one test report here. */
static volatile unsigned finished;
static volatile int order[8];
static volatile unsigned norder;

static void
note_finished(void)
{
	__atomic_add_fetch(&finished, 1, __ATOMIC_RELAXED);
	thread_wakeup((event_t)&finished);
}

/* Wait until `n' threads called note_finished, at most `ticks' ticks. */
static bool
wait_finished(unsigned n, uint64_t ticks)
{
	uint64_t deadline = clock_ticks() + ticks;
	while (finished < n) {
		uint64_t now = clock_ticks();
		if (now >= deadline)
			return false;
		assert_wait((event_t)&finished, false);
		thread_set_timeout(deadline - now);
		if (finished >= n)
			clear_wait(current_thread(), THREAD_AWAKENED);
		thread_block(NULL);
	}
	return true;
}

static void
reset(void)
{
	finished = 0;
	norder = 0;
}

static kern_return_t
spawn(const char *name, void (*fn)(void *), void *arg, int pri,
      enum sched_policy policy, thread_t *out)
{
	return kernel_thread_create(kernel_task, name, fn, arg, pri, policy,
				    out);
}

static void
record_priority(void *arg)
{
	order[norder++] = (int)(intptr_t)arg;
	note_finished();
}

/* Among fixed-priority threads the best priority always runs first. */
KTEST(sched_strict_priority)
{
	static const int pris[] = { 12, 8, 10, 9, 11 };
	reset();
	for (unsigned i = 0; i < 5; i++)
		KTEST_ASSERT_EQ(spawn("prio", record_priority,
				      (void *)(intptr_t)pris[i], pris[i],
				      POLICY_FIXEDPRI, NULL),
				KERN_SUCCESS);
	KTEST_ASSERT(norder == 0); /* none ran while the runner ran */
	KTEST_ASSERT(wait_finished(5, 100));
	for (unsigned i = 0; i < 5; i++)
		KTEST_ASSERT_EQ(order[i], 8 + (int)i);
}

static volatile bool stop_spinning;
static volatile uint64_t spins;

static void
spin(void *arg)
{
	volatile uint64_t *counter = arg;
	while (!stop_spinning)
		(*counter)++;
	note_finished();
}

/* A CPU-bound thread does not keep a better thread from running. */
KTEST(sched_preempts_cpu_bound_thread)
{
	reset();
	stop_spinning = false;
	spins = 0;
	KTEST_ASSERT_EQ(spawn("spinner", spin, (void *)&spins, 10,
			      POLICY_FIXEDPRI, NULL),
			KERN_SUCCESS);
	uint64_t start = clock_ticks();
	thread_sleep_ticks(5);
	uint64_t woke = clock_ticks();
	uint64_t spun = spins;
	stop_spinning = true;
	KTEST_ASSERT(spun > 0);          /* the spinner ran meanwhile */
	KTEST_ASSERT(woke - start >= 5); /* the sleep lasted */
	KTEST_ASSERT(woke - start <= 7); /* and preemption was prompt */
	KTEST_ASSERT(wait_finished(1, 100));
}

static volatile uint64_t share[2];

/*
 * Two CPU-bound timesharing threads of equal base priority share the
 * CPU: over 2 seconds neither gets more than 60% of their combined time.
 */
KTEST(sched_timeshare_fairness)
{
	thread_t a, b;
	reset();
	stop_spinning = false;
	KTEST_ASSERT_EQ(spawn("share-a", spin, (void *)&share[0], BASEPRI_USER,
			      POLICY_TIMESHARE, &a),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(spawn("share-b", spin, (void *)&share[1], BASEPRI_USER,
			      POLICY_TIMESHARE, &b),
			KERN_SUCCESS);
	thread_sleep_ticks(2 * HZ);
	uint64_t ta = a->ticks_run, tb = b->ticks_run;
	int pa = a->sched_priority, pb = b->sched_priority;
	stop_spinning = true;
	kprintf("# timesharing: %llu and %llu ticks, priorities %d and %d\n",
		(unsigned long long)ta, (unsigned long long)tb, pa, pb);
	KTEST_ASSERT(wait_finished(2, 100));
	KTEST_ASSERT(ta + tb >= 2 * HZ - 10);
	KTEST_ASSERT(ta * 10 <= (ta + tb) * 6);
	KTEST_ASSERT(tb * 10 <= (ta + tb) * 6);
	/* Both sank below their base as they used the CPU. */
	KTEST_ASSERT(pa > BASEPRI_USER && pb > BASEPRI_USER);
}

static volatile int wait_results[4];
static const char sleep_here;

static void
sleeper(void *arg)
{
	int slot = (int)(intptr_t)arg;
	assert_wait(&sleep_here, false);
	wait_results[slot] = thread_block(NULL);
	note_finished();
}

/* thread_wakeup wakes every waiter; thread_wakeup_one one at a time. */
KTEST(sched_sleep_and_wakeup)
{
	reset();
	for (int i = 0; i < 3; i++) {
		wait_results[i] = -1;
		KTEST_ASSERT_EQ(spawn("sleeper", sleeper, (void *)(intptr_t)i,
				      10, POLICY_FIXEDPRI, NULL),
				KERN_SUCCESS);
	}
	thread_sleep_ticks(2); /* let them all wait */
	KTEST_ASSERT(finished == 0);
	KTEST_ASSERT(thread_wakeup_one(&sleep_here));
	KTEST_ASSERT(wait_finished(1, 50));
	thread_sleep_ticks(2);
	KTEST_ASSERT_EQ(finished, 1);
	KTEST_ASSERT_EQ(thread_wakeup(&sleep_here), 2);
	KTEST_ASSERT(wait_finished(3, 50));
	for (int i = 0; i < 3; i++)
		KTEST_ASSERT_EQ(wait_results[i], THREAD_AWAKENED);
	KTEST_ASSERT_EQ(thread_wakeup(&sleep_here), 0);
}

/* A wait with a timeout ends on time with THREAD_TIMED_OUT. */
KTEST(sched_wait_timeout)
{
	static const char never;
	uint64_t start = clock_ticks();
	assert_wait(&never, false);
	thread_set_timeout(3);
	int result = thread_block(NULL);
	uint64_t elapsed = clock_ticks() - start;
	KTEST_ASSERT_EQ(result, THREAD_TIMED_OUT);
	KTEST_ASSERT(elapsed >= 3 && elapsed <= 4);

	/* A wakeup before the timeout cancels it. */
	assert_wait(&never, false);
	thread_set_timeout(100);
	clear_wait(current_thread(), THREAD_AWAKENED);
	KTEST_ASSERT_EQ(thread_block(NULL), THREAD_AWAKENED);
}

static const char continue_here;
static volatile int continued_result = -1;
static thread_t continuing;

static void
after_wait(void)
{
	continued_result = current_thread()->wait_result;
	note_finished();
	thread_terminate_self();
}

static void
block_with_continuation(void *arg)
{
	(void)arg;
	assert_wait(&continue_here, false);
	thread_block(after_wait);
}

/* A thread blocked with a continuation holds no kernel stack. */
KTEST(sched_continuation_gives_up_stack)
{
	reset();
	KTEST_ASSERT_EQ(spawn("continuation", block_with_continuation, NULL, 10,
			      POLICY_FIXEDPRI, &continuing),
			KERN_SUCCESS);
	thread_sleep_ticks(2);
	KTEST_ASSERT_EQ(continuing->state & (TH_RUN | TH_WAIT), TH_WAIT);
	KTEST_ASSERT_EQ(continuing->kernel_stack, 0);
	KTEST_ASSERT(thread_wakeup(&continue_here) == 1);
	KTEST_ASSERT(wait_finished(1, 50));
	KTEST_ASSERT_EQ(continued_result, THREAD_AWAKENED);
}

static volatile unsigned turns[2];
static volatile unsigned last_turn = 2;
static volatile bool alternated = true;

static void
yielder(void *arg)
{
	unsigned me = (unsigned)(intptr_t)arg;
	for (int i = 0; i < 50; i++) {
		if (last_turn == me)
			alternated = false;
		last_turn = me;
		turns[me]++;
		swtch();
	}
	note_finished();
}

/* swtch hands the CPU to an equal-priority thread, every time. */
KTEST(sched_swtch_alternates)
{
	reset();
	KTEST_ASSERT_EQ(
		spawn("yield-0", yielder, (void *)0, 9, POLICY_FIXEDPRI, NULL),
		KERN_SUCCESS);
	KTEST_ASSERT_EQ(
		spawn("yield-1", yielder, (void *)1, 9, POLICY_FIXEDPRI, NULL),
		KERN_SUCCESS);
	KTEST_ASSERT(wait_finished(2, 100));
	KTEST_ASSERT_EQ(turns[0], 50);
	KTEST_ASSERT_EQ(turns[1], 50);
	KTEST_ASSERT(alternated);
}

static void
nothing(void *arg)
{
	(void)arg;
	note_finished();
}

/* Finished threads are reclaimed: the thread zone returns to baseline. */
KTEST(thread_reaping_returns_memory)
{
	struct zone_stats before, after;
	zone_t threads = NULL;
	thread_t th;
	reset();
	KTEST_ASSERT_EQ(spawn("probe", nothing, NULL, 10, POLICY_FIXEDPRI, &th),
			KERN_SUCCESS);
	KTEST_ASSERT(wait_finished(1, 50));
	thread_sleep_ticks(1); /* let it be reaped */
	(void)th;
	threads = thread_zone_for_tests();
	zone_get_stats(threads, &before);
	reset();
	for (int i = 0; i < 40; i++)
		KTEST_ASSERT_EQ(spawn("short", nothing, NULL, 10,
				      POLICY_FIXEDPRI, NULL),
				KERN_SUCCESS);
	KTEST_ASSERT(wait_finished(40, 200));
	thread_sleep_ticks(1);
	zone_get_stats(threads, &after);
	KTEST_ASSERT_EQ(after.in_use, before.in_use);
	KTEST_ASSERT_EQ(after.allocs - before.allocs, 40);
	KTEST_ASSERT_EQ(after.frees - before.frees, 40);
}

/*
 * Two threads that only ever block with continuations, waking each
 * other in turn: every switch between them hands the one kernel stack
 * over, and no other stack is needed.
 */
static volatile unsigned pingpong_rounds;
static thread_t ping_thread, pong_thread;
static const char ping_event, pong_event;

static void pong_continue(void);

static void
ping_continue(void)
{
	if (pingpong_rounds == 0) {
		note_finished();
		thread_wakeup(&pong_event);
		thread_terminate_self();
	}
	pingpong_rounds--;
	assert_wait(&ping_event, false);
	thread_wakeup_one(&pong_event);
	thread_block(ping_continue);
}

static void
pong_continue(void)
{
	if (pingpong_rounds == 0) {
		note_finished();
		thread_wakeup(&ping_event);
		thread_terminate_self();
	}
	assert_wait(&pong_event, false);
	thread_wakeup_one(&ping_event);
	thread_block(pong_continue);
}

static void
pong_start(void *arg)
{
	(void)arg;
	assert_wait(&pong_event, false);
	thread_block(pong_continue);
}

static void
ping_start(void *arg)
{
	(void)arg;
	ping_continue();
}

KTEST(sched_continuation_handoff)
{
	reset();
	pingpong_rounds = 100;
	uint64_t handoffs = sched_stack_handoffs();
	KTEST_ASSERT_EQ(spawn("pong", pong_start, NULL, 9, POLICY_FIXEDPRI,
			      &pong_thread),
			KERN_SUCCESS);
	thread_sleep_ticks(1); /* pong waits, stackless */
	KTEST_ASSERT_EQ(pong_thread->kernel_stack, 0);
	KTEST_ASSERT_EQ(spawn("ping", ping_start, NULL, 9, POLICY_FIXEDPRI,
			      &ping_thread),
			KERN_SUCCESS);
	KTEST_ASSERT(wait_finished(2, 200));
	KTEST_ASSERT_EQ(pingpong_rounds, 0);
	/* About two hand-offs a round; allow for the first and last. */
	KTEST_ASSERT(sched_stack_handoffs() - handoffs >= 2 * 100 - 4);
}
