/*
 * kern/bootstrap.c: starting the boot modules as the first tasks.
 */

#include <machine/exec.h>
#include <machine/vm_param.h>

#include "kern/bootstrap.h"
#include "kern/exec_elf.h"
#include "kern/printf.h"
#include "kern/thread.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

/* The task name: the last path component of the first word. */
static void
module_name(const char *cmdline, char *name, size_t size)
{
	const char *start = cmdline, *end = cmdline;
	while (*end != '\0' && *end != ' ') {
		if (*end == '/')
			start = end + 1;
		end++;
	}
	size_t n = end - start;
	if (n == 0) {
		start = "module";
		n = 6;
	}
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		name[i] = start[i];
	name[n] = '\0';
}

kern_return_t
bootstrap_module_task(const struct boot_info *bi, const struct boot_module *m,
		      task_t *out)
{
	const char *why = boot_module_check(bi, m, pmap_physmap_end());
	if (why != NULL) {
		char name[TASK_NAME_MAX];
		module_name(m->cmdline, name, sizeof name);
		kprintf("bootstrap: %s: module %#llx-%#llx refused: %s\n", name,
			(unsigned long long)m->start,
			(unsigned long long)m->end, why);
		return KERN_INVALID_ARGUMENT;
	}
	return bootstrap_task(phys_to_virt(m->start), m->end - m->start,
			      m->cmdline, out);
}

/*
 * The pages a new task's segments may take: what is free, less its stack
 * and a sixteenth kept for the kernel and the task's page tables, so that
 * one module cannot take the memory the others and the kernel need.
 */
static uint64_t
segment_page_budget(void)
{
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	uint64_t keep = USER_STACK_SIZE / PAGE_SIZE + st.free / 16;
	return st.free > keep ? st.free - keep : 0;
}

kern_return_t
bootstrap_task(const void *image, size_t size, const char *cmdline, task_t *out)
{
	return bootstrap_task_prepared(image, size, cmdline, NULL, NULL, out);
}

kern_return_t
bootstrap_task_prepared(const void *image, size_t size, const char *cmdline,
			kern_return_t (*prepare)(task_t task, void *arg),
			void *arg, task_t *out)
{
	char name[TASK_NAME_MAX];
	task_t task;
	vm_offset_t entry, sp;
	const char *why = NULL;

	module_name(cmdline, name, sizeof name);
	kern_return_t kr = task_create_user(name, &task);
	if (kr != KERN_SUCCESS) {
		kprintf("bootstrap: %s: no memory for a task\n", name);
		return kr;
	}
	kr = exec_elf_load(task, image, size, segment_page_budget(), &entry,
			   &why);
	if (kr == KERN_SUCCESS) {
		kr = exec_setup_stack(task, cmdline, &sp);
		why = "command line too long";
	}
	if (kr == KERN_SUCCESS && prepare != NULL) {
		kr = prepare(task, arg);
		why = "its ports could not be given";
	}
	if (kr == KERN_SUCCESS) {
		kr = user_thread_create(task, entry, sp, NULL);
		why = "no memory for a thread";
	}
	if (kr != KERN_SUCCESS) {
		kprintf("bootstrap: %s: cannot run: %s\n", name, why);
		task_deallocate(task);
		return kr;
	}

	if (out != NULL)
		*out = task;
	else
		task_deallocate(task);
	return KERN_SUCCESS;
}

void
bootstrap_start_modules(const struct boot_info *bi)
{
	if (bi->nmodules == 0)
		kprintf("bootstrap: no boot modules to start; the kernel "
			"idles\n");
	for (unsigned i = 0; i < bi->nmodules; i++)
		bootstrap_module_task(bi, &bi->modules[i], NULL);
}
