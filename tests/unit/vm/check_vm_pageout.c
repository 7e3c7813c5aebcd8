/*
 * check_vm_pageout.c: the page queues (vm/vm_page_queue.c) and the
 * page-out policy (vm/vm_pageout.c) over vm_object and vm_page on fake
 * RAM, with a pmap stand-in that keeps each page's referenced and
 * modified bits and its number of mappings, and a pager side of the
 * test's own (which objects may drop clean pages, whether dirty ones
 * are taken).
 */

#include <signal.h>
#include <stdarg.h>
#include <string.h>

#include <machine/vm_param.h>

#include "kern/clock.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/zalloc.h"
#include "tests/unit/host/fake_ram.h"
#include "tests/unit/unit.h"
#include "vm/pmap.h"
#include "vm/vm_object.h"
#include "vm/vm_page_queue.h"
#include "vm/vm_pageout.h"

#define ARENA     (16u << 20)
#define FIRST_PFN 1024
#define NPAGES    2048

int
kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

void
thread_sleep_ticks(uint64_t ticks)
{
	(void)ticks;
}

/* ---- The pmap stand-in: per physical page bits and mappings ---- */

static struct {
	bool referenced, modified;
	unsigned mappings;
	unsigned protects; /* pmap_page_protect(NONE) calls */
} phys[FIRST_PFN + NPAGES];

#define PFN(p) (vm_page_to_phys(p) >> PAGE_SHIFT)

void
pmap_page_protect(uint64_t pa, vm_prot_t prot)
{
	if (prot == VM_PROT_NONE) {
		phys[pa >> PAGE_SHIFT].mappings = 0;
		phys[pa >> PAGE_SHIFT].protects++;
	}
}

bool
pmap_is_referenced(uint64_t pa)
{
	return phys[pa >> PAGE_SHIFT].referenced;
}

bool
pmap_is_modified(uint64_t pa)
{
	return phys[pa >> PAGE_SHIFT].modified;
}

void
pmap_clear_reference(uint64_t pa)
{
	phys[pa >> PAGE_SHIFT].referenced = false;
}

void
pmap_clear_modify(uint64_t pa)
{
	phys[pa >> PAGE_SHIFT].modified = false;
}

/* Only for a pager's pages (vm_object_page_enter): none here. */
kern_return_t
pmap_enter(pmap_t pmap, vm_offset_t va, uint64_t pa, vm_prot_t prot, bool wired)
{
	(void)pmap;
	(void)va;
	(void)pa;
	(void)prot;
	(void)wired;
	ck_abort_msg("pmap_enter: no pager's page here");
	return KERN_FAILURE;
}

/* ---- The pager side: the test decides ---- */

static vm_object_t discardable_object; /* its clean pages may go */
static bool pager_takes;               /* vm_pageout_page's answer */
static struct vm_page *taken[NPAGES];  /* the pages it took */
static unsigned ntaken, nasked;

bool
vm_pageout_discardable(struct vm_page *page)
{
	ck_assert(!page->busy);
	ck_assert_uint_eq(page->queue, VM_PAGE_Q_NONE);
	ck_assert_uint_eq(phys[PFN(page)].mappings, 0);
	return page->object == discardable_object;
}

bool
vm_pageout_page(struct vm_page *page)
{
	ck_assert(page->busy);
	ck_assert(page->dirty);
	ck_assert_uint_eq(page->queue, VM_PAGE_Q_NONE);
	ck_assert_uint_eq(phys[PFN(page)].mappings, 0);
	nasked++;
	if (pager_takes)
		taken[ntaken++] = page;
	return pager_takes;
}

/* The run after a page taken: taken too while append_takes. */
static bool append_takes;
static unsigned nappended;

bool
vm_pageout_page_append(struct vm_page *page)
{
	ck_assert(pager_takes); /* only after a page was taken */
	ck_assert(page->busy);
	ck_assert(page->dirty);
	ck_assert_uint_eq(page->queue, VM_PAGE_Q_NONE);
	ck_assert_uint_eq(phys[PFN(page)].mappings, 0);
	if (!append_takes)
		return false;
	taken[ntaken++] = page;
	nappended++;
	return true;
}

void
vm_pageout_page_send(void)
{
	ck_assert(pager_takes); /* only after a page was taken */
}

/* ---- Fixture ---- */

static uint64_t free0;

static void
drain(zone_t zone, const struct zone_stats *st, void *arg)
{
	(void)st;
	(void)arg;
	zone_drain(zone);
}

static uint64_t
free_pages(void)
{
	zone_foreach(drain, NULL);
	return fake_ram_free_pages();
}

static void
setup(void)
{
	fake_ram_setup(ARENA, FIRST_PFN, NPAGES);
	zone_bootstrap();
	vm_object_init();
	vm_pageout_init(NULL);
	memset(phys, 0, sizeof phys);
	discardable_object = NULL;
	pager_takes = append_takes = false;
	ntaken = nasked = nappended = 0;
	free0 = free_pages();
}

static void
queue_counts(uint64_t *active, uint64_t *inactive, uint64_t *wired)
{
	struct vm_page_queue_stats q;
	vm_page_queue_get_stats(&q);
	*active = q.active;
	*inactive = q.inactive;
	*wired = q.wired;
}

static void
teardown(void)
{
	struct vm_object_stats os;
	uint64_t a, i, w;
	vm_object_get_stats(&os);
	ck_assert_uint_eq(os.objects, 0);
	ck_assert_uint_eq(os.resident, 0);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 0);
	ck_assert_uint_eq(i, 0);
	ck_assert_uint_eq(w, 0);
	ck_assert_uint_eq(free_pages(), free0);
	fake_ram_teardown();
}

/* An object of `n' resident pages (zero-filled, clean) into pages[]. */
static vm_object_t
object_with_pages(unsigned n, struct vm_page **pages)
{
	vm_object_t o = vm_object_allocate((vm_size_t)n * PAGE_SIZE);
	ck_assert_ptr_nonnull(o);
	for (unsigned k = 0; k < n; k++) {
		ck_assert_int_eq(vm_object_page_get(o,
						    (vm_offset_t)k * PAGE_SIZE,
						    &pages[k]),
				 KERN_SUCCESS);
		phys[PFN(pages[k])].mappings = 1;
	}
	return o;
}

/* The scan wants pages whatever is free: the target above the RAM. */
static void
want_everything(void)
{
	ck_assert(vm_pageout_set_thresholds(NPAGES, 2 * NPAGES));
}

static struct vm_pageout_stats
stats(void)
{
	struct vm_pageout_stats s;
	vm_pageout_get_stats(&s);
	return s;
}

/* ---- The queues ---- */

START_TEST(test_pages_enter_active_and_leave)
{
	struct vm_page *p[30];
	uint64_t a, i, w;
	vm_object_t o = object_with_pages(30, p);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 30);
	ck_assert_uint_eq(i, 0);
	ck_assert_uint_eq(w, 0);
	for (unsigned k = 0; k < 30; k++)
		ck_assert_uint_eq(p[k]->queue, VM_PAGE_Q_ACTIVE);
	/* The oldest at the tail. */
	simple_lock(&vm_page_queue_lock);
	ck_assert_ptr_eq(vm_page_queue_tail_locked(VM_PAGE_Q_ACTIVE), p[0]);
	simple_unlock(&vm_page_queue_lock);
	/* A removed range leaves the queue with its pages. */
	vm_object_page_remove(o, 0, 10 * PAGE_SIZE);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 20);
	vm_object_deallocate(o);
}
END_TEST

START_TEST(test_collapse_keeps_queue_and_wiring)
{
	struct vm_page *p[4];
	uint64_t a, i, w;
	vm_object_t below = object_with_pages(4, p);
	vm_page_wire(p[1]);
	vm_object_t top = vm_object_shadow(below, 0, 4 * PAGE_SIZE);
	ck_assert_ptr_nonnull(top);
	vm_object_collapse(top); /* below's only reference is top's */
	ck_assert_uint_eq(vm_object_chain_length(top), 1);
	ck_assert_ptr_eq(p[1]->object, top);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 3);
	ck_assert_uint_eq(w, 1);
	ck_assert_uint_eq(p[1]->wire_count, 1);
	ck_assert_uint_eq(p[1]->queue, VM_PAGE_Q_NONE);
	vm_page_unwire(p[1]);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 4);
	ck_assert_uint_eq(w, 0);
	vm_object_deallocate(top);
}
END_TEST

START_TEST(test_wire_counts)
{
	struct vm_page *p[3];
	uint64_t a, i, w;
	vm_object_t o = object_with_pages(3, p);
	vm_page_wire(p[0]);
	vm_page_wire(p[0]);
	vm_page_wire(p[2]);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 1);
	ck_assert_uint_eq(w, 2);
	ck_assert_uint_eq(p[0]->wire_count, 2);
	vm_page_unwire(p[0]);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 1); /* still wired once */
	vm_page_unwire(p[0]);
	vm_page_unwire(p[2]);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 3);
	ck_assert_uint_eq(w, 0);
	ck_assert_uint_eq(p[0]->queue, VM_PAGE_Q_ACTIVE);
	vm_object_deallocate(o);
}
END_TEST

/* The page an offset sees down the chain is wired; an absent one (no
 * contents yet, the pager's) is not what it sees. */
START_TEST(test_chain_wiring)
{
	struct vm_page *p[2];
	vm_object_t below = object_with_pages(2, p);
	vm_object_t top = vm_object_shadow(below, 0, 2 * PAGE_SIZE);
	ck_assert_ptr_nonnull(top);
	ck_assert(vm_object_page_wiring(top, 0, false, true));
	ck_assert_uint_eq(p[0]->wire_count, 1);
	/* From below the top object: the same page (top has none). */
	ck_assert(vm_object_page_wiring(top, 0, true, true));
	ck_assert_uint_eq(p[0]->wire_count, 2);
	vm_page_unwire(p[0]);
	simple_lock(&below->lock);
	p[1]->absent = true;
	simple_unlock(&below->lock);
	ck_assert(!vm_object_page_wiring(top, PAGE_SIZE, false, true));
	ck_assert_uint_eq(p[1]->wire_count, 0);
	ck_assert(!vm_object_page_wiring(top, 4 * PAGE_SIZE, false, true));
	simple_lock(&below->lock);
	p[1]->absent = false;
	simple_unlock(&below->lock);
	ck_assert(vm_object_page_wiring(top, 0, false, false));
	ck_assert_uint_eq(p[0]->wire_count, 0);
	vm_object_deallocate(top);
}
END_TEST

/* Freeing a wired page is a kernel bug that vm_page_free catches. */
START_TEST(test_free_wired_page_panics)
{
	struct vm_page *p[1];
	vm_object_t o = object_with_pages(1, p);
	vm_page_wire(p[0]);
	vm_object_deallocate(o);
}
END_TEST

/* ---- The policy ---- */

static void
move_inactive(struct vm_page **p, unsigned from, unsigned to)
{
	simple_lock(&vm_page_queue_lock);
	for (unsigned k = from; k < to; k++)
		vm_page_queue_move_locked(p[k], VM_PAGE_Q_INACTIVE);
	simple_unlock(&vm_page_queue_lock);
}

START_TEST(test_aging_moves_a_third_and_clears_references)
{
	struct vm_page *p[30];
	uint64_t a, i, w;
	vm_object_t o = object_with_pages(30, p);
	for (unsigned k = 0; k < 30; k++)
		phys[PFN(p[k])].referenced = true;
	want_everything();
	/* Nothing inactive yet: the first pass only ages the ten oldest
	 * ((30 + 0) / 3), clearing their reference bits. */
	ck_assert_uint_eq(vm_pageout_scan(), 0);
	struct vm_pageout_stats s = stats();
	ck_assert_uint_eq(s.scans, 1);
	ck_assert_uint_eq(s.deactivations, 10);
	ck_assert_uint_eq(s.reactivations, 0);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 20);
	ck_assert_uint_eq(i, 10);
	for (unsigned k = 0; k < 30; k++) {
		ck_assert(phys[PFN(p[k])].referenced == (k >= 10));
		ck_assert_uint_eq(p[k]->queue, k < 10 ? VM_PAGE_Q_INACTIVE
						      : VM_PAGE_Q_ACTIVE);
	}
	/* Five of them are used again before the next pass: those go back
	 * to the active queue mapped; the five others lose their mappings
	 * (kept: nothing may be dropped), and ten more are aged. */
	for (unsigned k = 0; k < 5; k++)
		phys[PFN(p[k])].referenced = true;
	ck_assert_uint_eq(vm_pageout_scan(), 0);
	s = stats();
	ck_assert_uint_eq(s.reactivations, 10);
	ck_assert_uint_eq(s.deactivations, 20);
	ck_assert_uint_eq(s.discards, 0);
	ck_assert_uint_eq(nasked, 0); /* all clean */
	for (unsigned k = 0; k < 10; k++) {
		ck_assert_uint_eq(phys[PFN(p[k])].protects, k < 5 ? 0 : 1);
		ck_assert_uint_eq(p[k]->queue, VM_PAGE_Q_ACTIVE);
	}
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 20);
	ck_assert_uint_eq(i, 10);
	ck_assert_uint_eq(o->resident_count, 30);
	vm_object_deallocate(o);
}
END_TEST

START_TEST(test_referenced_reactivated_others_discarded)
{
	struct vm_page *p[30];
	uint64_t a, i, w;
	vm_object_t o = object_with_pages(30, p);
	discardable_object = o;
	want_everything();
	/* Two rounds: the first ages p[0..9]; p[3] and p[7] are used again
	 * before the second round looks at them. */
	move_inactive(p, 0, 10);
	phys[PFN(p[3])].referenced = true;
	phys[PFN(p[7])].referenced = true;
	uint64_t before = vm_page_free_count();
	unsigned done = vm_pageout_scan();
	/* p[3] and p[7] back to active, the eight others freed; then
	 * seven aged ((22 + 0) / 3). */
	ck_assert_uint_eq(done, 8);
	ck_assert_uint_eq(vm_page_free_count(), before + 8);
	struct vm_pageout_stats s = stats();
	ck_assert_uint_eq(s.deactivations, 7);
	ck_assert_uint_eq(s.reactivations, 2);
	ck_assert_uint_eq(s.discards, 8);
	ck_assert_uint_eq(o->resident_count, 22);
	ck_assert_ptr_eq(vm_object_page_lookup(o, 3 * PAGE_SIZE), p[3]);
	ck_assert_ptr_null(vm_object_page_lookup(o, 4 * PAGE_SIZE));
	ck_assert_uint_eq(p[3]->queue, VM_PAGE_Q_ACTIVE);
	queue_counts(&a, &i, &w);
	ck_assert_uint_eq(a, 15);
	ck_assert_uint_eq(i, 7);
	struct vm_object_stats os;
	vm_object_get_stats(&os);
	ck_assert_uint_eq(os.resident, 22);
	vm_object_deallocate(o);
}
END_TEST

/* The inactive scan stops once free_target pages are free. */
START_TEST(test_scan_stops_at_free_target)
{
	struct vm_page *p[30];
	vm_object_t o = object_with_pages(30, p);
	discardable_object = o;
	uint64_t free = vm_page_free_count();
	ck_assert(vm_pageout_set_thresholds(free, free + 3));
	ck_assert_uint_eq(vm_pageout_scan(), 0); /* ages ten */
	ck_assert_uint_eq(vm_pageout_scan(), 3);
	ck_assert_uint_eq(vm_page_free_count(), free + 3);
	ck_assert_uint_eq(o->resident_count, 27);
	/* Enough free: a pass frees nothing. */
	ck_assert_uint_eq(vm_pageout_scan(), 0);
	ck_assert_uint_eq(o->resident_count, 27);
	vm_object_deallocate(o);
}
END_TEST

START_TEST(test_dirty_pages_go_to_the_pager)
{
	struct vm_page *p[9];
	vm_object_t o = object_with_pages(9, p);
	discardable_object = o;          /* clean ones may go, dirty ones not */
	phys[PFN(p[0])].modified = true; /* written through a mapping */
	p[1]->dirty = true;              /* written by the kernel */
	want_everything();
	move_inactive(p, 0, 3);
	/* The pager cannot take them now: reactivated, still dirty (the
	 * modified bit moved into the flag). */
	ck_assert_uint_eq(vm_pageout_scan(), 1); /* p[2] freed */
	ck_assert_uint_eq(nasked, 2);
	ck_assert(p[0]->dirty && !p[0]->busy);
	ck_assert(!phys[PFN(p[0])].modified);
	ck_assert_uint_eq(p[0]->queue, VM_PAGE_Q_ACTIVE);
	ck_assert_uint_eq(stats().pageouts, 0);
	/* Now it takes them: off the queues, busy, the pager code's. */
	pager_takes = true;
	discardable_object = NULL;
	move_inactive(p, 0, 2);
	ck_assert_uint_eq(vm_pageout_scan(), 2);
	ck_assert_uint_eq(ntaken, 2);
	ck_assert_ptr_eq(taken[0], p[0]); /* the older first */
	ck_assert_uint_eq(stats().pageouts, 2);
	for (unsigned k = 0; k < 2; k++) {
		ck_assert(taken[k]->busy);
		ck_assert_uint_eq(taken[k]->queue, VM_PAGE_Q_NONE);
	}
	struct vm_page_queue_stats q;
	vm_page_queue_get_stats(&q);
	ck_assert_uint_eq(q.active + q.inactive, o->resident_count - 2);
	/* The pager code ends: one written and freed, one given back. */
	simple_lock(&o->lock);
	taken[0]->busy = taken[1]->busy = false;
	vm_object_page_discard_locked(o, taken[0]);
	vm_page_activate(taken[1]);
	simple_unlock(&o->lock);
	vm_page_queue_get_stats(&q);
	ck_assert_uint_eq(q.active + q.inactive, o->resident_count);
	vm_object_deallocate(o);
}
END_TEST

/* A page taken takes with it the run after it in its object of pages
 * inactive, unreferenced and dirty, up to VM_PAGEOUT_CLUSTER in all:
 * one message.  A clean, referenced or active page ends the run, left
 * as it was. */
START_TEST(test_dirty_run_goes_with_the_page)
{
	struct vm_page *p[20];
	vm_object_t o = object_with_pages(20, p);
	for (unsigned k = 0; k < 20; k++)
		p[k]->dirty = true;
	p[14]->dirty = false;               /* clean: ends the second run */
	phys[PFN(p[17])].referenced = true; /* in use: ends the third */
	want_everything();
	pager_takes = append_takes = true;
	/* Inactive, oldest first.  The runs: 0-7 (the cluster's bound),
	 * 8-13 (14 clean), 15-16 (17 referenced), 18-19. */
	move_inactive(p, 0, 20);
	unsigned done = vm_pageout_scan();
	ck_assert_uint_eq(stats().pageouts, ntaken);
	ck_assert_uint_eq(nasked + nappended, ntaken);
	ck_assert_ptr_eq(taken[0], p[0]);
	for (unsigned k = 1; k < VM_PAGEOUT_CLUSTER; k++)
		ck_assert_ptr_eq(taken[k], p[k]); /* one message */
	ck_assert_ptr_eq(taken[VM_PAGEOUT_CLUSTER], p[VM_PAGEOUT_CLUSTER]);
	/* The clean page is left to the scan (not discardable here:
	 * reactivated), the referenced one reactivated by the scan. */
	ck_assert_uint_eq(p[14]->queue, VM_PAGE_Q_ACTIVE);
	ck_assert(!p[14]->busy);
	ck_assert_uint_eq(p[17]->queue, VM_PAGE_Q_ACTIVE);
	ck_assert(!p[17]->busy);
	ck_assert_uint_eq(done, ntaken);
	ck_assert_uint_eq(ntaken, 18);     /* all but 14 and 17 */
	ck_assert_uint_lt(nasked, ntaken); /* fewer messages than pages */
	/* The pager code ends: every page freed. */
	simple_lock(&o->lock);
	for (unsigned k = 0; k < ntaken; k++) {
		taken[k]->busy = false;
		vm_object_page_discard_locked(o, taken[k]);
	}
	simple_unlock(&o->lock);
	vm_object_deallocate(o);
}
END_TEST

START_TEST(test_wired_and_busy_never_chosen)
{
	struct vm_page *p[12];
	vm_object_t o = object_with_pages(12, p);
	discardable_object = o;
	for (unsigned k = 0; k < 12; k += 2)
		vm_page_wire(p[k]); /* off the queues */
	simple_lock(&o->lock);
	p[1]->busy = true;
	p[3]->busy = true;
	simple_unlock(&o->lock);
	for (unsigned k = 1; k < 12; k += 2)
		move_inactive(p, k, k + 1);
	want_everything();
	for (int round = 0; round < 3; round++)
		vm_pageout_scan();
	/* The four unwired, not busy ones went; nothing else was touched. */
	ck_assert_uint_eq(o->resident_count, 8);
	for (unsigned k = 0; k < 12; k += 2) {
		ck_assert_ptr_eq(vm_object_page_lookup(o, k * PAGE_SIZE), p[k]);
		ck_assert_uint_eq(phys[PFN(p[k])].protects, 0);
		ck_assert_uint_eq(p[k]->queue, VM_PAGE_Q_NONE);
	}
	for (unsigned k = 1; k <= 3; k += 2) {
		ck_assert_ptr_eq(vm_object_page_lookup(o, k * PAGE_SIZE), p[k]);
		ck_assert_uint_eq(phys[PFN(p[k])].protects, 0);
		ck_assert_uint_eq(p[k]->queue, VM_PAGE_Q_INACTIVE);
	}
	simple_lock(&o->lock);
	p[1]->busy = p[3]->busy = false;
	simple_unlock(&o->lock);
	for (unsigned k = 0; k < 12; k += 2)
		vm_page_unwire(p[k]);
	vm_object_deallocate(o);
}
END_TEST

/* A page whose object's lock is held is passed over, not waited for. */
START_TEST(test_locked_object_passed_over)
{
	struct vm_page *p[3];
	vm_object_t o = object_with_pages(3, p);
	discardable_object = o;
	move_inactive(p, 0, 3);
	want_everything();
	simple_lock(&o->lock);
	ck_assert_uint_eq(vm_pageout_scan(), 0);
	simple_unlock(&o->lock);
	ck_assert_uint_eq(o->resident_count, 3);
	ck_assert_uint_eq(vm_pageout_scan(), 3);
	vm_object_deallocate(o);
}
END_TEST

/* ---- Thresholds, wake-ups and waiting ---- */

START_TEST(test_thresholds_from_memory_and_cmdline)
{
	uint64_t managed = NPAGES;
	struct vm_pageout_stats s = stats();
	ck_assert_uint_eq(s.free_min, 10 + managed / 100);
	ck_assert_uint_eq(s.free_target, 15 + managed / 80);
	vm_pageout_init("test=x vm_free_min=50 vm_free_target=80");
	s = stats();
	ck_assert_uint_eq(s.free_min, 50);
	ck_assert_uint_eq(s.free_target, 80);
	/* A target not above the minimum, a word that is no number, and
	 * an overflowing one keep the defaults. */
	const char *bad[] = { "vm_free_min=80 vm_free_target=80",
			      "vm_free_min=0", "vm_free_target=8x",
			      "vm_free_target=99999999999999999999999",
			      "vm_free_min= vm_free_target=20" };
	for (unsigned k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		vm_pageout_init(bad[k]);
		s = stats();
		ck_assert_uint_eq(s.free_min, 10 + managed / 100);
		ck_assert_uint_eq(s.free_target, 15 + managed / 80);
	}
	ck_assert(!vm_pageout_set_thresholds(0, 5));
	ck_assert(!vm_pageout_set_thresholds(5, 5));
}
END_TEST

START_TEST(test_allocation_below_min_wakes_daemon)
{
	struct vm_page *p[4];
	uint64_t free = vm_page_free_count();
	/* Above the minimum: no wake-up. */
	ck_assert(vm_pageout_set_thresholds(free - 10, free));
	vm_object_t o = object_with_pages(4, p);
	ck_assert_uint_eq(stats().wakeups, 0);
	vm_object_deallocate(o);
	/* Below it: one wake-up, however many allocations follow until
	 * the daemon runs. */
	ck_assert(vm_pageout_set_thresholds(free + 1, free + 10));
	o = object_with_pages(4, p);
	ck_assert_uint_eq(stats().wakeups, 1);
	vm_object_deallocate(o);
}
END_TEST

START_TEST(test_page_wait)
{
	/* Some page free: at once. */
	uint64_t t0 = clock_ticks();
	ck_assert_int_eq(vm_page_wait(true), KERN_SUCCESS);
	ck_assert_uint_eq(clock_ticks(), t0);
	/* None: sleeps until woken or the timeout (host: the timeout). */
	struct vm_page *held[NPAGES];
	unsigned n = 0;
	while ((held[n] = vm_page_alloc()) != NULL)
		n++;
	ck_assert_int_eq(vm_page_wait(true), KERN_SUCCESS);
	ck_assert_uint_gt(clock_ticks(), t0);
	while (n > 0)
		vm_page_free(held[--n]);
}
END_TEST

static Suite *
pageout_suite(void)
{
	Suite *s = suite_create("vm_pageout");
	TCase *tc = tcase_create("queues");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pages_enter_active_and_leave);
	tcase_add_test(tc, test_collapse_keeps_queue_and_wiring);
	tcase_add_test(tc, test_wire_counts);
	tcase_add_test(tc, test_chain_wiring);
	suite_add_tcase(s, tc);
	tc = tcase_create("bugs");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test_raise_signal(tc, test_free_wired_page_panics, SIGABRT);
	suite_add_tcase(s, tc);
	tc = tcase_create("policy");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_aging_moves_a_third_and_clears_references);
	tcase_add_test(tc, test_referenced_reactivated_others_discarded);
	tcase_add_test(tc, test_scan_stops_at_free_target);
	tcase_add_test(tc, test_dirty_pages_go_to_the_pager);
	tcase_add_test(tc, test_dirty_run_goes_with_the_page);
	tcase_add_test(tc, test_wired_and_busy_never_chosen);
	tcase_add_test(tc, test_locked_object_passed_over);
	tcase_add_test(tc, test_thresholds_from_memory_and_cmdline);
	tcase_add_test(tc, test_allocation_below_min_wakes_daemon);
	tcase_add_test(tc, test_page_wait);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(pageout_suite)
