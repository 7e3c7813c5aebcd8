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

void
ipc_object_reference(ipc_object_t object)
{
	uint32_t old =
		__atomic_fetch_add(&object->io_refs, 1, __ATOMIC_RELAXED);
	if (old == 0 || old == UINT32_MAX)
		panic("ipc_object_reference: object %p had %u references",
		      (void *)object, old);
}

void
ipc_object_release_not_last(ipc_object_t object)
{
	uint32_t old =
		__atomic_fetch_sub(&object->io_refs, 1, __ATOMIC_RELEASE);
	if (old <= 1)
		panic("ipc_object_release_not_last: %p had %u references",
		      (void *)object, old);
}

void
ipc_object_release(ipc_object_t object)
{
	uint32_t old =
		__atomic_fetch_sub(&object->io_refs, 1, __ATOMIC_ACQ_REL);
	if (old == 0)
		panic("ipc_object_release: object %p had no reference",
		      (void *)object);
	if (old != 1)
		return;
	if (object->io_active)
		panic("ipc_object_release: last reference of active object %p",
		      (void *)object);
	if (object->io_otype == IOT_PORT)
		ipc_port_free((ipc_port_t)object);
	else
		ipc_pset_free((ipc_pset_t)object);
}
