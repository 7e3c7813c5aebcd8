/*
 * vm/vm_map_wire.c: wiring (vm_wire, vm_wire_all), GNU Mach's
 * vm_map_pageable semantics over the page queues.
 *
 * An entry's wired_access is the access its user asked to be wired for
 * (VM_PROT_NONE: pageable).  An entry is wired (wired_count > 0) when
 * both its wired_access and its protection are not VM_PROT_NONE: every
 * page of its range is resident, resolved as a fault of every access
 * the entry allows (so a writable copy-on-write entry gets its own
 * copies first), mapped wired in the map's pmap, and the page the
 * entry sees at each offset (its object's, or the first down the
 * shadow chain) holds one wiring from it (vm_page_wire: off the page
 * queues, never paged out).  Wiring an entry again changes nothing:
 * wirings do not stack (GNU Mach's).  That invariant is kept where
 * the page an entry sees can change: a copy-on-write copy made for a
 * wired entry takes the wiring with it (vm_map_wire_cow, from the
 * fault path), and removing a wired entry unwires it first
 * (vm_map_delete_entries).  map->size_wired sums the wired entries'
 * sizes; map->wiring_required (VM_WIRE_FUTURE) wires each new entry.
 *
 * Locks: the map's lock is held throughout (the callers'), then the
 * objects' and the queues' as vm_object_page_wiring takes them.  No
 * call here sleeps with it: a page that cannot be had is
 * KERN_RESOURCE_SHORTAGE with what this call wired undone, and so is
 * an entry whose wiring would leave fewer than the page-out daemon's
 * free_min pages free (refused before any of its pages is touched),
 * unless a map under VM_WIRE_FUTURE wires its new memory.
 * A page a pager has still to give (or to unlock) undoes what the call
 * wired too; vm_map_wire and vm_map_wire_all then wait for it with the
 * map unlocked (interruptibly, as a fault) and start again; a wiring
 * made by vm_protect or an allocation under VM_WIRE_FUTURE cannot
 * wait, and leaves the entry pageable.
 */

#include <machine/vm_param.h>

#include "kern/panic.h"
#include "vm/pmap.h"
#include "vm/memory_object.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_map_internal.h"
#include "vm/vm_pageout.h"

/* GNU Mach's vm_wire_all flags (its mach/vm_wire.h). */
#define VM_WIRE_CURRENT 1
#define VM_WIRE_FUTURE  2
#define VM_WIRE_ALL     (VM_WIRE_CURRENT | VM_WIRE_FUTURE)

/* wired_count while a call is wiring: wired by this call (undone if
 * the call fails); 1 once it is over. */
#define WIRED_NOW 2

static vm_offset_t
entry_offset(const struct vm_map_entry *e, vm_offset_t va)
{
	return e->offset + (va - e->start);
}

/* Unwire the pages of [e->start, end) of `e', whose wiring they hold. */
static void
unwire_pages(vm_map_t map, struct vm_map_entry *e, vm_offset_t end)
{
	for (vm_offset_t va = e->start; va < end; va += PAGE_SIZE) {
		if (!vm_object_page_wiring(e->object, entry_offset(e, va),
					   false, false))
			panic("vm_map_wire: wired entry %p sees no page at "
			      "%#lx",
			      (void *)e, (unsigned long)va);
		if (map->pmap != NULL)
			pmap_change_wiring(map->pmap, va, false);
	}
}

void
vm_map_entry_unwire(vm_map_t map, struct vm_map_entry *e)
{
	if (e->wired_count == 0)
		return;
	unwire_pages(map, e, e->end);
	e->wired_count = 0;
	map->size_wired -= e->end - e->start;
}

/* Wire the unwired entry `e': KERN_SUCCESS (wired_count WIRED_NOW), or
 * KERN_RESOURCE_SHORTAGE with nothing of it wired.  A page its pager
 * has not given (or has locked): VM_FAULT_RETRY with nothing of it
 * wired and the wait in *wait (the caller unlocks the map, waits and
 * starts again), or KERN_FAILURE if `wait' is NULL (no wait here). */
static kern_return_t
entry_wire(vm_map_t map, struct vm_map_entry *e, struct vm_chain_result *wait)
{
	kern_return_t kr;
	/* Never below the free minimum: refused before any page is
	 * touched (a failed wiring would leave its pages resident).  Not
	 * for new memory under VM_WIRE_FUTURE (the default pager's, with
	 * the privileged host port: left pageable, it could be paged out
	 * to itself), which only needs the pages. */
	struct vm_pageout_stats po;
	vm_pageout_get_stats(&po);
	uint64_t need = (e->end - e->start) >> PAGE_SHIFT;
	/* (Those come from vm_map_entry_wire_update: no wait.) */
	uint64_t keep = wait == NULL && map->wiring_required ? 0 : po.free_min;
	if (vm_page_free_count() < keep || vm_page_free_count() - keep < need)
		return KERN_RESOURCE_SHORTAGE;
	/* Its own copies now, as the first write would make them. */
	if (e->needs_copy && (e->protection & VM_PROT_WRITE) != 0) {
		kr = vm_map_entry_own_object(e, true);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	vm_prot_t type = e->protection & VM_PROT_ALL;
	for (vm_offset_t va = e->start; va < e->end; va += PAGE_SIZE) {
		struct vm_page *page;
		/* Not wired yet (wired_count 0): the fault makes no wiring
		 * of its own to move.  Again if the page went between the
		 * fault and its wiring (another CPU's page-out daemon). */
		struct vm_chain_result w;
		do
			kr = vm_map_entry_fault_locked(map, e, va, type, &page,
						       &w);
		while (kr == KERN_SUCCESS &&
		       !vm_object_page_wiring(e->object, entry_offset(e, va),
					      false, true));
		if (kr == VM_FAULT_RETRY && wait != NULL) {
			*wait = w; /* undone here, waited for by the caller */
		} else if (kr == VM_FAULT_RETRY) {
			/* The map's lock cannot be dropped: it fails. */
			memory_object_fault_cancel(&w);
			kr = KERN_FAILURE;
		}
		if (kr != KERN_SUCCESS) {
			unwire_pages(map, e, va);
			return kr;
		}
		if (map->pmap != NULL)
			pmap_change_wiring(map->pmap, va, true);
	}
	e->wired_count = WIRED_NOW;
	map->size_wired += e->end - e->start;
	return KERN_SUCCESS;
}

/*
 * Bring `e''s wiring in line with its wired_access and protection (GNU
 * Mach's vm_map_pageable_scan for one entry).
 */
static kern_return_t
entry_update(vm_map_t map, struct vm_map_entry *e, struct vm_chain_result *wait)
{
	if (e->wired_access == VM_PROT_NONE || e->protection == VM_PROT_NONE) {
		vm_map_entry_unwire(map, e);
		return KERN_SUCCESS;
	}
	if (e->wired_count > 0)
		return KERN_SUCCESS;
	return entry_wire(map, e, wait);
}

/*
 * Set the wired access of the entries from `e' (clipped to the range's
 * start) to `end' and wire or unwire them; merge them back with their
 * neighbours.  The entries this call wired are unwired again if one
 * cannot be (KERN_RESOURCE_SHORTAGE, or VM_FAULT_RETRY with *wait:
 * the caller waits for the pager with the map unlocked, then calls
 * again).
 */
static kern_return_t
wire_entries(vm_map_t map, struct vm_map_entry *first, vm_offset_t end,
	     vm_prot_t access, struct vm_map_reserve *r,
	     struct vm_chain_result *wait)
{
	kern_return_t kr = KERN_SUCCESS;
	vm_offset_t start = first != NULL ? first->start : end;
	for (struct vm_map_entry *e = first; e != NULL && e->start < end;
	     e = e->next) {
		vm_map_clip_end(map, e, end, r);
		e->wired_access = access;
		kr = entry_update(map, e, wait);
		if (kr != KERN_SUCCESS) {
			e->wired_access = VM_PROT_NONE;
			break;
		}
	}
	/* Settle the marks (or undo on failure), then merge. */
	struct vm_map_entry *e, *last = NULL;
	if (!vm_map_lookup_entry(map, start, &e))
		e = e != NULL ? e->next : map->first;
	while (e != NULL && e->start < end) {
		if (e->wired_count == WIRED_NOW) {
			if (kr != KERN_SUCCESS) {
				vm_map_entry_unwire(map, e);
				e->wired_access = VM_PROT_NONE;
			} else {
				e->wired_count = 1;
			}
		}
		last = vm_map_merge_prev(map, e);
		e = last->next;
	}
	if (last != NULL && last->next != NULL)
		vm_map_merge_prev(map, last->next);
	return kr;
}

kern_return_t
vm_map_wire(vm_map_t map, vm_offset_t start, vm_offset_t end, vm_prot_t access)
{
	struct vm_map_reserve r;
	struct vm_map_entry *e;
	struct vm_chain_result wait;
	if (map == VM_MAP_NULL || (access & ~VM_PROT_ALL) != 0 || start > end ||
	    ((start | end) & PAGE_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
again:
	if (!vm_map_reserve_fill(&r, 2)) {
		vm_map_reserve_release(&r);
		return KERN_RESOURCE_SHORTAGE;
	}
	vm_map_lock(map);
	if (start < map->min_offset)
		start = map->min_offset;
	if (end > map->max_offset)
		end = map->max_offset;
	if (start > end)
		start = end;
	kern_return_t kr = KERN_NO_SPACE;
	if (!vm_map_lookup_entry(map, start, &e))
		goto out; /* the start is in no entry */
	/* All or nothing: no hole, every entry allows `access'. */
	for (struct vm_map_entry *c = e; c != NULL && c->start < end;
	     c = c->next) {
		if ((c->end < end &&
		     (c->next == NULL || c->next->start > c->end)) ||
		    (c->protection & access) != access)
			goto out;
	}
	vm_map_clip_start(map, e, start, &r);
	kr = wire_entries(map, start < end ? e : NULL, end, access, &r, &wait);
out:
	vm_map_unlock(map);
	vm_map_reserve_release(&r);
	if (kr == VM_FAULT_RETRY) {
		/* A pager's page: waited for as a fault does, then again. */
		kr = memory_object_fault_wait(&wait, access);
		if (kr == KERN_SUCCESS)
			goto again;
	}
	return kr;
}

kern_return_t
vm_map_wire_all(vm_map_t map, int flags)
{
	struct vm_map_reserve none = { { NULL, NULL }, 0 };
	struct vm_chain_result wait;
	if (map == VM_MAP_NULL || (flags & ~VM_WIRE_ALL) != 0)
		return KERN_INVALID_ARGUMENT;
again:
	vm_map_lock(map);
	bool required = map->wiring_required;
	kern_return_t kr = KERN_SUCCESS;
	if (flags == 0) {
		map->wiring_required = false;
		wire_entries(map, map->first, map->max_offset, VM_PROT_NONE,
			     &none, NULL); /* whole entries: no split */
	} else {
		if (flags & VM_WIRE_FUTURE)
			map->wiring_required = true;
		if (flags & VM_WIRE_CURRENT)
			kr = wire_entries(map, map->first, map->max_offset,
					  VM_PROT_READ | VM_PROT_WRITE, &none,
					  &wait);
		if (kr != KERN_SUCCESS)
			map->wiring_required = required;
	}
	vm_map_unlock(map);
	if (kr == VM_FAULT_RETRY) {
		kr = memory_object_fault_wait(&wait,
					      VM_PROT_READ | VM_PROT_WRITE);
		if (kr == KERN_SUCCESS)
			goto again;
	}
	return kr;
}

vm_size_t
vm_map_wired_size(vm_map_t map)
{
	vm_map_lock(map);
	vm_size_t n = map->size_wired;
	vm_map_unlock(map);
	return n;
}

void
vm_map_entry_wire_update(vm_map_t map, struct vm_map_entry *e)
{
	if (e->protection != VM_PROT_NONE &&
	    (e->wired_access != VM_PROT_NONE || map->wiring_required))
		e->wired_access = e->protection;
	if (entry_update(map, e, NULL) != KERN_SUCCESS)
		e->wired_access = VM_PROT_NONE; /* no memory: left pageable */
	else if (e->wired_count == WIRED_NOW)
		e->wired_count = 1;
}

void
vm_map_wire_cow(vm_map_t map, struct vm_map_entry *e, vm_offset_t va,
		struct vm_page *page)
{
	/* The copy just made at va's offset of e->object hides the page
	 * the entry wired, which is the first seen below it. */
	vm_offset_t offset = entry_offset(e, va);
	if (!vm_object_page_wiring(e->object, offset, false, true) ||
	    !vm_object_page_wiring(e->object, offset, true, false))
		panic("vm_map_wire_cow: entry %p lost its page at %#lx",
		      (void *)e, (unsigned long)va);
	/* A wired page never faults: mapped now, whoever wrote it (a
	 * kernel write, vm_write, enters no mapping of its own).  Without
	 * pmap memory it faults in once more instead. */
	if (map->pmap != NULL)
		(void)pmap_enter(map->pmap, va, vm_page_to_phys(page),
				 e->protection, true);
}
