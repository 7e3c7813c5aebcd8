/*
 * hello.c: a well-behaved task: `hello NAME COUNT' prints COUNT numbered
 * lines, computing a little between them, and exits with status 0.
 * The computing is regs_spin (regs.h), which checks that every register
 * keeps the value only this task gives it, across the preemptions that
 * make the tasks share the CPU: on a changed register it prints which
 * and exits with status 10 + regs_spin's failure code.
 */

#include "regs.h"
#include "user.h"

/* Iterations of regs_spin between lines: about 15 million instructions. */
#define SPIN_ITERATIONS 100000

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
	regs_fill((uint64_t)(unsigned char)argv[1][0]);
	regs_use_fpu = 1;
	regs_syscall_every = SPIN_ITERATIONS + 1; /* none */
	for (int i = 0; i < count; i++) {
		/* Some work, so the tasks must share the CPU by preemption. */
		regs_iterations = SPIN_ITERATIONS;
		long code = regs_spin();
		if (code != 0) {
			regs_print_failure(code);
			return 10 + (int)code;
		}
		size_t n = 0;
		for (const char *p = argv[1]; *p != '\0' && n < 40; p++)
			line[n++] = *p;
		line[n++] = ' ';
		line[n++] = (char)('0' + i / 10 % 10);
		line[n++] = (char)('0' + i % 10);
		line[n++] = '\n';
		line[n] = '\0';
		mach_print(line);
	}
	return 0;
}
