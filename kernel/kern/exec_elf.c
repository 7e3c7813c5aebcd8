/*
 * kern/exec_elf.c: static ELF64 executables (the System V gABI and its
 * x86_64 supplement) and the initial user stack.
 */

#include <stdint.h>

#include <machine/exec.h>
#include <machine/vm_param.h>

#include "kern/exec_elf.h"
#include "kern/string.h"
#include "vm/pmap.h"

#define EI_NIDENT   16
#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define ET_EXEC     2
#define PT_LOAD     1
#define PT_DYNAMIC  2
#define PT_INTERP   3
#define PF_X        1
#define PF_W        2
#define PF_R        4
#define AT_NULL     0
#define AT_PAGESZ   6

#define MAX_SEGMENTS 16

struct elf64_ehdr {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

static vm_prot_t
segment_prot(uint32_t flags)
{
	vm_prot_t prot = VM_PROT_NONE;
	if (flags & PF_R)
		prot |= VM_PROT_READ;
	if (flags & PF_W)
		prot |= VM_PROT_WRITE;
	if (flags & PF_X)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

/* The first and last pages a segment covers (p_memsz > 0). */
static inline vm_offset_t
first_page(const struct elf64_phdr *ph)
{
	return ph->p_vaddr & ~(vm_offset_t)PAGE_MASK;
}

static inline vm_offset_t
last_page(const struct elf64_phdr *ph)
{
	return (ph->p_vaddr + ph->p_memsz - 1) & ~(vm_offset_t)PAGE_MASK;
}

/*
 * Check the ELF header: a little-endian ELF64 static executable for this
 * machine whose program header table lies inside the file.
 */
static const char *
check_header(const unsigned char *image, size_t size, struct elf64_ehdr *eh)
{
	if (size < sizeof *eh)
		return "shorter than an ELF header";
	memcpy(eh, image, sizeof *eh);
	if (memcmp(eh->e_ident, "\177ELF", 4) != 0)
		return "not an ELF file";
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return "not an ELF64 file";
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return "not a little-endian ELF file";
	if (eh->e_ident[EI_VERSION] != EV_CURRENT ||
	    eh->e_version != EV_CURRENT)
		return "not ELF version 1";
	if (eh->e_type != ET_EXEC)
		return "not a static executable (ET_EXEC)";
	if (eh->e_machine != ARCH_ELF_MACHINE)
		return "built for another machine";
	if (eh->e_ehsize != sizeof *eh)
		return "an ELF header of the wrong size";
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return "program headers of the wrong size";
	if (eh->e_phnum == 0)
		return "no program header";
	/* e_phnum * e_phentsize is below 2^32: no overflow. */
	if (eh->e_phoff > size ||
	    eh->e_phnum > (size - eh->e_phoff) / sizeof(struct elf64_phdr))
		return "program headers outside the file";
	return NULL;
}

/*
 * Check one PT_LOAD program header on its own: inside the file, inside
 * the user half below the stack, consistently aligned (an empty one
 * only needs no file bytes).
 */
static const char *
check_segment(const struct elf64_phdr *ph, size_t size)
{
	if (ph->p_filesz > ph->p_memsz)
		return "a segment's file size exceeds its memory size";
	if (ph->p_memsz == 0)
		return NULL; /* nothing to load */
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return "a segment lies outside the file";
	if (ph->p_align > 1 &&
	    ((ph->p_align & (ph->p_align - 1)) != 0 ||
	     (ph->p_vaddr - ph->p_offset) % ph->p_align != 0))
		return "a segment's alignment is not a power of two dividing "
		       "p_vaddr - p_offset";
	if (ph->p_vaddr < PAGE_SIZE || ph->p_vaddr >= USER_LIMIT ||
	    ph->p_memsz > USER_LIMIT - ph->p_vaddr)
		return "a segment lies outside the user address space";
	if (ph->p_vaddr + ph->p_memsz > USER_STACK_TOP - USER_STACK_SIZE)
		return "a segment overlaps the stack";
	return NULL;
}

/*
 * Check everything about the image; fill `seg' with its PT_LOADs and
 * *pages with the number of distinct pages they cover.  Every sum below
 * is of values checked first to leave room for it.
 */
static const char *
check_image(const unsigned char *image, size_t size, struct elf64_ehdr *eh,
	    struct elf64_phdr *seg, unsigned *nseg, uint64_t *pages)
{
	const char *why = check_header(image, size, eh);
	if (why != NULL)
		return why;

	*nseg = 0;
	*pages = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, image + eh->e_phoff + i * sizeof ph, sizeof ph);
		if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC)
			return "dynamically linked";
		if (ph.p_type != PT_LOAD)
			continue;
		why = check_segment(&ph, size);
		if (why != NULL)
			return why;
		if (ph.p_memsz == 0)
			continue;
		if (*nseg == MAX_SEGMENTS)
			return "too many loadable segments";
		/* The gABI: PT_LOADs are sorted on p_vaddr; ours also may
		 * not overlap (they may share a page). */
		if (*nseg > 0) {
			const struct elf64_phdr *prev = &seg[*nseg - 1];
			if (ph.p_vaddr < prev->p_vaddr + prev->p_memsz)
				return "loadable segments overlap or are not "
				       "sorted by address";
		}
		*pages +=
			((last_page(&ph) - first_page(&ph)) >> PAGE_SHIFT) + 1;
		if (*nseg > 0 && first_page(&ph) == last_page(&seg[*nseg - 1]))
			(*pages)--; /* counted with the previous segment */
		seg[(*nseg)++] = ph;
	}
	if (*nseg == 0)
		return "no loadable segment";
	for (unsigned i = 0; i < *nseg; i++)
		if ((seg[i].p_flags & PF_X) && eh->e_entry >= seg[i].p_vaddr &&
		    eh->e_entry - seg[i].p_vaddr < seg[i].p_memsz)
			return NULL;
	return "the entry point is not in an executable segment";
}

/* The union of the protections of every segment touching page `va'. */
static vm_prot_t
page_prot(const struct elf64_phdr *seg, unsigned nseg, vm_offset_t va)
{
	vm_prot_t prot = VM_PROT_NONE;
	for (unsigned i = 0; i < nseg; i++) {
		if (va >= first_page(&seg[i]) && va <= last_page(&seg[i]))
			prot |= segment_prot(seg[i].p_flags);
	}
	return prot;
}

kern_return_t
exec_elf_load(task_t task, const void *image_, size_t size, uint64_t max_pages,
	      vm_offset_t *entry, const char **why)
{
	const unsigned char *image = image_;
	struct elf64_ehdr eh;
	struct elf64_phdr seg[MAX_SEGMENTS];
	unsigned nseg;
	uint64_t pages;

	*why = check_image(image, size, &eh, seg, &nseg, &pages);
	if (*why != NULL)
		return KERN_INVALID_ARGUMENT;
	if (pages > max_pages) {
		*why = "its segments need more memory than is available";
		return KERN_RESOURCE_SHORTAGE;
	}

	for (unsigned i = 0; i < nseg; i++) {
		const struct elf64_phdr *ph = &seg[i];
		vm_offset_t end = ph->p_vaddr + ph->p_memsz;
		for (vm_offset_t va = first_page(ph); va < end;
		     va += PAGE_SIZE) {
			void *kva;
			vm_prot_t prot = page_prot(seg, nseg, va);
			kern_return_t kr = task_map_page(task, va, prot, &kva);
			if (kr != KERN_SUCCESS) {
				*why = "out of memory";
				return kr;
			}
			/* The part of the file that falls in this page. */
			vm_offset_t lo = va > ph->p_vaddr ? va : ph->p_vaddr;
			vm_offset_t hi = ph->p_vaddr + ph->p_filesz;
			if (hi > va + PAGE_SIZE)
				hi = va + PAGE_SIZE;
			if (lo < hi)
				memcpy((char *)kva + (lo - va),
				       image + ph->p_offset +
					       (lo - ph->p_vaddr),
				       hi - lo);
		}
	}
	*entry = eh.e_entry;
	return KERN_SUCCESS;
}

/* Write `len' bytes at user address `va' of `task' (mapped already). */
static void
poke(task_t task, vm_offset_t va, const void *data, size_t len)
{
	const char *src = data;
	while (len > 0) {
		uint64_t pa;
		if (!pmap_extract(task->pmap, va & ~(vm_offset_t)PAGE_MASK,
				  &pa))
			return;
		size_t n = PAGE_SIZE - (va & PAGE_MASK);
		if (n > len)
			n = len;
		memcpy((char *)phys_to_virt(pa) + (va & PAGE_MASK), src, n);
		va += n;
		src += n;
		len -= n;
	}
}

kern_return_t
exec_setup_stack(task_t task, const char *cmdline, vm_offset_t *sp_out)
{
	const char *argv[EXEC_ARGS_MAX];
	size_t arglen[EXEC_ARGS_MAX];
	unsigned argc = 0;

	for (const char *p = cmdline; *p != '\0';) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (argc == EXEC_ARGS_MAX)
			return KERN_INVALID_ARGUMENT;
		argv[argc] = p;
		while (*p != '\0' && *p != ' ')
			p++;
		arglen[argc] = p - argv[argc];
		argc++;
	}
	return exec_setup_stack_argv(task, argc, argv, arglen, sp_out);
}

kern_return_t
exec_setup_stack_argv(task_t task, unsigned argc, const char *const *argv,
		      const size_t *arglen, vm_offset_t *sp_out)
{
	size_t strings = 0;
	if (argc > EXEC_ARGS_MAX)
		return KERN_INVALID_ARGUMENT;
	for (unsigned i = 0; i < argc; i++) {
		if (arglen[i] > EXEC_STRINGS_MAX)
			return KERN_INVALID_ARGUMENT;
		strings += arglen[i] + 1;
	}
	if (strings > EXEC_STRINGS_MAX)
		return KERN_INVALID_ARGUMENT;

	for (vm_offset_t va = USER_STACK_TOP - USER_STACK_SIZE;
	     va < USER_STACK_TOP; va += PAGE_SIZE) {
		void *kva;
		kern_return_t kr = task_map_page(
			task, va, VM_PROT_READ | VM_PROT_WRITE, &kva);
		if (kr != KERN_SUCCESS)
			return kr;
	}

	/* Strings at the top, then the vectors, 16-byte aligned. */
	vm_offset_t str = USER_STACK_TOP - strings;
	uint64_t vec[1 + EXEC_ARGS_MAX + 1 + 1 + 4];
	unsigned n = 0;
	vec[n++] = argc;
	for (unsigned i = 0; i < argc; i++) {
		vec[n++] = str;
		poke(task, str, argv[i], arglen[i]);
		poke(task, str + arglen[i], "", 1);
		str += arglen[i] + 1;
	}
	vec[n++] = 0; /* end of argv */
	vec[n++] = 0; /* empty environment */
	vec[n++] = AT_PAGESZ;
	vec[n++] = PAGE_SIZE;
	vec[n++] = AT_NULL;
	vec[n++] = 0;
	vm_offset_t sp = (USER_STACK_TOP - strings - n * 8) & ~(vm_offset_t)15;
	poke(task, sp, vec, n * 8);
	*sp_out = sp;
	return KERN_SUCCESS;
}
