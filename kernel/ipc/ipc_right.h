/*
 * ipc/ipc_right.h: the rights calculus of a name space, as in Mach 3.
 *
 * An entry holds, for one name: a receive right, send rights, both (one
 * entry per port and space for these: a space names a port once), one
 * send-once right (each its own entry), a port set, or a dead name.
 * User references (urefs, at most MACH_PORT_UREFS_MAX) count the send
 * rights or the dead name's references an entry holds; a receive right
 * or a port set has none of its own, a send-once right exactly one.
 * Whatever its urefs, the entry holds one reference on its object and
 * counts as one send right (ip_srights) if it has send rights.
 *
 * A send or send-once right to a port that died becomes a dead name
 * lazily, when the space next looks at the entry (ipc_right_check), as
 * in Mach: the dead name keeps the send right's urefs (one for a
 * send-once right).
 *
 * Copyin takes a right out of a space by a message disposition
 * (MACH_MSG_TYPE_MOVE_RECEIVE ... MAKE_SEND_ONCE) and gives a right the
 * kernel holds, of the type ipc_right_copyin_type says; copyout puts
 * such a right into a space, merging a send right into the entry that
 * already names the port.  They are the cores of mach_msg's port
 * translation and of mach_port_insert_right and extract_right.
 *
 * Every function here is called with the space write-locked and active,
 * and no port locked (see ipc/ipc_space.h for the order); none unlocks
 * the space.  Entry pointers are valid until the next allocation.
 */
#ifndef IPC_IPC_RIGHT_H
#define IPC_IPC_RIGHT_H

#include <stdbool.h>

#include <mach/message.h>

#include "ipc/ipc_entry.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "ipc/ipc_types.h"

/*
 * The entry `name' names.  Returns KERN_SUCCESS, KERN_INVALID_TASK if
 * the space is dead, or KERN_INVALID_NAME.
 */
static inline kern_return_t
ipc_right_lookup(ipc_space_t space, mach_port_name_t name, ipc_entry_t *entryp)
{
	if (!space->is_active)
		return KERN_INVALID_TASK;
	ipc_entry_t entry =
		IPC_NAME_VALID(name) ? ipc_space_lookup(space, name) : NULL;
	if (entry == NULL)
		return KERN_INVALID_NAME;
	*entryp = entry;
	return KERN_SUCCESS;
}

/*
 * Turn the entry into a dead name if it holds a send or send-once right
 * to a port that died; returns whether it did.
 */
bool ipc_right_check(ipc_space_t space, mach_port_name_t name,
		     ipc_entry_t entry);

/*
 * The object a receive on `name' takes from: its port set, or its
 * receive right's port if that is in no set (its membership changes
 * only with this space locked, ipc/ipc_pset.h, so no port lock).
 * Returns MACH_MSG_SUCCESS and the object in *objectp (no reference
 * taken), MACH_RCV_IN_SET, or MACH_RCV_INVALID_NAME.
 */
static inline mach_msg_return_t
ipc_right_receive_object(ipc_space_t space, mach_port_name_t name,
			 ipc_object_t *objectp)
{
	ipc_entry_t entry;

	if (ipc_right_lookup(space, name, &entry) != KERN_SUCCESS)
		return MACH_RCV_INVALID_NAME;
	ipc_entry_bits_t type = IE_BITS_TYPE(entry->ie_bits);
	if (type & MACH_PORT_TYPE_PORT_SET) {
		*objectp = entry->ie_object;
		return MACH_MSG_SUCCESS;
	}
	if ((type & MACH_PORT_TYPE_RECEIVE) == 0)
		return MACH_RCV_INVALID_NAME;
	if (((ipc_port_t)entry->ie_object)->ip_pset != NULL)
		return MACH_RCV_IN_SET;
	*objectp = entry->ie_object;
	return MACH_MSG_SUCCESS;
}

/*
 * The port whose send right `name' denotes in `space', with a port
 * reference (ip_release); IP_NULL if it denotes none (no such name, no
 * send right, a port that died, a dead space).  Nothing changes in the
 * space.  Conditions: no IPC lock held.
 */
ipc_port_t ipc_right_translate_send(ipc_space_t space, mach_port_name_t name);

/*
 * Release every right the entry holds and free it: mach_port_destroy's
 * core, and space destruction's (which calls it on an inactive space).
 */
void ipc_right_destroy_entry(ipc_space_t space, mach_port_name_t name,
			     ipc_entry_t entry);

/*
 * mach_port_deallocate's core: release one user reference of a send
 * right, send-once right or dead name.  KERN_INVALID_RIGHT if the entry
 * has none of these.
 */
kern_return_t ipc_right_dealloc(ipc_space_t space, mach_port_name_t name,
				ipc_entry_t entry);

/*
 * mach_port_mod_refs's core: add `delta' user references of `right'
 * (a valid MACH_PORT_RIGHT_*).  A receive right, send-once right or
 * port set takes only 0 or -1.  Returns KERN_SUCCESS,
 * KERN_INVALID_RIGHT (the entry lacks that right), KERN_INVALID_VALUE
 * (a delta out of range, below zero references) or KERN_UREFS_OVERFLOW
 * (beyond MACH_PORT_UREFS_MAX).  Nothing changes on an error.
 */
kern_return_t ipc_right_delta(ipc_space_t space, mach_port_name_t name,
			      ipc_entry_t entry, mach_port_right_t right,
			      mach_port_delta_t delta);

/*
 * The entry's type bits and user references, after ipc_right_check; the
 * type has MACH_PORT_TYPE_DNREQUEST when a dead-name request is set on
 * the name, as GNU Mach reports it.
 */
void ipc_right_info(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
		    mach_port_type_t *typep, mach_port_urefs_t *urefsp);

/*
 * The type of the right that copying in with disposition `msgt_name'
 * gives (MACH_MSG_TYPE_PORT_RECEIVE, PORT_SEND or PORT_SEND_ONCE), or
 * 0 if `msgt_name' is not a port disposition.
 */
mach_msg_type_name_t ipc_right_copyin_type(mach_msg_type_name_t msgt_name);

/*
 * Copy in the right `name' by disposition `msgt_name'; *portp gets the
 * kernel-held right (of ipc_right_copyin_type's type).  A dead name (or
 * a send right to a dead port) gives IP_DEAD if `deadok', consuming a
 * user reference for a MOVE_*.  Returns KERN_SUCCESS,
 * KERN_INVALID_TASK, KERN_INVALID_NAME, KERN_INVALID_VALUE (not a port
 * disposition) or KERN_INVALID_RIGHT (the entry lacks the right the
 * disposition needs); nothing changes on an error.
 */
kern_return_t ipc_right_copyin(ipc_space_t space, mach_port_name_t name,
			       mach_msg_type_name_t msgt_name, bool deadok,
			       ipc_port_t *portp);

/*
 * Copy the kernel-held right `port' of type `msgt_name' (PORT_RECEIVE,
 * PORT_SEND or PORT_SEND_ONCE) out into the space under a name of the
 * kernel's choosing, or the entry that already names the port (send and
 * receive rights); *namep gets the name.  IP_NULL and IP_DEAD give
 * MACH_PORT_NULL's and MACH_PORT_DEAD's names.  A send right that would
 * bring an entry to MACH_PORT_UREFS_MAX (the last is kept for a
 * dead-name request's, as in Mach) fails with KERN_UREFS_OVERFLOW,
 * unless `overflow': then it is released and the urefs stay pegged.
 * Consumes the right on success; on error (KERN_INVALID_CAPABILITY:
 * the port is dead; KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE,
 * KERN_UREFS_OVERFLOW, KERN_INVALID_VALUE) the caller keeps it.
 */
kern_return_t ipc_right_copyout(ipc_space_t space, ipc_port_t port,
				mach_msg_type_name_t msgt_name, bool overflow,
				mach_port_name_t *namep);

/*
 * Copy the right out under `name', a valid name: into a new entry, or
 * merged into the entry `name' if that already names the port.  As
 * ipc_right_copyout, and also KERN_NAME_EXISTS (`name' names something
 * else) and KERN_RIGHT_EXISTS (another name already names the port).
 */
kern_return_t ipc_right_copyout_name(ipc_space_t space, ipc_port_t port,
				     mach_msg_type_name_t msgt_name,
				     mach_port_name_t name);

/*
 * Release a kernel-held right of type `msgt_name' (PORT_RECEIVE,
 * PORT_SEND, PORT_SEND_ONCE): the receive right destroys the port, the
 * send-once right is destroyed with its notification.  IP_NULL and
 * IP_DEAD are ignored.  Called with no IPC lock held.
 */
void ipc_right_release(ipc_port_t port, mach_msg_type_name_t msgt_name);

#endif
