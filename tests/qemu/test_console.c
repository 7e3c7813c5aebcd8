/*
 * test_console.c: console input by interrupt, through the UART's
 * loopback (QEMU's 16550 raises receive interrupts in loopback mode).
 */

#include <machine/machdep.h>

#include "kern/console.h"
#include "kern/intr.h"
#include "kern/ktest.h"

#define COM1_IRQ 4

KTEST(console_receive_interrupt)
{
	static const char msg[] = "ping\n";
	char got[sizeof msg] = { 0 };
	unsigned long before = intr_count(COM1_IRQ);

	/* Nothing may print while the console talks to itself. */
	arch_console_set_loopback(true);
	for (const char *p = msg; *p != '\0'; p++)
		arch_console_putc(*p);
	int n = 0;
	for (; n < (int)sizeof msg - 1; n++) {
		int c = console_getc(50);
		if (c < 0)
			break;
		got[n] = (char)c;
	}
	arch_console_set_loopback(false);

	KTEST_ASSERT_EQ(n, sizeof msg - 1);
	for (int i = 0; i < n; i++)
		KTEST_ASSERT_EQ(got[i], msg[i]);
	KTEST_ASSERT(intr_count(COM1_IRQ) > before);
	KTEST_ASSERT_EQ(console_input_dropped(), 0);
	/* And with nothing sent, a read times out. */
	KTEST_ASSERT_EQ(console_getc(2), -1);
}
