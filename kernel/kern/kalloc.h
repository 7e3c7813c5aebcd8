/*
 * kern/kalloc.h: the general kernel heap.
 *
 * Mach style: the caller remembers the size and passes it to kfree.
 * Sizes up to KALLOC_MAX_SMALL bytes are rounded up to a power of two (at
 * least KALLOC_MIN_SIZE) and served by one zone per size class
 * ("kalloc.16" ... "kalloc.2048"); larger sizes up to KALLOC_MAX_CONTIG
 * get a block of 2^k whole, physically contiguous pages from vm_page;
 * larger ones still (up to KALLOC_MAX_SIZE) whole pages from the kernel
 * map once it is up (vm/vm_kern.h: each page on its own, so no
 * contiguous block is needed and no more than the pages are held), and
 * 2^k pages from vm_page before that (pmap_init's tables).  Every block
 * is aligned to its size class (to a page for the large ones).
 *
 * Never sleeps; callable with interrupts disabled but not with a zone
 * lock held (see kern/zalloc.c for the lock order).
 */
#ifndef KERN_KALLOC_H
#define KERN_KALLOC_H

#include <stdint.h>

#include <mach/machine_types.h>

#define KALLOC_MIN_SIZE   16
#define KALLOC_MAX_SMALL  2048
#define KALLOC_MAX_CONTIG ((vm_size_t)16 << 10)
#define KALLOC_MAX_SIZE   ((vm_size_t)4 << 20) /* vm_page's largest block */

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
 * Where the sizes above KALLOC_MAX_CONTIG go once it is set: `alloc'
 * returns whole pages in [start, end) or NULL, `free' takes them back
 * with the size they were asked for.  vm/vm_kern.c's kmem_init sets
 * the kernel map's, once at boot before another CPU runs (kalloc sits
 * below the maps, so they register with it rather than it calling up).
 */
struct kalloc_map {
	void *(*alloc)(vm_size_t size);
	void (*free)(void *p, vm_size_t size);
	uintptr_t start;
	uintptr_t end;
};
void kalloc_set_map(const struct kalloc_map *map);

/*
 * Allocate `size' bytes, contents undefined.  Returns NULL for size 0,
 * for a size above KALLOC_MAX_SIZE, or when memory is exhausted (even
 * after zone_gc gave back the zones' reserves).
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
