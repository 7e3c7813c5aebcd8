/*
 * vm/vm_map.c: address maps (see vm/vm_map.h).  Lock order: a map's
 * lock, then an object's, then pmap's and vm_page's.
 *
 * Every call checks its arguments first, then reserves the entries it
 * may need to split the ends of its range, so that once it starts to
 * change the map it cannot fail half-way.
 */

#include <machine/vm_param.h>

#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/memory_object.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_map_internal.h"
#include "vm/vm_map_tree.h"

static zone_t vm_map_zone;
static zone_t vm_map_entry_zone;
static simple_lock_t stats_lock = SIMPLE_LOCK_INITIALIZER;
static struct vm_map_stats stats;

static void
count(int64_t maps, int64_t entries)
{
	simple_lock(&stats_lock);
	stats.maps += maps;
	stats.entries += entries;
	simple_unlock(&stats_lock);
}

void
vm_map_init(void)
{
	vm_map_zone = zone_create("vm maps", sizeof(struct vm_map), 0, 0);
	vm_map_entry_zone = zone_create("vm map entries",
					sizeof(struct vm_map_entry), 0, 0);
	if (vm_map_zone == NULL || vm_map_entry_zone == NULL)
		panic("vm_map_init: no zones");
	memset(&stats, 0, sizeof stats);
}

void
vm_map_get_stats(struct vm_map_stats *out)
{
	simple_lock(&stats_lock);
	*out = stats;
	simple_unlock(&stats_lock);
}

/* ---- Entries ---- */

bool
vm_map_reserve_fill(struct vm_map_reserve *r, unsigned n)
{
	r->n = 0;
	while (r->n < n) {
		struct vm_map_entry *e = zalloc(vm_map_entry_zone);
		if (e == NULL)
			return false;
		r->spare[r->n++] = e;
	}
	return true;
}

void
vm_map_reserve_release(struct vm_map_reserve *r)
{
	while (r->n > 0)
		zfree(vm_map_entry_zone, r->spare[--r->n]);
}

struct vm_map_entry *
vm_map_reserve_take(struct vm_map_reserve *r)
{
	if (r->n == 0)
		panic("vm_map: an entry was needed that was not reserved");
	return r->spare[--r->n];
}

struct vm_map_entry *
vm_map_entry_alloc(void)
{
	return zalloc(vm_map_entry_zone);
}

void
vm_map_entry_free(struct vm_map_entry *e)
{
	zfree(vm_map_entry_zone, e);
}

/* Link `e' into the list after `prev' (NULL: first) and the tree. */
void
vm_map_entry_link(vm_map_t map, struct vm_map_entry *prev,
		  struct vm_map_entry *e)
{
	e->prev = prev;
	e->next = prev != NULL ? prev->next : map->first;
	if (e->next != NULL)
		e->next->prev = e;
	else
		map->last = e;
	if (prev != NULL)
		prev->next = e;
	else
		map->first = e;
	vm_map_tree_insert(&map->root, e);
	map->nentries++;
	count(0, 1);
}

/* Unlink `e' and free the record (its object is the caller's). */
void
vm_map_entry_unlink_free(vm_map_t map, struct vm_map_entry *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		map->first = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		map->last = e->prev;
	vm_map_tree_remove(&map->root, e);
	if (map->hint == e)
		map->hint = NULL;
	map->nentries--;
	count(0, -1);
	zfree(vm_map_entry_zone, e);
}

bool
vm_map_lookup_entry(vm_map_t map, vm_offset_t addr, struct vm_map_entry **out)
{
	struct vm_map_entry *e = map->hint;
	if (e == NULL || addr < e->start || addr >= e->end)
		e = vm_map_tree_floor(map->root, addr);
	if (e != NULL && addr < e->end) {
		map->hint = e;
		*out = e;
		return true;
	}
	*out = e;
	return false;
}

/* Split `e' at `addr' (inside it): `e' keeps the upper part, the new
 * entry before it the lower. */
void
vm_map_clip_start(vm_map_t map, struct vm_map_entry *e, vm_offset_t addr,
		  struct vm_map_reserve *r)
{
	if (addr <= e->start)
		return;
	struct vm_map_entry *lo = vm_map_reserve_take(r);
	*lo = *e;
	lo->end = addr;
	vm_object_reference(e->object);
	e->offset += addr - e->start;
	e->start = addr; /* still after its predecessor: the tree holds */
	vm_map_entry_link(map, e->prev, lo);
}

/* Split `e' at `addr' (inside it): `e' keeps the lower part. */
void
vm_map_clip_end(vm_map_t map, struct vm_map_entry *e, vm_offset_t addr,
		struct vm_map_reserve *r)
{
	if (addr >= e->end)
		return;
	struct vm_map_entry *hi = vm_map_reserve_take(r);
	*hi = *e;
	hi->start = addr;
	hi->offset += addr - e->start;
	vm_object_reference(e->object);
	e->end = addr;
	vm_map_entry_link(map, e, hi);
}

/* Whether some of `e''s pages may be mapped read-only for copy-on-write
 * (pages below its object, or a needs-copy entry). */
bool
vm_map_entry_has_cow(const struct vm_map_entry *e)
{
	if (e->needs_copy)
		return true;
	simple_lock(&e->object->lock);
	bool shadowed = e->object->shadow != NULL;
	simple_unlock(&e->object->lock);
	return shadowed;
}

/* Whether `b' continues `a' exactly: merging them changes nothing. */
static bool
mergeable(const struct vm_map_entry *a, const struct vm_map_entry *b)
{
	return a->end == b->start && a->object == b->object &&
	       a->offset + (a->end - a->start) == b->offset &&
	       a->protection == b->protection &&
	       a->max_protection == b->max_protection &&
	       a->inheritance == b->inheritance &&
	       a->wired_count == b->wired_count &&
	       a->wired_access == b->wired_access &&
	       a->needs_copy == b->needs_copy;
}

/* Merge `e' into the entry before it if alike; returns the survivor. */
struct vm_map_entry *
vm_map_merge_prev(vm_map_t map, struct vm_map_entry *e)
{
	struct vm_map_entry *prev = e->prev;
	if (prev == NULL || !mergeable(prev, e))
		return e;
	prev->end = e->end;
	vm_object_deallocate(e->object);
	vm_map_entry_unlink_free(map, e);
	return prev;
}

/* Merge `e' with both neighbours where alike; returns the survivor. */
struct vm_map_entry *
vm_map_try_merge(vm_map_t map, struct vm_map_entry *e)
{
	if (e->next != NULL)
		vm_map_merge_prev(map, e->next);
	return vm_map_merge_prev(map, e);
}

/*
 * After changing the entries from `first' to `last' in a range walk:
 * merge each with the one before it, and the last with the one after.
 * Called as the walk goes (vm_map_merge_prev) and at its end (this).
 */
static void
merge_after_walk(vm_map_t map, struct vm_map_entry *last)
{
	if (last != NULL && last->next != NULL)
		vm_map_merge_prev(map, last->next);
}

/* ---- Maps ---- */

vm_map_t
vm_map_create(pmap_t pmap, vm_offset_t min, vm_offset_t max)
{
	vm_map_t map = zalloc(vm_map_zone);
	if (map == NULL)
		return NULL;
	memset(map, 0, sizeof *map);
	simple_lock_init(&map->lock);
	map->ref_count = 1;
	map->pmap = pmap;
	map->min_offset = min;
	map->max_offset = max;
	count(1, 0);
	return map;
}

void
vm_map_reference(vm_map_t map)
{
	vm_map_lock(map);
	map->ref_count++;
	vm_map_unlock(map);
}

/* Remove the entries from `e' (clipped to the range's start, or NULL)
 * up to `end', with `r' reserved for the split at `end'. */
void
vm_map_delete_entries(vm_map_t map, struct vm_map_entry *e, vm_offset_t end,
		      struct vm_map_reserve *r)
{
	while (e != NULL && e->start < end) {
		vm_map_clip_end(map, e, end, r);
		struct vm_map_entry *next = e->next;
		vm_size_t len = e->end - e->start;
		vm_map_entry_unwire(map, e);
		if (map->pmap != NULL)
			pmap_remove(map->pmap, e->start, e->end);
		/* Freed now unless another holder may see them. */
		vm_object_page_remove(e->object, e->offset, e->offset + len);
		vm_object_deallocate(e->object);
		map->size -= len;
		vm_map_entry_unlink_free(map, e);
		e = next;
	}
}

void
vm_map_deallocate(vm_map_t map)
{
	if (map == VM_MAP_NULL)
		return; /* MIG's destructor after a failed conversion */
	vm_map_lock(map);
	if (map->ref_count == 0)
		panic("vm_map_deallocate: map %p has no reference",
		      (void *)map);
	if (--map->ref_count > 0) {
		vm_map_unlock(map);
		return;
	}
	struct vm_map_reserve none = { { NULL, NULL }, 0 };
	vm_map_delete_entries(map, map->first, (vm_offset_t)-1,
			      &none); /* no split */
	vm_map_unlock(map);
	if (map->pmap != NULL)
		pmap_destroy(map->pmap);
	count(-1, 0);
	zfree(vm_map_zone, map);
}

/* Find `size' free bytes from the map's minimum into *addr. */
/* First fit of `size' bytes at an address with no bit of `mask' set
 * (mask + 1 a power of two, at least a page), map->lock held. */
static bool
find_space_aligned(vm_map_t map, vm_size_t size, vm_offset_t mask,
		   vm_offset_t *addr)
{
	vm_offset_t start = (map->min_offset + mask) & ~mask;
	if (start < map->min_offset)
		return false;
	for (struct vm_map_entry *e = map->first; e != NULL; e = e->next) {
		if (e->end <= start)
			continue;
		if (e->start >= start && e->start - start >= size)
			break;
		start = (e->end + mask) & ~mask;
		if (start < e->end)
			return false; /* wrapped */
	}
	if (start > map->max_offset || map->max_offset - start < size)
		return false;
	*addr = start;
	return true;
}

bool
vm_map_find_space(vm_map_t map, vm_size_t size, vm_offset_t *addr)
{
	return find_space_aligned(map, size, 0, addr);
}

/*
 * Place and insert an entry of [*addr, *addr + size) onto `object'
 * (NULL: a new anonymous object, or the growth of the one below when
 * it ends there), map->lock held.
 */
static kern_return_t
enter_locked(vm_map_t map, vm_offset_t *addr, vm_size_t size, vm_offset_t mask,
	     boolean_t anywhere, vm_object_t object, vm_offset_t offset,
	     bool needs_copy, vm_prot_t prot, vm_prot_t max,
	     vm_inherit_t inherit, struct vm_map_entry **out)
{
	vm_offset_t start = *addr;
	struct vm_map_entry *prev;
	if (anywhere) {
		if (!find_space_aligned(map, size, mask | PAGE_MASK, &start))
			return KERN_NO_SPACE;
	} else if (start < map->min_offset || start > map->max_offset ||
		   map->max_offset - start < size) {
		return KERN_INVALID_ADDRESS;
	}
	vm_offset_t end = start + size;
	if (vm_map_lookup_entry(map, start, &prev))
		return KERN_NO_SPACE;
	struct vm_map_entry *next = prev != NULL ? prev->next : map->first;
	if (next != NULL && next->start < end)
		return KERN_NO_SPACE;

	struct vm_map_entry *e = zalloc(vm_map_entry_zone);
	if (e == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (object == NULL) {
		/* Grow the object below when this continues it exactly. */
		if (prev != NULL && prev->end == start && !prev->needs_copy &&
		    prev->offset + (prev->end - prev->start) ==
			    prev->object->size &&
		    vm_object_extend(prev->object, size)) {
			object = prev->object;
			offset = prev->offset + (prev->end - prev->start);
			vm_object_reference(object);
		} else {
			object = vm_object_allocate(size);
			if (object == NULL) {
				zfree(vm_map_entry_zone, e);
				return KERN_RESOURCE_SHORTAGE;
			}
			offset = 0;
		}
	}
	memset(e, 0, sizeof *e);
	e->start = start;
	e->end = end;
	e->object = object;
	e->offset = offset;
	e->protection = prot;
	e->max_protection = max;
	e->inheritance = inherit;
	e->needs_copy = needs_copy;
	vm_map_entry_link(map, prev, e);
	map->size += size;
	if (map->wiring_required) /* VM_WIRE_FUTURE */
		vm_map_entry_wire_update(map, e);
	*out = vm_map_try_merge(map, e);
	*addr = start;
	return KERN_SUCCESS;
}

kern_return_t
vm_map_enter(vm_map_t map, vm_offset_t *addr, vm_size_t size, vm_offset_t mask,
	     boolean_t anywhere, vm_object_t object, vm_offset_t offset,
	     bool needs_copy, vm_prot_t prot, vm_prot_t max,
	     vm_inherit_t inherit)
{
	struct vm_map_entry *e;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0 || (size & PAGE_MASK) != 0 || (offset & PAGE_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
	if (!anywhere && (*addr & PAGE_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
	if (object == NULL)
		offset = 0;
	vm_map_lock(map);
	kern_return_t kr =
		enter_locked(map, addr, size, mask, anywhere, object, offset,
			     needs_copy, prot, max, inherit, &e);
	vm_map_unlock(map);
	return kr;
}

kern_return_t
vm_allocate(vm_map_t map, vm_offset_t *addr, vm_size_t size, boolean_t anywhere)
{
	struct vm_map_entry *e;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0) {
		*addr = 0;
		return KERN_SUCCESS;
	}
	vm_offset_t start = anywhere ? map->min_offset : trunc_page(*addr);
	vm_size_t len = round_page(size);
	if (len == 0) /* rounding wrapped around */
		return anywhere ? KERN_NO_SPACE : KERN_INVALID_ADDRESS;
	vm_map_lock(map);
	kern_return_t kr = enter_locked(map, &start, len, 0, anywhere, NULL, 0,
					false, VM_PROT_DEFAULT, VM_PROT_ALL,
					VM_INHERIT_DEFAULT, &e);
	vm_map_unlock(map);
	if (kr == KERN_SUCCESS)
		*addr = start;
	return kr;
}

/* A range call's state: its page range and its reserved entries. */
struct range {
	vm_offset_t start;
	vm_offset_t end;
	struct vm_map_reserve r;
};

/* The first entry meeting [start, end), clipped to start; NULL if none. */
struct vm_map_entry *
vm_map_range_first(vm_map_t map, vm_offset_t start, vm_offset_t end,
		   struct vm_map_reserve *r)
{
	struct vm_map_entry *e;
	if (start >= end)
		return NULL;
	if (vm_map_lookup_entry(map, start, &e)) {
		vm_map_clip_start(map, e, start, r);
		return e;
	}
	e = e != NULL ? e->next : map->first;
	return e != NULL && e->start < end ? e : NULL;
}

/*
 * The prologue of the calls on a range (vm_deallocate, vm_protect,
 * vm_inherit): round [addr, addr + size) out to pages and clamp it to
 * the map's range (KERN_INVALID_ARGUMENT if it wraps around), reserve
 * the two entries its ends may need (KERN_RESOURCE_SHORTAGE), lock the
 * map, let `check' (if not NULL) refuse the call from the entries
 * meeting the range before anything changes, then look up the first
 * entry and clip it to the range's start: into *first (NULL if none
 * meets the range, an empty range included).  On KERN_SUCCESS the map
 * is locked and range_end must follow; otherwise nothing changed and
 * nothing is held.
 */
static kern_return_t
range_begin(vm_map_t map, vm_offset_t addr, vm_size_t size,
	    kern_return_t (*check)(const struct vm_map_entry *, void *),
	    void *arg, struct range *rg, struct vm_map_entry **first)
{
	if (addr + size < addr || round_page(addr + size) < addr + size)
		return KERN_INVALID_ARGUMENT;
	vm_offset_t s = trunc_page(addr), e = round_page(addr + size);
	if (s < map->min_offset)
		s = map->min_offset;
	if (e > map->max_offset)
		e = map->max_offset;
	if (s > e)
		s = e;
	rg->start = s;
	rg->end = e;
	if (!vm_map_reserve_fill(&rg->r, s < e ? 2 : 0)) {
		vm_map_reserve_release(&rg->r);
		return KERN_RESOURCE_SHORTAGE;
	}
	vm_map_lock(map);
	if (check != NULL && s < e) {
		struct vm_map_entry *c;
		if (!vm_map_lookup_entry(map, s, &c))
			c = c != NULL ? c->next : map->first;
		for (; c != NULL && c->start < e; c = c->next) {
			kern_return_t kr = check(c, arg);
			if (kr != KERN_SUCCESS) {
				vm_map_unlock(map);
				vm_map_reserve_release(&rg->r);
				return kr;
			}
		}
	}
	*first = vm_map_range_first(map, s, e, &rg->r);
	return KERN_SUCCESS;
}

/* The epilogue of range_begin: unlock the map, free unused entries. */
static void
range_end(vm_map_t map, struct range *rg)
{
	vm_map_unlock(map);
	vm_map_reserve_release(&rg->r);
}

kern_return_t
vm_deallocate(vm_map_t map, vm_offset_t addr, vm_size_t size)
{
	struct range rg;
	struct vm_map_entry *e;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	kern_return_t kr = range_begin(map, addr, size, NULL, NULL, &rg, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	vm_map_delete_entries(map, e, rg.end, &rg.r);
	range_end(map, &rg);
	return KERN_SUCCESS;
}

/* vm_protect's check: `prot' (in *arg) within every entry's maximum. */
static kern_return_t
protect_check(const struct vm_map_entry *e, void *arg)
{
	vm_prot_t prot = *(const vm_prot_t *)arg;
	return (prot & ~e->max_protection) != 0 ? KERN_PROTECTION_FAILURE
						: KERN_SUCCESS;
}

/* Set the protection from `e' (clipped to the range's start) to `end'. */
static void
protect_entries(vm_map_t map, struct vm_map_entry *e, vm_offset_t end,
		boolean_t set_max, vm_prot_t prot, struct vm_map_reserve *r)
{
	struct vm_map_entry *last = NULL;
	while (e != NULL && e->start < end) {
		vm_map_clip_end(map, e, end, r);
		vm_prot_t old = e->protection;
		if (set_max) {
			e->max_protection = prot;
			e->protection &= prot;
		} else {
			e->protection = prot;
		}
		/* Resident mappings only lose rights (NONE removes them);
		 * a fault gives the new ones.  Where some are read-only
		 * for copy-on-write, none may gain write here. */
		vm_prot_t kept = e->protection & old;
		if (vm_map_entry_has_cow(e))
			kept &= ~VM_PROT_WRITE;
		if (map->pmap != NULL && kept != old)
			pmap_protect(map->pmap, e->start, e->end, kept);
		vm_map_entry_wire_update(map, e);
		last = vm_map_merge_prev(map, e);
		e = last->next;
	}
	merge_after_walk(map, last);
}

kern_return_t
vm_protect(vm_map_t map, vm_offset_t addr, vm_size_t size,
	   boolean_t set_maximum, vm_prot_t prot)
{
	struct range rg;
	struct vm_map_entry *e;
	if (map == VM_MAP_NULL || (prot & ~(VM_PROT_ALL | VM_PROT_NOTIFY)) != 0)
		return KERN_INVALID_ARGUMENT;
	prot &= VM_PROT_ALL;
	kern_return_t kr =
		range_begin(map, addr, size, protect_check, &prot, &rg, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	protect_entries(map, e, rg.end, set_maximum, prot, &rg.r);
	range_end(map, &rg);
	return KERN_SUCCESS;
}

kern_return_t
vm_inherit(vm_map_t map, vm_offset_t addr, vm_size_t size,
	   vm_inherit_t inheritance)
{
	struct range rg;
	struct vm_map_entry *e;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (inheritance != VM_INHERIT_SHARE && inheritance != VM_INHERIT_COPY &&
	    inheritance != VM_INHERIT_NONE)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = range_begin(map, addr, size, NULL, NULL, &rg, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	struct vm_map_entry *last = NULL;
	while (e != NULL && e->start < rg.end) {
		vm_map_clip_end(map, e, rg.end, &rg.r);
		e->inheritance = inheritance;
		last = vm_map_merge_prev(map, e);
		e = last->next;
	}
	merge_after_walk(map, last);
	range_end(map, &rg);
	return KERN_SUCCESS;
}

kern_return_t
vm_map_region(vm_map_t map, vm_offset_t *addr, vm_size_t *size,
	      vm_prot_t *protection, vm_prot_t *max_protection,
	      vm_inherit_t *inheritance, boolean_t *is_shared,
	      vm_offset_t *offset, vm_object_t *object)
{
	struct vm_map_entry *e;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	vm_map_lock(map);
	if (!vm_map_lookup_entry(map, *addr, &e))
		e = e != NULL ? e->next : map->first;
	if (e == NULL) {
		vm_map_unlock(map);
		return KERN_NO_SPACE;
	}
	*addr = e->start;
	*size = e->end - e->start;
	*protection = e->protection;
	*max_protection = e->max_protection;
	*inheritance = e->inheritance;
	*offset = e->offset;
	simple_lock(&e->object->lock);
	*is_shared = e->object->ref_count > 1;
	if (object != NULL) {
		e->object->ref_count++;
		*object = e->object;
	}
	simple_unlock(&e->object->lock);
	vm_map_unlock(map);
	return KERN_SUCCESS;
}

/* ---- Kernel helpers ---- */

/* A copy between a kernel buffer and a map's objects, as far as done. */
struct transfer {
	vm_offset_t addr;
	char *data;
	vm_size_t len;
};

/* Copy to (write) or from the map's objects, map->lock held; every
 * entry touched must allow `need' (0: nothing asked).  VM_FAULT_RETRY
 * with `t' advanced past what is done: a pager has the next page. */
static kern_return_t
transfer_locked(vm_map_t map, struct transfer *t, bool write, vm_prot_t need,
		struct vm_chain_result *wait)
{
	if (t->addr + t->len < t->addr)
		return KERN_INVALID_ADDRESS;
	while (t->len > 0) {
		struct vm_map_entry *e;
		if (!vm_map_lookup_entry(map, t->addr, &e))
			return KERN_INVALID_ADDRESS;
		if ((e->protection & need) != need)
			return KERN_PROTECTION_FAILURE;
		vm_offset_t in_page = t->addr & PAGE_MASK;
		vm_size_t n = PAGE_SIZE - in_page;
		if (n > t->len)
			n = t->len;
		vm_offset_t off = e->offset + (trunc_page(t->addr) - e->start);
		if (write) {
			struct vm_page *page;
			vm_prot_t mapped;
			kern_return_t kr = vm_fault_page_locked(
				map, e, t->addr, VM_PROT_WRITE, &page, &mapped,
				wait);
			if (kr != KERN_SUCCESS)
				return kr;
			memcpy((char *)phys_to_virt(vm_page_to_phys(page)) +
				       in_page,
			       t->data, n);
			vm_object_page_dirty(e->object, page);
		} else {
			/* Read in place: nothing is made resident. */
			struct vm_chain_result r;
			vm_object_chain_resolve(e->object, off, VM_PROT_READ,
						&r);
			switch (r.kind) {
			case VM_CHAIN_PAGE:
				memcpy(t->data,
				       (char *)phys_to_virt(
					       vm_page_to_phys(r.page)) +
					       in_page,
				       n);
				break;
			case VM_CHAIN_ZERO:
				memset(t->data, 0, n);
				break;
			case VM_CHAIN_ERROR:
				return KERN_MEMORY_ERROR;
			case VM_CHAIN_SHORTAGE:
				return KERN_RESOURCE_SHORTAGE;
			default:
				*wait = r;
				return VM_FAULT_RETRY;
			}
		}
		t->addr += n;
		t->data += n;
		t->len -= n;
	}
	return KERN_SUCCESS;
}

/* transfer_locked under the map's lock, waiting for pagers unlocked. */
static kern_return_t
transfer(vm_map_t map, vm_offset_t addr, void *data, vm_size_t len, bool write,
	 vm_prot_t need)
{
	struct transfer t = { .addr = addr, .data = data, .len = len };
	for (;;) {
		struct vm_chain_result wait;
		vm_map_lock(map);
		kern_return_t kr = transfer_locked(map, &t, write, need, &wait);
		vm_map_unlock(map);
		if (kr != VM_FAULT_RETRY)
			return kr;
		kr = memory_object_fault_wait(&wait, write ? VM_PROT_WRITE
							   : VM_PROT_READ);
		if (kr != KERN_SUCCESS)
			return kr;
	}
}

kern_return_t
vm_map_write_kernel(vm_map_t map, vm_offset_t addr, const void *data,
		    vm_size_t len)
{
	return transfer(map, addr, (void *)data, len, true, 0);
}

kern_return_t
vm_map_read_kernel(vm_map_t map, vm_offset_t addr, void *data, vm_size_t len)
{
	return transfer(map, addr, data, len, false, 0);
}

kern_return_t
vm_map_transfer_checked(vm_map_t map, vm_offset_t addr, void *data,
			vm_size_t len, bool write)
{
	return transfer(map, addr, data, len, write,
			write ? VM_PROT_WRITE : VM_PROT_READ);
}

kern_return_t
vm_map_page_kernel(vm_map_t map, vm_offset_t va, vm_prot_t prot, void **kva)
{
	struct vm_map_entry *e;
	struct vm_page *page;
	struct vm_map_reserve r;
	if ((va & PAGE_MASK) != 0 || va < map->min_offset ||
	    va >= map->max_offset)
		return KERN_INVALID_ADDRESS;
	struct vm_chain_result wait;
again:
	if (!vm_map_reserve_fill(&r, 2)) {
		vm_map_reserve_release(&r);
		return KERN_RESOURCE_SHORTAGE;
	}
	vm_map_lock(map);
	kern_return_t kr = KERN_SUCCESS;
	if (!vm_map_lookup_entry(map, va, &e)) {
		vm_offset_t at = va;
		kr = enter_locked(map, &at, PAGE_SIZE, 0, false, NULL, 0, false,
				  VM_PROT_DEFAULT, VM_PROT_ALL,
				  VM_INHERIT_DEFAULT, &e);
	}
	if (kr == KERN_SUCCESS && vm_map_lookup_entry(map, va, &e))
		kr = protect_check(e, &prot); /* one page: one entry */
	if (kr == KERN_SUCCESS)
		protect_entries(map,
				vm_map_range_first(map, va, va + PAGE_SIZE, &r),
				va + PAGE_SIZE, false, prot, &r);
	if (kr == KERN_SUCCESS && vm_map_lookup_entry(map, va, &e))
		kr = vm_map_entry_fault_locked(map, e, va, VM_PROT_WRITE, &page,
					       &wait);
	vm_map_unlock(map);
	vm_map_reserve_release(&r);
	if (kr == VM_FAULT_RETRY) {
		kr = memory_object_fault_wait(&wait, VM_PROT_WRITE);
		if (kr == KERN_SUCCESS)
			goto again;
	}
	if (kr == KERN_SUCCESS)
		*kva = phys_to_virt(vm_page_to_phys(page));
	return kr;
}

void
vm_map_info(vm_map_t map, unsigned *nentries, vm_size_t *size,
	    uint64_t *resident)
{
	uint64_t pages = 0;
	vm_map_lock(map);
	for (struct vm_map_entry *e = map->first; e != NULL; e = e->next) {
		simple_lock(&e->object->lock);
		for (struct vm_page *p = e->object->pages; p != NULL;
		     p = p->next)
			if (p->offset >= e->offset &&
			    p->offset < e->offset + (e->end - e->start))
				pages++;
		simple_unlock(&e->object->lock);
	}
	*nentries = map->nentries;
	*size = map->size;
	*resident = pages;
	vm_map_unlock(map);
}
