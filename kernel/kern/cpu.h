/*
 * kern/cpu.h: per-CPU state.
 *
 * Each processor has a struct cpu it alone writes, except for the fields
 * marked as guarded by sched_lock.  cpu_current() finds the running
 * CPU's.  Only the boot CPU runs so far; the array is sized for SMP.
 */
#ifndef KERN_CPU_H
#define KERN_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include <machine/cpu_data.h>

#include "kern/run_queue.h"

#define MAX_CPUS 16

struct thread;

struct cpu {
	struct cpu *self;     /* first: the machine code reads %gs:0 */
	struct arch_cpu arch; /* second: fixed %gs offsets */
	unsigned id;
	unsigned intr_depth;    /* interrupts being handled */
	unsigned preempt_level; /* reasons not to switch now (kern/preempt.h) */

	/* Guarded by sched_lock. */
	struct thread *active_thread;
	struct thread *idle_thread;
	struct run_queue runq;
	bool need_resched; /* a better thread is runnable, or quantum over */

	/* This CPU's, with interrupts off: ipc/ipc_kmsg.c's cached kmsg. */
	void *ikm_cache;
};

extern struct cpu cpus[MAX_CPUS];

static inline struct cpu *
cpu_current(void)
{
	return arch_cpu_self();
}

/* cpu_current()->active_thread, in one per-CPU load. */
static inline struct thread *
cpu_active_thread(void)
{
	return arch_cpu_load_pointer(
		__builtin_offsetof(struct cpu, active_thread));
}

/* Set up the boot CPU's struct cpu and make it current. */
void cpu_bootstrap(void);

#endif
