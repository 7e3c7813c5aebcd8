/*
 * ipc/ipc_right.c: what each operation does to an entry's rights.
 *
 * Lock order (ipc/ipc_space.h): the caller holds the space's lock; a
 * port's lock is taken under it, one port at a time, and released
 * before any notification is made or a port set is destroyed.
 *
 * Every function checks everything first and changes nothing on an
 * error; the step that changes the entry cannot fail.
 */

#include "ipc/ipc_dnrequest.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/panic.h"

#define ENTRY_PORT(entry) ((ipc_port_t)(entry)->ie_object)

/* Would `delta' take `urefs' below 0, or above MACH_PORT_UREFS_MAX? */
static bool
urefs_underflow(mach_port_urefs_t urefs, mach_port_delta_t delta)
{
	return delta < 0 && -(int64_t)delta > (int64_t)urefs;
}

static bool
urefs_overflow(mach_port_urefs_t urefs, mach_port_delta_t delta)
{
	return delta > 0 && (int64_t)urefs + delta > MACH_PORT_UREFS_MAX;
}

/*
 * Empty the entry of its rights (it keeps its generation) and free it.
 * The name no longer denotes its port: a dead-name request on it is
 * taken back, with a port-deleted notification (Mach's rule).
 */
static void
entry_free(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry)
{
	if (entry->ie_request != NULL) {
		ipc_port_t notify =
			ipc_dnrequest_take(entry, ENTRY_PORT(entry));
		if (notify != IP_NULL)
			ipc_notify_port_deleted(notify, name);
	}
	if (IE_BITS_TYPE(entry->ie_bits) & MACH_PORT_TYPE_SEND_RECEIVE)
		ipc_reverse_remove(space, name, entry);
	entry->ie_bits = IE_BITS_GEN(entry->ie_bits);
	entry->ie_object = NULL;
	ipc_entry_dealloc(space, name, entry);
}

ipc_port_t
ipc_right_translate_send(ipc_space_t space, mach_port_name_t name)
{
	ipc_port_t port = IP_NULL;

	is_write_lock(space);
	ipc_entry_t entry;
	if (ipc_right_lookup(space, name, &entry) == KERN_SUCCESS &&
	    (IE_BITS_TYPE(entry->ie_bits) & MACH_PORT_TYPE_SEND)) {
		ipc_port_t p = (ipc_port_t)entry->ie_object;
		ip_lock(p);
		if (ip_active(p)) {
			ip_reference(p);
			port = p;
		}
		ip_unlock(p);
	}
	is_write_unlock(space);
	return port;
}

bool
ipc_right_check(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	mach_port_type_t type = IE_BITS_TYPE(bits);
	if ((type & MACH_PORT_TYPE_SEND_RIGHTS) == 0)
		return false;
	ipc_port_t port = ENTRY_PORT(entry);
	ip_lock(port);
	if (ip_active(port)) {
		ip_unlock(port);
		return false;
	}
	if (type & MACH_PORT_TYPE_RECEIVE)
		panic("ipc_right_check: %x has the receive right of a dead "
		      "port",
		      name);
	mach_port_urefs_t urefs;
	if (type & MACH_PORT_TYPE_SEND) {
		port->ip_srights--;
		urefs = IE_BITS_UREFS(bits);
	} else {
		port->ip_sorights--;
		urefs = 1;
	}
	ip_unlock(port);
	if (type & MACH_PORT_TYPE_SEND)
		ipc_reverse_remove(space, name, entry);
	/* The notification a request sent hands over one more reference
	 * (pegged at the limit, which copyout keeps free for it). */
	if (ipc_dnrequest_spent(entry) && urefs < MACH_PORT_UREFS_MAX)
		urefs++;
	entry->ie_bits = IE_BITS_GEN(bits) | MACH_PORT_TYPE_DEAD_NAME | urefs;
	entry->ie_object = NULL;
	entry->ie_marequest = NULL; /* its request will find no name */
	ip_release(port);
	return true;
}

void
ipc_right_destroy_entry(ipc_space_t space, mach_port_name_t name,
			ipc_entry_t entry)
{
	mach_port_type_t type = IE_BITS_TYPE(entry->ie_bits);
	ipc_object_t object = entry->ie_object;
	entry_free(space, name, entry);

	if (type & MACH_PORT_TYPE_PORT_SET) {
		ipc_pset_destroy((ipc_pset_t)object);
	} else if (type & MACH_PORT_TYPE_RECEIVE) {
		ipc_port_t port = (ipc_port_t)object;
		ipc_port_clear_receiver(port);
		if (type & MACH_PORT_TYPE_SEND) {
			/* The port dies first: no no-senders notification. */
			ip_lock(port);
			port->ip_srights--;
			ip_unlock(port);
		}
		ipc_port_destroy(port); /* the entry's reference */
	} else if (type & MACH_PORT_TYPE_SEND) {
		ipc_port_release_send((ipc_port_t)object);
	} else if (type & MACH_PORT_TYPE_SEND_ONCE) {
		ipc_port_destroy_sonce((ipc_port_t)object);
	}
	/* A dead name holds nothing. */
}

/* Release the send right of the entry, which also keeps its receive. */
static void
release_send_keep_receive(ipc_port_t port)
{
	ip_reference(port); /* the entry keeps its own */
	ipc_port_release_send(port);
}

kern_return_t
ipc_right_dealloc(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry)
{
	ipc_right_check(space, name, entry);
	ipc_entry_bits_t bits = entry->ie_bits;
	mach_port_type_t type = IE_BITS_TYPE(bits);
	mach_port_urefs_t urefs = IE_BITS_UREFS(bits);
	ipc_port_t port = ENTRY_PORT(entry);

	if (type == MACH_PORT_TYPE_DEAD_NAME) {
		if (urefs == 1)
			entry_free(space, name, entry);
		else
			entry->ie_bits = bits - 1;
		return KERN_SUCCESS;
	}
	if (type == MACH_PORT_TYPE_SEND_ONCE) {
		entry_free(space, name, entry);
		ipc_port_destroy_sonce(port);
		return KERN_SUCCESS;
	}
	if ((type & MACH_PORT_TYPE_SEND) == 0)
		return KERN_INVALID_RIGHT;
	if (urefs > 1) {
		entry->ie_bits = bits - 1;
		return KERN_SUCCESS;
	}
	if (type & MACH_PORT_TYPE_RECEIVE) {
		entry->ie_bits = IE_BITS_GEN(bits) | MACH_PORT_TYPE_RECEIVE;
		release_send_keep_receive(port);
	} else {
		entry_free(space, name, entry);
		ipc_port_release_send(port);
	}
	return KERN_SUCCESS;
}

/* mod_refs on a right that takes only 0 or -1: the check part. */
static kern_return_t
delta_zero_or_minus_one(mach_port_delta_t delta)
{
	return delta == 0 || delta == -1 ? KERN_SUCCESS : KERN_INVALID_VALUE;
}

kern_return_t
ipc_right_delta(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
		mach_port_right_t right, mach_port_delta_t delta)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	mach_port_type_t type = IE_BITS_TYPE(bits);
	kern_return_t kr;

	switch (right) {
	case MACH_PORT_RIGHT_PORT_SET:
		if ((type & MACH_PORT_TYPE_PORT_SET) == 0)
			return KERN_INVALID_RIGHT;
		if ((kr = delta_zero_or_minus_one(delta)) != KERN_SUCCESS)
			return kr;
		if (delta == -1)
			ipc_right_destroy_entry(space, name, entry);
		return KERN_SUCCESS;

	case MACH_PORT_RIGHT_RECEIVE: {
		if ((type & MACH_PORT_TYPE_RECEIVE) == 0)
			return KERN_INVALID_RIGHT;
		if ((kr = delta_zero_or_minus_one(delta)) != KERN_SUCCESS)
			return kr;
		if (delta == 0)
			return KERN_SUCCESS;
		ipc_port_t port = ENTRY_PORT(entry);
		if (type & MACH_PORT_TYPE_SEND) {
			/*
			 * The send rights the entry keeps are to a port that
			 * dies now: they become a dead name at once, with the
			 * same user references, as in Mach; a dead-name
			 * request on the name fires now, with its reference.
			 */
			mach_port_urefs_t urefs = IE_BITS_UREFS(bits);
			ipc_port_t notify = ipc_dnrequest_take(entry, port);
			if (notify != IP_NULL) {
				ipc_notify_dead_name(notify, name);
				if (urefs < MACH_PORT_UREFS_MAX)
					urefs++;
			}
			ipc_reverse_remove(space, name, entry);
			entry->ie_bits = IE_BITS_GEN(bits) |
					 MACH_PORT_TYPE_DEAD_NAME | urefs;
			entry->ie_object = NULL;
			ip_lock(port);
			port->ip_srights--;
			ip_unlock(port);
		} else {
			entry_free(space, name, entry);
		}
		ipc_port_clear_receiver(port);
		ipc_port_destroy(port);
		return KERN_SUCCESS;
	}

	case MACH_PORT_RIGHT_SEND_ONCE:
		if ((type & MACH_PORT_TYPE_SEND_ONCE) == 0 ||
		    ipc_right_check(space, name, entry))
			return KERN_INVALID_RIGHT;
		if ((kr = delta_zero_or_minus_one(delta)) != KERN_SUCCESS)
			return kr;
		if (delta == -1)
			ipc_right_destroy_entry(space, name, entry);
		return KERN_SUCCESS;

	case MACH_PORT_RIGHT_DEAD_NAME: {
		if (type & MACH_PORT_TYPE_SEND_RIGHTS) {
			if (!ipc_right_check(space, name, entry))
				return KERN_INVALID_RIGHT; /* still alive */
			bits = entry->ie_bits;
		} else if ((type & MACH_PORT_TYPE_DEAD_NAME) == 0) {
			return KERN_INVALID_RIGHT;
		}
		mach_port_urefs_t urefs = IE_BITS_UREFS(bits);
		if (urefs_underflow(urefs, delta))
			return KERN_INVALID_VALUE;
		if (urefs_overflow(urefs, delta))
			return KERN_UREFS_OVERFLOW;
		if ((int64_t)urefs + delta == 0)
			entry_free(space, name, entry);
		else
			entry->ie_bits = bits + (ipc_entry_bits_t)delta;
		return KERN_SUCCESS;
	}

	case MACH_PORT_RIGHT_SEND: {
		if ((type & MACH_PORT_TYPE_SEND) == 0 ||
		    ipc_right_check(space, name, entry))
			return KERN_INVALID_RIGHT;
		mach_port_urefs_t urefs = IE_BITS_UREFS(bits);
		if (urefs_underflow(urefs, delta))
			return KERN_INVALID_VALUE;
		if (urefs_overflow(urefs, delta))
			return KERN_UREFS_OVERFLOW;
		if ((int64_t)urefs + delta != 0) {
			entry->ie_bits = bits + (ipc_entry_bits_t)delta;
			return KERN_SUCCESS;
		}
		ipc_port_t port = ENTRY_PORT(entry);
		if (type & MACH_PORT_TYPE_RECEIVE) {
			entry->ie_bits =
				IE_BITS_GEN(bits) | MACH_PORT_TYPE_RECEIVE;
			release_send_keep_receive(port);
		} else {
			entry_free(space, name, entry);
			ipc_port_release_send(port);
		}
		return KERN_SUCCESS;
	}

	default:
		return KERN_INVALID_VALUE;
	}
}

void
ipc_right_info(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
	       mach_port_type_t *typep, mach_port_urefs_t *urefsp)
{
	ipc_right_check(space, name, entry);
	*typep = IE_BITS_TYPE(entry->ie_bits);
	if (entry->ie_request != NULL)
		*typep |= MACH_PORT_TYPE_DNREQUEST;
	*urefsp = IE_BITS_UREFS(entry->ie_bits);
}

mach_msg_type_name_t
ipc_right_copyin_type(mach_msg_type_name_t msgt_name)
{
	switch (msgt_name) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	default:
		return 0;
	}
}

/* A dead name copied in: IP_DEAD, and a MOVE_* takes one uref. */
static kern_return_t
copyin_dead(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
	    bool move, bool deadok, ipc_port_t *portp)
{
	if (!deadok)
		return KERN_INVALID_RIGHT;
	if (move) {
		if (IE_BITS_UREFS(entry->ie_bits) == 1)
			entry_free(space, name, entry);
		else
			entry->ie_bits--;
	}
	*portp = IP_DEAD;
	return KERN_SUCCESS;
}

kern_return_t
ipc_right_copyin(ipc_space_t space, mach_port_name_t name,
		 mach_msg_type_name_t msgt_name, bool deadok, ipc_port_t *portp)
{
	if (ipc_right_copyin_type(msgt_name) == 0)
		return KERN_INVALID_VALUE;
	ipc_entry_t entry;
	kern_return_t kr = ipc_right_lookup(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_entry_bits_t bits = entry->ie_bits;
	mach_port_type_t type = IE_BITS_TYPE(bits);
	ipc_port_t port = ENTRY_PORT(entry);
	bool move = msgt_name == MACH_MSG_TYPE_MOVE_SEND ||
		    msgt_name == MACH_MSG_TYPE_MOVE_SEND_ONCE;

	switch (msgt_name) {
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if ((type & MACH_PORT_TYPE_RECEIVE) == 0)
			return KERN_INVALID_RIGHT;
		ip_lock(port);
		if (msgt_name == MACH_MSG_TYPE_MAKE_SEND)
			ipc_port_make_send_locked(port);
		else
			ipc_port_make_sonce_locked(port);
		ip_unlock(port);
		*portp = port;
		return KERN_SUCCESS;

	case MACH_MSG_TYPE_MOVE_RECEIVE:
		if ((type & MACH_PORT_TYPE_RECEIVE) == 0)
			return KERN_INVALID_RIGHT;
		if (type & MACH_PORT_TYPE_SEND) {
			/* The entry keeps the send rights, and its reference. */
			entry->ie_bits = bits & ~MACH_PORT_TYPE_RECEIVE;
			ip_reference(port);
		} else {
			entry_free(space, name, entry);
		}
		ipc_port_clear_receiver(port);
		*portp = port;
		return KERN_SUCCESS;

	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		break;
	}

	/* The send dispositions: a dead name may do. */
	if (type & MACH_PORT_TYPE_DEAD_NAME)
		return copyin_dead(space, name, entry, move, deadok, portp);
	if ((type & MACH_PORT_TYPE_SEND_RIGHTS) == 0)
		return KERN_INVALID_RIGHT;
	if (ipc_right_check(space, name, entry))
		return copyin_dead(space, name, entry, move, deadok, portp);
	bool once = msgt_name == MACH_MSG_TYPE_MOVE_SEND_ONCE;
	if ((type & (once ? MACH_PORT_TYPE_SEND_ONCE : MACH_PORT_TYPE_SEND)) ==
	    0)
		return KERN_INVALID_RIGHT;

	if (msgt_name == MACH_MSG_TYPE_COPY_SEND ||
	    (msgt_name == MACH_MSG_TYPE_MOVE_SEND && IE_BITS_UREFS(bits) > 1)) {
		ip_lock(port);
		port->ip_srights++;
		ip_unlock(port);
		ip_reference(port);
		if (msgt_name == MACH_MSG_TYPE_MOVE_SEND)
			entry->ie_bits = bits - 1;
	} else if (once || (type & MACH_PORT_TYPE_RECEIVE) == 0) {
		/* The last send right, or the send-once right, leaves. */
		entry_free(space, name, entry);
	} else {
		/* The last send right leaves; the receive right stays. */
		entry->ie_bits = IE_BITS_GEN(bits) | MACH_PORT_TYPE_RECEIVE;
		ip_reference(port);
	}
	*portp = port;
	return KERN_SUCCESS;
}

/*
 * Put the right into `entry', which is new (type none) or already names
 * the port (send or receive rights).  The port is locked and active.
 * Fails only with KERN_UREFS_OVERFLOW, changing nothing.
 */
static kern_return_t
copyout_entry(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
	      ipc_port_t port, mach_msg_type_name_t msgt_name, bool overflow)
{
	ipc_entry_bits_t bits = entry->ie_bits;
	mach_port_type_t type = IE_BITS_TYPE(bits);
	bool is_new = type == MACH_PORT_TYPE_NONE;

	switch (msgt_name) {
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		entry->ie_bits = bits | MACH_PORT_TYPE_SEND_ONCE | 1;
		entry->ie_object = &port->ip_object;
		return KERN_SUCCESS;

	case MACH_MSG_TYPE_PORT_SEND:
		if (type & MACH_PORT_TYPE_SEND) {
			if (IE_BITS_UREFS(bits) + 1 >= MACH_PORT_UREFS_MAX) {
				if (!overflow)
					return KERN_UREFS_OVERFLOW;
				/* Pegged: the right is released. */
			} else {
				entry->ie_bits = bits + 1;
			}
			port->ip_srights--;
			ipc_object_release_not_last(&port->ip_object);
			return KERN_SUCCESS;
		}
		entry->ie_bits = bits | MACH_PORT_TYPE_SEND | 1;
		break;

	case MACH_MSG_TYPE_PORT_RECEIVE:
		entry->ie_bits = bits | MACH_PORT_TYPE_RECEIVE;
		port->ip_receiver = space;
		port->ip_receiver_name = name;
		break;
	}
	if (is_new) {
		entry->ie_object = &port->ip_object;
		ipc_reverse_insert(space, name, entry);
	} else {
		/* The entry already holds a reference on the port. */
		ipc_object_release_not_last(&port->ip_object);
	}
	return KERN_SUCCESS;
}

static bool
copyout_type_valid(mach_msg_type_name_t msgt_name)
{
	return msgt_name == MACH_MSG_TYPE_PORT_SEND ||
	       msgt_name == MACH_MSG_TYPE_PORT_SEND_ONCE ||
	       msgt_name == MACH_MSG_TYPE_PORT_RECEIVE;
}

kern_return_t
ipc_right_copyout(ipc_space_t space, ipc_port_t port,
		  mach_msg_type_name_t msgt_name, bool overflow,
		  mach_port_name_t *namep)
{
	if (!copyout_type_valid(msgt_name))
		return KERN_INVALID_VALUE;
	if (!space->is_active)
		return KERN_INVALID_TASK;
	if (!IP_VALID(port)) {
		*namep = port == IP_NULL ? IPC_NAME_NULL : IPC_NAME_DEAD;
		return KERN_SUCCESS;
	}
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return KERN_INVALID_CAPABILITY;
	}
	mach_port_name_t name = IPC_NAME_NULL;
	ipc_entry_t entry;
	if (msgt_name != MACH_MSG_TYPE_PORT_SEND_ONCE)
		name = ipc_reverse_lookup(space, &port->ip_object);
	if (name != IPC_NAME_NULL) {
		entry = ipc_entry_lookup(space, name);
	} else {
		kern_return_t kr = ipc_entry_alloc(space, &name, &entry);
		if (kr != KERN_SUCCESS) {
			ip_unlock(port);
			return kr;
		}
	}
	kern_return_t kr =
		copyout_entry(space, name, entry, port, msgt_name, overflow);
	ip_unlock(port);
	if (kr == KERN_SUCCESS)
		*namep = name;
	return kr;
}

kern_return_t
ipc_right_copyout_name(ipc_space_t space, ipc_port_t port,
		       mach_msg_type_name_t msgt_name, mach_port_name_t name)
{
	if (!copyout_type_valid(msgt_name) || !IPC_NAME_VALID(name))
		return KERN_INVALID_VALUE;
	if (!space->is_active)
		return KERN_INVALID_TASK;
	if (!IP_VALID(port))
		return KERN_INVALID_CAPABILITY;
	ip_lock(port);
	kern_return_t kr = KERN_INVALID_CAPABILITY;
	if (!ip_active(port))
		goto out;
	mach_port_name_t oname = IPC_NAME_NULL;
	if (msgt_name != MACH_MSG_TYPE_PORT_SEND_ONCE)
		oname = ipc_reverse_lookup(space, &port->ip_object);
	ipc_entry_t entry;
	if (oname != IPC_NAME_NULL) {
		kr = KERN_RIGHT_EXISTS;
		if (oname != name)
			goto out;
		entry = ipc_entry_lookup(space, name);
	} else {
		kr = ipc_entry_alloc_name(space, name, &entry);
		if (kr != KERN_SUCCESS)
			goto out;
		if (IE_BITS_TYPE(entry->ie_bits) != MACH_PORT_TYPE_NONE) {
			kr = KERN_NAME_EXISTS;
			goto out;
		}
	}
	kr = copyout_entry(space, name, entry, port, msgt_name, false);
	if (kr != KERN_SUCCESS && IE_BITS_TYPE(entry->ie_bits) == 0)
		ipc_entry_dealloc(space, name, entry);
out:
	ip_unlock(port);
	return kr;
}

void
ipc_right_release(ipc_port_t port, mach_msg_type_name_t msgt_name)
{
	if (!IP_VALID(port))
		return;
	switch (msgt_name) {
	case MACH_MSG_TYPE_PORT_SEND:
		ipc_port_release_send(port);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		ipc_port_destroy_sonce(port);
		break;
	case MACH_MSG_TYPE_PORT_RECEIVE:
		ipc_port_destroy(port);
		break;
	default:
		panic("ipc_right_release: type %u is not a right", msgt_name);
	}
}
