/*
 * ipc/ipc_dnrequest.h: dead-name requests.
 *
 * A task asks, with mach_port_request_notification(MACH_NOTIFY_DEAD_NAME),
 * to be told when the port one of its names denotes dies: the kernel
 * then sends a dead-name notification carrying that name through the
 * send-once right the task gave.  A request belongs to one entry (a
 * name holding a send, send-once or receive right) and to its port at
 * once.  The port links its requests on ip_dnrequests, to fire them when
 * it dies; the entry points to its request (ie_request), to cancel it
 * without a search when the name stops denoting the port.
 *
 * The entry owns the request's memory.  The port only links it while it
 * is alive; when the port dies (ipc_dnrequest_fire_all) it unlinks each
 * request, sends its notification and leaves it spent.  The entry frees
 * a spent request when it next looks at the port (ipc_right_check, which
 * turns it into a dead name with one more user reference, the one the
 * notification hands over, as in Mach) or when it is freed.  A request
 * taken back while the port lives gives its send-once right back: for a
 * port-deleted notification when the name went away, to the caller of a
 * replacement or cancellation otherwise.
 *
 * Locks: a live port's list, and the fields of a request on it, are
 * under the port's lock; ie_request and a spent request are under the
 * space's lock.
 */
#ifndef IPC_IPC_DNREQUEST_H
#define IPC_IPC_DNREQUEST_H

#include <stdbool.h>

#include <mach/port.h>

#include "ipc/ipc_types.h"
#include "kern/queue.h"

struct ipc_dnrequest {
	queue_chain_t dn_link;    /* on the live port's ip_dnrequests */
	ipc_port_t dn_notify;     /* the send-once right; IP_NULL: spent */
	mach_port_name_t dn_name; /* the name in the requester's space */
};

/* Create the request zone ("ipc.dnrequest").  Called by ipc_bootstrap. */
bool ipc_dnrequest_bootstrap(void);

/*
 * mach_port_request_notification(MACH_NOTIFY_DEAD_NAME)'s core: make
 * `notify' (a send-once right, consumed on success) the dead-name
 * request of `name', or cancel the request if it is IP_NULL; the right
 * of the request it replaces goes to *previous (IP_NULL if none).  A
 * name that is already a dead name gets its notification at once when
 * `immediate', with one more user reference.  Returns KERN_SUCCESS,
 * KERN_INVALID_TASK, KERN_INVALID_NAME, KERN_INVALID_RIGHT (the name
 * denotes no port right nor dead name), KERN_INVALID_ARGUMENT (a dead
 * name, without `immediate' or with no right to notify),
 * KERN_UREFS_OVERFLOW or KERN_RESOURCE_SHORTAGE; on error nothing is
 * consumed.  Called with no IPC lock held.
 */
kern_return_t ipc_dnrequest_request(ipc_space_t space, mach_port_name_t name,
				    bool immediate, ipc_port_t notify,
				    ipc_port_t *previous);

/*
 * Take the entry's request off it and its port (`port', the entry's
 * object, unlocked): returns the request's send-once right if the port
 * still lives, IP_NULL if the request was spent or there is none.  The
 * request's memory is freed.  Space write-locked.
 */
ipc_port_t ipc_dnrequest_take(ipc_entry_t entry, ipc_port_t port);

/*
 * The entry's port is dead (known under its lock): free its spent
 * request, if any, and say whether there was one.  Space write-locked.
 */
bool ipc_dnrequest_spent(ipc_entry_t entry);

/* The entry holding a request is renamed to `name'.  Space write-locked,
 * port unlocked. */
void ipc_dnrequest_rename(ipc_entry_t entry, ipc_port_t port,
			  mach_port_name_t name);

/*
 * The port dies: send every request's dead-name notification and leave
 * each spent, off the list.  Port locked (the notification hooks allow
 * it).
 */
void ipc_dnrequest_fire_all(ipc_port_t port);

#endif
