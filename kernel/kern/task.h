/*
 * kern/task.h: tasks, the unit of resource ownership.
 *
 * A task is an address space (a pmap, and later a VM map) and, with
 * IPC, a port name space; its threads run in it.  The kernel's own
 * threads belong to kernel_task.
 *
 * Lock: task->lock guards the thread list and the thread count.
 */
#ifndef KERN_TASK_H
#define KERN_TASK_H

#include "kern/lock.h"
#include "kern/queue.h"

#define TASK_NAME_MAX 32

struct pmap;
struct thread;

struct task {
	simple_lock_t lock;
	queue_head_t threads; /* its threads, through thread->task_links */
	unsigned thread_count;
	struct pmap *pmap; /* NULL: the kernel's address space */
	char name[TASK_NAME_MAX];
};

extern struct task kernel_task_store;
#define kernel_task (&kernel_task_store)

/* Set up kernel_task.  Called once at boot. */
void task_bootstrap(void);

/* Add `thread' to `task''s list (at thread creation). */
void task_add_thread(struct task *task, struct thread *thread);

/* Take `thread' off its task's list (at thread termination). */
void task_remove_thread(struct task *task, struct thread *thread);

#endif
