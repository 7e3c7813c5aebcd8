/*
 * check_ipc_right.c: the rights calculus (ipc/ipc_right.c): copyin by
 * every disposition, copyout with Mach's merging, the user-reference
 * limit, and lazy dead names.
 */

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

static kern_return_t
copyin(mach_port_name_t name, mach_msg_type_name_t msgt, ipc_port_t *portp)
{
	mach_msg_type_name_t type;
	kern_return_t kr =
		mach_port_extract_right(space, name, msgt, portp, &type);
	if (kr == KERN_SUCCESS)
		ck_assert_uint_eq(type, ipc_right_copyin_type(msgt));
	return kr;
}

static kern_return_t
copyout(ipc_port_t port, mach_msg_type_name_t type, bool overflow,
	mach_port_name_t *namep)
{
	is_write_lock(space);
	kern_return_t kr =
		ipc_right_copyout(space, port, type, overflow, namep);
	is_write_unlock(space);
	return kr;
}

/* A receive right with `urefs' send rights in the same entry. */
static mach_port_name_t
send_receive(mach_port_urefs_t urefs)
{
	mach_port_name_t name = ipc_test_receive(space);
	for (mach_port_urefs_t i = 0; i < urefs; i++) {
		ipc_port_t port;
		ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MAKE_SEND, &port),
				 KERN_SUCCESS);
		mach_port_name_t same;
		ck_assert_int_eq(
			copyout(port, MACH_MSG_TYPE_PORT_SEND, false, &same),
			KERN_SUCCESS);
		ck_assert_uint_eq(same, name);
	}
	return name;
}

START_TEST(test_make_send)
{
	mach_port_name_t name = ipc_test_receive(space);
	ipc_port_t port;
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MAKE_SEND, &port),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(port, ipc_test_port(space, name));
	ck_assert_uint_eq(port->ip_srights, 1);
	ck_assert_uint_eq(port->ip_mscount, 1);
	/* The entry is unchanged; the right is the kernel's. */
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_RECEIVE);
	ipc_right_release(port, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_uint_eq(port->ip_srights, 0);
	ck_assert_uint_eq(port->ip_mscount, 1);
	/* Only a receive right makes send rights. */
	mach_port_name_t dead;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &dead),
		KERN_SUCCESS);
	ck_assert_int_eq(copyin(dead, MACH_MSG_TYPE_MAKE_SEND, &port),
			 KERN_INVALID_RIGHT);
	mach_port_name_t pset;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &pset),
		KERN_SUCCESS);
	ck_assert_int_eq(copyin(pset, MACH_MSG_TYPE_MAKE_SEND, &port),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(copyin(0x999, MACH_MSG_TYPE_MAKE_SEND, &port),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(copyin(0, MACH_MSG_TYPE_MAKE_SEND, &port),
			 KERN_INVALID_NAME);
}
END_TEST

START_TEST(test_make_send_once)
{
	mach_port_name_t name = send_receive(2);
	ipc_port_t port;
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MAKE_SEND_ONCE, &port),
			 KERN_SUCCESS);
	ck_assert_uint_eq(port->ip_sorights, 1);
	ck_assert_uint_eq(port->ip_mscount, 2);
	/* Copied out, a send-once right gets a name of its own. */
	mach_port_name_t so;
	ck_assert_int_eq(
		copyout(port, MACH_MSG_TYPE_PORT_SEND_ONCE, false, &so),
		KERN_SUCCESS);
	ck_assert_uint_ne(so, name);
	ck_assert_uint_eq(ipc_test_type(space, so), MACH_PORT_TYPE_SEND_ONCE);
	ck_assert_uint_eq(ipc_test_refs(space, so, MACH_PORT_RIGHT_SEND_ONCE),
			  1);
	/* Not from a send right. */
	ck_assert_int_eq(copyin(so, MACH_MSG_TYPE_MAKE_SEND_ONCE, &port),
			 KERN_INVALID_RIGHT);
}
END_TEST

START_TEST(test_copy_send)
{
	mach_port_name_t name = send_receive(3);
	ipc_port_t port;
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_COPY_SEND, &port),
			 KERN_SUCCESS);
	ck_assert_uint_eq(port->ip_srights, 2); /* the entry's and this */
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_SEND), 3);
	ipc_right_release(port, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_uint_eq(port->ip_srights, 1);
	/* Not from a receive right alone, nor a send-once right. */
	mach_port_name_t recv = ipc_test_receive(space);
	ck_assert_int_eq(copyin(recv, MACH_MSG_TYPE_COPY_SEND, &port),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(copyin(recv, MACH_MSG_TYPE_MAKE_SEND_ONCE, &port),
			 KERN_SUCCESS);
	mach_port_name_t so;
	ck_assert_int_eq(
		copyout(port, MACH_MSG_TYPE_PORT_SEND_ONCE, false, &so),
		KERN_SUCCESS);
	ck_assert_int_eq(copyin(so, MACH_MSG_TYPE_COPY_SEND, &port),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(copyin(so, MACH_MSG_TYPE_MOVE_SEND, &port),
			 KERN_INVALID_RIGHT);
}
END_TEST

START_TEST(test_move_send)
{
	mach_port_name_t name = send_receive(2);
	ipc_port_t port;
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MOVE_SEND, &port),
			 KERN_SUCCESS);
	ck_assert_uint_eq(port->ip_srights, 2);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_SEND), 1);
	ipc_port_t port2;
	/* The last send right leaves; the receive right stays. */
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MOVE_SEND, &port2),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(port2, port);
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_RECEIVE);
	ck_assert_uint_eq(port->ip_srights, 2);
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MOVE_SEND, &port2),
			 KERN_INVALID_RIGHT);
	/* Back in: merged into the receive right's entry. */
	mach_port_name_t back;
	ck_assert_int_eq(copyout(port, MACH_MSG_TYPE_PORT_SEND, false, &back),
			 KERN_SUCCESS);
	ck_assert_uint_eq(back, name);
	ck_assert_int_eq(copyout(port, MACH_MSG_TYPE_PORT_SEND, false, &back),
			 KERN_SUCCESS);
	ck_assert_uint_eq(back, name);
	ck_assert_uint_eq(ipc_test_type(space, name),
			  MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_SEND), 2);
	ck_assert_uint_eq(port->ip_srights, 1); /* one entry, one count */
}
END_TEST

START_TEST(test_move_send_only_entry)
{
	/* A send-only entry: its last send right takes the name away. */
	ipc_space_t other = ipc_test_space();
	mach_port_name_t recv = ipc_test_receive(other);
	ipc_port_t port = ipc_test_port(other, recv);
	ck_assert_ptr_eq(ipc_port_make_send(port), port);
	ck_assert_int_eq(mach_port_insert_right(space, 0x500, port,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_SUCCESS);
	ipc_port_t got;
	ck_assert_int_eq(copyin(0x500, MACH_MSG_TYPE_MOVE_SEND, &got),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(got, port);
	mach_port_type_t type;
	ck_assert_int_eq(mach_port_type(space, 0x500, &type),
			 KERN_INVALID_NAME);
	ck_assert_uint_eq(port->ip_srights, 1);
	ipc_right_release(got, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_uint_eq(port->ip_srights, 0);
	ipc_space_destroy(other);
}
END_TEST

START_TEST(test_move_send_once)
{
	mach_port_name_t recv = ipc_test_receive(space);
	ipc_port_t port;
	ck_assert_int_eq(copyin(recv, MACH_MSG_TYPE_MAKE_SEND_ONCE, &port),
			 KERN_SUCCESS);
	mach_port_name_t so;
	ck_assert_int_eq(
		copyout(port, MACH_MSG_TYPE_PORT_SEND_ONCE, false, &so),
		KERN_SUCCESS);
	ck_assert_int_eq(copyin(recv, MACH_MSG_TYPE_MOVE_SEND_ONCE, &port),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(copyin(so, MACH_MSG_TYPE_MOVE_SEND_ONCE, &port),
			 KERN_SUCCESS);
	mach_port_type_t type;
	ck_assert_int_eq(mach_port_type(space, so, &type), KERN_INVALID_NAME);
	ck_assert_uint_eq(port->ip_sorights, 1);
	/* Used (a message went through it): no notification. */
	ipc_port_release_sonce(port);
	ck_assert_uint_eq(port->ip_sorights, 0);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
}
END_TEST

START_TEST(test_move_receive)
{
	mach_port_name_t pset;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &pset),
		KERN_SUCCESS);
	mach_port_name_t name = send_receive(1);
	ck_assert_int_eq(mach_port_move_member(space, name, pset),
			 KERN_SUCCESS);
	ipc_port_t port = ipc_test_port(space, name);
	port->ip_seqno = 7;
	ipc_port_t got;
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MOVE_RECEIVE, &got),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(got, port);
	/* In transit: out of its set, counts restarted (as Mach). */
	ck_assert_ptr_null(port->ip_receiver);
	ck_assert_ptr_null(port->ip_pset);
	ck_assert_uint_eq(port->ip_mscount, 0);
	ck_assert_uint_eq(port->ip_seqno, 0);
	/* The entry keeps the send right. */
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_SEND);
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MOVE_RECEIVE, &got),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MAKE_SEND, &got),
			 KERN_INVALID_RIGHT);
	/* Into another space, then back: merged with the send right. */
	ipc_space_t other = ipc_test_space();
	ck_assert_int_eq(mach_port_insert_right(other, 0x700, port,
						MACH_MSG_TYPE_PORT_RECEIVE),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(port->ip_receiver, other);
	ck_assert_uint_eq(port->ip_receiver_name, 0x700);
	ck_assert_int_eq(mach_port_extract_right(
				 other, 0x700, MACH_MSG_TYPE_MOVE_RECEIVE, &got,
				 &(mach_msg_type_name_t){ 0 }),
			 KERN_SUCCESS);
	ipc_space_destroy(other);
	mach_port_name_t back;
	ck_assert_int_eq(
		copyout(port, MACH_MSG_TYPE_PORT_RECEIVE, false, &back),
		KERN_SUCCESS);
	ck_assert_uint_eq(back, name);
	ck_assert_uint_eq(ipc_test_type(space, name),
			  MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_ptr_eq(port->ip_receiver, space);
}
END_TEST

START_TEST(test_bad_dispositions)
{
	mach_port_name_t name = send_receive(1);
	ipc_port_t port;
	mach_msg_type_name_t type;
	const mach_msg_type_name_t bad[] = { 0,  1,   MACH_MSG_TYPE_PORT_NAME,
					     22, 255, 0xffffffffu };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(mach_port_extract_right(space, name, bad[i],
							 &port, &type),
				 KERN_INVALID_VALUE);
		is_write_lock(space);
		ck_assert_int_eq(
			ipc_right_copyin(space, name, bad[i], true, &port),
			KERN_INVALID_VALUE);
		is_write_unlock(space);
	}
	/* Copyout takes only the results of copyin. */
	ipc_port_t p = ipc_test_port(space, name);
	mach_port_name_t out;
	ck_assert_int_eq(copyout(p, MACH_MSG_TYPE_COPY_SEND, false, &out),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_insert_right(space, 0x800, p,
						MACH_MSG_TYPE_MAKE_SEND),
			 KERN_INVALID_VALUE);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_SEND), 1);
	ck_assert_uint_eq(p->ip_srights, 1);
}
END_TEST

START_TEST(test_dead_names_copied_in)
{
	mach_port_name_t recv = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, recv);
	ipc_space_t other = ipc_test_space();
	ck_assert_ptr_eq(ipc_port_make_send(port), port);
	ck_assert_int_eq(mach_port_insert_right(other, 0x900, port,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_mod_refs(other, 0x900, MACH_PORT_RIGHT_SEND, 2),
		KERN_SUCCESS);
	ck_assert_ptr_eq(ipc_port_make_sonce(port), port);
	ck_assert_int_eq(mach_port_insert_right(other, 0x901, port,
						MACH_MSG_TYPE_PORT_SEND_ONCE),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(space, recv), KERN_SUCCESS);
	ck_assert(!ip_active(port));
	/* Not converted yet: that happens when the space looks. */
	ck_assert_uint_eq(port->ip_srights, 1);

	ipc_port_t got;
	is_write_lock(other);
	ck_assert_int_eq(ipc_right_copyin(other, 0x900, MACH_MSG_TYPE_COPY_SEND,
					  false, &got),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(ipc_right_copyin(other, 0x900, MACH_MSG_TYPE_COPY_SEND,
					  true, &got),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(got, IP_DEAD);
	ck_assert_int_eq(ipc_right_copyin(other, 0x900, MACH_MSG_TYPE_MOVE_SEND,
					  true, &got),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(got, IP_DEAD);
	ck_assert_int_eq(ipc_right_copyin(other, 0x901,
					  MACH_MSG_TYPE_MOVE_SEND_ONCE, true,
					  &got),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(got, IP_DEAD);
	is_write_unlock(other);
	ck_assert_uint_eq(port->ip_srights, 0);
	ck_assert_uint_eq(port->ip_sorights, 0);
	/* Three urefs, one taken by the move; the send-once name gone. */
	ck_assert_uint_eq(ipc_test_type(other, 0x900),
			  MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(
		ipc_test_refs(other, 0x900, MACH_PORT_RIGHT_DEAD_NAME), 2);
	mach_port_type_t type;
	ck_assert_int_eq(mach_port_type(other, 0x901, &type),
			 KERN_INVALID_NAME);
	ipc_space_destroy(other);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
}
END_TEST

START_TEST(test_copyout_dead_and_null)
{
	mach_port_name_t recv = ipc_test_receive(space);
	ipc_port_t port;
	ck_assert_int_eq(copyin(recv, MACH_MSG_TYPE_MAKE_SEND, &port),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(space, recv), KERN_SUCCESS);
	mach_port_name_t name = 0x1234;
	/* A dead port: the caller keeps its right. */
	ck_assert_int_eq(copyout(port, MACH_MSG_TYPE_PORT_SEND, false, &name),
			 KERN_INVALID_CAPABILITY);
	ck_assert_uint_eq(name, 0x1234);
	ck_assert_uint_eq(port->ip_srights, 1);
	ck_assert_int_eq(mach_port_insert_right(space, 0x55, port,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_INVALID_CAPABILITY);
	ipc_right_release(port, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_int_eq(
		copyout(IP_NULL, MACH_MSG_TYPE_PORT_SEND, false, &name),
		KERN_SUCCESS);
	ck_assert_uint_eq(name, 0);
	ck_assert_int_eq(
		copyout(IP_DEAD, MACH_MSG_TYPE_PORT_SEND, false, &name),
		KERN_SUCCESS);
	ck_assert_uint_eq(name, ~0u);
	ck_assert_int_eq(mach_port_insert_right(space, 0x55, IP_NULL,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_INVALID_CAPABILITY);
	size_t count;
	ck_assert_int_eq(mach_port_names(space, NULL, NULL, 0, &count),
			 KERN_SUCCESS);
	ck_assert_uint_eq(count, 0);
}
END_TEST

START_TEST(test_copyout_urefs_limit)
{
	mach_port_name_t name = send_receive(1);
	ck_assert_int_eq(mach_port_mod_refs(space, name, MACH_PORT_RIGHT_SEND,
					    MACH_PORT_UREFS_MAX - 2),
			 KERN_SUCCESS);
	ipc_port_t port = ipc_test_port(space, name);
	ipc_port_t right;
	mach_port_name_t out;
	/* Copyout stops one short of the maximum, as Mach's does. */
	ck_assert_int_eq(copyin(name, MACH_MSG_TYPE_MAKE_SEND, &right),
			 KERN_SUCCESS);
	ck_assert_int_eq(copyout(right, MACH_MSG_TYPE_PORT_SEND, false, &out),
			 KERN_UREFS_OVERFLOW);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_SEND),
			  MACH_PORT_UREFS_MAX - 1);
	ck_assert_uint_eq(port->ip_srights, 2); /* still the caller's */
	ck_assert_int_eq(mach_port_insert_right(space, name, right,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_UREFS_OVERFLOW);
	/* mach_msg's copyout pegs them instead, releasing the right. */
	ck_assert_int_eq(copyout(right, MACH_MSG_TYPE_PORT_SEND, true, &out),
			 KERN_SUCCESS);
	ck_assert_uint_eq(out, name);
	ck_assert_uint_eq(port->ip_srights, 1);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_SEND),
			  MACH_PORT_UREFS_MAX - 1);
}
END_TEST

START_TEST(test_insert_right_names)
{
	mach_port_name_t recv = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, recv);
	mach_port_name_t dead;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_DEAD_NAME, &dead),
		KERN_SUCCESS);
	ck_assert_ptr_eq(ipc_port_make_send(port), port);
	/* Another name for a port the space names: refused. */
	ck_assert_int_eq(mach_port_insert_right(space, 0x4444, port,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_RIGHT_EXISTS);
	/* A name in use by something else. */
	ipc_space_t other = ipc_test_space();
	ck_assert_int_eq(mach_port_allocate_name(
				 other, MACH_PORT_RIGHT_DEAD_NAME, 0x4444),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_insert_right(other, 0x4444, port,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_NAME_EXISTS);
	ck_assert_int_eq(
		mach_port_insert_right(other, 0, port, MACH_MSG_TYPE_PORT_SEND),
		KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_insert_right(other, ~0u, port,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_INVALID_VALUE);
	ck_assert_uint_eq(port->ip_srights, 1);
	/* Nothing left behind by the failures. */
	size_t count;
	ck_assert_int_eq(mach_port_names(other, NULL, NULL, 0, &count),
			 KERN_SUCCESS);
	ck_assert_uint_eq(count, 1);
	/* The same name: merged. */
	ck_assert_int_eq(mach_port_insert_right(space, recv, port,
						MACH_MSG_TYPE_PORT_SEND),
			 KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(space, recv),
			  MACH_PORT_TYPE_SEND_RECEIVE);
	/* A send-once right under a used name, even the port's own. */
	ck_assert_ptr_eq(ipc_port_make_sonce(port), port);
	ck_assert_int_eq(mach_port_insert_right(space, recv, port,
						MACH_MSG_TYPE_PORT_SEND_ONCE),
			 KERN_NAME_EXISTS);
	ck_assert_int_eq(mach_port_insert_right(space, 0x4445, port,
						MACH_MSG_TYPE_PORT_SEND_ONCE),
			 KERN_SUCCESS);
	ipc_space_destroy(other);
}
END_TEST

START_TEST(test_kernel_port)
{
	/* A port the kernel receives from, standing for a kernel object. */
	int object;
	ipc_port_t port = ipc_port_create();
	ck_assert_ptr_nonnull(port);
	ipc_port_set_kobject(port, IKOT_TEST, &object);
	ck_assert_int_eq(port->ip_kotype, IKOT_TEST);
	ck_assert_ptr_eq(port->ip_kobject, &object);
	ck_assert_ptr_eq(ipc_port_make_send(port), port);
	mach_port_name_t name;
	ck_assert_int_eq(copyout(port, MACH_MSG_TYPE_PORT_SEND, false, &name),
			 KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_SEND);
	/* The object goes away: the port dies with it. */
	ipc_right_release(port, MACH_MSG_TYPE_PORT_RECEIVE);
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_DEAD_NAME);
}
END_TEST

static Suite *
ipc_right_suite(void)
{
	Suite *s = suite_create("ipc_right");
	TCase *tc = tcase_create("dispositions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_make_send);
	tcase_add_test(tc, test_make_send_once);
	tcase_add_test(tc, test_copy_send);
	tcase_add_test(tc, test_move_send);
	tcase_add_test(tc, test_move_send_only_entry);
	tcase_add_test(tc, test_move_send_once);
	tcase_add_test(tc, test_move_receive);
	tcase_add_test(tc, test_bad_dispositions);
	tcase_add_test(tc, test_dead_names_copied_in);
	tcase_add_test(tc, test_copyout_dead_and_null);
	tcase_add_test(tc, test_copyout_urefs_limit);
	tcase_add_test(tc, test_insert_right_names);
	tcase_add_test(tc, test_kernel_port);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ipc_right_suite)
