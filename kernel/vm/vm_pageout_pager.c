/*
 * vm/vm_pageout_pager.c: the pager's side of page-out (vm/vm_pageout.h).
 * A clean page of an object a live pager serves may be freed: a later
 * fault asks the pager for it again (vm/memory_object.c); for the
 * default pager's objects, only a page it holds.  A dirty page goes to
 * its pager with memory_object_data_return (vm/memory_object_default.c):
 * an anonymous object's to the default pager, an external pager's to
 * that pager while its port's queue has room.
 */

#include "vm/memory_object.h"
#include "vm/vm_object.h"
#include "vm/vm_pageout.h"

bool
vm_pageout_discardable(struct vm_page *page)
{
	vm_object_t object = page->object;
	if (object->pager == NULL || object->pager_dead)
		return false;
	return !object->pager_internal ||
	       vm_object_existence_test(object, page->offset);
}

bool
vm_pageout_page(struct vm_page *page)
{
	return memory_object_page_out(page);
}

bool
vm_pageout_page_append(struct vm_page *page)
{
	return memory_object_page_append(page);
}

void
vm_pageout_page_send(void)
{
	memory_object_page_send();
}
