/*
 * kern/kbench.h: benchmarks, run inside the kernel.
 *
 * A benchmark is a function registered with KBENCH(name) that performs
 * the measured operation `iterations' times.  The kernel command line
 * word bench=NAME[,NAME...] (or bench=all) runs the selected ones and
 * prints "bench NAME: N instructions/op" per benchmark.
 *
 * The cost is read from the CPU's timestamp counter, which under QEMU
 * with -icount shift=0 counts guest instructions (tests/bench/run-bench
 * sets that up).  Each benchmark runs for n and for 2n iterations and the
 * difference is divided by n, which cancels the fixed costs of the call
 * and of any set-up inside the function.
 */
#ifndef KERN_KBENCH_H
#define KERN_KBENCH_H

#include <stdint.h>

struct kbench {
	const char *name;
	void (*fn)(uint64_t iterations);
	uint64_t iterations;
};

#define KBENCH(name_, iterations_)                                             \
	static void kbench_##name_(uint64_t);                                  \
	static const struct kbench kbench_desc_##name_                         \
		__attribute__((used, section(".kbench"), aligned(8))) = {      \
			#name_, kbench_##name_, iterations_                    \
		};                                                             \
	static void kbench_##name_(uint64_t iterations)

#include "kern/boot_info.h"

/* Run the benchmarks `selection' names; ends the machine. */
void kbench_run(const char *selection, const struct boot_info *bi)
	__attribute__((noreturn));

/* For the benchmarks: the boot information (modules to run). */
const struct boot_info *kbench_boot_info(void);

/*
 * For a benchmark that times its operation itself (a user program
 * timing only its page faults, tests/bench/bench_vm_user.c): the cost
 * of this run of the function is `instructions', not what the runner
 * read around it.  The last call in a run counts.
 */
void kbench_report(uint64_t instructions);

#endif
