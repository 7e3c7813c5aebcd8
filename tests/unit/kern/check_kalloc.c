/*
 * check_kalloc.c: the kernel heap (kern/kalloc.c) over zones and the
 * buddy allocator, on a host arena standing in for RAM.
 */

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <machine/vm_param.h>

#include "kern/kalloc.h"
#include "kern/printf.h"
#include "kern/zalloc.h"
#include "tests/unit/host/fake_ram.h"
#include "tests/unit/host/zone_stats.h"
#include "tests/unit/unit.h"
#include "vm/vm_page.h"

#define ARENA     (16u << 20) /* "physical" [0, 16 MiB) */
#define FIRST_PFN 1024        /* managed: [4 MiB, 16 MiB) */
#define NPAGES    3072

/* zalloc.c's zone_print_all needs a kprintf; nothing here prints. */
int
kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

static void
setup(void)
{
	fake_ram_setup(ARENA, FIRST_PFN, NPAGES);
	zone_bootstrap();
	kalloc_init();
	kalloc_set_map(&(struct kalloc_map){ NULL, NULL, 0, 0 });
}

static void
teardown(void)
{
	fake_ram_teardown();
}

/* Pages the zone named `name' holds. */
static uint64_t
zone_stats_pages(const char *name)
{
	return zone_stats_named(name).pages;
}

/* In-use count of the size-class zone for `size' bytes. */
static uint64_t
class_in_use(vm_size_t size)
{
	char name[32];
	snprintf(name, sizeof name, "kalloc.%zu", (size_t)size);
	return zone_stats_named(name).in_use;
}

START_TEST(test_round)
{
	ck_assert_uint_eq(kalloc_round(0), 0);
	ck_assert_uint_eq(kalloc_round(1), 16);
	ck_assert_uint_eq(kalloc_round(16), 16);
	ck_assert_uint_eq(kalloc_round(17), 32);
	ck_assert_uint_eq(kalloc_round(1000), 1024);
	ck_assert_uint_eq(kalloc_round(2048), 2048);
	ck_assert_uint_eq(kalloc_round(2049), PAGE_SIZE);
	ck_assert_uint_eq(kalloc_round(PAGE_SIZE + 1), 2 * PAGE_SIZE);
	ck_assert_uint_eq(kalloc_round(3 * PAGE_SIZE), 4 * PAGE_SIZE);
	ck_assert_uint_eq(kalloc_round(PAGE_SIZE << (VM_PAGE_MAX_ORDER - 1)),
			  PAGE_SIZE << (VM_PAGE_MAX_ORDER - 1));
	ck_assert_uint_eq(
		kalloc_round((PAGE_SIZE << (VM_PAGE_MAX_ORDER - 1)) + 1), 0);
}
END_TEST

/* Each small size lands in its class's zone, aligned to the class. */
START_TEST(test_small_classes)
{
	for (vm_size_t size = 1; size <= KALLOC_MAX_SMALL; size += 7) {
		vm_size_t cls = kalloc_round(size);
		uint64_t before = class_in_use(cls);
		uint64_t pages_before = fake_ram_free_pages();
		unsigned char *p = kalloc(size);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq((uintptr_t)p % cls, 0);
		memset(p, 0xee, size);
		ck_assert_uint_eq(class_in_use(cls), before + 1);
		kfree(p, size);
		ck_assert_uint_eq(class_in_use(cls), before);
		ck_assert_uint_ge(fake_ram_free_pages() + 8, pages_before);
	}
}
END_TEST

/* Sizes of one class may be freed with any size of that class. */
START_TEST(test_same_class_sizes)
{
	void *p = kalloc(100);
	ck_assert_ptr_nonnull(p);
	kfree(p, 128);
	ck_assert_uint_eq(class_in_use(128), 0);
}
END_TEST

START_TEST(test_large_blocks)
{
	struct kalloc_stats ks;
	uint64_t before = fake_ram_free_pages();
	char *p = kalloc(5000); /* two pages */
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)(p - host_phys_base) % (2 * PAGE_SIZE), 0);
	ck_assert_uint_eq(fake_ram_free_pages(), before - 2);
	memset(p, 1, 5000);
	char *q = kalloc(100 * PAGE_SIZE); /* 128 pages */
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(fake_ram_free_pages(), before - 130);
	ck_assert(q + 100 * PAGE_SIZE <= p || p + 5000 <= q);
	kalloc_get_stats(&ks);
	ck_assert_uint_eq(ks.large_in_use, 2);
	ck_assert_uint_eq(ks.large_pages, 130);
	ck_assert_uint_eq(ks.large_allocs, 2);
	kfree(p, 5000);
	kfree(q, 100 * PAGE_SIZE);
	ck_assert_uint_eq(fake_ram_free_pages(), before);
	kalloc_get_stats(&ks);
	ck_assert_uint_eq(ks.large_in_use, 0);
	ck_assert_uint_eq(ks.large_pages, 0);
}
END_TEST

START_TEST(test_failures)
{
	struct kalloc_stats ks;
	ck_assert_ptr_null(kalloc(0));
	ck_assert_ptr_null(kalloc((PAGE_SIZE << VM_PAGE_MAX_ORDER)));
	kfree(NULL, 64); /* nothing */
	kalloc_get_stats(&ks);
	ck_assert_uint_eq(ks.failures, 2);

	/* Exhaust memory with 4 MiB blocks, then pages; then a small
	 * class that holds no chunk yet finds no memory either. */
	static void *blocks[NPAGES];
	unsigned nbig = 0, npages = 0;
	uint64_t start = fake_ram_free_pages();
	while ((blocks[nbig] = kalloc(4u << 20)) != NULL)
		nbig++;
	ck_assert_uint_eq(nbig, start / 1024);
	while ((blocks[nbig + npages] = kalloc(PAGE_SIZE)) != NULL)
		npages++;
	ck_assert_uint_eq(npages, start - nbig * 1024);
	ck_assert_uint_eq(fake_ram_free_pages(), 0);
	ck_assert_ptr_null(kalloc(64));
	kalloc_get_stats(&ks);
	ck_assert_uint_eq(ks.failures, 5);
	for (unsigned i = 0; i < nbig; i++)
		kfree(blocks[i], 4u << 20);
	for (unsigned i = 0; i < npages; i++)
		kfree(blocks[nbig + i], PAGE_SIZE);
	ck_assert_uint_eq(fake_ram_free_pages(), start);
	ck_assert_ptr_nonnull(kalloc(64));
}
END_TEST

/* Out of pages, kalloc takes back the zones' reserve chunks first. */
START_TEST(test_reclaims_zone_reserves)
{
	static struct vm_page *hog[NPAGES];
	zone_t z = zone_create("reserve", 1000, 0, 0); /* one-page chunks */
	ck_assert_uint_eq(zone_stats_pages("reserve"), 0);
	kfree(kalloc(32), 32); /* kalloc.32 keeps a reserve chunk too */
	zfree(z, zalloc(z));
	ck_assert_uint_eq(zone_stats_pages("reserve"), 1);
	unsigned n = 0;
	while ((hog[n] = vm_page_alloc()) != NULL)
		n++;
	/* A large block: the page comes from a reserve. */
	void *page = kalloc(PAGE_SIZE);
	ck_assert_ptr_nonnull(page);
	ck_assert_uint_eq(zone_stats_pages("reserve"), 0);
	ck_assert_uint_eq(zone_stats_pages("kalloc.32"), 0);
	/* A small one of a class with no chunk: the other reserve. */
	void *small = kalloc(100);
	ck_assert_ptr_nonnull(small);
	/* Nothing left to take back now. */
	ck_assert_ptr_null(kalloc(PAGE_SIZE));
	kfree(small, 100);
	kfree(page, PAGE_SIZE);
	while (n > 0)
		vm_page_free(hog[--n]);
}
END_TEST

/* Random sizes, contents checked, everything back at the end. */
START_TEST(test_random_stress)
{
	enum { LIVE = 400, STEPS = 10000 };
	static struct {
		unsigned char *p;
		vm_size_t size;
		unsigned char tag;
	} live[LIVE];
	/* Warm every class up, so that each holds its reserve chunk. */
	for (vm_size_t s = KALLOC_MIN_SIZE; s <= KALLOC_MAX_SMALL; s *= 2)
		kfree(kalloc(s), s);
	uint64_t base = fake_ram_free_pages();
	unsigned nlive = 0, seed = 99;
	for (int step = 0; step < STEPS; step++) {
		seed = seed * 1103515245 + 12345;
		if (nlive == 0 || (nlive < LIVE && (seed >> 16) % 2 == 0)) {
			vm_size_t size = 1 + (seed >> 3) % 3000;
			if ((seed >> 20) % 16 == 0)
				size *= 8; /* some large ones */
			unsigned char *p = kalloc(size);
			ck_assert_ptr_nonnull(p);
			memset(p, step & 0xff, size);
			live[nlive].p = p;
			live[nlive].size = size;
			live[nlive].tag = step & 0xff;
			nlive++;
		} else {
			unsigned i = (seed >> 4) % nlive;
			bool intact = true;
			for (vm_size_t k = 0; k < live[i].size; k++)
				intact &= live[i].p[k] == live[i].tag;
			ck_assert(intact);
			kfree(live[i].p, live[i].size);
			live[i] = live[--nlive];
		}
	}
	while (nlive > 0) {
		nlive--;
		kfree(live[nlive].p, live[nlive].size);
	}
	for (vm_size_t s = KALLOC_MIN_SIZE; s <= KALLOC_MAX_SMALL; s *= 2)
		ck_assert_uint_eq(class_in_use(s), 0);
	ck_assert_uint_eq(fake_ram_free_pages(), base);
}
END_TEST

/*
 * Sizes at the top of the range: rounding them up to whole pages must not
 * wrap round to a small block (kalloc((vm_size_t)-100) once returned one
 * page).  Each is refused and counted as a failure, and nothing is taken.
 */
START_TEST(test_huge_sizes)
{
	static const vm_size_t sizes[] = {
		SIZE_MAX,
		SIZE_MAX - 99,
		SIZE_MAX - PAGE_SIZE + 1,
		SIZE_MAX - PAGE_SIZE,
		SIZE_MAX / 2 + 1,
		(vm_size_t)1 << 63,
		(PAGE_SIZE << (VM_PAGE_MAX_ORDER - 1)) + 1,
		PAGE_SIZE << VM_PAGE_MAX_ORDER,
	};
	struct kalloc_stats ks;
	uint64_t before = fake_ram_free_pages();
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		ck_assert_msg(kalloc_round(sizes[i]) == 0,
			      "kalloc_round(%#zx) = %#zx", (size_t)sizes[i],
			      (size_t)kalloc_round(sizes[i]));
		void *p = kalloc(sizes[i]);
		ck_assert_msg(p == NULL, "kalloc(%#zx) returned a block",
			      (size_t)sizes[i]);
	}
	ck_assert_uint_eq(fake_ram_free_pages(), before);
	kalloc_get_stats(&ks);
	ck_assert_uint_eq(ks.failures, sizeof sizes / sizeof sizes[0]);
	ck_assert_uint_eq(ks.large_in_use, 0);
	/* The largest size that fits is still served. */
	vm_size_t max = PAGE_SIZE << (VM_PAGE_MAX_ORDER - 1);
	void *p = kalloc(max);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fake_ram_free_pages(), before - max / PAGE_SIZE);
	kfree(p, max);
	ck_assert_uint_eq(fake_ram_free_pages(), before);
}
END_TEST

/* ---- Sizes above KALLOC_MAX_CONTIG through a map (vm/vm_kern.c's) ---- */

/* A stand-in for the kernel map: pages from its own arena, each call
 * recorded. */
#define MAP_ARENA (8u << 20)
static unsigned char map_arena[MAP_ARENA] __attribute__((aligned(4096)));
static size_t map_used;
static unsigned map_allocs, map_frees;
static vm_size_t map_last_size;
static bool map_short; /* alloc fails */

static void *
map_alloc(vm_size_t size)
{
	map_allocs++;
	map_last_size = size;
	vm_size_t len = (size + PAGE_MASK) & ~(vm_size_t)PAGE_MASK;
	if (map_short || MAP_ARENA - map_used < len)
		return NULL;
	void *p = map_arena + map_used;
	map_used += len;
	return p;
}

static void
map_free(void *p, vm_size_t size)
{
	(void)p;
	map_frees++;
	map_last_size = size;
}

static void
use_map(void)
{
	map_used = 0;
	map_allocs = map_frees = 0;
	map_short = false;
	kalloc_set_map(
		&(struct kalloc_map){ map_alloc, map_free, (uintptr_t)map_arena,
				      (uintptr_t)map_arena + MAP_ARENA });
}

/* Up to KALLOC_MAX_CONTIG: contiguous pages still; above: the map's
 * whole pages, counted as pages held; freed back to where each came
 * from, a block made before the map was set included. */
START_TEST(test_large_sizes_from_the_map)
{
	struct kalloc_stats ks;
	void *early = kalloc(64 << 10); /* before the map: 16 pages */
	ck_assert_ptr_nonnull(early);
	use_map();
	uint64_t before = fake_ram_free_pages();

	void *c = kalloc(KALLOC_MAX_CONTIG);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(map_allocs, 0);
	ck_assert_uint_eq(fake_ram_free_pages(),
			  before - KALLOC_MAX_CONTIG / PAGE_SIZE);

	vm_size_t size = KALLOC_MAX_CONTIG + 1;
	ck_assert_uint_eq(kalloc_round(size), KALLOC_MAX_CONTIG + PAGE_SIZE);
	unsigned char *m = kalloc(size);
	ck_assert_ptr_eq(m, map_arena);
	ck_assert_uint_eq(map_allocs, 1);
	ck_assert_uint_eq(map_last_size, size);
	ck_assert_uint_eq(fake_ram_free_pages(),
			  before - KALLOC_MAX_CONTIG / PAGE_SIZE);
	kalloc_get_stats(&ks);
	ck_assert_uint_eq(ks.large_in_use, 3);
	ck_assert_uint_eq(ks.large_pages, 16 + 4 + 5);

	kfree(m, size);
	ck_assert_uint_eq(map_frees, 1);
	ck_assert_uint_eq(map_last_size, size);
	kfree(c, KALLOC_MAX_CONTIG);
	kfree(early, 64 << 10);
	ck_assert_uint_eq(map_frees, 1);
	ck_assert_uint_eq(fake_ram_free_pages(), before + 16);
	kalloc_get_stats(&ks);
	ck_assert_uint_eq(ks.large_in_use, 0);
	ck_assert_uint_eq(ks.large_pages, 0);
}
END_TEST

/* The map out of memory: NULL, counted; a size above KALLOC_MAX_SIZE
 * never reaches it. */
START_TEST(test_map_failures)
{
	struct kalloc_stats ks;
	use_map();
	map_short = true;
	ck_assert_ptr_null(kalloc(1 << 20));
	ck_assert_uint_ge(map_allocs, 1);
	unsigned calls = map_allocs;
	map_short = false;
	ck_assert_ptr_null(kalloc(KALLOC_MAX_SIZE + 1));
	ck_assert_uint_eq(kalloc_round(KALLOC_MAX_SIZE + 1), 0);
	ck_assert_uint_eq(map_allocs, calls);
	void *p = kalloc(KALLOC_MAX_SIZE);
	ck_assert_ptr_nonnull(p);
	kfree(p, KALLOC_MAX_SIZE);
	kalloc_get_stats(&ks);
	ck_assert_uint_eq(ks.failures, 2);
	ck_assert_uint_eq(ks.large_in_use, 0);
}
END_TEST

/* A map block freed with a size that is not the map's: a kernel bug. */
START_TEST(test_map_block_small_size_panics)
{
	use_map();
	void *p = kalloc(64 << 10);
	kfree(p, PAGE_SIZE);
}
END_TEST

/* ---- Kernel bugs that must panic ---- */

START_TEST(test_wrong_class_free_panics)
{
	void *p = kalloc(100);
	(void)kalloc(200);
	kfree(p, 200);
}
END_TEST

START_TEST(test_wrong_large_size_panics)
{
	void *p = kalloc(3 * PAGE_SIZE);
	kfree(p, PAGE_SIZE);
}
END_TEST

START_TEST(test_large_double_free_panics)
{
	void *p = kalloc(3 * PAGE_SIZE);
	kfree(p, 3 * PAGE_SIZE);
	kfree(p, 3 * PAGE_SIZE);
}
END_TEST

START_TEST(test_large_unaligned_free_panics)
{
	char *p = kalloc(3 * PAGE_SIZE);
	kfree(p + PAGE_SIZE, 3 * PAGE_SIZE);
}
END_TEST

/* A size that wraps when rounded is no size of any block. */
START_TEST(test_huge_size_free_panics)
{
	void *p = kalloc(PAGE_SIZE);
	kfree(p, (vm_size_t)-100);
}
END_TEST

START_TEST(test_small_double_free_panics)
{
	void *p = kalloc(48);
	(void)kalloc(48);
	kfree(p, 48);
	kfree(p, 48);
}
END_TEST

static Suite *
kalloc_suite(void)
{
	Suite *s = suite_create("kalloc");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round);
	tcase_add_test(tc, test_small_classes);
	tcase_add_test(tc, test_same_class_sizes);
	tcase_add_test(tc, test_large_blocks);
	tcase_add_test(tc, test_failures);
	tcase_add_test(tc, test_reclaims_zone_reserves);
	tcase_add_test(tc, test_random_stress);
	tcase_add_test(tc, test_huge_sizes);
	tcase_add_test(tc, test_large_sizes_from_the_map);
	tcase_add_test(tc, test_map_failures);
	tcase_add_test_raise_signal(tc, test_map_block_small_size_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tc, test_wrong_class_free_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, test_wrong_large_size_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, test_large_double_free_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, test_large_unaligned_free_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tc, test_huge_size_free_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, test_small_double_free_panics, SIGABRT);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(kalloc_suite)
