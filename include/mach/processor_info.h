/*
 * mach/processor_info.h: processor_info's and processor_set_info's
 * flavors (GNU Mach's numbers, layouts and counts, in integer_t units).
 */
#ifndef _MACH_PROCESSOR_INFO_H_
#define _MACH_PROCESSOR_INFO_H_

#include <mach/machine.h>
#include <mach/machine_types.h>

#define PROCESSOR_INFO_MAX     1024
#define PROCESSOR_SET_INFO_MAX 1024

#define PROCESSOR_BASIC_INFO 1

struct processor_basic_info {
	cpu_type_t cpu_type;
	cpu_subtype_t cpu_subtype;
	integer_t running; /* a boolean */
	integer_t slot_num;
	integer_t is_master; /* a boolean */
};
typedef struct processor_basic_info processor_basic_info_data_t;
#define PROCESSOR_BASIC_INFO_COUNT                                             \
	(sizeof(processor_basic_info_data_t) / sizeof(integer_t))

#define PROCESSOR_SET_BASIC_INFO 1

struct processor_set_basic_info {
	integer_t processor_count;
	integer_t task_count;
	integer_t thread_count;
	integer_t load_average; /* of LOAD_SCALE */
	integer_t mach_factor;  /* of LOAD_SCALE */
};
typedef struct processor_set_basic_info processor_set_basic_info_data_t;
#define PROCESSOR_SET_BASIC_INFO_COUNT                                         \
	(sizeof(processor_set_basic_info_data_t) / sizeof(integer_t))

#define PROCESSOR_SET_SCHED_INFO 2

struct processor_set_sched_info {
	integer_t policies;     /* POLICY_* bits allowed */
	integer_t max_priority; /* for new threads */
};
typedef struct processor_set_sched_info processor_set_sched_info_data_t;
#define PROCESSOR_SET_SCHED_INFO_COUNT                                         \
	(sizeof(processor_set_sched_info_data_t) / sizeof(integer_t))

#endif
