/*
 * kern/zalloc.h: zones, the allocator of fixed-size kernel objects.
 *
 * A zone hands out elements of one size (threads, tasks, ports...).  Its
 * memory comes in chunks of 2^k physical pages from vm_page, addressed
 * through the physmap; each chunk keeps its own free list and a count of
 * elements in use, so a chunk whose elements are all free can go back to
 * vm_page.  A zone keeps at most one empty chunk in reserve (so that one
 * object allocated and freed again in a loop does not take and return a
 * page each time); zone_drain returns it too, and zone_gc every zone's
 * (kalloc calls it when memory runs out).
 *
 * zalloc never sleeps and never panics on exhaustion: it returns NULL
 * when the zone reached its maximum or vm_page has no memory.  zfree
 * panics on a pointer that is not an element of the zone, and on a
 * double free (detected exactly, at the cost of one word of each free
 * element and, rarely, a walk of one chunk's free list).
 *
 * Every function takes the locks it needs itself; none may be called
 * with a zone lock held.  All may be called with interrupts disabled.
 */
#ifndef KERN_ZALLOC_H
#define KERN_ZALLOC_H

#include <stddef.h>
#include <stdint.h>

typedef struct zone *zone_t;

/* The longest zone name zone_stats reports, NUL included. */
#define ZONE_NAME_MAX 32

/* The largest chunk a zone takes from vm_page: 2^3 pages. */
#define ZONE_CHUNK_MAX_ORDER 3

struct zone_stats {
	char name[ZONE_NAME_MAX];
	size_t elem_size;     /* the size asked for */
	size_t elem_stride;   /* the size taken, with alignment */
	uint64_t max_elems;   /* 0: limited only by memory */
	uint64_t in_use;      /* elements allocated now */
	uint64_t free;        /* free elements in the chunks held */
	uint64_t chunks;      /* chunks held */
	uint64_t pages;       /* pages held (chunks * pages per chunk) */
	uint64_t allocs;      /* successful zalloc calls, ever */
	uint64_t frees;       /* zfree calls, ever */
	uint64_t failures;    /* zalloc calls that returned NULL */
	unsigned chunk_order; /* each chunk is 2^chunk_order pages */
	unsigned elems_per_chunk;
};

/*
 * Set up the zone of zones.  Called once at boot after vm_page_bootstrap
 * and before any other function here.  Also used by the unit tests to
 * start over: every zone created before is forgotten (not freed).
 */
void zone_bootstrap(void);

/*
 * Create a zone of elements of `elem_size' bytes (at least 16 are
 * taken), each aligned to `align' (0 for 16; a power of two, at most a
 * page), holding at most `max_elems' elements at once (0: no limit but
 * memory).  `name' is copied.  Returns the zone, or NULL if the
 * parameters are impossible (an element larger than the largest chunk,
 * a bad alignment) or no memory is left for the zone itself.
 */
zone_t zone_create(const char *name, size_t elem_size, size_t align,
		   uint64_t max_elems);

/*
 * Destroy a zone with no element in use, returning all its chunks to
 * vm_page.  Panics if elements are still allocated (a kernel bug).
 */
void zone_destroy(zone_t zone);

/*
 * Allocate one element of `zone'; its contents are undefined.  Returns
 * NULL when the zone holds max_elems elements or memory is exhausted.
 */
void *zalloc(zone_t zone);

/*
 * Free an element zalloc(zone) returned.  Panics if `elem' is not an
 * element of this zone or is already free.  zfree(zone, NULL) panics too.
 */
void zfree(zone_t zone, void *elem);

/* Give the zone's empty chunks back to vm_page. */
void zone_drain(zone_t zone);

/*
 * Give every zone's empty chunks back to vm_page (when memory is short).
 * Returns the number of pages given back.
 */
uint64_t zone_gc(void);

/* Copy a consistent snapshot of the zone's statistics into `stats'. */
void zone_get_stats(zone_t zone, struct zone_stats *stats);

/*
 * Call `fn' with a snapshot of each zone's statistics, the zone of zones
 * first, in creation order.  The zone list is locked meanwhile: `fn'
 * must not create or destroy zones.  Returns the number of zones.
 */
typedef void (*zone_foreach_fn)(zone_t zone, const struct zone_stats *stats,
				void *arg);
unsigned zone_foreach(zone_foreach_fn fn, void *arg);

/* Print one line per zone on the console, for debugging. */
void zone_print_all(void);

#endif
