/*
 * ipc/mach_port.c: the mach_port_* calls over the rights calculus.
 *
 * Lock order (ipc/ipc_space.h): each call locks the space, then at most
 * one port (through ipc_right.c), then a port set.  Objects a call
 * creates are made before the space is locked, and destroyed after it
 * is unlocked if the call fails.
 */

#include <mach/notify.h>

#include "ipc/ipc_dnrequest.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"

/* Lock an active space, or say why not. */
static kern_return_t
space_lock(ipc_space_t space)
{
	if (space == NULL)
		return KERN_INVALID_TASK;
	is_write_lock(space);
	if (!space->is_active) {
		is_write_unlock(space);
		return KERN_INVALID_TASK;
	}
	return KERN_SUCCESS;
}

/*
 * allocate and allocate_name: make the object, then the entry (with a
 * name of the kernel's choosing if `name' is null).
 */
static kern_return_t
allocate(ipc_space_t space, mach_port_right_t right, mach_port_name_t name,
	 mach_port_name_t *namep)
{
	ipc_object_t object = NULL;
	mach_port_type_t type;
	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE: {
		ipc_port_t port = ipc_port_create();
		if (port == IP_NULL)
			return KERN_RESOURCE_SHORTAGE;
		object = &port->ip_object;
		type = MACH_PORT_TYPE_RECEIVE;
		break;
	}
	case MACH_PORT_RIGHT_PORT_SET: {
		ipc_pset_t pset = ipc_pset_create();
		if (pset == NULL)
			return KERN_RESOURCE_SHORTAGE;
		object = &pset->ips_object;
		type = MACH_PORT_TYPE_PORT_SET;
		break;
	}
	case MACH_PORT_RIGHT_DEAD_NAME:
		type = MACH_PORT_TYPE_DEAD_NAME | 1;
		break;
	default:
		return KERN_INVALID_VALUE;
	}

	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		goto fail;
	ipc_entry_t entry;
	if (name == IPC_NAME_NULL) {
		kr = ipc_entry_alloc(space, &name, &entry);
	} else {
		kr = ipc_entry_alloc_name(space, name, &entry);
		if (kr == KERN_SUCCESS &&
		    IE_BITS_TYPE(entry->ie_bits) != MACH_PORT_TYPE_NONE)
			kr = KERN_NAME_EXISTS;
	}
	if (kr != KERN_SUCCESS) {
		is_write_unlock(space);
		goto fail;
	}
	entry->ie_bits |= type;
	entry->ie_object = object;
	if (right == MACH_PORT_RIGHT_RECEIVE) {
		ipc_port_t port = (ipc_port_t)object;
		ipc_reverse_insert(space, name, entry);
		ip_lock(port);
		port->ip_receiver = space;
		port->ip_receiver_name = name;
		ip_unlock(port);
	}
	is_write_unlock(space);
	if (namep != NULL)
		*namep = name;
	return KERN_SUCCESS;

fail:
	if (right == MACH_PORT_RIGHT_RECEIVE)
		ipc_port_destroy((ipc_port_t)object);
	else if (right == MACH_PORT_RIGHT_PORT_SET)
		ipc_pset_destroy((ipc_pset_t)object);
	return kr;
}

kern_return_t
mach_port_allocate(ipc_space_t space, mach_port_right_t right,
		   mach_port_name_t *namep)
{
	return allocate(space, right, IPC_NAME_NULL, namep);
}

kern_return_t
mach_port_allocate_name(ipc_space_t space, mach_port_right_t right,
			mach_port_name_t name)
{
	if (!IPC_NAME_VALID(name))
		return KERN_INVALID_VALUE;
	return allocate(space, right, name, NULL);
}

kern_return_t
mach_port_deallocate(ipc_space_t space, mach_port_name_t name)
{
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_entry_t entry;
	kr = ipc_right_lookup(space, name, &entry);
	if (kr == KERN_SUCCESS)
		kr = ipc_right_dealloc(space, name, entry);
	is_write_unlock(space);
	return kr;
}

kern_return_t
mach_port_destroy(ipc_space_t space, mach_port_name_t name)
{
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_entry_t entry;
	kr = ipc_right_lookup(space, name, &entry);
	if (kr == KERN_SUCCESS)
		ipc_right_destroy_entry(space, name, entry);
	is_write_unlock(space);
	return kr;
}

kern_return_t
mach_port_mod_refs(ipc_space_t space, mach_port_name_t name,
		   mach_port_right_t right, mach_port_delta_t delta)
{
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_entry_t entry;
	kr = ipc_right_lookup(space, name, &entry);
	if (kr == KERN_SUCCESS)
		kr = ipc_right_delta(space, name, entry, right, delta);
	is_write_unlock(space);
	return kr;
}

kern_return_t
mach_port_get_refs(ipc_space_t space, mach_port_name_t name,
		   mach_port_right_t right, mach_port_urefs_t *refsp)
{
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_entry_t entry;
	kr = ipc_right_lookup(space, name, &entry);
	if (kr == KERN_SUCCESS) {
		mach_port_type_t type;
		mach_port_urefs_t urefs;
		ipc_right_info(space, name, entry, &type, &urefs);
		if ((type & MACH_PORT_TYPE(right)) == 0)
			*refsp = 0;
		else if (right == MACH_PORT_RIGHT_SEND ||
			 right == MACH_PORT_RIGHT_DEAD_NAME)
			*refsp = urefs;
		else
			*refsp = 1;
	}
	is_write_unlock(space);
	return kr;
}

kern_return_t
mach_port_type(ipc_space_t space, mach_port_name_t name,
	       mach_port_type_t *typep)
{
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_entry_t entry;
	kr = ipc_right_lookup(space, name, &entry);
	if (kr == KERN_SUCCESS) {
		mach_port_urefs_t urefs;
		ipc_right_info(space, name, entry, typep, &urefs);
	}
	is_write_unlock(space);
	return kr;
}

struct names_walk {
	mach_port_name_t *names;
	mach_port_type_t *types;
	size_t capacity;
	size_t count;
};

static void
names_one(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
	  void *arg)
{
	struct names_walk *w = arg;
	mach_port_type_t type;
	mach_port_urefs_t urefs;
	ipc_right_info(space, name, entry, &type, &urefs);
	if (w->count < w->capacity) {
		w->names[w->count] = name;
		w->types[w->count] = type;
	}
	w->count++;
}

kern_return_t
mach_port_names(ipc_space_t space, mach_port_name_t *names,
		mach_port_type_t *types, size_t capacity, size_t *countp)
{
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	struct names_walk w = { names, types, capacity, 0 };
	ipc_entry_foreach(space, names_one, &w);
	is_write_unlock(space);
	*countp = w.count;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_rename(ipc_space_t space, mach_port_name_t old,
		 mach_port_name_t new_name)
{
	if (!IPC_NAME_VALID(new_name))
		return KERN_INVALID_VALUE;
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_entry_t entry;
	kr = ipc_right_lookup(space, old, &entry);
	if (kr != KERN_SUCCESS)
		goto out;
	ipc_right_check(space, old, entry);
	kr = KERN_NAME_EXISTS;
	if (ipc_entry_lookup(space, new_name) != NULL)
		goto out;
	ipc_entry_t nentry;
	kr = ipc_entry_alloc_name(space, new_name, &nentry);
	if (kr != KERN_SUCCESS)
		goto out;
	entry = ipc_entry_lookup(space, old); /* the table may have moved */

	ipc_entry_bits_t bits = entry->ie_bits;
	ipc_object_t object = entry->ie_object;
	bool reverse = IE_BITS_TYPE(bits) & MACH_PORT_TYPE_SEND_RECEIVE;
	if (reverse)
		ipc_reverse_remove(space, old, entry);
	nentry->ie_bits =
		IE_BITS_GEN(nentry->ie_bits) | (bits & ~IE_BITS_GEN_MASK);
	nentry->ie_object = object;
	nentry->ie_request = entry->ie_request;
	if (nentry->ie_request != NULL)
		ipc_dnrequest_rename(nentry, (ipc_port_t)object, new_name);
	nentry->ie_marequest = entry->ie_marequest;
	entry->ie_bits = IE_BITS_GEN(bits);
	entry->ie_object = NULL;
	entry->ie_request = NULL;
	entry->ie_marequest = NULL;
	ipc_entry_dealloc(space, old, entry);
	if (reverse)
		ipc_reverse_insert(space, new_name, nentry);
	if (IE_BITS_TYPE(bits) & MACH_PORT_TYPE_RECEIVE) {
		ipc_port_t port = (ipc_port_t)object;
		ip_lock(port);
		port->ip_receiver_name = new_name;
		ip_unlock(port);
	}
out:
	is_write_unlock(space);
	return kr;
}

kern_return_t
mach_port_insert_right(ipc_space_t space, mach_port_name_t name,
		       ipc_port_t port, mach_msg_type_name_t msgt_name)
{
	if (!IPC_NAME_VALID(name) || !MACH_MSG_TYPE_PORT_ANY_RIGHT(msgt_name))
		return KERN_INVALID_VALUE;
	if (!IP_VALID(port))
		return KERN_INVALID_CAPABILITY;
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = ipc_right_copyout_name(space, port, msgt_name, name);
	is_write_unlock(space);
	return kr;
}

kern_return_t
mach_port_extract_right(ipc_space_t space, mach_port_name_t name,
			mach_msg_type_name_t msgt_name, ipc_port_t *portp,
			mach_msg_type_name_t *typep)
{
	if (!MACH_MSG_TYPE_PORT_ANY(msgt_name))
		return KERN_INVALID_VALUE;
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = ipc_right_copyin(space, name, msgt_name, true, portp);
	is_write_unlock(space);
	if (kr == KERN_SUCCESS)
		*typep = ipc_right_copyin_type(msgt_name);
	return kr;
}

kern_return_t
mach_port_move_member(ipc_space_t space, mach_port_name_t member,
		      mach_port_name_t after)
{
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_entry_t entry;
	kr = ipc_right_lookup(space, member, &entry);
	if (kr != KERN_SUCCESS)
		goto out;
	kr = KERN_INVALID_RIGHT;
	if ((IE_BITS_TYPE(entry->ie_bits) & MACH_PORT_TYPE_RECEIVE) == 0)
		goto out;
	ipc_port_t port = (ipc_port_t)entry->ie_object;
	ipc_pset_t nset = NULL;
	if (after != IPC_NAME_NULL) {
		ipc_entry_t sentry;
		kr = ipc_right_lookup(space, after, &sentry);
		if (kr != KERN_SUCCESS)
			goto out;
		kr = KERN_INVALID_RIGHT;
		if ((IE_BITS_TYPE(sentry->ie_bits) & MACH_PORT_TYPE_PORT_SET) ==
		    0)
			goto out;
		nset = (ipc_pset_t)sentry->ie_object;
	}
	ip_lock(port);
	ipc_pset_t oset = port->ip_pset;
	kr = KERN_SUCCESS;
	if (oset == NULL && nset == NULL)
		kr = KERN_NOT_IN_SET;
	if (oset != NULL && oset != nset)
		ipc_pset_remove_locked(oset, port);
	if (nset != NULL && oset != nset)
		ipc_pset_add_locked(nset, port);
	ip_unlock(port);
out:
	is_write_unlock(space);
	return kr;
}

/*
 * A no-senders or port-destroyed request on the receive right `name':
 * made under the space's lock, so the right cannot leave meanwhile.
 */
static kern_return_t
receive_request(ipc_space_t space, mach_port_name_t name, mach_msg_id_t id,
		mach_port_mscount_t sync, ipc_port_t notify,
		ipc_port_t *previous)
{
	kern_return_t kr = space_lock(space);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_entry_t entry;
	kr = ipc_right_lookup(space, name, &entry);
	if (kr == KERN_SUCCESS &&
	    (IE_BITS_TYPE(entry->ie_bits) & MACH_PORT_TYPE_RECEIVE) == 0)
		kr = KERN_INVALID_RIGHT;
	if (kr == KERN_SUCCESS) {
		ipc_port_t port = (ipc_port_t)entry->ie_object;
		kr = id == MACH_NOTIFY_NO_SENDERS
			     ? ipc_port_nsrequest(port, sync, notify, previous)
			     : ipc_port_pdrequest(port, notify, previous);
	}
	is_write_unlock(space);
	return kr;
}

kern_return_t
mach_port_request_notification(ipc_space_t space, mach_port_name_t name,
			       mach_msg_id_t id, mach_port_mscount_t sync,
			       ipc_port_t notify, ipc_port_t *previous)
{
	if (space == NULL)
		return KERN_INVALID_TASK;
	if (!IP_VALID(notify))
		notify = IP_NULL; /* a dead name given: nothing to notify */
	switch (id) {
	case MACH_NOTIFY_PORT_DESTROYED:
		if (sync != 0)
			return KERN_INVALID_VALUE;
		return receive_request(space, name, id, 0, notify, previous);
	case MACH_NOTIFY_NO_SENDERS:
		return receive_request(space, name, id, sync, notify, previous);
	case MACH_NOTIFY_DEAD_NAME:
		return ipc_dnrequest_request(space, name, sync != 0, notify,
					     previous);
	default:
		return KERN_INVALID_VALUE;
	}
}
