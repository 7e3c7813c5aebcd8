/*
 * vm/pmap.h: the physical map, the machine-dependent layer of virtual
 * memory: translations from virtual pages to physical pages in the
 * hardware's own format (page tables on x86_64: arch/x86_64/pmap.c).
 *
 * Every address space is a pmap.  The kernel's (kernel_pmap) maps the
 * kernel half: the kernel image and the physmap, fixed at boot.  A pmap
 * from pmap_create maps the user half and shares the kernel half, so the
 * kernel is mapped the same way whichever pmap is active.  The layer
 * above (vm_map) is the authority on what should be mapped; a pmap is
 * only a cache of it, except for wired mappings.
 *
 * Every change to a translation goes through one invalidation function
 * that flushes this CPU's TLB and is where SMP will send shootdowns to
 * the other CPUs using the pmap (see arch/x86_64/pmap.c).
 *
 * Locks: each pmap has its own lock, taken and released by each call;
 * none may be called with a pmap lock held.  Order: a pmap's lock, then
 * the pv lists' lock, then vm_page's and zones' locks.  Callable with
 * interrupts disabled.
 */
#ifndef VM_PMAP_H
#define VM_PMAP_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/machine_types.h>
#include <mach/vm_prot.h>

#include "kern/boot_info.h"
#include "vm/vm_page.h"

typedef struct pmap *pmap_t;

/* The kernel's pmap, set up by pmap_bootstrap. */
extern pmap_t kernel_pmap;

struct pmap_stats {
	uint64_t resident;    /* pages mapped */
	uint64_t wired;       /* of those, wired */
	uint64_t table_pages; /* page-table pages (the root included) */
};

/*
 * Build the kernel's final translations and switch to them: the kernel
 * image with the permissions of its sections (text read-only and
 * executable; read-only data and writable data not executable, where the
 * CPU has no-execute), the physmap of all usable memory (and whatever
 * else lies below 4 GiB), and nothing in the user half.  Called once
 * by kmain before vm_page_bootstrap: the page tables come from usable
 * memory outside the `nreserved' ranges of `reserved' (and the first
 * MiB), and the range they took is returned, for kmain to reserve.
 * Panics if no memory is left for them.
 */
struct phys_range pmap_bootstrap(const struct boot_info *bi,
				 const struct phys_range *reserved,
				 unsigned nreserved);

/*
 * The end of the physical addresses the physmap reaches after
 * pmap_bootstrap: what vm_page_bootstrap may manage.
 */
uint64_t pmap_physmap_end(void);

/* Create the zone of pmaps.  Called once after zone_bootstrap. */
void pmap_init(void);

/*
 * A new, empty user address space sharing the kernel half.  Returns
 * NULL if memory is exhausted.  Its reference count is 1.
 */
pmap_t pmap_create(void);

/* Take one more reference to `pmap'. */
void pmap_reference(pmap_t pmap);

/*
 * Drop a reference; the last one frees every page-table page of the
 * pmap (not the pages it mapped, which belong to the VM layer).  Panics
 * if that pmap is still active on a CPU, or on the kernel pmap.
 */
void pmap_destroy(pmap_t pmap);

/*
 * Map the page at `va' to physical page `pa' with protection `prot',
 * replacing any mapping `va' had.  A wired mapping is counted as such
 * (pmap_change_wiring changes it).  Returns KERN_SUCCESS;
 * KERN_INVALID_ADDRESS if `va' is not page-aligned or not in this
 * pmap's half (user pmaps: user half; kernel_pmap: the kernel half's
 * areas set up at boot); KERN_INVALID_ARGUMENT if `pa' is not a
 * page-aligned physical address or `prot' is VM_PROT_NONE;
 * KERN_RESOURCE_SHORTAGE, with nothing changed, if a page-table page
 * or the record of the mapping (a pv entry) could not be allocated.
 */
kern_return_t pmap_enter(pmap_t pmap, vm_offset_t va, uint64_t pa,
			 vm_prot_t prot, bool wired);

/*
 * Remove the mappings of [start, end) (rounded out to pages; the parts
 * outside the pmap's half are ignored).  User page-table pages that
 * become empty are freed.  Panics on a large-page mapping (the
 * kernel's physmap, which is never removed).
 */
void pmap_remove(pmap_t pmap, vm_offset_t start, vm_offset_t end);

/*
 * Set the protection of the mappings in [start, end) to `prot';
 * VM_PROT_NONE removes them.  Addresses with no mapping stay so.
 */
void pmap_protect(pmap_t pmap, vm_offset_t start, vm_offset_t end,
		  vm_prot_t prot);

/*
 * Lower the access every pmap has to physical page `pa': VM_PROT_NONE
 * removes every mapping of it (user page-table pages that become empty
 * are freed); a protection without VM_PROT_WRITE makes them read-only;
 * one with VM_PROT_WRITE changes nothing.  Only the mappings of pages
 * vm_page manages are recorded: for other pages this does nothing.  The
 * copy-on-write and page-out primitive.
 */
void pmap_page_protect(uint64_t pa, vm_prot_t prot);

/* How many mappings of physical page `pa' exist (0 if untracked). */
unsigned pmap_page_mappings(uint64_t pa);

/*
 * Whether physical page `pa' was written (modified) or accessed
 * (referenced) through any mapping, current or removed, since the last
 * pmap_clear_modify or pmap_clear_reference of it: the bits the MMU sets
 * in the page tables.  Pages vm_page does not manage are never.
 */
bool pmap_is_modified(uint64_t pa);
bool pmap_is_referenced(uint64_t pa);

/* Start over: clear that bit in every mapping of `pa' and its record. */
void pmap_clear_modify(uint64_t pa);
void pmap_clear_reference(uint64_t pa);

/* Make the mapping of `va' wired or not.  Nothing if `va' is unmapped. */
void pmap_change_wiring(pmap_t pmap, vm_offset_t va, bool wired);

/*
 * The physical address `va' translates to in `pmap', into *pa.
 * Returns false (and leaves *pa alone) if `va' is not mapped.
 */
bool pmap_extract(pmap_t pmap, vm_offset_t va, uint64_t *pa);

/*
 * Make `pmap' the address space of this CPU (kernel_pmap for a CPU with
 * only kernel threads).  Called by the context switch; disables
 * interrupts itself while it updates the per-CPU bookkeeping.
 */
void pmap_activate(pmap_t pmap);

/* The pmap active on this CPU. */
pmap_t pmap_current(void);

/* Copy a consistent snapshot of `pmap''s counters into `stats'. */
void pmap_get_stats(pmap_t pmap, struct pmap_stats *stats);

/*
 * Get or set the machine attribute `attribute' (mach/vm_attributes.h:
 * MATTR_CACHE...) of [va, va + size) of `pmap', *value in and out, for
 * vm_machine_attribute (vm/vm_machine_attribute.c), which checked the
 * range against the map.  An attribute the machine does not have:
 * KERN_INVALID_ADDRESS, as GNU Mach's pmaps answer.
 */
kern_return_t pmap_attribute(pmap_t pmap, vm_offset_t va, vm_size_t size,
			     unsigned attribute, int *value);

#endif
