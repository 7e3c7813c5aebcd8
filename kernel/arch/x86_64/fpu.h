/*
 * fpu.h: the x87 FPU and SSE units, and the state they hold for user
 * threads.
 *
 * The kernel itself never uses them (it is compiled with
 * -mgeneral-regs-only), so the registers always hold the state of the
 * last user thread that ran on this CPU.  The state is switched eagerly,
 * with every switch between user threads (docs/kernel.md says why).
 */
#ifndef ARCH_X86_64_FPU_H
#define ARCH_X86_64_FPU_H

#include <machine/fpu.h>

/* The state a new thread starts with: FNINIT's, and MXCSR 0x1f80. */
#define FPU_INITIAL_FCW   0x037f
#define FPU_INITIAL_MXCSR 0x1f80

/*
 * Enable the FPU and SSE on this CPU (CR0.MP|NE, CR4.OSFXSR|OSXMMEXCPT).
 * Panics if the CPU has no fxsave or SSE2, which every x86_64 CPU has.
 */
void fpu_init(void);

/* Set `state' to the initial state of a new thread. */
void fpu_state_init(struct fpu_state *state);

/* Store this CPU's FPU and SSE registers in `state'. */
static inline void
fpu_save(struct fpu_state *state)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*state));
}

/*
 * Load this CPU's FPU and SSE registers from `state', which fpu_save or
 * fpu_state_init wrote (a reserved MXCSR bit set would fault here).
 */
static inline void
fpu_restore(const struct fpu_state *state)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(*state));
}

/* The x87 status word in this CPU's registers. */
static inline uint16_t
fpu_x87_status(void)
{
	uint16_t fsw;
	__asm__ volatile("fnstsw %0" : "=m"(fsw));
	return fsw;
}

/* MXCSR, the SSE control and status, in this CPU's registers. */
static inline uint32_t
fpu_sse_status(void)
{
	uint32_t mxcsr;
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	return mxcsr;
}

#endif
