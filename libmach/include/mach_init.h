/*
 * mach_init.h: what libmach's start-up (libmach/start.c) fetched for the
 * program before main: its task's send right, its bootstrap port and
 * the page size.
 */
#ifndef _MACH_INIT_H_
#define _MACH_INIT_H_

#include <mach/port.h>
#include <mach/std_types.h>

/* The task's own send right, fetched once at start-up: one user
 * reference that the program must not release. */
extern mach_port_t mach_task_self_;
#define mach_task_self() (mach_task_self_)

/* The task's bootstrap port (task_get_special_port TASK_BOOTSTRAP_PORT
 * at start-up), MACH_PORT_NULL if it has none. */
extern mach_port_t bootstrap_port;

/* The page size, from the start-up stack's AT_PAGESZ. */
extern vm_size_t vm_page_size;

/*
 * Set mach_task_self_, install the system-call emulation (once: the
 * task's emulation vector to libmach's entry, so that musl's system
 * calls are served; docs/emulation.md) and set bootstrap_port.  The
 * start-up calls it before musl's own start-up; a program with its own
 * entry calls it first, from its first thread.  Returns KERN_SUCCESS,
 * or the first error: the vector's (printed on the console; musl's
 * system calls then end the task) or the bootstrap port's look-up
 * (bootstrap_port is then MACH_PORT_NULL).
 */
extern kern_return_t mach_init(void);

#endif
