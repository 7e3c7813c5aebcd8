/*
 * regs.c: `regs ID COUNT [nofpu]' holds values only it uses in every
 * register (the x87 and SSE ones too, unless nofpu) and checks them all
 * on every iteration of regs_spin (regs.h), until something interrupted
 * it COUNT times; it makes a system call every few hundred iterations.
 * Several of these, preempted by each other and by the kernel, check
 * that a thread gets back exactly its own registers.
 *
 * It also checks that it started with a clean FPU state: what FNINIT
 * and the default MXCSR give, whatever another task had loaded.
 *
 * Exit status: 0 when all was well; 2 bad arguments; 3 an unclean
 * initial FPU state; 4 too few interruptions; 10 + the failure code of
 * regs_spin on a register found changed (printed).
 */

#include "regs.h"

#define ITERATIONS_PER_CALL 4000
#define SYSCALL_EVERY       300
#define MAX_CALLS           50000

static uint64_t
to_number(const char *s)
{
	uint64_t n = 0;
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (uint64_t)(*s++ - '0');
	return n;
}

/* The fxsave image of the state FNINIT and MXCSR 0x1f80 define. */
static int
initial_fpu_is_clean(const unsigned char *fx)
{
	uint16_t fcw = (uint16_t)(fx[0] | fx[1] << 8);
	uint32_t mxcsr = (uint32_t)fx[24] | (uint32_t)fx[25] << 8 |
			 (uint32_t)fx[26] << 16 | (uint32_t)fx[27] << 24;
	if (fcw != 0x037f || mxcsr != 0x1f80)
		return 0;
	/* FSW, FTW (all empty), FOP, FIP, FDP; then ST0-7 and XMM0-15. */
	for (int i = 2; i < 24; i++)
		if (fx[i] != 0)
			return 0;
	for (int i = 32; i < REGS_FPU_COMPARED; i++)
		if (fx[i] != 0)
			return 0;
	return 1;
}

int
main(int argc, char **argv)
{
	if (argc != 3 && argc != 4)
		return 2;
	uint64_t id = to_number(argv[1]), wanted = to_number(argv[2]);
	regs_use_fpu = argc == 3;
	regs_fill(id);
	regs_syscall_every = SYSCALL_EVERY;

	for (int call = 0; call < MAX_CALLS && regs_interruptions < wanted;
	     call++) {
		regs_iterations = ITERATIONS_PER_CALL;
		long code = regs_spin();
		if (code != 0) {
			regs_print_failure(code);
			return 10 + (int)code;
		}
		if (call == 0 && regs_use_fpu &&
		    !initial_fpu_is_clean(regs_initial_fpu)) {
			print("the FPU state it started with is not clean\n");
			return 3;
		}
	}
	if (regs_interruptions < wanted)
		return 4;
	return 0;
}
