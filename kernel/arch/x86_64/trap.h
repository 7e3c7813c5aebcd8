/*
 * trap.h: interrupts and exceptions on x86_64.
 */
#ifndef ARCH_X86_64_TRAP_H
#define ARCH_X86_64_TRAP_H

#include <stdint.h>

/*
 * The registers saved on entry, in stack order (lowest address first):
 * trap_entry.S pushes the general registers over the vector number, the
 * error code (0 where the CPU pushes none) and the CPU's own frame.
 */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* trap_entry.S knows these offsets. */
_Static_assert(__builtin_offsetof(struct trap_frame, r11) == 4 * 8, "r11");
_Static_assert(__builtin_offsetof(struct trap_frame, rcx) == 12 * 8, "rcx");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) == 17 * 8, "rip");
_Static_assert(__builtin_offsetof(struct trap_frame, cs) == 18 * 8, "cs");
_Static_assert(__builtin_offsetof(struct trap_frame, rflags) == 19 * 8,
	       "rflags");
_Static_assert(__builtin_offsetof(struct trap_frame, vector) == 15 * 8,
	       "vector");
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "frame size");

/* Exception vectors. */
enum {
	T_DIVIDE = 0,
	T_DEBUG = 1,
	T_NMI = 2,
	T_BREAKPOINT = 3,
	T_OVERFLOW = 4,
	T_BOUND = 5,
	T_INVALID_OPCODE = 6,
	T_NO_FPU = 7,
	T_DOUBLE_FAULT = 8,
	T_INVALID_TSS = 10,
	T_SEGMENT_NOT_PRESENT = 11,
	T_STACK_FAULT = 12,
	T_GENERAL_PROTECTION = 13,
	T_PAGE_FAULT = 14,
	T_FPU_ERROR = 16,
	T_ALIGNMENT = 17,
	T_MACHINE_CHECK = 18,
	T_SIMD = 19,
	T_VIRTUALIZATION = 20,
	T_CONTROL_PROTECTION = 21,
	T_NEXCEPTIONS = 32,
	T_SYSCALL = 256, /* pseudo-vector of frames saved by syscall */
};

/* Fill the IDT with the entry stubs and load it on this CPU. */
void trap_init(void);

/* Called by trap_entry.S with the saved registers. */
void trap_dispatch(struct trap_frame *frame);

/* Set up the syscall instruction's entry on this CPU. */
void syscall_init(void);

/* Called by syscall_entry (trap_entry.S) with the saved user registers. */
void syscall_dispatch(struct trap_frame *frame);

/*
 * mach_msg's trap, the trap of every RPC, which syscall_entry calls
 * instead of syscall_dispatch with the trap's registers as arguments
 * (r10 moved to rcx): its result goes into the thread's user frame.
 */
void syscall_mach_msg(uintptr_t msg, uintptr_t option, uintptr_t send_size,
		      uintptr_t rcv_size, uintptr_t rcv_name,
		      uintptr_t timeout);

/* Print every register of `frame' on the console. */
void trap_dump(const struct trap_frame *frame);

/*
 * Called by trap_entry.S just before it returns to user mode with
 * `frame': make sure the return cannot fault in the kernel (see
 * trap.c).  A frame that would is the thread's general-protection
 * fault, raised as the CPU would have (kern/exception.h).  Returns with
 * interrupts off and a returnable frame.
 */
void trap_user_return(struct trap_frame *frame);

/* The interrupt stack table slot of `vector''s gate (for tests). */
unsigned trap_gate_ist(unsigned vector);

#endif
