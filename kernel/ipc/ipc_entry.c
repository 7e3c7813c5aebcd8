/*
 * ipc/ipc_entry.c: a space's table, hashed names and reverse hash.
 *
 * Lock order: see ipc/ipc_space.h.  Everything here runs with the space
 * write-locked and takes no IPC lock itself.
 *
 * Invariants, with the space locked:
 *  - a name is in use in at most one place, its table slot or the hash;
 *  - a free table slot keeps the generation of the name it last had,
 *    and that name is in use nowhere, so ipc_entry_alloc always finds a
 *    fresh generation for it within 256 tries;
 *  - an entry is in the reverse hash if and only if it holds a send or
 *    receive right (ipc/ipc_right.c keeps that), chained by name.
 */

#include "ipc/ipc_entry.h"
#include "ipc/ipc_space.h"
#include "kern/kalloc.h"
#include "kern/panic.h"
#include "kern/string.h"
#include "kern/zalloc.h"

#define IPC_TABLE_SIZE_INIT   32
#define IPC_HASH_SIZE_INIT    16
#define IPC_REVERSE_SIZE_INIT 16

zone_t ipc_entry_zone; /* hashed entries; made by ipc_space_bootstrap */

static uint32_t
hash_bucket(uint32_t key, uint32_t size)
{
	return (key * 0x9e3779b1u) >> (32 - __builtin_ctz(size));
}

static uint32_t
reverse_bucket(ipc_object_t object, uint32_t size)
{
	uintptr_t p = (uintptr_t)object >> 4;
	return hash_bucket((uint32_t)(p ^ (p >> 32)), size);
}

/* ---- the free list of table slots, headed by slot 0 ---- */

static void
free_list_push(ipc_space_t space, uint32_t index)
{
	struct ipc_entry *t = space->is_table;
	uint32_t first = t[0].ie_next;
	t[index].ie_prev = 0;
	t[index].ie_next = first;
	t[first].ie_prev = index;
	t[0].ie_next = index;
	space->is_table_free++;
}

static void
free_list_unlink(ipc_space_t space, uint32_t index)
{
	struct ipc_entry *t = space->is_table;
	t[t[index].ie_prev].ie_next = t[index].ie_next;
	t[t[index].ie_next].ie_prev = t[index].ie_prev;
	space->is_table_free--;
}

/* ---- hashed entries ---- */

static ipc_entry_t
hash_find(ipc_space_t space, mach_port_name_t name)
{
	if (space->is_hash_count == 0)
		return NULL;
	ipc_entry_t e = space->is_hash[hash_bucket(name, space->is_hash_size)];
	while (e != NULL && e->ie_name != name)
		e = e->ie_hnext;
	return e;
}

static void
hash_link(struct ipc_entry **buckets, uint32_t size, ipc_entry_t e)
{
	uint32_t b = hash_bucket(e->ie_name, size);
	e->ie_hnext = buckets[b];
	buckets[b] = e;
}

static void
hash_unlink(ipc_space_t space, ipc_entry_t entry)
{
	ipc_entry_t *link = &space->is_hash[hash_bucket(entry->ie_name,
							space->is_hash_size)];
	while (*link != entry)
		link = &(*link)->ie_hnext;
	*link = entry->ie_hnext;
	space->is_hash_count--;
}

/* Make room for one more hashed entry: false when memory is short. */
static bool
hash_reserve(ipc_space_t space)
{
	uint32_t size = space->is_hash_size;
	if (size != 0 && space->is_hash_count < size)
		return true;
	uint32_t nsize = size == 0 ? IPC_HASH_SIZE_INIT : 2 * size;
	struct ipc_entry **nb = kalloc(nsize * sizeof *nb);
	if (nb == NULL)
		return size != 0; /* a fuller hash still works */
	memset(nb, 0, nsize * sizeof *nb);
	for (uint32_t b = 0; b < size; b++) {
		ipc_entry_t e = space->is_hash[b];
		while (e != NULL) {
			ipc_entry_t next = e->ie_hnext;
			hash_link(nb, nsize, e);
			e = next;
		}
	}
	kfree(space->is_hash, size * sizeof *nb);
	space->is_hash = nb;
	space->is_hash_size = nsize;
	return true;
}

/* ---- the table ---- */

kern_return_t
ipc_entry_space_init(ipc_space_t space)
{
	struct ipc_entry *t = kalloc(IPC_TABLE_SIZE_INIT * sizeof *t);
	mach_port_name_t *r = kalloc(IPC_REVERSE_SIZE_INIT * sizeof *r);
	if (t == NULL || r == NULL) {
		kfree(t, IPC_TABLE_SIZE_INIT * sizeof *t);
		kfree(r, IPC_REVERSE_SIZE_INIT * sizeof *r);
		return KERN_RESOURCE_SHORTAGE;
	}
	memset(t, 0, IPC_TABLE_SIZE_INIT * sizeof *t);
	memset(r, 0, IPC_REVERSE_SIZE_INIT * sizeof *r);
	space->is_table = t;
	space->is_table_size = IPC_TABLE_SIZE_INIT;
	space->is_table_free = 0;
	for (uint32_t i = IPC_TABLE_SIZE_INIT - 1; i >= 1; i--)
		free_list_push(space, i);
	space->is_hash = NULL;
	space->is_hash_size = 0;
	space->is_hash_count = 0;
	space->is_reverse = r;
	space->is_reverse_size = IPC_REVERSE_SIZE_INIT;
	space->is_reverse_count = 0;
	space->is_count = 0;
	return KERN_SUCCESS;
}

void
ipc_entry_space_fini(ipc_space_t space)
{
	for (uint32_t b = 0; b < space->is_hash_size; b++) {
		ipc_entry_t e = space->is_hash[b];
		while (e != NULL) {
			ipc_entry_t next = e->ie_hnext;
			zfree(ipc_entry_zone, e);
			e = next;
		}
	}
	kfree(space->is_hash, space->is_hash_size * sizeof *space->is_hash);
	kfree(space->is_table, space->is_table_size * sizeof *space->is_table);
	kfree(space->is_reverse,
	      space->is_reverse_size * sizeof *space->is_reverse);
	space->is_hash = NULL;
	space->is_table = NULL;
	space->is_reverse = NULL;
	space->is_hash_size = space->is_table_size = space->is_reverse_size = 0;
	space->is_hash_count = space->is_count = space->is_reverse_count = 0;
}

/*
 * Double the table.  Hashed entries whose index the new slots cover
 * move into them (one per slot), which keeps the invariant that a free
 * slot's last name is in use nowhere.
 */
static kern_return_t
table_grow(ipc_space_t space)
{
	uint32_t size = space->is_table_size;
	if (size >= IPC_TABLE_SIZE_MAX)
		return KERN_NO_SPACE;
	uint32_t nsize = 2 * size;
	struct ipc_entry *nt = kalloc(nsize * sizeof *nt);
	if (nt == NULL)
		return KERN_RESOURCE_SHORTAGE;
	memcpy(nt, space->is_table, size * sizeof *nt);
	memset(nt + size, 0, (nsize - size) * sizeof *nt);
	kfree(space->is_table, size * sizeof *nt);
	space->is_table = nt;
	space->is_table_size = nsize;
	for (uint32_t i = nsize - 1; i >= size; i--)
		free_list_push(space, i);
	for (uint32_t b = 0; b < space->is_hash_size; b++) {
		ipc_entry_t e = space->is_hash[b];
		while (e != NULL) {
			ipc_entry_t next = e->ie_hnext;
			uint32_t index = MACH_PORT_INDEX(e->ie_name);
			if (index >= size && index < nsize &&
			    IE_BITS_TYPE(nt[index].ie_bits) == 0 &&
			    nt[index].ie_object == NULL &&
			    IE_BITS_GEN(nt[index].ie_bits) == 0 &&
			    nt[index].ie_name == IPC_NAME_NULL) {
				hash_unlink(space, e);
				free_list_unlink(space, index);
				nt[index] = *e;
				nt[index].ie_hnext = NULL;
				zfree(ipc_entry_zone, e);
			}
			e = next;
		}
	}
	return KERN_SUCCESS;
}

ipc_entry_t
ipc_entry_lookup(ipc_space_t space, mach_port_name_t name)
{
	uint32_t index = MACH_PORT_INDEX(name);
	if (index != 0 && index < space->is_table_size) {
		ipc_entry_t e = &space->is_table[index];
		if (IE_BITS_TYPE(e->ie_bits) != 0 && e->ie_name == name)
			return e;
	}
	return hash_find(space, name);
}

/* Take the free slot `index' as the new entry `name', of generation
 * `gen'. */
static inline ipc_entry_t
entry_take(ipc_space_t space, uint32_t index, ipc_entry_bits_t gen,
	   mach_port_name_t name)
{
	ipc_entry_t e = &space->is_table[index];
	free_list_unlink(space, index);
	e->ie_bits = gen;
	e->ie_object = NULL;
	e->ie_name = name;
	e->ie_rnext = IPC_NAME_NULL;
	e->ie_hnext = NULL;
	e->ie_request = NULL;
	e->ie_marequest = NULL;
	space->is_count++;
	return e;
}

/* ipc_entry_alloc when the table must grow, or when hashed names may
 * hold the free slot's next generations. */
static kern_return_t __attribute__((noinline))
entry_alloc_general(ipc_space_t space, mach_port_name_t *namep,
		    ipc_entry_t *entryp)
{
	if (space->is_table_free == 0) {
		kern_return_t kr = table_grow(space);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	uint32_t index = space->is_table[0].ie_next;
	ipc_entry_bits_t gen = IE_BITS_GEN(space->is_table[index].ie_bits);
	mach_port_name_t name;
	unsigned tries = 0;
	do {
		if (++tries > 256)
			panic("ipc_entry_alloc: slot %u has no free name",
			      index);
		gen += IE_BITS_GEN_ONE;
		name = MACH_PORT_MAKE(index, gen);
	} while (hash_find(space, name) != NULL);
	*namep = name;
	*entryp = entry_take(space, index, gen, name);
	return KERN_SUCCESS;
}

kern_return_t
ipc_entry_alloc(ipc_space_t space, mach_port_name_t *namep, ipc_entry_t *entryp)
{
	/* The common case, apart so that it costs few registers: a free
	 * slot and no hashed names, so the slot's next generation is
	 * free. */
	if (__builtin_expect(
		    space->is_table_free == 0 || space->is_hash_count != 0, 0))
		return entry_alloc_general(space, namep, entryp);
	uint32_t index = space->is_table[0].ie_next;
	ipc_entry_bits_t gen =
		IE_BITS_GEN(space->is_table[index].ie_bits) + IE_BITS_GEN_ONE;
	mach_port_name_t name = MACH_PORT_MAKE(index, gen);
	*namep = name;
	*entryp = entry_take(space, index, gen, name);
	return KERN_SUCCESS;
}

kern_return_t
ipc_entry_alloc_name(ipc_space_t space, mach_port_name_t name,
		     ipc_entry_t *entryp)
{
	ipc_entry_t e = ipc_entry_lookup(space, name);
	if (e != NULL) {
		*entryp = e;
		return KERN_SUCCESS;
	}
	uint32_t index = MACH_PORT_INDEX(name);
	if (index != 0 && index < space->is_table_size &&
	    IE_BITS_TYPE(space->is_table[index].ie_bits) == 0) {
		e = &space->is_table[index];
		free_list_unlink(space, index);
	} else {
		if (!hash_reserve(space))
			return KERN_RESOURCE_SHORTAGE;
		e = zalloc(ipc_entry_zone);
		if (e == NULL)
			return KERN_RESOURCE_SHORTAGE;
		e->ie_name = name;
		hash_link(space->is_hash, space->is_hash_size, e);
		space->is_hash_count++;
	}
	e->ie_bits = MACH_PORT_GEN(name);
	e->ie_object = NULL;
	e->ie_name = name;
	e->ie_rnext = IPC_NAME_NULL;
	e->ie_request = NULL;
	e->ie_marequest = NULL;
	space->is_count++;
	*entryp = e;
	return KERN_SUCCESS;
}

/* ipc_entry_dealloc of a hashed entry: apart, so that the table's
 * case needs no frame. */
static void __attribute__((noinline))
entry_dealloc_hashed(ipc_space_t space, ipc_entry_t entry)
{
	hash_unlink(space, entry);
	zfree(ipc_entry_zone, entry);
}

void
ipc_entry_dealloc(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry)
{
	if (IE_BITS_TYPE(entry->ie_bits) != 0 || entry->ie_name != name ||
	    entry->ie_request != NULL)
		panic("ipc_entry_dealloc: entry %x still has rights", name);
	entry->ie_object = NULL;
	space->is_count--;
	uint32_t index = MACH_PORT_INDEX(name);
	if (index != 0 && index < space->is_table_size &&
	    entry == &space->is_table[index]) {
		free_list_push(space, index);
		return;
	}
	entry_dealloc_hashed(space, entry);
}

void
ipc_entry_foreach(ipc_space_t space, ipc_entry_fn fn, void *arg)
{
	for (uint32_t i = 1; i < space->is_table_size; i++) {
		ipc_entry_t e = &space->is_table[i];
		if (IE_BITS_TYPE(e->ie_bits) != 0)
			fn(space, e->ie_name, e, arg);
	}
	for (uint32_t b = 0; b < space->is_hash_size; b++) {
		ipc_entry_t e = space->is_hash[b];
		while (e != NULL) {
			ipc_entry_t next = e->ie_hnext;
			fn(space, e->ie_name, e, arg);
			e = next;
		}
	}
}

/* ---- the reverse hash: which name holds a send/receive right ---- */

static void
reverse_grow(ipc_space_t space)
{
	uint32_t size = space->is_reverse_size;
	uint32_t nsize = 2 * size;
	mach_port_name_t *nr = kalloc(nsize * sizeof *nr);
	if (nr == NULL)
		return; /* longer chains, still correct */
	memset(nr, 0, nsize * sizeof *nr);
	for (uint32_t b = 0; b < size; b++) {
		mach_port_name_t name = space->is_reverse[b];
		while (name != IPC_NAME_NULL) {
			ipc_entry_t e = ipc_entry_lookup(space, name);
			mach_port_name_t next = e->ie_rnext;
			uint32_t nb = reverse_bucket(e->ie_object, nsize);
			e->ie_rnext = nr[nb];
			nr[nb] = name;
			name = next;
		}
	}
	kfree(space->is_reverse, size * sizeof *nr);
	space->is_reverse = nr;
	space->is_reverse_size = nsize;
}

void
ipc_reverse_insert(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry)
{
	if (space->is_reverse_count >= 2 * space->is_reverse_size &&
	    space->is_reverse_size < IPC_TABLE_SIZE_MAX)
		reverse_grow(space);
	uint32_t b = reverse_bucket(entry->ie_object, space->is_reverse_size);
	entry->ie_rnext = space->is_reverse[b];
	space->is_reverse[b] = name;
	space->is_reverse_count++;
}

void
ipc_reverse_remove(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry)
{
	uint32_t b = reverse_bucket(entry->ie_object, space->is_reverse_size);
	mach_port_name_t *link = &space->is_reverse[b];
	while (*link != name) {
		if (*link == IPC_NAME_NULL)
			panic("ipc_reverse_remove: %x is not entered", name);
		link = &ipc_entry_lookup(space, *link)->ie_rnext;
	}
	*link = entry->ie_rnext;
	entry->ie_rnext = IPC_NAME_NULL;
	space->is_reverse_count--;
}

mach_port_name_t
ipc_reverse_lookup(ipc_space_t space, ipc_object_t object)
{
	uint32_t b = reverse_bucket(object, space->is_reverse_size);
	mach_port_name_t name = space->is_reverse[b];
	while (name != IPC_NAME_NULL) {
		ipc_entry_t e = ipc_entry_lookup(space, name);
		if (e->ie_object == object)
			return name;
		name = e->ie_rnext;
	}
	return IPC_NAME_NULL;
}
