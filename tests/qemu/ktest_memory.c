/* ktest_memory.c: see ktest_memory.h. */

#include "kern/kstack.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

#include "ktest_memory.h"

static void
drain_zone(zone_t zone, const struct zone_stats *stats, void *arg)
{
	(void)stats;
	(void)arg;
	zone_drain(zone);
}

uint64_t
ktest_free_memory_pages(void)
{
	zone_foreach(drain_zone, NULL);
	struct vm_page_stats st;
	struct pmap_stats kst;
	vm_page_get_stats(&st);
	pmap_get_stats(kernel_pmap, &kst);
	return st.free + kst.table_pages +
	       ((uint64_t)stack_cache_count() << KERNEL_STACK_ORDER);
}
