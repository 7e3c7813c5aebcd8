/*
 * gdt.h: segments and the task state segment.
 *
 * In long mode segmentation is flat; the GDT still holds the code and
 * data selectors and the TSS, whose interrupt stack table gives the
 * double fault, NMI, debug and machine-check handlers stacks of their
 * own.  The selector order is the
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

/*
 * The interrupt stack table slots: the exceptions that can come at any
 * moment, even on a kernel stack that is overflowing or not yet set up
 * (between syscall and the switch to the kernel stack, or a double
 * fault's), run on a stack of their own each, so that they can also
 * interrupt each other.
 */
#define IST_DOUBLE_FAULT  1
#define IST_NMI           2
#define IST_DEBUG         3
#define IST_MACHINE_CHECK 4
#define IST_STACKS        4 /* slots 1..IST_STACKS are used */
#define IST_STACK_SIZE    8192

/* The stack [*base, *top) of IST slot `ist' on this CPU (for tests). */
void gdt_ist_stack(unsigned ist, uintptr_t *base, uintptr_t *top);

/* Load this CPU's GDT and TSS and reload every segment register. */
void gdt_init(void);

/* The stack the CPU switches to on a trap from user mode (TSS.rsp0). */
void gdt_set_user_trap_stack(uintptr_t top);

/* What gdt_set_user_trap_stack last set (for tests). */
uintptr_t gdt_user_trap_stack(void);

#endif
