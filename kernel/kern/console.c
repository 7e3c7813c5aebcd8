/*
 * kern/console.c: kprintf on the boot console.
 *
 * console_lock keeps the characters of one kprintf call together when
 * several CPUs print.  A panic may print while the lock is held by the
 * CPU that panicked; it would deadlock, so kprintf gives up waiting
 * after a bounded number of attempts and prints anyway.
 */

#include <stdarg.h>

#include <stdbool.h>

#include <machine/cpu.h>
#include <machine/machdep.h>

#include "kern/lock.h"
#include "kern/printf.h"

static simple_lock_t console_lock = SIMPLE_LOCK_INITIALIZER;

static void
console_sink(int c, void *arg)
{
	(void)arg;
	if (c == '\n')
		arch_console_putc('\r');
	arch_console_putc(c);
}

#define CONSOLE_LOCK_ATTEMPTS 10000000

int
kvprintf(const char *fmt, va_list ap)
{
	bool locked = false;
	for (long i = 0; i < CONSOLE_LOCK_ATTEMPTS && !locked; i++) {
		locked = simple_lock_try(&console_lock);
		if (!locked)
			cpu_relax();
	}
	int n = printf_format(console_sink, NULL, fmt, ap);
	if (locked)
		simple_unlock(&console_lock);
	return n;
}

int
kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
