/*
 * vm/vm_fault.c: the page fault path (see vm/vm_fault.h): zero-fill,
 * the shadow chain search and copy-on-write.  Called with the map's
 * lock held (vm_fault takes it); the objects' locks are taken by the
 * vm_object calls, a map's before an object's.
 */

#include <machine/vm_param.h>

#include "vm/memory_object.h"
#include "vm/pmap.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_map_internal.h"
#include "vm/vm_pageout.h"

kern_return_t
vm_fault_page_locked(vm_map_t map, struct vm_map_entry *e, vm_offset_t va,
		     vm_prot_t type, struct vm_page **out, vm_prot_t *prot,
		     struct vm_chain_result *wait)
{
	va &= ~(vm_offset_t)PAGE_MASK;
	bool write = (type & VM_PROT_WRITE) != 0;
	/* The first write since a copy: the entry's own object. */
	if (write && e->needs_copy &&
	    vm_map_entry_own_object(e, true) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	vm_offset_t off = e->offset + (va - e->start);
	struct vm_chain_result r;
	vm_object_chain_resolve(e->object, off, type, &r);
	switch (r.kind) {
	case VM_CHAIN_PAGE:
	case VM_CHAIN_ZERO:
		break;
	case VM_CHAIN_ERROR:
		return KERN_MEMORY_ERROR;
	case VM_CHAIN_SHORTAGE:
		return KERN_RESOURCE_SHORTAGE;
	case VM_CHAIN_WAIT:
	case VM_CHAIN_REQUEST:
	case VM_CHAIN_NOT_READY:
	case VM_CHAIN_UNLOCK:
		*wait = r; /* the caller unlocks the map, then waits */
		return VM_FAULT_RETRY;
	}
	vm_object_t where = r.object;
	struct vm_page *page = r.page;
	kern_return_t kr = KERN_SUCCESS;
	/* What the entry may write in place: its object, unless needs_copy. */
	bool own = page != NULL ? where == e->object : true;
	if (page != NULL && !own && write) {
		struct vm_page *from = page;
		kr = vm_object_page_copy(e->object, off, from, &page);
		if (kr != KERN_SUCCESS)
			return kr;
		own = true;
		/* The old page stays mapped only where it is still seen. */
		if (map->pmap != NULL)
			pmap_remove(map->pmap, va, va + PAGE_SIZE);
		if (e->wired_count > 0) /* the wiring follows the copy */
			vm_map_wire_cow(map, e, va, page);
		simple_lock(&e->object->lock);
		bool shared = e->object->shared;
		simple_unlock(&e->object->lock);
		if (shared) /* other maps write this object in place */
			pmap_page_protect(vm_page_to_phys(from), VM_PROT_NONE);
	} else if (page == NULL) {
		/* Zero everywhere down the chain: a zero page at the top is
		 * what every holder of the top object sees already. */
		kr = vm_object_page_get(e->object, off, &page);
		if (kr != KERN_SUCCESS)
			return kr;
	} else if (r.copy != NULL && write) {
		/* Written in place: its copies get the original first. */
		kr = vm_object_copy_push(where, off, page);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	*prot = e->protection;
	if (page == r.page && r.copy != NULL && !write)
		*prot &= ~VM_PROT_WRITE; /* its first write pushes */
	if (!own || e->needs_copy)
		*prot &= ~VM_PROT_WRITE; /* a write copies it first */
	if (page == r.page)
		*prot &= ~r.lock; /* the pager's page: what its lock allows */
	*out = page;
	*wait = r; /* what was found, for vm_object_page_enter */
	return KERN_SUCCESS;
}

kern_return_t
vm_map_entry_fault_locked(vm_map_t map, struct vm_map_entry *e, vm_offset_t va,
			  vm_prot_t type, struct vm_page **out,
			  struct vm_chain_result *wait)
{
	struct vm_page *page;
	vm_prot_t prot;
	va &= ~(vm_offset_t)PAGE_MASK;
	for (;;) {
		kern_return_t kr = vm_fault_page_locked(map, e, va, type, &page,
							&prot, wait);
		if (kr != KERN_SUCCESS)
			return kr;
		if (prot == VM_PROT_NONE || map->pmap == NULL)
			break;
		bool ok = true;
		if (page == wait->page && wait->object->pager != NULL) {
			/* A pager's page: its lock and copy may have
			 * changed since the look-up. */
			if (!vm_object_page_enter(wait->object, page,
						  wait->offset, wait->copy,
						  map->pmap, va, prot,
						  e->wired_count > 0, &ok))
				continue; /* gone meanwhile: again */
		} else {
			ok = pmap_enter(map->pmap, va, vm_page_to_phys(page),
					prot,
					e->wired_count > 0) == KERN_SUCCESS;
		}
		if (!ok)
			return KERN_RESOURCE_SHORTAGE;
		break;
	}
	*out = page;
	return KERN_SUCCESS;
}

static uint64_t fault_count; /* atomic */

uint64_t
vm_fault_count(void)
{
	return __atomic_load_n(&fault_count, __ATOMIC_RELAXED);
}

kern_return_t
vm_fault(vm_map_t map, vm_offset_t addr, vm_prot_t fault_type)
{
	struct vm_map_entry *e;
	struct vm_page *page;
	__atomic_add_fetch(&fault_count, 1, __ATOMIC_RELAXED);
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ADDRESS;
	for (;;) {
		struct vm_chain_result wait;
		vm_map_lock(map);
		kern_return_t kr = KERN_INVALID_ADDRESS;
		if (!vm_map_lookup_entry(map, addr, &e))
			goto out;
		kr = KERN_PROTECTION_FAILURE;
		if ((fault_type & ~e->protection) != 0 ||
		    e->protection == VM_PROT_NONE)
			goto out;
		kr = vm_map_entry_fault_locked(map, e, addr, fault_type, &page,
					       &wait);
	out:
		vm_map_unlock(map);
		if (kr == KERN_RESOURCE_SHORTAGE && vm_page_short()) {
			/* Until the page-out daemon (or a task's end) frees
			 * some, as GNU Mach's VM_PAGE_WAIT; then again. */
			kr = vm_page_wait(true);
			if (kr != KERN_SUCCESS)
				return kr;
			continue;
		}
		if (kr != VM_FAULT_RETRY)
			return kr;
		/* The map may change meanwhile: look it up again after. */
		kr = memory_object_fault_wait(&wait, fault_type);
		if (kr != KERN_SUCCESS)
			return kr;
	}
}

kern_return_t
vm_map_entry_own_object(struct vm_map_entry *e, bool collapse)
{
	simple_lock(&e->object->lock);
	bool alone = e->object->ref_count == 1;
	simple_unlock(&e->object->lock);
	if (!alone) {
		vm_object_t top = vm_object_shadow(e->object, e->offset,
						   e->end - e->start);
		if (top == NULL)
			return KERN_RESOURCE_SHORTAGE;
		e->object = top;
		e->offset = 0;
		if (collapse)
			vm_object_collapse(top);
	}
	e->needs_copy = false;
	return KERN_SUCCESS;
}
