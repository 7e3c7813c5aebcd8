/*
 * Host stand-in for machine/cpu_data.h: one CPU, whose struct cpu is
 * cpus[0] (tests/unit/host/host_kernel.c).
 */
#ifndef MACHINE_CPU_DATA_H
#define MACHINE_CPU_DATA_H

#include <stdbool.h>

struct arch_cpu {
	int unused;
};

void *host_cpu_self(void);

static inline void *
arch_cpu_self(void)
{
	return host_cpu_self();
}

/* The pointer at byte `offset' of the CPU's struct cpu. */
#define arch_cpu_load_pointer(offset)                                          \
	(*(void **)((char *)host_cpu_self() + (offset)))

#define host_cpu_field(type, offset)                                           \
	(*(type *)((char *)host_cpu_self() + (offset)))
#define arch_cpu_increment(offset) ((void)host_cpu_field(unsigned, offset)++)
#define arch_cpu_decrement(offset) (--host_cpu_field(unsigned, offset) == 0)
#define arch_cpu_load_bool(offset) host_cpu_field(bool, offset)

static inline void *
arch_cpu_exchange_pointer_(void **slot, void *value)
{
	void *old = *slot;
	*slot = value;
	return old;
}
#define arch_cpu_exchange_pointer(offset, value)                               \
	arch_cpu_exchange_pointer_(&host_cpu_field(void *, offset), (value))

#endif
