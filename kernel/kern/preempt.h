/*
 * kern/preempt.h: when the running thread may be switched out.
 *
 * Each CPU counts the reasons it must not switch threads now
 * (cpu->preempt_level): every simple lock held counts one (kern/lock.h),
 * and preempt_disable counts one.  The scheduler preempts a thread only
 * at level zero and outside interrupt handlers.  A preemption that comes
 * due meanwhile (cpu->need_resched) happens when the level drops back to
 * zero with interrupts on, or at the next clock interrupt.
 *
 * The count is per CPU and changed only by its own CPU, in one
 * instruction (machine/cpu_data.h); interrupt handlers leave it as they
 * found it, so no atomic operation is needed.
 */
#ifndef KERN_PREEMPT_H
#define KERN_PREEMPT_H

#include "kern/cpu.h"

/* A preemption point: see sched_preempt_point in kern/sched_prim.h. */
void sched_preempt_point(void);

#define PREEMPT_LEVEL_OFFSET __builtin_offsetof(struct cpu, preempt_level)
#define NEED_RESCHED_OFFSET  __builtin_offsetof(struct cpu, need_resched)

static inline void
preempt_disable(void)
{
	arch_cpu_increment(PREEMPT_LEVEL_OFFSET);
}

/* Drop a level without a preemption point (interrupts are off). */
static inline void
preempt_enable_no_resched(void)
{
	(void)arch_cpu_decrement(PREEMPT_LEVEL_OFFSET);
}

/* Drop a level; at zero, preempt now if a preemption came due. */
static inline void
preempt_enable(void)
{
	if (arch_cpu_decrement(PREEMPT_LEVEL_OFFSET) &&
	    __builtin_expect(arch_cpu_load_bool(NEED_RESCHED_OFFSET), 0))
		sched_preempt_point();
}

/* Whether this CPU may switch threads here (no lock held). */
static inline bool
preemptible(void)
{
	return cpu_current()->preempt_level == 0;
}

#endif
