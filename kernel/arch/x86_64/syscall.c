/*
 * syscall.c: the syscall instruction's entry into the kernel.
 *
 * A syscall from user mode lands in syscall_entry (trap_entry.S), which
 * saves the user registers into the thread's user frame and calls
 * syscall_dispatch.  Mach traps (negative numbers in rax) run here;
 * any other number belongs to the task's system-call emulation
 * (kern/syscall_emulation.h): the thread goes back to user mode at the
 * emulation's entry for that number with every register as the
 * syscall instruction left it (rax the number, rdi, rsi, rdx, r10, r8,
 * r9 the arguments, rcx the return address, r11 rflags, rsp the
 * program's: nothing is pushed, the red zone below rsp is the
 * program's), only rip changed; docs/emulation.md.  With no entry for
 * it the call is the task's exception (kern/exception.h).
 */

#include <stdint.h>

#include <mach/syscall_sw.h>

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "ipc/mach_msg.h"
#include "kern/copyio.h"
#include "kern/exception.h"
#include "kern/syscall_emulation.h"
#include "kern/syscall_sw.h"
#include "kern/thread.h"

#define EFER_SCE 0x1

/*
 * Cleared on entry: interrupts, direction, trap, nested task (an NT
 * left set by user code would make the kernel's next iretq fault) and
 * alignment check.
 */
#define SYSCALL_RFLAGS_MASK 0x44700

extern const char syscall_entry[];

void
syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* Kernel CS/SS from 0x08; a sysret would use 0x10 + 16 / + 8. */
	wrmsr(MSR_STAR, ((uint64_t)GDT_KERNEL_DATA << 48) |
				((uint64_t)GDT_KERNEL_CODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)syscall_entry);
	wrmsr(MSR_SFMASK, SYSCALL_RFLAGS_MASK);
}

kern_return_t
arch_syscall_arg7(uint32_t *value)
{
	const struct trap_frame *f = &current_thread()->arch.user_frame;
	uint64_t v;
	/* Above the return address of the call to the trap's stub. */
	if (copyin((const void *)(f->rsp + 8), &v, sizeof v) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	*value = (uint32_t)v;
	return KERN_SUCCESS;
}

/*
 * The cases of syscall_dispatch that make calls, each in a frame of its
 * own that a number with no trap does without.
 */

/* A Mach trap but mach_msg (syscall_mach_msg). */
static __attribute__((noinline)) void
syscall_mach_trap(struct trap_frame *f, mach_trap_fn fn)
{
	const uintptr_t args[MACH_TRAP_NARGS] = { f->rdi, f->rsi, f->rdx,
						  f->r10, f->r8,  f->r9 };
	f->rax = mach_trap_call(fn, args);
	thread_user_return_check();
}

/* Any other number: the task's emulation, or its exception. */
static __attribute__((noinline)) void
syscall_emulated(struct trap_frame *f)
{
	/* f->rcx is the return address, f->r11 rflags: both stay.  rip
	 * differing from rcx, the return is by iretq. */
	vm_offset_t entry = eml_entry(current_thread()->task, (long)f->rax);
	if (entry != 0)
		f->rip = entry;
	else
		exception_bad_syscall((rpc_long_integer_t)f->rax);
	thread_user_return_check();
}

void
syscall_mach_msg(uintptr_t msg, uintptr_t option, uintptr_t send_size,
		 uintptr_t rcv_size, uintptr_t rcv_name, uintptr_t timeout)
{
	/* As mach_trap_call would run it, but for the argument array.
	 * Every argument is 32 bits but the buffer's address. */
	mach_trap_count();
	uint32_t mr = mach_msg_trap(
		msg, (mach_msg_option_t)option, (mach_msg_size_t)send_size,
		(mach_msg_size_t)rcv_size, (mach_port_name_t)rcv_name,
		(mach_msg_timeout_t)timeout);
	/* The result zero-extended, in the frame before the check, which
	 * may stop the thread where thread_get_state and thread_set_state
	 * see the frame. */
	current_thread()->arch.user_frame.rax = mr;
	mach_trap_epilogue();
	thread_user_return_check();
}

void
syscall_dispatch(struct trap_frame *f)
{
	long number = (long)f->rax;
	if (number >= 0) {
		syscall_emulated(f);
		return;
	}
	mach_trap_fn fn = mach_trap_function(number);
	if (fn != NULL) {
		syscall_mach_trap(f, fn);
		return;
	}
	f->rax = KERN_INVALID_ARGUMENT;
	thread_user_return_check();
}
