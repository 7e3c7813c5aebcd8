/*
 * vm/vm_map_internal.h: the entry primitives of vm/vm_map.c that the
 * copy objects (vm/vm_map_copy.c) and vm_map_fork (vm/vm_map_fork.c)
 * build on.  Private to kernel/vm.  Every call here is made with the
 * map's lock held (vm_map_lock) except the allocation ones; lock order
 * as in vm/vm_map.h: a map's lock, then an object's.
 */
#ifndef VM_VM_MAP_INTERNAL_H
#define VM_VM_MAP_INTERNAL_H

#include <stdbool.h>

#include <mach/machine_types.h>

#include "vm/vm_map.h"

/* Up to two spare entries a call may need to split its range's ends. */
struct vm_map_reserve {
	struct vm_map_entry *spare[2];
	unsigned n;
};

/* Fill `r' with `n' (at most 2) entries: false if memory ran out (then
 * vm_map_reserve_release frees what was taken).  No lock held. */
bool vm_map_reserve_fill(struct vm_map_reserve *r, unsigned n);
void vm_map_reserve_release(struct vm_map_reserve *r);

/* A spare entry; panics if none is left (a kernel bug). */
struct vm_map_entry *vm_map_reserve_take(struct vm_map_reserve *r);

/* An entry record from the zone (not in any map), or NULL; and back. */
struct vm_map_entry *vm_map_entry_alloc(void);
void vm_map_entry_free(struct vm_map_entry *e);

/* Link `e' into the map after `prev' (NULL: first), counted. */
void vm_map_entry_link(vm_map_t map, struct vm_map_entry *prev,
		       struct vm_map_entry *e);

/* Unlink `e' and free the record (its object reference is the caller's). */
void vm_map_entry_unlink_free(vm_map_t map, struct vm_map_entry *e);

/* Split `e' at `addr' if inside it: `e' keeps [addr, end) (clip_start)
 * or [start, addr) (clip_end); the other part is a reserved entry. */
void vm_map_clip_start(vm_map_t map, struct vm_map_entry *e, vm_offset_t addr,
		       struct vm_map_reserve *r);
void vm_map_clip_end(vm_map_t map, struct vm_map_entry *e, vm_offset_t addr,
		     struct vm_map_reserve *r);

/* Merge `e' with the entry before it / both neighbours where alike;
 * returns the survivor. */
struct vm_map_entry *vm_map_merge_prev(vm_map_t map, struct vm_map_entry *e);
struct vm_map_entry *vm_map_try_merge(vm_map_t map, struct vm_map_entry *e);

/*
 * End needs-copy entry `e''s sharing of its object: unless nobody else
 * holds the object, a new shadow object goes in front of it (then
 * collapsed if `collapse').  Its read-only mappings fault to write.
 * KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.  The map locked.
 */
kern_return_t vm_map_entry_own_object(struct vm_map_entry *e, bool collapse);

/* Unwire `e' (nothing if it is not wired): vm/vm_map_wire.c. */
void vm_map_entry_unwire(vm_map_t map, struct vm_map_entry *e);

/* After `e''s protection changed or it was made: wire or unwire it as
 * its wired access, its protection and the map's wiring_required say
 * (a wiring that finds no memory leaves it pageable). */
void vm_map_entry_wire_update(vm_map_t map, struct vm_map_entry *e);

/* The fault path copied `page' up into wired entry `e''s object for
 * `va': the copy takes the wiring of the page it hides, and its wired
 * mapping. */
void vm_map_wire_cow(vm_map_t map, struct vm_map_entry *e, vm_offset_t va,
		     struct vm_page *page);

/* Whether some of `e''s pages may be mapped read-only for copy-on-write. */
bool vm_map_entry_has_cow(const struct vm_map_entry *e);

/* First fit of `size' bytes from the map's minimum into *addr. */
bool vm_map_find_space(vm_map_t map, vm_size_t size, vm_offset_t *addr);

/* The first entry meeting [start, end), clipped to start; NULL if none. */
struct vm_map_entry *vm_map_range_first(vm_map_t map, vm_offset_t start,
					vm_offset_t end,
					struct vm_map_reserve *r);

/*
 * A range of shared memory the default pager holds some of, met under
 * a map's lock (vm_object_copy_range's VM_FAULT_RETRY): the caller
 * holds it (paged_out_hold: the entry's object referenced), unlocks,
 * brings it in (paged_out_bring_in, no lock held: KERN_SUCCESS to
 * start again, else the error, KERN_RESOURCE_SHORTAGE once it was paged
 * out again too many times) and starts again.
 */
struct paged_out {
	vm_object_t object; /* referenced, or NULL */
	vm_offset_t offset;
	vm_size_t size;
};
void paged_out_hold(struct paged_out *h, const struct vm_map_entry *e);
kern_return_t paged_out_bring_in(struct paged_out *h, unsigned *tries);

/* Remove the entries from `e' (NULL: none) up to `end', the last
 * clipped at `end' with `r'. */
void vm_map_delete_entries(vm_map_t map, struct vm_map_entry *e,
			   vm_offset_t end, struct vm_map_reserve *r);

#endif
