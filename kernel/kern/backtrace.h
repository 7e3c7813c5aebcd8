/*
 * kern/backtrace.h: printing the chain of calls that led somewhere.
 */
#ifndef KERN_BACKTRACE_H
#define KERN_BACKTRACE_H

#include <stdbool.h>
#include <stdint.h>

/* Print "  [pc] function+offset" for the instruction at `pc'. */
void backtrace_print_pc(uintptr_t pc);

/*
 * The same for a return address, named after the call before it (a
 * function ending in a call returns past its own end).
 */
void backtrace_print_return(uintptr_t pc);

/* Print the callers of the frame at `fp', innermost first. */
void backtrace_print(uintptr_t fp);

/*
 * Whether `pc' is the first instruction of a kernel function, where the
 * function has not yet pushed its frame and its return address is the
 * word at the stack pointer.
 */
bool backtrace_at_function_entry(uintptr_t pc);

#endif
