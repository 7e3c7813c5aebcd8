/*
 * crt0.S: the entry of the boot tests' user programs.  The kernel starts
 * them with rsp pointing at argc, then the argv pointers (System V ABI).
 * main's return goes to user_exit (exit.c).
 */
#include <mach/syscall_sw.h>

	.text
	.globl	_start
_start:
	xorl	%ebp, %ebp
	movq	(%rsp), %rdi		/* argc */
	leaq	8(%rsp), %rsi		/* argv */
	andq	$-16, %rsp
	call	main
	movslq	%eax, %rdi		/* main's int */
	call	user_exit		/* exit.c: does not return */
	ud2
