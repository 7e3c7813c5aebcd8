/*
 * machine/thread.h: the machine-dependent part of a thread.
 */
#ifndef MACHINE_THREAD_H
#define MACHINE_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <machine/fpu.h>

#include "arch/x86_64/trap.h"

struct arch_thread {
	uintptr_t sp; /* saved kernel stack pointer while switched out */
	bool user;    /* has user state: user_frame and fpu */
	/*
	 * The user-mode registers while the thread is in the kernel: a
	 * trap or system call from user mode saves them here, not on the
	 * kernel stack.  TSS.rsp0 (and, for syscall, the per-CPU
	 * user_frame_end) points at the end of this frame, 16-byte aligned
	 * as a trap from user mode needs: the CPU aligns RSP down to 16
	 * bytes before it pushes ss, rsp, rflags, cs, rip (and an error
	 * code), so only an aligned end makes the CPU's pushes land in the
	 * frame's last words and trap_entry.S's in the rest, exactly.
	 */
	struct trap_frame user_frame __attribute__((aligned(16)));
	/* The user's x87/SSE registers while another thread runs. */
	struct fpu_state fpu;
	/* The user's FS and GS bases (i386_FSGS_BASE_STATE), loaded when
	 * the thread is switched to: canonical, GS in the lower half. */
	uint64_t fs_base, gs_base;
};

/*
 * The frame ends 16-byte aligned wherever a struct arch_thread is (the
 * thread zone aligns to 16, kern/zalloc.h), and the CPU's own pushes
 * from that end are the frame's last fields, in the CPU's order.
 */
_Static_assert(_Alignof(struct arch_thread) == 16, "16-byte alignment");
_Static_assert(__builtin_offsetof(struct arch_thread, user_frame) % 16 == 0,
	       "the user frame starts 16-byte aligned");
_Static_assert(sizeof(struct trap_frame) % 16 == 0,
	       "the user frame ends 16-byte aligned: TSS.rsp0");
_Static_assert(sizeof(struct trap_frame) -
			       __builtin_offsetof(struct trap_frame, error) ==
		       6 * 8,
	       "the CPU pushes ss rsp rflags cs rip error from TSS.rsp0 down");

/* Where the thread's user code was when it entered the kernel. */
static inline uintptr_t
arch_thread_user_pc(const struct arch_thread *at)
{
	return at->user_frame.rip;
}

/*
 * thread_get_state and thread_set_state's machine part (GNU Mach's
 * flavors, mach/x86_64/thread_status.h) on the user state of `at',
 * which is not running (or is the current thread, `current': then only
 * i386_FSGS_BASE_STATE may be set, and takes effect at once).  get:
 * *count is the room in natural_t words on entry, what was written on
 * return.  set validates everything first and changes nothing on an
 * error: KERN_INVALID_ARGUMENT for an unknown flavor, too small a
 * count, or a value that could not return to user mode (a selector
 * other than the user's, a non-canonical rip, stack or base).
 */
kern_return_t arch_thread_get_state(struct arch_thread *at, int flavor,
				    uint32_t *state, uint32_t *count);
kern_return_t arch_thread_set_state(struct arch_thread *at, bool current,
				    int flavor, const uint32_t *state,
				    uint32_t count);

/* Kernel stacks: 16 KiB, 2^2 pages. */
#define KERNEL_STACK_ORDER 2

/*
 * Prepare a new thread's kernel stack [stack_base, stack_top) so that
 * the first switch to it enters thread_continue(prev).
 */
void arch_thread_init(struct arch_thread *at, uintptr_t stack_top);

struct thread;

/*
 * The base of the boot stack, which the boot CPU's idle thread keeps.
 * The page below it is an unmapped guard page, as for every stack.
 */
uintptr_t arch_boot_stack_base(void);

/*
 * The scheduler is about to run `next' on this CPU instead of the thread
 * that runs now: point the CPU's kernel entry stack at next's, switch
 * the FPU state and the address space if next's differ.  sched_lock
 * held, interrupts off.
 */
void arch_thread_switched_to(struct thread *next);

/*
 * End the current thread's system call with `result' and return to user
 * mode from wherever it is in the kernel (a continuation, on a fresh
 * stack).  The caller has done what the trap's return path would.
 */
void arch_syscall_return(uintptr_t result) __attribute__((noreturn));

/*
 * The current thread's system call's seventh argument (mach_msg's
 * notify), which GNU Mach's x86_64 convention leaves on the user stack
 * above the return address of the call to the trap's stub.  Returns
 * KERN_INVALID_ADDRESS if the stack cannot be read there.
 */
kern_return_t arch_syscall_arg7(uint32_t *value);

void *arch_switch_context(uintptr_t *save_sp, uintptr_t new_sp, void *prev);
void arch_call_continuation(void (*fn)(void *), uintptr_t stack_top, void *prev)
	__attribute__((noreturn));

#endif
