/*
 * cthreads_internal.h: what libmach's files share for C threads
 * (private to libmach).
 */
#ifndef LIBMACH_CTHREADS_INTERNAL_H
#define LIBMACH_CTHREADS_INTERNAL_H

#include <mach/port.h>

/* mig_support.c: the calling thread's MIG reply port, which the slot
 * forgets (MACH_PORT_NULL if it had none): an ending cthread hands it
 * to whoever reaps it, who destroys it. */
mach_port_t mig_reply_port_take(void) __attribute__((visibility("hidden")));

#endif
