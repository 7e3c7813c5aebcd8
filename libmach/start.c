/*
 * start.c: a program's start-up and end (mach_init.h).
 *
 * musl's own start-up (__libc_start_main) cannot run yet: it makes
 * system calls (arch_prctl for the thread pointer, set_tid_address)
 * that this kernel does not serve until system-call redirection and
 * its emulation library exist; such a call ends the task.  So libmach
 * has its own entry (crt0.S), which sets what musl's start-up would
 * that needs no system call (environ, the program's name), the Mach
 * state and the thread pointer the Mach way (mach_init, tls.c), runs
 * the constructors and calls main (libmach/README.md says what of
 * musl works).
 *
 * The end: exit() is musl's (atexit handlers, destructors, stdio
 * flushed), and its last step _Exit is defined here, so the task ends
 * by task_terminate instead of the exit_group system call.  Being
 * defined in this file, which every program links, it is the one the
 * link resolves.
 */

/* For program_invocation_name. */
#define _GNU_SOURCE

#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include <mach/mach_traps.h>
#include <mach/task_special_ports.h>

#include "mach.h"
#include "tls.h"

mach_port_t mach_task_self_ = MACH_PORT_NULL;
mach_port_t bootstrap_port = MACH_PORT_NULL;
vm_size_t vm_page_size = 4096;

extern char **environ;
extern int main(int argc, char **argv, char **envp);

/* The linker's bounds of the constructor arrays (static link). */
extern void (*__preinit_array_start[])(int, char **, char **)
	__attribute__((weak, visibility("hidden")));
extern void (*__preinit_array_end[])(int, char **, char **)
	__attribute__((weak, visibility("hidden")));
extern void (*__init_array_start[])(int, char **, char **)
	__attribute__((weak, visibility("hidden")));
extern void (*__init_array_end[])(int, char **, char **)
	__attribute__((weak, visibility("hidden")));

void mach_start(long *sp) __attribute__((noreturn, used));

kern_return_t
mach_init(void)
{
	mach_task_self_ = (mach_task_self)();
	kern_return_t tls = KERN_SUCCESS;
	if (!mach_tls_ready) {
		tls = mach_tls_init();
		if (tls != KERN_SUCCESS)
			mach_error("libmach: no thread pointer:", tls);
	}
	bootstrap_port = MACH_PORT_NULL;
	kern_return_t kr = task_get_special_port(
		mach_task_self_, TASK_BOOTSTRAP_PORT, &bootstrap_port);
	if (kr != KERN_SUCCESS)
		bootstrap_port = MACH_PORT_NULL;
	return tls != KERN_SUCCESS ? tls : kr;
}

/* The program's name for musl's err/warn: argv[0] and its last part. */
static void
set_program_name(char *name)
{
	if (name == NULL)
		return;
	program_invocation_name = name;
	program_invocation_short_name = name;
	for (char *p = name; *p != '\0'; p++)
		if (*p == '/')
			program_invocation_short_name = p + 1;
}

void
mach_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **e = envp;
	while (*e != NULL)
		e++;
	for (Elf64_auxv_t *aux = (Elf64_auxv_t *)(e + 1);
	     aux->a_type != AT_NULL; aux++)
		if (aux->a_type == AT_PAGESZ && aux->a_un.a_val != 0)
			vm_page_size = aux->a_un.a_val;
	environ = envp;
	set_program_name(argc > 0 ? argv[0] : NULL);
	/* This is a task's first thread: its thread pointer is made anew
	 * even when the memory was copied from a task that had one
	 * (task_create inheriting memory, a thread started at _start, as
	 * tests/servers/sv_bench.c does). */
	mach_tls_ready = 0;
	(void)mach_init();

	for (long i = 0; i < __preinit_array_end - __preinit_array_start; i++)
		__preinit_array_start[i](argc, argv, envp);
	for (long i = 0; i < __init_array_end - __init_array_start; i++)
		__init_array_start[i](argc, argv, envp);
	exit(main(argc, argv, envp));
}

/*
 * The end of the task: task_terminate of itself, which does not return.
 * The status is not reported anywhere yet (GNU Mach's task_terminate
 * has none; the process server will keep it).  Should task_terminate
 * fail, the thread ends itself, then spins giving the processor away.
 */
_Noreturn void
_Exit(int status)
{
	(void)status;
	(void)task_terminate(mach_task_self_);
	(void)thread_terminate(mach_thread_self());
	for (;;)
		(void)thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}
