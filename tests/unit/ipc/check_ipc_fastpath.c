/*
 * check_ipc_fastpath.c: the RPC's header copyin (ipc/ipc_fastpath.c)
 * against the general one: for the request and the reply shapes the
 * same header, rights counts, references and entries; every case it
 * must leave alone (other dispositions, the same name twice, a dead
 * destination, a dead-name request, a complex message, a bad name)
 * refused with nothing changed.
 */

#include <mach/notify.h>

#include "ipc/ipc_fastpath.h"
#include "ipc/ipc_kmsg.h"
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

static Suite *
fastpath_suite(void)
{
	Suite *s = suite_create("ipc_fastpath");
	TCase *tc = tcase_create("copyin");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_request_as_general);
	tcase_add_test(tc, test_reply_as_general);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fastpath_suite)
