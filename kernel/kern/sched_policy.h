/*
 * kern/sched_policy.h: how a thread's priority follows its policy.
 *
 * Fixed-priority threads run at their base priority.  Timesharing
 * threads lose priority as they use the CPU: each clock tick a thread
 * runs adds SCHED_TICK_USAGE to its usage, usage decays by 5/8 every
 * scheduler period (one second), and the priority is the base plus one
 * level per SCHED_USAGE_PER_LEVEL of usage, never worse than the lowest
 * non-idle level.  At 100 ticks a second a CPU-bound thread settles
 * 5 to 8 levels below its base (usage between 3/8 and 8/3 of a second's
 * worth); a thread that sleeps rises back within a few seconds.
 *
 * These are pure functions, tested on the host.
 */
#ifndef KERN_SCHED_POLICY_H
#define KERN_SCHED_POLICY_H

#include <stdint.h>

#include "kern/run_queue.h"

enum sched_policy {
	POLICY_TIMESHARE = 1,
	POLICY_FIXEDPRI = 2,
};

#define SCHED_TICK_USAGE      1024u
#define SCHED_USAGE_PER_LEVEL (32u * SCHED_TICK_USAGE)
#define SCHED_LOWEST_PRI      (NRQS - 2) /* NRQS - 1 is the idle thread's */

/* Usage after `periods' decay periods: multiplied by (5/8)^periods. */
uint32_t sched_decay_usage(uint32_t usage, uint32_t periods);

/* The priority a thread with `base' and `usage' runs at. */
int sched_timeshare_priority(int base, uint32_t usage);

#endif
