/*
 * standin.c: the stand-in kernel of libmach's host tests (standin.h).
 */

#include <string.h>

#include "libmach/tls.h"
#include "mach.h"
#include "tests/unit/libmach/standin.h"

struct standin_call standin_calls[STANDIN_MAX_CALLS];
unsigned standin_ncalls;
kern_return_t standin_result;
mach_port_t standin_next_name;
void (*standin_mod_refs_hook)(void);
char standin_printed[1024];

/* libmach's start.c is not in the host tests: its
 * variables are here. */
mach_port_t mach_task_self_;
int mach_tls_ready;

void
standin_reset(void)
{
	memset(standin_calls, 0, sizeof standin_calls);
	standin_ncalls = 0;
	standin_result = KERN_SUCCESS;
	standin_next_name = 0x200;
	standin_mod_refs_hook = NULL;
	standin_printed[0] = '\0';
	mach_task_self_ = STANDIN_TASK;
	mach_tls_ready = 0;
}

static kern_return_t
record(enum standin_op op, mach_port_t task, mach_port_t name, long long arg1,
       long long arg2)
{
	if (standin_ncalls < STANDIN_MAX_CALLS)
		standin_calls[standin_ncalls] =
			(struct standin_call){ op, task, name, arg1, arg2 };
	standin_ncalls++;
	return standin_result;
}

kern_return_t
mach_port_deallocate(ipc_space_t task, mach_port_name_t name)
{
	return record(STANDIN_DEALLOCATE, task, name, 0, 0);
}

kern_return_t
mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
		   mach_port_right_t right, mach_port_delta_t delta)
{
	kern_return_t kr = record(STANDIN_MOD_REFS, task, name, right, delta);
	void (*hook)(void) = standin_mod_refs_hook;
	standin_mod_refs_hook = NULL;
	if (hook != NULL)
		hook();
	return kr;
}

kern_return_t
mach_port_insert_right(ipc_space_t task, mach_port_name_t name,
		       mach_port_t poly, mach_msg_type_name_t polyPoly)
{
	(void)poly;
	return record(STANDIN_INSERT_RIGHT, task, name, polyPoly, 0);
}

kern_return_t
mach_port_extract_right(ipc_space_t task, mach_port_name_t name,
			mach_msg_type_name_t desired_type, mach_port_t *poly,
			mach_msg_type_name_t *polyPoly)
{
	kern_return_t kr =
		record(STANDIN_EXTRACT_RIGHT, task, name, desired_type, 0);
	*poly = standin_next_name++;
	*polyPoly = MACH_MSG_TYPE_PORT_SEND_ONCE;
	return kr;
}

kern_return_t
vm_deallocate(vm_task_t target_task, vm_address_t address, vm_size_t size)
{
	return record(STANDIN_VM_DEALLOCATE, target_task, 0, (long long)address,
		      (long long)size);
}

kern_return_t
vm_allocate(vm_task_t target_task, vm_address_t *address, vm_size_t size,
	    boolean_t anywhere)
{
	kern_return_t kr = record(STANDIN_VM_ALLOCATE, target_task, 0,
				  (long long)size, anywhere);
	if (kr == KERN_SUCCESS)
		*address = 0x10000;
	return kr;
}

mach_port_t
mach_reply_port(void)
{
	record(STANDIN_REPLY_PORT, 0, standin_next_name, 0, 0);
	return standin_next_name++;
}

void
mach_print(const char *s)
{
	size_t used = strlen(standin_printed);
	strncat(standin_printed, s, sizeof standin_printed - used - 1);
}
