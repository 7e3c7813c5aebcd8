/*
 * gnu_emul_regs.S: the register side of gnu_emul.c.
 *
 * emul_probe(in): loads every general register from *in (struct
 * emul_regs, gnu_emul.c), fills the 128-byte red zone below rsp with a
 * pattern, records rflags and rsp, and makes a `syscall' with rax =
 * in->rax; at emul_probe_return (the address after the instruction) it
 * stores every register into emul_after and the red zone into
 * emul_red_zone, then returns.  Between the flags' record and the
 * syscall only mov instructions run, so r11 at the entry must be the
 * recorded rflags.
 *
 * emul_entry_a / emul_entry_b: emulation entries.  Each stores every
 * register as it arrived into emul_seen, then returns to rcx with rax =
 * number + 1000 (a) or + 2000 (b), touching no other register, no
 * flag and no memory below rsp, as an emulation library would.
 */
#define R_RAX 0
#define R_RBX 8
#define R_RCX 16
#define R_RDX 24
#define R_RSI 32
#define R_RDI 40
#define R_RBP 48
#define R_RSP 56
#define R_R8 64
#define R_R9 72
#define R_R10 80
#define R_R11 88
#define R_R12 96
#define R_R13 104
#define R_R14 112
#define R_R15 120

	.macro	STORE_ALL base
	movq	%rax, \base+R_RAX(%rip)
	movq	%rbx, \base+R_RBX(%rip)
	movq	%rcx, \base+R_RCX(%rip)
	movq	%rdx, \base+R_RDX(%rip)
	movq	%rsi, \base+R_RSI(%rip)
	movq	%rdi, \base+R_RDI(%rip)
	movq	%rbp, \base+R_RBP(%rip)
	movq	%rsp, \base+R_RSP(%rip)
	movq	%r8, \base+R_R8(%rip)
	movq	%r9, \base+R_R9(%rip)
	movq	%r10, \base+R_R10(%rip)
	movq	%r11, \base+R_R11(%rip)
	movq	%r12, \base+R_R12(%rip)
	movq	%r13, \base+R_R13(%rip)
	movq	%r14, \base+R_R14(%rip)
	movq	%r15, \base+R_R15(%rip)
	.endm

	.text
	.globl	emul_probe
	.globl	emul_probe_return
emul_probe:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushfq
	popq	%rax
	movq	%rax, emul_flags(%rip)
	movq	%rsp, emul_rsp(%rip)
	movq	$0x5a5a5a00, %rax
	.irp	off, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128
	movq	%rax, -\off(%rsp)
	.endr
	movq	R_RBX(%rdi), %rbx
	movq	R_RDX(%rdi), %rdx
	movq	R_RSI(%rdi), %rsi
	movq	R_RBP(%rdi), %rbp
	movq	R_R8(%rdi), %r8
	movq	R_R9(%rdi), %r9
	movq	R_R10(%rdi), %r10
	movq	R_R12(%rdi), %r12
	movq	R_R13(%rdi), %r13
	movq	R_R14(%rdi), %r14
	movq	R_R15(%rdi), %r15
	movq	R_RAX(%rdi), %rax
	movq	R_RDI(%rdi), %rdi
	syscall
emul_probe_return:
	STORE_ALL emul_after
	leaq	-128(%rsp), %rsi
	leaq	emul_red_zone(%rip), %rdi
	movl	$16, %ecx
	rep movsq
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret

	.globl	emul_entry_a
emul_entry_a:
	STORE_ALL emul_seen
	leaq	1000(%rax), %rax
	jmpq	*%rcx

	.globl	emul_entry_b
emul_entry_b:
	STORE_ALL emul_seen
	leaq	2000(%rax), %rax
	jmpq	*%rcx

/*
 * emul_child(page): runs in a child task on its copy of this program:
 * makes system call 39 (its inherited vector's entry a), stores rax
 * and what the entry saw of rdi in page[0] and page[1], then makes
 * system call page[2], which has no entry: the task's exception.
 */
	.globl	emul_child
emul_child:
	movq	%rdi, %rbx
	movq	$39, %rax
	movq	$0x1234, %rdi
	syscall
	movq	%rax, 0(%rbx)
	movq	emul_seen+R_RDI(%rip), %rax
	movq	%rax, 8(%rbx)
	movq	16(%rbx), %rax
	syscall
	ud2

	.section .note.GNU-stack, "", @progbits
