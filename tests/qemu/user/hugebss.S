/*
 * hugebss.S: 64 GiB of bss for huge.c, in a section of its own that the
 * linker places after .bss in the writable PT_LOAD; nothing refers to
 * it, so no relocation has to reach it.
 */
	.section .bss.huge, "aw", @nobits
	.balign	4096
	.globl	huge_bss
huge_bss:
	.skip	0x1000000000
