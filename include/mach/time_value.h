/*
 * mach/time_value.h: times as the kernel's calls give them (GNU Mach's
 * layouts).
 */
#ifndef _MACH_TIME_VALUE_H_
#define _MACH_TIME_VALUE_H_

#include <stdint.h>

#include <mach/machine_types.h>

/* In messages: 8-byte seconds on x86_64, then microseconds. */
typedef struct rpc_time_value {
	rpc_long_integer_t seconds;
	integer_t microseconds;
} rpc_time_value_t;

/* In C: the same layout, the seconds a long (mach_types.defs' ctype of
 * time_value_t, as in GNU Mach). */
typedef struct time_value {
	long_integer_t seconds;
	integer_t microseconds;
} time_value_t;

typedef struct time_value64 {
	int64_t seconds;
	int64_t nanoseconds;
} time_value64_t;

#endif
