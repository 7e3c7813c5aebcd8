/*
 * kern/console.h: console input.
 *
 * The console driver's interrupt handler hands each received byte to
 * console_input, which keeps it in a ring buffer until a reader takes
 * it; when the buffer is full the newest bytes are dropped (and
 * counted).  Output is kprintf (kern/printf.h).
 */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <stdint.h>

/* Start receiving console input.  Called once at boot, interrupts on. */
void console_input_init(void);

/* From the driver's interrupt handler: one received byte. */
void console_input(uint8_t c);

/* The next received byte, waiting at most `ticks'; -1 on timeout. */
int console_getc(uint64_t ticks);

/* Bytes dropped because the buffer was full. */
unsigned long console_input_dropped(void);

#endif
