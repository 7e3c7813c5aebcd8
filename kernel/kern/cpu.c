/*
 * kern/cpu.c: per-CPU data.
 */

#include "kern/cpu.h"
#include "kern/string.h"

struct cpu cpus[MAX_CPUS];

void
cpu_bootstrap(void)
{
	struct cpu *c = &cpus[0];
	memset(c, 0, sizeof *c);
	c->self = c;
	c->id = 0;
	run_queue_init(&c->runq);
	arch_cpu_data_install(c);
}
