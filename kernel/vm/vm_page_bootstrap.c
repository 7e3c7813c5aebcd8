/*
 * vm/vm_page_bootstrap.c: hand the boot memory map to the page
 * allocator.
 *
 * Usable memory is the usable regions of the boot map, page-aligned
 * inwards, minus the first MiB (firmware, and where the real-mode
 * trampolines of the application processors will go), minus the
 * reserved ranges the caller names.  The page array is carved out of the
 * first piece of usable memory large enough to hold it.
 */

#include <stddef.h>

#include <machine/vm_param.h>

#include "vm/vm_page.h"

#define LOW_MEMORY_END 0x100000 /* the first MiB is never handed out */
#define MAX_EXCLUDED   (BOOT_MAX_MODULES + 8)

struct exclusions {
	struct phys_range range[MAX_EXCLUDED];
	unsigned n;
};

/*
 * Add [start, end) to `ex', keeping it sorted by start.  An empty or
 * reversed range (a loader's bad module bounds) excludes nothing: kept,
 * it would make for_each_gap hand out part of a gap twice.
 */
static void
exclude(struct exclusions *ex, uint64_t start, uint64_t end)
{
	if (end <= start)
		return;
	unsigned i = ex->n++;
	while (i > 0 && ex->range[i - 1].start > start) {
		ex->range[i] = ex->range[i - 1];
		i--;
	}
	ex->range[i].start = start & ~(uint64_t)PAGE_MASK;
	ex->range[i].end = (end + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
}

typedef bool (*gap_fn)(uint64_t start, uint64_t end, void *arg);

/*
 * Call `fn' for each maximal page-aligned piece of usable memory below
 * `limit' that no exclusion touches, until it returns false.
 */
static void
for_each_gap(const struct boot_info *bi, uint64_t limit,
	     const struct exclusions *ex, gap_fn fn, void *arg)
{
	for (unsigned r = 0; r < bi->nregions; r++) {
		const struct boot_region *reg = &bi->regions[r];
		if (reg->type != BOOT_REGION_USABLE)
			continue;
		uint64_t start = (reg->base + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
		uint64_t end = (reg->base + reg->length) & ~(uint64_t)PAGE_MASK;
		if (end > limit)
			end = limit;
		for (unsigned i = 0; i < ex->n && start < end; i++) {
			const struct phys_range *x = &ex->range[i];
			if (x->end <= start || x->start >= end)
				continue;
			if (x->start > start && !fn(start, x->start, arg))
				return;
			if (x->end > start)
				start = x->end;
		}
		if (start < end && !fn(start, end, arg))
			return;
	}
}

struct array_place {
	uint64_t size;
	uint64_t found; /* 0: nothing found yet */
};

static bool
find_array_place(uint64_t start, uint64_t end, void *arg)
{
	struct array_place *p = arg;
	if (end - start >= p->size) {
		p->found = start;
		return false;
	}
	return true;
}

static bool
release_gap(uint64_t start, uint64_t end, void *arg)
{
	(void)arg;
	vm_page_release(start >> PAGE_SHIFT, end >> PAGE_SHIFT);
	return true;
}

uint64_t
vm_page_bootstrap(const struct boot_info *bi, uint64_t limit,
		  const struct phys_range *reserved, unsigned nreserved)
{
	struct exclusions ex = { .n = 0 };
	uint64_t lowest = UINT64_MAX, highest = 0;

	exclude(&ex, 0, LOW_MEMORY_END);
	for (unsigned i = 0; i < nreserved && ex.n < MAX_EXCLUDED - 1; i++)
		exclude(&ex, reserved[i].start, reserved[i].end);

	for (unsigned r = 0; r < bi->nregions; r++) {
		const struct boot_region *reg = &bi->regions[r];
		if (reg->type != BOOT_REGION_USABLE || reg->length == 0)
			continue;
		uint64_t start = reg->base, end = reg->base + reg->length;
		if (start >= limit)
			continue;
		if (end > limit)
			end = limit;
		if (start < lowest)
			lowest = start;
		if (end > highest)
			highest = end;
	}
	if (highest <= lowest)
		return 0;

	uint64_t first_pfn = lowest >> PAGE_SHIFT;
	uint64_t npages = ((highest + PAGE_MASK) >> PAGE_SHIFT) - first_pfn;
	struct array_place place = { npages * sizeof(struct vm_page), 0 };
	for_each_gap(bi, limit, &ex, find_array_place, &place);
	if (place.found == 0)
		return 0;
	exclude(&ex, place.found, place.found + place.size);

	vm_page_init(phys_to_virt(place.found), first_pfn, npages);
	for_each_gap(bi, limit, &ex, release_gap, NULL);

	struct vm_page_stats stats;
	vm_page_get_stats(&stats);
	return stats.free;
}
