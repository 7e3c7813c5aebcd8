/*
 * kern/mach_unserved.c: the routines of mach.defs that the kernel does
 * not serve yet.  Each answers KERN_FAILURE, changing nothing; the
 * request's rights and memory are then destroyed by the dispatch (MIG's
 * rule for a failed routine), so nothing leaks.  docs/kobjects.md lists
 * them with what each waits for; each moves to kern/mach_kobject.c (or
 * the subsystem that owns it) when it is written.  Compiled with KERNEL
 * defined.
 */

#include "kern/ipc_mig.h"
#include "machServer.h"

/* The signatures are MIG's; the parameters are unused on purpose. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* Not served: restartable atomic sequences (GNU Mach has none either). */

kern_return_t
task_ras_control(task_t target_task, vm_address_t basepc, vm_address_t boundspc,
		 int flavor)
{
	return KERN_FAILURE;
}
