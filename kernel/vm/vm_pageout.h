/*
 * vm/vm_pageout.h: the page-replacement policy, Mach's two-handed
 * scheme over the page queues (vm/vm_page_queue.h).
 *
 * Thresholds, in pages, from the pages vm_page manages (N): free_min
 * (10 + N/100) and free_target (15 + N/80), or the kernel command
 * line's vm_free_min=P and vm_free_target=P (for tests; a target not
 * above the minimum is refused, the defaults stay); the inactive
 * target is a third of the active and inactive pages.  An allocation
 * of a page for an object that leaves fewer than free_min pages free
 * wakes the page-out daemon, which then makes passes (vm_pageout_scan)
 * until free_target pages are free.  A pass that frees nothing rests
 * 100 ms; if it aged pages, another pass judges them after the rest,
 * else the daemon waits to be woken again (with nothing it can page
 * out, pressure makes it work ten times a second at most).  A dirty
 * page the pager code takes takes with it the run of dirty inactive
 * pages after it in its object (VM_PAGEOUT_CLUSTER, one message).
 *
 * A pass: (1) scans the inactive queue from its tail, each page at
 * most once, while fewer than free_target pages are free: a page whose
 * object's lock is taken or that is busy is passed over (moved to the
 * head); a referenced page goes back to the active queue; any other is
 * taken off the queues and all its mappings removed (pmap_page_protect
 * NONE); then it is dirty if pmap_is_modified or its dirty flag says
 * so (the modified bit is moved into the flag).  A clean page that
 * vm_pageout_discardable allows is freed; a dirty one is handed to
 * vm_pageout_page; a page neither takes goes back to the active queue
 * (its mappings gone: the next access faults it back in).  (2) Then it
 * moves pages from the active queue's tail to the inactive queue's
 * head, clearing their reference bits (pmap_clear_reference), until
 * the inactive queue holds its target: a page aged now is judged by a
 * later pass, so it has the time between them to be used again.
 *
 * Locks: the daemon takes vm_page_queue_lock, then tries the page's
 * object lock (simple_lock_try, against the order), and drops the
 * queue lock while it holds the object's.  vm_pageout_alloc_check may
 * be called with any VM lock held (it only wakes a thread).
 */
#ifndef VM_VM_PAGEOUT_H
#define VM_VM_PAGEOUT_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/kern_return.h>

#include "vm/vm_page.h"

struct vm_pageout_stats {
	uint64_t free_min; /* thresholds now, pages */
	uint64_t free_target;
	uint64_t inactive_target; /* for the queues' lengths now */
	uint64_t wakeups;         /* of the daemon by allocations */
	uint64_t scans;           /* passes */
	uint64_t deactivations;   /* active -> inactive */
	uint64_t reactivations;   /* inactive -> active */
	uint64_t discards;        /* clean pages freed */
	uint64_t pageouts;        /* dirty pages vm_pageout_page took */
};

/*
 * Set the thresholds from the pages managed now and `cmdline' (the
 * kernel's command line, or NULL), and let allocations wake the
 * daemon.  Called once at boot once the scheduler is up, before the
 * daemon starts (and by the host unit tests).
 */
void vm_pageout_init(const char *cmdline);

/* Set the thresholds: false (nothing changed) unless
 * 0 < free_min < free_target. */
bool vm_pageout_set_thresholds(uint64_t free_min, uint64_t free_target);

/* The page-out daemon, a kernel thread's body (kmain starts it). */
void vm_pageout_daemon(void *arg) __attribute__((noreturn));

/* After an allocation of a page for an object: wake the daemon if
 * fewer than free_min pages are left free. */
void vm_pageout_alloc_check(void);

/* One pass of the policy (above).  Returns the pages it freed or
 * handed to the pager.  No lock held; never sleeps. */
unsigned vm_pageout_scan(void);

/*
 * Wait for free memory, for a caller that found none (the fault
 * path): sleep until the daemon's next pass ends, or at most 100 ms
 * (pages freed by others are not signalled), with no simple lock held.
 * Returns at once if some page is free already.  KERN_SUCCESS (the
 * caller tries again), or KERN_ABORTED if `interruptible' and the
 * thread was interrupted (thread_abort, termination).
 */
kern_return_t vm_page_wait(bool interruptible);

/* Whether a shortage is one of pages, worth a vm_page_wait: none free,
 * or fewer than the page-out minimum (another, as a zone's limit, is
 * not: a caller would wait for nothing). */
bool vm_page_short(void);

void vm_pageout_get_stats(struct vm_pageout_stats *stats);

/* ---- The pager's side (vm/vm_pageout_pager.c) ----
 *
 * A clean page of a live pager's object may be freed (the pager has
 * it); a dirty page goes to its pager (vm/memory_object_default.c): an
 * anonymous object's to the default pager, an external pager's to
 * that pager while its queue has room (else it stays, returned at
 * lock_request and at the object's end).
 */

/*
 * Whether the clean `page' (no mapping left, off the queues, not busy)
 * may be freed because its object can get its contents back (its
 * pager holds them).  Called with the page's object locked.
 */
bool vm_pageout_discardable(struct vm_page *page);

/*
 * Page out the dirty `page': called with its object locked and no
 * other lock held, the page off the queues, busy (set by the daemon),
 * with no mapping left and its dirty flag set.  Returns true if the
 * pager code took it: it is then the pager code's, which clears busy
 * when done (waking the page's waiters) and either frees it
 * (vm_object_page_discard_locked) or gives it back to the queues
 * (vm_page_activate).  It may drop the object's lock meanwhile (to
 * send the page: GNU Mach's vm_pageout_page does) if it keeps the
 * object alive, and returns with the lock held again.  Returns false,
 * with the lock never dropped, if it cannot page it out now: the
 * daemon clears busy and reactivates it.  Must not sleep with the lock
 * held.
 */
bool vm_pageout_page(struct vm_page *page);

/* Pages a page-out message may carry: the one vm_pageout_page took and
 * the dirty inactive pages right after it in its object. */
#define VM_PAGEOUT_CLUSTER 8

/*
 * After vm_pageout_page took a page, with the object still locked: the
 * page at the next offset (dirty, busy, off the queues, unmapped, as
 * for vm_pageout_page) goes with it.  True if taken (the pager code's
 * then, as the first); false, nothing changed, if not (the daemon
 * clears busy and gives it back to the inactive queue).
 */
bool vm_pageout_page_append(struct vm_page *page);

/* After vm_pageout_page took a page, with no lock held: send the
 * messages it prepared (the daemon's one pass at a time). */
void vm_pageout_page_send(void);

#endif
