/*
 * ipc/mach_port_kobject.c: the routines of mach_port.defs that the
 * KernelServer stubs call where ipc/mach_port.c has no core of that
 * signature yet.  The other routines (allocate, allocate_name,
 * deallocate, destroy, type, rename, get_refs, mod_refs, insert_right,
 * extract_right, move_member) are the cores themselves.  Each answer
 * here is listed in docs/kobjects.md.  Compiled with KERNEL defined.
 */

#include "kern/ipc_mig.h"
#include "mach_portServer.h"

/*
 * The MIG form of mach_port_names: its arrays go out of line, as
 * vm_map_copy_t objects, which need the VM copy interface (ipc-vm).
 * Named kobject_mach_port_names in the kernel (kernel/local.mk renames
 * it in the stubs): ipc/mach_port.c's mach_port_names fills buffers.
 */
kern_return_t
kobject_mach_port_names(ipc_space_t task, mach_port_name_array_t *names,
			mach_msg_type_number_t *namesCnt,
			mach_port_type_array_t *types,
			mach_msg_type_number_t *typesCnt)
{
	(void)task;
	(void)names;
	(void)types;
	*namesCnt = 0;
	*typesCnt = 0;
	return KERN_FAILURE;
}

/* Out of line too: KERN_FAILURE until the VM copy interface. */
kern_return_t
mach_port_get_set_status(ipc_space_t task, mach_port_name_t name,
			 mach_port_name_array_t *members,
			 mach_msg_type_number_t *membersCnt)
{
	(void)task;
	(void)name;
	(void)members;
	*membersCnt = 0;
	return KERN_FAILURE;
}

/* The receive-side calls come with ipc-msg's message queues. */
kern_return_t
mach_port_set_qlimit(ipc_space_t task, mach_port_name_t name,
		     mach_port_msgcount_t qlimit)
{
	(void)task;
	(void)name;
	(void)qlimit;
	return KERN_FAILURE;
}

kern_return_t
mach_port_set_mscount(ipc_space_t task, mach_port_name_t name,
		      mach_port_mscount_t mscount)
{
	(void)task;
	(void)name;
	(void)mscount;
	return KERN_FAILURE;
}

kern_return_t
mach_port_request_notification(ipc_space_t task, mach_port_name_t name,
			       mach_msg_id_t id, mach_port_mscount_t sync,
			       ipc_port_t notify, ipc_port_t *previous)
{
	(void)task;
	(void)name;
	(void)id;
	(void)sync;
	(void)notify;
	*previous = IP_NULL;
	return KERN_FAILURE;
}

kern_return_t
mach_port_get_receive_status(ipc_space_t task, mach_port_name_t name,
			     mach_port_status_t *status)
{
	(void)task;
	(void)name;
	(void)status;
	return KERN_FAILURE;
}

kern_return_t
mach_port_set_seqno(ipc_space_t task, mach_port_name_t name,
		    mach_port_seqno_t seqno)
{
	(void)task;
	(void)name;
	(void)seqno;
	return KERN_FAILURE;
}

/* Protected payloads are not implemented. */
kern_return_t
mach_port_set_protected_payload(ipc_space_t task, mach_port_name_t name,
				rpc_uintptr_t payload)
{
	(void)task;
	(void)name;
	(void)payload;
	return KERN_FAILURE;
}

kern_return_t
mach_port_clear_protected_payload(ipc_space_t task, mach_port_name_t name)
{
	(void)task;
	(void)name;
	return KERN_FAILURE;
}
