/*
 * check_zalloc.c: zones (kern/zalloc.c) over the buddy allocator, on a
 * host arena standing in for RAM.
 */

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <machine/vm_param.h>

#include "kern/printf.h"
#include "kern/zalloc.h"
#include "tests/unit/host/fake_ram.h"
#include "tests/unit/host/zone_stats.h"
#include "tests/unit/unit.h"
#include "vm/vm_page.h"

#define ARENA     (8u << 20) /* "physical" [0, 8 MiB) */
#define FIRST_PFN 1024       /* managed: [4 MiB, 8 MiB) */
#define NPAGES    1024

/* kprintf for zone_print_all: collect the output. */
static char printed[8192];
static size_t printed_len;

int
kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(printed + printed_len, sizeof printed - printed_len,
			   fmt, ap);
	va_end(ap);
	printed_len += (size_t)n;
	ck_assert_uint_lt(printed_len, sizeof printed);
	return n;
}

static void
setup(void)
{
	fake_ram_setup(ARENA, FIRST_PFN, NPAGES);
	zone_bootstrap();
	printed_len = 0;
}

static void
teardown(void)
{
	fake_ram_teardown();
}

static struct zone_stats
stats(zone_t z)
{
	struct zone_stats st;
	zone_get_stats(z, &st);
	return st;
}

/* Is `p' inside the managed frames of the arena? */
static bool
in_managed_ram(const void *p, size_t size)
{
	const char *lo = host_phys_base + (uint64_t)FIRST_PFN * PAGE_SIZE;
	const char *hi = lo + (uint64_t)NPAGES * PAGE_SIZE;
	return (const char *)p >= lo && (const char *)p + size <= hi;
}

START_TEST(test_create_parameters)
{
	zone_t z = zone_create("objects", 100, 0, 0);
	ck_assert_ptr_nonnull(z);
	struct zone_stats st = stats(z);
	ck_assert_str_eq(st.name, "objects");
	ck_assert_uint_eq(st.elem_size, 100);
	ck_assert_uint_eq(st.elem_stride, 112); /* 16-byte alignment */
	ck_assert_uint_eq(st.in_use, 0);
	ck_assert_uint_eq(st.pages, 0);
	ck_assert_uint_eq(st.chunk_order, 0);
	/* A page less the chunk header, in 112-byte elements. */
	ck_assert_uint_eq(st.elems_per_chunk, 36);

	/* Small elements take 16 bytes; big ones take bigger chunks. */
	ck_assert_uint_eq(stats(zone_create("tiny", 1, 0, 0)).elem_stride, 16);
	struct zone_stats big = stats(zone_create("big", 2048, 2048, 0));
	ck_assert_uint_eq(big.chunk_order, 2); /* 7 of 8 slots: 1/8 waste */
	ck_assert_uint_eq(big.elems_per_chunk, 7);
	struct zone_stats odd = stats(zone_create("odd", 3000, 8, 0));
	ck_assert_uint_ge(odd.elems_per_chunk, 1);
	ck_assert_uint_le((PAGE_SIZE << odd.chunk_order) -
				  odd.elems_per_chunk * odd.elem_stride,
			  (PAGE_SIZE << odd.chunk_order) / 8);

	/* Long names are cut, not overrun. */
	struct zone_stats lng = stats(zone_create(
		"a-very-long-zone-name-that-does-not-fit", 8, 0, 0));
	ck_assert_uint_eq(strlen(lng.name), ZONE_NAME_MAX - 1);
}
END_TEST

START_TEST(test_bad_parameters)
{
	uint64_t zones_in_use = zone_stats_named("zones").in_use;
	ck_assert_ptr_null(zone_create("zero", 0, 0, 0));
	ck_assert_ptr_null(zone_create("align3", 64, 3, 0));
	ck_assert_ptr_null(zone_create("align2page", 64, 2 * PAGE_SIZE, 0));
	ck_assert_ptr_null(
		zone_create("huge", (PAGE_SIZE << ZONE_CHUNK_MAX_ORDER), 0, 0));
	/* Sizes and alignments at the limits, where rounding could wrap. */
	ck_assert_ptr_null(zone_create("max", SIZE_MAX, 0, 0));
	ck_assert_ptr_null(
		zone_create("maxpage", SIZE_MAX - PAGE_SIZE + 1, 0, 0));
	ck_assert_ptr_null(zone_create("maxalign", SIZE_MAX, PAGE_SIZE, 0));
	ck_assert_ptr_null(zone_create("align63", 64, (size_t)1 << 63, 0));
	ck_assert_ptr_null(zone_create("alignmax", 64, SIZE_MAX, 0));
	ck_assert_ptr_null(zone_create("noroom",
				       (PAGE_SIZE << ZONE_CHUNK_MAX_ORDER) - 15,
				       PAGE_SIZE, 0));
	/* No struct zone leaked by the refusals. */
	ck_assert_uint_eq(zone_stats_named("zones").in_use, zones_in_use);
	ck_assert_uint_eq(fake_ram_free_pages(),
			  NPAGES - zone_stats_named("zones").pages);
}
END_TEST

/* Elements are distinct, aligned, inside managed memory and usable. */
START_TEST(test_alloc_distinct_aligned)
{
	enum { N = 200 };
	static unsigned char *p[N];
	zone_t z = zone_create("z", 48, 64, 0);
	ck_assert_ptr_nonnull(z);
	struct zone_stats st = stats(z);
	ck_assert_uint_eq(st.elem_stride, 64);
	for (unsigned i = 0; i < N; i++) {
		p[i] = zalloc(z);
		ck_assert_ptr_nonnull(p[i]);
		ck_assert_uint_eq((uintptr_t)p[i] % 64, 0);
		ck_assert(in_managed_ram(p[i], 48));
		memset(p[i], (int)(i & 0xff), 48);
	}
	for (unsigned i = 0; i < N; i++)
		for (unsigned k = 0; k < 48; k++)
			ck_assert_uint_eq(p[i][k], i & 0xff);
	st = stats(z);
	ck_assert_uint_eq(st.in_use, N);
	ck_assert_uint_eq(st.allocs, N);
	ck_assert_uint_eq(st.frees, 0);
	uint64_t chunks = (N + st.elems_per_chunk - 1) / st.elems_per_chunk;
	ck_assert_uint_eq(st.chunks, chunks);
	ck_assert_uint_eq(st.pages, chunks << st.chunk_order);
	ck_assert_uint_eq(st.free, chunks * st.elems_per_chunk - N);
}
END_TEST

/* Freeing everything leaves one chunk in reserve; drain returns it. */
START_TEST(test_free_all_and_drain)
{
	enum { N = 500 };
	static void *p[N];
	uint64_t pages0 = fake_ram_free_pages();
	zone_t z = zone_create("z", 100, 0, 0);
	uint64_t pages1 = fake_ram_free_pages();
	for (unsigned i = 0; i < N; i++)
		ck_assert_ptr_nonnull(p[i] = zalloc(z));
	struct zone_stats st = stats(z);
	ck_assert_uint_eq(fake_ram_free_pages(), pages1 - st.pages);
	/* Free every other one first, then the rest. */
	for (unsigned i = 0; i < N; i += 2)
		zfree(z, p[i]);
	ck_assert_uint_eq(stats(z).in_use, N / 2);
	for (unsigned i = 1; i < N; i += 2)
		zfree(z, p[i]);
	st = stats(z);
	ck_assert_uint_eq(st.in_use, 0);
	ck_assert_uint_eq(st.chunks, 1);
	ck_assert_uint_eq(st.free, st.elems_per_chunk);
	ck_assert_uint_eq(st.allocs, N);
	ck_assert_uint_eq(st.frees, N);
	ck_assert_uint_eq(fake_ram_free_pages(), pages1 - 1);
	zone_drain(z);
	st = stats(z);
	ck_assert_uint_eq(st.chunks, 0);
	ck_assert_uint_eq(st.pages, 0);
	ck_assert_uint_eq(st.free, 0);
	ck_assert_uint_eq(fake_ram_free_pages(), pages1);
	zone_destroy(z);
	/* The zone's own struct went back to the zone of zones, whose
	 * chunk stays in reserve. */
	ck_assert_uint_eq(zone_stats_named("zones").in_use, 0);
	ck_assert_uint_eq(fake_ram_free_pages(), pages1);
	ck_assert_uint_eq(pages0 - pages1, zone_stats_named("zones").pages);
}
END_TEST

/* The element freed last is handed out first (it is hot in cache). */
START_TEST(test_reuse_lifo)
{
	zone_t z = zone_create("z", 32, 0, 0);
	void *a = zalloc(z), *b = zalloc(z), *c = zalloc(z);
	ck_assert_ptr_nonnull(c);
	zfree(z, b);
	ck_assert_ptr_eq(zalloc(z), b);
	zfree(z, a);
	zfree(z, c);
	ck_assert_ptr_eq(zalloc(z), c);
	ck_assert_ptr_eq(zalloc(z), a);
	/* One element allocated and freed in a loop costs no page. */
	zfree(z, a);
	zfree(z, b);
	zfree(z, c);
	uint64_t before = fake_ram_free_pages();
	for (int i = 0; i < 1000; i++) {
		void *e = zalloc(z);
		ck_assert_ptr_nonnull(e);
		zfree(z, e);
	}
	ck_assert_uint_eq(fake_ram_free_pages(), before);
	ck_assert_uint_eq(stats(z).chunks, 1);
}
END_TEST

START_TEST(test_max_elements)
{
	void *p[10];
	zone_t z = zone_create("limited", 64, 0, 10);
	ck_assert_uint_eq(stats(z).max_elems, 10);
	for (unsigned i = 0; i < 10; i++)
		ck_assert_ptr_nonnull(p[i] = zalloc(z));
	ck_assert_ptr_null(zalloc(z));
	ck_assert_ptr_null(zalloc(z));
	struct zone_stats st = stats(z);
	ck_assert_uint_eq(st.failures, 2);
	ck_assert_uint_eq(st.allocs, 10);
	ck_assert_uint_eq(st.in_use, 10);
	zfree(z, p[3]);
	ck_assert_ptr_eq(zalloc(z), p[3]);
	ck_assert_ptr_null(zalloc(z));
	for (unsigned i = 0; i < 10; i++)
		zfree(z, p[i]);
	ck_assert_uint_eq(stats(z).in_use, 0);
}
END_TEST

/* Out of pages: zalloc returns NULL (no panic); all of it comes back. */
START_TEST(test_memory_exhaustion)
{
	static void *p[NPAGES * 4];
	zone_t z = zone_create("pagehog", 1500, 0, 0);
	zone_t small = zone_create("small", 16, 0, 0);
	void *keep = zalloc(small); /* holds one chunk of its own */
	uint64_t start = fake_ram_free_pages();
	struct zone_stats st = stats(z);
	unsigned per_chunk = st.elems_per_chunk;
	unsigned n = 0;
	while ((p[n] = zalloc(z)) != NULL) {
		memset(p[n], 0x5a, 1500);
		n++;
		ck_assert_uint_lt(n, NPAGES * 4);
	}
	st = stats(z);
	ck_assert_uint_eq(st.failures, 1);
	ck_assert_uint_eq(n, st.chunks * per_chunk);
	ck_assert_uint_eq(st.pages, start - fake_ram_free_pages());
	ck_assert_uint_lt(fake_ram_free_pages(), 1u << st.chunk_order);
	/* The other zone still serves from the chunk it has. */
	void *more = zalloc(small);
	ck_assert_ptr_nonnull(more);
	zfree(small, more);
	while (n > 0)
		zfree(z, p[--n]);
	zone_drain(z);
	ck_assert_uint_eq(fake_ram_free_pages(), start);
	zfree(small, keep);
	ck_assert_ptr_nonnull(zalloc(z)); /* memory is usable again */
}
END_TEST

/* An object whose second word happens to look like a free mark. */
START_TEST(test_free_mark_in_live_object)
{
	zone_t z = zone_create("z", 64, 0, 0);
	uint64_t *a = zalloc(z);
	void *b = zalloc(z); /* keeps the chunk from being released */
	zfree(z, a);
	uint64_t mark = a[1];
	ck_assert_ptr_eq(zalloc(z), a);
	a[0] = 0;
	a[1] = mark;
	zfree(z, a); /* not a double free: must not panic */
	ck_assert_ptr_eq(zalloc(z), a);
	ck_assert_uint_eq(stats(z).in_use, 2);
	zfree(z, a);
	zfree(z, b);
}
END_TEST

/* Random interleaving over three zones, checked against a model. */
START_TEST(test_random_stress)
{
	enum { LIVE = 600, STEPS = 30000 };
	static struct {
		zone_t z;
		uint32_t *p;
		uint32_t tag;
		size_t words;
	} live[LIVE];
	const size_t sizes[3] = { 24, 200, 1000 };
	zone_t zones[3];
	struct zone_stats base[3];
	for (int i = 0; i < 3; i++) {
		zones[i] = zone_create("stress", sizes[i], 8, 0);
		/* Warm up: the baseline has one chunk in reserve. */
		zfree(zones[i], zalloc(zones[i]));
		base[i] = stats(zones[i]);
	}
	uint64_t pages_base = fake_ram_free_pages();
	unsigned nlive = 0, seed = 4242;
	uint64_t allocs[3] = { 0 }, frees[3] = { 0 };
	for (int step = 0; step < STEPS; step++) {
		seed = seed * 1103515245 + 12345;
		bool do_alloc =
			nlive == 0 || (nlive < LIVE && (seed >> 16) % 5 < 3);
		if (do_alloc) {
			int zi = (seed >> 8) % 3;
			uint32_t *p = zalloc(zones[zi]);
			if (p == NULL)
				continue;
			size_t words = sizes[zi] / 4;
			for (size_t k = 0; k < words; k++)
				p[k] = (uint32_t)step ^ (uint32_t)k;
			live[nlive].z = zones[zi];
			live[nlive].p = p;
			live[nlive].tag = (uint32_t)step;
			live[nlive].words = words;
			nlive++;
			allocs[zi]++;
		} else {
			unsigned i = (seed >> 4) % nlive;
			/* One assertion per element: check's are slow under
			 * the sanitizers, and this loop runs millions of times. */
			size_t bad = live[i].words;
			for (size_t k = 0;
			     k < live[i].words && bad == live[i].words; k++)
				if (live[i].p[k] != (live[i].tag ^ (uint32_t)k))
					bad = k;
			ck_assert_msg(bad == live[i].words,
				      "step %d: word %zu of an element changed",
				      step, bad);
			zfree(live[i].z, live[i].p);
			for (int zi = 0; zi < 3; zi++)
				if (zones[zi] == live[i].z)
					frees[zi]++;
			live[i] = live[--nlive];
		}
	}
	while (nlive > 0) {
		nlive--;
		zfree(live[nlive].z, live[nlive].p);
		for (int zi = 0; zi < 3; zi++)
			if (zones[zi] == live[nlive].z)
				frees[zi]++;
	}
	for (int i = 0; i < 3; i++) {
		struct zone_stats st = stats(zones[i]);
		ck_assert_uint_eq(st.in_use, base[i].in_use);
		ck_assert_uint_eq(st.chunks, base[i].chunks);
		ck_assert_uint_eq(st.pages, base[i].pages);
		ck_assert_uint_eq(st.free, base[i].free);
		ck_assert_uint_eq(st.allocs, base[i].allocs + allocs[i]);
		ck_assert_uint_eq(st.frees, base[i].frees + frees[i]);
		ck_assert_uint_gt(allocs[i], 1000);
	}
	ck_assert_uint_eq(fake_ram_free_pages(), pages_base);
}
END_TEST

/* zone_gc gives back every zone's reserve chunk, and only those. */
START_TEST(test_gc_all_zones)
{
	zone_t a = zone_create("a", 64, 0, 0);
	zone_t b = zone_create("b", 2048, 0, 0); /* chunks of 4 pages */
	zone_t c = zone_create("c", 100, 0, 0);
	zfree(a, zalloc(a));
	zfree(b, zalloc(b));
	void *kept = zalloc(c); /* c's chunk is in use: it stays */
	uint64_t before = fake_ram_free_pages();
	ck_assert_uint_eq(zone_gc(), 1 + 4);
	ck_assert_uint_eq(fake_ram_free_pages(), before + 5);
	ck_assert_uint_eq(stats(a).pages, 0);
	ck_assert_uint_eq(stats(b).pages, 0);
	ck_assert_uint_eq(stats(c).pages, 1);
	ck_assert_uint_eq(zone_gc(), 0);
	/* The zones work as before. */
	void *e = zalloc(b);
	ck_assert_ptr_nonnull(e);
	zfree(b, e);
	zfree(c, kept);
}
END_TEST

START_TEST(test_foreach_and_print)
{
	zone_t a = zone_create("alpha", 40, 0, 0);
	zone_t b = zone_create("beta", 80, 0, 0);
	void *e = zalloc(b);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(zone_stats_named("alpha").elem_size, 40);
	ck_assert_uint_eq(zone_stats_named("beta").in_use, 1);
	ck_assert_uint_eq(zone_stats_named("zones").in_use, 2);
	zone_print_all();
	/* Header, then the zones in creation order. */
	char *zones = strstr(printed, "\nzones ");
	char *alpha = strstr(printed, "\nalpha ");
	char *beta = strstr(printed, "\nbeta ");
	ck_assert_ptr_nonnull(zones);
	ck_assert_ptr_nonnull(alpha);
	ck_assert_ptr_nonnull(beta);
	ck_assert(zones < alpha && alpha < beta);
	ck_assert_int_eq(strncmp(printed, "zone ", 5), 0);
	unsigned long long size, in_use;
	ck_assert_int_eq(sscanf(beta, "\nbeta %llu %llu", &size, &in_use), 2);
	ck_assert_uint_eq(size, 80);
	ck_assert_uint_eq(in_use, 1);
	zfree(b, e);
	zone_destroy(a);
	printed_len = 0;
	zone_print_all();
	ck_assert_ptr_null(strstr(printed, "\nalpha "));
	ck_assert_ptr_nonnull(strstr(printed, "\nbeta "));
}
END_TEST

/* ---- Kernel bugs that must panic ---- */

START_TEST(test_double_free_panics)
{
	zone_t z = zone_create("z", 64, 0, 0);
	void *a = zalloc(z);
	void *b = zalloc(z);
	(void)b;
	zfree(z, a);
	zfree(z, a);
}
END_TEST

START_TEST(test_free_to_wrong_zone_panics)
{
	zone_t y = zone_create("y", 64, 0, 0);
	zone_t z = zone_create("z", 64, 0, 0);
	void *a = zalloc(y);
	(void)zalloc(z);
	zfree(z, a);
}
END_TEST

START_TEST(test_free_inside_element_panics)
{
	zone_t z = zone_create("z", 64, 0, 0);
	char *a = zalloc(z);
	zfree(z, a + 16);
}
END_TEST

START_TEST(test_free_foreign_pointer_panics)
{
	zone_t z = zone_create("z", 64, 0, 0);
	(void)zalloc(z);
	static char not_from_a_zone[64];
	zfree(z, not_from_a_zone);
}
END_TEST

START_TEST(test_free_unmanaged_ram_panics)
{
	zone_t z = zone_create("z", 64, 0, 0);
	(void)zalloc(z);
	zfree(z, host_phys_base + PAGE_SIZE); /* below the managed frames */
}
END_TEST

START_TEST(test_free_after_release_panics)
{
	zone_t z = zone_create("z", 64, 0, 0);
	void *a = zalloc(z);
	zfree(z, a);
	zone_drain(z); /* the chunk is gone: a is no element any more */
	zfree(z, a);
}
END_TEST

START_TEST(test_destroy_in_use_panics)
{
	zone_t z = zone_create("z", 64, 0, 0);
	(void)zalloc(z);
	zone_destroy(z);
}
END_TEST

static Suite *
zalloc_suite(void)
{
	Suite *s = suite_create("zalloc");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_parameters);
	tcase_add_test(tc, test_bad_parameters);
	tcase_add_test(tc, test_alloc_distinct_aligned);
	tcase_add_test(tc, test_free_all_and_drain);
	tcase_add_test(tc, test_reuse_lifo);
	tcase_add_test(tc, test_max_elements);
	tcase_add_test(tc, test_memory_exhaustion);
	tcase_add_test(tc, test_free_mark_in_live_object);
	tcase_add_test(tc, test_random_stress);
	tcase_add_test(tc, test_gc_all_zones);
	tcase_add_test(tc, test_foreach_and_print);
	tcase_add_test_raise_signal(tc, test_double_free_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, test_free_to_wrong_zone_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tc, test_free_inside_element_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tc, test_free_foreign_pointer_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tc, test_free_unmanaged_ram_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tc, test_free_after_release_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tc, test_destroy_in_use_panics, SIGABRT);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(zalloc_suite)
