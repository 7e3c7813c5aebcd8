/*
 * vm/vm_kobject.c: the routines of mach.defs that move memory through
 * copy objects (vm/vm_map_copy.h) or maps memory objects into tasks, as
 * GNU Mach serves them: vm_map enters a memory object
 * (vm/memory_object.h) into a map; vm_read
 * answers a copy of the range out of line (the reply maps it into the
 * caller), vm_write overwrites a range with the request's out-of-line
 * data, vm_copy does both within one map.  Compiled with KERNEL defined, in the KernelServer archive.
 */

#include <machine/vm_param.h>

#include "ipc/ipc_port.h"
#include "kern/ipc_mig.h"
#include "machServer.h"
#include "vm/memory_object.h"
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

/*
 * Map `size' bytes of a memory object (anonymous zero-filled memory for
 * MACH_PORT_NULL) from `offset', shared with its other mappings or, with
 * `copy', copy-on-write.  The memory object's right is the routine's on
 * success only (MIG's rule); the object keeps one of its own.
 */
kern_return_t
vm_map(vm_map_t target_task, vm_address_t *address, vm_size_t size,
       vm_address_t mask, boolean_t anywhere, memory_object_t memory_object,
       vm_offset_t offset, boolean_t copy, vm_prot_t cur_protection,
       vm_prot_t max_protection, vm_inherit_t inheritance)
{
	vm_object_t object = NULL;
	if (target_task == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if ((cur_protection & ~VM_PROT_ALL) != 0 ||
	    (max_protection & ~VM_PROT_ALL) != 0)
		return KERN_INVALID_ARGUMENT;
	if (inheritance != VM_INHERIT_SHARE && inheritance != VM_INHERIT_COPY &&
	    inheritance != VM_INHERIT_NONE)
		return KERN_INVALID_ARGUMENT;
	vm_offset_t addr = trunc_page(*address);
	vm_size_t len = round_page(size);
	if (size == 0 || len == 0 || (offset & PAGE_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
	if (IP_VALID(memory_object)) {
		if (offset + len < offset)
			return KERN_INVALID_ARGUMENT;
		ipc_port_t right = ipc_port_copy_send(memory_object);
		kern_return_t kr =
			memory_object_enter(right, offset + len, &object);
		if (kr != KERN_SUCCESS) {
			ipc_port_release_send(right);
			return kr;
		}
		if (copy) {
			/* Isolated from later writes through its mappings. */
			vm_object_t c =
				memory_object_copy_object(object, offset, len);
			vm_object_deallocate(object); /* the copy holds it */
			if (c == NULL)
				return KERN_RESOURCE_SHORTAGE;
			if (c->pager != NULL) {
				/* The pager's copy of the range: written in
				 * place (GNU Mach's dst_needs_copy false). */
				offset = 0;
				copy = false;
			}
			object = c;
		}
	} else {
		offset = 0;
		copy = false; /* fresh memory is nobody else's */
	}
	kern_return_t kr = vm_map_enter(
		target_task, &addr, len, mask, anywhere, object, offset,
		copy != 0, cur_protection, max_protection, inheritance);
	if (kr != KERN_SUCCESS) {
		if (object != NULL)
			vm_object_deallocate(object);
		return kr;
	}
	ipc_port_release_send(memory_object);
	*address = addr;
	return KERN_SUCCESS;
}
