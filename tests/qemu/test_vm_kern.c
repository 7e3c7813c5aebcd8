/*
 * test_vm_kern.c: the kernel's own map (vm/vm_kern.h) and kalloc's
 * large sizes on it, on the real memory map and page tables.
 */

#include <machine/vm_param.h>

#include "kern/kalloc.h"
#include "kern/ktest.h"
#include "kern/string.h"
#include "vm/pmap.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"

static uint64_t
free_pages(void)
{
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	return st.free;
}

/* What the kernel map holds: entries, bytes, wired bytes. */
struct kmap_count {
	unsigned nentries;
	vm_size_t size, size_wired;
};

static struct kmap_count
kmap_count(void)
{
	vm_map_lock(kernel_map);
	struct kmap_count c = { kernel_map->nentries, kernel_map->size,
				kernel_map->size_wired };
	vm_map_unlock(kernel_map);
	return c;
}

#define ASSERT_KMAP_EQ(a, b)                                                   \
	do {                                                                   \
		KTEST_ASSERT_EQ((a).nentries, (b).nentries);                   \
		KTEST_ASSERT_EQ((a).size, (b).size);                           \
		KTEST_ASSERT_EQ((a).size_wired, (b).size_wired);               \
	} while (0)

/* Pages of [va, va + n pages) that kernel_pmap maps to a wired page. */
static unsigned
mapped_wired(vm_offset_t va, unsigned n)
{
	unsigned count = 0;
	for (unsigned i = 0; i < n; i++) {
		uint64_t pa;
		if (!pmap_extract(kernel_pmap, va + (vm_offset_t)i * PAGE_SIZE,
				  &pa))
			continue;
		struct vm_page *p = vm_page_lookup(pa);
		if (p != NULL && p->wire_count > 0)
			count++;
	}
	return count;
}

/*
 * A block of 257 pages: mapped in kernel_pmap, each page wired, zero,
 * writable through its address; one wired entry of the map, read-write;
 * freed, nothing of it mapped and every page back.  A first block
 * makes the page tables that stay (every address space shares them).
 */
KTEST(kmem_alloc_wired_zero_and_freed)
{
	enum { NPAGES = 257 };
	vm_size_t size = (NPAGES - 1) * PAGE_SIZE + 1;
	vm_offset_t addr;
	KTEST_ASSERT(kernel_map != VM_MAP_NULL);
	KTEST_ASSERT_EQ(kmem_alloc(size, &addr), KERN_SUCCESS);
	kmem_free(addr, size);

	struct kmap_count base = kmap_count();
	uint64_t pages_base = free_pages();
	KTEST_ASSERT_EQ(kmem_alloc(size, &addr), KERN_SUCCESS);
	KTEST_ASSERT(addr >= KERNEL_MAP_START && addr < KERNEL_MAP_END);
	KTEST_ASSERT_EQ(addr % PAGE_SIZE, 0);
	KTEST_ASSERT_EQ(mapped_wired(addr, NPAGES), NPAGES);
	KTEST_ASSERT(pages_base - free_pages() >= NPAGES);
	struct kmap_count now = kmap_count();
	KTEST_ASSERT_EQ(now.nentries, base.nentries + 1);
	KTEST_ASSERT_EQ(now.size_wired, base.size_wired + NPAGES * PAGE_SIZE);

	vm_offset_t raddr = addr;
	vm_size_t rsize;
	vm_prot_t prot, max;
	vm_inherit_t inherit;
	boolean_t shared;
	vm_offset_t offset;
	KTEST_ASSERT_EQ(vm_map_region(kernel_map, &raddr, &rsize, &prot, &max,
				      &inherit, &shared, &offset, NULL),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(raddr, addr);
	KTEST_ASSERT_EQ(rsize, NPAGES * PAGE_SIZE);
	KTEST_ASSERT_EQ(prot, VM_PROT_READ | VM_PROT_WRITE);

	uint64_t *words = (uint64_t *)addr;
	size_t nwords = NPAGES * PAGE_SIZE / sizeof *words;
	bool zero = true;
	for (size_t i = 0; i < nwords; i++)
		zero &= words[i] == 0;
	KTEST_ASSERT(zero);
	for (size_t i = 0; i < nwords; i++)
		words[i] = i * 0x9e3779b97f4a7c15ull;
	bool kept = true;
	for (size_t i = 0; i < nwords; i++)
		kept &= words[i] == i * 0x9e3779b97f4a7c15ull;
	KTEST_ASSERT(kept);

	kmem_free(addr, size);
	KTEST_ASSERT_EQ(mapped_wired(addr, NPAGES), 0);
	uint64_t pa;
	KTEST_ASSERT(!pmap_extract(kernel_pmap, addr, &pa));
	ASSERT_KMAP_EQ(kmap_count(), base);
	KTEST_ASSERT_EQ(free_pages(), pages_base);
}

/* Sizes it cannot have: an error each, and nothing kept (after one
 * block that gave the records' zones their chunks). */
KTEST(kmem_alloc_refuses_bad_sizes)
{
	vm_offset_t addr;
	KTEST_ASSERT_EQ(kmem_alloc(PAGE_SIZE, &addr), KERN_SUCCESS);
	kmem_free(addr, PAGE_SIZE);
	addr = 0x1234;
	struct kmap_count base = kmap_count();
	uint64_t pages_base = free_pages();
	KTEST_ASSERT_EQ(kmem_alloc(0, &addr), KERN_INVALID_ARGUMENT);
	KTEST_ASSERT_EQ(kmem_alloc(~(vm_size_t)0, &addr),
			KERN_INVALID_ARGUMENT);
	/* More than the map's range. */
	KTEST_ASSERT_EQ(
		kmem_alloc(KERNEL_MAP_END - KERNEL_MAP_START + 1, &addr),
		KERN_NO_SPACE);
	/* Room in the map, not in memory: the entry goes again. */
	KTEST_ASSERT_EQ(kmem_alloc((vm_size_t)1 << 38, &addr),
			KERN_RESOURCE_SHORTAGE);
	KTEST_ASSERT_EQ(addr, 0x1234);
	ASSERT_KMAP_EQ(kmap_count(), base);
	KTEST_ASSERT_EQ(free_pages(), pages_base);
	KTEST_ASSERT(kalloc(KALLOC_MAX_SIZE + 1) == NULL);
}

/*
 * With physical memory cut into single pages (every even frame of all
 * memory held), a 64 KiB kalloc still succeeds: its pages come one by
 * one through the kernel map.  (It needed 16 contiguous pages before.)
 */
KTEST(kalloc_large_without_contiguous_memory)
{
	enum { BIG = 64 << 10 };
	kfree(kalloc(BIG), BIG); /* the page tables and records it needs */
	uint64_t pages_base = free_pages();

	/* Take every free page, chained through its first word; give
	 * back those of odd frame numbers: each one's buddy is held, so
	 * no two free pages can merge. */
	uint64_t all = 0, held = 0;
	struct vm_page *p;
	while ((p = vm_page_alloc()) != NULL) {
		uint64_t pa = vm_page_to_phys(p);
		*(uint64_t *)phys_to_virt(pa) = all;
		all = pa;
	}
	while (all != 0) {
		uint64_t pa = all;
		all = *(uint64_t *)phys_to_virt(pa);
		if ((pa / PAGE_SIZE) % 2 != 0) {
			vm_page_free(vm_page_lookup(pa));
		} else {
			*(uint64_t *)phys_to_virt(pa) = held;
			held = pa;
		}
	}
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	uint64_t bigger = 0;
	for (unsigned k = 1; k < VM_PAGE_MAX_ORDER; k++)
		bigger += st.free_blocks[k];
	bool fragmented = bigger == 0 && st.free > BIG / PAGE_SIZE;

	unsigned char *b = kalloc(BIG);
	bool filled = b != NULL;
	if (b != NULL) {
		memset(b, 0x5a, BIG);
		for (unsigned i = 0; i < BIG; i += 61)
			filled &= b[i] == 0x5a;
		kfree(b, BIG);
	}
	while (held != 0) {
		uint64_t next = *(uint64_t *)phys_to_virt(held);
		vm_page_free(vm_page_lookup(held));
		held = next;
	}
	KTEST_ASSERT(fragmented);
	KTEST_ASSERT(filled);
	KTEST_ASSERT_EQ(free_pages(), pages_base);
}

/*
 * With memory short (free pages below the page-out daemon's minimum)
 * the kernel's own allocations still succeed: a wiring of the kernel
 * map may go below free_min, as kalloc's blocks always could.
 */
KTEST(kmem_alloc_below_free_min)
{
	enum { BIG = 64 << 10 };
	struct vm_pageout_stats po;
	vm_pageout_get_stats(&po);
	uint64_t free = free_pages();
	KTEST_ASSERT(vm_pageout_set_thresholds(free + 1000, free + 2000));
	unsigned char *b = kalloc(BIG);
	bool filled = b != NULL;
	if (b != NULL) {
		memset(b, 0xa5, BIG);
		filled = b[0] == 0xa5 && b[BIG - 1] == 0xa5;
		kfree(b, BIG);
	}
	KTEST_ASSERT(vm_pageout_set_thresholds(po.free_min, po.free_target));
	KTEST_ASSERT(filled);
}
