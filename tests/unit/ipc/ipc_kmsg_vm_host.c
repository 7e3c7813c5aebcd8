/*
 * ipc_kmsg_vm_host.c: the memory side of out-of-line items
 * (ipc/ipc_kmsg_vm.h) for the host unit tests of ipc_kmsg.c.  "User"
 * addresses are host pointers: an address below IKM_HOST_BAD_BELOW is
 * unmapped, anything else readable.  A copy is a malloc'd snapshot;
 * ikm_host_copies counts those alive, ikm_host_allocations the memory
 * given to the "receiver" (malloc'd, freed by the test).
 */

#include <stdlib.h>
#include <string.h>

#include "ipc/ipc_kmsg_vm.h"
#include "tests/unit/ipc/ipc_test.h"

struct host_copy {
	vm_size_t len;
	char bytes[];
};

int ikm_host_copies;
int ikm_host_allocations;
int ikm_host_no_space;            /* make the next allocations fail */
vm_offset_t ikm_host_deallocated; /* the last ikm_vm_deallocate's address */

static bool
mapped(vm_offset_t addr, vm_size_t len)
{
	return addr >= IKM_HOST_BAD_BELOW && addr + len >= addr &&
	       len < ((vm_size_t)1 << 32);
}

kern_return_t
ikm_vm_copyin(vm_offset_t addr, vm_size_t len, bool dealloc, void **copy)
{
	(void)dealloc;
	*copy = NULL;
	if (len == 0)
		return KERN_SUCCESS;
	if (!mapped(addr, len))
		return KERN_INVALID_ADDRESS;
	struct host_copy *c = malloc(sizeof *c + len);
	if (c == NULL)
		return KERN_RESOURCE_SHORTAGE;
	c->len = len;
	memcpy(c->bytes, (const void *)addr, len);
	ikm_host_copies++;
	*copy = c;
	return KERN_SUCCESS;
}

kern_return_t
ikm_vm_copyout(void *copy, vm_offset_t *addr)
{
	struct host_copy *c = copy;
	*addr = 0;
	if (c == NULL)
		return KERN_SUCCESS;
	if (ikm_host_no_space)
		return KERN_NO_SPACE;
	char *p = malloc(c->len);
	if (p == NULL)
		return KERN_RESOURCE_SHORTAGE;
	memcpy(p, c->bytes, c->len);
	free(c);
	ikm_host_copies--;
	ikm_host_allocations++;
	*addr = (vm_offset_t)p;
	return KERN_SUCCESS;
}

void
ikm_vm_discard(void *copy)
{
	if (copy == NULL)
		return;
	free(copy);
	ikm_host_copies--;
}

kern_return_t
ikm_vm_read(vm_offset_t uaddr, void *buf, vm_size_t len)
{
	if (!mapped(uaddr, len))
		return KERN_INVALID_ADDRESS;
	memcpy(buf, (const void *)uaddr, len);
	return KERN_SUCCESS;
}

kern_return_t
ikm_vm_deallocate(vm_offset_t addr, vm_size_t len)
{
	(void)len;
	ikm_host_deallocated = addr;
	return KERN_SUCCESS;
}

kern_return_t
ikm_vm_allocate(vm_size_t len, vm_offset_t *addr)
{
	*addr = 0;
	if (ikm_host_no_space)
		return KERN_NO_SPACE;
	void *p = calloc(1, len);
	if (p == NULL)
		return KERN_RESOURCE_SHORTAGE;
	ikm_host_allocations++;
	*addr = (vm_offset_t)p;
	return KERN_SUCCESS;
}

kern_return_t
ikm_vm_write(vm_offset_t uaddr, const void *buf, vm_size_t len)
{
	memcpy((void *)uaddr, buf, len);
	return KERN_SUCCESS;
}
