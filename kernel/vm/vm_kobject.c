/*
 * vm/vm_kobject.c: the routines of mach.defs that move memory through
 * copy objects (vm/vm_map_copy.h), as GNU Mach serves them: vm_read
 * answers a copy of the range out of line (the reply maps it into the
 * caller), vm_write overwrites a range with the request's out-of-line
 * data, vm_copy does both within one map.  Compiled with KERNEL defined, in the KernelServer archive.
 */

#include "kern/ipc_mig.h"
#include "machServer.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"

kern_return_t
vm_read(vm_map_t target_task, vm_address_t address, vm_size_t size,
	vm_offset_t *data, mach_msg_type_number_t *dataCnt)
{
	vm_map_copy_t copy;
	if (target_task == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	/* The count is 32 bits: more cannot be described. */
	if (size > (mach_msg_type_number_t)~0u)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr =
		vm_map_copyin(target_task, address, size, false, &copy);
	if (kr != KERN_SUCCESS)
		return kr;
	*data = (vm_offset_t)(uintptr_t)copy;
	*dataCnt = (mach_msg_type_number_t)size;
	return KERN_SUCCESS;
}

/* Consumes the copy on success only: on an error the dispatch destroys
 * the request, and the copy with it (MIG's rule). */
kern_return_t
vm_write(vm_map_t target_task, vm_address_t address, vm_offset_t data,
	 mach_msg_type_number_t dataCnt)
{
	vm_map_copy_t copy = (vm_map_copy_t)(uintptr_t)data;
	if (target_task == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (vm_map_copy_size(copy) != dataCnt)
		return KERN_INVALID_ARGUMENT;
	return vm_map_copy_overwrite(target_task, address, copy);
}

kern_return_t
vm_copy(vm_map_t target_task, vm_address_t source_address, vm_size_t size,
	vm_address_t dest_address)
{
	vm_map_copy_t copy;
	if (target_task == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr =
		vm_map_copyin(target_task, source_address, size, false, &copy);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_map_copy_overwrite(target_task, dest_address, copy);
	if (kr != KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}
