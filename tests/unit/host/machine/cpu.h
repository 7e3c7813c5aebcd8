/*
 * Host stand-in for machine/cpu.h: the kernel's machine-independent code
 * built as an ordinary single-threaded program for the unit tests.
 */
#ifndef MACHINE_CPU_H
#define MACHINE_CPU_H

#include <stdbool.h>
#include <stdint.h>

static inline void
cpu_relax(void)
{
}

static inline bool
intr_disable(void)
{
	return false;
}

static inline void
intr_off(void)
{
}

static inline void
intr_restore(bool enabled)
{
	(void)enabled;
}

static inline void
intr_enable(void)
{
}

#endif
