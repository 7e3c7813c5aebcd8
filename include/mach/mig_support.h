/*
 * mach/mig_support.h: the runtime MIG user stubs call (libmach
 * provides it).
 */
#ifndef _MACH_MIG_SUPPORT_H_
#define _MACH_MIG_SUPPORT_H_

#include <mach/message.h>
#include <mach/port.h>

/* A send-once-able reply port for this thread. */
extern mach_port_t mig_get_reply_port(void);
/* The reply port is suspect (an RPC failed): forget it. */
extern void mig_dealloc_reply_port(mach_port_t port);
/* The RPC completed: the reply port may be reused. */
extern void mig_put_reply_port(mach_port_t port);
/* Fresh zeroed memory for data a reply brings back that does not fit
 * the caller's buffer; the caller owns it (vm_deallocate). */
extern void mig_allocate(vm_address_t *addr, vm_size_t size);
/* Give back memory a message brought out of line (server stubs: an in
 * array[] that came out of line, once the implementation succeeded). */
extern void mig_deallocate(vm_address_t addr, vm_size_t size);
/* Copy at most len - 1 characters and a NUL (c_string items); returns
 * the characters copied.  len 0 writes nothing. */
extern vm_size_t mig_strncpy(char *dst, const char *src, vm_size_t len);

#endif
