/*
 * vm/vm_page_queue.h: the page queues, the page-out policy's view of
 * the pages resident in VM objects.
 *
 * Every page resident in an object is on exactly one of two queues
 * unless it is wired: the active queue (pages in use) or the inactive
 * queue (candidates for page-out).  A page enters an object at the
 * head of the active queue; the page-out daemon (vm/vm_pageout.c) moves
 * pages from the active queue's tail to the inactive queue's head and
 * scans the inactive queue from its tail, so each queue's tail holds
 * its oldest pages.  A wired page (wire_count > 0: vm_wire, the
 * kernel's own needs) is on no queue and is never chosen.  Pages that
 * belong to no object (kernel stacks, zones, page tables, free pages)
 * are never on a queue.
 *
 * Lock: vm_page_queue_lock guards both queues, their counts and every
 * page's queue, wire_count and pageq links.  It is taken after an
 * object's lock and the page hash's, before pmap's and vm_page's (the
 * order in vm/vm_object.h).  A queued page stays in its object: it
 * leaves the queues (vm_page_queue_leave) before its object field is
 * cleared or changed, so under vm_page_queue_lock a queued page's
 * object is alive; the daemon, which starts from the queue, may only
 * try its lock (simple_lock_try), never wait for it.
 */
#ifndef VM_VM_PAGE_QUEUE_H
#define VM_VM_PAGE_QUEUE_H

#include <stdint.h>

#include "kern/lock.h"
#include "vm/vm_page.h"

enum vm_page_queue_id {
	VM_PAGE_Q_NONE = 0, /* on no queue: wired, busy in the pager's
			     * hands, in no object, or free */
	VM_PAGE_Q_ACTIVE,
	VM_PAGE_Q_INACTIVE,
};

struct vm_page_queue_stats {
	uint64_t active;   /* pages on the active queue */
	uint64_t inactive; /* on the inactive queue */
	uint64_t wired;    /* object pages with a wire count */
};

extern simple_lock_t vm_page_queue_lock;

/* ---- Called with the page's object locked ---- */

/*
 * `page' has just been linked into its object: onto the active queue's
 * head, unless it is wired (a page moving between objects, collapse,
 * keeps its wiring and its count).  Takes vm_page_queue_lock.
 */
void vm_page_queue_enter(struct vm_page *page);

/*
 * `page' is about to leave its object (freed or moved): off its queue.
 * Its wire count stays (a page freed wired is a kernel bug that
 * vm_page_free catches).  Takes vm_page_queue_lock.
 */
void vm_page_queue_leave(struct vm_page *page);

/*
 * Put `page' (unwired) at the active queue's head, from wherever it
 * is: the inactive queue, or none (the pager code giving back a busy
 * page it could not page out).  Nothing for a wired page.  Takes
 * vm_page_queue_lock.
 */
void vm_page_activate(struct vm_page *page);

/*
 * Wire `page' once more: the first wiring takes it off its queue.
 * Unwire it once: the last puts it back at the active queue's head.
 * Panics on a wire count overflowing or going below zero (kernel bugs).
 * Take vm_page_queue_lock.
 */
void vm_page_wire(struct vm_page *page);
void vm_page_unwire(struct vm_page *page);

/* ---- vm_page_queue_lock held (the page-out daemon) ---- */

/* The page at the tail (the oldest) of queue `q', or NULL if empty. */
struct vm_page *vm_page_queue_tail_locked(enum vm_page_queue_id q);

/* Move `page' (queued or not, unwired) to the head of queue `q';
 * VM_PAGE_Q_NONE takes it off the queues. */
void vm_page_queue_move_locked(struct vm_page *page, enum vm_page_queue_id q);

/* The queues' lengths, without taking the lock (for thresholds). */
uint64_t vm_page_queue_count_locked(enum vm_page_queue_id q);

/* ---- No lock held ---- */

void vm_page_queue_get_stats(struct vm_page_queue_stats *stats);

#endif
