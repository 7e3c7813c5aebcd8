/*
 * check_ipc_space.c: name spaces (ipc/ipc_space.c, ipc/ipc_entry.c):
 * the name layout, generations, the growing table, names of the
 * caller's choosing, and destruction releasing everything.
 */

#include <stdlib.h>

#include "ipc/ipc_entry.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "tests/unit/ipc/ipc_test.h"
#include "tests/unit/unit.h"

START_TEST(test_name_layout)
{
	ipc_space_t space = ipc_test_space();
	mach_port_name_t a, b;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &a),
		KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &b),
		KERN_SUCCESS);
	/* GNU Mach's layout: index << 8 | generation; index 0 unused. */
	ck_assert_uint_ne(MACH_PORT_INDEX(a), 0);
	ck_assert_uint_ne(MACH_PORT_INDEX(b), 0);
	ck_assert_uint_ne(MACH_PORT_INDEX(a), MACH_PORT_INDEX(b));
	ck_assert_uint_eq(MACH_PORT_MAKE(MACH_PORT_INDEX(a), MACH_PORT_GEN(a)),
			  a);
	ck_assert_uint_ne(a & 0xff, 0);
	ipc_space_destroy(space);
}
END_TEST

START_TEST(test_reuse_new_generation)
{
	ipc_space_t space = ipc_test_space();
	mach_port_name_t first, name, prev;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &first),
		KERN_SUCCESS);
	prev = first;
	/* The slot comes back each time, under a new name. */
	for (int i = 0; i < 255; i++) {
		ck_assert_int_eq(mach_port_deallocate(space, prev),
				 KERN_SUCCESS);
		ck_assert_int_eq(mach_port_allocate(space,
						    MACH_PORT_RIGHT_DEAD_NAME,
						    &name),
				 KERN_SUCCESS);
		ck_assert_uint_eq(MACH_PORT_INDEX(name),
				  MACH_PORT_INDEX(first));
		ck_assert_uint_ne(name, prev);
		ck_assert_uint_ne(name, first);
		/* The stale name finds nothing. */
		mach_port_type_t type;
		ck_assert_int_eq(mach_port_type(space, prev, &type),
				 KERN_INVALID_NAME);
		ck_assert_int_eq(mach_port_deallocate(space, prev),
				 KERN_INVALID_NAME);
		prev = name;
	}
	ipc_space_destroy(space);
}
END_TEST

START_TEST(test_table_grows)
{
	uint64_t base = ipc_test_in_use();
	ipc_space_t space = ipc_test_space();
	enum { N = 3000 };
	static mach_port_name_t names[N];
	for (int i = 0; i < N; i++) {
		mach_port_right_t right = i % 3 == 0 ? MACH_PORT_RIGHT_RECEIVE
					  : i % 3 == 1
						  ? MACH_PORT_RIGHT_PORT_SET
						  : MACH_PORT_RIGHT_DEAD_NAME;
		ck_assert_int_eq(mach_port_allocate(space, right, &names[i]),
				 KERN_SUCCESS);
	}
	for (int i = 0; i < N; i++) {
		mach_port_type_t want = i % 3 == 0   ? MACH_PORT_TYPE_RECEIVE
					: i % 3 == 1 ? MACH_PORT_TYPE_PORT_SET
						     : MACH_PORT_TYPE_DEAD_NAME;
		ck_assert_uint_eq(ipc_test_type(space, names[i]), want);
		for (int j = 0; j < i; j += 97)
			ck_assert_uint_ne(names[i], names[j]);
	}
	/* A receive right knows its (unchanged) name after the growth. */
	ck_assert_uint_eq(ipc_test_port(space, names[0])->ip_receiver_name,
			  names[0]);
	size_t count;
	ck_assert_int_eq(mach_port_names(space, NULL, NULL, 0, &count),
			 KERN_SUCCESS);
	ck_assert_uint_eq(count, N);
	ipc_space_destroy(space);
	ck_assert_uint_eq(ipc_test_in_use(), base);
}
END_TEST

START_TEST(test_allocate_name)
{
	ipc_space_t space = ipc_test_space();
	mach_port_name_t picked[] = {
		5,          /* index 0: never a slot */
		0x12345678, /* far beyond the table */
		0xfffffffe, /* the largest index */
		0x00000a07, /* a slot of the table, generation 7 */
		0x00000a08, /* the same slot, another generation */
	};
	for (size_t i = 0; i < sizeof picked / sizeof picked[0]; i++)
		ck_assert_int_eq(
			mach_port_allocate_name(space, MACH_PORT_RIGHT_RECEIVE,
						picked[i]),
			KERN_SUCCESS);
	for (size_t i = 0; i < sizeof picked / sizeof picked[0]; i++) {
		ck_assert_uint_eq(ipc_test_type(space, picked[i]),
				  MACH_PORT_TYPE_RECEIVE);
		ck_assert_uint_eq(
			ipc_test_port(space, picked[i])->ip_receiver_name,
			picked[i]);
		ck_assert_int_eq(
			mach_port_allocate_name(
				space, MACH_PORT_RIGHT_DEAD_NAME, picked[i]),
			KERN_NAME_EXISTS);
	}
	/* Neighbours of a picked name are not taken. */
	mach_port_type_t type;
	ck_assert_int_eq(mach_port_type(space, 0x00000a09, &type),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_type(space, 4, &type), KERN_INVALID_NAME);
	ck_assert_int_eq(
		mach_port_allocate_name(space, MACH_PORT_RIGHT_RECEIVE, 0),
		KERN_INVALID_VALUE);
	ck_assert_int_eq(
		mach_port_allocate_name(space, MACH_PORT_RIGHT_RECEIVE, ~0u),
		KERN_INVALID_VALUE);
	ck_assert_int_eq(
		mach_port_allocate_name(space, MACH_PORT_RIGHT_SEND, 0x777),
		KERN_INVALID_VALUE);
	/* The kernel's own names never collide with the picked ones. */
	for (int i = 0; i < 600; i++) {
		mach_port_name_t name;
		ck_assert_int_eq(mach_port_allocate(space,
						    MACH_PORT_RIGHT_DEAD_NAME,
						    &name),
				 KERN_SUCCESS);
		for (size_t j = 0; j < sizeof picked / sizeof picked[0]; j++)
			ck_assert_uint_ne(name, picked[j]);
	}
	for (size_t i = 0; i < sizeof picked / sizeof picked[0]; i++)
		ck_assert_uint_eq(ipc_test_type(space, picked[i]),
				  MACH_PORT_TYPE_RECEIVE);
	ipc_space_destroy(space);
}
END_TEST

/*
 * Every generation of one index, picked before the table reaches it:
 * when the table grows over that index, the kernel must still find
 * names for the slot and never hand out a picked one.
 */
START_TEST(test_every_generation_picked)
{
	uint64_t base = ipc_test_in_use();
	ipc_space_t space = ipc_test_space();
	const uint32_t index = 40; /* beyond the initial table */
	for (uint32_t gen = 0; gen < 256; gen++)
		ck_assert_int_eq(mach_port_allocate_name(
					 space, MACH_PORT_RIGHT_DEAD_NAME,
					 MACH_PORT_MAKE(index, gen << 24)),
				 KERN_SUCCESS);
	for (int i = 0; i < 200; i++) {
		mach_port_name_t name;
		ck_assert_int_eq(mach_port_allocate(space,
						    MACH_PORT_RIGHT_DEAD_NAME,
						    &name),
				 KERN_SUCCESS);
		ck_assert_uint_ne(MACH_PORT_INDEX(name), index);
		ck_assert_uint_eq(
			ipc_test_refs(space, name, MACH_PORT_RIGHT_DEAD_NAME),
			1);
	}
	/* Free them all, then let the slot be reused. */
	for (uint32_t gen = 0; gen < 256; gen++)
		ck_assert_int_eq(
			mach_port_deallocate(space,
					     MACH_PORT_MAKE(index, gen << 24)),
			KERN_SUCCESS);
	for (int i = 0; i < 50; i++) {
		mach_port_name_t name;
		ck_assert_int_eq(mach_port_allocate(space,
						    MACH_PORT_RIGHT_DEAD_NAME,
						    &name),
				 KERN_SUCCESS);
	}
	ipc_space_destroy(space);
	ck_assert_uint_eq(ipc_test_in_use(), base);
}
END_TEST

START_TEST(test_destroy_releases_everything)
{
	uint64_t base = ipc_test_in_use();
	ipc_space_t space = ipc_test_space();
	ipc_space_t other = ipc_test_space();
	mach_port_name_t pset, recv, name;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &pset),
		KERN_SUCCESS);
	for (int i = 0; i < 100; i++) {
		recv = ipc_test_receive(space);
		if (i % 2)
			ck_assert_int_eq(
				mach_port_move_member(space, recv, pset),
				KERN_SUCCESS);
		/* Send rights here and in the other space. */
		ipc_port_t port = ipc_test_port(space, recv);
		ck_assert_ptr_eq(ipc_port_make_send(port), port);
		ck_assert_int_eq(
			mach_port_insert_right(space, recv, port,
					       MACH_MSG_TYPE_PORT_SEND),
			KERN_SUCCESS);
		ck_assert_ptr_eq(ipc_port_make_send(port), port);
		ck_assert_int_eq(
			mach_port_insert_right(other, 0x10000 + i, port,
					       MACH_MSG_TYPE_PORT_SEND),
			KERN_SUCCESS);
		/* A send-once right in the other space. */
		ck_assert_ptr_eq(ipc_port_make_sonce(port), port);
		ck_assert_int_eq(
			mach_port_insert_right(other, 0x20000 + i, port,
					       MACH_MSG_TYPE_PORT_SEND_ONCE),
			KERN_SUCCESS);
	}
	ck_assert_int_eq(mach_port_allocate_name(
				 space, MACH_PORT_RIGHT_DEAD_NAME, 0x4242),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &name),
		KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 100);

	/* The receiver's death: the ports die, the other space keeps names. */
	ipc_space_destroy(space);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.pset"), 0);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 100);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	ck_assert_uint_eq(ipc_test_type(other, 0x10000),
			  MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(ipc_test_type(other, 0x20000),
			  MACH_PORT_TYPE_DEAD_NAME);
	/* Then the other: the last references go, and its send-once
	 * rights to dead ports notify nobody. */
	ipc_space_destroy(other);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 0);
	ck_assert_uint_eq(ipc_test_in_use(), base);
}
END_TEST

START_TEST(test_destroy_sender_first)
{
	uint64_t base = ipc_test_in_use();
	ipc_space_t space = ipc_test_space();
	ipc_space_t other = ipc_test_space();
	mach_port_name_t recv = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, recv);
	ck_assert_ptr_eq(ipc_port_make_sonce(port), port);
	ck_assert_int_eq(mach_port_insert_right(other, 0x300, port,
						MACH_MSG_TYPE_PORT_SEND_ONCE),
			 KERN_SUCCESS);
	/* The sender dies first: its send-once right notifies the port. */
	ipc_space_destroy(other);
	struct ipc_notify_record r = ipc_test_notified(MACH_NOTIFY_SEND_ONCE);
	ck_assert_ptr_eq(r.notify, port);
	ck_assert_uint_eq(port->ip_sorights, 0);
	ipc_space_destroy(space);
	ck_assert_uint_eq(ipc_test_in_use(), base);
}
END_TEST

START_TEST(test_dead_space)
{
	ipc_space_t space = ipc_test_space();
	mach_port_name_t name = ipc_test_receive(space);
	ipc_space_reference(space);
	ipc_space_destroy(space);
	mach_port_type_t type;
	mach_port_name_t n2;
	ck_assert_int_eq(mach_port_type(space, name, &type), KERN_INVALID_TASK);
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &n2),
		KERN_INVALID_TASK);
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &n2),
		KERN_INVALID_TASK);
	ck_assert_int_eq(mach_port_deallocate(space, name), KERN_INVALID_TASK);
	ck_assert_int_eq(mach_port_allocate(NULL, MACH_PORT_RIGHT_RECEIVE, &n2),
			 KERN_INVALID_TASK);
	/* What those failed allocations made is gone again. */
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 0);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.pset"), 0);
	ipc_space_release(space);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.space"), 0);
}
END_TEST

static Suite *
ipc_space_suite(void)
{
	Suite *s = suite_create("ipc_space");
	TCase *tc = tcase_create("names");
	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, test_name_layout);
	tcase_add_test(tc, test_reuse_new_generation);
	tcase_add_test(tc, test_table_grows);
	tcase_add_test(tc, test_allocate_name);
	tcase_add_test(tc, test_every_generation_picked);
	tcase_add_test(tc, test_destroy_releases_everything);
	tcase_add_test(tc, test_destroy_sender_first);
	tcase_add_test(tc, test_dead_space);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ipc_space_suite)
