/*
 * emul_entry.S: the emulation's entry (emul.h, docs/emulation.md).
 *
 * The kernel comes here for every Linux system call, every register as
 * the `syscall' instruction left it: rax the number, rdi, rsi, rdx,
 * r10, r8, r9 the arguments, rcx the return address, r11 rflags, rsp
 * the program's with its 128-byte red zone live below it.  The entry
 * steps over the red zone, saves the FPU and SSE state (fxsave) and the
 * call's registers in a struct emul_frame on an aligned frame, calls
 * emul_dispatch (the C code may use any register the ABI lets it), and
 * returns as sysret would: rax the result, rflags from r11, to rcx,
 * every other register the program's.  Nothing is written at or above
 * the program's rsp - 128.
 */
	.text
	.globl	mach_emul_entry
	.hidden	mach_emul_entry
	.type	mach_emul_entry, @function
mach_emul_entry:
	leaq	-128(%rsp), %rsp	/* past the red zone */
	pushq	%rbp
	movq	%rsp, %rbp
	andq	$-16, %rsp
	subq	$512, %rsp
	fxsaveq	(%rsp)
	/* struct emul_frame, from its end down. */
	pushq	$0			/* pad */
	pushq	%r11			/* rflags */
	pushq	%rcx			/* rip */
	pushq	%r9
	pushq	%r8
	pushq	%r10
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rax			/* nr */
	cld
	movq	%rsp, %rdi
	call	emul_dispatch
	movq	8(%rsp), %rdi
	movq	16(%rsp), %rsi
	movq	24(%rsp), %rdx
	movq	32(%rsp), %r10
	movq	40(%rsp), %r8
	movq	48(%rsp), %r9
	movq	56(%rsp), %rcx
	movq	64(%rsp), %r11
	addq	$80, %rsp
	fxrstorq (%rsp)
	pushq	%r11			/* below the FPU area: ours */
	popfq
	/* From here on only moves and lea: the flags stay the program's. */
	movq	%rbp, %rsp
	popq	%rbp
	leaq	128(%rsp), %rsp
	jmpq	*%rcx
	.size	mach_emul_entry, . - mach_emul_entry

	.section .note.GNU-stack, "", @progbits
