/*
 * bench_sched.c: the cost of switching between kernel threads.
 */

#include "kern/kbench.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"

static volatile bool partner_stop;
static volatile bool partner_done;

static void
partner(void *arg)
{
	(void)arg;
	while (!partner_stop)
		swtch();
	partner_done = true;
}

/*
 * One swtch() round trip between two threads of equal priority: two
 * context switches, through the scheduler's run queue each time.
 */
KBENCH(swtch_round_trip, 1000)
{
	thread_t self = current_thread();
	partner_stop = false;
	partner_done = false;
	if (kernel_thread_create(kernel_task, "bench-partner", partner, NULL,
				 self->base_priority, POLICY_FIXEDPRI,
				 NULL) != KERN_SUCCESS)
		return;
	swtch(); /* let the partner start */
	for (uint64_t i = 0; i < iterations; i++)
		swtch();
	partner_stop = true;
	while (!partner_done)
		swtch();
}
