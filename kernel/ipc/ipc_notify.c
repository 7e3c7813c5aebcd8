/*
 * ipc/ipc_notify.c: notifications recorded, until mach_msg sends them.
 *
 * Lock order: notify_lock is a leaf (ipc/ipc_space.h): nothing else is
 * locked while it is held, and the hooks may be called with any other
 * IPC lock held.
 */

#include "ipc/ipc_notify.h"
#include "ipc/ipc_marequest.h"
#include "ipc/ipc_port.h"
#include "kern/kalloc.h"
#include "kern/lock.h"

static simple_lock_t notify_lock = SIMPLE_LOCK_INITIALIZER;
static queue_head_t notify_queue = { &notify_queue, &notify_queue };
size_t ipc_notify_count;

struct ipc_notify_record *
ipc_notify_record_alloc(void)
{
	return kalloc(sizeof(struct ipc_notify_record));
}

void
ipc_notify_record_free(struct ipc_notify_record *r)
{
	if (r != NULL)
		kfree(r, sizeof *r);
}

void
ipc_notify_record_init(struct ipc_notify_record *r, int id, ipc_port_t notify)
{
	r->id = id;
	r->notify = notify;
	r->port = IP_NULL;
	r->mscount = 0;
	r->name = IPC_NAME_NULL;
	r->marequest = NULL;
}

void
ipc_notify_record_post(struct ipc_notify_record *r)
{
	simple_lock_noirq(&notify_lock);
	queue_enter_tail(&notify_queue, &r->chain);
	/* Atomic for ipc_notify_pending, which reads it unlocked. */
	__atomic_store_n(&ipc_notify_count, ipc_notify_count + 1,
			 __ATOMIC_RELAXED);
	simple_unlock_noirq(&notify_lock);
}

/* Queue a record, or release its rights if there is no memory for it. */
static void
notify_record(int id, ipc_port_t notify, ipc_port_t port,
	      mach_port_mscount_t mscount, mach_port_name_t name)
{
	struct ipc_notify_record *r = ipc_notify_record_alloc();
	if (r == NULL) {
		ipc_port_release_sonce(notify);
		if (port != IP_NULL)
			ipc_port_destroy(port);
		return;
	}
	ipc_notify_record_init(r, id, notify);
	r->port = port;
	r->mscount = mscount;
	r->name = name;
	ipc_notify_record_post(r);
}

void
ipc_notify_no_senders(ipc_port_t notify, mach_port_mscount_t mscount)
{
	notify_record(MACH_NOTIFY_NO_SENDERS, notify, IP_NULL, mscount,
		      IPC_NAME_NULL);
}

void
ipc_notify_port_destroyed(ipc_port_t notify, ipc_port_t port)
{
	notify_record(MACH_NOTIFY_PORT_DESTROYED, notify, port, 0,
		      IPC_NAME_NULL);
}

void
ipc_notify_send_once(ipc_port_t port)
{
	notify_record(MACH_NOTIFY_SEND_ONCE, port, IP_NULL, 0, IPC_NAME_NULL);
}

void
ipc_notify_dead_name(ipc_port_t notify, mach_port_name_t name)
{
	notify_record(MACH_NOTIFY_DEAD_NAME, notify, IP_NULL, 0, name);
}

void
ipc_notify_port_deleted(ipc_port_t notify, mach_port_name_t name)
{
	notify_record(MACH_NOTIFY_PORT_DELETED, notify, IP_NULL, 0, name);
}

bool
ipc_notify_take(struct ipc_notify_record *record)
{
	simple_lock_noirq(&notify_lock);
	queue_chain_t *e = queue_remove_first(&notify_queue);
	if (e != NULL)
		__atomic_store_n(&ipc_notify_count, ipc_notify_count - 1,
				 __ATOMIC_RELAXED);
	simple_unlock_noirq(&notify_lock);
	if (e == NULL)
		return false;
	struct ipc_notify_record *r =
		queue_entry(e, struct ipc_notify_record, chain);
	*record = *r;
	ipc_notify_record_free(r);
	return true;
}

void
ipc_notify_flush(void)
{
	struct ipc_notify_record r;
	while (ipc_notify_take(&r)) {
		if (r.marequest != NULL)
			(void)ipc_marequest_finish(r.marequest);
		if (r.port != IP_NULL)
			ipc_port_destroy(r.port);
		ipc_port_release_sonce(r.notify);
	}
}
