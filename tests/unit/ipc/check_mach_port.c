/*
 * check_mach_port.c: the mach_port_* cores (ipc/mach_port.c): each
 * call's successes and errors, user-reference limits, dead names,
 * port sets, notifications, and random sequences of calls checked
 * against a model of Mach's rules.
 */

#include <stdlib.h>

#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "tests/unit/ipc/ipc_test.h"
#include "tests/unit/unit.h"

static ipc_space_t space;

static void
setup(void)
{
	space = ipc_test_begin();
}

/* Every test leaves its rights in the space: destroying it frees all. */
static void
teardown(void)
{
	ipc_test_end(space);
}

/* A send right of `recv''s port, named `name' in `other'. */
static void
give_send(ipc_space_t other, mach_port_name_t name, mach_port_name_t recv)
{
	ipc_port_t port = ipc_test_port(space, recv);
	ck_assert_ptr_eq(ipc_port_make_send(port), port);
	ck_assert_int_eq(mach_port_insert_right(other, name, port,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_SUCCESS);
}

START_TEST(test_allocate)
{
	mach_port_name_t r, s, d;
	ck_assert_int_eq(mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &r),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &s),
		KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &d),
		KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(space, r), MACH_PORT_TYPE_RECEIVE);
	ck_assert_uint_eq(ipc_test_type(space, s), MACH_PORT_TYPE_PORT_SET);
	ck_assert_uint_eq(ipc_test_type(space, d), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(ipc_test_refs(space, r, MACH_PORT_RIGHT_RECEIVE), 1);
	ck_assert_uint_eq(ipc_test_refs(space, r, MACH_PORT_RIGHT_SEND), 0);
	ck_assert_uint_eq(ipc_test_refs(space, s, MACH_PORT_RIGHT_PORT_SET), 1);
	ck_assert_uint_eq(ipc_test_refs(space, d, MACH_PORT_RIGHT_DEAD_NAME),
			  1);
	ipc_port_t port = ipc_test_port(space, r);
	ck_assert_ptr_eq(port->ip_receiver, space);
	ck_assert_uint_eq(port->ip_receiver_name, r);
	ck_assert_uint_eq(port->ip_qlimit, IPC_PORT_QLIMIT_DEFAULT);
	ck_assert_uint_eq(port->ip_srights + port->ip_sorights, 0);
	/* Rights that cannot be allocated. */
	mach_port_name_t x = 0x77;
	ck_assert_int_eq(mach_port_allocate(space, MACH_PORT_RIGHT_SEND, &x),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_SEND_ONCE, &x),
		KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_allocate(space, MACH_PORT_RIGHT_NUMBER, &x),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_allocate(space, ~0u, &x),
			 KERN_INVALID_VALUE);
	ck_assert_uint_eq(x, 0x77);
	mach_port_urefs_t refs;
	ck_assert_int_eq(
		mach_port_get_refs(space, r, MACH_PORT_RIGHT_NUMBER, &refs),
		KERN_INVALID_VALUE);
	ck_assert_int_eq(
		mach_port_get_refs(space, 0x999, MACH_PORT_RIGHT_SEND, &refs),
		KERN_INVALID_NAME);
}
END_TEST

START_TEST(test_deallocate)
{
	mach_port_name_t r = ipc_test_receive(space);
	mach_port_name_t s, d;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &s),
		KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &d),
		KERN_SUCCESS);
	/* Nothing to deallocate in a receive right or a port set. */
	ck_assert_int_eq(mach_port_deallocate(space, r), KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_deallocate(space, s), KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_deallocate(space, 0), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_deallocate(space, ~0u), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_deallocate(space, d), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_deallocate(space, d), KERN_INVALID_NAME);
	/* Send rights with the receive right: the entry stays. */
	give_send(space, r, r);
	give_send(space, r, r);
	ipc_port_t port = ipc_test_port(space, r);
	ck_assert_uint_eq(port->ip_srights, 1);
	ck_assert_int_eq(mach_port_deallocate(space, r), KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_refs(space, r, MACH_PORT_RIGHT_SEND), 1);
	ck_assert_int_eq(mach_port_deallocate(space, r), KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(space, r), MACH_PORT_TYPE_RECEIVE);
	ck_assert_uint_eq(port->ip_srights, 0);
	ck_assert_int_eq(mach_port_deallocate(space, r), KERN_INVALID_RIGHT);
}
END_TEST

START_TEST(test_destroy)
{
	mach_port_name_t pset;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &pset),
		KERN_SUCCESS);
	mach_port_name_t r = ipc_test_receive(space);
	ck_assert_int_eq(mach_port_move_member(space, r, pset), KERN_SUCCESS);
	give_send(space, r, r);
	ipc_port_t port = ipc_test_port(space, r);
	ip_reference(port); /* to look at it after its death */
	ck_assert_int_eq(mach_port_destroy(space, r), KERN_SUCCESS);
	mach_port_type_t type;
	ck_assert_int_eq(mach_port_type(space, r, &type), KERN_INVALID_NAME);
	ck_assert(!ip_active(port));
	ck_assert_uint_eq(port->ip_srights, 0);
	ck_assert_ptr_null(port->ip_pset);
	ip_release(port);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 0);
	/* The set is empty now, and goes too. */
	ck_assert_int_eq(mach_port_destroy(space, pset), KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.pset"), 0);
	ck_assert_int_eq(mach_port_destroy(space, pset), KERN_INVALID_NAME);
}
END_TEST

START_TEST(test_mod_refs_send)
{
	mach_port_name_t r = ipc_test_receive(space);
	/* A receive right has no send right to change. */
	ck_assert_int_eq(mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND, 1),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND, 0),
			 KERN_INVALID_RIGHT);
	give_send(space, r, r);
	ck_assert_int_eq(mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND, 0),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND, -2),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(
		mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND, INT32_MIN),
		KERN_INVALID_VALUE);
	/* Up to the limit exactly, and not one more. */
	ck_assert_int_eq(mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND,
					    MACH_PORT_UREFS_MAX - 1),
			 KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_refs(space, r, MACH_PORT_RIGHT_SEND),
			  MACH_PORT_UREFS_MAX);
	ck_assert_int_eq(mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND, 1),
			 KERN_UREFS_OVERFLOW);
	ck_assert_int_eq(
		mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND, INT32_MAX),
		KERN_UREFS_OVERFLOW);
	ck_assert_uint_eq(ipc_test_refs(space, r, MACH_PORT_RIGHT_SEND),
			  MACH_PORT_UREFS_MAX);
	ck_assert_uint_eq(ipc_test_type(space, r), MACH_PORT_TYPE_SEND_RECEIVE);
	ipc_port_t port = ipc_test_port(space, r);
	ck_assert_uint_eq(port->ip_srights, 1);
	ck_assert_int_eq(
		mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND,
				   -(mach_port_delta_t)MACH_PORT_UREFS_MAX),
		KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(space, r), MACH_PORT_TYPE_RECEIVE);
	ck_assert_uint_eq(port->ip_srights, 0);
	ck_assert_int_eq(
		mach_port_mod_refs(space, 0x31337, MACH_PORT_RIGHT_SEND, 1),
		KERN_INVALID_NAME);
	ck_assert_int_eq(
		mach_port_mod_refs(space, r, MACH_PORT_RIGHT_NUMBER, 0),
		KERN_INVALID_VALUE);
}
END_TEST

START_TEST(test_mod_refs_dead_name)
{
	mach_port_name_t d;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &d),
		KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(space, d, MACH_PORT_RIGHT_DEAD_NAME,
					    MACH_PORT_UREFS_MAX - 1),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_mod_refs(space, d, MACH_PORT_RIGHT_DEAD_NAME, 1),
		KERN_UREFS_OVERFLOW);
	ck_assert_uint_eq(ipc_test_refs(space, d, MACH_PORT_RIGHT_DEAD_NAME),
			  MACH_PORT_UREFS_MAX);
	ck_assert_int_eq(
		mach_port_mod_refs(space, d, MACH_PORT_RIGHT_DEAD_NAME,
				   -(mach_port_delta_t)MACH_PORT_UREFS_MAX - 1),
		KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_mod_refs(space, d, MACH_PORT_RIGHT_SEND, 1),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(
		mach_port_mod_refs(space, d, MACH_PORT_RIGHT_DEAD_NAME,
				   -(mach_port_delta_t)MACH_PORT_UREFS_MAX),
		KERN_SUCCESS);
	mach_port_type_t type;
	ck_assert_int_eq(mach_port_type(space, d, &type), KERN_INVALID_NAME);
	/* A live send right is not a dead name. */
	mach_port_name_t r = ipc_test_receive(space);
	give_send(space, r, r);
	ck_assert_int_eq(
		mach_port_mod_refs(space, r, MACH_PORT_RIGHT_DEAD_NAME, 1),
		KERN_INVALID_RIGHT);
}
END_TEST

START_TEST(test_mod_refs_zero_or_minus_one)
{
	mach_port_name_t r = ipc_test_receive(space);
	mach_port_name_t s;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &s),
		KERN_SUCCESS);
	ipc_port_t port = ipc_test_port(space, r);
	ck_assert_ptr_eq(ipc_port_make_sonce(port), port);
	mach_port_name_t so;
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, port,
					   MACH_MSG_TYPE_PORT_SEND_ONCE, false,
					   &so),
			 KERN_SUCCESS);
	is_write_unlock(space);
	const struct {
		mach_port_name_t name;
		mach_port_right_t right;
	} cases[] = { { r, MACH_PORT_RIGHT_RECEIVE },
		      { s, MACH_PORT_RIGHT_PORT_SET },
		      { so, MACH_PORT_RIGHT_SEND_ONCE } };
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(mach_port_mod_refs(space, cases[i].name,
						    cases[i].right, 1),
				 KERN_INVALID_VALUE);
		ck_assert_int_eq(mach_port_mod_refs(space, cases[i].name,
						    cases[i].right, -2),
				 KERN_INVALID_VALUE);
		ck_assert_int_eq(mach_port_mod_refs(space, cases[i].name,
						    cases[i].right, 0),
				 KERN_SUCCESS);
		/* The wrong right for the name. */
		ck_assert_int_eq(mach_port_mod_refs(space,
						    cases[(i + 1) % 3].name,
						    cases[i].right, 0),
				 KERN_INVALID_RIGHT);
	}
	/* -1 of the send-once right: its port hears of it. */
	ck_assert_int_eq(
		mach_port_mod_refs(space, so, MACH_PORT_RIGHT_SEND_ONCE, -1),
		KERN_SUCCESS);
	struct ipc_notify_record n = ipc_test_notified(MACH_NOTIFY_SEND_ONCE);
	ck_assert_ptr_eq(n.notify, port);
	ck_assert_int_eq(
		mach_port_mod_refs(space, s, MACH_PORT_RIGHT_PORT_SET, -1),
		KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_mod_refs(space, r, MACH_PORT_RIGHT_RECEIVE, -1),
		KERN_SUCCESS);
	size_t count;
	ck_assert_int_eq(mach_port_names(space, NULL, NULL, 0, &count),
			 KERN_SUCCESS);
	ck_assert_uint_eq(count, 0);
}
END_TEST

START_TEST(test_receive_destroyed_with_send)
{
	/* mod_refs(RECEIVE, -1) keeps the send rights as a dead name. */
	mach_port_name_t r = ipc_test_receive(space);
	give_send(space, r, r);
	ck_assert_int_eq(mach_port_mod_refs(space, r, MACH_PORT_RIGHT_SEND, 2),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_mod_refs(space, r, MACH_PORT_RIGHT_RECEIVE, -1),
		KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(space, r), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(ipc_test_refs(space, r, MACH_PORT_RIGHT_DEAD_NAME),
			  3);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 0);
}
END_TEST

START_TEST(test_dead_name_conversion)
{
	ipc_space_t other = ipc_test_space();
	mach_port_name_t r = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, r);
	give_send(other, 0x1000, r);
	ck_assert_int_eq(
		mach_port_mod_refs(other, 0x1000, MACH_PORT_RIGHT_SEND, 4),
		KERN_SUCCESS);
	ck_assert_ptr_eq(ipc_port_make_sonce(port), port);
	ck_assert_int_eq(mach_port_insert_right(other, 0x2000, port,
						MACH_MSG_TYPE_PORT_SEND_ONCE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(other, 0x1000), MACH_PORT_TYPE_SEND);
	ck_assert_int_eq(mach_port_destroy(space, r), KERN_SUCCESS);
	/* The rights become dead names when the space looks at them. */
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 1);
	ck_assert_uint_eq(port->ip_srights, 1);
	ck_assert_uint_eq(ipc_test_type(other, 0x1000),
			  MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(
		ipc_test_refs(other, 0x1000, MACH_PORT_RIGHT_DEAD_NAME), 5);
	ck_assert_uint_eq(ipc_test_refs(other, 0x1000, MACH_PORT_RIGHT_SEND),
			  0);
	ck_assert_uint_eq(port->ip_srights, 0);
	/* mod_refs on the send right of a dead port: there is none. */
	ck_assert_int_eq(mach_port_mod_refs(other, 0x2000,
					    MACH_PORT_RIGHT_SEND_ONCE, -1),
			 KERN_INVALID_RIGHT);
	ck_assert_uint_eq(ipc_test_type(other, 0x2000),
			  MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(
		ipc_test_refs(other, 0x2000, MACH_PORT_RIGHT_DEAD_NAME), 1);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 0);
	/* And a dead port's send-once right tells nobody. */
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	/* Deallocating a not-yet-converted send right: a dead name's. */
	mach_port_name_t r2 = ipc_test_receive(space);
	give_send(other, 0x3000, r2);
	ck_assert_int_eq(
		mach_port_mod_refs(other, 0x3000, MACH_PORT_RIGHT_SEND, 1),
		KERN_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(space, r2), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_deallocate(other, 0x3000), KERN_SUCCESS);
	ck_assert_uint_eq(
		ipc_test_refs(other, 0x3000, MACH_PORT_RIGHT_DEAD_NAME), 1);
	ipc_space_destroy(other);
}
END_TEST

START_TEST(test_names)
{
	mach_port_name_t r = ipc_test_receive(space);
	give_send(space, r, r);
	mach_port_name_t d;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &d),
		KERN_SUCCESS);
	ck_assert_int_eq(mach_port_allocate_name(
				 space, MACH_PORT_RIGHT_PORT_SET, 0xabcd0000),
			 KERN_SUCCESS);
	mach_port_name_t names[2];
	mach_port_type_t types[2];
	size_t count;
	/* Too little room: the count says how much is needed. */
	ck_assert_int_eq(mach_port_names(space, names, types, 2, &count),
			 KERN_SUCCESS);
	ck_assert_uint_eq(count, 3);
	mach_port_name_t all[3];
	mach_port_type_t alltypes[3];
	ck_assert_int_eq(mach_port_names(space, all, alltypes, 3, &count),
			 KERN_SUCCESS);
	ck_assert_uint_eq(count, 3);
	int seen = 0;
	for (int i = 0; i < 3; i++) {
		if (all[i] == r) {
			ck_assert_uint_eq(alltypes[i],
					  MACH_PORT_TYPE_SEND_RECEIVE);
			seen |= 1;
		} else if (all[i] == d) {
			ck_assert_uint_eq(alltypes[i],
					  MACH_PORT_TYPE_DEAD_NAME);
			seen |= 2;
		} else if (all[i] == 0xabcd0000) {
			ck_assert_uint_eq(alltypes[i], MACH_PORT_TYPE_PORT_SET);
			seen |= 4;
		}
	}
	ck_assert_int_eq(seen, 7);
	ck_assert_int_eq(mach_port_names(NULL, all, alltypes, 3, &count),
			 KERN_INVALID_TASK);
}
END_TEST

START_TEST(test_rename)
{
	mach_port_name_t r = ipc_test_receive(space);
	give_send(space, r, r);
	ipc_port_t port = ipc_test_port(space, r);
	mach_port_name_t d;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &d),
		KERN_SUCCESS);
	ck_assert_int_eq(mach_port_rename(space, r, d), KERN_NAME_EXISTS);
	ck_assert_int_eq(mach_port_rename(space, r, 0), KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_rename(space, r, ~0u), KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_rename(space, 0x5151, 0x5252),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_rename(space, r, 0x12340001), KERN_SUCCESS);
	mach_port_type_t type;
	ck_assert_int_eq(mach_port_type(space, r, &type), KERN_INVALID_NAME);
	ck_assert_uint_eq(ipc_test_type(space, 0x12340001),
			  MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_uint_eq(port->ip_receiver_name, 0x12340001);
	/* The port is found under its new name for merging. */
	ck_assert_ptr_eq(ipc_port_make_send(port), port);
	mach_port_name_t out;
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, port, MACH_MSG_TYPE_PORT_SEND,
					   false, &out),
			 KERN_SUCCESS);
	is_write_unlock(space);
	ck_assert_uint_eq(out, 0x12340001);
	ck_assert_uint_eq(ipc_test_refs(space, out, MACH_PORT_RIGHT_SEND), 2);
	/* And back into a table slot. */
	ck_assert_int_eq(mach_port_rename(space, 0x12340001, 0x205),
			 KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(space, 0x205),
			  MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_uint_eq(port->ip_receiver_name, 0x205);
}
END_TEST

START_TEST(test_move_member)
{
	mach_port_name_t s1, s2;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &s1),
		KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &s2),
		KERN_SUCCESS);
	mach_port_name_t r = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, r);
	ck_assert_int_eq(mach_port_move_member(space, r, 0), KERN_NOT_IN_SET);
	ck_assert_int_eq(mach_port_move_member(space, r, s1), KERN_SUCCESS);
	ipc_pset_t p1 = port->ip_pset;
	ck_assert_ptr_nonnull(p1);
	ck_assert_uint_eq(p1->ips_count, 1);
	/* A port is in one set at most: moving it leaves the first. */
	ck_assert_int_eq(mach_port_move_member(space, r, s2), KERN_SUCCESS);
	ck_assert_ptr_ne(port->ip_pset, p1);
	ck_assert_uint_eq(p1->ips_count, 0);
	ck_assert_uint_eq(port->ip_pset->ips_count, 1);
	ck_assert_int_eq(mach_port_move_member(space, r, s2), KERN_SUCCESS);
	ck_assert_uint_eq(port->ip_pset->ips_count, 1);
	/* Errors: member first, then the set. */
	mach_port_name_t d;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &d),
		KERN_SUCCESS);
	ck_assert_int_eq(mach_port_move_member(space, d, s1),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_move_member(space, s1, s2),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_move_member(space, 0x999, 0x998),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_move_member(space, r, 0x998),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_move_member(space, r, d),
			 KERN_INVALID_RIGHT);
	ck_assert_uint_eq(port->ip_pset->ips_count, 1);
	/* The set's destruction lets its members go. */
	ck_assert_int_eq(mach_port_destroy(space, s2), KERN_SUCCESS);
	ck_assert_ptr_null(port->ip_pset);
	ck_assert_int_eq(mach_port_move_member(space, r, 0), KERN_NOT_IN_SET);
	ck_assert_int_eq(mach_port_move_member(space, r, s1), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_move_member(space, r, 0), KERN_SUCCESS);
	ck_assert_ptr_null(port->ip_pset);
}
END_TEST

START_TEST(test_no_senders)
{
	mach_port_name_t r = ipc_test_receive(space);
	mach_port_name_t n = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, r);
	ipc_port_t notify = ipc_port_make_sonce(ipc_test_port(space, n));
	ipc_port_t previous;
	/* Not yet: no send right was ever made (sync 1 > mscount 0). */
	ck_assert_int_eq(ipc_port_nsrequest(port, 1, notify, &previous),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(previous, IP_NULL);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	ipc_space_t other = ipc_test_space();
	give_send(other, 0x100, r);
	give_send(other, 0x100, r);
	ck_assert_int_eq(mach_port_deallocate(other, 0x100), KERN_SUCCESS);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	ck_assert_int_eq(mach_port_deallocate(other, 0x100), KERN_SUCCESS);
	struct ipc_notify_record rec =
		ipc_test_notified(MACH_NOTIFY_NO_SENDERS);
	ck_assert_ptr_eq(rec.notify, notify);
	ck_assert_uint_eq(rec.mscount, 2);
	ck_assert_ptr_null(port->ip_nsrequest);
	/* Asked again with no senders and sync reached: at once. */
	notify = ipc_port_make_sonce(ipc_test_port(space, n));
	ck_assert_int_eq(ipc_port_nsrequest(port, 2, notify, &previous),
			 KERN_SUCCESS);
	rec = ipc_test_notified(MACH_NOTIFY_NO_SENDERS);
	ck_assert_uint_eq(rec.mscount, 2);
	/* A pending request dies with the port: a send-once notification. */
	notify = ipc_port_make_sonce(ipc_test_port(space, n));
	ck_assert_int_eq(ipc_port_nsrequest(port, 9, notify, &previous),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(space, r), KERN_SUCCESS);
	rec = ipc_test_notified(MACH_NOTIFY_SEND_ONCE);
	ck_assert_ptr_eq(rec.notify, notify);
	ipc_space_destroy(other);
}
END_TEST

START_TEST(test_port_destroyed)
{
	mach_port_name_t r = ipc_test_receive(space);
	mach_port_name_t n = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, r);
	ipc_port_t notify = ipc_port_make_sonce(ipc_test_port(space, n));
	ipc_port_t previous;
	ck_assert_int_eq(ipc_port_pdrequest(port, notify, &previous),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(previous, IP_NULL);
	ck_assert_int_eq(mach_port_destroy(space, r), KERN_SUCCESS);
	/* The receive right lives on, in the notification. */
	struct ipc_notify_record rec;
	ck_assert(ipc_notify_take(&rec));
	ck_assert_int_eq(rec.id, MACH_NOTIFY_PORT_DESTROYED);
	ck_assert_ptr_eq(rec.notify, notify);
	ck_assert_ptr_eq(rec.port, port);
	ck_assert(ip_active(port));
	ck_assert_ptr_null(port->ip_receiver);
	ipc_port_release_sonce(rec.notify);
	/* Delivered: the receiver of `n' gets the receive right. */
	mach_port_name_t back;
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, port,
					   MACH_MSG_TYPE_PORT_RECEIVE, false,
					   &back),
			 KERN_SUCCESS);
	is_write_unlock(space);
	ck_assert_uint_eq(ipc_test_type(space, back), MACH_PORT_TYPE_RECEIVE);
	/* Destroyed again, with no request left: it dies. */
	ck_assert_int_eq(mach_port_destroy(space, back), KERN_SUCCESS);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 1);
}
END_TEST

/* ---- random sequences against a model ---- */

#define MODEL_NAMES 512
#define MODEL_PORTS 512

struct model_name {
	mach_port_name_t name;
	mach_port_type_t type;
	mach_port_urefs_t urefs;
	int port; /* a port right's port, or -1 */
	int pset; /* a port set's id, or -1 */
};

struct model_port {
	bool alive;
	bool here; /* received in `space' (else in `other') */
	mach_port_name_t recv_name;
	int pset; /* the set it is in, or -1 */
};

static struct model_name names[MODEL_NAMES];
static int nnames;
static struct model_port ports[MODEL_PORTS];
static int nports;
static int nsets;
static unsigned expected_notifications;
static ipc_space_t other;
static uint64_t rng;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static int
model_find(mach_port_name_t name)
{
	for (int i = 0; i < nnames; i++)
		if (names[i].name == name)
			return i;
	return -1;
}

static void
model_remove(int i)
{
	names[i] = names[--nnames];
}

static void
model_add(mach_port_name_t name, mach_port_type_t type, mach_port_urefs_t urefs,
	  int port, int pset)
{
	ck_assert_int_lt(nnames, MODEL_NAMES);
	ck_assert_int_eq(model_find(name), -1);
	names[nnames++] = (struct model_name){ name, type, urefs, port, pset };
}

/* A port died: its send rights become dead names (eagerly here). */
static void
model_port_dies(int p)
{
	ports[p].alive = false;
	ports[p].pset = -1;
	for (int i = 0; i < nnames; i++) {
		if (names[i].port != p)
			continue;
		if (names[i].type == MACH_PORT_TYPE_SEND_ONCE)
			names[i].urefs = 1;
		names[i].type = MACH_PORT_TYPE_DEAD_NAME;
		names[i].port = -1;
	}
}

/* Destroy everything name i holds, as mach_port_destroy does. */
static void
model_destroy(int i)
{
	struct model_name n = names[i];
	model_remove(i);
	if (n.type & MACH_PORT_TYPE_RECEIVE) {
		model_port_dies(n.port);
	} else if (n.type & MACH_PORT_TYPE_PORT_SET) {
		for (int p = 0; p < nports; p++)
			if (ports[p].pset == n.pset)
				ports[p].pset = -1;
	} else if (n.type & MACH_PORT_TYPE_SEND_ONCE) {
		expected_notifications++;
	}
}

static mach_port_name_t
pick_name(void)
{
	if (nnames == 0 || rnd(8) == 0) {
		const mach_port_name_t junk[] = { 0, ~0u, 0x101, 0xabcdef12 };
		return junk[rnd(4)];
	}
	return names[rnd((uint32_t)nnames)].name;
}

static kern_return_t
model_mod_refs(mach_port_name_t name, mach_port_right_t right,
	       mach_port_delta_t delta)
{
	int i = model_find(name);
	if (i < 0)
		return KERN_INVALID_NAME;
	struct model_name *n = &names[i];
	mach_port_type_t want = MACH_PORT_TYPE(right);
	if ((n->type & want) == 0)
		return KERN_INVALID_RIGHT;
	if (right == MACH_PORT_RIGHT_SEND ||
	    right == MACH_PORT_RIGHT_DEAD_NAME) {
		int64_t to = (int64_t)n->urefs + delta;
		if (to < 0)
			return KERN_INVALID_VALUE;
		if (to > MACH_PORT_UREFS_MAX)
			return KERN_UREFS_OVERFLOW;
		if (to > 0) {
			n->urefs = (mach_port_urefs_t)to;
		} else if (n->type & MACH_PORT_TYPE_RECEIVE) {
			n->type = MACH_PORT_TYPE_RECEIVE;
			n->urefs = 0;
		} else {
			model_remove(i);
		}
		return KERN_SUCCESS;
	}
	if (delta != 0 && delta != -1)
		return KERN_INVALID_VALUE;
	if (delta == 0)
		return KERN_SUCCESS;
	if (right == MACH_PORT_RIGHT_RECEIVE &&
	    (n->type & MACH_PORT_TYPE_SEND)) {
		int p = n->port;
		n->type = MACH_PORT_TYPE_DEAD_NAME;
		n->port = -1;
		model_port_dies(p);
		return KERN_SUCCESS;
	}
	model_destroy(i);
	return KERN_SUCCESS;
}

static kern_return_t
model_deallocate(mach_port_name_t name)
{
	int i = model_find(name);
	if (i < 0)
		return KERN_INVALID_NAME;
	struct model_name *n = &names[i];
	if (n->type == MACH_PORT_TYPE_SEND_ONCE) {
		model_destroy(i);
		return KERN_SUCCESS;
	}
	if ((n->type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DEAD_NAME)) == 0)
		return KERN_INVALID_RIGHT;
	return model_mod_refs(name,
			      n->type & MACH_PORT_TYPE_SEND
				      ? MACH_PORT_RIGHT_SEND
				      : MACH_PORT_RIGHT_DEAD_NAME,
			      -1);
}

static kern_return_t
model_move_member(mach_port_name_t member, mach_port_name_t after)
{
	int i = model_find(member);
	if (i < 0)
		return KERN_INVALID_NAME;
	if ((names[i].type & MACH_PORT_TYPE_RECEIVE) == 0)
		return KERN_INVALID_RIGHT;
	int set = -1;
	if (after != 0) {
		int j = model_find(after);
		if (j < 0)
			return KERN_INVALID_NAME;
		if ((names[j].type & MACH_PORT_TYPE_PORT_SET) == 0)
			return KERN_INVALID_RIGHT;
		set = names[j].pset;
	}
	struct model_port *p = &ports[names[i].port];
	if (p->pset < 0 && set < 0)
		return KERN_NOT_IN_SET;
	p->pset = set;
	return KERN_SUCCESS;
}

/* The kernel's state agrees with the model. */
static void
model_check(void)
{
	size_t count;
	ck_assert_int_eq(mach_port_names(space, NULL, NULL, 0, &count),
			 KERN_SUCCESS);
	ck_assert_uint_eq(count, (size_t)nnames);
	for (int i = 0; i < nnames; i++) {
		struct model_name *n = &names[i];
		ck_assert_uint_eq(ipc_test_type(space, n->name), n->type);
		mach_port_right_t r = n->type & MACH_PORT_TYPE_DEAD_NAME
					      ? MACH_PORT_RIGHT_DEAD_NAME
				      : n->type & MACH_PORT_TYPE_SEND_ONCE
					      ? MACH_PORT_RIGHT_SEND_ONCE
					      : MACH_PORT_RIGHT_SEND;
		ck_assert_uint_eq(ipc_test_refs(space, n->name, r), n->urefs);
		if (n->type & MACH_PORT_TYPE_RECEIVE) {
			ipc_port_t port = ipc_test_port(space, n->name);
			ck_assert_uint_eq(port->ip_receiver_name, n->name);
			ck_assert_int_eq(port->ip_pset != NULL,
					 ports[n->port].pset >= 0);
		}
	}
	ck_assert_uint_eq(ipc_notify_pending(), expected_notifications);
}

static void
random_step(void)
{
	mach_port_name_t name, after;
	kern_return_t kr, want;
	switch (rnd(11)) {
	case 0: { /* a receive right here */
		name = ipc_test_receive(space);
		ck_assert_int_lt(nports, MODEL_PORTS);
		ports[nports] = (struct model_port){ true, true, name, -1 };
		model_add(name, MACH_PORT_TYPE_RECEIVE, 0, nports++, -1);
		break;
	}
	case 1: /* a port set or a dead name */
		if (rnd(2)) {
			ck_assert_int_eq(
				mach_port_allocate(
					space, MACH_PORT_RIGHT_PORT_SET, &name),
				KERN_SUCCESS);
			model_add(name, MACH_PORT_TYPE_PORT_SET, 0, -1,
				  nsets++);
		} else {
			ck_assert_int_eq(
				mach_port_allocate(space,
						   MACH_PORT_RIGHT_DEAD_NAME,
						   &name),
				KERN_SUCCESS);
			model_add(name, MACH_PORT_TYPE_DEAD_NAME, 1, -1, -1);
		}
		break;
	case 2: { /* a port received elsewhere: a send or send-once right */
		mach_port_name_t r;
		ck_assert_int_eq(
			mach_port_allocate(other, MACH_PORT_RIGHT_RECEIVE, &r),
			KERN_SUCCESS);
		ck_assert_int_lt(nports, MODEL_PORTS);
		ports[nports] = (struct model_port){ true, false, r, -1 };
		ipc_port_t port = ipc_test_port(other, r);
		bool once = rnd(3) == 0;
		ipc_port_t right = once ? ipc_port_make_sonce(port)
					: ipc_port_make_send(port);
		is_write_lock(space);
		ck_assert_int_eq(
			ipc_right_copyout(space, right,
					  once ? MACH_MSG_TYPE_PORT_SEND_ONCE
					       : MACH_MSG_TYPE_PORT_SEND,
					  false, &name),
			KERN_SUCCESS);
		is_write_unlock(space);
		model_add(name,
			  once ? MACH_PORT_TYPE_SEND_ONCE : MACH_PORT_TYPE_SEND,
			  1, nports++, -1);
		break;
	}
	case 3: { /* the death of a port received elsewhere */
		int p = (int)rnd((uint32_t)nports + 1);
		if (p >= nports || ports[p].here || !ports[p].alive)
			break;
		ck_assert_int_eq(mach_port_destroy(other, ports[p].recv_name),
				 KERN_SUCCESS);
		model_port_dies(p); /* its send-once rights tell nobody */
		break;
	}
	case 4: { /* make a send right and merge it back in */
		name = pick_name();
		ipc_port_t port;
		mach_msg_type_name_t type;
		kr = mach_port_extract_right(
			space, name, MACH_MSG_TYPE_MAKE_SEND, &port, &type);
		int i = model_find(name);
		want = i < 0 ? KERN_INVALID_NAME
		       : (names[i].type & MACH_PORT_TYPE_RECEIVE)
			       ? KERN_SUCCESS
			       : KERN_INVALID_RIGHT;
		ck_assert_int_eq(kr, want);
		if (kr != KERN_SUCCESS)
			break;
		ck_assert_int_eq(
			mach_port_insert_right(space, name, port, type),
			KERN_SUCCESS);
		names[i].type |= MACH_PORT_TYPE_SEND;
		names[i].urefs++;
		break;
	}
	case 5: /* a send-once right, copied out under a new name */
		name = pick_name();
		ipc_port_t port;
		mach_msg_type_name_t type;
		kr = mach_port_extract_right(space, name,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE,
					     &port, &type);
		int i = model_find(name);
		want = i < 0 ? KERN_INVALID_NAME
		       : (names[i].type & MACH_PORT_TYPE_RECEIVE)
			       ? KERN_SUCCESS
			       : KERN_INVALID_RIGHT;
		ck_assert_int_eq(kr, want);
		if (kr != KERN_SUCCESS)
			break;
		int p = names[i].port;
		is_write_lock(space);
		ck_assert_int_eq(
			ipc_right_copyout(space, port, type, false, &name),
			KERN_SUCCESS);
		is_write_unlock(space);
		model_add(name, MACH_PORT_TYPE_SEND_ONCE, 1, p, -1);
		break;
	case 6: {
		name = pick_name();
		mach_port_right_t right = rnd(MACH_PORT_RIGHT_NUMBER + 1);
		mach_port_delta_t delta = (mach_port_delta_t)rnd(5) - 2;
		kr = mach_port_mod_refs(space, name, right, delta);
		want = right >= MACH_PORT_RIGHT_NUMBER
			       ? KERN_INVALID_VALUE
			       : model_mod_refs(name, right, delta);
		ck_assert_int_eq(kr, want);
		break;
	}
	case 7:
		name = pick_name();
		ck_assert_int_eq(mach_port_deallocate(space, name),
				 model_deallocate(name));
		break;
	case 8:
		name = pick_name();
		kr = mach_port_destroy(space, name);
		int j = model_find(name);
		ck_assert_int_eq(kr, j < 0 ? KERN_INVALID_NAME : KERN_SUCCESS);
		if (j >= 0)
			model_destroy(j);
		break;
	case 9:
		name = pick_name();
		after = rnd(4) == 0 ? 0 : pick_name();
		want = model_move_member(name, after);
		ck_assert_int_eq(mach_port_move_member(space, name, after),
				 want);
		break;
	case 10: { /* many send rights at once, near the limit */
		name = pick_name();
		mach_port_delta_t delta =
			(mach_port_delta_t)(MACH_PORT_UREFS_MAX / 2) -
			(mach_port_delta_t)rnd(3);
		kr = mach_port_mod_refs(space, name, MACH_PORT_RIGHT_SEND,
					delta);
		ck_assert_int_eq(
			kr, model_mod_refs(name, MACH_PORT_RIGHT_SEND, delta));
		break;
	}
	}
}

START_TEST(test_random_against_model)
{
	for (uint64_t seed = 1; seed <= 12; seed++) {
		rng = seed * 0x9e3779b97f4a7c15ull;
		nnames = nports = nsets = 0;
		expected_notifications = 0;
		other = ipc_test_space();
		for (int step = 0; step < 300; step++) {
			random_step();
			model_check();
		}
		/* The other space's death kills its ports here too. */
		ipc_space_destroy(other);
		for (int p = 0; p < nports; p++)
			if (!ports[p].here && ports[p].alive)
				model_port_dies(p);
		model_check();
		/*
		 * This space's death.  Its send-once rights to its own ports
		 * would notify or not depending on which entry goes first:
		 * destroy them first, then the rest notifies nobody.
		 */
		for (int i = nnames - 1; i >= 0; i--)
			if (names[i].type == MACH_PORT_TYPE_SEND_ONCE) {
				ck_assert_int_eq(
					mach_port_destroy(space, names[i].name),
					KERN_SUCCESS);
				model_destroy(i);
			}
		model_check();
		ipc_space_destroy(space);
		ck_assert_uint_eq(ipc_notify_pending(), expected_notifications);
		ipc_notify_flush();
		ck_assert_uint_eq(ipc_test_in_use(), ipc_test_baseline());
		space = ipc_test_space();
	}
}
END_TEST

static Suite *
mach_port_suite(void)
{
	Suite *s = suite_create("mach_port");
	TCase *tc = tcase_create("calls");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_allocate);
	tcase_add_test(tc, test_deallocate);
	tcase_add_test(tc, test_destroy);
	tcase_add_test(tc, test_mod_refs_send);
	tcase_add_test(tc, test_mod_refs_dead_name);
	tcase_add_test(tc, test_mod_refs_zero_or_minus_one);
	tcase_add_test(tc, test_receive_destroyed_with_send);
	tcase_add_test(tc, test_dead_name_conversion);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_rename);
	tcase_add_test(tc, test_move_member);
	tcase_add_test(tc, test_no_senders);
	tcase_add_test(tc, test_port_destroyed);
	suite_add_tcase(s, tc);
	TCase *model = tcase_create("model");
	tcase_add_checked_fixture(model, setup, teardown);
	tcase_set_timeout(model, 60);
	tcase_add_test(model, test_random_against_model);
	suite_add_tcase(s, model);
	return s;
}

UNIT_MAIN(mach_port_suite)
