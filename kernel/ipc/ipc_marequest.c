/*
 * ipc/ipc_marequest.c: msg-accepted requests (ipc_marequest.h).
 *
 * Lock order (ipc/ipc_space.h): the sender's space, then a port.
 */

#include "ipc/ipc_marequest.h"

#include "ipc/ipc_entry.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/kalloc.h"

struct ipc_marequest {
	ipc_space_t space; /* the sender's, with a reference */
	ipc_port_t dest;   /* with a reference, for the reverse look-up */
	/* Made with the request, so the end cannot fail: owns the
	 * send-once right the notification goes to. */
	struct ipc_notify_record *record;
};

/* The sender's entry for `port' (send or receive rights), or NULL.
 * Space locked and active. */
static ipc_entry_t
entry_of(ipc_space_t space, ipc_port_t port, mach_port_name_t *namep)
{
	mach_port_name_t name = ipc_reverse_lookup(space, &port->ip_object);
	*namep = name;
	return name != IPC_NAME_NULL ? ipc_entry_lookup(space, name) : NULL;
}

mach_msg_return_t
ipc_marequest_create(ipc_space_t space, ipc_port_t dest,
		     mach_port_name_t notify, struct ipc_marequest **requestp)
{
	struct ipc_marequest *request = kalloc(sizeof *request);
	struct ipc_notify_record *record = ipc_notify_record_alloc();
	if (request == NULL || record == NULL) {
		if (request != NULL)
			kfree(request, sizeof *request);
		ipc_notify_record_free(record);
		return MACH_SEND_NO_NOTIFY;
	}

	mach_msg_return_t mr = MACH_SEND_INVALID_NOTIFY;
	is_write_lock(space);
	ipc_entry_t nentry;
	if (!space->is_active ||
	    ipc_right_lookup(space, notify, &nentry) != KERN_SUCCESS ||
	    (IE_BITS_TYPE(nentry->ie_bits) & MACH_PORT_TYPE_RECEIVE) == 0)
		goto fail;
	mach_port_name_t name;
	ipc_entry_t entry =
		IP_VALID(dest) ? entry_of(space, dest, &name) : NULL;
	if (entry != NULL && entry->ie_marequest != NULL) {
		mr = MACH_SEND_NOTIFY_IN_PROGRESS;
		goto fail;
	}
	/* A receive right the space holds: its port is alive. */
	ipc_notify_record_init(
		record, MACH_NOTIFY_MSG_ACCEPTED,
		ipc_port_make_sonce((ipc_port_t)nentry->ie_object));
	record->marequest = request;
	request->record = record;
	if (entry != NULL)
		entry->ie_marequest = request;
	ipc_space_reference(space);
	request->space = space;
	is_write_unlock(space);
	if (IP_VALID(dest))
		ip_reference(dest);
	request->dest = dest;
	*requestp = request;
	return MACH_MSG_SUCCESS;

fail:
	is_write_unlock(space);
	kfree(request, sizeof *request);
	ipc_notify_record_free(record);
	return mr;
}

void
ipc_marequest_accepted(struct ipc_marequest *request)
{
	ipc_notify_record_post(request->record);
}

mach_port_name_t
ipc_marequest_finish(struct ipc_marequest *request)
{
	ipc_space_t space = request->space;
	ipc_port_t dest = request->dest;
	mach_port_name_t name = IPC_NAME_NULL;

	is_write_lock(space);
	if (space->is_active && IP_VALID(dest)) {
		/* The entry it was made on, wherever it is now; not one
		 * made since for the same port, which may have its own. */
		ipc_entry_t entry = entry_of(space, dest, &name);
		if (entry != NULL && entry->ie_marequest == request)
			entry->ie_marequest = NULL;
		else
			name = IPC_NAME_NULL; /* the entry it was on went */
	}
	is_write_unlock(space);
	ipc_space_release(space);
	if (IP_VALID(dest))
		ip_release(dest);
	kfree(request, sizeof *request);
	return name;
}
