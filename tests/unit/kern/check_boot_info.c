/*
 * check_boot_info.c: the checks on what the boot loader handed over
 * (kern/boot_info.c): a boot module is read only if its bounds are in
 * order, inside usable memory the kernel maps, and clear of the kernel,
 * the boot information and the other modules.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kern/boot_info.h"
#include "kern/printf.h"
#include "tests/unit/unit.h"

#define MiB        ((uint64_t)1 << 20)
#define PHYS_LIMIT (128 * MiB) /* the end of the physmap in these tests */

static char printed[8192];
static size_t printed_len;

int
kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(printed + printed_len, sizeof printed - printed_len,
			  fmt, ap);
	va_end(ap);
	if (n > 0)
		printed_len += (size_t)n;
	if (printed_len >= sizeof printed)
		printed_len = sizeof printed - 1;
	return n;
}

/*
 * A PC under QEMU with 128 MiB: low memory, the ISA hole, RAM from 1 MiB
 * (the kernel at 1-2 MiB, the boot information at 3 MiB) and two modules
 * side by side at 4 MiB.
 */
static struct boot_info bi;

static void
setup(void)
{
	memset(&bi, 0, sizeof bi);
	bi.cmdline = "";
	bi.loader = "test";
	bi.regions[0] = (struct boot_region){ 0, 0x9fc00, BOOT_REGION_USABLE };
	bi.regions[1] =
		(struct boot_region){ 0x9fc00, 0x400, BOOT_REGION_RESERVED };
	bi.regions[2] =
		(struct boot_region){ 0xf0000, 0x10000, BOOT_REGION_RESERVED };
	bi.regions[3] = (struct boot_region){ MiB, PHYS_LIMIT - MiB,
					      BOOT_REGION_USABLE };
	bi.regions[4] = (struct boot_region){ 0xfffc0000, 0x40000,
					      BOOT_REGION_RESERVED };
	bi.nregions = 5;
	bi.kernel_start = MiB;
	bi.kernel_end = 2 * MiB;
	bi.info_start = 3 * MiB;
	bi.info_end = 3 * MiB + 0x1000;
	bi.modules[0] =
		(struct boot_module){ 4 * MiB, 4 * MiB + 0x10000, "first" };
	bi.modules[1] = (struct boot_module){ 4 * MiB + 0x10000,
					      4 * MiB + 0x12345, "second" };
	bi.nmodules = 2;
	printed_len = 0;
	printed[0] = '\0';
}

/* Module 1 set to [start, end) is refused for a reason containing `part'. */
static void
expect_refused_at(int line, uint64_t start, uint64_t end, const char *part)
{
	bi.modules[1].start = start;
	bi.modules[1].end = end;
	const char *why = boot_module_check(&bi, &bi.modules[1], PHYS_LIMIT);
	ck_assert_msg(why != NULL && strstr(why, part) != NULL,
		      "line %d: [%#llx, %#llx): \"%s\", expected \"%s\"", line,
		      (unsigned long long)start, (unsigned long long)end,
		      why ? why : "accepted", part);
}
#define expect_refused(start, end, part)                                       \
	expect_refused_at(__LINE__, start, end, part)

START_TEST(test_good_modules)
{
	ck_assert_ptr_null(boot_module_check(&bi, &bi.modules[0], PHYS_LIMIT));
	ck_assert_ptr_null(boot_module_check(&bi, &bi.modules[1], PHYS_LIMIT));
	/* Right up to the end of memory, and in low memory. */
	bi.modules[1] =
		(struct boot_module){ PHYS_LIMIT - 0x1000, PHYS_LIMIT, "last" };
	ck_assert_ptr_null(boot_module_check(&bi, &bi.modules[1], PHYS_LIMIT));
	bi.modules[1] = (struct boot_module){ 0x8000, 0x9000, "low" };
	ck_assert_ptr_null(boot_module_check(&bi, &bi.modules[1], PHYS_LIMIT));
	/* Touching the kernel and the boot information is not overlap. */
	bi.modules[1] = (struct boot_module){ 2 * MiB, 3 * MiB, "between" };
	ck_assert_ptr_null(boot_module_check(&bi, &bi.modules[1], PHYS_LIMIT));
}
END_TEST

START_TEST(test_bounds_out_of_order)
{
	expect_refused(5 * MiB, 5 * MiB, "end is not above its start");
	expect_refused(5 * MiB + 1, 5 * MiB, "end is not above its start");
	expect_refused(UINT64_MAX, 0, "end is not above its start");
	expect_refused(0, 0, "end is not above its start");
}
END_TEST

START_TEST(test_beyond_mapped_memory)
{
	expect_refused(PHYS_LIMIT - 0x1000, PHYS_LIMIT + 1,
		       "beyond the memory");
	expect_refused(PHYS_LIMIT, PHYS_LIMIT + 0x1000, "beyond the memory");
	expect_refused(UINT64_MAX - 1, UINT64_MAX, "beyond the memory");
	expect_refused(5 * MiB, UINT64_MAX, "beyond the memory");
}
END_TEST

START_TEST(test_not_in_usable_memory)
{
	/* The ISA hole, firmware, a region's edge, across a gap. */
	expect_refused(0xf0000, 0xf1000, "not inside usable memory");
	expect_refused(0x9f000, 0xa0000, "not inside usable memory");
	expect_refused(0x9f000, MiB + 0x1000, "not inside usable memory");
	/* A usable region must hold all of it, whatever the map says. */
	bi.regions[3].length = 8 * MiB - MiB;
	expect_refused(8 * MiB - 0x1000, 8 * MiB + 1, "not inside usable");
	/* A region whose end wraps round 2^64 still bounds correctly. */
	bi.regions[3] = (struct boot_region){ 64 * MiB, UINT64_MAX,
					      BOOT_REGION_USABLE };
	bi.modules[1] = (struct boot_module){ 64 * MiB, 65 * MiB, "top" };
	ck_assert_ptr_null(boot_module_check(&bi, &bi.modules[1], PHYS_LIMIT));
	expect_refused(63 * MiB, 65 * MiB, "not inside usable memory");
}
END_TEST

START_TEST(test_overlaps)
{
	expect_refused(MiB + 0x1000, MiB + 0x2000, "overlaps the kernel");
	expect_refused(2 * MiB - 1, 2 * MiB + 0x1000, "overlaps the kernel");
	expect_refused(MiB, 3 * MiB, "overlaps the kernel"); /* holds it */
	expect_refused(3 * MiB - 1, 3 * MiB + 1, "overlaps the boot info");
	expect_refused(4 * MiB + 0xffff, 5 * MiB, "overlaps another module");
	expect_refused(3 * MiB + 0x1000, 4 * MiB + 1, "overlaps another");
	expect_refused(4 * MiB, 4 * MiB + 0x10000, "overlaps another module");
}
END_TEST

/* The log names each module with its bounds and size. */
START_TEST(test_log_lists_modules)
{
	boot_info_log(&bi);
	ck_assert_ptr_nonnull(strstr(printed, "boot: 2 modules\n"));
	ck_assert_ptr_nonnull(strstr(printed, "boot:   module 0 at 0x400000, "
					      "65536 bytes: \"first\"\n"));
	ck_assert_ptr_nonnull(strstr(printed, "boot:   module 1 at 0x410000, "
					      "9029 bytes: \"second\"\n"));
	/* Reversed bounds are said so, not printed as a huge size. */
	printed_len = 0;
	bi.modules[1].end = 0x400000;
	boot_info_log(&bi);
	ck_assert_ptr_nonnull(strstr(printed, "boot:   module 1 at 0x410000, "
					      "ending below its start at "
					      "0x400000: \"second\"\n"));
}
END_TEST

static Suite *
boot_info_suite(void)
{
	Suite *s = suite_create("boot_info");
	TCase *tc = tcase_create("modules");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_good_modules);
	tcase_add_test(tc, test_bounds_out_of_order);
	tcase_add_test(tc, test_beyond_mapped_memory);
	tcase_add_test(tc, test_not_in_usable_memory);
	tcase_add_test(tc, test_overlaps);
	tcase_add_test(tc, test_log_lists_modules);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(boot_info_suite)
