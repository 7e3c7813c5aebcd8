/*
 * vm/vm_pageout_pager.c: the pager's side of page-out (vm/vm_pageout.h)
 * until the pager code (issue 11, the lead's) defines it: every object
 * is anonymous and no pager holds any page, so no page may be freed
 * and none can be paged out; the daemon reactivates them.  This file
 * goes when vm_pageout_page and vm_pageout_discardable are defined
 * where pagers are.
 */

#include "vm/vm_pageout.h"

bool
vm_pageout_discardable(struct vm_page *page)
{
	(void)page;
	return false;
}

bool
vm_pageout_page(struct vm_page *page)
{
	(void)page;
	return false;
}
