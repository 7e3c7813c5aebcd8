/*
 * kern/ipc_tt.c: port to object conversions for tasks (ipc_tt.h).
 */

#include "kern/ipc_tt.h"

#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "kern/task.h"

ipc_space_t
convert_port_to_space(ipc_port_t port)
{
	ipc_space_t space = NULL;

	if (port == IP_NULL || port == IP_DEAD)
		return NULL;
	ip_lock(port);
	if (ip_active(port) && port->ip_kotype == IKOT_TASK) {
		struct task *task = port->ip_kobject;
		/* The task's space lives as long as the task holds it; the
		 * reference keeps it past the port's lock. */
		space = task->itk_space;
		if (space != NULL)
			ipc_space_reference(space);
	}
	ip_unlock(port);
	return space;
}

void
space_deallocate(ipc_space_t space)
{
	if (space != NULL)
		ipc_space_release(space);
}
