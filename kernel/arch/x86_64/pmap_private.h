/*
 * arch/x86_64/pmap_private.h: what pmap.c (the page tables, plain C that
 * the host unit tests also build) and pmap_bootstrap.c (the boot-time
 * tables and the privileged instructions) share.
 *
 * Four levels of 512 entries: PML4 (level 4), PDPT (3), page directory
 * (2), page table (1).  PML4 slots 0-255 are the user half, 256-511 the
 * kernel half.  An entry that points to a user-half table keeps in its
 * ignored bits 52-61 the number of valid entries of that table, so that
 * pmap_remove frees a table the moment it becomes empty.
 */
#ifndef ARCH_X86_64_PMAP_PRIVATE_H
#define ARCH_X86_64_PMAP_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <machine/vm_param.h>

#include "kern/lock.h"
#include "vm/pmap.h"

#define PTE_P       0x001ULL /* present */
#define PTE_W       0x002ULL /* writable */
#define PTE_U       0x004ULL /* user */
#define PTE_A       0x020ULL /* accessed */
#define PTE_D       0x040ULL /* dirty */
#define PTE_PS      0x080ULL /* large page, in a PDPT or PD entry */
#define PTE_G       0x100ULL /* global */
#define PTE_WIRED   0x200ULL /* ours (ignored by the CPU): wired */
#define PTE_NX      (1ULL << 63)
#define PTE_ADDR    0x000ffffffffff000ULL /* bits 12-51 */
#define PTE_PS_ADDR 0x000fffffffe00000ULL /* a 2 MiB page's address */

#define PTE_COUNT_SHIFT 52
#define PTE_COUNT_MASK  (0x3ffULL << PTE_COUNT_SHIFT)

#define PT_ENTRIES      512
#define PML4_USER_SLOTS 256 /* slots 0-255 */
#define MAX_PHYS_ADDR   (1ULL << 52)

/* The user half ends here; the kernel half starts at its sign extension. */
#define USER_HALF_END    0x0000800000000000ULL
#define KERNEL_HALF_BASE 0xffff800000000000ULL

static inline unsigned
pt_index(uint64_t va, unsigned level)
{
	return (unsigned)(va >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

/*
 * Set up kernel_pmap over the root table at physical `pml4', whose kernel
 * half is final and took `table_pages' pages; `nx': whether PTE_NX may
 * be used; `global': whether kernel mappings get PTE_G (CR4.PGE is on).
 * Makes it this CPU's active pmap.  Called by pmap_bootstrap, and by the
 * unit tests with tables of their own.
 */
void pmap_kernel_setup(uint64_t pml4, bool nx, bool global,
		       uint64_t table_pages);

/*
 * The machine's side (pmap_bootstrap.c; stand-ins in the unit tests).
 * Each acts on the calling CPU only.
 */
void pmap_hw_invalidate_page(uint64_t va); /* invlpg */
void pmap_hw_invalidate_all(void);         /* reload CR3 */
void pmap_hw_invalidate_global(void);      /* toggle CR4.PGE: globals too */
void pmap_hw_load_root(uint64_t pml4);     /* write CR3 */
unsigned pmap_hw_cpu_number(void);

#define PMAP_MAX_CPUS 64 /* bits of pmap->cpus_active */

/* Each CPU's active pmap, by CPU number (pmap_activate's), written only
 * by its own CPU with interrupts disabled. */
extern pmap_t cpu_pmap[PMAP_MAX_CPUS];

/*
 * The pv lists (pmap_pv.c): one entry per mapping of a page vm_page
 * manages.  The list functions need pv_lock held (taken after a pmap's
 * lock, never before); pv_alloc and pv_free need no lock held.
 */
struct pmap;

struct pv_entry {
	struct pv_entry *next;
	uint64_t pa;
	struct pmap *pmap;
	uint64_t va;
};

/* Make the table and the zone.  Called by pmap_init, after kalloc_init. */
void pv_init(void);
/* Whether mappings of `pa' are tracked (vm_page manages it). */
bool pv_tracked(uint64_t pa);
/* A new entry, or NULL if memory is exhausted. */
struct pv_entry *pv_alloc(void);
/* Free a chain of entries linked through `next'. */
void pv_free(struct pv_entry *list);
void pv_lock(void);
void pv_unlock(void);
/* Record that `pmap' maps `pa' at `va', with the entry `e'. */
void pv_insert(struct pv_entry *e, uint64_t pa, struct pmap *pmap, uint64_t va);
/*
 * Unlink and return the entry of that mapping (NULL if there is none),
 * whose last level-1 entry was `pte': the page keeps the referenced and
 * modified bits of `pte' (PTE_A, PTE_D).
 */
struct pv_entry *pv_remove(uint64_t pa, struct pmap *pmap, uint64_t va,
			   uint64_t pte);
/* The kept PTE_A and PTE_D bits of `pa'. */
uint64_t pv_attr(uint64_t pa);
/* Forget the kept `bits' (PTE_A, PTE_D) of `pa'. */
void pv_attr_clear(uint64_t pa, uint64_t bits);
/* The first entry of `pa', then the next one from `e' on (or NULL). */
struct pv_entry *pv_first(uint64_t pa);
struct pv_entry *pv_next_of(struct pv_entry *e, uint64_t pa);
/* The number of mappings of `pa'; takes pv_lock itself. */
unsigned pv_count(uint64_t pa);

/*
 * The pmap itself and the internals pmap.c and pmap_remove.c share.
 */
struct pmap {
	uint64_t pml4;        /* physical address of the root table; constant */
	uint64_t *root;       /* the root through the physmap; constant */
	uint64_t cpus_active; /* atomic: CPUs where this pmap is loaded */

	simple_lock_t lock;
	/* Under lock. */
	unsigned refcount;
	struct pmap_stats stats;
};

/* The entries of a walk: entry[level] for level..4. */
struct walk {
	uint64_t *entry[5];
	unsigned level; /* where the walk stopped */
};

/* Pages whose translations changed, to invalidate once. */
struct inval {
	uint64_t first, last; /* the first and last page */
	uint64_t count;
};

/* The PTE_NX bit if the CPU has no-execute, else 0. */
uint64_t pmap_nx_bit(void);

/*
 * The one place where the translations of `pmap' for the pages of `inv'
 * are thrown out of the TLBs (see pmap.c for the contract).  Pmap locked.
 */
void pmap_tlb_invalidate(pmap_t pmap, const struct inval *inv);

static inline uint64_t *
table_of(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDR);
}

static inline unsigned
entry_count(uint64_t entry)
{
	return (unsigned)((entry & PTE_COUNT_MASK) >> PTE_COUNT_SHIFT);
}

static inline void
count_add(uint64_t *entry, int delta)
{
	uint64_t n = (uint64_t)((int)entry_count(*entry) + delta);
	*entry = (*entry & ~PTE_COUNT_MASK) | (n << PTE_COUNT_SHIFT);
}

/* Bytes one entry of `level' covers. */
static inline uint64_t
level_size(unsigned level)
{
	return (uint64_t)PAGE_SIZE << (9 * (level - 1));
}

static inline bool
is_user(pmap_t pmap)
{
	return pmap != kernel_pmap;
}

/*
 * Walk down to the entry that maps `va': a level-1 entry, a large page,
 * or the first entry that is not valid.  Pmap locked.
 */
static inline void
pmap_walk(pmap_t pmap, uint64_t va, struct walk *w)
{
	uint64_t *table = pmap->root;
	unsigned level = 4;
	for (;;) {
		uint64_t *e = &table[pt_index(va, level)];
		w->entry[level] = e;
		if (level == 1 || !(*e & PTE_P) || (*e & PTE_PS)) {
			w->level = level;
			return;
		}
		table = table_of(*e);
		level--;
	}
}

static inline void
inval_add(struct inval *inv, uint64_t va)
{
	if (inv->count == 0 || va < inv->first)
		inv->first = va;
	if (inv->count == 0 || va > inv->last)
		inv->last = va;
	inv->count++;
}

/* Push `e' (if any) on the chain *list. */
static inline void
pv_chain(struct pv_entry *e, struct pv_entry **list)
{
	if (e != NULL) {
		e->next = *list;
		*list = e;
	}
}

#endif
