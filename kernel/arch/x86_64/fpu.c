/*
 * fpu.c: enabling the x87 FPU and SSE; the initial state of threads.
 */

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/x86.h"
#include "kern/panic.h"
#include "kern/string.h"

#define CPUID1_EDX_FXSR (1u << 24)
#define CPUID1_EDX_SSE  (1u << 25)
#define CPUID1_EDX_SSE2 (1u << 26)

void
fpu_init(void)
{
	uint32_t need = CPUID1_EDX_FXSR | CPUID1_EDX_SSE | CPUID1_EDX_SSE2;
	if ((cpuid(1, 0).edx & need) != need)
		panic("fpu: the CPU has no fxsave or SSE2");
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

void
fpu_state_init(struct fpu_state *state)
{
	memset(state, 0, sizeof *state);
	state->fcw = FPU_INITIAL_FCW;
	state->mxcsr = FPU_INITIAL_MXCSR;
}
