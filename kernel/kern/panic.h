/*
 * kern/panic.h: stopping the kernel when one of its own invariants is
 * broken.  Never for user input: that gets an error return.
 */
#ifndef KERN_PANIC_H
#define KERN_PANIC_H

/* Print the message and a backtrace, then stop the kernel. */
void panic(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

/*
 * Stop after a fatal error was already reported (an exception in the
 * kernel).  A running boot test is failed first, so the harness sees it.
 */
void panic_stop(void) __attribute__((noreturn));

#ifdef MACH_DEBUG
#define assert(cond)                                                           \
	((cond) ? (void)0                                                      \
		: panic("assertion failed: %s (%s:%d)", #cond, __FILE__,       \
			__LINE__))
#else
#define assert(cond) ((void)sizeof(cond))
#endif

#endif
