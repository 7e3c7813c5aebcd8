/*
 * vm/vm_page.c: the buddy allocator of physical pages.
 *
 * Invariants, under vm_page_lock:
 *  - a free block of order k starts at a frame number that is a multiple
 *    of 2^k; its first page is VM_PAGE_FREE with order k and sits on
 *    free_list[k]; an allocated block's first page is VM_PAGE_ALLOCATED;
 *  - every other managed page is VM_PAGE_TAIL, so only first pages are
 *    ever marked FREE or ALLOCATED and a merge or split touches one page
 *    per order, never a whole block;
 *  - two free buddies of the same order never coexist: vm_page_free
 *    merges them.
 */

#include <stddef.h>

#include <machine/vm_param.h>

#include "kern/lock.h"
#include "kern/panic.h"
#include "vm/vm_page.h"

static simple_lock_t vm_page_lock = SIMPLE_LOCK_INITIALIZER;

static struct vm_page *vm_page_array; /* one per managed frame */
static uint64_t vm_page_first_pfn;    /* frame of vm_page_array[0] */
static uint64_t vm_page_count;        /* entries in vm_page_array */
static struct vm_page *free_list[VM_PAGE_MAX_ORDER];
static uint64_t free_blocks[VM_PAGE_MAX_ORDER];
static uint64_t pages_managed;
static uint64_t pages_free;

static inline uint64_t
page_pfn(const struct vm_page *page)
{
	return vm_page_first_pfn + (uint64_t)(page - vm_page_array);
}

static inline struct vm_page *
pfn_page(uint64_t pfn)
{
	if (pfn < vm_page_first_pfn || pfn - vm_page_first_pfn >= vm_page_count)
		return NULL;
	return &vm_page_array[pfn - vm_page_first_pfn];
}

static void
free_list_insert(struct vm_page *page, unsigned order)
{
	page->state = VM_PAGE_FREE;
	page->order = order;
	page->prev = NULL;
	page->next = free_list[order];
	if (page->next != NULL)
		page->next->prev = page;
	free_list[order] = page;
	free_blocks[order]++;
}

static void
free_list_remove(struct vm_page *page, unsigned order)
{
	if (page->prev != NULL)
		page->prev->next = page->next;
	else
		free_list[order] = page->next;
	if (page->next != NULL)
		page->next->prev = page->prev;
	page->next = page->prev = NULL;
	free_blocks[order]--;
}

/* Put the block at `pfn' of `order' on the free lists, merging buddies. */
static void
free_block_locked(uint64_t pfn, unsigned order)
{
	while (order + 1 < VM_PAGE_MAX_ORDER) {
		uint64_t buddy_pfn = pfn ^ ((uint64_t)1 << order);
		struct vm_page *buddy = pfn_page(buddy_pfn);
		if (buddy == NULL || buddy->state != VM_PAGE_FREE ||
		    buddy->order != order)
			break;
		free_list_remove(buddy, order);
		if (buddy_pfn < pfn) {
			pfn_page(pfn)->state = VM_PAGE_TAIL;
			pfn = buddy_pfn;
		} else {
			buddy->state = VM_PAGE_TAIL;
		}
		order++;
	}
	free_list_insert(pfn_page(pfn), order);
}

void
vm_page_init(struct vm_page *pages, uint64_t first_pfn, uint64_t npages)
{
	simple_lock(&vm_page_lock);
	vm_page_array = pages;
	vm_page_first_pfn = first_pfn;
	vm_page_count = npages;
	for (uint64_t i = 0; i < npages; i++) {
		pages[i].next = pages[i].prev = NULL;
		pages[i].state = VM_PAGE_RESERVED;
		pages[i].order = 0;
		pages[i].object = NULL;
		pages[i].queue = 0;
		pages[i].wire_count = 0;
		pages[i].busy = pages[i].absent = pages[i].error = false;
		pages[i].dirty = false;
		pages[i].page_lock = pages[i].unlock_request = 0;
		pages[i].pageq_next = pages[i].pageq_prev = NULL;
	}
	for (unsigned k = 0; k < VM_PAGE_MAX_ORDER; k++) {
		free_list[k] = NULL;
		free_blocks[k] = 0;
	}
	pages_managed = 0;
	pages_free = 0;
	simple_unlock(&vm_page_lock);
}

void
vm_page_release(uint64_t start_pfn, uint64_t end_pfn)
{
	simple_lock(&vm_page_lock);
	for (uint64_t pfn = start_pfn; pfn < end_pfn;) {
		struct vm_page *page = pfn_page(pfn);
		if (page == NULL || page->state != VM_PAGE_RESERVED)
			panic("vm_page_release: frame %#llx is not a reserved "
			      "managed frame",
			      (unsigned long long)pfn);
		/* The largest aligned block that starts here and fits. */
		unsigned order = 0;
		while (order + 1 < VM_PAGE_MAX_ORDER &&
		       (pfn & (((uint64_t)2 << order) - 1)) == 0 &&
		       pfn + ((uint64_t)2 << order) <= end_pfn)
			order++;
		uint64_t n = (uint64_t)1 << order;
		for (uint64_t i = 1; i < n; i++)
			page[i].state = VM_PAGE_TAIL;
		pages_managed += n;
		pages_free += n;
		free_block_locked(pfn, order);
		pfn += n;
	}
	simple_unlock(&vm_page_lock);
}

struct vm_page *
vm_page_alloc_order(unsigned order)
{
	if (order >= VM_PAGE_MAX_ORDER)
		return NULL;

	simple_lock(&vm_page_lock);
	unsigned k = order;
	while (k < VM_PAGE_MAX_ORDER && free_list[k] == NULL)
		k++;
	if (k == VM_PAGE_MAX_ORDER) {
		simple_unlock(&vm_page_lock);
		return NULL;
	}
	struct vm_page *page = free_list[k];
	free_list_remove(page, k);
	/* Split: give back the upper half until the block fits. */
	while (k > order) {
		k--;
		free_list_insert(page + ((uint64_t)1 << k), k);
	}
	page->state = VM_PAGE_ALLOCATED;
	page->order = order;
	page->object = NULL;
	page->busy = page->absent = page->error = page->dirty = false;
	page->page_lock = page->unlock_request = 0;
	page->queue = 0; /* VM_PAGE_Q_NONE (vm/vm_page_queue.h) */
	page->wire_count = 0;
	page->pageq_next = page->pageq_prev = NULL;
	pages_free -= (uint64_t)1 << order;
	simple_unlock(&vm_page_lock);
	return page;
}

void
vm_page_free_order(struct vm_page *page, unsigned order)
{
	simple_lock(&vm_page_lock);
	if (page < vm_page_array || page >= vm_page_array + vm_page_count ||
	    page->state != VM_PAGE_ALLOCATED || page->order != order)
		panic("vm_page_free: %p (order %u) is not an allocated block",
		      (void *)page, order);
	if (page->queue != 0 || page->wire_count != 0)
		panic("vm_page_free: %p is on page queue %u or wired (%u)",
		      (void *)page, page->queue, page->wire_count);
	pages_free += (uint64_t)1 << order;
	free_block_locked(page_pfn(page), order);
	simple_unlock(&vm_page_lock);
}

uint64_t
vm_page_to_phys(const struct vm_page *page)
{
	return page_pfn(page) << PAGE_SHIFT;
}

uint64_t
vm_page_free_count(void)
{
	return __atomic_load_n(&pages_free, __ATOMIC_RELAXED);
}

struct vm_page *
vm_page_lookup(uint64_t pa)
{
	return pfn_page(pa >> PAGE_SHIFT);
}

void
vm_page_get_stats(struct vm_page_stats *stats)
{
	simple_lock(&vm_page_lock);
	stats->managed = pages_managed;
	stats->free = pages_free;
	for (unsigned k = 0; k < VM_PAGE_MAX_ORDER; k++)
		stats->free_blocks[k] = free_blocks[k];
	simple_unlock(&vm_page_lock);
}
