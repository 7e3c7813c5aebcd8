/*
 * ipc/ipc_port.c: ports, their rights counts and their death.
 *
 * Lock order (ipc/ipc_space.h): space, then port, then port set, then
 * the notification queue.  This file never holds two ports' locks at
 * once: a request's send-once right is only stored or taken here, and
 * notified after the port is unlocked.
 */

#include "ipc/ipc_dnrequest.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "kern/panic.h"
#include "kern/zalloc.h"

static zone_t ipc_port_zone;

bool
ipc_port_bootstrap(void)
{
	ipc_port_zone = zone_create("ipc.port", sizeof(struct ipc_port), 0, 0);
	return ipc_port_zone != NULL;
}

ipc_port_t
ipc_port_create(void)
{
	ipc_port_t port = zalloc(ipc_port_zone);
	if (port == NULL)
		return IP_NULL;
	ipc_object_init(&port->ip_object, IOT_PORT);
	port->ip_receiver = NULL;
	port->ip_receiver_name = IPC_NAME_NULL;
	port->ip_srights = 0;
	port->ip_sorights = 0;
	port->ip_mscount = 0;
	port->ip_seqno = 0;
	port->ip_qlimit = IPC_PORT_QLIMIT_DEFAULT;
	port->ip_msgcount = 0;
	port->ip_nsrequest = IP_NULL;
	port->ip_nssync = 0;
	port->ip_pdrequest = IP_NULL;
	port->ip_protected_payload = 0;
	port->ip_has_payload = false;
	queue_init(&port->ip_dnrequests);
	port->ip_destination = IP_NULL;
	ipc_mqueue_init(&port->ip_messages);
	port->ip_pset = NULL;
	queue_init(&port->ip_pset_chain);
	port->ip_kotype = IKOT_NONE;
	port->ip_kobject = NULL;
	return port;
}

void
ipc_port_free(ipc_port_t port)
{
	if (port->ip_srights != 0 || port->ip_sorights != 0 ||
	    port->ip_pset != NULL || port->ip_nsrequest != IP_NULL ||
	    port->ip_pdrequest != IP_NULL || !queue_empty(&port->ip_dnrequests))
		panic("ipc_port_free: port %p still has rights or requests",
		      (void *)port);
	zfree(ipc_port_zone, port);
}

void
ipc_port_set_kobject(ipc_port_t port, ipc_kobject_type_t type, void *kobject)
{
	ip_lock(port);
	port->ip_kotype = type;
	port->ip_kobject = kobject;
	ip_unlock(port);
}

ipc_port_t
ipc_port_make_send(ipc_port_t port)
{
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return IP_DEAD;
	}
	ipc_port_make_send_locked(port);
	ip_unlock(port);
	return port;
}

ipc_port_t
ipc_port_make_sonce(ipc_port_t port)
{
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return IP_DEAD;
	}
	ipc_port_make_sonce_locked(port);
	ip_unlock(port);
	return port;
}

ipc_port_t
ipc_port_copy_send(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return IP_DEAD;
	}
	port->ip_srights++;
	ip_reference(port);
	ip_unlock(port);
	return port;
}

void
ipc_port_release_send(ipc_port_t port)
{
	if (!IP_VALID(port))
		return;
	ipc_port_t nsrequest = IP_NULL;
	mach_port_mscount_t mscount = 0;
	ip_lock(port);
	if (port->ip_srights == 0)
		panic("ipc_port_release_send: port %p has no send right",
		      (void *)port);
	if (--port->ip_srights == 0 && ip_active(port) &&
	    port->ip_nsrequest != IP_NULL &&
	    port->ip_mscount >= port->ip_nssync) {
		nsrequest = port->ip_nsrequest;
		mscount = port->ip_mscount;
		port->ip_nsrequest = IP_NULL;
	}
	ip_unlock(port);
	if (nsrequest != IP_NULL)
		ipc_notify_no_senders(nsrequest, mscount);
	ip_release(port);
}

void
ipc_port_release_sonce(ipc_port_t port)
{
	if (!IP_VALID(port))
		return;
	ip_lock(port);
	if (port->ip_sorights == 0)
		panic("ipc_port_release_sonce: port %p has no send-once right",
		      (void *)port);
	port->ip_sorights--;
	ip_unlock(port);
	ip_release(port);
}

void
ipc_port_destroy_sonce(ipc_port_t port)
{
	if (!IP_VALID(port))
		return;
	ip_lock(port);
	bool active = ip_active(port);
	ip_unlock(port);
	/* A dead port has no receiver to tell. */
	if (active)
		ipc_notify_send_once(port);
	else
		ipc_port_release_sonce(port);
}

simple_lock_t ipc_port_transit_lock = SIMPLE_LOCK_INITIALIZER;

/* Forget where the port's receive right was last in transit to. */
static void
leave_transit(ipc_port_t port)
{
	simple_lock_noirq(&ipc_port_transit_lock);
	ip_lock(port);
	ipc_port_t dest = port->ip_destination;
	port->ip_destination = IP_NULL;
	ip_unlock(port);
	simple_unlock_noirq(&ipc_port_transit_lock);
	if (dest != IP_NULL)
		ip_release(dest);
}

bool
ipc_port_enter_transit(ipc_port_t port, ipc_port_t dest)
{
	bool cycle = false;

	simple_lock_noirq(&ipc_port_transit_lock);
	/* Each hop is referenced by the previous one's ip_destination,
	 * which the transit lock keeps in place. */
	for (ipc_port_t p = dest; IP_VALID(p);) {
		if (p == port) {
			cycle = true;
			break;
		}
		ip_lock(p);
		bool in_transit = ip_active(p) && p->ip_receiver == NULL &&
				  p->ip_kotype == IKOT_NONE;
		ipc_port_t next = in_transit ? p->ip_destination : IP_NULL;
		ip_unlock(p);
		p = next;
	}
	ipc_port_t old = IP_NULL;
	if (!cycle && IP_VALID(dest)) {
		ip_reference(dest);
		ip_lock(port);
		old = port->ip_destination;
		port->ip_destination = dest;
		ip_unlock(port);
	}
	simple_unlock_noirq(&ipc_port_transit_lock);
	if (old != IP_NULL)
		ip_release(old);
	return cycle;
}

void
ipc_port_clear_receiver(ipc_port_t port)
{
	leave_transit(port); /* a stale record must not be followed */
	ip_lock(port);
	ipc_pset_t pset = port->ip_pset;
	if (pset != NULL)
		ipc_pset_remove_locked(pset, port);
	port->ip_receiver = NULL;
	port->ip_receiver_name = IPC_NAME_NULL;
	port->ip_mscount = 0;
	port->ip_seqno = 0;
	port->ip_protected_payload = 0;
	port->ip_has_payload = false;
	/* Receivers lose the port ("sent away", Mach 3's code); messages
	 * still queued are numbered for the next receiver. */
	ipc_mqueue_changed(&port->ip_messages, MACH_RCV_PORT_DIED);
	ipc_mqueue_renumber(port);
	ip_unlock(port);
}

void
ipc_port_destroy(ipc_port_t port)
{
	/* Out of transit for good (with a port-destroyed request the right
	 * goes on in the notification, not in its message). */
	leave_transit(port);
	ip_lock(port);
	if (!ip_active(port) || port->ip_receiver != NULL ||
	    port->ip_pset != NULL)
		panic("ipc_port_destroy: port %p is not a free receive right",
		      (void *)port);
	ipc_port_t pdrequest = port->ip_pdrequest;
	if (pdrequest != IP_NULL) {
		/* The receive right lives on, in the notification. */
		port->ip_pdrequest = IP_NULL;
		ip_unlock(port);
		ipc_notify_port_destroyed(pdrequest, port);
		return;
	}
	port->ip_object.io_active = false;
	port->ip_kotype = IKOT_NONE;
	port->ip_kobject = NULL;
	ipc_port_t nsrequest = port->ip_nsrequest;
	port->ip_nsrequest = IP_NULL;
	ipc_dnrequest_fire_all(port);
	queue_head_t dead;
	ipc_mqueue_port_died(port, &dead);
	ip_unlock(port);
	ipc_mqueue_destroy_queue(&dead);
	ipc_port_destroy_sonce(nsrequest);
	ip_release(port);
}

kern_return_t
ipc_port_nsrequest(ipc_port_t port, mach_port_mscount_t sync, ipc_port_t notify,
		   ipc_port_t *previous)
{
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return KERN_INVALID_RIGHT;
	}
	*previous = port->ip_nsrequest;
	mach_port_mscount_t mscount = port->ip_mscount;
	if (IP_VALID(notify) && port->ip_srights == 0 && mscount >= sync) {
		port->ip_nsrequest = IP_NULL;
		ip_unlock(port);
		ipc_notify_no_senders(notify, mscount);
		return KERN_SUCCESS;
	}
	port->ip_nsrequest = IP_VALID(notify) ? notify : IP_NULL;
	port->ip_nssync = sync;
	ip_unlock(port);
	return KERN_SUCCESS;
}

kern_return_t
ipc_port_pdrequest(ipc_port_t port, ipc_port_t notify, ipc_port_t *previous)
{
	ip_lock(port);
	if (!ip_active(port)) {
		ip_unlock(port);
		return KERN_INVALID_RIGHT;
	}
	*previous = port->ip_pdrequest;
	port->ip_pdrequest = IP_VALID(notify) ? notify : IP_NULL;
	ip_unlock(port);
	return KERN_SUCCESS;
}
