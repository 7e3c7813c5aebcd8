/*
 * copyio.S: copyin and copyout (kern/copyio.h), the kernel's only
 * accesses to user memory.
 *
 * The user range is checked against the user half first; then a
 * rep movsq copies the whole words and a rep movsb the bytes left,
 * the only instructions allowed to touch user pages under SMAP
 * (smap.h).  A page fault at either on the user's side of the copy
 * makes trap_dispatch resume at copyio_fault, which returns
 * KERN_INVALID_ADDRESS; a fault on the kernel's side is a kernel bug
 * and stops the kernel (trap.c).  (Words, not bytes: under TCG each
 * repetition is an instruction, and a header is 32 bytes.)
 */

#include <machine/asm.h>

#include "arch/x86_64/smap.h"

#define USER_LIMIT		0x0000800000000000
#define KERN_INVALID_ADDRESS	1

	.text

/*
 * Whether [\reg, \reg + rdx) lies in the user half; to copyio_fault if
 * not.  Clobbers rcx and r8.
 */
	.macro CHECK_USER_RANGE reg
	movq	\reg, %rcx
	addq	%rdx, %rcx
	jc	copyio_fault
	movabsq	$USER_LIMIT, %r8
	cmpq	%r8, %rcx
	ja	copyio_fault
	.endm

/* kern_return_t copyin(const void *uaddr, void *kaddr, size_t len) */
	.globl	copyin
copyin:
	CHECK_USER_RANGE %rdi
	xchgq	%rdi, %rsi		/* rep movs copies from rsi to rdi */
	movq	%rdx, %rcx
	shrq	$3, %rcx
	SMAP_ALLOW_USER_ACCESS
	.globl	copyin_copy_words
copyin_copy_words:			/* the user's side is rsi */
	rep movsq
	movl	%edx, %ecx
	andl	$7, %ecx
	.globl	copyin_copy
copyin_copy:
	rep movsb
	SMAP_FORBID_USER_ACCESS
	xorl	%eax, %eax		/* KERN_SUCCESS */
	ret

/* kern_return_t copyout(const void *kaddr, void *uaddr, size_t len) */
	.globl	copyout
copyout:
	CHECK_USER_RANGE %rsi
	xchgq	%rdi, %rsi
	movq	%rdx, %rcx
	shrq	$3, %rcx
	SMAP_ALLOW_USER_ACCESS
	.globl	copyout_copy_words
copyout_copy_words:			/* the user's side is rdi */
	rep movsq
	movl	%edx, %ecx
	andl	$7, %ecx
	.globl	copyout_copy
copyout_copy:
	rep movsb
	SMAP_FORBID_USER_ACCESS
	xorl	%eax, %eax
	ret

	.globl	copyio_fault
copyio_fault:				/* AC may still be set */
	SMAP_FORBID_USER_ACCESS
	movl	$KERN_INVALID_ADDRESS, %eax
	ret
