/*
 * pcb.c: the machine-dependent state of threads (the process control
 * block, in Mach's words).
 */

#include <machine/exec.h>
#include <machine/thread.h>

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/pcb.h"
#include "arch/x86_64/pmap_private.h"
#include "arch/x86_64/x86.h"
#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/pmap.h"

extern const char arch_thread_trampoline[];
extern char boot_stack_bottom[];

/* The registers arch_switch_context pops: r15 r14 r13 r12 rbx rbp. */
#define SAVED_REGS 6

void
arch_thread_init(struct arch_thread *at, uintptr_t stack_top)
{
	uintptr_t *sp = (uintptr_t *)stack_top;
	/* The return address sits where, after `ret', rsp is 16-aligned. */
	*--sp = (uintptr_t)arch_thread_trampoline;
	for (int i = 0; i < SAVED_REGS; i++)
		*--sp = 0;
	at->sp = (uintptr_t)sp;
}

void
arch_thread_set_user_state(struct arch_thread *at, uintptr_t entry,
			   uintptr_t sp)
{
	struct trap_frame *f = &at->user_frame;
	memset(f, 0, sizeof *f);
	f->rip = entry;
	f->cs = PCB_USER_CS;
	f->rflags = PCB_RFLAGS_RESERVED | PCB_RFLAGS_IF;
	f->rsp = sp;
	f->ss = PCB_USER_SS;
	fpu_state_init(&at->fpu);
	at->fs_base = 0;
	at->gs_base = 0;
	at->user = true;
}

void arch_return_to_user(struct trap_frame *frame) __attribute__((noreturn));

void
pcb_load_bases(struct arch_cpu *c, const struct arch_thread *at)
{
	/* The user's GS base waits in KERNEL_GS_BASE until swapgs. */
	if (c->fs_base != at->fs_base) {
		wrmsr(MSR_FS_BASE, at->fs_base);
		c->fs_base = at->fs_base;
	}
	if (c->gs_base != at->gs_base) {
		wrmsr(MSR_KERNEL_GS_BASE, at->gs_base);
		c->gs_base = at->gs_base;
	}
}

void
arch_thread_enter_user(struct arch_thread *at)
{
	arch_return_to_user(&at->user_frame);
}

void
arch_thread_switched_to(struct thread *next)
{
	struct cpu *c = cpu_current();
	struct arch_thread *prev = c->arch.thread;
	uintptr_t frame_end = (uintptr_t)(&next->arch.user_frame + 1);

	/*
	 * Eager FPU switch: the registers hold prev's user state (the
	 * kernel never touches them), which goes back into prev; next's
	 * comes out of next.  Kernel threads have none.
	 */
	if (prev != NULL && prev->user)
		fpu_save(&prev->fpu);
	if (next->arch.user) {
		fpu_restore(&next->arch.fpu);
		pcb_load_bases(&c->arch, &next->arch);
	}
	c->arch.thread = &next->arch;

	/* Traps and system calls from user mode save into next's frame. */
	assert((frame_end & 15) == 0);
	gdt_set_user_trap_stack(frame_end);
	c->arch.user_frame_end = frame_end;
	c->arch.kernel_rsp = next->kernel_stack + KERNEL_STACK_SIZE;

	/* A switch within one address space needs no call: interrupts
	 * are off, so this CPU's slot stays as read. */
	pmap_t pmap = next->task->pmap != NULL ? next->task->pmap : kernel_pmap;
	if (pmap != cpu_pmap[c->id])
		pmap_activate(pmap);
}

uintptr_t
arch_boot_stack_base(void)
{
	return (uintptr_t)boot_stack_bottom;
}
