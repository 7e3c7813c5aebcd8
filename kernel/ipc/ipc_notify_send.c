/*
 * ipc/ipc_notify_send.c: delivering the recorded notifications
 * (ipc_notify.h) as messages, through the KernelUser stubs our mig
 * generates from interfaces/mach/notify.defs, which send with
 * mach_msg_send_from_kernel.  Compiled with KERNEL defined.
 */

#include "ipc/ipc_marequest.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "kern/ipc_mig.h"
#include "notifyUser.h"

void
ipc_notify_deliver(void)
{
	struct ipc_notify_record r;

	/* A delivery may record more (a message to a dead port destroys
	 * its rights): those go in the same loop. */
	while (ipc_notify_take(&r)) {
		switch (r.id) {
		case MACH_NOTIFY_PORT_DELETED:
			(void)mach_notify_port_deleted(r.notify, r.name);
			break;
		case MACH_NOTIFY_PORT_DESTROYED:
			(void)mach_notify_port_destroyed(
				r.notify, r.port, MACH_MSG_TYPE_PORT_RECEIVE);
			break;
		case MACH_NOTIFY_NO_SENDERS:
			(void)mach_notify_no_senders(r.notify, r.mscount);
			break;
		case MACH_NOTIFY_SEND_ONCE:
			(void)mach_notify_send_once(r.notify);
			break;
		case MACH_NOTIFY_MSG_ACCEPTED:
			(void)mach_notify_msg_accepted(
				r.notify, ipc_marequest_finish(r.marequest));
			break;
		case MACH_NOTIFY_DEAD_NAME:
			(void)mach_notify_dead_name(r.notify, r.name);
			break;
		default:
			panic("ipc_notify_deliver: record of kind %d", r.id);
		}
	}
}
