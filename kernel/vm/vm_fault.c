/*
 * vm/vm_fault.c: the page fault path (see vm/vm_fault.h).
 */

#include <machine/vm_param.h>

#include "vm/pmap.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"

kern_return_t
vm_map_entry_fault_locked(vm_map_t map, struct vm_map_entry *e, vm_offset_t va,
			  struct vm_page **out)
{
	struct vm_page *page;
	va &= ~(vm_offset_t)PAGE_MASK;
	kern_return_t kr = vm_object_page_get(
		e->object, e->offset + (va - e->start), &page);
	if (kr != KERN_SUCCESS)
		return kr;
	if (e->protection != VM_PROT_NONE && map->pmap != NULL) {
		kr = pmap_enter(map->pmap, va, vm_page_to_phys(page),
				e->protection, e->wired_count > 0);
		if (kr != KERN_SUCCESS)
			return KERN_RESOURCE_SHORTAGE;
	}
	*out = page;
	return KERN_SUCCESS;
}

kern_return_t
vm_fault(vm_map_t map, vm_offset_t addr, vm_prot_t fault_type)
{
	struct vm_map_entry *e;
	struct vm_page *page;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ADDRESS;
	vm_map_lock(map);
	kern_return_t kr = KERN_INVALID_ADDRESS;
	if (!vm_map_lookup_entry(map, addr, &e))
		goto out;
	kr = KERN_PROTECTION_FAILURE;
	if ((fault_type & ~e->protection) != 0 || e->protection == VM_PROT_NONE)
		goto out;
	kr = vm_map_entry_fault_locked(map, e, addr, &page);
out:
	vm_map_unlock(map);
	return kr;
}
