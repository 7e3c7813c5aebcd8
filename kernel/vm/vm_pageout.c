/*
 * vm/vm_pageout.c: the page-out policy and its daemon (see
 * vm/vm_pageout.h).  Lock order: an object's lock, then
 * vm_page_queue_lock, then pmap's; the scan, which starts from the
 * queue, only tries an object's lock.  The thresholds and counters are
 * guarded by vm_page_queue_lock.
 */

#include <machine/vm_param.h>

#include "kern/cmdline.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/thread.h"
#include "vm/pmap.h"
#include "vm/vm_object.h"
#include "vm/vm_page_queue.h"
#include "vm/vm_pageout.h"

#define PAGEOUT_REST_TICKS (HZ / 10) /* after a pass that freed nothing */
#define PAGE_WAIT_TICKS    (HZ / 10) /* vm_page_wait's longest sleep */

static struct vm_pageout_stats st; /* under vm_page_queue_lock */

/* Atomic: a wake-up is on its way, or vm_pageout_init has not run yet
 * (so nothing tries to wake the daemon before the scheduler is up). */
static bool daemon_kicked = true;
static char daemon_event;    /* the daemon sleeps on its address */
static char page_free_event; /* vm_page_wait's sleepers */

/* A decimal number of pages from the command line word `key'. */
static bool
cmdline_pages(const char *cmdline, const char *key, uint64_t *out)
{
	char value[24];
	if (cmdline == NULL ||
	    !cmdline_get(cmdline, key, value, sizeof value) || value[0] == '\0')
		return false;
	uint64_t n = 0;
	for (const char *c = value; *c != '\0'; c++) {
		if (*c < '0' || *c > '9' || n > UINT64_MAX / 10 - 1)
			return false;
		n = n * 10 + (uint64_t)(*c - '0');
	}
	*out = n;
	return true;
}

bool
vm_pageout_set_thresholds(uint64_t free_min, uint64_t free_target)
{
	if (free_min == 0 || free_target <= free_min)
		return false;
	simple_lock(&vm_page_queue_lock);
	st.free_min = free_min;
	st.free_target = free_target;
	simple_unlock(&vm_page_queue_lock);
	return true;
}

void
vm_pageout_init(const char *cmdline)
{
	struct vm_page_stats ps;
	vm_page_get_stats(&ps);
	simple_lock(&vm_page_queue_lock);
	st = (struct vm_pageout_stats){ 0 };
	simple_unlock(&vm_page_queue_lock);
	uint64_t min = 10 + ps.managed / 100, target = 15 + ps.managed / 80;
	(void)vm_pageout_set_thresholds(min, target);
	uint64_t cmin = min, ctarget = target;
	bool given = cmdline_pages(cmdline, "vm_free_min", &cmin);
	given |= cmdline_pages(cmdline, "vm_free_target", &ctarget);
	if (given && !vm_pageout_set_thresholds(cmin, ctarget))
		kprintf("vm: vm_free_min=%llu vm_free_target=%llu refused "
			"(0 < min < target): %llu and %llu kept\n",
			(unsigned long long)cmin, (unsigned long long)ctarget,
			(unsigned long long)min, (unsigned long long)target);
	struct vm_pageout_stats now;
	vm_pageout_get_stats(&now);
	kprintf("vm: page-out below %llu free pages, up to %llu\n",
		(unsigned long long)now.free_min,
		(unsigned long long)now.free_target);
	__atomic_store_n(&daemon_kicked, false, __ATOMIC_RELEASE);
}

static uint64_t
inactive_target_locked(void)
{
	return (vm_page_queue_count_locked(VM_PAGE_Q_ACTIVE) +
		vm_page_queue_count_locked(VM_PAGE_Q_INACTIVE)) /
	       3;
}

/* What became of an inactive page the daemon handled. */
enum page_fate {
	PAGE_REACTIVATED, /* back on the active queue */
	PAGE_DISCARDED,   /* clean and freed */
	PAGE_TAKEN,       /* dirty, taken by the pager code: send it */
};

/*
 * After the pager code took `object''s (locked) page at `offset': the
 * run of pages right after it that are inactive, unreferenced and
 * dirty goes in the same message (vm_pageout_page_append), up to
 * VM_PAGEOUT_CLUSTER pages in all.  A page that stops the run is left
 * as it was (mapped, on its queue).  Returns the pages added.
 */
static unsigned
take_run(vm_object_t object, vm_offset_t offset)
{
	unsigned n = 0;
	while (n + 1 < VM_PAGEOUT_CLUSTER) {
		offset += PAGE_SIZE;
		struct vm_page *q =
			vm_object_page_lookup_locked(object, offset);
		if (q == NULL || q->busy || q->absent || q->error ||
		    q->wire_count > 0)
			break;
		uint64_t pa = vm_page_to_phys(q);
		if (pmap_is_referenced(pa) ||
		    (!q->dirty && !pmap_is_modified(pa)))
			break; /* in use, or clean: the scan's to judge */
		simple_lock(&vm_page_queue_lock);
		bool inactive = q->queue == VM_PAGE_Q_INACTIVE;
		if (inactive)
			vm_page_queue_move_locked(q, VM_PAGE_Q_NONE);
		simple_unlock(&vm_page_queue_lock);
		if (!inactive)
			break;
		pmap_page_protect(pa, VM_PROT_NONE);
		if (pmap_is_modified(pa)) {
			q->dirty = true;
			pmap_clear_modify(pa);
		}
		q->busy = true;
		if (!vm_pageout_page_append(q)) {
			q->busy = false;
			simple_lock(&vm_page_queue_lock);
			vm_page_queue_move_locked(q, VM_PAGE_Q_INACTIVE);
			simple_unlock(&vm_page_queue_lock);
			break;
		}
		n++;
	}
	return n;
}

/* Hand one inactive page (off the queues now) to its fate, with its
 * object `object' locked and vm_page_queue_lock not held; the pages
 * that left the queues for good into *gone (a run taken with it). */
static enum page_fate
page_out_one(vm_object_t object, struct vm_page *p, unsigned *gone)
{
	*gone = 1;
	uint64_t pa = vm_page_to_phys(p);
	pmap_page_protect(pa, VM_PROT_NONE);
	if (pmap_is_modified(pa)) {
		p->dirty = true;
		pmap_clear_modify(pa);
	}
	if (!p->dirty) {
		if (vm_pageout_discardable(p)) {
			vm_object_page_discard_locked(object, p);
			simple_lock(&vm_page_queue_lock);
			st.discards++;
			simple_unlock(&vm_page_queue_lock);
			return PAGE_DISCARDED;
		}
	} else {
		p->busy = true;
		vm_offset_t offset = p->offset; /* the page may move */
		if (vm_pageout_page(p)) {
			*gone += take_run(object, offset);
			simple_lock(&vm_page_queue_lock);
			st.pageouts += *gone;
			simple_unlock(&vm_page_queue_lock);
			return PAGE_TAKEN;
		}
		p->busy = false;
	}
	vm_page_activate(p);
	simple_lock(&vm_page_queue_lock);
	st.reactivations++;
	simple_unlock(&vm_page_queue_lock);
	*gone = 0;
	return PAGE_REACTIVATED;
}

unsigned
vm_pageout_scan(void)
{
	unsigned done = 0;
	simple_lock(&vm_page_queue_lock);
	st.scans++;
	/* The first hand: the pages aged by earlier passes (each at most
	 * once), so a page has had the time between two passes to be
	 * referenced again. */
	uint64_t n = vm_page_queue_count_locked(VM_PAGE_Q_INACTIVE);
	while (n-- > 0 && vm_page_free_count() < st.free_target) {
		struct vm_page *p =
			vm_page_queue_tail_locked(VM_PAGE_Q_INACTIVE);
		if (p == NULL)
			break; /* runs taken with others emptied it */
		vm_object_t object = p->object;
		if (!simple_lock_try(&object->lock)) {
			vm_page_queue_move_locked(p, VM_PAGE_Q_INACTIVE);
			continue;
		}
		if (p->busy) {
			vm_page_queue_move_locked(p, VM_PAGE_Q_INACTIVE);
			simple_unlock(&object->lock);
			continue;
		}
		uint64_t pa = vm_page_to_phys(p);
		if (pmap_is_referenced(pa)) {
			pmap_clear_reference(pa);
			vm_page_queue_move_locked(p, VM_PAGE_Q_ACTIVE);
			st.reactivations++;
			simple_unlock(&object->lock);
			continue;
		}
		vm_page_queue_move_locked(p, VM_PAGE_Q_NONE);
		simple_unlock(&vm_page_queue_lock);
		unsigned gone;
		enum page_fate fate = page_out_one(object, p, &gone);
		simple_unlock(&object->lock);
		if (fate == PAGE_TAKEN)
			vm_pageout_page_send();
		done += gone;
		/* A run taken with it came off the inactive queue too. */
		if (gone > 1)
			n = n > gone - 1 ? n - (gone - 1) : 0;
		simple_lock(&vm_page_queue_lock);
	}
	/* The second hand: age the active queue's oldest pages until the
	 * inactive queue holds its target. */
	uint64_t target = inactive_target_locked();
	while (vm_page_queue_count_locked(VM_PAGE_Q_INACTIVE) < target) {
		struct vm_page *p = vm_page_queue_tail_locked(VM_PAGE_Q_ACTIVE);
		if (p == NULL)
			break;
		pmap_clear_reference(vm_page_to_phys(p));
		vm_page_queue_move_locked(p, VM_PAGE_Q_INACTIVE);
		st.deactivations++;
	}
	simple_unlock(&vm_page_queue_lock);
	return done;
}

void
vm_pageout_alloc_check(void)
{
	if (vm_page_free_count() >=
	    __atomic_load_n(&st.free_min, __ATOMIC_RELAXED))
		return;
	if (__atomic_exchange_n(&daemon_kicked, true, __ATOMIC_ACQ_REL))
		return; /* already on its way */
	__atomic_add_fetch(&st.wakeups, 1, __ATOMIC_RELAXED);
	thread_wakeup(&daemon_event);
}

void
vm_pageout_daemon(void *arg)
{
	(void)arg;
	for (;;) {
		assert_wait(&daemon_event, false);
		__atomic_store_n(&daemon_kicked, false, __ATOMIC_RELEASE);
		thread_block(NULL);
		for (;;) {
			simple_lock(&vm_page_queue_lock);
			bool short_of_pages =
				vm_page_free_count() < st.free_target;
			uint64_t aged = st.deactivations;
			simple_unlock(&vm_page_queue_lock);
			if (!short_of_pages)
				break;
			unsigned done = vm_pageout_scan();
			thread_wakeup(&page_free_event);
			if (done == 0) {
				/* Pages it aged are judged by the next pass,
				 * after a rest; with none, wait for a kick. */
				simple_lock(&vm_page_queue_lock);
				aged = st.deactivations - aged;
				simple_unlock(&vm_page_queue_lock);
				thread_sleep_ticks(PAGEOUT_REST_TICKS);
				if (aged == 0)
					break;
			}
		}
		thread_wakeup(&page_free_event);
	}
}

kern_return_t
vm_page_wait(bool interruptible)
{
	assert_wait(&page_free_event, interruptible);
	if (vm_page_free_count() > 0) {
		clear_wait(current_thread(), THREAD_AWAKENED);
		return KERN_SUCCESS;
	}
	thread_set_timeout(PAGE_WAIT_TICKS);
	if (!__atomic_exchange_n(&daemon_kicked, true, __ATOMIC_ACQ_REL))
		thread_wakeup(&daemon_event);
	return thread_block(NULL) == THREAD_INTERRUPTED ? KERN_ABORTED
							: KERN_SUCCESS;
}

bool
vm_page_short(void)
{
	uint64_t free = vm_page_free_count();
	return free == 0 ||
	       free < __atomic_load_n(&st.free_min, __ATOMIC_RELAXED);
}

void
vm_pageout_get_stats(struct vm_pageout_stats *out)
{
	simple_lock(&vm_page_queue_lock);
	*out = st;
	out->inactive_target = inactive_target_locked();
	simple_unlock(&vm_page_queue_lock);
}
