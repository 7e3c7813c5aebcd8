/*
 * kern/ksyms.c: address to symbol lookup.
 */

#include "kern/ksyms.h"

/* Defined by the generated table; absent (NULL) in the first link. */
extern const struct ksym ksym_table[] __attribute__((weak));
extern const uint64_t ksym_count __attribute__((weak));

const char *
ksym_find(const struct ksym *table, size_t n, uintptr_t addr, uintptr_t *offset)
{
	if (n < 2 || addr < table[0].addr || addr >= table[n - 1].addr)
		return NULL;
	/* The last entry with table[i].addr <= addr. */
	size_t lo = 0, hi = n - 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - table[lo].addr;
	return table[lo].name;
}

const char *
ksym_lookup(uintptr_t addr, uintptr_t *offset)
{
	if (&ksym_count == NULL || ksym_table == NULL)
		return NULL;
	return ksym_find(ksym_table, ksym_count, addr, offset);
}
