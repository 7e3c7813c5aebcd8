/*
 * check_pmap.c: the x86_64 page tables of arch/x86_64/pmap.c, built on
 * the host over a fake RAM arena, with the privileged instructions
 * replaced by recorders.  The tests read the tables the way the MMU
 * would, from the root pmap_activate loads.
 */

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <machine/vm_param.h>

#include "arch/x86_64/pmap_private.h"
#include "kern/kalloc.h"
#include "kern/printf.h"
#include "kern/zalloc.h"
#include "tests/unit/host/fake_ram.h"
#include "tests/unit/unit.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

#define ARENA     (16u << 20) /* "physical" [0, 16 MiB) */
#define FIRST_PFN 1024        /* managed: [4 MiB, 16 MiB) */
#define NPAGES    3072

#define KVA_IMAGE   0xffffffff80000000ULL /* slot 511: has a PDPT */
#define KVA_PHYSMAP 0xffff800000000000ULL /* slot 256: one 2 MiB page */
#define KVA_NOWHERE 0xffffc00000000000ULL /* slot 384: no PDPT */

/* ---- The machine, recorded ---- */

static unsigned ninval_page, ninval_all, ninval_global;
static uint64_t inval_pages[4096];
static uint64_t loaded_root;
static unsigned nloads;

void
pmap_hw_invalidate_page(uint64_t va)
{
	ck_assert_uint_lt(ninval_page, 4096);
	inval_pages[ninval_page++] = va;
}

void
pmap_hw_invalidate_all(void)
{
	ninval_all++;
}

void
pmap_hw_invalidate_global(void)
{
	ninval_global++;
}

void
pmap_hw_load_root(uint64_t pml4)
{
	loaded_root = pml4;
	nloads++;
}

unsigned
pmap_hw_cpu_number(void)
{
	return 0;
}

int
kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

static void
reset_records(void)
{
	ninval_page = ninval_all = ninval_global = 0;
}

/* ---- Set-up ---- */

static uint64_t kernel_root;

static uint64_t
new_table(void)
{
	struct vm_page *p = vm_page_alloc();
	ck_assert_ptr_nonnull(p);
	uint64_t pa = vm_page_to_phys(p);
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

/*
 * A kernel half like pmap_bootstrap's, in small: slot 256 maps one
 * 2 MiB page (a physmap), slot 511 has an empty PDPT (the image's).
 */
static void
setup(void)
{
	fake_ram_setup(ARENA, FIRST_PFN, NPAGES);
	zone_bootstrap();
	kalloc_init();

	kernel_root = new_table();
	uint64_t *root = phys_to_virt(kernel_root);
	uint64_t pdpt = new_table(), pd = new_table();
	root[256] = pdpt | PTE_P | PTE_W;
	((uint64_t *)phys_to_virt(pdpt))[0] = pd | PTE_P | PTE_W;
	((uint64_t *)phys_to_virt(pd))[0] = 0 | PTE_P | PTE_W | PTE_PS | PTE_NX;
	root[511] = new_table() | PTE_P | PTE_W;
	pmap_kernel_setup(kernel_root, true, true, 4);
	pmap_init();
	reset_records();
	nloads = 0;
}

static void
teardown(void)
{
	fake_ram_teardown();
}

/* A page of the arena, as a physical address, never handed out. */
static uint64_t
frame(unsigned i)
{
	return 0x100000 + (uint64_t)i * PAGE_SIZE;
}

/* The level-1 entry of `va' under `root' as the MMU reads it, or 0. */
static uint64_t
mmu_pte(uint64_t root, uint64_t va, uint64_t *path_bits)
{
	uint64_t table = root, all = PTE_U | PTE_W;
	for (unsigned level = 4; level >= 1; level--) {
		uint64_t e =
			((uint64_t *)phys_to_virt(table))[pt_index(va, level)];
		if (!(e & PTE_P))
			return 0;
		if (level > 1)
			all &= e; /* U and W must be set at every level */
		if (level == 1) {
			if (path_bits != NULL)
				*path_bits = all;
			return e;
		}
		table = e & PTE_ADDR;
	}
	return 0;
}

static uint64_t
root_of(pmap_t p)
{
	pmap_activate(p);
	uint64_t r = loaded_root;
	pmap_activate(kernel_pmap);
	reset_records();
	return r;
}

static struct pmap_stats
stats(pmap_t p)
{
	struct pmap_stats st;
	pmap_get_stats(p, &st);
	return st;
}

/* ---- Tests ---- */

START_TEST(test_create_shares_kernel_half)
{
	uint64_t before = fake_ram_free_pages();
	pmap_t p = pmap_create();
	ck_assert_ptr_nonnull(p);
	struct pmap_stats st = stats(p);
	ck_assert_uint_eq(st.table_pages, 1);
	ck_assert_uint_eq(st.resident, 0);
	uint64_t root = root_of(p);
	ck_assert_uint_ne(root, kernel_root);
	const uint64_t *r = phys_to_virt(root), *k = phys_to_virt(kernel_root);
	for (unsigned i = 0; i < 256; i++)
		ck_assert_uint_eq(r[i], 0);
	for (unsigned i = 256; i < 512; i++)
		ck_assert_uint_eq(r[i], k[i]);
	/* The kernel's large page is seen through the user pmap too. */
	uint64_t pa = 0;
	ck_assert(pmap_extract(p, KVA_PHYSMAP + 0x12345, &pa));
	ck_assert_uint_eq(pa, 0x12345);
	/* Not its non-canonical alias, which indexes the same slot. */
	pa = 7;
	ck_assert(!pmap_extract(p, 0x0000800000012345ULL, &pa));
	ck_assert_uint_eq(pa, 7);
	/* One page for the root, one for the pmap zone's first chunk. */
	ck_assert_uint_eq(fake_ram_free_pages(), before - 2);
	pmap_destroy(p);
	ck_assert_uint_eq(fake_ram_free_pages(), before - 1);
}
END_TEST

START_TEST(test_enter_extract_bits)
{
	pmap_t p = pmap_create();
	uint64_t va = 0x400000, pa = 0;
	ck_assert(!pmap_extract(p, va, &pa));
	ck_assert_int_eq(pmap_enter(p, va, frame(1),
				    VM_PROT_READ | VM_PROT_WRITE, false),
			 KERN_SUCCESS);
	ck_assert(pmap_extract(p, va + 0x123, &pa));
	ck_assert_uint_eq(pa, frame(1) + 0x123);
	struct pmap_stats st = stats(p);
	ck_assert_uint_eq(st.resident, 1);
	ck_assert_uint_eq(st.wired, 0);
	ck_assert_uint_eq(st.table_pages, 4);

	uint64_t path, pte = mmu_pte(root_of(p), va, &path);
	ck_assert_uint_eq(pte & PTE_ADDR, frame(1));
	ck_assert(pte & PTE_P);
	ck_assert(pte & PTE_W);
	ck_assert(pte & PTE_U);
	ck_assert(pte & PTE_NX);
	ck_assert(!(pte & PTE_G)); /* user mappings are per address space */
	ck_assert_uint_eq(path, PTE_U | PTE_W); /* tables allow; leaf decides */

	/* Read-only executable. */
	ck_assert_int_eq(pmap_enter(p, va + PAGE_SIZE, frame(2),
				    VM_PROT_READ | VM_PROT_EXECUTE, false),
			 KERN_SUCCESS);
	pte = mmu_pte(root_of(p), va + PAGE_SIZE, NULL);
	ck_assert(!(pte & PTE_W));
	ck_assert(!(pte & PTE_NX));
	ck_assert_uint_eq(stats(p).table_pages, 4); /* same tables */
	pmap_remove(p, 0, USER_HALF_END);
	pmap_destroy(p);
}
END_TEST

START_TEST(test_kernel_pmap_enter)
{
	uint64_t va = KVA_IMAGE + 0x40000000; /* an unused 1 GiB of slot 511 */
	struct pmap_stats before = stats(kernel_pmap);
	ck_assert_int_eq(
		pmap_enter(kernel_pmap, va, frame(3), VM_PROT_READ, true),
		KERN_SUCCESS);
	uint64_t path, pte = mmu_pte(kernel_root, va, &path);
	ck_assert_uint_eq(pte & PTE_ADDR, frame(3));
	ck_assert(!(pte & PTE_U)); /* never user in the kernel half */
	ck_assert(!(path & PTE_U));
	ck_assert(!(pte & PTE_W));
	ck_assert(pte & PTE_G); /* the same in every address space */
	struct pmap_stats st = stats(kernel_pmap);
	ck_assert_uint_eq(st.table_pages, before.table_pages + 2);
	ck_assert_uint_eq(st.wired, before.wired + 1);
	/* Kernel pages are active everywhere: invalidated at once. */
	pmap_remove(kernel_pmap, va, va + PAGE_SIZE);
	ck_assert_uint_eq(ninval_page, 1);
	ck_assert_uint_eq(inval_pages[0], va);
	uint64_t pa;
	ck_assert(!pmap_extract(kernel_pmap, va, &pa));
	/* Kernel tables stay (they are shared through the PML4). */
	st = stats(kernel_pmap);
	ck_assert_uint_eq(st.table_pages, before.table_pages + 2);
	ck_assert_uint_eq(st.resident, before.resident);
	ck_assert_uint_eq(st.wired, before.wired);
}
END_TEST

/* A wide kernel change flushes the global entries too. */
START_TEST(test_kernel_wide_flush_is_global)
{
	uint64_t va = KVA_IMAGE + 0x40000000;
	for (unsigned i = 0; i < 40; i++)
		ck_assert_int_eq(pmap_enter(kernel_pmap, va + i * PAGE_SIZE,
					    frame(i), VM_PROT_READ, false),
				 KERN_SUCCESS);
	reset_records();
	pmap_remove(kernel_pmap, va, va + 40 * PAGE_SIZE);
	ck_assert_uint_eq(ninval_global, 1);
	ck_assert_uint_eq(ninval_all + ninval_page, 0);
	/* A user pmap's wide change: a CR3 reload is enough. */
	pmap_t p = pmap_create();
	for (unsigned i = 0; i < 40; i++)
		pmap_enter(p, 0x400000 + i * PAGE_SIZE, frame(i), VM_PROT_READ,
			   false);
	pmap_activate(p);
	reset_records();
	pmap_remove(p, 0, USER_HALF_END);
	ck_assert_uint_eq(ninval_all, 1);
	ck_assert_uint_eq(ninval_global + ninval_page, 0);
	pmap_activate(kernel_pmap);
	pmap_destroy(p);
}
END_TEST

START_TEST(test_bad_arguments)
{
	pmap_t p = pmap_create();
	uint64_t before = fake_ram_free_pages();
	ck_assert_int_eq(pmap_enter(p, 0x1001, frame(0), VM_PROT_READ, false),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(
		pmap_enter(p, USER_HALF_END, frame(0), VM_PROT_READ, false),
		KERN_INVALID_ADDRESS);
	ck_assert_int_eq(
		pmap_enter(p, KVA_IMAGE, frame(0), VM_PROT_READ, false),
		KERN_INVALID_ADDRESS);
	ck_assert_int_eq(
		pmap_enter(kernel_pmap, 0x1000, frame(0), VM_PROT_READ, false),
		KERN_INVALID_ADDRESS);
	ck_assert_int_eq(pmap_enter(kernel_pmap, KVA_NOWHERE, frame(0),
				    VM_PROT_READ, false),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(pmap_enter(kernel_pmap, KVA_PHYSMAP + PAGE_SIZE,
				    frame(0), VM_PROT_READ, false),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(
		pmap_enter(p, 0x1000, frame(0) + 8, VM_PROT_READ, false),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(pmap_enter(p, 0x1000, 1ULL << 52, VM_PROT_READ, false),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(pmap_enter(p, 0x1000, frame(0), VM_PROT_NONE, false),
			 KERN_INVALID_ARGUMENT);
	ck_assert_uint_eq(fake_ram_free_pages(), before);
	ck_assert_uint_eq(stats(p).table_pages, 1);
	ck_assert_uint_eq(stats(p).resident, 0);
	pmap_destroy(p);
}
END_TEST

START_TEST(test_tables_reclaimed)
{
	pmap_t p = pmap_create();
	uint64_t base = fake_ram_free_pages();
	/* 1500 pages across a 1 GiB boundary: 2 PDs, 4 PTs, 1 PDPT. */
	uint64_t start = (1ULL << 30) - 700 * PAGE_SIZE;
	for (unsigned i = 0; i < 1500; i++)
		ck_assert_int_eq(pmap_enter(p, start + i * PAGE_SIZE,
					    frame(i % 64), VM_PROT_READ, false),
				 KERN_SUCCESS);
	struct pmap_stats st = stats(p);
	ck_assert_uint_eq(st.resident, 1500);
	ck_assert_uint_eq(st.table_pages, 1 + 1 + 2 + 4);
	ck_assert_uint_eq(fake_ram_free_pages(), base - 7);
	/* Every other page out: no table empties. */
	for (unsigned i = 0; i < 1500; i += 2)
		pmap_remove(p, start + i * PAGE_SIZE,
			    start + (i + 1) * PAGE_SIZE);
	st = stats(p);
	ck_assert_uint_eq(st.resident, 750);
	ck_assert_uint_eq(st.table_pages, 8);
	/* The first 700 pages (all of the lower PD's use) out. */
	pmap_remove(p, start, start + 700 * PAGE_SIZE);
	st = stats(p);
	ck_assert_uint_eq(st.resident, 400);
	ck_assert_uint_eq(st.table_pages, 1 + 1 + 1 + 2); /* PD0 went too */
	uint64_t pa;
	ck_assert(!pmap_extract(p, start, &pa));
	ck_assert(pmap_extract(p, start + 701 * PAGE_SIZE, &pa));
	ck_assert_uint_eq(pa, frame(701 % 64));
	/* The rest, with a range far wider than what is mapped. */
	pmap_remove(p, 0, USER_HALF_END);
	st = stats(p);
	ck_assert_uint_eq(st.resident, 0);
	ck_assert_uint_eq(st.table_pages, 1);
	ck_assert_uint_eq(fake_ram_free_pages(), base);
	pmap_destroy(p);
}
END_TEST

START_TEST(test_protect)
{
	pmap_t p = pmap_create();
	for (unsigned i = 0; i < 4; i++)
		pmap_enter(p, 0x10000 + i * PAGE_SIZE, frame(i), VM_PROT_ALL,
			   false);
	uint64_t root = root_of(p);
	pmap_protect(p, 0x10000, 0x12000, VM_PROT_READ);
	uint64_t pte = mmu_pte(root, 0x10000, NULL);
	ck_assert(!(pte & PTE_W));
	ck_assert(pte & PTE_NX);
	pte = mmu_pte(root, 0x12000, NULL);
	ck_assert(pte & PTE_W);
	ck_assert(!(pte & PTE_NX));
	ck_assert_uint_eq(stats(p).resident, 4);
	/* Accessed and dirty bits survive. */
	uint64_t *leaf = NULL;
	{
		uint64_t t = root;
		for (unsigned level = 4; level > 1; level--)
			t = ((uint64_t *)phys_to_virt(
				    t))[pt_index(0x13000, level)] &
			    PTE_ADDR;
		leaf = &((uint64_t *)phys_to_virt(t))[pt_index(0x13000, 1)];
	}
	*leaf |= PTE_A | PTE_D;
	pmap_protect(p, 0x13000, 0x14000, VM_PROT_READ | VM_PROT_EXECUTE);
	ck_assert_uint_eq(*leaf & (PTE_A | PTE_D | PTE_W | PTE_NX),
			  PTE_A | PTE_D);
	/* VM_PROT_NONE removes. */
	pmap_protect(p, 0x10000, 0x11000, VM_PROT_NONE);
	uint64_t pa;
	ck_assert(!pmap_extract(p, 0x10000, &pa));
	ck_assert_uint_eq(stats(p).resident, 3);
	/* Back to writable. */
	pmap_protect(p, 0x11000, 0x12000, VM_PROT_DEFAULT);
	ck_assert(mmu_pte(root, 0x11000, NULL) & PTE_W);
	pmap_remove(p, 0, USER_HALF_END);
	pmap_destroy(p);
}
END_TEST

/* Translations are invalidated when, and only where, the pmap is live. */
START_TEST(test_invalidation)
{
	pmap_t p = pmap_create();
	for (unsigned i = 0; i < 100; i++)
		pmap_enter(p, 0x200000 + i * PAGE_SIZE, frame(i), VM_PROT_ALL,
			   false);
	/* A new mapping needs no invalidation. */
	ck_assert_uint_eq(ninval_page + ninval_all, 0);
	/* Inactive: nothing to invalidate on this CPU. */
	pmap_protect(p, 0x200000, 0x201000, VM_PROT_READ);
	ck_assert_uint_eq(ninval_page + ninval_all, 0);

	pmap_activate(p);
	ck_assert_ptr_eq(pmap_current(), p);
	reset_records();
	/* Replacing a mapping invalidates that page. */
	pmap_enter(p, 0x200000, frame(200), VM_PROT_READ, false);
	ck_assert_uint_eq(ninval_page, 1);
	ck_assert_uint_eq(inval_pages[0], 0x200000);
	/* The same mapping again changes nothing. */
	reset_records();
	pmap_enter(p, 0x200000, frame(200), VM_PROT_READ, false);
	ck_assert_uint_eq(ninval_page + ninval_all, 0);
	/* A few pages: each one. */
	reset_records();
	pmap_remove(p, 0x201000, 0x204000);
	ck_assert_uint_eq(ninval_page, 3);
	ck_assert_uint_eq(inval_pages[0], 0x201000);
	ck_assert_uint_eq(inval_pages[2], 0x203000);
	ck_assert_uint_eq(ninval_all, 0);
	/* Unmapped range: nothing. */
	reset_records();
	pmap_remove(p, 0x201000, 0x204000);
	pmap_protect(p, 0x40000000, 0x80000000, VM_PROT_READ);
	ck_assert_uint_eq(ninval_page + ninval_all, 0);
	/* Many pages: one full flush. */
	pmap_remove(p, 0x200000, 0x300000);
	ck_assert_uint_eq(ninval_page, 0);
	ck_assert_uint_eq(ninval_all, 1);
	ck_assert_uint_eq(stats(p).table_pages, 1);

	pmap_activate(kernel_pmap);
	ck_assert_uint_eq(loaded_root, kernel_root);
	ck_assert_ptr_eq(pmap_current(), kernel_pmap);
	pmap_destroy(p);
}
END_TEST

START_TEST(test_activate_loads_once)
{
	pmap_t p = pmap_create();
	nloads = 0;
	pmap_activate(p);
	pmap_activate(p);
	ck_assert_uint_eq(nloads, 1);
	pmap_activate(kernel_pmap);
	ck_assert_uint_eq(nloads, 2);
	pmap_activate(kernel_pmap);
	ck_assert_uint_eq(nloads, 2);
	pmap_destroy(p);
}
END_TEST

START_TEST(test_replace_and_wiring)
{
	pmap_t p = pmap_create();
	uint64_t va = 0x7fff0000, pa;
	pmap_enter(p, va, frame(5), VM_PROT_READ, true);
	ck_assert_uint_eq(stats(p).wired, 1);
	pmap_enter(p, va, frame(6), VM_PROT_DEFAULT, false);
	struct pmap_stats st = stats(p);
	ck_assert_uint_eq(st.resident, 1);
	ck_assert_uint_eq(st.wired, 0);
	ck_assert(pmap_extract(p, va, &pa));
	ck_assert_uint_eq(pa, frame(6));
	pmap_change_wiring(p, va, true);
	pmap_change_wiring(p, va, true);
	ck_assert_uint_eq(stats(p).wired, 1);
	pmap_change_wiring(p, va + PAGE_SIZE, true); /* unmapped: nothing */
	ck_assert_uint_eq(stats(p).wired, 1);
	pmap_remove(p, va, va + 1); /* rounded out to the page */
	st = stats(p);
	ck_assert_uint_eq(st.resident, 0);
	ck_assert_uint_eq(st.wired, 0);
	ck_assert_uint_eq(st.table_pages, 1);
	pmap_destroy(p);
}
END_TEST

/* Out of memory: an error, nothing changed, nothing leaked. */
START_TEST(test_resource_shortage)
{
	static struct vm_page *hog[NPAGES];
	pmap_t p = pmap_create();
	uint64_t base = fake_ram_free_pages();
	unsigned n = 0;
	while ((hog[n] = vm_page_alloc()) != NULL)
		n++;
	ck_assert_int_eq(pmap_enter(p, 0x1000, frame(0), VM_PROT_READ, false),
			 KERN_RESOURCE_SHORTAGE);
	/* Two pages free: still one short; both come back. */
	vm_page_free(hog[--n]);
	vm_page_free(hog[--n]);
	ck_assert_int_eq(pmap_enter(p, 0x1000, frame(0), VM_PROT_READ, false),
			 KERN_RESOURCE_SHORTAGE);
	ck_assert_uint_eq(fake_ram_free_pages(), 2);
	ck_assert_uint_eq(stats(p).table_pages, 1);
	vm_page_free(hog[--n]);
	ck_assert_int_eq(pmap_enter(p, 0x1000, frame(0), VM_PROT_READ, false),
			 KERN_SUCCESS);
	ck_assert_uint_eq(fake_ram_free_pages(), 0);
	ck_assert_ptr_null(pmap_create()); /* no page for a root */
	while (n > 0)
		vm_page_free(hog[--n]);
	pmap_destroy(p); /* frees the three tables and the root */
	ck_assert_uint_eq(fake_ram_free_pages(), base + 1);
}
END_TEST

START_TEST(test_destroy_frees_tables)
{
	pmap_t keep = pmap_create(); /* holds the pmap zone's chunk */
	uint64_t base = fake_ram_free_pages();
	pmap_t p = pmap_create();
	/* Spread over several PML4 slots. */
	for (unsigned i = 0; i < 8; i++)
		pmap_enter(p, ((uint64_t)i << 39) + ((uint64_t)i << 21),
			   frame(i), VM_PROT_READ, false);
	ck_assert_uint_eq(stats(p).table_pages, 1 + 8 * 3);
	ck_assert_uint_eq(fake_ram_free_pages(), base - 25);
	pmap_reference(p);
	pmap_destroy(p); /* one reference left */
	ck_assert_uint_eq(fake_ram_free_pages(), base - 25);
	pmap_destroy(p);
	ck_assert_uint_eq(fake_ram_free_pages(), base);
	pmap_destroy(keep);
}
END_TEST

/* ---- pv lists: every mapping of a page, found from the page ---- */

static uint64_t
managed_page(void)
{
	struct vm_page *p = vm_page_alloc();
	ck_assert_ptr_nonnull(p);
	return vm_page_to_phys(p);
}

#define KVA_SPARE (KVA_IMAGE + 0x40000000) /* unused 1 GiB of slot 511 */

START_TEST(test_pv_tracks_mappings)
{
	uint64_t pa = managed_page(), pb = managed_page();
	pmap_t p = pmap_create(), q = pmap_create();
	ck_assert_uint_eq(pmap_page_mappings(pa), 0);
	ck_assert_int_eq(pmap_enter(p, 0x1000, pa, VM_PROT_DEFAULT, false),
			 KERN_SUCCESS);
	ck_assert_int_eq(pmap_enter(p, 0x2000, pa, VM_PROT_DEFAULT, false),
			 KERN_SUCCESS);
	ck_assert_int_eq(pmap_enter(q, 0x1000, pa, VM_PROT_DEFAULT, false),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		pmap_enter(kernel_pmap, KVA_SPARE, pa, VM_PROT_DEFAULT, false),
		KERN_SUCCESS);
	ck_assert_uint_eq(pmap_page_mappings(pa), 4);
	ck_assert_uint_eq(pmap_page_mappings(pa + 0x123), 4);
	/* The same mapping again, with another protection: no new record. */
	pmap_enter(p, 0x1000, pa, VM_PROT_READ, false);
	ck_assert_uint_eq(pmap_page_mappings(pa), 4);
	/* Replacing the page of a mapping moves its record. */
	pmap_enter(p, 0x2000, pb, VM_PROT_DEFAULT, false);
	ck_assert_uint_eq(pmap_page_mappings(pa), 3);
	ck_assert_uint_eq(pmap_page_mappings(pb), 1);
	pmap_remove(q, 0, USER_HALF_END);
	ck_assert_uint_eq(pmap_page_mappings(pa), 2);
	pmap_remove(kernel_pmap, KVA_SPARE, KVA_SPARE + PAGE_SIZE);
	ck_assert_uint_eq(pmap_page_mappings(pa), 1);
	/* Pages vm_page does not manage are not recorded. */
	pmap_enter(p, 0x3000, frame(0), VM_PROT_DEFAULT, false);
	ck_assert_uint_eq(pmap_page_mappings(frame(0)), 0);
	pmap_page_protect(frame(0), VM_PROT_NONE); /* nothing to do */
	uint64_t got;
	ck_assert(pmap_extract(p, 0x3000, &got));
	/* Destroying a pmap that still maps pages drops their records. */
	pmap_destroy(p);
	ck_assert_uint_eq(pmap_page_mappings(pa), 0);
	ck_assert_uint_eq(pmap_page_mappings(pb), 0);
	pmap_destroy(q);
}
END_TEST

START_TEST(test_page_protect_read_only)
{
	uint64_t pa = managed_page();
	pmap_t p = pmap_create(), q = pmap_create();
	pmap_enter(p, 0x5000, pa, VM_PROT_ALL, false);
	pmap_enter(q, 0x7000, pa, VM_PROT_DEFAULT, false);
	pmap_enter(kernel_pmap, KVA_SPARE, pa, VM_PROT_DEFAULT, false);
	uint64_t root_p = root_of(p), root_q = root_of(q);
	pmap_activate(p);
	reset_records();
	pmap_page_protect(pa, VM_PROT_READ);
	uint64_t e = mmu_pte(root_p, 0x5000, NULL);
	ck_assert_uint_eq(e & (PTE_P | PTE_W | PTE_NX), PTE_P); /* X kept */
	e = mmu_pte(root_q, 0x7000, NULL);
	ck_assert_uint_eq(e & (PTE_P | PTE_W | PTE_NX), PTE_P | PTE_NX);
	e = mmu_pte(kernel_root, KVA_SPARE, NULL);
	ck_assert_uint_eq(e & (PTE_P | PTE_W), PTE_P);
	/* Invalidated where live: p (active) and the kernel; not q. */
	ck_assert_uint_eq(ninval_page, 2);
	ck_assert_uint_eq(pmap_page_mappings(pa), 3);
	ck_assert_uint_eq(stats(p).resident, 1);
	/* Already read-only: nothing more to invalidate. */
	reset_records();
	pmap_page_protect(pa, VM_PROT_READ | VM_PROT_EXECUTE);
	ck_assert_uint_eq(ninval_page + ninval_all + ninval_global, 0);
	/* A protection with write access lowers nothing. */
	pmap_enter(q, 0x7000, pa, VM_PROT_DEFAULT, false);
	pmap_page_protect(pa, VM_PROT_READ | VM_PROT_WRITE);
	ck_assert(mmu_pte(root_q, 0x7000, NULL) & PTE_W);

	pmap_activate(kernel_pmap);
	pmap_page_protect(pa, VM_PROT_NONE);
	pmap_destroy(p);
	pmap_destroy(q);
}
END_TEST

START_TEST(test_page_protect_none_removes_all)
{
	uint64_t pa = managed_page(), pb = managed_page();
	pmap_t p = pmap_create(), q = pmap_create();
	uint64_t base = fake_ram_free_pages();
	/* In p, pa shares its page table with pb; in q it is alone. */
	pmap_enter(p, 0x40000000, pa, VM_PROT_DEFAULT, true);
	pmap_enter(p, 0x40001000, pb, VM_PROT_DEFAULT, false);
	pmap_enter(q, 0x80000000, pa, VM_PROT_DEFAULT, false);
	pmap_enter(kernel_pmap, KVA_SPARE, pa, VM_PROT_DEFAULT, false);
	ck_assert_uint_eq(stats(q).table_pages, 4);
	uint64_t kernel_tables = stats(kernel_pmap).table_pages;
	uint64_t used = base - fake_ram_free_pages();

	pmap_page_protect(pa, VM_PROT_NONE);
	ck_assert_uint_eq(pmap_page_mappings(pa), 0);
	ck_assert_uint_eq(pmap_page_mappings(pb), 1);
	uint64_t got;
	ck_assert(!pmap_extract(p, 0x40000000, &got));
	ck_assert(!pmap_extract(q, 0x80000000, &got));
	ck_assert(!pmap_extract(kernel_pmap, KVA_SPARE, &got));
	ck_assert(pmap_extract(p, 0x40001000, &got));
	ck_assert_uint_eq(got, pb);
	struct pmap_stats st = stats(p);
	ck_assert_uint_eq(st.resident, 1);
	ck_assert_uint_eq(st.wired, 0);
	ck_assert_uint_eq(st.table_pages, 4);
	/* q's tables emptied and went back; the kernel keeps its own. */
	ck_assert_uint_eq(stats(q).table_pages, 1);
	ck_assert_uint_eq(stats(q).resident, 0);
	ck_assert_uint_eq(stats(kernel_pmap).table_pages, kernel_tables);
	ck_assert_uint_eq(base - fake_ram_free_pages(), used - 3);
	pmap_destroy(p);
	pmap_destroy(q);
}
END_TEST

/* Where the MMU would set PTE_A and PTE_D for `va' under `root'. */
static uint64_t *
leaf_of(uint64_t root, uint64_t va)
{
	uint64_t t = root;
	for (unsigned level = 4; level > 1; level--)
		t = ((uint64_t *)phys_to_virt(t))[pt_index(va, level)] &
		    PTE_ADDR;
	return &((uint64_t *)phys_to_virt(t))[pt_index(va, 1)];
}

START_TEST(test_modified_and_referenced)
{
	uint64_t pa = managed_page(), pb = managed_page();
	pmap_t p = pmap_create(), q = pmap_create();
	pmap_enter(p, 0x1000, pa, VM_PROT_DEFAULT, false);
	pmap_enter(q, 0x2000, pa, VM_PROT_DEFAULT, false);
	uint64_t *lp = leaf_of(root_of(p), 0x1000);
	uint64_t *lq = leaf_of(root_of(q), 0x2000);
	ck_assert(!pmap_is_modified(pa));
	ck_assert(!pmap_is_referenced(pa));

	/* What the MMU sets in any mapping counts for the page. */
	*lq |= PTE_A;
	ck_assert(pmap_is_referenced(pa));
	ck_assert(!pmap_is_modified(pa));
	*lp |= PTE_A | PTE_D;
	ck_assert(pmap_is_modified(pa + 0x10));

	/* Clearing reaches every mapping and invalidates where live. */
	pmap_activate(p);
	reset_records();
	pmap_clear_modify(pa);
	ck_assert(!pmap_is_modified(pa));
	ck_assert(pmap_is_referenced(pa));
	ck_assert_uint_eq(*lp & (PTE_A | PTE_D), PTE_A);
	ck_assert_uint_eq(ninval_page, 1);
	ck_assert_uint_eq(inval_pages[0], 0x1000);
	pmap_activate(kernel_pmap);

	/* A mapping removed while dirty leaves its bits to the page. */
	*lq |= PTE_D;
	pmap_remove(q, 0x2000, 0x3000);
	ck_assert(pmap_is_modified(pa));
	pmap_clear_modify(pa);
	ck_assert(!pmap_is_modified(pa));
	pmap_clear_reference(pa);
	ck_assert(!pmap_is_referenced(pa));
	ck_assert(!(*lp & PTE_A));

	/* So does a pmap destroyed with the page still mapped. */
	*lp |= PTE_D;
	pmap_destroy(p);
	ck_assert(pmap_is_modified(pa));
	pmap_clear_modify(pa);

	/* And a mapping given another page. */
	pmap_enter(q, 0x5000, pa, VM_PROT_DEFAULT, false);
	*leaf_of(root_of(q), 0x5000) |= PTE_D;
	pmap_enter(q, 0x5000, pb, VM_PROT_DEFAULT, false);
	ck_assert(pmap_is_modified(pa));
	ck_assert(!pmap_is_modified(pb));
	/* Entering the same page again keeps what the MMU set. */
	*leaf_of(root_of(q), 0x5000) |= PTE_D;
	pmap_enter(q, 0x5000, pb, VM_PROT_READ, false);
	ck_assert(*leaf_of(root_of(q), 0x5000) & PTE_D);
	ck_assert(pmap_is_modified(pb));
	/* And pmap_page_protect's removal. */
	pmap_page_protect(pb, VM_PROT_NONE);
	ck_assert_uint_eq(pmap_page_mappings(pb), 0);
	ck_assert(pmap_is_modified(pb));
	/* Pages vm_page does not manage: never. */
	pmap_enter(q, 0x6000, frame(0), VM_PROT_DEFAULT, false);
	*leaf_of(root_of(q), 0x6000) |= PTE_D;
	ck_assert(!pmap_is_modified(frame(0)));
	pmap_destroy(q);
}
END_TEST

START_TEST(test_destroy_active_panics)
{
	pmap_t p = pmap_create();
	pmap_activate(p);
	pmap_destroy(p);
}
END_TEST

START_TEST(test_destroy_kernel_panics)
{
	pmap_destroy(kernel_pmap);
}
END_TEST

START_TEST(test_remove_large_page_panics)
{
	pmap_remove(kernel_pmap, KVA_PHYSMAP, KVA_PHYSMAP + PAGE_SIZE);
}
END_TEST

static Suite *
pmap_suite(void)
{
	Suite *s = suite_create("pmap");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_shares_kernel_half);
	tcase_add_test(tc, test_enter_extract_bits);
	tcase_add_test(tc, test_kernel_pmap_enter);
	tcase_add_test(tc, test_kernel_wide_flush_is_global);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_tables_reclaimed);
	tcase_add_test(tc, test_protect);
	tcase_add_test(tc, test_invalidation);
	tcase_add_test(tc, test_activate_loads_once);
	tcase_add_test(tc, test_replace_and_wiring);
	tcase_add_test(tc, test_resource_shortage);
	tcase_add_test(tc, test_destroy_frees_tables);
	tcase_add_test(tc, test_pv_tracks_mappings);
	tcase_add_test(tc, test_page_protect_read_only);
	tcase_add_test(tc, test_page_protect_none_removes_all);
	tcase_add_test(tc, test_modified_and_referenced);
	tcase_add_test_raise_signal(tc, test_destroy_active_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, test_destroy_kernel_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, test_remove_large_page_panics, SIGABRT);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(pmap_suite)
