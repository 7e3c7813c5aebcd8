/*
 * arch/x86_64/pmap.c: pmaps as x86_64 four-level page tables.
 *
 * Lock order: a pmap's lock, then pv_lock (pmap_pv.c), then vm_page's
 * (page-table pages) and the zones'.  No two pmap locks are held at
 * once; pmap_page_protect, which starts from pv_lock, takes a pmap's
 * lock only with simple_lock_try.  The per-CPU
 * cpu_pmap[] slot is written only by its own CPU, interrupts disabled;
 * pmap->cpus_active is updated with atomic operations.
 *
 * Invariants, under the pmap's lock:
 *  - the kernel half of every PML4 is the kernel's: slots 256-511 of a
 *    user pmap are copied from kernel_pmap at creation and never change
 *    (pmap_bootstrap creates every kernel-half PDPT the kernel will ever
 *    use, so there is nothing to propagate);
 *  - in a user pmap, each entry of levels 4 to 2 that points to a table
 *    holds that table's number of valid entries in bits 52-61 (see
 *    pmap_private.h); a table whose count falls to 0 is freed at once,
 *    so a user pmap holds no empty table;
 *  - kernel-half tables are never freed;
 *  - every valid level-1 entry that maps a page vm_page manages has its
 *    pv entry (pmap_pv.c), added and removed under pv_lock together with
 *    the entry itself;
 *  - stats.resident counts the valid level-1 entries pmap_enter made,
 *    stats.wired those with PTE_WIRED; what pmap_bootstrap mapped (the
 *    physmap's large pages, the kernel image) is not counted.
 *
 * Page-table pages are reached through the physmap, which covers all the
 * memory vm_page hands out.  This file makes and looks up mappings;
 * pmap_remove.c takes them away (by range or by page); pmap_pv.c keeps
 * the pv lists.  All are plain C over the hooks of pmap_private.h, so
 * the host unit tests build them too.
 */

#include <stdbool.h>
#include <stdint.h>

#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "arch/x86_64/pmap_private.h"
#include "kern/lock.h"
#include "kern/panic.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

/* Above this many pages, one full flush is cheaper than invlpg each. */
#define PMAP_INVLPG_MAX 32

static struct pmap kernel_pmap_store;
pmap_t kernel_pmap;
static bool pmap_nx;     /* PTE_NX may be used */
static bool pmap_global; /* kernel mappings are global (PTE_G) */
static zone_t pmap_zone;
pmap_t cpu_pmap[PMAP_MAX_CPUS]; /* each CPU's active pmap */

/*
 * Table entries zeroed and copied by string instructions, not by the
 * byte loops of memset and memcpy.
 */
static inline void
entries_zero(uint64_t *dst, uint64_t n)
{
	__asm__ volatile("rep stosq"
			 : "+D"(dst), "+c"(n)
			 : "a"(0ULL)
			 : "memory");
}

static inline void
entries_copy(uint64_t *dst, const uint64_t *src, uint64_t n)
{
	__asm__ volatile("rep movsq"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
}

static bool
va_in_half(pmap_t pmap, uint64_t va)
{
	return is_user(pmap) ? va < USER_HALF_END : va >= KERNEL_HALF_BASE;
}

/* In either half (the MMU faults on the others without a walk). */
static bool
va_canonical(uint64_t va)
{
	return va < USER_HALF_END || va >= KERNEL_HALF_BASE;
}

/*
 * pmap_tlb_invalidate: the one place where the translations of `pmap'
 * for the pages of `inv' are thrown out of the TLBs after their entries
 * changed.  Every change to a valid entry of any pmap goes through here.
 *
 * Contract: called with `pmap' locked, after the entries were changed,
 * and before any page-table page the entries lived in, or any page they
 * mapped, may be reused (pmap_remove frees emptied tables only after
 * this returns).  On return, no CPU may use the old translations.
 * INVLPG also flushes the paging-structure caches, so freed tables are
 * covered too.
 *
 * Now: this CPU only, when `pmap' is loaded here (kernel_pmap always:
 * every pmap shares its half).  SMP: this is where an IPI carrying the
 * range goes to every other CPU in pmap->cpus_active (to every online
 * CPU for kernel_pmap), and where we wait until each has invalidated.
 * A CPU that loads the pmap after cpus_active was read loads CR3 after
 * the entries changed and so holds no stale entry.
 */
void
pmap_tlb_invalidate(pmap_t pmap, const struct inval *inv)
{
	if (inv->count == 0)
		return;
	unsigned cpu = pmap_hw_cpu_number();
	bool here = pmap == kernel_pmap ||
		    (__atomic_load_n(&pmap->cpus_active, __ATOMIC_ACQUIRE) &
		     (1ULL << cpu)) != 0;
	if (!here)
		return;
	uint64_t span = ((inv->last - inv->first) >> PAGE_SHIFT) + 1;
	if (span > PMAP_INVLPG_MAX) {
		/* A CR3 reload keeps the kernel's global entries. */
		if (pmap == kernel_pmap && pmap_global)
			pmap_hw_invalidate_global();
		else
			pmap_hw_invalidate_all();
		return;
	}
	for (uint64_t i = 0; i < span; i++)
		pmap_hw_invalidate_page(inv->first + i * PAGE_SIZE);
}

uint64_t
pmap_nx_bit(void)
{
	return pmap_nx ? PTE_NX : 0;
}

void
pmap_kernel_setup(uint64_t pml4, bool nx, bool global, uint64_t table_pages)
{
	pmap_t k = &kernel_pmap_store;
	k->pml4 = pml4;
	k->root = phys_to_virt(pml4);
	k->cpus_active = 0;
	simple_lock_init(&k->lock);
	k->refcount = 1;
	k->stats = (struct pmap_stats){ 0, 0, table_pages };
	kernel_pmap = k;
	pmap_nx = nx;
	pmap_global = global;
	for (unsigned i = 0; i < PMAP_MAX_CPUS; i++)
		cpu_pmap[i] = NULL;
	unsigned cpu = pmap_hw_cpu_number();
	cpu_pmap[cpu] = k;
	k->cpus_active = 1ULL << cpu;
}

void
pmap_init(void)
{
	pmap_zone = zone_create("pmaps", sizeof(struct pmap), 0, 0);
	if (pmap_zone == NULL)
		panic("pmap_init: no zone for pmaps");
	pv_init();
}

pmap_t
pmap_create(void)
{
	pmap_t p = zalloc(pmap_zone);
	if (p == NULL)
		return NULL;
	struct vm_page *page = vm_page_alloc();
	if (page == NULL) {
		zfree(pmap_zone, p);
		return NULL;
	}
	p->pml4 = vm_page_to_phys(page);
	p->root = phys_to_virt(p->pml4);
	entries_zero(p->root, PML4_USER_SLOTS);
	/* Kernel-half entries never change after boot: no lock needed. */
	entries_copy(p->root + PML4_USER_SLOTS,
		     kernel_pmap->root + PML4_USER_SLOTS,
		     PT_ENTRIES - PML4_USER_SLOTS);
	p->cpus_active = 0;
	simple_lock_init(&p->lock);
	p->refcount = 1;
	p->stats = (struct pmap_stats){ 0, 0, 1 };
	return p;
}

void
pmap_reference(pmap_t pmap)
{
	simple_lock(&pmap->lock);
	pmap->refcount++;
	simple_unlock(&pmap->lock);
}

static void
table_free(uint64_t entry)
{
	vm_page_free(vm_page_lookup(entry & PTE_ADDR));
}

/*
 * Unlink the pv entries of the valid entries of page table `pt', which
 * maps from `va0', onto *list.  Pmap locked.
 */
static void
pv_drop_table(pmap_t pmap, const uint64_t *pt, uint64_t va0,
	      struct pv_entry **list)
{
	pv_lock();
	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		uint64_t pa = pt[i] & PTE_ADDR;
		if ((pt[i] & PTE_P) && pv_tracked(pa))
			pv_chain(
				pv_remove(pa, pmap, va0 + i * PAGE_SIZE, pt[i]),
				list);
	}
	pv_unlock();
}

void
pmap_destroy(pmap_t pmap)
{
	if (pmap == kernel_pmap)
		panic("pmap_destroy: the kernel pmap");
	simple_lock(&pmap->lock);
	if (pmap->refcount == 0)
		panic("pmap_destroy: %p has no reference", (void *)pmap);
	unsigned left = --pmap->refcount;
	simple_unlock(&pmap->lock);
	if (left > 0)
		return;
	if (__atomic_load_n(&pmap->cpus_active, __ATOMIC_ACQUIRE) != 0)
		panic("pmap_destroy: %p is still active", (void *)pmap);

	/*
	 * Drop the pv entries of what is still mapped, under the lock so
	 * that pmap_page_protect, which may have found one, waits or
	 * retries.  Then no one can find the pmap: free its tables.
	 */
	struct pv_entry *pv_freed = NULL;
	simple_lock(&pmap->lock);
	for (unsigned i4 = 0; i4 < PML4_USER_SLOTS && pmap->stats.resident != 0;
	     i4++) {
		uint64_t e4 = pmap->root[i4];
		if (!(e4 & PTE_P))
			continue;
		uint64_t *pdpt = table_of(e4);
		for (unsigned i3 = 0; i3 < PT_ENTRIES; i3++) {
			if (!(pdpt[i3] & PTE_P))
				continue;
			uint64_t *pd = table_of(pdpt[i3]);
			for (unsigned i2 = 0; i2 < PT_ENTRIES; i2++) {
				if (!(pd[i2] & PTE_P))
					continue;
				uint64_t va0 = (uint64_t)i4 << 39 |
					       (uint64_t)i3 << 30 |
					       (uint64_t)i2 << 21;
				pv_drop_table(pmap, table_of(pd[i2]), va0,
					      &pv_freed);
			}
		}
	}
	simple_unlock(&pmap->lock);
	pv_free(pv_freed);

	for (unsigned i4 = 0; i4 < PML4_USER_SLOTS; i4++) {
		uint64_t e4 = pmap->root[i4];
		if (!(e4 & PTE_P))
			continue;
		uint64_t *pdpt = table_of(e4);
		for (unsigned i3 = 0; i3 < PT_ENTRIES; i3++) {
			uint64_t e3 = pdpt[i3];
			if (!(e3 & PTE_P))
				continue;
			uint64_t *pd = table_of(e3);
			for (unsigned i2 = 0; i2 < PT_ENTRIES; i2++)
				if (pd[i2] & PTE_P)
					table_free(pd[i2]);
			table_free(e3);
		}
		table_free(e4);
	}
	vm_page_free(vm_page_lookup(pmap->pml4));
	zfree(pmap_zone, pmap);
}

/* The leaf entry for a mapping of `pa' with `prot' in `pmap'. */
static uint64_t
leaf_entry(pmap_t pmap, uint64_t pa, vm_prot_t prot, bool wired)
{
	uint64_t e = pa | PTE_P;
	if (prot & VM_PROT_WRITE)
		e |= PTE_W;
	if (is_user(pmap))
		e |= PTE_U;
	else if (pmap_global)
		e |= PTE_G; /* the same in every address space */
	if (!(prot & VM_PROT_EXECUTE) && pmap_nx)
		e |= PTE_NX;
	if (wired)
		e |= PTE_WIRED;
	return e;
}

kern_return_t
pmap_enter(pmap_t pmap, vm_offset_t va, uint64_t pa, vm_prot_t prot, bool wired)
{
	struct vm_page *tables[3];
	struct walk w;
	struct inval inv = { 0, 0, 0 };
	struct pv_entry *pv = NULL, *pv_freed = NULL;
	kern_return_t kr = KERN_SUCCESS;
	bool user = is_user(pmap);

	/* Check everything first, with no side effect. */
	if ((va & PAGE_MASK) != 0 || !va_in_half(pmap, va))
		return KERN_INVALID_ADDRESS;
	if ((pa & PAGE_MASK) != 0 || pa >= MAX_PHYS_ADDR ||
	    (prot & VM_PROT_ALL) == VM_PROT_NONE)
		return KERN_INVALID_ARGUMENT;
	if (pv_tracked(pa) && (pv = pv_alloc()) == NULL)
		return KERN_RESOURCE_SHORTAGE;

	simple_lock(&pmap->lock);
	pmap_walk(pmap, va, &w);
	if (w.level > 1 && (*w.entry[w.level] & PTE_PS)) {
		kr = KERN_INVALID_ADDRESS; /* inside the physmap */
		goto out;
	}
	if (!user && w.level == 4) {
		kr = KERN_INVALID_ADDRESS; /* no kernel area there */
		goto out;
	}
	unsigned need = w.level - 1;
	for (unsigned i = 0; i < need; i++) {
		tables[i] = vm_page_alloc();
		if (tables[i] == NULL) {
			while (i-- > 0)
				vm_page_free(tables[i]);
			kr = KERN_RESOURCE_SHORTAGE;
			goto out;
		}
	}

	/* From here on nothing can fail. */
	for (unsigned i = 0; i < need; i++) {
		unsigned level = w.level;
		uint64_t *e = w.entry[level];
		uint64_t tpa = vm_page_to_phys(tables[i]);
		entries_zero(phys_to_virt(tpa), PT_ENTRIES);
		*e = tpa | PTE_P | PTE_W | (user ? PTE_U : 0);
		if (user && level < 4)
			count_add(w.entry[level + 1], 1);
		pmap->stats.table_pages++;
		w.entry[level - 1] = &table_of(*e)[pt_index(va, level - 1)];
		w.level = level - 1;
	}

	/* The entry and the pv lists change together. */
	uint64_t *pte = w.entry[1];
	uint64_t new = leaf_entry(pmap, pa, prot, wired);
	pv_lock();
	uint64_t old = __atomic_exchange_n(pte, new, __ATOMIC_ACQ_REL);
	uint64_t old_pa = old & PTE_ADDR;
	if ((old & PTE_P) && old_pa != pa && pv_tracked(old_pa))
		pv_chain(pv_remove(old_pa, pmap, va, old), &pv_freed);
	if ((old & PTE_P) && old_pa == pa && (old & (PTE_A | PTE_D)))
		__atomic_fetch_or(pte, old & (PTE_A | PTE_D), __ATOMIC_RELAXED);
	if (pv != NULL && (!(old & PTE_P) || old_pa != pa)) {
		pv_insert(pv, pa, pmap, va);
		pv = NULL;
	}
	pv_unlock();
	if (old & PTE_P) {
		if (old & PTE_WIRED)
			pmap->stats.wired--;
		if ((old & ~(PTE_A | PTE_D)) != new)
			inval_add(&inv, va);
	} else {
		pmap->stats.resident++;
		if (user)
			count_add(w.entry[2], 1);
	}
	if (wired)
		pmap->stats.wired++;
	pmap_tlb_invalidate(pmap, &inv);
out:
	simple_unlock(&pmap->lock);
	pv_chain(pv, &pv_freed); /* not needed after all */
	pv_free(pv_freed);
	return kr;
}

void
pmap_change_wiring(pmap_t pmap, vm_offset_t va, bool wired)
{
	struct walk w;
	if (!va_in_half(pmap, va))
		return;
	simple_lock(&pmap->lock);
	pmap_walk(pmap, va, &w);
	uint64_t *pte = w.entry[w.level];
	if (w.level == 1 && (*pte & PTE_P) &&
	    ((*pte & PTE_WIRED) != 0) != wired) {
		if (wired) {
			__atomic_fetch_or(pte, PTE_WIRED, __ATOMIC_RELAXED);
			pmap->stats.wired++;
		} else {
			__atomic_fetch_and(pte, ~PTE_WIRED, __ATOMIC_RELAXED);
			pmap->stats.wired--;
		}
	}
	simple_unlock(&pmap->lock);
}

bool
pmap_extract(pmap_t pmap, vm_offset_t va, uint64_t *pa)
{
	struct walk w;
	bool found = false;

	if (!va_canonical(va))
		return false;
	simple_lock(&pmap->lock);
	pmap_walk(pmap, va, &w);
	uint64_t e = *w.entry[w.level];
	if (e & PTE_P) {
		uint64_t offset_mask = level_size(w.level) - 1;
		*pa = (e & PTE_ADDR & ~offset_mask) | (va & offset_mask);
		found = true;
	}
	simple_unlock(&pmap->lock);
	return found;
}

void
pmap_activate(pmap_t pmap)
{
	bool enabled = intr_disable();
	unsigned cpu = pmap_hw_cpu_number();
	pmap_t old = cpu_pmap[cpu];
	if (old != pmap) {
		uint64_t bit = 1ULL << cpu;
		if (old != NULL)
			__atomic_fetch_and(&old->cpus_active, ~bit,
					   __ATOMIC_RELEASE);
		__atomic_fetch_or(&pmap->cpus_active, bit, __ATOMIC_ACQ_REL);
		cpu_pmap[cpu] = pmap;
		pmap_hw_load_root(pmap->pml4);
	}
	intr_restore(enabled);
}

pmap_t
pmap_current(void)
{
	bool enabled = intr_disable();
	pmap_t p = cpu_pmap[pmap_hw_cpu_number()];
	intr_restore(enabled);
	return p;
}

void
pmap_get_stats(pmap_t pmap, struct pmap_stats *stats)
{
	simple_lock(&pmap->lock);
	*stats = pmap->stats;
	simple_unlock(&pmap->lock);
}

/*
 * x86 has no machine attribute a task sets: its caches are coherent
 * with memory and with each other (nothing to flush for MATTR_CACHE),
 * and memory types are the kernel's.  GNU Mach's i386 pmap_attribute is
 * the same answer for every attribute and value.
 */
kern_return_t
pmap_attribute(pmap_t pmap, vm_offset_t va, vm_size_t size, unsigned attribute,
	       int *value)
{
	(void)pmap;
	(void)va;
	(void)size;
	(void)attribute;
	(void)value;
	return KERN_INVALID_ADDRESS;
}
