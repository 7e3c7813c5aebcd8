/*
 * ipc/ipc_kmsg_vm.c: the memory side of out-of-line message items
 * (ipc/ipc_kmsg_vm.h) over vm/vm_map_copy.h and kern/copyio.h.
 */

#include "ipc/ipc_kmsg_vm.h"
#include "kern/copyio.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_map.h"
#include "vm/vm_map_copy.h"

static vm_map_t
current_map(void)
{
	return current_thread()->task->map;
}

kern_return_t
ikm_vm_copyin(vm_offset_t addr, vm_size_t len, bool dealloc, void **copy)
{
	vm_map_copy_t c = VM_MAP_COPY_NULL;
	kern_return_t kr = vm_map_copyin(current_map(), addr, len, dealloc, &c);
	*copy = c;
	return kr;
}

kern_return_t
ikm_vm_copyout(void *copy, vm_offset_t *addr)
{
	return vm_map_copyout(current_map(), addr, copy);
}

void
ikm_vm_discard(void *copy)
{
	vm_map_copy_discard(copy);
}

kern_return_t
ikm_vm_read(vm_offset_t uaddr, void *buf, vm_size_t len)
{
	return copyin((const void *)uaddr, buf, len);
}

kern_return_t
ikm_vm_deallocate(vm_offset_t addr, vm_size_t len)
{
	return vm_deallocate(current_map(), addr, len);
}

kern_return_t
ikm_vm_allocate(vm_size_t len, vm_offset_t *addr)
{
	*addr = 0;
	return vm_allocate(current_map(), addr, len, true);
}

kern_return_t
ikm_vm_write(vm_offset_t uaddr, const void *buf, vm_size_t len)
{
	return copyout(buf, (void *)uaddr, len);
}
