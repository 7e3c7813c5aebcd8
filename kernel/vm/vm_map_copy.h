/*
 * vm/vm_map_copy.h: copy objects, the snapshot of a range of a map that
 * an out-of-line message item carries (contracts.md).  vm_map_copyin
 * takes the snapshot, vm_map_copyout maps it anywhere in another map,
 * vm_map_copy_discard releases it.
 *
 * Copy-on-write: copyin marks the source range needs_copy (its resident
 * pages become read-only) and the copy takes references to its objects;
 * copyout enters those objects needs_copy in the destination.  The
 * first write by either side gives that side its own object in front
 * (vm/vm_fault.h), so neither sees the other's later writes.  A 1 MiB
 * copy costs page-table work and a few records, not 1 MiB of copying.
 * An object that several maps write in place (VM_INHERIT_SHARE) is
 * copied eagerly instead.
 *
 * A copy belongs to whoever holds the pointer (a message in flight); no
 * lock.  Every call takes the maps' and objects' locks it needs; none
 * may be called with a map's lock held, and none holds two maps' locks.
 * copyin holds the source map's lock (interrupts off) for one walk of
 * the range's entries, copyout the destination's for one link of the
 * copy's records: each is proportional to the number of entries, not to
 * the size (vm_map_copy_overwrite, which copies bytes, to the size).
 */
#ifndef VM_VM_MAP_COPY_H
#define VM_VM_MAP_COPY_H

#include <stdint.h>

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/machine_types.h>

#include "vm/vm_map.h"

typedef struct vm_map_copy *vm_map_copy_t;
#define VM_MAP_COPY_NULL ((vm_map_copy_t)0)

struct vm_map_copy {
	/* The snapshot: entry records by address through `next', start
	 * and end counted from the copy's first page, each holding one
	 * reference to its object (vm/vm_map_copy.c). */
	struct vm_map_entry *entries;
	vm_offset_t offset; /* the source address: its page offset is kept */
	vm_size_t size;     /* bytes, as asked */
};

/* Create the zone of copies.  Once, after zone_bootstrap. */
void vm_map_copy_init(void);

/*
 * A snapshot of [addr, addr + len) of `src' into *copy (NULL for len 0).
 * src_destroy: deallocate the source range too (MIG's dealloc).  The
 * whole range must be allocated and readable: KERN_INVALID_ADDRESS
 * (a hole, outside the map, or a range wrapping around),
 * KERN_PROTECTION_FAILURE (not readable); KERN_INVALID_ARGUMENT for no
 * map; KERN_RESOURCE_SHORTAGE if memory runs out.  On error no contents
 * changed and nothing is held (entries may have been split and marked
 * needs_copy).
 */
kern_return_t vm_map_copyin(vm_map_t src, vm_offset_t addr, vm_size_t len,
			    boolean_t src_destroy, vm_map_copy_t *copy);

/*
 * Map `copy' anywhere in `dst', readable and writable, and return the
 * address of its first byte in *addr (the mapping starts at the page
 * below: the source's offset in its page is kept).  Consumes the copy on
 * success only.  A NULL copy gives *addr = 0.  KERN_NO_SPACE,
 * KERN_RESOURCE_SHORTAGE, KERN_INVALID_ARGUMENT (no map).
 */
kern_return_t vm_map_copyout(vm_map_t dst, vm_offset_t *addr,
			     vm_map_copy_t copy);

/*
 * Overwrite [addr, addr + size) of `dst' with the copy's contents (the
 * core of vm_write): the range must be allocated and writable
 * (KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE, checked before
 * anything is written), addr page-aligned (KERN_INVALID_ARGUMENT).
 * Consumes the copy on success only.
 */
kern_return_t vm_map_copy_overwrite(vm_map_t dst, vm_offset_t addr,
				    vm_map_copy_t copy);

/*
 * A copy holding `len' bytes from the kernel buffer `data' (copied into
 * fresh pages of a new object, the rest of the last page zero): what
 * the kernel sends out of line in its replies (mach_port_names) and
 * what a receiver's out-of-line port array becomes.  NULL for len 0.
 * KERN_RESOURCE_SHORTAGE if memory runs out (nothing is then held).
 */
/*
 * A copy of `len' bytes whose contents are `object''s from its start
 * (a page multiple of it): the object's reference is the copy's on
 * success.  KERN_RESOURCE_SHORTAGE (the reference still the caller's).
 */
kern_return_t vm_map_copy_from_object(struct vm_object *object, vm_size_t len,
				      vm_map_copy_t *out);

kern_return_t vm_map_copy_from_kernel(const void *data, vm_size_t len,
				      vm_map_copy_t *copy);

/*
 * Copy the first `len' bytes (at most its size) of `copy''s contents
 * into the kernel buffer `buf' (what a kernel routine takes out of line,
 * as task_set_emulation_vector); the copy stays the caller's.  A page
 * its pager holds (the default pager's, a paged-out page) is asked for
 * and waited for, interruptibly, as a fault would: no lock may be held,
 * and a pager that supplies from its own object's absent pages waits
 * on itself.  KERN_SUCCESS, or the fault's error (KERN_MEMORY_ERROR,
 * KERN_RESOURCE_SHORTAGE, KERN_ABORTED) with `buf' partly written.
 */
kern_return_t vm_map_copy_read(vm_map_copy_t copy, void *buf, vm_size_t len);
/* The same from byte `from' of the contents (nothing past the end). */
kern_return_t vm_map_copy_read_at(vm_map_copy_t copy, vm_offset_t from,
				  void *buf, vm_size_t len);

/* Shorten a copy made by vm_map_copy_from_object to its first `len'
 * bytes (no more than it had; page multiples): it cannot fail. */
void vm_map_copy_truncate(vm_map_copy_t copy, vm_size_t len);

/* Release a copy that will not be copied out (NULL: nothing). */
void vm_map_copy_discard(vm_map_copy_t copy);

/* The size given to vm_map_copyin (0 for NULL). */
vm_size_t vm_map_copy_size(vm_map_copy_t copy);

/* Copies alive (for leak checks). */
uint64_t vm_map_copy_count(void);

#endif
