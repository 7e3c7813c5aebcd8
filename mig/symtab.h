/*
 * symtab.h: hash tables from names to pointers (prefix symtab_).
 *
 * Every name look-up of the compiler goes through one of these: the
 * lexer's keywords, the diagnostics' file names, sema's types, routines
 * and argument names.  A table maps a key of LEN bytes to a non-NULL
 * pointer.  Keys are not copied: they must stay valid (and unchanged) as
 * long as the table.  Look-up and insertion take constant time on
 * average (open addressing, kept at most half full).  Nothing iterates a
 * table, so the order the compiler does things in, and its output, never
 * depend on hashing.
 */
#ifndef MIG_SYMTAB_H
#define MIG_SYMTAB_H

#include <stddef.h>

struct symtab_slot {
	const char *key; /* NULL: empty */
	size_t len;
	size_t hash;
	void *value;
};

struct symtab {
	struct symtab_slot *slots;
	size_t cap; /* 0 or a power of two */
	size_t count;
};

/* An empty table (allocates nothing until the first insertion). */
void symtab_init(struct symtab *t);
/* Free the table's memory (not the keys or values). */
void symtab_free(struct symtab *t);

/* The value of the LEN-byte KEY, or NULL when it is absent. */
void *symtab_find(const struct symtab *t, const char *key, size_t len);

/*
 * Map the LEN-byte KEY to VALUE (not NULL) unless the key is present.
 * Returns NULL when it inserted, else the value already there (which
 * stays).  Aborts when the host is out of memory, as ast_alloc() does.
 */
void *symtab_insert(struct symtab *t, const char *key, size_t len, void *value);

/* Make the present KEY map to VALUE instead; inserts it when absent. */
void symtab_replace(struct symtab *t, const char *key, size_t len, void *value);

#endif
