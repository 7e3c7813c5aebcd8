/*
 * arch/x86_64/pmap_remove.c: taking mappings away: by address range
 * (pmap_remove, pmap_protect) and by physical page (pmap_page_protect,
 * through the pv lists).
 *
 * Lock order and invariants: see pmap.c.  A change is made under the
 * pmap's lock, invalidated with pmap_tlb_invalidate before the lock is
 * dropped, and only then are the page-table pages that emptied and the
 * pv entries given back.
 */

#include <stdbool.h>
#include <stdint.h>

#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "arch/x86_64/pmap_private.h"
#include "kern/lock.h"
#include "kern/panic.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

/*
 * Free the tables above the level-1 entry `w' walked to that became
 * empty; they go on *freed (chained through their first word, which
 * stays an invalid entry) to be released after the invalidation.  User
 * pmap, locked.
 */
static void
release_empty_tables(pmap_t pmap, struct walk *w, uint64_t *freed)
{
	for (unsigned level = 2; level <= 4; level++) {
		uint64_t *e = w->entry[level];
		if (entry_count(*e) != 0)
			return;
		uint64_t tpa = *e & PTE_ADDR;
		*e = 0;
		*(uint64_t *)phys_to_virt(tpa) = *freed;
		*freed = tpa;
		pmap->stats.table_pages--;
		if (level < 4)
			count_add(w->entry[level + 1], -1);
	}
}

/*
 * Clear the valid level-1 entry *pte that maps `va' (`w' walked to it),
 * counting it out.  Pmap locked; the caller drops the pv entry.
 * Returns the old entry.
 */
static uint64_t
leaf_remove(pmap_t pmap, struct walk *w, uint64_t *pte, uint64_t va,
	    struct inval *inv)
{
	uint64_t old = __atomic_exchange_n(pte, 0, __ATOMIC_ACQ_REL);
	pmap->stats.resident--;
	if (old & PTE_WIRED)
		pmap->stats.wired--;
	if (is_user(pmap))
		count_add(w->entry[2], -1);
	inval_add(inv, va);
	return old;
}

/*
 * Give the valid level-1 entry *pte that maps `va' the protection bits
 * `bits' (PTE_W and PTE_NX), keeping what the CPU sets meanwhile (A, D).
 * Pmap locked.
 */
static void
leaf_protect(uint64_t *pte, uint64_t va, uint64_t bits, struct inval *inv)
{
	uint64_t old = *pte, want;
	if ((old & (PTE_W | PTE_NX)) == bits)
		return;
	do {
		want = (old & ~(PTE_W | PTE_NX)) | bits;
	} while (!__atomic_compare_exchange_n(
		pte, &old, want, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	inval_add(inv, va);
}

/* Give back the tables chained on `freed' (after the invalidation). */
static void
tables_free(uint64_t freed)
{
	while (freed != 0) {
		uint64_t next = *(uint64_t *)phys_to_virt(freed);
		vm_page_free(vm_page_lookup(freed));
		freed = next;
	}
}

/*
 * Apply `op' to the valid level-1 entries of [start, end) of `pmap':
 * remove them (clear true) or set their protection bits to `bits'.
 */
static void
range_update(pmap_t pmap, vm_offset_t start, vm_offset_t end, bool clear,
	     uint64_t bits)
{
	struct inval inv = { 0, 0, 0 };
	struct walk w;
	uint64_t freed = 0;
	struct pv_entry *pv_freed = NULL;
	bool user = is_user(pmap);

	if (end <= start)
		return;
	uint64_t va = start & ~(uint64_t)PAGE_MASK;
	uint64_t last = (end - 1) | PAGE_MASK; /* the last byte */
	/* Only this pmap's half. */
	if (user) {
		if (va >= USER_HALF_END)
			return;
		if (last >= USER_HALF_END)
			last = USER_HALF_END - 1;
	} else {
		if (last < KERNEL_HALF_BASE)
			return;
		if (va < KERNEL_HALF_BASE)
			va = KERNEL_HALF_BASE;
	}

	simple_lock(&pmap->lock);
	for (;;) {
		pmap_walk(pmap, va, &w);
		uint64_t *e = w.entry[w.level];
		if (w.level > 1 && !(*e & PTE_P)) {
			/* No table here: skip what it would cover. */
			va = (va | (level_size(w.level) - 1)) + 1;
		} else if (w.level > 1) {
			panic("pmap: large page at %#llx in a range update",
			      (unsigned long long)va);
		} else {
			/* The rest of this page table, up to `last'. */
			uint64_t table_last = va | (level_size(2) - 1);
			uint64_t stop = table_last < last ? table_last : last;
			uint64_t n = ((stop - va) >> PAGE_SHIFT) + 1;
			uint64_t *pte = e;
			for (uint64_t i = 0; i < n; i++, pte++) {
				if (!(*pte & PTE_P))
					continue;
				uint64_t pva = va + i * PAGE_SIZE;
				if (!clear) {
					leaf_protect(pte, pva, bits, &inv);
					continue;
				}
				uint64_t old =
					leaf_remove(pmap, &w, pte, pva, &inv);
				uint64_t opa = old & PTE_ADDR;
				if (pv_tracked(opa)) {
					pv_lock();
					pv_chain(pv_remove(opa, pmap, pva, old),
						 &pv_freed);
					pv_unlock();
				}
			}
			if (clear && user)
				release_empty_tables(pmap, &w, &freed);
			va = stop + 1;
		}
		if (va == 0 || va > last)
			break;
	}
	pmap_tlb_invalidate(pmap, &inv);
	simple_unlock(&pmap->lock);
	tables_free(freed);
	pv_free(pv_freed);
}

void
pmap_remove(pmap_t pmap, vm_offset_t start, vm_offset_t end)
{
	range_update(pmap, start, end, true, 0);
}

void
pmap_protect(pmap_t pmap, vm_offset_t start, vm_offset_t end, vm_prot_t prot)
{
	if ((prot & VM_PROT_ALL) == VM_PROT_NONE) {
		range_update(pmap, start, end, true, 0);
		return;
	}
	uint64_t bits = 0;
	if (prot & VM_PROT_WRITE)
		bits |= PTE_W;
	if (!(prot & VM_PROT_EXECUTE))
		bits |= pmap_nx_bit();
	range_update(pmap, start, end, false, bits);
}

void
pmap_page_protect(uint64_t pa, vm_prot_t prot)
{
	struct pv_entry *pv_freed = NULL;
	uint64_t freed = 0;

	pa &= ~(uint64_t)PAGE_MASK;
	if ((prot & VM_PROT_WRITE) || !pv_tracked(pa))
		return; /* nothing to lower, or nothing recorded */
	bool remove = (prot & VM_PROT_ALL) == VM_PROT_NONE;

restart:
	pv_lock();
	for (struct pv_entry *e = pv_first(pa), *next; e != NULL; e = next) {
		next = pv_next_of(e->next, pa);
		pmap_t pmap = e->pmap;
		uint64_t va = e->va;
		/* Against the lock order: try, and start over on failure. */
		if (!simple_lock_try(&pmap->lock)) {
			pv_unlock();
			cpu_relax();
			goto restart;
		}
		struct walk w;
		struct inval inv = { 0, 0, 0 };
		pmap_walk(pmap, va, &w);
		uint64_t *pte = w.entry[1];
		if (w.level != 1 || !(*pte & PTE_P) || (*pte & PTE_ADDR) != pa)
			panic("pmap_page_protect: %#llx has a pv entry but no "
			      "mapping at %#llx",
			      (unsigned long long)pa, (unsigned long long)va);
		if (remove) {
			uint64_t old = leaf_remove(pmap, &w, pte, va, &inv);
			pv_chain(pv_remove(pa, pmap, va, old), &pv_freed);
			if (is_user(pmap))
				release_empty_tables(pmap, &w, &freed);
		} else {
			leaf_protect(pte, va, *pte & PTE_NX, &inv);
		}
		pmap_tlb_invalidate(pmap, &inv);
		simple_unlock(&pmap->lock);
	}
	pv_unlock();
	tables_free(freed);
	pv_free(pv_freed);
}

unsigned
pmap_page_mappings(uint64_t pa)
{
	pa &= ~(uint64_t)PAGE_MASK;
	return pv_tracked(pa) ? pv_count(pa) : 0;
}
