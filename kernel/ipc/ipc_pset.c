/*
 * ipc/ipc_pset.c: port sets and their members.
 *
 * Lock order (ipc/ipc_space.h): space, then port, then port set.
 * Destroying a set therefore unlinks each member with the set unlocked
 * between members; the space lock the caller holds keeps the membership
 * still meanwhile.
 */

#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "kern/panic.h"
#include "kern/zalloc.h"

static zone_t ipc_pset_zone;

bool
ipc_pset_bootstrap(void)
{
	ipc_pset_zone = zone_create("ipc.pset", sizeof(struct ipc_pset), 0, 0);
	return ipc_pset_zone != NULL;
}

ipc_pset_t
ipc_pset_create(void)
{
	ipc_pset_t pset = zalloc(ipc_pset_zone);
	if (pset == NULL)
		return NULL;
	ipc_object_init(&pset->ips_object, IOT_PSET);
	queue_init(&pset->ips_members);
	pset->ips_count = 0;
	ipc_mqueue_init(&pset->ips_messages);
	return pset;
}

void
ipc_pset_free(ipc_pset_t pset)
{
	if (pset->ips_count != 0)
		panic("ipc_pset_free: set %p still has members", (void *)pset);
	zfree(ipc_pset_zone, pset);
}

void
ipc_pset_add_locked(ipc_pset_t pset, ipc_port_t port)
{
	if (port->ip_pset != NULL)
		panic("ipc_pset_add_locked: port %p is in a set", (void *)port);
	ips_lock(pset);
	if (!ips_active(pset))
		panic("ipc_pset_add_locked: set %p is dead", (void *)pset);
	/* ip_pset first: receivers on the port check it (ipc_mqueue.c). */
	port->ip_pset = pset;
	ipc_mqueue_move(port, pset, true);
	queue_enter_tail(&pset->ips_members, &port->ip_pset_chain);
	pset->ips_count++;
	ips_unlock(pset);
}

void
ipc_pset_remove_locked(ipc_pset_t pset, ipc_port_t port)
{
	if (port->ip_pset != pset)
		panic("ipc_pset_remove_locked: port %p is not in set %p",
		      (void *)port, (void *)pset);
	ips_lock(pset);
	ipc_mqueue_move(port, pset, false);
	queue_remove(&port->ip_pset_chain);
	pset->ips_count--;
	port->ip_pset = NULL;
	ips_unlock(pset);
}

void
ipc_pset_destroy(ipc_pset_t pset)
{
	for (;;) {
		ips_lock(pset);
		if (queue_empty(&pset->ips_members)) {
			pset->ips_object.io_active = false;
			ips_unlock(pset);
			break;
		}
		ipc_port_t port = queue_entry(pset->ips_members.next,
					      struct ipc_port, ip_pset_chain);
		ips_unlock(pset);
		ip_lock(port);
		ipc_pset_remove_locked(pset, port);
		ip_unlock(port);
	}
	ips_lock(pset);
	ipc_mqueue_changed(&pset->ips_messages, MACH_RCV_PORT_DIED);
	ips_unlock(pset);
	ipc_object_release(&pset->ips_object);
}
