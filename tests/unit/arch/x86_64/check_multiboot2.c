/*
 * check_multiboot2.c: parsing Multiboot2 boot information built by hand
 * the way the specification lays it out.
 */

#include <string.h>

#include "arch/x86_64/multiboot2.h"
#include "tests/unit/unit.h"

/* A Multiboot2 information buffer under construction. */
struct mbi {
	_Alignas(8) unsigned char buf[4096];
	size_t len;
};

static void
mbi_begin(struct mbi *m)
{
	memset(m, 0, sizeof *m);
	m->len = 8;
}

static void *
mbi_tag(struct mbi *m, uint32_t type, uint32_t size)
{
	unsigned char *t = m->buf + m->len;
	memcpy(t, &type, 4);
	memcpy(t + 4, &size, 4);
	m->len += (size + 7) & ~7u;
	return t;
}

static void
mbi_string_tag(struct mbi *m, uint32_t type, const char *s)
{
	unsigned char *t = mbi_tag(m, type, 8 + strlen(s) + 1);
	memcpy(t + 8, s, strlen(s) + 1);
}

static void
mbi_module(struct mbi *m, uint32_t start, uint32_t end, const char *cmd)
{
	unsigned char *t = mbi_tag(m, 3, 16 + strlen(cmd) + 1);
	memcpy(t + 8, &start, 4);
	memcpy(t + 12, &end, 4);
	memcpy(t + 16, cmd, strlen(cmd) + 1);
}

static void
mbi_mmap(struct mbi *m, const uint64_t (*e)[3], unsigned n)
{
	unsigned char *t = mbi_tag(m, 6, 16 + 24 * n);
	uint32_t entry_size = 24, version = 0;
	memcpy(t + 8, &entry_size, 4);
	memcpy(t + 12, &version, 4);
	for (unsigned i = 0; i < n; i++) {
		uint32_t type = (uint32_t)e[i][2], zero = 0;
		memcpy(t + 16 + 24 * i, &e[i][0], 8);
		memcpy(t + 24 + 24 * i, &e[i][1], 8);
		memcpy(t + 32 + 24 * i, &type, 4);
		memcpy(t + 36 + 24 * i, &zero, 4);
	}
}

static void
mbi_end(struct mbi *m)
{
	mbi_tag(m, 0, 8);
	uint32_t total = (uint32_t)m->len;
	memcpy(m->buf, &total, 4);
}

START_TEST(test_full)
{
	static struct mbi m;
	static const uint64_t map[][3] = {
		{ 0, 0x9fc00, 1 },          { 0x9fc00, 0x400, 2 },
		{ 0x100000, 0x7ee0000, 1 }, { 0x7fe0000, 0x20000, 3 },
		{ 0xfffc0000, 0x40000, 4 }, { 0x100000000, 0x1000, 5 },
	};
	mbi_begin(&m);
	mbi_string_tag(&m, 1, "test=all console=com1");
	mbi_string_tag(&m, 2, "GRUB 2.06");
	mbi_tag(&m, 21, 12); /* a tag the kernel does not use */
	mbi_module(&m, 0x200000, 0x201234, "bootstrap -v");
	mbi_module(&m, 0x300000, 0x300000, "");
	mbi_mmap(&m, map, 6);
	mbi_end(&m);

	struct boot_info bi;
	ck_assert_int_eq(multiboot2_parse(m.buf, 0x9000, &bi), 0);
	ck_assert_str_eq(bi.cmdline, "test=all console=com1");
	ck_assert_str_eq(bi.loader, "GRUB 2.06");
	ck_assert_uint_eq(bi.info_start, 0x9000);
	ck_assert_uint_eq(bi.info_end, 0x9000 + m.len);
	ck_assert_uint_eq(bi.nmodules, 2);
	ck_assert_uint_eq(bi.modules[0].start, 0x200000);
	ck_assert_uint_eq(bi.modules[0].end, 0x201234);
	ck_assert_str_eq(bi.modules[0].cmdline, "bootstrap -v");
	ck_assert_str_eq(bi.modules[1].cmdline, "");
	ck_assert_uint_eq(bi.nregions, 6);
	ck_assert_uint_eq(bi.regions[2].base, 0x100000);
	ck_assert_uint_eq(bi.regions[2].length, 0x7ee0000);
	ck_assert_int_eq(bi.regions[0].type, BOOT_REGION_USABLE);
	ck_assert_int_eq(bi.regions[1].type, BOOT_REGION_RESERVED);
	ck_assert_int_eq(bi.regions[3].type, BOOT_REGION_ACPI);
	ck_assert_int_eq(bi.regions[4].type, BOOT_REGION_NVS);
	ck_assert_int_eq(bi.regions[5].type, BOOT_REGION_BAD);
	ck_assert_uint_eq(bi.dropped, 0);
}
END_TEST

START_TEST(test_empty)
{
	static struct mbi m;
	mbi_begin(&m);
	mbi_end(&m);
	struct boot_info bi;
	ck_assert_int_eq(multiboot2_parse(m.buf, 0, &bi), 0);
	ck_assert_str_eq(bi.cmdline, "");
	ck_assert_str_eq(bi.loader, "");
	ck_assert_uint_eq(bi.nregions, 0);
	ck_assert_uint_eq(bi.nmodules, 0);
}
END_TEST

START_TEST(test_too_many_modules)
{
	static struct mbi m;
	mbi_begin(&m);
	for (int i = 0; i < BOOT_MAX_MODULES + 3; i++)
		mbi_module(&m, 0x1000 * i, 0x1000 * i + 1, "m");
	mbi_end(&m);
	struct boot_info bi;
	ck_assert_int_eq(multiboot2_parse(m.buf, 0, &bi), 0);
	ck_assert_uint_eq(bi.nmodules, BOOT_MAX_MODULES);
	ck_assert_uint_eq(bi.dropped, 3);
}
END_TEST

/* Regions whose end would wrap round 2^64 end at 2^64 - 1 instead. */
START_TEST(test_region_at_the_top)
{
	static struct mbi m;
	static const uint64_t map[][3] = {
		{ 0xfffffffffffff000, 0x2000, 1 },
		{ 0x100000, UINT64_MAX, 1 },
		{ UINT64_MAX, UINT64_MAX, 2 },
		{ 0x100000000, 0x1000, 1 },
	};
	mbi_begin(&m);
	mbi_mmap(&m, map, 4);
	mbi_end(&m);
	struct boot_info bi;
	ck_assert_int_eq(multiboot2_parse(m.buf, 0, &bi), 0);
	ck_assert_uint_eq(bi.nregions, 4);
	ck_assert_uint_eq(bi.regions[0].length, 0xfff);
	ck_assert_uint_eq(bi.regions[1].length, UINT64_MAX - 0x100000);
	ck_assert_uint_eq(bi.regions[2].length, 0);
	ck_assert_uint_eq(bi.regions[3].length, 0x1000);
	for (unsigned i = 0; i < bi.nregions; i++)
		ck_assert_uint_ge(bi.regions[i].base + bi.regions[i].length,
				  bi.regions[i].base);
}
END_TEST

START_TEST(test_malformed)
{
	static struct mbi m;
	struct boot_info bi;

	/* A tag whose size runs past total_size. */
	mbi_begin(&m);
	mbi_string_tag(&m, 1, "cmd");
	mbi_end(&m);
	uint32_t huge = 4000;
	memcpy(m.buf + 12, &huge, 4);
	ck_assert_int_eq(multiboot2_parse(m.buf, 0, &bi), -1);

	/* A tag smaller than its header. */
	mbi_begin(&m);
	mbi_tag(&m, 1, 8);
	mbi_end(&m);
	uint32_t tiny = 4;
	memcpy(m.buf + 12, &tiny, 4);
	ck_assert_int_eq(multiboot2_parse(m.buf, 0, &bi), -1);

	/* No end tag. */
	mbi_begin(&m);
	mbi_string_tag(&m, 1, "cmd");
	uint32_t total = (uint32_t)m.len;
	memcpy(m.buf, &total, 4);
	ck_assert_int_eq(multiboot2_parse(m.buf, 0, &bi), -1);
	ck_assert_str_eq(bi.cmdline, "cmd"); /* what was read is kept */

	/* A string without its NUL reads as empty, never past the tag. */
	mbi_begin(&m);
	unsigned char *t = mbi_tag(&m, 1, 11);
	memcpy(t + 8, "abc", 3);
	mbi_end(&m);
	ck_assert_int_eq(multiboot2_parse(m.buf, 0, &bi), 0);
	ck_assert_str_eq(bi.cmdline, "");

	/* total_size below the header and end tag. */
	uint32_t small = 8;
	memcpy(m.buf, &small, 4);
	ck_assert_int_eq(multiboot2_parse(m.buf, 0, &bi), -1);
}
END_TEST

static Suite *
multiboot2_suite(void)
{
	Suite *s = suite_create("multiboot2");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_too_many_modules);
	tcase_add_test(tc, test_region_at_the_top);
	tcase_add_test(tc, test_malformed);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(multiboot2_suite)
