/*
 * mach_msg_server.c: the receive-demux-reply loop of a server
 * (<mach.h>), with GNU Mach's library's rules for what happens to the
 * request and the reply.
 */

#include <stddef.h>

#include <mach/mach_traps.h>
#include <mach/message.h>
#include <mach/mig_errors.h>

#include "mach.h"

/* max_size 0: a page, room for every request of the kernel's
 * interfaces. */
#define SERVER_DEFAULT_SIZE 4096u

/* Two buffers of the receive size, from the task's memory (no malloc:
 * musl's asks the kernel through system calls). */
struct server_buffers {
	mach_msg_header_t *request;
	mach_msg_header_t *reply;
	vm_address_t base;
	vm_size_t size;
};

/* The loop's start: max_size 0 made the default, the option's
 * send and receive bits (the loop's to set) cleared, the buffers
 * allocated. */
static kern_return_t
buffers_get(struct server_buffers *b, mach_msg_size_t *max_size,
	    mach_msg_option_t *option)
{
	if (*max_size == 0)
		*max_size = SERVER_DEFAULT_SIZE;
	*option &= ~(MACH_SEND_MSG | MACH_RCV_MSG);
	/* Rounded to 8 so the reply buffer is aligned as messages are. */
	vm_size_t one = ((vm_size_t)*max_size + 7) & ~(vm_size_t)7;
	b->base = 0;
	b->size = 2 * one;
	kern_return_t kr =
		vm_allocate(mach_task_self(), &b->base, b->size, TRUE);
	if (kr != KERN_SUCCESS)
		return kr;
	b->request = (mach_msg_header_t *)b->base;
	b->reply = (mach_msg_header_t *)(b->base + one);
	return KERN_SUCCESS;
}

static void
buffers_put(struct server_buffers *b)
{
	(void)vm_deallocate(mach_task_self(), b->base, b->size);
}

/*
 * Let demux answer the request in b->request, into b->reply.  What the
 * request holds is the server's when the routine succeeded (or asked
 * for no reply, MIG_NO_REPLY); otherwise it is destroyed here, all but
 * the reply right, which the error reply uses.  Returns whether there
 * is a reply to send (a reply port to send it to); a reply with nowhere
 * to go is destroyed.
 */
static boolean_t
serve(mach_msg_demux_t demux, struct server_buffers *b)
{
	mig_reply_header_t *reply = (mig_reply_header_t *)b->reply;
	(void)demux(b->request, b->reply);
	switch (reply->RetCode) {
	case KERN_SUCCESS:
		break;
	case MIG_NO_REPLY:
		reply->Head.msgh_remote_port = MACH_PORT_NULL;
		break;
	default:
		b->request->msgh_remote_port = MACH_PORT_NULL;
		mach_msg_destroy(b->request);
		break;
	}
	if (reply->Head.msgh_remote_port == MACH_PORT_NULL) {
		if (reply->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)
			mach_msg_destroy(&reply->Head);
		return FALSE;
	}
	return TRUE;
}

/* Whether mr is one of mach_msg's send errors (0x1000 0xxx). */
static boolean_t
send_error(mach_msg_return_t mr)
{
	return ((unsigned)mr & ~(unsigned)(MACH_MSG_MASK | 0xff)) ==
	       (unsigned)MACH_SEND_IN_PROGRESS - 1;
}

/*
 * After the loop's mach_msg failed: whether the loop goes on, the error
 * being a client's, not the server's (a dead reply port, a reply queue
 * that stayed full, a request too large to receive).  A reply that was
 * not delivered (failed_reply; NULL after a receive error) is
 * destroyed: its rights and memory are still ours.
 */
static boolean_t
recoverable(mach_msg_return_t mr, mach_msg_header_t *failed_reply)
{
	switch (mr) {
	case MACH_RCV_TOO_LARGE: /* the request was lost: the next one */
		return TRUE;
	case MACH_SEND_INVALID_DEST:
	case MACH_SEND_TIMED_OUT:
		if (failed_reply != NULL)
			mach_msg_destroy(failed_reply);
		return TRUE;
	default:
		return FALSE;
	}
}

mach_msg_return_t
mach_msg_server_timeout(mach_msg_demux_t demux, mach_msg_size_t max_size,
			mach_port_t rcv_name, mach_msg_option_t option,
			mach_msg_timeout_t timeout)
{
	struct server_buffers b;
	mach_msg_return_t mr = buffers_get(&b, &max_size, &option);
	if (mr != KERN_SUCCESS)
		return mr;
	for (;;) {
		mr = mach_msg(b.request, MACH_RCV_MSG | option, 0, max_size,
			      rcv_name, timeout, MACH_PORT_NULL);
		while (mr == MACH_MSG_SUCCESS) {
			if (!serve(demux, &b)) {
				mr = mach_msg(b.request, MACH_RCV_MSG | option,
					      0, max_size, rcv_name, timeout,
					      MACH_PORT_NULL);
				continue;
			}
			/* The reply goes from one buffer and the next
			 * request comes into the same one: swap them. */
			mach_msg_header_t *t = b.request;
			b.request = b.reply;
			b.reply = t;
			mr = mach_msg(b.request,
				      MACH_SEND_MSG | MACH_RCV_MSG | option,
				      b.request->msgh_size, max_size, rcv_name,
				      timeout, MACH_PORT_NULL);
		}
		/* A send error can only be the reply's, still in the
		 * buffer it went from. */
		if (!recoverable(mr, send_error(mr) ? b.request : NULL))
			break;
	}
	buffers_put(&b);
	return mr;
}

mach_msg_return_t
mach_msg_server(mach_msg_demux_t demux, mach_msg_size_t max_size,
		mach_port_t rcv_name)
{
	return mach_msg_server_timeout(demux, max_size, rcv_name, 0, 0);
}

mach_msg_return_t
mach_msg_server_once(mach_msg_demux_t demux, mach_msg_size_t max_size,
		     mach_port_t rcv_name, mach_msg_option_t option,
		     mach_msg_timeout_t timeout)
{
	struct server_buffers b;
	mach_msg_return_t mr = buffers_get(&b, &max_size, &option);
	if (mr != KERN_SUCCESS)
		return mr;
	mr = mach_msg(b.request, MACH_RCV_MSG | option, 0, max_size, rcv_name,
		      timeout, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS && serve(demux, &b)) {
		/* The reply is sent with the same timeout option, not
		 * to block on a full reply queue forever. */
		mr = mach_msg(b.reply,
			      MACH_SEND_MSG | (option & MACH_SEND_TIMEOUT),
			      b.reply->msgh_size, 0, MACH_PORT_NULL, timeout,
			      MACH_PORT_NULL);
		if (mr == MACH_SEND_INVALID_DEST || mr == MACH_SEND_TIMED_OUT)
			mach_msg_destroy(b.reply);
	}
	buffers_put(&b);
	return mr;
}
