/*
 * ipcbench.c: message round trips, for the IPC benchmarks
 * (tests/bench/bench_ipc.c), with header-only messages (the cost of
 * mach_msg itself, nothing marshalled):
 *
 *	ipcbench self N		N times: one mach_msg that sends to a port
 *				of its own and receives that message back;
 *	ipcbench client N	N RPCs to the port it holds a send right to
 *				as IPCBENCH_SERVICE: send with a send-once
 *				reply right, receive the reply;
 *	ipcbench server		answers each request through its reply
 *				right and waits for the next, in one
 *				mach_msg (as mach_msg_server does), on the
 *				receive right IPCBENCH_SERVICE, for ever.
 *
 * The kernel gives the client and the server their IPCBENCH_SERVICE
 * rights before they start.  Exit status: 0, or the failing code's low
 * bits.
 */

#include <mach/message.h>

#include "user.h"

#define IPCBENCH_SERVICE 0x1003u

static long
parse(const char *p)
{
	long n = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

static int
self(long n)
{
	mach_msg_header_t m;
	mach_port_name_t port = (mach_port_name_t)mach_trap3(
		MACH_TRAP_mach_reply_port, 0, 0, 0);
	if (port == MACH_PORT_NULL)
		return 3;
	for (long i = 0; i < n; i++) {
		m.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		m.msgh_size = sizeof m;
		m.msgh_remote_port = port;
		m.msgh_local_port = MACH_PORT_NULL;
		m.msgh_id = (mach_msg_id_t)i;
		long mr = mach_msg_trap6(&m, MACH_SEND_MSG | MACH_RCV_MSG,
					 sizeof m, sizeof m, port, 0);
		if (mr != MACH_MSG_SUCCESS)
			return 4;
	}
	return 0;
}

static int
client(long n)
{
	mach_msg_header_t m;
	mach_port_name_t reply = (mach_port_name_t)mach_trap3(
		MACH_TRAP_mach_reply_port, 0, 0, 0);
	if (reply == MACH_PORT_NULL)
		return 3;
	for (long i = 0; i < n; i++) {
		m.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.msgh_size = sizeof m;
		m.msgh_remote_port = IPCBENCH_SERVICE;
		m.msgh_local_port = reply;
		m.msgh_id = 100;
		long mr = mach_msg_trap6(&m, MACH_SEND_MSG | MACH_RCV_MSG,
					 sizeof m, sizeof m, reply, 0);
		if (mr != MACH_MSG_SUCCESS || m.msgh_id != 200)
			return 4;
	}
	return 0;
}

static int
server(void)
{
	mach_msg_header_t m;
	long mr = mach_msg_trap6(&m, MACH_RCV_MSG, 0, sizeof m,
				 IPCBENCH_SERVICE, 0);
	while (mr == MACH_MSG_SUCCESS) {
		/* The reply goes through the send-once right received as
		 * the remote port; then wait for the next request. */
		m.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.msgh_size = sizeof m;
		m.msgh_local_port = MACH_PORT_NULL;
		m.msgh_id = 200;
		mr = mach_msg_trap6(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof m,
				    sizeof m, IPCBENCH_SERVICE, 0);
	}
	return 5;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && user_streq(argv[1], "self"))
		return self(parse(argv[2]));
	if (argc == 3 && user_streq(argv[1], "client"))
		return client(parse(argv[2]));
	if (argc == 2 && user_streq(argv[1], "server"))
		return server();
	return 2;
}
