/*
 * send.c: how the default pager's answers to the kernel are sent.  The
 * pager calls mach.defs' memory_object_* user stubs generated for it
 * with `-prefix dp_ -subrprefix dp_' (servers/local.mk), so that their
 * mach_msg and mig_* calls come here: a one-way message (every answer
 * the pager sends is one) is sent with a send time-out of 0.  The
 * kernel's control ports take a message at once; a port of a task that
 * named its own port as control (only a holder of the default port
 * can) and lets its queue fill loses the answer instead of holding up
 * the pager's one thread.  A message the kernel gives back (timed out,
 * its rights and out-of-line memory returned to this task) is
 * destroyed here.  Requests with a reply (none of the pager's) go as
 * they would.
 */

#include <mach.h>

#include "send.h"

mach_msg_return_t
dp_mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	    mach_port_t rcv_name, mach_msg_timeout_t timeout,
	    mach_port_t notify)
{
	if ((option & (MACH_SEND_MSG | MACH_RCV_MSG)) != MACH_SEND_MSG)
		return mach_msg(msg, option, send_size, rcv_size, rcv_name,
				timeout, notify);
	mach_msg_return_t mr =
		mach_msg(msg, option | MACH_SEND_TIMEOUT, send_size, 0,
			 MACH_PORT_NULL, 0, MACH_PORT_NULL);
	if (mr == MACH_SEND_TIMED_OUT)
		mach_msg_destroy(msg);
	return mr;
}

mach_port_t
dp_mig_get_reply_port(void)
{
	return mig_get_reply_port();
}

void
dp_mig_put_reply_port(mach_port_t port)
{
	mig_put_reply_port(port);
}

void
dp_mig_dealloc_reply_port(mach_port_t port)
{
	mig_dealloc_reply_port(port);
}
