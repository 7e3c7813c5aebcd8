/*
 * test_conformance.c: the conformance tier's kernel side (see
 * tests/conformance/local.mk).  Every boot module is a program built for
 * GNU Mach; each runs as a task started by the boot script (with its
 * GNU Mach conventions, which gnu_boot checks), and must end by
 * task_terminate within its time, neither faulting nor calling anything this
 * kernel does not have.  What each program checked, it prints; the boot
 * test reads those lines.  The memory every task had must come back.
 * libmach's boot test (tests/libmach/local.mk) runs its program under
 * the same watch, with conformance.refused=0 on the command line: the
 * number of module lines there to be refused, 2 when not given.
 */

#include "kern/bootstrap.h"
#include "kern/clock.h"
#include "kern/cmdline.h"
#include "kern/ktest.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "vm/vm_map_copy.h"

#include "ktest_memory.h"

#define CONF_MAX_TASKS     32
/* Module lines that are there to be refused (tests/conformance/local.mk). */
#define CONF_REFUSED_LINES 2
/* How long a program may take, in ticks of the deterministic clock. */
#define CONF_TIMEOUT       (60 * HZ)

KTEST_EXPLICIT(gnu_conformance)
{
	const struct boot_info *bi = ktest_boot_info();
	task_t tasks[CONF_MAX_TASKS];
	unsigned ntasks = 0;

	thread_sleep_ticks(2);
	uint64_t free_before = ktest_free_memory_pages();
	uint64_t copies_before = vm_map_copy_count();
	unsigned refused = CONF_REFUSED_LINES;
	char value[4];
	if (cmdline_get(bi->cmdline, "conformance.refused", value,
			sizeof value)) {
		/* One digit: as many as this test's ISOs have. */
		KTEST_ASSERT(value[0] >= '0' && value[0] <= '9' &&
			     value[1] == '\0');
		refused = (unsigned)(value[0] - '0');
	}
	KTEST_ASSERT(bi->nmodules > 0 && bi->nmodules <= CONF_MAX_TASKS);
	KTEST_ASSERT(refused < bi->nmodules);
	/* Through the boot script, as the kernel starts them; the lines
	 * it must refuse are in the count. */
	ntasks = bootstrap_run_script(bi, tasks, CONF_MAX_TASKS);
	KTEST_ASSERT_EQ(ntasks, bi->nmodules - refused);

	for (int tick = 0; tick < CONF_TIMEOUT; tick++) {
		bool all = true;
		for (unsigned i = 0; i < ntasks; i++)
			all = all && tasks[i]->terminated;
		if (all)
			break;
		thread_sleep_ticks(1);
	}
	for (unsigned i = 0; i < ntasks; i++) {
		task_t t = tasks[i];
		if (!t->terminated) {
			ktest_fail("%s: still running after %d ticks", t->name,
				   CONF_TIMEOUT);
			task_terminate_internal(t, TASK_TERMINATED);
		}
		task_wait_terminated(t);
		if (t->end != TASK_TERMINATED)
			ktest_fail("%s: ended %d (exception %d code %#x "
				   "subcode %#llx), not by task_terminate",
				   t->name, (int)t->end, t->exc_type,
				   (unsigned)t->exc_code,
				   (unsigned long long)t->exc_subcode);
		task_deallocate(t);
	}
	thread_sleep_ticks(2);
	KTEST_ASSERT_EQ(vm_map_copy_count(), copies_before);
	KTEST_ASSERT_EQ(ktest_free_memory_pages(), free_before);
}
