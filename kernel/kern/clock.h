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

#endif
