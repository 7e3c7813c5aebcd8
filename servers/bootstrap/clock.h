/*
 * clock.h: milliseconds for the name service's time-outs.
 */
#ifndef _BOOTSTRAP_CLOCK_H_
#define _BOOTSTRAP_CLOCK_H_

#include <stdint.h>

#include <mach.h>

/*
 * Measure the time-stamp counter against a receive time-out of the
 * kernel's clock (a while on an empty port of our own).  Returns
 * KERN_SUCCESS, or the error of the port's allocation.
 */
kern_return_t clock_calibrate(void);

/* Milliseconds since clock_calibrate, never 0. */
uint64_t clock_ms(void);

#endif
