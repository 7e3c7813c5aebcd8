/*
 * ipc/ipc_object.h: what ports and port sets have in common.
 *
 * A name-space entry names an object: a port or a port set.  Both begin
 * with a struct ipc_object, which holds the object's lock, its reference
 * count and whether it is still active (a port dies, a port set is
 * destroyed; an inactive object lives on only while references remain).
 *
 * References: every right held in a name-space entry holds one
 * reference on its object (one per entry, however many user references
 * the entry counts), every right the kernel holds outside a name space
 * (a "naked" right, for example one being moved from a space to another)
 * holds one, and so does any code that keeps a pointer across an
 * unlock.  The last release frees the object, which must be inactive by
 * then.
 *
 * Locks: io_lock guards io_refs, io_active and the type's own fields
 * that say so.  See ipc/ipc_space.h for the lock order.
 */
#ifndef IPC_IPC_OBJECT_H
#define IPC_IPC_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc/ipc_types.h"
#include "kern/lock.h"
#include "kern/panic.h"

enum ipc_object_type {
	IOT_PORT = 1,
	IOT_PSET = 2,
};

struct ipc_object {
	simple_lock_t io_lock;
	uint32_t io_refs; /* atomic */
	/* Under io_lock: */
	bool io_active;
	/* Fixed at creation: */
	uint8_t io_otype;
};

typedef struct ipc_object *ipc_object_t;
#define IO_NULL ((ipc_object_t)0)

static inline void
io_lock(ipc_object_t object)
{
	simple_lock_noirq(&object->io_lock);
}

/* io_lock if it is free: whether it was taken (never waits). */
static inline bool
io_lock_try(ipc_object_t object)
{
	return simple_lock_try_noirq(&object->io_lock);
}

static inline void
io_unlock(ipc_object_t object)
{
	simple_unlock_noirq(&object->io_lock);
}

/* io_lock and io_unlock with another lock held (kern/lock.h's
 * nested variant): under the space's lock. */
static inline void
io_lock_nested(ipc_object_t object)
{
	simple_lock_noirq_nested(&object->io_lock);
}

static inline void
io_unlock_nested(ipc_object_t object)
{
	simple_unlock_noirq_nested(&object->io_lock);
}

/* Set up the common head of a new object: active, one reference. */
void ipc_object_init(ipc_object_t object, enum ipc_object_type otype);

/*
 * Take one more reference on `object', its lock held or not; the caller
 * must already hold a reference (or a right).  Panics if the count
 * would overflow: references are bounded by rights, which are bounded
 * by memory, so an overflow is a kernel bug.
 */
static inline void
ipc_object_reference(ipc_object_t object)
{
	uint32_t old =
		__atomic_fetch_add(&object->io_refs, 1, __ATOMIC_RELAXED);
	if (__builtin_expect(old == 0 || old == UINT32_MAX, 0))
		panic("ipc_object_reference: object %p had %u references",
		      (void *)object, old);
}

/* ipc_object_release's end when the count it dropped was `old', 0 (a
 * panic) or 1 (the object freed).  Not for other callers. */
void ipc_object_release_last(ipc_object_t object, uint32_t old);

/*
 * Drop one reference on `object', called with its lock not held.
 * The last reference frees an object, which must then be inactive
 * (panics otherwise).
 */
static inline void
ipc_object_release(ipc_object_t object)
{
	uint32_t old =
		__atomic_fetch_sub(&object->io_refs, 1, __ATOMIC_ACQ_REL);
	if (__builtin_expect(old <= 1, 0))
		ipc_object_release_last(object, old);
}

/*
 * Drop one reference, its lock held or not, when the caller knows it is
 * not the last (another right or reference remains).  Panics if it is.
 */
static inline void
ipc_object_release_not_last(ipc_object_t object)
{
	uint32_t old =
		__atomic_fetch_sub(&object->io_refs, 1, __ATOMIC_RELEASE);
	if (__builtin_expect(old <= 1, 0))
		panic("ipc_object_release_not_last: %p had %u references",
		      (void *)object, old);
}

#endif
