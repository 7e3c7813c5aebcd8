/*
 * test_user.c: user tasks from boot modules, run under the kernel.
 *
 * Booted from tests/qemu/user.iso, whose modules are the programs of
 * tests/qemu/user/ with these command lines:
 *
 *   hello-a A 12, hello-b B 12        two well-behaved tasks
 *   pf pf, pfw pfw, gp gp, div div,   one task per kind of fault
 *   ud ud, kaddr kaddr, unix unix,
 *   flags flags
 *   notelf                            a text file, not a program
 */

#include <machine/vm_param.h>

#include "kern/bootstrap.h"
#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

#define MAX_TASKS 16

struct expectation {
	const char *name;
	enum task_end end;
	int value; /* exit status or fault vector */
};

static const struct expectation expected[] = {
	{ "hello-a", TASK_EXITED, 0 },
	{ "hello-b", TASK_EXITED, 0 },
	{ "pf", TASK_FAULTED, 14 },
	{ "pfw", TASK_FAULTED, 14 },
	{ "gp", TASK_FAULTED, 13 },
	{ "div", TASK_FAULTED, 0 },
	{ "ud", TASK_FAULTED, 6 },
	{ "kaddr", TASK_EXITED, 3 },
	{ "unix", TASK_UNHANDLED_SYSCALL, 0 },
	{ "flags", TASK_EXITED, 6 },
};
#define NEXPECTED (sizeof expected / sizeof expected[0])

static void
drain_zone(zone_t zone, const struct zone_stats *stats, void *arg)
{
	(void)stats;
	(void)arg;
	zone_drain(zone);
}

/* Free pages, counting the kernel's caches of free memory as free. */
static uint64_t
free_memory_pages(void)
{
	zone_foreach(drain_zone, NULL);
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	/* Cached kernel stacks are free memory kept aside. */
	return st.free + ((uint64_t)stack_cache_count() << KERNEL_STACK_ORDER);
}

static task_t
find(task_t *tasks, unsigned n, const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(tasks[i]->name, name) == 0)
			return tasks[i];
	return NULL;
}

KTEST_EXPLICIT(user_tasks)
{
	const struct boot_info *bi = ktest_boot_info();
	task_t tasks[MAX_TASKS];
	unsigned ntasks = 0, refused = 0;
	uint64_t free_before = free_memory_pages();

	for (unsigned i = 0; i < bi->nmodules && ntasks < MAX_TASKS; i++) {
		task_t t;
		if (bootstrap_module_task(&bi->modules[i], &t) == KERN_SUCCESS)
			tasks[ntasks++] = t;
		else
			refused++;
	}
	KTEST_ASSERT_EQ(refused, 1); /* notelf */
	KTEST_ASSERT_EQ(ntasks, NEXPECTED);

	task_t a = find(tasks, ntasks, "hello-a");
	task_t b = find(tasks, ntasks, "hello-b");
	KTEST_ASSERT(a != NULL && b != NULL);

	/* Both well-behaved tasks make progress while neither is done. */
	bool overlapped = false;
	for (int tick = 0; tick < 30 * HZ; tick++) {
		if (!a->terminated && !b->terminated && a->syscalls_mach > 2 &&
		    b->syscalls_mach > 2)
			overlapped = true;
		bool all = true;
		for (unsigned i = 0; i < ntasks; i++)
			all = all && tasks[i]->terminated;
		if (all)
			break;
		thread_sleep_ticks(1);
	}
	for (unsigned i = 0; i < ntasks; i++)
		task_wait_terminated(tasks[i]);
	KTEST_ASSERT(overlapped);

	for (unsigned i = 0; i < NEXPECTED; i++) {
		const struct expectation *e = &expected[i];
		task_t t = find(tasks, ntasks, e->name);
		KTEST_ASSERT(t != NULL);
		if (t->end != e->end) {
			ktest_fail("task %s ended %d, expected %d", e->name,
				   t->end, e->end);
			return;
		}
		if (e->end == TASK_EXITED)
			KTEST_ASSERT_EQ(t->exit_status, e->value);
		if (e->end == TASK_FAULTED)
			KTEST_ASSERT_EQ(t->fault_vector, e->value);
	}
	KTEST_ASSERT_EQ(find(tasks, ntasks, "pf")->fault_address, 0);

	for (unsigned i = 0; i < ntasks; i++)
		task_deallocate(tasks[i]);
	/* Every page the tasks had (memory, page tables) came back. */
	thread_sleep_ticks(2);
	uint64_t free_after = free_memory_pages();
	if (free_after != free_before) {
		ktest_fail("free pages: %llu before, %llu after",
			   (unsigned long long)free_before,
			   (unsigned long long)free_after);
		return;
	}
}
