/*
 * clock.c: milliseconds for the time-outs, from the kernel's uptime
 * (host_get_uptime64: monotonic, never set, unlike the time of day).
 */

#include "clock.h"

static mach_port_t host;

kern_return_t
clock_init(void)
{
	time_value64_t t;
	host = mach_host_self();
	return host_get_uptime64(host, &t);
}

uint64_t
clock_ms(void)
{
	time_value64_t t;
	if (host_get_uptime64(host, &t) != KERN_SUCCESS)
		return 1; /* cannot happen once clock_init succeeded */
	return (uint64_t)t.seconds * 1000 + (uint64_t)t.nanoseconds / 1000000 +
	       1;
}
