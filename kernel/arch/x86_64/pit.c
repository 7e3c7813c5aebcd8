/*
 * pit.c: a calibrated busy-wait on PIT channel 2.
 *
 * Channel 2's gate is controlled through port 0x61, and its output can
 * be read there too, so it can time an interval without interrupts.
 */

#include <machine/cpu.h>

#include "arch/x86_64/pit.h"

#define PIT_FREQ_HZ    1193182
#define PIT_CH2_DATA   0x42
#define PIT_CMD        0x43
#define PORT_B         0x61
#define PORT_B_GATE2   0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2    0x20

/* Channel 2, lobyte/hibyte, mode 0 (interrupt on terminal count). */
#define PIT_CMD_CH2_MODE0 0xb0

void
pit_delay_us(uint32_t us)
{
	uint32_t count = (uint32_t)((uint64_t)PIT_FREQ_HZ * us / 1000000);
	if (count > 0xffff)
		count = 0xffff;

	uint8_t b = inb(PORT_B);
	outb(PORT_B, (b & ~PORT_B_SPEAKER) & ~PORT_B_GATE2);
	outb(PIT_CMD, PIT_CMD_CH2_MODE0);
	outb(PIT_CH2_DATA, count & 0xff);
	outb(PIT_CH2_DATA, count >> 8);
	/* Raising the gate starts the count; OUT2 rises at zero. */
	outb(PORT_B, (b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	while (!(inb(PORT_B) & PORT_B_OUT2))
		cpu_relax();
	outb(PORT_B, b);
}
