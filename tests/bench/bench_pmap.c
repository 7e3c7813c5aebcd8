/*
 * bench_pmap.c: the cost of changing a mapping.
 */

#include <stddef.h>

#include <machine/vm_param.h>

#include "kern/kbench.h"
#include "kern/panic.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

#define BENCH_VA 0x10000000ULL

static pmap_t
bench_pmap(void)
{
	static pmap_t p;
	static uint64_t frame;
	if (p == NULL) {
		struct vm_page *page = vm_page_alloc();
		p = pmap_create();
		if (p == NULL || page == NULL)
			panic("bench_pmap: no memory");
		frame = vm_page_to_phys(page);
		/* A neighbour keeps the page tables in place. */
		if (pmap_enter(p, BENCH_VA + PAGE_SIZE, frame, VM_PROT_READ,
			       false) != KERN_SUCCESS)
			panic("bench_pmap: pmap_enter");
	}
	return p;
}

/* One page entered and removed where its page tables exist. */
KBENCH(pmap_enter_remove, 10000)
{
	pmap_t p = bench_pmap();
	uint64_t pa;
	pmap_extract(p, BENCH_VA + PAGE_SIZE, &pa);
	for (uint64_t i = 0; i < iterations; i++) {
		pmap_enter(p, BENCH_VA, pa, VM_PROT_DEFAULT, false);
		pmap_remove(p, BENCH_VA, BENCH_VA + PAGE_SIZE);
	}
}

/* The same in an empty region: three tables made and freed each time. */
KBENCH(pmap_enter_remove_with_tables, 2000)
{
	pmap_t p = bench_pmap();
	uint64_t pa, va = 1ULL << 40;
	pmap_extract(p, BENCH_VA + PAGE_SIZE, &pa);
	for (uint64_t i = 0; i < iterations; i++) {
		pmap_enter(p, va, pa, VM_PROT_DEFAULT, false);
		pmap_remove(p, va, va + PAGE_SIZE);
	}
}

/* An address space made and given back: root page, kernel half copied. */
KBENCH(pmap_create_destroy, 1000)
{
	for (uint64_t i = 0; i < iterations; i++)
		pmap_destroy(pmap_create());
}
