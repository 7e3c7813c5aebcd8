/*
 * test_zalloc.c: zones and the kernel heap on the real memory map.
 */

#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "kern/kalloc.h"
#include "kern/ktest.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

static uint64_t
free_pages(void)
{
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	return st.free;
}

/* Every statistic that must come back: all but the running totals. */
#define ASSERT_ZONE_AT_BASELINE(z, base, nallocs)                              \
	do {                                                                   \
		struct zone_stats now_;                                        \
		zone_get_stats((z), &now_);                                    \
		KTEST_ASSERT_EQ(now_.in_use, (base).in_use);                   \
		KTEST_ASSERT_EQ(now_.free, (base).free);                       \
		KTEST_ASSERT_EQ(now_.chunks, (base).chunks);                   \
		KTEST_ASSERT_EQ(now_.pages, (base).pages);                     \
		KTEST_ASSERT_EQ(now_.allocs, (base).allocs + (nallocs));       \
		KTEST_ASSERT_EQ(now_.frees, (base).frees + (nallocs));         \
		KTEST_ASSERT_EQ(now_.failures, (base).failures);               \
	} while (0)

/*
 * Allocate N elements, free them in three patterns (all in order, all in
 * reverse, odd ones then even ones), each round checked for distinct
 * elements and returning every statistic to its baseline.
 */
KTEST(zalloc_patterns_return_to_baseline)
{
	enum { N = 3000 };
	static uint64_t *elems[N];
	zone_t z = zone_create("ktest.patterns", 72, 8, 0);
	KTEST_ASSERT(z != NULL);
	zfree(z, zalloc(z)); /* the baseline holds the reserve chunk */
	struct zone_stats base;
	zone_get_stats(z, &base);
	uint64_t pages_base = free_pages();

	for (int pattern = 0; pattern < 3; pattern++) {
		for (unsigned i = 0; i < N; i++) {
			elems[i] = zalloc(z);
			KTEST_ASSERT(elems[i] != NULL);
			for (unsigned w = 0; w < 9; w++)
				elems[i][w] = (uint64_t)i * 9 + w;
		}
		struct zone_stats full;
		zone_get_stats(z, &full);
		KTEST_ASSERT_EQ(full.in_use, N);
		KTEST_ASSERT_EQ(pages_base - free_pages(),
				full.pages - base.pages);
		for (unsigned i = 0; i < N; i++)
			for (unsigned w = 0; w < 9; w++)
				KTEST_ASSERT_EQ(elems[i][w],
						(uint64_t)i * 9 + w);
		if (pattern == 0) {
			for (unsigned i = 0; i < N; i++)
				zfree(z, elems[i]);
		} else if (pattern == 1) {
			for (unsigned i = N; i-- > 0;)
				zfree(z, elems[i]);
		} else {
			for (unsigned i = 1; i < N; i += 2)
				zfree(z, elems[i]);
			for (unsigned i = 0; i < N; i += 2)
				zfree(z, elems[i]);
		}
		ASSERT_ZONE_AT_BASELINE(z, base, (uint64_t)N * (pattern + 1));
		KTEST_ASSERT_EQ(free_pages(), pages_base);
	}
	zone_drain(z);
	zone_destroy(z);
}

/*
 * Fill all of memory with one zone's elements, chained through their
 * first word; zalloc must return NULL (not panic) at the end, and kalloc
 * too, even after taking back the other zones' reserves; then free them
 * all and find vm_page and the zone as they were.  Everything is checked
 * after the memory is back, so that a failure does not starve the tests
 * that follow.
 */
KTEST(zalloc_exhausts_memory_and_recovers)
{
	zone_t z = zone_create("ktest.hog", 2000, 0, 0);
	KTEST_ASSERT(z != NULL);
	zone_gc(); /* no reserve left anywhere for kalloc to take back */
	struct zone_stats base, full, after;
	zone_get_stats(z, &base);
	uint64_t pages_base = free_pages();

	uint64_t *head = NULL, count = 0, *e;
	while ((e = zalloc(z)) != NULL) {
		e[0] = (uint64_t)(uintptr_t)head;
		e[1] = ~(uint64_t)(uintptr_t)e;
		e[249] = count;
		head = e;
		count++;
	}
	zone_get_stats(z, &full);
	uint64_t pages_full = free_pages();
	void *k = kalloc(3 * PAGE_SIZE);
	if (k != NULL)
		kfree(k, 3 * PAGE_SIZE);

	uint64_t n = count;
	bool intact = true;
	while (head != NULL) {
		uint64_t *next = (uint64_t *)(uintptr_t)head[0];
		if (head[1] != ~(uint64_t)(uintptr_t)head || head[249] != --n)
			intact = false;
		zfree(z, head);
		head = next;
	}
	zone_drain(z);
	zone_get_stats(z, &after);
	uint64_t pages_after = free_pages();
	zone_destroy(z);

	KTEST_ASSERT_EQ(full.failures, 1);
	KTEST_ASSERT_EQ(full.in_use, count);
	KTEST_ASSERT_EQ(count, full.chunks * full.elems_per_chunk);
	KTEST_ASSERT(pages_full < (1u << full.chunk_order));
	KTEST_ASSERT(full.pages + (1u << full.chunk_order) > pages_base);
	KTEST_ASSERT(k == NULL); /* kalloc failed cleanly too */
	KTEST_ASSERT(intact);
	KTEST_ASSERT_EQ(n, 0);
	KTEST_ASSERT_EQ(after.in_use, 0);
	KTEST_ASSERT_EQ(after.pages, 0);
	KTEST_ASSERT_EQ(after.frees, count);
	KTEST_ASSERT_EQ(pages_after, pages_base);
}

/* A zone with a maximum refuses the next element, and only that. */
KTEST(zalloc_max_elements)
{
	void *e[5];
	zone_t z = zone_create("ktest.max", 256, 0, 5);
	KTEST_ASSERT(z != NULL);
	for (int i = 0; i < 5; i++)
		KTEST_ASSERT((e[i] = zalloc(z)) != NULL);
	KTEST_ASSERT(zalloc(z) == NULL);
	zfree(z, e[2]);
	KTEST_ASSERT((e[2] = zalloc(z)) != NULL);
	for (int i = 0; i < 5; i++)
		zfree(z, e[i]);
	struct zone_stats st;
	zone_get_stats(z, &st);
	KTEST_ASSERT_EQ(st.failures, 1);
	KTEST_ASSERT_EQ(st.in_use, 0);
	zone_drain(z);
	zone_destroy(z);
}

/*
 * A pseudo-random mix of `steps' kalloc and kfree calls of small and
 * large sizes (some above KALLOC_MAX_CONTIG: the kernel map's), each
 * block checked for its contents before it is freed; all freed at the
 * end.  Whether every block was intact and aligned.
 */
static bool
kalloc_random_mix(uint32_t seed, int steps)
{
	enum { LIVE = 500 };
	static struct {
		unsigned char *p;
		vm_size_t size;
		unsigned char tag;
	} live[LIVE];
	unsigned nlive = 0;
	bool intact = true;
	for (int step = 0; step < steps; step++) {
		seed = seed * 1103515245 + 12345;
		if (nlive == 0 || (nlive < LIVE && (seed >> 16) % 2 == 0)) {
			vm_size_t size = 1 + (seed >> 3) % 2500;
			if ((seed >> 22) % 8 == 0)
				size *= 9; /* a large one now and then */
			unsigned char *p = kalloc(size);
			if (p == NULL ||
			    (uintptr_t)p % kalloc_round(size) % PAGE_SIZE != 0)
				intact = false;
			if (p == NULL)
				continue;
			memset(p, step & 0xff, size);
			live[nlive].p = p;
			live[nlive].size = size;
			live[nlive].tag = step & 0xff;
			nlive++;
		} else {
			unsigned i = (seed >> 4) % nlive;
			for (vm_size_t k = 0; k < live[i].size; k += 7)
				intact &= live[i].p[k] == live[i].tag;
			intact &= live[i].p[live[i].size - 1] == live[i].tag;
			kfree(live[i].p, live[i].size);
			live[i] = live[--nlive];
		}
	}
	while (nlive > 0) {
		nlive--;
		kfree(live[nlive].p, live[nlive].size);
	}
	return intact;
}

/*
 * The kernel heap under that mix; contents stay intact and every size
 * class, the large-block counters and vm_page come back to where they
 * were.  The same mix runs once before the baseline is taken: the
 * kernel map's page tables (kept once made, as every address space
 * shares them) and the zones' reserve chunks are then what they will
 * be, as the same calls land at the same addresses again.
 */
KTEST(kalloc_random_sizes_return_to_baseline)
{
	enum { STEPS = 20000 };
	for (vm_size_t s = KALLOC_MIN_SIZE; s <= KALLOC_MAX_SMALL; s *= 2)
		kfree(kalloc(s), s); /* each class holds its reserve chunk */
	KTEST_ASSERT(kalloc_random_mix(2026, STEPS));
	struct kalloc_stats kbase, kafter;
	kalloc_get_stats(&kbase);
	uint64_t pages_base = free_pages();

	KTEST_ASSERT(kalloc_random_mix(2026, STEPS));
	kalloc_get_stats(&kafter);
	KTEST_ASSERT_EQ(kafter.large_in_use, kbase.large_in_use);
	KTEST_ASSERT_EQ(kafter.large_pages, kbase.large_pages);
	KTEST_ASSERT(kafter.large_allocs > kbase.large_allocs + 100);
	KTEST_ASSERT_EQ(free_pages(), pages_base);
}

struct zone_count {
	unsigned zones;
	bool saw_zones, saw_kalloc_2048, saw_listed;
};

static void
count_zone(zone_t z, const struct zone_stats *st, void *arg)
{
	(void)z;
	struct zone_count *c = arg;
	c->zones++;
	if (strcmp(st->name, "zones") == 0)
		c->saw_zones = true;
	if (strcmp(st->name, "kalloc.2048") == 0)
		c->saw_kalloc_2048 = st->elem_size == 2048;
	if (strcmp(st->name, "ktest.listed") == 0)
		c->saw_listed = st->elem_size == 24 && st->in_use == 1;
}

/*
 * Every zone is listed, the zone of zones and kalloc's among them; a new
 * zone appears once and is gone after zone_destroy.  What zone_print_all
 * prints for it (a line "ktest.listed 24 1 ...": size, in use, free,
 * pages, allocs, frees, failures) is checked in the log by boot-all
 * (tests/local.mk).
 */
KTEST(zone_list_and_print)
{
	struct zone_count before = { 0 }, with = { 0 }, after = { 0 };
	unsigned n = zone_foreach(count_zone, &before);
	KTEST_ASSERT_EQ(before.zones, n);
	KTEST_ASSERT(before.saw_zones);
	KTEST_ASSERT(before.saw_kalloc_2048);
	KTEST_ASSERT(!before.saw_listed);

	zone_t z = zone_create("ktest.listed", 24, 0, 0);
	KTEST_ASSERT(z != NULL);
	void *e = zalloc(z);
	KTEST_ASSERT(e != NULL);
	KTEST_ASSERT_EQ(zone_foreach(count_zone, &with), n + 1);
	KTEST_ASSERT_EQ(with.zones, n + 1);
	KTEST_ASSERT(with.saw_listed);
	zone_print_all();
	zfree(z, e);
	zone_destroy(z);

	KTEST_ASSERT_EQ(zone_foreach(count_zone, &after), n);
	KTEST_ASSERT_EQ(after.zones, n);
	KTEST_ASSERT(!after.saw_listed);
}

/*
 * Several kernel threads share one zone and the heap, each keeping its
 * own live set, yielding to the others every few hundred operations (and
 * preempted by the clock when it fires), so that their allocations and
 * frees interleave within the same chunks.  No element is handed out
 * twice (each thread stamps its own and finds the stamps intact), and
 * the statistics add up exactly.
 */
enum { SHARE_THREADS = 3, SHARE_LIVE = 64, SHARE_OPS = 6000 };

static zone_t share_zone;
static volatile unsigned share_done;
static volatile bool share_intact = true;
static uint64_t share_allocs[SHARE_THREADS];

static void
share_worker(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	uint64_t *live[SHARE_LIVE];
	unsigned char *heap[SHARE_LIVE];
	vm_size_t heap_size[SHARE_LIVE];
	uint32_t seed = 77 + id;
	bool intact = true;

	for (unsigned i = 0; i < SHARE_LIVE; i++) {
		live[i] = NULL;
		heap[i] = NULL;
	}
	for (unsigned op = 0; op < SHARE_OPS; op++) {
		seed = seed * 1103515245 + 12345;
		unsigned i = (seed >> 8) % SHARE_LIVE;
		if (live[i] != NULL) {
			intact &= live[i][0] == ((uint64_t)id << 32 | i) &&
				  live[i][5] == ~((uint64_t)id << 32 | i);
			zfree(share_zone, live[i]);
			live[i] = NULL;
		} else if ((live[i] = zalloc(share_zone)) != NULL) {
			live[i][0] = (uint64_t)id << 32 | i;
			live[i][5] = ~((uint64_t)id << 32 | i);
			share_allocs[id]++;
		}
		unsigned j = (seed >> 16) % SHARE_LIVE;
		if (heap[j] != NULL) {
			intact &= heap[j][0] == id + 1 &&
				  heap[j][heap_size[j] - 1] == id + 1;
			kfree(heap[j], heap_size[j]);
			heap[j] = NULL;
		} else {
			heap_size[j] = 8 + (seed >> 20) % 600;
			heap[j] = kalloc(heap_size[j]);
			if (heap[j] != NULL) {
				heap[j][0] = (unsigned char)(id + 1);
				heap[j][heap_size[j] - 1] =
					(unsigned char)(id + 1);
			}
		}
		if (op % 300 == 299)
			swtch();
	}
	for (unsigned i = 0; i < SHARE_LIVE; i++) {
		if (live[i] != NULL)
			zfree(share_zone, live[i]);
		if (heap[i] != NULL)
			kfree(heap[i], heap_size[i]);
	}
	if (!intact)
		share_intact = false;
	__atomic_add_fetch(&share_done, 1, __ATOMIC_RELEASE);
}

KTEST(zalloc_shared_by_threads)
{
	share_zone = zone_create("ktest.shared", 48, 0, 0);
	KTEST_ASSERT(share_zone != NULL);
	zfree(share_zone, zalloc(share_zone));
	struct zone_stats base, after;
	zone_get_stats(share_zone, &base);
	struct kalloc_stats kbase, kafter;
	kalloc_get_stats(&kbase);
	share_done = 0;
	share_intact = true;
	uint64_t switches = sched_context_switches();

	for (unsigned t = 0; t < SHARE_THREADS; t++) {
		share_allocs[t] = 0;
		KTEST_ASSERT_EQ(kernel_thread_create(
					kernel_task, "zshare", share_worker,
					(void *)(uintptr_t)t, BASEPRI_USER,
					POLICY_TIMESHARE, NULL),
				KERN_SUCCESS);
	}
	for (unsigned tick = 0; share_done < SHARE_THREADS && tick < 60 * HZ;
	     tick++)
		thread_sleep_ticks(1);
	KTEST_ASSERT_EQ(share_done, SHARE_THREADS);
	KTEST_ASSERT(share_intact);
	/* They did take turns: at least one switch per yield. */
	KTEST_ASSERT(sched_context_switches() - switches >=
		     SHARE_THREADS * (SHARE_OPS / 300));

	uint64_t allocs = 0;
	for (unsigned t = 0; t < SHARE_THREADS; t++)
		allocs += share_allocs[t];
	zone_get_stats(share_zone, &after);
	KTEST_ASSERT_EQ(after.in_use, base.in_use);
	KTEST_ASSERT_EQ(after.allocs - base.allocs, allocs);
	KTEST_ASSERT_EQ(after.frees - base.frees, allocs);
	KTEST_ASSERT_EQ(after.chunks, base.chunks);
	kalloc_get_stats(&kafter);
	KTEST_ASSERT_EQ(kafter.large_in_use, kbase.large_in_use);
	zone_drain(share_zone);
	zone_destroy(share_zone);
}

/* zone_gc gives every zone's reserve chunk back to vm_page. */
KTEST(zone_gc_returns_reserves)
{
	zone_t z = zone_create("ktest.gc", 512, 0, 0);
	KTEST_ASSERT(z != NULL);
	zfree(z, zalloc(z));
	struct zone_stats st;
	zone_get_stats(z, &st);
	KTEST_ASSERT_EQ(st.pages, 1u << st.chunk_order);
	/* No other thread may free anything meanwhile. */
	bool enabled = intr_disable();
	uint64_t before = free_pages();
	uint64_t given = zone_gc();
	uint64_t after = free_pages();
	uint64_t again = zone_gc();
	intr_restore(enabled);
	KTEST_ASSERT(given >= st.pages);
	KTEST_ASSERT_EQ(after, before + given);
	KTEST_ASSERT_EQ(again, 0);
	zone_get_stats(z, &st);
	KTEST_ASSERT_EQ(st.pages, 0);
	zone_destroy(z);
}
