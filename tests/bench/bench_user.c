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
 * One null trap round trip, user -> kernel -> user: a task from the
 * "nulltrap" module makes `iterations' calls of an unassigned Mach trap
 * (answered KERN_INVALID_ARGUMENT at once).  Loading and ending the
 * task cost the same for n and 2n iterations, so they cancel out.
 */
KBENCH(null_trap_round_trip, 2000)
{
	const struct boot_info *bi = kbench_boot_info();
	for (unsigned i = 0; i < bi->nmodules; i++) {
		const struct boot_module *m = &bi->modules[i];
		if (strncmp(m->cmdline, "nulltrap", 8) != 0)
			continue;
		char cmdline[48];
		task_t task;
		ksnprintf(cmdline, sizeof cmdline, "nulltrap %llu",
			  (unsigned long long)iterations);
		if (bootstrap_task(phys_to_virt(m->start), m->end - m->start,
				   cmdline, &task) != KERN_SUCCESS)
			return;
		task_wait_terminated(task);
		task_deallocate(task);
		return;
	}
}
