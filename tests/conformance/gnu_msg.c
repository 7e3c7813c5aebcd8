/*
 * gnu_msg.c: mach_msg itself, as a program built for GNU Mach uses it
 * (the message structures of gnumach-dev's <mach/message.h>, the trap of
 * its <mach/syscall_sw.h>): messages to a port of its own, rights in the
 * header and the body, sequence numbers, timeouts, queue limits,
 * MACH_RCV_LARGE, the send errors, and the notifications a task asks
 * for with mach_port_request_notification.
 */

#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/notify.h>
#include <mach/port.h>
#include <mach/thread_status.h>

#include "rt.h"
#include "gnu/mach.h"
#include "gnu/mach_port.h"

/* A message with one integer, as GNU MIG would lay it out. */
struct int_msg {
	mach_msg_header_t head;
	mach_msg_type_t type;
	int value;
	char pad[4];
};

/* A message carrying one port right in its body. */
struct port_msg {
	mach_msg_header_t head;
	mach_msg_type_t type;
	mach_port_name_inlined_t port;
};

/* Room for any message here, and then some. */
union buffer {
	mach_msg_header_t head;
	struct int_msg i;
	struct port_msg p;
	mach_dead_name_notification_t dead;
	mach_port_deleted_notification_t deleted;
	mach_no_senders_notification_t nosenders;
	mach_port_destroyed_notification_t destroyed;
	mach_msg_accepted_notification_t accepted;
	char bytes[256];
};

static const mach_msg_type_t int_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_number = 1,
	.msgt_inline = 1,
};

static mach_port_t
new_receive_right(void)
{
	mach_port_t port = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &port),
		 KERN_SUCCESS);
	return port;
}

static void
build_int(struct int_msg *m, mach_port_t dest, mach_msg_type_name_t disp,
	  int id, int value)
{
	*m = (struct int_msg){ 0 };
	m->head.msgh_bits = MACH_MSGH_BITS(disp, 0);
	m->head.msgh_size = sizeof *m;
	m->head.msgh_remote_port = dest;
	m->head.msgh_local_port = MACH_PORT_NULL;
	m->head.msgh_id = id;
	m->type = int_type;
	m->value = value;
}

static mach_msg_return_t
send(struct int_msg *m, mach_msg_option_t extra, mach_msg_timeout_t timeout)
{
	return mach_msg_trap(&m->head, MACH_SEND_MSG | extra, m->head.msgh_size,
			     0, MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

static mach_msg_return_t
receive(union buffer *b, mach_port_t from, mach_msg_size_t size,
	mach_msg_option_t extra, mach_msg_timeout_t timeout)
{
	return mach_msg_trap(&b->head, MACH_RCV_MSG | extra, 0, size, from,
			     timeout, MACH_PORT_NULL);
}

/* Send message `id' to `dest' (a receive right of this task: a send
 * right is made) carrying the right `name' by disposition `disp'. */
static mach_msg_return_t
send_right(mach_port_t dest, mach_msg_type_name_t disp, mach_port_t name,
	   int id)
{
	struct port_msg pm = { 0 };
	pm.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	pm.head.msgh_size = sizeof pm;
	pm.head.msgh_remote_port = dest;
	pm.head.msgh_id = id;
	pm.type = (mach_msg_type_t){
		.msgt_name = disp,
		.msgt_size = 64,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	pm.port.name = name;
	return mach_msg_trap(&pm.head, MACH_SEND_MSG, sizeof pm, 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

/* Messages arrive in order, with sequence numbers from 0. */
static void
send_and_receive(void)
{
	mach_port_t port = new_receive_right();
	struct int_msg m;
	union buffer b;

	for (int i = 0; i < 3; i++) {
		build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 1000 + i, 7 * i);
		CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	}
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(receive(&b, port, sizeof b, 0, 0), MACH_MSG_SUCCESS);
		CHECK_EQ(b.head.msgh_id, 1000 + i);
		CHECK_EQ(b.head.msgh_seqno, i);
		CHECK_EQ(b.head.msgh_size, sizeof(struct int_msg));
		CHECK_EQ(b.i.value, 7 * i);
		/*
		 * The destination right is consumed: the receiver sees
		 * its own name for the port as the local port, the
		 * right's type in the local bits, and gains no right.
		 */
		CHECK_EQ(MACH_MSGH_BITS_LOCAL(b.head.msgh_bits),
			 MACH_MSG_TYPE_PORT_SEND);
		CHECK_EQ(MACH_MSGH_BITS_REMOTE(b.head.msgh_bits), 0);
		CHECK_EQ(b.head.msgh_local_port, port);
		CHECK_EQ(b.head.msgh_remote_port, MACH_PORT_NULL);
	}
	/* No send right was left anywhere. */
	mach_port_urefs_t refs = 0;
	CHECK_EQ(mach_port_get_refs(mach_task_self(), port,
				    MACH_PORT_RIGHT_SEND, &refs),
		 KERN_SUCCESS);
	CHECK_EQ(refs, 0);
	CHECK_EQ(mach_port_destroy(mach_task_self(), port), KERN_SUCCESS);
}

/* A reply right in the header; a right in the body. */
static void
rights_in_messages(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = new_receive_right(), reply = new_receive_right();
	struct int_msg m;
	union buffer b;

	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 1, 1);
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.head.msgh_local_port = reply;
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	/* The receiver gets the reply right as the remote port. */
	mach_port_t once = b.head.msgh_remote_port;
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(b.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND_ONCE);
	mach_port_type_t type = 0;
	CHECK_EQ(mach_port_type(task, once, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_SEND_ONCE);

	/* Reply through it, moving the send-once right. */
	build_int(&m, once, MACH_MSG_TYPE_MOVE_SEND_ONCE, 2, 2);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(mach_port_type(task, once, &type), KERN_INVALID_NAME);
	CHECK_EQ(receive(&b, reply, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 2);
	CHECK_EQ(b.head.msgh_local_port, reply);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(b.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND_ONCE);

	/* A send right in the body (complex message). */
	CHECK_EQ(send_right(port, MACH_MSG_TYPE_MAKE_SEND, reply, 3),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	CHECK(b.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	CHECK_EQ(b.p.type.msgt_name, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(b.p.port.name, reply);
	mach_port_urefs_t refs = 0;
	CHECK_EQ(mach_port_get_refs(task, reply, MACH_PORT_RIGHT_SEND, &refs),
		 KERN_SUCCESS);
	CHECK_EQ(refs, 1);

	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, reply), KERN_SUCCESS);
}

/* Timeouts, queue limits, a buffer too small. */
static void
limits_and_timeouts(void)
{
	mach_port_t port = new_receive_right();
	struct int_msg m;
	union buffer b;

	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 10),
		 MACH_RCV_TIMED_OUT);

	/* The default queue limit is 5 (MACH_PORT_QLIMIT_DEFAULT). */
	for (unsigned i = 0; i < MACH_PORT_QLIMIT_DEFAULT; i++) {
		build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, i, i);
		CHECK_EQ(send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	}
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 99, 99);
	CHECK_EQ(send(&m, MACH_SEND_TIMEOUT, 0), MACH_SEND_TIMED_OUT);
	CHECK_EQ(send(&m, MACH_SEND_TIMEOUT, 10), MACH_SEND_TIMED_OUT);

	/* Too small a buffer: with MACH_RCV_LARGE the message stays. */
	CHECK_EQ(
		receive(&b, port, sizeof(mach_msg_header_t), MACH_RCV_LARGE, 0),
		MACH_RCV_TOO_LARGE);
	CHECK_EQ(b.head.msgh_size, sizeof(struct int_msg));
	CHECK_EQ(receive(&b, port, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 0);
	/* Without it the message is destroyed. */
	CHECK_EQ(receive(&b, port, sizeof(mach_msg_header_t), 0, 0),
		 MACH_RCV_TOO_LARGE);
	CHECK_EQ(receive(&b, port, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 2);
	CHECK_EQ(b.head.msgh_seqno, 2);
	for (unsigned i = 3; i < MACH_PORT_QLIMIT_DEFAULT; i++)
		CHECK_EQ(receive(&b, port, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(mach_port_destroy(mach_task_self(), port), KERN_SUCCESS);
}

/* Send errors: each a Mach code, nothing sent. */
static void
send_errors(void)
{
	mach_port_t port = new_receive_right();
	struct int_msg m;
	union buffer b;

	build_int(&m, 0x7fffff01, MACH_MSG_TYPE_COPY_SEND, 1, 1);
	CHECK_EQ(send(&m, 0, 0), MACH_SEND_INVALID_DEST);
	build_int(&m, MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND, 1, 1);
	CHECK_EQ(send(&m, 0, 0), MACH_SEND_INVALID_DEST);
	/* No send right to copy: only the receive right is there. */
	build_int(&m, port, MACH_MSG_TYPE_COPY_SEND, 1, 1);
	CHECK_EQ(send(&m, 0, 0), MACH_SEND_INVALID_DEST);
	/* A bad reply name. */
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 1, 1);
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.head.msgh_local_port = 0x7fffff01;
	CHECK_EQ(send(&m, 0, 0), MACH_SEND_INVALID_REPLY);
	/* Sizes: shorter than a header, not a multiple of 4. */
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 1, 1);
	CHECK_EQ(mach_msg_trap(&m.head, MACH_SEND_MSG, 8, 0, MACH_PORT_NULL, 0,
			       MACH_PORT_NULL),
		 MACH_SEND_MSG_TOO_SMALL);
	/* A bad address. */
	CHECK_EQ(mach_msg_trap((mach_msg_header_t *)8, MACH_SEND_MSG, sizeof m,
			       0, MACH_PORT_NULL, 0, MACH_PORT_NULL),
		 MACH_SEND_INVALID_DATA);
	/* Receiving on a name that is not a receive right. */
	CHECK_EQ(receive(&b, 0x7fffff01, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_INVALID_NAME);
	/* Nothing arrived. */
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(mach_port_destroy(mach_task_self(), port), KERN_SUCCESS);
}

/* The receive side's state: status, queue limit, sequence numbers. */
static void
receive_status(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = new_receive_right(), set = MACH_PORT_NULL;
	mach_port_status_t st;
	struct int_msg m;
	union buffer b;

	CHECK_EQ(mach_port_get_receive_status(task, port, &st), KERN_SUCCESS);
	CHECK_EQ(st.mps_pset, MACH_PORT_NULL);
	CHECK_EQ(st.mps_seqno, 0);
	CHECK_EQ(st.mps_qlimit, MACH_PORT_QLIMIT_DEFAULT);
	CHECK_EQ(st.mps_msgcount, 0);
	CHECK_EQ(st.mps_srights, 0);

	/* A limit of 1: the second send times out. */
	CHECK_EQ(mach_port_set_qlimit(task, port, 1), KERN_SUCCESS);
	CHECK_EQ(mach_port_set_qlimit(task, port, MACH_PORT_QLIMIT_MAX + 1),
		 KERN_INVALID_VALUE);
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 1, 1);
	CHECK_EQ(send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 2, 2);
	CHECK_EQ(send(&m, MACH_SEND_TIMEOUT, 0), MACH_SEND_TIMED_OUT);
	/* The message came back with its destination as a send right. */
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(m.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(m.head.msgh_remote_port, port);
	CHECK_EQ(mach_port_get_receive_status(task, port, &st), KERN_SUCCESS);
	CHECK_EQ(st.mps_qlimit, 1);
	CHECK_EQ(st.mps_msgcount, 1);
	CHECK_EQ(st.mps_srights, 1);
	CHECK_EQ(mach_port_deallocate(task, port), KERN_SUCCESS);

	/* The next sequence number, queued messages renumbered. */
	CHECK_EQ(mach_port_set_seqno(task, port, 40), KERN_SUCCESS);
	CHECK_EQ(mach_port_get_receive_status(task, port, &st), KERN_SUCCESS);
	CHECK_EQ(st.mps_seqno, 40);
	CHECK_EQ(receive(&b, port, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 1);
	CHECK_EQ(b.head.msgh_seqno, 40);
	CHECK_EQ(mach_port_set_mscount(task, port, 7), KERN_SUCCESS);
	CHECK_EQ(mach_port_get_receive_status(task, port, &st), KERN_SUCCESS);
	CHECK_EQ(st.mps_seqno, 41);
	CHECK_EQ(st.mps_mscount, 7);

	/* In a set: the status names it. */
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(task, port, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_get_receive_status(task, port, &st), KERN_SUCCESS);
	CHECK_EQ(st.mps_pset, set);
	/* A member is received from through its set only; out of the set
	 * it is a port of its own again. */
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_IN_SET);
	CHECK_EQ(receive(&b, set, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(mach_port_move_member(task, port, MACH_PORT_NULL),
		 KERN_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(mach_port_move_member(task, port, set), KERN_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_IN_SET);
	/* Not a receive right; not a name. */
	CHECK_EQ(mach_port_get_receive_status(task, set, &st),
		 KERN_INVALID_RIGHT);
	CHECK_EQ(mach_port_set_qlimit(task, 0x7fffff01, 1), KERN_INVALID_NAME);
	CHECK_EQ(mach_port_destroy(task, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
}

/* The next notification on `notify' is `id' (nothing else is queued). */
static int
next_notification(union buffer *b, mach_port_t notify, mach_msg_id_t id)
{
	mach_msg_return_t mr =
		receive(b, notify, sizeof *b, MACH_RCV_TIMEOUT, 0);
	CHECK_EQ(mr, MACH_MSG_SUCCESS);
	if (mr != MACH_MSG_SUCCESS)
		return 0;
	CHECK_EQ(b->head.msgh_id, id);
	CHECK_EQ(b->head.msgh_local_port, notify);
	return b->head.msgh_id == id;
}

/* A send-once right to `port' under a name of its own. */
static mach_port_t
send_once_to(mach_port_t port)
{
	mach_port_t so = MACH_PORT_NULL;
	mach_msg_type_name_t type = 0;
	CHECK_EQ(mach_port_extract_right(mach_task_self(), port,
					 MACH_MSG_TYPE_MAKE_SEND_ONCE, &so,
					 &type),
		 KERN_SUCCESS);
	CHECK_EQ(type, MACH_MSG_TYPE_PORT_SEND_ONCE);
	return so;
}

/* Dead-name, port-deleted, no-senders and port-destroyed notifications,
 * and the requests' errors. */
static void
notifications(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t notify = new_receive_right();
	mach_port_t previous = MACH_PORT_DEAD;
	union buffer b;

	/* Dead name: the send-once right's port dies. */
	mach_port_t port = new_receive_right();
	mach_port_t so = send_once_to(port);
	CHECK_EQ(mach_port_request_notification(
			 task, so, MACH_NOTIFY_DEAD_NAME, 0, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_SUCCESS);
	CHECK_EQ(previous, MACH_PORT_NULL);
	mach_port_type_t type = 0;
	CHECK_EQ(mach_port_type(task, so, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST);
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	if (next_notification(&b, notify, MACH_NOTIFY_DEAD_NAME)) {
		CHECK_EQ(b.head.msgh_size, sizeof b.dead);
		CHECK_EQ(b.dead.not_type.msgt_name, MACH_MSG_TYPE_PORT_NAME);
		CHECK_EQ(b.dead.not_port, so);
	}
	/* A dead name now, with the notification's reference. */
	CHECK_EQ(mach_port_type(task, so, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_DEAD_NAME);
	mach_port_urefs_t refs = 0;
	CHECK_EQ(mach_port_get_refs(task, so, MACH_PORT_RIGHT_DEAD_NAME, &refs),
		 KERN_SUCCESS);
	CHECK_EQ(refs, 2);
	/* On a dead name: refused, unless told at once (sync). */
	CHECK_EQ(mach_port_request_notification(
			 task, so, MACH_NOTIFY_DEAD_NAME, 0, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_INVALID_ARGUMENT);
	/* (the refused request's right was destroyed: a send-once
	 * notification) */
	next_notification(&b, notify, MACH_NOTIFY_SEND_ONCE);
	CHECK_EQ(mach_port_request_notification(
			 task, so, MACH_NOTIFY_DEAD_NAME, 1, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_SUCCESS);
	if (next_notification(&b, notify, MACH_NOTIFY_DEAD_NAME))
		CHECK_EQ(b.dead.not_port, so);
	CHECK_EQ(mach_port_mod_refs(task, so, MACH_PORT_RIGHT_DEAD_NAME, -3),
		 KERN_SUCCESS);

	/* Port deleted: the name goes before the port dies; its send-once
	 * right, destroyed unused, makes a send-once notification. */
	port = new_receive_right();
	so = send_once_to(port);
	CHECK_EQ(mach_port_request_notification(
			 task, so, MACH_NOTIFY_DEAD_NAME, 0, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(task, so), KERN_SUCCESS);
	if (next_notification(&b, notify, MACH_NOTIFY_PORT_DELETED))
		CHECK_EQ(b.deleted.not_port, so);
	if (receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0) ==
	    MACH_MSG_SUCCESS)
		CHECK_EQ(b.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	else
		CHECK(!"no send-once notification");
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	CHECK_EQ(receive(&b, notify, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_TIMED_OUT);

	/* No senders: the last send right goes. */
	port = new_receive_right();
	CHECK_EQ(mach_port_insert_right(task, port, port,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_request_notification(
			 task, port, MACH_NOTIFY_NO_SENDERS, 1, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_SUCCESS);
	CHECK_EQ(previous, MACH_PORT_NULL);
	CHECK_EQ(mach_port_deallocate(task, port), KERN_SUCCESS);
	if (next_notification(&b, notify, MACH_NOTIFY_NO_SENDERS)) {
		CHECK_EQ(b.nosenders.not_type.msgt_name,
			 MACH_MSG_TYPE_INTEGER_32);
		CHECK_EQ(b.nosenders.not_count, 1);
	}

	/* Port destroyed: the receive right comes back in the message. */
	CHECK_EQ(mach_port_request_notification(
			 task, port, MACH_NOTIFY_PORT_DESTROYED, 0, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	if (next_notification(&b, notify, MACH_NOTIFY_PORT_DESTROYED)) {
		CHECK_EQ(b.destroyed.not_type.msgt_name,
			 MACH_MSG_TYPE_PORT_RECEIVE);
		mach_port_t back = b.destroyed.not_port;
		CHECK_EQ(mach_port_type(task, back, &type), KERN_SUCCESS);
		CHECK_EQ(type, MACH_PORT_TYPE_RECEIVE);
		CHECK_EQ(mach_port_destroy(task, back), KERN_SUCCESS);
	}

	/* Refused requests. */
	port = new_receive_right();
	CHECK_EQ(mach_port_request_notification(
			 task, port, MACH_NOTIFY_PORT_DESTROYED, 1, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_INVALID_VALUE);
	CHECK_EQ(mach_port_request_notification(
			 task, port, MACH_NOTIFY_SEND_ONCE, 0, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_INVALID_VALUE);
	CHECK_EQ(mach_port_request_notification(
			 task, 0x7fffff01, MACH_NOTIFY_DEAD_NAME, 0, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_INVALID_NAME);
	so = send_once_to(port);
	CHECK_EQ(mach_port_request_notification(
			 task, so, MACH_NOTIFY_NO_SENDERS, 0, notify,
			 MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous),
		 KERN_INVALID_RIGHT);
	/* Each refused request's send-once right was destroyed: as many
	 * send-once notifications, and nothing else. */
	for (int i = 0; i < 4; i++)
		next_notification(&b, notify, MACH_NOTIFY_SEND_ONCE);
	CHECK_EQ(receive(&b, notify, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(mach_port_deallocate(task, so), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, notify), KERN_SUCCESS);
}

/* A send with MACH_SEND_NOTIFY and `notify' as the trap's seventh
 * argument. */
static mach_msg_return_t
send_notify(struct int_msg *m, mach_port_t notify)
{
	return mach_msg_trap(&m->head, MACH_SEND_MSG | MACH_SEND_NOTIFY,
			     m->head.msgh_size, 0, MACH_PORT_NULL, 0, notify);
}

/* The msg-accepted notification on `notify' names `name'. */
static void
expect_accepted(mach_port_t notify, mach_port_t name)
{
	union buffer b;
	CHECK_EQ(receive(&b, notify, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, MACH_NOTIFY_MSG_ACCEPTED);
	CHECK_EQ(b.head.msgh_size, sizeof b.accepted);
	CHECK_EQ(b.accepted.not_type.msgt_name, MACH_MSG_TYPE_PORT_NAME);
	CHECK_EQ(b.accepted.not_port, name);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(b.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND_ONCE);
}

/* Fill `port' (queue limit 1) with one message, then force message
 * `id' in with a msg-accepted request for `notify'. */
static void
force_one(mach_port_t port, mach_port_t notify, int id)
{
	struct int_msg m;
	build_int(&m, port, MACH_MSG_TYPE_COPY_SEND, id - 1, id - 1);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	build_int(&m, port, MACH_MSG_TYPE_COPY_SEND, id, id);
	CHECK_EQ(send_notify(&m, notify), MACH_SEND_WILL_NOTIFY);
}

/* Receive the two messages on `port'; the second's id. */
static mach_msg_id_t
receive_two(mach_port_t port)
{
	union buffer b;
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	return b.head.msgh_id;
}

/*
 * MACH_SEND_NOTIFY (GNU Mach's msg-accepted requests): a full queue
 * takes the message anyway (MACH_SEND_WILL_NOTIFY) and the sender hears
 * when it leaves the queue; one at a time per name; a bad notify port.
 */
static void
msg_accepted(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = new_receive_right(), notify = new_receive_right();
	struct int_msg m;
	union buffer b;

	CHECK_EQ(mach_port_insert_right(task, port, port,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_set_qlimit(task, port, 1), KERN_SUCCESS);
	/* Room: sent as any message, nothing asked for. */
	build_int(&m, port, MACH_MSG_TYPE_COPY_SEND, 1, 1);
	CHECK_EQ(send_notify(&m, notify), MACH_MSG_SUCCESS);
	/* Full: forced in, with the request. */
	build_int(&m, port, MACH_MSG_TYPE_COPY_SEND, 2, 2);
	CHECK_EQ(send_notify(&m, notify), MACH_SEND_WILL_NOTIFY);
	/* Another while it is out: refused, the message given back. */
	build_int(&m, port, MACH_MSG_TYPE_COPY_SEND, 3, 3);
	CHECK_EQ(send_notify(&m, notify), MACH_SEND_NOTIFY_IN_PROGRESS);
	CHECK_EQ(m.head.msgh_remote_port, port);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(m.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND);
	/* No notify port, or one that is no receive right. */
	build_int(&m, port, MACH_MSG_TYPE_COPY_SEND, 4, 4);
	CHECK_EQ(send_notify(&m, MACH_PORT_NULL), MACH_SEND_INVALID_NOTIFY);
	build_int(&m, port, MACH_MSG_TYPE_COPY_SEND, 4, 4);
	CHECK_EQ(send_notify(&m, 0x7fffff01), MACH_SEND_INVALID_NOTIFY);
	mach_port_status_t st;
	CHECK_EQ(mach_port_get_receive_status(task, port, &st), KERN_SUCCESS);
	CHECK_EQ(st.mps_msgcount, 2);

	/* The first leaves: no notification; the forced one: one. */
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 1);
	CHECK_EQ(receive(&b, notify, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 2);
	expect_accepted(notify, port);

	/* Again allowed, and the name is the entry's when it leaves the
	 * queue: renamed meanwhile, the new one. */
	force_one(port, notify, 8);
	const mach_port_t renamed = 0x5a5a01;
	CHECK_EQ(mach_port_rename(task, port, renamed), KERN_SUCCESS);
	port = renamed;
	CHECK_EQ(receive_two(port), 8);
	expect_accepted(notify, renamed);

	/* The request stays on its entry when the entry's send right goes
	 * and its receive right stays: still one at a time. */
	force_one(port, notify, 10);
	mach_port_urefs_t refs = 0;
	CHECK_EQ(mach_port_get_refs(task, port, MACH_PORT_RIGHT_SEND, &refs),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(task, port, MACH_PORT_RIGHT_SEND,
				    -(mach_port_delta_t)refs),
		 KERN_SUCCESS);
	CHECK_EQ(rt_port_type(port), MACH_PORT_TYPE_RECEIVE);
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 11, 11);
	CHECK_EQ(send_notify(&m, notify), MACH_SEND_NOTIFY_IN_PROGRESS);
	/* Given back: the send right it made is the sender's again. */
	CHECK_EQ(m.head.msgh_remote_port, port);
	CHECK_EQ(rt_port_type(port), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(receive_two(port), 10);
	expect_accepted(notify, port);

	/* A message destroyed unreceived notifies too, with no name once
	 * the sender's entry is gone. */
	force_one(port, notify, 6);
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	expect_accepted(notify, MACH_PORT_NULL);
	CHECK_EQ(mach_port_destroy(task, notify), KERN_SUCCESS);
}

/*
 * Protected payloads (GNU Mach): set on a receive right, the payload
 * comes in place of its name, MACH_MSG_TYPE_PROTECTED_PAYLOAD in the
 * local bits; cleared, the name again; moved to another space (here:
 * out and back in a message), the payload is gone.
 */
static void
protected_payload(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = new_receive_right(), carrier = new_receive_right();
	const rpc_uintptr_t payload = (rpc_uintptr_t)0x1122334455667788ull;
	struct int_msg m;
	union buffer b;

	CHECK_EQ(mach_port_set_protected_payload(task, port, payload),
		 KERN_SUCCESS);
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 31, 31);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 31);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(b.head.msgh_bits),
		 MACH_MSG_TYPE_PROTECTED_PAYLOAD);
	CHECK_EQ(b.head.msgh_protected_payload, payload);
	/* A reply right still comes as a name. */
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 32, 32);
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.head.msgh_local_port = carrier;
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_protected_payload, payload);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(b.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND_ONCE);
	/* Dropped unused, the reply right sends its send-once
	 * notification to the carrier. */
	CHECK_EQ(mach_port_deallocate(task, b.head.msgh_remote_port),
		 KERN_SUCCESS);
	CHECK_EQ(receive(&b, carrier, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, MACH_NOTIFY_SEND_ONCE);

	CHECK_EQ(mach_port_clear_protected_payload(task, port), KERN_SUCCESS);
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 33, 33);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(b.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(b.head.msgh_local_port, port);

	/* Only on a receive right. */
	mach_port_t dead = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &dead),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_set_protected_payload(task, dead, payload),
		 KERN_INVALID_RIGHT);
	CHECK_EQ(mach_port_clear_protected_payload(task, dead),
		 KERN_INVALID_RIGHT);
	CHECK_EQ(mach_port_set_protected_payload(task, 0x7fffff01, payload),
		 KERN_INVALID_NAME);
	CHECK_EQ(mach_port_deallocate(task, dead), KERN_SUCCESS);

	/* The receive right moved away and back: no payload any more. */
	CHECK_EQ(mach_port_set_protected_payload(task, port, payload),
		 KERN_SUCCESS);
	CHECK_EQ(send_right(carrier, MACH_MSG_TYPE_MOVE_RECEIVE, port, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, carrier, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.p.type.msgt_name, MACH_MSG_TYPE_PORT_RECEIVE);
	port = b.p.port.name;
	build_int(&m, port, MACH_MSG_TYPE_MAKE_SEND, 34, 34);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(b.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(b.head.msgh_local_port, port);

	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, carrier), KERN_SUCCESS);
}

/* A kernel reply carries no stale bytes: the 4 bytes after RetCode
 * (offset 44, padding before the next 8-byte item) are zero, whatever
 * the kernel memory the reply was built in held before.  Each round
 * first passes a message as big as the kernel's reply buffer through a
 * port of this task, its body all 0xa5, so that the kernel's next
 * allocation of that size is likely to reuse its memory. */
#define BIG_MSG_SIZE 8192
static struct {
	mach_msg_header_t head;
	mach_msg_type_t type;
	unsigned char data[BIG_MSG_SIZE - sizeof(mach_msg_header_t) -
			   sizeof(mach_msg_type_t)];
} big_msg, big_rcv;

static void
kernel_reply_padding(void)
{
	mach_port_t port = new_receive_right();
	mach_port_t reply = mach_reply_port();
	unsigned stale = 0, bad = 0;

	for (int round = 0; round < 16; round++) {
		big_msg.head = (mach_msg_header_t){
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
			.msgh_size = sizeof big_msg,
			.msgh_remote_port = port,
			.msgh_id = 4444,
		};
		big_msg.type = (mach_msg_type_t){
			.msgt_name = MACH_MSG_TYPE_BYTE,
			.msgt_size = 8,
			.msgt_number = sizeof big_msg.data,
			.msgt_inline = 1,
		};
		__builtin_memset(big_msg.data, 0xa5, sizeof big_msg.data);
		if (mach_msg_trap(&big_msg.head, MACH_SEND_MSG | MACH_RCV_MSG,
				  sizeof big_msg, sizeof big_rcv, port, 0,
				  MACH_PORT_NULL) != MACH_MSG_SUCCESS) {
			bad++;
			continue;
		}

		/* mach_port_type (3201), by hand, so that the reply's
		 * bytes can be read; the reply buffer starts all 0xff. */
		union {
			struct {
				mach_msg_header_t head;
				mach_msg_type_t name_type;
				mach_port_t name;
				char pad[4];
			} req;
			unsigned char bytes[256];
		} m;
		__builtin_memset(&m, 0xff, sizeof m);
		m.req.head = (mach_msg_header_t){
			.msgh_bits =
				MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					       MACH_MSG_TYPE_MAKE_SEND_ONCE),
			.msgh_size = sizeof m.req,
			.msgh_remote_port = mach_task_self(),
			.msgh_local_port = reply,
			.msgh_id = 3201,
		};
		m.req.name_type = (mach_msg_type_t){
			.msgt_name = MACH_MSG_TYPE_PORT_NAME,
			.msgt_size = 32,
			.msgt_number = 1,
			.msgt_inline = 1,
		};
		/* Even rounds succeed, odd ones get an error reply. */
		m.req.name = (round & 1) ? 0x7fffff01 : port;
		if (mach_msg_trap(&m.req.head, MACH_SEND_MSG | MACH_RCV_MSG,
				  sizeof m.req, sizeof m, reply, 0,
				  MACH_PORT_NULL) != MACH_MSG_SUCCESS ||
		    m.req.head.msgh_size < 48) {
			bad++;
			continue;
		}
		for (int i = 44; i < 48; i++)
			stale |= m.bytes[i];
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(stale, 0);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), port,
				    MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), reply,
				    MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
}

/* ---- The RPC path: a send+receive to a receiver already waiting ----
 *
 * A second thread of this task waits in mach_msg, as a server does; the
 * main thread's send+receive goes to it.  Each case is one the kernel's
 * dedicated send+receive path (it hands the message and the CPU to the
 * waiting receiver) must leave to the general path, whose results are
 * checked here: a path that took it would give the wrong answer. */

#define RPC_STACK_SIZE (64ul * 1024)

/* What the server thread does next, and what it got. */
static volatile mach_port_t rpc_from;     /* what it receives from */
static volatile mach_msg_size_t rpc_room; /* its buffer's size */
static volatile int rpc_rounds;           /* receives done */
static volatile mach_msg_return_t rpc_mr;
static volatile mach_msg_id_t rpc_id;
static volatile mach_port_seqno_t rpc_seqno;

static void
rpc_sleep(unsigned ms)
{
	static mach_port_t empty;
	mach_msg_header_t h;
	if (empty == MACH_PORT_NULL)
		(void)mach_port_allocate(mach_task_self(),
					 MACH_PORT_RIGHT_RECEIVE, &empty);
	(void)mach_msg_trap(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof h,
			    empty, ms, MACH_PORT_NULL);
}

/* Receive, record, answer a request that has a reply right (id + 100,
 * by a send+receive that waits for the next one), for ever. */
static void __attribute__((noreturn, used)) rpc_server(void)
{
	union buffer b;
	mach_msg_option_t option = MACH_RCV_MSG;
	mach_msg_size_t send_size = 0;
	for (;;) {
		mach_msg_return_t mr =
			mach_msg_trap(&b.head, option, send_size, rpc_room,
				      rpc_from, 0, MACH_PORT_NULL);
		rpc_mr = mr;
		rpc_id = mr == MACH_MSG_SUCCESS ? b.head.msgh_id : -1;
		rpc_seqno = b.head.msgh_seqno;
		__atomic_add_fetch(&rpc_rounds, 1, __ATOMIC_RELEASE);
		option = MACH_RCV_MSG;
		send_size = 0;
		if (mr == MACH_MSG_SUCCESS &&
		    MACH_MSGH_BITS_REMOTE(b.head.msgh_bits) ==
			    MACH_MSG_TYPE_PORT_SEND_ONCE) {
			b.head.msgh_bits =
				MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
			b.head.msgh_size = sizeof b.head;
			b.head.msgh_local_port = MACH_PORT_NULL;
			b.head.msgh_id += 100;
			option = MACH_SEND_MSG | MACH_RCV_MSG;
			send_size = sizeof b.head;
		}
	}
}

static kern_return_t
rpc_server_start(thread_t *out)
{
	vm_address_t stack = 0;
	kern_return_t kr = thread_create(mach_task_self(), out);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_allocate(mach_task_self(), &stack, RPC_STACK_SIZE, TRUE);
	if (kr != KERN_SUCCESS)
		return kr;
	rt_thread_stack(stack, stack + RPC_STACK_SIZE);
	struct i386_thread_state st;
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;
	kr = thread_get_state(*out, i386_THREAD_STATE, (thread_state_t)&st, &n);
	if (kr != KERN_SUCCESS)
		return kr;
	st.rip = (unsigned long)rpc_server;
	st.ursp = stack + RPC_STACK_SIZE - 8; /* as after a call */
	kr = thread_set_state(*out, i386_THREAD_STATE, (thread_state_t)&st,
			      i386_THREAD_STATE_COUNT);
	if (kr != KERN_SUCCESS)
		return kr;
	return thread_resume(*out);
}

/* One RPC from the main thread to `dest', the reply awaited on
 * `rcv_name': the request has an integer, `size' bytes in all. */
static mach_msg_return_t
rpc_call(union buffer *b, mach_port_t dest, mach_port_t reply,
	 mach_port_t rcv_name, mach_msg_size_t size, mach_msg_id_t id)
{
	build_int(&b->i, dest, MACH_MSG_TYPE_COPY_SEND, id, 7);
	b->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					   MACH_MSG_TYPE_MAKE_SEND_ONCE);
	b->head.msgh_local_port = reply;
	b->head.msgh_size = size;
	return mach_msg_trap(&b->head, MACH_SEND_MSG | MACH_RCV_MSG, size,
			     sizeof *b, rcv_name, 0, MACH_PORT_NULL);
}

/* Wait until the server has done `rounds' receives and waits again. */
static void
rpc_wait_server(int rounds)
{
	for (int i = 0;
	     i < 200 && __atomic_load_n(&rpc_rounds, __ATOMIC_ACQUIRE) < rounds;
	     i++)
		rpc_sleep(5);
	rpc_sleep(20); /* into its next receive */
}

static void
rpc_path(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = new_receive_right();
	mach_port_t reply = new_receive_right();
	mach_port_t set, other = new_receive_right();
	union buffer b;
	thread_t server;

	CHECK_EQ(mach_port_insert_right(task, port, port,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	rpc_from = port;
	rpc_room = sizeof b;
	CHECK_EQ(rpc_server_start(&server), KERN_SUCCESS);
	rpc_wait_server(0);

	/* The common case, twice: answered, sequence numbers in order. */
	CHECK_EQ(rpc_call(&b, port, reply, reply, sizeof(struct int_msg), 1),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 101);
	CHECK_EQ(rpc_seqno, 0);
	rpc_wait_server(1);
	CHECK_EQ(rpc_call(&b, port, reply, reply, sizeof(struct int_msg), 2),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 102);
	CHECK_EQ(b.head.msgh_local_port, reply);
	CHECK_EQ(rpc_seqno, 1);
	rpc_wait_server(2);

	/* A receive name that is no receive right: the message still goes
	 * (and is answered, the reply queued), the receive fails. */
	CHECK_EQ(rpc_call(&b, port, reply, task, sizeof(struct int_msg), 3),
		 MACH_RCV_INVALID_NAME);
	rpc_wait_server(3);
	CHECK_EQ(rpc_id, 3);
	CHECK_EQ(receive(&b, reply, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 103);

	/* The caller's reply port already has a message: the call returns
	 * it at once; the server has the request, its answer queued (and
	 * its next receive with a buffer of a header, for the next case). */
	rpc_room = sizeof b.head;
	struct int_msg queued;
	build_int(&queued, reply, MACH_MSG_TYPE_MAKE_SEND, 0x1234, 1);
	CHECK_EQ(send(&queued, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(rpc_call(&b, port, reply, reply, sizeof(struct int_msg), 4),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 0x1234);
	rpc_wait_server(4);
	CHECK_EQ(rpc_id, 4);
	CHECK_EQ(receive(&b, reply, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 104);

	/* The receiver's buffer too small (no MACH_RCV_LARGE): it gets
	 * MACH_RCV_TOO_LARGE with the size needed, the request is
	 * destroyed, and its reply right comes back as a send-once
	 * notification. */
	rpc_room = sizeof b;
	CHECK_EQ(rpc_call(&b, port, reply, reply, sizeof(struct int_msg), 5),
		 MACH_MSG_SUCCESS);
	rpc_wait_server(5);
	CHECK_EQ(rpc_mr, MACH_RCV_TOO_LARGE);
	CHECK_EQ(b.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	/* It waits again with room. */
	CHECK_EQ(rpc_call(&b, port, reply, reply, sizeof(struct int_msg), 6),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 106);
	rpc_wait_server(6);

	/* A receive that may not wait: the request goes, the receive
	 * times out at once, the answer is queued. */
	build_int(&b.i, port, MACH_MSG_TYPE_COPY_SEND, 11, 7);
	b.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE);
	b.head.msgh_local_port = reply;
	CHECK_EQ(mach_msg_trap(&b.head,
			       MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
			       sizeof b.i, sizeof b, reply, 0, MACH_PORT_NULL),
		 MACH_RCV_TIMED_OUT);
	rpc_wait_server(7);
	CHECK_EQ(rpc_id, 11);
	CHECK_EQ(receive(&b, reply, sizeof b, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 111);

	/* A server waiting on a port set (from its next receive on) with
	 * the destination in it. */
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(task, other, set), KERN_SUCCESS);
	rpc_from = set;
	CHECK_EQ(rpc_call(&b, port, reply, reply, sizeof(struct int_msg), 7),
		 MACH_MSG_SUCCESS); /* the last receive on the port */
	CHECK_EQ(b.head.msgh_id, 107);
	rpc_wait_server(8);
	CHECK_EQ(mach_port_insert_right(task, other, other,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(rpc_call(&b, other, reply, reply, sizeof(struct int_msg), 8),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 108);
	CHECK_EQ(rpc_seqno, 0);
	rpc_wait_server(9);

	/* The reply port a send right only: MACH_SEND_INVALID_REPLY, the
	 * server not disturbed. */
	CHECK_EQ(rpc_call(&b, other, task, reply, sizeof(struct int_msg), 9),
		 MACH_SEND_INVALID_REPLY);
	CHECK_EQ(rpc_call(&b, other, reply, reply, sizeof(struct int_msg), 10),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 110);
	rpc_wait_server(10);

	CHECK_EQ(thread_terminate(server), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, other), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, reply), KERN_SUCCESS);
}

/* mach_port_type(task, name) by hand, its reply to `reply', received
 * from `rcv_name' with `option' (beyond send and receive) into `b'
 * with `room' bytes. */
static mach_msg_return_t
port_type_call(union buffer *b, mach_port_t reply, mach_port_t rcv_name,
	       mach_msg_option_t option, mach_msg_size_t room)
{
	struct {
		mach_msg_header_t head;
		mach_msg_type_t name_type;
		mach_port_t name;
		char pad[4];
	} *req = (void *)b;
	*req = (typeof(*req)){ 0 };
	req->head = (mach_msg_header_t){
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE),
		.msgh_size = sizeof *req,
		.msgh_remote_port = mach_task_self(),
		.msgh_local_port = reply,
		.msgh_id = 3201,
	};
	req->name_type = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_PORT_NAME,
		.msgt_size = 32,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	req->name = reply;
	return mach_msg_trap(&b->head, MACH_SEND_MSG | MACH_RCV_MSG | option,
			     sizeof *req, room, rcv_name, 0, MACH_PORT_NULL);
}

/* ---- The RPC path to a kernel object ----
 *
 * A kernel object's reply goes straight to the caller's receive only
 * when the general path would hand it that very message at once; each
 * case here is one it must not, checked through the combined call. */
static void
kernel_rpc_path(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t reply = new_receive_right();
	mach_port_t other = new_receive_right();
	mach_port_t set;
	union buffer b;

	/* The common case: the reply, numbered. */
	CHECK_EQ(port_type_call(&b, reply, reply, 0, sizeof b),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 3301);
	CHECK_EQ(b.head.msgh_local_port, reply);
	CHECK_EQ(b.head.msgh_seqno, 0);
	CHECK_EQ(port_type_call(&b, reply, reply, 0, sizeof b),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_seqno, 1);

	/* The reply to another port than the one received from: that
	 * receive times out, the reply is queued where it goes. */
	CHECK_EQ(port_type_call(&b, reply, other, MACH_RCV_TIMEOUT, sizeof b),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(receive(&b, reply, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 3301);
	CHECK_EQ(b.head.msgh_seqno, 2);

	/* A message already queued: it comes first, the reply after. */
	struct int_msg queued;
	build_int(&queued, reply, MACH_MSG_TYPE_MAKE_SEND, 0x1234, 1);
	CHECK_EQ(send(&queued, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(port_type_call(&b, reply, reply, 0, sizeof b),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 0x1234);
	CHECK_EQ(receive(&b, reply, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 3301);

	/* Too little room, with MACH_RCV_LARGE: the size needed, the
	 * reply left queued. */
	CHECK_EQ(
		port_type_call(&b, reply, reply, MACH_RCV_LARGE, sizeof b.head),
		MACH_RCV_TOO_LARGE);
	CHECK(b.head.msgh_size > sizeof b.head);
	CHECK_EQ(receive(&b, reply, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 3301);

	/* A queue limit of 1: the general way. */
	CHECK_EQ(mach_port_set_qlimit(task, reply, 1), KERN_SUCCESS);
	CHECK_EQ(port_type_call(&b, reply, reply, 0, sizeof b),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 3301);
	CHECK_EQ(mach_port_set_qlimit(task, reply, MACH_PORT_QLIMIT_DEFAULT),
		 KERN_SUCCESS);

	/* The reply port in a set, the set received from. */
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(task, reply, set), KERN_SUCCESS);
	CHECK_EQ(port_type_call(&b, reply, set, 0, sizeof b), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 3301);
	CHECK_EQ(b.head.msgh_local_port, reply);
	/* Received from the member itself: MACH_RCV_IN_SET after the
	 * request went; the reply is in the set's queue. */
	CHECK_EQ(port_type_call(&b, reply, reply, 0, sizeof b),
		 MACH_RCV_IN_SET);
	CHECK_EQ(receive(&b, set, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 3301);

	CHECK_EQ(mach_port_destroy(task, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, reply), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, other), KERN_SUCCESS);
}

/* One message MAKE_SEND to `port', received from `rcv_name' with
 * `option' (beyond send and receive) into `b' with `room' bytes. */
static mach_msg_return_t
own_call(union buffer *b, mach_port_t port, mach_port_t rcv_name,
	 mach_msg_option_t option, mach_msg_size_t room, mach_msg_id_t id)
{
	build_int(&b->i, port, MACH_MSG_TYPE_MAKE_SEND, id, 5);
	return mach_msg_trap(&b->head, MACH_SEND_MSG | MACH_RCV_MSG | option,
			     sizeof b->i, room, rcv_name, 0, MACH_PORT_NULL);
}

/* ---- The combined call to a port of the caller's own ----
 *
 * The message goes straight to the caller's receive only when the
 * general send and receive would give it that very message at once;
 * each case here is one it must not. */
static void
own_rpc_path(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = new_receive_right();
	mach_port_t other = new_receive_right();
	mach_port_t set;
	union buffer b;

	/* The common case: the message back, numbered, its send right
	 * consumed (the name holds the receive right alone again). */
	CHECK_EQ(own_call(&b, port, port, 0, sizeof b, 1), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 1);
	CHECK_EQ(b.head.msgh_local_port, port);
	CHECK_EQ(b.head.msgh_seqno, 0);
	CHECK_EQ(b.i.value, 5);
	CHECK_EQ(own_call(&b, port, port, 0, sizeof b, 2), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_seqno, 1);
	CHECK_EQ(rt_port_type(port), MACH_PORT_TYPE_RECEIVE);

	/* Received from another port: that receive times out, the
	 * message is queued where it went. */
	CHECK_EQ(own_call(&b, port, other, MACH_RCV_TIMEOUT, sizeof b, 3),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 3);
	CHECK_EQ(b.head.msgh_seqno, 2);

	/* A message already queued comes first. */
	struct int_msg queued;
	build_int(&queued, port, MACH_MSG_TYPE_MAKE_SEND, 0x1234, 1);
	CHECK_EQ(send(&queued, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(own_call(&b, port, port, 0, sizeof b, 4), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 0x1234);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 4);

	/* Too little room, with MACH_RCV_LARGE: the size needed, the
	 * message left queued; without it, the message destroyed. */
	CHECK_EQ(own_call(&b, port, port, MACH_RCV_LARGE, sizeof b.head, 5),
		 MACH_RCV_TOO_LARGE);
	CHECK_EQ(b.head.msgh_size, sizeof b.i);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 5);
	CHECK_EQ(own_call(&b, port, port, 0, sizeof b.head, 6),
		 MACH_RCV_TOO_LARGE);
	CHECK_EQ(receive(&b, port, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_RCV_TIMED_OUT);

	/* A queue limit of 1, and of 0 (the send waits for room: with
	 * MACH_SEND_TIMEOUT of 0 it times out, the message given back). */
	CHECK_EQ(mach_port_set_qlimit(task, port, 1), KERN_SUCCESS);
	CHECK_EQ(own_call(&b, port, port, 0, sizeof b, 7), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 7);
	CHECK_EQ(mach_port_set_qlimit(task, port, 0), KERN_SUCCESS);
	CHECK_EQ(own_call(&b, port, port, MACH_SEND_TIMEOUT, sizeof b, 8),
		 MACH_SEND_TIMED_OUT);
	CHECK_EQ(mach_port_set_qlimit(task, port, MACH_PORT_QLIMIT_DEFAULT),
		 KERN_SUCCESS);
	CHECK_EQ(rt_port_type(port),
		 MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_SEND);
	CHECK_EQ(mach_port_mod_refs(task, port, MACH_PORT_RIGHT_SEND, -1),
		 KERN_SUCCESS);

	/* The port in a set, received through the set; through the
	 * member, MACH_RCV_IN_SET after the send. */
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(task, port, set), KERN_SUCCESS);
	CHECK_EQ(own_call(&b, port, set, 0, sizeof b, 9), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 9);
	CHECK_EQ(own_call(&b, port, port, 0, sizeof b, 10), MACH_RCV_IN_SET);
	CHECK_EQ(receive(&b, set, sizeof b, MACH_RCV_TIMEOUT, 0),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 10);

	CHECK_EQ(mach_port_destroy(task, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, other), KERN_SUCCESS);
}

int
main(void)
{
	send_and_receive();
	rights_in_messages();
	limits_and_timeouts();
	send_errors();
	receive_status();
	notifications();
	msg_accepted();
	protected_payload();
	kernel_reply_padding();
	rpc_path();
	kernel_rpc_path();
	own_rpc_path();
	return rt_report("gnu-msg");
}
