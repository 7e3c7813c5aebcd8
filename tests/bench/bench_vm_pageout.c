/*
 * bench_vm_pageout.c: the cost of the page-out daemon's pass
 * (vm/vm_pageout.c) over the page queues, with a task's pages resident
 * and none that can be paged out (no default memory manager is set
 * here): each page the pass judges is unmapped and reactivated, each it
 * ages has its reference bit cleared.  The steady state after a few
 * passes, so n and 2n passes cost alike; the pages judged and aged per
 * pass are printed beside the figure.
 */

#include <machine/vm_param.h>

#include "kern/kbench.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/task.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"

#define NPAGES 300

KBENCH(vm_pageout_scan_pass, 20)
{
	task_t task;
	vm_offset_t a = 0;
	if (task_create_user("bench-pageout", &task) != KERN_SUCCESS ||
	    vm_allocate(task->map, &a, NPAGES * PAGE_SIZE, true) !=
		    KERN_SUCCESS)
		panic("bench_vm_pageout: no task");
	for (unsigned i = 0; i < NPAGES; i++)
		if (vm_fault(task->map, a + i * PAGE_SIZE, VM_PROT_WRITE) !=
		    KERN_SUCCESS)
			panic("bench_vm_pageout: fault failed");
	struct vm_pageout_stats s0, s1;
	struct vm_page_stats ps;
	vm_pageout_get_stats(&s0);
	uint64_t min = s0.free_min, target = s0.free_target;
	vm_page_get_stats(&ps);
	/* Every pass wants pages, whatever is free. */
	if (!vm_pageout_set_thresholds(ps.managed, ps.managed + 1))
		panic("bench_vm_pageout: thresholds refused");
	for (int warm = 0; warm < 4; warm++)
		vm_pageout_scan();
	vm_pageout_get_stats(&s0);
	for (uint64_t i = 0; i < iterations; i++)
		vm_pageout_scan();
	vm_pageout_get_stats(&s1);
	(void)vm_pageout_set_thresholds(min, target);
	kprintf("vm_pageout_scan_pass: %llu pages judged, %llu aged "
		"per pass\n",
		(unsigned long long)((s1.reactivations - s0.reactivations +
				      s1.discards - s0.discards) /
				     iterations),
		(unsigned long long)((s1.deactivations - s0.deactivations) /
				     iterations));
	task_deallocate(task);
}
