/*
 * fuzz_replies.c: libFuzzer target for generated user stubs: whatever a
 * (hostile) server replies, the stub must return a result without
 * undefined behaviour.  The first byte picks the routine; the rest is
 * the reply mach_msg hands back.
 */
#include <stdint.h>
#include <string.h>

#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>

#include "rt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *reply;
static size_t reply_size;

/* The reply-port calls are in fake_reply_ports.c. */

mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_t rcv_name, mach_msg_timeout_t timeout, mach_port_t notify)
{
	mach_msg_id_t id = msg->msgh_id;

	(void)send_size;
	(void)rcv_name;
	(void)timeout;
	(void)notify;
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	if (reply_size < sizeof *msg || reply_size > rcv_size)
		return MACH_RCV_TOO_LARGE;
	memcpy(msg, reply, reply_size);
	/* as the kernel: the size is what arrived; mostly the right id */
	msg->msgh_size = (mach_msg_size_t)reply_size;
	if (msg->msgh_id & 1)
		msg->msgh_id = id + 100;
	return MACH_MSG_SUCCESS;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int many[600], bbuf[600], cbuf[600];
	words w = { 1, 2, 3 }, wc;
	quad q = { 1, 2, 3, 4 };
	triple t = { { 1, 2, 3 } }, tc;
	pair p = { 1, 2 }, pc;
	name_t n = "name", nc;
	fixname_t fx = "fix", fc;
	mach_msg_type_number_t cnt = 8, cnt2 = 600;
	mach_port_t port;
	mach_msg_type_name_t poly;
	ints ib = bbuf, ic = cbuf;
	data_t d1, d2;
	int i1, i2;
	int64_t g = 1;

	if (size < 1)
		return 0;
	reply = data + 1;
	reply_size = size - 1;
	switch (data[0] % 11) {
	case 0:
		scalars(1, 1, 2, 3, 4, 1, &i1, &g);
		break;
	case 1:
		arrays(1, w, 3, q, wc, &cnt, q);
		break;
	case 2:
		structs(1, t, p, &tc, &pc);
		break;
	case 3:
		strings(1, n, fx, nc, fc);
		break;
	case 4:
		ports(1, 2, 3, 4, 5, MACH_MSG_TYPE_MAKE_SEND, &port, &port,
		      &poly);
		break;
	case 5:
		ool(1, "hello", 5, "abc", 3, "xy", 2, 0, &d1, &cnt, &d2, &cnt);
		break;
	case 6:
		unbounded(1, many, 5, &ib, &cnt2, &ic, &cnt2);
		break;
	case 7:
		special(1, &i1, &i2);
		break;
	case 8:
		translated(1, 5, &i1);
		break;
	default:
		oneway(1, 5);
		break;
	}
	return 0;
}
