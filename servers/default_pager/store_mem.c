/*
 * store_mem.c: the in-memory backing store (store.h).  Each object the
 * pager names has a record (a hash of 256 chains by object id) holding
 * a hash table of its pages by offset, grown by doubling when it holds
 * more pages than buckets; each page is one malloc'd block, its offset
 * and link with the page's copy.  A write that replaces a page copies
 * over the old block; a new one is STORE_FULL past max_pages or when
 * malloc fails, leaving the store as it was.
 *
 * It keeps the pages in the pager's own memory, which is wired: paging
 * out to it moves a page from the kernel's object to this task, and
 * saves no memory.  It stands in for the disk store until the device
 * issue (docs/default_pager.md).
 */

#include <stdlib.h>
#include <string.h>

#include "store.h"

#define OBJECT_BUCKETS   256u
#define PAGE_BUCKETS_MIN 16u

struct mem_page {
	struct mem_page *next;
	uint64_t offset;
	unsigned char data[];
};

struct mem_object {
	struct mem_object *next;
	uint64_t id;
	uint64_t npages;
	uint64_t nbuckets; /* a power of two */
	struct mem_page **buckets;
};

struct mem_store {
	struct store store; /* first: a struct store * is a mem_store * */
	uint64_t max_pages;
	uint64_t npages;
	unsigned shift; /* log2(page_size) */
	struct mem_object *objects[OBJECT_BUCKETS];
};

static struct mem_store *
mem(struct store *s)
{
	return (struct mem_store *)s;
}

static unsigned
object_bucket(uint64_t id)
{
	return (unsigned)((id * 0x9e3779b97f4a7c15ull) >> 56) % OBJECT_BUCKETS;
}

static struct mem_object **
object_slot(struct mem_store *m, uint64_t id)
{
	struct mem_object **p = &m->objects[object_bucket(id)];
	while (*p != NULL && (*p)->id != id)
		p = &(*p)->next;
	return p;
}

static uint64_t
page_bucket(const struct mem_store *m, const struct mem_object *o,
	    uint64_t offset)
{
	uint64_t n = offset >> m->shift;
	return (n ^ (n >> 17)) & (o->nbuckets - 1);
}

static struct mem_page **
page_slot(struct mem_store *m, struct mem_object *o, uint64_t offset)
{
	struct mem_page **p = &o->buckets[page_bucket(m, o, offset)];
	while (*p != NULL && (*p)->offset != offset)
		p = &(*p)->next;
	return p;
}

static struct mem_page *
page_find(struct mem_store *m, uint64_t id, uint64_t offset)
{
	struct mem_object *o = *object_slot(m, id);
	return o != NULL ? *page_slot(m, o, offset) : NULL;
}

/* Double o's table; a failed allocation keeps the old one (only the
 * chains get longer). */
static void
object_grow(struct mem_store *m, struct mem_object *o)
{
	uint64_t n = o->nbuckets * 2;
	struct mem_page **b = calloc(n, sizeof *b);
	if (b == NULL)
		return;
	struct mem_page **old = o->buckets;
	uint64_t oldn = o->nbuckets;
	o->buckets = b;
	o->nbuckets = n;
	for (uint64_t i = 0; i < oldn; i++)
		while (old[i] != NULL) {
			struct mem_page *p = old[i];
			old[i] = p->next;
			uint64_t k = page_bucket(m, o, p->offset);
			p->next = b[k];
			b[k] = p;
		}
	free(old);
}

static void
object_free(struct mem_store *m, struct mem_object **slot)
{
	struct mem_object *o = *slot;
	for (uint64_t i = 0; i < o->nbuckets; i++)
		while (o->buckets[i] != NULL) {
			struct mem_page *p = o->buckets[i];
			o->buckets[i] = p->next;
			free(p);
		}
	m->npages -= o->npages;
	*slot = o->next;
	free(o->buckets);
	free(o);
}

static enum store_result
mem_read(struct store *s, uint64_t object, uint64_t offset, void *page)
{
	struct mem_page *p = page_find(mem(s), object, offset);
	if (p == NULL)
		return STORE_ABSENT;
	memcpy(page, p->data, s->page_size);
	return STORE_OK;
}

static enum store_result
mem_write(struct store *s, uint64_t object, uint64_t offset, const void *page)
{
	struct mem_store *m = mem(s);
	struct mem_object **os = object_slot(m, object);
	if (*os != NULL) {
		struct mem_page *p = *page_slot(m, *os, offset);
		if (p != NULL) {
			memcpy(p->data, page, s->page_size);
			return STORE_OK;
		}
	}
	if (m->max_pages != 0 && m->npages >= m->max_pages)
		return STORE_FULL;
	struct mem_page *p = malloc(sizeof *p + s->page_size);
	if (p == NULL)
		return STORE_FULL;
	struct mem_object *o = *os;
	if (o == NULL) {
		o = calloc(1, sizeof *o);
		struct mem_page **b = calloc(PAGE_BUCKETS_MIN, sizeof *b);
		if (o == NULL || b == NULL) {
			free(o);
			free(b);
			free(p);
			return STORE_FULL;
		}
		o->id = object;
		o->nbuckets = PAGE_BUCKETS_MIN;
		o->buckets = b;
		o->next = NULL;
		*os = o;
	} else if (o->npages >= o->nbuckets) {
		object_grow(m, o);
	}
	p->offset = offset;
	memcpy(p->data, page, s->page_size);
	uint64_t k = page_bucket(m, o, offset);
	p->next = o->buckets[k];
	o->buckets[k] = p;
	o->npages++;
	m->npages++;
	return STORE_OK;
}

static bool
mem_has(struct store *s, uint64_t object, uint64_t offset)
{
	return page_find(mem(s), object, offset) != NULL;
}

static void
mem_discard(struct store *s, uint64_t object, uint64_t offset, uint64_t size)
{
	struct mem_store *m = mem(s);
	struct mem_object **os = object_slot(m, object);
	struct mem_object *o = *os;
	if (o == NULL)
		return;
	uint64_t end = offset + size < offset ? UINT64_MAX : offset + size;
	if (offset == 0 && end == UINT64_MAX) {
		object_free(m, os);
		return;
	}
	if ((end - offset) >> m->shift <= o->npages) {
		/* Fewer offsets in the range than pages: look each up. */
		for (uint64_t a = offset; a < end; a += s->page_size) {
			struct mem_page **ps = page_slot(m, o, a);
			if (*ps != NULL) {
				struct mem_page *p = *ps;
				*ps = p->next;
				free(p);
				o->npages--;
				m->npages--;
			}
			if (a + s->page_size < a)
				break;
		}
	} else {
		for (uint64_t i = 0; i < o->nbuckets; i++)
			for (struct mem_page **ps = &o->buckets[i];
			     *ps != NULL;) {
				struct mem_page *p = *ps;
				if (p->offset >= offset && p->offset < end) {
					*ps = p->next;
					free(p);
					o->npages--;
					m->npages--;
				} else {
					ps = &p->next;
				}
			}
	}
	if (o->npages == 0)
		object_free(m, os);
}

static uint64_t
mem_pages(struct store *s)
{
	return mem(s)->npages;
}

static void
mem_destroy(struct store *s)
{
	struct mem_store *m = mem(s);
	for (unsigned i = 0; i < OBJECT_BUCKETS; i++)
		while (m->objects[i] != NULL)
			object_free(m, &m->objects[i]);
	free(m);
}

static const struct store_ops mem_ops = {
	.read = mem_read,
	.write = mem_write,
	.has = mem_has,
	.discard = mem_discard,
	.pages = mem_pages,
	.destroy = mem_destroy,
};

struct store *
store_mem_create(uint64_t page_size, uint64_t max_pages)
{
	if (page_size == 0 || (page_size & (page_size - 1)) != 0)
		return NULL;
	struct mem_store *m = calloc(1, sizeof *m);
	if (m == NULL)
		return NULL;
	m->store.ops = &mem_ops;
	m->store.page_size = page_size;
	m->max_pages = max_pages;
	while ((1ull << m->shift) < page_size)
		m->shift++;
	return &m->store;
}
