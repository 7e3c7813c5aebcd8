/*
 * host_kernel.c: what the kernel's machine-independent code expects from
 * the rest of the kernel, for the host unit tests.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/preempt.h"

char *host_phys_base;

/* The one CPU of a unit test, for the per-CPU data locks count in. */
struct cpu cpus[MAX_CPUS];

void *
host_cpu_self(void)
{
	return &cpus[0];
}

/* No other thread to switch to. */
void
sched_preempt_point(void)
{
}

/* A kernel panic in a unit test: report and abort (check sees SIGABRT). */
void
panic(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "panic: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}
