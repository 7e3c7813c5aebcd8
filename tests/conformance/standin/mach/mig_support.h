/*
 * mach/mig_support.h: what GNU MIG's user stubs expect from the C
 * library (the GNU C library's header of this name on the Hurd); the
 * conformance tier's runtime (rt.c) provides it.
 */
#ifndef CONFORMANCE_MACH_MIG_SUPPORT_H
#define CONFORMANCE_MACH_MIG_SUPPORT_H

#include <mach/message.h>
#include <mach/port.h>
#include <mach/std_types.h> /* vm_address_t, vm_size_t */

mach_port_t mig_get_reply_port(void);
void mig_dealloc_reply_port(mach_port_t port);
void mig_put_reply_port(mach_port_t port);
void mig_allocate(vm_address_t *addr, vm_size_t size);
void mig_deallocate(vm_address_t addr, vm_size_t size);
vm_size_t mig_strncpy(char *dst, const char *src, vm_size_t len);

/* The C library's mach_msg: the trap, restarted when interrupted. */
mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_t rcv_name, mach_msg_timeout_t timeout,
			   mach_port_t notify);

#endif
