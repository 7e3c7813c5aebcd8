/*
 * vm/vm_map.h: address maps.  A task's address space (task->map) is a
 * map: entries sorted by address, none overlapping, each a window onto
 * a VM object (vm/vm_object.h) at an offset, with a protection, a
 * maximum protection, an inheritance and a wired count.  The map's pmap
 * caches the translations of the pages its objects hold; the fault path
 * (vm/vm_fault.h) fills it.  Entries are split where a call changes part
 * of one and merged back when neighbours become alike.
 *
 * The calls follow GNU Mach's semantics and return codes (vm_user.c /
 * vm_map.c there), with two deliberate differences, both in docs/vm.md:
 * a user map starts at PAGE_SIZE (page 0 is never mapped), and a range
 * whose end wraps around the address space is KERN_INVALID_ARGUMENT
 * for vm_deallocate, vm_protect and vm_inherit (GNU Mach silently does
 * nothing).
 *
 * Copy-on-write: an entry marked needs_copy shares its object with
 * others (a copy, another map) and may only read it: its pages are
 * mapped read-only and the first write gives it an object of its own
 * in front (vm/vm_fault.h).  Removing a range frees its object's pages
 * there unless the object is aliased (vm/vm_object.h).
 *
 * Locks: map->lock (a simple lock) guards the entries, the tree, the
 * hint, the counts and ref_count.  Order: a task's lock, then a map's,
 * then an object's (vm/vm_object.h), then pmap's and vm_page's;
 * kernel_map's and its objects' after every other map's and object's
 * (vm/vm_kern.h).  No
 * call may be made with a map's lock held except the *_locked ones;
 * none sleeps.  copyin/copyout of user memory must never be done with a
 * map's lock held: their fault may need the map.
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/machine_types.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>

#include "kern/lock.h"
#include "vm/pmap.h"
#include "vm/vm_object.h"

struct vm_map_entry {
	struct vm_map_entry *prev; /* by address; NULL at either end */
	struct vm_map_entry *next;
	struct vm_map_entry *tree_left; /* vm/vm_map_tree.c */
	struct vm_map_entry *tree_right;
	int tree_height;
	vm_offset_t start; /* [start, end), page-aligned */
	vm_offset_t end;
	vm_object_t object; /* one reference held */
	vm_offset_t offset; /* of `start' in the object */
	vm_prot_t protection;
	vm_prot_t max_protection;
	vm_inherit_t inheritance;
	unsigned wired_count;   /* > 0: wired (vm/vm_map_wire.c) */
	vm_prot_t wired_access; /* asked to be wired for; NONE: pageable */
	bool needs_copy;        /* copy-on-write: `object' is read-only here */
};

struct vm_map {
	simple_lock_t lock;
	unsigned ref_count;
	pmap_t pmap;            /* one reference held */
	vm_offset_t min_offset; /* the map's range [min, max) */
	vm_offset_t max_offset;
	struct vm_map_entry *first; /* lowest entry, or NULL */
	struct vm_map_entry *last;  /* highest entry, or NULL */
	struct vm_map_entry *root;  /* the tree of the entries */
	struct vm_map_entry *hint;  /* the last entry looked up, or NULL */
	unsigned nentries;
	vm_size_t size;       /* bytes mapped */
	vm_size_t size_wired; /* bytes of wired entries */
	bool wiring_required; /* VM_WIRE_FUTURE: new entries are wired */
};

typedef struct vm_map *vm_map_t;
#define VM_MAP_NULL ((vm_map_t)0)

struct vm_map_stats {
	uint64_t maps;    /* maps alive */
	uint64_t entries; /* entries in them */
};

/* The lowest address of a user map: page 0 stays unmapped. */
#define VM_MAP_USER_MIN ((vm_offset_t)PAGE_SIZE)

/* An address rounded down or up to its page (round_page wraps to 0). */
#define trunc_page(x) ((vm_offset_t)(x) & ~(vm_offset_t)PAGE_MASK)
#define round_page(x) (((vm_offset_t)(x) + PAGE_MASK) & ~(vm_offset_t)PAGE_MASK)

/* Create the zones of maps and entries.  Once, after zone_bootstrap
 * (and by each host unit test). */
void vm_map_init(void);

/*
 * A new empty map of [min, max) (page-aligned) on `pmap', whose
 * reference the map takes; one reference for the caller.  NULL if
 * memory is exhausted (the pmap reference is then still the caller's).
 */
vm_map_t vm_map_create(pmap_t pmap, vm_offset_t min, vm_offset_t max);

void vm_map_reference(vm_map_t map);

/* Drop a reference; the last removes every entry (their pages go back)
 * and drops the pmap.  The pmap must not be active on any CPU then.
 * VM_MAP_NULL is ignored (MIG's destructor after a failed conversion:
 * a vm_task_t routine sent to a port that names no task). */
void vm_map_deallocate(vm_map_t map);

/*
 * Allocate zero-filled memory: `size' bytes (rounded to pages) at
 * *addr (truncated to a page) if !anywhere, else at the first free
 * range from the map's minimum, whose start is returned in *addr.
 * size 0 gives *addr = 0 and KERN_SUCCESS.  KERN_INVALID_ARGUMENT: no
 * map.  KERN_INVALID_ADDRESS: a fixed range outside the map or wrapping
 * around.  KERN_NO_SPACE: a fixed range overlapping an entry, or no
 * room anywhere.  KERN_RESOURCE_SHORTAGE: no memory for the records.
 */
kern_return_t vm_allocate(vm_map_t map, vm_offset_t *addr, vm_size_t size,
			  boolean_t anywhere);

/*
 * Remove [trunc(addr), round(addr + size)) from the map; the parts
 * outside the map's range and the holes are ignored.  KERN_SUCCESS;
 * KERN_INVALID_ARGUMENT for no map or a range that wraps around;
 * KERN_RESOURCE_SHORTAGE if an entry could not be split.
 */
kern_return_t vm_deallocate(vm_map_t map, vm_offset_t addr, vm_size_t size);

/*
 * Set the protection (set_maximum: the maximum protection, lowering the
 * protection with it) of the range.  Nothing changes unless every entry
 * in the range allows `prot' under its maximum: KERN_PROTECTION_FAILURE.
 * KERN_INVALID_ARGUMENT: no map, bits outside VM_PROT_ALL (NOTIFY is
 * accepted and ignored), or a wrapping range.
 */
kern_return_t vm_protect(vm_map_t map, vm_offset_t addr, vm_size_t size,
			 boolean_t set_maximum, vm_prot_t prot);

/* Set the inheritance of the range: SHARE, COPY or NONE, else
 * KERN_INVALID_ARGUMENT (also for no map or a wrapping range). */
kern_return_t vm_inherit(vm_map_t map, vm_offset_t addr, vm_size_t size,
			 vm_inherit_t inheritance);

/*
 * Describe the entry containing *addr or, if none, the first one above
 * it: its start in *addr, its size and attributes, whether its object is
 * shared, its offset in the object and, unless `object' is NULL, the
 * object, referenced (vm_object_release drops it: the name port is the
 * caller's business, vm_object_name).  KERN_NO_SPACE if there is no
 * entry at or above *addr; KERN_INVALID_ARGUMENT for no map.
 */
kern_return_t vm_map_region(vm_map_t map, vm_offset_t *addr, vm_size_t *size,
			    vm_prot_t *protection, vm_prot_t *max_protection,
			    vm_inherit_t *inheritance, boolean_t *is_shared,
			    vm_offset_t *offset, vm_object_t *object);

/*
 * Map `size' bytes (a page multiple) of `object' from `offset' (page-
 * aligned), as vm_allocate places them (anywhere: at the first address
 * with no bit of `mask' set), with those attributes; object NULL: a new
 * zero-filled one.  needs_copy: copy-on-write of `object' (a write
 * gives the entry its own object in front).  On success the entry takes
 * the caller's reference to `object'.  Codes as vm_allocate's, and
 * KERN_INVALID_ARGUMENT for an unaligned fixed address.  vm_map's core.
 */
kern_return_t vm_map_enter(vm_map_t map, vm_offset_t *addr, vm_size_t size,
			   vm_offset_t mask, boolean_t anywhere,
			   vm_object_t object, vm_offset_t offset,
			   bool needs_copy, vm_prot_t protection,
			   vm_prot_t max_protection, vm_inherit_t inheritance);

/*
 * Kernel helpers: copy between kernel memory and an allocated range of
 * the map through its objects, ignoring protection (the loader writes a
 * program's text).  Pages not yet resident read as zero; writing makes
 * them resident.  KERN_INVALID_ADDRESS if part of the range is not
 * allocated (then nothing was written past that point);
 * KERN_RESOURCE_SHORTAGE if no page is free.
 */
kern_return_t vm_map_write_kernel(vm_map_t map, vm_offset_t addr,
				  const void *data, vm_size_t len);
kern_return_t vm_map_read_kernel(vm_map_t map, vm_offset_t addr, void *data,
				 vm_size_t len);

/*
 * The same for a user's request: reading needs VM_PROT_READ, writing
 * VM_PROT_WRITE, of every entry the range touches, checked in the same
 * hold of the map's lock as the copy (KERN_PROTECTION_FAILURE, nothing
 * copied from that entry on).
 */
kern_return_t vm_map_transfer_checked(vm_map_t map, vm_offset_t addr,
				      void *data, vm_size_t len, bool write);

/*
 * Give the map the page at `va' with protection `prot' in one step:
 * allocate it if no entry covers it, set its protection, make it
 * resident and entered in the pmap; its kernel address into *kva.
 * task_map_page's core.  Codes as vm_allocate's and vm_protect's.
 */
kern_return_t vm_map_page_kernel(vm_map_t map, vm_offset_t va, vm_prot_t prot,
				 void **kva);

/*
 * A new map for a child task (task_create with inherit_memory), on a new
 * pmap, from `parent' by each entry's inheritance: VM_INHERIT_SHARE
 * shares the entry's object (both maps write it in place; a needs-copy
 * entry first gets its own object), VM_INHERIT_COPY makes a
 * copy-on-write copy (both entries needs_copy; an object that several
 * maps share is copied eagerly), VM_INHERIT_NONE leaves the range out.
 * The child's entries keep the parent's attributes, unwired.  NULL for
 * no parent or if memory runs out (then no contents changed; some
 * parent entries may be left needs_copy or shared).  Holds the parent's
 * lock for one walk of its entries (vm/vm_map_fork.c); the child's is
 * not taken, nobody else can see it yet.
 */
vm_map_t vm_map_fork(vm_map_t parent);

/* Number of entries, bytes mapped and pages resident in the map's
 * objects within its entries' ranges. */
void vm_map_info(vm_map_t map, unsigned *nentries, vm_size_t *size,
		 uint64_t *resident);

void vm_map_get_stats(struct vm_map_stats *stats);

/*
 * Wiring (vm/vm_map_wire.c), GNU Mach's vm_map_pageable: make
 * [start, end) (page-aligned, clamped to the map) resident and wired
 * for `access', or pageable again with VM_PROT_NONE.  The start must
 * be in an entry, the range must have no hole and every entry must
 * allow `access', else KERN_NO_SPACE with nothing changed (an empty
 * range at an entry: KERN_SUCCESS).  KERN_INVALID_ARGUMENT for no map,
 * bits outside VM_PROT_ALL or a bad range; KERN_RESOURCE_SHORTAGE if
 * pages ran out (what this call wired is unwired again).
 */
kern_return_t vm_map_wire(vm_map_t map, vm_offset_t start, vm_offset_t end,
			  vm_prot_t access);

/*
 * GNU Mach's vm_map_pageable_all: flags 0 unwires every entry and
 * stops wiring new ones; VM_WIRE_CURRENT (1) wires every entry for
 * read and write (an inaccessible one once it becomes accessible);
 * VM_WIRE_FUTURE (2) wires every entry made from now on.
 * KERN_INVALID_ARGUMENT for other bits; KERN_RESOURCE_SHORTAGE as
 * vm_map_wire.
 */
kern_return_t vm_map_wire_all(vm_map_t map, int flags);

/* The bytes of the map's wired entries. */
vm_size_t vm_map_wired_size(vm_map_t map);

/* ---- For the fault path and the copy objects: map->lock held ---- */

static inline void
vm_map_lock(vm_map_t map)
{
	simple_lock(&map->lock);
}

static inline void
vm_map_unlock(vm_map_t map)
{
	simple_unlock(&map->lock);
}

/* Whether an entry contains `addr': it into *entry if so; else the
 * entry below `addr' (NULL if none). */
bool vm_map_lookup_entry(vm_map_t map, vm_offset_t addr,
			 struct vm_map_entry **entry);

/*
 * Resolve an access of `type' to the page of `entry' at `va'
 * (vm_fault_page_locked: copy-on-write done) and enter it in the pmap
 * with the protection that allows; its page into *page.
 * KERN_RESOURCE_SHORTAGE if no page or pmap memory is left.
 */
kern_return_t vm_map_entry_fault_locked(vm_map_t map,
					struct vm_map_entry *entry,
					vm_offset_t va, vm_prot_t type,
					struct vm_page **page,
					struct vm_chain_result *wait);

#endif
