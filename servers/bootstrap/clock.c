/*
 * clock.c: milliseconds from the time-stamp counter, calibrated at
 * start-up against a mach_msg receive time-out.  TEMPORARY: the host's
 * clock calls (host_get_time) are not served yet; when they are, this
 * file reads them instead.  Under QEMU's -icount both the counter and
 * the kernel's timer follow the guest's instructions, without it both
 * follow the host's time, so the two agree either way.
 */

#include "clock.h"

/* How long the calibration waits, in milliseconds of the kernel. */
#define CALIBRATE_MS 50

static uint64_t tsc_start;
static uint64_t tsc_per_ms = 1;

static uint64_t
rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

kern_return_t
clock_calibrate(void)
{
	mach_port_t port;
	kern_return_t kr = mach_port_allocate(mach_task_self(),
					      MACH_PORT_RIGHT_RECEIVE, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	mach_msg_header_t m;
	uint64_t t0 = rdtsc();
	(void)mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof m, port,
		       CALIBRATE_MS, MACH_PORT_NULL);
	uint64_t t1 = rdtsc();
	(void)mach_port_mod_refs(mach_task_self(), port,
				 MACH_PORT_RIGHT_RECEIVE, -1);
	if (t1 > t0 && (t1 - t0) / CALIBRATE_MS > 0)
		tsc_per_ms = (t1 - t0) / CALIBRATE_MS;
	tsc_start = t1;
	return KERN_SUCCESS;
}

uint64_t
clock_ms(void)
{
	return (rdtsc() - tsc_start) / tsc_per_ms + 1;
}
