/*
 * fake_ram.h: physical memory for the host unit tests of code above
 * vm_page: host memory stands for physical [0, arena) (phys_to_virt
 * reaches it through host_phys_base) and vm_page manages some of its
 * frames, all free.
 */
#ifndef TESTS_UNIT_HOST_FAKE_RAM_H
#define TESTS_UNIT_HOST_FAKE_RAM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Allocate the arena (zeroed, aligned to 4 MiB like the largest buddy
 * block) and give frames [first_pfn, first_pfn + npages) to vm_page.
 * Aborts the test if the host has no memory for it.
 */
void fake_ram_setup(size_t arena_bytes, uint64_t first_pfn, uint64_t npages);

/* Free the arena and the page array. */
void fake_ram_teardown(void);

/* vm_page's count of free frames. */
uint64_t fake_ram_free_pages(void);

#endif
