/*
 * ipc/ipc_pset.h: port sets.
 *
 * A port set gathers receive rights so that one receive can wait on all
 * of them (mach_msg's, to come).  A port is in at most one set.  A set
 * and its members are named in the same space: move_member requires it,
 * and a receive right that leaves the space leaves its set first
 * (ipc_port_clear_receiver).
 *
 * Membership (a member's ip_pset and the set's ips_members) changes only
 * with that space write-locked, the port locked, then the set locked;
 * either object's lock alone is enough to read it.
 */
#ifndef IPC_IPC_PSET_H
#define IPC_IPC_PSET_H

#include <stdint.h>

#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_object.h"
#include "ipc/ipc_types.h"
#include "kern/queue.h"

struct ipc_pset {
	struct ipc_object ips_object;
	/* Under the set lock (and see above): */
	queue_head_t ips_members; /* of ports, through ip_pset_chain */
	uint32_t ips_count;
	/* The members' messages and the set's receivers (ipc_mqueue.h). */
	struct ipc_mqueue ips_messages;
};

static inline void
ips_lock(ipc_pset_t pset)
{
	io_lock(&pset->ips_object);
}

static inline void
ips_unlock(ipc_pset_t pset)
{
	io_unlock(&pset->ips_object);
}

static inline bool
ips_active(ipc_pset_t pset)
{
	return pset->ips_object.io_active;
}

/* Create the port-set zone ("ipc.pset").  False if it could not be. */
bool ipc_pset_bootstrap(void);

/*
 * Make a new, empty, active port set with one reference (the right the
 * caller holds).  Returns NULL when memory is short.
 */
ipc_pset_t ipc_pset_create(void);

/* Free a set; only ipc_object_release calls it, on the last reference. */
void ipc_pset_free(ipc_pset_t pset);

/*
 * Put `port', in no set, into the active set `pset'.  Called with their
 * space write-locked and the port locked; takes the set lock.
 */
void ipc_pset_add_locked(ipc_pset_t pset, ipc_port_t port);

/*
 * Take `port' out of `pset', which it is in.  Called with their space
 * write-locked and the port locked; takes the set lock.
 */
void ipc_pset_remove_locked(ipc_pset_t pset, ipc_port_t port);

/*
 * Destroy the set, whose right the caller holds in a space it has
 * write-locked: every member leaves it, the set becomes inactive, and
 * the right's reference is released.  No lock of the set or its
 * members may be held.
 */
void ipc_pset_destroy(ipc_pset_t pset);

#endif
