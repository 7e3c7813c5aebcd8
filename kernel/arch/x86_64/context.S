/*
 * context.S: switching between kernel threads.
 *
 * Only the callee-saved registers need saving: a switch happens inside a
 * function call, so the compiler already assumes everything else is
 * clobbered.  A thread's saved state is its stack pointer; the registers
 * lie on its stack.
 */

	.text

/*
 * void *arch_switch_context(uintptr_t *save_sp, uintptr_t new_sp,
 *                           void *prev)
 *
 * Save the current thread's registers on its stack and its stack pointer
 * in *save_sp, resume the thread whose stack pointer is new_sp.  Returns,
 * in the resumed thread, the `prev' the switching thread passed: the
 * thread that was switched away from.
 */
	.globl	arch_switch_context
arch_switch_context:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	movq	%rdx, %rax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/*
 * The first return of a new thread lands here (see arch_thread_init):
 * rax holds the previous thread.  Calls thread_bootstrap_return(prev),
 * which never returns.
 */
	.globl	arch_thread_trampoline
arch_thread_trampoline:
	movq	%rax, %rdi
	xorl	%ebp, %ebp
	call	thread_continue
	ud2

/*
 * void arch_call_continuation(void (*fn)(void *), uintptr_t stack_top,
 *                             void *prev)
 *
 * Reset the stack to stack_top and call fn(prev); never returns.
 */
	.globl	arch_call_continuation
arch_call_continuation:
	movq	%rsi, %rsp
	xorl	%ebp, %ebp
	movq	%rdi, %rax
	movq	%rdx, %rdi
	pushq	$0		/* a null return address ends backtraces */
	jmp	*%rax
