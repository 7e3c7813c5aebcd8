/*
 * pic.c: programming the two cascaded 8259A PICs.
 *
 * Lock: pic_lock guards the mask registers' read-modify-write.
 */

#include <machine/cpu.h>

#include "arch/x86_64/pic.h"
#include "kern/lock.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

#define ICW1_INIT_ICW4 0x11
#define ICW4_8086      0x01
#define OCW2_EOI       0x20
#define CASCADE_IRQ    2

static simple_lock_t pic_lock = SIMPLE_LOCK_INITIALIZER;
static uint16_t pic_masks = 0xffff;

static void
pic_write_masks(void)
{
	outb(PIC1_DATA, pic_masks & 0xff);
	outb(PIC2_DATA, pic_masks >> 8);
}

void
pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, PIC_VECTOR_BASE);
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, 1 << CASCADE_IRQ); /* slave on IRQ 2 */
	outb(PIC2_DATA, CASCADE_IRQ);      /* its cascade identity */
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	/* Everything masked but the cascade, which the slave needs. */
	pic_masks = 0xffff & ~(1u << CASCADE_IRQ);
	pic_write_masks();
}

void
pic_unmask(unsigned irq)
{
	simple_lock(&pic_lock);
	pic_masks &= ~(1u << irq);
	pic_write_masks();
	simple_unlock(&pic_lock);
}

void
pic_mask(unsigned irq)
{
	simple_lock(&pic_lock);
	pic_masks |= 1u << irq;
	pic_write_masks();
	simple_unlock(&pic_lock);
}

void
pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}
