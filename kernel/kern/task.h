/*
 * kern/task.h: tasks, the unit of resource ownership.
 *
 * A task is an address space (its VM map, vm/vm_map.h, over a pmap) and,
 * with IPC, a port name space; its threads run in it.  The kernel's own
 * threads belong to kernel_task.
 *
 * Lifetime: a task is created with one reference, which its creator
 * holds; task_deallocate drops it.  A task ends when task_terminate is
 * called or its last thread ends: its threads are told to terminate,
 * and when the last one is gone its memory is released.  The structure
 * itself lives until the last reference is dropped, so a holder can
 * still read how it ended.
 *
 * A user task's memory is its map (task->map): entries over VM objects,
 * whose pages the fault path (vm/vm_fault.c) makes resident.
 *
 * Lock: task->lock guards the thread list, the counts and the state,
 * and the pointers to the user memory (map, pmap), which are cleared
 * when the memory is released.  Order: a task's lock, then sched_lock;
 * a task's lock, then its map's lock (vm/vm_map.h).
 */
#ifndef KERN_TASK_H
#define KERN_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/machine_types.h>
#include <mach/vm_prot.h>

#include "kern/lock.h"
#include "kern/queue.h"

#define TASK_NAME_MAX          32
#define TASK_PORT_REGISTER_MAX 3 /* mach_ports_register's (GNU Mach's) */

struct ipc_space;
struct pmap;
struct thread;
struct vm_map;

/* How a user task ended. */
enum task_end {
	TASK_RUNNING = 0,
	TASK_FAULTED,           /* an exception: exc_type says which */
	TASK_UNHANDLED_SYSCALL, /* a system call with no emulation */
	TASK_TERMINATED, /* task_terminate, of itself or from elsewhere */
};

struct task {
	simple_lock_t lock;
	queue_head_t threads; /* its threads, through thread->task_links */
	unsigned thread_count;
	unsigned ref_count; /* atomic, no lock: see kern/ipc_tt.c */
	bool terminating;   /* its threads must end */
	bool terminated;    /* all ended and its memory is released */
	enum task_end end;  /* set once, by the first cause */
	/* TASK_FAULTED, TASK_UNHANDLED_SYSCALL: the exception that ended
	 * it (kern/exception.h), 0 if none. */
	integer_t exc_type;
	integer_t exc_code;
	rpc_long_integer_t exc_subcode;
	uint64_t syscalls_mach;   /* Mach traps it made (statistics) */
	uint64_t faults;          /* page faults of its threads (atomic) */
	unsigned suspend_count;   /* holds on every thread (task_suspend) */
	unsigned user_stop_count; /* task_suspend's count */
	uint64_t ended_ticks;     /* clock ticks of its ended threads */
	uint64_t created_tick;    /* clock_ticks() at creation */
	/* Its new threads' base priority (task_priority; GNU Mach's
	 * task->priority), atomic; never better than BASEPRI_USER for them. */
	int priority;
	/* task_create's: a reference for being alive, dropped at its end
	 * (the boot's tasks live by their creator's). */
	bool alive_ref;
	struct vm_map *map; /* NULL: kernel_task, or memory released */
	struct pmap *pmap;  /* map->pmap (the map holds it), or NULL */
	char name[TASK_NAME_MAX];
	/* Its IPC (kern/ipc_tt.h), under the lock; NULL once it ended. */
	struct ipc_space *itk_space; /* its port names */
	struct ipc_port *itk_self;   /* its task port */
	struct ipc_port *itk_sself;  /* the send right mach_task_self gives */
	struct ipc_port *itk_exception; /* send rights, or NULL */
	struct ipc_port *itk_bootstrap;
	/* mach_ports_register's send rights (or NULL). */
	struct ipc_port *itk_registered[TASK_PORT_REGISTER_MAX];
	/* System-call emulation (kern/syscall_emulation.h), under the
	 * lock: the entries for numbers [eml_start, eml_start +
	 * eml_count), a kalloc'd array, or NULL. */
	vm_offset_t *eml_vector;
	int eml_start;
	unsigned eml_count;
};

typedef struct task *task_t;

extern struct task kernel_task_store;
#define kernel_task (&kernel_task_store)

/* Set up kernel_task and the task zone.  Called once at boot. */
void task_bootstrap(void);

/*
 * A new user task with an empty address space, no threads, and one
 * reference for the caller.  Returns KERN_SUCCESS and the task in *out,
 * or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t task_create_user(const char *name, task_t *out);

/*
 * task_create's core: a new task whose address space is empty or, with
 * `inherit_memory', made from `parent''s by inheritance (vm_map_fork:
 * copy-on-write copies, shared or left out by each entry's
 * inheritance); it inherits the parent's exception, bootstrap and
 * registered ports and a copy of its emulation vector.  It has a
 * reference for being alive, dropped when it ends, and one for the
 * caller.  KERN_FAILURE if the parent's memory is gone
 * (inherit_memory), KERN_RESOURCE_SHORTAGE.
 */
kern_return_t task_create_child(task_t parent, bool inherit_memory,
				task_t *out);

/*
 * task_suspend and task_resume: a count; its first step holds every
 * thread of the task (and each thread made in it later), the last
 * releases them (kern/thread.h).  task_resume at 0 returns
 * KERN_FAILURE; both return KERN_FAILURE for a task that has ended.
 */
kern_return_t task_suspend_count(task_t task);
kern_return_t task_resume_count(task_t task);

void task_reference(task_t task);

/* Drop a reference; the last one frees the structure.  NULL is
 * ignored (MIG's destructor after a failed conversion). */
void task_deallocate(task_t task);

/*
 * Give `task' a fresh page at user address `va' with protection `prot',
 * zeroed before it is mapped, or return the page already mapped there
 * (its protection set to `prot'): vm_map_page_kernel on its map, one
 * step under the map's lock, so concurrent callers for one address all
 * get the same page.  Returns its kernel address through `*kva'.
 * KERN_INVALID_ADDRESS for an address outside the user half or a task
 * with no user address space (the kernel task, or one whose memory was
 * released), KERN_RESOURCE_SHORTAGE if memory is exhausted.  Takes
 * task->lock, then the map's; callable with interrupts disabled.
 */
kern_return_t task_map_page(task_t task, vm_offset_t va, vm_prot_t prot,
			    void **kva);

/*
 * Add `thread' to `task''s list (at thread creation).  KERN_FAILURE,
 * nothing done, if the (user) task is terminating.
 */
kern_return_t task_add_thread(task_t task, struct thread *thread);

/*
 * Take `thread' off its task's list (at thread termination).  When it
 * was the last thread of a user task, the task's memory is released and
 * waiters are woken.  The caller must not be using the task's address
 * space any more.
 */
void task_remove_thread(task_t task, struct thread *thread);

/*
 * End `task' for `why' (the first cause given is kept).  Every
 * interruptible wait of its threads is aborted and none begins any
 * more; each thread terminates on its way back to user mode, which it
 * reaches whatever it was doing: running in user mode (the next
 * interrupt), in a system call, or in a wait (every wait a user request
 * starts is interruptible; the kernel's uninterruptible waits are
 * short).  Returns at once (the caller may be one of them).
 */
void task_terminate_internal(task_t task, enum task_end why);

/* Whether `task''s threads must end; callable with any lock held. */
static inline bool
task_is_terminating(const struct task *task)
{
	return __atomic_load_n(&task->terminating, __ATOMIC_ACQUIRE);
}

/* The zone tasks come from, for statistics (processor_set_info). */
struct zone *task_zone_for_tests(void);

/* Wait until `task' has terminated (all threads ended). */
void task_wait_terminated(task_t task);

/* The same, interruptibly (a user's request): false if interrupted. */
bool task_wait_terminated_abortable(task_t task);

#endif
