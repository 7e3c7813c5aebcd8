/*
 * kern/kmain.c: the machine-independent start of the kernel.
 *
 * The architecture's entry (arch/x86_64/init.c) has set up the CPU, the
 * console and the boot information; kmain brings up the rest in order
 * and then runs what the command line asks for.
 */

#include <machine/machdep.h>
#include <machine/vm_param.h>

#include <machine/cpu.h>

#include "ipc/ipc_init.h"
#include "kern/boot_info.h"
#include "kern/bootstrap.h"
#include "kern/gsync.h"
#include "kern/host.h"
#include "kern/clock.h"
#include "kern/cmdline.h"
#include "kern/console.h"
#include "kern/cpu.h"
#include "kern/kalloc.h"
#include "kern/kbench.h"
#include "kern/kmain.h"
#include "kern/ktest.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"

/* What must never be handed out as free memory. */
static unsigned
boot_reserved_ranges(const struct boot_info *bi, struct phys_range *r)
{
	unsigned n = 0;

	r[n++] = (struct phys_range){ bi->kernel_start, bi->kernel_end };
	r[n++] = (struct phys_range){ bi->info_start, bi->info_end };
	/* A module with its bounds reversed is refused later and holds
	 * nothing to keep (vm_page_bootstrap ignores such ranges too). */
	for (unsigned i = 0; i < bi->nmodules; i++)
		if (bi->modules[i].start < bi->modules[i].end)
			r[n++] = (struct phys_range){ bi->modules[i].start,
						      bi->modules[i].end };
	return n;
}

/*
 * The first kernel thread: runs what the command line asks for once the
 * kernel is up.  Boot tests and benchmarks end the machine themselves.
 */
static void
kernel_main_thread(void *arg)
{
	const struct boot_info *bi = arg;
	char value[256];

	if (cmdline_get(bi->cmdline, "test", value, sizeof value))
		ktest_run(value, bi);
	if (cmdline_get(bi->cmdline, "bench", value, sizeof value))
		kbench_run(value, bi);
	bootstrap_start_modules(bi);
}

/* What the boot CPU does when nothing else is runnable. */
static void __attribute__((noreturn)) idle_loop(void)
{
	struct cpu *c = cpu_current();
	for (;;) {
		intr_disable();
		if (c->need_resched || c->runq.count > 0) {
			intr_enable();
			thread_block(NULL);
		} else {
			cpu_idle_enable_intr();
		}
	}
}

void
kmain(const struct boot_info *bi)
{
	struct phys_range reserved[BOOT_MAX_MODULES + 3];

	kprintf("Mach " KERNEL_VERSION " (x86_64) booting\n");
	boot_info_log(bi);

	unsigned nreserved = boot_reserved_ranges(bi, reserved);
	reserved[nreserved] = pmap_bootstrap(bi, reserved, nreserved);
	nreserved++;
	uint64_t free =
		vm_page_bootstrap(bi, pmap_physmap_end(), reserved, nreserved);
	if (free == 0)
		panic("no usable memory for the page allocator");
	kprintf("vm: %llu pages free (%llu KiB)\n", (unsigned long long)free,
		(unsigned long long)(free * (PAGE_SIZE / 1024)));
	zone_bootstrap();
	kalloc_init();
	pmap_init();
	if (!ipc_bootstrap())
		panic("ipc_bootstrap: no memory");
	host_init();
	gsync_init();
	vm_object_init();
	vm_map_init();
	kmem_init();
	vm_map_copy_init();

	task_bootstrap();
	sched_init();
	thread_bootstrap();
	clock_init();
	intr_enable();
	console_input_init();
	vm_pageout_init(bi->cmdline);
	if (kernel_thread_create(kernel_task, "pageout", vm_pageout_daemon,
				 NULL, BASEPRI_KERNEL, POLICY_FIXEDPRI,
				 NULL) != KERN_SUCCESS)
		panic("cannot create the page-out daemon");

	if (kernel_thread_create(kernel_task, "main", kernel_main_thread,
				 (void *)bi, BASEPRI_KERNEL, POLICY_FIXEDPRI,
				 NULL) != KERN_SUCCESS)
		panic("cannot create the main kernel thread");
	idle_loop();
}
