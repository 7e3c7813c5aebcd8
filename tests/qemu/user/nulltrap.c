/*
 * nulltrap.c: `nulltrap N' makes N calls of an unassigned Mach trap,
 * which the kernel answers at once: the null trap round trip.
 */

#include "user.h"

int
main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	long n = 0;
	for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	for (long i = 0; i < n; i++)
		mach_trap3(-1, 0, 0, 0);
	return 0;
}
