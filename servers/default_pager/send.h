/*
 * send.h: the calls mach.defs' user stubs make when generated for the
 * default pager with `-subrprefix dp_' (send.c; its dp_machUser.c is
 * compiled with this header included first).
 */

#ifndef SERVERS_DEFAULT_PAGER_SEND_H
#define SERVERS_DEFAULT_PAGER_SEND_H

#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/vm_prot.h>

/* mach_msg, a one-way send with a time-out of 0 (a message given back
 * destroyed); anything else as mach_msg. */
mach_msg_return_t dp_mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			      mach_msg_size_t send_size,
			      mach_msg_size_t rcv_size, mach_port_t rcv_name,
			      mach_msg_timeout_t timeout, mach_port_t notify);

/* The pager's answers: mach.defs' memory_object_* user stubs, the
 * dp_ copies (declared here and not through their generated header,
 * whose include guard is libmach's <mach/mach_interface.h>'s; the stubs
 * are compiled with this header, so a signature that differs from
 * theirs does not build). */
kern_return_t
dp_memory_object_ready(memory_object_control_t memory_control,
		       boolean_t may_cache,
		       memory_object_copy_strategy_t copy_strategy);
kern_return_t dp_memory_object_data_supply(
	memory_object_control_t memory_control, vm_offset_t offset,
	vm_offset_t data, mach_msg_type_number_t dataCnt, boolean_t dataDealloc,
	vm_prot_t lock_value, boolean_t precious, mach_port_t reply_to);
kern_return_t
dp_memory_object_data_unavailable(memory_object_control_t memory_control,
				  vm_offset_t offset, vm_size_t size);
kern_return_t
dp_memory_object_data_error(memory_object_control_t memory_control,
			    vm_offset_t offset, vm_size_t size,
			    kern_return_t error_value);
kern_return_t dp_memory_object_lock_request(
	memory_object_control_t memory_control, vm_offset_t offset,
	vm_size_t size, memory_object_return_t should_return,
	boolean_t should_flush, vm_prot_t lock_value, mach_port_t reply_to);

/* libmach's reply ports. */
mach_port_t dp_mig_get_reply_port(void);
void dp_mig_put_reply_port(mach_port_t port);
void dp_mig_dealloc_reply_port(mach_port_t port);

#endif
