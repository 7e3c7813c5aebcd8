/*
 * bench_user.c: the cost of entering the kernel from user mode.
 */

#include <machine/vm_param.h>

#include "kern/bootstrap.h"
#include "kern/kbench.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "kern/task.h"

/*
 * Run the boot module whose command line starts with `name' as a task,
 * "NAME iterations", and wait for its end.  Loading and ending the task
 * cost the same for n and 2n iterations, so they cancel out.
 */
static void
run_module(const char *name, uint64_t iterations)
{
	const struct boot_info *bi = kbench_boot_info();
	size_t len = strlen(name);
	for (unsigned i = 0; i < bi->nmodules; i++) {
		const struct boot_module *m = &bi->modules[i];
		if (strncmp(m->cmdline, name, len) != 0)
			continue;
		char cmdline[48];
		task_t task;
		ksnprintf(cmdline, sizeof cmdline, "%s %llu", name,
			  (unsigned long long)iterations);
		if (bootstrap_task(phys_to_virt(m->start), m->end - m->start,
				   cmdline, &task) != KERN_SUCCESS)
			return;
		task_wait_terminated(task);
		task_deallocate(task);
		return;
	}
}

/*
 * One null trap round trip, user -> kernel -> user: a task from the
 * "nulltrap" module makes `iterations' calls of an unassigned Mach trap
 * (answered KERN_INVALID_ARGUMENT at once).
 */
KBENCH(null_trap_round_trip, 2000)
{
	run_module("nulltrap", iterations);
}

/*
 * One redirected system call's round trip: the "emulbench" module
 * (tests/libmach/emul_bench.c, a musl program linked with libmach)
 * calls getpid `iterations' times; each `syscall' goes to the kernel,
 * back to libmach's emulation entry in user mode (registers and FPU
 * state saved, the C dispatcher), and returns to the program from
 * there.
 */
KBENCH(emul_getpid_round_trip, 2000)
{
	run_module("emulbench", iterations);
}
