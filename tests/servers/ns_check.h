/*
 * ns_check.h: the checks of the servers' boot-test programs: each
 * failure printed with its line and values, then "PROG: N checks, F
 * failed" (mach_print: TEMPORARY, until write is emulated).
 */
#ifndef _NS_CHECK_H_
#define _NS_CHECK_H_

#include <stdio.h>

#include <mach.h>

extern const char *check_prog;
extern int check_count, check_failures;

static inline void
check_at(int ok, long long got, long long want, const char *what, int line)
{
	char l[200];
	check_count++;
	if (ok)
		return;
	check_failures++;
	snprintf(l, sizeof l, "%s: FAIL line %d: %s (got %#llx, want %#llx)\n",
		 check_prog, line, what, got, want);
	mach_print(l);
}

#define CHECK(c) check_at(!!(c), 0, 0, #c, __LINE__)
#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		check_at(a_ == b_, a_, b_, #a " == " #b, __LINE__);            \
	} while (0)

static inline int
check_report(void)
{
	char l[100];
	snprintf(l, sizeof l, "%s: %d checks, %d failed\n", check_prog,
		 check_count, check_failures);
	mach_print(l);
	return check_failures != 0;
}

/* A receive right of ours with a send right beside it (one name). */
static inline mach_port_t
new_port(void)
{
	mach_port_t p = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &p),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(mach_task_self(), p, p,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	return p;
}

/* new_port's rights released. */
static inline void
drop_port(mach_port_t p)
{
	(void)mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_RECEIVE,
				 -1);
	(void)mach_port_deallocate(mach_task_self(), p);
}

/* Sleep ms milliseconds: a receive that times out on a port of our own. */
static inline void
sleep_ms(mach_msg_timeout_t ms)
{
	mach_port_t p;
	mach_msg_header_t m;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p) !=
	    KERN_SUCCESS)
		return;
	(void)mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof m, p, ms,
		       MACH_PORT_NULL);
	(void)mach_port_mod_refs(mach_task_self(), p, MACH_PORT_RIGHT_RECEIVE,
				 -1);
}

#endif
