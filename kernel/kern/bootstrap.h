/*
 * kern/bootstrap.h: the first user tasks, from the boot modules.
 */
#ifndef KERN_BOOTSTRAP_H
#define KERN_BOOTSTRAP_H

#include <stddef.h>

#include <mach/kern_return.h>

#include "kern/boot_info.h"
#include "kern/task.h"

/*
 * Make a task of boot module `m' of `bi' (a static ELF64 executable; its
 * command line's words become argv, the first naming the task) and start
 * its first thread.  Returns KERN_SUCCESS with a reference to the task in
 * *out (which may be NULL to drop it), or an error after printing why
 * the module cannot run: KERN_INVALID_ARGUMENT for a module whose bounds
 * are wrong (see boot_module_check) or that is no such executable,
 * KERN_RESOURCE_SHORTAGE for one whose segments need more pages than
 * are free (less a reserve for the kernel) or when memory runs out.  A
 * bad module never stops the kernel.
 */
kern_return_t bootstrap_module_task(const struct boot_info *bi,
				    const struct boot_module *m, task_t *out);

/*
 * The same for an executable image in kernel memory, with `cmdline' as
 * its command line (no bounds to check).
 */
kern_return_t bootstrap_task(const void *image, size_t size,
			     const char *cmdline, task_t *out);

/*
 * As bootstrap_task, calling prepare(task, arg) once the task is loaded
 * and before its thread starts, to give it rights in its space (the
 * boot-script conventions, benchmarks).  An error from `prepare' ends
 * the task and is returned.
 */
kern_return_t
bootstrap_task_prepared(const void *image, size_t size, const char *cmdline,
			kern_return_t (*prepare)(task_t task, void *arg),
			void *arg, task_t *out);

/*
 * Run the boot script of bi's modules (kern/boot_script.h; the rules in
 * kern/bootstrap.c): make the tasks its lines ask for, give each its
 * argv and its thread, held (task_suspend) in those not to be resumed.
 * A line that cannot run says why on the console and is skipped.
 * Returns how many tasks it started (suspended ones too); with
 * `tasks' not NULL, the first `max' of their references go there, in
 * line order (the rest are dropped).  Not reentrant: the boot thread
 * (or one test) runs it once.
 */
unsigned bootstrap_run_script(const struct boot_info *bi, task_t *tasks,
			      unsigned max);

/* Run the boot script with no one to wait for its tasks. */
void bootstrap_start_modules(const struct boot_info *bi);

#endif
