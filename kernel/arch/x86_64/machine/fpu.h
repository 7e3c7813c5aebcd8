/*
 * machine/fpu.h: a thread's x87 and SSE state, as fxsave stores it.
 */
#ifndef MACHINE_FPU_H
#define MACHINE_FPU_H

#include <stdint.h>

/* The fxsave area: 512 bytes, 16-byte aligned. */
struct fpu_state {
	uint16_t fcw; /* x87 control word */
	uint16_t fsw; /* x87 status word */
	uint8_t ftw;  /* abridged tag word: a bit per non-empty register */
	uint8_t reserved0;
	uint16_t fop;
	uint64_t fip;
	uint64_t fdp;
	uint32_t mxcsr; /* SSE control and status */
	uint32_t mxcsr_mask;
	uint8_t st[8][16];   /* x87 registers, 10 bytes used of each 16 */
	uint8_t xmm[16][16]; /* xmm0-15 */
	uint8_t reserved1[96];
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct fpu_state) == 512, "the fxsave area");
_Static_assert(__builtin_offsetof(struct fpu_state, mxcsr) == 24, "mxcsr");
_Static_assert(__builtin_offsetof(struct fpu_state, xmm) == 160, "xmm");

#endif
