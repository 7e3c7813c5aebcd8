/*
 * ipc/mach_msg.c: the message calls (mach_msg.h).
 */

#include "ipc/mach_msg.h"

#include <mach/mig_errors.h>
#include <machine/thread.h>

#include "ipc/ipc_entry.h"
#include "ipc/ipc_fastpath.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_marequest.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/copyio.h"
#include "kern/panic.h"
#include "kern/syscall_sw.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"

/*
 * ipc_kmsg_send; with `handoff' non-NULL, a receiver that takes the
 * message is returned there unwoken (ipc_mqueue_send_handoff).
 */
static mach_msg_return_t
kmsg_send(ipc_kmsg_t kmsg, mach_msg_option_t option, mach_msg_timeout_t timeout,
	  thread_t *handoff)
{
	if (handoff != NULL)
		*handoff = NULL;
	for (;;) {
		/* A circular message could never be received: destroyed as
		 * if it had been (Mach 3), which ends the cycle.  Only a
		 * complex message carries receive rights. */
		if ((kmsg->ikm_header.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
		    ipc_kmsg_enter_transit(kmsg)) {
			ipc_kmsg_destroy(kmsg);
			return MACH_MSG_SUCCESS;
		}
		/* Queued or handed over, unless the port is a kernel
		 * object's (its receive right the kernel's for good, its
		 * messages served at once). */
		mach_msg_return_t mr =
			ipc_mqueue_send_handoff(kmsg, option, timeout, handoff);
		if (mr != IPC_MQUEUE_KOBJECT)
			return mr;
		kmsg = ipc_kobject_server(kmsg);
		if (kmsg == IKM_NULL)
			return MACH_MSG_SUCCESS;
		/* The reply is the kernel's: it never waits for room. */
		option = MACH_SEND_ALWAYS;
	}
}

mach_msg_return_t
ipc_kmsg_send(ipc_kmsg_t kmsg, mach_msg_option_t option,
	      mach_msg_timeout_t timeout)
{
	return kmsg_send(kmsg, option, timeout, NULL);
}

/* Whether disposition `d' moves the caller's right (its kernel-form
 * type then has the same value). */
static bool
disposition_moves(mach_msg_type_name_t d)
{
	return d == MACH_MSG_TYPE_MOVE_SEND ||
	       d == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	       d == MACH_MSG_TYPE_MOVE_RECEIVE;
}

mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t size)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(size);

	if (kmsg == IKM_NULL || (size & 3) != 0) {
		/* The moved rights are consumed, as a message never
		 * received; a copied or made header right stays the
		 * caller's. */
		if (kmsg != IKM_NULL)
			ipc_kmsg_free(kmsg);
		if (size >= sizeof *msg) {
			mach_msg_type_name_t r =
				MACH_MSGH_BITS_REMOTE(msg->msgh_bits);
			mach_msg_type_name_t l =
				MACH_MSGH_BITS_LOCAL(msg->msgh_bits);
			if (!disposition_moves(r)) {
				r = 0;
				ikm_set_remote_port(msg, IP_NULL);
			}
			if (!disposition_moves(l)) {
				l = 0;
				ikm_set_local_port(msg, IP_NULL);
			}
			msg->msgh_bits = MACH_MSGH_BITS_OTHER(msg->msgh_bits) |
					 MACH_MSGH_BITS(r, l);
			msg->msgh_size = size;
			ipc_kmsg_clean(msg);
		}
		return MACH_SEND_NO_BUFFER;
	}
	memcpy(&kmsg->ikm_header, msg, size);
	kmsg->ikm_header.msgh_size = size;
	/* Dispositions to rights: a COPY_SEND destination (a simpleroutine
	 * to a plain mach_port_t) gets its own send right. */
	ipc_kmsg_copyin_from_kernel(kmsg, IP_NULL);
	ipc_port_t dest = ikm_remote_port(&kmsg->ikm_header);
	if (!IP_VALID(dest)) {
		ipc_kmsg_destroy(kmsg);
		return MACH_SEND_INVALID_DEST;
	}
	return ipc_kmsg_send(kmsg, MACH_SEND_ALWAYS, 0);
}

/*
 * The reply a kernel client received, into its buffer `msg' of
 * `rcv_size' bytes: only a simple reply that fits, its header's rights
 * (the used send-once right to the reply port, a reply right the
 * server may have added) released and its port fields null.  Anything
 * else is destroyed: MIG_TYPE_ERROR (or MACH_RCV_TOO_LARGE).
 */
static mach_msg_return_t
copyout_to_kernel(ipc_kmsg_t kmsg, mach_msg_header_t *msg,
		  mach_msg_size_t rcv_size)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX)
		mr = MIG_TYPE_ERROR;
	else if (h->msgh_size > rcv_size)
		mr = MACH_RCV_TOO_LARGE;
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(kmsg);
		return mr;
	}
	ipc_port_release_sonce(ikm_remote_port(h));
	ipc_right_release(ikm_local_port(h),
			  MACH_MSGH_BITS_LOCAL(h->msgh_bits));
	ikm_set_remote_port(h, IP_NULL);
	ikm_set_local_port(h, IP_NULL);
	h->msgh_bits = MACH_MSGH_BITS_OTHER(h->msgh_bits);
	memcpy(msg, h, h->msgh_size);
	ipc_kmsg_free(kmsg);
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t
mach_msg_rpc_from_kernel(mach_msg_header_t *msg, mach_msg_size_t send_size,
			 mach_msg_size_t rcv_size)
{
	ipc_kmsg_t kmsg = IKM_NULL;
	ipc_port_t reply = IP_NULL;

	if (send_size >= sizeof *msg && (send_size & 3) == 0)
		kmsg = ipc_kmsg_alloc(send_size);
	if (kmsg != IKM_NULL)
		reply = ipc_port_create();
	if (reply == IP_NULL) {
		/* The caller's rights stay the caller's: nothing was made. */
		if (kmsg != IKM_NULL)
			ipc_kmsg_free(kmsg);
		return MACH_SEND_NO_BUFFER;
	}
	memcpy(&kmsg->ikm_header, msg, send_size);
	kmsg->ikm_header.msgh_size = send_size;
	ipc_kmsg_copyin_from_kernel(kmsg, reply);
	if (!IP_VALID(ikm_remote_port(&kmsg->ikm_header))) {
		ipc_kmsg_destroy(kmsg);
		ipc_port_destroy(reply);
		return MACH_SEND_INVALID_DEST;
	}

	/* It may wait for room, interruptibly, as a user's send would. */
	mach_msg_return_t mr = ipc_kmsg_send(kmsg, MACH_MSG_OPTION_NONE, 0);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(kmsg);
	} else {
		mach_msg_size_t size;
		mr = ipc_mqueue_receive(&reply->ip_object, NULL,
					MACH_MSG_OPTION_NONE, rcv_size, 0,
					&kmsg, &size);
		if (mr == MACH_MSG_SUCCESS)
			mr = copyout_to_kernel(kmsg, msg, rcv_size);
		else if (kmsg != IKM_NULL)
			ipc_kmsg_destroy(kmsg); /* too large */
	}
	/* A server that still holds the reply right finds it dead. */
	ipc_port_destroy(reply);
	return mr;
}

/*
 * Give a message that could not be sent back to the sender's buffer,
 * its rights copied out into the sender's space again (GNU Mach's
 * copyout_pseudo): the destination and reply as rights named in the
 * remote and local fields, dispositions become the rights' types, which
 * are the MOVE dispositions again.  Returns `mr' with the qualifiers of
 * any right that did not fit (MACH_MSG_IPC_SPACE).
 */
static mach_msg_return_t
send_give_back(ipc_kmsg_t kmsg, ipc_space_t space, uintptr_t msg,
	       mach_msg_return_t mr)
{
	mr |= ipc_kmsg_copyout_pseudo(kmsg, space);
	(void)copyout(&kmsg->ikm_header, (void *)msg,
		      kmsg->ikm_header.msgh_size);
	ipc_kmsg_free(kmsg);
	return mr;
}

/*
 * MACH_SEND_NOTIFY (Mach 3, GNU Mach): a send that waits no longer than
 * its timeout (not at all without MACH_SEND_TIMEOUT); a full queue
 * then takes the message anyway, with a msg-accepted request for the
 * receive right the trap's seventh argument names (ipc/ipc_marequest.h):
 * MACH_SEND_WILL_NOTIFY.  A request that cannot be made returns its
 * error with the message left to the caller, as a timed-out send.
 */
static mach_msg_return_t
send_notify(ipc_kmsg_t kmsg, ipc_space_t space, mach_msg_option_t option,
	    mach_msg_timeout_t timeout)
{
	mach_msg_return_t mr =
		kmsg_send(kmsg, MACH_SEND_TIMEOUT,
			  (option & MACH_SEND_TIMEOUT) ? timeout : 0, NULL);
	if (mr != MACH_SEND_TIMED_OUT)
		return mr;
	uint32_t notify;
	if (arch_syscall_arg7(&notify) != KERN_SUCCESS ||
	    notify == MACH_PORT_NULL)
		return MACH_SEND_INVALID_NOTIFY;
	mr = ipc_marequest_create(space, ikm_remote_port(&kmsg->ikm_header),
				  notify, &kmsg->ikm_marequest);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	(void)ipc_mqueue_send(kmsg, MACH_SEND_ALWAYS, 0);
	return MACH_SEND_WILL_NOTIFY;
}

/*
 * The user's message at `msg', `send_size' bytes, in a new kmsg (user
 * form); NULL with *mrp the error.
 */
static inline __attribute__((always_inline)) ipc_kmsg_t
msg_copyin_user(uintptr_t msg, mach_msg_size_t send_size,
		mach_msg_return_t *mrp)
{
	if (send_size < sizeof(mach_msg_header_t) || (send_size & 3) != 0) {
		*mrp = MACH_SEND_MSG_TOO_SMALL;
		return IKM_NULL;
	}
	ipc_kmsg_t kmsg = IKM_NULL;
	if (send_size <= IKM_SIZE_MAX)
		kmsg = ipc_kmsg_alloc(send_size);
	if (kmsg == IKM_NULL) {
		*mrp = MACH_SEND_NO_BUFFER;
		return IKM_NULL;
	}
	if (copyin((const void *)msg, &kmsg->ikm_header, send_size) !=
	    KERN_SUCCESS) {
		ipc_kmsg_free(kmsg);
		*mrp = MACH_SEND_INVALID_DATA;
		return IKM_NULL;
	}
	/* The size is the caller's argument, whatever the header says. */
	kmsg->ikm_header.msgh_size = send_size;
	kmsg->ikm_header.msgh_seqno = 0;
	return kmsg;
}

/*
 * The send half of mach_msg from the message in kernel form: sent, or
 * given back.  `handoff' as for kmsg_send: set only for a caller that
 * receives next.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
msg_send_kmsg(ipc_kmsg_t kmsg, ipc_space_t space, uintptr_t msg,
	      mach_msg_option_t option, mach_msg_timeout_t timeout,
	      thread_t *handoff)
{
	mach_msg_return_t mr;
	if (option & MACH_SEND_NOTIFY)
		mr = send_notify(kmsg, space, option, timeout);
	else
		mr = kmsg_send(kmsg, option & MACH_SEND_TIMEOUT, timeout,
			       handoff);
	if (mr == MACH_SEND_WILL_NOTIFY)
		return mr; /* queued, the request made */
	if (mr != MACH_MSG_SUCCESS)
		return send_give_back(kmsg, space, msg, mr);
	return MACH_MSG_SUCCESS;
}

/* The send half of mach_msg from the user's message (user form) of
 * the shape `shape' (ipc_fastpath_shape). */
static inline __attribute__((always_inline)) mach_msg_return_t
msg_send(ipc_kmsg_t kmsg, int shape, ipc_space_t space, uintptr_t msg,
	 mach_msg_option_t option, mach_msg_timeout_t timeout,
	 thread_t *handoff)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	if (shape == 0 || !ipc_fastpath_copyin_shape(kmsg, shape, space))
		mr = ipc_kmsg_copyin(kmsg, space);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_free(kmsg);
		return mr;
	}
	return msg_send_kmsg(kmsg, space, msg, option, timeout, handoff);
}

/*
 * The object `name' receives from in `space', with a reference for the
 * caller: a receive right in no set, or a port set.
 */
static mach_msg_return_t
receive_object(ipc_space_t space, mach_port_name_t name, ipc_object_t *objectp)
{
	is_write_lock(space);
	mach_msg_return_t mr = ipc_right_receive_object(space, name, objectp);
	if (mr == MACH_MSG_SUCCESS)
		ipc_object_reference(*objectp);
	is_write_unlock(space);
	return mr;
}

/*
 * The end of a receive: the message, copied out into `space', goes to
 * the user's buffer at `msg'; MACH_RCV_TOO_LARGE puts the size needed
 * in the buffer's header instead.
 */
static mach_msg_return_t
msg_receive_finish(ipc_space_t space, uintptr_t msg, mach_msg_return_t mr,
		   ipc_kmsg_t kmsg, mach_msg_size_t size)
{
	if (mr == MACH_RCV_TOO_LARGE) {
		/* The size it needs, in the buffer's header. */
		if (kmsg != IKM_NULL)
			ipc_kmsg_destroy(kmsg);
		(void)copyout(&size, &((mach_msg_header_t *)msg)->msgh_size,
			      sizeof size);
		return mr;
	}
	if (mr != MACH_MSG_SUCCESS)
		return mr;

	if (!ipc_fastpath_copyout(kmsg, space))
		mr = ipc_kmsg_copyout(kmsg, space);
	if (copyout(&kmsg->ikm_header, (void *)msg,
		    kmsg->ikm_header.msgh_size) != KERN_SUCCESS) {
		/* The rights are the receiver's already: the data is lost,
		 * as in GNU Mach. */
		mr = MACH_RCV_INVALID_DATA;
	}
	ipc_kmsg_free(kmsg);
	return mr;
}

/*
 * Where a receiver that blocked resumes, on a fresh stack (its wait
 * kept no kernel stack): finish the receive from what it left in
 * current_thread()->ith and return from the trap.
 */
static void __attribute__((noreturn)) msg_receive_continue(void)
{
	struct ipc_wait *w = &current_thread()->ith;
	ipc_kmsg_t kmsg;
	mach_msg_size_t size;

	mach_msg_return_t mr = ipc_mqueue_receive_result(&kmsg, &size);
	ipc_object_release(w->object);
	mr = msg_receive_finish(w->space, w->msg, mr, kmsg, size);
	mach_trap_return((uint32_t)mr);
}

/*
 * The receive half of mach_msg on `object' (referenced, released
 * here), which `space' receives from.  `handoff' is the receiver the
 * send half gave the message to without waking it, or NULL: it runs in
 * the caller's place if the caller blocks, and is woken otherwise.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
msg_receive_object(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
		   mach_msg_size_t rcv_size, ipc_object_t object,
		   mach_msg_timeout_t timeout, thread_t handoff)
{
	ipc_kmsg_t kmsg;
	mach_msg_size_t size;

	current_thread()->ith.msg = msg;
	mach_msg_return_t mr = ipc_mqueue_receive_cont(
		object, space, option & (MACH_RCV_TIMEOUT | MACH_RCV_LARGE),
		rcv_size, timeout, msg_receive_continue, handoff, &kmsg, &size);
	/* Here only if it did not block. */
	ipc_object_release(object);
	return msg_receive_finish(space, msg, mr, kmsg, size);
}

/* The receive half of mach_msg, from the name `rcv_name'. */
static inline __attribute__((always_inline)) mach_msg_return_t
msg_receive(ipc_space_t space, uintptr_t msg, mach_msg_option_t option,
	    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
	    mach_msg_timeout_t timeout, thread_t handoff)
{
	ipc_object_t object;

	mach_msg_return_t mr = receive_object(space, rcv_name, &object);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_mqueue_wake_handoff(handoff);
		return mr;
	}
	return msg_receive_object(space, msg, option, rcv_size, object, timeout,
				  handoff);
}

/* msg_rpc's answer when the dedicated path did not take the message. */
#define MSG_RPC_GENERAL ((mach_msg_return_t)0xffffffffu)

/*
 * A send then a receive (the RPC) of `kmsg', just copied in: the
 * dedicated path when the message goes straight to a receiver waiting
 * for it (ipc_fastpath_send).  MSG_RPC_GENERAL, nothing changed, when
 * it does not take the message: the general halves' then, with the
 * same results.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
msg_rpc(ipc_kmsg_t kmsg, int shape, ipc_space_t space, uintptr_t msg,
	mach_msg_option_t option, mach_msg_size_t rcv_size,
	mach_port_name_t rcv_name, mach_msg_timeout_t timeout)
{
	thread_t handoff;
	ipc_object_t object;
	bool waiting;

	current_thread()->ith.msg = msg;
	mach_msg_return_t mr;
	switch (ipc_fastpath_send(kmsg, shape, space, rcv_name, option,
				  rcv_size, timeout, &object, &handoff,
				  &waiting)) {
	case IPC_FASTPATH_GENERAL:
		return MSG_RPC_GENERAL;
	case IPC_FASTPATH_HANDED:
		if (waiting) {
			/* The receiver runs now (sched_lock still held
			 * from the wait); this thread resumes in
			 * msg_receive_continue with its answer. */
			thread_handoff_held(handoff, msg_receive_continue);
		}
		return msg_receive_object(space, msg, option, rcv_size, object,
					  timeout, handoff);
	case IPC_FASTPATH_KOBJECT:
		/* Served at once; the reply, the kernel's, never waits. */
		kmsg = ipc_kobject_server(kmsg);
		mr = MACH_MSG_SUCCESS;
		if (kmsg == IKM_NULL)
			break;
		/* The reply, for the caller's own receive next. */
		if (ipc_fastpath_receive_own(kmsg, space, rcv_name, rcv_size))
			goto received;
		mr = kmsg_send(kmsg, MACH_SEND_ALWAYS, 0, &handoff);
		break;
	default:
		/* Copied in, no receiver waiting: to the caller itself, or
		 * the general send. */
		if (ipc_fastpath_receive_own(kmsg, space, rcv_name, rcv_size))
			goto received;
		mr = msg_send_kmsg(kmsg, space, msg, option, timeout, &handoff);
		break;
	}
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return msg_receive(space, msg, option, rcv_size, rcv_name, timeout,
			   handoff);
received:
	return msg_receive_finish(space, msg, MACH_MSG_SUCCESS, kmsg,
				  kmsg->ikm_header.msgh_size);
}

mach_msg_return_t
mach_msg_trap(uintptr_t msg, mach_msg_option_t option,
	      mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	      mach_port_name_t rcv_name, mach_msg_timeout_t timeout)
{
	ipc_space_t space = current_thread()->task->itk_space;
	thread_t handoff = NULL;
	mach_msg_return_t mr;

	if (space == NULL)
		return (option & MACH_SEND_MSG) ? MACH_SEND_INVALID_DEST
						: MACH_RCV_INVALID_NAME;
	if (option & MACH_SEND_MSG) {
		ipc_kmsg_t kmsg = msg_copyin_user(msg, send_size, &mr);
		if (kmsg == IKM_NULL)
			return mr;
		int shape = ipc_fastpath_shape(kmsg->ikm_header.msgh_bits);
		if (shape != 0 &&
		    (option & (MACH_RCV_MSG | MACH_SEND_NOTIFY)) ==
			    MACH_RCV_MSG) {
			mr = msg_rpc(kmsg, shape, space, msg, option, rcv_size,
				     rcv_name, timeout);
			if (mr != MSG_RPC_GENERAL)
				return mr;
		}
		/* A send then a receive: the RPC path may hand off. */
		mr = msg_send(kmsg, shape, space, msg, option, timeout,
			      (option & MACH_RCV_MSG) ? &handoff : NULL);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (option & MACH_RCV_MSG)
		return msg_receive(space, msg, option, rcv_size, rcv_name,
				   timeout, handoff);
	return MACH_MSG_SUCCESS;
}
