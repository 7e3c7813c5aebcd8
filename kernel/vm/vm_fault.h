/*
 * vm/vm_fault.h: the page fault path.  A fault on a user address is
 * resolved through the task's map: the entry that contains the address
 * must allow the access; the page is looked for down its object's
 * shadow chain.  A read maps the page found (read-only if it is not the
 * entry's to write: below the entry's object, or the entry needs a
 * copy); a write first gives a needs-copy entry its own object in front
 * of the shared one (vm_object_shadow, then collapse), then copies the
 * page found below into that object (copy-on-write).  A page found
 * nowhere is zero-filled in the entry's object.  A page of an object a
 * pager serves (vm/memory_object.h) is asked of the pager: the fault
 * unlocks the map, waits (interruptibly) for the data and starts again.
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
 * the entry does not allow it.  With no page free it waits for one
 * (vm_page_wait); KERN_RESOURCE_SHORTAGE: memory short otherwise.
 * KERN_MEMORY_ERROR: the pager failed the page or is dead.
 * KERN_ABORTED: a wait for the pager or a page was interrupted (the
 * thread is to leave the kernel, or try the access again).  Takes map->lock; may
 * block: never called with a lock held.
 */
kern_return_t vm_fault(vm_map_t map, vm_offset_t addr, vm_prot_t fault_type);

/* How many faults vm_fault was asked to resolve since boot, resolved
 * or not (vm_statistics' faults). */
uint64_t vm_fault_count(void);

/*
 * The core, map->lock held, `e' the entry containing `va': the page an
 * access of `type' is to use (made resident, copied up for a write) into
 * *page, and the protection it may be mapped with into *prot (the
 * entry's, less write where a write must copy first).  The entry's
 * protection is not checked: the kernel helpers use this too.  A write
 * that copies a page up removes `va''s old mapping from the map's pmap.
 * KERN_RESOURCE_SHORTAGE if memory runs out, KERN_MEMORY_ERROR (the
 * pager failed it).  VM_FAULT_RETRY: the page is the pager's to give
 * (or busy): the caller unlocks the map, calls
 * memory_object_fault_wait(wait, type), and starts again.  On
 * KERN_SUCCESS *wait is what the chain search found (the page a
 * pager's object holds is entered with vm_object_page_enter).
 */
kern_return_t vm_fault_page_locked(vm_map_t map, struct vm_map_entry *e,
				   vm_offset_t va, vm_prot_t type,
				   struct vm_page **page, vm_prot_t *prot,
				   struct vm_chain_result *wait);

/* vm_fault_page_locked's "wait, then start again": never a user's. */
#define VM_FAULT_RETRY ((kern_return_t)0x7fff0001)

#endif
