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
 *				receive right IPCBENCH_SERVICE, for ever;
 *	ipcbench client4k N	N RPCs as client's, each request with 4 KiB
 *				of inline data;
 *	ipcbench clientool N	N RPCs as client's, each request with 64 KiB
 *				out of line, moved (dealloc) to the server,
 *				whose reply moves it back (out of line,
 *				dealloc), so neither side's map grows;
 *	ipcbench bigserver	the server of both;
 *	ipcbench oolself SIZE N	N times: one mach_msg that moves SIZE bytes
 *				out of line (dealloc) to a port of its own
 *				and receives them back, at a new address.
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

/* Out-of-line and large messages (the bench lines ipc_*_4k, *_ool*). */
#define BIG_INLINE 4096
#define OOL_ARG    (64u << 10)
#define OOL_MAX    (1u << 20)

struct big_msg {
	mach_msg_header_t head;
	mach_msg_type_t type;
	union {
		char bytes[BIG_INLINE];
		void *addr;
	};
};

static char ool_region[OOL_MAX] __attribute__((aligned(4096)));

static void
ool_type(mach_msg_type_t *t, unsigned bytes)
{
	t->msgt_name = MACH_MSG_TYPE_CHAR;
	t->msgt_size = 8;
	t->msgt_number = bytes;
	t->msgt_inline = 0;
	t->msgt_longform = 1;
	t->msgt_deallocate = 1;
	t->msgt_unused = 0;
}

static int
client_big(long n, int ool)
{
	static struct big_msg m;
	mach_port_name_t reply = (mach_port_name_t)mach_trap3(
		MACH_TRAP_mach_reply_port, 0, 0, 0);
	void *region = ool_region;
	if (reply == MACH_PORT_NULL)
		return 3;
	for (long i = 0; i < n; i++) {
		m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				   MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						  MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.head.msgh_remote_port = IPCBENCH_SERVICE;
		m.head.msgh_local_port = reply;
		if (ool) {
			ool_type(&m.type, OOL_ARG);
			m.addr = region;
			m.head.msgh_size = sizeof m.head + sizeof m.type + 8;
			m.head.msgh_id = 101;
		} else {
			m.type.msgt_name = MACH_MSG_TYPE_CHAR;
			m.type.msgt_size = 8;
			m.type.msgt_number = BIG_INLINE;
			m.type.msgt_inline = 1;
			m.type.msgt_longform = 1;
			m.type.msgt_deallocate = 0;
			m.head.msgh_size = sizeof m;
			m.head.msgh_id = 100;
		}
		long mr = mach_msg_trap6(&m, MACH_SEND_MSG | MACH_RCV_MSG,
					 m.head.msgh_size, sizeof m, reply, 0);
		if (mr != MACH_MSG_SUCCESS || m.head.msgh_id != 200)
			return 4;
		if (ool) {
			if (m.type.msgt_number != OOL_ARG || m.addr == NULL)
				return 6;
			region = m.addr;
		}
	}
	return 0;
}

static int
server_big(void)
{
	static struct big_msg m;
	long mr = mach_msg_trap6(&m, MACH_RCV_MSG, 0, sizeof m,
				 IPCBENCH_SERVICE, 0);
	while (mr == MACH_MSG_SUCCESS) {
		/* An out-of-line argument goes back in the reply, moved. */
		int ool = m.head.msgh_id == 101;
		m.head.msgh_bits =
			MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0) |
			(ool ? MACH_MSGH_BITS_COMPLEX : 0);
		m.head.msgh_size =
			ool ? sizeof m.head + sizeof m.type + 8 : sizeof m.head;
		m.head.msgh_local_port = MACH_PORT_NULL;
		m.head.msgh_id = 200;
		if (ool)
			ool_type(&m.type, OOL_ARG);
		mr = mach_msg_trap6(&m, MACH_SEND_MSG | MACH_RCV_MSG,
				    m.head.msgh_size, sizeof m,
				    IPCBENCH_SERVICE, 0);
	}
	return 5;
}

static int
ool_self(long size, long n)
{
	static struct big_msg m;
	mach_port_name_t port = (mach_port_name_t)mach_trap3(
		MACH_TRAP_mach_reply_port, 0, 0, 0);
	void *region = ool_region;
	if (port == MACH_PORT_NULL || size <= 0 || size > (long)OOL_MAX)
		return 3;
	for (long i = 0; i < n; i++) {
		m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				   MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		m.head.msgh_size = sizeof m.head + sizeof m.type + 8;
		m.head.msgh_remote_port = port;
		m.head.msgh_local_port = MACH_PORT_NULL;
		m.head.msgh_id = 102;
		ool_type(&m.type, (unsigned)size);
		m.addr = region;
		long mr = mach_msg_trap6(&m, MACH_SEND_MSG | MACH_RCV_MSG,
					 m.head.msgh_size, sizeof m, port, 0);
		if (mr != MACH_MSG_SUCCESS || m.addr == NULL ||
		    m.type.msgt_number != (unsigned)size)
			return 4;
		region = m.addr;
	}
	return 0;
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
	if (argc == 3 && user_streq(argv[1], "client4k"))
		return client_big(parse(argv[2]), 0);
	if (argc == 3 && user_streq(argv[1], "clientool"))
		return client_big(parse(argv[2]), 1);
	if (argc == 2 && user_streq(argv[1], "bigserver"))
		return server_big();
	if (argc == 4 && user_streq(argv[1], "oolself"))
		return ool_self(parse(argv[2]), parse(argv[3]));
	return 2;
}
