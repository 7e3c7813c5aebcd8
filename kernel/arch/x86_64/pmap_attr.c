/*
 * arch/x86_64/pmap_attr.c: the referenced and modified bits of physical
 * pages: what the MMU sets (PTE_A, PTE_D) in each mapping of a page, and
 * what its removed mappings left (pmap_pv.c keeps it).
 *
 * Lock order: see pmap.c.  Reading needs only pv_lock: a mapping's page
 * tables stay as long as its pv entry does.  Clearing must also throw
 * the TLB entries out (a cached dirty entry lets the CPU write without
 * setting PTE_D again), which needs each pmap's lock: taken with
 * simple_lock_try, starting over on failure, as pmap_page_protect does.
 */

#include <stdbool.h>
#include <stdint.h>

#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "arch/x86_64/pmap_private.h"
#include "kern/lock.h"
#include "vm/pmap.h"

/* Whether `bit' is set in a mapping of `pa' or in its record. */
static bool
page_test(uint64_t pa, uint64_t bit)
{
	pa &= ~(uint64_t)PAGE_MASK;
	if (!pv_tracked(pa))
		return false;
	pv_lock();
	bool set = (pv_attr(pa) & bit) != 0;
	for (struct pv_entry *e = pv_first(pa); e != NULL && !set;
	     e = pv_next_of(e->next, pa)) {
		struct walk w;
		pmap_walk(e->pmap, e->va, &w);
		set = w.level == 1 && (*w.entry[1] & bit) != 0;
	}
	pv_unlock();
	return set;
}

/* Clear `bit' in every mapping of `pa' and in its record. */
static void
page_clear(uint64_t pa, uint64_t bit)
{
	pa &= ~(uint64_t)PAGE_MASK;
	if (!pv_tracked(pa))
		return;
restart:
	pv_lock();
	for (struct pv_entry *e = pv_first(pa), *next; e != NULL; e = next) {
		next = pv_next_of(e->next, pa);
		pmap_t pmap = e->pmap;
		if (!simple_lock_try(&pmap->lock)) {
			pv_unlock();
			cpu_relax();
			goto restart;
		}
		struct walk w;
		struct inval inv = { 0, 0, 0 };
		pmap_walk(pmap, e->va, &w);
		if (w.level == 1 &&
		    (__atomic_fetch_and(w.entry[1], ~bit, __ATOMIC_ACQ_REL) &
		     bit))
			inval_add(&inv, e->va);
		pmap_tlb_invalidate(pmap, &inv);
		simple_unlock(&pmap->lock);
	}
	pv_attr_clear(pa, bit);
	pv_unlock();
}

bool
pmap_is_modified(uint64_t pa)
{
	return page_test(pa, PTE_D);
}

bool
pmap_is_referenced(uint64_t pa)
{
	return page_test(pa, PTE_A);
}

void
pmap_clear_modify(uint64_t pa)
{
	page_clear(pa, PTE_D);
}

void
pmap_clear_reference(uint64_t pa)
{
	page_clear(pa, PTE_A);
}
