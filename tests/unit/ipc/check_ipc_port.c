/*
 * check_ipc_port.c: ports (ipc/ipc_port.c) and port sets
 * (ipc/ipc_pset.c) on their own: rights counts, references, death,
 * requests, kernel-object binding.
 */

#include <signal.h>

#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "tests/unit/ipc/ipc_test.h"
#include "tests/unit/unit.h"

START_TEST(test_create_and_die)
{
	uint64_t base = ipc_test_in_use();
	ipc_port_t port = ipc_port_create();
	ck_assert_ptr_nonnull(port);
	ck_assert(ip_active(port));
	ck_assert_ptr_null(port->ip_receiver);
	ck_assert_uint_eq(port->ip_object.io_refs, 1);
	ck_assert_uint_eq(port->ip_qlimit, IPC_PORT_QLIMIT_DEFAULT);
	ck_assert_uint_eq(port->ip_seqno, 0);
	ck_assert_int_eq(port->ip_kotype, IKOT_NONE);
	ck_assert(queue_empty(&port->ip_messages.imq_messages));
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 1);
	ipc_port_destroy(port);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 0);
	ck_assert_uint_eq(ipc_test_in_use(), base);
}
END_TEST

START_TEST(test_rights_outlive_the_port)
{
	ipc_port_t port = ipc_port_create();
	ck_assert_ptr_eq(ipc_port_make_send(port), port);
	ck_assert_ptr_eq(ipc_port_copy_send(port), port);
	ck_assert_ptr_eq(ipc_port_make_sonce(port), port);
	ck_assert_uint_eq(port->ip_srights, 2);
	ck_assert_uint_eq(port->ip_sorights, 1);
	ck_assert_uint_eq(port->ip_mscount, 1);
	ck_assert_uint_eq(port->ip_object.io_refs, 4);
	int object;
	ipc_port_set_kobject(port, IKOT_TEST, &object);
	ipc_port_destroy(port);
	/* Dead, unbound, kept by its rights. */
	ck_assert(!ip_active(port));
	ck_assert_int_eq(port->ip_kotype, IKOT_NONE);
	ck_assert_ptr_null(port->ip_kobject);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 1);
	ck_assert_ptr_eq(ipc_port_copy_send(port), IP_DEAD);
	ck_assert_ptr_eq(ipc_port_make_send(port), IP_DEAD);
	ck_assert_ptr_eq(ipc_port_make_sonce(port), IP_DEAD);
	ck_assert_ptr_eq(ipc_port_copy_send(IP_NULL), IP_NULL);
	ck_assert_ptr_eq(ipc_port_copy_send(IP_DEAD), IP_DEAD);
	ipc_port_release_send(port);
	ipc_port_release_send(port);
	/* A dead port's send-once right has nobody to tell. */
	ipc_port_destroy_sonce(port);
	ck_assert_uint_eq(ipc_notify_pending(), 0);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 0);
	ipc_port_release_send(IP_NULL);
	ipc_port_release_send(IP_DEAD);
	ipc_port_release_sonce(IP_DEAD);
}
END_TEST

START_TEST(test_requests_need_a_live_port)
{
	ipc_port_t port = ipc_port_create();
	ipc_port_t notify = ipc_port_create();
	ipc_port_t so = ipc_port_make_sonce(notify);
	ck_assert_ptr_eq(ipc_port_make_send(port), port);
	ipc_port_destroy(port);
	ipc_port_t previous = (ipc_port_t)0x1;
	ck_assert_int_eq(ipc_port_nsrequest(port, 0, so, &previous),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(ipc_port_pdrequest(port, so, &previous),
			 KERN_INVALID_RIGHT);
	ck_assert_ptr_eq(previous, (ipc_port_t)0x1);
	ipc_port_release_send(port);
	/* Replacing a request hands the old right back. */
	port = ipc_port_create();
	ipc_port_t so2 = ipc_port_make_sonce(notify);
	ck_assert_int_eq(ipc_port_pdrequest(port, so, &previous), KERN_SUCCESS);
	ck_assert_ptr_eq(previous, IP_NULL);
	ck_assert_int_eq(ipc_port_pdrequest(port, so2, &previous),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(previous, so);
	ipc_port_destroy_sonce(previous);
	ipc_test_notified(MACH_NOTIFY_SEND_ONCE);
	ck_assert_int_eq(ipc_port_pdrequest(port, IP_NULL, &previous),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(previous, so2);
	ipc_port_destroy_sonce(previous);
	ipc_test_notified(MACH_NOTIFY_SEND_ONCE);
	ipc_port_destroy(port);
	ck_assert_uint_eq(notify->ip_sorights, 0);
	ipc_port_destroy(notify);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.port"), 0);
}
END_TEST

START_TEST(test_port_set_members)
{
	ipc_pset_t pset = ipc_pset_create();
	ck_assert_ptr_nonnull(pset);
	ipc_port_t a = ipc_port_create(), b = ipc_port_create();
	ip_lock(a);
	ipc_pset_add_locked(pset, a);
	ip_unlock(a);
	ip_lock(b);
	ipc_pset_add_locked(pset, b);
	ip_unlock(b);
	ck_assert_uint_eq(pset->ips_count, 2);
	ck_assert_ptr_eq(a->ip_pset, pset);
	ip_lock(a);
	ipc_pset_remove_locked(pset, a);
	ip_unlock(a);
	ck_assert_ptr_null(a->ip_pset);
	ck_assert_uint_eq(pset->ips_count, 1);
	ipc_pset_destroy(pset);
	ck_assert_ptr_null(b->ip_pset);
	ck_assert_uint_eq(ipc_test_zone_in_use("ipc.pset"), 0);
	ipc_port_destroy(a);
	ipc_port_destroy(b);
}
END_TEST

/* Kernel invariants panic (abort here): a port in two sets. */
START_TEST(test_two_sets_panics)
{
	ipc_pset_t s1 = ipc_pset_create(), s2 = ipc_pset_create();
	ipc_port_t port = ipc_port_create();
	ip_lock(port);
	ipc_pset_add_locked(s1, port);
	ipc_pset_add_locked(s2, port);
}
END_TEST

START_TEST(test_release_too_many_panics)
{
	ipc_port_t port = ipc_port_create();
	ipc_port_release_send(port);
}
END_TEST

static Suite *
ipc_port_suite(void)
{
	Suite *s = suite_create("ipc_port");
	TCase *tc = tcase_create("ports");
	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, test_create_and_die);
	tcase_add_test(tc, test_rights_outlive_the_port);
	tcase_add_test(tc, test_requests_need_a_live_port);
	tcase_add_test(tc, test_port_set_members);
	tcase_add_test_raise_signal(tc, test_two_sets_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, test_release_too_many_panics, SIGABRT);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ipc_port_suite)
