/*
 * copyio.S: copyin and copyout (kern/copyio.h).
 *
 * The copy runs between copyio_start and copyio_end; a page fault there
 * makes trap_dispatch resume at copyio_fault, which returns
 * KERN_INVALID_ADDRESS.  Callers' ranges are checked against the user
 * half first, so only user pages are ever touched through this path.
 */

#include <machine/asm.h>

#define USER_LIMIT		0x0000800000000000
#define KERN_INVALID_ADDRESS	1

	.text

/* kern_return_t copyin(const void *uaddr, void *kaddr, size_t len) */
	.globl	copyin
copyin:
	movq	%rdi, %rax		/* the user address is the source */
	jmp	1f

/* kern_return_t copyout(const void *kaddr, void *uaddr, size_t len) */
	.globl	copyout
copyout:
	movq	%rsi, %rax		/* the user address is the target */
1:	xchgq	%rdi, %rsi		/* rep movsb copies from rsi to rdi */
	/* The user range [rax, rax + rdx) must lie below USER_LIMIT. */
	movq	%rax, %rcx
	addq	%rdx, %rcx
	jc	copyio_fault
	movabsq	$USER_LIMIT, %r8
	cmpq	%r8, %rcx
	ja	copyio_fault
	movq	%rdx, %rcx
	.globl	copyio_start
copyio_start:
	rep movsb
	.globl	copyio_end
copyio_end:
	xorl	%eax, %eax		/* KERN_SUCCESS */
	ret

	.globl	copyio_fault
copyio_fault:
	movl	$KERN_INVALID_ADDRESS, %eax
	ret
