/*
 * serial.h: the 16550 UART on COM1, the boot console.
 */
#ifndef ARCH_X86_64_SERIAL_H
#define ARCH_X86_64_SERIAL_H

/* Program COM1 for 115200 baud, 8 data bits, no parity, 1 stop bit. */
void serial_init(void);

/* Send one byte, waiting for room in the transmitter. */
void serial_putc(int c);

#endif
