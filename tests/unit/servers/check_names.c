/*
 * check_names.c: servers/bootstrap/names.c, the name service's table
 * and waiting look-ups, on the host over stand-ins of the calls it
 * makes (mach_port_request_notification, mach_port_deallocate,
 * vm_allocate, mach_msg, name_lookup_reply, clock_ms), which record
 * them: references taken and dropped, replies sent and to whom,
 * deadlines, the limits, deaths.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach.h>
#include <mach/notify.h>
#include <servers/name_types.h>

#include "clock.h"
#include "nameServer.h"
#include "name_reply.h"
#include "names.h"
#include "tests/unit/unit.h"

mach_port_t mach_task_self_ = 0x100;

#define NOTIFY 0x200

/* What the stand-ins saw. */
static unsigned requests, deallocs;
static mach_port_t last_dealloc;
static kern_return_t request_result;
static struct {
	mach_port_t to;
	kern_return_t code;
	mach_port_t port;
	mach_msg_id_t id;
	mach_msg_size_t size;
} replies[64];
static unsigned nreplies;
static uint64_t now_ms = 1000;

uint64_t
clock_ms(void)
{
	return now_ms;
}

kern_return_t
mach_port_request_notification(mach_port_t task, mach_port_name_t name,
			       mach_msg_id_t id, mach_port_mscount_t sync,
			       mach_port_t notify, mach_msg_type_name_t poly,
			       mach_port_t *previous)
{
	ck_assert_uint_eq(task, mach_task_self_);
	ck_assert_int_eq(id, MACH_NOTIFY_DEAD_NAME);
	ck_assert_uint_eq(sync, 1);
	ck_assert_uint_eq(notify, NOTIFY);
	ck_assert_uint_eq(poly, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	(void)name;
	requests++;
	*previous = MACH_PORT_NULL;
	return request_result;
}

kern_return_t
mach_port_deallocate(mach_port_t task, mach_port_name_t name)
{
	ck_assert_uint_eq(task, mach_task_self_);
	deallocs++;
	last_dealloc = name;
	return KERN_SUCCESS;
}

kern_return_t
vm_allocate(mach_port_t task, vm_address_t *address, vm_size_t size,
	    boolean_t anywhere)
{
	ck_assert_uint_eq(task, mach_task_self_);
	ck_assert(anywhere);
	*address = (vm_address_t)malloc(size);
	return *address != 0 ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

/* Only the error replies of names.c are sent by hand. */
mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_t rcv_name, mach_msg_timeout_t timeout, mach_port_t notify)
{
	ck_assert_int_eq(option, MACH_SEND_MSG | MACH_SEND_TIMEOUT);
	ck_assert_uint_eq(rcv_size, 0);
	ck_assert_uint_eq(timeout, 0);
	(void)rcv_name;
	(void)notify;
	mig_reply_header_t *r = (mig_reply_header_t *)msg;
	ck_assert_uint_eq(send_size, sizeof *r);
	ck_assert_uint_eq(MACH_MSGH_BITS_REMOTE(msg->msgh_bits),
			  MACH_MSG_TYPE_MOVE_SEND_ONCE);
	ck_assert_uint_lt(nreplies, 64);
	replies[nreplies].to = msg->msgh_remote_port;
	replies[nreplies].code = r->RetCode;
	replies[nreplies].port = MACH_PORT_NULL;
	replies[nreplies].id = msg->msgh_id;
	replies[nreplies].size = msg->msgh_size;
	nreplies++;
	return MACH_MSG_SUCCESS;
}

kern_return_t
name_lookup_reply(mach_port_t reply, kern_return_t ret, mach_port_t port)
{
	ck_assert_uint_lt(nreplies, 64);
	replies[nreplies].to = reply;
	replies[nreplies].code = ret;
	replies[nreplies].port = port;
	replies[nreplies].id = 6501;
	replies[nreplies].size = 64;
	nreplies++;
	return KERN_SUCCESS;
}

/* The request being served: its reply right a send-once one (or not). */
static mach_msg_header_t request;

static void
serving(mach_msg_type_name_t reply_type)
{
	request.msgh_bits = MACH_MSGH_BITS(reply_type, 0);
	names_set_request(&request);
}

/* Everything registered or waiting gone, as by deaths. */
static void
setup(void)
{
	for (mach_port_t p = 1; p < 0x4000; p++)
		(void)names_port_died(p);
	ck_assert_uint_eq(names_count(), 0);
	ck_assert_uint_eq(names_waiting(), 0);
	names_init(NOTIFY);
	serving(MACH_MSG_TYPE_PORT_SEND_ONCE);
	requests = deallocs = nreplies = 0;
	last_dealloc = MACH_PORT_NULL;
	request_result = KERN_SUCCESS;
	now_ms = 1000;
}

START_TEST(test_register_lookup_unregister)
{
	mach_port_t got = 0;
	ck_assert_int_eq(do_name_register(1, "a", 0x10), KERN_SUCCESS);
	ck_assert_uint_eq(requests, 1);
	ck_assert_int_eq(do_name_register(1, "a", 0x10), KERN_NAME_EXISTS);
	ck_assert_int_eq(do_name_register(1, "a", 0x11), KERN_NAME_EXISTS);
	/* The same port again: no second dead-name request. */
	ck_assert_int_eq(do_name_register(1, "b", 0x10), KERN_SUCCESS);
	ck_assert_uint_eq(requests, 1);
	ck_assert_int_eq(do_name_lookup(1, 0x50, "a", 0, &got), KERN_SUCCESS);
	ck_assert_uint_eq(got, 0x10);
	ck_assert_int_eq(do_name_lookup(1, 0x50, "c", 0, &got),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(do_name_unregister(1, "a", 0x11), KERN_NO_ACCESS);
	ck_assert_int_eq(do_name_unregister(1, "c", 0x10), KERN_INVALID_NAME);
	ck_assert_uint_eq(deallocs, 0);
	/* The table's reference and the request's. */
	ck_assert_int_eq(do_name_unregister(1, "a", 0x10), KERN_SUCCESS);
	ck_assert_uint_eq(deallocs, 2);
	ck_assert_uint_eq(last_dealloc, 0x10);
	ck_assert_uint_eq(names_count(), 1);
	ck_assert_int_eq(do_name_lookup(1, 0x50, "b", 0, &got), KERN_SUCCESS);
	ck_assert_uint_eq(nreplies, 0);
}
END_TEST

START_TEST(test_bad_names_and_ports)
{
	static const char *const bad[] = {
		"", " ", "a b", "\t", "x\177", "\200"
	};
	mach_port_t got;
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(do_name_register(1, bad[i], 0x10),
				 KERN_INVALID_ARGUMENT);
		ck_assert_int_eq(do_name_lookup(1, 0x50, bad[i], 5, &got),
				 KERN_INVALID_ARGUMENT);
		ck_assert_int_eq(do_name_unregister(1, bad[i], 0x10),
				 KERN_INVALID_ARGUMENT);
	}
	/* 64 bytes and no NUL (the stub refuses those; names.c too). */
	char full[NAME_LEN];
	memset(full, 'x', sizeof full);
	ck_assert_int_eq(do_name_register(1, full, 0x10),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(do_name_register(1, "p", MACH_PORT_NULL),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(do_name_register(1, "p", MACH_PORT_DEAD),
			 KERN_INVALID_RIGHT);
	/* A port that dies before its request is made. */
	request_result = KERN_INVALID_NAME;
	ck_assert_int_eq(do_name_register(1, "p", 0x10), KERN_INVALID_RIGHT);
	ck_assert_uint_eq(names_count(), 0);
	ck_assert_uint_eq(requests + deallocs, 1);
}
END_TEST

START_TEST(test_table_full)
{
	char name[16];
	for (unsigned i = 0; i < NAMES_MAX; i++) {
		snprintf(name, sizeof name, "n%u", i);
		ck_assert_int_eq(do_name_register(1, name, 0x10 + i),
				 KERN_SUCCESS);
	}
	ck_assert_int_eq(do_name_register(1, "more", 0x1000),
			 KERN_RESOURCE_SHORTAGE);
	/* The list: every name, in order, each NUL-terminated. */
	name_list_t names;
	mach_msg_type_number_t size;
	natural_t count;
	ck_assert_int_eq(do_name_list(1, &names, &size, &count), KERN_SUCCESS);
	ck_assert_uint_eq(count, NAMES_MAX);
	mach_msg_type_number_t off = 0;
	for (unsigned i = 0; i < NAMES_MAX; i++) {
		snprintf(name, sizeof name, "n%u", i);
		ck_assert_str_eq(names + off, name);
		off += strlen(name) + 1;
	}
	ck_assert_uint_eq(off, size);
	free(names);
	/* One gone (its port died): the order of the rest stays. */
	ck_assert(names_port_died(0x10 + 5));
	ck_assert_int_eq(do_name_list(1, &names, &size, &count), KERN_SUCCESS);
	ck_assert_uint_eq(count, NAMES_MAX - 1);
	ck_assert_str_eq(names + strlen("n0n1n2n3n4") + 5, "n6");
	free(names);
	ck_assert_int_eq(do_name_register(1, "more", 0x1000), KERN_SUCCESS);
}
END_TEST

START_TEST(test_empty_list)
{
	name_list_t names = (name_list_t)1;
	mach_msg_type_number_t size = 7;
	natural_t count = 7;
	ck_assert_int_eq(do_name_list(1, &names, &size, &count), KERN_SUCCESS);
	ck_assert_ptr_null(names);
	ck_assert_uint_eq(size, 0);
	ck_assert_uint_eq(count, 0);
}
END_TEST

START_TEST(test_waiters_answered_on_register)
{
	mach_port_t got;
	ck_assert_int_eq(do_name_lookup(1, 0x60, "late", 100, &got),
			 MIG_NO_REPLY);
	ck_assert_int_eq(
		do_name_lookup(1, 0x61, "late", NAME_WAIT_FOREVER, &got),
		MIG_NO_REPLY);
	ck_assert_int_eq(do_name_lookup(1, 0x62, "other", 100, &got),
			 MIG_NO_REPLY);
	ck_assert_uint_eq(names_waiting(), 3);
	ck_assert_uint_eq(requests, 3); /* one on each reply right */
	ck_assert_uint_eq(names_expire(now_ms), 1100);
	ck_assert_int_eq(do_name_register(1, "late", 0x10), KERN_SUCCESS);
	ck_assert_uint_eq(nreplies, 2);
	for (unsigned i = 0; i < 2; i++) {
		ck_assert_int_eq(replies[i].code, KERN_SUCCESS);
		ck_assert_uint_eq(replies[i].port, 0x10);
	}
	ck_assert(replies[0].to != replies[1].to);
	ck_assert_uint_eq(names_waiting(), 1);
}
END_TEST

START_TEST(test_waiters_time_out)
{
	mach_port_t got;
	ck_assert_int_eq(do_name_lookup(1, 0x60, "x", 50, &got), MIG_NO_REPLY);
	ck_assert_int_eq(do_name_lookup(1, 0x61, "x", 20, &got), MIG_NO_REPLY);
	ck_assert_int_eq(do_name_lookup(1, 0x62, "x", NAME_WAIT_FOREVER, &got),
			 MIG_NO_REPLY);
	ck_assert_uint_eq(names_expire(now_ms), 1020);
	now_ms = 1019;
	ck_assert_uint_eq(names_expire(now_ms), 1020);
	ck_assert_uint_eq(nreplies, 0);
	now_ms = 1020;
	ck_assert_uint_eq(names_expire(now_ms), 1050);
	ck_assert_uint_eq(nreplies, 1);
	ck_assert_uint_eq(replies[0].to, 0x61);
	ck_assert_int_eq(replies[0].code, KERN_TIMEDOUT);
	ck_assert_int_eq(replies[0].id, 6501);
	ck_assert_uint_eq(replies[0].size, sizeof(mig_reply_header_t));
	now_ms = 5000;
	ck_assert_uint_eq(names_expire(now_ms), 0); /* forever: no deadline */
	ck_assert_uint_eq(nreplies, 2);
	ck_assert_uint_eq(replies[1].to, 0x60);
	ck_assert_uint_eq(names_waiting(), 1);
}
END_TEST

START_TEST(test_waiter_limits_and_deaths)
{
	mach_port_t got;
	for (unsigned i = 0; i < WAITERS_MAX; i++)
		ck_assert_int_eq(do_name_lookup(1, 0x100 + i, "x",
						NAME_WAIT_FOREVER, &got),
				 MIG_NO_REPLY);
	ck_assert_int_eq(do_name_lookup(1, 0x300, "x", 10, &got),
			 KERN_RESOURCE_SHORTAGE);
	/* A client that died: its slot comes back, nothing sent to it. */
	ck_assert(names_port_died(0x105));
	ck_assert(!names_port_died(0x105));
	ck_assert_uint_eq(names_waiting(), WAITERS_MAX - 1);
	ck_assert_int_eq(do_name_lookup(1, 0x300, "x", 10, &got), MIG_NO_REPLY);
	ck_assert_int_eq(do_name_register(1, "x", 0x10), KERN_SUCCESS);
	ck_assert_uint_eq(nreplies, WAITERS_MAX);
	for (unsigned i = 0; i < nreplies; i++)
		ck_assert_uint_ne(replies[i].to, 0x105);
	ck_assert_uint_eq(names_waiting(), 0);
}
END_TEST

START_TEST(test_wait_needs_a_send_once_reply)
{
	mach_port_t got;
	serving(MACH_MSG_TYPE_PORT_SEND);
	ck_assert_int_eq(do_name_lookup(1, 0x60, "x", 10, &got),
			 KERN_INVALID_RIGHT);
	/* Not waiting, any reply right does. */
	ck_assert_int_eq(do_name_lookup(1, 0x60, "x", 0, &got),
			 KERN_INVALID_NAME);
	serving(MACH_MSG_TYPE_PORT_SEND_ONCE);
	ck_assert_int_eq(do_name_lookup(1, MACH_PORT_DEAD, "x", 10, &got),
			 KERN_INVALID_RIGHT);
	/* Its dead-name request refused: the client is gone already. */
	request_result = KERN_INVALID_RIGHT;
	ck_assert_int_eq(do_name_lookup(1, 0x60, "x", 10, &got),
			 KERN_INVALID_RIGHT);
	ck_assert_uint_eq(names_waiting(), 0);
	names_set_request(NULL);
	request_result = KERN_SUCCESS;
	ck_assert_int_eq(do_name_lookup(1, 0x60, "x", 10, &got),
			 KERN_INVALID_RIGHT);
}
END_TEST

static Suite *
names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("names");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_register_lookup_unregister);
	tcase_add_test(tc, test_bad_names_and_ports);
	tcase_add_test(tc, test_table_full);
	tcase_add_test(tc, test_empty_list);
	tcase_add_test(tc, test_waiters_answered_on_register);
	tcase_add_test(tc, test_waiters_time_out);
	tcase_add_test(tc, test_waiter_limits_and_deaths);
	tcase_add_test(tc, test_wait_needs_a_send_once_reply);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(names_suite)
