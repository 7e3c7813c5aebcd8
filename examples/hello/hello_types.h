/*
 * hello_types.h: the C types of hello.defs.
 */
#ifndef HELLO_TYPES_H
#define HELLO_TYPES_H

typedef char hello_name_t[64];
typedef const char *const_hello_name_t;
typedef char hello_text_t[128];
typedef const char *const_hello_text_t;

#endif
