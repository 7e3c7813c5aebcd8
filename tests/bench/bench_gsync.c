/*
 * bench_gsync.c: a gsync_wait + gsync_wake round trip (kern/gsync.c)
 * between two kernel threads on a word of a user task's page: each side
 * sets the word, wakes the other and waits for its turn.  One round
 * trip is two waits, two wakes and two context switches; the request's
 * trip through mach_msg and the generated stubs (the kernel-object
 * calls of bench_kobject.c and bench_mig.c) is not in it.  Setting up
 * and ending the task and the partner cancel out between n and 2n.
 */

#include <machine/vm_param.h>

#include "kern/gsync.h"
#include "kern/kbench.h"
#include "kern/panic.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"

#define WORD_VA ((vm_offset_t)0x30000000)

struct pingpong {
	task_t task;
	volatile uint32_t *word; /* 1: the partner's turn, 0: ours */
	uint64_t rounds;
	volatile bool done;
};

static void
wait_while(struct pingpong *p, uint32_t value)
{
	while (*p->word == value) {
		kern_return_t kr = gsync_wait(p->task, WORD_VA, value, 0, 0, 0);
		if (kr != KERN_SUCCESS && kr != KERN_INVALID_ARGUMENT)
			panic("bench_gsync: gsync_wait: %d", kr);
	}
}

static void
partner(void *arg)
{
	struct pingpong *p = arg;
	for (uint64_t i = 0; i < p->rounds; i++) {
		wait_while(p, 0);
		*p->word = 0;
		gsync_wake(p->task, WORD_VA, 0, 0);
	}
	p->done = true;
}

KBENCH(gsync_wait_wake_round_trip, 1000)
{
	struct pingpong p = { .rounds = iterations };
	void *kva;
	thread_t self = current_thread();

	if (task_create_user("bench-gsync", &p.task) != KERN_SUCCESS ||
	    task_map_page(p.task, WORD_VA, VM_PROT_READ | VM_PROT_WRITE,
			  &kva) != KERN_SUCCESS)
		panic("bench_gsync: no task");
	p.word = kva;
	*p.word = 0;
	if (kernel_thread_create(kernel_task, "bench-gsync", partner, &p,
				 self->base_priority, POLICY_FIXEDPRI,
				 NULL) != KERN_SUCCESS)
		panic("bench_gsync: no partner");
	for (uint64_t i = 0; i < iterations; i++) {
		*p.word = 1;
		gsync_wake(p.task, WORD_VA, 0, 0);
		wait_while(&p, 1);
	}
	while (!p.done)
		swtch();
	task_terminate_internal(p.task, TASK_TERMINATED);
	task_wait_terminated(p.task);
	task_deallocate(p.task);
}
