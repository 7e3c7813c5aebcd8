/*
 * huge.c: a program whose bss (hugebss.S) is 64 GiB, more than any test
 * machine has.  The kernel must refuse to load it with a message; if it
 * ever ran, it would exit with status 99.
 */

#include "user.h"

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 99;
}
