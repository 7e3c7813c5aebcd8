/*
 * kvstore_types.h: the C types of kvstore.defs.
 */
#ifndef KVSTORE_TYPES_H
#define KVSTORE_TYPES_H

typedef char kv_key_t[64];
typedef const char *const_kv_key_t;
typedef char *kv_value_t;

/* The largest value a session takes. */
#define KV_VALUE_MAX (1024u * 1024u)

#endif
