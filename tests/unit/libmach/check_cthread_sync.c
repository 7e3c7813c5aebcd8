/*
 * check_cthread_sync.c: libmach/cthread_sync.c (mutexes and conditions)
 * on the host, under real threads (pthreads, as many CPUs as the host
 * has) and the sanitizers, over a gsync stand-in made of Linux futexes
 * with gsync's semantics: gsync_wait sleeps while the word holds the
 * value (KERN_INVALID_ARGUMENT when it does not, KERN_INTERRUPTED on a
 * signal), gsync_wake wakes one or (GSYNC_BROADCAST) all, gsync_requeue
 * wakes one and moves one or all to the other word.  It counts the
 * calls, so the tests see that a free mutex makes none, that broadcast
 * requeues, and that a word the kernel refuses sleeps instead of
 * spinning.
 */

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <mach/gsync.h>

#include "cthreads.h"
#include "mach.h"
#include "mach/gnumach.h"
#include "tests/unit/libmach/standin.h"
#include "tests/unit/unit.h"

static unsigned long waits, wakes, broadcasts, requeues, switches;
/* gsync_wait answers KERN_INVALID_ADDRESS, as for a misaligned word. */
static int refuse_waits;

static long
futex(void *addr, int op, unsigned val, uintptr_t val2, void *addr2,
      unsigned val3)
{
	return syscall(SYS_futex, addr, op, val, val2, addr2, val3);
}

kern_return_t
gsync_wait(mach_port_t task, vm_address_t addr, unsigned val1, unsigned val2,
	   natural_t msec, int flags)
{
	(void)val2, (void)msec, (void)flags;
	ck_assert_uint_eq(task, STANDIN_TASK);
	__atomic_add_fetch(&waits, 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&refuse_waits, __ATOMIC_RELAXED))
		return KERN_INVALID_ADDRESS;
	if (futex((void *)addr, FUTEX_WAIT_PRIVATE, val1, 0, NULL, 0) == 0)
		return KERN_SUCCESS;
	return errno == EAGAIN ? KERN_INVALID_ARGUMENT : KERN_INTERRUPTED;
}

kern_return_t
gsync_wake(mach_port_t task, vm_address_t addr, unsigned val, int flags)
{
	(void)val;
	ck_assert_uint_eq(task, STANDIN_TASK);
	__atomic_add_fetch(&wakes, 1, __ATOMIC_RELAXED);
	if (flags & GSYNC_BROADCAST)
		__atomic_add_fetch(&broadcasts, 1, __ATOMIC_RELAXED);
	long n = futex((void *)addr, FUTEX_WAKE_PRIVATE,
		       (flags & GSYNC_BROADCAST) ? INT_MAX : 1, 0, NULL, 0);
	return n > 0 ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

kern_return_t
gsync_requeue(mach_port_t task, vm_address_t src, vm_address_t dst,
	      boolean_t wake_one, int flags)
{
	ck_assert_uint_eq(task, STANDIN_TASK);
	__atomic_add_fetch(&requeues, 1, __ATOMIC_RELAXED);
	long n = futex((void *)src, FUTEX_REQUEUE_PRIVATE, wake_one ? 1 : 0,
		       (flags & GSYNC_BROADCAST) ? INT_MAX : 1, (void *)dst, 0);
	return n > 0 ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

kern_return_t
thread_switch(mach_port_t thread, int option, mach_msg_timeout_t ms)
{
	(void)thread;
	__atomic_add_fetch(&switches, 1, __ATOMIC_RELAXED);
	if (option == SWITCH_OPTION_WAIT) {
		struct timespec ts = { 0, (long)ms * 1000000L };
		nanosleep(&ts, NULL);
	} else {
		sched_yield();
	}
	return KERN_SUCCESS;
}

static void
setup(void)
{
	standin_reset();
	waits = wakes = broadcasts = requeues = switches = 0;
	refuse_waits = 0;
}

static void
start(pthread_t *t, int n, void *(*fn)(void *), void *arg)
{
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, fn, arg), 0);
}

static void
join(pthread_t *t, int n)
{
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
}

START_TEST(test_free_mutex_makes_no_call)
{
	struct mutex m = MUTEX_INITIALIZER;
	for (int i = 0; i < 1000; i++) {
		mutex_lock(&m);
		ck_assert_uint_eq(m.lock, 1);
		mutex_unlock(&m);
	}
	ck_assert(mutex_try_lock(&m));
	ck_assert(!mutex_try_lock(&m));
	mutex_unlock(&m);
	ck_assert_uint_eq(m.lock, 0);
	ck_assert_uint_eq(waits + wakes + requeues + switches, 0);
	mutex_init(&m);
	ck_assert_str_eq(mutex_name(&m), "?");
	mutex_set_name(&m, "m");
	ck_assert_str_eq(mutex_name(&m), "m");
	mutex_clear(&m);
}
END_TEST

#define THREADS 4
#define ROUNDS  50000

static struct mutex counter_lock = MUTEX_INITIALIZER;
static long counter;

static void *
count_up(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		mutex_lock(&counter_lock);
		counter++;
		mutex_unlock(&counter_lock);
	}
	return NULL;
}

START_TEST(test_mutex_excludes)
{
	pthread_t t[THREADS];
	counter = 0;
	start(t, THREADS, count_up, NULL);
	join(t, THREADS);
	ck_assert_int_eq(counter, (long)THREADS * ROUNDS);
	ck_assert_uint_eq(counter_lock.lock, 0);
}
END_TEST

/* A refused wait (KERN_INVALID_ADDRESS) sleeps a millisecond: the
 * waiter is slow, not spinning, and the mutex still works. */
static void *
lock_unlock(void *arg)
{
	mutex_t m = arg;
	mutex_lock(m);
	mutex_unlock(m);
	return NULL;
}

START_TEST(test_refused_wait_sleeps)
{
	struct mutex m = MUTEX_INITIALIZER;
	pthread_t t;
	refuse_waits = 1;
	mutex_lock(&m);
	start(&t, 1, lock_unlock, &m);
	struct timespec ts = { 0, 50 * 1000000L };
	nanosleep(&ts, NULL);
	mutex_unlock(&m);
	join(&t, 1);
	/* At most one wait a millisecond (and one before the first). */
	ck_assert_uint_ge(waits, 1);
	ck_assert_uint_le(waits, 52);
	ck_assert_uint_eq(switches, waits);
	ck_assert_uint_eq(m.lock, 0);
}
END_TEST

/* A bounded queue between producers and consumers. */
#define QSIZE 3
#define ITEMS 20000
static struct {
	struct mutex lock;
	struct condition not_empty, not_full;
	long items[QSIZE];
	int head, count;
	long sum;
} q;

static void *
produce(void *arg)
{
	(void)arg;
	for (long i = 1; i <= ITEMS; i++) {
		mutex_lock(&q.lock);
		while (q.count == QSIZE)
			condition_wait(&q.not_full, &q.lock);
		q.items[(q.head + q.count++) % QSIZE] = i;
		condition_signal(&q.not_empty);
		mutex_unlock(&q.lock);
	}
	return NULL;
}

static void *
consume(void *arg)
{
	(void)arg;
	for (long i = 0; i < ITEMS; i++) {
		mutex_lock(&q.lock);
		while (q.count == 0)
			condition_wait(&q.not_empty, &q.lock);
		q.sum += q.items[q.head];
		q.head = (q.head + 1) % QSIZE;
		q.count--;
		condition_signal(&q.not_full);
		mutex_unlock(&q.lock);
	}
	return NULL;
}

START_TEST(test_producer_consumer)
{
	pthread_t p[2], c[2];
	mutex_init(&q.lock);
	condition_init(&q.not_empty);
	condition_init(&q.not_full);
	q.head = q.count = 0;
	q.sum = 0;
	start(p, 2, produce, NULL);
	start(c, 2, consume, NULL);
	join(p, 2);
	join(c, 2);
	ck_assert_int_eq(q.sum, (long)ITEMS * (ITEMS + 1));
	ck_assert_int_eq(q.count, 0);
	ck_assert_uint_eq(q.not_empty.waiters, 0);
	ck_assert_uint_eq(q.not_full.waiters, 0);
	ck_assert_uint_eq(q.lock.lock, 0);
}
END_TEST

/* Waiters on a gate, opened by a broadcast. */
static struct mutex gate_lock, other_lock;
static struct condition gate;
static int gate_open, at_gate, passed;

static void *
wait_at_gate(void *arg)
{
	mutex_t m = arg != NULL ? arg : &gate_lock;
	mutex_lock(m);
	__atomic_add_fetch(&at_gate, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&gate_open, __ATOMIC_SEQ_CST))
		condition_wait(&gate, m);
	__atomic_add_fetch(&passed, 1, __ATOMIC_SEQ_CST);
	mutex_unlock(m);
	return NULL;
}

static void
open_gate_when(int n, mutex_t m)
{
	while (__atomic_load_n(&at_gate, __ATOMIC_SEQ_CST) < n)
		sched_yield();
	/* Each is in condition_wait once its count is in. */
	while (__atomic_load_n(&gate.waiters, __ATOMIC_SEQ_CST) < (unsigned)n)
		sched_yield();
	struct timespec ts = { 0, 20 * 1000000L };
	nanosleep(&ts, NULL); /* into their futex waits */
	mutex_lock(m);
	__atomic_store_n(&gate_open, 1, __ATOMIC_SEQ_CST);
	condition_broadcast(&gate);
	mutex_unlock(m);
}

static void
gate_reset(void)
{
	mutex_init(&gate_lock);
	mutex_init(&other_lock);
	condition_init(&gate);
	gate_open = at_gate = passed = 0;
}

/* All n passed the gate, the broadcast having requeued or woken all,
 * and nothing is left held or counted. */
static void
check_gate_passed(int n, unsigned long want_requeues,
		  unsigned long want_broadcasts)
{
	ck_assert_int_eq(passed, n);
	ck_assert_uint_eq(requeues, want_requeues);
	ck_assert_uint_eq(broadcasts, want_broadcasts);
	ck_assert_uint_eq(gate.waiters, 0);
	ck_assert_uint_eq(gate_lock.lock, 0);
	ck_assert_uint_eq(other_lock.lock, 0);
}

START_TEST(test_broadcast_requeues)
{
	pthread_t t[6];
	gate_reset();
	start(t, 6, wait_at_gate, NULL);
	open_gate_when(6, &gate_lock);
	join(t, 6);
	check_gate_passed(6, 1, 0);
	/* Nobody waits: no call. */
	unsigned long calls = wakes + requeues;
	condition_broadcast(&gate);
	condition_signal(&gate);
	ck_assert_uint_eq(wakes + requeues, calls);
	ck_assert_str_eq(condition_name(&gate), "?");
	condition_set_name(&gate, "gate");
	ck_assert_str_eq(condition_name(&gate), "gate");
	condition_clear(&gate);
}
END_TEST

START_TEST(test_broadcast_two_mutexes_wakes_all)
{
	pthread_t t[4];
	gate_reset();
	start(t, 2, wait_at_gate, &gate_lock);
	start(t + 2, 2, wait_at_gate, &other_lock);
	open_gate_when(4, &gate_lock);
	join(t, 4);
	check_gate_passed(4, 0, 1);
}
END_TEST

static Suite *
cthread_sync_suite(void)
{
	Suite *s = suite_create("cthread_sync");
	TCase *tc = tcase_create("sync");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_free_mutex_makes_no_call);
	tcase_add_test(tc, test_mutex_excludes);
	tcase_add_test(tc, test_refused_wait_sleeps);
	tcase_add_test(tc, test_producer_consumer);
	tcase_add_test(tc, test_broadcast_requeues);
	tcase_add_test(tc, test_broadcast_two_mutexes_wakes_all);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cthread_sync_suite)
