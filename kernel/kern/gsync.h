/*
 * kern/gsync.h: gsync, GNU Mach's futex-like primitive (gnumach.defs'
 * gsync_wait, gsync_wake, gsync_requeue; flags in mach/gsync.h), that
 * user-space locks block on.
 *
 * A waiter is keyed by what its address names: (task's map, address)
 * for a private address, (VM object, offset) with GSYNC_SHARED, so
 * tasks that share memory meet on it whatever address each maps it at.
 * Waiters sit in a fixed hash of wait queues, each under its own lock;
 * a waiter's record lives on its kernel stack for the wait, so a wait
 * allocates nothing.  The key holds no reference: a map or object that
 * goes away while a thread waits only leaves a key nobody wakes (the
 * wait still ends by its timeout or an abort); one made later at the
 * same address could wake it spuriously, which gsync's users allow.
 *
 * Lock order: a bucket's lock (two in address order for requeue), then
 * a map's lock, then the object's, then sched_lock.  Every routine
 * runs in thread context (MIG's stubs, the KTESTs).
 */
#ifndef KERN_GSYNC_H
#define KERN_GSYNC_H

#include <mach/boolean.h>
#include <mach/gsync.h>
#include <mach/kern_return.h>
#include <mach/machine_types.h>

#include "kern/task.h"

/* Set up the buckets.  Called once at boot, before any gsync call. */
void gsync_init(void);

/*
 * Wait while the 32-bit word at `addr' in `task' holds `lo' (and, with
 * GSYNC_QUAD, the word after it `hi'), compared under the bucket's
 * lock so that a wake after the change cannot be missed; up to `msec'
 * milliseconds with GSYNC_TIMED (0: do not wait).  The wait is
 * interruptible.  Returns KERN_SUCCESS when woken, KERN_INVALID_TASK
 * (no task), KERN_INVALID_ADDRESS (misaligned, not mapped readable),
 * KERN_INVALID_ARGUMENT (the value differs: no wait), KERN_TIMEDOUT,
 * KERN_INTERRUPTED (thread_abort, termination).  A wake that comes as
 * the wait times out or is interrupted still counts: KERN_SUCCESS.
 */
kern_return_t gsync_wait(task_t task, vm_address_t addr, unsigned lo,
			 unsigned hi, natural_t msec, int flags);

/*
 * Wake the first waiter on `addr' (every one with GSYNC_BROADCAST),
 * after storing `val' there with GSYNC_MUTATE (the address must then
 * be writable).  KERN_SUCCESS if a thread was woken,
 * KERN_INVALID_ARGUMENT if none waited (the store is done anyway),
 * KERN_INVALID_TASK, KERN_INVALID_ADDRESS, KERN_RESOURCE_SHORTAGE (no
 * page for the store).
 */
kern_return_t gsync_wake(task_t task, vm_address_t addr, unsigned val,
			 int flags);

/*
 * Move waiters on `src' to wait on `dst': one (every one with
 * GSYNC_BROADCAST); with `wake_one' the first is woken instead and one
 * more (or every other) moved, as GNU Mach.  KERN_INVALID_ARGUMENT if
 * nobody waits on src; KERN_INVALID_TASK, KERN_INVALID_ADDRESS.
 */
kern_return_t gsync_requeue(task_t task, vm_address_t src_addr,
			    vm_address_t dst_addr, boolean_t wake_one,
			    int flags);

/* Threads waiting in gsync now, for the tests. */
unsigned gsync_waiters(void);

#endif
