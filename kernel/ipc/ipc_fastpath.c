/*
 * ipc/ipc_fastpath.c: the RPC's header copyin and copyout
 * (ipc_fastpath.h).
 *
 * Lock order (ipc/ipc_space.h): the space, then one port at a time.
 * Every port lock here is taken under the space's (ip_lock_nested).
 * Each shape checks every entry before it changes any, so a bail-out
 * leaves the space as it found it.
 */

#include "ipc/ipc_fastpath.h"

#include "ipc/ipc_entry.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/panic.h"

#define ENTRY_PORT(entry) ((ipc_port_t)(entry)->ie_object)

/* The entry of `name' if it holds exactly the rights `want' asks for
 * (all of them), with no dead-name request on it.  Space locked. */
static inline __attribute__((always_inline)) ipc_entry_t
entry_with(ipc_space_t space, mach_port_name_t name, mach_port_type_t want,
	   mach_port_type_t exactly)
{
	if (!IPC_NAME_VALID(name))
		return NULL;
	ipc_entry_t entry = ipc_space_lookup(space, name);
	if (entry == NULL || entry->ie_request != NULL)
		return NULL;
	mach_port_type_t type = IE_BITS_TYPE(entry->ie_bits);
	if ((type & want) != want || (exactly != 0 && type != exactly))
		return NULL;
	return entry;
}

/* COPY_SEND of the destination, MAKE_SEND_ONCE of the reply port.
 * Done: the destination's port is left locked, alive. */
static bool
copyin_request(mach_msg_header_t *h, ipc_space_t space)
{
	mach_port_name_t dest_name = ikm_remote_name(h);
	mach_port_name_t reply_name = ikm_local_name(h);
	if (dest_name == reply_name)
		return false;
	ipc_entry_t dest = entry_with(space, dest_name, MACH_PORT_TYPE_SEND, 0);
	ipc_entry_t reply =
		entry_with(space, reply_name, MACH_PORT_TYPE_RECEIVE, 0);
	if (dest == NULL || reply == NULL)
		return false;
	ipc_port_t dport = ENTRY_PORT(dest), rport = ENTRY_PORT(reply);

	/* The reply port lives: its receive right is here.  Its right
	 * comes first, so that the destination's lock, taken last, stays
	 * held for the send.  A dead destination's send right turns into
	 * a dead name, the general path's business: the reply's right is
	 * taken back (no one saw it, the space being locked). */
	ip_lock_nested(rport);
	ipc_port_make_sonce_locked(rport);
	ip_unlock_nested(rport);
	ip_lock_nested(dport);
	if (!ip_active(dport)) {
		ip_unlock_nested(dport);
		ip_lock_nested(rport);
		rport->ip_sorights--;
		ip_unlock_nested(rport);
		ipc_object_release_not_last(&rport->ip_object);
		return false;
	}
	dport->ip_srights++;
	ip_reference(dport);

	h->msgh_bits = MACH_MSGH_BITS_OTHER(h->msgh_bits) |
		       MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
				      MACH_MSG_TYPE_PORT_SEND_ONCE);
	ikm_set_remote_port(h, dport);
	ikm_set_local_port(h, rport);
	return true;
}

/* MOVE_SEND_ONCE of the destination: the entry goes, its reference
 * with the right into the message.  Done: the port is left locked,
 * alive. */
static bool
copyin_reply(mach_msg_header_t *h, ipc_space_t space)
{
	mach_port_name_t dest_name = ikm_remote_name(h);
	if (ikm_local_name(h) != IPC_NAME_NULL)
		return false;
	ipc_entry_t dest =
		entry_with(space, dest_name, 0, MACH_PORT_TYPE_SEND_ONCE);
	if (dest == NULL)
		return false;
	ipc_port_t port = ENTRY_PORT(dest);
	ip_lock_nested(port);
	if (!ip_active(port)) {
		ip_unlock_nested(port);
		return false;
	}

	dest->ie_bits = IE_BITS_GEN(dest->ie_bits);
	dest->ie_object = NULL;
	ipc_entry_dealloc(space, dest_name, dest);

	h->msgh_bits = MACH_MSGH_BITS_OTHER(h->msgh_bits) |
		       MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	ikm_set_remote_port(h, port);
	ikm_set_local_port(h, IP_NULL);
	return true;
}

/* MAKE_SEND of the destination, a receive right of the space's (so
 * its port is alive).  Done: the port is left locked. */
static bool
copyin_make_send(mach_msg_header_t *h, ipc_space_t space)
{
	if (ikm_local_name(h) != IPC_NAME_NULL)
		return false;
	ipc_entry_t dest = entry_with(space, ikm_remote_name(h),
				      MACH_PORT_TYPE_RECEIVE, 0);
	if (dest == NULL)
		return false;
	ipc_port_t port = ENTRY_PORT(dest);
	ip_lock_nested(port);
	ipc_port_make_send_locked(port);

	h->msgh_bits = MACH_MSGH_BITS_OTHER(h->msgh_bits) |
		       MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0);
	ikm_set_remote_port(h, port);
	ikm_set_local_port(h, IP_NULL);
	return true;
}

/* The copyin of that shape.  Space locked and active; done, the
 * destination's port locked (and alive). */
static inline __attribute__((always_inline)) bool
copyin_locked(mach_msg_header_t *h, ipc_space_t space, int shape)
{
	if (shape == IPC_FASTPATH_REQUEST)
		return copyin_request(h, space);
	if (shape == IPC_FASTPATH_REPLY)
		return copyin_reply(h, space);
	return copyin_make_send(h, space);
}

/*
 * ipc_right_receive_object of `rcv_name' after the copyin of a message
 * whose reply name was `reply_name'.  A request's reply name names a
 * receive right (the copyin made a send-once right from it and left
 * the entry as it was), and a client most often receives on it: that
 * port, which is now the header's local port, unless it is in a set.
 * Space locked and active.
 */
static inline mach_msg_return_t
receive_object_after_copyin(ipc_space_t space, const mach_msg_header_t *h,
			    int shape, mach_port_name_t reply_name,
			    mach_port_name_t rcv_name, ipc_object_t *objectp)
{
	if (shape == IPC_FASTPATH_REQUEST && rcv_name == reply_name) {
		ipc_port_t reply = ikm_local_port(h);
		if (reply->ip_pset != NULL)
			return MACH_RCV_IN_SET;
		*objectp = &reply->ip_object;
		return MACH_MSG_SUCCESS;
	}
	return ipc_right_receive_object(space, rcv_name, objectp);
}

bool
ipc_fastpath_copyin_shape(ipc_kmsg_t kmsg, int shape, ipc_space_t space)
{
	is_write_lock(space);
	bool done = space->is_active &&
		    copyin_locked(&kmsg->ikm_header, space, shape);
	if (done)
		ip_unlock_nested(ikm_remote_port(&kmsg->ikm_header));
	is_write_unlock(space);
	return done;
}

int
ipc_fastpath_send(ipc_kmsg_t kmsg, int shape, ipc_space_t space,
		  mach_port_name_t rcv_name, mach_msg_option_t option,
		  mach_msg_size_t rcv_size, mach_msg_timeout_t timeout,
		  ipc_object_t *objectp, struct thread **receiverp,
		  bool *waiting)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_port_name_t reply_name = ikm_local_name(h);
	ipc_object_t object = NULL;
	int done = IPC_FASTPATH_GENERAL;

	*receiverp = NULL;
	*waiting = false;
	is_write_lock(space);
	if (space->is_active && copyin_locked(h, space, shape)) {
		/* The general send's first step, under the lock it takes
		 * (the copyin's, still held): a live port of no kernel
		 * object's, a receiver waiting with room.  And the
		 * receive's name good: the copyin left the entry it names
		 * as it was (a send-once right's entry is never a receive
		 * right's). */
		ipc_port_t dest = ikm_remote_port(h);
		done = IPC_FASTPATH_SEND;
		if (dest->ip_kotype != IKOT_NONE)
			done = IPC_FASTPATH_KOBJECT;
		else if (receive_object_after_copyin(
				 space, h, shape, reply_name, rcv_name,
				 &object) == MACH_MSG_SUCCESS)
			*receiverp = ipc_mqueue_rpc_locked(
				dest, kmsg, object, space, option, rcv_size,
				timeout, waiting);
		ip_unlock_nested(dest);
		if (*receiverp != NULL) {
			ipc_object_reference(object);
			*objectp = object;
			done = IPC_FASTPATH_HANDED;
		}
	}
	is_write_unlock(space);
	return done;
}

bool
ipc_fastpath_receive_own(ipc_kmsg_t kmsg, ipc_space_t space,
			 mach_port_name_t rcv_name, mach_msg_size_t rcv_size)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	ipc_port_t port = ikm_remote_port(h);
	ipc_object_t object;

	if ((h->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    h->msgh_size > rcv_size || !IP_VALID(port))
		return false;
	is_write_lock(space);
	bool done = space->is_active &&
		    ipc_right_receive_object(space, rcv_name, &object) ==
			    MACH_MSG_SUCCESS &&
		    object == &port->ip_object;
	if (done) {
		ip_lock_nested(port);
		done = ip_active(port) && port->ip_kotype == IKOT_NONE &&
		       ipc_mqueue_take_reply_locked(port, kmsg);
		ip_unlock_nested(port);
	}
	is_write_unlock(space);
	return done;
}

/*
 * The receiver's name for the destination of a message it receives, if
 * the common case holds: the port alive, its receive right `space''s,
 * no protected payload, and (a send right) not the port's last send
 * right or no no-senders request on it, so that releasing it makes no
 * notification.  Then
 * the message's right is consumed (the entry holding the receive
 * right keeps a reference, so the message's is never the last).
 * Otherwise nothing changes and IPC_NAME_NULL is returned.  Space
 * locked.
 */
static mach_port_name_t
dest_consume_fast(ipc_space_t space, ipc_port_t dest, mach_msg_type_name_t type)
{
	mach_port_name_t name = IPC_NAME_NULL;
	ip_lock_nested(dest);
	if (ip_active(dest) && dest->ip_receiver == space &&
	    !dest->ip_has_payload) {
		if (type == MACH_MSG_TYPE_PORT_SEND_ONCE) {
			dest->ip_sorights--;
			name = dest->ip_receiver_name;
		} else if (dest->ip_srights > 1 ||
			   dest->ip_nsrequest == IP_NULL) {
			dest->ip_srights--;
			name = dest->ip_receiver_name;
		}
	}
	ip_unlock_nested(dest);
	if (name != IPC_NAME_NULL)
		ipc_object_release_not_last(&dest->ip_object);
	return name;
}

/* The reply right, a send-once right, as a new entry; its name. */
static mach_port_name_t
copyout_sonce_entry(ipc_space_t space, ipc_port_t reply)
{
	mach_port_name_t name;
	ipc_entry_t entry;
	if (ipc_entry_alloc(space, &name, &entry) != KERN_SUCCESS)
		panic("ipc_fastpath_copyout: no entry in a table with room");
	/* The message's reference on the port goes to the entry. */
	entry->ie_bits |= MACH_PORT_TYPE_SEND_ONCE | 1;
	entry->ie_object = &reply->ip_object;
	return name;
}

/* No reply right, or a send-once right to a live port.  One that died
 * is named MACH_PORT_DEAD: the general path's. */
static bool
reply_fast(mach_msg_type_name_t type, ipc_port_t reply)
{
	if (type == 0)
		return reply == IP_NULL;
	return type == MACH_MSG_TYPE_PORT_SEND_ONCE && IP_VALID(reply) &&
	       __atomic_load_n(&reply->ip_object.io_active, __ATOMIC_ACQUIRE);
}

bool
ipc_fastpath_copyout(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(bits);
	ipc_port_t dest = ikm_remote_port(h);
	ipc_port_t reply = ikm_local_port(h);

	if ((bits & MACH_MSGH_BITS_COMPLEX) || !IP_VALID(dest) ||
	    (dest_type != MACH_MSG_TYPE_PORT_SEND &&
	     dest_type != MACH_MSG_TYPE_PORT_SEND_ONCE))
		return false;
	if (!reply_fast(reply_type, reply))
		return false;

	mach_port_name_t dest_name = IPC_NAME_NULL, reply_name = IPC_NAME_NULL;
	is_write_lock(space);
	/* A table that must grow for the reply may fail: the general
	 * path's too. */
	if (space->is_active && (reply == IP_NULL || space->is_table_free > 0))
		dest_name = dest_consume_fast(space, dest, dest_type);
	if (dest_name != IPC_NAME_NULL && reply != IP_NULL)
		reply_name = copyout_sonce_entry(space, reply);
	is_write_unlock(space);
	if (dest_name == IPC_NAME_NULL)
		return false;

	h->msgh_bits = MACH_MSGH_BITS_OTHER(bits) |
		       MACH_MSGH_BITS(reply_type, dest_type);
	/* Whole pointer-wide fields, as the general path writes them. */
	h->msgh_remote_port_do_not_use = reply_name;
	h->msgh_protected_payload = dest_name;
	return true;
}
