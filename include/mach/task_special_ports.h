/*
 * mach/task_special_ports.h: which special port task_get_special_port
 * and task_set_special_port name (GNU Mach's values).
 */
#ifndef _MACH_TASK_SPECIAL_PORTS_H_
#define _MACH_TASK_SPECIAL_PORTS_H_

#define TASK_KERNEL_PORT    1 /* the task's own port */
#define TASK_EXCEPTION_PORT 3 /* where its exceptions are sent */
#define TASK_BOOTSTRAP_PORT 4 /* its bootstrap (name service) port */

#endif
