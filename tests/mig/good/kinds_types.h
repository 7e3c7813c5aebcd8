/* C types behind kinds.defs. */
#ifndef KINDS_TYPES_H
#define KINDS_TYPES_H
#include <stdint.h>
#include <mach/std_types.h>
typedef char int8a[10];
typedef int int4[4];
typedef int words[16];
typedef struct {
	int x[3];
} pts;
typedef struct {
	int a;
	int b;
} fields;
typedef char name_t[64];
typedef const char *const_name_t;
typedef char fixname_t[16];
typedef const char *const_fixname_t;
typedef int *ints_t;
typedef const int *const_ints_t;
typedef int64_t big_t;
typedef short short_t;
typedef char ch;
typedef int fl;
typedef natural_t seqno_t;
typedef pointer_t bytes_t;
#endif
