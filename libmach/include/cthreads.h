/*
 * cthreads.h: C threads in the Mach 3 tradition (libmach/cthreads.c,
 * libmach/cthread_sync.c; libmach/README.md).
 *
 * A cthread is a Mach thread of the calling task with its own stack
 * (with a guard page below it), its own thread pointer (musl's x86_64
 * descriptor, a copy of the program's TLS image: `__thread' variables
 * and errno are per thread) and its own MIG reply port.  The program's
 * first thread is a cthread too.  Mutexes and conditions are words in
 * the program's memory; a thread that must wait blocks in the kernel
 * (gsync_wait of gnumach.defs), it never spins.
 */
#ifndef _CTHREADS_H_
#define _CTHREADS_H_

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/machine_types.h>

typedef void *any_t;
typedef any_t (*cthread_fn_t)(any_t arg);

typedef struct cthread *cthread_t;
#define CTHREAD_NULL ((cthread_t)0)

/*
 * The stack size of the threads cthread_fork makes from then on
 * (rounded up to whole pages; the guard page is apart).  128 KiB
 * unless the program sets it.
 */
extern vm_size_t cthread_stack_size;

/*
 * A new thread of the task running func(arg); its end (func's return,
 * or cthread_exit) gives the result cthread_join returns.  Exited
 * detached threads are reaped first.  Returns CTHREAD_NULL, with
 * nothing left behind, when func is NULL, the caller has no thread
 * pointer or a kernel call fails (memory, the thread).
 */
extern cthread_t cthread_fork(cthread_fn_t func, any_t arg);

/*
 * Wait (blocked in the kernel) until t ends; returns its result, then
 * releases everything t had (its kernel thread, port, reply port,
 * stack).  Also reaps exited detached threads.  NULL for CTHREAD_NULL,
 * the caller itself, the first thread, or a detached thread.  Each
 * thread is joined at most once.
 */
extern any_t cthread_join(cthread_t t);

/* t will not be joined: its resources go when it ends (by the next
 * cthread_fork, cthread_join or cthread_detach after that). */
extern void cthread_detach(cthread_t t);

/* End the calling thread with `result'.  From the first thread, it
 * ends the program: exit((int)result), as Mach's cthread_exit. */
extern _Noreturn void cthread_exit(any_t result);

/* The calling thread. */
extern cthread_t cthread_self(void);

/* Give the processor to another thread (swtch_pri). */
extern void cthread_yield(void);

/* The thread's port (a send right the library owns; do not release). */
extern mach_port_t cthread_port(cthread_t t);

/* Per-thread data: one word for the program, NULL at first. */
extern void cthread_set_data(cthread_t t, any_t data);
extern any_t cthread_data(cthread_t t);

/* A name for messages (not copied: the string must outlive the
 * thread); cthread_name gives "?" for a thread without one. */
extern void cthread_set_name(cthread_t t, const char *name);
extern const char *cthread_name(cthread_t t);

/*
 * A mutex: unlocked once initialised (mutex_init, or MUTEX_INITIALIZER
 * for a static one).  `lock' is 0 unlocked, 1 locked, 2 locked with
 * threads (perhaps) waiting in the kernel; only the library touches it.
 */
struct mutex {
	unsigned int lock;
	const char *name;
};
typedef struct mutex *mutex_t;
#define MUTEX_INITIALIZER                                                      \
	{                                                                      \
		0, 0                                                           \
	}
#define MUTEX_NAMED_INITIALIZER(name)                                          \
	{                                                                      \
		0, name                                                        \
	}

extern void mutex_init(mutex_t m);
extern void mutex_set_name(mutex_t m, const char *name);
extern const char *mutex_name(mutex_t m);
/* Take m, waiting in the kernel while another thread holds it.  Not
 * recursive: a thread that holds m and locks it again waits forever. */
extern void mutex_lock(mutex_t m);
/* Take m if it is free; TRUE if taken. */
extern boolean_t mutex_try_lock(mutex_t m);
/* Release m (held by the caller), waking one waiter if any. */
extern void mutex_unlock(mutex_t m);
/* m is no longer used (it must be unlocked, no thread waiting). */
extern void mutex_clear(mutex_t m);

/*
 * A condition: a sequence word that each signal moves on, the number
 * of threads in condition_wait, and the mutex they gave (for
 * condition_broadcast's requeue: use one mutex with a condition).
 */
struct condition {
	unsigned int seq;
	unsigned int waiters;
	struct mutex *mutex;
	const char *name;
};
typedef struct condition *condition_t;
#define CONDITION_INITIALIZER                                                  \
	{                                                                      \
		0, 0, 0, 0                                                     \
	}
#define CONDITION_NAMED_INITIALIZER(name)                                      \
	{                                                                      \
		0, 0, 0, name                                                  \
	}

extern void condition_init(condition_t c);
extern void condition_set_name(condition_t c, const char *name);
extern const char *condition_name(condition_t c);
/*
 * Release m (held by the caller), wait in the kernel for a signal or
 * broadcast of c, take m again, return.  A return without a signal is
 * possible (the kernel wait interrupted): test the predicate in a loop.
 */
extern void condition_wait(condition_t c, mutex_t m);
/* Wake one thread waiting on c (if any). */
extern void condition_signal(condition_t c);
/* Wake every thread waiting on c: one is woken, the others move to the
 * mutex's queue and are woken one at a time as it is released. */
extern void condition_broadcast(condition_t c);
/* c is no longer used (no thread waiting). */
extern void condition_clear(condition_t c);

#endif
