/*
 * check_emul_plan.c: libmach/emul_plan.c, the pure logic of the
 * system-call emulation, on the host: mmap's argument checks (every
 * refusal with Linux's errno, the rounding, fixed and hinted
 * addresses), munmap/mprotect ranges, the program break's steps (grow,
 * shrink within a page, refusals), timespecs and their milliseconds.
 */

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "libmach/emul.h"
#include "tests/unit/unit.h"

#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW   (PROT_READ | PROT_WRITE)
#define TOP  0x0000800000000000ul

static int
mm(uintptr_t addr, uintptr_t len, long prot, long flags, long fd, long off,
   struct emul_mmap_plan *p)
{
	return emul_mmap_check(addr, len, prot, flags, fd, off, p);
}

START_TEST(test_mmap_plain)
{
	struct emul_mmap_plan p;
	ck_assert_int_eq(mm(0, 1, RW, ANON, -1, 0, &p), 0);
	ck_assert_uint_eq(p.size, 4096);
	ck_assert_uint_eq(p.addr, 0);
	ck_assert_int_eq(p.prot, VM_PROT_READ | VM_PROT_WRITE);
	ck_assert_int_eq(p.fixed, 0);
	ck_assert_int_eq(mm(0, 4097, PROT_NONE, ANON, -1, 0, &p), 0);
	ck_assert_uint_eq(p.size, 8192);
	ck_assert_int_eq(p.prot, VM_PROT_NONE);
	ck_assert_int_eq(mm(0, 4096, PROT_READ | PROT_EXEC,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0, &p),
			 0);
	ck_assert_int_eq(p.prot, VM_PROT_READ | VM_PROT_EXECUTE);
	/* fd is ignored for anonymous memory, as Linux. */
	ck_assert_int_eq(mm(0, 4096, RW, ANON, 7, 0, &p), 0);
	/* A hint is rounded down, and dropped when it cannot fit. */
	ck_assert_int_eq(mm(0x10000123, 4096, RW, ANON, -1, 0, &p), 0);
	ck_assert_uint_eq(p.addr, 0x10000000);
	ck_assert_int_eq(mm(TOP - 4096, 8192, RW, ANON, -1, 0, &p), 0);
	ck_assert_uint_eq(p.addr, 0);
	ck_assert_int_eq(mm(~0ul, 4096, RW, ANON, -1, 0, &p), 0);
	ck_assert_uint_eq(p.addr, 0);
}
END_TEST

START_TEST(test_mmap_fixed)
{
	struct emul_mmap_plan p;
	ck_assert_int_eq(mm(0x20000000, 4096, RW, ANON | MAP_FIXED, -1, 0, &p),
			 0);
	ck_assert_uint_eq(p.addr, 0x20000000);
	ck_assert_int_eq(p.fixed, 1);
	ck_assert_int_eq(p.noreplace, 0);
	ck_assert_int_eq(
		mm(0x20000000, 4096, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0, &p),
		0);
	ck_assert_int_eq(p.fixed, 0);
	ck_assert_int_eq(p.noreplace, 1);
	ck_assert_int_eq(mm(0x20000001, 4096, RW, ANON | MAP_FIXED, -1, 0, &p),
			 -EINVAL);
	ck_assert_int_eq(mm(0, 4096, RW, ANON | MAP_FIXED, -1, 0, &p), -ENOMEM);
	ck_assert_int_eq(mm(TOP, 4096, RW, ANON | MAP_FIXED, -1, 0, &p),
			 -ENOMEM);
	ck_assert_int_eq(mm(TOP - 4096, 8192, RW, ANON | MAP_FIXED, -1, 0, &p),
			 -ENOMEM);
	ck_assert_int_eq(mm(TOP - 4096, 4096, RW, ANON | MAP_FIXED, -1, 0, &p),
			 0);
}
END_TEST

START_TEST(test_mmap_refused)
{
	struct emul_mmap_plan p;
	ck_assert_int_eq(mm(0, 0, RW, ANON, -1, 0, &p), -EINVAL);
	ck_assert_int_eq(mm(0, 4096, RW, MAP_ANONYMOUS, -1, 0, &p), -EINVAL);
	ck_assert_int_eq(mm(0, 4096, RW, ANON | MAP_SHARED, -1, 0, &p),
			 -EINVAL);
	ck_assert_int_eq(mm(0, 4096, RW, ANON | 0x40000000, -1, 0, &p),
			 -EINVAL);
	ck_assert_int_eq(mm(0, 4096, 0x10, ANON, -1, 0, &p), -EINVAL);
	ck_assert_int_eq(mm(0, 4096, RW, ANON, -1, 100, &p), -EINVAL);
	ck_assert_int_eq(mm(0, ~0ul, RW, ANON, -1, 0, &p), -ENOMEM);
	ck_assert_int_eq(mm(0, TOP, RW, ANON, -1, 0, &p), -ENOMEM);
	/* Files: none yet. */
	ck_assert_int_eq(mm(0, 4096, RW, MAP_PRIVATE, 3, 0, &p), -ENODEV);
	ck_assert_int_eq(mm(0, 4096, RW, MAP_PRIVATE, -1, 0, &p), -EBADF);
}
END_TEST

START_TEST(test_ranges)
{
	uintptr_t s, e;
	ck_assert_int_eq(emul_range_check(0x1000, 1, &s, &e), 0);
	ck_assert_uint_eq(s, 0x1000);
	ck_assert_uint_eq(e, 0x2000);
	ck_assert_int_eq(emul_range_check(0x1000, 0, &s, &e), 0);
	ck_assert_uint_eq(e, 0x1000);
	ck_assert_int_eq(emul_range_check(0x1001, 1, &s, &e), -EINVAL);
	ck_assert_int_eq(emul_range_check(TOP, 1, &s, &e), -EINVAL);
	ck_assert_int_eq(emul_range_check(0x1000, ~0ul, &s, &e), -EINVAL);
	ck_assert_int_eq(emul_range_check(TOP - 4096, 4097, &s, &e), -EINVAL);
	ck_assert_int_eq(emul_range_check(TOP - 4096, 4096, &s, &e), 0);
	vm_prot_t prot;
	ck_assert_int_eq(emul_prot(PROT_WRITE, &prot), 0);
	ck_assert_int_eq(prot, VM_PROT_WRITE);
	ck_assert_int_eq(emul_prot(-1, &prot), -EINVAL);
}
END_TEST

START_TEST(test_brk)
{
	struct emul_brk b = { 0x100000, 0x100000, 0x200000 };
	struct emul_brk_step st;
	/* 0 and refusals: the current break is the answer. */
	ck_assert_int_eq(emul_brk_plan(&b, 0, &st), 0);
	ck_assert_int_eq(emul_brk_plan(&b, 0xfffff, &st), 0);
	ck_assert_int_eq(emul_brk_plan(&b, 0x200001, &st), 0);
	ck_assert_int_eq(emul_brk_plan(&b, ~0ul, &st), 0);
	/* Growing by a byte makes a page usable. */
	ck_assert_int_eq(emul_brk_plan(&b, 0x100001, &st), 1);
	ck_assert_uint_eq(st.grow_start, 0x100000);
	ck_assert_uint_eq(st.grow_end, 0x101000);
	ck_assert_uint_eq(st.shrink_end, st.shrink_start);
	b.cur = 0x100001;
	/* Within that page: nothing to do. */
	ck_assert_int_eq(emul_brk_plan(&b, 0x100fff, &st), 1);
	ck_assert_uint_eq(st.grow_end, st.grow_start);
	ck_assert_uint_eq(st.shrink_end, st.shrink_start);
	b.cur = 0x100fff;
	ck_assert_int_eq(emul_brk_plan(&b, 0x200000, &st), 1);
	ck_assert_uint_eq(st.grow_start, 0x101000);
	ck_assert_uint_eq(st.grow_end, 0x200000);
	b.cur = 0x200000;
	/* Lowered: the pages above the new break's page go back. */
	ck_assert_int_eq(emul_brk_plan(&b, 0x100800, &st), 1);
	ck_assert_uint_eq(st.shrink_start, 0x101000);
	ck_assert_uint_eq(st.shrink_end, 0x200000);
	ck_assert_uint_eq(st.grow_end, st.grow_start);
	ck_assert_int_eq(emul_brk_plan(&b, 0x100000, &st), 1);
	ck_assert_uint_eq(st.shrink_start, 0x100000);
}
END_TEST

START_TEST(test_timespec)
{
	ck_assert_int_eq(emul_timespec_check(0, 0), 0);
	ck_assert_int_eq(emul_timespec_check(5, 999999999), 0);
	ck_assert_int_eq(emul_timespec_check(-1, 0), -EINVAL);
	ck_assert_int_eq(emul_timespec_check(0, -1), -EINVAL);
	ck_assert_int_eq(emul_timespec_check(0, 1000000000), -EINVAL);
	ck_assert_uint_eq(emul_timespec_ms(0, 0), 0);
	ck_assert_uint_eq(emul_timespec_ms(0, 1), 1);
	ck_assert_uint_eq(emul_timespec_ms(0, 1000000), 1);
	ck_assert_uint_eq(emul_timespec_ms(0, 1000001), 2);
	ck_assert_uint_eq(emul_timespec_ms(2, 500000000), 2500);
	ck_assert_uint_eq(emul_timespec_ms(0x7fffffffffffffffl, 999999999),
			  UINT64_MAX);
}
END_TEST

static Suite *
emul_plan_suite(void)
{
	Suite *s = suite_create("emul_plan");
	TCase *tc = tcase_create("plan");
	tcase_add_test(tc, test_mmap_plain);
	tcase_add_test(tc, test_mmap_fixed);
	tcase_add_test(tc, test_mmap_refused);
	tcase_add_test(tc, test_ranges);
	tcase_add_test(tc, test_brk);
	tcase_add_test(tc, test_timespec);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(emul_plan_suite)
