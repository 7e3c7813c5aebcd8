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

struct pv_entry *
pv_remove(uint64_t pa, struct pmap *pmap, uint64_t va)
{
	for (struct pv_entry **link = pv_bucket(pa); *link != NULL;
	     link = &(*link)->next) {
		struct pv_entry *e = *link;
		if (e->pa == pa && e->pmap == pmap && e->va == va) {
			*link = e->next;
			e->next = NULL;
			return e;
		}
	}
	return NULL;
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
