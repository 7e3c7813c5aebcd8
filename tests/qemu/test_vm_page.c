/*
 * test_vm_page.c: the physical page allocator on the real memory map.
 */

#include <machine/vm_param.h>

#include "kern/ktest.h"
#include "kern/string.h"
#include "vm/vm_page.h"

/*
 * Take every free page, write its own address into it, check that no
 * page was handed out twice (every page still holds its own address),
 * give them all back and find the allocator as it was.
 */
KTEST(vm_page_exhaust_all_memory)
{
	struct vm_page_stats before, after;
	vm_page_get_stats(&before);
	KTEST_ASSERT(before.free > 1000);

	/* Chain the allocated pages through their own first word. */
	uint64_t head = 0, count = 0;
	struct vm_page *p;
	while ((p = vm_page_alloc()) != NULL) {
		uint64_t pa = vm_page_to_phys(p);
		uint64_t *words = phys_to_virt(pa);
		words[0] = head;
		words[1] = pa;
		words[PAGE_SIZE / 8 - 1] = ~pa;
		head = pa;
		count++;
	}
	KTEST_ASSERT_EQ(count, before.free);

	uint64_t checked = 0;
	bool intact = true;
	for (uint64_t pa = head; pa != 0;) {
		uint64_t *words = phys_to_virt(pa);
		if (words[1] != pa || words[PAGE_SIZE / 8 - 1] != ~pa)
			intact = false;
		uint64_t next = words[0];
		vm_page_free(vm_page_lookup(pa));
		pa = next;
		checked++;
	}
	KTEST_ASSERT(intact);
	KTEST_ASSERT_EQ(checked, count);

	vm_page_get_stats(&after);
	KTEST_ASSERT_EQ(after.free, before.free);
	KTEST_ASSERT_EQ(after.managed, before.managed);
	for (unsigned k = 0; k < VM_PAGE_MAX_ORDER; k++)
		KTEST_ASSERT_EQ(after.free_blocks[k], before.free_blocks[k]);
}

/* Blocks of every order, freed in the opposite order, merge back. */
KTEST(vm_page_orders_merge_back)
{
	struct vm_page_stats before, after;
	struct vm_page *blocks[VM_PAGE_MAX_ORDER];
	vm_page_get_stats(&before);
	for (unsigned k = 0; k < VM_PAGE_MAX_ORDER; k++) {
		blocks[k] = vm_page_alloc_order(k);
		KTEST_ASSERT(blocks[k] != NULL);
		uint64_t pa = vm_page_to_phys(blocks[k]);
		KTEST_ASSERT_EQ(pa & ((PAGE_SIZE << k) - 1), 0);
		memset(phys_to_virt(pa), 0xa5, PAGE_SIZE << k);
	}
	for (unsigned k = VM_PAGE_MAX_ORDER; k-- > 0;)
		vm_page_free_order(blocks[k], k);
	vm_page_get_stats(&after);
	KTEST_ASSERT_EQ(after.free, before.free);
	for (unsigned k = 0; k < VM_PAGE_MAX_ORDER; k++)
		KTEST_ASSERT_EQ(after.free_blocks[k], before.free_blocks[k]);
}
