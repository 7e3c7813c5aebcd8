/*
 * mach/exception.h: the kinds of exception a thread can take, as Mach
 * reports them in the exception message (exc.defs: exception, code,
 * subcode).  The codes of each kind are machine-dependent
 * (mach/x86_64/exception.h) except where said.  GNU Mach's values.
 */
#ifndef _MACH_EXCEPTION_H_
#define _MACH_EXCEPTION_H_

/* Memory: the code is a kern_return_t, the subcode the address. */
#define EXC_BAD_ACCESS      1
#define EXC_BAD_INSTRUCTION 2 /* illegal instruction or operand */
#define EXC_ARITHMETIC      3 /* arithmetic error */
#define EXC_EMULATION       4 /* an instruction to emulate */
/* Raised by software: codes from 0x10000 belong to the emulation. */
#define EXC_SOFTWARE        5
#define EXC_BREAKPOINT      6 /* trace, breakpoint */

#endif
