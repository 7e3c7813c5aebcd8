/*
 * ipc/ipc_marequest.h: msg-accepted requests (mach_msg's
 * MACH_SEND_NOTIFY), as in Mach 3 and GNU Mach.
 *
 * A send with MACH_SEND_NOTIFY to a full queue does not wait: the
 * message is queued anyway, and when it leaves the queue (received or
 * destroyed) the sender gets a msg-accepted notification
 * (MACH_NOTIFY_MSG_ACCEPTED, with its name for the destination, or
 * MACH_PORT_NULL if it has none any more) through a send-once right
 * made from the receive right its seventh mach_msg argument names.
 * One such forced message per entry at a time: the entry's
 * ie_marequest names the outstanding request, and another gets
 * MACH_SEND_NOTIFY_IN_PROGRESS.
 *
 * The request names no entry itself: when it is finished the space's
 * entry for the port is looked up again (the reverse hash), and the
 * request is that entry's only if its ie_marequest still points to it:
 * a renamed entry (mach_port_rename carries the pointer) is found under
 * its new name, while a freed one, or one that died into a dead name,
 * is not, and neither is an entry made since for the same port.
 *
 * A message leaves its queue with any lock held (a port destroyed by
 * mach_port_destroy drops its queue with the space locked), so the end
 * of a request is in two steps: ipc_marequest_accepted only queues the
 * notification record made with the request (nothing to allocate, so
 * it cannot fail), and ipc_marequest_finish, called where notifications
 * are delivered, with no lock held, clears the entry's pointer and
 * finds the name.  Until then the sender's next MACH_SEND_NOTIFY to
 * that name still gets MACH_SEND_NOTIFY_IN_PROGRESS: the delivery runs
 * before any trap returns to user mode.
 */
#ifndef IPC_IPC_MAREQUEST_H
#define IPC_IPC_MAREQUEST_H

#include <mach/message.h>

#include "ipc/ipc_types.h"

struct ipc_marequest;

/*
 * Make the request for a message of `space' to `dest' (kernel form,
 * the sender's rights already copied in), notifying through a send-once
 * right made from the receive right `notify' names in `space'.
 * Returns MACH_MSG_SUCCESS with *requestp, MACH_SEND_INVALID_NOTIFY
 * (not a receive right, or the space is dead),
 * MACH_SEND_NOTIFY_IN_PROGRESS, MACH_SEND_NO_NOTIFY (no memory);
 * nothing is changed on an error.
 * Conditions: no IPC lock held.
 */
mach_msg_return_t ipc_marequest_create(ipc_space_t space, ipc_port_t dest,
				       mach_port_name_t notify,
				       struct ipc_marequest **requestp);

/*
 * The message that carried `request' was received or destroyed: queue
 * its msg-accepted notification (ipc/ipc_notify.h), which finishes it.
 * Conditions: any IPC lock may be held.
 */
void ipc_marequest_accepted(struct ipc_marequest *request);

/*
 * Finish a request whose notification is being delivered (or dropped):
 * take it off the sender's entry and return the entry's name, or
 * IPC_NAME_NULL if that entry went; frees the request.
 * Conditions: no IPC lock held.
 */
mach_port_name_t ipc_marequest_finish(struct ipc_marequest *request);

#endif
