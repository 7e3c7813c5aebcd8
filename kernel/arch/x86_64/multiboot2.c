/*
 * multiboot2.c: the Multiboot2 boot information (Multiboot2
 * specification, section 3.6) turned into a struct boot_info.
 *
 * The information is a header { u32 total_size; u32 reserved; } then
 * tags { u32 type; u32 size; ... }, each starting on an 8-byte boundary,
 * ended by a tag of type 0.
 */

#include <stddef.h>

#include "arch/x86_64/multiboot2.h"

enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MMAP = 6,
};

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_tag_module {
	uint32_t type;
	uint32_t size;
	uint32_t mod_start;
	uint32_t mod_end;
	char cmdline[];
};

struct mb2_tag_mmap {
	uint32_t type;
	uint32_t size;
	uint32_t entry_size;
	uint32_t entry_version;
};

struct mb2_mmap_entry {
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
};

static enum boot_region_type
region_type(uint32_t mb2_type)
{
	switch (mb2_type) {
	case 1:
		return BOOT_REGION_USABLE;
	case 3:
		return BOOT_REGION_ACPI;
	case 4:
		return BOOT_REGION_NVS;
	case 5:
		return BOOT_REGION_BAD;
	default:
		return BOOT_REGION_RESERVED;
	}
}

/* A string inside a tag: NUL-terminated within the tag, or "". */
static const char *
tag_string(const struct mb2_tag *tag, size_t offset)
{
	const char *s = (const char *)tag + offset;
	for (size_t i = offset; i < tag->size; i++)
		if (((const char *)tag)[i] == '\0')
			return s;
	return "";
}

static void
parse_mmap(const struct mb2_tag_mmap *tag, struct boot_info *bi)
{
	if (tag->entry_size < sizeof(struct mb2_mmap_entry))
		return;
	for (size_t off = sizeof *tag; off + tag->entry_size <= tag->size;
	     off += tag->entry_size) {
		const struct mb2_mmap_entry *e =
			(const void *)((const char *)tag + off);
		if (bi->nregions == BOOT_MAX_REGIONS) {
			bi->dropped++;
			continue;
		}
		struct boot_region *r = &bi->regions[bi->nregions++];
		r->base = e->base_addr;
		/* Clipped so that base + length never wraps round 2^64. */
		r->length = e->length <= UINT64_MAX - e->base_addr
				    ? e->length
				    : UINT64_MAX - e->base_addr;
		r->type = region_type(e->type);
	}
}

int
multiboot2_parse(const void *mbi, uint64_t mbi_phys, struct boot_info *bi)
{
	const uint32_t *header = mbi;
	uint32_t total = header[0];

	bi->cmdline = "";
	bi->loader = "";
	bi->nregions = 0;
	bi->nmodules = 0;
	bi->dropped = 0;
	bi->info_start = mbi_phys;
	bi->info_end = mbi_phys + total;
	if (total < 16)
		return -1;

	for (size_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *tag =
			(const void *)((const char *)mbi + off);
		if (tag->size < sizeof *tag || tag->size > total - off)
			return -1;
		switch (tag->type) {
		case MB2_TAG_END:
			return 0;
		case MB2_TAG_CMDLINE:
			bi->cmdline = tag_string(tag, sizeof *tag);
			break;
		case MB2_TAG_LOADER_NAME:
			bi->loader = tag_string(tag, sizeof *tag);
			break;
		case MB2_TAG_MODULE: {
			const struct mb2_tag_module *m = (const void *)tag;
			if (tag->size < sizeof *m)
				return -1;
			if (bi->nmodules == BOOT_MAX_MODULES) {
				bi->dropped++;
				break;
			}
			struct boot_module *bm = &bi->modules[bi->nmodules++];
			bm->start = m->mod_start;
			bm->end = m->mod_end;
			bm->cmdline = tag_string(tag, sizeof *m);
			break;
		}
		case MB2_TAG_MMAP:
			if (tag->size < sizeof(struct mb2_tag_mmap))
				return -1;
			parse_mmap((const void *)tag, bi);
			break;
		default:
			break;
		}
		off += (tag->size + 7) & ~(size_t)7;
	}
	/* No end tag before total_size. */
	return -1;
}
