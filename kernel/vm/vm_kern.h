/*
 * vm/vm_kern.h: the kernel's own map (GNU Mach's kernel_map and
 * kmem_alloc).
 *
 * kernel_map is an address map like a task's (vm/vm_map.h) over the
 * kernel virtual area above the stacks' (kern/kstack.h), on
 * kernel_pmap, so what it maps is seen by every address space.  Each
 * kmem_alloc is one entry onto an anonymous object of its own, wired
 * as it is made (the map is VM_WIRE_FUTURE): its pages are resident,
 * mapped wired and on no page queue, so the page-out daemon never
 * takes them and the kernel never faults on them.  A block needs
 * whole pages but no physically contiguous ones; kalloc hands its
 * large sizes here (kern/kalloc.h).
 *
 * Locks: kernel_map's lock, then its objects' (vm/vm_map.h's order).
 * It may be taken with any other map's or object's lock held (kalloc
 * is called under object locks): nothing here takes the lock of an
 * object outside kernel_map, so no cycle can form.  No call sleeps.
 */
#ifndef VM_VM_KERN_H
#define VM_VM_KERN_H

#include <mach/kern_return.h>
#include <mach/machine_types.h>

#include "kern/kstack.h"
#include "vm/vm_map.h"

/* The kernel map's range: the kernel virtual area above the stacks. */
#define KERNEL_MAP_START (KSTACK_AREA_START + KSTACK_AREA_SIZE)
#define KERNEL_MAP_END   KERNEL_VM_END

extern vm_map_t kernel_map; /* VM_MAP_NULL until kmem_init */

/* Create kernel_map on kernel_pmap and give kalloc its large sizes.
 * Once, after vm_map_init; panics if memory is short. */
void kmem_init(void);

/*
 * `size' bytes (rounded up to pages) of zero-filled, wired, writable
 * kernel memory; its address into *addr.  KERN_INVALID_ARGUMENT for
 * size 0 or one that wraps when rounded; KERN_NO_SPACE if the map has
 * no room; KERN_RESOURCE_SHORTAGE if pages or records ran out (then
 * nothing was kept).  Pages may be taken below the page-out daemon's
 * free minimum: the kernel's own needs come first, as kalloc's do.
 */
kern_return_t kmem_alloc(vm_size_t size, vm_offset_t *addr);

/* Give back what kmem_alloc(size) returned at `addr', with the same
 * size.  Panics if that is not one such block. */
void kmem_free(vm_offset_t addr, vm_size_t size);

#endif
