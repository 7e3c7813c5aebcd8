/*
 * kern/exec_elf.h: loading a static ELF64 executable into a task.
 */
#ifndef KERN_EXEC_ELF_H
#define KERN_EXEC_ELF_H

#include <stddef.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/machine_types.h>

#include "kern/task.h"

/*
 * Map the PT_LOAD segments of the executable image [image, image + size)
 * into `task' (copied into fresh zeroed pages, protections from the
 * program headers) and return its entry point in *entry.  The image is
 * checked first and entirely, before anything is mapped:
 *  - KERN_INVALID_ARGUMENT, *why set to the reason, for a file that is
 *    not a static little-endian ELF64 executable for this machine, whose
 *    headers point outside the file, whose loadable segments are not in
 *    the user half below the stack, are not sorted by address, overlap,
 *    or are aligned inconsistently, or whose entry point is not in an
 *    executable segment;
 *  - KERN_RESOURCE_SHORTAGE if its segments cover more than `max_pages'
 *    pages (the caller's share of free memory).
 * KERN_RESOURCE_SHORTAGE also if memory runs out while mapping (the task
 * then holds what was mapped; terminate it).  *why is left alone on
 * success.
 */
kern_return_t exec_elf_load(task_t task, const void *image, size_t size,
			    uint64_t max_pages, vm_offset_t *entry,
			    const char **why);

/* The most arguments, and bytes of argument strings (each with its NUL),
 * a new task's stack takes. */
#define EXEC_ARGS_MAX    32
#define EXEC_STRINGS_MAX 1024

/*
 * Build the initial stack of `task' below USER_STACK_TOP as the System
 * V ABI has it: argc, the argv pointers (the words of `cmdline'), a null
 * pointer, an empty environment, and an auxiliary vector with AT_PAGESZ.
 * Returns the stack pointer in *sp (16-byte aligned, pointing at argc).
 * KERN_INVALID_ARGUMENT if the command line does not fit.
 */
kern_return_t exec_setup_stack(task_t task, const char *cmdline,
			       vm_offset_t *sp);

/* The same with the arguments given: argv[i] of arglen[i] bytes (not
 * necessarily terminated; they may hold blanks). */
kern_return_t exec_setup_stack_argv(task_t task, unsigned argc,
				    const char *const *argv,
				    const size_t *arglen, vm_offset_t *sp);

#endif
