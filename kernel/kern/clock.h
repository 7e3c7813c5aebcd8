/*
 * kern/clock.h: the system clock, ticking HZ times a second.
 */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include <stdint.h>

/* Start the periodic clock interrupt (arch code does the hardware). */
void clock_init(void);

/* From the clock's interrupt handler, once per tick. */
void clock_interrupt(void);

/* Ticks since clock_init. */
uint64_t clock_ticks(void);

/*
 * The time of day (host_get_time): read from the battery-backed clock
 * at clock_init, then advanced by the tick (so its resolution is a
 * tick, 1/HZ s), moved by clock_set_time and slewed by
 * clock_adjust_time.  Seconds and nanoseconds since 1970-01-01 UTC.
 */
struct time_value64;
void clock_get_time(struct time_value64 *now);

/* The time since clock_init (host_get_uptime64); never set. */
void clock_get_uptime(struct time_value64 *uptime);

/* Set the time of day to `t' (nanoseconds normalized by the caller:
 * 0 <= nanoseconds < 10^9).  Cancels a slew under way. */
void clock_set_time(const struct time_value64 *t);

/*
 * Slew the time of day by `delta_us' microseconds (negative: back),
 * CLOCK_SLEW_US_PER_TICK a tick (ten times that for more than a
 * second), instead of the adjustment still under way, whose rest goes
 * into *old_us.  The delta is rounded toward 0 to a whole number of
 * steps, as GNU Mach's host_adjust_time.
 */
#define CLOCK_SLEW_US_PER_TICK 40
void clock_adjust_time(int64_t delta_us, int64_t *old_us);

#endif
