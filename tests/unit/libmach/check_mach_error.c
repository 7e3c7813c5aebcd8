/*
 * check_mach_error.c: libmach/mach_error.c: the text and family of every
 * kind of return code (kernel, mach_msg send and receive with their
 * resource bits, MIG), unknown codes, and mach_error's one line.
 */

#include <string.h>

#include "mach.h"
#include "tests/unit/libmach/standin.h"
#include "tests/unit/unit.h"

static void
setup(void)
{
	standin_reset();
}

START_TEST(test_kernel_codes)
{
	ck_assert_str_eq(mach_error_string(KERN_SUCCESS),
			 "(os/kern) successful");
	ck_assert_str_eq(mach_error_string(KERN_INVALID_ARGUMENT),
			 "(os/kern) invalid argument");
	ck_assert_str_eq(mach_error_string(KERN_INTERRUPTED),
			 "(os/kern) interrupted");
	ck_assert_str_eq(mach_error_type(KERN_NO_SPACE), "kernel");
	/* Every code from 0 to the last is named but 11 and 25, which
	 * GNU Mach does not define. */
	for (kern_return_t k = 0; k <= KERN_INTERRUPTED; k++) {
		const char *s = mach_error_string(k);
		if (k == 11 || k == 25)
			ck_assert_str_eq(s, "unknown error code");
		else
			ck_assert_msg(strncmp(s, "(os/kern) ", 10) == 0,
				      "code %d: %s", k, s);
	}
}
END_TEST

START_TEST(test_message_codes)
{
	ck_assert_str_eq(mach_error_string(MACH_SEND_INVALID_DEST),
			 "(ipc/send) invalid destination port");
	ck_assert_str_eq(mach_error_type(MACH_SEND_INVALID_DEST), "ipc/send");
	ck_assert_str_eq(mach_error_string(MACH_RCV_TIMED_OUT),
			 "(ipc/rcv) timed out");
	ck_assert_str_eq(mach_error_type(MACH_RCV_TIMED_OUT), "ipc/rcv");
	/* The resource bits name what ran short; the text is the code's. */
	ck_assert_str_eq(
		mach_error_string(MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE),
		"(ipc/rcv) body error");
	ck_assert_str_eq(
		mach_error_string(MACH_SEND_NO_BUFFER | MACH_MSG_IPC_KERNEL),
		"(ipc/send) no message buffer");
	ck_assert_str_eq(mach_error_string(MACH_RCV_BODY_ERROR + 1),
			 "unknown error code");
	ck_assert_str_eq(mach_error_type(MACH_RCV_BODY_ERROR + 1), "ipc/rcv");
}
END_TEST

START_TEST(test_mig_codes)
{
	ck_assert_str_eq(mach_error_string(MIG_BAD_ID),
			 "(ipc/mig) bad message ID");
	ck_assert_str_eq(mach_error_type(MIG_NO_REPLY), "ipc/mig");
	for (kern_return_t k = MIG_DESTROY_REQUEST; k <= MIG_TYPE_ERROR; k++)
		ck_assert(strncmp(mach_error_string(k), "(ipc/mig) ", 10) == 0);
	ck_assert_str_eq(mach_error_string(MIG_DESTROY_REQUEST - 1),
			 "unknown error code");
	ck_assert_str_eq(mach_error_type(MIG_DESTROY_REQUEST - 1), "unknown");
}
END_TEST

START_TEST(test_unknown_codes)
{
	const kern_return_t codes[] = { -1, 0x1000, 0x20000000, 0x7fffffff,
					(kern_return_t)0x80000000u };
	for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		ck_assert_str_eq(mach_error_string(codes[i]),
				 "unknown error code");
		ck_assert_str_eq(mach_error_type(codes[i]), "unknown");
	}
}
END_TEST

START_TEST(test_mach_error_prints_one_line)
{
	mach_error("vm_allocate:", KERN_NO_SPACE);
	ck_assert_str_eq(standin_printed, "vm_allocate: (os/kern) no space "
					  "available (kernel/0x00000003)\n");
	/* A long prefix is cut; the code's text is always there. */
	standin_reset();
	char prefix[600];
	memset(prefix, 'p', sizeof prefix - 1);
	prefix[sizeof prefix - 1] = '\0';
	mach_error(prefix, MACH_RCV_TIMED_OUT);
	size_t n = strlen(standin_printed);
	ck_assert_uint_lt(n, 256);
	ck_assert_str_eq(standin_printed + n -
				 strlen(" (ipc/rcv) timed out "
					"(ipc/rcv/0x10004003)\n"),
			 " (ipc/rcv) timed out (ipc/rcv/0x10004003)\n");
}
END_TEST

static Suite *
mach_error_suite(void)
{
	Suite *s = suite_create("mach_error");
	TCase *tc = tcase_create("codes");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_kernel_codes);
	tcase_add_test(tc, test_message_codes);
	tcase_add_test(tc, test_mig_codes);
	tcase_add_test(tc, test_unknown_codes);
	tcase_add_test(tc, test_mach_error_prints_one_line);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(mach_error_suite)
