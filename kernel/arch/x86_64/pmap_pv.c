/*
 * arch/x86_64/pmap_pv.c: the mappings of each physical page ("pv
 * lists"), so that pmap_page_protect can find every pmap and address
 * that maps a page.
 *
 * Every mapping that pmap_enter makes of a page vm_page manages has a
 * struct pv_entry, on one of pv_buckets singly linked lists chosen by
 * hashing the page's frame number.  Pages vm_page does not manage
 * (device memory) are not tracked.
 *
 * A page whose mappings went away while referenced or modified keeps
 * those bits in attr_bits, two bits per frame vm_page manages, indexed
 * like vm_page's own array (found at boot: the frames vm_page_lookup
 * knows are one contiguous run).
 *
 * Lock order: a pmap's lock, then pv_lock (pmap_page_protect, which
 * starts from a page, takes the pmap's lock with simple_lock_try and
 * starts over when that fails).  pv_lock is taken only around list
 * operations: entries are allocated and freed with no lock held.
 */

#include <stddef.h>

#include <machine/vm_param.h>

#include "arch/x86_64/pmap_private.h"
#include "kern/kalloc.h"
#include "kern/lock.h"
#include "kern/panic.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

#define PV_MIN_BUCKETS 64
#define PV_MAX_BUCKETS ((1u << 20) / sizeof(void *)) /* a 1 MiB table */

static simple_lock_t pv_lock_data = SIMPLE_LOCK_INITIALIZER;
static zone_t pv_zone;
static struct pv_entry **pv_table; /* under pv_lock */
static uint64_t pv_buckets;        /* a power of two; constant */
static struct vm_page *attr_base;  /* the first managed frame's */
static uint8_t *attr_bits;         /* under pv_lock */

static inline struct pv_entry **
pv_bucket(uint64_t pa)
{
	return &pv_table[(pa >> PAGE_SHIFT) & (pv_buckets - 1)];
}

void
pv_init(void)
{
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	pv_buckets = PV_MIN_BUCKETS;
	while (pv_buckets < st.managed / 2 && pv_buckets < PV_MAX_BUCKETS)
		pv_buckets *= 2;
	pv_table = kalloc(pv_buckets * sizeof *pv_table);
	pv_zone = zone_create("pv entries", sizeof(struct pv_entry), 0, 0);
	if (pv_table == NULL || pv_zone == NULL)
		panic("pv_init: no memory for the pv lists");
	for (uint64_t i = 0; i < pv_buckets; i++)
		pv_table[i] = NULL;

	/*
	 * vm_page_lookup knows one run of frames: find its ends by binary
	 * search from a frame inside it.
	 */
	struct vm_page *probe = vm_page_alloc();
	if (probe == NULL)
		panic("pv_init: no page");
	uint64_t inside = vm_page_to_phys(probe) >> PAGE_SHIFT;
	vm_page_free(probe);
	uint64_t lo = 0, hi = inside; /* first known frame in [lo, hi] */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (vm_page_lookup(mid << PAGE_SHIFT) != NULL)
			hi = mid;
		else
			lo = mid + 1;
	}
	uint64_t first = lo;
	lo = inside;
	hi = MAX_PHYS_ADDR >> PAGE_SHIFT; /* last known frame in [lo, hi) */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (vm_page_lookup(mid << PAGE_SHIFT) != NULL)
			lo = mid;
		else
			hi = mid;
	}
	uint64_t frames = lo + 1 - first;
	attr_base = vm_page_lookup(first << PAGE_SHIFT);
	attr_bits = kalloc((frames + 3) / 4);
	if (attr_bits == NULL)
		panic("pv_init: no memory for %llu frames' attributes",
		      (unsigned long long)frames);
	for (uint64_t i = 0; i < (frames + 3) / 4; i++)
		attr_bits[i] = 0;
}

bool
pv_tracked(uint64_t pa)
{
	return vm_page_lookup(pa) != NULL;
}

struct pv_entry *
pv_alloc(void)
{
	return zalloc(pv_zone);
}

void
pv_free(struct pv_entry *list)
{
	while (list != NULL) {
		struct pv_entry *next = list->next;
		zfree(pv_zone, list);
		list = next;
	}
}

void
pv_lock(void)
{
	simple_lock(&pv_lock_data);
}

void
pv_unlock(void)
{
	simple_unlock(&pv_lock_data);
}

void
pv_insert(struct pv_entry *e, uint64_t pa, struct pmap *pmap, uint64_t va)
{
	struct pv_entry **b = pv_bucket(pa);
	e->pa = pa;
	e->pmap = pmap;
	e->va = va;
	e->next = *b;
	*b = e;
}

/* The attribute bits of the frame of `pa': PTE_A is 1, PTE_D is 2. */
static inline uint8_t *
attr_byte(uint64_t pa, unsigned *shift)
{
	uint64_t i = (uint64_t)(vm_page_lookup(pa) - attr_base);
	*shift = (unsigned)(i % 4) * 2;
	return &attr_bits[i / 4];
}

static inline unsigned
attr_encode(uint64_t pte)
{
	return ((pte & PTE_A) ? 1u : 0u) | ((pte & PTE_D) ? 2u : 0u);
}

struct pv_entry *
pv_remove(uint64_t pa, struct pmap *pmap, uint64_t va, uint64_t pte)
{
	for (struct pv_entry **link = pv_bucket(pa); *link != NULL;
	     link = &(*link)->next) {
		struct pv_entry *e = *link;
		if (e->pa != pa || e->pmap != pmap || e->va != va)
			continue;
		*link = e->next;
		e->next = NULL;
		unsigned shift;
		uint8_t *b = attr_byte(pa, &shift);
		*b |= (uint8_t)(attr_encode(pte) << shift);
		return e;
	}
	return NULL;
}

uint64_t
pv_attr(uint64_t pa)
{
	unsigned shift;
	const uint8_t *b = attr_byte(pa, &shift);
	unsigned bits = (*b >> shift) & 3;
	return ((bits & 1) ? PTE_A : 0) | ((bits & 2) ? PTE_D : 0);
}

void
pv_attr_clear(uint64_t pa, uint64_t bits)
{
	unsigned shift;
	uint8_t *b = attr_byte(pa, &shift);
	*b &= (uint8_t) ~(attr_encode(bits) << shift);
}

struct pv_entry *
pv_first(uint64_t pa)
{
	return pv_next_of(*pv_bucket(pa), pa);
}

struct pv_entry *
pv_next_of(struct pv_entry *e, uint64_t pa)
{
	while (e != NULL && e->pa != pa)
		e = e->next;
	return e;
}

unsigned
pv_count(uint64_t pa)
{
	unsigned n = 0;
	pv_lock();
	for (struct pv_entry *e = pv_first(pa); e != NULL;
	     e = pv_next_of(e->next, pa))
		n++;
	pv_unlock();
	return n;
}
