/*
 * boot.S: from GRUB's Multiboot2 hand-off to kmain in 64-bit mode.
 *
 * GRUB enters _start in 32-bit protected mode, paging off, with
 * EAX = Multiboot2 magic and EBX = physical address of the boot
 * information.  We build the boot page tables, enable long mode and jump
 * to the higher half:
 *
 *   0x0000000000000000 + [0, 4 GiB)  identity, removed once in C
 *   0xffff800000000000 + [0, 4 GiB)  the physical memory map (physmap)
 *   0xffffffff80000000 + [0, 1 GiB)  the kernel image (-mcmodel=kernel)
 *
 * all with 2 MiB pages, sharing one set of four page directories.
 */

#include <machine/asm.h>

#define MB2_HEADER_MAGIC	0xe85250d6
#define MB2_BOOT_MAGIC		0x36d76289
#define MB2_ARCH_I386		0

#define PTE_PRESENT		0x001
#define PTE_WRITE		0x002
#define PTE_LARGE		0x080

#define CR0_PG			0x80000000
#define CR0_WP			0x00010000
#define CR4_PAE			0x00000020
#define MSR_EFER		0xc0000080
#define EFER_LME		0x00000100
#define EFER_NXE		0x00000800

#define PHYS(sym)		((sym) - KERNEL_VMA)

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long	MB2_HEADER_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* End tag. */
	.balign 8
	.short	0
	.short	0
	.long	8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl	_start
_start:
	cli
	cld
	movl	$PHYS(boot_stack_top), %esp
	movl	%eax, %edi		/* kmain's first argument */
	movl	%ebx, %esi		/* kmain's second argument */

	cmpl	$MB2_BOOT_MAGIC, %edi
	jne	boot_fail_magic

	/* Zero .bss ourselves rather than trust every loader to. */
	movl	$PHYS(_bss_start), %edx
	movl	$PHYS(_bss_end), %ecx
	subl	%edx, %ecx
	xorl	%eax, %eax
	movl	%edi, %ebp		/* not on the stack: it is in .bss */
	movl	%edx, %edi
	rep stosb
	movl	%ebp, %edi

	/* Long mode (and NX, used when present) from CPUID 0x80000001. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	boot_fail_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	boot_fail_long_mode
	movl	%edx, %ebp		/* keep the feature bits for NX */

	/* Four page directories of 2 MiB pages cover [0, 4 GiB). */
	movl	$PHYS(boot_pd), %ebx
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_PRESENT | PTE_WRITE | PTE_LARGE), %eax
	movl	%eax, (%ebx, %ecx, 8)
	movl	%ecx, %eax
	shrl	$11, %eax
	movl	%eax, 4(%ebx, %ecx, 8)
	incl	%ecx
	cmpl	$2048, %ecx
	jb	1b

	movl	$PHYS(boot_pdpt_low), %ebx
	movl	$(PHYS(boot_pd) + PTE_PRESENT + PTE_WRITE), %eax
	movl	%eax, 0(%ebx)
	addl	$4096, %eax
	movl	%eax, 8(%ebx)
	addl	$4096, %eax
	movl	%eax, 16(%ebx)
	addl	$4096, %eax
	movl	%eax, 24(%ebx)

	movl	$PHYS(boot_pdpt_high), %ebx
	movl	$(PHYS(boot_pd) + PTE_PRESENT + PTE_WRITE), %eax
	movl	%eax, (510 * 8)(%ebx)

	movl	$PHYS(boot_pml4), %ebx
	movl	$(PHYS(boot_pdpt_low) + PTE_PRESENT + PTE_WRITE), %eax
	movl	%eax, 0(%ebx)
	movl	%eax, (256 * 8)(%ebx)
	movl	$(PHYS(boot_pdpt_high) + PTE_PRESENT + PTE_WRITE), %eax
	movl	%eax, (511 * 8)(%ebx)

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	%ebx, %cr3

	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	testl	$(1 << 20), %ebp
	jz	2f
	orl	$EFER_NXE, %eax
2:	wrmsr

	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0

	lgdt	boot_gdt_desc
	ljmp	$0x08, $boot_long_mode

/* Without a console yet, a failed check can only stop the machine. */
boot_fail_magic:
boot_fail_long_mode:
	hlt
	jmp	boot_fail_long_mode

	.code64
boot_long_mode:
	movabs	$higher_half, %rax
	jmp	*%rax

	.section .boot.data, "a"
	.balign 8
boot_gdt:
	.quad	0
	.quad	0x00209a0000000000	/* 0x08: 64-bit code, ring 0 */
	.quad	0x0000920000000000	/* 0x10: data, ring 0 */
boot_gdt_desc:
	.short	boot_gdt_desc - boot_gdt - 1
	.long	boot_gdt

	.text
	.code64
higher_half:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabs	$boot_stack_top, %rsp
	xorl	%ebp, %ebp		/* the end of every backtrace */
	movl	%edi, %edi		/* upper halves are undefined after */
	movl	%esi, %esi		/* the switch from 32-bit mode */
	call	x86_64_init
3:	cli
	hlt
	jmp	3b

	.bss
	.balign 4096
	.globl	boot_pml4
boot_pml4:
	.skip	4096
boot_pdpt_low:
	.skip	4096
boot_pdpt_high:
	.skip	4096
boot_pd:
	.skip	4 * 4096
	/* The boot stack, under the final page tables with an unmapped
	 * guard page below it as every kernel stack has (pmap_bootstrap
	 * leaves it out); until then the page is plain memory. */
	.balign 4096
	.globl	boot_stack_guard
boot_stack_guard:
	.skip	4096
	.globl	boot_stack_bottom
boot_stack_bottom:
	.skip	16384
	.globl	boot_stack_top
boot_stack_top:
