/*
 * host_kernel.c: what the kernel's machine-independent code expects from
 * the rest of the kernel, for the host unit tests.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kern/panic.h"

char *host_phys_base;

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
