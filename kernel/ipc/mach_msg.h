/*
 * ipc/mach_msg.h: the message calls: the mach_msg trap for user tasks,
 * and sending from the kernel (what our mig's KernelUser stubs call).
 *
 * Semantics and codes are GNU Mach's (include/mach/message.h): a send
 * copies the message in (ipc/ipc_kmsg.h) and queues it or hands it to
 * a waiting receiver (ipc/ipc_mqueue.h); a message to a kernel object's
 * port is served at once by its MIG stubs (ipc/ipc_kobject.h) and the
 * reply sent on.  A send that fails after the copyin (timed out,
 * interrupted) gives the message back to the sender's buffer with its
 * rights copied out again, so that it can be sent again as it is.
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <stdint.h>

#include <mach/message.h>

#include "ipc/ipc_types.h"

struct ipc_kmsg;

/*
 * The mach_msg trap: `msg' is the user's buffer.  MACH_SEND_NOTIFY
 * forces a message into a full queue with a msg-accepted request
 * (MACH_SEND_WILL_NOTIFY; the seventh argument, read from the user's
 * stack only then, names the receive right the notification comes
 * to); MACH_RCV_NOTIFY is ignored, as GNU Mach does.
 * A receive that must wait blocks with a continuation (no kernel stack
 * kept) and then ends the trap from there (mach_trap_return) instead
 * of returning: call it only from the trap.  A send+receive whose
 * message a waiting receiver takes runs that receiver at once in the
 * caller's place (thread_handoff).
 */
mach_msg_return_t mach_msg_trap(uintptr_t msg, mach_msg_option_t option,
				mach_msg_size_t send_size,
				mach_msg_size_t rcv_size,
				mach_port_name_t rcv_name,
				mach_msg_timeout_t timeout);

/*
 * Send a kmsg in kernel form: to a kernel object (served here, its reply
 * sent on) or a port's queue.  As ipc_mqueue_send: consumed on success,
 * left to the caller on MACH_SEND_TIMED_OUT or MACH_SEND_INTERRUPTED.
 */
mach_msg_return_t ipc_kmsg_send(struct ipc_kmsg *kmsg, mach_msg_option_t option,
				mach_msg_timeout_t timeout);

/*
 * Send `size' bytes at `msg', a message the kernel built in kernel form
 * (kernel ports, user dispositions, as ipc_kmsg_copyin_from_kernel
 * takes them), without blocking: the queue limit does not apply
 * (MACH_SEND_ALWAYS).  The moved rights are consumed whatever happens;
 * COPY and MAKE rights stay the caller's.  Returns MACH_MSG_SUCCESS, MACH_SEND_INVALID_DEST
 * for a null or dead destination, MACH_SEND_NO_BUFFER when memory is
 * short or the size is out of bounds.
 */
mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg,
					    mach_msg_size_t size);

/*
 * The kernel as a MIG client (KernelUser stubs' routines): send the
 * request of `send_size' bytes at `msg' (kernel ports, user
 * dispositions: see ipc_kmsg_copyin_from_kernel; a null local port
 * with MAKE_SEND_ONCE gets a reply port made here) and wait for the
 * reply, interruptibly, into `msg' (`rcv_size' bytes of room).  The
 * caller's MOVE rights are consumed unless it returns
 * MACH_SEND_NO_BUFFER (nothing is made then); its COPY and MAKE rights
 * stay its own.  Returns MACH_MSG_SUCCESS with
 * the reply (simple, port fields null), MACH_SEND_NO_BUFFER,
 * MACH_SEND_INVALID_DEST, MACH_SEND_INTERRUPTED (waiting for room),
 * MACH_RCV_INTERRUPTED (waiting for the reply: the task is ending),
 * MACH_RCV_TOO_LARGE, or MIG_TYPE_ERROR for a complex reply (the
 * reply destroyed).  A request destroyed unreceived (a dead
 * destination) comes back as a send-once notification, which the
 * stub reads as MIG_SERVER_DIED.
 * Conditions: a kernel or user thread in the kernel, no lock held.
 */
mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg,
					   mach_msg_size_t send_size,
					   mach_msg_size_t rcv_size);

#endif
