/*
 * kern/backtrace.c: backtraces over the frame-pointer chain (the kernel
 * is built with -fno-omit-frame-pointer), symbolized from kern/ksyms.
 */

#include <machine/machdep.h>

#include "kern/backtrace.h"
#include "kern/ksyms.h"
#include "kern/printf.h"

#define BACKTRACE_MAX_DEPTH 32

/* Print `pc', named after the function that holds `lookup'. */
static void
print_entry(uintptr_t pc, uintptr_t lookup)
{
	uintptr_t offset;
	const char *name = ksym_lookup(lookup, &offset);

	offset += pc - lookup;
	if (name != NULL)
		kprintf("  [%p] %s+0x%lx\n", (void *)pc, name,
			(unsigned long)offset);
	else
		kprintf("  [%p] ?\n", (void *)pc);
}

void
backtrace_print_pc(uintptr_t pc)
{
	print_entry(pc, pc);
}

void
backtrace_print_return(uintptr_t pc)
{
	print_entry(pc, pc - 1);
}

bool
backtrace_at_function_entry(uintptr_t pc)
{
	uintptr_t offset;
	return ksym_lookup(pc, &offset) != NULL && offset == 0;
}

void
backtrace_print(uintptr_t fp)
{
	uintptr_t pc;

	for (int depth = 0; depth < BACKTRACE_MAX_DEPTH; depth++) {
		if (!arch_frame_next(&fp, &pc))
			return;
		backtrace_print_return(pc);
	}
	kprintf("  ...\n");
}
