/*
 * test_user_regs.c: user threads get back exactly their registers.
 *
 * Booted from tests/qemu/regs.iso, whose modules are three copies of
 * tests/qemu/user/regs ("regs-N N COUNT"): each holds values only it
 * uses in every general, x87 and SSE register and checks them all on
 * every iteration, until it has been interrupted COUNT times.  While
 * they run the clock ticks REGS_CLOCK_SPEEDUP times faster and a kernel
 * thread above them wakes on every tick, so every tick preempts one of
 * them (and the tasks preempt each other when their quanta end, and
 * make system calls): thousands of preemptions, each a chance for the
 * kernel to give a thread someone else's, or its own stale, registers.
 * The tasks start one by one, so each later one begins while the
 * others hold their own FPU state, and checks that it got a clean one.
 * The fourth ("msg") makes its system calls timed mach_msg receives
 * that block with a continuation, so its registers come back through
 * the continuation's return to user mode.
 */

#include <machine/machdep.h>

#include "kern/bootstrap.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"

#define MAX_TASKS          8
#define REGS_CLOCK_SPEEDUP 50

static volatile bool preemptor_stop;
static volatile uint64_t preemptor_wakeups;

/* Wake on every tick, above every user thread: each wakeup preempts. */
static void
preemptor(void *arg)
{
	(void)arg;
	while (!preemptor_stop) {
		thread_sleep_ticks(1);
		preemptor_wakeups++;
	}
}

KTEST_EXPLICIT(user_registers)
{
	const struct boot_info *bi = ktest_boot_info();
	task_t tasks[MAX_TASKS];
	unsigned ntasks = 0;

	KTEST_ASSERT(bi->nmodules >= 4 && bi->nmodules <= MAX_TASKS);
	arch_clock_start(HZ * REGS_CLOCK_SPEEDUP);
	KTEST_ASSERT_EQ(kernel_thread_create(kernel_task, "preemptor",
					     preemptor, NULL, BASEPRI_KERNEL,
					     POLICY_FIXEDPRI, NULL),
			KERN_SUCCESS);
	uint64_t switches_before = sched_context_switches();
	for (unsigned i = 0; i < bi->nmodules; i++) {
		if (bootstrap_module_task(bi, &bi->modules[i],
					  &tasks[ntasks]) == KERN_SUCCESS)
			ntasks++;
		thread_sleep_ticks(20);
	}
	for (unsigned i = 0; i < ntasks; i++)
		task_wait_terminated(tasks[i]);
	uint64_t switches = sched_context_switches() - switches_before;
	preemptor_stop = true;
	thread_sleep_ticks(2);
	arch_clock_start(HZ);

	kprintf("# %u tasks, %llu context switches, %llu preemptor wakeups\n",
		ntasks, (unsigned long long)switches,
		(unsigned long long)preemptor_wakeups);
	KTEST_ASSERT_EQ(ntasks, bi->nmodules);
	for (unsigned i = 0; i < ntasks; i++) {
		if (tasks[i]->end != TASK_TERMINATED)
			ktest_fail("task %s ended %d, not by itself with 0",
				   tasks[i]->name, (int)tasks[i]->end);
		task_deallocate(tasks[i]);
	}
	/* Each spinning task ran until it was interrupted 1000 times; the
	 * receiver counts receives. */
	KTEST_ASSERT(preemptor_wakeups >= 1000 * (ntasks - 1));
}
