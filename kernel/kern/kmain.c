/*
 * kern/kmain.c: the machine-independent start of the kernel.
 *
 * The architecture's entry (arch/x86_64/init.c) has set up the CPU, the
 * console and the boot information; kmain brings up the rest in order
 * and then runs what the command line asks for.
 */

#include <machine/machdep.h>
#include <machine/vm_param.h>

#include "kern/boot_info.h"
#include "kern/cmdline.h"
#include "kern/kbench.h"
#include "kern/kmain.h"
#include "kern/ktest.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "vm/vm_page.h"

#define KERNEL_VERSION "0.1"

/* What must never be handed out as free memory. */
static unsigned
boot_reserved_ranges(const struct boot_info *bi, struct phys_range *r)
{
	unsigned n = 0;

	r[n++] = (struct phys_range){ bi->kernel_start, bi->kernel_end };
	r[n++] = (struct phys_range){ bi->info_start, bi->info_end };
	for (unsigned i = 0; i < bi->nmodules; i++)
		r[n++] = (struct phys_range){ bi->modules[i].start,
					      bi->modules[i].end };
	return n;
}

void
kmain(const struct boot_info *bi)
{
	struct phys_range reserved[BOOT_MAX_MODULES + 2];
	char value[256];

	kprintf("Mach " KERNEL_VERSION " (x86_64) booting\n");
	boot_info_log(bi);

	unsigned nreserved = boot_reserved_ranges(bi, reserved);
	uint64_t free =
		vm_page_bootstrap(bi, PHYSMAP_LIMIT, reserved, nreserved);
	if (free == 0)
		panic("no usable memory for the page allocator");
	kprintf("vm: %llu pages free (%llu KiB)\n", (unsigned long long)free,
		(unsigned long long)(free * (PAGE_SIZE / 1024)));

	if (cmdline_get(bi->cmdline, "test", value, sizeof value))
		ktest_run(value, bi);
	if (cmdline_get(bi->cmdline, "bench", value, sizeof value))
		kbench_run(value);

	kprintf("mach: kernel core up; no servers to start yet.\n");
	arch_halt();
}
