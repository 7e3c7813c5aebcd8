/*
 * check_exec_elf.c: the ELF loader (kern/exec_elf.c) on images built
 * here, one well-formed and many malformed ones, each made from the
 * host's <elf.h> (an oracle independent of the kernel's own structures).
 *
 * The task is a stand-in: task_map_page hands out zeroed frames of a
 * host arena and records what it mapped, so each test sees exactly which
 * pages the loader asked for.  The loader reads the image from a heap
 * block of exactly its size, so ASan catches a read past its end.
 */

#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <machine/exec.h>
#include <machine/vm_param.h>

#include "kern/exec_elf.h"
#include "kern/task.h"
#include "tests/unit/unit.h"
#include "vm/pmap.h"

#define NFRAMES 128
#define BUDGET  64 /* max_pages passed unless a test says otherwise */

/* ---- The stand-in task ---- */

struct mapping {
	vm_offset_t va;
	unsigned frame;
	vm_prot_t prot;
};

static struct task fake_task;
static struct mapping mapped[NFRAMES];
static unsigned nmapped;
static unsigned fail_after = NFRAMES; /* task_map_page fails past this */

static struct mapping *
lookup(vm_offset_t va)
{
	for (unsigned i = 0; i < nmapped; i++)
		if (mapped[i].va == va)
			return &mapped[i];
	return NULL;
}

kern_return_t
task_map_page(task_t task, vm_offset_t va, vm_prot_t prot, void **kva)
{
	ck_assert_ptr_eq(task, &fake_task);
	ck_assert_uint_eq(va & PAGE_MASK, 0);
	ck_assert_uint_lt(va, USER_LIMIT);
	struct mapping *m = lookup(va);
	if (m == NULL) {
		if (nmapped == fail_after)
			return KERN_RESOURCE_SHORTAGE;
		m = &mapped[nmapped];
		m->va = va;
		m->frame = nmapped++;
		memset(host_phys_base + m->frame * PAGE_SIZE, 0, PAGE_SIZE);
	}
	m->prot = prot;
	*kva = host_phys_base + m->frame * PAGE_SIZE;
	return KERN_SUCCESS;
}

bool
pmap_extract(pmap_t pmap, vm_offset_t va, uint64_t *pa)
{
	(void)pmap;
	struct mapping *m = lookup(va);
	if (m == NULL)
		return false;
	*pa = (uint64_t)m->frame * PAGE_SIZE;
	return true;
}

/* The kernel address of user address `va', which must be mapped. */
static const unsigned char *
user_byte(vm_offset_t va)
{
	struct mapping *m = lookup(va & ~(vm_offset_t)PAGE_MASK);
	ck_assert_msg(m != NULL, "%#lx is not mapped", (unsigned long)va);
	return (unsigned char *)host_phys_base + m->frame * PAGE_SIZE +
	       (va & PAGE_MASK);
}

/* ---- The images ---- */

#define IMAGE_MAX  (8 * PAGE_SIZE)
#define TEXT_VA    0x401000
#define TEXT_OFF   0x1000
#define TEXT_SIZE  0x800
#define DATA_VA    0x402800
#define DATA_OFF   0x1800
#define DATA_FILE  0x100
#define DATA_MEM   0x3000 /* bss up to 0x405800 */
#define GOOD_SIZE  0x2000
#define GOOD_PAGES 5 /* 0x401000; 0x402000-0x405000 */

static _Alignas(8) unsigned char image[IMAGE_MAX];
static size_t image_size;

static Elf64_Ehdr *
ehdr(void)
{
	return (Elf64_Ehdr *)image;
}

static Elf64_Phdr *
phdr(unsigned i)
{
	return (Elf64_Phdr *)(image + sizeof(Elf64_Ehdr)) + i;
}

static unsigned char
text_byte(size_t i)
{
	return (unsigned char)(0xa5 + i * 7);
}

static unsigned char
data_byte(size_t i)
{
	return (unsigned char)(0x3c + i * 13);
}

static void
set_segment(unsigned i, uint32_t type, uint32_t flags, uint64_t offset,
	    uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align)
{
	*phdr(i) = (Elf64_Phdr){
		.p_type = type,
		.p_flags = flags,
		.p_offset = offset,
		.p_vaddr = vaddr,
		.p_paddr = vaddr,
		.p_filesz = filesz,
		.p_memsz = memsz,
		.p_align = align,
	};
}

/*
 * A well-formed static executable: text (R X) at TEXT_VA, data (R W)
 * with bss at DATA_VA, and a PT_GNU_STACK the loader ignores.  The file
 * bytes after each segment's are 0xee, which must never reach memory.
 */
static void
make_image(void)
{
	memset(image, 0xee, sizeof image);
	*ehdr() = (Elf64_Ehdr){
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
			     ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV },
		.e_type = ET_EXEC,
		.e_machine = EM_X86_64,
		.e_version = EV_CURRENT,
		.e_entry = TEXT_VA + 0x10,
		.e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr),
		.e_phnum = 3,
	};
	set_segment(0, PT_LOAD, PF_R | PF_X, TEXT_OFF, TEXT_VA, TEXT_SIZE,
		    TEXT_SIZE, 0x1000);
	set_segment(1, PT_LOAD, PF_R | PF_W, DATA_OFF, DATA_VA, DATA_FILE,
		    DATA_MEM, 0x1000);
	set_segment(2, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
	for (size_t i = 0; i < TEXT_SIZE; i++)
		image[TEXT_OFF + i] = text_byte(i);
	for (size_t i = 0; i < DATA_FILE; i++)
		image[DATA_OFF + i] = data_byte(i);
	image_size = GOOD_SIZE;
}

static void
setup(void)
{
	memset(&fake_task, 0, sizeof fake_task);
	if (host_phys_base == NULL)
		host_phys_base = aligned_alloc(PAGE_SIZE, NFRAMES * PAGE_SIZE);
	ck_assert_ptr_nonnull(host_phys_base);
	nmapped = 0;
	fail_after = NFRAMES;
	make_image();
}

/* Load image[0, image_size) from a heap copy of exactly that size. */
static kern_return_t
load(uint64_t max_pages, vm_offset_t *entry, const char **why)
{
	unsigned char *copy = malloc(image_size ? image_size : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, image, image_size);
	kern_return_t kr = exec_elf_load(&fake_task, copy, image_size,
					 max_pages, entry, why);
	free(copy);
	return kr;
}

/*
 * The image is refused with `want', a reason containing `part', and
 * nothing mapped or returned.
 */
static void
expect_refused_at(int line, kern_return_t want, const char *part)
{
	vm_offset_t entry = 0xdead;
	const char *why = NULL;
	kern_return_t kr = load(BUDGET, &entry, &why);
	ck_assert_msg(kr == want, "line %d: returned %d, expected %d (%s)",
		      line, kr, want, why ? why : "no reason");
	ck_assert_msg(why != NULL && strstr(why, part) != NULL,
		      "line %d: reason \"%s\", expected \"%s\"", line,
		      why ? why : "(none)", part);
	ck_assert_msg(nmapped == 0, "line %d: %u pages mapped", line, nmapped);
	ck_assert_uint_eq(entry, 0xdead);
}
#define expect_refused(want, part) expect_refused_at(__LINE__, want, part)
#define expect_invalid(part)       expect_refused(KERN_INVALID_ARGUMENT, part)

/* The image loads; returns its entry point. */
static vm_offset_t
expect_loaded(uint64_t max_pages)
{
	vm_offset_t entry = 0;
	const char *why = NULL;
	kern_return_t kr = load(max_pages, &entry, &why);
	ck_assert_msg(kr == KERN_SUCCESS, "refused: %s", why ? why : "?");
	ck_assert_ptr_null(why);
	return entry;
}

/* ---- Well-formed images ---- */

START_TEST(test_good_image)
{
	ck_assert_uint_eq(expect_loaded(BUDGET), TEXT_VA + 0x10);
	ck_assert_uint_eq(nmapped, GOOD_PAGES);
	ck_assert_int_eq(lookup(TEXT_VA)->prot, VM_PROT_READ | VM_PROT_EXECUTE);
	for (vm_offset_t va = 0x402000; va <= 0x405000; va += PAGE_SIZE)
		ck_assert_int_eq(lookup(va)->prot,
				 VM_PROT_READ | VM_PROT_WRITE);
	/* Text: its file bytes, then zeros to the end of the page. */
	for (size_t i = 0; i < PAGE_SIZE; i++)
		ck_assert_uint_eq(*user_byte(TEXT_VA + i),
				  i < TEXT_SIZE ? text_byte(i) : 0);
	/* Data: zeros before it, its file bytes, then bss zeros. */
	for (vm_offset_t va = 0x402000; va < 0x406000; va++) {
		unsigned char want = 0;
		if (va >= DATA_VA && va < DATA_VA + DATA_FILE)
			want = data_byte(va - DATA_VA);
		ck_assert_msg(*user_byte(va) == want, "%#lx: %#x, not %#x",
			      (unsigned long)va, *user_byte(va), want);
	}
}
END_TEST

/* The budget is compared with the exact number of pages needed. */
START_TEST(test_page_budget_exact)
{
	vm_offset_t entry = 0xdead;
	const char *why = NULL;
	ck_assert_int_eq(load(GOOD_PAGES - 1, &entry, &why),
			 KERN_RESOURCE_SHORTAGE);
	ck_assert_ptr_nonnull(strstr(why, "more memory"));
	ck_assert_uint_eq(nmapped, 0);
	ck_assert_uint_eq(entry, 0xdead);
	(void)expect_loaded(GOOD_PAGES);
	ck_assert_uint_eq(nmapped, GOOD_PAGES);
}
END_TEST

/* Pages are counted once even when two segments share one. */
START_TEST(test_shared_page)
{
	/* Data right after text, in the same page. */
	set_segment(1, PT_LOAD, PF_R | PF_W, DATA_OFF, TEXT_VA + TEXT_SIZE,
		    DATA_FILE, DATA_FILE + 0x10, 0x1000);
	(void)expect_loaded(1);
	ck_assert_uint_eq(nmapped, 1);
	ck_assert_int_eq(lookup(TEXT_VA)->prot,
			 VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE);
	ck_assert_uint_eq(*user_byte(TEXT_VA + 1), text_byte(1));
	ck_assert_uint_eq(*user_byte(TEXT_VA + TEXT_SIZE + 2), data_byte(2));
	ck_assert_uint_eq(*user_byte(TEXT_VA + TEXT_SIZE + DATA_FILE), 0);
}
END_TEST

/* Alignments 0 and 1 mean none; larger powers of two are kept. */
START_TEST(test_good_alignments)
{
	static const uint64_t aligns[] = { 0, 1, 16, 0x1000, 0x200000 };
	for (unsigned i = 0; i < sizeof aligns / sizeof aligns[0]; i++) {
		setup();
		phdr(0)->p_align = aligns[i];
		phdr(1)->p_align = aligns[i] > 0x1000 ? 0x1000 : aligns[i];
		(void)expect_loaded(BUDGET);
	}
}
END_TEST

/* An empty PT_LOAD anywhere is ignored. */
START_TEST(test_empty_segment_ignored)
{
	set_segment(2, PT_LOAD, PF_R, 0, 0xffffffff80000000, 0, 0, 0);
	(void)expect_loaded(BUDGET);
	ck_assert_uint_eq(nmapped, GOOD_PAGES);
}
END_TEST

/* ---- The ELF header ---- */

START_TEST(test_truncated_header)
{
	static const size_t sizes[] = { 0, 1, 4, 16, sizeof(Elf64_Ehdr) - 1 };
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		image_size = sizes[i];
		expect_invalid("shorter than an ELF header");
	}
}
END_TEST

START_TEST(test_bad_ident)
{
	image[0] = 0x7e;
	expect_invalid("not an ELF file");
	make_image();
	memcpy(image, "#!/bin/sh\n", 10);
	expect_invalid("not an ELF file");
	make_image();
	image[EI_CLASS] = ELFCLASS32;
	expect_invalid("not an ELF64 file");
	make_image();
	image[EI_CLASS] = ELFCLASSNONE;
	expect_invalid("not an ELF64 file");
	make_image();
	image[EI_DATA] = ELFDATA2MSB;
	expect_invalid("not a little-endian");
	make_image();
	image[EI_VERSION] = EV_NONE;
	expect_invalid("not ELF version 1");
	make_image();
	ehdr()->e_version = 2;
	expect_invalid("not ELF version 1");
}
END_TEST

START_TEST(test_wrong_type)
{
	static const uint16_t types[] = { ET_NONE, ET_REL, ET_DYN, ET_CORE,
					  0xfe00 };
	for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++) {
		ehdr()->e_type = types[i];
		expect_invalid("not a static executable");
	}
}
END_TEST

START_TEST(test_wrong_machine)
{
	static const uint16_t machines[] = { EM_NONE, EM_386, EM_AARCH64,
					     EM_RISCV, 0xffff };
	for (unsigned i = 0; i < sizeof machines / sizeof machines[0]; i++) {
		ehdr()->e_machine = machines[i];
		expect_invalid("built for another machine");
	}
}
END_TEST

START_TEST(test_wrong_header_sizes)
{
	ehdr()->e_ehsize = 52; /* an ELF32 header's */
	expect_invalid("ELF header of the wrong size");
	static const uint16_t phentsizes[] = { 0, 32, 55, 57, 0xffff };
	for (unsigned i = 0; i < sizeof phentsizes / sizeof phentsizes[0];
	     i++) {
		make_image();
		ehdr()->e_phentsize = phentsizes[i];
		expect_invalid("program headers of the wrong size");
	}
	make_image();
	ehdr()->e_phnum = 0;
	expect_invalid("no program header");
}
END_TEST

START_TEST(test_truncated_program_headers)
{
	size_t table_end = sizeof(Elf64_Ehdr) + 3 * sizeof(Elf64_Phdr);
	image_size = table_end - 1;
	expect_invalid("program headers outside the file");
	image_size = table_end; /* the table fits; the segments do not */
	expect_invalid("a segment lies outside the file");

	static const uint64_t phoffs[] = {
		GOOD_SIZE - 3 * sizeof(Elf64_Phdr) + 1,
		GOOD_SIZE,
		GOOD_SIZE + 1,
		UINT64_MAX - sizeof(Elf64_Phdr) + 1, /* + 56 wraps to 0 */
		UINT64_MAX,
	};
	for (unsigned i = 0; i < sizeof phoffs / sizeof phoffs[0]; i++) {
		make_image();
		ehdr()->e_phoff = phoffs[i];
		expect_invalid("program headers outside the file");
	}
	/* The most headers the format allows, far past the file. */
	make_image();
	ehdr()->e_phnum = 0xffff;
	expect_invalid("program headers outside the file");
}
END_TEST

/* ---- Program headers ---- */

START_TEST(test_overlapping_segments)
{
	/* Data starting inside text. */
	phdr(1)->p_vaddr = TEXT_VA + TEXT_SIZE - 1;
	phdr(1)->p_offset = DATA_OFF - 1;
	expect_invalid("overlap");
	/* The same segment twice. */
	make_image();
	*phdr(1) = *phdr(0);
	expect_invalid("overlap");
	/* Text inside a big bss. */
	make_image();
	set_segment(0, PT_LOAD, PF_R | PF_W, 0x1000, 0x400000, DATA_FILE,
		    0x10000, 0x1000);
	set_segment(1, PT_LOAD, PF_R | PF_X, TEXT_OFF, TEXT_VA, TEXT_SIZE,
		    TEXT_SIZE, 0x1000);
	expect_invalid("overlap");
	/* Not sorted by address (the gABI requires it). */
	make_image();
	Elf64_Phdr text = *phdr(0);
	*phdr(0) = *phdr(1);
	*phdr(1) = text;
	expect_invalid("not sorted");
}
END_TEST

START_TEST(test_segments_outside_user_space)
{
	static const struct {
		uint64_t vaddr, memsz;
	} bad[] = {
		{ 0, TEXT_SIZE },                      /* page zero */
		{ PAGE_SIZE - 0x10, TEXT_SIZE },       /* starts in page zero */
		{ 0xffffffff80000000, TEXT_SIZE },     /* the kernel image */
		{ 0xffff800000000000, TEXT_SIZE },     /* the physmap */
		{ 0x0000800000000000, TEXT_SIZE },     /* first non-canonical */
		{ 0x8000000000000000, TEXT_SIZE },     /* non-canonical */
		{ 0x00007ffffffff000, 0x2000 },        /* crosses USER_LIMIT */
		{ TEXT_VA, UINT64_MAX - TEXT_VA + 1 }, /* end wraps to 0 */
		{ TEXT_VA, UINT64_MAX },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		make_image();
		/* Keep p_vaddr congruent to p_offset modulo p_align. */
		phdr(0)->p_align = 0;
		phdr(0)->p_vaddr = bad[i].vaddr;
		phdr(0)->p_memsz = bad[i].memsz;
		ehdr()->e_entry = bad[i].vaddr;
		if (bad[i].vaddr >= DATA_VA)
			phdr(1)->p_type = PT_NULL; /* keep them sorted */
		expect_invalid("outside the user address space");
	}
}
END_TEST

START_TEST(test_segment_overlaps_stack)
{
	uint64_t stack = USER_STACK_TOP - USER_STACK_SIZE;
	phdr(1)->p_memsz = stack - DATA_VA + 1;
	expect_invalid("overlaps the stack");
	make_image();
	phdr(1)->p_vaddr = stack + DATA_VA % PAGE_SIZE;
	expect_invalid("overlaps the stack");
	/* Up to the stack exactly is allowed, if memory suffices. */
	make_image();
	phdr(1)->p_memsz = stack - DATA_VA;
	expect_refused(KERN_RESOURCE_SHORTAGE, "more memory");
}
END_TEST

/* A huge bss is refused before a page is taken, not by running out. */
START_TEST(test_huge_memsz)
{
	static const uint64_t sizes[] = {
		(uint64_t)64 << 30, /* 64 GiB */
		(uint64_t)1 << 46,
		BUDGET * PAGE_SIZE,
	};
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		make_image();
		phdr(1)->p_memsz = sizes[i];
		expect_refused(KERN_RESOURCE_SHORTAGE,
			       "need more memory than is available");
	}
}
END_TEST

START_TEST(test_filesz_exceeds_memsz)
{
	phdr(1)->p_memsz = DATA_FILE - 1;
	expect_invalid("file size exceeds its memory size");
	make_image();
	phdr(1)->p_memsz = 0;
	expect_invalid("file size exceeds its memory size");
	make_image();
	phdr(1)->p_filesz = UINT64_MAX;
	expect_invalid("file size exceeds its memory size");
}
END_TEST

START_TEST(test_segment_outside_file)
{
	static const struct {
		uint64_t offset, filesz;
	} bad[] = {
		{ GOOD_SIZE, 1 },
		{ GOOD_SIZE + 1, 0 },
		{ GOOD_SIZE - 1, 2 },
		{ DATA_OFF, GOOD_SIZE - DATA_OFF + 1 },
		{ UINT64_MAX, 1 },
		{ DATA_OFF, UINT64_MAX - DATA_OFF + 1 }, /* sum wraps to 0 */
		{ DATA_OFF, UINT64_MAX },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		make_image();
		phdr(1)->p_align = 0;
		phdr(1)->p_offset = bad[i].offset;
		phdr(1)->p_filesz = bad[i].filesz;
		phdr(1)->p_memsz =
			bad[i].filesz > DATA_MEM ? bad[i].filesz : DATA_MEM;
		expect_invalid("outside the file");
	}
}
END_TEST

START_TEST(test_bad_alignment)
{
	static const uint64_t aligns[] = { 3, 0x1001, 0x1800, UINT64_MAX };
	for (unsigned i = 0; i < sizeof aligns / sizeof aligns[0]; i++) {
		make_image();
		phdr(0)->p_align = aligns[i];
		expect_invalid("alignment");
	}
	/* p_vaddr and p_offset not congruent modulo p_align. */
	make_image();
	phdr(0)->p_vaddr = TEXT_VA + 0x10;
	expect_invalid("alignment");
	make_image();
	phdr(1)->p_align = 0x200000;
	expect_invalid("alignment");
}
END_TEST

START_TEST(test_bad_entry)
{
	static const uint64_t entries[] = {
		0,
		TEXT_VA - 1,
		TEXT_VA + TEXT_SIZE, /* past text, in its page */
		DATA_VA,             /* not executable */
		0xffffffff80000000,
	};
	for (unsigned i = 0; i < sizeof entries / sizeof entries[0]; i++) {
		make_image();
		ehdr()->e_entry = entries[i];
		expect_invalid("entry point");
	}
}
END_TEST

START_TEST(test_dynamically_linked)
{
	set_segment(2, PT_INTERP, PF_R, 0x1900, 0x401900, 0x1c, 0x1c, 1);
	expect_invalid("dynamically linked");
	make_image();
	set_segment(2, PT_DYNAMIC, PF_R | PF_W, 0x1900, 0x402900, 0x10, 0x10,
		    8);
	expect_invalid("dynamically linked");
}
END_TEST

START_TEST(test_too_many_segments)
{
	enum { N = 17 };
	ehdr()->e_phnum = N;
	for (unsigned i = 0; i < N; i++)
		set_segment(i, PT_LOAD, PF_R | PF_X, TEXT_OFF,
			    TEXT_VA + i * PAGE_SIZE, 0x10, 0x10, 0x1000);
	expect_invalid("too many loadable segments");
}
END_TEST

START_TEST(test_no_loadable_segment)
{
	phdr(0)->p_type = PT_NOTE;
	phdr(1)->p_type = PT_NULL;
	expect_invalid("no loadable segment");
	make_image();
	phdr(0)->p_memsz = phdr(0)->p_filesz = 0;
	phdr(1)->p_memsz = phdr(1)->p_filesz = 0;
	expect_invalid("no loadable segment");
}
END_TEST

/* Running out of memory half-way is reported, not a crash. */
START_TEST(test_out_of_memory)
{
	fail_after = 2;
	vm_offset_t entry = 0xdead;
	const char *why = NULL;
	ck_assert_int_eq(load(BUDGET, &entry, &why), KERN_RESOURCE_SHORTAGE);
	ck_assert_str_eq(why, "out of memory");
	ck_assert_uint_eq(nmapped, 2);
	ck_assert_uint_eq(entry, 0xdead);
}
END_TEST

/*
 * Random corruption of the headers: every image is loaded or refused,
 * never read out of bounds (ASan), and whatever is mapped lies in the
 * user half below the stack, within the budget.
 */
START_TEST(test_random_headers)
{
	size_t headers = sizeof(Elf64_Ehdr) + 3 * sizeof(Elf64_Phdr);
	unsigned seed = 12345, loaded = 0;
	for (int round = 0; round < 20000; round++) {
		setup();
		int flips = 1 + round % 4;
		for (int k = 0; k < flips; k++) {
			seed = seed * 1103515245 + 12345;
			size_t at = (seed >> 8) % headers;
			seed = seed * 1103515245 + 12345;
			image[at] ^= (unsigned char)(1u << ((seed >> 16) % 8));
		}
		if (round % 7 == 0)
			image_size = (seed >> 4) % GOOD_SIZE;
		vm_offset_t entry = 0;
		const char *why = NULL;
		kern_return_t kr = load(BUDGET, &entry, &why);
		if (kr == KERN_SUCCESS) {
			loaded++;
			ck_assert_uint_le(nmapped, BUDGET);
		} else {
			ck_assert_ptr_nonnull(why);
			ck_assert_uint_eq(nmapped, 0);
		}
		for (unsigned i = 0; i < nmapped; i++) {
			ck_assert_uint_ge(mapped[i].va, PAGE_SIZE);
			ck_assert_uint_lt(mapped[i].va,
					  USER_STACK_TOP - USER_STACK_SIZE);
		}
	}
	ck_assert_uint_gt(loaded, 0); /* some flips are harmless */
}
END_TEST

static Suite *
exec_elf_suite(void)
{
	Suite *s = suite_create("exec_elf");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_good_image);
	tcase_add_test(tc, test_page_budget_exact);
	tcase_add_test(tc, test_shared_page);
	tcase_add_test(tc, test_good_alignments);
	tcase_add_test(tc, test_empty_segment_ignored);
	tcase_add_test(tc, test_truncated_header);
	tcase_add_test(tc, test_bad_ident);
	tcase_add_test(tc, test_wrong_type);
	tcase_add_test(tc, test_wrong_machine);
	tcase_add_test(tc, test_wrong_header_sizes);
	tcase_add_test(tc, test_truncated_program_headers);
	tcase_add_test(tc, test_overlapping_segments);
	tcase_add_test(tc, test_segments_outside_user_space);
	tcase_add_test(tc, test_segment_overlaps_stack);
	tcase_add_test(tc, test_huge_memsz);
	tcase_add_test(tc, test_filesz_exceeds_memsz);
	tcase_add_test(tc, test_segment_outside_file);
	tcase_add_test(tc, test_bad_alignment);
	tcase_add_test(tc, test_bad_entry);
	tcase_add_test(tc, test_dynamically_linked);
	tcase_add_test(tc, test_too_many_segments);
	tcase_add_test(tc, test_no_loadable_segment);
	tcase_add_test(tc, test_out_of_memory);
	tcase_add_test(tc, test_random_headers);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(exec_elf_suite)
