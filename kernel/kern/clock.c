/*
 * kern/clock.c: the tick: time, timer calls, scheduling.
 */

#include <mach/time_value.h>
#include <machine/machdep.h>

#include "kern/clock.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/timer.h"
#include "kern/lock.h"

static volatile uint64_t ticks;

/*
 * The time of day: tod_base_ns at tick 0, so that now is tod_base_ns +
 * ticks * NS_PER_TICK; tod_slew_us is what clock_adjust_time has still
 * to add, tod_step_us the step a tick.  Under tod_lock (taken by the
 * clock interrupt too; simple_lock masks it).
 */
#define NS_PER_TICK (1000000000LL / HZ)
static simple_lock_t tod_lock = SIMPLE_LOCK_INITIALIZER;
static int64_t tod_base_ns;
static int64_t tod_slew_us;
static int64_t tod_step_us;

/* One tick's share of a slew under way. */
static void
clock_slew_tick(void)
{
	simple_lock(&tod_lock);
	if (tod_slew_us != 0) {
		int64_t step = tod_slew_us > 0 ? tod_step_us : -tod_step_us;
		if ((tod_slew_us > 0 && step > tod_slew_us) ||
		    (tod_slew_us < 0 && step < tod_slew_us))
			step = tod_slew_us;
		tod_slew_us -= step;
		tod_base_ns += step * 1000;
	}
	simple_unlock(&tod_lock);
}

void
clock_init(void)
{
	tod_base_ns = arch_rtc_seconds() * 1000000000LL;
	uint64_t freq = arch_clock_start(HZ);
	kprintf("clock: %u Hz from a %llu kHz timer\n", HZ,
		(unsigned long long)(freq / 1000));
}

void
clock_interrupt(void)
{
	uint64_t now = __atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&tod_slew_us, __ATOMIC_RELAXED) != 0)
		clock_slew_tick();
	timer_tick(now);
	sched_clock_tick();
}

uint64_t
clock_ticks(void)
{
	return __atomic_load_n(&ticks, __ATOMIC_RELAXED);
}

static void
ns_to_time_value64(int64_t ns, struct time_value64 *t)
{
	int64_t sec = ns / 1000000000LL, rem = ns % 1000000000LL;
	if (rem < 0) {
		rem += 1000000000LL;
		sec--;
	}
	t->seconds = sec;
	t->nanoseconds = rem;
}

void
clock_get_time(struct time_value64 *now)
{
	simple_lock(&tod_lock);
	int64_t ns = tod_base_ns + (int64_t)clock_ticks() * NS_PER_TICK;
	simple_unlock(&tod_lock);
	ns_to_time_value64(ns, now);
}

void
clock_get_uptime(struct time_value64 *uptime)
{
	ns_to_time_value64((int64_t)clock_ticks() * NS_PER_TICK, uptime);
}

void
clock_set_time(const struct time_value64 *t)
{
	int64_t ns = t->seconds * 1000000000LL + t->nanoseconds;
	simple_lock(&tod_lock);
	tod_base_ns = ns - (int64_t)clock_ticks() * NS_PER_TICK;
	tod_slew_us = 0;
	simple_unlock(&tod_lock);
}

void
clock_adjust_time(int64_t delta_us, int64_t *old_us)
{
	simple_lock(&tod_lock);
	*old_us = tod_slew_us;
	if (tod_slew_us == 0)
		tod_step_us = (delta_us > 1000000 || delta_us < -1000000)
				      ? 10 * CLOCK_SLEW_US_PER_TICK
				      : CLOCK_SLEW_US_PER_TICK;
	delta_us -= delta_us % tod_step_us;
	tod_slew_us = delta_us;
	simple_unlock(&tod_lock);
}
