/*
 * pcb_state.c: thread_get_state and thread_set_state's flavors on
 * x86_64 (machine/thread.h), GNU Mach's layouts.
 *
 * Every value a user gives is checked before anything changes, so that
 * no state can make the return to user mode fault in the kernel: code
 * and stack selectors are the user's (GNU Mach takes any RPL-3
 * selector and lets iretq fault; there is no other user segment
 * here), rip and the stack pointer canonical (GNU Mach lets the thread
 * fault at its return), rflags stripped of IOPL, NT, RF, VM and the
 * reserved bits with IF set (GNU Mach strips IOPL, NT and RF), the FS
 * and GS bases canonical (GNU Mach writes any, and clears GS's bit 63,
 * as here), MXCSR set to its default by i386_FLOAT_STATE (as GNU Mach:
 * fxrstor faults on a reserved MXCSR bit).
 */

#include <mach/thread_status.h>
#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/pcb.h"
#include "arch/x86_64/x86.h"
#include "kern/cpu.h"
#include "kern/string.h"

/* rflags bits a user may set: CF PF AF ZF SF TF IF DF OF AC VIF VIP ID. */
#define RFLAGS_USER_MASK 0x3c0fd5ull

/* Canonical: bits 63..47 all equal. */
static bool
canonical(uint64_t a)
{
	return a < USER_LIMIT || a >= (uint64_t)-USER_LIMIT;
}

static void
get_thread_state(const struct trap_frame *f, struct i386_thread_state *s)
{
	memset(s, 0, sizeof *s);
	s->r8 = f->r8;
	s->r9 = f->r9;
	s->r10 = f->r10;
	s->r11 = f->r11;
	s->r12 = f->r12;
	s->r13 = f->r13;
	s->r14 = f->r14;
	s->r15 = f->r15;
	s->rdi = f->rdi;
	s->rsi = f->rsi;
	s->rbp = f->rbp;
	s->rsp = 0; /* unused, as GNU Mach */
	s->rbx = f->rbx;
	s->rdx = f->rdx;
	s->rcx = f->rcx;
	s->rax = f->rax;
	s->rip = f->rip;
	s->cs = (unsigned)f->cs;
	s->rfl = f->rflags;
	s->ursp = f->rsp;
	s->ss = (unsigned)f->ss;
}

/* Check `s' as `flavor' (i386_THREAD_STATE or i386_REGS_SEGS_STATE). */
static kern_return_t
check_thread_state(int flavor, const struct i386_thread_state *s)
{
	if (flavor == i386_REGS_SEGS_STATE &&
	    ((s->cs & 0xffff) != PCB_USER_CS ||
	     (s->ss & 0xffff) != PCB_USER_SS))
		return KERN_INVALID_ARGUMENT;
	if (!canonical(s->rip) || !canonical(s->ursp))
		return KERN_INVALID_ARGUMENT;
	return KERN_SUCCESS;
}

static void
set_thread_state(struct trap_frame *f, const struct i386_thread_state *s)
{
	f->r8 = s->r8;
	f->r9 = s->r9;
	f->r10 = s->r10;
	f->r11 = s->r11;
	f->r12 = s->r12;
	f->r13 = s->r13;
	f->r14 = s->r14;
	f->r15 = s->r15;
	f->rdi = s->rdi;
	f->rsi = s->rsi;
	f->rbp = s->rbp;
	f->rbx = s->rbx;
	f->rdx = s->rdx;
	f->rcx = s->rcx;
	f->rax = s->rax;
	f->rip = s->rip;
	f->rflags = (s->rfl & RFLAGS_USER_MASK) | PCB_RFLAGS_IF |
		    PCB_RFLAGS_RESERVED;
	f->rsp = s->ursp;
	/* i386_THREAD_STATE sets the flat user segments; REGS_SEGS
	 * gave them, checked. */
	f->cs = PCB_USER_CS;
	f->ss = PCB_USER_SS;
}

/*
 * The x87 tag word: fxsave keeps a bit a register (1: not empty); the
 * fsave layout two (0 valid, 1 zero, 2 special, 3 empty), from the
 * register's contents.  Register i of the tag word is physical
 * register i; fxsave's st[] starts at the top of the stack.
 */
static uint16_t
tag_word_full(const struct fpu_state *fx)
{
	unsigned top = (fx->fsw >> 11) & 7;
	uint16_t tags = 0;
	for (unsigned i = 0; i < 8; i++) {
		unsigned tag = 3;
		if (fx->ftw & (1u << i)) {
			const uint8_t *r = fx->st[(i - top) & 7];
			uint16_t exp, hi;
			memcpy(&exp, r + 8, 2);
			memcpy(&hi, r + 6, 2);
			uint64_t mant;
			memcpy(&mant, r, 8);
			exp &= 0x7fff;
			if (exp == 0x7fff)
				tag = 2;
			else if (exp == 0)
				tag = mant == 0 ? 1 : 2;
			else
				tag = (hi & 0x8000) ? 0 : 2;
		}
		tags |= (uint16_t)(tag << (2 * i));
	}
	return tags;
}

static uint8_t
tag_word_abridged(uint16_t full)
{
	uint8_t ftw = 0;
	for (unsigned i = 0; i < 8; i++)
		if (((full >> (2 * i)) & 3) != 3)
			ftw |= (uint8_t)(1u << i);
	return ftw;
}

static void
get_float_state(const struct fpu_state *fx, struct i386_float_state *s)
{
	memset(s, 0, sizeof *s);
	s->fpkind = FP_387FX;
	s->initialized = 1;
	struct i386_fp_save env = {
		.fp_control = fx->fcw,
		.fp_status = fx->fsw,
		.fp_tag = tag_word_full(fx),
		.fp_eip = (uint32_t)fx->fip,
		.fp_cs = (uint16_t)(fx->fip >> 32),
		.fp_opcode = fx->fop,
		.fp_dp = (uint32_t)fx->fdp,
		.fp_ds = (uint16_t)(fx->fdp >> 32),
	};
	memcpy(s->hw_state, &env, sizeof env);
	for (unsigned i = 0; i < 8; i++)
		memcpy(s->hw_state + sizeof env + 10 * i, fx->st[i], 10);
}

static void
set_float_state(struct fpu_state *fx, const struct i386_float_state *s)
{
	if (!s->initialized) {
		fpu_state_init(fx); /* a fresh thread's */
		return;
	}
	struct i386_fp_save env;
	memcpy(&env, s->hw_state, sizeof env);
	memset(fx, 0, sizeof *fx);
	fx->fcw = env.fp_control;
	fx->fsw = env.fp_status;
	fx->ftw = tag_word_abridged(env.fp_tag);
	fx->fop = env.fp_opcode;
	fx->fip = env.fp_eip | ((uint64_t)env.fp_cs << 32);
	fx->fdp = env.fp_dp | ((uint64_t)env.fp_ds << 32);
	fx->mxcsr = FPU_INITIAL_MXCSR;
	for (unsigned i = 0; i < 8; i++)
		memcpy(fx->st[i], s->hw_state + sizeof env + 10 * i, 10);
}

/* Copy `size' bytes of `src' out as the state, if `*count' words fit. */
static kern_return_t
give(uint32_t *state, uint32_t *count, const void *src, size_t size)
{
	uint32_t n = (uint32_t)(size / sizeof(uint32_t));
	if (*count < n)
		return KERN_INVALID_ARGUMENT;
	memcpy(state, src, size);
	*count = n;
	return KERN_SUCCESS;
}

kern_return_t
arch_thread_get_state(struct arch_thread *at, int flavor, uint32_t *state,
		      uint32_t *count)
{
	if (!at->user)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case THREAD_STATE_FLAVOR_LIST: {
		const uint32_t list[] = { i386_THREAD_STATE, i386_FLOAT_STATE,
					  i386_ISA_PORT_MAP_STATE };
		return give(state, count, list, sizeof list);
	}
	case i386_THREAD_STATE:
	case i386_REGS_SEGS_STATE: {
		struct i386_thread_state s;
		get_thread_state(&at->user_frame, &s);
		return give(state, count, &s, sizeof s);
	}
	case i386_FLOAT_STATE: {
		struct i386_float_state s;
		get_float_state(&at->fpu, &s);
		return give(state, count, &s, sizeof s);
	}
	case i386_ISA_PORT_MAP_STATE: {
		/* No I/O permissions: every port denied. */
		struct i386_isa_port_map_state s;
		memset(&s, 0xff, sizeof s);
		return give(state, count, &s, sizeof s);
	}
	case i386_FSGS_BASE_STATE: {
		struct i386_fsgs_base_state s = { at->fs_base, at->gs_base };
		return give(state, count, &s, sizeof s);
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

kern_return_t
arch_thread_set_state(struct arch_thread *at, bool current, int flavor,
		      const uint32_t *state, uint32_t count)
{
	if (!at->user || (current && flavor != i386_FSGS_BASE_STATE))
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case i386_THREAD_STATE:
	case i386_REGS_SEGS_STATE: {
		struct i386_thread_state s;
		if (count < i386_THREAD_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(&s, state, sizeof s);
		if (check_thread_state(flavor, &s) != KERN_SUCCESS)
			return KERN_INVALID_ARGUMENT;
		set_thread_state(&at->user_frame, &s);
		return KERN_SUCCESS;
	}
	case i386_FLOAT_STATE: {
		struct i386_float_state s;
		if (count < i386_FLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(&s, state, sizeof s);
		set_float_state(&at->fpu, &s);
		return KERN_SUCCESS;
	}
	case i386_ISA_PORT_MAP_STATE:
		/* Accepted and ignored, as GNU Mach (io_perm is the way). */
		return count < i386_ISA_PORT_MAP_STATE_COUNT
			       ? KERN_INVALID_ARGUMENT
			       : KERN_SUCCESS;
	case i386_FSGS_BASE_STATE: {
		struct i386_fsgs_base_state s;
		if (count < i386_FSGS_BASE_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(&s, state, sizeof s);
		uint64_t gs = s.gs_base & 0x7fffffffffffffffull;
		if (!canonical(s.fs_base) || !canonical(gs))
			return KERN_INVALID_ARGUMENT;
		bool intr = intr_disable();
		at->fs_base = s.fs_base;
		at->gs_base = gs;
		if (current)
			pcb_load_bases(&cpu_current()->arch, at);
		intr_restore(intr);
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}
