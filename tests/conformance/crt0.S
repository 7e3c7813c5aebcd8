/*
 * crt0.S: the entry of the conformance programs.  The kernel starts a
 * boot module with rsp at argc, then the argv pointers (System V ABI),
 * as GNU Mach does.  main's return goes to rt_exit (rt.c), which ends
 * the task with task_terminate.
 */
	.text
	.globl	_start
_start:
	xorl	%ebp, %ebp
	movq	(%rsp), %rdi		/* argc */
	leaq	8(%rsp), %rsi		/* argv */
	andq	$-16, %rsp
	call	main
	movl	%eax, %edi
	call	rt_exit
	ud2
