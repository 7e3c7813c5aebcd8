/*
 * kern/bootstrap.c: starting the boot modules as the first tasks.
 */

#include <machine/exec.h>
#include <machine/vm_param.h>

#include "kern/boot_script.h"
#include "kern/bootstrap.h"
#include "kern/cmdline.h"
#include "kern/exec_elf.h"
#include "kern/host.h"
#include "kern/ipc_tt.h"
#include "kern/printf.h"
#include "kern/string.h"
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

/*
 * The boot script (kern/boot_script.h): each module's command line is a
 * line.  Every line is read first, making the tasks its task-create
 * calls ask for and loading each module into its task, so that a line
 * may name a task that a later line creates; then, in order, each
 * line's words are expanded into its task's argv and the tasks asked
 * for with task-resume start.  A line with no call at all is run as if
 * it ended in $(task-create) $(task-resume) (our convention, for the
 * one-word module lines of tests and examples).
 */

/* Variables set by $(NAME=task-create), at most one per line. */
struct boot_var {
	char name[BOOT_SCRIPT_NAME_MAX + 1];
	task_t task;
};

struct boot_line {
	char name[TASK_NAME_MAX];
	task_t task; /* a reference, or NULL: nothing to run */
	vm_offset_t entry;
	bool resume;
};

struct boot_run {
	const struct boot_info *bi;
	struct boot_line lines[BOOT_MAX_MODULES];
	struct boot_var vars[BOOT_MAX_MODULES];
	unsigned nvars;
	task_t target; /* the task whose argv is being expanded */
};

/* A send right, inserted into the target: its name, in decimal. */
static long
insert_port(struct boot_run *run, ipc_port_t port, char *out, size_t size)
{
	mach_port_name_t name =
		ipc_port_copyout_send(port, run->target->itk_space);
	int n = ksnprintf(out, size, "%u", (unsigned)name);
	return n >= 0 && (size_t)n < size ? n : -2;
}

static long
copy_string(const char *s, char *out, size_t size)
{
	size_t n = strlen(s);
	if (n + 1 > size)
		return -2;
	memcpy(out, s, n + 1);
	return (long)n;
}

static long
lookup_variable(const char *name, char *out, size_t size, void *arg)
{
	struct boot_run *run = arg;
	if (strcmp(name, "host-port") == 0)
		return insert_port(run, host_priv_send(), out, size);
	if (strcmp(name, "device-port") == 0)
		return copy_string("0", out, size); /* no devices yet */
	if (strcmp(name, "kernel-command-line") == 0)
		return copy_string(run->bi->cmdline, out, size);
	for (unsigned i = 0; i < run->nvars; i++)
		if (strcmp(name, run->vars[i].name) == 0)
			return insert_port(
				run, retrieve_task_self(run->vars[i].task), out,
				size);
	/* NAME=VALUE words of the kernel command line. */
	if (!cmdline_get(run->bi->cmdline, name, out, size))
		return -1;
	size_t n = strlen(out);
	return n + 1 < size ? (long)n : -2;
}

static void
line_error(unsigned i, const char *name, const char *why)
{
	kprintf("bootstrap: module %u (%s): %s\n", i, name, why);
}

/* Read line i: check it, make its task and load its module. */
static void
read_line(struct boot_run *run, unsigned i)
{
	const struct boot_module *m = &run->bi->modules[i];
	struct boot_line *line = &run->lines[i];
	const char *cursor = m->cmdline, *why = NULL;
	struct boot_script_word w;
	unsigned creates = 0, resumes = 0, calls = 0;
	const char *var = NULL;
	int r;

	module_name(m->cmdline, line->name, sizeof line->name);
	line->task = NULL;
	while ((r = boot_script_next_word(&cursor, &w, &why)) == 1) {
		if (!w.is_call)
			continue;
		calls++;
		if (w.fn == BOOT_SCRIPT_TASK_RESUME) {
			resumes++;
			continue;
		}
		creates++;
		if (w.var[0] != '\0') {
			if (run->nvars == BOOT_MAX_MODULES)
				break;
			struct boot_var *v = &run->vars[run->nvars];
			memcpy(v->name, w.var, sizeof v->name);
			var = v->name;
		}
	}
	if (r < 0) {
		line_error(i, line->name, why);
		return;
	}
	if (calls == 0)
		creates = resumes = 1;
	if (creates > 1 || resumes > 1) {
		line_error(i, line->name,
			   "more than one task-create or "
			   "task-resume");
		return;
	}
	if (creates == 0) {
		line_error(i, line->name, "task-resume with no task-create");
		return;
	}
	for (unsigned v = 0; var != NULL && v < run->nvars; v++)
		if (strcmp(run->vars[v].name, var) == 0) {
			line_error(i, line->name, "variable set twice");
			return;
		}
	why = boot_module_check(run->bi, m, pmap_physmap_end());
	if (why != NULL) {
		line_error(i, line->name, why);
		return;
	}
	task_t task;
	if (task_create_user(line->name, &task) != KERN_SUCCESS) {
		line_error(i, line->name, "no memory for a task");
		return;
	}
	if (exec_elf_load(task, phys_to_virt(m->start), m->end - m->start,
			  segment_page_budget(), &line->entry,
			  &why) != KERN_SUCCESS) {
		line_error(i, line->name, why);
		task_terminate_internal(task, TASK_TERMINATED);
		task_deallocate(task);
		return;
	}
	line->task = task;
	line->resume = resumes == 1;
	if (var != NULL)
		run->vars[run->nvars++].task = task;
}

/* Run line i: its argv, then its thread (held by a task_suspend if the
 * line has no task-resume).  Returns the task's reference if it has its
 * thread, NULL otherwise. */
static task_t
run_line(struct boot_run *run, unsigned i)
{
	struct boot_line *line = &run->lines[i];
	static char strings[EXEC_STRINGS_MAX];
	const char *argv[EXEC_ARGS_MAX];
	size_t arglen[EXEC_ARGS_MAX];
	unsigned argc = 0;
	size_t used = 0;
	const char *cursor = run->bi->modules[i].cmdline, *why = "";
	struct boot_script_word w;
	vm_offset_t sp;

	run->target = line->task;
	while (boot_script_next_word(&cursor, &w, &why) == 1) {
		if (w.is_call)
			continue;
		long n = argc == EXEC_ARGS_MAX
				 ? -1
				 : boot_script_expand(&w, lookup_variable, run,
						      strings + used,
						      sizeof strings - used,
						      &why);
		if (n < 0) {
			line_error(i, line->name,
				   argc == EXEC_ARGS_MAX ? "too many words"
							 : why);
			goto fail;
		}
		argv[argc] = strings + used;
		arglen[argc++] = (size_t)n;
		used += (size_t)n + 1;
	}
	if (exec_setup_stack_argv(line->task, argc, argv, arglen, &sp) !=
	    KERN_SUCCESS) {
		line_error(i, line->name, "command line too long");
		goto fail;
	}
	/* A line without $(task-resume) makes its task suspended, as GNU
	 * Mach's task-create does: its thread is made, held until someone
	 * with the task port calls task_resume (the bootstrap server). */
	if (!line->resume && task_suspend_count(line->task) != KERN_SUCCESS) {
		line_error(i, line->name, "cannot be suspended");
		goto fail;
	}
	if (user_thread_create(line->task, line->entry, sp, NULL) !=
	    KERN_SUCCESS) {
		line_error(i, line->name, "no memory for a thread");
		goto fail;
	}
	task_t task = line->task;
	line->task = NULL;
	return task;
fail:
	task_terminate_internal(line->task, TASK_TERMINATED);
	task_deallocate(line->task);
	line->task = NULL;
	return NULL;
}

unsigned
bootstrap_run_script(const struct boot_info *bi, task_t *tasks, unsigned max)
{
	static struct boot_run run; /* big; the boot thread runs it once */
	unsigned started = 0;
	run.bi = bi;
	run.nvars = 0;
	for (unsigned i = 0; i < bi->nmodules; i++)
		read_line(&run, i);
	for (unsigned i = 0; i < bi->nmodules; i++) {
		if (run.lines[i].task == NULL)
			continue;
		task_t task = run_line(&run, i);
		if (task == NULL)
			continue;
		if (tasks != NULL && started < max)
			tasks[started++] = task;
		else
			task_deallocate(task);
	}
	return started;
}

void
bootstrap_start_modules(const struct boot_info *bi)
{
	if (bi->nmodules == 0)
		kprintf("bootstrap: no boot modules to start; the kernel "
			"idles\n");
	bootstrap_run_script(bi, NULL, 0);
}
