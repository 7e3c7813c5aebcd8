/*
 * stubborn.c: a task that never ends by itself, in the way its argument
 * names, so the boot tests can check that task_terminate ends it anyway.
 *
 *   stubborn wait    thread_switch with SWITCH_OPTION_WAIT for the
 *                    longest time the call takes (2^32 - 1 ms), forever
 *   stubborn spin    an endless loop in user mode, no system call
 *   stubborn yield   swtch in an endless loop
 */

#include "user.h"

int
main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *how = argv[1];
	print("stubborn: started\n");
	if (user_streq(how, "wait"))
		for (;;)
			mach_trap3(MACH_TRAP_thread_switch, 0,
				   SWITCH_OPTION_WAIT, 0xffffffffL);
	if (user_streq(how, "spin"))
		for (;;)
			__asm__ volatile("" ::: "memory");
	if (user_streq(how, "yield"))
		for (;;)
			swtch();
	return 1;
}
