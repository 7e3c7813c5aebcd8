/*
 * kern/host_kobject.c: the routines of mach_host.defs that its
 * KernelServer stubs call, on the host, processor and processor-set
 * ports (kern/host.h, kern/processor.h), with GNU Mach's semantics and
 * codes on a uniprocessor without MACH_HOST (one processor, one set,
 * no set ever made).  Compiled with KERNEL defined.
 *
 * Privilege is the port: a routine whose first argument is host_priv_t
 * gets NULL from the stub's conversion for the ordinary host port, and
 * answers as GNU Mach does for a null host (KERN_INVALID_ARGUMENT for
 * the host routines of kern/host.c, KERN_INVALID_HOST for the clock's
 * and host_reboot).  Every count and value from the request is checked
 * before anything changes.  docs/kobjects.md lists what answers
 * KERN_FAILURE and why.
 */

#include <mach/host_info.h>
#include <mach/processor_info.h>
#include <machine/machdep.h>
#include <machine/vm_param.h>

#include "ipc/ipc_port.h"
#include "kern/clock.h"
#include "kern/ipc_mig.h"
#include "kern/kalloc.h"
#include "kern/kmain.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/zalloc.h"
#include "mach_hostServer.h"
#include "vm/vm_page.h"

/* GNU Mach's host_reboot options (its sys/reboot.h). */
#define RB_HALT     0x08
#define RB_DEBUGGER 0x1000

#define NS_PER_S 1000000000LL
#define US_PER_S 1000000LL

/* An out-of-line array of `n' send rights made by `make' (the kernel
 * form of a port array: a kalloc'd block of exactly n rights). */
static kern_return_t
port_array(unsigned n, ipc_port_t (*make)(unsigned i), ipc_port_t **out)
{
	ipc_port_t *ports = kalloc(n * sizeof *ports);
	if (ports == NULL)
		return KERN_RESOURCE_SHORTAGE;
	for (unsigned i = 0; i < n; i++)
		ports[i] = make(i);
	*out = ports;
	return KERN_SUCCESS;
}

static ipc_port_t
processor_right(unsigned i)
{
	return processor_port_send(&processor_array[i]);
}

static ipc_port_t
pset_name_right(unsigned i)
{
	(void)i;
	return convert_pset_name_to_port(&default_pset);
}

/* ---- The host (GNU Mach's kern/host.c) ---- */

kern_return_t
host_processors(host_t host_priv, processor_array_t *processor_list,
		mach_msg_type_number_t *processor_listCnt)
{
	if (host_priv == NULL)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = port_array(processor_count(), processor_right,
				      (ipc_port_t **)processor_list);
	if (kr == KERN_SUCCESS)
		*processor_listCnt = processor_count();
	return kr;
}

kern_return_t
host_info(host_t host, int flavor, host_info_t host_info_out,
	  mach_msg_type_number_t *host_info_outCnt)
{
	if (host == NULL)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case HOST_BASIC_INFO: {
		struct vm_page_stats pages;
		if (*host_info_outCnt < HOST_BASIC_INFO_COUNT)
			return KERN_FAILURE;
		vm_page_get_stats(&pages);
		host_basic_info_data_t info = {
			.max_cpus = (integer_t)processor_count(),
			.avail_cpus = (integer_t)processor_count(),
			.memory_size = (vm_size_t)(pages.managed * PAGE_SIZE),
			.cpu_type = CPU_TYPE_X86_64,
			.cpu_subtype = CPU_SUBTYPE_AT386,
		};
		memcpy(host_info_out, &info, sizeof info);
		*host_info_outCnt = HOST_BASIC_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_PROCESSOR_SLOTS:
		if (*host_info_outCnt < PROCESSOR_MAX)
			return KERN_INVALID_ARGUMENT;
		for (unsigned i = 0; i < processor_count(); i++)
			host_info_out[i] = processor_array[i].slot_num;
		*host_info_outCnt = processor_count();
		return KERN_SUCCESS;
	case HOST_SCHED_INFO: {
		if (*host_info_outCnt < HOST_SCHED_INFO_COUNT)
			return KERN_FAILURE;
		host_sched_info_data_t info = {
			.min_timeout = 1000 / HZ,
			.min_quantum = SCHED_QUANTUM * 1000 / HZ,
		};
		memcpy(host_info_out, &info, sizeof info);
		*host_info_outCnt = HOST_SCHED_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_LOAD_INFO: {
		if (*host_info_outCnt < HOST_LOAD_INFO_COUNT)
			return KERN_FAILURE;
		/* No load average is kept yet: 0, and a mach factor of
		 * one idle processor. */
		host_load_info_data_t info = { 0 };
		for (int i = 0; i < 3; i++)
			info.mach_factor[i] = LOAD_SCALE;
		memcpy(host_info_out, &info, sizeof info);
		*host_info_outCnt = HOST_LOAD_INFO_COUNT;
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

kern_return_t
host_get_kernel_version(host_t host, kernel_version_t kernel_version)
{
	static const char version[] = "Mach " KERNEL_VERSION " (x86_64)";

	if (host == NULL)
		return KERN_INVALID_ARGUMENT;
	/* The stub sends the string up to its zero, at most 512 bytes. */
	memset(kernel_version, 0, sizeof(kernel_version_t));
	memcpy(kernel_version, version, sizeof version);
	return KERN_SUCCESS;
}

kern_return_t
host_processor_sets(host_t host, processor_set_name_array_t *processor_sets,
		    mach_msg_type_number_t *processor_setsCnt)
{
	if (host == NULL)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr =
		port_array(1, pset_name_right, (ipc_port_t **)processor_sets);
	if (kr == KERN_SUCCESS)
		*processor_setsCnt = 1;
	return kr;
}

kern_return_t
host_processor_set_priv(host_t host_priv, processor_set_t set_name,
			processor_set_t *set)
{
	if (host_priv == NULL || set_name == NULL)
		return KERN_INVALID_ARGUMENT;
	*set = set_name;
	return KERN_SUCCESS;
}

kern_return_t
host_reboot(host_t host_priv, int options)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (options & RB_DEBUGGER) {
		/* GNU Mach enters its debugger; there is none here. */
		kprintf("host_reboot: no kernel debugger\n");
		return KERN_SUCCESS;
	}
	/* Halt or reboot, both end the machine: under QEMU, through the
	 * isa-debug-exit device (status 33), as the boot tests end. */
	kprintf("host_reboot: %s by %s\n",
		(options & RB_HALT) ? "halt" : "reboot",
		current_thread()->task->name);
	arch_machine_exit(false);
}

/* ---- The clock (GNU Mach's kern/mach_clock.c) ---- */

kern_return_t
host_get_time(host_t host, time_value_t *current_time)
{
	time_value64_t now;

	if (host == NULL)
		return KERN_INVALID_HOST;
	clock_get_time(&now);
	current_time->seconds = now.seconds;
	current_time->microseconds = (integer_t)(now.nanoseconds / 1000);
	return KERN_SUCCESS;
}

kern_return_t
host_get_time64(host_t host, time_value64_t *current_time)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	clock_get_time(current_time);
	return KERN_SUCCESS;
}

kern_return_t
host_get_uptime64(host_t host, time_value64_t *uptime)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	clock_get_uptime(uptime);
	return KERN_SUCCESS;
}

/* host_set_time64 on the privileged port: GNU Mach's .defs take the
 * ordinary host port there, which lets any task set the clock; we
 * follow Mach 3 (interfaces/mach/mach_host.defs says so). */
kern_return_t
host_set_time64(host_t host, time_value64_t new_time)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	if (new_time.nanoseconds < 0 || new_time.nanoseconds >= NS_PER_S ||
	    new_time.seconds < 0 || new_time.seconds > INT64_MAX / NS_PER_S - 1)
		return KERN_INVALID_ARGUMENT;
	clock_set_time(&new_time);
	return KERN_SUCCESS;
}

kern_return_t
host_set_time(host_t host_priv, time_value_t new_time)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (new_time.microseconds < 0 || new_time.microseconds >= US_PER_S)
		return KERN_INVALID_ARGUMENT;
	time_value64_t t = {
		.seconds = new_time.seconds,
		.nanoseconds = (int64_t)new_time.microseconds * 1000,
	};
	return host_set_time64(host_priv, t);
}

/* Slew by `delta_us'; the old slew into *old_us.  A delta that cannot
 * be a time (beyond a century) is refused. */
static kern_return_t
host_adjust(host_t host_priv, int64_t sec, int64_t frac, int64_t frac_per_us,
	    int64_t *old_us)
{
	const int64_t limit = 100LL * 366 * 86400; /* seconds */

	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (sec > limit || sec < -limit || frac <= -US_PER_S * frac_per_us ||
	    frac >= US_PER_S * frac_per_us)
		return KERN_INVALID_ARGUMENT;
	clock_adjust_time(sec * US_PER_S + frac / frac_per_us, old_us);
	return KERN_SUCCESS;
}

kern_return_t
host_adjust_time(host_t host_priv, time_value_t new_adjustment,
		 time_value_t *old_adjustment)
{
	int64_t old;
	kern_return_t kr = host_adjust(host_priv, new_adjustment.seconds,
				       new_adjustment.microseconds, 1, &old);
	if (kr == KERN_SUCCESS) {
		/* A slew set through host_adjust_time64 may not fit in the
		 * 32-bit seconds: the nearest that does. */
		int64_t sec = old / US_PER_S;
		integer_t usec = (integer_t)(old % US_PER_S);
		if (sec > INT32_MAX) {
			sec = INT32_MAX;
			usec = US_PER_S - 1;
		} else if (sec < INT32_MIN) {
			sec = INT32_MIN;
			usec = -(US_PER_S - 1);
		}
		old_adjustment->seconds = (integer_t)sec;
		old_adjustment->microseconds = usec;
	}
	return kr;
}

kern_return_t
host_adjust_time64(host_t host_priv, time_value64_t new_adjustment,
		   time_value64_t *old_adjustment)
{
	int64_t old;
	kern_return_t kr = host_adjust(host_priv, new_adjustment.seconds,
				       new_adjustment.nanoseconds, 1000, &old);
	if (kr == KERN_SUCCESS) {
		old_adjustment->seconds = old / US_PER_S;
		old_adjustment->nanoseconds = (old % US_PER_S) * 1000;
	}
	return kr;
}

/* ---- Processors (GNU Mach's kern/machine.c, kern/processor.c) ---- */

kern_return_t
processor_info(processor_t processor, int flavor, host_t *host,
	       processor_info_t processor_info_out,
	       mach_msg_type_number_t *processor_info_outCnt)
{
	if (processor == NULL)
		return KERN_INVALID_ARGUMENT;
	if (flavor != PROCESSOR_BASIC_INFO ||
	    *processor_info_outCnt < PROCESSOR_BASIC_INFO_COUNT)
		return KERN_FAILURE;
	processor_basic_info_data_t info = {
		.cpu_type = CPU_TYPE_X86_64,
		.cpu_subtype = CPU_SUBTYPE_AT386,
		.running = 1,
		.slot_num = processor->slot_num,
		.is_master = processor->is_master,
	};
	memcpy(processor_info_out, &info, sizeof info);
	*processor_info_outCnt = PROCESSOR_BASIC_INFO_COUNT;
	*host = &realhost;
	return KERN_SUCCESS;
}

/* The one CPU always runs: it can be neither started nor stopped, and
 * it has no machine-dependent controls (GNU Mach's uniprocessor
 * answers). */
kern_return_t
processor_start(processor_t processor)
{
	return processor == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}

kern_return_t
processor_exit(processor_t processor)
{
	return processor == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}

kern_return_t
processor_control(processor_t processor, const processor_info_t processor_cmd,
		  mach_msg_type_number_t processor_cmdCnt)
{
	(void)processor_cmd;
	(void)processor_cmdCnt;
	return processor == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}

kern_return_t
processor_get_assignment(processor_t processor, processor_set_t *assigned_set)
{
	if (processor == NULL)
		return KERN_INVALID_ARGUMENT;
	*assigned_set = processor->pset;
	return KERN_SUCCESS;
}

/* Without MACH_HOST no set is made or destroyed and nothing moves
 * between sets: GNU Mach answers KERN_FAILURE. */
kern_return_t
processor_assign(processor_t processor, processor_set_t new_set, boolean_t wait)
{
	(void)processor;
	(void)new_set;
	(void)wait;
	return KERN_FAILURE;
}

kern_return_t
processor_set_create(host_t host, processor_set_t *new_set,
		     processor_set_t *new_name)
{
	(void)host;
	(void)new_set;
	(void)new_name;
	return KERN_FAILURE;
}

kern_return_t
processor_set_destroy(processor_set_t set)
{
	(void)set;
	return KERN_FAILURE;
}

kern_return_t
thread_assign(thread_t thread, processor_set_t new_set)
{
	(void)thread;
	(void)new_set;
	return KERN_FAILURE;
}

kern_return_t
thread_assign_default(thread_t thread)
{
	return thread_assign(thread, &default_pset);
}

kern_return_t
task_assign(task_t task, processor_set_t new_set, boolean_t assign_threads)
{
	(void)task;
	(void)new_set;
	(void)assign_threads;
	return KERN_FAILURE;
}

kern_return_t
task_assign_default(task_t task, boolean_t assign_threads)
{
	return task_assign(task, &default_pset, assign_threads);
}

kern_return_t
thread_get_assignment(thread_t thread, processor_set_t *assigned_set)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	*assigned_set = &default_pset;
	return KERN_SUCCESS;
}

kern_return_t
task_get_assignment(task_t task, processor_set_t *assigned_set)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	*assigned_set = &default_pset;
	return KERN_SUCCESS;
}

/* ---- The default processor set ---- */

kern_return_t
processor_set_default(host_t host, processor_set_t *default_set)
{
	if (host == NULL)
		return KERN_INVALID_ARGUMENT;
	*default_set = &default_pset;
	return KERN_SUCCESS;
}

static unsigned
zone_in_use(struct zone *zone)
{
	struct zone_stats stats;
	zone_get_stats(zone, &stats);
	return (unsigned)stats.in_use;
}

kern_return_t
processor_set_info(processor_set_t set_name, int flavor, host_t *host,
		   processor_set_info_t info_out,
		   mach_msg_type_number_t *info_outCnt)
{
	if (set_name == NULL)
		return KERN_INVALID_ARGUMENT;
	if (flavor == PROCESSOR_SET_BASIC_INFO) {
		if (*info_outCnt < PROCESSOR_SET_BASIC_INFO_COUNT)
			return KERN_FAILURE;
		/* Tasks and threads that exist (those that ended but are
		 * still referenced among them); no load average yet. */
		processor_set_basic_info_data_t info = {
			.processor_count = (integer_t)set_name->processor_count,
			.task_count =
				(integer_t)zone_in_use(task_zone_for_tests()),
			.thread_count =
				(integer_t)zone_in_use(thread_zone_for_tests()),
			.load_average = 0,
			.mach_factor = LOAD_SCALE,
		};
		memcpy(info_out, &info, sizeof info);
		*info_outCnt = PROCESSOR_SET_BASIC_INFO_COUNT;
	} else if (flavor == PROCESSOR_SET_SCHED_INFO) {
		if (*info_outCnt < PROCESSOR_SET_SCHED_INFO_COUNT)
			return KERN_FAILURE;
		processor_set_sched_info_data_t info = {
			.policies = (integer_t)__atomic_load_n(
				&set_name->policies, __ATOMIC_RELAXED),
			.max_priority = BASEPRI_USER,
		};
		memcpy(info_out, &info, sizeof info);
		*info_outCnt = PROCESSOR_SET_SCHED_INFO_COUNT;
	} else {
		return KERN_INVALID_ARGUMENT;
	}
	*host = &realhost;
	return KERN_SUCCESS;
}

static bool
policy_valid(int policy)
{
	return policy == POLICY_TIMESHARE || policy == POLICY_FIXEDPRI;
}

kern_return_t
processor_set_policy_enable(processor_set_t processor_set, int policy)
{
	if (processor_set == NULL || !policy_valid(policy))
		return KERN_INVALID_ARGUMENT;
	__atomic_or_fetch(&processor_set->policies, (unsigned)policy,
			  __ATOMIC_RELAXED);
	return KERN_SUCCESS;
}

kern_return_t
processor_set_policy_disable(processor_set_t processor_set, int policy,
			     boolean_t change_threads)
{
	if (processor_set == NULL || policy == POLICY_TIMESHARE ||
	    !policy_valid(policy))
		return KERN_INVALID_ARGUMENT;
	/* change_threads: no thread is moved off a policy (docs). */
	(void)change_threads;
	__atomic_and_fetch(&processor_set->policies, ~(unsigned)policy,
			   __ATOMIC_RELAXED);
	return KERN_SUCCESS;
}

/* ---- Not served yet (docs/kobjects.md): KERN_FAILURE after the
 * checks GNU Mach makes first ---- */

/* There is no list of every task or thread to walk. */
kern_return_t
processor_set_tasks(processor_set_t processor_set, task_array_t *task_list,
		    mach_msg_type_number_t *task_listCnt)
{
	(void)task_list;
	(void)task_listCnt;
	return processor_set == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}

kern_return_t
processor_set_threads(processor_set_t processor_set,
		      thread_array_t *thread_list,
		      mach_msg_type_number_t *thread_listCnt)
{
	(void)thread_list;
	(void)thread_listCnt;
	return processor_set == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}

/* ---- Priorities and policies (GNU Mach's kern/thread.c) ----
 *
 * A thread's base priority may be set no better than its maximum (its
 * creation priority: BASEPRI_USER for a user thread), which only the
 * holder of the processor set's control port raises.  Priorities are
 * 0 (best) to SCHED_LOWEST_PRI (30; GNU Mach has 50 levels, 0 to 49).
 * The changes are serialized by the thread's ith_lock (then
 * sched_lock, in thread_set_priority).
 */

static bool
priority_valid(int priority)
{
	return priority >= 0 && priority <= SCHED_LOWEST_PRI;
}

kern_return_t
thread_priority(thread_t thread, int priority, boolean_t set_max)
{
	if (thread == NULL || !priority_valid(priority))
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = KERN_FAILURE; /* better than its maximum */
	simple_lock(&thread->ith_lock);
	if (priority >= thread->max_priority) {
		kr = thread_set_priority(thread, priority, thread->policy);
		if (kr == KERN_SUCCESS && set_max)
			thread->max_priority = priority;
	}
	simple_unlock(&thread->ith_lock);
	return kr;
}

kern_return_t
thread_max_priority(thread_t thread, processor_set_t processor_set,
		    int max_priority)
{
	if (thread == NULL || processor_set == NULL ||
	    !priority_valid(max_priority))
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = KERN_SUCCESS;
	simple_lock(&thread->ith_lock);
	thread->max_priority = max_priority;
	if (thread->base_priority < max_priority)
		kr = thread_set_priority(thread, max_priority, thread->policy);
	simple_unlock(&thread->ith_lock);
	return kr;
}

/* The policy's data (the fixed-priority quantum) is not kept: every
 * thread has the scheduler's quantum. */
kern_return_t
thread_policy(thread_t thread, int policy, int data)
{
	(void)data;
	if (thread == NULL || !policy_valid(policy))
		return KERN_INVALID_ARGUMENT;
	if (!(__atomic_load_n(&default_pset.policies, __ATOMIC_RELAXED) &
	      (unsigned)policy))
		return KERN_FAILURE; /* not enabled in its set */
	simple_lock(&thread->ith_lock);
	kern_return_t kr = thread_set_priority(thread, thread->base_priority,
					       (enum sched_policy)policy);
	simple_unlock(&thread->ith_lock);
	return kr;
}

/* The priority of the task's new threads (never better than their
 * maximum, BASEPRI_USER) and, with change_threads, thread_priority on
 * each of its threads: KERN_FAILURE if one refused (better than its
 * maximum), as GNU Mach.  Lock order: the task's, then each thread's
 * ith_lock (kern/ipc_tt.c). */
kern_return_t
task_priority(task_t task, int priority, boolean_t change_threads)
{
	kern_return_t kr = KERN_SUCCESS;

	if (task == NULL || !priority_valid(priority))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&task->lock);
	__atomic_store_n(&task->priority, priority, __ATOMIC_RELAXED);
	if (change_threads) {
		for (queue_chain_t *q = task->threads.next; q != &task->threads;
		     q = q->next) {
			thread_t th = queue_entry(q, struct thread, task_links);
			if (thread_priority(th, priority, FALSE) !=
			    KERN_SUCCESS)
				kr = KERN_FAILURE;
		}
	}
	simple_unlock(&task->lock);
	return kr;
}

/* A set's maximum for its new threads is not kept. */

kern_return_t
processor_set_max_priority(processor_set_t processor_set, int max_priority,
			   boolean_t change_threads)
{
	(void)change_threads;
	if (processor_set == NULL || !priority_valid(max_priority))
		return KERN_INVALID_ARGUMENT;
	return KERN_FAILURE;
}

/* A depression ends when the thread next runs (kern/sched_prim.c); it
 * cannot be ended from outside yet. */
kern_return_t
thread_depress_abort(thread_t thread)
{
	return thread == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}

/* How much a task may wire through the unprivileged host port: GNU
 * Mach's 8 MiB (beyond it, KERN_NO_ACCESS). */
#define VM_WIRE_UNPRIVILEGED_MAX ((vm_size_t)8 << 20)

/*
 * GNU Mach's vm_wire: make the range resident and wired for `access'
 * (vm/vm_map_wire.c), VM_PROT_NONE unwiring it.  Either host port; the
 * unprivileged one may keep at most 8 MiB of the task wired.  A range
 * whose rounded end wraps around is KERN_INVALID_ARGUMENT.  The stub
 * converted the task's port (and releases its right on success).
 */
kern_return_t
vm_wire(ipc_port_t host, vm_map_t task, vm_address_t address, vm_size_t size,
	vm_prot_t access)
{
	if (convert_port_to_host(host) == NULL)
		return KERN_INVALID_HOST;
	bool privileged = convert_port_to_host_priv(host) != NULL;
	if (task == VM_MAP_NULL)
		return KERN_INVALID_TASK;
	vm_offset_t start = address & ~(vm_offset_t)PAGE_MASK;
	vm_offset_t end =
		(address + size + PAGE_MASK) & ~(vm_offset_t)PAGE_MASK;
	if ((access & ~VM_PROT_ALL) != 0 || address + size < address ||
	    end < address + size)
		return KERN_INVALID_ARGUMENT;
	if (!privileged && access != VM_PROT_NONE &&
	    (size > VM_WIRE_UNPRIVILEGED_MAX ||
	     vm_map_wired_size(task) > VM_WIRE_UNPRIVILEGED_MAX - size))
		return KERN_NO_ACCESS;
	return vm_map_wire(task, start, end, access);
}

kern_return_t
thread_wire(host_t host_priv, thread_t thread, boolean_t wired)
{
	(void)wired;
	if (host_priv == NULL || thread == NULL)
		return KERN_INVALID_ARGUMENT;
	return KERN_FAILURE;
}
