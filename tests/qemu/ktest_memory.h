/*
 * ktest_memory.h: how much memory is free, for boot tests that check a
 * task gave back everything it had.
 */
#ifndef TESTS_QEMU_KTEST_MEMORY_H
#define TESTS_QEMU_KTEST_MEMORY_H

#include <stdint.h>

/*
 * Free pages, counting as free the kernel's caches of free memory
 * (empty zone chunks, which it drains first, and cached stacks) and its
 * own page tables, which grow for new stack slots and are kept.
 */
uint64_t ktest_free_memory_pages(void);

#endif
