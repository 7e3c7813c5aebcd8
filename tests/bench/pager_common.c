/*
 * tests/bench/pager_common.c: what the test pagers share (pager_common.h).
 */

#include <mach.h>
#include <mach/memory_object.h>

#include "memory_objectServer.h"
#include "pager_common.h"

volatile unsigned mo_unexpected;

void
mo_drop_terminated(mach_port_t control, mach_port_t name)
{
	(void)mach_port_mod_refs(mach_task_self(), control,
				 MACH_PORT_RIGHT_RECEIVE, -1);
	(void)mach_port_mod_refs(mach_task_self(), name,
				 MACH_PORT_RIGHT_RECEIVE, -1);
}

kern_return_t
memory_object_copy(memory_object_t old_memory_object,
		   mach_port_t old_memory_control, vm_offset_t offset,
		   vm_size_t length, mach_port_t new_memory_object)
{
	(void)old_memory_object;
	(void)old_memory_control;
	(void)offset;
	(void)length;
	(void)new_memory_object;
	mo_unexpected++;
	return KERN_FAILURE;
}

kern_return_t
memory_object_data_unlock(memory_object_t memory_object,
			  mach_port_t memory_control, vm_offset_t offset,
			  vm_size_t length, vm_prot_t desired_access)
{
	(void)memory_object;
	(void)memory_control;
	(void)offset;
	(void)length;
	(void)desired_access;
	mo_unexpected++;
	return KERN_FAILURE;
}

kern_return_t
memory_object_supply_completed(memory_object_t memory_object,
			       mach_port_t memory_control, vm_offset_t offset,
			       vm_size_t length, kern_return_t result,
			       vm_offset_t error_offset)
{
	(void)memory_object;
	(void)memory_control;
	(void)offset;
	(void)length;
	(void)result;
	(void)error_offset;
	mo_unexpected++;
	return KERN_FAILURE;
}

kern_return_t
memory_object_change_completed(memory_object_t memory_object,
			       boolean_t may_cache,
			       memory_object_copy_strategy_t copy_strategy)
{
	(void)memory_object;
	(void)may_cache;
	(void)copy_strategy;
	mo_unexpected++;
	return KERN_SUCCESS;
}
