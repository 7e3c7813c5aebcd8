/*
 * kern/mach_unserved.c: the routines of mach.defs that the kernel does
 * not serve yet.  Each answers KERN_FAILURE, changing nothing; the
 * request's rights and memory are then destroyed by the dispatch (MIG's
 * rule for a failed routine), so nothing leaks.  docs/kobjects.md lists
 * them with what each waits for; each moves to kern/mach_kobject.c (or
 * the subsystem that owns it) when it is written.  Compiled with KERNEL
 * defined.
 */

#include "kern/ipc_mig.h"
#include "machServer.h"

/* The signatures are MIG's; the parameters are unused on purpose. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* Not served: restartable atomic sequences (GNU Mach has none either). */

kern_return_t
task_ras_control(task_t target_task, vm_address_t basepc, vm_address_t boundspc,
		 int flavor)
{
	return KERN_FAILURE;
}

/*
 * Not served yet: virtual memory with memory objects (the VM issue); vm_read,
 * vm_write and vm_copy are vm/vm_kobject.c's.
 */

kern_return_t
vm_map(vm_map_t target_task, vm_address_t *address, vm_size_t size,
       vm_address_t mask, boolean_t anywhere, memory_object_t memory_object,
       vm_offset_t offset, boolean_t copy, vm_prot_t cur_protection,
       vm_prot_t max_protection, vm_inherit_t inheritance)
{
	return KERN_FAILURE;
}

kern_return_t
vm_machine_attribute(vm_map_t target_task, vm_address_t address, vm_size_t size,
		     vm_machine_attribute_t attribute,
		     vm_machine_attribute_val_t *value)
{
	return KERN_FAILURE;
}

kern_return_t
vm_set_default_memory_manager(host_t host_priv, ipc_port_t *default_manager)
{
	return KERN_FAILURE;
}

/*
 * Not served yet: the pager side of the memory_object protocol (the VM issue).
 */

kern_return_t
memory_object_data_unavailable(memory_object_control_t memory_control,
			       vm_offset_t offset, vm_size_t size)
{
	return KERN_FAILURE;
}

kern_return_t
memory_object_get_attributes(memory_object_control_t memory_control,
			     boolean_t *object_ready, boolean_t *may_cache,
			     memory_object_copy_strategy_t *copy_strategy)
{
	return KERN_FAILURE;
}

kern_return_t
memory_object_lock_request(memory_object_control_t memory_control,
			   vm_offset_t offset, vm_size_t size,
			   memory_object_return_t should_return,
			   boolean_t should_flush, vm_prot_t lock_value,
			   ipc_port_t reply_to,
			   mach_msg_type_name_t reply_toPoly)
{
	return KERN_FAILURE;
}

kern_return_t
memory_object_data_error(memory_object_control_t memory_control,
			 vm_offset_t offset, vm_size_t size,
			 kern_return_t error_value)
{
	return KERN_FAILURE;
}

kern_return_t
memory_object_destroy(memory_object_control_t memory_control,
		      kern_return_t reason)
{
	return KERN_FAILURE;
}

kern_return_t
memory_object_data_supply(memory_object_control_t memory_control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t dataCnt, vm_prot_t lock_value,
			  boolean_t precious, ipc_port_t reply_to,
			  mach_msg_type_name_t reply_toPoly)
{
	return KERN_FAILURE;
}

kern_return_t
memory_object_ready(memory_object_control_t memory_control, boolean_t may_cache,
		    memory_object_copy_strategy_t copy_strategy)
{
	return KERN_FAILURE;
}

kern_return_t
memory_object_change_attributes(memory_object_control_t memory_control,
				boolean_t may_cache,
				memory_object_copy_strategy_t copy_strategy,
				ipc_port_t reply_to,
				mach_msg_type_name_t reply_toPoly)
{
	return KERN_FAILURE;
}
