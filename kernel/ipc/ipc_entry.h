/*
 * ipc/ipc_entry.h: the entries of a name space, and how names find them.
 *
 * A name is GNU Mach's: MACH_PORT_MAKE(index, gen), the upper 24 bits
 * an index into the space's table and the low 8 a generation, which
 * goes up each time a table slot is used again, so that a stale name
 * does not find the new right.  Index 0 is never used (its names are
 * MACH_PORT_NULL's neighbours; its slot heads the free list).  The
 * table grows by doubling.
 *
 * A name that mach_port_allocate_name asks for need not fit the table
 * (its index is beyond it, or the slot holds another generation): such
 * entries live in a hash table by name.  A look-up tries the table slot
 * first and the hash only when the space has hashed entries, so the
 * names the kernel chooses are found in O(1).
 *
 * Entries holding a send or receive right are also in the space's
 * reverse hash, by port, so that a send right copied out into a space
 * that already names the port is merged into that entry (Mach's rule).
 *
 * Every function here is called with the space write-locked and active.
 * Entry pointers stay valid only until the next ipc_entry_alloc or
 * ipc_entry_alloc_name, which may move the table.
 */
#ifndef IPC_IPC_ENTRY_H
#define IPC_IPC_ENTRY_H

#include <stdint.h>

#include "ipc/ipc_object.h"
#include "ipc/ipc_types.h"

typedef uint32_t ipc_entry_bits_t;

#define IE_BITS_UREFS_MASK  0x0000ffffu
#define IE_BITS_TYPE_MASK   0x001f0000u /* MACH_PORT_TYPE_ALL_RIGHTS */
#define IE_BITS_GEN_MASK    0xff000000u
#define IE_BITS_GEN_ONE     0x01000000u
#define IE_BITS_UREFS(bits) ((bits)&IE_BITS_UREFS_MASK)
#define IE_BITS_TYPE(bits)  ((bits)&IE_BITS_TYPE_MASK)
#define IE_BITS_GEN(bits)   ((bits)&IE_BITS_GEN_MASK)

/* The most slots a table may have: every index fits a name's 24 bits. */
#define IPC_TABLE_SIZE_MAX (1u << 20)

struct ipc_entry {
	ipc_entry_bits_t ie_bits; /* generation, type, user references */
	ipc_object_t ie_object;   /* the port or set, or NULL */
	mach_port_name_t ie_name;
	mach_port_name_t ie_rnext; /* next in the reverse-hash chain */
	uint32_t ie_next;          /* free list, when free (table) */
	uint32_t ie_prev;
	struct ipc_entry *ie_hnext;       /* hash chain (hashed entries) */
	struct ipc_dnrequest *ie_request; /* its dead-name request, or NULL */
	/* The msg-accepted request outstanding on it (ipc_marequest.h),
	 * or NULL; it goes with the entry's name and rights. */
	struct ipc_marequest *ie_marequest;
};

/*
 * Set up the tables of an empty space: an initial table and reverse
 * hash.  Returns KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (nothing kept).
 */
kern_return_t ipc_entry_space_init(ipc_space_t space);

/*
 * Free the tables of a space whose entries have all been released
 * (ipc_space_destroy).  Frees hashed entries whatever their bits.
 */
void ipc_entry_space_fini(ipc_space_t space);

/* The entry in use that `name' names, or NULL. */
ipc_entry_t ipc_entry_lookup(ipc_space_t space, mach_port_name_t name);

/*
 * Allocate a new entry with a name of the kernel's choosing (a table
 * slot, with a new generation); its type is none and it has no
 * references; *namep and *entryp say which.  Returns KERN_SUCCESS,
 * KERN_NO_SPACE when the table cannot grow further, or
 * KERN_RESOURCE_SHORTAGE when memory is short (nothing changed).
 */
kern_return_t ipc_entry_alloc(ipc_space_t space, mach_port_name_t *namep,
			      ipc_entry_t *entryp);

/*
 * The entry of `name', a valid name: the entry in use, or a new one of
 * type none.  Returns KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t ipc_entry_alloc_name(ipc_space_t space, mach_port_name_t name,
				   ipc_entry_t *entryp);

/*
 * Free the entry of `name', whose type must be none (its rights are
 * gone) and which must not be in the reverse hash.
 */
void ipc_entry_dealloc(ipc_space_t space, mach_port_name_t name,
		       ipc_entry_t entry);

/*
 * Call `fn' for each entry in use.  `fn' may change the entry's bits
 * and object and deallocate it (ipc_entry_dealloc), but not allocate.
 */
typedef void (*ipc_entry_fn)(ipc_space_t space, mach_port_name_t name,
			     ipc_entry_t entry, void *arg);
void ipc_entry_foreach(ipc_space_t space, ipc_entry_fn fn, void *arg);

/* Enter, or remove, an entry with send or receive rights by its port. */
void ipc_reverse_insert(ipc_space_t space, mach_port_name_t name,
			ipc_entry_t entry);
void ipc_reverse_remove(ipc_space_t space, mach_port_name_t name,
			ipc_entry_t entry);

/*
 * The name of the entry holding a send or receive right for `object',
 * or IPC_NAME_NULL.
 */
mach_port_name_t ipc_reverse_lookup(ipc_space_t space, ipc_object_t object);

#endif
