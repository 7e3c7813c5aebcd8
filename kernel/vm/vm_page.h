/*
 * vm/vm_page.h: the physical page allocator.
 *
 * Every page frame the kernel manages has a struct vm_page.  Free frames
 * are kept by a binary buddy allocator: blocks of 2^order contiguous,
 * naturally aligned pages, order 0 to VM_PAGE_MAX_ORDER - 1, one free
 * list per order.  Freeing a block merges it with its free buddy.
 *
 * All functions take the allocator's lock themselves; none may be called
 * with it held.  Allocation never sleeps: it returns NULL when memory is
 * exhausted.
 */
#ifndef VM_VM_PAGE_H
#define VM_VM_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "kern/boot_info.h"

#define VM_PAGE_MAX_ORDER 11 /* blocks of up to 2^10 pages (4 MiB) */

enum vm_page_state {
	VM_PAGE_RESERVED = 0, /* not managed: firmware, kernel image... */
	VM_PAGE_FREE,         /* first page of a free block */
	VM_PAGE_ALLOCATED,    /* first page of an allocated block */
	VM_PAGE_TAIL,         /* any other page of a managed block */
};

struct vm_object;

struct vm_page {
	/* Free list while VM_PAGE_FREE; the object's page list while it
	 * belongs to one (vm/vm_object.c), or the owner's own list. */
	struct vm_page *next;
	struct vm_page *prev;
	uint8_t state; /* enum vm_page_state */
	uint8_t order; /* block order, in the first page */
	/* The page queues (vm/vm_page_queue.h, under vm_page_queue_lock): */
	uint8_t queue;       /* enum vm_page_queue_id */
	uint16_t wire_count; /* wirings; a wired page is on no queue */
	/* Resident in a VM object (vm/vm_object.c, under its lock): */
	struct vm_object *object;  /* NULL if in none */
	uint64_t offset;           /* in the object, page-aligned */
	struct vm_page *hash_next; /* the (object, offset) hash chain */
	/* Paging state (vm/memory_object.c, under the object's lock):
	 * busy: being filled by the pager (or written out to it): nobody
	 * maps, copies, moves or frees it; faulting threads wait on the
	 * page (thread_wakeup(page) when it clears).  absent: busy with no
	 * contents yet (a data_request is out).  error: the pager failed
	 * it (memory_object_data_error, or the pager died): a fault on it
	 * fails with KERN_MEMORY_ERROR until the page is freed.  The
	 * page-out daemon never chooses a busy page (vm/vm_pageout.h). */
	bool busy;
	bool absent;
	bool error;
	/* Under the object's lock too: newer than any copy a pager holds
	 * (copies and the kernel's writes through the physmap); the MMU's
	 * modified bit is the other half (pmap_is_modified). */
	bool dirty;
	/* Under the object's lock too, for a pager's page: the accesses
	 * the pager locked (data_supply's and lock_request's lock_value:
	 * no mapping allows them, a fault needing one waits) and those
	 * asked back by memory_object_data_unlock and not yet given. */
	uint8_t page_lock;
	uint8_t unlock_request;
	struct vm_page *pageq_next; /* the queue, towards its tail */
	struct vm_page *pageq_prev; /* towards its head */
};

struct vm_page_stats {
	uint64_t managed; /* page frames the allocator owns */
	uint64_t free;    /* of those, free now */
	uint64_t free_blocks[VM_PAGE_MAX_ORDER]; /* free blocks per order */
};

/* A physical address range [start, end) that must not be handed out. */
struct phys_range {
	uint64_t start;
	uint64_t end;
};

/*
 * Set up the allocator over the usable regions of `bi' below `limit'
 * (the highest physical address the kernel can address), never handing
 * out the `nreserved' ranges in `reserved' (kernel image, boot
 * information, modules) nor the first MiB; a range with end <= start
 * reserves nothing.  The page array itself is taken from usable memory.
 * Returns the number of free pages, 0 if no memory could hold the page
 * array.
 */
uint64_t vm_page_bootstrap(const struct boot_info *bi, uint64_t limit,
			   const struct phys_range *reserved,
			   unsigned nreserved);

/*
 * Lower-level set-up, used by vm_page_bootstrap and the unit tests:
 * manage frames [first_pfn, first_pfn + npages) with the array `pages',
 * all reserved; then vm_page_release hands ranges to the free lists.
 */
void vm_page_init(struct vm_page *pages, uint64_t first_pfn, uint64_t npages);
void vm_page_release(uint64_t start_pfn, uint64_t end_pfn);

/* Allocate 2^order contiguous pages aligned to their size, or NULL.
 * The first page is in no object, on no queue, unwired, and not busy,
 * absent, in error nor dirty, with no page lock. */
struct vm_page *vm_page_alloc_order(unsigned order);

/* Free a block vm_page_alloc_order(order) returned.  Panics if its
 * first page is still on a page queue or wired (a kernel bug). */
void vm_page_free_order(struct vm_page *page, unsigned order);

static inline struct vm_page *
vm_page_alloc(void)
{
	return vm_page_alloc_order(0);
}

static inline void
vm_page_free(struct vm_page *page)
{
	vm_page_free_order(page, 0);
}

uint64_t vm_page_to_phys(const struct vm_page *page);

/* The number of free pages now (no lock: a snapshot, for thresholds). */
uint64_t vm_page_free_count(void);

/* The page at physical address `pa', or NULL if it is not managed. */
struct vm_page *vm_page_lookup(uint64_t pa);

void vm_page_get_stats(struct vm_page_stats *stats);

#endif
