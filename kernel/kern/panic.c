/*
 * kern/panic.c: the kernel's fatal stop.
 */

#include <stdarg.h>
#include <stdbool.h>

#include <machine/cpu.h>
#include <machine/machdep.h>

#include "kern/backtrace.h"
#include "kern/ktest.h"
#include "kern/panic.h"
#include "kern/printf.h"

static volatile bool panicking;

void
panic(const char *fmt, ...)
{
	va_list ap;

	intr_disable();
	if (panicking) {
		kprintf("panic: nested panic; stopping\n");
		arch_halt();
	}
	panicking = true;
	kprintf("panic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\nbacktrace:\n");
	backtrace_print(cpu_frame_pointer());
	panic_stop();
}

void
panic_stop(void)
{
	intr_disable();
	ktest_abort_current("kernel stopped");
	kprintf("kernel stopped.\n");
	arch_halt();
}
