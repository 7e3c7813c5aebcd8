/*
 * test_pmap.c: page tables on the real machine: the kernel's layout
 * after pmap_bootstrap, user pmaps read and written through the MMU,
 * TLB invalidation, and page-table pages given back.
 */

#include <stddef.h>

#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "arch/x86_64/pmap_private.h"
#include "kern/kstack.h"
#include "kern/copyio.h"
#include "kern/ktest.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

extern const char _text_start[], _data_start[];

#define USER_VA   0x0000000000400000ULL
#define KERNEL_VM KERNEL_VM_START

static void
add_pv_pages(zone_t z, const struct zone_stats *st, void *arg)
{
	(void)z;
	if (strcmp(st->name, "pv entries") == 0)
		*(uint64_t *)arg += st->pages;
}

/*
 * Free pages, counting those the pv entries' zone holds as free: the
 * zone grows with the number of mappings and keeps a chunk in reserve,
 * which the page-table accounting below is not about.
 */
static uint64_t
free_pages(void)
{
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	uint64_t n = st.free;
	zone_foreach(add_pv_pages, &n);
	return n;
}

/* Tables the kernel made for its own mappings: they stay. */
static uint64_t
kernel_table_pages(void)
{
	struct pmap_stats st;
	pmap_get_stats(kernel_pmap, &st);
	return st.table_pages;
}

static uint64_t
new_page(void)
{
	struct vm_page *p = vm_page_alloc();
	return p == NULL ? 0 : vm_page_to_phys(p);
}

static void
free_page(uint64_t pa)
{
	vm_page_free(vm_page_lookup(pa));
}

static uint64_t
read_cr3(void)
{
	uint64_t v;
	__asm__ volatile("movq %%cr3, %0" : "=r"(v));
	return v;
}

/* The leaf entry the MMU uses for `va' under the loaded root, or 0. */
static uint64_t
mmu_entry(uint64_t va)
{
	uint64_t table = read_cr3() & PTE_ADDR;
	for (unsigned level = 4; level >= 1; level--) {
		uint64_t e =
			((uint64_t *)phys_to_virt(table))[pt_index(va, level)];
		if (!(e & PTE_P))
			return 0;
		if (level == 1 || (e & PTE_PS))
			return e;
		table = e & PTE_ADDR;
	}
	return 0;
}

static bool
cpu_has_nx(void)
{
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid"
			 : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(0x80000001));
	return (d & (1u << 20)) != 0;
}

static bool
cpu_has_pge(void)
{
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid"
			 : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(1), "c"(0));
	return (d & (1u << 13)) != 0;
}

static uint64_t
read_cr4(void)
{
	uint64_t v;
	__asm__ volatile("movq %%cr4, %0" : "=r"(v));
	return v;
}

static const char test_rodata[] = "read-only";
static uint64_t test_data = 1;

/* Sections mapped with their permissions; nothing at 0 or below. */
KTEST(pmap_kernel_layout)
{
	uint64_t nx = cpu_has_nx() ? PTE_NX : 0;
	uint64_t g = cpu_has_pge() ? PTE_G : 0;
	KTEST_ASSERT(pmap_current() == kernel_pmap);
	/* Kernel mappings are global when the CPU can (CR4.PGE, bit 7). */
	KTEST_ASSERT_EQ(read_cr4() & 0x80, g != 0 ? 0x80 : 0);
	KTEST_ASSERT_EQ(mmu_entry(0), 0);

	uint64_t text = mmu_entry((uint64_t)(uintptr_t)pmap_enter);
	KTEST_ASSERT(text & PTE_P);
	KTEST_ASSERT_EQ(text & (PTE_W | PTE_NX | PTE_U | PTE_G), g);
	KTEST_ASSERT_EQ(text & PTE_ADDR,
			kernel_virt_to_phys((const void *)pmap_enter) &
				~(uint64_t)PAGE_MASK);
	uint64_t ro = mmu_entry((uint64_t)(uintptr_t)test_rodata);
	KTEST_ASSERT(ro & PTE_P);
	KTEST_ASSERT_EQ(ro & (PTE_W | PTE_NX | PTE_U | PTE_G), nx | g);
	uint64_t rw = mmu_entry((uint64_t)(uintptr_t)&test_data);
	KTEST_ASSERT_EQ(rw & (PTE_P | PTE_W | PTE_NX | PTE_U | PTE_G),
			PTE_P | PTE_W | nx | g);
	KTEST_ASSERT_EQ(mmu_entry((uint64_t)(uintptr_t)_data_start) & PTE_W,
			PTE_W);
	uint64_t phys = mmu_entry((uint64_t)(uintptr_t)phys_to_virt(0x200000));
	KTEST_ASSERT_EQ(
		phys & (PTE_P | PTE_W | PTE_PS | PTE_NX | PTE_U | PTE_G),
		PTE_P | PTE_W | PTE_PS | nx | g);

	/* Nothing in the user half, nothing at 0. */
	uint64_t pa;
	KTEST_ASSERT(!pmap_extract(kernel_pmap, 0, &pa));
	for (unsigned i = 0; i < PML4_USER_SLOTS; i++)
		KTEST_ASSERT_EQ(
			((uint64_t *)phys_to_virt(read_cr3() & PTE_ADDR))[i],
			0);
	/* All the memory vm_page manages is in the physmap. */
	KTEST_ASSERT(pmap_physmap_end() >= 0x100000000ULL);
	KTEST_ASSERT(pmap_extract(
		kernel_pmap,
		(uintptr_t)phys_to_virt(pmap_physmap_end() - PAGE_SIZE), &pa));
	KTEST_ASSERT_EQ(pa, pmap_physmap_end() - PAGE_SIZE);
	KTEST_ASSERT(pmap_extract(kernel_pmap, (uintptr_t)_text_start, &pa));
	KTEST_ASSERT_EQ(pa, kernel_virt_to_phys(_text_start));
}

/*
 * A user pmap: enter a page, load the pmap, write and read through the
 * user address from the kernel (copyin, copyout), see it through the
 * physmap; replace, protect and remove the mapping while it is loaded
 * (stale TLB entries would show); destroy, and vm_page has every page
 * back.
 */
KTEST(pmap_user_pages_through_the_mmu)
{
	pmap_destroy(pmap_create()); /* the pmap zone holds its chunk */
	uint64_t base = free_pages();
	uint64_t a = new_page(), b = new_page();
	KTEST_ASSERT(a != 0 && b != 0);
	uint64_t *a_k = phys_to_virt(a), *b_k = phys_to_virt(b);
	a_k[0] = 0xaaaa;
	b_k[0] = 0xbbbb;

	pmap_t p = pmap_create();
	KTEST_ASSERT(p != NULL);
	KTEST_ASSERT_EQ(pmap_enter(p, USER_VA, a, VM_PROT_DEFAULT, false),
			KERN_SUCCESS);
	uint64_t pa = 0;
	KTEST_ASSERT(pmap_extract(p, USER_VA + 8, &pa));
	KTEST_ASSERT_EQ(pa, a + 8);

	/* Through copyin/copyout, the kernel's only way to user pages. */
	const uint64_t one_two_three_four = 0x1234;
	uint64_t *u = (uint64_t *)USER_VA;
	uint64_t seen_a = 0, seen_b = 0, seen_b2 = 0;
	bool enabled = intr_disable();
	pmap_activate(p);
	uint64_t cr3 = read_cr3();
	kern_return_t kr_a = copyin(&u[0], &seen_a, sizeof seen_a);
	kern_return_t kr_w = copyout(&one_two_three_four, &u[1], 8);
	uint64_t user_bits = mmu_entry(USER_VA) & (PTE_U | PTE_W);
	/* Replace while loaded: the next read must see the new page. */
	pmap_enter(p, USER_VA, b, VM_PROT_DEFAULT, false);
	kern_return_t kr_b = copyin(&u[0], &seen_b, sizeof seen_b);
	pmap_protect(p, USER_VA, USER_VA + PAGE_SIZE, VM_PROT_READ);
	uint64_t ro_bits = mmu_entry(USER_VA) & (PTE_U | PTE_W);
	kern_return_t kr_b2 = copyin(&u[0], &seen_b2, sizeof seen_b2);
	kern_return_t kr_ro = copyout(&one_two_three_four, &u[1], 8);
	pmap_activate(kernel_pmap);
	intr_restore(enabled);

	KTEST_ASSERT_EQ(kr_a, KERN_SUCCESS);
	KTEST_ASSERT_EQ(kr_w, KERN_SUCCESS);
	KTEST_ASSERT_EQ(kr_b, KERN_SUCCESS);
	KTEST_ASSERT_EQ(kr_b2, KERN_SUCCESS);
	KTEST_ASSERT_EQ(kr_ro, KERN_INVALID_ADDRESS); /* read-only now */

	KTEST_ASSERT(cr3 != read_cr3()); /* p's root was loaded */
	KTEST_ASSERT_EQ(seen_a, 0xaaaa);
	KTEST_ASSERT_EQ(a_k[1], 0x1234);
	KTEST_ASSERT_EQ(user_bits, PTE_U | PTE_W);
	KTEST_ASSERT_EQ(seen_b, 0xbbbb);
	KTEST_ASSERT_EQ(ro_bits, PTE_U);
	KTEST_ASSERT_EQ(seen_b2, 0xbbbb);

	pmap_remove(p, USER_VA, USER_VA + PAGE_SIZE);
	KTEST_ASSERT(!pmap_extract(p, USER_VA, &pa));
	struct pmap_stats st;
	pmap_get_stats(p, &st);
	KTEST_ASSERT_EQ(st.resident, 0);
	KTEST_ASSERT_EQ(st.table_pages, 1);
	pmap_destroy(p);
	free_page(a);
	free_page(b);
	KTEST_ASSERT_EQ(free_pages(), base);
}

/* Two pmaps, one address, two pages: the switch changes what is seen. */
KTEST(pmap_switch_between_address_spaces)
{
	pmap_destroy(pmap_create()); /* the pmap zone holds its chunk */
	uint64_t base = free_pages(), kt = kernel_table_pages();
	uint64_t a = new_page(), b = new_page();
	KTEST_ASSERT(a != 0 && b != 0);
	*(uint64_t *)phys_to_virt(a) = 1;
	*(uint64_t *)phys_to_virt(b) = 2;
	pmap_t p = pmap_create(), q = pmap_create();
	KTEST_ASSERT(p != NULL && q != NULL);
	KTEST_ASSERT_EQ(pmap_enter(p, USER_VA, a, VM_PROT_READ, false),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(pmap_enter(q, USER_VA, b, VM_PROT_READ, false),
			KERN_SUCCESS);

	/* And one kernel page, seen through both. */
	uint64_t k = new_page();
	KTEST_ASSERT(k != 0);
	*(uint64_t *)phys_to_virt(k) = 3;
	KTEST_ASSERT_EQ(
		pmap_enter(kernel_pmap, KERNEL_VM, k, VM_PROT_DEFAULT, true),
		KERN_SUCCESS);

	volatile uint64_t *u = (volatile uint64_t *)USER_VA;
	volatile uint64_t *kv = (volatile uint64_t *)KERNEL_VM;
	uint64_t seen[6];
	bool enabled = intr_disable();
	pmap_activate(p);
	seen[0] = u[0];
	seen[1] = kv[0];
	pmap_activate(q);
	seen[2] = u[0];
	seen[3] = kv[0];
	pmap_activate(p);
	seen[4] = u[0];
	pmap_activate(kernel_pmap);
	seen[5] = kv[0];
	intr_restore(enabled);
	KTEST_ASSERT_EQ(seen[0], 1);
	KTEST_ASSERT_EQ(seen[1], 3);
	KTEST_ASSERT_EQ(seen[2], 2);
	KTEST_ASSERT_EQ(seen[3], 3);
	KTEST_ASSERT_EQ(seen[4], 1);
	KTEST_ASSERT_EQ(seen[5], 3);

	pmap_remove(kernel_pmap, KERNEL_VM, KERNEL_VM + PAGE_SIZE);
	uint64_t pa;
	KTEST_ASSERT(!pmap_extract(kernel_pmap, KERNEL_VM, &pa));
	pmap_destroy(p);
	pmap_destroy(q);
	free_page(a);
	free_page(b);
	free_page(k);
	/* The kernel keeps the tables it made under slot 510. */
	KTEST_ASSERT_EQ(base - free_pages(), kernel_table_pages() - kt);
}

/*
 * One page mapped by two user pmaps and the kernel: pmap_page_protect
 * makes every mapping read-only (the loaded pmap's too: the next look
 * at its entry and a read through it agree), then removes them all;
 * the pv records and page tables come back.
 */
KTEST(pmap_page_protect_every_mapping)
{
	pmap_destroy(pmap_create()); /* the pmap zone holds its chunk */
	uint64_t base = free_pages(), kt = kernel_table_pages();
	uint64_t a = new_page();
	KTEST_ASSERT(a != 0);
	*(uint64_t *)phys_to_virt(a) = 0xc0ffee;
	pmap_t p = pmap_create(), q = pmap_create();
	KTEST_ASSERT(p != NULL && q != NULL);
	KTEST_ASSERT_EQ(pmap_enter(p, USER_VA, a, VM_PROT_DEFAULT, false),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(
		pmap_enter(q, USER_VA + PAGE_SIZE, a, VM_PROT_DEFAULT, false),
		KERN_SUCCESS);
	KTEST_ASSERT_EQ(
		pmap_enter(kernel_pmap, KERNEL_VM, a, VM_PROT_DEFAULT, false),
		KERN_SUCCESS);
	KTEST_ASSERT_EQ(pmap_page_mappings(a), 3);

	volatile uint64_t *u = (volatile uint64_t *)USER_VA;
	bool enabled = intr_disable();
	pmap_activate(p);
	u[1] = 1; /* writable now: the TLB holds a writable entry */
	pmap_page_protect(a, VM_PROT_READ);
	uint64_t bits = mmu_entry(USER_VA) & (PTE_P | PTE_W);
	uint64_t kbits = mmu_entry(KERNEL_VM) & (PTE_P | PTE_W);
	uint64_t seen = u[0];
	pmap_activate(kernel_pmap);
	intr_restore(enabled);
	KTEST_ASSERT_EQ(bits, PTE_P);
	KTEST_ASSERT_EQ(kbits, PTE_P);
	KTEST_ASSERT_EQ(seen, 0xc0ffee);
	KTEST_ASSERT_EQ(pmap_page_mappings(a), 3);

	pmap_page_protect(a, VM_PROT_NONE);
	uint64_t pa;
	KTEST_ASSERT_EQ(pmap_page_mappings(a), 0);
	KTEST_ASSERT(!pmap_extract(p, USER_VA, &pa));
	KTEST_ASSERT(!pmap_extract(q, USER_VA + PAGE_SIZE, &pa));
	KTEST_ASSERT(!pmap_extract(kernel_pmap, KERNEL_VM, &pa));
	struct pmap_stats st;
	pmap_get_stats(q, &st);
	KTEST_ASSERT_EQ(st.table_pages, 1);
	pmap_destroy(p);
	pmap_destroy(q);
	free_page(a);
	/* The kernel keeps the tables it made under slot 510. */
	KTEST_ASSERT_EQ(base - free_pages(), kernel_table_pages() - kt);
}

/*
 * The MMU's own referenced and modified bits, read back per page: a read
 * through a user mapping references the page, a write modifies it; after
 * pmap_clear_modify the next write must set the bit again (so the clear
 * reached the TLB too); a removed mapping leaves its bits to the page.
 */
KTEST(pmap_modified_and_referenced_by_the_mmu)
{
	uint64_t a = new_page();
	KTEST_ASSERT(a != 0);
	pmap_t p = pmap_create();
	KTEST_ASSERT(p != NULL);
	KTEST_ASSERT_EQ(pmap_enter(p, USER_VA, a, VM_PROT_DEFAULT, false),
			KERN_SUCCESS);
	pmap_clear_modify(a); /* whatever an earlier owner left */
	pmap_clear_reference(a);
	KTEST_ASSERT(!pmap_is_modified(a));
	KTEST_ASSERT(!pmap_is_referenced(a));

	volatile uint64_t *u = (volatile uint64_t *)USER_VA;
	bool enabled = intr_disable();
	pmap_activate(p);
	(void)u[0];
	bool ref_read = pmap_is_referenced(a);
	bool mod_read = pmap_is_modified(a);
	u[1] = 5;
	bool mod_write = pmap_is_modified(a);
	pmap_clear_modify(a);
	bool mod_cleared = pmap_is_modified(a);
	u[2] = 6;
	bool mod_again = pmap_is_modified(a);
	pmap_activate(kernel_pmap);
	intr_restore(enabled);
	KTEST_ASSERT(ref_read);
	KTEST_ASSERT(!mod_read);
	KTEST_ASSERT(mod_write);
	KTEST_ASSERT(!mod_cleared);
	KTEST_ASSERT(mod_again);

	pmap_remove(p, USER_VA, USER_VA + PAGE_SIZE);
	KTEST_ASSERT(pmap_is_modified(a));
	KTEST_ASSERT(pmap_is_referenced(a));
	pmap_clear_modify(a);
	pmap_clear_reference(a);
	KTEST_ASSERT(!pmap_is_modified(a));
	KTEST_ASSERT(!pmap_is_referenced(a));
	pmap_destroy(p);
	free_page(a);
}

/*
 * Thousands of pages over several tables and PML4 slots, removed in
 * stripes: page-table pages go back as their tables empty, and
 * pmap_destroy gives back the rest.
 */
KTEST(pmap_tables_reclaimed)
{
	enum { N = 3000 };
	pmap_destroy(pmap_create()); /* the pmap zone holds its chunk */
	uint64_t base = free_pages();
	uint64_t frame = new_page();
	KTEST_ASSERT(frame != 0);
	pmap_t p = pmap_create();
	KTEST_ASSERT(p != NULL);
	uint64_t start = (1ULL << 39) - 1000 * PAGE_SIZE; /* spans slots */
	for (unsigned i = 0; i < N; i++)
		KTEST_ASSERT_EQ(pmap_enter(p, start + i * PAGE_SIZE, frame,
					   VM_PROT_READ, i % 7 == 0),
				KERN_SUCCESS);
	struct pmap_stats st;
	pmap_get_stats(p, &st);
	KTEST_ASSERT_EQ(st.resident, N);
	KTEST_ASSERT_EQ(st.wired, (N + 6) / 7);
	/* root, 2 PDPTs, 2 PDs and PTs: 2 for the 1000 pages below the
	 * slot boundary, 4 for the 2000 above. */
	KTEST_ASSERT_EQ(st.table_pages, 1 + 2 + 2 + 2 + 4);
	KTEST_ASSERT_EQ(base - free_pages(), 1 + st.table_pages);
	for (unsigned i = 0; i < N; i += 2)
		pmap_remove(p, start + i * PAGE_SIZE,
			    start + (i + 1) * PAGE_SIZE);
	pmap_get_stats(p, &st);
	KTEST_ASSERT_EQ(st.resident, N / 2);
	KTEST_ASSERT_EQ(st.table_pages, 11);
	pmap_remove(p, start, start + 1000 * PAGE_SIZE);
	pmap_get_stats(p, &st);
	KTEST_ASSERT_EQ(st.table_pages, 1 + 1 + 1 + 4);
	pmap_remove(p, 0, 1ULL << 47);
	pmap_get_stats(p, &st);
	KTEST_ASSERT_EQ(st.resident, 0);
	KTEST_ASSERT_EQ(st.wired, 0);
	KTEST_ASSERT_EQ(st.table_pages, 1);
	/* Fill again and let destroy free it all. */
	for (unsigned i = 0; i < N; i += 100)
		KTEST_ASSERT_EQ(pmap_enter(p, (uint64_t)i << 30, frame,
					   VM_PROT_READ, false),
				KERN_SUCCESS);
	pmap_destroy(p);
	free_page(frame);
	KTEST_ASSERT_EQ(free_pages(), base);
}

/*
 * Memory above 4 GiB, reached through the physmap pmap_bootstrap built
 * (boot.S mapped only the first 4 GiB).  Only meaningful with that much
 * memory, so run only when named: tests/qemu/boot-bigmem boots with
 * more than 4 GiB and names it.  Takes 4 MiB blocks until one lies
 * above 4 GiB, writes and reads both ends of it, and gives all back.
 */
KTEST_EXPLICIT(pmap_physmap_above_4g)
{
	enum { MAX_BLOCKS = 4096 };
	static struct vm_page *blocks[MAX_BLOCKS];
	const uint64_t four_gib = 0x100000000ULL;
	const unsigned order = VM_PAGE_MAX_ORDER - 1;
	const uint64_t block_size = (uint64_t)PAGE_SIZE << order;
	KTEST_ASSERT(pmap_physmap_end() > four_gib);

	uint64_t base = free_pages(), high = 0, pa = 0;
	unsigned n = 0;
	while (n < MAX_BLOCKS && high == 0 &&
	       (blocks[n] = vm_page_alloc_order(order)) != NULL) {
		if (vm_page_to_phys(blocks[n]) >= four_gib)
			high = vm_page_to_phys(blocks[n]);
		n++;
	}
	bool intact = false, mapped = false;
	if (high != 0) {
		volatile uint64_t *first = phys_to_virt(high);
		volatile uint64_t *last = phys_to_virt(high + block_size - 8);
		*first = high ^ 0x5555;
		*last = ~high;
		intact = *first == (high ^ 0x5555) && *last == ~high;
		mapped = pmap_extract(kernel_pmap, (uintptr_t)last, &pa);
	}
	while (n > 0)
		vm_page_free_order(blocks[--n], order);
	KTEST_ASSERT(high != 0);
	KTEST_ASSERT(intact);
	KTEST_ASSERT(mapped);
	KTEST_ASSERT_EQ(pa, high + block_size - 8);
	KTEST_ASSERT_EQ(free_pages(), base);
}

/*
 * The boot stack, which the boot CPU's idle thread keeps (and on which
 * interrupts taken while it idles run), has a guard page like every
 * kernel stack: the page below it is not mapped, and a fault there is
 * reported as a stack overflow.
 */
KTEST(pmap_boot_stack_guard)
{
	uintptr_t base = arch_boot_stack_base();
	uint64_t pa;
	KTEST_ASSERT_EQ(base & PAGE_MASK, 0);
	KTEST_ASSERT(!pmap_extract(kernel_pmap, base - PAGE_SIZE, &pa));
	KTEST_ASSERT_EQ(mmu_entry(base - PAGE_SIZE) & PTE_P, 0);
	for (uintptr_t va = base; va < base + KERNEL_STACK_SIZE;
	     va += PAGE_SIZE)
		KTEST_ASSERT(pmap_extract(kernel_pmap, va, &pa));
	KTEST_ASSERT(pmap_extract(kernel_pmap, base - 2 * PAGE_SIZE, &pa));
	KTEST_ASSERT(stack_guard_hit(base - 1));
	KTEST_ASSERT(stack_guard_hit(base - PAGE_SIZE));
	KTEST_ASSERT(!stack_guard_hit(base));
	KTEST_ASSERT(!stack_guard_hit(base - PAGE_SIZE - 1));
}
