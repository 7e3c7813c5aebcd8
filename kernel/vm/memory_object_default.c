/*
 * vm/memory_object_default.c: the kernel's side of the default memory
 * manager (docs/default_pager.md, "What the kernel must do"):
 * vm_set_default_memory_manager, and page-out of anonymous memory.
 *
 * The first dirty page the page-out daemon takes from an anonymous
 * object makes it the default pager's: a port of the kernel's becomes
 * its memory object (sent with memory_object_create, receive right
 * and all), control and name ports are made, and an existence map
 * starts, a bit a page, set for each page given to the pager.  Only
 * those pages are asked of it (memory_object_data_request, through the
 * fault path of vm/memory_object.c); the rest of the object is as
 * before, its own pages, its shadow's, or zero.  The object is ready
 * at once, as GNU Mach's are: the manager never says
 * memory_object_ready for them.  Each page goes with
 * memory_object_data_return (dirty, not kernel_copy): its frame moves
 * into the message's copy object, so no page is allocated or copied
 * to free one.
 *
 * An external pager's object's dirty pages go the same way to their
 * pager (no create, no existence map: it has every page), as in GNU
 * Mach, while its port's queue has room: the kernel's sends ignore
 * queue limits, so a pager that does not receive would otherwise
 * collect the frames of all its pages; held back, they stay resident
 * as before, returned at lock_request and at the object's end.
 *
 * Not paged out: a page wired, an object whose manager (or pager)
 * failed it, and an object too large for its existence map in kalloc.  Shared memory (VM_INHERIT_SHARE) is: its eager
 * copies (vm_object_copy_range) bring what the pager holds back in
 * first (VM_FAULT_RETRY, with the map unlocked).
 *
 * Locks: manager_lock, then a port's lock.  The daemon's one pass at a
 * time fills `pending' under the object's lock, locking no port but the
 * new ones it makes, and sends it with no lock held (the manager's
 * send right is taken then).
 */

#include <mach/memory_object.h>

#include "ipc/ipc_port.h"
#include "kern/host.h"
#include "kern/kalloc.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "machServer.h"
#include "memory_objectUser.h"
#include "memory_object_defaultUser.h"
#include "vm/memory_object.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_pageout.h"

static simple_lock_t manager_lock = SIMPLE_LOCK_INITIALIZER;
static ipc_port_t manager; /* a send right, or IP_NULL */

/* Let go of a manager whose port died: its dead port would be kept
 * forever.  The kernel holds no notification for it, so each use asks. */
static void
manager_forget_dead(void)
{
	ipc_port_t dead = IP_NULL;
	simple_lock(&manager_lock);
	if (IP_VALID(manager)) {
		ip_lock(manager);
		if (!ip_active(manager))
			dead = manager;
		ip_unlock(manager);
		if (dead != IP_NULL)
			manager = IP_NULL;
	}
	simple_unlock(&manager_lock);
	if (dead != IP_NULL)
		ipc_port_release_send(dead);
}

ipc_port_t
memory_object_default_manager(void)
{
	manager_forget_dead();
	simple_lock(&manager_lock);
	ipc_port_t port =
		IP_VALID(manager) ? ipc_port_copy_send(manager) : IP_NULL;
	simple_unlock(&manager_lock);
	return port;
}

kern_return_t
vm_set_default_memory_manager(host_t host_priv, ipc_port_t *default_manager)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	ipc_port_t new = *default_manager;
	if (!IP_VALID(new)) {
		/* Only asked: the current one, or a null port. */
		*default_manager = memory_object_default_manager();
		return KERN_SUCCESS;
	}
	manager_forget_dead();
	simple_lock(&manager_lock);
	ipc_port_t old = manager;
	manager = new;
	simple_unlock(&manager_lock);
	*default_manager = old; /* our right, given back */
	return KERN_SUCCESS;
}

/* ---- Page-out ---- */

static struct {
	vm_object_t object; /* referenced, or NULL: nothing to send */
	vm_offset_t offset;
	vm_size_t length;   /* the run of pages from offset */
	vm_object_t frames; /* the run's pages, from 0 (data's object) */
	vm_map_copy_t data;
	ipc_port_t port; /* create: the memory object's receive right */
} pending;

/* Whether a manager is set (its port may have died since): no port
 * lock taken, so callable with an object's lock held. */
static bool
manager_set(void)
{
	simple_lock(&manager_lock);
	bool set = IP_VALID(manager);
	simple_unlock(&manager_lock);
	return set;
}

/* Mark the page at `offset' of `object' (locked) the manager's. */
static void
existence_set(vm_object_t object, vm_offset_t offset)
{
	uint64_t n = offset / PAGE_SIZE;
	object->existence[n / 64] |= (uint64_t)1 << (n % 64);
}

/*
 * Make `object' (locked, anonymous) the default pager's: its memory
 * object port into *port (the receive right, for memory_object_create),
 * its control and name ports, its existence map.  False, nothing
 * changed, if memory is short.  The ports are new: nobody else can
 * take their locks, so the order against the object's does not arise.
 */
static bool
make_internal_locked(vm_object_t object, ipc_port_t *port)
{
	vm_size_t bytes = memory_object_existence_bytes(object);
	uint64_t *existence = kalloc(bytes);
	ipc_port_t mo = ipc_port_create();
	ipc_port_t control = memory_object_port_create(IKOT_PAGER, object);
	ipc_port_t name = object->pager_name;
	if (name == IP_NULL)
		name = memory_object_port_create(IKOT_PAGER_NAME, object);
	if (existence == NULL || mo == IP_NULL || control == IP_NULL ||
	    name == IP_NULL) {
		if (existence != NULL)
			kfree(existence, bytes);
		if (mo != IP_NULL)
			ipc_port_destroy(mo);
		memory_object_port_destroy(control);
		if (name != object->pager_name)
			memory_object_port_destroy(name);
		return false;
	}
	memset(existence, 0, bytes);
	object->existence = existence;
	object->pager_control = control;
	object->pager_name = name;
	object->pager_ready = true;
	object->copy_strategy = MEMORY_OBJECT_COPY_DELAY;
	object->pager_internal = true;
	object->pager = ipc_port_make_send(mo); /* kept, as for any pager */
	*port = mo;
	return true;
}

/*
 * Whether an external pager may be sent one more page now: ready, and
 * room in its port's queue.  Read without the port's lock (it comes
 * before the object's, which is held): at worst a message or two
 * beyond the limit, which the kernel's send ignores anyway.
 */
static bool
external_pager_takes(vm_object_t object)
{
	ipc_port_t pager = object->pager;
	return object->pager_ready &&
	       __atomic_load_n(&pager->ip_msgcount, __ATOMIC_RELAXED) <
		       __atomic_load_n(&pager->ip_qlimit, __ATOMIC_RELAXED);
}

bool
memory_object_page_out(struct vm_page *page)
{
	vm_object_t object = page->object;
	bool external = vm_object_pager_external(object);
	if (object->pager_dead || object->pageout_copy ||
	    page->wire_count > 0 || page->offset >= object->size ||
	    pending.object != NULL ||
	    (external ? !external_pager_takes(object)
		      : object->pager == NULL && !manager_set()))
		return false;
	/* The page's frame leaves in this object, the message's data (room
	 * for the run after it: memory_object_page_append). */
	vm_size_t room = (vm_size_t)VM_PAGEOUT_CLUSTER * PAGE_SIZE;
	vm_object_t data = vm_object_allocate(room);
	if (data == NULL)
		return false;
	data->pageout_copy = true;
	vm_map_copy_t copy;
	if (vm_map_copy_from_object(data, room, &copy) != KERN_SUCCESS) {
		vm_object_deallocate(data);
		return false;
	}
	/* The manager's right is taken at the send, with no object
	 * locked (a port's lock comes before an object's). */
	ipc_port_t port = IP_NULL;
	if (object->pager == NULL && !make_internal_locked(object, &port)) {
		vm_map_copy_discard(copy);
		return false;
	}
	if (!external)
		existence_set(object, page->offset);
	pending.offset = page->offset;
	pending.length = PAGE_SIZE;
	pending.frames = data;
	vm_object_page_move_locked(object, page, data, 0);
	object->ref_count++; /* until it is sent */
	object->pageout_sending = true;
	pending.object = object;
	pending.data = copy;
	pending.port = port;
	return true;
}

bool
memory_object_page_append(struct vm_page *page)
{
	vm_object_t object = page->object;
	if (object != pending.object ||
	    page->offset != pending.offset + pending.length ||
	    pending.length >= (vm_size_t)VM_PAGEOUT_CLUSTER * PAGE_SIZE ||
	    page->offset >= object->size || page->wire_count > 0)
		return false;
	if (!vm_object_pager_external(object))
		existence_set(object, page->offset);
	vm_object_page_move_locked(object, page, pending.frames,
				   pending.length);
	pending.length += PAGE_SIZE;
	return true;
}

void
memory_object_page_send(void)
{
	vm_object_t object = pending.object;
	if (object == NULL)
		return;
	pending.object = NULL;
	if (pending.port != IP_NULL) {
		/* The object's first page out: the manager gets it.  Its
		 * size is fixed from now on (vm_object_extend refuses an
		 * object with a pager). */
		memory_object_hash_insert(object);
		ipc_port_t mgr = memory_object_default_manager();
		/* The rights and the port are consumed whatever happens
		 * (no manager any more: the port destroyed); sent nowhere,
		 * the port is dead and so is the object's pager right,
		 * which data_return finds. */
		if (IP_VALID(mgr))
			(void)memory_object_create(
				mgr, pending.port, object->size,
				object->pager_control, object->pager_name,
				PAGE_SIZE);
		else
			ipc_port_destroy(pending.port);
	}
	/* The message and the page are consumed whatever happens.  A
	 * pager dead by now (or a create that failed) loses the page:
	 * faults on it fail rather than wait. */
	vm_map_copy_truncate(pending.data, pending.length);
	if (memory_object_data_return(
		    object->pager, object->pager_control, pending.offset,
		    (vm_offset_t)(uintptr_t)pending.data, pending.length, true,
		    false) != KERN_SUCCESS)
		memory_object_pager_died(object); /* the page is lost */
	/* Queued behind it now, the requests may go. */
	simple_lock(&object->lock);
	object->pageout_sending = false;
	simple_unlock(&object->lock);
	thread_wakeup(&object->pager_ready);
	vm_object_deallocate(object);
}
