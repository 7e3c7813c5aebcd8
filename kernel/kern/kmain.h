/*
 * kern/kmain.h: the entry from architecture code into the generic kernel.
 */
#ifndef KERN_KMAIN_H
#define KERN_KMAIN_H

#include "kern/boot_info.h"

/* The kernel's version (the boot banner, host_get_kernel_version). */
#define KERNEL_VERSION "0.1"

/*
 * Called once on the boot CPU with interrupts off, the console working,
 * exceptions handled and `bi' filled in.  Does not return.
 */
void kmain(const struct boot_info *bi) __attribute__((noreturn));

#endif
