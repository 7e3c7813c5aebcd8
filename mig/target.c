/*
 * target.c: message ABI tables.
 *
 * x86_64: GNU Mach's current x86_64 layout (the one the x86_64
 * GNU/Hurd runs on).  The header is 32 bytes (both port fields as wide
 * as a pointer); both descriptor forms are 8 bytes, the long one being
 * the short one with msgt_longform set; every item's data is padded to
 * 8 bytes; a right carried inline is 64 bits (user space sends its
 * 32-bit name in a mach_port_name_inlined_t, the kernel its pointer),
 * while port names and the rights of out-of-line arrays stay 32-bit
 * names; an out-of-line address is 8 bytes.
 * i386: 24-byte header, 4- and 12-byte descriptors, data padded to 4,
 * rights as 32-bit names, 4-byte addresses.
 */
#include "target.h"

#include <string.h>

static const struct target targets[] = {
	{
		.name = "x86_64",
		.header_size = 32,
		.type_size = 8,
		.long_type_size = 8,
		.pointer_size = 8,
		.port_bits = 64,
		.name_bits = 32,
		.inlined_names = true,
		.long_is_short = true,
		.align = 8,
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
		.name_bits = 32,
		.inlined_names = false,
		.long_is_short = false,
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
