/*
 * check_ipc_fastpath.c: the RPC's header copyin and copyout
 * (ipc/ipc_fastpath.c) against the general ones: for the request and
 * the reply shapes the same header, rights counts, references and
 * entries; every case they must leave alone refused with nothing
 * changed (copyin: other dispositions, the same name twice, a dead
 * destination, a dead-name request, a complex message, a bad name;
 * copyout: a dead or foreign destination, a protected payload, the
 * last send right of a port with a no-senders request, a dead reply
 * port, a full table, other types, a complex message).
 */

#include <mach/notify.h>

#include "ipc/ipc_fastpath.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "tests/unit/ipc/ipc_test.h"
#include "tests/unit/unit.h"

#include <string.h>

static ipc_space_t space;

static void
setup(void)
{
	space = ipc_test_begin();
}

static void
teardown(void)
{
	ipc_test_end(space);
}

static ipc_kmsg_t
user_msg(mach_msg_bits_t bits, mach_port_name_t dest, mach_port_name_t reply)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(sizeof(mach_msg_header_t));
	ck_assert_ptr_nonnull(kmsg);
	mach_msg_header_t *h = &kmsg->ikm_header;
	h->msgh_bits = bits;
	h->msgh_size = sizeof *h;
	h->msgh_remote_port_do_not_use = dest;
	h->msgh_protected_payload = reply;
	h->msgh_seqno = 0;
	h->msgh_id = 77;
	return kmsg;
}

/* What a copyin changes, to compare the two paths by. */
struct snapshot {
	mach_port_rights_t srights, sorights;
	uint32_t refs;
	ipc_entry_bits_t dest_bits, reply_bits;
};

static struct snapshot
snap(ipc_port_t port, mach_port_name_t dest, mach_port_name_t reply)
{
	struct snapshot s = { port->ip_srights, port->ip_sorights,
			      port->ip_object.io_refs, 0, 0 };
	ipc_entry_t e;
	if (ipc_right_lookup(space, dest, &e) == KERN_SUCCESS)
		s.dest_bits = e->ie_bits;
	if (ipc_right_lookup(space, reply, &e) == KERN_SUCCESS)
		s.reply_bits = e->ie_bits;
	return s;
}

/* A right of type `type' (send or send-once) to a port `other'
 * receives, as a name in ours. */
static mach_port_name_t
right_to(ipc_space_t other, mach_msg_type_name_t type, ipc_port_t *portp)
{
	mach_port_name_t recv = ipc_test_receive(other);
	*portp = ipc_test_port(other, recv);
	ipc_port_t right = type == MACH_MSG_TYPE_PORT_SEND
				   ? ipc_port_make_send(*portp)
				   : ipc_port_make_sonce(*portp);
	mach_port_name_t name;
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, right, type, false, &name),
			 KERN_SUCCESS);
	is_write_unlock(space);
	return name;
}

static mach_port_name_t
send_to(ipc_space_t other, ipc_port_t *portp)
{
	return right_to(other, MACH_MSG_TYPE_PORT_SEND, portp);
}

static mach_port_name_t
sonce_to(ipc_space_t other, ipc_port_t *portp)
{
	return right_to(other, MACH_MSG_TYPE_PORT_SEND_ONCE, portp);
}

static void
assert_same_header(ipc_kmsg_t a, ipc_kmsg_t b)
{
	ck_assert_uint_eq(a->ikm_header.msgh_bits, b->ikm_header.msgh_bits);
	ck_assert_ptr_eq(ikm_remote_port(&a->ikm_header),
			 ikm_remote_port(&b->ikm_header));
	ck_assert_ptr_eq(ikm_local_port(&a->ikm_header),
			 ikm_local_port(&b->ikm_header));
}

#define REQUEST                                                                \
	MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE)

START_TEST(test_request_as_general)
{
	ipc_space_t server = ipc_test_space();
	ipc_port_t dport;
	mach_port_name_t dest = send_to(server, &dport);
	mach_port_name_t reply = ipc_test_receive(space);
	ipc_port_t rport = ipc_test_port(space, reply);

	struct snapshot d0 = snap(dport, dest, reply);
	struct snapshot r0 = snap(rport, dest, reply);
	ipc_kmsg_t slow = user_msg(REQUEST | 0x10000, dest, reply);
	ck_assert_int_eq(ipc_kmsg_copyin_header(slow, space), MACH_MSG_SUCCESS);
	struct snapshot d1 = snap(dport, dest, reply);
	struct snapshot r1 = snap(rport, dest, reply);
	ipc_kmsg_t fast = user_msg(REQUEST | 0x10000, dest, reply);
	ck_assert(ipc_fastpath_copyin(fast, space));
	struct snapshot d2 = snap(dport, dest, reply);
	struct snapshot r2 = snap(rport, dest, reply);

	assert_same_header(fast, slow);
	/* Each made the same change: one send right (and reference) more
	 * to the destination, one send-once right to the reply port; the
	 * entries as they were. */
	ck_assert_uint_eq(d1.srights - d0.srights, 1);
	ck_assert_uint_eq(d2.srights - d1.srights, 1);
	ck_assert_uint_eq(d2.refs - d1.refs, d1.refs - d0.refs);
	ck_assert_uint_eq(r1.sorights - r0.sorights, 1);
	ck_assert_uint_eq(r2.sorights - r1.sorights, 1);
	ck_assert_uint_eq(r2.refs - r1.refs, r1.refs - r0.refs);
	ck_assert_uint_eq(d2.dest_bits, d0.dest_bits);
	ck_assert_uint_eq(d2.reply_bits, d0.reply_bits);
	ipc_kmsg_destroy(slow);
	ipc_kmsg_destroy(fast);
	ipc_space_destroy(server);
}
END_TEST

START_TEST(test_reply_as_general)
{
	ipc_space_t client = ipc_test_space();
	ipc_port_t port;
	mach_port_name_t a = sonce_to(client, &port);
	mach_port_name_t b;
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, ipc_port_make_sonce(port),
					   MACH_MSG_TYPE_PORT_SEND_ONCE, false,
					   &b),
			 KERN_SUCCESS);
	is_write_unlock(space);
	uint32_t refs = port->ip_object.io_refs;

	mach_msg_bits_t bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	ipc_kmsg_t slow = user_msg(bits, a, 0);
	ck_assert_int_eq(ipc_kmsg_copyin_header(slow, space), MACH_MSG_SUCCESS);
	ipc_kmsg_t fast = user_msg(bits, b, 0);
	ck_assert(ipc_fastpath_copyin(fast, space));
	assert_same_header(fast, slow);
	/* Both names gone, the rights and references in the messages. */
	mach_port_type_t type;
	ck_assert_int_eq(mach_port_type(space, a, &type), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_type(space, b, &type), KERN_INVALID_NAME);
	ck_assert_uint_eq(port->ip_sorights, 2);
	ck_assert_uint_eq(port->ip_object.io_refs, refs);
	ipc_kmsg_destroy(slow);
	ipc_kmsg_destroy(fast);
	ipc_space_destroy(client);
}
END_TEST

START_TEST(test_make_send_as_general)
{
	mach_port_name_t name = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, name);
	mach_msg_bits_t bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);

	struct snapshot s0 = snap(port, name, 0);
	mach_port_mscount_t ms0 = port->ip_mscount;
	ipc_kmsg_t slow = user_msg(bits | 0x10000, name, 0);
	ck_assert_int_eq(ipc_kmsg_copyin_header(slow, space), MACH_MSG_SUCCESS);
	struct snapshot s1 = snap(port, name, 0);
	mach_port_mscount_t ms1 = port->ip_mscount;
	ipc_kmsg_t fast = user_msg(bits | 0x10000, name, 0);
	ck_assert(ipc_fastpath_copyin(fast, space));
	struct snapshot s2 = snap(port, name, 0);

	assert_same_header(fast, slow);
	/* Each made one send right, counted by the make-send count, with
	 * its reference; the entry as it was. */
	ck_assert_uint_eq(s1.srights - s0.srights, 1);
	ck_assert_uint_eq(s2.srights - s1.srights, 1);
	ck_assert_uint_eq(ms1 - ms0, 1);
	ck_assert_uint_eq(port->ip_mscount - ms1, 1);
	ck_assert_uint_eq(s2.refs - s1.refs, s1.refs - s0.refs);
	ck_assert_uint_eq(s2.dest_bits, s0.dest_bits);
	ipc_kmsg_destroy(slow);
	ipc_kmsg_destroy(fast);
}
END_TEST

/* Refused, nothing changed: the general path decides. */
#define assert_refused(bits, dest, reply, watch)                               \
	refused(bits, dest, reply, watch, __LINE__)

static void
refused(mach_msg_bits_t bits, mach_port_name_t dest, mach_port_name_t reply,
	ipc_port_t watch, int line)
{
	struct snapshot s0 = snap(watch, dest, reply);
	ipc_kmsg_t k = user_msg(bits, dest, reply);
	mach_msg_header_t before = k->ikm_header;
	ck_assert_msg(!ipc_fastpath_copyin(k, space), "case of line %d", line);
	ck_assert_mem_eq(&k->ikm_header, &before, sizeof before);
	struct snapshot s1 = snap(watch, dest, reply);
	ck_assert_mem_eq(&s0, &s1, sizeof s0);
	ipc_kmsg_free(k);
}

START_TEST(test_refused)
{
	ipc_space_t server = ipc_test_space();
	ipc_port_t dport;
	mach_port_name_t dest = send_to(server, &dport);
	mach_port_name_t reply = ipc_test_receive(space);
	ipc_port_t rport = ipc_test_port(space, reply);

	/* Other dispositions, the same name, a complex message. */
	assert_refused(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE),
		       reply, reply, rport);
	assert_refused(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE),
		       dest, reply, dport);
	assert_refused(REQUEST, dest, dest, dport);
	assert_refused(REQUEST | MACH_MSGH_BITS_COMPLEX, dest, reply, dport);
	/* Names that do not hold the rights, or none. */
	assert_refused(REQUEST, 0x7ff00003, reply, rport);
	assert_refused(REQUEST, dest, 0x7ff00003, dport);
	assert_refused(REQUEST, reply, dest, dport);
	assert_refused(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), dest, 0,
		       dport);
	/* MAKE_SEND of a name with no receive right, or with a reply. */
	assert_refused(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), dest, 0,
		       dport);
	assert_refused(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), 0x7ff00003,
		       0, rport);
	/* A reply with a reply port of its own. */
	ipc_port_t sport;
	mach_port_name_t so = sonce_to(server, &sport);
	assert_refused(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE),
		       so, reply, sport);

	/* A dead-name request on the destination's entry. */
	ipc_port_t notify = ipc_port_make_sonce(rport);
	ipc_port_t previous;
	ck_assert_int_eq(mach_port_request_notification(space, dest,
							MACH_NOTIFY_DEAD_NAME,
							0, notify, &previous),
			 KERN_SUCCESS);
	assert_refused(REQUEST, dest, reply, dport);

	/* A dead destination: the general path makes it a dead name. */
	mach_port_name_t dest2 = send_to(server, &dport);
	mach_port_name_t recv2 = dport->ip_receiver_name;
	ck_assert_int_eq(mach_port_destroy(server, recv2), KERN_SUCCESS);
	assert_refused(REQUEST, dest2, reply, rport);
	ipc_space_destroy(server);
}
END_TEST

/* A received message in kernel form: `dest' and `reply' rights made
 * (by their types) for the message. */
static ipc_kmsg_t
kernel_msg(mach_msg_bits_t bits, ipc_port_t dest, ipc_port_t reply)
{
	ipc_kmsg_t kmsg = user_msg(bits, 0, 0);
	mach_msg_header_t *h = &kmsg->ikm_header;
	h->msgh_seqno = 5;
	ipc_port_t right[2] = { dest, reply };
	mach_msg_type_name_t type[2] = { MACH_MSGH_BITS_REMOTE(bits),
					 MACH_MSGH_BITS_LOCAL(bits) };
	for (int i = 0; i < 2; i++) {
		if (type[i] == MACH_MSG_TYPE_PORT_SEND)
			right[i] = ipc_port_make_send(right[i]);
		else if (type[i] == MACH_MSG_TYPE_PORT_SEND_ONCE)
			right[i] = ipc_port_make_sonce(right[i]);
		else
			right[i] = IP_NULL;
	}
	ikm_set_remote_port(h, right[0]);
	ikm_set_local_port(h, right[1]);
	return kmsg;
}

/* What a copyout changes in a port. */
struct port_counts {
	mach_port_rights_t srights, sorights;
	uint32_t refs;
};

static struct port_counts
counts(ipc_port_t port)
{
	return (struct port_counts){ port->ip_srights, port->ip_sorights,
				     port->ip_object.io_refs };
}

/* Copy out a message of each shape the fast path takes, by the general
 * path and by the fast one: the same header but for the reply right's
 * new name, which names a send-once right in both; the same changes to
 * both ports' counts. */
static void
copyout_as_general(mach_msg_bits_t bits)
{
	ipc_space_t client = ipc_test_space();
	mach_port_name_t recv = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, recv);
	ipc_port_t rport = ipc_test_port(client, ipc_test_receive(client));
	/* A send right held elsewhere: the message's is not the last. */
	ipc_port_t held = ipc_port_make_send(port);

	struct port_counts p0 = counts(port), r0 = counts(rport);
	ipc_kmsg_t slow = kernel_msg(bits, port, rport);
	ck_assert_int_eq(ipc_kmsg_copyout_header(slow, space),
			 MACH_MSG_SUCCESS);
	struct port_counts p1 = counts(port), r1 = counts(rport);
	ipc_kmsg_t fast = kernel_msg(bits, port, rport);
	ck_assert(ipc_fastpath_copyout(fast, space));
	struct port_counts p2 = counts(port), r2 = counts(rport);

	mach_msg_header_t *a = &slow->ikm_header, *b = &fast->ikm_header;
	ck_assert_uint_eq(a->msgh_bits, b->msgh_bits);
	ck_assert_uint_eq(a->msgh_protected_payload, recv);
	ck_assert_uint_eq(b->msgh_protected_payload, recv);
	ck_assert_uint_eq(a->msgh_seqno, b->msgh_seqno);
	ck_assert_int_eq(a->msgh_id, b->msgh_id);
	if (MACH_MSGH_BITS_LOCAL(bits) == 0) {
		ck_assert_uint_eq(a->msgh_remote_port_do_not_use, 0);
		ck_assert_uint_eq(b->msgh_remote_port_do_not_use, 0);
	} else {
		mach_port_name_t na =
			(mach_port_name_t)a->msgh_remote_port_do_not_use;
		mach_port_name_t nb =
			(mach_port_name_t)b->msgh_remote_port_do_not_use;
		ck_assert_uint_eq(a->msgh_remote_port_do_not_use, na);
		ck_assert_uint_eq(b->msgh_remote_port_do_not_use, nb);
		ck_assert_uint_ne(na, nb);
		ck_assert_uint_eq(ipc_test_type(space, na),
				  MACH_PORT_TYPE_SEND_ONCE);
		ck_assert_uint_eq(ipc_test_type(space, nb),
				  MACH_PORT_TYPE_SEND_ONCE);
		ck_assert_uint_eq(
			ipc_test_refs(space, nb, MACH_PORT_RIGHT_SEND_ONCE), 1);
		ck_assert_ptr_eq(ipc_test_port(space, nb), rport);
	}
	/* Made then consumed: the destination as it was each time. */
	ck_assert_mem_eq(&p1, &p0, sizeof p0);
	ck_assert_mem_eq(&p2, &p0, sizeof p0);
	ck_assert_uint_eq(r2.sorights - r1.sorights, r1.sorights - r0.sorights);
	ck_assert_uint_eq(r2.refs - r1.refs, r1.refs - r0.refs);
	ipc_kmsg_free(slow);
	ipc_kmsg_free(fast);
	ipc_port_release_send(held);
	ipc_space_destroy(client);
}

START_TEST(test_copyout_as_general)
{
	copyout_as_general(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
					  MACH_MSG_TYPE_PORT_SEND_ONCE));
	copyout_as_general(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0));
	copyout_as_general(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0));
	copyout_as_general(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
					  MACH_MSG_TYPE_PORT_SEND_ONCE) |
			   0x10000);
}
END_TEST

/* The last send right of a port without a no-senders request: no
 * notification to make, the fast path's. */
START_TEST(test_copyout_last_send)
{
	mach_port_name_t recv = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, recv);
	ipc_kmsg_t k = kernel_msg(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0),
				  port, IP_NULL);
	ck_assert_uint_eq(port->ip_srights, 1);
	ck_assert(ipc_fastpath_copyout(k, space));
	ck_assert_uint_eq(port->ip_srights, 0);
	ck_assert_uint_eq(k->ikm_header.msgh_protected_payload, recv);
	ipc_kmsg_free(k);
}
END_TEST

/* Refused, nothing changed; then the general path runs on it. */
#define assert_copyout_refused(kmsg, watch)                                    \
	copyout_refused(kmsg, watch, __LINE__)

static void
copyout_refused(ipc_kmsg_t k, ipc_port_t watch, int line)
{
	mach_msg_header_t before = k->ikm_header;
	struct port_counts c0 = counts(watch);
	uint32_t names = space->is_count;
	ck_assert_msg(!ipc_fastpath_copyout(k, space), "case of line %d", line);
	ck_assert_mem_eq(&k->ikm_header, &before, sizeof before);
	struct port_counts c1 = counts(watch);
	ck_assert_mem_eq(&c0, &c1, sizeof c0);
	ck_assert_uint_eq(space->is_count, names);
	(void)ipc_kmsg_copyout_header(k, space);
	ipc_kmsg_free(k);
}

#define SEND_SONCE                                                             \
	MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, MACH_MSG_TYPE_PORT_SEND_ONCE)

START_TEST(test_copyout_refused)
{
	ipc_space_t other = ipc_test_space();
	mach_port_name_t recv = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, recv);
	ipc_port_t theirs = ipc_test_port(other, ipc_test_receive(other));

	/* Another type of reply right, a complex message. */
	assert_copyout_refused(
		kernel_msg(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
					  MACH_MSG_TYPE_PORT_SEND),
			   port, theirs),
		theirs);
	ipc_kmsg_t k = kernel_msg(SEND_SONCE, port, theirs);
	k->ikm_header.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	assert_copyout_refused(k, port);
	/* A destination whose receive right is another space's. */
	assert_copyout_refused(kernel_msg(SEND_SONCE, theirs, port), theirs);
	/* A protected payload. */
	port->ip_has_payload = true;
	port->ip_protected_payload = 0x1234;
	assert_copyout_refused(kernel_msg(SEND_SONCE, port, theirs), port);
	port->ip_has_payload = false;

	/* The last send right of a port with a no-senders request. */
	k = kernel_msg(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0), port,
		       IP_NULL);
	ipc_port_t previous;
	ck_assert_int_eq(ipc_port_nsrequest(port, 0,
					    ipc_port_make_sonce(theirs),
					    &previous),
			 KERN_SUCCESS);
	ck_assert_ptr_null(previous);
	assert_copyout_refused(k, port);
	ck_assert_int_eq(ipc_test_notified(MACH_NOTIFY_NO_SENDERS).id,
			 MACH_NOTIFY_NO_SENDERS);

	/* A dead reply port: named MACH_PORT_DEAD by the general path. */
	mach_port_name_t r2 = ipc_test_receive(other);
	ipc_port_t dead = ipc_test_port(other, r2);
	k = kernel_msg(SEND_SONCE, port, dead);
	ck_assert_int_eq(mach_port_destroy(other, r2), KERN_SUCCESS);
	assert_copyout_refused(k, port);

	/* A dead destination. */
	mach_port_name_t r3 = ipc_test_receive(space);
	dead = ipc_test_port(space, r3);
	k = kernel_msg(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0), dead,
		       IP_NULL);
	ck_assert_int_eq(mach_port_destroy(space, r3), KERN_SUCCESS);
	assert_copyout_refused(k, dead);

	/* A table with no free slot for the reply: it must grow. */
	while (space->is_table_free > 0)
		(void)ipc_test_receive(space);
	assert_copyout_refused(kernel_msg(SEND_SONCE, port, theirs), port);
	ipc_space_destroy(other);
}
END_TEST

static Suite *
fastpath_suite(void)
{
	Suite *s = suite_create("ipc_fastpath");
	TCase *tc = tcase_create("copyin");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_request_as_general);
	tcase_add_test(tc, test_reply_as_general);
	tcase_add_test(tc, test_make_send_as_general);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("copyout");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_copyout_as_general);
	tcase_add_test(tc, test_copyout_last_send);
	tcase_add_test(tc, test_copyout_refused);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fastpath_suite)
