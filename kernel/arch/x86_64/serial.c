/*
 * serial.c: polled output on the 16550 UART at COM1.
 *
 * Output is polled: the console must work before interrupts do and
 * inside exception handlers.  Input is interrupt-driven: each received
 * byte goes to the console's input buffer (kern/console.c).
 */

#include <stddef.h>
#include <stdint.h>

#include <machine/cpu.h>
#include <machine/machdep.h>

#include "arch/x86_64/serial.h"
#include "kern/console.h"
#include "kern/intr.h"
#include "kern/panic.h"

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
#define MCR_OUT2         0x08 /* gates the UART's interrupt line on PCs */
#define MCR_LOOPBACK     0x10
#define IER_RX_AVAILABLE 0x01
#define LSR_DATA_READY   0x01
#define LSR_THR_EMPTY    0x20
#define LSR_TX_IDLE      0x40 /* holding and shift registers both empty */
#define COM1_IRQ         4

#define UART_CLOCK 115200

/* Bounded wait, so a missing UART cannot hang the kernel. */
#define TX_SPIN_LIMIT 100000

static uint8_t mcr = MCR_DTR_RTS; /* the modem control register's value */

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
	outb(COM1 + UART_MCR, mcr);
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

/* The receive interrupt: drain the FIFO into the console buffer. */
static void
serial_intr(void *arg)
{
	(void)arg;
	while (inb(COM1 + UART_LSR) & LSR_DATA_READY)
		console_input(inb(COM1 + UART_DATA));
}

void
arch_console_enable_input(void)
{
	mcr |= MCR_OUT2;
	outb(COM1 + UART_MCR, mcr);
	if (intr_register(COM1_IRQ, serial_intr, NULL) != KERN_SUCCESS)
		panic("serial: IRQ %d is taken", COM1_IRQ);
	outb(COM1 + UART_IER, IER_RX_AVAILABLE);
}

void
arch_console_set_loopback(bool on)
{
	/* Let what is being sent leave first, in the mode it was sent in. */
	for (int i = 0; i < TX_SPIN_LIMIT; i++) {
		if (inb(COM1 + UART_LSR) & LSR_TX_IDLE)
			break;
		cpu_relax();
	}
	mcr = on ? (mcr | MCR_LOOPBACK) : (mcr & ~MCR_LOOPBACK);
	outb(COM1 + UART_MCR, mcr);
}
