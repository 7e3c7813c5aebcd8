/*
 * kern/boot_info.h: what the boot loader told the kernel, in a form that
 * does not depend on the boot protocol.  arch code fills it in (from
 * Multiboot2 on x86_64) before the generic kernel starts.
 */
#ifndef KERN_BOOT_INFO_H
#define KERN_BOOT_INFO_H

#include <stdint.h>

#define BOOT_MAX_REGIONS 64
#define BOOT_MAX_MODULES 64

enum boot_region_type {
	BOOT_REGION_USABLE = 1, /* free RAM */
	BOOT_REGION_RESERVED,   /* firmware or device memory */
	BOOT_REGION_ACPI,       /* ACPI tables, reclaimable later */
	BOOT_REGION_NVS,        /* ACPI non-volatile storage */
	BOOT_REGION_BAD,        /* defective RAM */
};

struct boot_region {
	uint64_t base;
	uint64_t length;
	enum boot_region_type type;
};

/* A module is a file the boot loader loaded for us (a first task). */
struct boot_module {
	uint64_t start;      /* physical address of the first byte */
	uint64_t end;        /* physical address past the last byte */
	const char *cmdline; /* its command line, never NULL */
};

struct boot_info {
	const char *cmdline; /* the kernel's command line, never NULL */
	const char *loader;  /* the boot loader's name, never NULL */
	struct boot_region regions[BOOT_MAX_REGIONS];
	unsigned nregions;
	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned nmodules;
	uint64_t info_start;   /* where the loader's own table lies, */
	uint64_t info_end;     /* to keep it while it is still read */
	uint64_t kernel_start; /* the kernel image, physical */
	uint64_t kernel_end;
	unsigned dropped; /* regions or modules beyond the limits */
};

const char *boot_region_type_name(enum boot_region_type type);

/*
 * Whether module `m' of `bi' may be read as a file: its bounds are in
 * order, it lies inside one usable region of the memory map and below
 * `phys_limit' (the end of what the kernel maps), and it overlaps neither
 * the kernel image, nor the boot information, nor another module.
 * Returns NULL if so, else the reason.  The loader is trusted no more
 * than the file: a module that fails here is refused, never read.
 */
const char *boot_module_check(const struct boot_info *bi,
			      const struct boot_module *m, uint64_t phys_limit);

/* Print the command line, memory map and modules on the console. */
void boot_info_log(const struct boot_info *bi);

#endif
