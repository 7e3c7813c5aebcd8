/*
 * hello.c: a well-behaved task: `hello NAME COUNT' prints COUNT numbered
 * lines, computing a little between them, and exits with status 0.
 */

#include "user.h"

static int
to_int(const char *s)
{
	int n = 0;
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}

int
main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	int count = to_int(argv[2]);
	char line[64];
	for (int i = 0; i < count; i++) {
		/* Some work, so the tasks must share the CPU by preemption. */
		for (volatile int spin = 0; spin < 3000000; spin++)
			;
		size_t n = 0;
		for (const char *p = argv[1]; *p != '\0' && n < 40; p++)
			line[n++] = *p;
		line[n++] = ' ';
		line[n++] = (char)('0' + i / 10 % 10);
		line[n++] = (char)('0' + i % 10);
		line[n++] = '\n';
		debug_print(line, n);
	}
	return 0;
}
