/*
 * kern/ipc_tt.h: tasks' and threads' ports, as MIG's translations see
 * them (mach_types.defs: intran convert_port_to_*, destructor *_deallocate).
 *
 * A conversion takes a port (IP_NULL and IP_DEAD allowed) and returns the
 * object with a reference the stub drops with the destructor, or NULL
 * when the port is not an active port of that kind of object; the
 * served routine then answers the object's "invalid" code.
 */
#ifndef KERN_IPC_TT_H
#define KERN_IPC_TT_H

#include "ipc/ipc_types.h"

/* The name space of the task a task port names (task->itk_space). */
ipc_space_t convert_port_to_space(ipc_port_t port);

/* Drop a reference convert_port_to_space gave; NULL is ignored. */
void space_deallocate(ipc_space_t space);

#endif
