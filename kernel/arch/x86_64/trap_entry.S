/*
 * trap_entry.S: one entry stub per IDT vector, and the common path that
 * saves the registers as a struct trap_frame (trap.h) for trap_dispatch.
 *
 * The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29 and 30;
 * every other stub pushes a 0 in its place, so all frames look alike.
 */

#include <machine/asm.h>
#include <machine/cpu_data.h>
#include <mach/syscall_sw.h>

#include "arch/x86_64/smap.h"

/* Selectors with RPL 3, and the pseudo-vector of system calls (trap.h). */
#define USER_DATA_SELECTOR	(0x18 | 3)
#define USER_CODE_SELECTOR	(0x20 | 3)
/* Vectors (trap.h) and the GS base's model-specific register (x86.h). */
#define T_DEBUG			1
#define T_NMI			2
#define T_DOUBLE_FAULT		8
#define T_MACHINE_CHECK		18
#define T_SYSCALL		256
#define MSR_GS_BASE		0xc0000101
/* Offsets in struct trap_frame (trap.h). */
#define FRAME_R11		(4 * 8)
#define FRAME_RCX		(12 * 8)
#define FRAME_RAX		(14 * 8)
#define FRAME_RIP		(17 * 8)
#define FRAME_CS		(18 * 8)
#define FRAME_RFLAGS		(19 * 8)
#define FRAME_VECTOR		(15 * 8)
#define FRAME_SIZE		(22 * 8)

	.macro PUSH_GPRS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	.endm

	.macro POP_GPRS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	.endm

	.text

	.macro TRAP_STUB vector
	.balign 16
	.if (\vector == 8 || (\vector >= 10 && \vector <= 14) || \vector == 17 || \vector == 21 || \vector == 29 || \vector == 30)
	.else
	pushq	$0
	.endif
	pushq	$\vector
	jmp	trap_common
	.endm

	.balign 16
	.globl	trap_stubs
trap_stubs:
	.altmacro		/* so %vec passes the value of vec */
	.set	vec, 0
	.rept	256
	TRAP_STUB %vec
	.set	vec, vec + 1
	.endr
	.noaltmacro

/* Each stub is 16 bytes, so trap_stubs + 16 * vector finds it. */

/*
 * A trap from user mode arrives on the stack TSS.rsp0 names: the end of
 * the thread's saved user state (struct arch_thread.user_frame), which
 * is 16-byte aligned (machine/thread.h asserts it), so the CPU's own
 * alignment of RSP moves nothing and the CPU and then trap_common fill
 * that frame exactly.  (Vectors with an IST stack, trap.c, arrive on
 * that stack instead; their frame is then copied into the thread.)
 * trap_common then moves to the thread's kernel stack to run C.  The
 * user state thus lives in the thread, not on its kernel stack, which a
 * thread blocked with a continuation can give up.
 *
 * A trap from kernel mode stays on the current stack.  Those with an
 * IST stack (NMI, machine check, debug, double fault) can come at any
 * instruction, among them the few between a swapgs and the iretq or
 * sysretq after it, where GS is the user's although CS is the kernel's:
 * they read the GS base to know which GS they came in with, and leave
 * with the same.
 */
trap_common:
	testb	$3, 24(%rsp)		/* the saved CS: from user mode? */
	jz	trap_from_kernel
	swapgs
	PUSH_GPRS
	cld
	SMAP_FORBID_USER_ACCESS		/* the task may have set AC */
	/* The frame belongs in the thread's user state: is it there? */
	movq	%gs:CPU_DATA_USER_FRAME_END, %rdi
	subq	$FRAME_SIZE, %rdi
	cmpq	%rsp, %rdi
	je	1f
	movq	%rsp, %rsi		/* an IST stack's: copy it over */
	movl	$(FRAME_SIZE / 8), %ecx
	rep movsq
	subq	$FRAME_SIZE, %rdi
1:	movq	%rdi, %r12		/* the frame, kept across the call */
	movq	%gs:CPU_DATA_KERNEL_RSP, %rsp
	call	trap_dispatch
	movq	%r12, %rdi
	jmp	arch_return_to_user

trap_from_kernel:
	PUSH_GPRS
	cld
	SMAP_FORBID_USER_ACCESS		/* even inside copyin/copyout */
	xorl	%ebx, %ebx		/* rbx: swapgs again on the way out */
	movq	FRAME_VECTOR(%rsp), %rax
	cmpq	$T_DEBUG, %rax
	je	2f
	cmpq	$T_NMI, %rax
	je	2f
	cmpq	$T_DOUBLE_FAULT, %rax
	je	2f
	cmpq	$T_MACHINE_CHECK, %rax
	jne	3f
2:	movl	$MSR_GS_BASE, %ecx
	rdmsr
	testl	%edx, %edx		/* a kernel address: the kernel's GS */
	js	3f
	swapgs
	movl	$1, %ebx
3:	movq	%rsp, %rdi
	call	trap_dispatch
	testl	%ebx, %ebx
	jz	4f
	swapgs
4:	POP_GPRS
	addq	$16, %rsp		/* vector and error code */
	iretq

/*
 * syscall from user mode (interrupts are off: SFMASK clears IF).  Build
 * the same frame as a trap, in the thread's saved user state, with
 * vector T_SYSCALL, then run syscall_dispatch (syscall_mach_msg for
 * mach_msg) on the kernel stack with interrupts on.
 *
 * The return uses sysret when nothing changed the frame's rip, rflags,
 * rcx or r11 since entry (syscall put the return address in rcx and the
 * flags in r11, which sysret takes back), and the address is canonical
 * user space (sysretq faults, in kernel mode, on any other).  Any other
 * frame (redirected, or set by the kernel) goes back through
 * arch_return_to_user, which checks it and restores every register.
 */
	.globl	syscall_entry
syscall_entry:
	swapgs
	movq	%rsp, %gs:CPU_DATA_USER_RSP
	movq	%gs:CPU_DATA_USER_FRAME_END, %rsp
	pushq	$USER_DATA_SELECTOR
	pushq	%gs:CPU_DATA_USER_RSP
	pushq	%r11			/* the user's rflags */
	pushq	$USER_CODE_SELECTOR
	pushq	%rcx			/* the user's rip */
	pushq	$0
	pushq	$T_SYSCALL
	PUSH_GPRS
	/* No cld: SFMASK cleared DF (syscall.c), and AC, at the syscall. */
	movq	%rsp, %r12		/* the frame, kept across the call */
	movq	%gs:CPU_DATA_KERNEL_RSP, %rsp
	sti
	/* mach_msg takes its arguments from the registers as they came. */
	cmpq	$MACH_TRAP_mach_msg_trap, %rax
	jne	1f
	movq	%r10, %rcx
	call	syscall_mach_msg
	movq	%r12, %rdi
	jmp	arch_syscall_exit
1:	movq	%r12, %rdi
	call	syscall_dispatch
	movq	%r12, %rdi
	/* Falls through to arch_syscall_exit. */

/*
 * void arch_syscall_exit(struct trap_frame *frame): end the current
 * thread's system call, `frame' its user state, by sysret when the
 * frame allows it (above), else through arch_return_to_user.  The
 * syscall's own return and a continuation's (arch_syscall_return),
 * on a kernel stack.  Never returns.
 */
	.globl	arch_syscall_exit
arch_syscall_exit:
	cli
	movq	FRAME_RIP(%rdi), %rcx
	cmpq	FRAME_RCX(%rdi), %rcx
	jne	arch_return_to_user
	movq	FRAME_RFLAGS(%rdi), %r11
	cmpq	FRAME_R11(%rdi), %r11
	jne	arch_return_to_user
	shrq	$47, %rcx		/* user half, canonical */
	jnz	arch_return_to_user
	movq	%rdi, %rsp
	POP_GPRS
	addq	$16, %rsp		/* vector and error code */
	movq	24(%rsp), %rsp		/* the user's rsp */
	swapgs
	sysretq

/*
 * void arch_syscall_return(uintptr_t result) (machine/thread.h): the
 * current thread's user frame, which ends where the CPU's
 * CPU_DATA_USER_FRAME_END says (arch_thread_switched_to), takes
 * `result' as rax and leaves through arch_syscall_exit.
 */
	.globl	arch_syscall_return
arch_syscall_return:
	movq	%gs:CPU_DATA_USER_FRAME_END, %rax
	movq	%rdi, (FRAME_RAX - FRAME_SIZE)(%rax)
	leaq	-FRAME_SIZE(%rax), %rdi
	jmp	arch_syscall_exit

/*
 * void arch_return_to_user(struct trap_frame *frame): restore every
 * register from `frame' and return to user mode, on a kernel stack.
 * trap_user_return first makes sure the iretq cannot fault.  Never
 * returns.
 */
	.globl	arch_return_to_user
arch_return_to_user:
	movq	%rdi, %r12
	andq	$-16, %rsp		/* the ABI's alignment for the call */
	call	trap_user_return	/* returns with interrupts off */
	movq	%r12, %rsp
	POP_GPRS
	addq	$16, %rsp
	swapgs
	iretq
