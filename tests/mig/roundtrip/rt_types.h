/* rt_types.h: the C types of rt.defs. */
#ifndef RT_TYPES_H
#define RT_TYPES_H
#include <mach/std_types.h>
typedef int words[8];
typedef int quad[4];
typedef char name_t[32];
typedef const char *const_name_t;
typedef char fixname_t[8];
typedef const char *const_fixname_t;
typedef struct {
	int v[3];
} triple;
typedef struct {
	int a;
	int b;
} pair;
typedef int *ints;
typedef const int *const_ints;
typedef char *data_t;
typedef char *bytes_t;
typedef const char *const_bytes_t;
typedef mach_port_t *names_t;
typedef const mach_port_t *const_names_t;
typedef mach_port_t names4_t[4];
typedef mach_port_t names3_t[3];
typedef struct counter {
	int value;
} * counter_t;
counter_t counter_in(int value);
int counter_out(counter_t c);
void counter_free(counter_t c);
#endif
