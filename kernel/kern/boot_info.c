/*
 * kern/boot_info.c: describing what the boot loader handed over.
 */

#include <stdbool.h>

#include "kern/boot_info.h"
#include "kern/printf.h"

const char *
boot_region_type_name(enum boot_region_type type)
{
	switch (type) {
	case BOOT_REGION_USABLE:
		return "usable";
	case BOOT_REGION_RESERVED:
		return "reserved";
	case BOOT_REGION_ACPI:
		return "ACPI";
	case BOOT_REGION_NVS:
		return "ACPI NVS";
	case BOOT_REGION_BAD:
		return "bad";
	}
	return "?";
}

/* Whether [a_start, a_end) and [b_start, b_end) share a byte. */
static bool
ranges_overlap(uint64_t a_start, uint64_t a_end, uint64_t b_start,
	       uint64_t b_end)
{
	return a_start < b_end && b_start < a_end;
}

const char *
boot_module_check(const struct boot_info *bi, const struct boot_module *m,
		  uint64_t phys_limit)
{
	if (m->start >= m->end)
		return "its end is not above its start";
	if (m->end > phys_limit)
		return "it lies beyond the memory the kernel maps";
	bool in_ram = false;
	for (unsigned i = 0; i < bi->nregions && !in_ram; i++) {
		const struct boot_region *r = &bi->regions[i];
		in_ram = r->type == BOOT_REGION_USABLE && m->start >= r->base &&
			 m->end - r->base <= r->length;
	}
	if (!in_ram)
		return "it is not inside usable memory";
	if (ranges_overlap(m->start, m->end, bi->kernel_start, bi->kernel_end))
		return "it overlaps the kernel image";
	if (ranges_overlap(m->start, m->end, bi->info_start, bi->info_end))
		return "it overlaps the boot information";
	for (unsigned i = 0; i < bi->nmodules; i++) {
		const struct boot_module *o = &bi->modules[i];
		if (o != m &&
		    ranges_overlap(m->start, m->end, o->start, o->end))
			return "it overlaps another module";
	}
	return NULL;
}

void
boot_info_log(const struct boot_info *bi)
{
	uint64_t usable = 0;

	kprintf("boot: loader \"%s\"\n", bi->loader);
	kprintf("boot: command line \"%s\"\n", bi->cmdline);
	kprintf("boot: kernel image %#llx-%#llx\n",
		(unsigned long long)bi->kernel_start,
		(unsigned long long)bi->kernel_end);
	kprintf("boot: memory map, %u regions:\n", bi->nregions);
	for (unsigned i = 0; i < bi->nregions; i++) {
		const struct boot_region *r = &bi->regions[i];
		kprintf("boot:   0x%016llx-0x%016llx %-8s %llu KiB\n",
			(unsigned long long)r->base,
			(unsigned long long)(r->base + r->length),
			boot_region_type_name(r->type),
			(unsigned long long)(r->length >> 10));
		if (r->type == BOOT_REGION_USABLE)
			usable += r->length;
	}
	kprintf("boot: %llu KiB usable\n", (unsigned long long)(usable >> 10));
	kprintf("boot: %u modules\n", bi->nmodules);
	for (unsigned i = 0; i < bi->nmodules; i++) {
		const struct boot_module *m = &bi->modules[i];
		if (m->end < m->start)
			kprintf("boot:   module %u at %#llx, ending below its "
				"start at %#llx: \"%s\"\n",
				i, (unsigned long long)m->start,
				(unsigned long long)m->end, m->cmdline);
		else
			kprintf("boot:   module %u at %#llx, %llu bytes: "
				"\"%s\"\n",
				i, (unsigned long long)m->start,
				(unsigned long long)(m->end - m->start),
				m->cmdline);
	}
	if (bi->dropped > 0)
		kprintf("boot: warning: %u regions or modules beyond the "
			"kernel's limits were ignored\n",
			bi->dropped);
}
