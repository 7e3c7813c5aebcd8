/*
 * ipc/ipc_kmsg_vm.h: what out-of-line message items need of memory,
 * for ipc/ipc_kmsg.c: the copy objects of vm/vm_map_copy.h and the user
 * memory of the current task.  A separate file so that the host unit
 * tests of ipc_kmsg.c can link a fake of it
 * (tests/unit/ipc/ipc_kmsg_vm_host.c) instead of the VM system.
 *
 * Every call works on the current task's map: copyin runs in the
 * sender's context (mach_msg's send, and copyout_pseudo's give-back),
 * copyout in the receiver's.  A copy is an opaque pointer here
 * (a vm_map_copy_t in the kernel).
 */
#ifndef IPC_IPC_KMSG_VM_H
#define IPC_IPC_KMSG_VM_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/machine_types.h>

/* vm_map_copyin of the current map (src_destroy: `dealloc'): a copy
 * into *copy, NULL for len 0.  Its codes. */
kern_return_t ikm_vm_copyin(vm_offset_t addr, vm_size_t len, bool dealloc,
			    void **copy);

/* vm_map_copyout into the current map; consumes the copy on success. */
kern_return_t ikm_vm_copyout(void *copy, vm_offset_t *addr);

/* vm_map_copy_discard (NULL: nothing). */
void ikm_vm_discard(void *copy);

/* copyin from the current task: KERN_SUCCESS or KERN_INVALID_ADDRESS. */
kern_return_t ikm_vm_read(vm_offset_t uaddr, void *buf, vm_size_t len);

/* vm_deallocate of the current map. */
kern_return_t ikm_vm_deallocate(vm_offset_t addr, vm_size_t len);

/* vm_allocate anywhere in the current map (zero-filled): *addr. */
kern_return_t ikm_vm_allocate(vm_size_t len, vm_offset_t *addr);

/* copyout to the current task: KERN_SUCCESS or KERN_INVALID_ADDRESS. */
kern_return_t ikm_vm_write(vm_offset_t uaddr, const void *buf, vm_size_t len);

#endif
