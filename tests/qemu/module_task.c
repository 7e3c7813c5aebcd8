/*
 * module_task.c: user tasks started from boot modules (module_task.h).
 */

#include "module_task.h"

#include <machine/vm_param.h>

#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "kern/bootstrap.h"
#include "kern/printf.h"
#include "kern/string.h"

/* The length of the first word of `s'. */
static size_t
first_word(const char *s)
{
	size_t n = 0;
	while (s[n] != '\0' && s[n] != ' ')
		n++;
	return n;
}

const struct boot_module *
module_find(const struct boot_info *bi, const char *word)
{
	size_t n = first_word(word);
	for (unsigned i = 0; i < bi->nmodules; i++) {
		const char *c = bi->modules[i].cmdline;
		if (first_word(c) == n && strncmp(c, word, n) == 0)
			return &bi->modules[i];
	}
	return NULL;
}

task_t
module_task_start(const struct boot_info *bi, const char *cmdline,
		  kern_return_t (*prepare)(task_t, void *), void *arg)
{
	const struct boot_module *m = module_find(bi, cmdline);
	task_t task = NULL;
	if (m == NULL || bootstrap_task_prepared(
				 phys_to_virt(m->start), m->end - m->start,
				 cmdline, prepare, arg, &task) != KERN_SUCCESS)
		return NULL;
	return task;
}

bool
module_task_finish(task_t task)
{
	task_wait_terminated(task);
	bool ok = task->end == TASK_TERMINATED;
	if (!ok)
		kprintf("module_task: %s ended %d\n", task->name,
			(int)task->end);
	task_deallocate(task);
	return ok;
}

void
module_task_kill(task_t task)
{
	task_terminate_internal(task, TASK_TERMINATED);
	task_wait_terminated(task);
	task_deallocate(task);
}

kern_return_t
module_task_give_receive(task_t task, void *port)
{
	return mach_port_insert_right(task->itk_space, MODULE_TASK_SERVICE,
				      port, MACH_MSG_TYPE_PORT_RECEIVE);
}

kern_return_t
module_task_give_send(task_t task, void *port)
{
	return mach_port_insert_right(task->itk_space, MODULE_TASK_SERVICE,
				      ipc_port_make_send(port),
				      MACH_MSG_TYPE_PORT_SEND);
}
