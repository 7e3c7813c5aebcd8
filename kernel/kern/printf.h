/*
 * kern/printf.h: formatted output for the kernel.
 *
 * The formatting engine (printf_format) is independent of where the
 * characters go, so the same code serves the console (kprintf), strings
 * (ksnprintf) and the host unit tests.
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%, with the flags - 0 + space #,
 * a width and a precision (numbers or *), and the length modifiers
 * hh h l ll z t j.  %p prints 0x and 16 hexadecimal digits.
 */
#ifndef KERN_PRINTF_H
#define KERN_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Receives each character printf_format produces. */
typedef void (*printf_sink_t)(int c, void *arg);

/* Format `fmt' with `ap' into `sink'; return the number of characters. */
int printf_format(printf_sink_t sink, void *arg, const char *fmt, va_list ap);

/*
 * Format into `buf' of `size' bytes, always NUL-terminated when size > 0.
 * Return the length the whole output would have had (as C99 snprintf).
 */
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Print to the console.  Lines from different CPUs do not interleave. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

#endif
