/*
 * clock.h: milliseconds for the name service's time-outs.
 */
#ifndef _BOOTSTRAP_CLOCK_H_
#define _BOOTSTRAP_CLOCK_H_

#include <stdint.h>

#include <mach.h>

/* Find the host's clock (host_get_uptime64 on mach_host_self).
 * Returns KERN_SUCCESS, or the call's error. */
kern_return_t clock_init(void);

/* Milliseconds since the kernel's clock started, never 0. */
uint64_t clock_ms(void);

#endif
