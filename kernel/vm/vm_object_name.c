/*
 * vm/vm_object_name.c: an object's name port, what vm_region gives out
 * as the region's memory_object_name_t.
 *
 * As GNU Mach's vm_object_name, a region names the object at the bottom
 * of its entry's shadow chain: every mapping of one pager's object, and
 * every copy-on-write copy of one piece of anonymous memory, whatever
 * was written since, shows the same name.  An object a pager serves has
 * its name port from the start (vm/memory_object.c: IKOT_PAGER_NAME,
 * bound to the object, given to the pager with memory_object_init).  An
 * anonymous object gets one the first time it is named (GNU Mach makes
 * one with every object): IKOT_PAGER_NAME bound to nothing, for it is
 * only a name; collapse moves it up to the object that takes the
 * named one's place at the bottom (vm_object.c), and the object's end
 * destroys it, so the holders' rights become dead names.
 *
 * Locks: an object's, down the chain, hand over hand; no port lock is
 * taken with an object's held (vm/memory_object.h: a port's before an
 * object's).  Compiled with KERNEL defined, in the KernelServer archive.
 */

#include "ipc/ipc_port.h"
#include "vm/vm_object.h"

ipc_port_t
vm_object_name(vm_object_t object)
{
	/* Down to the bottom; the reference taken there keeps it (and its
	 * name) while no lock is held: collapse merges only an object whose
	 * one reference is its shadow's. */
	vm_object_t o = object;
	simple_lock(&o->lock);
	while (o->shadow != NULL) {
		vm_object_t below = o->shadow;
		simple_lock(&below->lock);
		simple_unlock(&o->lock);
		o = below;
	}
	o->ref_count++;
	ipc_port_t name = o->pager_name;
	simple_unlock(&o->lock);

	if (name == IP_NULL) {
		/* Made outside the lock; the first one set stays. */
		ipc_port_t made = ipc_port_create();
		if (made != IP_NULL)
			ipc_port_set_kobject(made, IKOT_PAGER_NAME, NULL);
		simple_lock(&o->lock);
		if (o->pager_name == IP_NULL) {
			o->pager_name = made;
			made = IP_NULL;
		}
		name = o->pager_name;
		simple_unlock(&o->lock);
		vm_object_name_destroy(made);
	}
	ipc_port_t right = name != IP_NULL ? ipc_port_make_send(name) : IP_NULL;
	vm_object_release(o);
	return right;
}

void
vm_object_name_destroy(ipc_port_t name)
{
	if (name == IP_NULL)
		return;
	ipc_port_set_kobject(name, IKOT_NONE, NULL);
	ipc_port_destroy(name);
}
