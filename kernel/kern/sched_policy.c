/*
 * kern/sched_policy.c: priority decay for timesharing threads.
 */

#include "kern/sched_policy.h"

uint32_t
sched_decay_usage(uint32_t usage, uint32_t periods)
{
	/* (5/8)^30 of the largest usage is below one. */
	if (periods >= 48)
		return 0;
	while (periods-- > 0 && usage != 0)
		usage = (uint32_t)(((uint64_t)usage * 5) >> 3);
	return usage;
}

int
sched_timeshare_priority(int base, uint32_t usage)
{
	uint32_t drop = usage / SCHED_USAGE_PER_LEVEL;
	if (drop > (uint32_t)(SCHED_LOWEST_PRI - base))
		return base > SCHED_LOWEST_PRI ? base : SCHED_LOWEST_PRI;
	return base + (int)drop;
}
