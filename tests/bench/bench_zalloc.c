/*
 * bench_zalloc.c: the cost of zones and of the kernel heap.
 */

#include "kern/kalloc.h"
#include "kern/kbench.h"
#include "kern/panic.h"
#include "kern/zalloc.h"

static zone_t
bench_zone(void)
{
	static zone_t z;
	if (z == NULL && (z = zone_create("bench", 128, 0, 0)) == NULL)
		panic("bench_zone: no zone");
	return z;
}

/* One element allocated and freed again: the common case of a zone. */
KBENCH(zalloc_zfree, 10000)
{
	zone_t z = bench_zone();
	for (uint64_t i = 0; i < iterations; i++)
		zfree(z, zalloc(z));
}

/* A small block of the heap: size class lookup plus a zone. */
KBENCH(kalloc_kfree_100, 10000)
{
	for (uint64_t i = 0; i < iterations; i++)
		kfree(kalloc(100), 100);
}

/* A large block: two pages from vm_page. */
KBENCH(kalloc_kfree_8k, 10000)
{
	for (uint64_t i = 0; i < iterations; i++)
		kfree(kalloc(8192), 8192);
}
