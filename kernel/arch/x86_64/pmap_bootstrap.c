/*
 * arch/x86_64/pmap_bootstrap.c: the kernel's final page tables, and the
 * privileged instructions pmap.c uses through pmap_private.h.
 *
 * boot.S mapped the kernel and [0, 4 GiB) with 2 MiB pages, all writable
 * and executable.  pmap_bootstrap replaces that with:
 *
 *   PML4 256-383  the physmap: [0, max(4 GiB, end of usable memory)),
 *                 2 MiB pages, writable, not executable
 *   PML4 510      reserved for kernel virtual memory (an empty PDPT, so
 *                 that every user pmap shares whatever is mapped there)
 *   PML4 511      the kernel image, 4 KiB pages with the permissions of
 *                 its sections, less the boot stack's guard page
 *
 * and nothing in the user half.  Kernel mappings are global (PTE_G, with
 * CR4.PGE) when the CPU can, so they survive the CR3 reload of every
 * address-space switch.  It runs before vm_page exists, so its
 * tables come from a run of usable memory below 4 GiB (reachable through
 * boot.S's physmap) that kmain then keeps from vm_page.
 */

#include <stdbool.h>
#include <stdint.h>

#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "arch/x86_64/pmap_private.h"
#include "arch/x86_64/x86.h"
#include "kern/cpu.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "vm/pmap.h"

/* From kernel.ld. */
extern const char _text_start[], _text_end[], _data_start[], _kernel_end[];
/* From boot.S: the page below the boot stack. */
extern const char boot_stack_guard[];

#define BOOT_MAPPED_END 0x100000000ULL /* what boot.S's physmap reaches */
#define LOW_MEMORY_END  0x100000ULL    /* never used, as in vm_page */
#define LARGE_PAGE_SIZE 0x200000ULL
#define PDPT_SPAN       (1ULL << 39) /* one PML4 entry */
#define PD_SPAN         (1ULL << 30) /* one PDPT entry */

static uint64_t physmap_end;

/* The page-table pages: a run of free memory, handed out in order. */
struct boot_tables {
	uint64_t next;
	uint64_t end;
};

static uint64_t
boot_table_alloc(struct boot_tables *bt)
{
	if (bt->next >= bt->end)
		panic("pmap_bootstrap: page-table estimate too small");
	uint64_t pa = bt->next;
	bt->next += PAGE_SIZE;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

/* The entry of `level' for `va' under `pml4', making tables on the way. */
static uint64_t *
boot_entry(struct boot_tables *bt, uint64_t pml4, uint64_t va, unsigned level)
{
	uint64_t *table = phys_to_virt(pml4);
	for (unsigned l = 4; l > level; l--) {
		uint64_t *e = &table[pt_index(va, l)];
		if (!(*e & PTE_P))
			*e = boot_table_alloc(bt) | PTE_P | PTE_W;
		table = phys_to_virt(*e & PTE_ADDR);
	}
	return &table[pt_index(va, level)];
}

static inline uint64_t
round_up(uint64_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

/*
 * The start of `size' bytes of usable memory below BOOT_MAPPED_END, past
 * the first MiB, clear of the reserved ranges; 0 if there is none.
 */
static uint64_t
find_free_run(const struct boot_info *bi, const struct phys_range *reserved,
	      unsigned nreserved, uint64_t size)
{
	for (unsigned r = 0; r < bi->nregions; r++) {
		const struct boot_region *reg = &bi->regions[r];
		if (reg->type != BOOT_REGION_USABLE)
			continue;
		uint64_t start = round_up(reg->base, PAGE_SIZE);
		uint64_t end = (reg->base + reg->length) & ~(uint64_t)PAGE_MASK;
		if (start < LOW_MEMORY_END)
			start = LOW_MEMORY_END;
		if (end > BOOT_MAPPED_END)
			end = BOOT_MAPPED_END;
		bool moved = true;
		while (moved && start + size <= end) {
			moved = false;
			for (unsigned i = 0; i < nreserved; i++) {
				if (reserved[i].start < start + size &&
				    reserved[i].end > start) {
					start = round_up(reserved[i].end,
							 PAGE_SIZE);
					moved = true;
				}
			}
		}
		if (start + size <= end)
			return start;
	}
	return 0;
}

static bool
cpu_has_pge(void)
{
	return (cpuid(1, 0).edx & (1u << 13)) != 0;
}

static bool
cpu_has_nx(void)
{
	if (cpuid(0x80000000, 0).eax < 0x80000001)
		return false;
	return (cpuid(0x80000001, 0).edx & (1u << 20)) != 0;
}

struct phys_range
pmap_bootstrap(const struct boot_info *bi, const struct phys_range *reserved,
	       unsigned nreserved)
{
	bool nx = cpu_has_nx();
	uint64_t nx_bit = nx ? PTE_NX : 0;
	bool global = cpu_has_pge();
	uint64_t g_bit = global ? PTE_G : 0;

	/* The physmap: all of [0, 4 GiB) and all usable memory. */
	uint64_t top = BOOT_MAPPED_END;
	for (unsigned r = 0; r < bi->nregions; r++) {
		const struct boot_region *reg = &bi->regions[r];
		uint64_t end = reg->base + reg->length;
		if (reg->type == BOOT_REGION_USABLE && end > top)
			top = end;
	}
	top = round_up(top, LARGE_PAGE_SIZE);
	if (top > PHYSMAP_LIMIT)
		top = PHYSMAP_LIMIT;

	uint64_t kstart = (uint64_t)(uintptr_t)_text_start;
	uint64_t kend = (uint64_t)(uintptr_t)_kernel_end;
	uint64_t npages = 1                                      /* PML4 */
			  + round_up(top, PDPT_SPAN) / PDPT_SPAN /* PDPTs */
			  + round_up(top, PD_SPAN) / PD_SPAN     /* PDs */
			  + 1                                    /* slot 510 */
			  + 2 /* the image's PDPT and PD */
			  + ((kend - 1) / LARGE_PAGE_SIZE -
			     kstart / LARGE_PAGE_SIZE + 1); /* its PTs */
	uint64_t run =
		find_free_run(bi, reserved, nreserved, npages * PAGE_SIZE);
	if (run == 0)
		panic("pmap_bootstrap: no room for %llu page-table pages",
		      (unsigned long long)npages);
	struct boot_tables bt = { run, run + npages * PAGE_SIZE };

	uint64_t pml4 = boot_table_alloc(&bt);
	for (uint64_t pa = 0; pa < top; pa += LARGE_PAGE_SIZE) {
		uint64_t *e = boot_entry(&bt, pml4, PHYSMAP_BASE + pa, 2);
		*e = pa | PTE_P | PTE_W | PTE_PS | g_bit | nx_bit;
	}
	*boot_entry(&bt, pml4, KERNEL_VM_START, 4) =
		boot_table_alloc(&bt) | PTE_P | PTE_W;

	uint64_t text_end = round_up((uint64_t)(uintptr_t)_text_end, PAGE_SIZE);
	uint64_t data_start = (uint64_t)(uintptr_t)_data_start;
	uint64_t guard = (uint64_t)(uintptr_t)boot_stack_guard;
	for (uint64_t va = kstart; va < kend; va += PAGE_SIZE) {
		uint64_t flags = PTE_P | g_bit;
		if (va == guard)
			continue; /* not present: an overflow faults */
		if (va >= text_end)
			flags |= nx_bit; /* read-only data from here */
		if (va >= data_start)
			flags |= PTE_W;
		*boot_entry(&bt, pml4, va, 1) =
			kernel_virt_to_phys((const void *)(uintptr_t)va) |
			flags;
	}

	physmap_end = top;
	/* boot.S's entries were not global: the CR3 load drops them all. */
	pmap_hw_load_root(pml4);
	if (global)
		write_cr4(read_cr4() | CR4_PGE);
	pmap_kernel_setup(pml4, nx, global, (bt.next - run) / PAGE_SIZE);
	kprintf("pmap: physmap to %#llx, kernel image %#llx-%#llx, "
		"%llu table pages, NX %s, global pages %s\n",
		(unsigned long long)top, (unsigned long long)kstart,
		(unsigned long long)kend,
		(unsigned long long)((bt.next - run) / PAGE_SIZE),
		nx ? "on" : "off", global ? "on" : "off");
	return (struct phys_range){ run, run + npages * PAGE_SIZE };
}

uint64_t
pmap_physmap_end(void)
{
	return physmap_end;
}

void
pmap_hw_invalidate_page(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void
pmap_hw_invalidate_all(void)
{
	uint64_t cr3;
	__asm__ volatile("movq %%cr3, %0; movq %0, %%cr3"
			 : "=r"(cr3)
			 :
			 : "memory");
}

void
pmap_hw_invalidate_global(void)
{
	bool enabled = intr_disable();
	uint64_t cr4 = read_cr4();
	write_cr4(cr4 & ~(uint64_t)CR4_PGE);
	write_cr4(cr4);
	intr_restore(enabled);
}

void
pmap_hw_load_root(uint64_t pml4)
{
	__asm__ volatile("movq %0, %%cr3" : : "r"(pml4) : "memory");
}

unsigned
pmap_hw_cpu_number(void)
{
	return cpu_current()->id;
}
