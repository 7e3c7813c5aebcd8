/*
 * kern/zalloc.c: zones of fixed-size kernel objects.
 *
 * Lock order: zone_list_lock, then a zone's lock, then vm_page's lock
 * (vm_page_alloc_order is called with a zone lock held).  No two zone
 * locks are ever held at once.
 *
 * Layout.  A chunk is 2^chunk_order pages from vm_page, naturally
 * aligned, seen through the physmap.  Elements of `stride' bytes start
 * at the chunk's first byte (so power-of-two elements are naturally
 * aligned) and a struct zone_chunk header sits in the chunk's last
 * bytes.  Masking an element's address with the chunk size finds its
 * chunk, whose header names the zone: that is how zfree checks a pointer
 * without any table.
 *
 * Invariants, under the zone's lock:
 *  - a chunk with free and allocated elements is on zone->partial;
 *  - a chunk with no free element is on no list;
 *  - a chunk with no allocated element is zone->empty (there is at most
 *    one such chunk: a second one goes back to vm_page at once);
 *  - a free element starts with a struct zone_free whose `check' is
 *    ZONE_FREE_MAGIC ^ its own address; zalloc clears it, so a zfree that
 *    finds it set is a double free unless the chunk's free list says
 *    otherwise (an object that happened to hold that value).
 */

#include <stdbool.h>

#include <machine/vm_param.h>

#include "kern/lock.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

#define ZONE_CHUNK_MAGIC 0x7a6f6e656368756bULL /* "zonechuk" */
#define ZONE_FREE_MAGIC  0x5a46524545454c4dULL /* "ZFREEELM" */
#define ZONE_MIN_ELEM    16                    /* room for a zone_free */

struct zone_free {
	struct zone_free *next;
	uint64_t check; /* ZONE_FREE_MAGIC ^ (uintptr_t)this */
};

struct zone_chunk {
	uint64_t magic; /* ZONE_CHUNK_MAGIC while the zone holds the chunk */
	struct zone *zone;
	/* The rest under zone->lock. */
	struct zone_chunk *next; /* on zone->partial */
	struct zone_chunk *prev;
	struct zone_free *free; /* this chunk's free elements */
	uint32_t in_use;
	bool on_partial;
};

struct zone {
	/* Constant after creation. */
	char name[ZONE_NAME_MAX];
	size_t elem_size;
	size_t stride;
	uint64_t max_elems;
	unsigned chunk_order;
	unsigned per_chunk;
	uintptr_t chunk_size;

	/* Under zone_list_lock. */
	struct zone *next_zone;

	simple_lock_t lock;
	/* Under lock. */
	struct zone_chunk *partial;
	struct zone_chunk *empty;
	uint64_t in_use;
	uint64_t nfree;
	uint64_t chunks;
	uint64_t allocs;
	uint64_t frees;
	uint64_t failures;
};

static simple_lock_t zone_list_lock = SIMPLE_LOCK_INITIALIZER;
static struct zone *zone_list; /* under zone_list_lock, creation order */
static struct zone zone_zone;  /* the zone the struct zones come from */

static inline struct zone_chunk *
chunk_header(const struct zone *z, uintptr_t base)
{
	return (struct zone_chunk *)(base + z->chunk_size -
				     sizeof(struct zone_chunk));
}

/* The physical address of a physmap address; any value for others. */
static inline uint64_t
physmap_to_phys(uintptr_t va)
{
	return (uint64_t)(va - (uintptr_t)phys_to_virt(0));
}

static void
partial_insert(struct zone *z, struct zone_chunk *c)
{
	c->prev = NULL;
	c->next = z->partial;
	if (c->next != NULL)
		c->next->prev = c;
	z->partial = c;
	c->on_partial = true;
}

static void
partial_remove(struct zone *z, struct zone_chunk *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		z->partial = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->next = c->prev = NULL;
	c->on_partial = false;
}

/*
 * Choose the chunk size: the smallest that wastes at most an eighth of
 * itself (header included), else the least wasteful one.  Returns false
 * if no chunk can hold one element.
 */
static bool
choose_chunk(size_t stride, unsigned *order, unsigned *per_chunk)
{
	bool found = false;
	uintptr_t best_waste = 0, best_size = 1;

	for (unsigned k = 0; k <= ZONE_CHUNK_MAX_ORDER; k++) {
		uintptr_t size = PAGE_SIZE << k;
		uintptr_t n = (size - sizeof(struct zone_chunk)) / stride;
		if (n == 0)
			continue;
		uintptr_t waste = size - n * stride;
		if (waste * 8 <= size) {
			*order = k;
			*per_chunk = (unsigned)n;
			return true;
		}
		/* waste/size < best_waste/best_size */
		if (!found || waste * best_size < best_waste * size) {
			found = true;
			best_waste = waste;
			best_size = size;
			*order = k;
			*per_chunk = (unsigned)n;
		}
	}
	return found;
}

static bool
zone_init(struct zone *z, const char *name, size_t elem_size, size_t align,
	  uint64_t max_elems)
{
	if (align == 0)
		align = ZONE_MIN_ELEM;
	if ((align & (align - 1)) != 0 || align > PAGE_SIZE)
		return false;
	if (elem_size == 0 || elem_size > (PAGE_SIZE << ZONE_CHUNK_MAX_ORDER))
		return false;
	size_t stride = elem_size < ZONE_MIN_ELEM ? ZONE_MIN_ELEM : elem_size;
	stride = (stride + align - 1) & ~(align - 1);
	unsigned order = 0, per_chunk = 0;
	if (!choose_chunk(stride, &order, &per_chunk))
		return false;

	size_t i = 0;
	for (; name[i] != '\0' && i + 1 < ZONE_NAME_MAX; i++)
		z->name[i] = name[i];
	z->name[i] = '\0';
	z->elem_size = elem_size;
	z->stride = stride;
	z->max_elems = max_elems;
	z->chunk_order = order;
	z->per_chunk = per_chunk;
	z->chunk_size = PAGE_SIZE << order;
	z->next_zone = NULL;
	simple_lock_init(&z->lock);
	z->partial = NULL;
	z->empty = NULL;
	z->in_use = z->nfree = z->chunks = 0;
	z->allocs = z->frees = z->failures = 0;
	return true;
}

/* A new chunk with every element free, or NULL.  Zone locked. */
static struct zone_chunk *
chunk_alloc(struct zone *z)
{
	struct vm_page *page = vm_page_alloc_order(z->chunk_order);
	if (page == NULL)
		return NULL;
	uintptr_t base = (uintptr_t)phys_to_virt(vm_page_to_phys(page));
	struct zone_chunk *c = chunk_header(z, base);
	c->magic = ZONE_CHUNK_MAGIC;
	c->zone = z;
	c->next = c->prev = NULL;
	c->on_partial = false;
	c->in_use = 0;
	c->free = NULL;
	/* Link from the top so that the first element is handed out first. */
	for (unsigned i = z->per_chunk; i-- > 0;) {
		struct zone_free *f =
			(struct zone_free *)(base + i * z->stride);
		f->next = c->free;
		f->check = ZONE_FREE_MAGIC ^ (uintptr_t)f;
		c->free = f;
	}
	z->chunks++;
	z->nfree += z->per_chunk;
	return c;
}

/* Give an empty chunk back to vm_page.  Zone locked. */
static void
chunk_free(struct zone *z, struct zone_chunk *c)
{
	uintptr_t base = (uintptr_t)c + sizeof *c - z->chunk_size;
	c->magic = 0;
	c->zone = NULL;
	z->chunks--;
	z->nfree -= z->per_chunk;
	vm_page_free_order(vm_page_lookup(physmap_to_phys(base)),
			   z->chunk_order);
}

void
zone_bootstrap(void)
{
	if (!zone_init(&zone_zone, "zones", sizeof(struct zone), 0, 0))
		panic("zone_bootstrap: cannot make the zone of zones");
	simple_lock(&zone_list_lock);
	zone_list = &zone_zone;
	simple_unlock(&zone_list_lock);
}

zone_t
zone_create(const char *name, size_t elem_size, size_t align,
	    uint64_t max_elems)
{
	struct zone *z = zalloc(&zone_zone);
	if (z == NULL)
		return NULL;
	if (!zone_init(z, name, elem_size, align, max_elems)) {
		zfree(&zone_zone, z);
		return NULL;
	}
	simple_lock(&zone_list_lock);
	struct zone **link = &zone_list;
	while (*link != NULL)
		link = &(*link)->next_zone;
	*link = z;
	simple_unlock(&zone_list_lock);
	return z;
}

void
zone_destroy(zone_t z)
{
	if (z == &zone_zone)
		panic("zone_destroy: the zone of zones");
	simple_lock(&zone_list_lock);
	struct zone **link = &zone_list;
	while (*link != NULL && *link != z)
		link = &(*link)->next_zone;
	if (*link == NULL)
		panic("zone_destroy: %p is not a zone", (void *)z);
	*link = z->next_zone;
	simple_unlock(&zone_list_lock);

	simple_lock(&z->lock);
	if (z->in_use != 0)
		panic("zone_destroy: zone %s has %llu elements in use", z->name,
		      (unsigned long long)z->in_use);
	if (z->empty != NULL)
		chunk_free(z, z->empty);
	z->empty = NULL;
	simple_unlock(&z->lock);
	zfree(&zone_zone, z);
}

void *
zalloc(zone_t z)
{
	simple_lock(&z->lock);
	if (z->max_elems != 0 && z->in_use >= z->max_elems)
		goto fail;
	struct zone_chunk *c = z->partial;
	if (c == NULL) {
		c = z->empty;
		if (c != NULL)
			z->empty = NULL;
		else if ((c = chunk_alloc(z)) == NULL)
			goto fail;
	}
	struct zone_free *f = c->free;
	c->free = f->next;
	f->check = 0;
	c->in_use++;
	if (c->free == NULL) {
		if (c->on_partial)
			partial_remove(z, c);
	} else if (!c->on_partial) {
		partial_insert(z, c);
	}
	z->in_use++;
	z->nfree--;
	z->allocs++;
	simple_unlock(&z->lock);
	return f;

fail:
	z->failures++;
	simple_unlock(&z->lock);
	return NULL;
}

/*
 * The chunk holding `elem' if it is an element of `z', else NULL.  Only
 * reads memory vm_page manages, so any pointer may be checked.  Zone
 * locked (so the chunk cannot go away meanwhile).
 */
static struct zone_chunk *
element_chunk(const struct zone *z, uintptr_t elem)
{
	uintptr_t base = elem & ~(z->chunk_size - 1);
	struct zone_chunk *c = chunk_header(z, base);
	/* A chunk is one vm_page block: if its header is genuine, so is
	 * the rest of it. */
	if (vm_page_lookup(physmap_to_phys((uintptr_t)c)) == NULL)
		return NULL;
	if (c->magic != ZONE_CHUNK_MAGIC || c->zone != z)
		return NULL;
	uintptr_t off = elem - base;
	if (off % z->stride != 0 || off / z->stride >= z->per_chunk)
		return NULL;
	return c;
}

static bool
chunk_free_list_holds(const struct zone_chunk *c, const struct zone_free *f)
{
	for (const struct zone_free *p = c->free; p != NULL; p = p->next)
		if (p == f)
			return true;
	return false;
}

void
zfree(zone_t z, void *elem)
{
	simple_lock(&z->lock);
	struct zone_chunk *c = element_chunk(z, (uintptr_t)elem);
	if (c == NULL)
		panic("zfree: %p is not an element of zone %s", elem, z->name);
	struct zone_free *f = elem;
	if (f->check == (ZONE_FREE_MAGIC ^ (uintptr_t)f) &&
	    chunk_free_list_holds(c, f))
		panic("zfree: %p freed twice in zone %s", elem, z->name);

	bool was_full = c->free == NULL;
	f->next = c->free;
	f->check = ZONE_FREE_MAGIC ^ (uintptr_t)f;
	c->free = f;
	c->in_use--;
	z->in_use--;
	z->nfree++;
	z->frees++;
	if (c->in_use == 0) {
		if (c->on_partial)
			partial_remove(z, c);
		if (z->empty == NULL)
			z->empty = c;
		else
			chunk_free(z, c);
	} else if (was_full) {
		partial_insert(z, c);
	}
	simple_unlock(&z->lock);
}

void
zone_drain(zone_t z)
{
	simple_lock(&z->lock);
	if (z->empty != NULL) {
		chunk_free(z, z->empty);
		z->empty = NULL;
	}
	simple_unlock(&z->lock);
}

uint64_t
zone_gc(void)
{
	uint64_t pages = 0;

	simple_lock(&zone_list_lock);
	for (struct zone *z = zone_list; z != NULL; z = z->next_zone) {
		simple_lock(&z->lock);
		if (z->empty != NULL) {
			chunk_free(z, z->empty);
			z->empty = NULL;
			pages += (uint64_t)1 << z->chunk_order;
		}
		simple_unlock(&z->lock);
	}
	simple_unlock(&zone_list_lock);
	return pages;
}

void
zone_get_stats(zone_t z, struct zone_stats *st)
{
	simple_lock(&z->lock);
	for (unsigned i = 0; i < ZONE_NAME_MAX; i++)
		st->name[i] = z->name[i];
	st->elem_size = z->elem_size;
	st->elem_stride = z->stride;
	st->max_elems = z->max_elems;
	st->in_use = z->in_use;
	st->free = z->nfree;
	st->chunks = z->chunks;
	st->pages = z->chunks << z->chunk_order;
	st->allocs = z->allocs;
	st->frees = z->frees;
	st->failures = z->failures;
	st->chunk_order = z->chunk_order;
	st->elems_per_chunk = z->per_chunk;
	simple_unlock(&z->lock);
}

unsigned
zone_foreach(zone_foreach_fn fn, void *arg)
{
	struct zone_stats st;
	unsigned n = 0;

	simple_lock(&zone_list_lock);
	for (struct zone *z = zone_list; z != NULL; z = z->next_zone) {
		zone_get_stats(z, &st);
		fn(z, &st, arg);
		n++;
	}
	simple_unlock(&zone_list_lock);
	return n;
}

static void
print_zone(zone_t z, const struct zone_stats *st, void *arg)
{
	(void)z;
	(void)arg;
	kprintf("%-16s %6zu %8llu %8llu %6llu %10llu %10llu %6llu\n", st->name,
		st->elem_size, (unsigned long long)st->in_use,
		(unsigned long long)st->free, (unsigned long long)st->pages,
		(unsigned long long)st->allocs, (unsigned long long)st->frees,
		(unsigned long long)st->failures);
}

void
zone_print_all(void)
{
	kprintf("%-16s %6s %8s %8s %6s %10s %10s %6s\n", "zone", "size",
		"in use", "free", "pages", "allocs", "frees", "fails");
	zone_foreach(print_zone, NULL);
}
