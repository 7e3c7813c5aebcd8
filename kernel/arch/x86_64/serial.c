/*
 * serial.c: polled output on the 16550 UART at COM1.
 *
 * Output only, polled: the console must work before interrupts do and
 * inside exception handlers.  Receive interrupts come with the interrupt
 * controllers.
 */

#include <stdint.h>

#include <machine/cpu.h>
#include <machine/machdep.h>

#include "arch/x86_64/serial.h"

#define COM1 0x3f8

/* Register offsets from the base port. */
#define UART_DATA 0 /* receive/transmit buffer; divisor low (DLAB) */
#define UART_IER  1 /* interrupt enable; divisor high (DLAB) */
#define UART_FCR  2 /* FIFO control */
#define UART_LCR  3 /* line control */
#define UART_MCR  4 /* modem control */
#define UART_LSR  5 /* line status */

#define LCR_8N1          0x03
#define LCR_DLAB         0x80
#define FCR_ENABLE_CLEAR 0x07 /* enable FIFOs, clear both */
#define MCR_DTR_RTS      0x03
#define LSR_THR_EMPTY    0x20

#define UART_CLOCK 115200

/* Bounded wait, so a missing UART cannot hang the kernel. */
#define TX_SPIN_LIMIT 100000

void
serial_init(void)
{
	uint16_t divisor = UART_CLOCK / 115200;

	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, divisor & 0xff);
	outb(COM1 + UART_IER, divisor >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, MCR_DTR_RTS);
}

void
serial_putc(int c)
{
	for (int i = 0; i < TX_SPIN_LIMIT; i++) {
		if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
			break;
		cpu_relax();
	}
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void
arch_console_putc(int c)
{
	serial_putc(c);
}
