/*
 * check_mig_support.c: libmach/mig_support.c over the stand-in kernel:
 * the reply port made once and kept, dropped (its receive right
 * destroyed) when a stub says it is in doubt, a failing release not
 * recursing, the start-up's port moving to the thread's slot, mig_allocate's failure, and mig_strncpy's bounds.
 */

#include <string.h>

#include "libmach/tls.h"
#include "mach.h"
#include "tests/unit/libmach/standin.h"
#include "tests/unit/unit.h"

static void
setup(void)
{
	standin_reset();
	/* The slot is the program's: empty it for each test. */
	mig_dealloc_reply_port(mig_get_reply_port());
	standin_reset();
}

START_TEST(test_reply_port_made_once_and_kept)
{
	mach_port_t p = mig_get_reply_port();
	ck_assert_uint_eq(p, 0x200);
	mig_put_reply_port(p);
	ck_assert_uint_eq(mig_get_reply_port(), p);
	ck_assert_uint_eq(standin_ncalls, 1);
	ck_assert_int_eq(standin_calls[0].op, STANDIN_REPLY_PORT);
}
END_TEST

START_TEST(test_dealloc_destroys_and_forgets)
{
	mach_port_t p = mig_get_reply_port();
	mig_dealloc_reply_port(p);
	ck_assert_uint_eq(standin_ncalls, 2);
	ck_assert_int_eq(standin_calls[1].op, STANDIN_MOD_REFS);
	ck_assert_uint_eq(standin_calls[1].name, p);
	ck_assert_int_eq(standin_calls[1].arg1, MACH_PORT_RIGHT_RECEIVE);
	ck_assert_int_eq(standin_calls[1].arg2, -1);
	/* The next call has a new port. */
	ck_assert_uint_eq(mig_get_reply_port(), p + 1);
	/* With no port, nothing to release. */
	mig_dealloc_reply_port(p + 1);
	standin_ncalls = 0;
	mig_dealloc_reply_port(MACH_PORT_NULL);
	ck_assert_uint_eq(standin_ncalls, 0);
}
END_TEST

/* The release's own RPC fails: its stub takes a reply port and then
 * gives it up as the failing stub would. */
static void
failing_release(void)
{
	mig_dealloc_reply_port(mig_get_reply_port());
}

START_TEST(test_failing_release_does_not_recurse)
{
	mach_port_t p = mig_get_reply_port();
	standin_mod_refs_hook = failing_release;
	mig_dealloc_reply_port(p);
	/* reply_port, mod_refs(p), reply_port (the release's): the second
	 * port is forgotten, not released through another RPC. */
	ck_assert_uint_eq(standin_ncalls, 3);
	ck_assert_int_eq(standin_calls[2].op, STANDIN_REPLY_PORT);
	/* The slot is usable again. */
	ck_assert_uint_eq(mig_get_reply_port(), p + 2);
	mig_dealloc_reply_port(p + 2);
	ck_assert_int_eq(standin_calls[standin_ncalls - 1].op,
			 STANDIN_MOD_REFS);
}
END_TEST

START_TEST(test_reply_port_moves_to_the_thread)
{
	/* Made before the thread pointer, in the start-up's slot... */
	mach_port_t p = mig_get_reply_port();
	mach_tls_ready = 1;
	mig_reply_port_to_tls();
	/* ... it is the thread's after: no new port. */
	ck_assert_uint_eq(mig_get_reply_port(), p);
	ck_assert_uint_eq(standin_ncalls, 1);
	mig_dealloc_reply_port(p);
	ck_assert_uint_eq(standin_calls[1].name, p);
	ck_assert_uint_eq(mig_get_reply_port(), p + 1);
	mig_dealloc_reply_port(p + 1);
	/* The start-up's slot was emptied by the move. */
	mach_tls_ready = 0;
	ck_assert_uint_eq(mig_get_reply_port(), p + 2);
}
END_TEST

START_TEST(test_mig_allocate)
{
	vm_address_t a = 1;
	mig_allocate(&a, 8192);
	ck_assert_uint_eq(a, 0x10000);
	ck_assert_int_eq(standin_calls[0].op, STANDIN_VM_ALLOCATE);
	ck_assert_int_eq(standin_calls[0].arg1, 8192);
	ck_assert_int_eq(standin_calls[0].arg2, TRUE);
	standin_result = KERN_NO_SPACE;
	mig_allocate(&a, 8192);
	ck_assert_uint_eq(a, 0);
	mig_deallocate(0x10000, 8192);
	ck_assert_int_eq(standin_calls[2].op, STANDIN_VM_DEALLOCATE);
	ck_assert_int_eq(standin_calls[2].arg1, 0x10000);
	ck_assert_int_eq(standin_calls[2].arg2, 8192);
}
END_TEST

START_TEST(test_mig_strncpy)
{
	char dst[8];
	memset(dst, 'x', sizeof dst);
	ck_assert_uint_eq(mig_strncpy(dst, "abc", sizeof dst), 3);
	ck_assert_str_eq(dst, "abc");
	ck_assert_int_eq(dst[4], 'x');
	ck_assert_uint_eq(mig_strncpy(dst, "abcdefghij", sizeof dst), 7);
	ck_assert_str_eq(dst, "abcdefg");
	ck_assert_uint_eq(mig_strncpy(dst, "", sizeof dst), 0);
	ck_assert_str_eq(dst, "");
	dst[0] = 'q';
	ck_assert_uint_eq(mig_strncpy(dst, "abc", 0), 0);
	ck_assert_int_eq(dst[0], 'q');
	ck_assert_uint_eq(mig_strncpy(dst, "abc", 1), 0);
	ck_assert_int_eq(dst[0], '\0');
}
END_TEST

static Suite *
mig_support_suite(void)
{
	Suite *s = suite_create("mig_support");
	TCase *tc = tcase_create("runtime");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_reply_port_made_once_and_kept);
	tcase_add_test(tc, test_dealloc_destroys_and_forgets);
	tcase_add_test(tc, test_failing_release_does_not_recurse);
	tcase_add_test(tc, test_reply_port_moves_to_the_thread);
	tcase_add_test(tc, test_mig_allocate);
	tcase_add_test(tc, test_mig_strncpy);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(mig_support_suite)
