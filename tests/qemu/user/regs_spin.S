/*
 * regs_spin.S: spin with every register holding a known value, checking
 * them all on every iteration, so that a kernel which does not give a
 * preempted or interrupted thread back exactly its registers is caught
 * within a few instructions of the interruption.  See regs.h.
 *
 * Every iteration checks rflags, rsp and the fifteen other general
 * registers against regs_gpr, then (with regs_use_fpu) the whole x87 and
 * SSE state, saved by fxsave, against the image taken after loading it.
 * Every regs_syscall_every iterations it makes a system call (the trap
 * regs_syscall_number, swtch unless the caller chose another, its
 * arguments whatever regs_gpr holds in their registers; its result
 * kept in regs_syscall_result) and checks rflags after it; the next
 * iteration checks the rest.  It counts
 * the iterations that took more than REGS_GAP instructions (rdtsc counts
 * instructions under the boot tests' -icount): the interruptions.
 *
 * The values live in memory only (RIP-relative), never in a register
 * the loop needs, so the loop uses none of its own: scratch registers
 * are spilled to the stack around the bookkeeping and come back from
 * there, and are checked again on the next iteration.
 */

#include <mach/syscall_sw.h>

#include "regs.h"

/* rflags while spinning: CF PF AF ZF SF DF OF AC set, IF on. */
#define FLAGS_SET	0x40ed7
/* The same after a compare of equal values: PF and ZF only, DF AC IF. */
#define FLAGS_EQUAL	0x40646

	.macro CHECK reg, index
	cmpq	regs_gpr + 8 * \index(%rip), %\reg
	jne	1f
	.section .text.fail, "ax"
1:	movq	%\reg, regs_bad_value(%rip)
	movl	$(REGS_FAIL_GPR + \index), %eax
	jmp	fail
	.previous
	.endm

	.macro CHECK_FLAGS expected, code
	pushfq
	cmpq	$\expected, (%rsp)
	jne	1f
	leaq	8(%rsp), %rsp		/* lea leaves the flags alone */
	.section .text.fail, "ax"
1:	popq	regs_bad_value(%rip)
	movl	$\code, %eax
	jmp	fail
	.previous
	.endm

	.text

/* long regs_spin(void): 0 after regs_iterations iterations, or a REGS_FAIL_ code. */
	.globl	regs_spin
regs_spin:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, regs_rsp(%rip)
	movq	regs_syscall_every(%rip), %rax
	movq	%rax, countdown(%rip)
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, last_tsc(%rip)

	cmpb	$0, regs_use_fpu(%rip)
	je	2f
	/* The state a new thread must start with, before touching it. */
	fxsave64 regs_initial_fpu(%rip)
	fninit
	fldcw	regs_fcw(%rip)
	ldmxcsr	regs_mxcsr(%rip)
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7
	fildq	regs_x87 + 8 * \i(%rip)
	.endr
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movdqa	regs_xmm + 16 * \i(%rip), %xmm\i
	.endr
	fxsave64 regs_fpu_image(%rip)
2:
	movq	regs_gpr + 8 * 0(%rip), %rax
	movq	regs_gpr + 8 * 1(%rip), %rbx
	movq	regs_gpr + 8 * 2(%rip), %rcx
	movq	regs_gpr + 8 * 3(%rip), %rdx
	movq	regs_gpr + 8 * 4(%rip), %rsi
	movq	regs_gpr + 8 * 5(%rip), %rdi
	movq	regs_gpr + 8 * 6(%rip), %rbp
	movq	regs_gpr + 8 * 7(%rip), %r8
	movq	regs_gpr + 8 * 8(%rip), %r9
	movq	regs_gpr + 8 * 9(%rip), %r10
	movq	regs_gpr + 8 * 10(%rip), %r11
	movq	regs_gpr + 8 * 11(%rip), %r12
	movq	regs_gpr + 8 * 12(%rip), %r13
	movq	regs_gpr + 8 * 13(%rip), %r14
	movq	regs_gpr + 8 * 14(%rip), %r15

loop:
	pushq	$FLAGS_SET
	popfq
	/* A stretch of nothing but checks of the flags (each compare
	 * leaves FLAGS_EQUAL): where a preemption most likely lands. */
	CHECK_FLAGS FLAGS_SET, REGS_FAIL_FLAGS
	.rept	8
	CHECK_FLAGS FLAGS_EQUAL, REGS_FAIL_FLAGS
	.endr
	cmpq	regs_rsp(%rip), %rsp
	jne	bad_rsp
	CHECK	rax, 0
	CHECK	rbx, 1
	CHECK	rcx, 2
	CHECK	rdx, 3
	CHECK	rsi, 4
	CHECK	rdi, 5
	CHECK	rbp, 6
	CHECK	r8, 7
	CHECK	r9, 8
	CHECK	r10, 9
	CHECK	r11, 10
	CHECK	r12, 11
	CHECK	r13, 12
	CHECK	r14, 13
	CHECK	r15, 14
	CHECK_FLAGS FLAGS_EQUAL, REGS_FAIL_FLAGS

	pushq	%rsi
	pushq	%rdi
	pushq	%rcx
	cmpb	$0, regs_use_fpu(%rip)
	je	3f
	fxsave64 fpu_now(%rip)
	leaq	fpu_now(%rip), %rsi
	leaq	regs_fpu_image(%rip), %rdi
	movl	$(REGS_FPU_COMPARED / 8), %ecx
	cld
	repe cmpsq
	jne	bad_fpu
3:
	/* Count the iterations something else interrupted. */
	pushq	%rax
	pushq	%rdx
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, %rdx
	subq	last_tsc(%rip), %rax
	movq	%rdx, last_tsc(%rip)
	cmpq	$REGS_GAP, %rax
	jb	4f
	incq	regs_interruptions(%rip)
4:	popq	%rdx
	popq	%rax
	popq	%rcx
	popq	%rdi
	popq	%rsi

	decq	countdown(%rip)
	jnz	5f
	pushq	%rax
	movq	regs_syscall_every(%rip), %rax
	movq	%rax, countdown(%rip)
	pushq	%rcx
	pushq	%r11
	incq	regs_syscalls(%rip)
	pushq	$FLAGS_SET
	popfq
	movq	regs_syscall_number(%rip), %rax
	syscall
	movq	%rax, regs_syscall_result(%rip)	/* mov leaves the flags */
	CHECK_FLAGS FLAGS_SET, REGS_FAIL_SYSCALL_FLAGS
	/* Skip the time spent in the call. */
	pushq	%rdx
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, last_tsc(%rip)
	popq	%rdx
	popq	%r11
	popq	%rcx
	popq	%rax
5:
	decq	regs_iterations(%rip)
	jnz	loop
	xorl	%eax, %eax
fail:
	movq	regs_rsp(%rip), %rsp
	cld
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret

	.section .text.fail, "ax"
bad_rsp:
	movq	%rsp, regs_bad_value(%rip)
	movl	$REGS_FAIL_RSP, %eax
	jmp	fail
bad_fpu:
	/* The index of the first quadword that differs. */
	movl	$(REGS_FPU_COMPARED / 8 - 1), %eax
	subl	%ecx, %eax
	movq	%rax, regs_bad_value(%rip)
	movl	$REGS_FAIL_FPU, %eax
	jmp	fail
	.previous

	.data
	.balign	8
	.globl	regs_syscall_number
regs_syscall_number:	.quad	MACH_TRAP_swtch

	.bss
	.balign	16
	.globl	regs_initial_fpu, regs_fpu_image, regs_xmm, regs_x87, regs_gpr
	.globl	regs_fcw, regs_mxcsr, regs_use_fpu, regs_iterations
	.globl	regs_syscall_every, regs_interruptions, regs_syscalls
	.globl	regs_bad_value, regs_syscall_result
regs_initial_fpu:	.skip	512
regs_fpu_image:		.skip	512
fpu_now:		.skip	512
regs_xmm:		.skip	16 * 16
regs_x87:		.skip	8 * 8
regs_gpr:		.skip	15 * 8
regs_iterations:	.skip	8
regs_syscall_every:	.skip	8
regs_interruptions:	.skip	8
regs_syscalls:		.skip	8
regs_bad_value:		.skip	8
regs_syscall_result:	.skip	8
regs_rsp:		.skip	8
countdown:		.skip	8
last_tsc:		.skip	8
regs_mxcsr:		.skip	4
regs_fcw:		.skip	2
regs_use_fpu:		.skip	1

	.section .note.GNU-stack, "", @progbits
