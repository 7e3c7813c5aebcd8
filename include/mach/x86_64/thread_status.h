/*
 * mach/x86_64/thread_status.h: the thread-state flavors of
 * thread_get_state and thread_set_state on x86_64, with GNU Mach's
 * numbers, layouts and counts (counts are in natural_t units).
 */
#ifndef _MACH_X86_64_THREAD_STATUS_H_
#define _MACH_X86_64_THREAD_STATUS_H_

#include <stdint.h>

#define i386_THREAD_STATE       1
#define i386_FLOAT_STATE        2
#define i386_ISA_PORT_MAP_STATE 3
#define i386_V86_ASSIST_STATE   4
#define i386_REGS_SEGS_STATE    5
#define i386_DEBUG_STATE        6
#define i386_FSGS_BASE_STATE    7
#define i386_XFLOAT_STATE       8

/*
 * The user registers (i386_THREAD_STATE and i386_REGS_SEGS_STATE).
 * rsp is unused (read as 0); ursp is the user's stack pointer.
 */
struct i386_thread_state {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rsp, rbx, rdx, rcx, rax;
	uint64_t rip;
	unsigned int cs;
	uint64_t rfl;
	uint64_t ursp;
	unsigned int ss;
};
#define i386_THREAD_STATE_COUNT                                                \
	(sizeof(struct i386_thread_state) / sizeof(unsigned int))

/* The x87 environment in fsave's layout, then the eight registers
 * (ST(0) first), 10 bytes each. */
struct i386_fp_save {
	unsigned short fp_control;
	unsigned short fp_unused_1;
	unsigned short fp_status;
	unsigned short fp_unused_2;
	unsigned short fp_tag; /* two bits a register: 3 empty */
	unsigned short fp_unused_3;
	unsigned int fp_eip;
	unsigned short fp_cs;
	unsigned short fp_opcode;
	unsigned int fp_dp;
	unsigned short fp_ds;
	unsigned short fp_unused_4;
};

struct i386_fp_regs {
	unsigned short fp_reg_word[8][5];
};

#define FP_STATE_BYTES                                                         \
	(sizeof(struct i386_fp_save) + sizeof(struct i386_fp_regs))

/* fpkind: the kind of floating point the kernel supports. */
#define FP_NO    0
#define FP_387FX 4 /* fxsave and fxrstor */

struct i386_float_state {
	int fpkind;      /* read only */
	int initialized; /* set 0 to reset the thread's FPU state */
	unsigned char hw_state[FP_STATE_BYTES];
	int exc_status; /* read only */
};
#define i386_FLOAT_STATE_COUNT                                                 \
	(sizeof(struct i386_float_state) / sizeof(unsigned int))

#define PORT_MAP_BITS 0x400
struct i386_isa_port_map_state {
	unsigned char pm[PORT_MAP_BITS >> 3];
};
#define i386_ISA_PORT_MAP_STATE_COUNT                                          \
	(sizeof(struct i386_isa_port_map_state) / sizeof(unsigned int))

struct i386_debug_state {
	unsigned int dr[8];
};
#define i386_DEBUG_STATE_COUNT                                                 \
	(sizeof(struct i386_debug_state) / sizeof(unsigned int))

struct i386_fsgs_base_state {
	unsigned long fs_base;
	unsigned long gs_base;
};
#define i386_FSGS_BASE_STATE_COUNT                                             \
	(sizeof(struct i386_fsgs_base_state) / sizeof(unsigned int))

_Static_assert(i386_THREAD_STATE_COUNT == 42, "GNU Mach's count");
_Static_assert(i386_FLOAT_STATE_COUNT == 30, "GNU Mach's count");
_Static_assert(i386_FSGS_BASE_STATE_COUNT == 4, "GNU Mach's count");

#endif
