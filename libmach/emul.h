/*
 * emul.h: libmach's system-call emulation (private to libmach; the
 * contract is docs/emulation.md).
 *
 * Every Linux system call the program makes (musl's `syscall'
 * instructions) arrives at mach_emul_entry (emul_entry.S) through the
 * task's emulation vector, which the start-up installs: the entry saves
 * the program's registers and FPU/SSE state below the red zone and
 * calls emul_dispatch with the call's frame; what it returns goes back
 * in rax, a negative errno as Linux's kernel answers.  The calls are
 * served with Mach calls only (emul.c, emul_io.c, emul_mm.c,
 * emul_time.c); the rest answer -ENOSYS.  Every argument is the
 * program's and hostile: user memory is checked (emul_user_ok) before
 * it is touched, so a bad pointer is -EFAULT, never a fault in here.
 *
 * The pure logic (argument checks, the brk region's arithmetic) is in
 * emul_plan.c, which the host unit tests build (check_emul_plan).
 */
#ifndef LIBMACH_EMUL_H
#define LIBMACH_EMUL_H

#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/machine_types.h>
#include <mach/vm_prot.h>

#define EMUL_HIDDEN __attribute__((visibility("hidden")))

/* The numbers the vector covers: [0, EMUL_NUMBERS), the kernel's bound
 * (kern/syscall_emulation.h). */
#define EMUL_NUMBERS 1024

/* What emul_entry.S saves, in this order (it knows the offsets). */
struct emul_frame {
	long nr;          /* rax */
	long arg[6];      /* rdi, rsi, rdx, r10, r8, r9 */
	uintptr_t rip;    /* rcx: the return address */
	uintptr_t rflags; /* r11 */
	uintptr_t pad;
};

/* The entry the vector names for every number (emul_entry.S). */
void mach_emul_entry(void) EMUL_HIDDEN;

/*
 * Forget what the library keeps of its task and thread (the fs and gs
 * bases it set, the ports it made): the start-up of a task whose memory
 * is a copy of another's, where none of it is true (start.c).
 */
void emul_reset(void) EMUL_HIDDEN;
void emul_time_reset(void) EMUL_HIDDEN;

/* Serve one call; its result is the program's rax. */
long emul_dispatch(struct emul_frame *f) EMUL_HIDDEN;

/* Install the vector for this task: every number to mach_emul_entry.
 * KERN_SUCCESS or task_set_emulation_vector's error. */
kern_return_t mach_emul_install(void) EMUL_HIDDEN;

/*
 * Whether [addr, addr + len) of this task is mapped with at least
 * `prot' (vm_region over the range): 0, or -EFAULT.  len 0 is fine
 * anywhere.
 */
int emul_user_ok(uintptr_t addr, uintptr_t len, vm_prot_t prot) EMUL_HIDDEN;

/* The calls, by concern.  Each returns the result or -errno. */
long emul_write(int fd, uintptr_t buf, uintptr_t len) EMUL_HIDDEN;
long emul_writev(int fd, uintptr_t iov, long iovcnt) EMUL_HIDDEN;
long emul_ioctl(int fd, unsigned long req, uintptr_t arg) EMUL_HIDDEN;
long emul_mmap(uintptr_t addr, uintptr_t len, long prot, long flags, long fd,
	       long off) EMUL_HIDDEN;
long emul_munmap(uintptr_t addr, uintptr_t len) EMUL_HIDDEN;
long emul_mprotect(uintptr_t addr, uintptr_t len, long prot) EMUL_HIDDEN;
long emul_brk(uintptr_t want) EMUL_HIDDEN;
long emul_clock_gettime(long clk, uintptr_t ts) EMUL_HIDDEN;
long emul_gettimeofday(uintptr_t tv, uintptr_t tz) EMUL_HIDDEN;
long emul_nanosleep(uintptr_t req, uintptr_t rem) EMUL_HIDDEN;
long emul_clock_nanosleep(long clk, long flags, uintptr_t req,
			  uintptr_t rem) EMUL_HIDDEN;

/* emul_plan.c: pure logic, no Mach call. */

/* An anonymous mmap as Mach calls do it. */
struct emul_mmap_plan {
	uintptr_t addr; /* where (a hint unless fixed), page-aligned */
	uintptr_t size; /* rounded to pages */
	vm_prot_t prot;
	int fixed;     /* MAP_FIXED: replace what is there */
	int noreplace; /* MAP_FIXED_NOREPLACE: -EEXIST if taken */
};

/* Linux's PROT_* bits as Mach's: 0, or -EINVAL for an unknown bit. */
int emul_prot(long prot, vm_prot_t *out) EMUL_HIDDEN;

/*
 * Check mmap's arguments as Linux does, for the anonymous private (or
 * shared: one task, the same) mappings served here: 0 and the plan, or
 * -EINVAL (length 0, an unaligned offset or fixed address, no sharing
 * type, unknown protection), -ENOMEM (the length rounds past the user
 * half), -ENODEV (a file mapping: no files yet).
 */
int emul_mmap_check(uintptr_t addr, uintptr_t len, long prot, long flags,
		    long fd, long off, struct emul_mmap_plan *plan) EMUL_HIDDEN;

/* A munmap or mprotect range: 0 and [*start, *end) page-rounded, or
 * -EINVAL (unaligned start, wrapping length, outside the user half). */
int emul_range_check(uintptr_t addr, uintptr_t len, uintptr_t *start,
		     uintptr_t *end) EMUL_HIDDEN;

/*
 * The program break: [base, cur) is the heap, inside a region
 * [base, limit) reserved once, of which the pages up to round(cur) are
 * readable and writable and the rest inaccessible.
 */
struct emul_brk {
	uintptr_t base, cur, limit;
};

/* The change brk(want) makes: pages [grow_start, grow_end) become
 * usable, or [shrink_start, shrink_end) are given back (emptied and
 * made inaccessible). */
struct emul_brk_step {
	uintptr_t grow_start, grow_end;
	uintptr_t shrink_start, shrink_end;
};

/*
 * Plan brk(want) on `b': returns 1 and the step (b->cur becomes want
 * once it is done) or 0 when want is refused or is 0 (Linux answers the
 * current break then): below base, past limit.
 */
int emul_brk_plan(const struct emul_brk *b, uintptr_t want,
		  struct emul_brk_step *step) EMUL_HIDDEN;

/* A timespec's checks: 0, or -EINVAL (negative, nanoseconds >= 1e9). */
int emul_timespec_check(long sec, long nsec) EMUL_HIDDEN;

/* Milliseconds to wait for sec + nsec, rounded up, saturating at
 * max_ms (the caller waits again for the rest). */
uint64_t emul_timespec_ms(long sec, long nsec) EMUL_HIDDEN;

#endif
