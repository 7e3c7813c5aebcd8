/*
 * bench_vm_page.c: the cost of the physical page allocator.
 */

#include "kern/kbench.h"
#include "kern/printf.h"
#include "vm/vm_page.h"

/* One page allocated and freed again: the common case of the buddy. */
KBENCH(vm_page_alloc_free, 10000)
{
	for (uint64_t i = 0; i < iterations; i++)
		vm_page_free(vm_page_alloc());
}

/* One line formatted the way the boot log formats memory regions. */
KBENCH(ksnprintf_region_line, 1000)
{
	char buf[96];
	for (uint64_t i = 0; i < iterations; i++)
		ksnprintf(buf, sizeof buf, "%#018llx-%#018llx %-8s %llu KiB",
			  (unsigned long long)i, (unsigned long long)(i << 12),
			  "usable", (unsigned long long)i);
}
