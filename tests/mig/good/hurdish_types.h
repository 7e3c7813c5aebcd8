/* C types behind hurdish.defs, as the Hurd's hurd_types.h has them. */
#ifndef HURDISH_TYPES_H
#define HURDISH_TYPES_H
#include <mach/std_types.h>
typedef mach_port_t io_t;
typedef char *data_t;
typedef const char *const_data_t;
typedef char string_t[1024];
typedef const char *const_string_t;
typedef int64_t loff_t;
typedef mach_port_t *portarray_t;
typedef const mach_port_t *const_portarray_t;
typedef int *intarray_t;
typedef const int *const_intarray_t;
typedef unsigned int retry_type;
#endif
