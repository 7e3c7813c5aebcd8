/*
 * emul_time.c: the time calls of the emulation (emul.h):
 * clock_gettime, gettimeofday, nanosleep and clock_nanosleep.
 *
 * The clocks are mach_host.defs' on the host port: CLOCK_REALTIME (and
 * its coarse form) host_get_time64, the monotonic ones and
 * CLOCK_BOOTTIME host_get_uptime64 (the time since boot, which nothing
 * sets), the CPU-time clocks the calling thread's user and system time
 * (thread_info).
 *
 * A sleep is a receive with a timeout on a port of its own that no one
 * sends to, a piece of at most SLEEP_PIECE_MS at a time.  An
 * interrupted receive goes on sleeping: no signal can interrupt it yet.
 */

#include <errno.h>
#include <time.h>

#include <mach/thread_info.h>

#include "emul.h"
#include "mach.h"

#define SLEEP_PIECE_MS 0x7fffffffu

struct kernel_timespec {
	long tv_sec, tv_nsec;
};

struct kernel_timeval {
	long tv_sec, tv_usec;
};

static mach_port_t host_port, sleep_port;

void
emul_time_reset(void)
{
	host_port = sleep_port = MACH_PORT_NULL;
}

/* The wall clock (realtime) or the time since boot: 0, or -EINVAL. */
static int
host_clock(int realtime, int64_t *sec, int64_t *nsec)
{
	if (host_port == MACH_PORT_NULL)
		host_port = mach_host_self();
	time_value64_t tv;
	kern_return_t kr = realtime ? host_get_time64(host_port, &tv)
				    : host_get_uptime64(host_port, &tv);
	if (kr != KERN_SUCCESS)
		return -EINVAL;
	*sec = tv.seconds;
	*nsec = tv.nanoseconds;
	return 0;
}

static int
now(int64_t *sec, int64_t *nsec)
{
	return host_clock(1, sec, nsec);
}

/* The calling thread's CPU time. */
static int
cpu_time(int64_t *sec, int64_t *nsec)
{
	mach_port_t self = mach_thread_self();
	struct thread_basic_info bi;
	mach_msg_type_number_t n = THREAD_BASIC_INFO_COUNT;
	kern_return_t kr =
		thread_info(self, THREAD_BASIC_INFO, (thread_info_t)&bi, &n);
	(void)mach_port_deallocate(mach_task_self(), self);
	if (kr != KERN_SUCCESS)
		return -EINVAL;
	int64_t us = (int64_t)bi.user_time.microseconds +
		     bi.system_time.microseconds;
	*sec = bi.user_time.seconds + bi.system_time.seconds + us / 1000000;
	*nsec = (us % 1000000) * 1000;
	return 0;
}

static int
clock_read(long clk, int64_t *sec, int64_t *nsec)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return host_clock(1, sec, nsec);
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return host_clock(0, sec, nsec);
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return cpu_time(sec, nsec);
	default:
		return -EINVAL;
	}
}

long
emul_clock_gettime(long clk, uintptr_t ts)
{
	int64_t sec, nsec;
	int e = clock_read(clk, &sec, &nsec);
	if (e != 0)
		return e;
	if (emul_user_ok(ts, sizeof(struct kernel_timespec), VM_PROT_WRITE))
		return -EFAULT;
	struct kernel_timespec *t = (struct kernel_timespec *)ts;
	t->tv_sec = (long)sec;
	t->tv_nsec = (long)nsec;
	return 0;
}

long
emul_gettimeofday(uintptr_t tv, uintptr_t tz)
{
	if (tz != 0) {
		/* No time zone: UTC, no daylight saving time. */
		if (emul_user_ok(tz, 2 * sizeof(int), VM_PROT_WRITE))
			return -EFAULT;
		((int *)tz)[0] = ((int *)tz)[1] = 0;
	}
	if (tv == 0)
		return 0;
	int64_t sec, nsec;
	int e = now(&sec, &nsec);
	if (e != 0)
		return e;
	if (emul_user_ok(tv, sizeof(struct kernel_timeval), VM_PROT_WRITE))
		return -EFAULT;
	struct kernel_timeval *t = (struct kernel_timeval *)tv;
	t->tv_sec = (long)sec;
	t->tv_usec = (long)(nsec / 1000);
	return 0;
}

/* Wait `ms' milliseconds: 0, or -ENOMEM with no port. */
static int
sleep_ms(uint64_t ms)
{
	if (sleep_port == MACH_PORT_NULL &&
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
			       &sleep_port) != KERN_SUCCESS) {
		sleep_port = MACH_PORT_NULL;
		return -ENOMEM;
	}
	while (ms > 0) {
		mach_msg_timeout_t piece = ms > SLEEP_PIECE_MS
						   ? SLEEP_PIECE_MS
						   : (mach_msg_timeout_t)ms;
		mach_msg_header_t m;
		mach_msg_return_t mr = mach_msg_trap(
			&m,
			MACH_RCV_MSG | MACH_RCV_TIMEOUT | MACH_RCV_INTERRUPT, 0,
			sizeof m, sleep_port, piece, MACH_PORT_NULL);
		if (mr == MACH_RCV_INTERRUPTED)
			continue; /* no signals yet: sleep on */
		ms -= piece;
	}
	return 0;
}

/* Read and check a request: 0 and its milliseconds, or -errno. */
static int
read_request(uintptr_t req, int64_t *sec, int64_t *nsec)
{
	if (emul_user_ok(req, sizeof(struct kernel_timespec), VM_PROT_READ))
		return -EFAULT;
	const struct kernel_timespec *r = (const struct kernel_timespec *)req;
	*sec = r->tv_sec;
	*nsec = r->tv_nsec;
	return emul_timespec_check(r->tv_sec, r->tv_nsec);
}

static int
zero_remainder(uintptr_t rem)
{
	if (rem == 0)
		return 0;
	if (emul_user_ok(rem, sizeof(struct kernel_timespec), VM_PROT_WRITE))
		return -EFAULT;
	struct kernel_timespec *r = (struct kernel_timespec *)rem;
	r->tv_sec = r->tv_nsec = 0;
	return 0;
}

long
emul_nanosleep(uintptr_t req, uintptr_t rem)
{
	int64_t sec, nsec;
	int e = read_request(req, &sec, &nsec);
	if (e == 0)
		e = sleep_ms(emul_timespec_ms((long)sec, (long)nsec));
	if (e == 0)
		e = zero_remainder(rem);
	return e;
}

long
emul_clock_nanosleep(long clk, long flags, uintptr_t req, uintptr_t rem)
{
	int64_t sec, nsec, nsec_now, sec_now;
	if (clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
		return -EOPNOTSUPP; /* Linux: no sleep on a CPU clock here */
	if (clk < 0 || clk > CLOCK_BOOTTIME || (flags & ~TIMER_ABSTIME) != 0)
		return -EINVAL;
	int e = read_request(req, &sec, &nsec);
	if (e != 0)
		return e;
	if (flags & TIMER_ABSTIME) {
		e = host_clock(clk == CLOCK_REALTIME ||
				       clk == CLOCK_REALTIME_COARSE,
			       &sec_now, &nsec_now);
		if (e != 0)
			return e;
		sec -= sec_now;
		nsec -= nsec_now;
		if (nsec < 0) {
			nsec += 1000000000;
			sec--;
		}
		if (sec < 0)
			return 0; /* already past */
		rem = 0;
	}
	e = sleep_ms(emul_timespec_ms((long)sec, (long)nsec));
	return e != 0 ? e : zero_remainder(rem);
}
