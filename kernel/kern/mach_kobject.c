/*
 * kern/mach_kobject.c: the routines of mach.defs (tasks, threads,
 * virtual memory, memory objects) that its KernelServer stubs call,
 * where the kernel has no function of that name and signature already
 * (vm_allocate, vm_deallocate, vm_protect and vm_inherit are served by
 * the kernel's own; the thread routines are kern/thread_kobject.c's).  Each routine that answers
 * KERN_FAILURE is listed in docs/kobjects.md with what it waits for.
 * Compiled with KERNEL defined.
 */

#include <mach/task_special_ports.h>

#include "ipc/ipc_port.h"
#include "kern/host.h"
#include "kern/kalloc.h"
#include "kern/ipc_mig.h"
#include "machServer.h"
#include "vm/vm_map.h"

/* Tasks. */

kern_return_t
task_terminate(task_t task)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	task_terminate_internal(task, TASK_TERMINATED);
	return KERN_SUCCESS;
}

/* The special port `which' of `task': its slot, or NULL. */
static ipc_port_t *
task_special_slot(task_t task, int which)
{
	switch (which) {
	case TASK_KERNEL_PORT:
		return &task->itk_sself;
	case TASK_EXCEPTION_PORT:
		return &task->itk_exception;
	case TASK_BOOTSTRAP_PORT:
		return &task->itk_bootstrap;
	default:
		return NULL;
	}
}

kern_return_t
task_get_special_port(task_t task, int which, ipc_port_t *port)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_port_t *slot = task_special_slot(task, which);
	if (slot == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	if (task->itk_self == IP_NULL) {
		simple_unlock(&task->lock);
		return KERN_FAILURE; /* it has ended */
	}
	*port = ipc_port_copy_send(*slot);
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

kern_return_t
task_set_special_port(task_t task, int which, ipc_port_t port)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_port_t *slot = task_special_slot(task, which);
	if (slot == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	if (task->itk_self == IP_NULL) {
		simple_unlock(&task->lock);
		return KERN_FAILURE;
	}
	ipc_port_t old = *slot;
	*slot = port;
	simple_unlock(&task->lock);
	ipc_port_release_send(old);
	return KERN_SUCCESS;
}

/* Virtual memory. */

kern_return_t
vm_region(vm_map_t map, vm_address_t *address, vm_size_t *size,
	  vm_prot_t *protection, vm_prot_t *max_protection,
	  vm_inherit_t *inheritance, boolean_t *is_shared,
	  ipc_port_t *object_name, vm_offset_t *offset)
{
	/* The object's name port is not given out (GNU Mach gives none
	 * either for anonymous memory). */
	*object_name = IP_NULL;
	return vm_map_region(map, address, size, protection, max_protection,
			     inheritance, is_shared, offset);
}

/*
 * Send rights to the ports of `task''s threads, in the kernel form of an
 * out-of-line port array (ipc/ipc_kmsg.h): a kalloc'd block of exactly
 * `n' rights, which the reply owns.  A thread ending meanwhile gives a
 * null port.  The buffer grows until every thread fits (threads may be
 * made meanwhile).
 */
kern_return_t
task_threads(task_t task, thread_array_t *thread_list,
	     mach_msg_type_number_t *thread_listCnt)
{
	ipc_port_t *ports = NULL;
	unsigned cap = 0;

	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	for (;;) {
		simple_lock(&task->lock);
		if (task->itk_self == IP_NULL) {
			simple_unlock(&task->lock);
			kfree(ports, cap * sizeof *ports);
			return KERN_FAILURE; /* it has ended */
		}
		unsigned n = task->thread_count;
		if (n == cap) {
			unsigned i = 0;
			for (queue_chain_t *q = task->threads.next;
			     q != &task->threads; q = q->next)
				ports[i++] = retrieve_thread_self(queue_entry(
					q, struct thread, task_links));
			simple_unlock(&task->lock);
			*thread_list = (thread_array_t)(void *)ports;
			*thread_listCnt = n;
			return KERN_SUCCESS;
		}
		simple_unlock(&task->lock);
		/* Exactly n: the message frees n rights' worth. */
		kfree(ports, cap * sizeof *ports);
		cap = n;
		ports = n > 0 ? kalloc(n * sizeof *ports) : NULL;
		if (n > 0 && ports == NULL)
			return KERN_RESOURCE_SHORTAGE;
	}
}
