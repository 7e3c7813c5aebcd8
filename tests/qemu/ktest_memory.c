/* ktest_memory.c: see ktest_memory.h. */

#include "ipc/ipc_kmsg.h"
#include "kern/kstack.h"
#include "kern/printf.h"
#include "kern/string.h"
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
	ipc_kmsg_cache_drain();
	stack_cache_drain(); /* before the zones: its pv entries go */
	zone_foreach(drain_zone, NULL);
	struct vm_page_stats st;
	struct pmap_stats kst;
	vm_page_get_stats(&st);
	pmap_get_stats(kernel_pmap, &kst);
	return st.free + kst.table_pages;
}

struct zone_count {
	const char *name;
	uint64_t in_use;
};

static void
count_zone(zone_t zone, const struct zone_stats *st, void *arg)
{
	struct zone_count *c = arg;
	(void)zone;
	if (strcmp(st->name, c->name) == 0)
		c->in_use = st->in_use;
}

uint64_t
ktest_zone_in_use(const char *name)
{
	struct zone_count c = { name, 0 };
	zone_foreach(count_zone, &c);
	return c.in_use;
}

static void
print_zone(zone_t zone, const struct zone_stats *st, void *arg)
{
	(void)zone;
	(void)arg;
	if (st->in_use != 0)
		kprintf("# zone %s: %llu in use\n", st->name,
			(unsigned long long)st->in_use);
}

void
ktest_print_zones(void)
{
	zone_foreach(print_zone, NULL);
}
