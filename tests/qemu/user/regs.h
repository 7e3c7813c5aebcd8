/*
 * regs.h: regs_spin (regs_spin.S), a loop that holds known values in
 * every register and checks them all on every iteration, and what it
 * reports.  The caller fills the regs_ values, then calls regs_spin.
 */
#ifndef TESTS_QEMU_USER_REGS_H
#define TESTS_QEMU_USER_REGS_H

/* What regs_spin returns: 0, or which check failed. */
#define REGS_FAIL_FLAGS         1 /* rflags while spinning */
#define REGS_FAIL_SYSCALL_FLAGS 2 /* rflags after a system call */
#define REGS_FAIL_RSP           3
#define REGS_FAIL_FPU           4  /* regs_bad_value: the quadword */
#define REGS_FAIL_GPR           16 /* + the register's index in regs_gpr */

/* An iteration longer than this many instructions was interrupted. */
#define REGS_GAP 600

/* The fxsave bytes compared: the x87 and SSE state (no reserved part). */
#define REGS_FPU_COMPARED 416

#ifndef __ASSEMBLER__
#include <stdint.h>

/* rax rbx rcx rdx rsi rdi rbp r8 ... r15: the values to hold. */
extern uint64_t regs_gpr[15];
/* With regs_use_fpu: the x87 stack, xmm0-15, control words to load. */
extern char regs_use_fpu;
extern int64_t regs_x87[8];
extern uint64_t regs_xmm[16][2];
extern uint16_t regs_fcw;
extern uint32_t regs_mxcsr;
/* Iterations to run; a system call every regs_syscall_every: trap
 * regs_syscall_number (MACH_TRAP_swtch unless set), its arguments the
 * regs_gpr values of their registers, its last result kept. */
extern uint64_t regs_iterations, regs_syscall_every;
extern int64_t regs_syscall_number;
extern uint64_t regs_syscall_result;

/* Results: the FPU state found on entry, the loaded one, counts. */
extern unsigned char regs_initial_fpu[512], regs_fpu_image[512];
extern uint64_t regs_interruptions, regs_syscalls, regs_bad_value;

long regs_spin(void);

#include "user.h"

/* Fill the regs_ values with ones that only caller `id' uses. */
static inline void
regs_fill(uint64_t id)
{
	for (uint64_t i = 0; i < 15; i++)
		regs_gpr[i] = 0x5200000000000000 | id << 40 | i << 32 |
			      0x600d0000 | id << 8 | i;
	for (uint64_t i = 0; i < 8; i++)
		regs_x87[i] = (int64_t)(id * 1000 + i);
	for (uint64_t i = 0; i < 16; i++) {
		regs_xmm[i][0] = 0x3e00000000000000 | id << 40 | i;
		regs_xmm[i][1] = ~regs_xmm[i][0];
	}
	/* Default control words but for the rounding mode. */
	regs_fcw = (uint16_t)(0x037f | (id & 3) << 10);
	regs_mxcsr = (uint32_t)(0x1f80 | (id & 3) << 13);
}

static inline char *
regs_put(char *out, const char *s)
{
	while (*s != '\0')
		*out++ = *s++;
	return out;
}

static inline char *
regs_put_hex(char *out, uint64_t v)
{
	out = regs_put(out, "0x");
	for (int i = 0; i < 16; i++)
		*out++ = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
	return out;
}

/* Say on the console what regs_spin's failure `code' found. */
static inline void
regs_print_failure(long code)
{
	static const char *const gpr_names[15] = {
		"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
		"r9",  "r10", "r11", "r12", "r13", "r14", "r15",
	};
	int gpr = code >= REGS_FAIL_GPR && code < REGS_FAIL_GPR + 15;
	const char *what =
		gpr                       ? gpr_names[code - REGS_FAIL_GPR]
		: code == REGS_FAIL_FLAGS ? "rflags"
		: code == REGS_FAIL_SYSCALL_FLAGS ? "rflags after a syscall"
		: code == REGS_FAIL_RSP           ? "rsp"
		: code == REGS_FAIL_FPU           ? "FPU/SSE state, at quadword"
						  : "?";
	char line[128], *p = line;
	p = regs_put(p, "register check failed: ");
	p = regs_put(p, what);
	p = regs_put(p, " = ");
	p = regs_put_hex(p, regs_bad_value);
	if (gpr) {
		p = regs_put(p, ", expected ");
		p = regs_put_hex(p, regs_gpr[code - REGS_FAIL_GPR]);
	}
	*p++ = '\n';
	*p = '\0';
	mach_print(line);
}
#endif

#endif
