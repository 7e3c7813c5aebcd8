/*
 * machine/asm.h: constants shared by the x86_64 assembly sources and C.
 */
#ifndef MACHINE_ASM_H
#define MACHINE_ASM_H

/* Where the kernel image is linked: the top 2 GiB (-mcmodel=kernel). */
#define KERNEL_VMA 0xffffffff80000000

/* Where all physical memory below 4 GiB is mapped (the physmap). */
#define PHYSMAP_BASE 0xffff800000000000
#define PHYSMAP_SIZE 0x100000000

#endif
