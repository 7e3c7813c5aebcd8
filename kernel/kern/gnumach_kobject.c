/*
 * kern/gnumach_kobject.c: the routines of gnumach.defs (GNU Mach's own
 * extensions) that its KernelServer stubs call; gsync's three are
 * kern/gsync.c's.  GNU Mach's semantics and codes; docs/kobjects.md
 * lists what answers KERN_FAILURE today and why.  Compiled with KERNEL
 * defined.
 *
 * Names: a task's (task->name, TASK_NAME_MAX bytes with its zero) and a
 * thread's (thread->name, THREAD_NAME_MAX) are debugging names, set
 * under the task's lock or the thread's ith_lock; they are read
 * without a lock for the console, so a writer keeps the last byte zero
 * and a reader at worst sees a mix of the old and new name.
 */

#include <mach/vm_prot.h>

#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "kern/ipc_mig.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "gnumachServer.h"
#include "ipc/ipc_port.h"
#include "task_notifyUser.h"
#include "machServer.h"
#include "vm/vm_page.h"

/* GNU Mach's vm_wire_all flags (its mach/vm_wire.h). */
#define VM_WIRE_ALL 3

/* Set the debugging name `dst' (`size' bytes) to the string `name'
 * (at most 64 bytes, the stub made it end in a zero), truncated and
 * zero-terminated, under `lock'. */
static void
debug_name_set(simple_lock_t *lock, char *dst, size_t size, const char *name)
{
	size_t n = strnlen(name, size - 1);
	simple_lock(lock);
	memcpy(dst, name, n);
	memset(dst + n, 0, size - n);
	simple_unlock(lock);
}

kern_return_t
task_set_name(task_t task, const_kernel_debug_name_t name)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	debug_name_set(&task->lock, task->name, sizeof task->name, name);
	return KERN_SUCCESS;
}

kern_return_t
thread_set_name(thread_t thread, const_kernel_debug_name_t name)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	debug_name_set(&thread->ith_lock, thread->name, sizeof thread->name,
		       name);
	return KERN_SUCCESS;
}

kern_return_t
thread_get_name(thread_t thread, kernel_debug_name_t name)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	memset(name, 0, sizeof(kernel_debug_name_t));
	simple_lock(&thread->ith_lock);
	memcpy(name, thread->name, sizeof thread->name);
	simple_unlock(&thread->ith_lock);
	name[sizeof thread->name - 1] = '\0';
	return KERN_SUCCESS;
}

/*
 * The caller's end, as GNU Mach's (glibc's pthread_exit): release the
 * thread's name for its port and its reply port in `task', free its
 * stack there, then terminate it.  A simpleroutine: the codes are for
 * the KTESTs.  The name and port operations fail quietly, as GNU
 * Mach's, on names that are not what they should be.
 */
kern_return_t
thread_terminate_release(thread_t thread, task_t task,
			 mach_port_name_t thread_name,
			 mach_port_name_t reply_port, vm_address_t address,
			 vm_size_t size)
{
	if (thread == NULL || task == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	ipc_space_t space = task->itk_space;
	if (space != NULL)
		ipc_space_reference(space);
	vm_map_t map = task->map;
	if (map != VM_MAP_NULL)
		vm_map_reference(map);
	simple_unlock(&task->lock);
	if (space != NULL) {
		(void)mach_port_deallocate(space, thread_name);
		if (reply_port != 0)
			(void)mach_port_destroy(space, reply_port);
		ipc_space_release(space);
	}
	if (map != VM_MAP_NULL) {
		if (address != 0 || size != 0)
			(void)vm_deallocate(map, address, size);
		vm_map_deallocate(map);
	}
	return thread_terminate(thread);
}

/* The object cache's statistics.  There is no object cache yet (the
 * VM issue): its counts are 0; every page in use is anonymous
 * (temporary) memory and active; slab_count is the zones' pages. */
static void
zone_pages(zone_t zone, const struct zone_stats *stats, void *arg)
{
	(void)zone;
	*(uint64_t *)arg += stats->pages;
}

kern_return_t
vm_cache_statistics(vm_map_t target_task,
		    vm_cache_statistics_data_t *vm_cache_stats)
{
	struct vm_page_stats pages;
	uint64_t slab = 0;

	if (target_task == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	vm_page_get_stats(&pages);
	zone_foreach(zone_pages, &slab);
	memset(vm_cache_stats, 0, sizeof *vm_cache_stats);
	vm_cache_stats->active_tmp_count =
		(integer_t)(pages.managed - pages.free - slab);
	vm_cache_stats->slab_count = (integer_t)slab;
	return KERN_SUCCESS;
}

/* ---- Not served yet (docs/kobjects.md): KERN_FAILURE after the
 * checks GNU Mach makes first ---- */

/*
 * The new-task notification port: registered once, as GNU Mach
 * (KERN_NO_ACCESS while a live one is registered); unlike GNU Mach, a
 * registered port that has died may be replaced.  The send right is
 * the host's until replaced, or until the next task_create finds its
 * port dead and releases it.  Every task_create then sends
 * mach_notify_new_task to it without blocking (the queue limit does not
 * apply: a registrant that never receives only grows its own queue).
 */
kern_return_t
register_new_task_notification(host_t host_priv, ipc_port_t notification)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (!IP_VALID(notification))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&realhost.lock);
	ipc_port_t old = realhost.new_task_notification;
	if (IP_VALID(old)) {
		ip_lock(old);
		bool live = ip_active(old);
		ip_unlock(old);
		if (live) {
			simple_unlock(&realhost.lock);
			return KERN_NO_ACCESS; /* the dispatch destroys the right */
		}
	}
	realhost.new_task_notification = notification;
	simple_unlock(&realhost.lock);
	if (IP_VALID(old))
		ipc_port_release_send(old);
	return KERN_SUCCESS;
}

void
host_new_task_notify(task_t child, task_t parent)
{
	ipc_port_t notify = IP_NULL, dead = IP_NULL;

	/* A registered port found dead is let go of here. */
	simple_lock(&realhost.lock);
	ipc_port_t registered = realhost.new_task_notification;
	if (IP_VALID(registered)) {
		notify = ipc_port_copy_send(registered);
		if (!IP_VALID(notify)) {
			dead = registered;
			realhost.new_task_notification = IP_NULL;
		}
	}
	simple_unlock(&realhost.lock);
	if (IP_VALID(dead))
		ipc_port_release_send(dead);
	if (!IP_VALID(notify))
		return;
	/* The two rights are consumed whatever happens to the message. */
	(void)mach_notify_new_task(notify, retrieve_task_self(child),
				   parent != NULL ? retrieve_task_self(parent)
						  : IP_NULL);
	ipc_port_release_send(notify);
}

/* GNU Mach's vm_wire_all (vm/vm_map_wire.c): the privileged host port
 * only. */
kern_return_t
vm_wire_all(ipc_port_t host, vm_map_t task, vm_wire_t flags)
{
	if (convert_port_to_host_priv(host) == NULL)
		return KERN_INVALID_HOST;
	if (task == VM_MAP_NULL)
		return KERN_INVALID_TASK;
	if ((flags & ~VM_WIRE_ALL) != 0)
		return KERN_INVALID_ARGUMENT;
	return vm_map_wire_all(task, (int)flags);
}

/* Pagers' objects and physical memory: the VM issue. */

kern_return_t
vm_object_sync(memory_object_name_t object, vm_offset_t offset, vm_size_t size,
	       boolean_t should_flush, boolean_t should_return,
	       boolean_t should_iosync)
{
	(void)object;
	(void)offset;
	(void)size;
	(void)should_flush;
	(void)should_return;
	(void)should_iosync;
	return KERN_FAILURE;
}

kern_return_t
vm_msync(vm_map_t target_task, vm_address_t address, vm_size_t size,
	 vm_sync_t sync_flags)
{
	(void)address;
	(void)size;
	(void)sync_flags;
	return target_task == VM_MAP_NULL ? KERN_INVALID_TASK : KERN_FAILURE;
}

/* The physical-memory calls' answer today: GNU Mach's checks, then
 * KERN_FAILURE. */
static kern_return_t
physical_refused(host_t host_priv, vm_map_t target_task)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (target_task == VM_MAP_NULL)
		return KERN_INVALID_TASK;
	return KERN_FAILURE;
}

kern_return_t
vm_allocate_contiguous(host_t host_priv, vm_map_t target_task,
		       vm_address_t *vaddr, rpc_phys_addr_t *paddr,
		       vm_size_t size, rpc_phys_addr_t pmin,
		       rpc_phys_addr_t pmax, rpc_phys_addr_t palign)
{
	(void)vaddr;
	(void)paddr;
	(void)size;
	(void)pmin;
	(void)pmax;
	(void)palign;
	return physical_refused(host_priv, target_task);
}

kern_return_t
vm_pages_phys(host_t host_priv, vm_map_t target_task, vm_address_t vaddr,
	      vm_size_t size, rpc_phys_addr_array_t *pages,
	      mach_msg_type_number_t *pagesCnt)
{
	(void)vaddr;
	(void)size;
	(void)pages;
	(void)pagesCnt;
	return physical_refused(host_priv, target_task);
}

/* An essential task's death stops GNU Mach; the task end has no hook
 * for it yet. */
kern_return_t
task_set_essential(task_t task, boolean_t essential)
{
	(void)essential;
	return task == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}
