/*
 * mach/task_info.h: task_info's flavors (GNU Mach's numbers, layouts
 * and counts, in integer_t units).
 */
#ifndef _MACH_TASK_INFO_H_
#define _MACH_TASK_INFO_H_

#include <mach/machine_types.h>
#include <mach/time_value.h>

#define TASK_INFO_MAX 1024

#define TASK_BASIC_INFO 1

struct task_basic_info {
	integer_t suspend_count;
	integer_t base_priority;
	rpc_long_natural_t virtual_size;  /* bytes */
	rpc_long_natural_t resident_size; /* bytes */
	rpc_time_value_t user_time;       /* of its terminated threads */
	rpc_time_value_t system_time;
	rpc_time_value_t creation_time;
	time_value64_t user_time64;
	time_value64_t system_time64;
	time_value64_t creation_time64;
};
typedef struct task_basic_info task_basic_info_data_t;
#define TASK_BASIC_INFO_COUNT                                                  \
	(sizeof(task_basic_info_data_t) / sizeof(integer_t))
/* What callers that predate the 64-bit times pass (GNU Mach takes it). */
#define TASK_BASIC_INFO_OLD_COUNT                                              \
	(TASK_BASIC_INFO_COUNT - 3 * sizeof(time_value64_t) / sizeof(integer_t))

#define TASK_EVENTS_INFO 2

struct task_events_info {
	rpc_long_natural_t faults;
	rpc_long_natural_t zero_fills;
	rpc_long_natural_t reactivations;
	rpc_long_natural_t pageins;
	rpc_long_natural_t cow_faults;
	rpc_long_natural_t messages_sent;
	rpc_long_natural_t messages_received;
};
typedef struct task_events_info task_events_info_data_t;
#define TASK_EVENTS_INFO_COUNT                                                 \
	(sizeof(task_events_info_data_t) / sizeof(integer_t))

#define TASK_THREAD_TIMES_INFO 3

struct task_thread_times_info {
	rpc_time_value_t user_time; /* of its live threads */
	rpc_time_value_t system_time;
	time_value64_t user_time64;
	time_value64_t system_time64;
};
typedef struct task_thread_times_info task_thread_times_info_data_t;
#define TASK_THREAD_TIMES_INFO_COUNT                                           \
	(sizeof(task_thread_times_info_data_t) / sizeof(integer_t))

_Static_assert(TASK_BASIC_INFO_COUNT == 30, "GNU Mach's count");
_Static_assert(TASK_EVENTS_INFO_COUNT == 14, "GNU Mach's count");
_Static_assert(TASK_THREAD_TIMES_INFO_COUNT == 16, "GNU Mach's count");

#endif
