/*
 * target.c: message ABI tables.
 *
 * x86_64: GNU Mach's typed messages as its x86_64 port lays them out.
 * The header is 32 bytes (the local port shares a union with an
 * unsigned long protected payload, which aligns it to 8); type
 * descriptors stay 4 and 12 bytes; port names stay 32 bits; every item
 * is aligned to 4 bytes (GNU MIG packs with #pragma pack(4)); an
 * out-of-line address is 8 bytes.
 * i386: the same with a 24-byte header and 4-byte addresses.
 */
#include "target.h"

#include <string.h>

static const struct target targets[] = {
	{
		.name = "x86_64",
		.header_size = 32,
		.type_size = 4,
		.long_type_size = 12,
		.pointer_size = 8,
		.port_bits = 32,
		.align = 4,
		.int_bits = 32,
		.inline_max = 2048,
		.cpp_define = "__x86_64__",
	},
	{
		.name = "i386",
		.header_size = 24,
		.type_size = 4,
		.long_type_size = 12,
		.pointer_size = 4,
		.port_bits = 32,
		.align = 4,
		.int_bits = 32,
		.inline_max = 2048,
		.cpp_define = "__i386__",
	},
};

const struct target *
target_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof targets / sizeof targets[0]; i++)
		if (strcmp(targets[i].name, name) == 0)
			return &targets[i];
	return NULL;
}

const struct target *
target_default(void)
{
	return &targets[0];
}
