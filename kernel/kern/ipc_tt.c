/*
 * kern/ipc_tt.c: tasks' and threads' ports (ipc_tt.h).
 *
 * Lock order: a task's lock, then a thread's ith_lock (its ports), then
 * a port's.  A conversion takes a task or thread reference under the
 * port lock (atomic, no task lock), then drops the port lock before it
 * locks the task.
 */

#include "kern/ipc_tt.h"

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_map.h"

/* A kernel object's port: the receive right the kernel's, a send right
 * made for the kernel to hand out. */
static kern_return_t
kobject_port_create(ipc_kobject_type_t type, void *object, ipc_port_t *selfp,
		    ipc_port_t *sselfp)
{
	ipc_port_t port = ipc_port_create();
	if (port == IP_NULL)
		return KERN_RESOURCE_SHORTAGE;
	ipc_port_set_kobject(port, type, object);
	*selfp = port;
	*sselfp = ipc_port_make_send(port);
	return KERN_SUCCESS;
}

/* Unbind, then destroy; the send right the kernel kept goes too. */
static void
kobject_port_destroy(ipc_port_t self, ipc_port_t sself)
{
	if (self == IP_NULL)
		return;
	ip_lock(self);
	self->ip_kotype = IKOT_NONE;
	self->ip_kobject = NULL;
	ip_unlock(self);
	ipc_port_release_send(sself);
	ipc_port_destroy(self);
}

kern_return_t
ipc_task_init(task_t task)
{
	ipc_space_t space;
	if (ipc_space_create(&space) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	if (kobject_port_create(IKOT_TASK, task, &task->itk_self,
				&task->itk_sself) != KERN_SUCCESS) {
		ipc_space_destroy(space);
		return KERN_RESOURCE_SHORTAGE;
	}
	task->itk_space = space;
	return KERN_SUCCESS;
}

void
ipc_task_terminate(task_t task)
{
	/* The port first: a conversion that still finds the task then
	 * finds its space too, and holds a reference on it. */
	simple_lock(&task->lock);
	ipc_port_t self = task->itk_self, sself = task->itk_sself;
	ipc_port_t exc = task->itk_exception, boot = task->itk_bootstrap;
	ipc_port_t registered[TASK_PORT_REGISTER_MAX];
	task->itk_self = IP_NULL;
	task->itk_sself = IP_NULL;
	task->itk_exception = IP_NULL;
	task->itk_bootstrap = IP_NULL;
	for (unsigned i = 0; i < TASK_PORT_REGISTER_MAX; i++) {
		registered[i] = task->itk_registered[i];
		task->itk_registered[i] = IP_NULL;
	}
	simple_unlock(&task->lock);
	kobject_port_destroy(self, sself);
	ipc_port_release_send(exc);
	ipc_port_release_send(boot);
	for (unsigned i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		ipc_port_release_send(registered[i]);

	simple_lock(&task->lock);
	ipc_space_t space = task->itk_space;
	task->itk_space = NULL;
	simple_unlock(&task->lock);
	if (space != NULL)
		ipc_space_destroy(space);
}

void
ipc_task_inherit(task_t child, task_t parent)
{
	simple_lock(&parent->lock);
	child->itk_exception = ipc_port_copy_send(parent->itk_exception);
	child->itk_bootstrap = ipc_port_copy_send(parent->itk_bootstrap);
	for (unsigned i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		child->itk_registered[i] =
			ipc_port_copy_send(parent->itk_registered[i]);
	simple_unlock(&parent->lock);
}

kern_return_t
ipc_thread_init(thread_t thread)
{
	return kobject_port_create(IKOT_THREAD, thread, &thread->ith_self,
				   &thread->ith_sself);
}

void
ipc_thread_terminate(thread_t thread)
{
	simple_lock(&thread->ith_lock);
	ipc_port_t self = thread->ith_self, sself = thread->ith_sself;
	ipc_port_t exc = thread->ith_exception;
	thread->ith_self = IP_NULL;
	thread->ith_sself = IP_NULL;
	thread->ith_exception = IP_NULL;
	simple_unlock(&thread->ith_lock);
	kobject_port_destroy(self, sself);
	ipc_port_release_send(exc);
}

ipc_port_t
retrieve_task_self(task_t task)
{
	simple_lock(&task->lock);
	ipc_port_t port = ipc_port_copy_send(task->itk_sself);
	simple_unlock(&task->lock);
	return port;
}

ipc_port_t
retrieve_thread_self(thread_t thread)
{
	simple_lock(&thread->ith_lock);
	ipc_port_t port = ipc_port_copy_send(thread->ith_sself);
	simple_unlock(&thread->ith_lock);
	return port;
}

mach_port_name_t
ipc_port_copyout_send(ipc_port_t port, ipc_space_t space)
{
	bool lost = false;
	return ipc_kmsg_copyout_right(space, port, MACH_MSG_TYPE_PORT_SEND,
				      &lost);
}

ipc_space_t
convert_port_to_space(ipc_port_t port)
{
	task_t task = convert_port_to_task(port);
	if (task == NULL)
		return NULL;
	/* NULL once the task has ended; the reference keeps the space
	 * (dead, every call on it failing) past the lock. */
	simple_lock(&task->lock);
	ipc_space_t space = task->itk_space;
	if (space != NULL)
		ipc_space_reference(space);
	simple_unlock(&task->lock);
	task_deallocate(task);
	return space;
}

void
space_deallocate(ipc_space_t space)
{
	if (space != NULL)
		ipc_space_release(space);
}

task_t
convert_port_to_task(ipc_port_t port)
{
	task_t task = NULL;

	if (!IP_VALID(port))
		return NULL;
	ip_lock(port);
	if (ip_active(port) && port->ip_kotype == IKOT_TASK) {
		task = port->ip_kobject;
		task_reference(task);
	}
	ip_unlock(port);
	return task;
}

ipc_port_t
convert_task_to_port(task_t task)
{
	ipc_port_t port = retrieve_task_self(task);
	task_deallocate(task);
	return port;
}

vm_map_t
convert_port_to_map(ipc_port_t port)
{
	task_t task = convert_port_to_task(port);
	vm_map_t map = VM_MAP_NULL;
	if (task == NULL)
		return VM_MAP_NULL;
	simple_lock(&task->lock);
	map = task->map;
	if (map != VM_MAP_NULL)
		vm_map_reference(map);
	simple_unlock(&task->lock);
	task_deallocate(task);
	return map;
}

thread_t
convert_port_to_thread(ipc_port_t port)
{
	thread_t thread = NULL;

	if (!IP_VALID(port))
		return NULL;
	ip_lock(port);
	/* Bound until the thread destroys it, before the thread's end. */
	if (ip_active(port) && port->ip_kotype == IKOT_THREAD) {
		thread = port->ip_kobject;
		thread_reference(thread);
	}
	ip_unlock(port);
	return thread;
}

ipc_port_t
convert_thread_to_port(thread_t thread)
{
	if (thread == NULL)
		return IP_NULL;
	ipc_port_t port = retrieve_thread_self(thread);
	thread_deallocate(thread);
	return port;
}
