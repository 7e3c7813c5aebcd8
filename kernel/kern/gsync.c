/*
 * kern/gsync.c: gsync's wait queues (gsync.h).
 *
 * Lock order: see gsync.h.  A waiter's record (on its stack) is on its
 * bucket's queue from gsync_wait's check until a waker takes it off
 * (setting `woken' and ending the wait with clear_wait, both under the
 * bucket's lock) or the waiter itself does after a timeout or an
 * abort.  A requeue changes a record's key and bucket holding both
 * buckets' locks, so a waiter that finds its record's bucket unchanged
 * once it holds that bucket's lock owns the right lock.
 */

#include "kern/gsync.h"

#include <mach/vm_prot.h>

#include "kern/lock.h"
#include "kern/queue.h"
#include "kern/sched_prim.h"
#include "kern/thread.h"
#include "vm/vm_map.h"

#define GSYNC_BUCKETS 256 /* a power of two */

/* What an address names: a map and an address, or an object (its
 * pointer's low bit set: objects are aligned) and an offset. */
struct gsync_key {
	uintptr_t space;
	uintptr_t offset;
};

struct gsync_waiter {
	queue_chain_t links;  /* on its bucket's queue */
	struct gsync_key key; /* under the bucket's lock */
	unsigned bucket;      /* under the bucket's lock; read atomically */
	bool woken;           /* under the bucket's lock */
	thread_t thread;
};

struct gsync_bucket {
	simple_lock_t lock;
	queue_head_t waiters; /* in the order they came */
	unsigned count;
};

static struct gsync_bucket gsync_buckets[GSYNC_BUCKETS];

void
gsync_init(void)
{
	for (unsigned i = 0; i < GSYNC_BUCKETS; i++) {
		simple_lock_init(&gsync_buckets[i].lock);
		queue_init(&gsync_buckets[i].waiters);
	}
}

static unsigned
gsync_hash(const struct gsync_key *k)
{
	uint64_t h = (k->space ^ (k->space >> 21)) * 0x9e3779b97f4a7c15ull;
	h ^= k->offset >> 2;
	h *= 0xff51afd7ed558ccdull;
	return (unsigned)(h >> 32) & (GSYNC_BUCKETS - 1);
}

static bool
gsync_key_eq(const struct gsync_key *a, const struct gsync_key *b)
{
	return a->space == b->space && a->offset == b->offset;
}

/*
 * The key `addr' in `task' names, if it is mapped with `prot', and the
 * task's map, with a reference for the caller, through *mapp.
 */
static kern_return_t
gsync_key_of(task_t task, vm_address_t addr, int flags, vm_prot_t prot,
	     struct gsync_key *key, vm_map_t *mapp)
{
	struct vm_map_entry *e;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (addr % sizeof(uint32_t) != 0)
		return KERN_INVALID_ADDRESS;
	simple_lock(&task->lock);
	vm_map_t map = task->map;
	if (map != VM_MAP_NULL)
		vm_map_reference(map);
	simple_unlock(&task->lock);
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ADDRESS; /* the kernel's, or it ended */

	vm_map_lock(map);
	bool found = vm_map_lookup_entry(map, addr, &e) &&
		     (e->protection & prot) == prot;
	if (found && (flags & GSYNC_SHARED)) {
		key->space = (uintptr_t)e->object | 1;
		key->offset = e->offset + (addr - e->start);
	} else if (found) {
		key->space = (uintptr_t)map;
		key->offset = addr;
	}
	vm_map_unlock(map);
	if (!found) {
		vm_map_deallocate(map);
		return KERN_INVALID_ADDRESS;
	}
	*mapp = map;
	return KERN_SUCCESS;
}

/* Take `w' off its queue and end its wait.  Its bucket's lock held. */
static void
gsync_wake_waiter(struct gsync_bucket *b, struct gsync_waiter *w)
{
	queue_remove(&w->links);
	b->count--;
	w->woken = true;
	clear_wait(w->thread, THREAD_AWAKENED);
}

/* Lock the bucket `w' is in, which a requeue may change meanwhile. */
static struct gsync_bucket *
gsync_lock_waiter_bucket(struct gsync_waiter *w)
{
	for (;;) {
		unsigned i = __atomic_load_n(&w->bucket, __ATOMIC_ACQUIRE);
		struct gsync_bucket *b = &gsync_buckets[i];
		simple_lock_noirq(&b->lock);
		if (w->bucket == i)
			return b;
		simple_unlock_noirq(&b->lock);
	}
}

kern_return_t
gsync_wait(task_t task, vm_address_t addr, unsigned lo, unsigned hi,
	   natural_t msec, int flags)
{
	struct gsync_waiter w;
	vm_map_t map;
	uint32_t words[2];
	size_t n = (flags & GSYNC_QUAD) ? 2 : 1;

	kern_return_t kr =
		gsync_key_of(task, addr, flags, VM_PROT_READ, &w.key, &map);
	if (kr != KERN_SUCCESS)
		return kr;
	w.bucket = gsync_hash(&w.key);
	w.woken = false;
	w.thread = current_thread();
	struct gsync_bucket *b = &gsync_buckets[w.bucket];

	simple_lock_noirq(&b->lock);
	/* Protection checked again with the read, in one hold of the map's
	 * lock: it may have changed since the key was found. */
	kr = vm_map_transfer_checked(map, addr, words, n * sizeof words[0],
				     false);
	if (kr != KERN_SUCCESS)
		kr = KERN_INVALID_ADDRESS;
	else if (words[0] != lo || (n == 2 && words[1] != hi))
		kr = KERN_INVALID_ARGUMENT;
	else if ((flags & GSYNC_TIMED) && msec == 0)
		kr = KERN_TIMEDOUT;
	if (kr != KERN_SUCCESS) {
		simple_unlock_noirq(&b->lock);
		vm_map_deallocate(map);
		return kr;
	}
	queue_enter_tail(&b->waiters, &w.links);
	b->count++;
	assert_wait(&w, true);
	if (flags & GSYNC_TIMED)
		thread_set_timeout(((uint64_t)msec * HZ + 999) / 1000);
	simple_unlock_noirq(&b->lock);
	vm_map_deallocate(map);

	int result = thread_block(NULL);
	if (result == THREAD_AWAKENED)
		return KERN_SUCCESS;
	b = gsync_lock_waiter_bucket(&w);
	bool woken = w.woken;
	if (!woken) {
		queue_remove(&w.links);
		b->count--;
	}
	simple_unlock_noirq(&b->lock);
	if (woken)
		return KERN_SUCCESS;
	return result == THREAD_TIMED_OUT ? KERN_TIMEDOUT : KERN_INTERRUPTED;
}

kern_return_t
gsync_wake(task_t task, vm_address_t addr, unsigned val, int flags)
{
	struct gsync_key key;
	vm_map_t map;
	vm_prot_t prot =
		VM_PROT_READ | ((flags & GSYNC_MUTATE) ? VM_PROT_WRITE : 0);

	kern_return_t kr = gsync_key_of(task, addr, flags, prot, &key, &map);
	if (kr != KERN_SUCCESS)
		return kr;
	struct gsync_bucket *b = &gsync_buckets[gsync_hash(&key)];
	unsigned woken = 0;

	simple_lock_noirq(&b->lock);
	if (flags & GSYNC_MUTATE) {
		uint32_t v = val;
		kr = vm_map_transfer_checked(map, addr, &v, sizeof v, true);
		if (kr != KERN_SUCCESS && kr != KERN_RESOURCE_SHORTAGE)
			kr = KERN_INVALID_ADDRESS;
	}
	queue_chain_t *q = b->waiters.next;
	while (kr == KERN_SUCCESS && q != &b->waiters) {
		struct gsync_waiter *w =
			queue_entry(q, struct gsync_waiter, links);
		q = q->next;
		if (!gsync_key_eq(&w->key, &key))
			continue;
		gsync_wake_waiter(b, w);
		woken++;
		if (!(flags & GSYNC_BROADCAST))
			break;
	}
	simple_unlock_noirq(&b->lock);
	vm_map_deallocate(map);
	if (kr != KERN_SUCCESS)
		return kr;
	return woken > 0 ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

kern_return_t
gsync_requeue(task_t task, vm_address_t src_addr, vm_address_t dst_addr,
	      boolean_t wake_one, int flags)
{
	struct gsync_key src, dst;
	vm_map_t map, map2;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (src_addr % sizeof(uint32_t) != 0 ||
	    dst_addr % sizeof(uint32_t) != 0)
		return KERN_INVALID_ADDRESS;
	kern_return_t kr =
		gsync_key_of(task, src_addr, flags, VM_PROT_READ, &src, &map);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = gsync_key_of(task, dst_addr, flags, VM_PROT_READ, &dst, &map2);
	vm_map_deallocate(map);
	if (kr != KERN_SUCCESS)
		return kr;
	vm_map_deallocate(map2);

	unsigned si = gsync_hash(&src), di = gsync_hash(&dst);
	struct gsync_bucket *sb = &gsync_buckets[si], *db = &gsync_buckets[di];
	simple_lock_noirq(si <= di ? &sb->lock : &db->lock);
	if (si != di)
		simple_lock_noirq(si <= di ? &db->lock : &sb->lock);

	/* Without BROADCAST: one moved, or with wake_one one woken and
	 * one more moved (GNU Mach's count of 1 + wake_one). */
	unsigned limit = (flags & GSYNC_BROADCAST) ? ~0u : 1u + (wake_one != 0);
	unsigned seen = 0;
	/* Only the waiters there now: those moved to the tail of the same
	 * bucket are not seen again. */
	queue_chain_t *last = sb->waiters.prev;
	queue_chain_t *q = sb->waiters.next;
	bool done = queue_empty(&sb->waiters);
	while (!done && seen < limit) {
		struct gsync_waiter *w =
			queue_entry(q, struct gsync_waiter, links);
		done = q == last;
		q = q->next;
		if (!gsync_key_eq(&w->key, &src))
			continue;
		if (seen++ == 0 && wake_one) {
			gsync_wake_waiter(sb, w);
			continue;
		}
		queue_remove(&w->links);
		sb->count--;
		w->key = dst;
		__atomic_store_n(&w->bucket, di, __ATOMIC_RELEASE);
		queue_enter_tail(&db->waiters, &w->links);
		db->count++;
	}

	if (si != di)
		simple_unlock_noirq(si <= di ? &db->lock : &sb->lock);
	simple_unlock_noirq(si <= di ? &sb->lock : &db->lock);
	return seen > 0 ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

unsigned
gsync_waiters(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < GSYNC_BUCKETS; i++)
		n += __atomic_load_n(&gsync_buckets[i].count, __ATOMIC_RELAXED);
	return n;
}
