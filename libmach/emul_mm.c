/*
 * emul_mm.c: the memory calls of the emulation (emul.h): anonymous
 * mmap, munmap, mprotect and brk, through vm_allocate, vm_deallocate
 * and vm_protect on the task's own map.  The argument checks and the
 * break's arithmetic are emul_plan.c's.
 *
 * The break lives in a region reserved at its first use, BRK_RESERVE
 * bytes from the page after the program's end (anywhere if that is
 * taken): allocated with no access, so that memory past the break
 * faults as on Linux, and made readable and writable a page at a time
 * as the break grows; pages below a lowered break are given back
 * (deallocated, allocated again empty, made inaccessible), so a new
 * growth reads zeros.  One thread's break: the emulation serves
 * musl's single thread (no clone).
 */

#include <errno.h>
#include <sys/mman.h>

#include "emul.h"
#include "mach.h"

#define PAGE        4096ul
#define BRK_RESERVE (256ul << 20)

extern char _end[];

static struct emul_brk brk_state;

/* Linux's errno for a failed Mach memory call. */
static long
vm_errno(kern_return_t kr)
{
	switch (kr) {
	case KERN_NO_SPACE:
	case KERN_RESOURCE_SHORTAGE:
		return -ENOMEM;
	case KERN_PROTECTION_FAILURE:
		return -EACCES;
	default:
		return -EINVAL;
	}
}

long
emul_mmap(uintptr_t addr, uintptr_t len, long prot, long flags, long fd,
	  long off)
{
	struct emul_mmap_plan plan;
	int e = emul_mmap_check(addr, len, prot, flags, fd, off, &plan);
	if (e != 0)
		return e;
	mach_port_t self = mach_task_self();
	vm_address_t at = plan.addr;
	kern_return_t kr = KERN_NO_SPACE;
	if (plan.fixed) {
		/* Linux replaces what was there. */
		(void)vm_deallocate(self, at, plan.size);
		kr = vm_allocate(self, &at, plan.size, FALSE);
	} else if (plan.addr != 0) {
		kr = vm_allocate(self, &at, plan.size, FALSE);
		if (kr != KERN_SUCCESS && plan.noreplace)
			return -EEXIST;
	}
	if (kr != KERN_SUCCESS && !plan.fixed) {
		at = 0;
		kr = vm_allocate(self, &at, plan.size, TRUE);
	}
	if (kr != KERN_SUCCESS)
		return vm_errno(kr);
	if (plan.prot != VM_PROT_DEFAULT) {
		kr = vm_protect(self, at, plan.size, FALSE, plan.prot);
		if (kr != KERN_SUCCESS) {
			(void)vm_deallocate(self, at, plan.size);
			return vm_errno(kr);
		}
	}
	return (long)at;
}

long
emul_munmap(uintptr_t addr, uintptr_t len)
{
	uintptr_t start, end;
	if (len == 0)
		return -EINVAL;
	int e = emul_range_check(addr, len, &start, &end);
	if (e != 0)
		return e;
	kern_return_t kr = vm_deallocate(mach_task_self(), start, end - start);
	return kr == KERN_SUCCESS ? 0 : vm_errno(kr);
}

long
emul_mprotect(uintptr_t addr, uintptr_t len, long prot)
{
	uintptr_t start, end;
	vm_prot_t p;
	int e = emul_range_check(addr, len, &start, &end);
	if (e == 0)
		e = emul_prot(prot, &p);
	if (e != 0)
		return e;
	if (start == end)
		return 0;
	/* Linux: -ENOMEM for a range that is not all mapped. */
	if (emul_user_ok(start, end - start, VM_PROT_NONE) != 0)
		return -ENOMEM;
	kern_return_t kr =
		vm_protect(mach_task_self(), start, end - start, FALSE, p);
	return kr == KERN_SUCCESS ? 0 : vm_errno(kr);
}

/* Reserve the break's region: 0, or -ENOMEM. */
static int
brk_reserve(void)
{
	mach_port_t self = mach_task_self();
	vm_address_t at = ((uintptr_t)_end + PAGE - 1) & ~(PAGE - 1);
	kern_return_t kr = vm_allocate(self, &at, BRK_RESERVE, FALSE);
	if (kr != KERN_SUCCESS) {
		at = 0;
		kr = vm_allocate(self, &at, BRK_RESERVE, TRUE);
	}
	if (kr != KERN_SUCCESS)
		return -ENOMEM;
	if (vm_protect(self, at, BRK_RESERVE, FALSE, VM_PROT_NONE) !=
	    KERN_SUCCESS) {
		(void)vm_deallocate(self, at, BRK_RESERVE);
		return -ENOMEM;
	}
	brk_state.base = brk_state.cur = at;
	brk_state.limit = at + BRK_RESERVE;
	return 0;
}

long
emul_brk(uintptr_t want)
{
	if (brk_state.base == 0 && brk_reserve() != 0)
		return 0; /* musl then uses mmap */
	struct emul_brk_step step;
	if (!emul_brk_plan(&brk_state, want, &step))
		return (long)brk_state.cur;
	mach_port_t self = mach_task_self();
	if (step.grow_end > step.grow_start) {
		if (vm_protect(self, step.grow_start,
			       step.grow_end - step.grow_start, FALSE,
			       VM_PROT_DEFAULT) != KERN_SUCCESS)
			return (long)brk_state.cur;
	}
	if (step.shrink_end > step.shrink_start) {
		vm_address_t at = step.shrink_start;
		vm_size_t size = step.shrink_end - step.shrink_start;
		if (vm_deallocate(self, at, size) != KERN_SUCCESS ||
		    vm_allocate(self, &at, size, FALSE) != KERN_SUCCESS ||
		    vm_protect(self, at, size, FALSE, VM_PROT_NONE) !=
			    KERN_SUCCESS)
			return (long)brk_state.cur;
	}
	brk_state.cur = want;
	return (long)want;
}
