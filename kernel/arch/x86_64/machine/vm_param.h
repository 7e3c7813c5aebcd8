/*
 * machine/vm_param.h: page size and the kernel's view of physical memory.
 */
#ifndef MACHINE_VM_PARAM_H
#define MACHINE_VM_PARAM_H

#include <stdint.h>

#include <machine/asm.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  ((uintptr_t)1 << PAGE_SHIFT)
#define PAGE_MASK  (PAGE_SIZE - 1)

/*
 * The user half of every address space: [0, USER_LIMIT).  Page 0 is
 * never mapped, so null pointers fault in user space too.
 */
#define USER_LIMIT ((uintptr_t)0x0000800000000000)

/*
 * The physmap: boot.S maps [0, PHYSMAP_BOOT_LIMIT); pmap_bootstrap then
 * maps that and all usable memory below PHYSMAP_LIMIT (PML4 slots
 * 256-383), up to pmap_physmap_end().
 */
#define PHYSMAP_BOOT_LIMIT ((uint64_t)PHYSMAP_SIZE)
#define PHYSMAP_LIMIT      ((uint64_t)1 << 46)

/*
 * Kernel virtual memory, for pmap_enter(kernel_pmap, ...) (PML4 slot
 * 510): pmap_bootstrap creates its PDPT, so what is mapped there is seen
 * by every address space: the kernel stacks' area (kern/kstack.h), then
 * the kernel's map (vm/vm_kern.h).
 */
#define KERNEL_VM_START ((uintptr_t)0xffffff0000000000)
#define KERNEL_VM_END   ((uintptr_t)0xffffff8000000000)

/* The kernel virtual address of a physical address below PHYSMAP_LIMIT. */
static inline void *
phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(PHYSMAP_BASE + pa);
}

/* The physical address of a kernel image address (text, data, bss). */
static inline uint64_t
kernel_virt_to_phys(const void *va)
{
	return (uint64_t)(uintptr_t)va - KERNEL_VMA;
}

#endif
