/*
 * ktest_memory.h: how much memory is free and how much of a zone is in
 * use, for boot tests that check everything was given back.
 */
#ifndef TESTS_QEMU_KTEST_MEMORY_H
#define TESTS_QEMU_KTEST_MEMORY_H

#include <stdint.h>

/*
 * Free pages, after draining the kernel's caches of free memory (the
 * kmsg cache, cached stacks, whose mappings hold pv entries, then empty
 * zone chunks), counting its own page tables as free: they grow for new
 * stack slots and are kept.
 */
uint64_t ktest_free_memory_pages(void);

/* Elements in use in the zone called `name' (0 if there is none). */
uint64_t ktest_zone_in_use(const char *name);

/* Print every zone's elements in use, to tell where memory went. */
void ktest_print_zones(void);

#endif
