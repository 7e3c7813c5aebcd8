/*
 * trap_entry.S: one entry stub per IDT vector, and the common path that
 * saves the registers as a struct trap_frame (trap.h) for trap_dispatch.
 *
 * The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29 and 30;
 * every other stub pushes a 0 in its place, so all frames look alike.
 */

#include <machine/asm.h>

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

trap_common:
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
	cld
	movq	%rsp, %rdi
	call	trap_dispatch
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
	addq	$16, %rsp		/* vector and error code */
	iretq
