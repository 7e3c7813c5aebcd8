/*
 * print.c: the mach_print trap (GNU Mach's number, -30).  Prints a line,
 * a line of exactly the longest length printed whole (4096 bytes), a
 * longer one that is cut there, and fails cleanly on a null and on a
 * kernel address.  Exits 0 when every return value is as expected; the
 * boot test (boot-user) checks the printed lines.
 */

#include "user.h"

#define PRINT_MAX 4096 /* the kernel's MACH_PRINT_MAX */

static char longest[PRINT_MAX + 1];
static char too_long[PRINT_MAX + 200];

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int bad = 0;
	bad |= mach_print("print: one line\n") != 0;

	for (int i = 0; i < PRINT_MAX - 1; i++)
		longest[i] = 'y';
	longest[PRINT_MAX - 1] = '\n';
	bad |= mach_print(longest) != 0;

	for (unsigned i = 0; i < sizeof too_long - 1; i++)
		too_long[i] = 'z';
	bad |= mach_print(too_long) != 0;
	bad |= mach_print("\n") != 0;

	bad |= mach_print(0) != 1 /* KERN_INVALID_ADDRESS */;
	bad |= mach_print((const char *)0xffffffff80000000ul) != 1;
	return bad ? 8 : 0;
}
