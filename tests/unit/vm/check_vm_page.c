/*
 * check_vm_page.c: the buddy allocator of vm/vm_page.c and its bootstrap
 * from a boot memory map, on a host arena standing in for RAM.
 */

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <machine/vm_param.h>

#include "tests/unit/unit.h"
#include "vm/vm_page.h"

#define NPAGES    4096  /* 16 MiB of frames */
#define FIRST_PFN 0x800 /* aligned to the largest block */

static struct vm_page pages[NPAGES];

static uint64_t
free_pages(void)
{
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	return st.free;
}

/* Every frame managed and free. */
static void
setup_all_free(void)
{
	vm_page_init(pages, FIRST_PFN, NPAGES);
	vm_page_release(FIRST_PFN, FIRST_PFN + NPAGES);
}

START_TEST(test_release_makes_largest_blocks)
{
	setup_all_free();
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	ck_assert_uint_eq(st.managed, NPAGES);
	ck_assert_uint_eq(st.free, NPAGES);
	/* 4096 pages from an aligned frame: four blocks of 1024. */
	ck_assert_uint_eq(st.free_blocks[VM_PAGE_MAX_ORDER - 1], 4);
	for (unsigned k = 0; k < VM_PAGE_MAX_ORDER - 1; k++)
		ck_assert_uint_eq(st.free_blocks[k], 0);
}
END_TEST

START_TEST(test_alignment_and_distinct)
{
	setup_all_free();
	for (unsigned order = 0; order < VM_PAGE_MAX_ORDER; order++) {
		struct vm_page *p = vm_page_alloc_order(order);
		ck_assert_ptr_nonnull(p);
		uint64_t pfn = vm_page_to_phys(p) >> PAGE_SHIFT;
		ck_assert_uint_eq(pfn & ((1ull << order) - 1), 0);
		ck_assert_ptr_eq(vm_page_lookup(vm_page_to_phys(p)), p);
		vm_page_free_order(p, order);
	}
	ck_assert_uint_eq(free_pages(), NPAGES);
}
END_TEST

START_TEST(test_exhaust_and_refill)
{
	static struct vm_page *got[NPAGES];
	static unsigned char seen[NPAGES];
	setup_all_free();
	memset(seen, 0, sizeof seen);
	for (unsigned i = 0; i < NPAGES; i++) {
		got[i] = vm_page_alloc();
		ck_assert_ptr_nonnull(got[i]);
		size_t idx = got[i] - pages;
		ck_assert_uint_lt(idx, NPAGES);
		ck_assert(!seen[idx]); /* never handed out twice */
		seen[idx] = 1;
	}
	ck_assert_ptr_null(vm_page_alloc());
	ck_assert_uint_eq(free_pages(), 0);
	/* Free in an interleaved order; everything must merge back. */
	for (unsigned i = 0; i < NPAGES; i += 2)
		vm_page_free(got[i]);
	for (unsigned i = 1; i < NPAGES; i += 2)
		vm_page_free(got[i]);
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	ck_assert_uint_eq(st.free, NPAGES);
	ck_assert_uint_eq(st.free_blocks[VM_PAGE_MAX_ORDER - 1], 4);
}
END_TEST

START_TEST(test_random_mix)
{
	static struct {
		struct vm_page *p;
		unsigned order;
	} live[512];
	static unsigned char in_use[NPAGES];
	unsigned nlive = 0;
	unsigned seed = 12345;
	setup_all_free();
	memset(in_use, 0, sizeof in_use);
	for (int step = 0; step < 20000; step++) {
		seed = seed * 1103515245 + 12345;
		bool do_alloc =
			nlive == 0 || (nlive < 512 && (seed >> 16) % 3 != 0);
		if (do_alloc) {
			unsigned order = (seed >> 8) % 6;
			struct vm_page *p = vm_page_alloc_order(order);
			if (p == NULL)
				continue;
			/* No page of the block is in any live block. */
			size_t first = p - pages;
			for (size_t i = first; i < first + (1u << order); i++) {
				ck_assert(!in_use[i]);
				in_use[i] = 1;
			}
			live[nlive].p = p;
			live[nlive].order = order;
			nlive++;
		} else {
			unsigned i = (seed >> 4) % nlive;
			size_t first = live[i].p - pages;
			for (size_t k = first;
			     k < first + (1u << live[i].order); k++)
				in_use[k] = 0;
			vm_page_free_order(live[i].p, live[i].order);
			live[i] = live[--nlive];
		}
	}
	while (nlive > 0) {
		nlive--;
		vm_page_free_order(live[nlive].p, live[nlive].order);
	}
	ck_assert_uint_eq(free_pages(), NPAGES);
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	ck_assert_uint_eq(st.free_blocks[VM_PAGE_MAX_ORDER - 1], 4);
}
END_TEST

START_TEST(test_too_large_order)
{
	setup_all_free();
	ck_assert_ptr_null(vm_page_alloc_order(VM_PAGE_MAX_ORDER));
	ck_assert_uint_eq(free_pages(), NPAGES);
}
END_TEST

START_TEST(test_unaligned_release)
{
	/* A range that starts and ends off any large alignment. */
	vm_page_init(pages, FIRST_PFN, NPAGES);
	vm_page_release(FIRST_PFN + 3, FIRST_PFN + 1100);
	ck_assert_uint_eq(free_pages(), 1097);
	struct vm_page *p = vm_page_alloc_order(9);
	ck_assert_ptr_nonnull(p); /* [512, 1024) is the one such block */
	ck_assert_uint_eq(p - pages, 512);
	ck_assert_ptr_null(vm_page_alloc_order(9));
	vm_page_free_order(p, 9);
	/* Frames outside the released range are never handed out. */
	for (unsigned i = 0; i < 1097; i++) {
		struct vm_page *q = vm_page_alloc();
		ck_assert_ptr_nonnull(q);
		size_t idx = q - pages;
		ck_assert(idx >= 3 && idx < 1100);
	}
	ck_assert_ptr_null(vm_page_alloc());
}
END_TEST

START_TEST(test_double_free_panics)
{
	setup_all_free();
	struct vm_page *p = vm_page_alloc();
	vm_page_free(p);
	vm_page_free(p); /* kernel bug: must panic, i.e. abort here */
}
END_TEST

START_TEST(test_wrong_order_free_panics)
{
	setup_all_free();
	struct vm_page *p = vm_page_alloc_order(2);
	vm_page_free_order(p, 1);
}
END_TEST

/* A boot map: RAM with a hole, a reserved kernel and a module. */
START_TEST(test_bootstrap)
{
	const uint64_t mib = 1 << 20;
	host_phys_base = calloc(1, 32 * mib);
	ck_assert_ptr_nonnull(host_phys_base);

	struct boot_info bi = { .nregions = 4 };
	bi.regions[0] = (struct boot_region){ 0, 0x9fc00, BOOT_REGION_USABLE };
	bi.regions[1] =
		(struct boot_region){ 0xf0000, 0x10000, BOOT_REGION_RESERVED };
	bi.regions[2] =
		(struct boot_region){ mib, 15 * mib, BOOT_REGION_USABLE };
	bi.regions[3] = (struct boot_region){ 20 * mib + 100, 12 * mib - 100,
					      BOOT_REGION_USABLE };
	struct phys_range reserved[] = {
		{ mib, 3 * mib },               /* kernel image */
		{ 5 * mib + 10, 5 * mib + 20 }, /* boot info, unaligned */
		{ 6 * mib, 7 * mib },           /* a module */
	};

	uint64_t nfree = vm_page_bootstrap(&bi, 32 * mib, reserved, 3);
	/* usable: [3,5) + [5M+4K..6) + [7,16) + [20M+4K..32M) */
	uint64_t expect_bytes =
		2 * mib + (mib - 4096) + 9 * mib + (12 * mib - 4096);
	/* The page array (one entry per frame from 0 to 32 MiB) takes some. */
	uint64_t array_pages =
		(8192 * sizeof(struct vm_page) + PAGE_MASK) >> PAGE_SHIFT;
	ck_assert_uint_eq(nfree, expect_bytes / PAGE_SIZE - array_pages);

	/* No free page lies in the first MiB, a hole, or a reserved range. */
	for (;;) {
		struct vm_page *p = vm_page_alloc();
		if (p == NULL)
			break;
		uint64_t pa = vm_page_to_phys(p);
		ck_assert_uint_ge(pa, mib);
		ck_assert(!(pa >= mib && pa < 3 * mib));
		ck_assert(!(pa >= 5 * mib && pa < 5 * mib + 4096));
		ck_assert(!(pa >= 6 * mib && pa < 7 * mib));
		ck_assert(!(pa >= 16 * mib && pa < 20 * mib + 4096));
		/* The page array took the first usable gap, at 3 MiB. */
		ck_assert(!(pa >= 3 * mib &&
			    pa < 3 * mib + array_pages * PAGE_SIZE));
	}
	free(host_phys_base);
	host_phys_base = NULL;
}
END_TEST

START_TEST(test_bootstrap_limit)
{
	const uint64_t mib = 1 << 20;
	host_phys_base = calloc(1, 8 * mib);
	struct boot_info bi = { .nregions = 1 };
	bi.regions[0] =
		(struct boot_region){ mib, 63 * mib, BOOT_REGION_USABLE };
	/* Only the first 8 MiB are addressable. */
	uint64_t nfree = vm_page_bootstrap(&bi, 8 * mib, NULL, 0);
	/* One page entry per frame in [1 MiB, 8 MiB). */
	uint64_t array_pages =
		(1792 * sizeof(struct vm_page) + PAGE_MASK) >> PAGE_SHIFT;
	ck_assert_uint_eq(nfree, 7 * 256 - array_pages);
	free(host_phys_base);
	host_phys_base = NULL;
}
END_TEST

/*
 * Reserved ranges as a loader may describe them: empty, or with their
 * bounds reversed (a module whose end is below its start).  They keep
 * nothing from vm_page, and no page is released twice.
 */
START_TEST(test_bootstrap_bad_reserved_ranges)
{
	const uint64_t mib = 1 << 20;
	host_phys_base = calloc(1, 8 * mib);
	ck_assert_ptr_nonnull(host_phys_base);
	struct boot_info bi = { .nregions = 1 };
	bi.regions[0] =
		(struct boot_region){ mib, 7 * mib, BOOT_REGION_USABLE };
	struct phys_range reserved[] = {
		{ 6 * mib, 5 * mib + mib / 2 }, /* reversed */
		{ 3 * mib, 3 * mib },           /* empty */
		{ 2 * mib + 1, 2 * mib },       /* reversed, unaligned */
	};
	uint64_t nfree = vm_page_bootstrap(&bi, 8 * mib, reserved, 3);
	uint64_t array_pages =
		(1792 * sizeof(struct vm_page) + PAGE_MASK) >> PAGE_SHIFT;
	ck_assert_uint_eq(nfree, 7 * 256 - array_pages);
	/* Every free page is handed out once. */
	static bool seen[2048];
	memset(seen, 0, sizeof seen);
	uint64_t n = 0;
	struct vm_page *p;
	while ((p = vm_page_alloc()) != NULL) {
		uint64_t pfn = vm_page_to_phys(p) >> PAGE_SHIFT;
		ck_assert_uint_lt(pfn, 2048);
		ck_assert_msg(!seen[pfn], "page %#llx handed out twice",
			      (unsigned long long)pfn);
		seen[pfn] = true;
		n++;
	}
	ck_assert_uint_eq(n, nfree);
	free(host_phys_base);
	host_phys_base = NULL;
}
END_TEST

START_TEST(test_bootstrap_no_memory)
{
	struct boot_info bi = { .nregions = 1 };
	bi.regions[0] = (struct boot_region){ 0, 0x9fc00, BOOT_REGION_USABLE };
	ck_assert_uint_eq(vm_page_bootstrap(&bi, 1ull << 32, NULL, 0), 0);
}
END_TEST

static Suite *
vm_page_suite(void)
{
	Suite *s = suite_create("vm_page");
	TCase *tc = tcase_create("buddy");
	tcase_add_test(tc, test_release_makes_largest_blocks);
	tcase_add_test(tc, test_alignment_and_distinct);
	tcase_add_test(tc, test_exhaust_and_refill);
	tcase_add_test(tc, test_random_mix);
	tcase_add_test(tc, test_too_large_order);
	tcase_add_test(tc, test_unaligned_release);
	tcase_add_test_raise_signal(tc, test_double_free_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, test_wrong_order_free_panics, SIGABRT);
	suite_add_tcase(s, tc);

	TCase *boot = tcase_create("bootstrap");
	tcase_add_test(boot, test_bootstrap);
	tcase_add_test(boot, test_bootstrap_limit);
	tcase_add_test(boot, test_bootstrap_bad_reserved_ranges);
	tcase_add_test(boot, test_bootstrap_no_memory);
	suite_add_tcase(s, boot);
	return s;
}

UNIT_MAIN(vm_page_suite)
