/*
 * kern/kbench.c: the benchmark runner.
 */

#include <stdbool.h>

#include <machine/cpu.h>
#include <machine/machdep.h>

#include "kern/cmdline.h"
#include "kern/kbench.h"
#include "kern/printf.h"

extern const struct kbench __kbench_start[], __kbench_end[];

/* What the running benchmark reported of its run (kbench_report). */
static bool reported;
static uint64_t reported_cost;

void
kbench_report(uint64_t instructions)
{
	reported = true;
	reported_cost = instructions;
}

static uint64_t
measure(const struct kbench *b, uint64_t iterations)
{
	reported = false;
	uint64_t start = cpu_timestamp();
	b->fn(iterations);
	uint64_t cost = cpu_timestamp() - start;
	return reported ? reported_cost : cost;
}

static const struct boot_info *boot_info;

const struct boot_info *
kbench_boot_info(void)
{
	return boot_info;
}

void
kbench_run(const char *selection, const struct boot_info *bi)
{
	boot_info = bi;
	for (const struct kbench *b = __kbench_start; b < __kbench_end; b++) {
		if (!cmdline_list_has(selection, b->name))
			continue;
		uint64_t n = b->iterations;
		measure(b, n); /* warm up */
		uint64_t once = measure(b, n);
		uint64_t twice = measure(b, 2 * n);
		uint64_t tenths = twice > once ? (twice - once) * 10 / n : 0;
		kprintf("bench %s: %llu.%llu instructions/op\n", b->name,
			(unsigned long long)(tenths / 10),
			(unsigned long long)(tenths % 10));
	}
	kprintf("bench: done\n");
	arch_machine_exit(false);
}
