/*
 * symtab.c: open-addressing hash tables with linear probing.
 *
 * The capacity is a power of two and the table is at most half full, so
 * a probe sequence always ends at an empty slot and stays short.
 */
#include "symtab.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SYMTAB_MIN_CAP 16

/* FNV-1a, 64 bits: simple, and good enough for identifiers. */
static size_t
hash_bytes(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3u;
	}
	return (size_t)h;
}

void
symtab_init(struct symtab *t)
{
	memset(t, 0, sizeof *t);
}

void
symtab_free(struct symtab *t)
{
	free(t->slots);
	memset(t, 0, sizeof *t);
}

/* The slot holding KEY, or the empty slot where it would go. */
static struct symtab_slot *
probe(const struct symtab *t, const char *key, size_t len, size_t hash)
{
	size_t mask = t->cap - 1, i = hash & mask;

	for (;;) {
		struct symtab_slot *s = &t->slots[i];
		if (s->key == NULL || (s->hash == hash && s->len == len &&
				       memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & mask;
	}
}

static void
grow(struct symtab *t)
{
	struct symtab old = *t;
	size_t i;

	t->cap = old.cap != 0 ? old.cap * 2 : SYMTAB_MIN_CAP;
	if (t->cap > SIZE_MAX / sizeof *t->slots)
		abort();
	t->slots = calloc(t->cap, sizeof *t->slots);
	if (t->slots == NULL)
		abort();
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL)
			*probe(t, old.slots[i].key, old.slots[i].len,
			       old.slots[i].hash) = old.slots[i];
	free(old.slots);
}

void *
symtab_find(const struct symtab *t, const char *key, size_t len)
{
	if (t->count == 0)
		return NULL;
	return probe(t, key, len, hash_bytes(key, len))->value;
}

void *
symtab_insert(struct symtab *t, const char *key, size_t len, void *value)
{
	size_t hash = hash_bytes(key, len);
	struct symtab_slot *s;

	if (t->cap == 0 || (t->count + 1) * 2 > t->cap)
		grow(t);
	s = probe(t, key, len, hash);
	if (s->key != NULL)
		return s->value;
	s->key = key;
	s->len = len;
	s->hash = hash;
	s->value = value;
	t->count++;
	return NULL;
}

void
symtab_replace(struct symtab *t, const char *key, size_t len, void *value)
{
	if (symtab_insert(t, key, len, value) != NULL)
		probe(t, key, len, hash_bytes(key, len))->value = value;
}
