/*
 * check_vm_map.c: address maps (vm/vm_map.c and its tree), the fault
 * path (vm/vm_fault.c) and copy objects (vm/vm_map_copy.c) over
 * vm_object and vm_page on fake RAM, with a recording pmap stand-in.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <machine/vm_param.h>

#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/zalloc.h"
#include "kern/clock.h"
#include "tests/unit/host/fake_ram.h"
#include "tests/unit/unit.h"
#include "vm/pmap.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_map_tree.h"
#include "vm/vm_object.h"
#include "vm/vm_page_queue.h"

#define ARENA     (32u << 20)
#define FIRST_PFN 1024
#define NPAGES    7168

int
kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* The page-out daemon never runs here; the bits it reads stay clear. */
void
thread_sleep_ticks(uint64_t ticks)
{
	(void)ticks;
}

bool
pmap_is_referenced(uint64_t pa)
{
	(void)pa;
	return false;
}

bool
pmap_is_modified(uint64_t pa)
{
	(void)pa;
	return false;
}

void
pmap_clear_reference(uint64_t pa)
{
	(void)pa;
}

void
pmap_clear_modify(uint64_t pa)
{
	(void)pa;
}

/* ---- The pmap stand-in: a table of the translations entered ---- */

#define NMAPS  4096
#define NPMAPS 4
static struct {
	pmap_t pmap;
	vm_offset_t va;
	uint64_t pa;
	vm_prot_t prot;
	bool wired;
	bool used;
} maps[NMAPS];
static struct pmap {
	int refs;
} pmaps[NPMAPS];

pmap_t
pmap_create(void)
{
	for (int i = 0; i < NPMAPS; i++)
		if (pmaps[i].refs == 0) {
			pmaps[i].refs = 1;
			return &pmaps[i];
		}
	ck_abort_msg("pmap_create: out of stand-in pmaps");
	return NULL;
}

void
pmap_destroy(pmap_t pmap)
{
	ck_assert_int_gt(pmap->refs, 0);
	pmap->refs--;
}

kern_return_t
pmap_enter(pmap_t pmap, vm_offset_t va, uint64_t pa, vm_prot_t prot, bool wired)
{
	ck_assert_uint_eq(va & PAGE_MASK, 0);
	ck_assert_uint_lt(va, USER_LIMIT);
	ck_assert_int_ne(prot, VM_PROT_NONE);
	int free_slot = -1;
	for (int i = 0; i < NMAPS; i++) {
		if (maps[i].used && maps[i].pmap == pmap && maps[i].va == va) {
			maps[i].pa = pa;
			maps[i].prot = prot;
			maps[i].wired = wired;
			return KERN_SUCCESS;
		}
		if (!maps[i].used && free_slot < 0)
			free_slot = i;
	}
	ck_assert_int_ge(free_slot, 0);
	maps[free_slot].pmap = pmap;
	maps[free_slot].va = va;
	maps[free_slot].pa = pa;
	maps[free_slot].prot = prot;
	maps[free_slot].wired = wired;
	maps[free_slot].used = true;
	return KERN_SUCCESS;
}

void
pmap_remove(pmap_t pmap, vm_offset_t start, vm_offset_t end)
{
	for (int i = 0; i < NMAPS; i++)
		if (maps[i].used && maps[i].pmap == pmap &&
		    maps[i].va >= start && maps[i].va < end)
			maps[i].used = false;
}

void
pmap_protect(pmap_t pmap, vm_offset_t start, vm_offset_t end, vm_prot_t prot)
{
	for (int i = 0; i < NMAPS; i++)
		if (maps[i].used && maps[i].pmap == pmap &&
		    maps[i].va >= start && maps[i].va < end) {
			if (prot == VM_PROT_NONE)
				maps[i].used = false;
			else
				maps[i].prot = prot;
		}
}

void
pmap_change_wiring(pmap_t pmap, vm_offset_t va, bool wired)
{
	for (int i = 0; i < NMAPS; i++)
		if (maps[i].used && maps[i].pmap == pmap && maps[i].va == va)
			maps[i].wired = wired;
}

void
pmap_page_protect(uint64_t pa, vm_prot_t prot)
{
	for (int i = 0; i < NMAPS; i++)
		if (maps[i].used && maps[i].pa == pa) {
			if (prot == VM_PROT_NONE)
				maps[i].used = false;
			else if (!(prot & VM_PROT_WRITE))
				maps[i].prot &= ~VM_PROT_WRITE;
		}
}

static int
mapped_in(vm_map_t m, vm_offset_t va)
{
	for (int i = 0; i < NMAPS; i++)
		if (maps[i].used && maps[i].pmap == m->pmap && maps[i].va == va)
			return i;
	return -1;
}

static vm_map_t map;
#define mapped(va) mapped_in(map, va)

/* ---- Fixture ---- */

static uint64_t free0;

static void
drain(zone_t zone, const struct zone_stats *st, void *arg)
{
	(void)st;
	(void)arg;
	zone_drain(zone);
}

/* Free pages, the zones' empty chunks given back first. */
static uint64_t
free_pages(void)
{
	zone_foreach(drain, NULL);
	return fake_ram_free_pages();
}

static void
setup(void)
{
	fake_ram_setup(ARENA, FIRST_PFN, NPAGES);
	zone_bootstrap();
	vm_object_init();
	vm_map_init();
	vm_map_copy_init();
	memset(maps, 0, sizeof maps);
	memset(pmaps, 0, sizeof pmaps);
	map = vm_map_create(pmap_create(), VM_MAP_USER_MIN, USER_LIMIT);
	ck_assert_ptr_nonnull(map);
	free0 = free_pages();
}

/* Every object, entry, copy and page comes back with the map. */
static void
teardown(void)
{
	struct vm_object_stats os;
	struct vm_map_stats ms;
	struct vm_page_queue_stats q;
	/* Every resident page is on a queue or wired. */
	vm_object_get_stats(&os);
	vm_page_queue_get_stats(&q);
	ck_assert_uint_eq(q.active + q.inactive + q.wired, os.resident);
	vm_map_deallocate(map);
	for (int i = 0; i < NPMAPS; i++)
		ck_assert_int_eq(pmaps[i].refs, 0);
	vm_object_get_stats(&os);
	vm_map_get_stats(&ms);
	ck_assert_uint_eq(os.objects, 0);
	ck_assert_uint_eq(os.resident, 0);
	vm_page_queue_get_stats(&q);
	ck_assert_uint_eq(q.active + q.inactive + q.wired, 0);
	ck_assert_uint_eq(ms.maps, 0);
	ck_assert_uint_eq(ms.entries, 0);
	ck_assert_uint_eq(vm_map_copy_count(), 0);
	for (int i = 0; i < NMAPS; i++)
		ck_assert(!maps[i].used);
	fake_ram_teardown();
}

static unsigned
nentries(void)
{
	unsigned n;
	vm_size_t size;
	uint64_t resident;
	vm_map_info(map, &n, &size, &resident);
	return n;
}

static uint64_t
resident(void)
{
	unsigned n;
	vm_size_t size;
	uint64_t res;
	vm_map_info(map, &n, &size, &res);
	return res;
}

static vm_prot_t
prot_at(vm_offset_t addr)
{
	vm_offset_t a = addr, off;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	ck_assert_int_eq(vm_map_region(map, &a, &size, &prot, &max, &inh,
				       &shared, &off, NULL),
			 KERN_SUCCESS);
	ck_assert_uint_le(a, addr);
	ck_assert_uint_gt(a + size, addr);
	return prot;
}

#define P(n) ((vm_offset_t)(n)*PAGE_SIZE)

/* ---- Tests ---- */

START_TEST(test_allocate_anywhere_first_fit)
{
	vm_offset_t a = 12345, b, c;
	ck_assert_int_eq(vm_allocate(map, &a, P(2), true), KERN_SUCCESS);
	ck_assert_uint_eq(a, VM_MAP_USER_MIN);
	ck_assert_int_eq(vm_allocate(map, &b, 1, true), KERN_SUCCESS);
	ck_assert_uint_eq(b, a + P(2));
	ck_assert_int_eq(vm_allocate(map, &c, P(1), true), KERN_SUCCESS);
	/* The first hole that fits is reused. */
	ck_assert_int_eq(vm_deallocate(map, a, P(2)), KERN_SUCCESS);
	vm_offset_t d;
	ck_assert_int_eq(vm_allocate(map, &d, P(1), true), KERN_SUCCESS);
	ck_assert_uint_eq(d, a);
	vm_offset_t e;
	ck_assert_int_eq(vm_allocate(map, &e, P(2), true), KERN_SUCCESS);
	ck_assert_uint_eq(e, c + P(1));
	vm_offset_t z = 99;
	ck_assert_int_eq(vm_allocate(map, &z, 0, true), KERN_SUCCESS);
	ck_assert_uint_eq(z, 0);
	ck_assert_int_eq(vm_allocate(NULL, &z, P(1), true),
			 KERN_INVALID_ARGUMENT);
	/* Larger than the address space. */
	ck_assert_int_eq(vm_allocate(map, &z, USER_LIMIT, true), KERN_NO_SPACE);
	ck_assert_int_eq(vm_allocate(map, &z, (vm_size_t)-1, true),
			 KERN_NO_SPACE);
}
END_TEST

START_TEST(test_allocate_fixed_and_edges)
{
	vm_offset_t a = P(100) + 7;
	ck_assert_int_eq(vm_allocate(map, &a, P(4), false), KERN_SUCCESS);
	ck_assert_uint_eq(a, P(100));
	vm_offset_t b = P(103);
	ck_assert_int_eq(vm_allocate(map, &b, P(2), false), KERN_NO_SPACE);
	b = P(99);
	ck_assert_int_eq(vm_allocate(map, &b, P(2), false), KERN_NO_SPACE);
	b = P(98);
	ck_assert_int_eq(vm_allocate(map, &b, P(2), false), KERN_SUCCESS);
	/* Page 0 is outside a user map. */
	b = 0;
	ck_assert_int_eq(vm_allocate(map, &b, P(1), false),
			 KERN_INVALID_ADDRESS);
	/* The top page of user space, and past it. */
	b = USER_LIMIT - P(1);
	ck_assert_int_eq(vm_allocate(map, &b, P(1), false), KERN_SUCCESS);
	b = USER_LIMIT - P(1);
	ck_assert_int_eq(vm_allocate(map, &b, P(1), false), KERN_NO_SPACE);
	b = USER_LIMIT;
	ck_assert_int_eq(vm_allocate(map, &b, P(1), false),
			 KERN_INVALID_ADDRESS);
	b = USER_LIMIT - P(1);
	ck_assert_int_eq(vm_allocate(map, &b, P(2), false),
			 KERN_INVALID_ADDRESS);
	/* addr + size wrapping around. */
	b = P(200);
	ck_assert_int_eq(vm_allocate(map, &b, (vm_size_t)-P(100), false),
			 KERN_INVALID_ADDRESS);
	b = P(200);
	ck_assert_int_eq(vm_allocate(map, &b, (vm_size_t)-1, false),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_deallocate(map, P(200), (vm_size_t)-P(100)),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_protect(map, P(200), (vm_size_t)-1, false, VM_PROT_READ),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_inherit(map, P(200), (vm_size_t)-P(1), VM_INHERIT_NONE),
		KERN_INVALID_ARGUMENT);
	/* Beyond the map is ignored by vm_deallocate. */
	ck_assert_int_eq(vm_deallocate(map, USER_LIMIT - P(1), P(16)),
			 KERN_SUCCESS);
	b = USER_LIMIT - P(1);
	ck_assert_int_eq(vm_allocate(map, &b, P(1), false), KERN_SUCCESS);
}
END_TEST

START_TEST(test_adjacent_allocations_merge)
{
	for (unsigned i = 0; i < 64; i++) {
		vm_offset_t a = P(10 + i);
		ck_assert_int_eq(vm_allocate(map, &a, P(1), false),
				 KERN_SUCCESS);
	}
	ck_assert_uint_eq(nentries(), 1);
	struct vm_object_stats os;
	vm_object_get_stats(&os);
	ck_assert_uint_eq(os.objects, 1);
}
END_TEST

START_TEST(test_split_and_merge)
{
	vm_offset_t a = P(10);
	ck_assert_int_eq(vm_allocate(map, &a, P(10), false), KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 1);
	ck_assert_int_eq(vm_protect(map, P(13), P(2), false, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 3);
	ck_assert_int_eq(prot_at(P(12)), VM_PROT_DEFAULT);
	ck_assert_int_eq(prot_at(P(13)), VM_PROT_READ);
	ck_assert_int_eq(prot_at(P(14)), VM_PROT_READ);
	ck_assert_int_eq(prot_at(P(15)), VM_PROT_DEFAULT);
	ck_assert_int_eq(vm_protect(map, P(13), P(2), false, VM_PROT_DEFAULT),
			 KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 1);
	ck_assert_int_eq(vm_inherit(map, P(11), P(1), VM_INHERIT_NONE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 3);
	ck_assert_int_eq(vm_inherit(map, P(11), P(1), VM_INHERIT_COPY),
			 KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 1);
	ck_assert_int_eq(vm_inherit(map, P(11), P(1), 7),
			 KERN_INVALID_ARGUMENT);
	/* A hole in the middle. */
	ck_assert_int_eq(vm_deallocate(map, P(14) + 5, 10), KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 2);
	vm_offset_t r = P(14);
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	vm_offset_t off;
	ck_assert_int_eq(vm_map_region(map, &r, &size, &prot, &max, &inh,
				       &shared, &off, NULL),
			 KERN_SUCCESS);
	ck_assert_uint_eq(r, P(15));
	ck_assert_uint_eq(size, P(5));
	ck_assert_uint_eq(off, P(5));
	ck_assert_int_eq(max, VM_PROT_ALL);
	ck_assert_int_eq(inh, VM_INHERIT_COPY);
	r = P(20);
	ck_assert_int_eq(vm_map_region(map, &r, &size, &prot, &max, &inh,
				       &shared, &off, NULL),
			 KERN_NO_SPACE);
	/* Refilling the hole makes a new object: no merge across it. */
	vm_offset_t h = P(14);
	ck_assert_int_eq(vm_allocate(map, &h, P(1), false), KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 3);
}
END_TEST

START_TEST(test_protect_never_above_maximum)
{
	vm_offset_t a = P(10);
	ck_assert_int_eq(vm_allocate(map, &a, P(4), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_protect(map, P(12), P(2), true, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_int_eq(prot_at(P(12)), VM_PROT_READ);
	/* Across both entries: nothing changes, not even the first. */
	ck_assert_int_eq(vm_protect(map, P(10), P(4), false, VM_PROT_DEFAULT),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_protect(map, P(10), P(4), false,
				    VM_PROT_READ | VM_PROT_EXECUTE),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(prot_at(P(10)), VM_PROT_DEFAULT);
	ck_assert_int_eq(vm_protect(map, P(10), P(4), false, VM_PROT_NONE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_protect(map, P(10), P(4), false, 0x40),
			 KERN_INVALID_ARGUMENT);
}
END_TEST

START_TEST(test_fault_zero_fill_and_protection)
{
	vm_offset_t a = P(10);
	ck_assert_int_eq(vm_allocate(map, &a, P(4), false), KERN_SUCCESS);
	ck_assert_uint_eq(resident(), 0);
	ck_assert_int_eq(vm_fault(map, P(11) + 8, VM_PROT_WRITE), KERN_SUCCESS);
	ck_assert_uint_eq(resident(), 1);
	int m = mapped(P(11));
	ck_assert_int_ge(m, 0);
	ck_assert_int_eq(maps[m].prot, VM_PROT_DEFAULT);
	const unsigned char *page = phys_to_virt(maps[m].pa);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		ck_assert_uint_eq(page[i], 0);
	/* Again: the same page. */
	uint64_t pa = maps[m].pa;
	ck_assert_int_eq(vm_fault(map, P(11), VM_PROT_READ), KERN_SUCCESS);
	ck_assert_uint_eq(maps[mapped(P(11))].pa, pa);
	ck_assert_int_eq(vm_fault(map, P(14), VM_PROT_READ),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_fault(map, 0, VM_PROT_READ), KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_protect(map, P(11), P(1), false, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_int_eq(maps[mapped(P(11))].prot, VM_PROT_READ);
	ck_assert_int_eq(vm_fault(map, P(11), VM_PROT_WRITE),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_fault(map, P(11), VM_PROT_EXECUTE),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_protect(map, P(11), P(1), false, VM_PROT_NONE),
			 KERN_SUCCESS);
	ck_assert_int_lt(mapped(P(11)), 0);
	ck_assert_int_eq(vm_fault(map, P(11), VM_PROT_READ),
			 KERN_PROTECTION_FAILURE);
	/* Deallocation gives the page back and removes the mapping. */
	ck_assert_int_eq(vm_deallocate(map, P(10), P(4)), KERN_SUCCESS);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

/* host_sched.c's: called as a wait blocks. */
extern void (*host_sched_block_hook)(void);

static struct vm_page *held_pages[NPAGES];
static unsigned nheld, give_backs;

static void
give_back_pages(void)
{
	give_backs++;
	while (nheld > 0)
		vm_page_free(held_pages[--nheld]);
}

START_TEST(test_fault_waits_for_a_free_page)
{
	vm_offset_t a = P(10);
	ck_assert_int_eq(vm_allocate(map, &a, P(1), false), KERN_SUCCESS);
	/* No page free: the fault waits (vm_page_wait) rather than fail,
	 * and goes on once pages are back. */
	nheld = give_backs = 0;
	while (nheld < NPAGES && (held_pages[nheld] = vm_page_alloc()) != NULL)
		nheld++;
	ck_assert_uint_eq(fake_ram_free_pages(), 0);
	uint64_t t0 = clock_ticks();
	host_sched_block_hook = give_back_pages;
	kern_return_t kr = vm_fault(map, P(10), VM_PROT_WRITE);
	host_sched_block_hook = NULL;
	give_back_pages();
	ck_assert_int_eq(kr, KERN_SUCCESS);
	ck_assert_uint_eq(give_backs, 2); /* once in the wait, once here */
	ck_assert_uint_gt(clock_ticks(), t0);
	ck_assert_uint_eq(resident(), 1);
	ck_assert_int_eq(vm_deallocate(map, P(10), P(1)), KERN_SUCCESS);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

START_TEST(test_kernel_read_write)
{
	char buf[3 * PAGE_SIZE], back[3 * PAGE_SIZE];
	for (unsigned i = 0; i < sizeof buf; i++)
		buf[i] = (char)(i * 7 + 1);
	vm_offset_t a = P(10);
	ck_assert_int_eq(vm_allocate(map, &a, P(4), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_write_kernel(map, P(10) + 100, buf, sizeof buf),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		vm_map_read_kernel(map, P(10) + 100, back, sizeof back),
		KERN_SUCCESS);
	ck_assert_mem_eq(buf, back, sizeof buf);
	ck_assert_int_eq(vm_map_write_kernel(map, P(13), buf, 2 * PAGE_SIZE),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_read_kernel(map, P(40), back, 1),
			 KERN_INVALID_ADDRESS);
}
END_TEST

START_TEST(test_copyin_copyout)
{
	enum { LEN = 16 * PAGE_SIZE + 123 };
	static char buf[LEN], back[LEN];
	for (unsigned i = 0; i < LEN; i++)
		buf[i] = (char)(i * 13 + 5);
	vm_offset_t a = P(10);
	ck_assert_int_eq(vm_allocate(map, &a, P(20), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_write_kernel(map, P(10) + 77, buf, LEN),
			 KERN_SUCCESS);
	vm_map_copy_t copy;
	ck_assert_int_eq(vm_map_copyin(map, P(10) + 77, LEN, false, &copy),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_copy_size(copy), LEN);
	/* A snapshot: later writes to the source do not reach it. */
	ck_assert_int_eq(vm_map_write_kernel(map, P(10) + 77, "XYZ", 3),
			 KERN_SUCCESS);
	vm_offset_t out;
	ck_assert_int_eq(vm_map_copyout(map, &out, copy), KERN_SUCCESS);
	ck_assert_uint_eq(out & PAGE_MASK, 77);
	ck_assert_uint_ge(out, P(30));
	ck_assert_int_eq(vm_map_read_kernel(map, out, back, LEN), KERN_SUCCESS);
	ck_assert_mem_eq(buf, back, LEN);
	/* src_destroy removes the source; size 0 is a NULL copy. */
	ck_assert_int_eq(vm_map_copyin(map, out, LEN, true, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_read_kernel(map, out, back, 1),
			 KERN_INVALID_ADDRESS);
	vm_map_copy_discard(copy);
	ck_assert_int_eq(vm_map_copyin(map, P(10), 0, false, &copy),
			 KERN_SUCCESS);
	ck_assert_ptr_null(copy);
	ck_assert_int_eq(vm_map_copyout(map, &out, NULL), KERN_SUCCESS);
	ck_assert_uint_eq(out, 0);
	/* Overwrite (vm_write's core). */
	ck_assert_int_eq(
		vm_map_copyin(map, P(10) + 77, PAGE_SIZE, false, &copy),
		KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copy_overwrite(map, P(25), copy), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_read_kernel(map, P(25), back, 3), KERN_SUCCESS);
	ck_assert_mem_eq(back, "XYZ", 3);
	ck_assert_int_eq(vm_deallocate(map, P(10), P(20)), KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

/* The pages resident in every object. */
static uint64_t
object_pages(void)
{
	struct vm_object_stats os;
	vm_object_get_stats(&os);
	return os.resident;
}

static struct vm_map_entry *entry_at(vm_map_t m, vm_offset_t va);

/* An overwrite by whole pages (vm_copy's, vm_write's) is virtual: the
 * destination sees the source's pages copy-on-write, no page copied,
 * and a write to either side is unseen by the other. */
START_TEST(test_copy_overwrite_virtual)
{
	vm_offset_t a = P(10);
	char buf[PAGE_SIZE], back[PAGE_SIZE];
	ck_assert_int_eq(vm_allocate(map, &a, P(8), false), KERN_SUCCESS);
	for (unsigned i = 0; i < 4; i++) {
		memset(buf, 'a' + i, sizeof buf);
		ck_assert_int_eq(
			vm_map_write_kernel(map, P(10 + i), buf, sizeof buf),
			KERN_SUCCESS);
	}
	uint64_t pages = object_pages();
	vm_map_copy_t copy;
	ck_assert_int_eq(vm_map_copyin(map, P(10), P(4), false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copy_overwrite(map, P(14), copy), KERN_SUCCESS);
	ck_assert_uint_eq(object_pages(), pages); /* nothing copied */
	for (unsigned i = 0; i < 4; i++) {
		memset(buf, 'a' + i, sizeof buf);
		ck_assert_int_eq(
			vm_map_read_kernel(map, P(14 + i), back, sizeof back),
			KERN_SUCCESS);
		ck_assert_mem_eq(back, buf, sizeof buf);
	}
	/* Either side written: the other keeps its contents. */
	ck_assert_int_eq(vm_map_write_kernel(map, P(10), "X", 1), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_write_kernel(map, P(15), "Y", 1), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_read_kernel(map, P(14), back, 1), KERN_SUCCESS);
	ck_assert_int_eq(back[0], 'a');
	ck_assert_int_eq(vm_map_read_kernel(map, P(11), back, 1), KERN_SUCCESS);
	ck_assert_int_eq(back[0], 'b');
	ck_assert_int_eq(vm_map_read_kernel(map, P(15), back, 2), KERN_SUCCESS);
	ck_assert_int_eq(back[0], 'Y');
	ck_assert_int_eq(back[1], 'b');
	/* Into two entries alike but for their objects (the later one
	 * allocated first, so neither grows into the other): by
	 * reference too. */
	vm_offset_t d1 = P(22), d0 = P(20);
	ck_assert_int_eq(vm_allocate(map, &d1, P(2), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_allocate(map, &d0, P(2), false), KERN_SUCCESS);
	ck_assert_ptr_ne(entry_at(map, P(20)), entry_at(map, P(22)));
	ck_assert_int_eq(vm_map_write_kernel(map, P(23), "Z", 1), KERN_SUCCESS);
	pages = object_pages();
	ck_assert_int_eq(vm_map_copyin(map, P(10), P(4), false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copy_overwrite(map, P(20), copy), KERN_SUCCESS);
	ck_assert_uint_le(object_pages(), pages); /* nothing copied, Z freed */
	for (unsigned i = 0; i < 4; i++) {
		memset(buf, 'a' + i, sizeof buf);
		if (i == 0)
			buf[0] = 'X';
		ck_assert_int_eq(
			vm_map_read_kernel(map, P(20 + i), back, sizeof back),
			KERN_SUCCESS);
		ck_assert_mem_eq(back, buf, sizeof buf);
	}
	ck_assert_int_eq(vm_deallocate(map, P(20), P(4)), KERN_SUCCESS);
	/* The destination's attributes stay: read-only refuses writes. */
	ck_assert_int_eq(vm_protect(map, P(16), P(2), false, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copyin(map, P(10), P(2), false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copy_overwrite(map, P(16), copy),
			 KERN_PROTECTION_FAILURE);
	vm_map_copy_discard(copy);
	ck_assert_int_eq(vm_deallocate(map, P(10), P(8)), KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

/* A copy made from a kernel buffer: its bytes, the tail of its last
 * page zero, copy-on-write once mapped, nothing left after discard. */
START_TEST(test_copy_from_kernel)
{
	enum { LEN = 2 * PAGE_SIZE + 10 };
	static char buf[LEN], back[3 * PAGE_SIZE];
	for (unsigned i = 0; i < LEN; i++)
		buf[i] = (char)(i * 11 + 3);
	vm_map_copy_t copy;
	ck_assert_int_eq(vm_map_copy_from_kernel(buf, 0, &copy), KERN_SUCCESS);
	ck_assert_ptr_null(copy);
	ck_assert_int_eq(vm_map_copy_from_kernel(buf, LEN, &copy),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_copy_size(copy), LEN);
	ck_assert_uint_eq(vm_map_copy_count(), 1);
	buf[0] = 'Z'; /* a copy: the buffer may change afterwards */
	vm_offset_t out;
	ck_assert_int_eq(vm_map_copyout(map, &out, copy), KERN_SUCCESS);
	ck_assert_uint_eq(out & PAGE_MASK, 0);
	ck_assert_int_eq(vm_map_read_kernel(map, out, back, sizeof back),
			 KERN_SUCCESS);
	ck_assert_int_eq(back[0], 3);
	ck_assert_mem_eq(back + 1, buf + 1, LEN - 1);
	for (unsigned i = LEN; i < sizeof back; i++)
		ck_assert_int_eq(back[i], 0);
	ck_assert_int_eq(vm_map_write_kernel(map, out, "w", 1), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map, out, LEN), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copy_from_kernel(buf, LEN, &copy),
			 KERN_SUCCESS);
	vm_map_copy_discard(copy);
	ck_assert_uint_eq(vm_map_copy_count(), 0);
	ck_assert_uint_eq(nentries(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

START_TEST(test_copyin_hostile_ranges)
{
	vm_map_copy_t copy = (vm_map_copy_t)1;
	vm_offset_t a = P(10);
	ck_assert_int_eq(vm_allocate(map, &a, P(4), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_write_kernel(map, P(10), "abc", 3),
			 KERN_SUCCESS);
	uint64_t free1 = free_pages();
	ck_assert_int_eq(vm_map_copyin(map, P(9), P(2), false, &copy),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_copyin(map, P(12), P(4), false, &copy),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(
		vm_map_copyin(map, P(10), (vm_size_t)-P(5), false, &copy),
		KERN_INVALID_ADDRESS);
	ck_assert_int_eq(
		vm_map_copyin(map, (vm_offset_t)-P(1), P(2), false, &copy),
		KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_copyin(map, USER_LIMIT, P(1), false, &copy),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_copyin(map, 0, P(1), false, &copy),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_copyin(NULL, P(10), P(1), false, &copy),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_protect(map, P(11), P(1), false, VM_PROT_WRITE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copyin(map, P(10), P(3), true, &copy),
			 KERN_PROTECTION_FAILURE);
	ck_assert_uint_eq(nentries(), 3); /* src_destroy did nothing */
	/* A huge allocated range costs only its resident pages. */
	vm_offset_t big = P(1) << 24;
	ck_assert_int_eq(vm_allocate(map, &big, (vm_size_t)1 << 40, false),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		vm_map_copyin(map, big, (vm_size_t)1 << 40, false, &copy),
		KERN_SUCCESS);
	vm_map_copy_discard(copy);
	ck_assert_uint_eq(free_pages(), free1);
	ck_assert_uint_eq(vm_map_copy_count(), 0);
	/* Overwrite checks the whole range before writing. */
	ck_assert_int_eq(vm_map_copyin(map, P(10), P(1), false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_protect(map, P(13), P(1), false, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copy_overwrite(map, P(13), copy),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_map_copy_overwrite(map, P(14), copy),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_copy_overwrite(map, P(10) + 1, copy),
			 KERN_INVALID_ARGUMENT);
	vm_map_copy_discard(copy);
}
END_TEST

/* ---- Copy-on-write ---- */

/*
 * A user access as the MMU makes it: through the stand-in pmap's
 * translation if one allows it, else by vm_fault first (which must
 * then have entered one that does).
 */
static unsigned char *
user_access(vm_map_t m, vm_offset_t va, vm_prot_t type)
{
	vm_offset_t pva = va & ~(vm_offset_t)PAGE_MASK;
	int i = mapped_in(m, pva);
	if (i < 0 || (maps[i].prot & type) != type) {
		ck_assert_int_eq(vm_fault(m, va, type), KERN_SUCCESS);
		i = mapped_in(m, pva);
		ck_assert_int_ge(i, 0);
		ck_assert_int_eq(maps[i].prot & type, type);
	}
	return (unsigned char *)phys_to_virt(maps[i].pa) + (va & PAGE_MASK);
}

static void
user_write(vm_map_t m, vm_offset_t va, unsigned char b)
{
	*user_access(m, va, VM_PROT_WRITE) = b;
}

static unsigned char
user_read(vm_map_t m, vm_offset_t va)
{
	return *user_access(m, va, VM_PROT_READ);
}

/* The entry at `va' (which must exist), under the map's lock. */
static struct vm_map_entry *
entry_at(vm_map_t m, vm_offset_t va)
{
	struct vm_map_entry *e;
	vm_map_lock(m);
	ck_assert(vm_map_lookup_entry(m, va, &e));
	vm_map_unlock(m);
	return e;
}

static unsigned
chain_at(vm_map_t m, vm_offset_t va)
{
	return vm_object_chain_length(entry_at(m, va)->object);
}

static uint64_t
objects(void)
{
	struct vm_object_stats os;
	vm_object_get_stats(&os);
	return os.objects;
}

START_TEST(test_cow_copy_isolation)
{
	enum { N = 8 };
	vm_offset_t src = P(10), dst;
	ck_assert_int_eq(vm_allocate(map, &src, P(N), false), KERN_SUCCESS);
	for (unsigned i = 0; i < N; i++)
		user_write(map, src + P(i) + 5, (unsigned char)(0x10 + i));
	uint64_t free1 = free_pages();
	vm_map_copy_t copy;
	ck_assert_int_eq(vm_map_copyin(map, src, P(N), false, &copy),
			 KERN_SUCCESS);
	/* The source's pages are read-only now; nothing was copied. */
	for (unsigned i = 0; i < N; i++) {
		int m = mapped(src + P(i));
		ck_assert_int_ge(m, 0);
		ck_assert_int_eq(maps[m].prot, VM_PROT_READ);
	}
	ck_assert_int_eq(vm_map_copyout(map, &dst, copy), KERN_SUCCESS);
	ck_assert_uint_eq(free_pages(), free1);
	/* The destination reads the source's frames, read-only. */
	ck_assert_uint_eq(user_read(map, dst + 5), 0x10);
	ck_assert_uint_eq(maps[mapped(dst)].pa, maps[mapped(src)].pa);
	ck_assert_int_eq(maps[mapped(dst)].prot, VM_PROT_READ);
	/* A write by the source: one page copied, the copy unchanged. */
	user_write(map, src + 5, 0xaa);
	ck_assert_uint_eq(free_pages(), free1 - 1);
	ck_assert_uint_eq(user_read(map, dst + 5), 0x10);
	ck_assert_uint_eq(user_read(map, src + 5), 0xaa);
	ck_assert_uint_ne(maps[mapped(dst)].pa, maps[mapped(src)].pa);
	/* A write by the copy: the source unchanged, and vice versa. */
	user_write(map, dst + P(3) + 5, 0xbb);
	ck_assert_uint_eq(user_read(map, src + P(3) + 5), 0x13);
	ck_assert_uint_eq(user_read(map, dst + P(3) + 5), 0xbb);
	user_write(map, src + P(3) + 5, 0xcc);
	ck_assert_uint_eq(user_read(map, dst + P(3) + 5), 0xbb);
	for (unsigned i = 0; i < N; i++) {
		if (i == 0 || i == 3)
			continue;
		ck_assert_uint_eq(user_read(map, src + P(i) + 5), 0x10 + i);
		ck_assert_uint_eq(user_read(map, dst + P(i) + 5), 0x10 + i);
	}
	/* The kernel helpers see the same. */
	unsigned char b;
	ck_assert_int_eq(vm_map_write_kernel(map, dst + P(1) + 5, "\x77", 1),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_read_kernel(map, src + P(1) + 5, &b, 1),
			 KERN_SUCCESS);
	ck_assert_uint_eq(b, 0x11);
	ck_assert_uint_eq(user_read(map, dst + P(1) + 5), 0x77);
	/* Untouched pages of a copy read as zero on both sides. */
	ck_assert_int_eq(vm_map_copyin(map, src, P(N), false, &copy),
			 KERN_SUCCESS);
	vm_offset_t d2;
	ck_assert_int_eq(vm_map_copyout(map, &d2, copy), KERN_SUCCESS);
	ck_assert_uint_eq(user_read(map, d2 + P(3) + 5), 0xcc);
	ck_assert_uint_eq(user_read(map, d2 + P(3) + 6), 0);
	ck_assert_int_eq(vm_deallocate(map, src, P(N)), KERN_SUCCESS);
	ck_assert_uint_eq(user_read(map, d2 + 5), 0xaa);
	ck_assert_uint_eq(user_read(map, dst + 5), 0x10);
	ck_assert_int_eq(vm_deallocate(map, dst, P(N)), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map, d2, P(N)), KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 0);
	ck_assert_uint_eq(objects(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

START_TEST(test_cow_part_of_entry)
{
	/* A copy of the middle of an entry: only that part is shared. */
	vm_offset_t a = P(10), dst;
	ck_assert_int_eq(vm_allocate(map, &a, P(10), false), KERN_SUCCESS);
	for (unsigned i = 0; i < 10; i++)
		user_write(map, a + P(i), (unsigned char)(1 + i));
	vm_map_copy_t copy;
	ck_assert_int_eq(vm_map_copyin(map, a + P(3) + 9, P(2), false, &copy),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_copy_size(copy), P(2));
	ck_assert_uint_eq(nentries(), 3);
	/* Outside the copied pages the source stays writable in place. */
	ck_assert_int_eq(maps[mapped(a + P(2))].prot, VM_PROT_DEFAULT);
	ck_assert_int_eq(maps[mapped(a + P(6))].prot, VM_PROT_DEFAULT);
	ck_assert_int_eq(maps[mapped(a + P(4))].prot, VM_PROT_READ);
	ck_assert_int_eq(vm_map_copyout(map, &dst, copy), KERN_SUCCESS);
	ck_assert_uint_eq(dst & PAGE_MASK, 9);
	dst -= 9;
	ck_assert_uint_eq(user_read(map, dst), 4);
	ck_assert_uint_eq(user_read(map, dst + P(1)), 5);
	ck_assert_uint_eq(user_read(map, dst + P(2)), 6);
	user_write(map, a + P(3), 0x40);
	user_write(map, a + P(5), 0x60);
	ck_assert_uint_eq(user_read(map, dst), 4);
	ck_assert_uint_eq(user_read(map, dst + P(2)), 6);
	/* vm_protect cannot make a copy-on-write page writable in place. */
	ck_assert_int_eq(vm_protect(map, dst, P(3), false, VM_PROT_ALL),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_protect(map, dst, P(3), false, VM_PROT_DEFAULT),
			 KERN_SUCCESS);
	int m = mapped(dst + P(1));
	ck_assert(m < 0 || !(maps[m].prot & VM_PROT_WRITE));
	user_write(map, dst + P(1), 0x55);
	ck_assert_uint_eq(user_read(map, a + P(4)), 5);
	/* Removing part of the source keeps what the copy sees. */
	ck_assert_int_eq(vm_deallocate(map, a, P(10)), KERN_SUCCESS);
	ck_assert_uint_eq(user_read(map, dst), 4);
	ck_assert_uint_eq(user_read(map, dst + P(1)), 0x55);
	ck_assert_uint_eq(user_read(map, dst + P(2)), 6);
	ck_assert_int_eq(vm_deallocate(map, dst, P(3)), KERN_SUCCESS);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

START_TEST(test_cow_destroy_moves)
{
	/* src_destroy of a whole entry: the copy is the object's only
	 * holder, so the destination writes it in place. */
	vm_offset_t a = P(10), dst;
	ck_assert_int_eq(vm_allocate(map, &a, P(4), false), KERN_SUCCESS);
	user_write(map, a + P(2), 9);
	uint64_t free1 = free_pages();
	vm_map_copy_t copy;
	ck_assert_int_eq(vm_map_copyin(map, a, P(4), true, &copy),
			 KERN_SUCCESS);
	ck_assert_uint_eq(nentries(), 0);
	ck_assert_int_eq(vm_map_copyout(map, &dst, copy), KERN_SUCCESS);
	ck_assert(!entry_at(map, dst)->needs_copy);
	ck_assert_uint_eq(free_pages(), free1);
	user_write(map, dst + P(2), 10);
	ck_assert_uint_eq(free_pages(), free1);
	ck_assert_uint_eq(chain_at(map, dst), 1);
	ck_assert_int_eq(vm_deallocate(map, dst, P(4)), KERN_SUCCESS);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

/* vm_map_region's object (vm_region's, for its name): the entry's,
 * referenced; vm_object_release drops that reference and nothing else
 * (vm_object_deallocate to one reference would clear `aliased'); the
 * last one frees the object. */
START_TEST(test_region_object_release)
{
	vm_offset_t a = 0, r;
	ck_assert_int_eq(vm_allocate(map, &a, P(2), true), KERN_SUCCESS);
	r = a + P(1);
	vm_offset_t off;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	vm_object_t o = NULL;
	ck_assert_int_eq(vm_map_region(map, &r, &size, &prot, &max, &inh,
				       &shared, &off, &o),
			 KERN_SUCCESS);
	ck_assert_uint_eq(r, a);
	ck_assert_ptr_eq(o, entry_at(map, a)->object);
	ck_assert_uint_eq(o->ref_count, 2);
	ck_assert(!shared);
	vm_object_release(o);
	ck_assert_uint_eq(o->ref_count, 1);

	/* A shadow's only holder: aliased, kept so by a release. */
	vm_object_t below = vm_object_allocate(P(1));
	vm_object_t top = vm_object_shadow(below, 0, P(1));
	ck_assert(below->aliased);
	vm_object_reference(below);
	vm_object_release(below);
	ck_assert_uint_eq(below->ref_count, 1);
	ck_assert(below->aliased);
	/* The last reference frees, down the chain. */
	uint64_t before = objects();
	vm_object_release(top);
	ck_assert_uint_eq(objects(), before - 2);
	ck_assert_int_eq(vm_deallocate(map, a, P(2)), KERN_SUCCESS);
}
END_TEST

/* A name port (vm/vm_object_name.c) is made only at a chain's bottom:
 * collapse moves it up with the object taking the bottom's place, so a
 * region's name outlives the merge. */
START_TEST(test_collapse_moves_name)
{
	static char fake_port; /* never used as a port here */
	vm_object_t a = vm_object_allocate(P(2));
	struct vm_page *p;
	ck_assert_int_eq(vm_object_page_get(a, 0, &p), KERN_SUCCESS);
	a->pager_name = (struct ipc_port *)&fake_port;
	vm_object_t b = vm_object_shadow(a, 0, P(2));
	ck_assert_ptr_null(b->pager_name);
	vm_object_collapse(b);
	ck_assert_uint_eq(vm_object_chain_length(b), 1);
	ck_assert_ptr_eq(b->pager_name, (struct ipc_port *)&fake_port);
	b->pager_name = NULL; /* no port to destroy */
	vm_object_deallocate(b);
	ck_assert_uint_eq(objects(), 0);
}
END_TEST

/* An object the default pager holds pages of (internal: made so here
 * by hand, no pager runs) takes in its anonymous shadow's pages that
 * it hides neither by a page of its own nor by one the pager holds;
 * the shadow goes, so chains stay bounded once memory was paged out. */
START_TEST(test_collapse_into_internal)
{
	static char fake_port; /* never used as a port here */
	vm_object_t a = vm_object_allocate(P(3)), where;
	struct vm_page *p0, *p1, *p2, *q2;
	ck_assert_int_eq(vm_object_page_get(a, 0, &p0), KERN_SUCCESS);
	ck_assert_int_eq(vm_object_page_get(a, P(1), &p1), KERN_SUCCESS);
	ck_assert_int_eq(vm_object_page_get(a, P(2), &p2), KERN_SUCCESS);
	vm_object_t b = vm_object_shadow(a, 0, P(3));
	ck_assert_int_eq(vm_object_page_copy(b, P(2), p2, &q2), KERN_SUCCESS);
	uint64_t existence = (uint64_t)1 << 1; /* the pager holds page 1 */
	b->pager = (struct ipc_port *)&fake_port;
	b->pager_internal = true;
	b->existence = &existence;
	vm_object_collapse(b);
	ck_assert_uint_eq(vm_object_chain_length(b), 1);
	/* Page 0 moved up (the same frame); 1 and 2 were hidden: freed. */
	ck_assert_ptr_eq(vm_object_chain_lookup(b, 0, &where), p0);
	ck_assert_ptr_eq(where, b);
	ck_assert_ptr_null(vm_object_chain_lookup(b, P(1), &where));
	ck_assert_ptr_eq(vm_object_chain_lookup(b, P(2), &where), q2);
	ck_assert_uint_eq(b->resident_count, 2);
	ck_assert_uint_eq(objects(), 1);
	/* Not out of one not ready (its pager has not said so). */
	vm_object_t c = vm_object_shadow(b, 0, P(3));
	vm_object_collapse(c);
	ck_assert_uint_eq(vm_object_chain_length(c), 2);
	/* No pager to tell at the end. */
	b->pager = NULL;
	b->pager_internal = false;
	b->existence = NULL;
	vm_object_deallocate(c);
	ck_assert_uint_eq(objects(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

extern bool no_pager_rebind_ok; /* tests/unit/vm/no_pager.c */
extern unsigned no_pager_rebinds;

/*
 * Out of an internal object: an anonymous object over the whole of it,
 * its only holder, takes its place and becomes the default pager's,
 * once the pager's ports could be rebound; its pages move up (one the
 * pager also holds included: it is the newer), hidden ones go, the
 * pager's pages stay asked of it.  Not when the rebinding could not
 * be had, nor for an object over part of it.
 */
START_TEST(test_collapse_out_of_internal)
{
	static char fake_port; /* never used as a port here */
	vm_object_t b = vm_object_allocate(P(3)), where;
	struct vm_page *p0, *p1, *q1;
	ck_assert_int_eq(vm_object_page_get(b, 0, &p0), KERN_SUCCESS);
	ck_assert_int_eq(vm_object_page_get(b, P(1), &p1), KERN_SUCCESS);
	/* The pager holds pages 0 (resident again too) and 2 (not). */
	uint64_t existence = (uint64_t)1 << 0 | (uint64_t)1 << 2;
	b->pager = (struct ipc_port *)&fake_port;
	b->pager_internal = true;
	b->pager_ready = true;
	b->existence = &existence;
	vm_object_t c = vm_object_shadow(b, 0, P(3));
	ck_assert_int_eq(vm_object_page_copy(c, P(1), p1, &q1), KERN_SUCCESS);

	no_pager_rebinds = 0;
	no_pager_rebind_ok = false;
	vm_object_collapse(c);
	ck_assert_uint_eq(no_pager_rebinds, 1);
	ck_assert_uint_eq(vm_object_chain_length(c), 2);
	ck_assert_ptr_null(c->pager);

	no_pager_rebind_ok = true;
	vm_object_collapse(c);
	ck_assert_uint_eq(no_pager_rebinds, 2);
	ck_assert_uint_eq(vm_object_chain_length(c), 1);
	ck_assert_uint_eq(objects(), 1);
	ck_assert_ptr_eq(c->pager, (struct ipc_port *)&fake_port);
	ck_assert(c->pager_internal && c->pager_ready);
	ck_assert_ptr_eq(c->existence, &existence);
	ck_assert_ptr_eq(vm_object_chain_lookup(c, 0, &where), p0);
	ck_assert_ptr_eq(where, c);
	ck_assert_ptr_eq(vm_object_chain_lookup(c, P(1), &where), q1);
	ck_assert_ptr_null(vm_object_chain_lookup(c, P(2), &where));
	ck_assert(vm_object_existence_test(c, P(2)));
	ck_assert_uint_eq(c->resident_count, 2);

	/* Over part of it: the pager's offsets would not be its own. */
	vm_object_t d = vm_object_shadow(c, P(1), P(2));
	vm_object_collapse(d);
	ck_assert_uint_eq(vm_object_chain_length(d), 2);
	ck_assert_uint_eq(no_pager_rebinds, 2);

	c->pager = NULL; /* no pager to tell at the end */
	c->pager_internal = false;
	c->existence = NULL;
	vm_object_deallocate(d);
	ck_assert_uint_eq(objects(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

static uint64_t
bypasses(void)
{
	struct vm_object_stats st;
	vm_object_get_stats(&st);
	return st.bypasses;
}

/*
 * Bypass: a shadow others hold too stays in the chain while one of its
 * pages shows through, and leaves it once the object above hides them
 * all (its own pages, or the default pager's for it, of an internal
 * one); the shadow itself is unchanged, its other holder keeps it.
 */
START_TEST(test_collapse_bypass)
{
	vm_object_t a = vm_object_allocate(P(3)), where;
	struct vm_page *pa[3], *q;
	for (unsigned i = 0; i < 3; i++)
		ck_assert_int_eq(vm_object_page_get(a, P(i), &pa[i]),
				 KERN_SUCCESS);
	vm_object_reference(a); /* another holder */
	vm_object_t b = vm_object_shadow(a, 0, P(3));
	ck_assert_int_eq(vm_object_page_copy(b, 0, pa[0], &q), KERN_SUCCESS);
	ck_assert_int_eq(vm_object_page_copy(b, P(1), pa[1], &q), KERN_SUCCESS);
	uint64_t bypassed = bypasses();
	vm_object_collapse(b);
	ck_assert_uint_eq(vm_object_chain_length(b), 2); /* page 2 shows */
	ck_assert_ptr_eq(vm_object_chain_lookup(b, P(2), &where), pa[2]);
	ck_assert_int_eq(vm_object_page_copy(b, P(2), pa[2], &q), KERN_SUCCESS);
	vm_object_collapse(b);
	ck_assert_uint_eq(vm_object_chain_length(b), 1);
	ck_assert_uint_eq(bypasses(), bypassed + 1);
	ck_assert_ptr_null(b->shadow);
	ck_assert_uint_eq(a->ref_count, 1);
	for (unsigned i = 0; i < 3; i++)
		ck_assert_ptr_eq(vm_object_chain_lookup(a, P(i), &where),
				 pa[i]);
	ck_assert_uint_eq(objects(), 2);
	vm_object_deallocate(b);
	vm_object_deallocate(a);

	/* An internal shadow: the page the pager holds must be hidden
	 * too, here by one the object above has. */
	static char fake_port; /* never used as a port here */
	vm_object_t x = vm_object_allocate(P(2));
	struct vm_page *x0, *y1;
	ck_assert_int_eq(vm_object_page_get(x, 0, &x0), KERN_SUCCESS);
	uint64_t existence = (uint64_t)1 << 1;
	x->pager = (struct ipc_port *)&fake_port;
	x->pager_internal = true;
	x->pager_ready = true;
	x->existence = &existence;
	vm_object_reference(x); /* another holder: no merge */
	vm_object_t y = vm_object_shadow(x, 0, P(2));
	ck_assert_int_eq(vm_object_page_copy(y, 0, x0, &q), KERN_SUCCESS);
	vm_object_collapse(y);
	ck_assert_uint_eq(vm_object_chain_length(y), 2); /* page 1 shows */
	ck_assert_int_eq(vm_object_page_get(y, P(1), &y1), KERN_SUCCESS);
	vm_object_collapse(y);
	ck_assert_uint_eq(vm_object_chain_length(y), 1);
	ck_assert_uint_eq(bypasses(), bypassed + 2);
	ck_assert_uint_eq(x->ref_count, 1);
	ck_assert_ptr_eq(x->pager, (struct ipc_port *)&fake_port);
	vm_object_deallocate(y);
	x->pager = NULL; /* no pager to tell at the end */
	x->pager_internal = false;
	x->existence = NULL;
	vm_object_deallocate(x);
	ck_assert_uint_eq(objects(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

START_TEST(test_shadow_chain_and_collapse)
{
	/* Objects directly: b shadows a from page 1, c shadows b. */
	vm_object_t a = vm_object_allocate(P(4)), where;
	struct vm_page *p, *q, *p1;
	ck_assert_int_eq(vm_object_page_get(a, P(1), &p1), KERN_SUCCESS);
	ck_assert_int_eq(vm_object_page_get(a, P(3), &p), KERN_SUCCESS);
	vm_object_t b = vm_object_shadow(a, P(1), P(3));
	ck_assert(a->aliased);
	ck_assert_ptr_eq(vm_object_chain_lookup(b, P(2), &where), p);
	ck_assert_ptr_eq(where, a);
	ck_assert_ptr_null(vm_object_chain_lookup(b, P(1), &where));
	ck_assert_int_eq(vm_object_page_copy(b, P(2), p, &q), KERN_SUCCESS);
	ck_assert_int_eq(vm_object_page_copy(b, P(2), p, &q),
			 KERN_INVALID_ARGUMENT);
	ck_assert_ptr_eq(vm_object_chain_lookup(b, P(2), &where), q);
	ck_assert_ptr_eq(where, b);
	vm_object_reference(b);
	vm_object_t c = vm_object_shadow(b, 0, P(3));
	ck_assert_uint_eq(vm_object_chain_length(c), 3);
	/* b is held by c and by us: a (held by b only) merges into b. */
	ck_assert_ptr_eq(vm_object_chain_lookup(c, 0, &where), p1);
	vm_object_collapse(c);
	ck_assert_uint_eq(vm_object_chain_length(c), 2);
	/* a's page 1 moved up (same frame); its page 3, hidden by q, went. */
	ck_assert_ptr_eq(vm_object_chain_lookup(c, 0, &where), p1);
	ck_assert_ptr_eq(where, b);
	ck_assert_ptr_eq(vm_object_chain_lookup(c, P(2), &where), q);
	ck_assert_uint_eq(b->resident_count, 2);
	ck_assert_uint_eq(objects(), 2);
	vm_object_deallocate(b);
	vm_object_collapse(c);
	ck_assert_uint_eq(vm_object_chain_length(c), 1);
	ck_assert_ptr_eq(vm_object_chain_lookup(c, P(2), &where), q);
	ck_assert_ptr_eq(where, c);
	ck_assert(!vm_object_extend(c, P(1)) || c->shadow == NULL);
	vm_object_deallocate(c);
	ck_assert_uint_eq(objects(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

/* A page's first word, through the physmap. */
static unsigned *
word(struct vm_page *p)
{
	return phys_to_virt(vm_page_to_phys(p));
}

START_TEST(test_copy_objects)
{
	struct vm_page *p0, *p1, *q;
	vm_object_t o = vm_object_allocate(P(3)), where;
	ck_assert_int_eq(vm_object_page_get(o, 0, &p0), KERN_SUCCESS);
	ck_assert_int_eq(vm_object_page_get(o, P(1), &p1), KERN_SUCCESS);
	*word(p0) = 1;
	*word(p1) = 11;
	/* A copy reads through until the object's page is pushed. */
	vm_object_t c1 = vm_object_copy_delayed(o);
	ck_assert_ptr_eq(o->copy, c1);
	ck_assert_ptr_eq(c1->shadow, o);
	ck_assert_uint_eq(o->ref_count, 2);
	ck_assert_ptr_eq(vm_object_chain_lookup(c1, 0, &where), p0);
	ck_assert_ptr_eq(where, o);
	ck_assert_int_eq(vm_object_copy_push(o, 0, p0), KERN_SUCCESS);
	*word(p0) = 2; /* the write in place after the push */
	q = vm_object_chain_lookup(c1, 0, &where);
	ck_assert_ptr_eq(where, c1);
	ck_assert_uint_eq(*word(q), 1);
	ck_assert_int_eq(vm_object_copy_push(o, 0, p0), KERN_SUCCESS);
	ck_assert_uint_eq(c1->resident_count, 1); /* pushed once */
	ck_assert_uint_eq(*word(q), 1);
	/* A second copy: the first now reads through it, pushes go to
	 * it, and it is never collapsed away. */
	vm_object_t c2 = vm_object_copy_delayed(o);
	ck_assert_ptr_eq(o->copy, c2);
	ck_assert_ptr_eq(c1->shadow, c2);
	ck_assert_ptr_eq(c2->shadow, o);
	ck_assert_uint_eq(o->ref_count, 2);
	ck_assert_uint_eq(c2->ref_count, 2);
	ck_assert_int_eq(vm_object_copy_push(o, P(1), p1), KERN_SUCCESS);
	*word(p1) = 12;
	q = vm_object_chain_lookup(c1, P(1), &where);
	ck_assert_ptr_eq(where, c2);
	ck_assert_uint_eq(*word(q), 11);
	ck_assert_uint_eq(*word(vm_object_chain_lookup(c2, 0, &where)), 2);
	ck_assert_uint_eq(*word(vm_object_chain_lookup(c1, 0, &where)), 1);
	vm_object_collapse(c1);
	ck_assert_uint_eq(vm_object_chain_length(c1), 3);
	/* The copies go; the object forgets them. */
	vm_object_deallocate(c1);
	ck_assert_ptr_eq(o->copy, c2);
	vm_object_deallocate(c2);
	ck_assert_ptr_null(o->copy);
	ck_assert_uint_eq(o->ref_count, 1);
	vm_object_deallocate(o);
	ck_assert_uint_eq(objects(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

START_TEST(test_collapse_bounds_chain)
{
	/* 100 rounds of: copy the range out, both sides write, the copy
	 * goes.  Without collapse each round would add an object. */
	enum { N = 4, ROUNDS = 100 };
	vm_offset_t src = P(10);
	unsigned char want[N];
	ck_assert_int_eq(vm_allocate(map, &src, P(N), false), KERN_SUCCESS);
	for (unsigned i = 0; i < N; i++)
		user_write(map, src + P(i), want[i] = 1);
	unsigned longest = 0;
	for (unsigned r = 0; r < ROUNDS; r++) {
		vm_map_copy_t copy;
		vm_offset_t dst;
		ck_assert_int_eq(vm_map_copyin(map, src, P(N), false, &copy),
				 KERN_SUCCESS);
		ck_assert_int_eq(vm_map_copyout(map, &dst, copy), KERN_SUCCESS);
		unsigned page = r % N, other = (page + 1) % N;
		unsigned char before = want[other];
		user_write(map, src + P(page), want[page] = (unsigned char)r);
		user_write(map, dst + P(other), 0xee);
		for (unsigned i = 0; i < N; i++)
			ck_assert_uint_eq(user_read(map, src + P(i)), want[i]);
		ck_assert_uint_eq(user_read(map, dst + P(other)), 0xee);
		ck_assert_uint_eq(user_read(map, dst + P(page)),
				  r >= N ? (unsigned char)(r - N) : 1);
		ck_assert_uint_eq(before, want[other]);
		unsigned len = chain_at(map, src);
		if (len > longest)
			longest = len;
		ck_assert_int_eq(vm_deallocate(map, dst, P(N)), KERN_SUCCESS);
	}
	ck_assert_uint_le(longest, 3);
	ck_assert_uint_le(objects(), 3);
	ck_assert_int_eq(vm_deallocate(map, src, P(N)), KERN_SUCCESS);
	ck_assert_uint_eq(objects(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

/* ---- vm_map_fork ---- */

START_TEST(test_fork_by_inheritance)
{
	vm_offset_t a = P(10), b = P(20), c = P(30);
	ck_assert_int_eq(vm_allocate(map, &a, P(4), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_allocate(map, &b, P(4), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_allocate(map, &c, P(4), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_inherit(map, b, P(4), VM_INHERIT_SHARE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_inherit(map, c, P(4), VM_INHERIT_NONE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_protect(map, a + P(3), P(1), false, VM_PROT_READ),
			 KERN_SUCCESS);
	for (unsigned i = 0; i < 3; i++)
		user_write(map, a + P(i), (unsigned char)(0x10 + i));
	for (unsigned i = 0; i < 4; i++) {
		user_write(map, b + P(i), (unsigned char)(0x20 + i));
		user_write(map, c + P(i), (unsigned char)(0x30 + i));
	}
	ck_assert_ptr_null(vm_map_fork(NULL));
	vm_map_t child = vm_map_fork(map);
	ck_assert_ptr_nonnull(child);
	ck_assert_ptr_ne(child->pmap, map->pmap);
	/* NONE: absent; the rest with the parent's attributes. */
	unsigned char x;
	ck_assert_int_eq(vm_map_read_kernel(child, c, &x, 1),
			 KERN_INVALID_ADDRESS);
	ck_assert_uint_eq(child->nentries, 3);
	ck_assert_uint_eq(child->size, P(8));
	vm_offset_t r = a, off;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	ck_assert_int_eq(vm_map_region(child, &r, &size, &prot, &max, &inh,
				       &shared, &off, NULL),
			 KERN_SUCCESS);
	ck_assert_uint_eq(r, a);
	ck_assert_uint_eq(size, P(3));
	ck_assert_int_eq(inh, VM_INHERIT_COPY);
	ck_assert(shared);
	ck_assert_int_eq(user_access(child, a + P(3), VM_PROT_READ)[0], 0);
	ck_assert_int_eq(vm_fault(child, a + P(3), VM_PROT_WRITE),
			 KERN_PROTECTION_FAILURE);
	/* COPY: each side sees only its own writes. */
	for (unsigned i = 0; i < 3; i++)
		ck_assert_uint_eq(user_read(child, a + P(i)), 0x10 + i);
	user_write(child, a, 0xc0);
	user_write(map, a + P(1), 0xd1);
	ck_assert_uint_eq(user_read(map, a), 0x10);
	ck_assert_uint_eq(user_read(child, a), 0xc0);
	ck_assert_uint_eq(user_read(child, a + P(1)), 0x11);
	ck_assert_uint_eq(user_read(map, a + P(1)), 0xd1);
	/* SHARE: each side sees the other's writes, both ways. */
	for (unsigned i = 0; i < 4; i++)
		ck_assert_uint_eq(user_read(child, b + P(i)), 0x20 + i);
	user_write(child, b + P(1), 0xe1);
	ck_assert_uint_eq(user_read(map, b + P(1)), 0xe1);
	user_write(map, b + P(2), 0xf2);
	ck_assert_uint_eq(user_read(child, b + P(2)), 0xf2);
	/* A copy of shared memory is a snapshot all the same. */
	vm_map_copy_t copy;
	vm_offset_t d;
	ck_assert_int_eq(vm_map_copyin(map, b, P(4), false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copyout(map, &d, copy), KERN_SUCCESS);
	user_write(child, b + P(2), 0x99);
	ck_assert_uint_eq(user_read(map, b + P(2)), 0x99);
	ck_assert_uint_eq(user_read(map, d + P(2)), 0xf2);
	/* The child goes; the parent keeps its contents. */
	vm_map_deallocate(child);
	ck_assert_uint_eq(user_read(map, b + P(1)), 0xe1);
	ck_assert_uint_eq(user_read(map, a), 0x10);
	ck_assert_uint_eq(user_read(map, c + P(3)), 0x33);
	ck_assert_int_eq(vm_deallocate(map, P(1), P(200)), KERN_SUCCESS);
	ck_assert_uint_eq(objects(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

START_TEST(test_fork_share_over_cow)
{
	/* A shared range whose pages partly sit below a shadow: a write by
	 * one map that copies a page up must not leave the other map
	 * reading the old frame. */
	vm_offset_t b = P(20);
	ck_assert_int_eq(vm_allocate(map, &b, P(4), false), KERN_SUCCESS);
	for (unsigned i = 0; i < 4; i++)
		user_write(map, b + P(i), (unsigned char)(0x20 + i));
	vm_map_copy_t copy;
	ck_assert_int_eq(vm_map_copyin(map, b, P(4), false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_inherit(map, b, P(4), VM_INHERIT_SHARE),
			 KERN_SUCCESS);
	vm_map_t child = vm_map_fork(map); /* b was needs_copy */
	ck_assert_ptr_nonnull(child);
	ck_assert(!entry_at(map, b)->needs_copy);
	ck_assert_ptr_eq(entry_at(map, b)->object, entry_at(child, b)->object);
	ck_assert_uint_eq(user_read(map, b + P(2)), 0x22); /* mapped below */
	ck_assert_uint_eq(user_read(child, b + P(2)), 0x22);
	user_write(child, b + P(2), 0x77);
	ck_assert_uint_eq(user_read(map, b + P(2)), 0x77);
	user_write(map, b + P(3), 0x88);
	ck_assert_uint_eq(user_read(child, b + P(3)), 0x88);
	/* The copy taken before kept the old contents. */
	vm_offset_t d;
	ck_assert_int_eq(vm_map_copyout(map, &d, copy), KERN_SUCCESS);
	ck_assert_uint_eq(user_read(map, d + P(2)), 0x22);
	ck_assert_uint_eq(user_read(map, d + P(3)), 0x23);
	/* A fork of a fork: copy-on-write over copy-on-write. */
	ck_assert_int_eq(vm_inherit(child, b, P(4), VM_INHERIT_COPY),
			 KERN_SUCCESS);
	vm_map_t grandchild = vm_map_fork(child);
	ck_assert_ptr_nonnull(grandchild);
	user_write(grandchild, b, 0x55);
	ck_assert_uint_eq(user_read(child, b), 0x20);
	ck_assert_uint_eq(user_read(map, b), 0x20);
	user_write(child, b + P(1), 0x66);
	ck_assert_uint_eq(user_read(grandchild, b + P(1)), 0x21);
	ck_assert_uint_eq(user_read(map, b + P(1)), 0x66);
	vm_map_deallocate(child);
	ck_assert_uint_eq(user_read(grandchild, b + P(2)), 0x77);
	ck_assert_uint_eq(user_read(grandchild, b), 0x55);
	vm_map_deallocate(grandchild);
	ck_assert_uint_eq(user_read(map, b + P(3)), 0x88);
	ck_assert_int_eq(vm_deallocate(map, P(1), P(200)), KERN_SUCCESS);
	ck_assert_uint_eq(objects(), 0);
	ck_assert_uint_eq(free_pages(), free0);
}
END_TEST

/* ---- Random copy-on-write against a model of shared cells ---- */

/*
 * Three small maps; every allocated page of each is a cell of the model
 * holding the value of its first byte.  Pages of maps that share memory
 * (VM_INHERIT_SHARE) are one cell; a copy (copyin/copyout, fork by
 * COPY) makes new cells.  Reads go through the stand-in pmap as the MMU
 * would, so a stale or wrongly writable translation shows.
 */
#define RMAPS  3
#define RPAGES 48
#define RBASE  P(1)

static vm_map_t rmap[RMAPS];
static int rcell[RMAPS][RPAGES]; /* -1: not allocated */
static vm_prot_t rprot[RMAPS][RPAGES];
static vm_inherit_t rinh[RMAPS][RPAGES];
static unsigned char rval[1 << 18];
static int rcells;

static int
new_cell(unsigned char v)
{
	ck_assert_int_lt(rcells, (int)sizeof rval);
	rval[rcells] = v;
	return rcells++;
}

static void
rcheck(void)
{
	for (int m = 0; m < RMAPS; m++)
		for (int i = 0; i < RPAGES; i++) {
			vm_offset_t va = RBASE + P(i);
			if (rcell[m][i] < 0) {
				unsigned char b;
				ck_assert_int_eq(
					vm_map_read_kernel(rmap[m], va, &b, 1),
					KERN_INVALID_ADDRESS);
				continue;
			}
			ck_assert_uint_eq(user_read(rmap[m], va),
					  rval[rcell[m][i]]);
			int t = mapped_in(rmap[m], va);
			if (t >= 0 && (maps[t].prot & VM_PROT_WRITE))
				ck_assert(rprot[m][i] & VM_PROT_WRITE);
		}
}

/* The first run of `n' free pages of map m in the model, or -1. */
static int
rfirst_fit(int m, unsigned n)
{
	for (unsigned i = 0; i + n <= RPAGES; i++) {
		unsigned k = 0;
		while (k < n && rcell[m][i + k] < 0)
			k++;
		if (k == n)
			return (int)i;
		i += k;
	}
	return -1;
}

START_TEST(test_random_cow_against_model)
{
	srand(99 + _i);
	rcells = 0;
	for (int m = 0; m < RMAPS; m++) {
		rmap[m] =
			vm_map_create(pmap_create(), RBASE, RBASE + P(RPAGES));
		for (int i = 0; i < RPAGES; i++)
			rcell[m][i] = -1;
	}
	for (unsigned step = 0; step < 1500; step++) {
		int m = rand() % RMAPS;
		unsigned first = rand() % RPAGES, n = 1 + rand() % 8;
		if (first + n > RPAGES)
			n = RPAGES - first;
		vm_offset_t va = RBASE + P(first);
		bool all = true, none = true;
		for (unsigned i = first; i < first + n; i++) {
			all &= rcell[m][i] >= 0;
			none &= rcell[m][i] < 0;
		}
		int op = rand() % 10;
		if (op <= 1) {
			vm_offset_t at = va;
			ck_assert_int_eq(vm_allocate(rmap[m], &at, P(n), false),
					 none ? KERN_SUCCESS : KERN_NO_SPACE);
			for (unsigned i = first; none && i < first + n; i++) {
				rcell[m][i] = new_cell(0);
				rprot[m][i] = VM_PROT_DEFAULT;
				rinh[m][i] = VM_INHERIT_COPY;
			}
		} else if (op == 2) {
			ck_assert_int_eq(vm_deallocate(rmap[m], va, P(n)),
					 KERN_SUCCESS);
			for (unsigned i = first; i < first + n; i++)
				rcell[m][i] = -1;
		} else if (op <= 4) {
			if (rcell[m][first] < 0)
				continue;
			unsigned char b = (unsigned char)(1 + rand() % 255);
			if ((rprot[m][first] & VM_PROT_WRITE) && rand() % 2)
				user_write(rmap[m], va, b);
			else
				ck_assert_int_eq(
					vm_map_write_kernel(rmap[m], va, &b, 1),
					KERN_SUCCESS);
			rval[rcell[m][first]] = b;
		} else if (op <= 6) {
			int to = rand() % RMAPS;
			bool destroy = rand() % 4 == 0;
			vm_offset_t in = rand() % 2 ? 0 : (rand() % 100);
			vm_map_copy_t copy;
			kern_return_t kr = vm_map_copyin(
				rmap[m], va + in, P(n) - in, destroy, &copy);
			ck_assert_int_eq(kr, all ? KERN_SUCCESS
						 : KERN_INVALID_ADDRESS);
			if (kr != KERN_SUCCESS)
				continue;
			unsigned char snap[8];
			for (unsigned i = 0; i < n; i++)
				snap[i] = rval[rcell[m][first + i]];
			if (destroy)
				for (unsigned i = first; i < first + n; i++)
					rcell[m][i] = -1;
			int fit = rfirst_fit(to, n);
			vm_offset_t d;
			kr = vm_map_copyout(rmap[to], &d, copy);
			if (fit < 0) {
				ck_assert_int_eq(kr, KERN_NO_SPACE);
				vm_map_copy_discard(copy);
				continue;
			}
			ck_assert_int_eq(kr, KERN_SUCCESS);
			ck_assert_uint_eq(d, RBASE + P(fit) + in);
			for (unsigned i = 0; i < n; i++) {
				rcell[to][fit + i] = new_cell(snap[i]);
				rprot[to][fit + i] = VM_PROT_DEFAULT;
				rinh[to][fit + i] = VM_INHERIT_COPY;
			}
		} else if (op == 7) {
			vm_inherit_t inh = rand() % 3;
			ck_assert_int_eq(vm_inherit(rmap[m], va, P(n), inh),
					 KERN_SUCCESS);
			for (unsigned i = first; i < first + n; i++)
				rinh[m][i] = inh;
		} else if (op == 8) {
			vm_prot_t prot =
				rand() % 2 ? VM_PROT_READ : VM_PROT_DEFAULT;
			ck_assert_int_eq(
				vm_protect(rmap[m], va, P(n), false, prot),
				KERN_SUCCESS);
			for (unsigned i = first; i < first + n; i++)
				rprot[m][i] = prot;
		} else {
			int to = (m + 1 + rand() % (RMAPS - 1)) % RMAPS;
			vm_map_deallocate(rmap[to]);
			rmap[to] = vm_map_fork(rmap[m]);
			ck_assert_ptr_nonnull(rmap[to]);
			for (int i = 0; i < RPAGES; i++) {
				int c = rcell[m][i];
				rcell[to][i] = -1;
				if (c < 0 || rinh[m][i] == VM_INHERIT_NONE)
					continue;
				rcell[to][i] = rinh[m][i] == VM_INHERIT_SHARE
						       ? c
						       : new_cell(rval[c]);
				rprot[to][i] = rprot[m][i];
				rinh[to][i] = rinh[m][i];
			}
		}
		if (step % 20 == 0)
			rcheck();
	}
	rcheck();
	for (int m = 0; m < RMAPS; m++)
		vm_map_deallocate(rmap[m]);
}
END_TEST

/* ---- Random operations against a model of one page per slot ---- */

#define MPAGES 256
#define MBASE  P(16)

struct mpage {
	bool allocated;
	vm_prot_t prot;
	vm_prot_t max;
	vm_inherit_t inh;
	unsigned char byte; /* the first byte written, 0 if never */
};
static struct mpage model[MPAGES];

static void
check_against_model(void)
{
	/* Walk the map with vm_region; compare page by page. */
	vm_offset_t addr = 0;
	unsigned seen_entries = 0;
	bool covered[MPAGES] = { false };
	for (;;) {
		vm_offset_t off;
		vm_size_t size;
		vm_prot_t prot, max;
		vm_inherit_t inh;
		boolean_t shared;
		if (vm_map_region(map, &addr, &size, &prot, &max, &inh, &shared,
				  &off, NULL) != KERN_SUCCESS)
			break;
		seen_entries++;
		for (vm_offset_t va = addr; va < addr + size; va += PAGE_SIZE) {
			ck_assert_uint_ge(va, MBASE);
			unsigned i = (va - MBASE) / PAGE_SIZE;
			ck_assert_uint_lt(i, MPAGES);
			ck_assert(model[i].allocated);
			ck_assert_int_eq(model[i].prot, prot);
			ck_assert_int_eq(model[i].max, max);
			ck_assert_int_eq(model[i].inh, inh);
			covered[i] = true;
		}
		addr += size;
	}
	for (unsigned i = 0; i < MPAGES; i++) {
		ck_assert_int_eq(covered[i], model[i].allocated);
		if (model[i].allocated) {
			unsigned char b;
			ck_assert_int_eq(
				vm_map_read_kernel(map, MBASE + P(i), &b, 1),
				KERN_SUCCESS);
			ck_assert_uint_eq(b, model[i].byte);
		}
	}
	ck_assert_uint_eq(seen_entries, nentries());
	/* Balanced: AVL height bound. */
	unsigned n = nentries(), lg = 0;
	while ((1u << lg) <= n)
		lg++;
	ck_assert_int_le(vm_map_tree_height(map->root), (int)(1.45 * lg) + 1);
}

START_TEST(test_random_against_model)
{
	srand(1234 + _i);
	memset(model, 0, sizeof model);
	for (unsigned step = 0; step < 3000; step++) {
		unsigned first = rand() % MPAGES;
		unsigned n = 1 + rand() % 16;
		if (first + n > MPAGES)
			n = MPAGES - first;
		vm_offset_t va = MBASE + P(first);
		int op = rand() % 6;
		if (op == 0 || op == 1) {
			bool free_run = true;
			for (unsigned i = first; i < first + n; i++)
				free_run &= !model[i].allocated;
			vm_offset_t at = va;
			kern_return_t kr = vm_allocate(map, &at, P(n), false);
			ck_assert_int_eq(kr, free_run ? KERN_SUCCESS
						      : KERN_NO_SPACE);
			if (free_run)
				for (unsigned i = first; i < first + n; i++)
					model[i] = (struct mpage){
						true, VM_PROT_DEFAULT,
						VM_PROT_ALL, VM_INHERIT_COPY, 0
					};
		} else if (op == 2) {
			ck_assert_int_eq(vm_deallocate(map, va, P(n)),
					 KERN_SUCCESS);
			for (unsigned i = first; i < first + n; i++)
				model[i].allocated = false;
		} else if (op == 3) {
			vm_prot_t prot = rand() % 8;
			bool set_max = rand() % 4 == 0;
			bool ok = true;
			for (unsigned i = first; i < first + n; i++)
				if (model[i].allocated &&
				    (prot & ~model[i].max) != 0)
					ok = false;
			ck_assert_int_eq(
				vm_protect(map, va, P(n), set_max, prot),
				ok ? KERN_SUCCESS : KERN_PROTECTION_FAILURE);
			for (unsigned i = first; ok && i < first + n; i++) {
				if (set_max) {
					model[i].max = prot;
					model[i].prot &= prot;
				} else {
					model[i].prot = prot;
				}
			}
		} else if (op == 4) {
			vm_inherit_t inh = rand() % 3;
			ck_assert_int_eq(vm_inherit(map, va, P(n), inh),
					 KERN_SUCCESS);
			for (unsigned i = first; i < first + n; i++)
				model[i].inh = inh;
		} else {
			unsigned char b = 1 + rand() % 255;
			if (model[first].allocated) {
				ck_assert_int_eq(
					vm_map_write_kernel(map, va, &b, 1),
					KERN_SUCCESS);
				model[first].byte = b;
			} else {
				ck_assert_int_eq(
					vm_map_write_kernel(map, va, &b, 1),
					KERN_INVALID_ADDRESS);
			}
		}
		if (step % 50 == 0)
			check_against_model();
	}
	check_against_model();
}
END_TEST

/* ---- Wiring (vm/vm_map_wire.c) ---- */

static uint64_t
wired_pages(void)
{
	struct vm_page_queue_stats q;
	vm_page_queue_get_stats(&q);
	return q.wired;
}

static uint64_t
queued_pages(void)
{
	struct vm_page_queue_stats q;
	vm_page_queue_get_stats(&q);
	return q.active + q.inactive;
}

/* Whether every page of [va, va + n pages) is mapped wired (or not). */
static bool
mapped_wired(vm_offset_t va, unsigned n, bool wired)
{
	for (unsigned i = 0; i < n; i++) {
		int m = mapped(va + P(i));
		if (wired ? (m < 0 || !maps[m].wired)
			  : (m >= 0 && maps[m].wired))
			return false;
	}
	return true;
}

START_TEST(test_wire_range)
{
	vm_offset_t a = P(10), b = P(20);
	ck_assert_int_eq(vm_allocate(map, &a, P(8), false), KERN_SUCCESS);
	ck_assert_uint_eq(resident(), 0);
	/* Every page made resident, off the queues, mapped wired. */
	ck_assert_int_eq(vm_map_wire(map, P(10), P(18), VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_uint_eq(resident(), 8);
	ck_assert_uint_eq(wired_pages(), 8);
	ck_assert_uint_eq(queued_pages(), 0);
	ck_assert(mapped_wired(a, 8, true));
	ck_assert_uint_eq(vm_map_wired_size(map), P(8));
	ck_assert_uint_eq(nentries(), 1);
	/* Again, part of it, for more access: wirings do not stack. */
	ck_assert_int_eq(
		vm_map_wire(map, P(12), P(14), VM_PROT_READ | VM_PROT_WRITE),
		KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 8);
	ck_assert_uint_eq(vm_map_wired_size(map), P(8));
	ck_assert_uint_eq(nentries(), 3); /* wired for other accesses */
	/* Refused, nothing changed: the start in no entry, a hole, an
	 * access an entry does not allow. */
	ck_assert_int_eq(vm_map_wire(map, P(9), P(12), VM_PROT_NONE),
			 KERN_NO_SPACE);
	ck_assert_int_eq(vm_allocate(map, &b, P(2), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_wire(map, P(16), P(22), VM_PROT_NONE),
			 KERN_NO_SPACE);
	ck_assert_int_eq(vm_map_wire(map, P(20), P(23), VM_PROT_READ),
			 KERN_NO_SPACE);
	ck_assert_int_eq(vm_protect(map, b, P(2), FALSE, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_wire(map, P(20), P(22), VM_PROT_WRITE),
			 KERN_NO_SPACE);
	ck_assert_uint_eq(wired_pages(), 8);
	ck_assert(mapped_wired(a, 8, true));
	ck_assert_int_eq(vm_map_wire(map, P(10) + 1, P(12), VM_PROT_READ),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_map_wire(map, P(10), P(12), 0x10),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_map_wire(map, P(12), P(10), VM_PROT_READ),
			 KERN_INVALID_ARGUMENT);
	/* Empty, at an entry: nothing to do. */
	ck_assert_int_eq(vm_map_wire(map, P(11), P(11), VM_PROT_READ),
			 KERN_SUCCESS);
	/* Unwired: back on the active queue, mappings unwired, one entry. */
	ck_assert_int_eq(vm_map_wire(map, P(10), P(18), VM_PROT_NONE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 0);
	ck_assert_uint_eq(queued_pages(), 8);
	ck_assert(mapped_wired(a, 8, false));
	ck_assert_uint_eq(vm_map_wired_size(map), 0);
	ck_assert_uint_eq(nentries(), 2);
	/* Removed while wired: unwired first, pages freed (teardown). */
	ck_assert_int_eq(vm_map_wire(map, P(10), P(18), VM_PROT_WRITE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map, P(12), P(4)), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 4);
	ck_assert_uint_eq(vm_map_wired_size(map), P(4));
	ck_assert_int_eq(vm_deallocate(map, P(10), P(8)), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 0);
	ck_assert_uint_eq(vm_map_wired_size(map), 0);
}
END_TEST

/* A copy-on-write copy made for a wired entry takes the wiring. */
START_TEST(test_wire_follows_cow_copy)
{
	vm_offset_t a = P(10), dst;
	ck_assert_int_eq(vm_allocate(map, &a, P(4), false), KERN_SUCCESS);
	for (unsigned i = 0; i < 4; i++)
		user_write(map, a + P(i), (unsigned char)(0x40 + i));
	ck_assert_int_eq(
		vm_map_wire(map, a, a + P(4), VM_PROT_READ | VM_PROT_WRITE),
		KERN_SUCCESS);
	uint64_t old_pa = maps[mapped(a)].pa;
	vm_map_copy_t copy;
	ck_assert_int_eq(vm_map_copyin(map, a, P(4), false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(maps[mapped(a)].prot, VM_PROT_READ);
	user_write(map, a + 7, 0x99);
	/* The entry's page is a copy now, wired and mapped wired; the one
	 * it hid (the copy's) is back on a queue. */
	ck_assert_uint_ne(maps[mapped(a)].pa, old_pa);
	ck_assert(maps[mapped(a)].wired);
	ck_assert_uint_eq(wired_pages(), 4);
	ck_assert_uint_eq(queued_pages(), 1);
	ck_assert_uint_eq(vm_page_lookup(old_pa)->queue, VM_PAGE_Q_ACTIVE);
	ck_assert_uint_eq(vm_page_lookup(old_pa)->wire_count, 0);
	ck_assert_int_eq(vm_map_copyout(map, &dst, copy), KERN_SUCCESS);
	ck_assert_uint_eq(user_read(map, dst + 7), 0);
	ck_assert_uint_eq(user_read(map, dst), 0x40);
	ck_assert_uint_eq(user_read(map, a), 0x40);
	ck_assert_uint_eq(user_read(map, a + 7), 0x99);
	/* A vm_write into the wired range copies up the other pages. */
	vm_map_copy_t data;
	ck_assert_int_eq(vm_map_copyin(map, dst, P(4), false, &data),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copy_overwrite(map, a, data), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 4);
	ck_assert(mapped_wired(a, 4, true));
	ck_assert_int_eq(vm_map_wire(map, a, a + P(4), VM_PROT_NONE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 0);
	ck_assert_int_eq(vm_deallocate(map, dst, P(4)), KERN_SUCCESS);
}
END_TEST

START_TEST(test_wire_all_and_protect)
{
	vm_offset_t a = P(10), b = P(30), c;
	ck_assert_int_eq(vm_allocate(map, &a, P(4), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_allocate(map, &b, P(2), false), KERN_SUCCESS);
	ck_assert_int_eq(vm_protect(map, b, P(2), FALSE, VM_PROT_NONE),
			 KERN_SUCCESS);
	/* Current: every accessible entry; the inaccessible one waits. */
	ck_assert_int_eq(vm_map_wire_all(map, 1), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 4);
	ck_assert_uint_eq(vm_map_wired_size(map), P(4));
	ck_assert_int_eq(vm_protect(map, b, P(2), FALSE, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 6);
	/* Made inaccessible: unwired. */
	ck_assert_int_eq(vm_protect(map, a, P(1), FALSE, VM_PROT_NONE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 5);
	ck_assert_int_lt(mapped(a), 0);
	/* None: every entry pageable again. */
	ck_assert_int_eq(vm_map_wire_all(map, 0), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 0);
	ck_assert_uint_eq(vm_map_wired_size(map), 0);
	/* Future: each new entry wired at once. */
	ck_assert_int_eq(vm_map_wire_all(map, 2), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 0);
	ck_assert_int_eq(vm_allocate(map, &c, P(3), true), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 3);
	ck_assert(mapped_wired(c, 3, true));
	/* A copy mapped in (an out-of-line message) too: its own pages. */
	user_write(map, c + 5, 0x77);
	vm_map_copy_t copy;
	vm_offset_t d;
	ck_assert_int_eq(vm_map_copyin(map, c, P(3), false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copyout(map, &d, copy), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 6);
	ck_assert(mapped_wired(d, 3, true));
	ck_assert_uint_eq(user_read(map, d + 5), 0x77);
	ck_assert_uint_ne(maps[mapped(d)].pa, maps[mapped(c)].pa);
	ck_assert_int_eq(vm_deallocate(map, d, P(3)), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 3);
	ck_assert_int_eq(vm_map_wire_all(map, 8), KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_map_wire_all(map, 0), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 0);
	ck_assert_int_eq(vm_allocate(map, &c, P(1), true), KERN_SUCCESS);
	ck_assert_uint_eq(wired_pages(), 0);
	ck_assert_uint_eq(resident(), 4 + 2 + 3);
}
END_TEST

static Suite *
vm_map_suite(void)
{
	Suite *s = suite_create("vm_map");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_allocate_anywhere_first_fit);
	tcase_add_test(tc, test_allocate_fixed_and_edges);
	tcase_add_test(tc, test_adjacent_allocations_merge);
	tcase_add_test(tc, test_split_and_merge);
	tcase_add_test(tc, test_protect_never_above_maximum);
	tcase_add_test(tc, test_fault_zero_fill_and_protection);
	tcase_add_test(tc, test_fault_waits_for_a_free_page);
	tcase_add_test(tc, test_kernel_read_write);
	tcase_add_test(tc, test_copyin_copyout);
	tcase_add_test(tc, test_copy_overwrite_virtual);
	tcase_add_test(tc, test_copy_from_kernel);
	tcase_add_test(tc, test_copyin_hostile_ranges);
	tcase_add_test(tc, test_cow_copy_isolation);
	tcase_add_test(tc, test_cow_part_of_entry);
	tcase_add_test(tc, test_cow_destroy_moves);
	tcase_add_test(tc, test_shadow_chain_and_collapse);
	tcase_add_test(tc, test_collapse_into_internal);
	tcase_add_test(tc, test_collapse_out_of_internal);
	tcase_add_test(tc, test_collapse_bypass);
	tcase_add_test(tc, test_region_object_release);
	tcase_add_test(tc, test_collapse_moves_name);
	tcase_add_test(tc, test_collapse_bounds_chain);
	tcase_add_test(tc, test_copy_objects);
	tcase_add_test(tc, test_fork_by_inheritance);
	tcase_add_test(tc, test_fork_share_over_cow);
	tcase_add_test(tc, test_wire_range);
	tcase_add_test(tc, test_wire_follows_cow_copy);
	tcase_add_test(tc, test_wire_all_and_protect);
	tcase_add_loop_test(tc, test_random_cow_against_model, 0, 4);
	tcase_add_loop_test(tc, test_random_against_model, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(vm_map_suite)
