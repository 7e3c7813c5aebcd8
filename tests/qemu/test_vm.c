/*
 * test_vm.c: address maps, the fault path and copy objects in the
 * running kernel (vm/): memory a task allocated is zero-filled on first
 * touch through the MMU (here by copyin/copyout, the kernel's way to
 * user memory, whose faults go to vm_fault like a user thread's), its
 * protection holds, deallocated memory is gone, a 64 KiB copy moves
 * between two tasks, a 1 MiB copy-on-write copy keeps each side's writes
 * its own, a forked map follows each range's inheritance, and every page, object, entry, map and copy comes
 * back when the tasks die.
 */

#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "kern/copyio.h"
#include "kern/ktest.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

static void
drain(zone_t zone, const struct zone_stats *st, void *arg)
{
	(void)st;
	(void)arg;
	zone_drain(zone);
}

struct vm_counts {
	uint64_t free, objects, resident, maps, entries, copies;
};

static void
counts(struct vm_counts *c)
{
	struct vm_page_stats ps;
	struct vm_object_stats os;
	struct vm_map_stats ms;
	zone_foreach(drain, NULL);
	vm_page_get_stats(&ps);
	vm_object_get_stats(&os);
	vm_map_get_stats(&ms);
	c->free = ps.free;
	c->objects = os.objects;
	c->resident = os.resident;
	c->maps = ms.maps;
	c->entries = ms.entries;
	c->copies = vm_map_copy_count();
}

/*
 * Run copyin (out == false) or copyout of `len' bytes at user address
 * `uva' of `task', as if the calling thread were one of its threads:
 * its pmap loaded and the thread counted in it for the fault path, with
 * interrupts off so that nothing else sees the borrowed identity.
 */
static kern_return_t
copy_as(task_t task, bool out, vm_offset_t uva, void *kbuf, size_t len)
{
	struct thread *self = current_thread();
	bool enabled = intr_disable();
	task_t saved = self->task;
	self->task = task;
	pmap_activate(task->pmap);
	kern_return_t kr = out ? copyout(kbuf, (void *)uva, len)
			       : copyin((const void *)uva, kbuf, len);
	pmap_activate(kernel_pmap);
	self->task = saved;
	intr_restore(enabled);
	return kr;
}

static uint64_t
resident_of(task_t task)
{
	unsigned n;
	vm_size_t size;
	uint64_t res;
	vm_map_info(task->map, &n, &size, &res);
	return res;
}

#define NPG 16

KTEST(vm_allocate_touch_protect_deallocate)
{
	struct vm_counts before, after;
	task_t task;
	/* The zones' first chunks stay; count after one round trip. */
	KTEST_ASSERT_EQ(task_create_user("vmtest", &task), KERN_SUCCESS);
	task_deallocate(task);
	counts(&before);

	KTEST_ASSERT_EQ(task_create_user("vmtest", &task), KERN_SUCCESS);
	vm_offset_t a = 0;
	KTEST_ASSERT_EQ(vm_allocate(task->map, &a, NPG * PAGE_SIZE, true),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(a, VM_MAP_USER_MIN);
	KTEST_ASSERT_EQ(resident_of(task), 0);
	/* First touch: zero pages, made resident one by one. */
	for (unsigned i = 0; i < NPG; i++) {
		uint64_t w = 1;
		KTEST_ASSERT_EQ(copy_as(task, false, a + i * PAGE_SIZE + 8, &w,
					sizeof w),
				KERN_SUCCESS);
		KTEST_ASSERT_EQ(w, 0);
		w = 0x1000 + i;
		KTEST_ASSERT_EQ(
			copy_as(task, true, a + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
	}
	KTEST_ASSERT_EQ(resident_of(task), NPG);
	for (unsigned i = 0; i < NPG; i++) {
		uint64_t w = 0;
		KTEST_ASSERT_EQ(
			copy_as(task, false, a + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(w, 0x1000 + i);
	}
	/* Read-only: reads work, writes fail; NONE: both fail. */
	KTEST_ASSERT_EQ(
		vm_protect(task->map, a, 4 * PAGE_SIZE, false, VM_PROT_READ),
		KERN_SUCCESS);
	KTEST_ASSERT_EQ(vm_protect(task->map, a + 4 * PAGE_SIZE, PAGE_SIZE,
				   false, VM_PROT_NONE),
			KERN_SUCCESS);
	uint64_t w = 7;
	KTEST_ASSERT_EQ(copy_as(task, true, a, &w, sizeof w),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(copy_as(task, false, a, &w, sizeof w), KERN_SUCCESS);
	KTEST_ASSERT_EQ(w, 0x1000);
	KTEST_ASSERT_EQ(copy_as(task, false, a + 4 * PAGE_SIZE, &w, sizeof w),
			KERN_INVALID_ADDRESS);
	/* Deallocated: gone, its pages freed at once. */
	KTEST_ASSERT_EQ(
		vm_deallocate(task->map, a + 8 * PAGE_SIZE, 4 * PAGE_SIZE),
		KERN_SUCCESS);
	KTEST_ASSERT_EQ(resident_of(task), NPG - 4);
	KTEST_ASSERT_EQ(copy_as(task, false, a + 9 * PAGE_SIZE, &w, sizeof w),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(copy_as(task, true, a + 12 * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
	task_deallocate(task);
	counts(&after);
	KTEST_ASSERT_EQ(after.objects, before.objects);
	KTEST_ASSERT_EQ(after.resident, before.resident);
	KTEST_ASSERT_EQ(after.maps, before.maps);
	KTEST_ASSERT_EQ(after.entries, before.entries);
	KTEST_ASSERT_EQ(after.free, before.free);
}

#define COPY_LEN (64 * 1024)

KTEST(vm_map_copy_between_tasks)
{
	static unsigned char buf[COPY_LEN], back[COPY_LEN];
	struct vm_counts before, after;
	task_t a, b;
	counts(&before);
	KTEST_ASSERT_EQ(task_create_user("copy-a", &a), KERN_SUCCESS);
	KTEST_ASSERT_EQ(task_create_user("copy-b", &b), KERN_SUCCESS);
	vm_offset_t src = 0;
	KTEST_ASSERT_EQ(vm_allocate(a->map, &src, COPY_LEN + PAGE_SIZE, true),
			KERN_SUCCESS);
	for (unsigned i = 0; i < COPY_LEN; i++)
		buf[i] = (unsigned char)(i * 31 + 3);
	KTEST_ASSERT_EQ(copy_as(a, true, src + 100, buf, COPY_LEN),
			KERN_SUCCESS);
	vm_map_copy_t copy;
	KTEST_ASSERT_EQ(vm_map_copyin(a->map, src + 100, COPY_LEN, true, &copy),
			KERN_SUCCESS);
	/* src_destroy: the source range is gone from a. */
	KTEST_ASSERT_EQ(copy_as(a, false, src + 100, back, 1),
			KERN_INVALID_ADDRESS);
	vm_offset_t dst;
	KTEST_ASSERT_EQ(vm_map_copyout(b->map, &dst, copy), KERN_SUCCESS);
	KTEST_ASSERT_EQ(dst & PAGE_MASK, 100);
	KTEST_ASSERT_EQ(copy_as(b, false, dst, back, COPY_LEN), KERN_SUCCESS);
	KTEST_ASSERT(memcmp(buf, back, COPY_LEN) == 0);
	/* Hostile ranges: errors, nothing held. */
	KTEST_ASSERT_EQ(
		vm_map_copyin(b->map, dst, (vm_size_t)-PAGE_SIZE, false, &copy),
		KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(vm_map_copyin(b->map, USER_LIMIT - PAGE_SIZE,
				      2 * PAGE_SIZE, false, &copy),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(vm_map_copyin(b->map, dst, 1ull << 40, false, &copy),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(vm_map_copy_count(), before.copies);
	task_deallocate(a);
	task_deallocate(b);
	counts(&after);
	KTEST_ASSERT_EQ(after.objects, before.objects);
	KTEST_ASSERT_EQ(after.resident, before.resident);
	KTEST_ASSERT_EQ(after.maps, before.maps);
	KTEST_ASSERT_EQ(after.entries, before.entries);
	KTEST_ASSERT_EQ(after.copies, before.copies);
	KTEST_ASSERT_EQ(after.free, before.free);
}

#define COW_LEN (1024 * 1024)

/*
 * A 1 MiB copy-on-write copy between tasks: copyin leaves the source in
 * place, copyout maps the same frames into the other task; a write by
 * either side (through the MMU, faulting) is seen by it only, and only
 * the pages written are copied.
 */
KTEST(vm_cow_copy_1m_between_tasks)
{
	static unsigned char buf[COW_LEN];
	struct vm_counts before, after, mid;
	task_t a, b;
	counts(&before);
	KTEST_ASSERT_EQ(task_create_user("cow-a", &a), KERN_SUCCESS);
	KTEST_ASSERT_EQ(task_create_user("cow-b", &b), KERN_SUCCESS);
	vm_offset_t src = 0, dst;
	KTEST_ASSERT_EQ(vm_allocate(a->map, &src, COW_LEN, true), KERN_SUCCESS);
	for (unsigned i = 0; i < COW_LEN; i++)
		buf[i] = (unsigned char)(i * 7 + i / PAGE_SIZE);
	KTEST_ASSERT_EQ(copy_as(a, true, src, buf, COW_LEN), KERN_SUCCESS);
	counts(&mid);
	vm_map_copy_t copy;
	KTEST_ASSERT_EQ(vm_map_copyin(a->map, src, COW_LEN, false, &copy),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(vm_map_copyout(b->map, &dst, copy), KERN_SUCCESS);
	/* Shared, not copied: no page was taken for the data. */
	uint64_t free_shared = mid.free;
	counts(&mid);
	KTEST_ASSERT(free_shared - mid.free < 8);
	/* Each side writes its own pages: every 16th page by a, every
	 * 16th from the 8th by b. */
	for (unsigned pg = 0; pg < COW_LEN / PAGE_SIZE; pg += 16) {
		uint32_t wa = 0xa0000000u | pg, wb = 0xb0000000u | pg;
		KTEST_ASSERT_EQ(
			copy_as(a, true, src + pg * PAGE_SIZE, &wa, sizeof wa),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(copy_as(b, true, dst + (pg + 8) * PAGE_SIZE,
					&wb, sizeof wb),
				KERN_SUCCESS);
	}
	static unsigned char back[COW_LEN];
	KTEST_ASSERT_EQ(copy_as(a, false, src, back, COW_LEN), KERN_SUCCESS);
	for (unsigned pg = 0; pg < COW_LEN / PAGE_SIZE; pg++) {
		uint32_t w;
		memcpy(&w, back + pg * PAGE_SIZE, sizeof w);
		if (pg % 16 == 0)
			KTEST_ASSERT_EQ(w, 0xa0000000u | pg);
		else
			KTEST_ASSERT(memcmp(back + pg * PAGE_SIZE,
					    buf + pg * PAGE_SIZE, 4) == 0);
		KTEST_ASSERT(memcmp(back + pg * PAGE_SIZE + 4,
				    buf + pg * PAGE_SIZE + 4,
				    PAGE_SIZE - 4) == 0);
	}
	KTEST_ASSERT_EQ(copy_as(b, false, dst, back, COW_LEN), KERN_SUCCESS);
	for (unsigned pg = 0; pg < COW_LEN / PAGE_SIZE; pg++) {
		uint32_t w;
		memcpy(&w, back + pg * PAGE_SIZE, sizeof w);
		if (pg % 16 == 8)
			KTEST_ASSERT_EQ(w, 0xb0000000u | (pg - 8));
		else
			KTEST_ASSERT(memcmp(back + pg * PAGE_SIZE,
					    buf + pg * PAGE_SIZE, 4) == 0);
		KTEST_ASSERT(memcmp(back + pg * PAGE_SIZE + 4,
				    buf + pg * PAGE_SIZE + 4,
				    PAGE_SIZE - 4) == 0);
	}
	/* Only the written pages were copied (one per write, each side). */
	KTEST_ASSERT_EQ(resident_of(b), COW_LEN / PAGE_SIZE / 16);
	task_deallocate(a);
	task_deallocate(b);
	counts(&after);
	KTEST_ASSERT_EQ(after.objects, before.objects);
	KTEST_ASSERT_EQ(after.resident, before.resident);
	KTEST_ASSERT_EQ(after.maps, before.maps);
	KTEST_ASSERT_EQ(after.entries, before.entries);
	KTEST_ASSERT_EQ(after.copies, before.copies);
	KTEST_ASSERT_EQ(after.free, before.free);
}

/* Give `child' a map forked from `parent''s (what task_create with
 * inherit_memory is to do), its own map released. */
static kern_return_t
fork_into(task_t parent, task_t child)
{
	vm_map_t map = vm_map_fork(parent->map);
	if (map == VM_MAP_NULL)
		return KERN_RESOURCE_SHORTAGE;
	vm_map_t old = child->map;
	child->map = map;
	child->pmap = map->pmap;
	vm_map_deallocate(old);
	return KERN_SUCCESS;
}

#define FORK_PAGES 32

/*
 * vm_map_fork through the MMU: a COPY range is the child's own after the
 * fork (writes by either side unseen by the other), a SHARE range is
 * common (writes seen both ways, also for pages that were read-only
 * below a shadow), a NONE range is absent; every count back at the end.
 */
KTEST(vm_fork_inheritance_between_tasks)
{
	struct vm_counts before, after;
	task_t p, c;
	counts(&before);
	KTEST_ASSERT_EQ(task_create_user("fork-p", &p), KERN_SUCCESS);
	KTEST_ASSERT_EQ(task_create_user("fork-c", &c), KERN_SUCCESS);
	vm_offset_t cp = 0, sh = 0, no = 0;
	KTEST_ASSERT_EQ(vm_allocate(p->map, &cp, FORK_PAGES * PAGE_SIZE, true),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(vm_allocate(p->map, &sh, FORK_PAGES * PAGE_SIZE, true),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(vm_allocate(p->map, &no, PAGE_SIZE, true),
			KERN_SUCCESS);
	for (uint64_t i = 0; i < FORK_PAGES; i++) {
		uint64_t w = 0xc000 + i, s = 0x5000 + i;
		KTEST_ASSERT_EQ(
			copy_as(p, true, cp + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(
			copy_as(p, true, sh + i * PAGE_SIZE, &s, sizeof s),
			KERN_SUCCESS);
	}
	/* A snapshot of the shared range first: its pages go below a
	 * shadow, mapped read-only in both tasks after the fork. */
	vm_map_copy_t copy;
	KTEST_ASSERT_EQ(
		vm_map_copyin(p->map, sh, FORK_PAGES * PAGE_SIZE, false, &copy),
		KERN_SUCCESS);
	KTEST_ASSERT_EQ(vm_inherit(p->map, sh, FORK_PAGES * PAGE_SIZE,
				   VM_INHERIT_SHARE),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(vm_inherit(p->map, no, PAGE_SIZE, VM_INHERIT_NONE),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(fork_into(p, c), KERN_SUCCESS);
	uint64_t w;
	KTEST_ASSERT_EQ(copy_as(c, false, no, &w, sizeof w),
			KERN_INVALID_ADDRESS);
	for (uint64_t i = 0; i < FORK_PAGES; i++) {
		KTEST_ASSERT_EQ(
			copy_as(c, false, sh + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(w, 0x5000 + i);
		KTEST_ASSERT_EQ(
			copy_as(p, false, sh + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(w, 0x5000 + i);
	}
	/* Even pages written by the child, odd ones by the parent. */
	for (uint64_t i = 0; i < FORK_PAGES; i++) {
		task_t t = i % 2 ? p : c;
		w = 0xa000 + i;
		KTEST_ASSERT_EQ(
			copy_as(t, true, cp + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		w = 0xb000 + i;
		KTEST_ASSERT_EQ(
			copy_as(t, true, sh + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
	}
	for (uint64_t i = 0; i < FORK_PAGES; i++) {
		KTEST_ASSERT_EQ(
			copy_as(c, false, cp + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(w, i % 2 ? 0xc000 + i : 0xa000 + i);
		KTEST_ASSERT_EQ(
			copy_as(p, false, cp + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(w, i % 2 ? 0xa000 + i : 0xc000 + i);
		KTEST_ASSERT_EQ(
			copy_as(c, false, sh + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(w, 0xb000 + i);
		KTEST_ASSERT_EQ(
			copy_as(p, false, sh + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(w, 0xb000 + i);
	}
	/* The snapshot taken before the fork kept the old contents. */
	vm_offset_t d;
	KTEST_ASSERT_EQ(vm_map_copyout(c->map, &d, copy), KERN_SUCCESS);
	for (uint64_t i = 0; i < FORK_PAGES; i++) {
		KTEST_ASSERT_EQ(
			copy_as(c, false, d + i * PAGE_SIZE, &w, sizeof w),
			KERN_SUCCESS);
		KTEST_ASSERT_EQ(w, 0x5000 + i);
	}
	task_deallocate(p);
	task_deallocate(c);
	counts(&after);
	KTEST_ASSERT_EQ(after.objects, before.objects);
	KTEST_ASSERT_EQ(after.resident, before.resident);
	KTEST_ASSERT_EQ(after.maps, before.maps);
	KTEST_ASSERT_EQ(after.entries, before.entries);
	KTEST_ASSERT_EQ(after.copies, before.copies);
	KTEST_ASSERT_EQ(after.free, before.free);
}
