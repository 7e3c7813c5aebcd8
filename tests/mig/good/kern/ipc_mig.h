/* Stand-in for the kernel's kern/ipc_mig.h: what kernel stubs call. */
#ifndef KERN_IPC_MIG_H
#define KERN_IPC_MIG_H
#include <mach/message.h>
typedef struct ipc_port *ipc_port_t;
mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg,
					    mach_msg_size_t size);
mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg,
					   mach_msg_size_t send_size,
					   mach_msg_size_t rcv_size);
void mig_deallocate(vm_address_t addr, vm_size_t size);
#endif
