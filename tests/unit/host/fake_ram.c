/*
 * fake_ram.c: host memory standing for physical memory.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <machine/vm_param.h>

#include "tests/unit/host/fake_ram.h"
#include "vm/vm_page.h"

#define ARENA_ALIGN (4u << 20)

static struct vm_page *pages;

void
fake_ram_setup(size_t arena_bytes, uint64_t first_pfn, uint64_t npages)
{
	host_phys_base = aligned_alloc(ARENA_ALIGN, arena_bytes);
	pages = calloc(npages, sizeof *pages);
	ck_assert_ptr_nonnull(host_phys_base);
	ck_assert_ptr_nonnull(pages);
	memset(host_phys_base, 0, arena_bytes);
	vm_page_init(pages, first_pfn, npages);
	vm_page_release(first_pfn, first_pfn + npages);
}

void
fake_ram_teardown(void)
{
	free(host_phys_base);
	free(pages);
	host_phys_base = NULL;
	pages = NULL;
}

uint64_t
fake_ram_free_pages(void)
{
	struct vm_page_stats st;
	vm_page_get_stats(&st);
	return st.free;
}
