/*
 * ipc/ipc_space.c: creating and destroying name spaces.
 *
 * Lock order: see ipc/ipc_space.h.  ipc_space_destroy marks the space
 * inactive under its lock, then releases the rights with the space
 * unlocked: nothing else touches an inactive space's entries.
 */

#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/panic.h"
#include "kern/zalloc.h"

extern zone_t ipc_entry_zone; /* ipc/ipc_entry.c */
static zone_t ipc_space_zone;

bool
ipc_space_bootstrap(void)
{
	ipc_space_zone =
		zone_create("ipc.space", sizeof(struct ipc_space), 0, 0);
	ipc_entry_zone =
		zone_create("ipc.entry", sizeof(struct ipc_entry), 0, 0);
	return ipc_space_zone != NULL && ipc_entry_zone != NULL;
}

kern_return_t
ipc_space_create(ipc_space_t *spacep)
{
	ipc_space_t space = zalloc(ipc_space_zone);
	if (space == NULL)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock_init(&space->is_lock);
	space->is_refs = 1;
	space->is_active = true;
	if (ipc_entry_space_init(space) != KERN_SUCCESS) {
		zfree(ipc_space_zone, space);
		return KERN_RESOURCE_SHORTAGE;
	}
	*spacep = space;
	return KERN_SUCCESS;
}

void
ipc_space_reference(ipc_space_t space)
{
	uint32_t old = __atomic_fetch_add(&space->is_refs, 1, __ATOMIC_RELAXED);
	if (old == 0 || old == UINT32_MAX)
		panic("ipc_space_reference: space %p had %u references",
		      (void *)space, old);
}

void
ipc_space_release(ipc_space_t space)
{
	uint32_t old = __atomic_fetch_sub(&space->is_refs, 1, __ATOMIC_ACQ_REL);
	if (old == 0)
		panic("ipc_space_release: space %p had no reference",
		      (void *)space);
	if (old != 1)
		return;
	if (space->is_active)
		panic("ipc_space_release: last reference of active space %p",
		      (void *)space);
	zfree(ipc_space_zone, space);
}

static void
destroy_entry(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
	      void *arg)
{
	(void)arg;
	ipc_right_destroy_entry(space, name, entry);
}

void
ipc_space_destroy(ipc_space_t space)
{
	is_write_lock(space);
	if (!space->is_active)
		panic("ipc_space_destroy: space %p destroyed twice",
		      (void *)space);
	space->is_active = false;
	is_write_unlock(space);

	/*
	 * No lock: the space is inactive, so no other call looks at its
	 * entries; ipc_right_destroy_entry's own locking (the ports')
	 * is all that is needed.
	 */
	ipc_entry_foreach(space, destroy_entry, NULL);
	if (space->is_count != 0 || space->is_reverse_count != 0)
		panic("ipc_space_destroy: %u entries left in space %p",
		      space->is_count, (void *)space);
	ipc_entry_space_fini(space);
	ipc_space_release(space);
}
