/*
 * mach/x86_64/exception.h: the codes of the exceptions of
 * mach/exception.h on x86_64.  GNU Mach's values: an EXC_BAD_INSTRUCTION
 * for a fault has the fault's vector as its code.
 */
#ifndef _MACH_X86_64_EXCEPTION_H_
#define _MACH_X86_64_EXCEPTION_H_

/* EXC_BAD_INSTRUCTION */
#define EXC_I386_INVOP 1 /* invalid opcode */

/* EXC_ARITHMETIC */
#define EXC_I386_DIV    1 /* divide error */
#define EXC_I386_INTO   2 /* overflow (into) */
#define EXC_I386_NOEXT  3 /* no FPU */
#define EXC_I386_EXTOVR 4 /* FPU segment overrun */
#define EXC_I386_EXTERR 5 /* x87 or SSE error: subcode the status */
#define EXC_I386_EMERR  6 /* emulated FPU error */
#define EXC_I386_BOUND  7 /* bound range exceeded */

/* EXC_BREAKPOINT */
#define EXC_I386_SGL 1 /* single step, debug trap */
#define EXC_I386_BPT 2 /* breakpoint */

/* Faults by vector, the codes of EXC_BAD_INSTRUCTION for them. */
#define EXC_I386_DIVERR    0
#define EXC_I386_SGLSTP    1
#define EXC_I386_NMIFLT    2
#define EXC_I386_BPTFLT    3
#define EXC_I386_INTOFLT   4
#define EXC_I386_BOUNDFLT  5
#define EXC_I386_INVOPFLT  6
#define EXC_I386_NOEXTFLT  7
#define EXC_I386_DBLFLT    8
#define EXC_I386_EXTOVRFLT 9
#define EXC_I386_INVTSSFLT 10
#define EXC_I386_SEGNPFLT  11
#define EXC_I386_STKFLT    12
#define EXC_I386_GPFLT     13
#define EXC_I386_PGFLT     14
#define EXC_I386_EXTERRFLT 16

#endif
