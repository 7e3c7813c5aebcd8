/*
 * vm/vm_kern.c: the kernel's own map and its wired allocations
 * (vm/vm_kern.h).
 *
 * kmem_alloc is vm_map_enter of a new object into kernel_map: the map
 * wires each new entry (wiring_required, whose wiring may take pages
 * below the free minimum and never waits), faulting every page in as
 * zero-fill.  A wiring that found too few pages leaves the entry
 * pageable; kmem_alloc then takes it out again and fails, so the
 * kernel never holds memory it could fault on.
 */

#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>

#include "kern/kalloc.h"
#include "kern/panic.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

vm_map_t kernel_map = VM_MAP_NULL;

#define KMEM_PROT (VM_PROT_READ | VM_PROT_WRITE)

/* Whether [addr, addr + size) is exactly one wired entry of the map. */
static bool
is_wired_block(vm_offset_t addr, vm_size_t size)
{
	struct vm_map_entry *e;
	vm_map_lock(kernel_map);
	bool found = vm_map_lookup_entry(kernel_map, addr, &e) &&
		     e->start == addr && e->end - e->start == size &&
		     e->wired_count > 0;
	vm_map_unlock(kernel_map);
	return found;
}

kern_return_t
kmem_alloc(vm_size_t size, vm_offset_t *addrp)
{
	vm_size_t len = round_page(size);
	if (size == 0 || len == 0)
		return KERN_INVALID_ARGUMENT;
	/* An object of its own: never the growth of a neighbour's, so
	 * each block stays one entry (kmem_free checks it). */
	vm_object_t object = vm_object_allocate(len);
	if (object == NULL)
		return KERN_RESOURCE_SHORTAGE;
	vm_offset_t addr = 0;
	kern_return_t kr =
		vm_map_enter(kernel_map, &addr, len, 0, TRUE, object, 0, false,
			     KMEM_PROT, KMEM_PROT, VM_INHERIT_NONE);
	if (kr != KERN_SUCCESS) {
		vm_object_deallocate(object);
		return kr;
	}
	if (!is_wired_block(addr, len)) {
		/* Left pageable: too few pages.  Nobody else knows it. */
		vm_deallocate(kernel_map, addr, len);
		return KERN_RESOURCE_SHORTAGE;
	}
	*addrp = addr;
	return KERN_SUCCESS;
}

void
kmem_free(vm_offset_t addr, vm_size_t size)
{
	vm_size_t len = round_page(size);
	if (size == 0 || len == 0 || !is_wired_block(addr, len))
		panic("kmem_free: %#llx (size %llu) is not a kmem block",
		      (unsigned long long)addr, (unsigned long long)size);
	/* Unwired, unmapped (kernel_pmap: every address space's TLB
	 * entry goes), its pages freed with the object. */
	vm_deallocate(kernel_map, addr, len);
}

static void *
kalloc_map_alloc(vm_size_t size)
{
	vm_offset_t addr;
	if (kmem_alloc(size, &addr) != KERN_SUCCESS)
		return NULL;
	return (void *)addr;
}

static void
kalloc_map_free(void *p, vm_size_t size)
{
	kmem_free((vm_offset_t)p, size);
}

void
kmem_init(void)
{
	pmap_reference(kernel_pmap);
	kernel_map =
		vm_map_create(kernel_pmap, KERNEL_MAP_START, KERNEL_MAP_END);
	if (kernel_map == VM_MAP_NULL)
		panic("kmem_init: no memory for the kernel map");
	kernel_map->wiring_required = true;
	kalloc_set_map(&(struct kalloc_map){
		.alloc = kalloc_map_alloc,
		.free = kalloc_map_free,
		.start = KERNEL_MAP_START,
		.end = KERNEL_MAP_END,
	});
}
