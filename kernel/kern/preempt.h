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
 * The count is per CPU and changed only by its own CPU; interrupt
 * handlers leave it as they found it, so no atomic operation is needed.
 */
#ifndef KERN_PREEMPT_H
#define KERN_PREEMPT_H

#include "kern/cpu.h"

/* A preemption point: see sched_preempt_point in kern/sched_prim.h. */
void sched_preempt_point(void);

static inline void
preempt_disable(void)
{
	cpu_current()->preempt_level++;
	__asm__ volatile("" ::: "memory");
}

/* Drop a level without a preemption point (interrupts are off). */
static inline void
preempt_enable_no_resched(void)
{
	__asm__ volatile("" ::: "memory");
	cpu_current()->preempt_level--;
}

/* Drop a level; at zero, preempt now if a preemption came due. */
static inline void
preempt_enable(void)
{
	__asm__ volatile("" ::: "memory");
	struct cpu *c = cpu_current();
	if (--c->preempt_level == 0 && __builtin_expect(c->need_resched, 0))
		sched_preempt_point();
}

/* Whether this CPU may switch threads here (no lock held). */
static inline bool
preemptible(void)
{
	return cpu_current()->preempt_level == 0;
}

#endif
