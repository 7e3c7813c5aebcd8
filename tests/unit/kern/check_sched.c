/*
 * check_sched.c: the scheduler's machine-independent pieces: run
 * queues, priority decay, and timer calls.  (sched_prim.c's wait
 * protocol switches stacks; its races are forced in the boot tests of
 * tests/qemu/test_sched_wait.c.)
 */

#include <signal.h>

#include "kern/run_queue.h"
#include "kern/sched_policy.h"
#include "kern/timer.h"
#include "tests/unit/unit.h"

START_TEST(test_run_queue_order)
{
	struct run_queue rq;
	struct rq_entry e[6] = { 0 };
	run_queue_init(&rq);
	ck_assert_int_eq(run_queue_best(&rq), NRQS);
	ck_assert_ptr_null(run_queue_dequeue(&rq));

	run_queue_enqueue(&rq, &e[0], 20, false);
	run_queue_enqueue(&rq, &e[1], 5, false);
	run_queue_enqueue(&rq, &e[2], 20, false);
	run_queue_enqueue(&rq, &e[3], 5, true); /* head of level 5 */
	run_queue_enqueue(&rq, &e[4], 31, false);
	run_queue_enqueue(&rq, &e[5], 0, false);
	ck_assert_uint_eq(rq.count, 6);
	ck_assert_int_eq(run_queue_best(&rq), 0);

	/* Best level first, FIFO within a level, head insertion first. */
	struct rq_entry *expect[] = {
		&e[5], &e[3], &e[1], &e[0], &e[2], &e[4]
	};
	for (int i = 0; i < 6; i++) {
		struct rq_entry *got = run_queue_dequeue(&rq);
		ck_assert_ptr_eq(got, expect[i]);
		ck_assert(!got->queued);
	}
	ck_assert_uint_eq(rq.count, 0);
	ck_assert_uint_eq(rq.bitmap, 0);
}
END_TEST

START_TEST(test_run_queue_remove)
{
	struct run_queue rq;
	struct rq_entry a = { 0 }, b = { 0 }, c = { 0 };
	run_queue_init(&rq);
	run_queue_enqueue(&rq, &a, 7, false);
	run_queue_enqueue(&rq, &b, 7, false);
	run_queue_enqueue(&rq, &c, 9, false);
	run_queue_remove(&rq, &b);
	ck_assert_int_eq(run_queue_best(&rq), 7);
	run_queue_remove(&rq, &a);
	ck_assert_int_eq(run_queue_best(&rq), 9); /* level 7 now empty */
	ck_assert_ptr_eq(run_queue_dequeue(&rq), &c);
	ck_assert_int_eq(run_queue_best(&rq), NRQS);
}
END_TEST

START_TEST(test_run_queue_double_enqueue_panics)
{
	struct run_queue rq;
	struct rq_entry a = { 0 };
	run_queue_init(&rq);
	run_queue_enqueue(&rq, &a, 3, false);
	run_queue_enqueue(&rq, &a, 3, false);
}
END_TEST

START_TEST(test_decay)
{
	ck_assert_uint_eq(sched_decay_usage(0, 5), 0);
	ck_assert_uint_eq(sched_decay_usage(800, 0), 800);
	ck_assert_uint_eq(sched_decay_usage(800, 1), 500);
	ck_assert_uint_eq(sched_decay_usage(800, 2), 312);
	ck_assert_uint_eq(sched_decay_usage(UINT32_MAX, 48), 0);
	ck_assert_uint_eq(sched_decay_usage(UINT32_MAX, 1000), 0);
	/* Decay is monotonic in the number of periods. */
	uint32_t prev = UINT32_MAX;
	for (uint32_t p = 0; p < 50; p++) {
		uint32_t u = sched_decay_usage(UINT32_MAX, p);
		ck_assert_uint_le(u, prev);
		prev = u;
	}
}
END_TEST

START_TEST(test_timeshare_priority)
{
	ck_assert_int_eq(sched_timeshare_priority(12, 0), 12);
	ck_assert_int_eq(
		sched_timeshare_priority(12, SCHED_USAGE_PER_LEVEL - 1), 12);
	ck_assert_int_eq(sched_timeshare_priority(12, SCHED_USAGE_PER_LEVEL),
			 13);
	ck_assert_int_eq(sched_timeshare_priority(12, UINT32_MAX),
			 SCHED_LOWEST_PRI);
	ck_assert_int_eq(sched_timeshare_priority(SCHED_LOWEST_PRI, 0),
			 SCHED_LOWEST_PRI);
}
END_TEST

/*
 * A thread that always runs: 100 ticks a second, decayed each second.
 * Its priority must settle 5 to 8 levels below its base (the claim in
 * kern/sched_policy.h), and come back to the base after it sleeps.
 */
START_TEST(test_steady_state)
{
	uint32_t usage = 0;
	int worst = 0, best = 99;
	for (int second = 0; second < 30; second++) {
		usage = sched_decay_usage(usage, 1);
		for (int tick = 0; tick < 100; tick++) {
			usage += SCHED_TICK_USAGE;
			int p = sched_timeshare_priority(12, usage);
			if (second >= 20) {
				worst = p > worst ? p : worst;
				best = p < best ? p : best;
			}
		}
	}
	ck_assert_int_ge(best, 12 + 5);
	ck_assert_int_le(worst, 12 + 8);
	/* Asleep 5 seconds: back within one level of the base. */
	usage = sched_decay_usage(usage, 5);
	ck_assert_int_le(sched_timeshare_priority(12, usage), 13);
}
END_TEST

static int fired[8];
static int nfired;

static void
fire(void *arg)
{
	fired[nfired++] = (int)(intptr_t)arg;
}

START_TEST(test_timer_queue)
{
	struct timer_queue q;
	struct timer_call c[5];
	timer_queue_init(&q);
	nfired = 0;
	for (int i = 0; i < 5; i++)
		timer_call_setup(&c[i], fire, (void *)(intptr_t)i);
	timer_queue_enter(&q, &c[0], 30);
	timer_queue_enter(&q, &c[1], 10);
	timer_queue_enter(&q, &c[2], 20);
	timer_queue_enter(&q, &c[3], 10); /* after c[1]: FIFO among equals */
	timer_queue_enter(&q, &c[4], 15);
	ck_assert(timer_queue_cancel(&q, &c[4]));
	ck_assert(!timer_queue_cancel(&q, &c[4]));
	timer_queue_enter(&q, &c[0], 12); /* re-arming moves it */

	ck_assert_ptr_null(timer_queue_expired(&q, 9));
	struct timer_call *t;
	while ((t = timer_queue_expired(&q, 20)) != NULL) {
		ck_assert(!t->pending);
		t->func(t->arg);
	}
	ck_assert_int_eq(nfired, 4);
	ck_assert_int_eq(fired[0], 1);
	ck_assert_int_eq(fired[1], 3);
	ck_assert_int_eq(fired[2], 0);
	ck_assert_int_eq(fired[3], 2);
	ck_assert_ptr_null(timer_queue_expired(&q, 1000));
}
END_TEST

static struct timer_call self_call;
static bool running_inside;
static int rearms;

static void
watch_self(void *arg)
{
	(void)arg;
	running_inside = timer_call_running(&self_call);
	if (rearms-- > 0)
		timer_call_enter(&self_call, 50); /* a call may re-arm itself */
}

/*
 * The global queue marks a call running while its function runs, and
 * idle after; a call re-armed by its own function is pending again and
 * fires at its new deadline; a cancelled call never fires.
 */
START_TEST(test_timer_call_running_state)
{
	timer_call_setup(&self_call, watch_self, NULL);
	ck_assert(!timer_call_running(&self_call));
	rearms = 1;
	running_inside = false;
	timer_call_enter(&self_call, 40);
	timer_tick(39);
	ck_assert(!running_inside);
	timer_tick(40);
	ck_assert(running_inside);
	ck_assert(!timer_call_running(&self_call));
	ck_assert(self_call.pending); /* re-armed for 50 */
	running_inside = false;
	timer_tick(50);
	ck_assert(running_inside);
	ck_assert(!self_call.pending);

	running_inside = false;
	timer_call_enter(&self_call, 60);
	ck_assert(timer_call_cancel(&self_call));
	ck_assert(!timer_call_cancel(&self_call));
	timer_call_enter(&self_call, 70);
	timer_call_cancel_wait(&self_call); /* idle: returns at once */
	ck_assert(!self_call.pending);
	timer_tick(1000);
	ck_assert(!running_inside);
}
END_TEST

static Suite *
sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *rq = tcase_create("run_queue");
	tcase_add_test(rq, test_run_queue_order);
	tcase_add_test(rq, test_run_queue_remove);
	tcase_add_test_raise_signal(rq, test_run_queue_double_enqueue_panics,
				    SIGABRT);
	suite_add_tcase(s, rq);
	TCase *pol = tcase_create("policy");
	tcase_add_test(pol, test_decay);
	tcase_add_test(pol, test_timeshare_priority);
	tcase_add_test(pol, test_steady_state);
	suite_add_tcase(s, pol);
	TCase *tim = tcase_create("timer");
	tcase_add_test(tim, test_timer_queue);
	tcase_add_test(tim, test_timer_call_running_state);
	suite_add_tcase(s, tim);
	return s;
}

UNIT_MAIN(sched_suite)
