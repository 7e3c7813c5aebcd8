/*
 * mach/host_info.h: host_info's flavors (GNU Mach's numbers, layouts
 * and counts, in integer_t units), host_get_kernel_version's string.
 */
#ifndef _MACH_HOST_INFO_H_
#define _MACH_HOST_INFO_H_

#include <mach/machine.h>
#include <mach/machine_types.h>

#define HOST_INFO_MAX 1024

#define KERNEL_VERSION_MAX 512

#define HOST_BASIC_INFO      1
#define HOST_PROCESSOR_SLOTS 2 /* the slot of each running CPU */
#define HOST_SCHED_INFO      3
#define HOST_LOAD_INFO       4

struct host_basic_info {
	integer_t max_cpus;
	integer_t avail_cpus;
	vm_size_t memory_size; /* bytes (rpc_vm_size_t: 8 on x86_64) */
	cpu_type_t cpu_type;
	cpu_subtype_t cpu_subtype;
};
typedef struct host_basic_info host_basic_info_data_t;
#define HOST_BASIC_INFO_COUNT                                                  \
	(sizeof(host_basic_info_data_t) / sizeof(integer_t))

struct host_sched_info {
	integer_t min_timeout; /* milliseconds */
	integer_t min_quantum; /* milliseconds */
};
typedef struct host_sched_info host_sched_info_data_t;
#define HOST_SCHED_INFO_COUNT                                                  \
	(sizeof(host_sched_info_data_t) / sizeof(integer_t))

#define LOAD_SCALE 1000

struct host_load_info {
	integer_t avenrun[3];     /* of LOAD_SCALE */
	integer_t mach_factor[3]; /* of LOAD_SCALE */
};
typedef struct host_load_info host_load_info_data_t;
#define HOST_LOAD_INFO_COUNT (sizeof(host_load_info_data_t) / sizeof(integer_t))

#endif
