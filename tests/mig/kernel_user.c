/*
 * kernel_user.c: the kernel's KernelUser stubs of notify.defs, as the
 * kernel build generates them (kernel/mig/notifyUser.c, KERNEL
 * defined), run on the host against a mach_msg_send_from_kernel that
 * keeps the message.  Each notification must leave in kernel form (the
 * destination and any right as port pointers) with GNU Mach's id, bits,
 * size and descriptor, every padding byte zero (a notification must not
 * carry kernel stack to user space), and the stub must return what the
 * send returned.
 */
#include <mach/message.h>
#include <mach/notify.h>
#include <string.h>

#include "tests/unit/unit.h"

/* What the stubs call: the kernel's declaration, this file's stand-in. */
#include "ipc/mach_msg.h"

#include "kernel/mig/notifyUser.c"

static unsigned char sent[256];
static mach_msg_size_t sent_size;
static int sends;
static mach_msg_return_t send_result;

mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t size)
{
	ck_assert_uint_eq(msg->msgh_size, size);
	ck_assert_uint_le(size, sizeof sent);
	memcpy(sent, msg, size);
	sent_size = size;
	sends++;
	return send_result;
}

/* Fill the stack below the caller with a pattern, so that a stub that
 * left a byte of its message unwritten shows it. */
static __attribute__((noinline)) void
dirty_stack(void)
{
	volatile unsigned char junk[4096];

	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = 0xa5;
}

static void
reset(void)
{
	memset(sent, 0xee, sizeof sent);
	sent_size = 0;
	sends = 0;
	send_result = MACH_MSG_SUCCESS;
	dirty_stack();
}

static struct ipc_port *const NOTIFY = (struct ipc_port *)0xffff800000123400;
static struct ipc_port *const RIGHT = (struct ipc_port *)0xffff800000567800;

/* The header every notification has: to NOTIFY's send-once right, no
 * reply port, no sequence number. */
static void
check_header(mach_msg_id_t id, mach_msg_size_t size, int complex)
{
	mach_msg_header_t h;

	ck_assert_int_eq(sends, 1);
	ck_assert_uint_eq(sent_size, size);
	memcpy(&h, sent, sizeof h);
	ck_assert_uint_eq(
		h.msgh_bits,
		(complex ? MACH_MSGH_BITS_COMPLEX : 0) |
			MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0));
	ck_assert_uint_eq(h.msgh_size, size);
	ck_assert_ptr_eq(h.msgh_remote_port, NOTIFY);
	ck_assert_ptr_null(h.msgh_local_port);
	ck_assert_uint_eq(h.msgh_seqno, 0);
	ck_assert_int_eq(h.msgh_id, id);
}

/* The one inline item after the header: its descriptor and 8 bytes of
 * data, of which the first LEN are VALUE and the rest zero. */
static void
check_item(unsigned name, unsigned bits, const void *value, size_t len)
{
	mach_msg_type_t t;
	unsigned char zero[8] = { 0 };

	memcpy(&t, sent + sizeof(mach_msg_header_t), sizeof t);
	ck_assert_uint_eq(t.msgt_name, name);
	ck_assert_uint_eq(t.msgt_size, bits);
	ck_assert_uint_eq(t.msgt_number, 1);
	ck_assert_uint_eq(t.msgt_inline, 1);
	ck_assert_uint_eq(t.msgt_longform, 0);
	ck_assert_uint_eq(t.msgt_deallocate, 0);
	ck_assert_uint_eq(t.msgt_unused, 0);
	ck_assert_uint_eq(sizeof t, 8);
	ck_assert_mem_eq(sent + 40, value, len);
	ck_assert_mem_eq(sent + 40 + len, zero, 8 - len);
}

START_TEST(test_port_deleted)
{
	mach_port_name_t name = 0x1703;

	reset();
	ck_assert_int_eq(mach_notify_port_deleted(NOTIFY, name),
			 MACH_MSG_SUCCESS);
	check_header(MACH_NOTIFY_PORT_DELETED, 48, 0);
	check_item(MACH_MSG_TYPE_PORT_NAME, 32, &name, sizeof name);
}
END_TEST

START_TEST(test_msg_accepted)
{
	mach_port_name_t name = 0x2b01;

	reset();
	ck_assert_int_eq(mach_notify_msg_accepted(NOTIFY, name),
			 MACH_MSG_SUCCESS);
	check_header(MACH_NOTIFY_MSG_ACCEPTED, 48, 0);
	check_item(MACH_MSG_TYPE_PORT_NAME, 32, &name, sizeof name);
}
END_TEST

/* The receive right travels as the port itself (kernel form), moved. */
START_TEST(test_port_destroyed)
{
	struct ipc_port *right = RIGHT;

	reset();
	ck_assert_int_eq(mach_notify_port_destroyed(NOTIFY, RIGHT,
						    MACH_MSG_TYPE_MOVE_RECEIVE),
			 MACH_MSG_SUCCESS);
	check_header(MACH_NOTIFY_PORT_DESTROYED, 48, 1);
	check_item(MACH_MSG_TYPE_MOVE_RECEIVE, 64, &right, sizeof right);
}
END_TEST

START_TEST(test_no_senders)
{
	mach_port_mscount_t mscount = 0xfffffffe;

	reset();
	ck_assert_int_eq(mach_notify_no_senders(NOTIFY, mscount),
			 MACH_MSG_SUCCESS);
	check_header(MACH_NOTIFY_NO_SENDERS, 48, 0);
	check_item(MACH_MSG_TYPE_INTEGER_32, 32, &mscount, sizeof mscount);
}
END_TEST

START_TEST(test_send_once)
{
	reset();
	ck_assert_int_eq(mach_notify_send_once(NOTIFY), MACH_MSG_SUCCESS);
	check_header(MACH_NOTIFY_SEND_ONCE, 32, 0);
}
END_TEST

START_TEST(test_dead_name)
{
	mach_port_name_t name = 0xffffffff;

	reset();
	ck_assert_int_eq(mach_notify_dead_name(NOTIFY, name), MACH_MSG_SUCCESS);
	check_header(MACH_NOTIFY_DEAD_NAME, 48, 0);
	check_item(MACH_MSG_TYPE_PORT_NAME, 32, &name, sizeof name);
}
END_TEST

/* A failed send (say, a dead destination) comes back to the caller. */
START_TEST(test_send_error_returned)
{
	reset();
	send_result = MACH_SEND_INVALID_DEST;
	ck_assert_int_eq(mach_notify_dead_name(NOTIFY, 5),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(sends, 1);
	reset();
	send_result = MACH_SEND_INVALID_DEST;
	ck_assert_int_eq(mach_notify_port_destroyed(NOTIFY, RIGHT,
						    MACH_MSG_TYPE_MOVE_RECEIVE),
			 MACH_SEND_INVALID_DEST);
}
END_TEST

static Suite *
notify_user_suite(void)
{
	Suite *s = suite_create("notify_kernel_user");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_port_deleted);
	tcase_add_test(tc, test_msg_accepted);
	tcase_add_test(tc, test_port_destroyed);
	tcase_add_test(tc, test_no_senders);
	tcase_add_test(tc, test_send_once);
	tcase_add_test(tc, test_dead_name);
	tcase_add_test(tc, test_send_error_returned);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(notify_user_suite)
