/*
 * vm/vm_page_queue.c: the active and inactive page queues (see
 * vm/vm_page_queue.h).  Lock order: an object's lock, then the page
 * hash's, then vm_page_queue_lock, then pmap's and vm_page's.
 *
 * Invariants, under vm_page_queue_lock: a page is on queue q exactly
 * when page->queue == q (VM_PAGE_Q_NONE: on none); a wired page is on
 * none; queue_count[q] is the length of queue q; wired_pages counts
 * the object pages with a wire count.
 */

#include "kern/panic.h"
#include "vm/vm_page_queue.h"

simple_lock_t vm_page_queue_lock = SIMPLE_LOCK_INITIALIZER;

#define NQUEUES 3 /* indexed by enum vm_page_queue_id; 0 (none) unused */

static struct vm_page *queue_head[NQUEUES];
static struct vm_page *queue_tail[NQUEUES];
static uint64_t queue_count[NQUEUES];
static uint64_t wired_pages;

static void
unlink_locked(struct vm_page *p)
{
	unsigned q = p->queue;
	if (q == VM_PAGE_Q_NONE)
		return;
	if (p->pageq_prev != NULL)
		p->pageq_prev->pageq_next = p->pageq_next;
	else
		queue_head[q] = p->pageq_next;
	if (p->pageq_next != NULL)
		p->pageq_next->pageq_prev = p->pageq_prev;
	else
		queue_tail[q] = p->pageq_prev;
	p->pageq_next = p->pageq_prev = NULL;
	p->queue = VM_PAGE_Q_NONE;
	queue_count[q]--;
}

void
vm_page_queue_move_locked(struct vm_page *p, enum vm_page_queue_id q)
{
	if (p->wire_count != 0)
		panic("vm_page_queue: wired page %p queued", (void *)p);
	unlink_locked(p);
	if (q == VM_PAGE_Q_NONE)
		return;
	p->queue = (uint8_t)q;
	p->pageq_prev = NULL;
	p->pageq_next = queue_head[q];
	if (p->pageq_next != NULL)
		p->pageq_next->pageq_prev = p;
	else
		queue_tail[q] = p;
	queue_head[q] = p;
	queue_count[q]++;
}

struct vm_page *
vm_page_queue_tail_locked(enum vm_page_queue_id q)
{
	return q == VM_PAGE_Q_NONE ? NULL : queue_tail[q];
}

uint64_t
vm_page_queue_count_locked(enum vm_page_queue_id q)
{
	return queue_count[q];
}

void
vm_page_queue_enter(struct vm_page *p)
{
	simple_lock(&vm_page_queue_lock);
	if (p->wire_count != 0)
		wired_pages++;
	else
		vm_page_queue_move_locked(p, VM_PAGE_Q_ACTIVE);
	simple_unlock(&vm_page_queue_lock);
}

void
vm_page_queue_leave(struct vm_page *p)
{
	simple_lock(&vm_page_queue_lock);
	if (p->wire_count != 0)
		wired_pages--;
	else
		unlink_locked(p);
	simple_unlock(&vm_page_queue_lock);
}

void
vm_page_activate(struct vm_page *p)
{
	simple_lock(&vm_page_queue_lock);
	if (p->wire_count == 0)
		vm_page_queue_move_locked(p, VM_PAGE_Q_ACTIVE);
	simple_unlock(&vm_page_queue_lock);
}

void
vm_page_wire(struct vm_page *p)
{
	simple_lock(&vm_page_queue_lock);
	if (p->wire_count == UINT16_MAX)
		panic("vm_page_wire: page %p wired too often", (void *)p);
	if (p->wire_count++ == 0) {
		unlink_locked(p);
		wired_pages++;
	}
	simple_unlock(&vm_page_queue_lock);
}

void
vm_page_unwire(struct vm_page *p)
{
	simple_lock(&vm_page_queue_lock);
	if (p->wire_count == 0)
		panic("vm_page_unwire: page %p is not wired", (void *)p);
	if (--p->wire_count == 0) {
		wired_pages--;
		vm_page_queue_move_locked(p, VM_PAGE_Q_ACTIVE);
	}
	simple_unlock(&vm_page_queue_lock);
}

void
vm_page_queue_get_stats(struct vm_page_queue_stats *st)
{
	simple_lock(&vm_page_queue_lock);
	st->active = queue_count[VM_PAGE_Q_ACTIVE];
	st->inactive = queue_count[VM_PAGE_Q_INACTIVE];
	st->wired = wired_pages;
	simple_unlock(&vm_page_queue_lock);
}
