/*
 * machine/cpu.h: the x86_64 instructions generic kernel code may use,
 * each behind a name that says what it is for.
 */
#ifndef MACHINE_CPU_H
#define MACHINE_CPU_H

#include <stdbool.h>
#include <stdint.h>

static inline void
outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint8_t
inb(uint16_t port)
{
	uint8_t value;
	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline void
outw(uint16_t port, uint16_t value)
{
	__asm__ volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

/* Spin-wait hint for a CPU polling a lock or a device. */
static inline void
cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

/* Stop until the next interrupt. */
static inline void
cpu_idle(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

/* Disable interrupts; return whether they were enabled before. */
static inline bool
intr_disable(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return (flags & 0x200) != 0;
}

/* Disable interrupts, when their previous state does not matter. */
static inline void
intr_off(void)
{
	__asm__ volatile("cli" ::: "memory");
}

/* Enable interrupts again if `enabled' says they were. */
static inline void
intr_restore(bool enabled)
{
	if (enabled)
		__asm__ volatile("sti" ::: "memory");
}

/* Enable interrupts. */
static inline void
intr_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

/* Whether interrupts are enabled on this CPU. */
static inline bool
intr_enabled(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	return (flags & 0x200) != 0;
}

/*
 * Enable interrupts and wait for one, with no window between the two in
 * which a wakeup could be missed (sti delays interrupts by one
 * instruction).
 */
static inline void
cpu_idle_enable_intr(void)
{
	__asm__ volatile("sti; hlt" ::: "memory");
}

/*
 * The timestamp counter.  Under QEMU with -icount shift=0 it counts
 * guest instructions, which is what the benchmarks measure.
 */
static inline uint64_t
cpu_timestamp(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

/* The frame pointer of the caller, where a backtrace starts. */
#define cpu_frame_pointer() ((uintptr_t)__builtin_frame_address(0))

#endif
