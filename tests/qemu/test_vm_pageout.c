/*
 * test_vm_pageout.c: the page queues, the page-out daemon and wiring in
 * the running kernel: a task's touched pages are active, wired ones
 * leave the queues and come back, the real pmap's reference bits drive
 * the daemon's aging, an allocation below the free minimum wakes the
 * daemon and vm_page_wait returns, and every page, object and entry
 * comes back when the task dies wired.
 */

#include <machine/vm_param.h>

#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"
#include "vm/vm_page_queue.h"
#include "vm/vm_pageout.h"

static void
drain(zone_t zone, const struct zone_stats *st, void *arg)
{
	(void)st;
	(void)arg;
	zone_drain(zone);
}

struct counts {
	uint64_t free, objects, entries, active, inactive, wired;
};

static void
counts(struct counts *c)
{
	struct vm_page_stats ps;
	struct vm_object_stats os;
	struct vm_map_stats ms;
	struct vm_page_queue_stats q;
	zone_foreach(drain, NULL);
	vm_page_get_stats(&ps);
	vm_object_get_stats(&os);
	vm_map_get_stats(&ms);
	vm_page_queue_get_stats(&q);
	*c = (struct counts){ ps.free,  os.objects, ms.entries,
			      q.active, q.inactive, q.wired };
}

#define NPG 32

/* Make the task's pages [a, a + n pages) resident by faults. */
static bool
touch(task_t task, vm_offset_t a, unsigned n, vm_prot_t type)
{
	for (unsigned i = 0; i < n; i++)
		if (vm_fault(task->map, a + i * PAGE_SIZE, type) !=
		    KERN_SUCCESS)
			return false;
	return true;
}

KTEST(vm_pageout_queues_follow_a_task)
{
	struct counts before, touched, wired, after;
	task_t task;
	KTEST_ASSERT_EQ(task_create_user("pgqueue", &task), KERN_SUCCESS);
	task_deallocate(task);
	counts(&before);

	KTEST_ASSERT_EQ(task_create_user("pgqueue", &task), KERN_SUCCESS);
	vm_offset_t a = 0;
	KTEST_ASSERT_EQ(vm_allocate(task->map, &a, NPG * PAGE_SIZE, true),
			KERN_SUCCESS);
	KTEST_ASSERT(touch(task, a, NPG, VM_PROT_WRITE));
	counts(&touched);
	KTEST_ASSERT_EQ(touched.active + touched.inactive,
			before.active + before.inactive + NPG);
	KTEST_ASSERT_EQ(touched.wired, before.wired);
	/* Wired: off the queues, mapped wired in the task's pmap. */
	KTEST_ASSERT_EQ(vm_map_wire(task->map, a, a + NPG * PAGE_SIZE,
				    VM_PROT_READ | VM_PROT_WRITE),
			KERN_SUCCESS);
	counts(&wired);
	KTEST_ASSERT_EQ(wired.wired, before.wired + NPG);
	KTEST_ASSERT_EQ(wired.active + wired.inactive,
			before.active + before.inactive);
	struct pmap_stats pst;
	pmap_get_stats(task->pmap, &pst);
	KTEST_ASSERT_EQ(pst.wired, NPG);
	KTEST_ASSERT_EQ(vm_map_wired_size(task->map), NPG * PAGE_SIZE);
	/* Unwired, then wired again for good: the task dies wired. */
	KTEST_ASSERT_EQ(
		vm_map_wire(task->map, a, a + NPG * PAGE_SIZE, VM_PROT_NONE),
		KERN_SUCCESS);
	pmap_get_stats(task->pmap, &pst);
	KTEST_ASSERT_EQ(pst.wired, 0);
	counts(&after);
	KTEST_ASSERT_EQ(after.wired, before.wired);
	KTEST_ASSERT_EQ(vm_map_wire_all(task->map, 1), KERN_SUCCESS);
	counts(&after);
	KTEST_ASSERT(after.wired >= before.wired + NPG);
	task_deallocate(task);
	counts(&after);
	KTEST_ASSERT_EQ(after.objects, before.objects);
	KTEST_ASSERT_EQ(after.entries, before.entries);
	KTEST_ASSERT_EQ(after.active + after.inactive,
			before.active + before.inactive);
	KTEST_ASSERT_EQ(after.wired, before.wired);
	KTEST_ASSERT_EQ(after.free, before.free);
}

/* The MMU's reference bits: a page used after its aging goes back to
 * the active queue, the others are unmapped (nothing can be paged out:
 * they are kept). */
KTEST(vm_pageout_scan_ages_by_reference_bits)
{
	struct vm_pageout_stats s0, s1, s2;
	task_t task;
	KTEST_ASSERT_EQ(task_create_user("pgscan", &task), KERN_SUCCESS);
	vm_offset_t a = 0;
	KTEST_ASSERT_EQ(vm_allocate(task->map, &a, NPG * PAGE_SIZE, true),
			KERN_SUCCESS);
	KTEST_ASSERT(touch(task, a, NPG, VM_PROT_WRITE));
	vm_pageout_get_stats(&s0);
	uint64_t min = s0.free_min, target = s0.free_target;
	/* Wanting every page: passes run whatever is free. */
	struct vm_page_stats ps;
	vm_page_get_stats(&ps);
	KTEST_ASSERT(vm_pageout_set_thresholds(ps.managed, ps.managed + 1));
	vm_pageout_scan();
	vm_pageout_get_stats(&s1);
	KTEST_ASSERT(s1.deactivations > s0.deactivations);
	vm_pageout_scan();
	vm_pageout_get_stats(&s2);
	KTEST_ASSERT(vm_pageout_set_thresholds(min, target));
	/* The pages aged by the first pass and not used since were
	 * unmapped by the second and kept (none may be paged out). */
	KTEST_ASSERT(s2.reactivations > s1.reactivations);
	KTEST_ASSERT_EQ(s2.discards, s0.discards);
	KTEST_ASSERT_EQ(s2.pageouts, s0.pageouts);
	unsigned unmapped = 0;
	for (unsigned i = 0; i < NPG; i++) {
		uint64_t pa;
		unmapped += !pmap_extract(task->pmap, a + i * PAGE_SIZE, &pa);
	}
	KTEST_ASSERT(unmapped > 0);
	unsigned n;
	vm_size_t size;
	uint64_t res;
	vm_map_info(task->map, &n, &size, &res);
	KTEST_ASSERT_EQ(res, NPG);
	/* A fault maps them back. */
	KTEST_ASSERT(touch(task, a, NPG, VM_PROT_READ));
	for (unsigned i = 0; i < NPG; i++) {
		uint64_t pa;
		KTEST_ASSERT(pmap_extract(task->pmap, a + i * PAGE_SIZE, &pa));
	}
	task_deallocate(task);
}

/* An allocation below the free minimum wakes the daemon, which makes a
 * pass; vm_page_wait then returns (a page is free). */
KTEST(vm_pageout_daemon_woken_below_minimum)
{
	struct vm_pageout_stats s0, s1;
	task_t task;
	KTEST_ASSERT_EQ(task_create_user("pgwake", &task), KERN_SUCCESS);
	vm_offset_t a = 0;
	KTEST_ASSERT_EQ(vm_allocate(task->map, &a, 4 * PAGE_SIZE, true),
			KERN_SUCCESS);
	/* Let the daemon end whatever an earlier test woke it for. */
	thread_sleep_ticks(15);
	vm_pageout_get_stats(&s0);
	struct vm_page_stats ps;
	vm_page_get_stats(&ps);
	KTEST_ASSERT(vm_pageout_set_thresholds(ps.free + 16, ps.free + 32));
	KTEST_ASSERT(touch(task, a, 1, VM_PROT_WRITE));
	for (int tick = 0; tick < 50; tick++) {
		vm_pageout_get_stats(&s1);
		if (s1.scans > s0.scans)
			break;
		thread_sleep_ticks(1);
	}
	KTEST_ASSERT(vm_pageout_set_thresholds(s0.free_min, s0.free_target));
	KTEST_ASSERT_EQ(s1.wakeups, s0.wakeups + 1);
	KTEST_ASSERT(s1.scans > s0.scans);
	KTEST_ASSERT_EQ(vm_page_wait(true), KERN_SUCCESS);
	task_deallocate(task);
}

/* ---- vm_page_wait with no page free ---- */

struct waiter {
	volatile bool go, done;
	kern_return_t result;
	uint64_t waited; /* ticks */
};

static void
page_waiter(void *arg)
{
	struct waiter *w = arg;
	while (!__atomic_load_n(&w->go, __ATOMIC_ACQUIRE))
		thread_sleep_ticks(1);
	uint64_t start = clock_ticks();
	w->result = vm_page_wait(true);
	w->waited = clock_ticks() - start;
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
}

static bool
await_waiter(struct waiter *w, unsigned ticks)
{
	for (unsigned t = 0; t < ticks && !w->done; t++)
		thread_sleep_ticks(1);
	return w->done;
}

/*
 * With every page taken: a waiter wakes the daemon and is woken by the
 * end of its pass (well before its 100 ms); a second one, while the
 * daemon rests after that fruitless pass, sleeps until interrupted.
 */
KTEST(vm_page_wait_woken_by_the_daemon_or_interrupted)
{
	static struct waiter first, second;
	thread_t t1, t2;
	thread_sleep_ticks(15); /* the daemon idle, not resting */
	first = (struct waiter){ 0 };
	second = (struct waiter){ 0 };
	KTEST_ASSERT_EQ(kernel_thread_create(
				kernel_task, "pgwait1", page_waiter, &first,
				BASEPRI_KERNEL, POLICY_FIXEDPRI, &t1),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(kernel_thread_create(
				kernel_task, "pgwait2", page_waiter, &second,
				BASEPRI_KERNEL, POLICY_FIXEDPRI, &t2),
			KERN_SUCCESS);
	struct vm_pageout_stats s0;
	vm_pageout_get_stats(&s0);
	struct vm_page *held = NULL;
	for (struct vm_page *p; (p = vm_page_alloc()) != NULL;) {
		p->next = held;
		held = p;
	}
	__atomic_store_n(&first.go, true, __ATOMIC_RELEASE);
	bool first_done = await_waiter(&first, 20);
	__atomic_store_n(&second.go, true, __ATOMIC_RELEASE);
	thread_sleep_ticks(3);
	bool second_waiting = !second.done;
	thread_abort_wait(t2);
	bool second_done = await_waiter(&second, 5);
	while (held != NULL) {
		struct vm_page *p = held;
		held = p->next;
		vm_page_free(p);
	}
	struct vm_pageout_stats s1;
	vm_pageout_get_stats(&s1);
	KTEST_ASSERT(first_done);
	KTEST_ASSERT_EQ(first.result, KERN_SUCCESS);
	KTEST_ASSERT(first.waited < HZ / 10);
	KTEST_ASSERT(s1.scans > s0.scans);
	KTEST_ASSERT(second_waiting);
	KTEST_ASSERT(second_done);
	KTEST_ASSERT_EQ(second.result, KERN_ABORTED);
}
