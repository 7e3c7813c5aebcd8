/*
 * smap.h: keeping the kernel out of user pages, with SMEP and SMAP
 * when the CPU has them.
 *
 * SMEP: the kernel never executes an instruction from a user page.
 * SMAP: the kernel never reads or writes a user page, except while
 * rflags.AC is set, which only copyin and copyout do (stac, clac), so a
 * kernel bug that follows a user pointer faults at once.  Every entry
 * from an interrupt or exception clears AC (a task can set it in its
 * own rflags, and an interrupt may land inside a copy); the iretq back
 * restores what was interrupted.
 */
#ifndef ARCH_X86_64_SMAP_H
#define ARCH_X86_64_SMAP_H

#ifdef __ASSEMBLER__
/* clang-format off */

/* stac/clac fault on a CPU without SMAP: only when it is on. */
	.macro SMAP_ALLOW_USER_ACCESS
	testb	$1, smap_enabled(%rip)
	jz	.Lsmap_allow_\@
	stac
.Lsmap_allow_\@:
	.endm

	.macro SMAP_FORBID_USER_ACCESS
	testb	$1, smap_enabled(%rip)
	jz	.Lsmap_forbid_\@
	clac
.Lsmap_forbid_\@:
	.endm

/* clang-format on */
#else

#include <stdbool.h>
#include <stdint.h>

/* 1 while SMAP is on (read by copyio.S and trap_entry.S). */
extern uint8_t smap_enabled;

/*
 * Turn SMEP and SMAP on, each if the CPU has it (CPUID leaf 7), on this
 * CPU.  Before any page is mapped for user mode.
 */
void smap_init(void);

/* Whether SMEP is on; whether SMAP is on. */
bool smap_smep_on(void);
bool smap_smap_on(void);

#endif

#endif
