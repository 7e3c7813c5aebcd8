/*
 * vm/vm_object.c: anonymous VM objects, their shadow chains and the
 * (object, offset) page hash.  Lock order: an object's lock, then its
 * shadow's, then page_hash_lock (see vm/vm_object.h).
 */

#include <machine/vm_param.h>

#include "kern/panic.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/memory_object.h"
#include "vm/pmap.h"
#include "vm/vm_fault.h"
#include "vm/vm_object.h"
#include "vm/vm_page_queue.h"
#include "vm/vm_pageout.h"

#define PAGE_HASH_BUCKETS 4096 /* a power of two */

static zone_t vm_object_zone;
static struct vm_page *page_hash[PAGE_HASH_BUCKETS];
static simple_lock_t page_hash_lock = SIMPLE_LOCK_INITIALIZER;
static simple_lock_t stats_lock = SIMPLE_LOCK_INITIALIZER;
static struct vm_object_stats stats;

static unsigned
page_hash_index(vm_object_t object, vm_offset_t offset)
{
	uint64_t h = (uint64_t)(uintptr_t)object * 0x9e3779b97f4a7c15ull;
	h ^= (offset >> PAGE_SHIFT) * 0xc2b2ae3d27d4eb4full;
	return (unsigned)(h >> 40) & (PAGE_HASH_BUCKETS - 1);
}

void
vm_object_init(void)
{
	vm_object_zone =
		zone_create("vm objects", sizeof(struct vm_object), 0, 0);
	if (vm_object_zone == NULL)
		panic("vm_object_init: no zone");
	memset(page_hash, 0, sizeof page_hash);
	memset(&stats, 0, sizeof stats);
}

vm_object_t
vm_object_allocate(vm_size_t size)
{
	vm_object_t object = zalloc(vm_object_zone);
	if (object == NULL)
		return NULL;
	memset(object, 0, sizeof *object);
	simple_lock_init(&object->lock);
	object->ref_count = 1;
	object->size = (size + PAGE_MASK) & ~(vm_size_t)PAGE_MASK;
	simple_lock(&stats_lock);
	stats.objects++;
	simple_unlock(&stats_lock);
	return object;
}

void
vm_object_reference(vm_object_t object)
{
	simple_lock(&object->lock);
	object->ref_count++;
	simple_unlock(&object->lock);
}

/* Take `page' out of its object (whose lock is held) and the hash. */
static void
page_unlink(vm_object_t object, struct vm_page *page)
{
	vm_page_queue_leave(page);
	simple_lock(&page_hash_lock);
	struct vm_page **pp = &page_hash[page_hash_index(object, page->offset)];
	while (*pp != page)
		pp = &(*pp)->hash_next;
	*pp = page->hash_next;
	simple_unlock(&page_hash_lock);
	if (page->prev != NULL)
		page->prev->next = page->next;
	else
		object->pages = page->next;
	if (page->next != NULL)
		page->next->prev = page->prev;
	page->next = page->prev = page->hash_next = NULL;
	page->object = NULL;
	object->resident_count--;
}

static void
page_free(vm_object_t object, struct vm_page *page)
{
	page_unlink(object, page);
	page->busy = page->absent = page->error = false;
	pmap_page_protect(vm_page_to_phys(page), VM_PROT_NONE);
	vm_page_free(page);
}

void
vm_object_page_discard_locked(vm_object_t object, struct vm_page *page)
{
	page_free(object, page);
	simple_lock(&stats_lock);
	stats.resident--;
	simple_unlock(&stats_lock);
}

void
vm_object_deallocate(vm_object_t object)
{
	/* Down the chain without recursion: each freed object held one
	 * reference to its shadow. */
	while (object != NULL) {
		simple_lock(&object->lock);
		if (object->ref_count == 0)
			panic("vm_object_deallocate: object %p has no "
			      "reference",
			      (void *)object);
		if (--object->ref_count > 0) {
			/* A pager's pages may be seen by any later mapping. */
			if (object->ref_count == 1 &&
			    !vm_object_pager_external(object))
				object->aliased = object->shared = false;
			simple_unlock(&object->lock);
			return;
		}
		vm_object_t shadow = object->shadow;
		if (shadow != NULL) {
			/* The shadow's copy no more (its lock after ours). */
			simple_lock(&shadow->lock);
			if (shadow->copy == object)
				shadow->copy = NULL;
			simple_unlock(&shadow->lock);
		}
		if (object->pager != NULL) {
			/* The protocol's end frees it; its shadow (a
			 * COPY_CALL copy's, the default pager's object's)
			 * is dropped here, down the loop. */
			simple_unlock(&object->lock);
			memory_object_terminate_object(object);
			object = shadow;
			continue;
		}
		uint64_t freed = object->resident_count;
		while (object->pages != NULL)
			page_free(object, object->pages);
		simple_unlock(&object->lock);
		simple_lock(&stats_lock);
		stats.objects--;
		stats.resident -= freed;
		simple_unlock(&stats_lock);
		/* Its holders' rights to its name become dead names. */
		if (object->pager_name != NULL)
			vm_object_name_destroy(object->pager_name);
		zfree(vm_object_zone, object);
		object = shadow;
	}
}

void
vm_object_release(vm_object_t object)
{
	simple_lock(&object->lock);
	bool last = object->ref_count == 1;
	if (!last)
		object->ref_count--;
	simple_unlock(&object->lock);
	if (last)
		vm_object_deallocate(object);
}

/* The look-up, with the object's lock held. */
static struct vm_page *
page_lookup_locked(vm_object_t object, vm_offset_t offset)
{
	simple_lock(&page_hash_lock);
	struct vm_page *p = page_hash[page_hash_index(object, offset)];
	while (p != NULL && (p->object != object || p->offset != offset))
		p = p->hash_next;
	simple_unlock(&page_hash_lock);
	return p;
}

struct vm_page *
vm_object_page_lookup(vm_object_t object, vm_offset_t offset)
{
	simple_lock(&object->lock);
	struct vm_page *p = page_lookup_locked(object, offset);
	simple_unlock(&object->lock);
	return p;
}

struct vm_page *
vm_object_page_lookup_locked(vm_object_t object, vm_offset_t offset)
{
	return page_lookup_locked(object, offset);
}

/* A pager's page it said it has not (data_unavailable) in an object
 * with a shadow: absent, not busy, not in error; the contents are the
 * shadow's there. */
static bool
page_unavailable(const struct vm_page *p)
{
	return p->absent && !p->busy && !p->error;
}

/* Free the unavailable mark at `offset' of `object' (locked), if there
 * is one: a page with contents is to go there. */
static void
unavailable_drop_locked(vm_object_t object, vm_offset_t offset)
{
	struct vm_page *p = page_lookup_locked(object, offset);
	if (p == NULL || !page_unavailable(p))
		return;
	page_free(object, p);
	simple_lock(&stats_lock);
	stats.resident--;
	simple_unlock(&stats_lock);
}

/* Link `p' into `object' (whose lock is held) at `offset' and the hash. */
static void
page_link(vm_object_t object, struct vm_page *p, vm_offset_t offset)
{
	p->object = object;
	p->offset = offset;
	p->prev = NULL;
	p->next = object->pages;
	if (p->next != NULL)
		p->next->prev = p;
	object->pages = p;
	object->resident_count++;
	simple_lock(&page_hash_lock);
	unsigned i = page_hash_index(object, offset);
	p->hash_next = page_hash[i];
	page_hash[i] = p;
	simple_unlock(&page_hash_lock);
	vm_page_queue_enter(p);
}

/*
 * A new page at `offset' of `object' (lock held, none resident there),
 * zero-filled or a copy of `from'; NULL if no page is free.
 */
static struct vm_page *
page_insert_locked(vm_object_t object, vm_offset_t offset, struct vm_page *from)
{
	struct vm_page *p = vm_page_alloc();
	vm_pageout_alloc_check();
	if (p == NULL)
		return NULL;
	p->busy = p->absent = p->error = false;
	/* Filled before anyone can map it. */
	void *to = phys_to_virt(vm_page_to_phys(p));
	if (from != NULL)
		memcpy(to, phys_to_virt(vm_page_to_phys(from)), PAGE_SIZE);
	else
		memset(to, 0, PAGE_SIZE);
	p->dirty = from != NULL; /* written behind the MMU's back */
	page_link(object, p, offset);
	simple_lock(&stats_lock);
	stats.resident++;
	simple_unlock(&stats_lock);
	return p;
}

kern_return_t
vm_object_page_get(vm_object_t object, vm_offset_t offset, struct vm_page **out)
{
	if ((offset & PAGE_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&object->lock);
	if (offset >= object->size) {
		simple_unlock(&object->lock);
		return KERN_INVALID_ARGUMENT;
	}
	unavailable_drop_locked(object, offset);
	struct vm_page *p = page_lookup_locked(object, offset);
	bool filled = p == NULL;
	if (p == NULL)
		p = page_insert_locked(object, offset, NULL);
	simple_unlock(&object->lock);
	if (p == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (filled) {
		simple_lock(&stats_lock);
		stats.zero_fills++;
		simple_unlock(&stats_lock);
	}
	*out = p;
	return KERN_SUCCESS;
}

kern_return_t
vm_object_page_copy(vm_object_t object, vm_offset_t offset,
		    struct vm_page *from, struct vm_page **out)
{
	if ((offset & PAGE_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&object->lock);
	if (offset < object->size)
		unavailable_drop_locked(object, offset);
	if (offset >= object->size ||
	    page_lookup_locked(object, offset) != NULL) {
		simple_unlock(&object->lock);
		return KERN_INVALID_ARGUMENT;
	}
	struct vm_page *p = page_insert_locked(object, offset, from);
	simple_unlock(&object->lock);
	if (p == NULL)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&stats_lock);
	stats.cow_copies++;
	simple_unlock(&stats_lock);
	*out = p;
	return KERN_SUCCESS;
}

vm_object_t
vm_object_shadow(vm_object_t backing, vm_offset_t offset, vm_size_t size)
{
	vm_object_t object = vm_object_allocate(size);
	if (object == NULL)
		return NULL;
	object->shadow = backing;
	object->shadow_offset = offset;
	simple_lock(&backing->lock);
	backing->aliased = true;
	simple_unlock(&backing->lock);
	return object;
}

struct vm_page *
vm_object_chain_lookup(vm_object_t object, vm_offset_t offset,
		       vm_object_t *where)
{
	vm_object_t o = object;
	simple_lock(&o->lock);
	for (;;) {
		struct vm_page *p = NULL;
		if (offset < o->size)
			p = page_lookup_locked(o, offset);
		if (p != NULL && p->absent)
			p = NULL; /* no contents yet: callers read zero */
		if (p != NULL) {
			*where = o;
			simple_unlock(&o->lock);
			return p;
		}
		vm_object_t below = o->shadow;
		if (below == NULL || offset >= o->size) {
			simple_unlock(&o->lock);
			return NULL;
		}
		offset += o->shadow_offset;
		simple_lock(&below->lock);
		simple_unlock(&o->lock);
		o = below;
	}
}

/*
 * Merge `below' (locked; its only reference is `object''s, whose lock is
 * held) into `object': the pages `object' sees move up, the others are
 * freed; `object' then shadows what `below' shadowed.  Frees `below'.
 */
static void
collapse_one(vm_object_t object, vm_object_t below)
{
	uint64_t freed = 0;
	vm_offset_t lo = object->shadow_offset;
	while (below->pages != NULL) {
		struct vm_page *p = below->pages;
		vm_offset_t at = p->offset - lo;
		if (p->offset >= lo && at < object->size &&
		    page_lookup_locked(object, at) == NULL &&
		    !vm_object_existence_test(object, at)) {
			/* Same frame: its mappings stay right. */
			page_unlink(below, p);
			page_link(object, p, at);
		} else {
			page_free(below, p);
			freed++;
		}
	}
	object->shadow = below->shadow; /* below's reference moves up */
	object->shadow_offset += below->shadow_offset;
	/* A name is made only at the bottom (vm/vm_object_name.c), and an
	 * object with a shadow never had one (but the default pager's
	 * own): `object' takes below's place, and its name with it. */
	if (below->pager_name != NULL)
		object->pager_name = below->pager_name;
	simple_unlock(&below->lock);
	simple_lock(&stats_lock);
	stats.objects--;
	stats.resident -= freed;
	stats.collapses++;
	simple_unlock(&stats_lock);
	zfree(vm_object_zone, below);
}

/*
 * Whether `below', the default pager's, can be merged into anonymous
 * `object' above it (both locked, below's one reference object's):
 * `object' then becomes the default pager's in its place, which keeps
 * the pager's offsets only if the two cover the same range.  Nothing
 * may be on its way to or from the pager, and below must be nobody's
 * copy but object's.
 */
static bool
internal_mergeable(vm_object_t object, vm_object_t below)
{
	return object->pager == NULL && object->shadow_offset == 0 &&
	       object->size == below->size && object->pager_name == NULL &&
	       !object->pageout_copy && below->pager_internal &&
	       below->pager_ready && !below->pager_dead &&
	       !below->pageout_sending && !below->pageout_copy &&
	       (below->copy == NULL || below->copy == object);
}

/*
 * Merge internal `below' into `object' (internal_mergeable, and the
 * pager's ports already rebound to `object'): below's pages move up as
 * collapse_one moves them, before `object' takes the existence map (a
 * page of below's that the pager also holds is the newer: it stays),
 * then `object' takes the pager, its ports and the map.
 */
static void
collapse_internal(vm_object_t object, vm_object_t below)
{
	object->pager = below->pager;
	object->pager_control = below->pager_control;
	object->pager_ready = true;
	object->may_cache = below->may_cache;
	object->copy_strategy = below->copy_strategy;
	uint64_t *existence = below->existence;
	below->pager = NULL;
	below->pager_control = NULL;
	below->pager_internal = false;
	below->existence = NULL;
	collapse_one(object, below); /* the name too */
	object->pager_internal = true;
	object->existence = existence;
	simple_lock(&stats_lock);
	stats.collapses_internal++;
	simple_unlock(&stats_lock);
}

/* Whether `object' (locked) hides the page of `below' at `offset'
 * there: it has a page of its own at that offset less its shadow
 * offset, or the default pager holds one for it. */
static bool
hidden_above(vm_object_t object, vm_offset_t offset)
{
	vm_offset_t at = offset - object->shadow_offset;
	if (offset < object->shadow_offset || at >= object->size)
		return true; /* out of its range: never seen through it */
	return page_lookup_locked(object, at) != NULL ||
	       vm_object_existence_test(object, at);
}

/*
 * Whether `object' (locked, anonymous or the default pager's) may
 * leave `below' (locked, its shadow) out of its chain: every page below
 * could give it is hidden by one of its own (GNU Mach's bypass, which
 * also looks at the pages the default pager holds for below).  Not a
 * copy object (its shadow pushes pages into it), not an object with a
 * copy of its own, not one a pager serves (it could give any page),
 * nothing on its way to or from the pager.
 */
static bool
bypassable(vm_object_t object, vm_object_t below, bool is_copy)
{
	if (is_copy || below->copy != NULL || below->paging_in_progress ||
	    below->pageout_sending || vm_object_pager_external(below) ||
	    object->paging_in_progress || vm_object_pager_external(object))
		return false;
	for (struct vm_page *p = below->pages; p != NULL; p = p->next)
		if (!hidden_above(object, p->offset))
			return false;
	if (below->existence == NULL)
		return true;
	vm_size_t words = memory_object_existence_bytes(below) / 8;
	for (vm_size_t w = 0; w < words; w++)
		for (uint64_t bits = below->existence[w]; bits != 0;
		     bits &= bits - 1) {
			uint64_t n = w * 64 + (unsigned)__builtin_ctzll(bits);
			if (!hidden_above(object, n * PAGE_SIZE))
				return false;
		}
	return true;
}

/* Leave `below' out of `object''s chain (bypassable): `object' shadows
 * what below shadows, and below loses `object''s reference, dropped by
 * the caller with no lock held.  Both locked; below is unlocked. */
static void
bypass(vm_object_t object, vm_object_t below)
{
	vm_object_t next = below->shadow;
	if (next != NULL) {
		simple_lock(&next->lock);
		next->ref_count++;
		next->aliased = true;
		simple_unlock(&next->lock);
	}
	object->shadow = next;
	object->shadow_offset += below->shadow_offset;
	simple_unlock(&below->lock);
	simple_lock(&stats_lock);
	stats.bypasses++;
	simple_unlock(&stats_lock);
}

void
vm_object_collapse(vm_object_t object)
{
	vm_object_t o = object;
	simple_lock(&o->lock);
	while (o->shadow != NULL) {
		vm_object_t below = o->shadow;
		simple_lock(&below->lock);
		/* A copy object stays: its shadow pushes pages into it. */
		bool is_copy = false;
		if (below->shadow != NULL) {
			simple_lock(&below->shadow->lock);
			is_copy = below->shadow->copy == below;
			simple_unlock(&below->shadow->lock);
		}
		bool alone = below->ref_count == 1 &&
			     !below->paging_in_progress && !is_copy;
		/* Into the default pager's objects, below's pages it does
		 * not hide (a page resident, or one the pager holds: its
		 * existence bit), if below has no name (the pager knows
		 * its own). */
		bool into = o->pager == NULL ||
			    (o->pager_internal && below->pager_name == NULL);
		if (alone && into && below->pager == NULL) {
			collapse_one(o, below);
			continue;
		}
		/* Out of one, into the anonymous object above it. */
		if (alone && internal_mergeable(o, below) &&
		    memory_object_rebind_try(below, o)) {
			collapse_internal(o, below);
			continue;
		}
		/* Left out of the chain.  Only from the caller's object,
		 * whose reference keeps it while below is dropped with no
		 * lock held (the drop may end below: its pager is told). */
		if (o == object && bypassable(o, below, is_copy)) {
			bypass(o, below);
			simple_unlock(&o->lock);
			vm_object_deallocate(below);
			simple_lock(&o->lock);
			continue;
		}
		/* Others see `below': merging into it is still exact. */
		simple_unlock(&o->lock);
		o = below;
	}
	simple_unlock(&o->lock);
}

/* Whether every page the default pager holds of [base, base + size)
 * of `o' (locked) is resident there or hidden by a page of `copy'
 * (locked) at its offset less base. */
static bool
existence_hidden_locked(vm_object_t o, vm_offset_t base, vm_size_t size,
			vm_object_t copy)
{
	for (vm_offset_t at = 0; at < size && base + at < o->size;
	     at += PAGE_SIZE)
		if (vm_object_existence_test(o, base + at) &&
		    page_lookup_locked(o, base + at) == NULL &&
		    page_lookup_locked(copy, at) == NULL)
			return false;
	return true;
}

kern_return_t
vm_object_copy_range(vm_object_t object, vm_offset_t offset, vm_size_t size,
		     vm_object_t *out)
{
	*out = NULL;
	vm_object_t copy = vm_object_allocate(size);
	if (copy == NULL)
		return KERN_RESOURCE_SHORTAGE;
	/* Top down: a page found higher hides the ones below it.  `base'
	 * is where the window starts in `o', `size' how much of it `o'
	 * lets through. */
	vm_object_t o = object;
	vm_offset_t base = offset;
	simple_lock(&o->lock);
	simple_lock(&copy->lock);
	for (;;) {
		if (o->pager_internal &&
		    !existence_hidden_locked(o, base, size, copy)) {
			/* A page only the default pager has, which the map
			 * lock held here keeps from being asked for. */
			simple_unlock(&copy->lock);
			simple_unlock(&o->lock);
			vm_object_deallocate(copy);
			return VM_FAULT_RETRY;
		}
		for (struct vm_page *p = o->pages; p != NULL; p = p->next) {
			vm_offset_t at = p->offset - base;
			if (p->offset < base || at >= size ||
			    page_lookup_locked(copy, at) != NULL)
				continue;
			if (page_insert_locked(copy, at, p) == NULL) {
				simple_unlock(&copy->lock);
				simple_unlock(&o->lock);
				vm_object_deallocate(copy);
				return KERN_RESOURCE_SHORTAGE;
			}
		}
		vm_object_t below = o->shadow;
		if (below == NULL || base >= o->size)
			break;
		if (size > o->size - base)
			size = o->size - base;
		base += o->shadow_offset;
		simple_lock(&below->lock);
		simple_unlock(&o->lock);
		o = below;
	}
	simple_unlock(&copy->lock);
	simple_unlock(&o->lock);
	*out = copy;
	return KERN_SUCCESS;
}

unsigned
vm_object_chain_length(vm_object_t object)
{
	unsigned n = 0;
	vm_object_t o = object;
	simple_lock(&o->lock);
	for (;;) {
		n++;
		vm_object_t below = o->shadow;
		if (below == NULL)
			break;
		simple_lock(&below->lock);
		simple_unlock(&o->lock);
		o = below;
	}
	simple_unlock(&o->lock);
	return n;
}

void
vm_object_page_remove(vm_object_t object, vm_offset_t start, vm_offset_t end)
{
	uint64_t freed = 0;
	simple_lock(&object->lock);
	if (object->aliased) { /* others may see them: kept */
		simple_unlock(&object->lock);
		return;
	}
	/* Whichever is shorter: the range's pages or the object's list. */
	if ((end - start) >> PAGE_SHIFT < object->resident_count) {
		for (vm_offset_t off = start; off < end; off += PAGE_SIZE) {
			struct vm_page *p = page_lookup_locked(object, off);
			if (p != NULL) {
				page_free(object, p);
				freed++;
			}
		}
	} else {
		struct vm_page *p = object->pages;
		while (p != NULL) {
			struct vm_page *next = p->next;
			if (p->offset >= start && p->offset < end) {
				page_free(object, p);
				freed++;
			}
			p = next;
		}
	}
	simple_unlock(&object->lock);
	simple_lock(&stats_lock);
	stats.resident -= freed;
	simple_unlock(&stats_lock);
}

bool
vm_object_extend(vm_object_t object, vm_size_t grow)
{
	simple_lock(&object->lock);
	bool ok = object->ref_count == 1 && object->shadow == NULL &&
		  object->pager == NULL && object->size + grow > object->size;
	if (ok)
		object->size += grow;
	simple_unlock(&object->lock);
	return ok;
}

void
vm_object_page_dirty(vm_object_t object, struct vm_page *page)
{
	simple_lock(&object->lock);
	page->dirty = true;
	simple_unlock(&object->lock);
}

bool
vm_object_page_wiring(vm_object_t object, vm_offset_t offset, bool below,
		      bool wire)
{
	vm_object_t o = object;
	simple_lock(&o->lock);
	bool skip = below;
	for (;;) {
		struct vm_page *p = NULL;
		if (!skip && offset < o->size)
			p = page_lookup_locked(o, offset);
		if (p != NULL && p->absent)
			p = NULL; /* no contents yet: not what is seen */
		skip = false;
		if (p != NULL) {
			if (wire)
				vm_page_wire(p);
			else
				vm_page_unwire(p);
			simple_unlock(&o->lock);
			return true;
		}
		vm_object_t next = o->shadow;
		if (next == NULL || offset >= o->size) {
			simple_unlock(&o->lock);
			return false;
		}
		offset += o->shadow_offset;
		simple_lock(&next->lock);
		simple_unlock(&o->lock);
		o = next;
	}
}

void
vm_object_get_stats(struct vm_object_stats *out)
{
	simple_lock(&stats_lock);
	*out = stats;
	simple_unlock(&stats_lock);
}

/* ---- Pages a pager fills (vm/memory_object.c) ---- */

/* A new absent busy page of `o' (locked) at `offset', its request
 * counted in paging_in_progress; NULL if no frame is free. */
static struct vm_page *
absent_page_new_locked(vm_object_t o, vm_offset_t offset)
{
	struct vm_page *p = vm_page_alloc();
	vm_pageout_alloc_check();
	if (p == NULL)
		return NULL;
	p->busy = p->absent = true;
	p->error = p->dirty = false;
	page_link(o, p, offset);
	simple_lock(&stats_lock);
	stats.resident++;
	simple_unlock(&stats_lock);
	o->paging_in_progress++;
	return p;
}

/* Absent busy pages for the run after `offset' of pages the default
 * pager holds and `o' (locked, internal) has not, up to
 * VM_PAGEIN_CLUSTER pages with the one at `offset': asked with it, in
 * one request.  Their bytes. */
static vm_size_t
absent_run_locked(vm_object_t o, vm_offset_t offset)
{
	vm_size_t len = 0;
	for (unsigned k = 1; k < VM_PAGEIN_CLUSTER; k++) {
		vm_offset_t at = offset + k * PAGE_SIZE;
		if (at >= o->size || !vm_object_existence_test(o, at) ||
		    page_lookup_locked(o, at) != NULL)
			break;
		if (absent_page_new_locked(o, at) == NULL)
			break;
		len += PAGE_SIZE;
	}
	return len;
}

void
vm_object_chain_resolve(vm_object_t object, vm_offset_t offset,
			vm_prot_t access, struct vm_chain_result *r)
{
	vm_object_t o = object;
	simple_lock(&o->lock);
	r->lock = r->need = r->unlock = VM_PROT_NONE;
	r->copy = NULL;
	for (;;) {
		struct vm_page *p = NULL;
		if (offset < o->size)
			p = page_lookup_locked(o, offset);
		/* The pager has not this page: the shadow's is seen. */
		bool unavailable = p != NULL && page_unavailable(p);
		if (unavailable)
			p = NULL;
		r->object = o;
		r->offset = offset;
		r->page = p;
		if (p != NULL && p->busy) {
			r->kind = VM_CHAIN_WAIT;
			break;
		}
		if (p != NULL && p->error) {
			/* Told once; a later fault asks the pager again. */
			page_free(o, p);
			simple_lock(&stats_lock);
			stats.resident--;
			simple_unlock(&stats_lock);
			r->kind = VM_CHAIN_ERROR;
			simple_unlock(&o->lock);
			return;
		}
		if (p != NULL && (p->page_lock & access) != 0) {
			if (o->pager_dead) {
				r->kind = VM_CHAIN_ERROR;
				simple_unlock(&o->lock);
				return;
			}
			/* Locked by the pager: ask once, wait for it. */
			r->kind = VM_CHAIN_UNLOCK;
			r->need = p->page_lock & access;
			if ((p->unlock_request & r->need) != r->need) {
				p->unlock_request |= r->need;
				r->unlock = p->unlock_request;
			}
			break;
		}
		if (p != NULL) {
			r->kind = VM_CHAIN_PAGE;
			r->lock = p->page_lock;
			r->copy = o->copy;
			simple_unlock(&o->lock);
			return;
		}
		if (o->pager != NULL && offset < o->size && !unavailable &&
		    (!o->pager_internal ||
		     vm_object_existence_test(o, offset))) {
			/* The pager has every page of its object (the
			 * default pager those it was given). */
			if (o->pager_dead) {
				r->kind = VM_CHAIN_ERROR;
				simple_unlock(&o->lock);
				return;
			}
			if (!o->pager_ready || o->pageout_sending) {
				r->kind = VM_CHAIN_NOT_READY;
				break;
			}
			p = absent_page_new_locked(o, offset);
			if (p == NULL) {
				r->kind = VM_CHAIN_SHORTAGE;
				simple_unlock(&o->lock);
				return;
			}
			r->page = p;
			r->kind = VM_CHAIN_REQUEST;
			r->length = PAGE_SIZE;
			if (o->pager_internal)
				r->length += absent_run_locked(o, offset);
			break;
		}
		vm_object_t below = o->shadow;
		if (below == NULL || offset >= o->size) {
			r->kind = VM_CHAIN_ZERO;
			r->page = NULL;
			simple_unlock(&o->lock);
			return;
		}
		offset += o->shadow_offset;
		access = VM_PROT_READ; /* what is below is only copied */
		simple_lock(&below->lock);
		simple_unlock(&o->lock);
		o = below;
	}
	/* Waits and requests hold the object while the map is unlocked. */
	o->ref_count++;
	simple_unlock(&o->lock);
}

/* An absent busy page of `object' (locked) at `offset', or NULL. */
static struct vm_page *
absent_page_locked(vm_object_t object, vm_offset_t offset)
{
	struct vm_page *p = page_lookup_locked(object, offset);
	return p != NULL && p->busy && p->absent ? p : NULL;
}

/* The placeholder is done with (filled or failed): wake its waiters. */
static void
absent_page_done(vm_object_t object, struct vm_page *p)
{
	p->busy = false;
	if (object->paging_in_progress > 0)
		object->paging_in_progress--;
	thread_wakeup(p);
}

bool
vm_object_absent_fill(vm_object_t object, vm_offset_t offset,
		      bool (*fill)(void *page, void *arg), void *arg,
		      vm_prot_t lock)
{
	simple_lock(&object->lock);
	struct vm_page *p = absent_page_locked(object, offset);
	if (p != NULL && fill == NULL && object->shadow != NULL) {
		/* Unavailable: the shadow's page is seen (COPY_CALL). */
		absent_page_done(object, p);
		simple_unlock(&object->lock);
		return true;
	}
	simple_unlock(&object->lock);
	if (p == NULL)
		return false;
	/* Busy: nobody else touches it while it is filled unlocked. */
	uint64_t pa = vm_page_to_phys(p);
	bool filled = true;
	if (fill != NULL)
		filled = fill(phys_to_virt(pa), arg);
	else
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	pmap_clear_modify(pa); /* the pager has these contents */
	simple_lock(&object->lock);
	if (filled) {
		p->absent = false;
		p->page_lock = lock; /* not mapped yet: nothing to lower */
		p->unlock_request = VM_PROT_NONE;
	} else {
		p->error = true;
	}
	absent_page_done(object, p);
	simple_unlock(&object->lock);
	return true;
}

bool
vm_object_absent_fail(vm_object_t object, vm_offset_t offset)
{
	simple_lock(&object->lock);
	struct vm_page *p = absent_page_locked(object, offset);
	if (p != NULL) {
		p->error = true;
		absent_page_done(object, p);
	}
	simple_unlock(&object->lock);
	return p != NULL;
}

void
vm_object_absent_cancel(vm_object_t object, vm_offset_t offset)
{
	simple_lock(&object->lock);
	struct vm_page *p = absent_page_locked(object, offset);
	if (p != NULL) {
		if (object->paging_in_progress > 0)
			object->paging_in_progress--;
		thread_wakeup(p);
		page_free(object, p);
		simple_lock(&stats_lock);
		stats.resident--;
		simple_unlock(&stats_lock);
	}
	simple_unlock(&object->lock);
}

void
vm_object_absent_fail_all(vm_object_t object)
{
	simple_lock(&object->lock);
	for (struct vm_page *p = object->pages; p != NULL; p = p->next)
		if (p->busy && p->absent) {
			p->error = true;
			absent_page_done(object, p);
		} else if (p->unlock_request != VM_PROT_NONE) {
			thread_wakeup(p); /* the unlock will never come */
		}
	simple_unlock(&object->lock);
}

kern_return_t
vm_object_page_wait(vm_object_t object, struct vm_page *page, vm_prot_t locked,
		    bool ready, uint64_t ticks)
{
	simple_lock(&object->lock);
	/* A page freed meanwhile (flushed) is no longer the object's. */
	bool waiting =
		ready ? (!object->pager_ready || object->pageout_sending) &&
				!object->pager_dead
		      : page->object == object &&
				(page->busy ||
				 ((page->page_lock & locked) != 0 &&
				  !object->pager_dead && !page->error));
	if (!waiting) {
		simple_unlock(&object->lock);
		return KERN_SUCCESS;
	}
	assert_wait(ready ? (event_t)&object->pager_ready : (event_t)page,
		    true);
	thread_set_timeout(ticks);
	simple_unlock(&object->lock);
	int result = thread_block(NULL);
	if (result == THREAD_INTERRUPTED)
		return KERN_ABORTED;
	return result == THREAD_TIMED_OUT ? KERN_TIMEDOUT : KERN_SUCCESS;
}

bool
vm_object_page_supply(vm_object_t object, vm_offset_t offset,
		      bool (*fill)(void *page, void *arg), void *arg,
		      vm_prot_t lock)
{
	struct vm_page *p = vm_page_alloc();
	vm_pageout_alloc_check();
	if (p == NULL)
		return false;
	p->busy = p->absent = p->error = p->dirty = false;
	p->page_lock = lock;
	uint64_t pa = vm_page_to_phys(p);
	if (!fill(phys_to_virt(pa), arg)) {
		vm_page_free(p);
		return false;
	}
	pmap_clear_modify(pa);
	simple_lock(&object->lock);
	if (offset < object->size)
		unavailable_drop_locked(object, offset);
	bool fits = offset < object->size && !object->pager_dead &&
		    page_lookup_locked(object, offset) == NULL;
	if (fits)
		page_link(object, p, offset);
	simple_unlock(&object->lock);
	if (!fits) {
		vm_page_free(p);
		return false;
	}
	simple_lock(&stats_lock);
	stats.resident++;
	simple_unlock(&stats_lock);
	return true;
}

void
vm_object_pages_free(vm_object_t object)
{
	uint64_t freed = 0;
	simple_lock(&object->lock);
	struct vm_page *p = object->pages;
	while (p != NULL) {
		struct vm_page *next = p->next;
		if (!p->busy && p->wire_count == 0) {
			page_free(object, p);
			freed++;
		}
		p = next;
	}
	simple_unlock(&object->lock);
	simple_lock(&stats_lock);
	stats.resident -= freed;
	simple_unlock(&stats_lock);
}

void
vm_object_free(vm_object_t object)
{
	uint64_t freed = object->resident_count;
	while (object->pages != NULL)
		page_free(object, object->pages);
	simple_lock(&stats_lock);
	stats.objects--;
	stats.resident -= freed;
	simple_unlock(&stats_lock);
	zfree(vm_object_zone, object);
}

bool
vm_object_page_clean(vm_object_t object, vm_offset_t offset, bool flush,
		     void *buf, bool *dirty)
{
	simple_lock(&object->lock);
	struct vm_page *p = page_lookup_locked(object, offset);
	if (p == NULL || p->busy) {
		simple_unlock(&object->lock);
		return false;
	}
	if (p->wire_count > 0)
		flush = false; /* a wired page stays; it may still be cleaned */
	uint64_t pa = vm_page_to_phys(p);
	/* Write access first goes, so the bit cannot change under us. */
	pmap_page_protect(pa, flush ? VM_PROT_NONE : VM_PROT_READ);
	*dirty = p->dirty || pmap_is_modified(pa);
	if (*dirty && buf != NULL) {
		memcpy(buf, phys_to_virt(pa), PAGE_SIZE);
		pmap_clear_modify(pa);
		p->dirty = false;
	}
	if (flush) {
		if (p->unlock_request != VM_PROT_NONE)
			thread_wakeup(p); /* its faults ask for it again */
		page_free(object, p);
		simple_lock(&stats_lock);
		stats.resident--;
		simple_unlock(&stats_lock);
	}
	simple_unlock(&object->lock);
	return true;
}

bool
vm_object_page_lock(vm_object_t object, vm_offset_t offset, vm_prot_t lock)
{
	simple_lock(&object->lock);
	struct vm_page *p = page_lookup_locked(object, offset);
	if (p == NULL || p->busy) {
		simple_unlock(&object->lock);
		return false;
	}
	/* A newly locked access goes from every mapping before the lock
	 * is seen (a fault maps the page with what the lock leaves). */
	if ((lock & ~p->page_lock) != 0)
		pmap_page_protect(vm_page_to_phys(p), VM_PROT_ALL & ~lock);
	p->page_lock = lock;
	p->unlock_request = VM_PROT_NONE;
	thread_wakeup(p); /* those waiting for an unlock look again */
	simple_unlock(&object->lock);
	return true;
}

void
vm_object_unlock_forget(vm_object_t object, struct vm_page *page)
{
	simple_lock(&object->lock);
	if (page->object == object)
		page->unlock_request = VM_PROT_NONE;
	simple_unlock(&object->lock);
}

bool
vm_object_unlock_fail(vm_object_t object, vm_offset_t offset)
{
	simple_lock(&object->lock);
	struct vm_page *p = page_lookup_locked(object, offset);
	bool failed = p != NULL && !p->busy && p->wire_count == 0 &&
		      p->unlock_request != VM_PROT_NONE;
	if (failed) {
		/* The next fault reports it and frees the page. */
		p->error = true;
		p->unlock_request = VM_PROT_NONE;
		thread_wakeup(p);
	}
	simple_unlock(&object->lock);
	return failed;
}

vm_object_t
vm_object_copy_delayed(vm_object_t object)
{
	vm_object_t copy = vm_object_allocate(0);
	if (copy == NULL)
		return NULL;
	/* The old copy shadows `object': its lock comes first in the
	 * order, so it is only tried here. */
	vm_object_t old;
	for (;;) {
		simple_lock(&object->lock);
		old = object->copy;
		if (old == NULL || simple_lock_try(&old->lock))
			break;
		simple_unlock(&object->lock);
		cpu_relax();
	}
	copy->size = object->size;
	copy->shadow = object;
	copy->shadow_offset = 0;
	object->ref_count++; /* the copy's */
	if (old != NULL) {
		/* Its reference to `object' becomes one to the new copy. */
		old->shadow = copy;
		copy->ref_count++;
		copy->aliased = true;
		object->ref_count--;
		simple_unlock(&old->lock);
	}
	object->copy = copy;
	object->aliased = true;
	for (struct vm_page *p = object->pages; p != NULL; p = p->next)
		if (!p->absent)
			pmap_page_protect(vm_page_to_phys(p),
					  VM_PROT_ALL & ~VM_PROT_WRITE &
						  ~p->page_lock);
	simple_unlock(&object->lock);
	return copy;
}

kern_return_t
vm_object_copy_push(vm_object_t object, vm_offset_t offset,
		    struct vm_page *page)
{
	vm_object_t copy;
	for (;;) {
		simple_lock(&object->lock);
		copy = object->copy;
		if (copy == NULL || simple_lock_try(&copy->lock))
			break;
		simple_unlock(&object->lock);
		cpu_relax();
	}
	if (copy == NULL) {
		simple_unlock(&object->lock);
		return KERN_SUCCESS;
	}
	kern_return_t kr = KERN_SUCCESS;
	if (page->object == object && offset < copy->size &&
	    page_lookup_locked(copy, offset) == NULL &&
	    !vm_object_existence_test(copy, offset)) {
		if (page_insert_locked(copy, offset, page) == NULL) {
			kr = KERN_RESOURCE_SHORTAGE;
		} else {
			simple_lock(&stats_lock);
			stats.cow_copies++;
			simple_unlock(&stats_lock);
			pmap_page_protect(vm_page_to_phys(page), VM_PROT_NONE);
		}
	}
	simple_unlock(&copy->lock);
	simple_unlock(&object->lock);
	return kr;
}

void
vm_object_lock_writes(vm_object_t object, vm_offset_t offset, vm_size_t size)
{
	simple_lock(&object->lock);
	for (struct vm_page *p = object->pages; p != NULL; p = p->next)
		if (!p->absent && p->offset >= offset &&
		    p->offset - offset < size &&
		    (p->page_lock & VM_PROT_WRITE) == 0) {
			p->page_lock |= VM_PROT_WRITE;
			pmap_page_protect(vm_page_to_phys(p),
					  VM_PROT_ALL & ~p->page_lock);
		}
	simple_unlock(&object->lock);
}

bool
vm_object_page_enter(vm_object_t object, struct vm_page *page,
		     vm_offset_t offset, struct vm_object *copy,
		     struct pmap *pmap, vm_offset_t va, vm_prot_t prot,
		     bool wired, bool *ok)
{
	simple_lock(&object->lock);
	bool there = page->object == object && page->offset == offset &&
		     !page->busy && !page->error;
	if (there) {
		prot &= ~page->page_lock;
		if (object->copy != copy)
			prot &= ~VM_PROT_WRITE; /* its write pushes first */
		*ok = prot == VM_PROT_NONE ||
		      pmap_enter(pmap, va, vm_page_to_phys(page), prot,
				 wired) == KERN_SUCCESS;
	}
	simple_unlock(&object->lock);
	return there;
}

void
vm_object_page_move_locked(vm_object_t object, struct vm_page *page,
			   vm_object_t to, vm_offset_t offset)
{
	page_unlink(object, page);
	simple_lock(&to->lock);
	page_link(to, page, offset);
	simple_unlock(&to->lock);
	page->busy = false;
	thread_wakeup(page); /* its faults find it gone and ask again */
}
