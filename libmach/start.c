/*
 * start.c: a program's start-up (mach_init.h).
 *
 * crt0.S passes the stack the kernel built (argc, argv, a 0, the
 * environment, a 0, the auxiliary vector: kern/exec_elf.c) to
 * mach_start, which fetches the Mach state (mach_init: the task's
 * port, the system-call emulation vector, the bootstrap port; the page
 * size from AT_PAGESZ) and then runs musl's own start-up,
 * __libc_start_main, as musl's crt1.o would: its system calls
 * (arch_prctl for the thread pointer, set_tid_address, mmap for a
 * large TLS block) and every later one arrive at libmach's emulation
 * (emul.c), so musl makes the thread pointer, TLS and the stack
 * protector's canary itself, runs the constructors, calls main and,
 * at exit, the atexit handlers, destructors and stdio's flush, and
 * ends with exit_group (task_terminate, emul.c).
 *
 * The kernel's auxiliary vector has only AT_PAGESZ.  musl finds the
 * program's TLS image through the program headers (AT_PHDR, AT_PHENT,
 * AT_PHNUM), so mach_start gives musl a copy of argv, the environment
 * and the vector with those three added from the program's own ELF
 * header (__ehdr_start); a loader that passes them already is believed.
 */

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#include <mach/mach_traps.h>
#include <mach/task_special_ports.h>

#include "emul.h"
#include "mach.h"
#include "tls.h"

mach_port_t mach_task_self_ = MACH_PORT_NULL;
mach_port_t bootstrap_port = MACH_PORT_NULL;
vm_size_t vm_page_size = 4096;
int mach_tls_ready;

extern int main(int argc, char **argv, char **envp);
extern int __libc_start_main(int (*main)(int, char **, char **), int argc,
			     char **argv, void (*init)(void),
			     void (*fini)(void), void (*ldso)(void));
extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));

void mach_start(long *sp) __attribute__((noreturn, used));

static int emulation_installed;

kern_return_t
mach_init(void)
{
	mach_task_self_ = (mach_task_self)();
	kern_return_t emul = KERN_SUCCESS;
	if (!emulation_installed) {
		emul = mach_emul_install();
		if (emul == KERN_SUCCESS)
			emulation_installed = 1;
		else
			mach_error("libmach: no system-call emulation:", emul);
	}
	bootstrap_port = MACH_PORT_NULL;
	kern_return_t kr = task_get_special_port(
		mach_task_self_, TASK_BOOTSTRAP_PORT, &bootstrap_port);
	if (kr != KERN_SUCCESS)
		bootstrap_port = MACH_PORT_NULL;
	return emul != KERN_SUCCESS ? emul : kr;
}

/* Whether the auxiliary vector entry `type' is one mach_start adds. */
static int
added_here(uint64_t type)
{
	return type == AT_PHDR || type == AT_PHENT || type == AT_PHNUM;
}

void
mach_start(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	long envc = 0;
	while (envp[envc] != NULL)
		envc++;
	Elf64_auxv_t *aux = (Elf64_auxv_t *)(envp + envc + 1);
	long auxc = 0, given = 0;
	for (; aux[auxc].a_type != AT_NULL; auxc++) {
		if (aux[auxc].a_type == AT_PAGESZ && aux[auxc].a_un.a_val != 0)
			vm_page_size = aux[auxc].a_un.a_val;
		if (aux[auxc].a_type == AT_PHDR)
			given = 1;
	}
	/* This is a task's first thread, with no thread pointer and none
	 * of the library's ports even when its memory was copied from a
	 * task that had them (task_create inheriting memory, a thread
	 * started at _start, as tests/servers/sv_bench.c does). */
	mach_tls_ready = 0;
	emulation_installed = 0;
	emul_reset();
	if (mach_init() != KERN_SUCCESS && !emulation_installed) {
		/* musl's start-up cannot run without the emulation. */
		(void)task_terminate(mach_task_self_);
	}

	/* argv, a 0, the environment, a 0, the vector and ours, AT_NULL:
	 * on this stack, which lives as long as the program. */
	uintptr_t block[argc + 1 + envc + 1 + 2 * (auxc + 3 + 1)];
	long n = 0;
	for (long i = 0; i < argc; i++)
		block[n++] = (uintptr_t)argv[i];
	block[n++] = 0;
	for (long i = 0; i < envc; i++)
		block[n++] = (uintptr_t)envp[i];
	block[n++] = 0;
	for (long i = 0; i < auxc; i++) {
		if (!given && added_here(aux[i].a_type))
			continue;
		block[n++] = aux[i].a_type;
		block[n++] = aux[i].a_un.a_val;
	}
	if (!given) {
		block[n++] = AT_PHDR;
		block[n++] = (uintptr_t)&__ehdr_start + __ehdr_start.e_phoff;
		block[n++] = AT_PHENT;
		block[n++] = __ehdr_start.e_phentsize;
		block[n++] = AT_PHNUM;
		block[n++] = __ehdr_start.e_phnum;
	}
	block[n++] = AT_NULL;
	block[n++] = 0;
	(void)__libc_start_main(main, (int)argc, (char **)block, 0, 0, 0);
	__builtin_unreachable(); /* it calls exit */
}
