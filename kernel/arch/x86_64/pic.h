/*
 * pic.h: the legacy 8259A interrupt controllers.
 *
 * Device interrupts (IRQ 0-15) go through the PICs, remapped to vectors
 * PIC_VECTOR_BASE..+15 and delivered to the boot CPU through the local
 * APIC's LINT0 in virtual-wire mode.  The I/O APIC replaces them when
 * interrupts must reach other CPUs (SMP); until then the PICs are the
 * simpler, fully sufficient choice.
 */
#ifndef ARCH_X86_64_PIC_H
#define ARCH_X86_64_PIC_H

#include <stdint.h>

#define PIC_VECTOR_BASE 32
#define PIC_NIRQS       16

/* Remap both PICs and mask every line. */
void pic_init(void);

void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);

/* Acknowledge `irq' (both controllers for IRQ 8-15). */
void pic_eoi(unsigned irq);

#endif
