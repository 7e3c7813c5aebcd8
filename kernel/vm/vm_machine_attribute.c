/*
 * vm/vm_machine_attribute.c: vm_machine_attribute of mach.defs, the
 * machine's attributes of a range of a task's memory (cachability,
 * migrability, replicability: mach/vm_attributes.h).
 *
 * As GNU Mach's: a map, a range inside the map's, then the pmap's
 * answer (vm/pmap.h pmap_attribute; x86 has none to get or set).  The
 * range check is GNU Mach's to the bit: address + size is taken modulo
 * 2^64, and a task map begins at 0 there (ours begins a page up, but
 * the null page is in range here as in GNU Mach).  Nothing is changed
 * on failure; MIG's reply then carries the code alone, so the caller's
 * value is left as it was.  Compiled with KERNEL defined.
 */

#include "kern/ipc_mig.h"
#include "machServer.h"
#include "vm/pmap.h"
#include "vm/vm_map.h"

kern_return_t
vm_machine_attribute(vm_map_t target_task, vm_address_t address, vm_size_t size,
		     vm_machine_attribute_t attribute,
		     vm_machine_attribute_val_t *value)
{
	if (target_task == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	/* The map's bounds are set when it is made and never change. */
	if (address + size > target_task->max_offset)
		return KERN_INVALID_ARGUMENT;
	return pmap_attribute(target_task->pmap, address, size,
			      (unsigned)attribute, value);
}
