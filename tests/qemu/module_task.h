/*
 * module_task.h: user tasks started from boot modules, for the boot
 * tests and the benchmarks that run user programs (both are linked
 * into the kernel).
 *
 * A task is started from the module whose command line's first word is
 * its own command line's first word ("ipcbench server" runs the
 * "ipcbench" module), with `prepare(task, arg)' run before its first
 * thread starts: the give_* hooks below hand it a service port.
 */
#ifndef TESTS_QEMU_MODULE_TASK_H
#define TESTS_QEMU_MODULE_TASK_H

#include <stdbool.h>

#include "kern/boot_info.h"
#include "kern/task.h"

/* The name a service port's right gets in a task (the user programs
 * tests/qemu/user/ipcbench.c and tests/bench/stubbench.c expect it). */
#define MODULE_TASK_SERVICE 0x1003u

/* The module whose command line's first word is `word' (up to a blank
 * or the end), or NULL. */
const struct boot_module *module_find(const struct boot_info *bi,
				      const char *word);

/* A task running the module `cmdline' names, argv from `cmdline';
 * NULL if there is no such module or the task cannot be made. */
task_t module_task_start(const struct boot_info *bi, const char *cmdline,
			 kern_return_t (*prepare)(task_t, void *), void *arg);

/* Wait for `task' to end and drop the caller's reference; returns
 * whether it ended by itself without a fault (its own task_terminate:
 * main's status 0, tests/qemu/user/exit.c, or libmach's end); says why
 * not on the console. */
bool module_task_finish(task_t task);

/* End `task' (a server that never returns) and drop the reference. */
void module_task_kill(task_t task);

/* prepare hooks: the receive right to the ipc_port_t `port', or a new
 * send right to it, as MODULE_TASK_SERVICE. */
kern_return_t module_task_give_receive(task_t task, void *port);
kern_return_t module_task_give_send(task_t task, void *port);

#endif
