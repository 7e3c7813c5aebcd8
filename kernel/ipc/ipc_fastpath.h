/*
 * ipc/ipc_fastpath.h: the header copyin and copyout of the RPC's
 * common shapes, as MIG's stubs and mach_msg_server send them (and a
 * message to a port of the sender's own), and the combined
 * send+receive's steps.  The shapes:
 *
 *	request:  destination COPY_SEND, reply MAKE_SEND_ONCE (another
 *		  name, the caller's receive right);
 *	reply:    destination MOVE_SEND_ONCE, no reply port;
 *	own:      destination MAKE_SEND (the caller's receive right), no
 *		  reply port (a message to a port of the caller's own).
 *
 * One look-up per name and one port lock per right, under one hold of
 * the space's lock, where ipc_kmsg_copyin_header looks each name up two
 * or three times to check everything first.  The result is exactly the
 * general copyin's.  Anything out of the common (a dead port or dead
 * name, a dead-name request on the entry, other dispositions, a complex
 * message) is left to the general path, nothing changed.
 */
#ifndef IPC_IPC_FASTPATH_H
#define IPC_IPC_FASTPATH_H

#include <stdbool.h>

#include <mach/message.h>
#include <mach/port.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_object.h"
#include "ipc/ipc_types.h"

struct thread;

/* The shapes, by a user-form header's bits. */
#define IPC_FASTPATH_REQUEST   1
#define IPC_FASTPATH_REPLY     2
#define IPC_FASTPATH_MAKE_SEND 3

/* Which shape a user-form header with `bits' has; 0: neither (or a
 * complex message). */
static inline int
ipc_fastpath_shape(mach_msg_bits_t bits)
{
	if (bits & MACH_MSGH_BITS_COMPLEX)
		return 0;
	if (MACH_MSGH_BITS_PORTS(bits) ==
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
			   MACH_MSG_TYPE_MAKE_SEND_ONCE))
		return IPC_FASTPATH_REQUEST;
	if (MACH_MSGH_BITS_PORTS(bits) ==
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0))
		return IPC_FASTPATH_REPLY;
	if (MACH_MSGH_BITS_PORTS(bits) ==
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0))
		return IPC_FASTPATH_MAKE_SEND;
	return 0;
}

/*
 * Copy in the header of `kmsg' (user form, just copied in) from `space'
 * if it has one of the shapes above; returns whether it did (the
 * header then in kernel form as ipc_kmsg_copyin would leave it).  A
 * false return changed nothing.  _shape: the same for a header whose
 * shape `shape' (not 0) the caller found.
 */
bool ipc_fastpath_copyin_shape(struct ipc_kmsg *kmsg, int shape,
			       ipc_space_t space);
static inline bool
ipc_fastpath_copyin(struct ipc_kmsg *kmsg, ipc_space_t space)
{
	int shape = ipc_fastpath_shape(kmsg->ikm_header.msgh_bits);
	return shape != 0 && ipc_fastpath_copyin_shape(kmsg, shape, space);
}

/* What ipc_fastpath_send did. */
enum {
	IPC_FASTPATH_GENERAL, /* nothing: the general path's from the start */
	IPC_FASTPATH_HANDED,  /* copied in and handed to a receiver */
	IPC_FASTPATH_KOBJECT, /* copied in, to a live kernel object's port */
	IPC_FASTPATH_SEND,    /* copied in, for the general send */
};

/*
 * mach_msg's combined send+receive (the RPC path) up to the caller's
 * wait: with the header of `kmsg' (user form, just copied in) of the
 * shape `shape' (ipc_fastpath_shape, not 0), copy the header in and, if a receiver waits with room
 * on the destination, a live port of no kernel object's, and
 * `rcv_name' names what `space' can receive from
 * (ipc_right_receive_object), hand the receiver the kmsg and queue the
 * caller's own receive (ipc_mqueue_rpc_locked, with `option',
 * `rcv_size', `timeout'), all under one hold of the space's lock.
 * Returns IPC_FASTPATH_GENERAL with nothing changed; or, the header
 * in kernel form as ipc_fastpath_copyin leaves it:
 * IPC_FASTPATH_HANDED with *receiverp the receiver, unwoken, *objectp
 * the object to receive from, referenced, and *waiting as
 * ipc_mqueue_rpc_locked sets it (true: sched_lock held, for the
 * thread_handoff_held that must follow); IPC_FASTPATH_KOBJECT, the kmsg for
 * the kernel object's server (ipc_kobject_server) as the general send
 * would give it; IPC_FASTPATH_SEND, the kmsg for the general send.
 * In those two the receive is the general receive's.
 */
int ipc_fastpath_send(struct ipc_kmsg *kmsg, int shape, ipc_space_t space,
		      mach_port_name_t rcv_name, mach_msg_option_t option,
		      mach_msg_size_t rcv_size, mach_msg_timeout_t timeout,
		      ipc_object_t *objectp, struct thread **receiverp,
		      bool *waiting);

/*
 * After IPC_FASTPATH_KOBJECT, the kernel object's reply `kmsg', or
 * IPC_FASTPATH_SEND, the caller's own message (kernel form), straight
 * to the caller, whose receive on `rcv_name' with
 * `rcv_size' bytes of room comes next, when the general send and
 * receive would give it that message at once: a simple reply that
 * fits, to the live port `rcv_name' names in `space' (in no set),
 * whose queue holds nothing and no other receiver, with a queue limit
 * above 1 (ipc_mqueue_take_reply_locked).  Returns true with the kmsg
 * numbered, received; false with nothing changed (the general send and
 * receive's then).
 */
bool ipc_fastpath_receive_own(struct ipc_kmsg *kmsg, ipc_space_t space,
			      mach_port_name_t rcv_name,
			      mach_msg_size_t rcv_size);

/*
 * Copy out the header of `kmsg' (kernel form, received) into `space'
 * if it has one of the shapes above in kernel form (PORT_SEND and
 * PORT_SEND_ONCE, or PORT_SEND_ONCE alone) and the common case holds:
 * the destination alive, its receive right `space''s, no protected
 * payload, no no-senders notification to make (a send right: not the
 * last, or no request); the reply port alive and a free slot in the table for its
 * send-once right.  Returns whether it did (the header then in user
 * form exactly as ipc_kmsg_copyout would leave it, which returns
 * MACH_MSG_SUCCESS for it); a false return changed nothing.
 */
bool ipc_fastpath_copyout(struct ipc_kmsg *kmsg, ipc_space_t space);

#endif
