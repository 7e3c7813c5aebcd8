/*
 * rt.h: the conformance programs' runtime.  These programs are built the
 * way a program for GNU Mach is: GNU MIG's user stubs generated from GNU
 * Mach's .defs, gnumach-dev's headers, and no C library; rt.c stands in
 * for the few C library pieces such a program needs (mig_support, the
 * mach_msg wrapper, string functions).  Only the checks and the runtime
 * are ours.
 *
 * A program makes checks with CHECK and CHECK_EQ, prints each failure on
 * the console through mach_print, and returns rt_report(name) from main:
 * the line "NAME: N checks, F failed" is what the boot test reads.
 */
#ifndef CONFORMANCE_RT_H
#define CONFORMANCE_RT_H

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>

/* GNU Mach's traps (traps.S); gnumach-dev declares them nowhere. */
mach_port_t mach_task_self(void);
mach_port_t mach_thread_self(void);
mach_port_t mach_host_self(void);
mach_port_t mach_reply_port(void);
void mach_print(const char *s);
kern_return_t thread_switch(mach_port_t thread, int option,
			    mach_msg_timeout_t time);
mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg,
				mach_msg_option_t option,
				mach_msg_size_t send_size,
				mach_msg_size_t rcv_size, mach_port_t rcv_name,
				mach_msg_timeout_t timeout, mach_port_t notify);

/* The type of `name' in the task's own space; 0 if it names nothing. */
mach_port_type_t rt_port_type(mach_port_t name);

/* The port name a decimal argument gives (the boot script writes the
 * rights it inserts so); 0 for anything else. */
unsigned rt_port_arg(const char *s);

/* The thread running on the stack [lo, hi) gets a MIG reply port of
 * its own (up to 8 such threads; the main thread has its own). */
void rt_thread_stack(unsigned long lo, unsigned long hi);

/* Print on the console: a string, a number in decimal or hex. */
void rt_print(const char *s);
void rt_print_dec(long long n);
void rt_print_hex(unsigned long long n);

/* Count a check; print where and what when it fails.  Returns ok. */
int rt_check(int ok, const char *what, const char *file, int line);
/* As rt_check for got == want, printing both when they differ. */
int rt_check_eq(long long got, long long want, const char *what,
		const char *file, int line);

#define CHECK(cond) rt_check(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(got, want)                                                    \
	rt_check_eq((long long)(got), (long long)(want), #got " == " #want,    \
		    __FILE__, __LINE__)

/* Print "NAME: N checks, F failed"; returns F (main's status). */
int rt_report(const char *name);

/* End the task (task_terminate of itself); crt0 calls it after main. */
void rt_exit(int status) __attribute__((noreturn));

#endif
