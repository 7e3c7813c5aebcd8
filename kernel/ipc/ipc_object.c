/*
 * ipc/ipc_object.c: references on ports and port sets.
 *
 * Lock order: see ipc/ipc_space.h.  Nothing here takes a lock: the
 * reference count is atomic, and the last reference is dropped by the
 * only holder left, so reading io_active then needs no lock.
 */

#include "ipc/ipc_object.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "kern/panic.h"

void
ipc_object_init(ipc_object_t object, enum ipc_object_type otype)
{
	simple_lock_init(&object->io_lock);
	object->io_refs = 1;
	object->io_active = true;
	object->io_otype = (uint8_t)otype;
}

/* ipc_object_release's end when the count was `old' (0 or 1). */
void
ipc_object_release_last(ipc_object_t object, uint32_t old)
{
	if (old == 0)
		panic("ipc_object_release: object %p had no reference",
		      (void *)object);
	if (object->io_active)
		panic("ipc_object_release: last reference of active object %p",
		      (void *)object);
	if (object->io_otype == IOT_PORT)
		ipc_port_free((ipc_port_t)object);
	else
		ipc_pset_free((ipc_pset_t)object);
}
