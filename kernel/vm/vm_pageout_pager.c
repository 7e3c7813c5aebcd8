/*
 * vm/vm_pageout_pager.c: the pager's side of page-out (vm/vm_pageout.h).
 * A clean page of an object a live pager serves may be freed: a later
 * fault asks the pager for it again (vm/memory_object.c).  Dirty pages
 * are not paged out by the daemon yet: a pager's go back to it at
 * memory_object_lock_request and at the object's end; the kernel's
 * anonymous memory waits for the default pager's side (docs/vm.md).
 */

#include "vm/vm_object.h"
#include "vm/vm_pageout.h"

bool
vm_pageout_discardable(struct vm_page *page)
{
	vm_object_t object = page->object;
	return object->pager != NULL && !object->pager_dead;
}

bool
vm_pageout_page(struct vm_page *page)
{
	(void)page;
	return false;
}
