/*
 * check_ipc_kmsg.c: kmsgs and the header copyin/copyout
 * (ipc/ipc_kmsg.c): every disposition, each error code with the space
 * left as it was, rights counts after copyin and copyout, destroy.
 */

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "tests/unit/ipc/ipc_test.h"
#include "tests/unit/unit.h"

#include <stddef.h>
#include <stdlib.h>
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

/* A kmsg whose header is in user form. */
static ipc_kmsg_t
user_msg(mach_msg_type_name_t dest_type, mach_port_name_t dest,
	 mach_msg_type_name_t reply_type, mach_port_name_t reply)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(sizeof(mach_msg_header_t));
	ck_assert_ptr_nonnull(kmsg);
	mach_msg_header_t *h = &kmsg->ikm_header;
	h->msgh_bits = MACH_MSGH_BITS(dest_type, reply_type);
	h->msgh_size = sizeof *h;
	h->msgh_remote_port_do_not_use = dest;
	h->msgh_protected_payload = reply;
	h->msgh_seqno = 0;
	h->msgh_id = 1234;
	return kmsg;
}

/* A receive right with a send right in the same entry. */
static mach_port_name_t
send_receive(void)
{
	mach_port_name_t name = ipc_test_receive(space);
	ipc_port_t send = ipc_port_make_send(ipc_test_port(space, name));
	ck_assert_int_eq(mach_port_insert_right(space, name, send,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_SUCCESS);
	return name;
}

/* An entry holding only `n' urefs of a send right to a port received in
 * `other'. */
static mach_port_name_t
send_only(ipc_space_t other, mach_port_name_t *recv, mach_port_urefs_t n)
{
	*recv = ipc_test_receive(other);
	ipc_port_t port = ipc_test_port(other, *recv);
	mach_port_name_t name = IPC_NAME_NULL;
	for (mach_port_urefs_t i = 0; i < n; i++) {
		ipc_port_t p = ipc_port_make_send(port);
		is_write_lock(space);
		ck_assert_int_eq(ipc_right_copyout(space, p,
						   MACH_MSG_TYPE_PORT_SEND,
						   false, &name),
				 KERN_SUCCESS);
		is_write_unlock(space);
	}
	return name;
}

START_TEST(test_alloc_bounds)
{
	ck_assert_ptr_null(ipc_kmsg_alloc(0));
	ck_assert_ptr_null(ipc_kmsg_alloc(sizeof(mach_msg_header_t) - 1));
	ck_assert_ptr_null(ipc_kmsg_alloc(IKM_SIZE_MAX + 1));
	ck_assert_ptr_null(ipc_kmsg_alloc(MACH_MSG_SIZE_MAX));
	ipc_kmsg_t k = ipc_kmsg_alloc(IKM_SIZE_MAX);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->ikm_size, IKM_SIZE_MAX);
	ipc_kmsg_free(k);
	/* A small one gets the cached size; freed, it is the next one. */
	k = ipc_kmsg_alloc(100);
	ck_assert_uint_eq(k->ikm_size, IKM_SAVED_SIZE);
	ipc_kmsg_free(k);
	ck_assert_ptr_eq(ipc_kmsg_alloc(sizeof(mach_msg_header_t)), k);
	ipc_kmsg_free(k);
	ipc_kmsg_t other = ipc_kmsg_alloc(IKM_SAVED_SIZE);
	ck_assert_ptr_eq(other, k);
	k = ipc_kmsg_alloc(IKM_SAVED_SIZE); /* the cache is empty: kalloc */
	ck_assert_ptr_nonnull(k);
	ck_assert_ptr_ne(k, other);
	ipc_kmsg_free(k);
	ipc_kmsg_free(other); /* the cache was full: to kalloc */
	ipc_kmsg_cache_drain();
}
END_TEST

/* MAKE_SEND dest, MAKE_SEND_ONCE reply on one receive right; receive it. */
START_TEST(test_make_send_roundtrip)
{
	mach_port_name_t name = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, name);
	ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_MAKE_SEND, name,
				MACH_MSG_TYPE_MAKE_SEND_ONCE, name);
	k->ikm_header.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	mach_msg_header_t *h = &k->ikm_header;
	ck_assert_ptr_eq(ikm_remote_port(h), port);
	ck_assert_ptr_eq(ikm_local_port(h), port);
	ck_assert_uint_eq(h->msgh_bits,
			  MACH_MSGH_BITS_COMPLEX |
				  MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
						 MACH_MSG_TYPE_PORT_SEND_ONCE));
	ck_assert_uint_eq(port->ip_srights, 1);
	ck_assert_uint_eq(port->ip_sorights, 1);
	ck_assert_uint_eq(port->ip_mscount, 1);
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_RECEIVE);

	ck_assert_int_eq(ipc_kmsg_copyout_header(k, space), MACH_MSG_SUCCESS);
	/* Dest consumed, named by the receive right; reply a new sonce. */
	ck_assert_uint_eq(port->ip_srights, 0);
	ck_assert_uint_eq(port->ip_sorights, 1);
	ck_assert_uint_eq(h->msgh_protected_payload, name);
	mach_port_name_t reply =
		(mach_port_name_t)h->msgh_remote_port_do_not_use;
	ck_assert_uint_eq(h->msgh_remote_port_do_not_use, reply);
	ck_assert_uint_ne(reply, name);
	ck_assert_uint_eq(ipc_test_type(space, reply),
			  MACH_PORT_TYPE_SEND_ONCE);
	ck_assert_uint_eq(h->msgh_bits,
			  MACH_MSGH_BITS_COMPLEX |
				  MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
						 MACH_MSG_TYPE_PORT_SEND));
	ck_assert_int_eq(h->msgh_id, 1234);
	ipc_kmsg_free(k);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
}
END_TEST

/* Between two spaces: MOVE_SEND dest, MAKE_SEND reply. */
START_TEST(test_two_spaces)
{
	ipc_space_t rcv = ipc_test_space();
	mach_port_name_t recv;
	mach_port_name_t dest = send_only(rcv, &recv, 1);
	ipc_port_t port = ipc_test_port(rcv, recv);
	mach_port_name_t mine = ipc_test_receive(space);
	ipc_port_t myport = ipc_test_port(space, mine);
	ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_MOVE_SEND, dest,
				MACH_MSG_TYPE_MAKE_SEND, mine);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_ptr_eq(ikm_remote_port(&k->ikm_header), port);
	ck_assert_ptr_eq(ikm_local_port(&k->ikm_header), myport);
	/* The sender's last send right left: the name is gone. */
	mach_port_type_t t;
	ck_assert_int_eq(mach_port_type(space, dest, &t), KERN_INVALID_NAME);
	ck_assert_uint_eq(port->ip_srights, 1);
	ck_assert_uint_eq(myport->ip_srights, 1);

	ck_assert_int_eq(ipc_kmsg_copyout_header(k, rcv), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(port->ip_srights, 0);
	ck_assert_uint_eq(k->ikm_header.msgh_protected_payload, recv);
	mach_port_name_t r =
		(mach_port_name_t)k->ikm_header.msgh_remote_port_do_not_use;
	ck_assert_uint_eq(ipc_test_type(rcv, r), MACH_PORT_TYPE_SEND);
	ck_assert_uint_eq(ipc_test_refs(rcv, r, MACH_PORT_RIGHT_SEND), 1);
	ck_assert_uint_eq(myport->ip_srights, 1);
	ipc_kmsg_free(k);
	ipc_space_destroy(rcv);
}
END_TEST

/* COPY_SEND keeps the sender's urefs; MOVE_SEND takes one. */
START_TEST(test_copy_and_move_send)
{
	ipc_space_t rcv = ipc_test_space();
	mach_port_name_t recv;
	mach_port_name_t dest = send_only(rcv, &recv, 2);
	ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_COPY_SEND, dest, 0, 0);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(ipc_test_refs(space, dest, MACH_PORT_RIGHT_SEND), 2);
	ck_assert_ptr_eq(ikm_local_port(&k->ikm_header), IP_NULL);
	ipc_kmsg_destroy(k);
	k = user_msg(MACH_MSG_TYPE_MOVE_SEND, dest, 0, 0);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(ipc_test_refs(space, dest, MACH_PORT_RIGHT_SEND), 1);
	ck_assert_int_eq(ipc_kmsg_copyout_header(k, rcv), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(k->ikm_header.msgh_remote_port_do_not_use, 0);
	ck_assert_uint_eq(k->ikm_header.msgh_protected_payload, recv);
	ck_assert_uint_eq(k->ikm_header.msgh_bits,
			  MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND));
	ck_assert_uint_eq(ipc_test_port(rcv, recv)->ip_srights, 1);
	ipc_kmsg_free(k);
	ipc_space_destroy(rcv);
}
END_TEST

/* A send-once destination and reply; copyout in the receiving space. */
START_TEST(test_send_once)
{
	mach_port_name_t name = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, name);
	mach_port_name_t so;
	ipc_port_t p = ipc_port_make_sonce(port);
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, p,
					   MACH_MSG_TYPE_PORT_SEND_ONCE, false,
					   &so),
			 KERN_SUCCESS);
	is_write_unlock(space);
	mach_port_name_t so2;
	p = ipc_port_make_sonce(port);
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, p,
					   MACH_MSG_TYPE_PORT_SEND_ONCE, false,
					   &so2),
			 KERN_SUCCESS);
	is_write_unlock(space);
	ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_MOVE_SEND_ONCE, so,
				MACH_MSG_TYPE_MOVE_SEND_ONCE, so2);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	mach_port_type_t t;
	ck_assert_int_eq(mach_port_type(space, so, &t), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_type(space, so2, &t), KERN_INVALID_NAME);
	ck_assert_uint_eq(port->ip_sorights, 2);
	ck_assert_int_eq(ipc_kmsg_copyout_header(k, space), MACH_MSG_SUCCESS);
	/* Used quietly: no send-once notification. */
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	ck_assert_uint_eq(port->ip_sorights, 1);
	ck_assert_uint_eq(k->ikm_header.msgh_protected_payload, name);
	ipc_kmsg_free(k);
}
END_TEST

/* The header's bad dispositions. */
START_TEST(test_invalid_header)
{
	mach_port_name_t name = send_receive();
	uint64_t used = ipc_test_in_use();
	static const mach_msg_type_name_t bad[] = { 0,
						    MACH_MSG_TYPE_MOVE_RECEIVE,
						    MACH_MSG_TYPE_PORT_NAME,
						    MACH_MSG_TYPE_INTEGER_32,
						    22,
						    255 };
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ipc_kmsg_t k = user_msg(bad[i], name, 0, 0);
		ck_assert_int_eq(ipc_kmsg_copyin_header(k, space),
				 MACH_SEND_INVALID_HEADER);
		ck_assert_uint_eq(k->ikm_header.msgh_remote_port_do_not_use,
				  name);
		ipc_kmsg_free(k);
		k = user_msg(MACH_MSG_TYPE_COPY_SEND, name, bad[i], name);
		ck_assert_int_eq(ipc_kmsg_copyin_header(k, space),
				 MACH_SEND_INVALID_HEADER);
		ipc_kmsg_free(k);
	}
	ck_assert_uint_eq(ipc_test_in_use(), used);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_SEND), 1);
}
END_TEST

START_TEST(test_invalid_dest)
{
	mach_port_name_t name = send_receive();
	ipc_port_t port = ipc_test_port(space, name);
	mach_port_name_t reply = ipc_test_receive(space);
	const mach_port_name_t names[] = { IPC_NAME_NULL, IPC_NAME_DEAD,
					   name + 0x100, name ^ 1 };
	for (unsigned i = 0; i < 4; i++) {
		ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_COPY_SEND, names[i],
					MACH_MSG_TYPE_MAKE_SEND, reply);
		ck_assert_int_eq(ipc_kmsg_copyin_header(k, space),
				 MACH_SEND_INVALID_DEST);
		ipc_kmsg_free(k);
	}
	/* The right the disposition needs is missing: a send-once move of
	 * a send right; the reply (checked first) is left alone. */
	ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_MOVE_SEND_ONCE, name,
				MACH_MSG_TYPE_MAKE_SEND, reply);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space),
			 MACH_SEND_INVALID_DEST);
	ipc_kmsg_free(k);
	ck_assert_uint_eq(ipc_test_port(space, reply)->ip_srights, 0);
	ck_assert_uint_eq(ipc_test_port(space, reply)->ip_mscount, 0);
	ck_assert_uint_eq(port->ip_srights, 1);
	/* A dead name is no destination. */
	ck_assert_int_eq(
		mach_port_mod_refs(space, name, MACH_PORT_RIGHT_RECEIVE, -1),
		KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_DEAD_NAME);
	ipc_notify_flush();
	k = user_msg(MACH_MSG_TYPE_MOVE_SEND, name, 0, 0);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space),
			 MACH_SEND_INVALID_DEST);
	ipc_kmsg_free(k);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_DEAD_NAME),
			  1);
	/* A dead space. */
	ipc_space_t dead = ipc_test_space();
	ipc_space_reference(dead);
	ipc_space_destroy(dead);
	k = user_msg(MACH_MSG_TYPE_COPY_SEND, name, 0, 0);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, dead),
			 MACH_SEND_INVALID_DEST);
	ipc_kmsg_free(k);
	ipc_space_release(dead);
}
END_TEST

START_TEST(test_invalid_reply)
{
	ipc_space_t rcv = ipc_test_space();
	mach_port_name_t recv;
	mach_port_name_t dest = send_only(rcv, &recv, 1);
	mach_port_name_t name = ipc_test_receive(space);
	/* Not a name; lacks the right: a copy of a receive right alone. */
	const mach_port_name_t names[] = { name + 0x100, name };
	const mach_msg_type_name_t types[] = { MACH_MSG_TYPE_MAKE_SEND,
					       MACH_MSG_TYPE_COPY_SEND };
	for (unsigned i = 0; i < 2; i++) {
		ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_MOVE_SEND, dest, types[i],
					names[i]);
		ck_assert_int_eq(ipc_kmsg_copyin_header(k, space),
				 MACH_SEND_INVALID_REPLY);
		ipc_kmsg_free(k);
		/* The destination's move did not happen. */
		ck_assert_uint_eq(
			ipc_test_refs(space, dest, MACH_PORT_RIGHT_SEND), 1);
	}
	ipc_space_destroy(rcv);
}
END_TEST

/* A dead reply name is accepted; MACH_PORT_DEAD too. */
START_TEST(test_dead_reply)
{
	mach_port_name_t dest = send_receive();
	mach_port_name_t dn = send_receive();
	ck_assert_int_eq(
		mach_port_mod_refs(space, dn, MACH_PORT_RIGHT_RECEIVE, -1),
		KERN_SUCCESS);
	ipc_notify_flush();
	ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_COPY_SEND, dest,
				MACH_MSG_TYPE_MOVE_SEND, dn);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_ptr_eq(ikm_local_port(&k->ikm_header), IP_DEAD);
	mach_port_type_t t;
	ck_assert_int_eq(mach_port_type(space, dn, &t), KERN_INVALID_NAME);
	ck_assert_int_eq(ipc_kmsg_copyout_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(k->ikm_header.msgh_remote_port_do_not_use,
			  IPC_NAME_DEAD);
	ipc_kmsg_free(k);
	k = user_msg(MACH_MSG_TYPE_COPY_SEND, dest,
		     MACH_MSG_TYPE_MAKE_SEND_ONCE, IPC_NAME_DEAD);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_ptr_eq(ikm_local_port(&k->ikm_header), IP_DEAD);
	ipc_kmsg_destroy(k);
	ck_assert_uint_eq(ipc_test_port(space, dest)->ip_srights, 1);
}
END_TEST

/* One name as destination and reply: GNU Mach's combinations. */
START_TEST(test_same_name)
{
	ipc_space_t rcv = ipc_test_space();
	mach_port_name_t recv;
	mach_port_name_t n = send_only(rcv, &recv, 1);
	ipc_port_t port = ipc_test_port(rcv, recv);
	/* MOVE_SEND twice with one uref: nothing changes. */
	ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_MOVE_SEND, n,
				MACH_MSG_TYPE_MOVE_SEND, n);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space),
			 MACH_SEND_INVALID_DEST);
	ck_assert_uint_eq(ipc_test_refs(space, n, MACH_PORT_RIGHT_SEND), 1);
	ipc_kmsg_free(k);
	/* COPY + MOVE with one uref: both rights, the entry gone. */
	k = user_msg(MACH_MSG_TYPE_COPY_SEND, n, MACH_MSG_TYPE_MOVE_SEND, n);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	mach_port_type_t t;
	ck_assert_int_eq(mach_port_type(space, n, &t), KERN_INVALID_NAME);
	ck_assert_uint_eq(port->ip_srights, 2);
	ipc_kmsg_destroy(k);
	ck_assert_uint_eq(port->ip_srights, 0);
	/* MOVE twice with two urefs; COPY twice. */
	n = send_only(rcv, &recv, 2);
	port = ipc_test_port(rcv, recv);
	k = user_msg(MACH_MSG_TYPE_COPY_SEND, n, MACH_MSG_TYPE_COPY_SEND, n);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(port->ip_srights, 3);
	ipc_kmsg_destroy(k);
	k = user_msg(MACH_MSG_TYPE_MOVE_SEND, n, MACH_MSG_TYPE_MOVE_SEND, n);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_int_eq(mach_port_type(space, n, &t), KERN_INVALID_NAME);
	ck_assert_uint_eq(port->ip_srights, 2);
	ck_assert_int_eq(ipc_kmsg_copyout_header(k, rcv), MACH_MSG_SUCCESS);
	/* The reply merged into the receive right's entry. */
	ck_assert_uint_eq(k->ikm_header.msgh_remote_port_do_not_use, recv);
	ck_assert_uint_eq(k->ikm_header.msgh_protected_payload, recv);
	ck_assert_uint_eq(ipc_test_type(rcv, recv),
			  MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_uint_eq(port->ip_srights, 1);
	ipc_kmsg_free(k);
	/* A send-once move with anything. */
	mach_port_name_t r = ipc_test_receive(space);
	k = user_msg(MACH_MSG_TYPE_MOVE_SEND_ONCE, r,
		     MACH_MSG_TYPE_MAKE_SEND_ONCE, r);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space),
			 MACH_SEND_INVALID_DEST);
	ipc_kmsg_free(k);
	ipc_space_destroy(rcv);
}
END_TEST

/* Destroy releases: a send-once reply is destroyed with notification. */
START_TEST(test_destroy)
{
	mach_port_name_t name = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, name);
	ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_MAKE_SEND, name,
				MACH_MSG_TYPE_MAKE_SEND_ONCE, name);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ipc_kmsg_destroy(k);
	ck_assert_uint_eq(port->ip_srights, 0);
	ck_assert_uint_eq(ipc_notify_pending(), 1);
	ipc_test_notified(MACH_NOTIFY_SEND_ONCE);
	ck_assert_uint_eq(port->ip_sorights, 0);
}
END_TEST

/* The receiver does not hold the receive right: dest named 0; a dead
 * destination port is MACH_PORT_DEAD. */
START_TEST(test_copyout_elsewhere)
{
	ipc_space_t rcv = ipc_test_space();
	mach_port_name_t name = ipc_test_receive(space);
	ipc_kmsg_t k = user_msg(MACH_MSG_TYPE_MAKE_SEND, name, 0, 0);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_int_eq(ipc_kmsg_copyout_header(k, rcv), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(k->ikm_header.msgh_protected_payload, 0);
	ipc_kmsg_free(k);
	k = user_msg(MACH_MSG_TYPE_MAKE_SEND, name, 0, 0);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(space, name), KERN_SUCCESS);
	ck_assert_int_eq(ipc_kmsg_copyout_header(k, space), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(k->ikm_header.msgh_protected_payload, IPC_NAME_DEAD);
	ipc_kmsg_free(k);
	/* A dead receiver space: every right released. */
	name = ipc_test_receive(space);
	k = user_msg(MACH_MSG_TYPE_MAKE_SEND, name, MACH_MSG_TYPE_MAKE_SEND,
		     name);
	ck_assert_int_eq(ipc_kmsg_copyin_header(k, space), MACH_MSG_SUCCESS);
	ipc_space_reference(rcv);
	ipc_space_destroy(rcv);
	ck_assert_int_eq(ipc_kmsg_copyout_header(k, rcv),
			 MACH_RCV_HEADER_ERROR);
	ck_assert_uint_eq(ipc_test_port(space, name)->ip_srights, 0);
	ipc_kmsg_free(k);
	ipc_space_release(rcv);
}
END_TEST

/* A complex message: header, then `body' bytes, to `dest' (MAKE_SEND). */
static ipc_kmsg_t
body_msg(mach_port_name_t dest, const void *body, mach_msg_size_t len)
{
	ipc_kmsg_t k = ipc_kmsg_alloc(sizeof(mach_msg_header_t) + len);
	ck_assert_ptr_nonnull(k);
	mach_msg_header_t *h = &k->ikm_header;
	h->msgh_bits = MACH_MSGH_BITS_COMPLEX |
		       MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	h->msgh_size = sizeof *h + len;
	h->msgh_remote_port_do_not_use = dest;
	h->msgh_protected_payload = 0;
	h->msgh_seqno = 0;
	h->msgh_id = 1;
	memcpy(h + 1, body, len);
	return k;
}

static mach_msg_type_t
desc(mach_msg_type_name_t name, unsigned size, unsigned number, bool longform)
{
	mach_msg_type_t t = { 0 };
	t.msgt_name = name;
	t.msgt_size = size;
	t.msgt_number = number;
	t.msgt_inline = 1;
	t.msgt_longform = longform;
	return t;
}

struct body_rights {
	mach_msg_type_t t_int;
	uint32_t ints[3];
	uint32_t pad;
	mach_msg_type_t t_ports;
	uint64_t ports[3];
	mach_msg_type_t t_bytes;
	char bytes[5];
	char pad2[3];
	mach_msg_type_t t_rcv;
	uint64_t rcv;
};

/* Inline data and rights, short and long form, across two spaces. */
START_TEST(test_body_roundtrip)
{
	ipc_space_t rcv = ipc_test_space();
	mach_port_name_t dest = ipc_test_receive(rcv);
	mach_port_name_t a = send_receive();
	mach_port_name_t r = ipc_test_receive(space);
	ipc_port_t pa = ipc_test_port(space, a), pr = ipc_test_port(space, r);
	struct body_rights b;
	memset(&b, 0, sizeof b);
	b.t_int = desc(MACH_MSG_TYPE_INTEGER_32, 32, 3, false);
	b.ints[0] = 7;
	b.ints[1] = 8;
	b.ints[2] = 9;
	b.t_ports = desc(MACH_MSG_TYPE_COPY_SEND, 64, 3, true);
	b.ports[0] = a;
	b.ports[1] = IPC_NAME_NULL;
	b.ports[2] = IPC_NAME_DEAD;
	b.t_bytes = desc(MACH_MSG_TYPE_CHAR, 8, 5, false);
	memcpy(b.bytes, "hello", 5);
	b.t_rcv = desc(MACH_MSG_TYPE_MOVE_RECEIVE, 64, 1, false);
	b.rcv = r;
	/* The destination lives in `rcv': give the sender a send right. */
	ipc_port_t pd = ipc_port_make_send(ipc_test_port(rcv, dest));
	mach_port_name_t d;
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, pd, MACH_MSG_TYPE_PORT_SEND,
					   false, &d),
			 KERN_SUCCESS);
	is_write_unlock(space);
	ipc_kmsg_t k = body_msg(d, &b, sizeof b);
	k->ikm_header.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				  MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_MSG_SUCCESS);
	struct body_rights *kb = (void *)(&k->ikm_header + 1);
	ck_assert_uint_eq(kb->t_ports.msgt_name, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_uint_eq(kb->ports[0], (uint64_t)(uintptr_t)pa);
	ck_assert_uint_eq(kb->ports[1], 0);
	ck_assert_uint_eq(kb->ports[2], (uint64_t)(uintptr_t)IP_DEAD);
	ck_assert_uint_eq(kb->t_rcv.msgt_name, MACH_MSG_TYPE_PORT_RECEIVE);
	ck_assert_uint_eq(kb->rcv, (uint64_t)(uintptr_t)pr);
	ck_assert_uint_eq(pa->ip_srights, 2);
	mach_port_type_t t;
	ck_assert_int_eq(mach_port_type(space, r, &t), KERN_INVALID_NAME);
	ck_assert_ptr_null(pr->ip_receiver);

	ck_assert_int_eq(ipc_kmsg_copyout_header(k, rcv), MACH_MSG_SUCCESS);
	ck_assert_int_eq(ipc_kmsg_copyout_body(k, rcv), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(kb->ints[1], 8);
	ck_assert_mem_eq(kb->bytes, "hello", 5);
	mach_port_name_t na = (mach_port_name_t)kb->ports[0];
	ck_assert_uint_eq(kb->ports[0], na);
	ck_assert_uint_eq(ipc_test_type(rcv, na), MACH_PORT_TYPE_SEND);
	ck_assert_uint_eq(kb->ports[1], 0);
	ck_assert_uint_eq(kb->ports[2], IPC_NAME_DEAD);
	ck_assert_uint_eq(ipc_test_type(rcv, (mach_port_name_t)kb->rcv),
			  MACH_PORT_TYPE_RECEIVE);
	ck_assert_ptr_eq(pr->ip_receiver, rcv);
	ck_assert_uint_eq(pa->ip_srights, 2);
	ipc_kmsg_free(k);
	ipc_space_destroy(rcv);
}
END_TEST

/* Malformed items: each code, nothing leaked, earlier rights released. */
START_TEST(test_body_malformed)
{
	mach_port_name_t dest = ipc_test_receive(space);
	mach_port_name_t a = send_receive();
	ipc_port_t pa = ipc_test_port(space, a);
	struct {
		mach_msg_type_t t1;
		uint64_t p1[2];
		mach_msg_type_t t2;
		uint64_t p2;
	} b;
	/* A bad right after a good one: the good one is released. */
	b.t1 = desc(MACH_MSG_TYPE_COPY_SEND, 64, 2, false);
	b.p1[0] = a;
	b.p1[1] = a;
	b.t2 = desc(MACH_MSG_TYPE_MOVE_SEND_ONCE, 64, 1, false);
	b.p2 = a;
	ipc_kmsg_t k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_RIGHT);
	ipc_kmsg_free(k);
	ck_assert_uint_eq(pa->ip_srights, 1);
	ck_assert_uint_eq(ipc_test_port(space, dest)->ip_srights, 0);
	/* A bad name within one item. */
	b.p1[1] = a + 0x100;
	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_RIGHT);
	ipc_kmsg_free(k);
	ck_assert_uint_eq(pa->ip_srights, 1);
	/* Rights of the wrong size; out of line; too many elements. */
	b.p1[1] = a;
	b.t2 = desc(MACH_MSG_TYPE_COPY_SEND, 32, 1, false);
	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_TYPE);
	ipc_kmsg_free(k);
	/* Out of line at an unmapped address. */
	b.t2 = desc(MACH_MSG_TYPE_INTEGER_32, 32, 2, false);
	b.t2.msgt_inline = 0;
	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_MEMORY);
	ipc_kmsg_free(k);
	const unsigned numbers[] = { 3, 0xffffffffu };
	for (unsigned i = 0; i < 2; i++) {
		b.t2 = desc(MACH_MSG_TYPE_INTEGER_32, 32, numbers[i], false);
		k = body_msg(dest, &b, sizeof b);
		ck_assert_int_eq(ipc_kmsg_copyin(k, space),
				 MACH_SEND_MSG_TOO_SMALL);
		ipc_kmsg_free(k);
	}
	b.t2 = desc(MACH_MSG_TYPE_INTEGER_64, 0xffff, 0xffffffffu, true);
	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_MSG_TOO_SMALL);
	ipc_kmsg_free(k);
	/* A descriptor cut short; a size beyond the kmsg; misaligned. */
	k = body_msg(dest, &b, sizeof b);
	k->ikm_header.msgh_size -= 8;
	b.t2 = desc(MACH_MSG_TYPE_INTEGER_32, 32, 2, false);
	memcpy(&k->ikm_header + 1, &b, sizeof b);
	k->ikm_header.msgh_size =
		sizeof(mach_msg_header_t) + offsetof(__typeof__(b), t2) + 4;
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_MSG_TOO_SMALL);
	k->ikm_header.msgh_size = k->ikm_size + 8; /* past its room */
	ck_assert_int_eq(ipc_kmsg_copyin_body(k, space),
			 MACH_SEND_MSG_TOO_SMALL);
	ipc_kmsg_free(k);
	ck_assert_uint_eq(pa->ip_srights, 1);
	ck_assert_uint_eq(ipc_test_port(space, dest)->ip_srights, 0);
}
END_TEST

/* Destroy releases body rights: a moved receive right dies. */
START_TEST(test_body_destroy)
{
	mach_port_name_t dest = ipc_test_receive(space);
	mach_port_name_t r = ipc_test_receive(space);
	ipc_port_t pr = ipc_test_port(space, r);
	ip_reference(pr);
	struct {
		mach_msg_type_t t;
		uint64_t p;
	} b = { desc(MACH_MSG_TYPE_MOVE_RECEIVE, 64, 1, false), r };
	ipc_kmsg_t k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_MSG_SUCCESS);
	ck_assert(ip_active(pr));
	ipc_kmsg_destroy(k);
	ck_assert(!ip_active(pr));
	ip_release(pr);
}
END_TEST

/* An item out of line: the descriptor, then the 8-byte pointer. */
static mach_msg_type_t
ool_desc(mach_msg_type_name_t name, unsigned size, unsigned number,
	 bool dealloc)
{
	mach_msg_type_t t = desc(name, size, number, true);
	t.msgt_inline = 0;
	t.msgt_deallocate = dealloc;
	return t;
}

struct body_ool {
	mach_msg_type_t t_data;
	uint64_t data;
	mach_msg_type_t t_ports;
	uint64_t ports;
	mach_msg_type_t t_empty;
	uint64_t empty;
};

/* Out-of-line data and a port array: kernel form, then the receiver's
 * memory, names and rights; the message's copy is consumed. */
START_TEST(test_ool_roundtrip)
{
	mach_port_name_t dest = ipc_test_receive(space);
	mach_port_name_t a = send_receive();
	mach_port_name_t r = ipc_test_receive(space);
	ipc_port_t pa = ipc_test_port(space, a), pr = ipc_test_port(space, r);
	static char text[] = "out of line";
	mach_port_name_t names[4] = { a, IPC_NAME_NULL, IPC_NAME_DEAD, r };
	struct body_ool b = {
		ool_desc(MACH_MSG_TYPE_CHAR, 8, sizeof text, false),
		(uint64_t)(uintptr_t)text,
		ool_desc(MACH_MSG_TYPE_COPY_SEND, 32, 3, true),
		(uint64_t)(uintptr_t)names,
		ool_desc(MACH_MSG_TYPE_INTEGER_32, 32, 0, false),
		0x1234,
	};
	ipc_kmsg_t k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_MSG_SUCCESS);
	struct body_ool *kb = (void *)(&k->ikm_header + 1);
	ck_assert_int_eq(ikm_host_copies, 1);
	ck_assert_uint_eq(ikm_host_deallocated, (uintptr_t)names);
	ck_assert_uint_eq(kb->t_ports.msgt_name, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_uint_eq(kb->t_ports.msgt_size, 64);
	ipc_port_t *kp = (ipc_port_t *)(uintptr_t)kb->ports;
	ck_assert_ptr_eq(kp[0], pa);
	ck_assert_ptr_eq(kp[1], IP_NULL);
	ck_assert_ptr_eq(kp[2], IP_DEAD);
	ck_assert_uint_eq(kb->empty, 0);
	ck_assert_uint_eq(pa->ip_srights, 2);

	ck_assert_int_eq(ipc_kmsg_copyout(k, space), MACH_MSG_SUCCESS);
	ck_assert_int_eq(ikm_host_copies, 0);
	ck_assert_int_eq(ikm_host_allocations, 2);
	ck_assert_str_eq((char *)(uintptr_t)kb->data, text);
	ck_assert_uint_eq(kb->t_ports.msgt_size, 32);
	mach_port_name_t *got = (mach_port_name_t *)(uintptr_t)kb->ports;
	ck_assert_uint_eq(got[0], a);
	ck_assert_uint_eq(got[1], IPC_NAME_NULL);
	ck_assert_uint_eq(got[2], IPC_NAME_DEAD);
	ck_assert_uint_eq(ipc_test_refs(space, a, MACH_PORT_RIGHT_SEND), 2);
	free((void *)(uintptr_t)kb->data);
	free(got);
	ikm_host_allocations = 0;
	ikm_host_deallocated = 0;
	ipc_kmsg_free(k);
	(void)pr;
}
END_TEST

/* A bad name in the middle of an array: every right copied in so far is
 * released (a receive right destroyed), and so is the copy of the item
 * before it. */
START_TEST(test_ool_bad_name)
{
	mach_port_name_t dest = ipc_test_receive(space);
	mach_port_name_t a = send_receive();
	ipc_port_t pa = ipc_test_port(space, a);
	static char text[] = "x";
	mach_port_name_t names[3] = { a, a + 0x100, a };
	struct body_ool b = {
		ool_desc(MACH_MSG_TYPE_CHAR, 8, 1, false),
		(uint64_t)(uintptr_t)text,
		ool_desc(MACH_MSG_TYPE_COPY_SEND, 32, 3, true),
		(uint64_t)(uintptr_t)names,
		ool_desc(MACH_MSG_TYPE_INTEGER_32, 32, 0, false),
		0,
	};
	ipc_kmsg_t k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_RIGHT);
	ipc_kmsg_free(k);
	ck_assert_int_eq(ikm_host_copies, 0);
	ck_assert_uint_eq(ikm_host_deallocated, 0); /* not deallocated */
	ck_assert_uint_eq(pa->ip_srights, 1);
	ck_assert_uint_eq(ipc_test_refs(space, a, MACH_PORT_RIGHT_SEND), 1);
	/* The array unmapped; a MOVE_RECEIVE array of a send right. */
	b.ports = 0x100;
	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_MEMORY);
	ipc_kmsg_free(k);
	b.ports = (uint64_t)(uintptr_t)names;
	names[1] = a;
	b.t_ports = ool_desc(MACH_MSG_TYPE_MOVE_RECEIVE, 32, 3, false);
	ipc_port_t pd = ipc_test_port(space, dest);
	ip_reference(pd);
	names[0] = names[1] = dest;
	names[2] = dest;
	k = body_msg(a, &b, sizeof b);
	k->ikm_header.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				  MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_RIGHT);
	ipc_kmsg_free(k);
	/* The receive right moved in first is destroyed, as GNU Mach's
	 * clean_partial does. */
	ck_assert(!ip_active(pd));
	ip_release(pd);
	ck_assert_int_eq(ikm_host_copies, 0);
}
END_TEST

/* Descriptors GNU Mach refuses, and huge sizes. */
START_TEST(test_ool_bad_types)
{
	mach_port_name_t dest = ipc_test_receive(space);
	static char text[64];
	struct {
		mach_msg_type_t t;
		uint64_t p;
	} b = { ool_desc(MACH_MSG_TYPE_CHAR, 8, 1, false),
		(uint64_t)(uintptr_t)text };
	const unsigned bad_sizes[] = { 0, 1, 7, 24, 128, 0xffff };
	for (unsigned i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++) {
		b.t = ool_desc(MACH_MSG_TYPE_CHAR, bad_sizes[i], 1, false);
		ipc_kmsg_t k = body_msg(dest, &b, sizeof b);
		ck_assert_int_eq(ipc_kmsg_copyin(k, space),
				 MACH_SEND_INVALID_TYPE);
		ipc_kmsg_free(k);
	}
	/* Ports out of line are 32-bit names; dealloc of inline data; the
	 * unused bits. */
	b.t = ool_desc(MACH_MSG_TYPE_COPY_SEND, 64, 1, false);
	ipc_kmsg_t k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_TYPE);
	ipc_kmsg_free(k);
	b.t = desc(MACH_MSG_TYPE_INTEGER_64, 64, 1, false);
	b.t.msgt_deallocate = 1;
	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_TYPE);
	ipc_kmsg_free(k);
	b.t = desc(MACH_MSG_TYPE_INTEGER_64, 64, 1, false);
	b.t.msgt_unused = 1;
	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_TYPE);
	ipc_kmsg_free(k);
	/* Huge: 2^32 - 1 elements of 64 bits, of data and of names. */
	b.t = ool_desc(MACH_MSG_TYPE_INTEGER_64, 64, 0xffffffffu, true);
	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_MEMORY);
	ipc_kmsg_free(k);
	b.t = ool_desc(MACH_MSG_TYPE_COPY_SEND, 32, 0xffffffffu, true);
	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_INVALID_MEMORY);
	ipc_kmsg_free(k);
	/* The pointer cut short. */
	b.t = ool_desc(MACH_MSG_TYPE_CHAR, 8, 1, false);
	k = body_msg(dest, &b, sizeof b);
	k->ikm_header.msgh_size -= 4;
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_SEND_MSG_TOO_SMALL);
	ipc_kmsg_free(k);
	ck_assert_int_eq(ikm_host_copies, 0);
}
END_TEST

/* No room in the receiver: the copy and the rights are released, the
 * pointers are 0, the codes GNU Mach's; destroy releases everything. */
START_TEST(test_ool_no_space)
{
	mach_port_name_t dest = ipc_test_receive(space);
	mach_port_name_t a = send_receive();
	ipc_port_t pa = ipc_test_port(space, a);
	static char text[] = "data";
	mach_port_name_t names[2] = { a, a };
	struct body_ool b = {
		ool_desc(MACH_MSG_TYPE_CHAR, 8, sizeof text, false),
		(uint64_t)(uintptr_t)text,
		ool_desc(MACH_MSG_TYPE_COPY_SEND, 32, 2, false),
		(uint64_t)(uintptr_t)names,
		ool_desc(MACH_MSG_TYPE_INTEGER_32, 32, 0, false),
		0,
	};
	ipc_kmsg_t k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(pa->ip_srights, 3);
	ikm_host_no_space = 1;
	ck_assert_int_eq(ipc_kmsg_copyout(k, space),
			 MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE);
	ikm_host_no_space = 0;
	struct body_ool *kb = (void *)(&k->ikm_header + 1);
	ck_assert_uint_eq(kb->data, 0);
	ck_assert_uint_eq(kb->ports, 0);
	ck_assert_int_eq(ikm_host_copies, 0);
	ck_assert_uint_eq(pa->ip_srights, 1);
	ipc_kmsg_free(k);

	k = body_msg(dest, &b, sizeof b);
	ck_assert_int_eq(ipc_kmsg_copyin(k, space), MACH_MSG_SUCCESS);
	ck_assert_int_eq(ikm_host_copies, 1);
	ipc_kmsg_destroy(k);
	ck_assert_int_eq(ikm_host_copies, 0);
	ck_assert_uint_eq(pa->ip_srights, 1);
}
END_TEST

static Suite *
ipc_kmsg_suite(void)
{
	Suite *s = suite_create("ipc_kmsg");
	TCase *tc = tcase_create("header");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_alloc_bounds);
	tcase_add_test(tc, test_make_send_roundtrip);
	tcase_add_test(tc, test_two_spaces);
	tcase_add_test(tc, test_copy_and_move_send);
	tcase_add_test(tc, test_send_once);
	tcase_add_test(tc, test_invalid_header);
	tcase_add_test(tc, test_invalid_dest);
	tcase_add_test(tc, test_invalid_reply);
	tcase_add_test(tc, test_dead_reply);
	tcase_add_test(tc, test_same_name);
	tcase_add_test(tc, test_destroy);
	tcase_add_test(tc, test_copyout_elsewhere);
	suite_add_tcase(s, tc);
	tc = tcase_create("body");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_body_roundtrip);
	tcase_add_test(tc, test_body_malformed);
	tcase_add_test(tc, test_body_destroy);
	tcase_add_test(tc, test_ool_roundtrip);
	tcase_add_test(tc, test_ool_bad_name);
	tcase_add_test(tc, test_ool_bad_types);
	tcase_add_test(tc, test_ool_no_space);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ipc_kmsg_suite)
