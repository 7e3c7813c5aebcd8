/*
 * bench_baseline.c: the cost of the benchmark loop itself, so the other
 * figures can be read against it.
 */

#include "kern/kbench.h"

/* An empty iteration: the loop's own increment, compare and branch. */
KBENCH(empty_loop, 10000)
{
	for (uint64_t i = 0; i < iterations; i++)
		__asm__ volatile("" ::: "memory");
}
