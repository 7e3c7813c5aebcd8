/*
 * ipc/ipc_notify.h: the kernel's notifications, as hooks.
 *
 * Mach tells a task about rights through notification messages
 * (mach/notify.h, interfaces/mach/notify.defs), each sent through a
 * send-once right the task gave with a request.  Until mach_msg exists
 * these hooks record what would be sent, in order, so that tests can
 * see it: each record owns the rights it carries, as the message would.
 * Whoever takes a record (ipc_notify_take) takes those rights with it;
 * once mach_msg lands, the hooks build and send the messages instead
 * and ipc_notify_take goes away.  The callers do not change.
 *
 * Every hook consumes the rights it is given, whatever happens: when no
 * memory is left for the record the notification is lost, as Mach loses
 * one it has no memory for, and the rights are released (the send-once
 * right as used, so no notification of it follows).
 *
 * Hooks may be called with a space and ports locked: they take only the
 * record queue's lock, the last in the order of ipc/ipc_space.h, and
 * allocate from kalloc.  ipc_notify_take and ipc_notify_flush must be
 * called with no IPC lock held.
 */
#ifndef IPC_IPC_NOTIFY_H
#define IPC_IPC_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>

#include <mach/notify.h>

#include "ipc/ipc_types.h"
#include "kern/queue.h"

struct ipc_notify_record {
	queue_chain_t chain;
	int id;                      /* MACH_NOTIFY_* */
	ipc_port_t notify;           /* the send-once right it goes to */
	ipc_port_t port;             /* PORT_DESTROYED: the receive right */
	mach_port_mscount_t mscount; /* NO_SENDERS */
	mach_port_name_t name;       /* DEAD_NAME, PORT_DELETED */
	/* MSG_ACCEPTED: the request, to finish (ipc_marequest_finish)
	 * for the name, with no lock held. */
	struct ipc_marequest *marequest;
};

/* No-senders: `notify''s port has no more senders at `mscount'. */
void ipc_notify_no_senders(ipc_port_t notify, mach_port_mscount_t mscount);

/* Port-destroyed: the receive right `port' goes to `notify'. */
void ipc_notify_port_destroyed(ipc_port_t notify, ipc_port_t port);

/* Send-once: the send-once right `port' was destroyed unused. */
void ipc_notify_send_once(ipc_port_t port);

/* Dead-name: `name' in the requester's space became a dead name. */
void ipc_notify_dead_name(ipc_port_t notify, mach_port_name_t name);

/* Port-deleted: `name' in the requester's space was deleted. */
void ipc_notify_port_deleted(ipc_port_t notify, mach_port_name_t name);

/*
 * A record made ahead (msg-accepted requests make theirs with the
 * request, so posting it cannot fail): alloc returns NULL without
 * memory; free takes NULL; init sets the kind and the send-once right
 * and clears the rest; post queues it, and its rights go with it.
 */
struct ipc_notify_record *ipc_notify_record_alloc(void);
void ipc_notify_record_free(struct ipc_notify_record *record);
void ipc_notify_record_init(struct ipc_notify_record *record, int id,
			    ipc_port_t notify);
void ipc_notify_record_post(struct ipc_notify_record *record);

/*
 * Take the oldest pending notification into *record, with its rights:
 * the caller releases record->notify (ipc_port_release_sonce, as a
 * delivered message would) and, for a port-destroyed record, owns the
 * receive right record->port, and for a msg-accepted one finishes
 * record->marequest (ipc_marequest_finish) for the name.  Returns false
 * if none is pending.
 */
bool ipc_notify_take(struct ipc_notify_record *record);

/*
 * Send every pending notification as its message (notify.defs' KernelUser
 * stubs, ipc_notify_send.c).  Called with no IPC lock held, where the
 * kernel is about to leave an IPC operation: before a trap returns to
 * user mode and when a task's space has been destroyed.
 */
void ipc_notify_deliver(void);

/* How many are recorded and not yet taken (ipc_notify.c; written under
 * its lock).  Read through ipc_notify_pending. */
extern size_t ipc_notify_count;

/* How many notifications are pending: read without the lock, exact for
 * those the calling thread recorded.  Inline: every trap's return asks. */
static inline size_t
ipc_notify_pending(void)
{
	return __atomic_load_n(&ipc_notify_count, __ATOMIC_RELAXED);
}

/*
 * Deliver every pending notification nowhere: release its rights (a
 * port-destroyed record's receive right is destroyed, which may record
 * more; those are flushed too).
 */
void ipc_notify_flush(void);

#endif
