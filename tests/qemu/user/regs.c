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
 * With `msg' in place of nofpu, its system call is a mach_msg receive
 * with a 1 ms timeout on a port of its own that nothing sends to: the
 * thread blocks with a continuation (no kernel stack kept) and comes
 * back through the continuation's return to user mode, which must give
 * back every register but rax, rcx and r11, as the trap's own return
 * does; the registers of the call's arguments hold its arguments.  It
 * ends after MSG_RECEIVES receives instead of COUNT interruptions.
 *
 * Exit status: 0 when all was well; 2 bad arguments; 3 an unclean
 * initial FPU state; 4 too few interruptions; 5 (msg) the receive did
 * not time out; 10 + the failure code of regs_spin on a register found
 * changed (printed).
 */

#include <stdbool.h>

#include <mach/message.h>

#include "regs.h"

#define ITERATIONS_PER_CALL 4000
#define SYSCALL_EVERY       300
#define MAX_CALLS           50000
#define MSG_RECEIVES        300

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

/* The registers of the trap's arguments (regs_gpr's order: rax rbx rcx
 * rdx rsi rdi rbp r8 ...). */
#define GPR_RDX 3
#define GPR_RSI 4
#define GPR_RDI 5
#define GPR_R8  7
#define GPR_R9  8
#define GPR_R10 9

static mach_msg_header_t receive_buffer;

/* The system call becomes a timed receive on a new port of its own. */
static int
receive_setup(void)
{
	long port = mach_trap3(MACH_TRAP_mach_reply_port, 0, 0, 0);
	if (port == 0)
		return -1;
	regs_syscall_number = MACH_TRAP_mach_msg_trap;
	regs_gpr[GPR_RDI] = (uint64_t)(uintptr_t)&receive_buffer;
	regs_gpr[GPR_RSI] = MACH_RCV_MSG | MACH_RCV_TIMEOUT;
	regs_gpr[GPR_RDX] = 0;
	regs_gpr[GPR_R10] = sizeof receive_buffer;
	regs_gpr[GPR_R8] = (uint64_t)port;
	regs_gpr[GPR_R9] = 1;
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc != 3 && argc != 4)
		return 2;
	uint64_t id = to_number(argv[1]), wanted = to_number(argv[2]);
	bool msg = argc == 4 && argv[3][0] == 'm';
	regs_use_fpu = argc == 3 || msg;
	regs_fill(id);
	regs_syscall_every = SYSCALL_EVERY;
	if (msg && receive_setup() != 0)
		return 2;

	/* A receiver blocks on most of its calls and is seldom preempted:
	 * it counts its receives instead. */
	for (int call = 0;
	     call < MAX_CALLS &&
	     (msg ? regs_syscalls < MSG_RECEIVES : regs_interruptions < wanted);
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
	if (msg && regs_syscall_result != MACH_RCV_TIMED_OUT)
		return 5;
	if (!msg && regs_interruptions < wanted)
		return 4;
	return 0;
}
