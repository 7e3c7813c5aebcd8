/*
 * gdt.h: segments and the task state segment.
 *
 * In long mode segmentation is flat; the GDT still holds the code and
 * data selectors and the TSS, whose interrupt stack table gives the
 * double-fault handler a stack of its own.  The selector order is the
 * one syscall/sysret require (see gdt.c).
 */
#ifndef ARCH_X86_64_GDT_H
#define ARCH_X86_64_GDT_H

#include <stdint.h>

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER_DATA   0x18
#define GDT_USER_CODE   0x20
#define GDT_TSS         0x28

/* The interrupt stack table slot the double-fault handler uses. */
#define IST_DOUBLE_FAULT 1

/* Load this CPU's GDT and TSS and reload every segment register. */
void gdt_init(void);

/* The stack the CPU switches to on a trap from user mode (TSS.rsp0). */
void gdt_set_user_trap_stack(uintptr_t top);

#endif
