/*
 * mach/mach_types.h: the C types behind interfaces/mach/mach_types.defs.
 *
 * In user space every kernel object is a port (mach_port_t).  The
 * kernel (KERNEL defined) declares its own object types (task_t is a
 * struct task *, ...) and only takes the common ones from here.
 */
#ifndef _MACH_MACH_TYPES_H_
#define _MACH_MACH_TYPES_H_

#include <mach/std_types.h>
#include <mach/time_value.h>
#include <mach/vm_prot.h>

typedef struct mach_port_status {
	mach_port_name_t mps_pset;
	mach_port_seqno_t mps_seqno;
	mach_port_mscount_t mps_mscount;
	mach_port_msgcount_t mps_qlimit;
	mach_port_msgcount_t mps_msgcount;
	mach_port_rights_t mps_sorights;
	boolean_t mps_srights;
	boolean_t mps_pdrequest;
	boolean_t mps_nsrequest;
} mach_port_status_t;

#ifdef KERNEL
/* The kernel's own objects (kern/task.h, kern/thread.h... define the
 * same types). */
typedef struct task *task_t;
typedef struct thread *thread_t;
typedef struct processor *processor_t;
typedef struct processor_set *processor_set_t;
typedef processor_set_t processor_set_name_t;
typedef struct ipc_space *ipc_space_t;
typedef struct ipc_port *ipc_port_t;
typedef struct host *host_t;
typedef struct vm_map *vm_map_t;
#else
typedef mach_port_t task_t;
typedef mach_port_t thread_t;
typedef mach_port_t vm_task_t;
typedef mach_port_t ipc_space_t;
typedef mach_port_t host_t;
typedef mach_port_t host_priv_t;
typedef mach_port_t processor_t;
typedef mach_port_t processor_set_t;
typedef mach_port_t processor_set_name_t;
#endif
typedef task_t *task_array_t;
typedef thread_t *thread_array_t;
typedef processor_t *processor_array_t;
typedef processor_set_t *processor_set_array_t;
typedef processor_set_name_t *processor_set_name_array_t;

typedef mach_port_t memory_object_t;
typedef mach_port_t memory_object_control_t;
typedef mach_port_t memory_object_name_t;
typedef int memory_object_copy_strategy_t;
typedef int memory_object_return_t;

typedef vm_address_t rpc_vm_address_t;
typedef vm_offset_t rpc_vm_offset_t;
typedef vm_size_t rpc_vm_size_t;
typedef int vm_inherit_t;
typedef int vm_sync_t;
typedef int vm_machine_attribute_t;
typedef int vm_machine_attribute_val_t;

typedef struct vm_statistics {
	integer_t pagesize;
	integer_t free_count;
	integer_t active_count;
	integer_t inactive_count;
	integer_t wire_count;
	integer_t zero_fill_count;
	integer_t reactivations;
	integer_t pageins;
	integer_t pageouts;
	integer_t faults;
	integer_t cow_faults;
	integer_t lookups;
	integer_t hits;
} vm_statistics_data_t;

typedef natural_t *thread_state_t;
typedef integer_t *thread_info_t;
typedef integer_t *task_info_t;
typedef integer_t *host_info_t;
typedef integer_t *processor_info_t;
typedef integer_t *processor_set_info_t;

typedef char kernel_version_t[512];
typedef const char *const_kernel_version_t;
typedef vm_offset_t *emulation_vector_t;

/* gnumach.defs: the object cache's statistics, a kernel object's debug
 * name, vm_wire_all's flags, physical addresses (always 64 bits). */
typedef struct vm_cache_statistics {
	integer_t cache_object_count;
	integer_t cache_count;
	integer_t active_tmp_count;
	integer_t inactive_tmp_count;
	integer_t active_perm_count;
	integer_t inactive_perm_count;
	integer_t dirty_count;
	integer_t laundry_count;
	integer_t writeback_count;
	integer_t slab_count;
	integer_t slab_reclaim_count;
} vm_cache_statistics_data_t;
typedef char kernel_debug_name_t[64];
typedef const char *const_kernel_debug_name_t;
typedef int vm_wire_t;
typedef uint64_t rpc_phys_addr_t;
typedef rpc_phys_addr_t *rpc_phys_addr_array_t;

#endif
