/*
 * kern/lock.h: simple locks (spin locks) for state shared between CPUs
 * and interrupt handlers.
 *
 * simple_lock() disables interrupts on the local CPU for as long as the
 * lock is held, so a lock taken by an interrupt handler cannot deadlock
 * against the code it interrupted, and every lock held disables
 * preemption (kern/preempt.h): a thread is never switched out holding
 * one.  Releasing the last lock is a preemption point.  Locks are not
 * recursive.  Until the
 * application processors are started only one CPU runs, but every
 * shared structure is already guarded so that SMP needs no rewrite.
 */
#ifndef KERN_LOCK_H
#define KERN_LOCK_H

#include <stdbool.h>

#include <machine/cpu.h>

#include "kern/panic.h"
#include "kern/preempt.h"

typedef struct simple_lock {
	volatile bool locked;
	bool intr_enabled; /* the holder's interrupt state before it locked */
} simple_lock_t;

#define SIMPLE_LOCK_INITIALIZER                                                \
	{                                                                      \
		false, false                                                   \
	}

static inline void
simple_lock_init(simple_lock_t *l)
{
	l->locked = false;
	l->intr_enabled = false;
}

static inline void
simple_lock(simple_lock_t *l)
{
	preempt_disable();
	bool enabled = intr_disable();
	while (__atomic_test_and_set((void *)&l->locked, __ATOMIC_ACQUIRE)) {
		intr_restore(enabled);
		while (l->locked)
			cpu_relax();
		enabled = intr_disable();
	}
	l->intr_enabled = enabled;
}

/* Take the lock if it is free; return whether it was taken. */
static inline bool
simple_lock_try(simple_lock_t *l)
{
	preempt_disable();
	bool enabled = intr_disable();
	if (__atomic_test_and_set((void *)&l->locked, __ATOMIC_ACQUIRE)) {
		intr_restore(enabled);
		preempt_enable();
		return false;
	}
	l->intr_enabled = enabled;
	return true;
}

static inline void
simple_unlock(simple_lock_t *l)
{
	bool enabled = l->intr_enabled;
	__atomic_clear((void *)&l->locked, __ATOMIC_RELEASE);
	intr_restore(enabled);
	preempt_enable();
}

/*
 * spin_lock and spin_unlock leave the interrupt state alone: for locks
 * whose holders already run with interrupts off (the scheduler's, held
 * across a context switch and released by the next thread, which takes
 * over the CPU's preemption level with it).  With interrupts off,
 * spin_unlock is no preemption point.
 */
/*
 * A simple lock that no interrupt handler ever takes (IPC's spaces,
 * ports, sets and queues): taken and released with interrupts left as
 * they are, since nothing an interrupt runs can want it.  That saves
 * saving, masking and restoring the flags, the dearest part of a lock
 * on the RPC path.  Preemption is disabled while it is held and its
 * release is a preemption point, as simple_lock's.  Each lock is taken
 * only one way; what is taken under it that interrupts do take
 * (sched_lock, zones) masks them itself.
 */
static inline void
simple_lock_noirq(simple_lock_t *l)
{
	preempt_disable();
	while (__atomic_test_and_set((void *)&l->locked, __ATOMIC_ACQUIRE))
		while (l->locked)
			cpu_relax();
}

/* Take it if it is free (interrupts left as they are); whether it was
 * taken.  For a lock wanted against the lock order: never waits. */
static inline bool
simple_lock_try_noirq(simple_lock_t *l)
{
	preempt_disable();
	if (__atomic_test_and_set((void *)&l->locked, __ATOMIC_ACQUIRE)) {
		preempt_enable();
		return false;
	}
	return true;
}

static inline void
simple_unlock_noirq(simple_lock_t *l)
{
	__atomic_clear((void *)&l->locked, __ATOMIC_RELEASE);
	preempt_enable();
}

/*
 * simple_lock_noirq and its release for a lock taken while the caller
 * holds another (so preemption is already off): the preemption level
 * is left as it is, and the release is no preemption point (the outer
 * lock's release is).
 */
static inline void
simple_lock_noirq_nested(simple_lock_t *l)
{
	assert(!preemptible());
	while (__atomic_test_and_set((void *)&l->locked, __ATOMIC_ACQUIRE))
		while (l->locked)
			cpu_relax();
}

static inline void
simple_unlock_noirq_nested(simple_lock_t *l)
{
	__atomic_clear((void *)&l->locked, __ATOMIC_RELEASE);
}

static inline void
spin_lock(simple_lock_t *l)
{
	preempt_disable();
	while (__atomic_test_and_set((void *)&l->locked, __ATOMIC_ACQUIRE))
		while (l->locked)
			cpu_relax();
}

static inline void
spin_unlock(simple_lock_t *l)
{
	__atomic_clear((void *)&l->locked, __ATOMIC_RELEASE);
	preempt_enable_no_resched();
}

#endif
