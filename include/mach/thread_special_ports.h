/*
 * mach/thread_special_ports.h: which special port
 * thread_get_special_port and thread_set_special_port name (GNU Mach's
 * values).
 */
#ifndef _MACH_THREAD_SPECIAL_PORTS_H_
#define _MACH_THREAD_SPECIAL_PORTS_H_

#define THREAD_KERNEL_PORT    1 /* the thread's own port */
#define THREAD_EXCEPTION_PORT 3 /* where its exceptions are sent first */

#endif
