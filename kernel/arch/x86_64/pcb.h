/*
 * pcb.h: what pcb.c and pcb_state.c share.
 */
#ifndef ARCH_X86_64_PCB_H
#define ARCH_X86_64_PCB_H

#include <machine/cpu_data.h>
#include <machine/thread.h>

#include "arch/x86_64/gdt.h"

/* User code and stack selectors, RPL 3. */
#define PCB_USER_CS (GDT_USER_CODE | 3)
#define PCB_USER_SS (GDT_USER_DATA | 3)

/* rflags: the reserved bit 1, and IF, that a user thread always has. */
#define PCB_RFLAGS_RESERVED 0x002
#define PCB_RFLAGS_IF       0x200

/*
 * Load `at''s user FS and GS bases into this CPU's registers if they
 * differ from what `c' says is loaded.  Interrupts off.
 */
void pcb_load_bases(struct arch_cpu *c, const struct arch_thread *at);

#endif
