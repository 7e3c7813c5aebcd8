/*
 * Host stand-in for machine/cpu_data.h: one CPU, whose struct cpu is
 * cpus[0] (tests/unit/host/host_kernel.c).
 */
#ifndef MACHINE_CPU_DATA_H
#define MACHINE_CPU_DATA_H

struct arch_cpu {
	int unused;
};

void *host_cpu_self(void);

static inline void *
arch_cpu_self(void)
{
	return host_cpu_self();
}

#endif
