/*
 * machine/cpu_data.h: the machine-dependent part of the per-CPU data,
 * and how a CPU finds its own.
 *
 * Each CPU's GS base points at its struct cpu (kern/cpu.h), whose first
 * word points to itself and whose second member is this struct arch_cpu,
 * so assembly code reaches these fields at fixed %gs offsets.
 */
#ifndef MACHINE_CPU_DATA_H
#define MACHINE_CPU_DATA_H

#define CPU_DATA_KERNEL_RSP     8
#define CPU_DATA_USER_RSP       16
#define CPU_DATA_USER_FRAME_END 24

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct arch_thread;

struct arch_cpu {
	uintptr_t kernel_rsp;     /* %gs:8: top of the thread's kernel stack */
	uintptr_t user_rsp;       /* %gs:16: the user stack, saved at syscall */
	uintptr_t user_frame_end; /* %gs:24: end of the thread's user frame */
	/* The machine state of the thread running here (NULL at boot). */
	struct arch_thread *thread;
	/* The user FS and GS bases loaded in this CPU's registers. */
	uint64_t fs_base, gs_base;
	/* Kernel traps being handled: a fault inside a fault dump stops. */
	unsigned trap_depth;
};

/* This CPU's struct cpu (kern/cpu.h). */
static inline void *
arch_cpu_self(void)
{
	void *self;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(self));
	return self;
}

/*
 * The pointer at byte `offset' of this CPU's struct cpu, in one load
 * (`offset' a constant, such as an offsetof).
 */
#define arch_cpu_load_pointer(offset)                                          \
	({                                                                     \
		void *value_;                                                  \
		__asm__ volatile("movq %%gs:%c1, %0"                           \
				 : "=r"(value_)                                \
				 : "i"(offset));                               \
		value_;                                                        \
	})

/*
 * Per-CPU counters for kern/preempt.h, each one instruction, so an
 * interrupt on this CPU sees the counter before or after, never half
 * changed (`offset' a constant).  arch_cpu_decrement returns whether
 * the counter reached zero.
 */
#define arch_cpu_increment(offset)                                             \
	__asm__ volatile("incl %%gs:%c0" : : "i"(offset) : "memory", "cc")

#define arch_cpu_decrement(offset)                                             \
	({                                                                     \
		bool zero_;                                                    \
		__asm__ volatile("decl %%gs:%c1"                               \
				 : "=@ccz"(zero_)                              \
				 : "i"(offset)                                 \
				 : "memory");                                  \
		zero_;                                                         \
	})

/*
 * Swap the pointer at byte `offset' of this CPU's struct cpu for
 * `value' and return the old one, in one instruction: nothing on this
 * CPU (an interrupt, a preemption) can come between the two halves.
 */
#define arch_cpu_exchange_pointer(offset, value)                               \
	({                                                                     \
		void *value_ = (value);                                        \
		__asm__ volatile("xchgq %0, %%gs:%c1"                          \
				 : "+r"(value_)                                \
				 : "i"(offset)                                 \
				 : "memory");                                  \
		value_;                                                        \
	})

/* The bool at byte `offset' of this CPU's struct cpu, in one load. */
#define arch_cpu_load_bool(offset)                                             \
	({                                                                     \
		bool value_;                                                   \
		__asm__ volatile("movb %%gs:%c1, %0"                           \
				 : "=q"(value_)                                \
				 : "i"(offset)                                 \
				 : "memory");                                  \
		value_;                                                        \
	})

/* Make `cpu' (a struct cpu) this CPU's own. */
void arch_cpu_data_install(void *cpu);
#endif

#endif
