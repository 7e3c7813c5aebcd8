/*
 * kern/clock.c: the tick: time, timer calls, scheduling.
 */

#include <machine/machdep.h>

#include "kern/clock.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/timer.h"

static volatile uint64_t ticks;

void
clock_init(void)
{
	uint64_t freq = arch_clock_start(HZ);
	kprintf("clock: %u Hz from a %llu kHz timer\n", HZ,
		(unsigned long long)(freq / 1000));
}

void
clock_interrupt(void)
{
	uint64_t now = __atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
	timer_tick(now);
	sched_clock_tick();
}

uint64_t
clock_ticks(void)
{
	return __atomic_load_n(&ticks, __ATOMIC_RELAXED);
}
