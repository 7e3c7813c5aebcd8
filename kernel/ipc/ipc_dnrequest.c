/*
 * ipc/ipc_dnrequest.c: dead-name requests (see ipc/ipc_dnrequest.h).
 */

#include "ipc/ipc_dnrequest.h"
#include "ipc/ipc_entry.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/zalloc.h"

static struct zone *ipc_dnrequest_zone;

bool
ipc_dnrequest_bootstrap(void)
{
	ipc_dnrequest_zone = zone_create("ipc.dnrequest",
					 sizeof(struct ipc_dnrequest), 0, 0);
	return ipc_dnrequest_zone != NULL;
}

/*
 * The request part of ipc_dnrequest_request on an entry with a port
 * right: returns false, changing nothing, if the port turns out dead.
 * `*fresh' is used (and cleared) when a new request is linked.
 */
static bool
request_live(ipc_entry_t entry, ipc_port_t port, mach_port_name_t name,
	     ipc_port_t notify, struct ipc_dnrequest **fresh,
	     ipc_port_t *previous)
{
	struct ipc_dnrequest *req = entry->ie_request;
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return false;
	}
	*previous = req != NULL ? req->dn_notify : IP_NULL;
	if (notify == IP_NULL) {
		if (req != NULL) {
			queue_remove(&req->dn_link);
			entry->ie_request = NULL;
		}
	} else if (req != NULL) {
		req->dn_notify = notify;
	} else {
		req = *fresh;
		*fresh = NULL;
		req->dn_notify = notify;
		req->dn_name = name;
		queue_enter_tail(&port->ip_dnrequests, &req->dn_link);
		entry->ie_request = req;
		req = NULL;
	}
	ip_unlock(port);
	if (notify == IP_NULL && req != NULL)
		zfree(ipc_dnrequest_zone, req);
	return true;
}

kern_return_t
ipc_dnrequest_request(ipc_space_t space, mach_port_name_t name, bool immediate,
		      ipc_port_t notify, ipc_port_t *previous)
{
	struct ipc_dnrequest *fresh = NULL;
	if (IP_VALID(notify)) {
		fresh = zalloc(ipc_dnrequest_zone);
		if (fresh == NULL)
			return KERN_RESOURCE_SHORTAGE;
	} else {
		notify = IP_NULL;
	}

	is_write_lock(space);
	ipc_entry_t entry;
	kern_return_t kr;
	for (;;) {
		kr = ipc_right_lookup(space, name, &entry);
		if (kr != KERN_SUCCESS)
			break;
		ipc_right_check(space, name, entry);
		ipc_entry_bits_t bits = entry->ie_bits;
		mach_port_type_t type = IE_BITS_TYPE(bits);
		if (type & MACH_PORT_TYPE_PORT_RIGHTS) {
			if (request_live(entry, (ipc_port_t)entry->ie_object,
					 name, notify, &fresh, previous))
				break;
			continue; /* it died meanwhile: now a dead name */
		}
		kr = KERN_INVALID_RIGHT;
		if ((type & MACH_PORT_TYPE_DEAD_NAME) == 0)
			break;
		kr = KERN_INVALID_ARGUMENT;
		if (!immediate || notify == IP_NULL)
			break;
		/* Already dead: told at once, with the reference the
		 * notification hands over. */
		kr = KERN_UREFS_OVERFLOW;
		if (IE_BITS_UREFS(bits) >= MACH_PORT_UREFS_MAX)
			break;
		entry->ie_bits = bits + 1;
		ipc_notify_dead_name(notify, name);
		*previous = IP_NULL;
		kr = KERN_SUCCESS;
		break;
	}
	is_write_unlock(space);
	if (fresh != NULL)
		zfree(ipc_dnrequest_zone, fresh);
	return kr;
}

ipc_port_t
ipc_dnrequest_take(ipc_entry_t entry, ipc_port_t port)
{
	struct ipc_dnrequest *req = entry->ie_request;
	if (req == NULL)
		return IP_NULL;
	entry->ie_request = NULL;
	ipc_port_t notify = IP_NULL;
	ip_lock(port);
	if (ip_active(port)) {
		queue_remove(&req->dn_link);
		notify = req->dn_notify;
	}
	ip_unlock(port);
	zfree(ipc_dnrequest_zone, req);
	return notify;
}

bool
ipc_dnrequest_spent(ipc_entry_t entry)
{
	struct ipc_dnrequest *req = entry->ie_request;
	if (req == NULL)
		return false;
	entry->ie_request = NULL;
	zfree(ipc_dnrequest_zone, req);
	return true;
}

void
ipc_dnrequest_rename(ipc_entry_t entry, ipc_port_t port, mach_port_name_t name)
{
	struct ipc_dnrequest *req = entry->ie_request;
	if (req == NULL)
		return;
	ip_lock(port);
	req->dn_name = name;
	ip_unlock(port);
}

void
ipc_dnrequest_fire_all(ipc_port_t port)
{
	queue_chain_t *link;
	while ((link = queue_remove_first(&port->ip_dnrequests)) != NULL) {
		struct ipc_dnrequest *req =
			queue_entry(link, struct ipc_dnrequest, dn_link);
		ipc_notify_dead_name(req->dn_notify, req->dn_name);
		req->dn_notify = IP_NULL;
	}
}
