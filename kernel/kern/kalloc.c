/*
 * kern/kalloc.c: the general kernel heap over zones and vm_page.
 *
 * Lock order: kalloc_lock is a leaf (taken with no other lock held and
 * only around the large-block counters); the zones and vm_page take
 * their own locks.  When memory runs out, kalloc asks zone_gc for the
 * zones' reserve chunks and tries once more.
 */

#include <stdbool.h>

#include <machine/vm_param.h>

#include "kern/kalloc.h"
#include "kern/lock.h"
#include "kern/panic.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

#define KALLOC_MIN_SHIFT 4  /* 16 bytes */
#define KALLOC_MAX_SHIFT 11 /* 2048 bytes */
#define KALLOC_NCLASSES  (KALLOC_MAX_SHIFT - KALLOC_MIN_SHIFT + 1)

_Static_assert((1 << KALLOC_MIN_SHIFT) == KALLOC_MIN_SIZE, "min class");
_Static_assert((1 << KALLOC_MAX_SHIFT) == KALLOC_MAX_SMALL, "max class");

static zone_t kalloc_zones[KALLOC_NCLASSES]; /* set once by kalloc_init */

static simple_lock_t kalloc_lock = SIMPLE_LOCK_INITIALIZER;
static struct kalloc_stats kalloc_stats; /* under kalloc_lock */
static struct kalloc_map large_map;      /* set once: kalloc_set_map */

_Static_assert(KALLOC_MAX_SIZE == (vm_size_t)PAGE_SIZE
					  << (VM_PAGE_MAX_ORDER - 1),
	       "the largest size is vm_page's largest block");
_Static_assert(KALLOC_MAX_CONTIG % PAGE_SIZE == 0, "whole pages");

static const char *const kalloc_zone_names[KALLOC_NCLASSES] = {
	"kalloc.16",  "kalloc.32",  "kalloc.64",   "kalloc.128",
	"kalloc.256", "kalloc.512", "kalloc.1024", "kalloc.2048",
};

/* The smallest k with 2^k >= size (size >= 1). */
static inline unsigned
ceil_log2(vm_size_t size)
{
	if (size <= 1)
		return 0;
	return (unsigned)(sizeof(unsigned long long) * 8) -
	       (unsigned)__builtin_clzll((unsigned long long)size - 1);
}

/* The size class of a small size. */
static unsigned
small_class(vm_size_t size)
{
	unsigned k = ceil_log2(size);
	return k <= KALLOC_MIN_SHIFT ? 0 : k - KALLOC_MIN_SHIFT;
}

/*
 * The vm_page order of a large size; VM_PAGE_MAX_ORDER if too large.
 * The page count is rounded up without adding to `size', which would
 * wrap for the last page of sizes (a user's count times an element size
 * can be anything).
 */
static unsigned
large_order(vm_size_t size)
{
	vm_size_t pages = (size >> PAGE_SHIFT) + ((size & PAGE_MASK) != 0);
	if (pages > ((vm_size_t)1 << (VM_PAGE_MAX_ORDER - 1)))
		return VM_PAGE_MAX_ORDER;
	return ceil_log2(pages);
}

void
kalloc_init(void)
{
	for (unsigned i = 0; i < KALLOC_NCLASSES; i++) {
		size_t size = (size_t)1 << (KALLOC_MIN_SHIFT + i);
		kalloc_zones[i] =
			zone_create(kalloc_zone_names[i], size, size, 0);
		if (kalloc_zones[i] == NULL)
			panic("kalloc_init: cannot create zone %s",
			      kalloc_zone_names[i]);
	}
	simple_lock(&kalloc_lock);
	kalloc_stats = (struct kalloc_stats){ 0, 0, 0, 0 };
	simple_unlock(&kalloc_lock);
}

void
kalloc_set_map(const struct kalloc_map *map)
{
	large_map = *map;
}

/* Whether `size' goes to the kernel map. */
static bool
from_map(vm_size_t size)
{
	return size > KALLOC_MAX_CONTIG && large_map.alloc != NULL;
}

/* Count a large block of `pages' pages in (+1) or out (-1). */
static inline void
count_large(int sign, uint64_t pages)
{
	simple_lock(&kalloc_lock);
	if (sign > 0) {
		kalloc_stats.large_in_use++;
		kalloc_stats.large_pages += pages;
		kalloc_stats.large_allocs++;
	} else {
		kalloc_stats.large_in_use--;
		kalloc_stats.large_pages -= pages;
	}
	simple_unlock(&kalloc_lock);
}

vm_size_t
kalloc_round(vm_size_t size)
{
	if (size == 0 || size > KALLOC_MAX_SIZE)
		return 0;
	if (size <= KALLOC_MAX_SMALL)
		return (vm_size_t)1 << (KALLOC_MIN_SHIFT + small_class(size));
	if (from_map(size))
		return (size + PAGE_MASK) & ~(vm_size_t)PAGE_MASK;
	unsigned order = large_order(size);
	if (order >= VM_PAGE_MAX_ORDER)
		return 0;
	return (vm_size_t)PAGE_SIZE << order;
}

void *
kalloc(vm_size_t size)
{
	void *p = NULL;
	unsigned order = 0;

	if (size == 0)
		goto out;
	if (size <= KALLOC_MAX_SMALL) {
		zone_t z = kalloc_zones[small_class(size)];
		p = zalloc(z);
		if (p == NULL && zone_gc() != 0)
			p = zalloc(z); /* other zones' reserves freed */
		goto out;
	}
	if (size > KALLOC_MAX_CONTIG) {
		if (size > KALLOC_MAX_SIZE)
			goto out;
		if (large_map.alloc != NULL) {
			p = large_map.alloc(size);
			if (p == NULL && zone_gc() != 0)
				p = large_map.alloc(size);
			if (p != NULL)
				count_large(+1,
					    (size + PAGE_MASK) >> PAGE_SHIFT);
			goto out;
		}
	}
	order = large_order(size);
	struct vm_page *page = vm_page_alloc_order(order);
	if (page == NULL && zone_gc() != 0)
		page = vm_page_alloc_order(order);
	if (page == NULL)
		goto out;
	p = phys_to_virt(vm_page_to_phys(page));
	count_large(+1, (uint64_t)1 << order);
out:
	if (p == NULL) {
		simple_lock(&kalloc_lock);
		kalloc_stats.failures++;
		simple_unlock(&kalloc_lock);
	}
	return p;
}

void
kfree(void *p, vm_size_t size)
{
	if (p == NULL)
		return;
	if (size == 0)
		panic("kfree: %p freed with size 0", p);
	if (size <= KALLOC_MAX_SMALL) {
		zfree(kalloc_zones[small_class(size)], p);
		return;
	}
	uintptr_t va = (uintptr_t)p;
	if (size > KALLOC_MAX_CONTIG && va >= large_map.start &&
	    va < large_map.end) {
		/* The map's own checks catch a wrong address or size (one
		 * of its blocks freed with a smaller size is no physmap
		 * address: the check below panics). */
		large_map.free(p, size);
		count_large(-1, (size + PAGE_MASK) >> PAGE_SHIFT);
		return;
	}
	/* A block from before the map was set, or of a size up to
	 * KALLOC_MAX_CONTIG: a physmap address, whose physical address
	 * is its offset. */
	unsigned order = large_order(size);
	uint64_t pa = (uint64_t)((uintptr_t)p - (uintptr_t)phys_to_virt(0));
	struct vm_page *page = vm_page_lookup(pa);
	if (order >= VM_PAGE_MAX_ORDER || page == NULL ||
	    (pa & ((PAGE_SIZE << order) - 1)) != 0)
		panic("kfree: %p (size %llu) is not a kalloc block", p,
		      (unsigned long long)size);
	vm_page_free_order(page, order); /* panics unless allocated so */
	count_large(-1, (uint64_t)1 << order);
}

void
kalloc_get_stats(struct kalloc_stats *stats)
{
	simple_lock(&kalloc_lock);
	*stats = kalloc_stats;
	simple_unlock(&kalloc_lock);
}
