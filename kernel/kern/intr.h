/*
 * kern/intr.h: device interrupt handlers.
 *
 * A driver registers a handler for its interrupt line; the arch code
 * calls intr_dispatch when the line fires, with interrupts off, and
 * acknowledges the controller afterwards.
 */
#ifndef KERN_INTR_H
#define KERN_INTR_H

#include <mach/kern_return.h>

#define INTR_NLINES 16

typedef void (*intr_handler_t)(void *arg);

/*
 * Install `handler' for `line' and unmask the line.  Returns
 * KERN_INVALID_ARGUMENT for a line out of range, KERN_NAME_EXISTS if the
 * line already has a handler.
 */
kern_return_t intr_register(unsigned line, intr_handler_t handler, void *arg);

/* Mask `line' and remove its handler. */
void intr_unregister(unsigned line);

/* Run the handler of `line'; counts interrupts that have none. */
void intr_dispatch(unsigned line);

/* Interrupts `line' has delivered. */
unsigned long intr_count(unsigned line);

#endif
