/*
 * kern/mach_kobject.c: the routines of mach.defs (tasks, threads,
 * virtual memory, memory objects) that its KernelServer stubs call,
 * where the kernel has no function of that name and signature already
 * (vm_allocate, vm_deallocate, vm_protect and vm_inherit are served by
 * the kernel's own; the thread routines are kern/thread_kobject.c's).  Each routine that answers
 * KERN_FAILURE is listed in docs/kobjects.md with what it waits for.
 * Compiled with KERNEL defined.
 */

#include <mach/task_info.h>
#include <mach/task_special_ports.h>
#include <machine/vm_param.h>

#include "ipc/ipc_port.h"
#include "kern/host.h"
#include "kern/kalloc.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/syscall_emulation.h"
#include "kern/ipc_mig.h"
#include "machServer.h"
#include "vm/vm_map.h"
#include "vm/vm_fault.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_page.h"
#include "vm/vm_page_queue.h"
#include "vm/vm_pageout.h"

/* Tasks. */

kern_return_t
task_terminate(task_t task)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (task_is_terminating(task))
		return KERN_FAILURE; /* being terminated already, as GNU Mach */
	task_terminate_internal(task, TASK_TERMINATED);
	/* As GNU Mach, another task has ended, its port dead, when this
	 * returns; the caller's own ends on its way out. */
	if (task != current_thread()->task)
		(void)task_wait_terminated_abortable(task);
	return KERN_SUCCESS;
}

/* The special port `which' of `task': its slot, or NULL. */
static ipc_port_t *
task_special_slot(task_t task, int which)
{
	switch (which) {
	case TASK_KERNEL_PORT:
		return &task->itk_sself;
	case TASK_EXCEPTION_PORT:
		return &task->itk_exception;
	case TASK_BOOTSTRAP_PORT:
		return &task->itk_bootstrap;
	default:
		return NULL;
	}
}

kern_return_t
task_get_special_port(task_t task, int which, ipc_port_t *port)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_port_t *slot = task_special_slot(task, which);
	if (slot == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	if (task->itk_self == IP_NULL) {
		simple_unlock(&task->lock);
		return KERN_FAILURE; /* it has ended */
	}
	*port = ipc_port_copy_send(*slot);
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

kern_return_t
task_set_special_port(task_t task, int which, ipc_port_t port)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_port_t *slot = task_special_slot(task, which);
	if (slot == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	if (task->itk_self == IP_NULL) {
		simple_unlock(&task->lock);
		return KERN_FAILURE;
	}
	ipc_port_t old = *slot;
	*slot = port;
	simple_unlock(&task->lock);
	ipc_port_release_send(old);
	return KERN_SUCCESS;
}

/*
 * System-call emulation (kern/syscall_emulation.h).  The vector comes
 * and goes out of line: in the kernel's form a copy object
 * (vm/vm_map_copy.h) of `count' addresses.
 */

kern_return_t
task_get_emulation_vector(task_t task, int *vector_start,
			  emulation_vector_t *emulation_vector,
			  mach_msg_type_number_t *emulation_vectorCnt)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	vm_offset_t *entries;
	unsigned count;
	kern_return_t kr = eml_copy(task, vector_start, &entries, &count);
	if (kr != KERN_SUCCESS)
		return kr;
	vm_map_copy_t copy;
	kr = vm_map_copy_from_kernel(entries, count * sizeof *entries, &copy);
	kfree(entries, count * sizeof *entries);
	if (kr != KERN_SUCCESS)
		return kr;
	*emulation_vector = (emulation_vector_t)copy;
	*emulation_vectorCnt = count;
	return KERN_SUCCESS;
}

/* Consumes the copy on success only (MIG's rule, as vm_write). */
kern_return_t
task_set_emulation_vector(task_t task, int vector_start,
			  emulation_vector_t emulation_vector,
			  mach_msg_type_number_t emulation_vectorCnt)
{
	vm_map_copy_t copy = (vm_map_copy_t)emulation_vector;
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (emulation_vectorCnt > EML_NUMBER_LIMIT)
		return KERN_INVALID_ARGUMENT;
	vm_size_t size = emulation_vectorCnt * sizeof(vm_offset_t);
	if (vm_map_copy_size(copy) != size)
		return KERN_INVALID_ARGUMENT;
	vm_offset_t *entries = NULL;
	if (size != 0) {
		entries = kalloc(size);
		if (entries == NULL)
			return KERN_RESOURCE_SHORTAGE;
	}
	/* Its pages may be the default pager's: waited for. */
	kern_return_t kr = vm_map_copy_read(copy, entries, size);
	if (kr == KERN_SUCCESS)
		kr = eml_set(task, vector_start, entries, emulation_vectorCnt);
	kfree(entries, size);
	if (kr == KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

kern_return_t
task_set_emulation(task_t target_port, vm_address_t routine_entry_pt,
		   int routine_number)
{
	if (target_port == NULL)
		return KERN_INVALID_ARGUMENT;
	vm_offset_t entry = routine_entry_pt;
	return eml_set(target_port, routine_number, &entry, 1);
}

/* Virtual memory. */

kern_return_t
vm_region(vm_map_t map, vm_address_t *address, vm_size_t *size,
	  vm_prot_t *protection, vm_prot_t *max_protection,
	  vm_inherit_t *inheritance, boolean_t *is_shared,
	  ipc_port_t *object_name, vm_offset_t *offset)
{
	/* A send right to the name of the bottom of the entry's chain, as
	 * GNU Mach's (vm/vm_object_name.c); null if memory is short. */
	vm_object_t object;
	*object_name = IP_NULL;
	kern_return_t kr =
		vm_map_region(map, address, size, protection, max_protection,
			      inheritance, is_shared, offset, &object);
	if (kr != KERN_SUCCESS)
		return kr;
	*object_name = vm_object_name(object);
	vm_object_release(object);
	return KERN_SUCCESS;
}

/*
 * The machine's page counts, GNU Mach's vm_statistics: free pages, the
 * page queues' lengths (vm/vm_page_queue.h), and as wired every other
 * page in use (the kernel's own, page tables, wired object pages, and
 * those in a pager's hands), so the four add up to the pages managed;
 * the page-out daemon's reactivations and pageouts (vm/vm_pageout.h);
 * faults counts every user fault vm_fault saw, zero_fill_count the
 * pages zero-filled and cow_faults the pages copied for copy-on-write
 * (vm/vm_object.h: the kernel's own accesses to task memory included).
 * Pageins are not kept (0).  Counts taken one after the
 * other, not as one snapshot: the wired count is clamped at 0.
 */
kern_return_t
vm_statistics(vm_map_t target_task, vm_statistics_data_t *vm_stats)
{
	if (target_task == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	struct vm_page_stats st;
	struct vm_page_queue_stats q;
	struct vm_pageout_stats po;
	struct vm_object_stats os;
	vm_object_get_stats(&os);
	vm_page_queue_get_stats(&q);
	vm_pageout_get_stats(&po);
	vm_page_get_stats(&st);
	uint64_t used = st.managed - st.free;
	uint64_t queued = q.active + q.inactive;
	*vm_stats = (vm_statistics_data_t){
		.pagesize = PAGE_SIZE,
		.free_count = (integer_t)st.free,
		.active_count = (integer_t)q.active,
		.inactive_count = (integer_t)q.inactive,
		.wire_count = (integer_t)(used > queued ? used - queued : 0),
		.zero_fill_count = (integer_t)os.zero_fills,
		.reactivations = (integer_t)po.reactivations,
		.pageouts = (integer_t)po.pageouts,
		.faults = (integer_t)vm_fault_count(),
		.cow_faults = (integer_t)os.cow_copies,
	};
	return KERN_SUCCESS;
}

/*
 * Send rights to the ports of `task''s threads, in the kernel form of an
 * out-of-line port array (ipc/ipc_kmsg.h): a kalloc'd block of exactly
 * `n' rights, which the reply owns.  A thread ending meanwhile gives a
 * null port.  The buffer grows until every thread fits (threads may be
 * made meanwhile).
 */
kern_return_t
task_threads(task_t task, thread_array_t *thread_list,
	     mach_msg_type_number_t *thread_listCnt)
{
	ipc_port_t *ports = NULL;
	unsigned cap = 0;

	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	for (;;) {
		simple_lock(&task->lock);
		if (task->itk_self == IP_NULL) {
			simple_unlock(&task->lock);
			kfree(ports, cap * sizeof *ports);
			return KERN_FAILURE; /* it has ended */
		}
		unsigned n = task->thread_count;
		if (n == cap) {
			unsigned i = 0;
			for (queue_chain_t *q = task->threads.next;
			     q != &task->threads; q = q->next)
				ports[i++] = retrieve_thread_self(queue_entry(
					q, struct thread, task_links));
			simple_unlock(&task->lock);
			*thread_list = (thread_array_t)(void *)ports;
			*thread_listCnt = n;
			return KERN_SUCCESS;
		}
		simple_unlock(&task->lock);
		/* Exactly n: the message frees n rights' worth. */
		kfree(ports, cap * sizeof *ports);
		cap = n;
		ports = n > 0 ? kalloc(n * sizeof *ports) : NULL;
		if (n > 0 && ports == NULL)
			return KERN_RESOURCE_SHORTAGE;
	}
}

kern_return_t
task_create(task_t target_task, boolean_t inherit_memory, task_t *child_task)
{
	if (target_task == NULL)
		return KERN_INVALID_TASK; /* GNU Mach's code here */
	kern_return_t kr =
		task_create_child(target_task, inherit_memory != 0, child_task);
	if (kr == KERN_SUCCESS)
		host_new_task_notify(*child_task, target_task);
	return kr;
}

kern_return_t
task_suspend(task_t target_task)
{
	if (target_task == NULL)
		return KERN_INVALID_ARGUMENT;
	return task_suspend_count(target_task);
}

kern_return_t
task_resume(task_t target_task)
{
	if (target_task == NULL)
		return KERN_INVALID_ARGUMENT;
	return task_resume_count(target_task);
}

/* Clock ticks as the two time forms of task_info. */
static void
ticks_to_times(uint64_t ticks, rpc_time_value_t *t, time_value64_t *t64)
{
	t->seconds = (rpc_long_integer_t)(ticks / HZ);
	t->microseconds = (integer_t)((ticks % HZ) * (1000000 / HZ));
	t64->seconds = (int64_t)(ticks / HZ);
	t64->nanoseconds = (int64_t)((ticks % HZ) * (1000000000 / HZ));
}

static void
basic_info(task_t task, struct task_basic_info *bi)
{
	memset(bi, 0, sizeof *bi);
	simple_lock(&task->lock);
	vm_map_t map = task->map;
	if (map != NULL)
		vm_map_reference(map);
	bi->suspend_count = (integer_t)task->user_stop_count;
	uint64_t ended = task->ended_ticks, created = task->created_tick;
	simple_unlock(&task->lock);
	bi->base_priority = __atomic_load_n(&task->priority, __ATOMIC_RELAXED);
	if (map != NULL) {
		unsigned nentries;
		vm_size_t size;
		uint64_t resident;
		vm_map_info(map, &nentries, &size, &resident);
		vm_map_deallocate(map);
		bi->virtual_size = size;
		bi->resident_size = resident * PAGE_SIZE;
	}
	/* Every tick is charged as user time: there is no split. */
	ticks_to_times(ended, &bi->user_time, &bi->user_time64);
	ticks_to_times(0, &bi->system_time, &bi->system_time64);
	ticks_to_times(created, &bi->creation_time, &bi->creation_time64);
}

kern_return_t
task_info(task_t target_task, int flavor, task_info_t task_info_out,
	  mach_msg_type_number_t *task_info_outCnt)
{
	mach_msg_type_number_t *n = task_info_outCnt;

	if (target_task == NULL)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case TASK_BASIC_INFO: {
		/* As GNU Mach: without the 64-bit times, what was asked. */
		if (*n < TASK_BASIC_INFO_OLD_COUNT)
			return KERN_INVALID_ARGUMENT;
		struct task_basic_info bi;
		basic_info(target_task, &bi);
		if (*n > TASK_BASIC_INFO_COUNT)
			*n = TASK_BASIC_INFO_COUNT;
		memcpy(task_info_out, &bi, *n * sizeof(integer_t));
		return KERN_SUCCESS;
	}
	case TASK_EVENTS_INFO: {
		if (*n < TASK_EVENTS_INFO_COUNT)
			return KERN_INVALID_ARGUMENT;
		/* Page faults are counted; there is no pager (pageins,
		 * reactivations) and the rest is not counted yet. */
		struct task_events_info ei = {
			.faults = __atomic_load_n(&target_task->faults,
						  __ATOMIC_RELAXED),
		};
		memcpy(task_info_out, &ei, sizeof ei);
		*n = TASK_EVENTS_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case TASK_THREAD_TIMES_INFO: {
		if (*n < TASK_THREAD_TIMES_INFO_COUNT -
				 2 * sizeof(time_value64_t) / sizeof(integer_t))
			return KERN_INVALID_ARGUMENT;
		uint64_t ticks = 0;
		simple_lock(&target_task->lock);
		for (queue_chain_t *q = target_task->threads.next;
		     q != &target_task->threads; q = q->next)
			ticks += __atomic_load_n(
				&queue_entry(q, struct thread, task_links)
					 ->ticks_run,
				__ATOMIC_RELAXED);
		simple_unlock(&target_task->lock);
		struct task_thread_times_info ti;
		memset(&ti, 0, sizeof ti);
		ticks_to_times(ticks, &ti.user_time, &ti.user_time64);
		ticks_to_times(0, &ti.system_time, &ti.system_time64);
		if (*n > TASK_THREAD_TIMES_INFO_COUNT)
			*n = TASK_THREAD_TIMES_INFO_COUNT;
		memcpy(task_info_out, &ti, *n * sizeof(integer_t));
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/*
 * mach_ports_register: up to TASK_PORT_REGISTER_MAX send rights, which
 * task_create's children inherit and mach_ports_lookup gives back.  The
 * array comes in the kernel form of a port array (ipc/ipc_kmsg.h),
 * which is this routine's once it succeeds.
 */
kern_return_t
mach_ports_register(task_t target_task, mach_port_array_t init_port_set,
		    mach_msg_type_number_t init_port_setCnt)
{
	ipc_port_t *in = (ipc_port_t *)(void *)init_port_set;
	ipc_port_t ports[TASK_PORT_REGISTER_MAX];

	if (target_task == NULL || init_port_setCnt > TASK_PORT_REGISTER_MAX)
		return KERN_INVALID_ARGUMENT;
	for (unsigned i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		ports[i] = i < init_port_setCnt && in != NULL ? in[i] : IP_NULL;
	simple_lock(&target_task->lock);
	if (target_task->itk_self == IP_NULL) {
		simple_unlock(&target_task->lock);
		return KERN_INVALID_ARGUMENT; /* as GNU Mach */
	}
	for (unsigned i = 0; i < TASK_PORT_REGISTER_MAX; i++) {
		ipc_port_t old = target_task->itk_registered[i];
		target_task->itk_registered[i] = ports[i];
		ports[i] = old;
	}
	simple_unlock(&target_task->lock);
	for (unsigned i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		ipc_port_release_send(ports[i]);
	if (init_port_setCnt > 0)
		kfree(in, init_port_setCnt * sizeof *in);
	return KERN_SUCCESS;
}

kern_return_t
mach_ports_lookup(task_t target_task, mach_port_array_t *init_port_set,
		  mach_msg_type_number_t *init_port_setCnt)
{
	if (target_task == NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_port_t *ports = kalloc(TASK_PORT_REGISTER_MAX * sizeof *ports);
	if (ports == NULL)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&target_task->lock);
	if (target_task->itk_self == IP_NULL) {
		simple_unlock(&target_task->lock);
		kfree(ports, TASK_PORT_REGISTER_MAX * sizeof *ports);
		return KERN_INVALID_ARGUMENT;
	}
	for (unsigned i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		ports[i] = ipc_port_copy_send(target_task->itk_registered[i]);
	simple_unlock(&target_task->lock);
	*init_port_set = (mach_port_array_t)(void *)ports;
	*init_port_setCnt = TASK_PORT_REGISTER_MAX;
	return KERN_SUCCESS;
}
