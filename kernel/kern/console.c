/*
 * kern/console.c: kprintf on the boot console, and console input.
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

#include "kern/clock.h"
#include "kern/console.h"
#include "kern/lock.h"
#include "kern/sched_prim.h"
#include "kern/thread.h"
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

/*
 * Input.  Lock: input_lock (interrupts off) guards the ring; the
 * interrupt handler and readers take it.
 */
#define INPUT_SIZE 256

static simple_lock_t input_lock = SIMPLE_LOCK_INITIALIZER;
static uint8_t input_ring[INPUT_SIZE];
static unsigned input_head, input_tail; /* read at head, write at tail */
static unsigned long input_dropped;

void
console_input_init(void)
{
	arch_console_enable_input();
}

void
console_input(uint8_t c)
{
	simple_lock(&input_lock);
	if (input_tail - input_head == INPUT_SIZE) {
		input_dropped++;
	} else {
		input_ring[input_tail % INPUT_SIZE] = c;
		input_tail++;
	}
	simple_unlock(&input_lock);
	thread_wakeup(input_ring);
}

int
console_getc(uint64_t ticks)
{
	uint64_t deadline = clock_ticks() + ticks;
	for (;;) {
		assert_wait(input_ring, true);
		simple_lock(&input_lock);
		if (input_head != input_tail) {
			int c = input_ring[input_head % INPUT_SIZE];
			input_head++;
			simple_unlock(&input_lock);
			clear_wait(current_thread(), THREAD_AWAKENED);
			return c;
		}
		simple_unlock(&input_lock);
		uint64_t now = clock_ticks();
		if (now >= deadline) {
			clear_wait(current_thread(), THREAD_AWAKENED);
			return -1;
		}
		thread_set_timeout(deadline - now);
		thread_block(NULL);
	}
}

unsigned long
console_input_dropped(void)
{
	simple_lock(&input_lock);
	unsigned long n = input_dropped;
	simple_unlock(&input_lock);
	return n;
}
