/*
 * ipc/ipc_fastpath.c: the RPC's header copyin (ipc_fastpath.h).
 *
 * Lock order (ipc/ipc_space.h): the space, then one port at a time.
 * Each shape checks every entry before it changes any, so a bail-out
 * leaves the space as it found it.
 */

#include "ipc/ipc_fastpath.h"

#include "ipc/ipc_entry.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"

#define ENTRY_PORT(entry) ((ipc_port_t)(entry)->ie_object)

#define REQUEST_BITS                                                           \
	MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE)
#define REPLY_BITS MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0)

/* The entry of `name' if it holds exactly the rights `want' asks for
 * (all of them), with no dead-name request on it.  Space locked. */
static ipc_entry_t
entry_with(ipc_space_t space, mach_port_name_t name, mach_port_type_t want,
	   mach_port_type_t exactly)
{
	if (!IPC_NAME_VALID(name))
		return NULL;
	ipc_entry_t entry = ipc_entry_lookup(space, name);
	if (entry == NULL || entry->ie_request != NULL)
		return NULL;
	mach_port_type_t type = IE_BITS_TYPE(entry->ie_bits);
	if ((type & want) != want || (exactly != 0 && type != exactly))
		return NULL;
	return entry;
}

/* COPY_SEND of the destination, MAKE_SEND_ONCE of the reply port. */
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

	/* A dead destination's send right turns into a dead name: the
	 * general path's business.  The reply port lives: its receive
	 * right is here. */
	ip_lock(dport);
	if (!ip_active(dport)) {
		ip_unlock(dport);
		return false;
	}
	dport->ip_srights++;
	ip_reference(dport);
	ip_unlock(dport);
	ip_lock(rport);
	ipc_port_make_sonce_locked(rport);
	ip_unlock(rport);

	h->msgh_bits = MACH_MSGH_BITS_OTHER(h->msgh_bits) |
		       MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
				      MACH_MSG_TYPE_PORT_SEND_ONCE);
	ikm_set_remote_port(h, dport);
	ikm_set_local_port(h, rport);
	return true;
}

/* MOVE_SEND_ONCE of the destination: the entry goes, its reference
 * with the right into the message. */
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
	ip_lock(port);
	bool active = ip_active(port);
	ip_unlock(port);
	if (!active)
		return false;

	dest->ie_bits = IE_BITS_GEN(dest->ie_bits);
	dest->ie_object = NULL;
	ipc_entry_dealloc(space, dest_name, dest);

	h->msgh_bits = MACH_MSGH_BITS_OTHER(h->msgh_bits) |
		       MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	ikm_set_remote_port(h, port);
	ikm_set_local_port(h, IP_NULL);
	return true;
}

bool
ipc_fastpath_copyin(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t bits = h->msgh_bits;

	if (bits & MACH_MSGH_BITS_COMPLEX)
		return false;
	bool request = MACH_MSGH_BITS_PORTS(bits) == REQUEST_BITS;
	if (!request && MACH_MSGH_BITS_PORTS(bits) != REPLY_BITS)
		return false;

	is_write_lock(space);
	bool done = space->is_active && (request ? copyin_request(h, space)
						 : copyin_reply(h, space));
	is_write_unlock(space);
	return done;
}
