/*
 * test_gsync.c: gsync's wait queues (kern/gsync.c) from kernel threads
 * waiting on a user task's page (the kernel's own task is not the
 * waiter's, as when a task waits on another's address): the codes a
 * simpleroutine's caller never sees (a wake or requeue with nobody
 * waiting), wake one and all, requeue within one bucket and across,
 * timeouts, aborts, and every waiter, page, thread and task back.
 * Results are read with deadlines, so a thread that sleeps for good
 * fails the test instead of hanging the boot.
 */

#include <machine/vm_param.h>

#include "kern/gsync.h"
#include "kern/ktest.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "ktest_memory.h"

#define DATA_VA ((vm_offset_t)0x20000000)

struct gwaiter {
	task_t task;
	vm_offset_t addr;
	unsigned value;
	natural_t msec;
	int flags;
	thread_t thread;
	volatile bool done;
	volatile kern_return_t kr;
};

static void
gwaiter_main(void *arg)
{
	struct gwaiter *w = arg;
	w->kr = gsync_wait(w->task, w->addr, w->value, 0, w->msec, w->flags);
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
}

/* Start a waiter; return once it waits (gsync_waiters grew). */
static void
gwaiter_start(struct gwaiter *w, task_t task, vm_offset_t addr, unsigned value,
	      natural_t msec, int flags)
{
	unsigned before = gsync_waiters();
	*w = (struct gwaiter){ task, addr, value, msec, flags, NULL, false, 0 };
	KTEST_ASSERT_EQ(kernel_thread_create(kernel_task, "gsync", gwaiter_main,
					     w, BASEPRI_USER, POLICY_FIXEDPRI,
					     &w->thread),
			KERN_SUCCESS);
	for (int i = 0; i < 50 && gsync_waiters() == before && !w->done; i++)
		thread_sleep_ticks(1);
	KTEST_ASSERT_EQ(gsync_waiters(), before + 1);
}

static bool
gwaiter_wait(struct gwaiter *w, unsigned ticks)
{
	for (unsigned i = 0; i < ticks && !w->done; i++)
		thread_sleep_ticks(1);
	return w->done;
}

static void
gwaiter_end(struct gwaiter *w)
{
	KTEST_ASSERT(gwaiter_wait(w, 100));
	thread_deallocate(w->thread);
}

struct baseline {
	uint64_t threads, tasks, pages;
};

static void
baseline_take(struct baseline *b)
{
	b->pages = ktest_free_memory_pages();
	b->threads = ktest_zone_in_use("threads");
	b->tasks = ktest_zone_in_use("tasks");
}

static void
baseline_check(const struct baseline *b)
{
	thread_sleep_ticks(2); /* the ended threads are reaped */
	KTEST_ASSERT_EQ(gsync_waiters(), 0);
	KTEST_ASSERT_EQ(ktest_zone_in_use("threads"), b->threads);
	KTEST_ASSERT_EQ(ktest_zone_in_use("tasks"), b->tasks);
	KTEST_ASSERT_EQ(ktest_free_memory_pages(), b->pages);
}

static void
data_task(task_t *taskp, volatile uint32_t **data)
{
	task_t task;
	void *kva;
	KTEST_ASSERT_EQ(task_create_user("gsync", &task), KERN_SUCCESS);
	*taskp = task;
	KTEST_ASSERT_EQ(task_map_page(task, DATA_VA,
				      VM_PROT_READ | VM_PROT_WRITE, &kva),
			KERN_SUCCESS);
	*data = kva;
}

static void
data_task_end(task_t task)
{
	task_terminate_internal(task, TASK_TERMINATED);
	task_wait_terminated(task);
	task_deallocate(task);
}

KTEST(gsync_wait_wake_codes)
{
	struct baseline b;
	struct gwaiter w1, w2;
	volatile uint32_t *d;

	baseline_take(&b);
	task_t task;
	data_task(&task, &d);
	d[0] = 3;
	KTEST_ASSERT_EQ(gsync_wait(task, DATA_VA, 4, 0, 0, 0),
			KERN_INVALID_ARGUMENT);
	KTEST_ASSERT_EQ(gsync_wait(task, DATA_VA + 1, 3, 0, 0, 0),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(gsync_wait(task, DATA_VA + PAGE_SIZE, 0, 0, 0, 0),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(gsync_wait(NULL, DATA_VA, 3, 0, 0, 0),
			KERN_INVALID_TASK);
	KTEST_ASSERT_EQ(gsync_wait(kernel_task, DATA_VA, 3, 0, 0, 0),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(gsync_wait(task, DATA_VA, 3, 0, 20, GSYNC_TIMED),
			KERN_TIMEDOUT);
	/* Nobody waits: the answers the user's simpleroutine never sees. */
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA, 0, 0), KERN_INVALID_ARGUMENT);
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA, 8, GSYNC_MUTATE),
			KERN_INVALID_ARGUMENT);
	KTEST_ASSERT_EQ(d[0], 8);
	KTEST_ASSERT_EQ(gsync_requeue(task, DATA_VA, DATA_VA + 4, false, 0),
			KERN_INVALID_ARGUMENT);
	KTEST_ASSERT_EQ(gsync_requeue(task, DATA_VA, DATA_VA + 2, false, 0),
			KERN_INVALID_ADDRESS);

	/* One, then the other: in the order they came. */
	gwaiter_start(&w1, task, DATA_VA, 8, 0, 0);
	gwaiter_start(&w2, task, DATA_VA, 8, 0, 0);
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA, 0, 0), KERN_SUCCESS);
	KTEST_ASSERT(gwaiter_wait(&w1, 100));
	thread_sleep_ticks(3);
	KTEST_ASSERT(!w2.done);
	KTEST_ASSERT_EQ(gsync_waiters(), 1);
	/* The private key is (map, address): a shared wake misses it. */
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA, 0, GSYNC_SHARED),
			KERN_INVALID_ARGUMENT);
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA, 0, 0), KERN_SUCCESS);
	KTEST_ASSERT(gwaiter_wait(&w2, 100));
	KTEST_ASSERT_EQ(w1.kr, KERN_SUCCESS);
	KTEST_ASSERT_EQ(w2.kr, KERN_SUCCESS);
	gwaiter_end(&w1);
	gwaiter_end(&w2);

	/* Every one. */
	gwaiter_start(&w1, task, DATA_VA, 8, 0, GSYNC_SHARED);
	gwaiter_start(&w2, task, DATA_VA, 8, 0, GSYNC_SHARED);
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA, 0, GSYNC_BROADCAST),
			KERN_INVALID_ARGUMENT); /* private: none */
	KTEST_ASSERT_EQ(
		gsync_wake(task, DATA_VA, 0, GSYNC_SHARED | GSYNC_BROADCAST),
		KERN_SUCCESS);
	KTEST_ASSERT(gwaiter_wait(&w1, 100) && gwaiter_wait(&w2, 100));
	gwaiter_end(&w1);
	gwaiter_end(&w2);

	/* Timeout and abort. */
	gwaiter_start(&w1, task, DATA_VA, 8, 30, GSYNC_TIMED);
	KTEST_ASSERT(gwaiter_wait(&w1, 100));
	KTEST_ASSERT_EQ(w1.kr, KERN_TIMEDOUT);
	gwaiter_end(&w1);
	gwaiter_start(&w1, task, DATA_VA, 8, 0, 0);
	KTEST_ASSERT_EQ(thread_abort_wait(w1.thread), KERN_SUCCESS);
	KTEST_ASSERT(gwaiter_wait(&w1, 100));
	KTEST_ASSERT_EQ(w1.kr, KERN_INTERRUPTED);
	gwaiter_end(&w1);

	data_task_end(task);
	baseline_check(&b);
}

KTEST(gsync_requeue_moves_waiters)
{
	struct baseline b;
	struct gwaiter w[3];
	volatile uint32_t *d;

	baseline_take(&b);
	task_t task;
	data_task(&task, &d);
	d[0] = 0;
	d[1] = 0;
	for (int i = 0; i < 3; i++)
		gwaiter_start(&w[i], task, DATA_VA, 0, 0, 0);
	/* Onto itself, every one: each moved once, none lost or looped. */
	KTEST_ASSERT_EQ(
		gsync_requeue(task, DATA_VA, DATA_VA, false, GSYNC_BROADCAST),
		KERN_SUCCESS);
	KTEST_ASSERT_EQ(gsync_waiters(), 3);
	/* wake_one: the first woken, the next moved. */
	KTEST_ASSERT_EQ(gsync_requeue(task, DATA_VA, DATA_VA + 4, true, 0),
			KERN_SUCCESS);
	KTEST_ASSERT(gwaiter_wait(&w[0], 100));
	KTEST_ASSERT_EQ(gsync_waiters(), 2);
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA + 4, 0, 0), KERN_SUCCESS);
	KTEST_ASSERT(gwaiter_wait(&w[1], 100));
	KTEST_ASSERT(!w[2].done);
	/* The rest, all at once, then a timed wait on the new address
	 * that a wake ends early. */
	KTEST_ASSERT_EQ(gsync_requeue(task, DATA_VA, DATA_VA + 4, false,
				      GSYNC_BROADCAST),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA, 0, 0), KERN_INVALID_ARGUMENT);
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA + 4, 0, GSYNC_BROADCAST),
			KERN_SUCCESS);
	KTEST_ASSERT(gwaiter_wait(&w[2], 100));
	for (int i = 0; i < 3; i++) {
		KTEST_ASSERT_EQ(w[i].kr, KERN_SUCCESS);
		gwaiter_end(&w[i]);
	}
	gwaiter_start(&w[0], task, DATA_VA + 4, 0, 10000, GSYNC_TIMED);
	KTEST_ASSERT_EQ(gsync_wake(task, DATA_VA + 4, 0, 0), KERN_SUCCESS);
	KTEST_ASSERT(gwaiter_wait(&w[0], 100));
	KTEST_ASSERT_EQ(w[0].kr, KERN_SUCCESS);
	gwaiter_end(&w[0]);

	/* A waiter whose task ends: the wait stays until woken or aborted
	 * (the key holds nothing), and its end leaves no trace. */
	gwaiter_start(&w[0], task, DATA_VA, 0, 0, 0);
	data_task_end(task);
	KTEST_ASSERT(!w[0].done);
	KTEST_ASSERT_EQ(thread_abort_wait(w[0].thread), KERN_SUCCESS);
	KTEST_ASSERT(gwaiter_wait(&w[0], 100));
	KTEST_ASSERT_EQ(w[0].kr, KERN_INTERRUPTED);
	gwaiter_end(&w[0]);
	baseline_check(&b);
}
