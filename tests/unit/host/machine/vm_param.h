/*
 * Host stand-in for machine/vm_param.h: "physical memory" is an arena a
 * test allocates, at host_phys_base.
 */
#ifndef MACHINE_VM_PARAM_H
#define MACHINE_VM_PARAM_H

#include <stdint.h>

#define PAGE_SHIFT    12
#define PAGE_SIZE     ((uintptr_t)1 << PAGE_SHIFT)
#define PAGE_MASK     (PAGE_SIZE - 1)
#define PHYSMAP_LIMIT ((uint64_t)1 << 32)

/* The user half, as on x86_64 (machine/exec.h builds on it). */
#define USER_LIMIT ((uintptr_t)0x0000800000000000)

extern char *host_phys_base;

static inline void *
phys_to_virt(uint64_t pa)
{
	return host_phys_base + pa;
}

#endif
