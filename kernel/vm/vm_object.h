/*
 * vm/vm_object.h: VM objects, the memory a map entry is a window onto.
 *
 * An object's contents are the pages resident in it, indexed by offset
 * through a hash of (object, offset), then, where it has none, its
 * pager's if a pager serves it (vm/memory_object.h: such an object has
 * no shadow, but a COPY_CALL copy, which shows its shadow's page where
 * its pager said data_unavailable), else its shadow's (offset + shadow_offset there), and so
 * on down the shadow chain; a page found nowhere reads as zero.  Copy-on-write is built on this (vm/vm_fault.c): an object that
 * others shadow or copy is only read through them; writes go to a new
 * object in front of it.  Collapse merges a shadow that has no other
 * holder into the object above it, so chains stay short (never an
 * external pager's object; the default pager's, into an anonymous
 * object over all of it, which takes its place as the pager's).  See docs/vm.md.
 *
 * Lifetime: an object has a reference count; each map entry, each copy
 * (vm/vm_map_copy.c) and each object shadowing it counts one.  The last
 * vm_object_deallocate frees its pages and the object, then drops its
 * reference to its shadow.
 *
 * Locks: each object's lock guards its fields and its pages' (object,
 * offset); the hash's lock guards the hash chains.  Order: a map's lock,
 * then an object's, then its shadow's (down the chain, hand over hand),
 * then the hash's, then the page queues' (vm/vm_page_queue.h), then
 * pmap's and vm_page's.  Every resident page is on a page queue unless
 * wired: page_link and page_unlink put it on and take it off.  Every call takes the
 * locks it needs itself.  A page pointer returned stays valid while the
 * caller holds the lock of a map whose entry reaches the object.
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/machine_types.h>
#include <mach/vm_prot.h>
#include <machine/vm_param.h>

#include "kern/lock.h"
#include "vm/vm_page.h"

struct ipc_port;
struct pmap;

struct vm_object {
	simple_lock_t lock;
	unsigned ref_count;
	vm_size_t size;          /* bytes, page multiple */
	uint64_t resident_count; /* pages resident */
	struct vm_page *pages;   /* resident pages, through next/prev */
	struct vm_object
		*shadow; /* the object below (one reference), or NULL */
	vm_offset_t shadow_offset; /* offset 0 here is this offset there */
	/* Some offset may be seen by more than one holder (a copy, a
	 * needs-copy entry, a shadow, another map): a removed range's pages
	 * are kept.  Cleared when one reference is left. */
	bool aliased;
	/* Written in place by entries of more than one map
	 * (VM_INHERIT_SHARE): a copy of it is made eagerly.  Cleared when
	 * one reference is left. */
	bool shared;
	/* Its memory manager (vm/memory_object.c), for an object a pager
	 * serves (vm_map of a memory object): NULL for the kernel's own
	 * anonymous objects.  Set once when the object is made; the rest
	 * under the object's lock. */
	struct ipc_port *pager;         /* send right to the memory object */
	struct ipc_port *pager_control; /* control port: receive right */
	/* name port: receive right; an anonymous object's is made when
	 * first named (vm/vm_object_name.c), or NULL */
	struct ipc_port *pager_name;
	struct vm_object *pager_next; /* the pager hash chain */
	bool pager_ready; /* memory_object_ready (or change_attributes) seen */
	bool pager_dead;  /* the pager's port died: absent pages fail */
	bool may_cache;   /* its attributes, as the pager set them */
	int copy_strategy;
	unsigned paging_in_progress; /* requests out (data_request sent) */
	/* The newest copy of a pager's object (vm_object_copy_delayed):
	 * an object shadowing this one at offset 0 that gets the original
	 * of a page before the page is first written in place here, so
	 * the copies made see the contents of the copy's time.  Not a
	 * reference: cleared when that object goes. */
	struct vm_object *copy;
	/* The default pager's (vm/memory_object_default.c): an anonymous
	 * object that page-out gave to the default memory manager.  It
	 * stays anonymous everywhere but at the pages the manager holds,
	 * those `existence' marks (one bit a page, the size fixed from
	 * then on, kalloc'd): only those are asked of it, the others are
	 * its own pages, its shadow's or zero as before.  Set with
	 * `pager', under the object's lock. */
	bool pager_internal;
	uint64_t *existence;
	/* A page of it is out of the object and its data_return not yet
	 * sent: requests to the pager wait (as for pager_ready, woken on
	 * its address), so none overtakes the page it asks for. */
	bool pageout_sending;
	/* Holds a page on its way to the default pager: never paged out
	 * itself. */
	bool pageout_copy;
};

typedef struct vm_object *vm_object_t;

/* Whether the default pager holds the page at `offset' (a page of the
 * object); object locked. */
static inline bool
vm_object_existence_test(const struct vm_object *object, vm_offset_t offset)
{
	uint64_t n = offset / PAGE_SIZE;
	return object->existence != NULL &&
	       (object->existence[n / 64] >> (n % 64) & 1) != 0;
}

/* Whether a pager other than the default pager serves the object: its
 * pages are the pager's, written in place by every mapping. */
static inline bool
vm_object_pager_external(const struct vm_object *object)
{
	return object->pager != NULL && !object->pager_internal;
}

struct vm_object_stats {
	uint64_t objects;    /* objects alive */
	uint64_t resident;   /* pages resident in them */
	uint64_t zero_fills; /* pages vm_object_page_get zero-filled */
	uint64_t cow_copies; /* pages vm_object_page_copy copied */
	/* vm_object_collapse's work: shadows merged into the object above
	 * (of which the default pager's, into an anonymous object), and
	 * shadows bypassed (left out of a chain, every page hidden). */
	uint64_t collapses;
	uint64_t collapses_internal;
	uint64_t bypasses;
};

/* Create the object zone and the page hash.  Called once at boot (and
 * by each host unit test, after zone_bootstrap). */
void vm_object_init(void);

/* A new anonymous object of `size' bytes (rounded to pages), all zero,
 * with one reference; NULL if memory is exhausted. */
vm_object_t vm_object_allocate(vm_size_t size);

void vm_object_reference(vm_object_t object);

/* Drop a reference taken only to look at the object (vm_region's):
 * the last one frees it as vm_object_deallocate does; another changes
 * nothing else (the aliased and shared marks stay). */
void vm_object_release(vm_object_t object);

/* Drop a reference; the last frees every resident page and the object,
 * then drops its reference to its shadow (iteratively down the chain). */
void vm_object_deallocate(vm_object_t object);

/*
 * A new object of `size' bytes whose contents are those of [offset,
 * offset + size) of `backing' until written: it takes the caller's
 * reference to `backing', which is marked aliased.  NULL if memory is
 * exhausted (the reference is then still the caller's).
 */
vm_object_t vm_object_shadow(vm_object_t backing, vm_offset_t offset,
			     vm_size_t size);

/*
 * The page seen at `offset' (page-aligned) of `object': its own or the
 * first found down the shadow chain, and the object holding it into
 * *where; NULL if none (the contents are zero there).
 */
struct vm_page *vm_object_chain_lookup(vm_object_t object, vm_offset_t offset,
				       vm_object_t *where);

/*
 * Make a page resident at `offset' of `object', where none is, holding a
 * copy of `from' (a page found down its chain: copy-on-write), into
 * *page.  KERN_INVALID_ARGUMENT if `offset' is not a page of the object;
 * KERN_RESOURCE_SHORTAGE if no page is free.
 */
kern_return_t vm_object_page_copy(vm_object_t object, vm_offset_t offset,
				  struct vm_page *from, struct vm_page **page);

/*
 * Shorten the shadow chain below `object' (the caller holds a
 * reference to it): each object of it whose only reference is the
 * shadow above it is merged into that one (its pages that are seen
 * move up, the hidden ones are freed; a default pager's object into
 * an anonymous one over all of it, which becomes the pager's), and an
 * object right below `object' none of whose pages `object' sees (its
 * own or the pager's hide them all) is left out of the chain.  The
 * contents `object' and every other object left show are unchanged.
 * Called with no object locked (a map's may be held).
 */
void vm_object_collapse(vm_object_t object);

/*
 * A new object holding a copy of the pages seen in [offset, offset +
 * size) of `object' (down its chain; absent pages stay absent) into
 * *out: the eager copy, for an object written in place by several
 * maps.  KERN_SUCCESS; KERN_RESOURCE_SHORTAGE if memory is exhausted;
 * VM_FAULT_RETRY if a page seen there is only the default pager's
 * (paged out), which cannot be asked for under the map's lock the
 * callers hold: they unlock, bring the range in (memory_object_page_in)
 * and start again.
 */
kern_return_t vm_object_copy_range(vm_object_t object, vm_offset_t offset,
				   vm_size_t size, vm_object_t *out);

/*
 * A send right to the name port of the object at the bottom of
 * `object''s shadow chain (vm_region's object_name, as GNU Mach's
 * vm_object_name), the port made if it had none (vm/vm_object_name.c);
 * IP_NULL if memory is short.  The caller holds a reference to `object'.
 */
struct ipc_port *vm_object_name(vm_object_t object);

/* Unbind and destroy an object's name port (its receive right), for the
 * object's end; IP_NULL is ignored. */
void vm_object_name_destroy(struct ipc_port *name);

/* The number of objects in the chain from `object' down (1: no shadow). */
unsigned vm_object_chain_length(vm_object_t object);

/* The page resident at `offset' (page-aligned), or NULL; the second
 * with the object locked. */
struct vm_page *vm_object_page_lookup(vm_object_t object, vm_offset_t offset);
struct vm_page *vm_object_page_lookup_locked(vm_object_t object,
					     vm_offset_t offset);

/*
 * The page at `offset', made resident zero-filled if it was not, in
 * *page.  KERN_SUCCESS; KERN_INVALID_ARGUMENT if `offset' is not a page
 * of the object; KERN_RESOURCE_SHORTAGE if no page is free.
 */
kern_return_t vm_object_page_get(vm_object_t object, vm_offset_t offset,
				 struct vm_page **page);

/*
 * Free the resident pages in [start, end) of the object, after removing
 * every mapping of them (pmap_page_protect), unless the object is
 * aliased (another holder may see them: they go with the object).  For
 * a range its caller's entry no longer maps.
 */
void vm_object_page_remove(vm_object_t object, vm_offset_t start,
			   vm_offset_t end);

/*
 * Grow `object' by `grow' bytes (a page multiple) at its end, for an
 * allocation next to the entry that maps its end (vm_map's coalescing).
 * Only an object with one reference and no shadow may grow (a shadow's
 * contents past the end would show through): returns false otherwise.
 */
bool vm_object_extend(vm_object_t object, vm_size_t grow);

/*
 * Free `page' of `object', whose lock the caller holds, after removing
 * its mappings: the page-out daemon's, for a page whose contents the
 * object can get back (vm/vm_pageout.h).
 */
void vm_object_page_discard_locked(vm_object_t object, struct vm_page *page);

/*
 * Move the busy, unmapped `page' of `object' (locked) to `offset' of
 * `to' (a new object nobody else holds), no longer busy, waking the
 * faults waiting for it: page-out's (vm/memory_object_default.c), the
 * frame goes to the default pager with no copy made.
 */
void vm_object_page_move_locked(vm_object_t object, struct vm_page *page,
				vm_object_t to, vm_offset_t offset);

/* Mark `page' of `object' dirty: the kernel wrote it through the
 * physmap, where no modified bit records it. */
void vm_object_page_dirty(vm_object_t object, struct vm_page *page);

/*
 * Wire (`wire') or unwire the page seen at `offset' of `object': its
 * own or the first found down the chain (`below': the first found
 * below `object' itself), under the lock of the object holding it
 * (vm/vm_map_wire.c).  Returns false if no page is seen there.
 */
bool vm_object_page_wiring(vm_object_t object, vm_offset_t offset, bool below,
			   bool wire);

void vm_object_get_stats(struct vm_object_stats *stats);

/* ---- Pages a pager fills (vm/memory_object.c) ---- */

/* What the fault path finds at an offset of an object, down its chain. */
enum vm_chain_kind {
	VM_CHAIN_PAGE,      /* a page with contents: page, in object */
	VM_CHAIN_ZERO,      /* none anywhere: zero */
	VM_CHAIN_WAIT,      /* a busy page: wait for it (object held) */
	VM_CHAIN_REQUEST,   /* an absent page was put there: ask the pager,
			     * then wait (object held) */
	VM_CHAIN_NOT_READY, /* not ready or a page in transit (object held) */
	VM_CHAIN_UNLOCK,    /* the pager locked the access needed: ask it
			     * (unlock, if not asked already), then wait
			     * (object held) */
	VM_CHAIN_ERROR,     /* the pager failed the page or is dead */
	VM_CHAIN_SHORTAGE,  /* no page frame for the request */
};

struct vm_chain_result {
	enum vm_chain_kind kind;
	vm_object_t object; /* where it was found or is to come from */
	vm_offset_t offset; /* in `object' */
	struct vm_page *page;
	/* PAGE: `object''s copy then (vm_object_copy_push), or NULL; not
	 * referenced, only compared (vm_object_page_enter). */
	struct vm_object *copy;
	vm_prot_t lock;   /* PAGE: the accesses the pager locked */
	vm_prot_t need;   /* UNLOCK: the locked access waited for */
	vm_prot_t unlock; /* UNLOCK: the data_unlock to send (0: sent) */
	/* REQUEST: the bytes to ask from `offset': a page, or for the
	 * default pager a run of the pages after it that it holds and
	 * the object has not, each made absent too (VM_PAGEIN_CLUSTER). */
	vm_size_t length;
};

/* The default pager's page-in: pages asked in one data_request. */
#define VM_PAGEIN_CLUSTER 8

/*
 * The chain search of the fault path, for an access of `access' to
 * `object' (below it, a read: a copy is made of what is found there):
 * at each object down from
 * `object', a resident page (busy: wait; locked by its pager against
 * the access: UNLOCK), else the object's pager if it
 * has one (every page of a pager's object is the pager's: an absent,
 * busy page is put there and the caller sends the data_request), else
 * the next object.  For WAIT, REQUEST and NOT_READY the object is
 * referenced for the caller, who waits with no lock held and then
 * drops it.  An error page is freed as it is reported (a later fault
 * asks again).
 */
void vm_object_chain_resolve(vm_object_t object, vm_offset_t offset,
			     vm_prot_t access, struct vm_chain_result *r);

/*
 * The pager's answers for an absent page at `offset': fill it (fill
 * NULL: zero; for an object with a shadow, a COPY_CALL copy, the page
 * is marked unavailable instead and the shadow's is seen there until a
 * write copies it up) and make it an ordinary page locked against
 * `lock' (a fill that returns false, no lock held while it runs, marks
 * it in error instead), or
 * mark it in error; each wakes its waiters.  False if no absent page
 * is there (an answer nobody asked for).  fail_all fails every absent
 * page and wakes every fault waiting for an unlock (the pager died).
 */
bool vm_object_absent_fill(vm_object_t object, vm_offset_t offset,
			   bool (*fill)(void *page, void *arg), void *arg,
			   vm_prot_t lock);
bool vm_object_absent_fail(vm_object_t object, vm_offset_t offset);
void vm_object_absent_fail_all(vm_object_t object);
/* Take back an absent page whose request was never sent: its waiters
 * find nothing there and start again. */
void vm_object_absent_cancel(vm_object_t object, vm_offset_t offset);

/*
 * Wait, interruptibly and at most `ticks', until `page' of `object' is
 * no longer busy nor locked against `locked', or (ready) until the
 * object's pager said ready or died.  KERN_SUCCESS (done, or check
 * again), KERN_TIMEDOUT, KERN_ABORTED (interrupted: the thread is to
 * leave the kernel).  No lock held; the caller holds a reference to
 * the object.
 */
kern_return_t vm_object_page_wait(vm_object_t object, struct vm_page *page,
				  vm_prot_t locked, bool ready, uint64_t ticks);

/* A page the pager sent unasked, made resident at `offset' (filled by
 * `fill', locked against `lock'); false if one is there already, it is
 * beyond the object, no frame is free, or `fill' failed. */
bool vm_object_page_supply(vm_object_t object, vm_offset_t offset,
			   bool (*fill)(void *page, void *arg), void *arg,
			   vm_prot_t lock);

/*
 * The pager's lock_request lock_value for the resident page at
 * `offset' (not busy; false if none): its mappings lose the locked
 * accesses, the unlocks asked are forgotten, and the faults waiting
 * for one try again.
 */
bool vm_object_page_lock(vm_object_t object, vm_offset_t offset,
			 vm_prot_t lock);

/* An unlock of `page' could not be asked: forget it (the next fault
 * asks again). */
void vm_object_unlock_forget(vm_object_t object, struct vm_page *page);

/* memory_object_data_error for a resident page a fault waits to have
 * unlocked (not wired): the page is in error, its waiters fail once.
 * False if there is no such page. */
bool vm_object_unlock_fail(vm_object_t object, vm_offset_t offset);

/*
 * Clean the resident page at `offset' (not busy; false if none): its
 * mappings lose write access (flush: all access, and the page is freed
 * after); *dirty says whether it was modified since the pager had it,
 * and its contents go to `buf' (PAGE_SIZE bytes, NULL: not wanted).
 */
bool vm_object_page_clean(vm_object_t object, vm_offset_t offset, bool flush,
			  void *buf, bool *dirty);

/*
 * A copy of a pager's `object' (COPY_DELAY): a new object, referenced
 * for the caller, shadowing it at offset 0 and made its copy; the copy
 * it had before now shadows the new one (so a page pushed later is
 * seen by every copy older than the write).  Every mapping of its
 * resident pages loses write access: the first write in place pushes
 * (vm_object_copy_push).  NULL if memory is exhausted.
 */
vm_object_t vm_object_copy_delayed(vm_object_t object);

/*
 * Before `page' at `offset' of `object' is written in place: give its
 * contents to the object's copy unless the copy has a page there, and
 * take every mapping of it away (the copies' read mappings see the
 * pushed page from now on).  KERN_RESOURCE_SHORTAGE if no page is free.
 */
kern_return_t vm_object_copy_push(vm_object_t object, vm_offset_t offset,
				  struct vm_page *page);

/*
 * Enter `page', found at `offset' of `object' by a fault when the
 * object's copy was `copy', in `pmap' at `va' with `prot' less what
 * its lock forbids now (and less write if a copy was made since),
 * under the object's lock: a lock_request, a flush or a new copy that
 * came after the fault's look-up is seen.  False (nothing entered) if
 * the page is no longer there or busy: the fault is to start again.
 * *ok: whether pmap_enter had memory.
 */
bool vm_object_page_enter(vm_object_t object, struct vm_page *page,
			  vm_offset_t offset, struct vm_object *copy,
			  struct pmap *pmap, vm_offset_t va, vm_prot_t prot,
			  bool wired, bool *ok);

/* Lock the resident pages of [offset, offset + size) against writes
 * (a copy asked of the pager, COPY_CALL): their mappings lose write. */
void vm_object_lock_writes(vm_object_t object, vm_offset_t offset,
			   vm_size_t size);

/* Free every resident page that is not busy (memory_object_destroy). */
void vm_object_pages_free(vm_object_t object);

/* Free an object with no reference left and its pages (the end of a
 * pager's object, after memory_object_terminate). */
void vm_object_free(vm_object_t object);

#endif
