/*
 * check_ipc_dnrequest.c: notification requests through
 * mach_port_request_notification: dead-name requests (ipc/ipc_dnrequest.c)
 * firing when the port dies, taken back as port-deleted when the name
 * goes, replaced and cancelled, carried by a rename, the user reference
 * the notification hands over; no-senders and port-destroyed requests
 * and the errors of each.  Every test ends with the zones at their
 * baseline (ipc_test_end).
 */

#include <mach/notify.h>

#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "tests/unit/ipc/ipc_test.h"
#include "tests/unit/unit.h"

static ipc_space_t space;  /* the requester's */
static ipc_space_t server; /* holds the receive rights that die */
static ipc_port_t notify;  /* where notifications go (kernel-held) */

static void
setup(void)
{
	space = ipc_test_begin();
	server = ipc_test_space();
	notify = ipc_port_create();
}

static void
teardown(void)
{
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	ck_assert_uint_eq(notify->ip_sorights, 0);
	ipc_port_destroy(notify);
	ipc_space_destroy(server);
	ipc_test_end(space);
}

/* A send right in `space' to a new receive right in `server'. */
static mach_port_name_t
send_right(mach_port_name_t *receiver)
{
	*receiver = ipc_test_receive(server);
	ipc_port_t port = ipc_test_port(server, *receiver);
	mach_port_name_t name;
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, ipc_port_make_send(port),
					   MACH_MSG_TYPE_PORT_SEND, false,
					   &name),
			 KERN_SUCCESS);
	is_write_unlock(space);
	return name;
}

static kern_return_t
request(ipc_space_t s, mach_port_name_t name, mach_msg_id_t id,
	mach_port_mscount_t sync, ipc_port_t so, ipc_port_t *previous)
{
	return mach_port_request_notification(s, name, id, sync, so, previous);
}

/* The oldest notification is `id' about `name'; its right released. */
static void
notified(int id, mach_port_name_t name)
{
	struct ipc_notify_record r = ipc_test_notified(id);
	ck_assert_ptr_eq(r.notify, notify);
	ck_assert_uint_eq(r.name, name);
}

START_TEST(test_dead_name_fires_when_the_port_dies)
{
	mach_port_name_t receiver;
	mach_port_name_t name = send_right(&receiver);
	ipc_port_t previous = IP_DEAD;
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_DEAD_NAME, 0,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(previous, IP_NULL);
	ck_assert_uint_eq(ipc_test_type(space, name),
			  MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.dnrequest"), 1);

	/* The server destroys its receive right. */
	ck_assert_int_eq(mach_port_destroy(server, receiver), KERN_SUCCESS);
	notified(MACH_NOTIFY_DEAD_NAME, name);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	/* The name is a dead name with the notification's reference. */
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_DEAD_NAME),
			  2);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.dnrequest"), 0);
	ck_assert_int_eq(
		mach_port_mod_refs(space, name, MACH_PORT_RIGHT_DEAD_NAME, -2),
		KERN_SUCCESS);
	ck_assert_int_eq(mach_port_type(space, name, &(mach_port_type_t){ 0 }),
			 KERN_INVALID_NAME);
}
END_TEST

START_TEST(test_port_deleted_when_the_name_goes)
{
	mach_port_name_t receiver;
	mach_port_name_t name = send_right(&receiver);
	ipc_port_t previous;
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_DEAD_NAME, 0,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_deallocate(space, name), KERN_SUCCESS);
	notified(MACH_NOTIFY_PORT_DELETED, name);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.dnrequest"), 0);
	/* The port's death later tells nobody. */
	ck_assert_int_eq(mach_port_destroy(server, receiver), KERN_SUCCESS);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
}
END_TEST

START_TEST(test_port_deleted_when_the_space_dies)
{
	mach_port_name_t receiver;
	mach_port_name_t name = send_right(&receiver);
	ipc_space_t other = space;
	ipc_port_t previous;
	ck_assert_int_eq(request(other, name, MACH_NOTIFY_DEAD_NAME, 0,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	/* A request on a receive right, in the server's space. */
	ck_assert_int_eq(request(server, receiver, MACH_NOTIFY_DEAD_NAME, 0,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	ipc_space_destroy(server);
	/* The receive right's name went: port-deleted for it; then the
	 * port died: dead-name for the send right's name. */
	notified(MACH_NOTIFY_PORT_DELETED, receiver);
	notified(MACH_NOTIFY_DEAD_NAME, name);
	server = ipc_test_space();
}
END_TEST

START_TEST(test_replace_and_cancel)
{
	mach_port_name_t receiver;
	mach_port_name_t name = send_right(&receiver);
	ipc_port_t first = ipc_port_make_sonce(notify);
	ipc_port_t previous;
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_DEAD_NAME, 0, first,
				 &previous),
			 KERN_SUCCESS);
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_DEAD_NAME, 0,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(previous, first);
	ipc_port_release_sonce(previous);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.dnrequest"), 1);
	/* Cancelled: the right comes back, no notification follows. */
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_DEAD_NAME, 0, IP_NULL,
				 &previous),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(previous, notify);
	ipc_port_release_sonce(previous);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.dnrequest"), 0);
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_SEND);
	ck_assert_int_eq(mach_port_destroy(server, receiver), KERN_SUCCESS);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_DEAD_NAME),
			  1);
	/* A dead name has nothing to cancel. */
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_DEAD_NAME, 0, IP_NULL,
				 &previous),
			 KERN_INVALID_ARGUMENT);
}
END_TEST

START_TEST(test_rename_carries_the_request)
{
	mach_port_name_t receiver;
	mach_port_name_t name = send_right(&receiver);
	ipc_port_t previous;
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_DEAD_NAME, 0,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	mach_port_name_t renamed = 0x4242;
	ck_assert_int_eq(mach_port_rename(space, name, renamed), KERN_SUCCESS);
	ck_assert_uint_eq(ipc_test_type(space, renamed),
			  MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	ck_assert_int_eq(mach_port_destroy(server, receiver), KERN_SUCCESS);
	notified(MACH_NOTIFY_DEAD_NAME, renamed);
	ck_assert_uint_eq(
		ipc_test_refs(space, renamed, MACH_PORT_RIGHT_DEAD_NAME), 2);
}
END_TEST

START_TEST(test_dead_name_immediate)
{
	mach_port_name_t receiver;
	mach_port_name_t name = send_right(&receiver);
	ck_assert_int_eq(mach_port_destroy(server, receiver), KERN_SUCCESS);
	ipc_port_t so = ipc_port_make_sonce(notify);
	ipc_port_t previous = IP_DEAD;
	/* Without sync a dead name refuses, consuming nothing. */
	ck_assert_int_eq(
		request(space, name, MACH_NOTIFY_DEAD_NAME, 0, so, &previous),
		KERN_INVALID_ARGUMENT);
	ck_assert_ptr_eq(previous, IP_DEAD);
	/* With it, told at once, with one more reference. */
	ck_assert_int_eq(
		request(space, name, MACH_NOTIFY_DEAD_NAME, 1, so, &previous),
		KERN_SUCCESS);
	ck_assert_ptr_eq(previous, IP_NULL);
	notified(MACH_NOTIFY_DEAD_NAME, name);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_DEAD_NAME),
			  2);
	/* At the reference limit: KERN_UREFS_OVERFLOW, nothing consumed. */
	ck_assert_int_eq(mach_port_mod_refs(space, name,
					    MACH_PORT_RIGHT_DEAD_NAME,
					    MACH_PORT_UREFS_MAX - 2),
			 KERN_SUCCESS);
	so = ipc_port_make_sonce(notify);
	ck_assert_int_eq(
		request(space, name, MACH_NOTIFY_DEAD_NAME, 1, so, &previous),
		KERN_UREFS_OVERFLOW);
	ipc_port_release_sonce(so);
}
END_TEST

/* A request while the name is pegged at the reference limit: the port's
 * death does not wrap the count. */
START_TEST(test_dead_name_at_the_limit)
{
	mach_port_name_t receiver;
	mach_port_name_t name = send_right(&receiver);
	ck_assert_int_eq(mach_port_mod_refs(space, name, MACH_PORT_RIGHT_SEND,
					    MACH_PORT_UREFS_MAX - 1),
			 KERN_SUCCESS);
	ipc_port_t previous;
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_DEAD_NAME, 0,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(server, receiver), KERN_SUCCESS);
	notified(MACH_NOTIFY_DEAD_NAME, name);
	ck_assert_uint_eq(ipc_test_type(space, name), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_DEAD_NAME),
			  MACH_PORT_UREFS_MAX);
}
END_TEST

/* The receive right's own entry, with send rights, loses its receive
 * right by mod_refs: the request fires as a dead-name at once. */
START_TEST(test_send_receive_entry_loses_receive)
{
	mach_port_name_t name = ipc_test_receive(space);
	ipc_port_t port = ipc_test_port(space, name);
	mach_port_name_t same;
	is_write_lock(space);
	ck_assert_int_eq(ipc_right_copyout(space, ipc_port_make_send(port),
					   MACH_MSG_TYPE_PORT_SEND, false,
					   &same),
			 KERN_SUCCESS);
	is_write_unlock(space);
	ck_assert_uint_eq(same, name);
	ipc_port_t previous;
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_DEAD_NAME, 0,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_mod_refs(space, name, MACH_PORT_RIGHT_RECEIVE, -1),
		KERN_SUCCESS);
	notified(MACH_NOTIFY_DEAD_NAME, name);
	ck_assert_uint_eq(ipc_test_refs(space, name, MACH_PORT_RIGHT_DEAD_NAME),
			  2);
}
END_TEST

START_TEST(test_errors)
{
	mach_port_name_t receiver;
	mach_port_name_t name = send_right(&receiver);
	ipc_port_t so = ipc_port_make_sonce(notify);
	ipc_port_t previous = IP_DEAD;
	ck_assert_int_eq(
		request(NULL, name, MACH_NOTIFY_DEAD_NAME, 0, so, &previous),
		KERN_INVALID_TASK);
	ck_assert_int_eq(
		request(space, 0x777, MACH_NOTIFY_DEAD_NAME, 0, so, &previous),
		KERN_INVALID_NAME);
	ck_assert_int_eq(
		request(space, name, MACH_NOTIFY_SEND_ONCE, 0, so, &previous),
		KERN_INVALID_VALUE);
	/* No-senders and port-destroyed need the receive right. */
	ck_assert_int_eq(
		request(space, name, MACH_NOTIFY_NO_SENDERS, 0, so, &previous),
		KERN_INVALID_RIGHT);
	ck_assert_int_eq(request(space, name, MACH_NOTIFY_PORT_DESTROYED, 0, so,
				 &previous),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(request(server, receiver, MACH_NOTIFY_PORT_DESTROYED,
				 1, so, &previous),
			 KERN_INVALID_VALUE);
	/* A port set is no port right. */
	mach_port_name_t set;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_PORT_SET, &set),
		KERN_SUCCESS);
	ck_assert_int_eq(
		request(space, set, MACH_NOTIFY_DEAD_NAME, 0, so, &previous),
		KERN_INVALID_RIGHT);
	ck_assert_ptr_eq(previous, IP_DEAD);
	ipc_port_release_sonce(so);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.dnrequest"), 0);
}
END_TEST

START_TEST(test_no_senders_and_port_destroyed)
{
	mach_port_name_t receiver;
	mach_port_name_t name = send_right(&receiver);
	ipc_port_t previous;
	/* No-senders fires when the one send right goes. */
	ck_assert_int_eq(request(server, receiver, MACH_NOTIFY_NO_SENDERS, 1,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(previous, IP_NULL);
	ck_assert_int_eq(mach_port_deallocate(space, name), KERN_SUCCESS);
	struct ipc_notify_record r = ipc_test_notified(MACH_NOTIFY_NO_SENDERS);
	ck_assert_uint_eq(r.mscount, 1);
	/* With the make-send count below sync, it waits. */
	ck_assert_int_eq(request(server, receiver, MACH_NOTIFY_NO_SENDERS, 2,
				 ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	/* Port-destroyed: the receive right comes in the notification. */
	ck_assert_int_eq(request(server, receiver, MACH_NOTIFY_PORT_DESTROYED,
				 0, ipc_port_make_sonce(notify), &previous),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(server, receiver), KERN_SUCCESS);
	r = ipc_test_notified(MACH_NOTIFY_PORT_DESTROYED);
	/* Its no-senders request is still set: the port lives on. */
	ck_assert(ip_active(r.port));
	ipc_port_destroy(r.port);
	ipc_test_notified(MACH_NOTIFY_SEND_ONCE); /* the no-senders right */
}
END_TEST

static Suite *
ipc_dnrequest_suite(void)
{
	Suite *s = suite_create("ipc_dnrequest");
	TCase *tc = tcase_create("requests");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_dead_name_fires_when_the_port_dies);
	tcase_add_test(tc, test_port_deleted_when_the_name_goes);
	tcase_add_test(tc, test_port_deleted_when_the_space_dies);
	tcase_add_test(tc, test_replace_and_cancel);
	tcase_add_test(tc, test_rename_carries_the_request);
	tcase_add_test(tc, test_dead_name_immediate);
	tcase_add_test(tc, test_dead_name_at_the_limit);
	tcase_add_test(tc, test_send_receive_entry_loses_receive);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_no_senders_and_port_destroyed);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ipc_dnrequest_suite)
