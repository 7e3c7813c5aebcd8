/*
 * tests/unit/vm/no_pager.c: what kernel/vm calls of the pager protocol
 * (vm/memory_object.c) only for objects a pager serves.  The host
 * tests make none, so each of these fails the test if it is reached.
 */
#include <check.h>

#include "vm/memory_object.h"
#include "vm/vm_map.h"

void
memory_object_terminate_object(vm_object_t object)
{
	(void)object;
	ck_abort_msg("memory_object_terminate_object: no pager here");
}

kern_return_t
memory_object_fault_wait(struct vm_chain_result *r, vm_prot_t access)
{
	(void)r;
	(void)access;
	ck_abort_msg("memory_object_fault_wait: no pager here");
	return KERN_FAILURE;
}

kern_return_t
memory_object_page_in(vm_object_t object, vm_offset_t offset, vm_size_t size)
{
	(void)object;
	(void)offset;
	(void)size;
	ck_abort_msg("memory_object_page_in: no pager here");
	return KERN_FAILURE;
}

void
memory_object_fault_cancel(struct vm_chain_result *r)
{
	(void)r;
	ck_abort_msg("memory_object_fault_cancel: no pager here");
}

void
vm_object_name_destroy(struct ipc_port *name)
{
	(void)name;
	ck_abort_msg("vm_object_name_destroy: no name port here");
}

bool
memory_object_copy_later(vm_object_t object)
{
	(void)object;
	ck_abort_msg("memory_object_copy_later: no pager here");
	return false;
}

/* Called after every copyin and fork: with no pager's object in the
 * list there is nothing to do, and a pager's object fails the test. */
void
memory_object_copy_pending(struct vm_map_entry *e)
{
	for (; e != NULL; e = e->next)
		ck_assert_msg(e->object->pager == NULL,
			      "memory_object_copy_pending: no pager here");
}

/* Page-out: the host tests' anonymous objects have no default pager
 * (no manager is ever set), so nothing is taken nor sent. */
bool
memory_object_page_out(struct vm_page *page)
{
	(void)page;
	return false;
}

bool
memory_object_page_append(struct vm_page *page)
{
	(void)page;
	ck_abort_msg("memory_object_page_append: nothing was taken");
	return false;
}

void
memory_object_page_send(void)
{
	ck_abort_msg("memory_object_page_send: nothing was taken");
}

/* Collapse's rebinding of a default pager's ports: no ports here.  What
 * it answers is the test's to set; each call is counted. */
bool no_pager_rebind_ok = true;
unsigned no_pager_rebinds;

bool
memory_object_rebind_try(vm_object_t from, vm_object_t to)
{
	(void)from;
	(void)to;
	no_pager_rebinds++;
	return no_pager_rebind_ok;
}
