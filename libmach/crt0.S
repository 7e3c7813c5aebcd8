/*
 * crt0.S: the entry of a program linked with libmach (in place of
 * musl's crt1.o: link with -nostartfiles and this object first).  The
 * kernel starts the first thread with rsp at argc, then the argv
 * pointers, a 0, the environment pointers, a 0 and the auxiliary
 * vector (kern/exec_elf.c, System V's x86_64 ABI); mach_start
 * (start.c) takes it from there and never returns.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	mach_start
	ud2
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
