/*
 * ipc/ipc_space.h: name spaces, one per task.
 *
 * A space maps the task's port names to its rights: ipc/ipc_entry.h
 * holds the tables, ipc/ipc_right.h the rules.  Destroying a space
 * (its task dies) releases every right it holds: receive rights destroy
 * their ports, send rights are released, send-once rights are destroyed
 * (send-once notifications), port sets are destroyed.
 *
 * Lock order of the whole IPC subsystem, kept by every file in ipc/:
 *
 *	1. a space's lock (is_lock): at most one space at a time; moving
 *	   a right between spaces copies it in from one, unlocks, then
 *	   copies it out into the other;
 *	2. a port's lock: at most one port at a time;
 *	3. a port set's lock;
 *	4. the notification queue's lock (ipc/ipc_notify.c), a leaf.
 *
 * Zones and kalloc may be called with any of these held (their own
 * locks come after all of them).  Reference counts are atomic and need
 * no lock.
 */
#ifndef IPC_IPC_SPACE_H
#define IPC_IPC_SPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc/ipc_entry.h"
#include "ipc/ipc_types.h"
#include "kern/lock.h"

struct ipc_space {
	simple_lock_t is_lock;
	uint32_t is_refs; /* atomic */

	/* Under is_lock: */
	bool is_active;
	struct ipc_entry *is_table; /* slot 0 heads the free list */
	uint32_t is_table_size;
	uint32_t is_table_free;     /* free slots */
	struct ipc_entry **is_hash; /* entries whose names are not slots */
	uint32_t is_hash_size;      /* buckets, a power of two or 0 */
	uint32_t is_hash_count;
	mach_port_name_t *is_reverse; /* buckets of names, by object */
	uint32_t is_reverse_size;     /* a power of two */
	uint32_t is_reverse_count;
	uint32_t is_count; /* entries in use */
};

static inline void
is_write_lock(ipc_space_t space)
{
	simple_lock_noirq(&space->is_lock);
}

static inline void
is_write_unlock(ipc_space_t space)
{
	simple_unlock_noirq(&space->is_lock);
}

/*
 * ipc_entry_lookup with its common case inline (a name that is a
 * table slot's, or a space with no hashed names), for the look-ups of
 * every message: the same entry, or NULL.  Space locked.
 */
static inline ipc_entry_t
ipc_space_lookup(ipc_space_t space, mach_port_name_t name)
{
	uint32_t index = MACH_PORT_INDEX(name);
	if (index != 0 && index < space->is_table_size) {
		ipc_entry_t e = &space->is_table[index];
		if (IE_BITS_TYPE(e->ie_bits) != 0 && e->ie_name == name)
			return e;
	}
	return space->is_hash_count != 0 ? ipc_entry_lookup(space, name) : NULL;
}

/*
 * Create the zones of spaces and hashed entries ("ipc.space",
 * "ipc.entry").  Called once by ipc_bootstrap; false on failure.
 */
bool ipc_space_bootstrap(void);

/*
 * Make a new, empty, active space with one reference (the caller's).
 * Returns KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE with nothing made.
 */
kern_return_t ipc_space_create(ipc_space_t *spacep);

/* Take, drop a reference; the last one frees a destroyed space. */
void ipc_space_reference(ipc_space_t space);
void ipc_space_release(ipc_space_t space);

/*
 * Destroy the space: it becomes inactive (every later call on it fails
 * with KERN_INVALID_TASK), every right in it is released as above, and
 * its tables are freed.  Consumes the caller's reference.  Called with
 * no IPC lock held.
 */
void ipc_space_destroy(ipc_space_t space);

#endif
