/*
 * tls.c: the first thread's thread pointer (tls.h).
 *
 * musl's own start-up would make it with arch_prctl(ARCH_SET_FS) and
 * then call set_tid_address, system calls that end the task until
 * system-call redirection exists (start.c).  This is the same layout,
 * made with Mach calls.  x86_64 uses TLS variant II: fs base points at
 * the thread descriptor, the executable's TLS block ends where it
 * begins, and the linker's local-exec offsets are negative from it
 * (the block is the PT_TLS segment's p_memsz rounded up to its
 * p_align, and fs base is aligned to p_align).
 *
 * musl's descriptor (struct pthread) is private to musl but for its
 * first words, which are ABI: self at 0, dtv at 8, then prev, next,
 * sysinfo, and the stack protector's canary at 0x28 (gcc reads
 * %fs:0x28).  The rest is musl's to use (errno at 0x34, the locale at
 * 0xa8 in musl 1.2.3): zero here, except the locale, which musl's own
 * uselocale sets.  THREAD_DESCRIPTOR_ROOM leaves musl room to grow.
 */

#include <elf.h>
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mach/thread_status.h>

#include "mach.h"
#include "tls.h"

/* musl 1.2.3's struct pthread is 200 bytes. */
#define THREAD_DESCRIPTOR_ROOM 1024u

/* The ABI part of musl's x86_64 thread descriptor. */
struct thread_descriptor_abi {
	void *self;
	uintptr_t *dtv;
	void *prev, *next;
	uintptr_t sysinfo;
	uintptr_t canary;
};
_Static_assert(offsetof(struct thread_descriptor_abi, canary) == 0x28,
	       "gcc's stack protector reads %fs:0x28");

int mach_tls_ready;

/* The ELF header, when a loaded segment holds it (the linker's symbol;
 * ld puts the headers in the first segment of a static program). */
extern const Elf64_Ehdr __ehdr_start
	__attribute__((weak, visibility("hidden")));

static const Elf64_Phdr *
find_tls_segment(void)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	if (eh == NULL || eh->e_phentsize != sizeof(Elf64_Phdr))
		return NULL;
	const Elf64_Phdr *ph =
		(const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_TLS)
			return &ph[i];
	return NULL;
}

static uintptr_t
round_up(uintptr_t x, uintptr_t align)
{
	return (x + align - 1) & ~(align - 1);
}

/* A canary no one can guess from the binary: the time stamp counter,
 * mixed with where the block landed. */
static uintptr_t
canary_value(uintptr_t where)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	uint64_t v =
		((uint64_t)hi << 32 | lo) ^ (where * 0x9e3779b97f4a7c15ull);
	/* A zero low byte stops string overflows that copy up to a NUL. */
	return (uintptr_t)(v & ~(uint64_t)0xff);
}

kern_return_t
mach_tls_init(void)
{
	const Elf64_Phdr *tls = find_tls_segment();
	uintptr_t align = 16, block = 0;
	if (tls != NULL) {
		uintptr_t p_align = tls->p_align > 1 ? tls->p_align : 1;
		/* A power of two, as ELF requires; else no TLS is right. */
		if ((p_align & (p_align - 1)) != 0)
			return KERN_INVALID_ARGUMENT;
		if (p_align > align)
			align = p_align;
		block = round_up(tls->p_memsz, p_align);
	}

	/* [slack to align][TLS block][descriptor][dtv: count, block]. */
	vm_size_t size =
		align + block + THREAD_DESCRIPTOR_ROOM + 2 * sizeof(uintptr_t);
	vm_address_t base = 0;
	kern_return_t kr = vm_allocate(mach_task_self(), &base, size, TRUE);
	if (kr != KERN_SUCCESS)
		return kr;
	uintptr_t tp = round_up(base + block, align);
	if (tls != NULL)
		memcpy((void *)(tp - block), (const void *)tls->p_vaddr,
		       tls->p_filesz);
	struct thread_descriptor_abi *td = (void *)tp;
	uintptr_t *dtv = (uintptr_t *)(tp + THREAD_DESCRIPTOR_ROOM);
	dtv[0] = 1;
	dtv[1] = tp - block;
	td->self = td;
	td->dtv = dtv;
	td->prev = td->next = td;
	td->canary = canary_value(tp);

	struct i386_fsgs_base_state state = { .fs_base = tp, .gs_base = 0 };
	mach_port_t thread = mach_thread_self();
	kr = thread_set_state(thread, i386_FSGS_BASE_STATE,
			      (thread_state_t)&state,
			      i386_FSGS_BASE_STATE_COUNT);
	(void)mach_port_deallocate(mach_task_self(), thread);
	if (kr != KERN_SUCCESS) {
		(void)vm_deallocate(mach_task_self(), base, size);
		return kr;
	}
	mach_tls_ready = 1;
	mig_reply_port_to_tls();
	(void)uselocale(LC_GLOBAL_LOCALE);
	return KERN_SUCCESS;
}
