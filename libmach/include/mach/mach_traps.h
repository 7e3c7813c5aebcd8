/*
 * mach/mach_traps.h: the Mach traps libmach provides (libmach/traps.S),
 * with GNU Mach's names and arguments.  Every other kernel call is a
 * message (the MIG user stubs of <mach.h>).
 */
#ifndef _MACH_MACH_TRAPS_H_
#define _MACH_MACH_TRAPS_H_

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>

/* The message trap; mach_msg (<mach/message.h>) is the call to use: it
 * also retries what an interruption cut short. */
extern mach_msg_return_t
mach_msg_trap(mach_msg_header_t *msg, mach_msg_option_t option,
	      mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	      mach_port_t rcv_name, mach_msg_timeout_t timeout,
	      mach_port_t notify);

/* A new port whose receive right the caller holds; MACH_PORT_NULL when
 * the space has no room. */
extern mach_port_t mach_reply_port(void);

/* A send right to the calling thread, task, host: each call adds a
 * user reference the caller owns.  mach_task_self() itself is a macro
 * of <mach_init.h> that reads the name the start-up fetched; the trap
 * is (mach_task_self)(). */
extern mach_port_t mach_thread_self(void);
extern mach_port_t(mach_task_self)(void);
extern mach_port_t mach_host_self(void);

/* GNU Mach's debugging trap: print a NUL-terminated string on the
 * kernel console. */
extern void mach_print(const char *s);

/* Give up the processor: swtch to any other thread, swtch_pri the same
 * and lower the caller's priority for a while; each returns whether
 * other threads were ready to run. */
extern boolean_t swtch(void);
extern boolean_t swtch_pri(int priority);

/* Hand off the processor (the thread hint may be MACH_PORT_NULL); the
 * options are <mach/syscall_sw.h>'s SWITCH_OPTION_*; SWITCH_OPTION_WAIT
 * waits `time' milliseconds. */
extern kern_return_t thread_switch(mach_port_t thread, int option,
				   mach_msg_timeout_t time);

#endif
