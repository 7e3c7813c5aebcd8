/*
 * store.h: the default pager's backing store, where the pages the
 * kernel pages out are kept (docs/default_pager.md).  The protocol
 * code (pager.c) sees only this interface; an implementation is a
 * table of operations behind a struct store:
 *
 *	store_mem.c  pages kept in the pager's own (wired) memory: the
 *	             stand-in until the device issue gives a partition
 *	             (it does not reduce memory use)
 *	(to come)    a disk partition through device_read/device_write,
 *	             with a block allocator
 *
 * A page is named by the pager's object id (any 64-bit value the pager
 * chooses; the store never interprets it) and its offset in the
 * object, a multiple of the store's page size.
 *
 * Buffers: the store never keeps, frees or writes into a caller's
 * buffer beyond the call.  store_write copies the page out of `page'
 * before it returns (the caller then deallocates its buffer, e.g. the
 * kernel's out-of-line data); store_read copies the page into `page',
 * a writable buffer of one page that the caller owns before and after.
 *
 * Not thread-safe: the pager calls it from its one thread.
 */

#ifndef SERVERS_DEFAULT_PAGER_STORE_H
#define SERVERS_DEFAULT_PAGER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum store_result {
	STORE_OK,     /* done */
	STORE_ABSENT, /* read: the page was never written (or discarded) */
	STORE_FULL,   /* write: no room for another page; nothing changed */
	STORE_ERROR,  /* the medium failed; the page's contents are unknown */
};

struct store;

struct store_ops {
	/* Copy the page at (object, offset) into page. */
	enum store_result (*read)(struct store *s, uint64_t object,
				  uint64_t offset, void *page);
	/* Keep a copy of page at (object, offset), replacing what was
	 * there.  STORE_FULL and STORE_ERROR leave the old contents, if
	 * any, readable as before for STORE_FULL, unknown for
	 * STORE_ERROR. */
	enum store_result (*write)(struct store *s, uint64_t object,
				   uint64_t offset, const void *page);
	/* Whether (object, offset) holds a page. */
	bool (*has)(struct store *s, uint64_t object, uint64_t offset);
	/* Forget the pages of object in [offset, offset + size); the
	 * whole object for size UINT64_MAX.  Cannot fail. */
	void (*discard)(struct store *s, uint64_t object, uint64_t offset,
			uint64_t size);
	/* Pages held, over every object. */
	uint64_t (*pages)(struct store *s);
	/* Free the store and everything in it. */
	void (*destroy)(struct store *s);
};

struct store {
	const struct store_ops *ops;
	uint64_t page_size; /* a power of two */
};

static inline enum store_result
store_read(struct store *s, uint64_t object, uint64_t offset, void *page)
{
	return s->ops->read(s, object, offset, page);
}

static inline enum store_result
store_write(struct store *s, uint64_t object, uint64_t offset, const void *page)
{
	return s->ops->write(s, object, offset, page);
}

static inline bool
store_has(struct store *s, uint64_t object, uint64_t offset)
{
	return s->ops->has(s, object, offset);
}

static inline void
store_discard(struct store *s, uint64_t object, uint64_t offset, uint64_t size)
{
	s->ops->discard(s, object, offset, size);
}

static inline uint64_t
store_pages(struct store *s)
{
	return s->ops->pages(s);
}

static inline void
store_destroy(struct store *s)
{
	s->ops->destroy(s);
}

/*
 * The in-memory store (store_mem.c): pages of page_size bytes (a power
 * of two) in malloc'd memory, at most max_pages of them (0: no limit
 * but memory; a failed malloc is STORE_FULL).  NULL if out of memory.
 */
struct store *store_mem_create(uint64_t page_size, uint64_t max_pages);

#endif
