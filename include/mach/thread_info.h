/*
 * mach/thread_info.h: thread_info's flavors (GNU Mach's numbers,
 * layouts and counts, in natural_t units).
 */
#ifndef _MACH_THREAD_INFO_H_
#define _MACH_THREAD_INFO_H_

#include <mach/machine_types.h>
#include <mach/time_value.h>

#define THREAD_INFO_MAX 1024

#define THREAD_BASIC_INFO 1

struct thread_basic_info {
	rpc_time_value_t user_time;
	rpc_time_value_t system_time;
	integer_t cpu_usage; /* of TH_USAGE_SCALE */
	integer_t base_priority;
	integer_t cur_priority;
	integer_t run_state; /* TH_STATE_* */
	integer_t flags;     /* TH_FLAGS_* */
	integer_t suspend_count;
	integer_t sleep_time; /* seconds */
	rpc_time_value_t creation_time;
	time_value64_t user_time64;
	time_value64_t system_time64;
	time_value64_t creation_time64;
};
typedef struct thread_basic_info thread_basic_info_data_t;
#define THREAD_BASIC_INFO_COUNT                                                \
	(sizeof(thread_basic_info_data_t) / sizeof(natural_t))
/* What callers that predate the 64-bit times pass (GNU Mach takes it). */
#define THREAD_BASIC_INFO_OLD_COUNT                                            \
	(THREAD_BASIC_INFO_COUNT -                                             \
	 3 * sizeof(time_value64_t) / sizeof(natural_t))

#define TH_USAGE_SCALE 1000

#define TH_STATE_RUNNING         1
#define TH_STATE_STOPPED         2
#define TH_STATE_WAITING         3
#define TH_STATE_UNINTERRUPTIBLE 4
#define TH_STATE_HALTED          5

#define TH_FLAGS_SWAPPED 0x1
#define TH_FLAGS_IDLE    0x2

#define THREAD_SCHED_INFO 2

struct thread_sched_info {
	integer_t policy; /* POLICY_* (mach/policy.h) */
	integer_t data;   /* fixed priority: the quantum in ms */
	integer_t base_priority;
	integer_t max_priority;
	integer_t cur_priority;
	integer_t depressed;
	integer_t depress_priority;
	integer_t last_processor;
};
typedef struct thread_sched_info thread_sched_info_data_t;
#define THREAD_SCHED_INFO_COUNT                                                \
	(sizeof(thread_sched_info_data_t) / sizeof(natural_t))

_Static_assert(THREAD_BASIC_INFO_COUNT == 32, "GNU Mach's count");
_Static_assert(THREAD_SCHED_INFO_COUNT == 8, "GNU Mach's count");

#endif
