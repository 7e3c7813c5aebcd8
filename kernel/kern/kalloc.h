/*
 * kern/kalloc.h: the general kernel heap.
 *
 * Mach style: the caller remembers the size and passes it to kfree.
 * Sizes up to KALLOC_MAX_SMALL bytes are rounded up to a power of two (at
 * least KALLOC_MIN_SIZE) and served by one zone per size class
 * ("kalloc.16" ... "kalloc.2048"); larger sizes get a block of 2^k whole
 * pages from vm_page.  Every block is aligned to its size class (to a
 * page for the large ones).
 *
 * Never sleeps; callable with interrupts disabled but not with a zone
 * lock held (see kern/zalloc.c for the lock order).
 */
#ifndef KERN_KALLOC_H
#define KERN_KALLOC_H

#include <stdint.h>

#include <mach/machine_types.h>

#define KALLOC_MIN_SIZE  16
#define KALLOC_MAX_SMALL 2048

struct kalloc_stats {
	uint64_t large_in_use; /* large blocks allocated now */
	uint64_t large_pages;  /* pages those blocks hold */
	uint64_t large_allocs; /* large blocks ever allocated */
	uint64_t failures;     /* kalloc calls that returned NULL */
};

/*
 * Create the size-class zones.  Called once at boot after zone_bootstrap
 * (and again by the unit tests after theirs).
 */
void kalloc_init(void);

/*
 * Allocate `size' bytes, contents undefined.  Returns NULL for size 0,
 * for a size larger than vm_page's largest block, or when memory is
 * exhausted (even after zone_gc gave back the zones' reserves).
 */
void *kalloc(vm_size_t size);

/*
 * Free `p', which kalloc(size) returned, with the same `size'.  Does
 * nothing if `p' is NULL.  Panics if `p' is not such a block.
 */
void kfree(void *p, vm_size_t size);

/* What kalloc(size) really reserves, 0 if it would fail for any size. */
vm_size_t kalloc_round(vm_size_t size);

/*
 * Copy a consistent snapshot of the large-block counters into `stats'
 * (the small sizes' are their zones', see zone_foreach).
 */
void kalloc_get_stats(struct kalloc_stats *stats);

#endif
