/*
 * mach_msg.c: the message call programs use (<mach/message.h>).
 */

#include <mach/mach_traps.h>
#include <mach/message.h>

/*
 * mach_msg_trap, with what an interruption cut short done again, as
 * Mach's library does: a send that was interrupted (MACH_SEND_INTERRUPTED:
 * nothing was sent) is sent again, unless the caller asked to see
 * interruptions (MACH_SEND_INTERRUPT); a receive that was interrupted
 * after the send went is received again, without the send, unless
 * MACH_RCV_INTERRUPT.  The timeout is given again whole.  Returns what
 * the last trap returned.
 */
mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_t rcv_name, mach_msg_timeout_t timeout, mach_port_t notify)
{
	mach_msg_return_t mr;
	do
		mr = mach_msg_trap(msg, option, send_size, rcv_size, rcv_name,
				   timeout, notify);
	while (mr == MACH_SEND_INTERRUPTED &&
	       (option & MACH_SEND_INTERRUPT) == 0);
	while (mr == MACH_RCV_INTERRUPTED && (option & MACH_RCV_INTERRUPT) == 0)
		mr = mach_msg_trap(msg, option & ~MACH_SEND_MSG, 0, rcv_size,
				   rcv_name, timeout, notify);
	return mr;
}
