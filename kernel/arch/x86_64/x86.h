/*
 * x86.h: x86_64 instructions and registers for the arch code: model
 * specific registers, control registers and CPUID.
 */
#ifndef ARCH_X86_64_X86_H
#define ARCH_X86_64_X86_H

#include <stdint.h>

#define MSR_APIC_BASE      0x0000001b
#define MSR_EFER           0xc0000080
#define MSR_STAR           0xc0000081
#define MSR_LSTAR          0xc0000082
#define MSR_SFMASK         0xc0000084
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

static inline uint64_t
rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void
wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)value),
			   "d"((uint32_t)(value >> 32)));
}

#define DEFINE_READ_CR(n)                                                      \
	static inline uint64_t read_cr##n(void)                                \
	{                                                                      \
		uint64_t v;                                                    \
		__asm__ volatile("movq %%cr" #n ", %0" : "=r"(v));             \
		return v;                                                      \
	}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)
#undef DEFINE_READ_CR

static inline void
write_cr0(uint64_t v)
{
	__asm__ volatile("movq %0, %%cr0" : : "r"(v) : "memory");
}

static inline void
write_cr3(uint64_t v)
{
	__asm__ volatile("movq %0, %%cr3" : : "r"(v) : "memory");
}

static inline void
write_cr4(uint64_t v)
{
	__asm__ volatile("movq %0, %%cr4" : : "r"(v) : "memory");
}

#define CR0_MP         (1ull << 1) /* wait/fwait honour TS */
#define CR0_EM         (1ull << 2) /* no x87: every FPU instruction traps */
#define CR0_TS         (1ull << 3) /* the next FPU instruction traps (#NM) */
#define CR0_NE         (1ull << 5) /* x87 errors as #MF, not the legacy IRQ 13 */
#define CR4_PGE        (1ull << 7)
#define CR4_OSFXSR     (1ull << 9)  /* fxsave/fxrstor and SSE enabled */
#define CR4_OSXMMEXCPT (1ull << 10) /* unmasked SSE exceptions are #XM */
#define CR4_SMEP       (1ull << 20) /* no kernel execution of user pages */
#define CR4_SMAP       (1ull << 21) /* no kernel access to user pages */

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* The CPUID leaf `leaf', subleaf `subleaf'. */
static inline struct cpuid_regs
cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

#endif
