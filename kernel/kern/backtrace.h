/*
 * kern/backtrace.h: printing the chain of calls that led somewhere.
 */
#ifndef KERN_BACKTRACE_H
#define KERN_BACKTRACE_H

#include <stdint.h>

/* Print "  [pc] function+offset" for one address. */
void backtrace_print_pc(uintptr_t pc);

/* Print the callers of the frame at `fp', innermost first. */
void backtrace_print(uintptr_t fp);

#endif
