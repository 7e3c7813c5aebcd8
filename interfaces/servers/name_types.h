/*
 * servers/name_types.h: the C types of name.defs (the bootstrap
 * server's name service), imported by its stubs.
 */
#ifndef _SERVERS_NAME_TYPES_H_
#define _SERVERS_NAME_TYPES_H_

/* A name's bytes, its NUL included (name.defs' c_string[64]). */
#define NAME_LEN 64

/* name_lookup's timeout_ms that waits for as long as it takes. */
#define NAME_WAIT_FOREVER 0xffffffffu

typedef char name_string_t[NAME_LEN];
typedef const char *const_name_string_t;
/* name_list's out-of-line names, each NUL-terminated. */
typedef char *name_list_t;

#endif
