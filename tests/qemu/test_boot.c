/*
 * test_boot.c: boot tests of what the kernel learned at boot: the
 * command line, the memory map, the modules, and its own symbols.
 *
 * The test ISO (tests/qemu/local.mk) loads tests/qemu/testmod.txt as a
 * module with the command line "testmod lines=N": N lines "line %05d".
 */

#include <stdbool.h>

#include <machine/vm_param.h>

#include "kern/boot_info.h"
#include "kern/cmdline.h"
#include "kern/ksyms.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/string.h"

/*
 * The loader passed the command line whole: tests/qemu/all.iso boots
 * with "test=all ktest.words=one,two ktest.flag" (tests/local.mk), and
 * the words after the one that chose the tests arrive intact, the last
 * one included.  (Whether test= itself arrived cannot be asked here:
 * without it no test would run.)
 */
KTEST(boot_command_line)
{
	const struct boot_info *bi = ktest_boot_info();
	char value[64];
	if (!cmdline_get(bi->cmdline, "ktest.words", value, sizeof value)) {
		ktest_fail("no ktest.words in \"%s\" (boot tests/qemu/all.iso)",
			   bi->cmdline);
		return;
	}
	KTEST_ASSERT(strcmp(value, "one,two") == 0);
	KTEST_ASSERT(
		cmdline_get(bi->cmdline, "ktest.flag", value, sizeof value));
	KTEST_ASSERT(value[0] == '\0');
	KTEST_ASSERT(!cmdline_get(bi->cmdline, "ktest", value, sizeof value));
	size_t n = strlen(bi->cmdline);
	KTEST_ASSERT(n >= 10 &&
		     strcmp(bi->cmdline + n - 10, "ktest.flag") == 0);
	KTEST_ASSERT(strncmp(bi->loader, "GRUB", 4) == 0);
}

/* Whether [start, end) lies inside one usable region of the map. */
static bool
in_usable_memory(const struct boot_info *bi, uint64_t start, uint64_t end)
{
	for (unsigned i = 0; i < bi->nregions; i++) {
		const struct boot_region *r = &bi->regions[i];
		if (r->type == BOOT_REGION_USABLE && start >= r->base &&
		    end - r->base <= r->length)
			return true;
	}
	return false;
}

/*
 * The memory map the loader gave: sane regions, usable ones apart, about
 * the 128 MiB the harness gives the guest, and the kernel image, the boot
 * information and the module inside usable memory.
 */
KTEST(boot_memory_map)
{
	const struct boot_info *bi = ktest_boot_info();
	uint64_t usable = 0;
	KTEST_ASSERT(bi->nregions > 0);
	KTEST_ASSERT_EQ(bi->dropped, 0);
	for (unsigned i = 0; i < bi->nregions; i++) {
		const struct boot_region *r = &bi->regions[i];
		KTEST_ASSERT(r->length > 0);
		KTEST_ASSERT(r->base + r->length > r->base);
		if (r->type != BOOT_REGION_USABLE)
			continue;
		usable += r->length;
		for (unsigned j = 0; j < i; j++) {
			const struct boot_region *o = &bi->regions[j];
			if (o->type == BOOT_REGION_USABLE &&
			    r->base < o->base + o->length &&
			    o->base < r->base + r->length) {
				ktest_fail("usable regions %u and %u overlap",
					   j, i);
				return;
			}
		}
	}
	/* The harness gives the guest 128 MiB; the firmware keeps a little. */
	KTEST_ASSERT(usable > 120ull << 20);
	KTEST_ASSERT(usable <= 128ull << 20);
	KTEST_ASSERT(bi->kernel_end > bi->kernel_start);
	KTEST_ASSERT(in_usable_memory(bi, bi->kernel_start, bi->kernel_end));
	KTEST_ASSERT(bi->info_end > bi->info_start);
	KTEST_ASSERT(in_usable_memory(bi, bi->info_start, bi->info_end));
	for (unsigned i = 0; i < bi->nmodules; i++)
		KTEST_ASSERT(in_usable_memory(bi, bi->modules[i].start,
					      bi->modules[i].end));
}

KTEST(boot_module_contents)
{
	const struct boot_info *bi = ktest_boot_info();
	char value[32];
	KTEST_ASSERT_EQ(bi->nmodules, 1);
	const struct boot_module *m = &bi->modules[0];
	KTEST_ASSERT(strncmp(m->cmdline, "testmod ", 8) == 0);
	KTEST_ASSERT(cmdline_get(m->cmdline, "lines", value, sizeof value));
	unsigned lines = 0;
	for (const char *p = value; *p >= '0' && *p <= '9'; p++)
		lines = lines * 10 + (*p - '0');
	KTEST_ASSERT(lines > 0);
	/* "line %05d\n" is 11 bytes. */
	KTEST_ASSERT_EQ(m->end - m->start, lines * 11ull);
	KTEST_ASSERT((m->start & PAGE_MASK) == 0);

	const char *text = phys_to_virt(m->start);
	char expect[16];
	for (unsigned i = 1; i <= lines; i++) {
		ksnprintf(expect, sizeof expect, "line %05u\n", i);
		if (memcmp(text + (i - 1) * 11, expect, 11) != 0) {
			ktest_fail("module line %u differs", i);
			return;
		}
	}
}

KTEST(ksyms_names_functions)
{
	uintptr_t offset;
	const char *name = ksym_lookup((uintptr_t)ktest_run, &offset);
	KTEST_ASSERT(name != NULL);
	KTEST_ASSERT(strcmp(name, "ktest_run") == 0);
	KTEST_ASSERT_EQ(offset, 0);
	name = ksym_lookup((uintptr_t)ksym_lookup + 5, &offset);
	KTEST_ASSERT(name != NULL && strcmp(name, "ksym_lookup") == 0);
	KTEST_ASSERT_EQ(offset, 5);
	/* Data is not text. */
	KTEST_ASSERT(ksym_lookup((uintptr_t)&offset, &offset) == NULL);
}

KTEST(printf_in_kernel)
{
	char buf[64];
	int n = ksnprintf(buf, sizeof buf, "%s|%5d|%-3x|%p|%llu", "k", -42,
			  0xau, (void *)0xffffffff80000000ul,
			  18446744073709551615ull);
	KTEST_ASSERT(strcmp(buf, "k|  -42|a  |0xffffffff80000000|"
				 "18446744073709551615") == 0);
	KTEST_ASSERT_EQ(n, strlen(buf));
}

/* memcpy, memmove and memset against byte loops, every alignment. */
KTEST(string_functions)
{
	static unsigned char src[96], dst[96], ref[96];
	for (unsigned i = 0; i < sizeof src; i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (unsigned off = 0; off < 9; off++) {
		for (unsigned len = 0; len + off + 16 <= sizeof dst; len += 5) {
			for (unsigned i = 0; i < sizeof dst; i++)
				dst[i] = ref[i] = 0xee;
			memcpy(dst + off, src + 3, len);
			for (unsigned i = 0; i < len; i++)
				ref[off + i] = src[3 + i];
			KTEST_ASSERT(memcmp(dst, ref, sizeof dst) == 0);

			memset(dst + off, 0x5a, len);
			for (unsigned i = 0; i < len; i++)
				ref[off + i] = 0x5a;
			KTEST_ASSERT(memcmp(dst, ref, sizeof dst) == 0);

			/* Overlapping, both directions. */
			memmove(dst + off + 3, dst + off, len);
			for (unsigned i = len; i-- > 0;)
				ref[off + 3 + i] = ref[off + i];
			KTEST_ASSERT(memcmp(dst, ref, sizeof dst) == 0);
			memmove(dst + off, dst + off + 3, len);
			for (unsigned i = 0; i < len; i++)
				ref[off + i] = ref[off + 3 + i];
			KTEST_ASSERT(memcmp(dst, ref, sizeof dst) == 0);
		}
	}
}

/* The null page is unmapped once boot is done. */
KTEST_EXPLICIT(selfcheck_fault)
{
	volatile int *null = NULL;
	(void)*null;
	ktest_fail("reading address 0 did not fault");
}

/* Recursion without end, that the compiler cannot prove endless. */
static volatile int keep_recursing = 1;

static int __attribute__((noinline)) recurse(int depth)
{
	volatile char frame[256];
	frame[0] = (char)depth;
	if (!keep_recursing)
		return 0;
	return recurse(depth + 1) + frame[0];
}

/* A kernel stack overflow hits the guard page below the stack. */
KTEST_EXPLICIT(selfcheck_stack_overflow)
{
	recurse(0);
	ktest_fail("the recursion ended");
}

KTEST_EXPLICIT(selfcheck_fail)
{
	KTEST_ASSERT_EQ(1 + 1, 3);
}
