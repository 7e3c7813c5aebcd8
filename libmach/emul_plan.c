/*
 * emul_plan.c: the pure logic of the emulation (emul.h): Linux's
 * argument checks for the memory calls, the program break's
 * arithmetic, timespecs.  No Mach call and no global state, so the
 * host unit tests build it as it is (tests/unit/libmach/check_emul_plan).
 */

#include <errno.h>
#include <sys/mman.h>

#include "emul.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE          4096ul
#define USER_TOP      0x0000800000000000ul /* the user half's end */
#define PAGE_ROUND(x) (((x) + PAGE - 1) & ~(PAGE - 1))

/* The flags understood here; MAP_NORESERVE, MAP_POPULATE and the like
 * are hints a Mach mapping needs not. */
#define MAP_KNOWN                                                              \
	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |                \
	 MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK |             \
	 MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED |         \
	 MAP_FIXED_NOREPLACE)

int
emul_prot(long prot, vm_prot_t *out)
{
	if ((prot & ~(long)(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0)
		return -EINVAL;
	vm_prot_t p = VM_PROT_NONE;
	if (prot & PROT_READ)
		p |= VM_PROT_READ;
	if (prot & PROT_WRITE)
		p |= VM_PROT_WRITE;
	if (prot & PROT_EXEC)
		p |= VM_PROT_EXECUTE;
	*out = p;
	return 0;
}

int
emul_mmap_check(uintptr_t addr, uintptr_t len, long prot, long flags, long fd,
		long off, struct emul_mmap_plan *plan)
{
	long type = flags & (MAP_SHARED | MAP_PRIVATE);
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		return -EINVAL;
	if ((flags & ~(long)MAP_KNOWN) != 0)
		return -EINVAL;
	if (len == 0 || (off & (long)(PAGE - 1)) != 0)
		return -EINVAL;
	if (len > USER_TOP - PAGE)
		return -ENOMEM;
	vm_prot_t p;
	if (emul_prot(prot, &p) != 0)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return fd < 0 ? -EBADF : -ENODEV; /* no files yet */
	int fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
	uintptr_t size = PAGE_ROUND(len);
	if (fixed) {
		if ((addr & (PAGE - 1)) != 0)
			return -EINVAL;
		if (addr == 0 || addr >= USER_TOP || size > USER_TOP - addr)
			return -ENOMEM;
	} else {
		addr &= ~(PAGE - 1); /* a hint: anywhere if it does not fit */
		if (addr >= USER_TOP || size > USER_TOP - addr)
			addr = 0;
	}
	plan->addr = addr;
	plan->size = size;
	plan->prot = p;
	plan->fixed = (flags & MAP_FIXED) != 0;
	plan->noreplace = !plan->fixed && (flags & MAP_FIXED_NOREPLACE) != 0;
	return 0;
}

int
emul_range_check(uintptr_t addr, uintptr_t len, uintptr_t *start,
		 uintptr_t *end)
{
	if ((addr & (PAGE - 1)) != 0 || addr >= USER_TOP)
		return -EINVAL;
	if (len > USER_TOP - addr)
		return -EINVAL;
	*start = addr;
	*end = PAGE_ROUND(addr + len);
	if (*end > USER_TOP)
		return -EINVAL;
	return 0;
}

int
emul_brk_plan(const struct emul_brk *b, uintptr_t want,
	      struct emul_brk_step *step)
{
	if (want == 0 || want < b->base || want > b->limit)
		return 0;
	uintptr_t have = PAGE_ROUND(b->cur), need = PAGE_ROUND(want);
	step->grow_start = step->grow_end = 0;
	step->shrink_start = step->shrink_end = 0;
	if (need > have) {
		step->grow_start = have;
		step->grow_end = need;
	} else if (need < have) {
		step->shrink_start = need;
		step->shrink_end = have;
	}
	return 1;
}

int
emul_timespec_check(long sec, long nsec)
{
	if (sec < 0 || nsec < 0 || nsec >= 1000000000l)
		return -EINVAL;
	return 0;
}

uint64_t
emul_timespec_ms(long sec, long nsec)
{
	uint64_t ms = (uint64_t)(nsec + 999999) / 1000000;
	if ((uint64_t)sec > (UINT64_MAX - ms) / 1000)
		return UINT64_MAX;
	return (uint64_t)sec * 1000 + ms;
}
