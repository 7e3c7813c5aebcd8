/*
 * vm/vm_fault.h: the page fault path.  A fault on a user address is
 * resolved through the task's map: the entry that contains the address
 * must allow the access; the page of its object is made resident (zero-
 * filled if it never was) and entered in the pmap with the entry's
 * protection.  Later (issue 11) the object's shadow chain is searched
 * and copy-on-write resolved here, and a pager asked for a missing page.
 */
#ifndef VM_VM_FAULT_H
#define VM_VM_FAULT_H

#include <mach/kern_return.h>
#include <mach/machine_types.h>
#include <mach/vm_prot.h>

#include "vm/vm_map.h"

/*
 * Resolve an access of type `fault_type' (VM_PROT_READ, _WRITE or
 * _EXECUTE) to `addr' in `map'.  KERN_SUCCESS: retry the access.
 * KERN_INVALID_ADDRESS: no entry contains it.  KERN_PROTECTION_FAILURE:
 * the entry does not allow it.  KERN_RESOURCE_SHORTAGE: no memory.
 * Takes map->lock; callable with interrupts disabled, never with the
 * map's lock held.
 */
kern_return_t vm_fault(vm_map_t map, vm_offset_t addr, vm_prot_t fault_type);

#endif
