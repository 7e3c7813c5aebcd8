/*
 * kern/ipc_tt.h: tasks' and threads' ports, and the conversions MIG's
 * translations call (mach_types.defs: intran convert_port_to_*,
 * destructor *_deallocate).
 *
 * A user task has a name space (task->itk_space) and a task port
 * (itk_self: a kernel object, IKOT_TASK, whose receive right the
 * kernel holds) from its creation to its end; itk_sself is the send
 * right the kernel keeps to give out (mach_task_self).  A user thread
 * has a thread port (thread->ith_self, IKOT_THREAD) likewise.  At the
 * end the port is unbound first, so that no conversion finds the object
 * any more, then destroyed: every holder's send right becomes a dead
 * name.
 *
 * A conversion takes a port (IP_NULL and IP_DEAD allowed) and returns the
 * object with a reference the stub drops with the destructor, or NULL
 * when the port is not an active port of that kind of object; the
 * served routine then answers the object's "invalid" code.
 */
#ifndef KERN_IPC_TT_H
#define KERN_IPC_TT_H

#include <mach/kern_return.h>

#include "ipc/ipc_types.h"

struct task;
struct thread;

/*
 * Give a new task its name space and task port.  KERN_SUCCESS, or
 * KERN_RESOURCE_SHORTAGE with nothing made.
 */
kern_return_t ipc_task_init(struct task *task);

/*
 * A new task's ports from its parent (task_create): copies of the
 * parent's exception, bootstrap and registered send rights.  The child
 * is seen by nobody yet.
 */
void ipc_task_inherit(struct task *child, struct task *parent);

/*
 * The task's end (its threads gone): unbind and destroy its port,
 * release itk_sself and its special and registered ports, destroy its
 * space (every right in it released).
 */
void ipc_task_terminate(struct task *task);

/* Likewise a user thread's port; ipc_thread_terminate as it ends,
 * releasing its exception port too. */
kern_return_t ipc_thread_init(struct thread *thread);
void ipc_thread_terminate(struct thread *thread);

/*
 * A new send right to the task's (thread's) port, for the task_self
 * (thread_self) trap; IP_NULL if it has none.
 */
ipc_port_t retrieve_task_self(struct task *task);
ipc_port_t retrieve_thread_self(struct thread *thread);

/*
 * Copy the kernel-held send right `port' out into `space': its name
 * there, or MACH_PORT_NULL (the right released) if it did not fit or
 * `port' is IP_NULL.  For the *_self traps and mach_reply_port.
 */
mach_port_name_t ipc_port_copyout_send(ipc_port_t port, ipc_space_t space);

/* The name space of the task a task port names (task->itk_space). */
ipc_space_t convert_port_to_space(ipc_port_t port);

/* Drop a reference convert_port_to_space gave; NULL is ignored. */
void space_deallocate(ipc_space_t space);

/* The task a task port names, with a task reference; NULL if none. */
struct task *convert_port_to_task(ipc_port_t port);

/* A send right to the task's port, for a reply; consumes the task's
 * reference (MIG's outtran). */
ipc_port_t convert_task_to_port(struct task *task);

/* The map of the task a task port names, with a map reference. */
struct vm_map *convert_port_to_map(ipc_port_t port);

/*
 * The thread a thread port names, with a thread reference (dropped with
 * thread_deallocate, kern/thread.h); NULL if none (the thread has
 * ended: its port is destroyed before its end).
 */
struct thread *convert_port_to_thread(ipc_port_t port);

/* A send right to the thread's port; consumes the thread's reference
 * (MIG's outtran: thread_create's reply). */
ipc_port_t convert_thread_to_port(struct thread *thread);

#endif
