/*
 * kern/ksyms.h: the kernel's own function symbols, for backtraces.
 *
 * The table is generated from the linked kernel (tools/gen-ksyms.awk)
 * and linked into it in a second pass; see kernel/local.mk.
 */
#ifndef KERN_KSYMS_H
#define KERN_KSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksym {
	uintptr_t addr;
	const char *name;
};

/*
 * The symbol containing `addr' in `table' (sorted by address, `n'
 * entries, the last being the end of the text), with `*offset' set to
 * addr minus its start; NULL if `addr' lies outside the table.
 */
const char *ksym_find(const struct ksym *table, size_t n, uintptr_t addr,
		      uintptr_t *offset);

/* ksym_find in the kernel's own table; NULL before the second link. */
const char *ksym_lookup(uintptr_t addr, uintptr_t *offset);

#endif
