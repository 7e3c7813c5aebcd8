/*
 * multiboot2.h: reading the Multiboot2 boot information GRUB hands over.
 */
#ifndef ARCH_X86_64_MULTIBOOT2_H
#define ARCH_X86_64_MULTIBOOT2_H

#include <stdint.h>

#include "kern/boot_info.h"

#define MULTIBOOT2_BOOT_MAGIC 0x36d76289

/*
 * Fill `bi' from the Multiboot2 information at `mbi' (a kernel virtual
 * address; `mbi_phys' is its physical address, recorded so the page
 * allocator keeps it).  Strings in `bi' point into the information.
 * Tags this kernel does not use are skipped.  A memory region whose end
 * would pass 2^64 is clipped to end there; module bounds are copied as
 * given (boot_module_check judges them).
 *
 * Returns 0, or -1 if the information is malformed (a tag running past
 * the end, a size below the minimum); `bi' then holds what was read
 * before the fault.
 */
int multiboot2_parse(const void *mbi, uint64_t mbi_phys, struct boot_info *bi);

#endif
