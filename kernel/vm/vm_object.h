/*
 * vm/vm_object.h: VM objects, the memory a map entry is a window onto.
 *
 * Today every object is anonymous (internal): its contents are the
 * pages resident in it, indexed by offset through a hash of (object,
 * offset), and a page that is not resident reads as zero (the fault
 * path allocates it zero-filled).  The layout leaves room for what
 * issue 11 adds without changing callers: a shadow object and offset
 * (copy-on-write: a missing page is looked for down the chain before it
 * is zero-filled), a pager port (a missing page is asked of the pager),
 * and page queues for page-out.  See docs/vm.md.
 *
 * Lifetime: an object has a reference count; each map entry and each
 * copy object (vm/vm_map_copy.c) holding it counts one.  The last
 * vm_object_deallocate frees its pages and the object.
 *
 * Locks: each object's lock guards its pages, their (object, offset)
 * and its size; the hash's lock guards the chains.  Order: a map's
 * lock, then an object's, then the hash's, then pmap's and vm_page's.
 * Every call takes the locks it needs itself.
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/machine_types.h>

#include "kern/lock.h"
#include "vm/vm_page.h"

struct vm_object {
	simple_lock_t lock;
	unsigned ref_count;
	vm_size_t size;          /* bytes, page multiple */
	uint64_t resident_count; /* pages resident */
	struct vm_page *pages;   /* resident pages, through next/prev */
	/* Later (issue 11): struct vm_object *shadow; vm_offset_t
	 * shadow_offset; the pager and its control port; copy strategy. */
};

typedef struct vm_object *vm_object_t;

struct vm_object_stats {
	uint64_t objects;  /* objects alive */
	uint64_t resident; /* pages resident in them */
};

/* Create the object zone and the page hash.  Called once at boot (and
 * by each host unit test, after zone_bootstrap). */
void vm_object_init(void);

/* A new anonymous object of `size' bytes (rounded to pages), all zero,
 * with one reference; NULL if memory is exhausted. */
vm_object_t vm_object_allocate(vm_size_t size);

void vm_object_reference(vm_object_t object);

/* Drop a reference; the last frees every resident page and the object. */
void vm_object_deallocate(vm_object_t object);

/* The page resident at `offset' (page-aligned), or NULL. */
struct vm_page *vm_object_page_lookup(vm_object_t object, vm_offset_t offset);

/*
 * The page at `offset', made resident zero-filled if it was not, in
 * *page.  KERN_SUCCESS; KERN_INVALID_ARGUMENT if `offset' is not a page
 * of the object; KERN_RESOURCE_SHORTAGE if no page is free.
 */
kern_return_t vm_object_page_get(vm_object_t object, vm_offset_t offset,
				 struct vm_page **page);

/*
 * Free the resident pages in [start, end) of the object, after removing
 * every mapping of them (pmap_page_protect).  For a range no entry maps
 * any more.
 */
void vm_object_page_remove(vm_object_t object, vm_offset_t start,
			   vm_offset_t end);

/*
 * Grow `object' by `grow' bytes (a page multiple) at its end, for an
 * allocation next to the entry that maps its end (vm_map's coalescing).
 * Only an object with one reference may grow: returns false otherwise.
 */
bool vm_object_extend(vm_object_t object, vm_size_t grow);

void vm_object_get_stats(struct vm_object_stats *stats);

#endif
