/*
 * gnu_host.c: mach_host.defs and gnumach.defs as a program built for
 * GNU Mach calls them (GNU MIG's stubs, gnumach-dev's headers): host_info
 * (every flavor, short counts, a bad flavor), host_get_kernel_version,
 * host_processors and processor_info, the default processor set
 * (processor_set_default, _info, the control port, policies, the calls
 * a uniprocessor without MACH_HOST refuses), the clock (get, set and
 * adjust on the privileged port only), host_reboot refused where GNU
 * Mach refuses it; vm_wire and vm_wire_all (the codes, the counts of
 * vm_statistics following wired pages, this task wired whole, now and
 * for its future allocations); thread and task names; gsync between
 * threads of this task (wait, timeouts, mismatches, wake one and all,
 * wake with a store, requeue, an aborted wait) and with a child task
 * that shares a page (GSYNC_SHARED keys by memory, not address).
 * Every port name is back at the end.
 *
 * Its command line: gnu_host HOST-PRIV-NAME.
 *
 * The workers that block in gsync_wait send their request by hand with
 * their own reply port (the runtime's reply port is the main thread's):
 * the layout is GNU MIG's for gsync_wait.
 */

#include <mach/host_info.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/policy.h>
#include <mach/port.h>
#include <mach/processor_info.h>
#include <mach/task_info.h>
#include <mach/thread_info.h>
#include <mach/thread_status.h>
#include <mach/vm_statistics.h>
#include <mach/vm_wire.h>
#include <string.h>

#include "rt.h"
#include "gnu/gnumach.h"
#include "gnu/mach.h"
#include "gnu/mach_host.h"
#include "gnu/mach_port.h"

/* GNU Mach's (glibc defines them too). */
#define GSYNC_SHARED    0x01
#define GSYNC_QUAD      0x02
#define GSYNC_TIMED     0x04
#define GSYNC_BROADCAST 0x08
#define GSYNC_MUTATE    0x10

#define STACK_SIZE (64ul * 1024)
#define PAGE       4096ul

static mach_port_t empty_port;

static mach_port_urefs_t
send_refs(mach_port_t name)
{
	mach_port_urefs_t refs = 0;
	if (mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND,
			       &refs) != KERN_SUCCESS)
		return 0;
	return refs;
}

static unsigned
name_count(void)
{
	mach_port_array_t names = 0;
	mach_port_type_array_t types = 0;
	mach_msg_type_number_t n = 0, nt = 0;
	if (mach_port_names(mach_task_self(), &names, &n, &types, &nt) !=
	    KERN_SUCCESS)
		return 0;
	if (n > 0)
		vm_deallocate(mach_task_self(), (vm_address_t)names,
			      n * sizeof *names);
	if (nt > 0)
		vm_deallocate(mach_task_self(), (vm_address_t)types,
			      nt * sizeof *types);
	return n;
}

static void
sleep_ms(unsigned ms)
{
	mach_msg_header_t m;
	CHECK_EQ(mach_msg_trap(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof m,
			       empty_port, ms, MACH_PORT_NULL),
		 MACH_RCV_TIMED_OUT);
}

/* ---- The host ---- */

static void
check_host_info(mach_port_t host, mach_port_t host_priv)
{
	integer_t buf[HOST_INFO_MAX];
	mach_msg_type_number_t n;

	n = HOST_BASIC_INFO_COUNT;
	CHECK_EQ(HOST_BASIC_INFO_COUNT, 6);
	CHECK_EQ(host_info(host, HOST_BASIC_INFO, buf, &n), KERN_SUCCESS);
	CHECK_EQ(n, HOST_BASIC_INFO_COUNT);
	struct host_basic_info *bi = (struct host_basic_info *)buf;
	CHECK_EQ(bi->max_cpus, 1);
	CHECK_EQ(bi->avail_cpus, 1);
	CHECK(bi->memory_size >= 16ul * 1024 * 1024);
	CHECK_EQ(bi->cpu_type, CPU_TYPE_X86_64);
	CHECK_EQ(bi->cpu_subtype, CPU_SUBTYPE_AT386);
	n = HOST_INFO_MAX; /* more room than needed: the count comes back */
	CHECK_EQ(host_info(host_priv, HOST_BASIC_INFO, buf, &n), KERN_SUCCESS);
	CHECK_EQ(n, HOST_BASIC_INFO_COUNT);
	n = HOST_BASIC_INFO_COUNT - 1;
	CHECK_EQ(host_info(host, HOST_BASIC_INFO, buf, &n), KERN_FAILURE);

	n = 4;
	buf[0] = 77;
	CHECK_EQ(host_info(host, HOST_PROCESSOR_SLOTS, buf, &n), KERN_SUCCESS);
	CHECK_EQ(n, 1);
	CHECK_EQ(buf[0], 0);
	n = 0;
	CHECK_EQ(host_info(host, HOST_PROCESSOR_SLOTS, buf, &n),
		 KERN_INVALID_ARGUMENT);

	n = HOST_SCHED_INFO_COUNT;
	CHECK_EQ(host_info(host, HOST_SCHED_INFO, buf, &n), KERN_SUCCESS);
	CHECK_EQ(n, 2);
	struct host_sched_info *si = (struct host_sched_info *)buf;
	CHECK_EQ(si->min_timeout, 10);
	CHECK_EQ(si->min_quantum, 100);
	n = 1;
	CHECK_EQ(host_info(host, HOST_SCHED_INFO, buf, &n), KERN_FAILURE);

	n = HOST_LOAD_INFO_COUNT;
	CHECK_EQ(host_info(host, HOST_LOAD_INFO, buf, &n), KERN_SUCCESS);
	CHECK_EQ(n, 6);
	struct host_load_info *li = (struct host_load_info *)buf;
	CHECK_EQ(li->mach_factor[0], LOAD_SCALE);
	n = 5;
	CHECK_EQ(host_info(host, HOST_LOAD_INFO, buf, &n), KERN_FAILURE);

	n = HOST_INFO_MAX;
	CHECK_EQ(host_info(host, 99, buf, &n), KERN_INVALID_ARGUMENT);
	/* Not a host port: the conversion gives no host. */
	n = HOST_BASIC_INFO_COUNT;
	CHECK_EQ(host_info(mach_task_self(), HOST_BASIC_INFO, buf, &n),
		 KERN_INVALID_ARGUMENT);

	kernel_version_t version;
	memset(version, 0x55, sizeof version);
	CHECK_EQ(host_get_kernel_version(host, version), KERN_SUCCESS);
	CHECK(memcmp(version, "Mach ", 5) == 0);
	CHECK(strnlen(version, sizeof version) < sizeof version);
	CHECK_EQ(host_get_kernel_version(mach_task_self(), version),
		 KERN_INVALID_ARGUMENT);
}

static void
check_processors(mach_port_t host, mach_port_t host_priv)
{
	processor_array_t procs = 0;
	mach_msg_type_number_t nprocs = 0;
	integer_t buf[PROCESSOR_INFO_MAX];
	mach_msg_type_number_t n;
	mach_port_t h = MACH_PORT_NULL;

	CHECK_EQ(host_processors(host, &procs, &nprocs), KERN_INVALID_ARGUMENT);
	CHECK_EQ(host_processors(host_priv, &procs, &nprocs), KERN_SUCCESS);
	CHECK_EQ(nprocs, 1);
	if (nprocs != 1)
		return;
	mach_port_t p = procs[0];
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)procs,
			       nprocs * sizeof *procs),
		 KERN_SUCCESS);
	CHECK_EQ(rt_port_type(p), MACH_PORT_TYPE_SEND);

	n = PROCESSOR_BASIC_INFO_COUNT;
	CHECK_EQ(PROCESSOR_BASIC_INFO_COUNT, 5);
	CHECK_EQ(processor_info(p, PROCESSOR_BASIC_INFO, &h, buf, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, 5);
	struct processor_basic_info *pi = (struct processor_basic_info *)buf;
	CHECK_EQ(pi->cpu_type, CPU_TYPE_X86_64);
	CHECK_EQ(pi->cpu_subtype, CPU_SUBTYPE_AT386);
	CHECK_EQ(pi->running, 1);
	CHECK_EQ(pi->slot_num, 0);
	CHECK_EQ(pi->is_master, 1);
	/* The host comes back as the ordinary host port. */
	CHECK_EQ(h, host);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), h), KERN_SUCCESS);
	n = PROCESSOR_BASIC_INFO_COUNT - 1;
	CHECK_EQ(processor_info(p, PROCESSOR_BASIC_INFO, &h, buf, &n),
		 KERN_FAILURE);
	n = PROCESSOR_INFO_MAX;
	CHECK_EQ(processor_info(p, 2, &h, buf, &n), KERN_FAILURE);
	CHECK_EQ(processor_info(host, PROCESSOR_BASIC_INFO, &h, buf, &n),
		 KERN_INVALID_ARGUMENT);

	/* One CPU: never started, stopped or controlled. */
	CHECK_EQ(processor_start(p), KERN_FAILURE);
	CHECK_EQ(processor_exit(p), KERN_FAILURE);
	CHECK_EQ(processor_control(p, buf, 1), KERN_FAILURE);
	CHECK_EQ(processor_start(host), KERN_INVALID_ARGUMENT);

	mach_port_t name = MACH_PORT_NULL, assigned = MACH_PORT_NULL;
	CHECK_EQ(processor_set_default(host, &name), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(name), MACH_PORT_TYPE_SEND);
	CHECK_EQ(processor_get_assignment(p, &assigned), KERN_SUCCESS);
	CHECK_EQ(assigned, name);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), assigned),
		 KERN_SUCCESS);
	CHECK_EQ(processor_assign(p, name, 0), KERN_FAILURE);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), name), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), p), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(p), 0);
}

static struct thread_sched_info
sched_info(thread_t t)
{
	struct thread_sched_info si;
	mach_msg_type_number_t n = THREAD_SCHED_INFO_COUNT;
	memset(&si, 0, sizeof si);
	CHECK_EQ(thread_info(t, THREAD_SCHED_INFO, (thread_info_t)&si, &n),
		 KERN_SUCCESS);
	return si;
}

/* Priorities: no better than the thread's maximum, which only the
 * set's control port raises; policies the set allows. */
static void
check_priorities(thread_t self, mach_port_t name, mach_port_t ctl)
{
	struct thread_sched_info si = sched_info(self);
	CHECK_EQ(si.base_priority, 12); /* BASEPRI_USER */
	CHECK_EQ(si.max_priority, 12);
	CHECK_EQ(thread_priority(self, 40, 0), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_priority(self, -1, 0), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_priority(self, 4, 0), KERN_FAILURE);
	CHECK_EQ(thread_priority(mach_task_self(), 20, 0),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_priority(self, 15, 0), KERN_SUCCESS);
	si = sched_info(self);
	CHECK_EQ(si.base_priority, 15);
	CHECK_EQ(si.max_priority, 12);
	CHECK_EQ(thread_priority(self, 12, 0), KERN_SUCCESS);
	/* set_max lowers the maximum too: no way back but the set's. */
	CHECK_EQ(thread_priority(self, 20, 1), KERN_SUCCESS);
	si = sched_info(self);
	CHECK_EQ(si.base_priority, 20);
	CHECK_EQ(si.max_priority, 20);
	CHECK_EQ(thread_priority(self, 12, 0), KERN_FAILURE);
	CHECK_EQ(thread_max_priority(self, name, 12), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_max_priority(self, ctl, 40), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_max_priority(self, ctl, 12), KERN_SUCCESS);
	CHECK_EQ(thread_priority(self, 12, 0), KERN_SUCCESS);
	si = sched_info(self);
	CHECK_EQ(si.base_priority, 12);
	CHECK_EQ(si.max_priority, 12);
	/* A worse maximum brings the priority down with it. */
	CHECK_EQ(thread_max_priority(self, ctl, 14), KERN_SUCCESS);
	CHECK_EQ(sched_info(self).base_priority, 14);
	CHECK_EQ(thread_max_priority(self, ctl, 12), KERN_SUCCESS);
	CHECK_EQ(thread_priority(self, 12, 0), KERN_SUCCESS);

	CHECK_EQ(thread_policy(self, 3, 0), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_policy(self, POLICY_FIXEDPRI, 10), KERN_FAILURE);
	CHECK_EQ(processor_set_policy_enable(ctl, POLICY_FIXEDPRI),
		 KERN_SUCCESS);
	CHECK_EQ(thread_policy(self, POLICY_FIXEDPRI, 10), KERN_SUCCESS);
	si = sched_info(self);
	CHECK_EQ(si.policy, POLICY_FIXEDPRI);
	CHECK_EQ(si.base_priority, 12);
	CHECK_EQ(thread_policy(self, POLICY_TIMESHARE, 0), KERN_SUCCESS);
	CHECK_EQ(sched_info(self).policy, POLICY_TIMESHARE);
	CHECK_EQ(processor_set_policy_disable(ctl, POLICY_FIXEDPRI, 0),
		 KERN_SUCCESS);
}

/* task_priority: its new threads' priority (never better than
 * BASEPRI_USER), inherited by a child, and each thread's with
 * change_threads. */
static void
check_task_priority(thread_t self)
{
	mach_port_t task = mach_task_self(), child = MACH_PORT_NULL;
	thread_t t = MACH_PORT_NULL;
	struct task_basic_info bi;
	mach_msg_type_number_t n;

	CHECK_EQ(task_priority(task, 20, 1), KERN_SUCCESS);
	CHECK_EQ(sched_info(self).base_priority, 20);
	CHECK_EQ(sched_info(self).max_priority, 12);
	CHECK_EQ(thread_priority(self, 12, 0), KERN_SUCCESS);
	/* Better than the threads' maximum: each refuses. */
	CHECK_EQ(task_priority(task, 4, 1), KERN_FAILURE);
	CHECK_EQ(sched_info(self).base_priority, 12);
	CHECK_EQ(task_priority(task, 16, 0), KERN_SUCCESS);
	CHECK_EQ(sched_info(self).base_priority, 12); /* not changed */
	n = TASK_BASIC_INFO_COUNT;
	CHECK_EQ(task_info(task, TASK_BASIC_INFO, (task_info_t)&bi, &n),
		 KERN_SUCCESS);
	CHECK_EQ(bi.base_priority, 16);
	CHECK_EQ(task_create(task, FALSE, &child), KERN_SUCCESS);
	n = TASK_BASIC_INFO_COUNT;
	CHECK_EQ(task_info(child, TASK_BASIC_INFO, (task_info_t)&bi, &n),
		 KERN_SUCCESS);
	CHECK_EQ(bi.base_priority, 16); /* inherited */
	CHECK_EQ(thread_create(child, &t), KERN_SUCCESS);
	CHECK_EQ(sched_info(t).base_priority, 16);
	CHECK_EQ(sched_info(t).max_priority, 12);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(task, t), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(task, child), KERN_SUCCESS);
	CHECK_EQ(task_priority(task, 12, 0), KERN_SUCCESS);
}

static void
check_pset(mach_port_t host, mach_port_t host_priv)
{
	integer_t buf[PROCESSOR_SET_INFO_MAX];
	mach_msg_type_number_t n;
	mach_port_t name = MACH_PORT_NULL, ctl = MACH_PORT_NULL,
		    h = MACH_PORT_NULL, x = MACH_PORT_NULL;

	CHECK_EQ(processor_set_default(host, &name), KERN_SUCCESS);
	CHECK_EQ(processor_set_default(mach_task_self(), &x),
		 KERN_INVALID_ARGUMENT);

	n = PROCESSOR_SET_BASIC_INFO_COUNT;
	CHECK_EQ(
		processor_set_info(name, PROCESSOR_SET_BASIC_INFO, &h, buf, &n),
		KERN_SUCCESS);
	CHECK_EQ(n, 5);
	struct processor_set_basic_info *bi =
		(struct processor_set_basic_info *)buf;
	CHECK_EQ(bi->processor_count, 1);
	CHECK(bi->task_count >= 2);
	CHECK(bi->thread_count >= 2);
	CHECK_EQ(h, host);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), h), KERN_SUCCESS);
	n = PROCESSOR_SET_SCHED_INFO_COUNT;
	CHECK_EQ(
		processor_set_info(name, PROCESSOR_SET_SCHED_INFO, &h, buf, &n),
		KERN_SUCCESS);
	CHECK_EQ(n, 2);
	struct processor_set_sched_info *si =
		(struct processor_set_sched_info *)buf;
	CHECK_EQ(si->policies, POLICY_TIMESHARE);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), h), KERN_SUCCESS);
	n = PROCESSOR_SET_SCHED_INFO_COUNT - 1;
	CHECK_EQ(
		processor_set_info(name, PROCESSOR_SET_SCHED_INFO, &h, buf, &n),
		KERN_FAILURE);
	n = PROCESSOR_SET_BASIC_INFO_COUNT - 1;
	CHECK_EQ(
		processor_set_info(name, PROCESSOR_SET_BASIC_INFO, &h, buf, &n),
		KERN_FAILURE);
	n = PROCESSOR_SET_INFO_MAX;
	CHECK_EQ(processor_set_info(name, 7, &h, buf, &n),
		 KERN_INVALID_ARGUMENT);

	/* The control port: only through the privileged host port. */
	CHECK_EQ(host_processor_set_priv(host, name, &ctl),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(host_processor_set_priv(host_priv, name, &ctl), KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(ctl) && ctl != name);
	/* The control port names the set too. */
	n = PROCESSOR_SET_BASIC_INFO_COUNT;
	CHECK_EQ(processor_set_info(ctl, PROCESSOR_SET_BASIC_INFO, &h, buf, &n),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), h), KERN_SUCCESS);

	/* Policies: on the control port, never the name port. */
	CHECK_EQ(processor_set_policy_enable(name, POLICY_FIXEDPRI),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(processor_set_policy_enable(ctl, 4), KERN_INVALID_ARGUMENT);
	CHECK_EQ(processor_set_policy_enable(ctl, POLICY_TIMESHARE),
		 KERN_SUCCESS);
	CHECK_EQ(processor_set_policy_enable(ctl, POLICY_FIXEDPRI),
		 KERN_SUCCESS);
	n = PROCESSOR_SET_SCHED_INFO_COUNT;
	CHECK_EQ(
		processor_set_info(name, PROCESSOR_SET_SCHED_INFO, &h, buf, &n),
		KERN_SUCCESS);
	CHECK_EQ(si->policies, POLICY_TIMESHARE | POLICY_FIXEDPRI);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), h), KERN_SUCCESS);
	CHECK_EQ(processor_set_policy_disable(ctl, POLICY_TIMESHARE, 0),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(processor_set_policy_disable(ctl, POLICY_FIXEDPRI, 0),
		 KERN_SUCCESS);
	n = PROCESSOR_SET_SCHED_INFO_COUNT;
	CHECK_EQ(
		processor_set_info(name, PROCESSOR_SET_SCHED_INFO, &h, buf, &n),
		KERN_SUCCESS);
	CHECK_EQ(si->policies, POLICY_TIMESHARE);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), h), KERN_SUCCESS);

	/* One set, never made or destroyed; nothing assigned elsewhere. */
	processor_set_name_array_t sets = 0;
	mach_msg_type_number_t nsets = 0;
	CHECK_EQ(host_processor_sets(host, &sets, &nsets), KERN_SUCCESS);
	CHECK_EQ(nsets, 1);
	if (nsets == 1) {
		CHECK_EQ(sets[0], name);
		CHECK_EQ(mach_port_deallocate(mach_task_self(), sets[0]),
			 KERN_SUCCESS);
		CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)sets,
				       sizeof *sets),
			 KERN_SUCCESS);
	}
	mach_port_t s1 = MACH_PORT_NULL, s2 = MACH_PORT_NULL;
	CHECK_EQ(processor_set_create(host, &s1, &s2), KERN_FAILURE);
	CHECK_EQ(processor_set_destroy(ctl), KERN_FAILURE);
	mach_port_t self = mach_thread_self();
	CHECK_EQ(thread_get_assignment(self, &x), KERN_SUCCESS);
	CHECK_EQ(x, name);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), x), KERN_SUCCESS);
	CHECK_EQ(task_get_assignment(mach_task_self(), &x), KERN_SUCCESS);
	CHECK_EQ(x, name);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), x), KERN_SUCCESS);
	CHECK_EQ(thread_get_assignment(host, &x), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_assign_default(self), KERN_FAILURE);
	CHECK_EQ(thread_assign(self, ctl), KERN_FAILURE);
	CHECK_EQ(task_assign_default(mach_task_self(), 0), KERN_FAILURE);

	/* Not kept yet (docs/kobjects.md): refused, after the checks. */
	task_array_t tasks = 0;
	mach_msg_type_number_t ntasks = 0;
	CHECK_EQ(processor_set_tasks(ctl, &tasks, &ntasks), KERN_FAILURE);
	CHECK_EQ(processor_set_tasks(name, &tasks, &ntasks),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_depress_abort(host), KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_priority(mach_task_self(), 99, 0), KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_priority(host, 12, 0), KERN_INVALID_ARGUMENT);
	check_task_priority(self);
	check_priorities(self, name, ctl);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), self), KERN_SUCCESS);

	CHECK_EQ(mach_port_deallocate(mach_task_self(), ctl), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), name), KERN_SUCCESS);
}

static void
check_clock(mach_port_t host, mach_port_t host_priv)
{
	time_value_t tv, tv2;
	time_value64_t t64, up;

	CHECK_EQ(host_get_time(host, &tv), KERN_SUCCESS);
	/* The battery clock says after 2020. */
	CHECK(tv.seconds > 1577836800);
	CHECK(tv.microseconds >= 0 && tv.microseconds < 1000000);
	CHECK_EQ(host_get_time64(host_priv, &t64), KERN_SUCCESS);
	CHECK(t64.seconds >= tv.seconds && t64.seconds <= tv.seconds + 1);
	CHECK(t64.nanoseconds >= 0 && t64.nanoseconds < 1000000000);
	CHECK_EQ(host_get_time(mach_task_self(), &tv2), KERN_INVALID_HOST);
	CHECK_EQ(host_get_uptime64(host, &up), KERN_SUCCESS);
	CHECK(up.seconds >= 0 && up.nanoseconds >= 0 &&
	      up.nanoseconds < 1000000000);
	CHECK(up.seconds > 0 || up.nanoseconds > 0);

	/* Set: the privileged port only. */
	time_value_t later = { .seconds = tv.seconds + 1000,
			       .microseconds = 0 };
	CHECK_EQ(host_set_time(host, later), KERN_INVALID_HOST);
	CHECK_EQ(host_get_time(host, &tv2), KERN_SUCCESS);
	CHECK(tv2.seconds < tv.seconds + 100);
	CHECK_EQ(host_set_time(host_priv, later), KERN_SUCCESS);
	CHECK_EQ(host_get_time(host, &tv2), KERN_SUCCESS);
	CHECK(tv2.seconds >= later.seconds && tv2.seconds < later.seconds + 5);
	time_value_t bad = { .seconds = tv.seconds, .microseconds = 1000000 };
	CHECK_EQ(host_set_time(host_priv, bad), KERN_INVALID_ARGUMENT);
	time_value64_t back = { .seconds = tv.seconds, .nanoseconds = 0 };
	CHECK_EQ(host_set_time64(host, back), KERN_INVALID_HOST);
	CHECK_EQ(host_set_time64(host_priv, back), KERN_SUCCESS);
	CHECK_EQ(host_get_time(host, &tv2), KERN_SUCCESS);
	CHECK(tv2.seconds >= tv.seconds && tv2.seconds < tv.seconds + 5);
	back.nanoseconds = -1;
	CHECK_EQ(host_set_time64(host_priv, back), KERN_INVALID_ARGUMENT);

	/* Adjust: a slew, rounded to whole 40 us steps, the old one back. */
	time_value_t adj = { .seconds = 0, .microseconds = 4010 }, old;
	CHECK_EQ(host_adjust_time(host, adj, &old), KERN_INVALID_HOST);
	CHECK_EQ(host_adjust_time(host_priv, adj, &old), KERN_SUCCESS);
	CHECK_EQ(old.seconds, 0);
	CHECK_EQ(old.microseconds, 0);
	adj.microseconds = 0;
	CHECK_EQ(host_adjust_time(host_priv, adj, &old), KERN_SUCCESS);
	CHECK_EQ(old.seconds, 0);
	CHECK(old.microseconds <= 4000 && old.microseconds % 40 == 0);
	time_value64_t adj64 = { .seconds = 0, .nanoseconds = 80000 }, old64;
	CHECK_EQ(host_adjust_time64(host_priv, adj64, &old64), KERN_SUCCESS);
	CHECK_EQ(old64.seconds, 0);
	CHECK_EQ(old64.nanoseconds, 0);
	adj64.nanoseconds = 0;
	CHECK_EQ(host_adjust_time64(host_priv, adj64, &old64), KERN_SUCCESS);
	CHECK(old64.nanoseconds <= 80000);
	adj64.nanoseconds = 1000000000;
	CHECK_EQ(host_adjust_time64(host_priv, adj64, &old64),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(host_adjust_time64(host, adj64, &old64), KERN_INVALID_HOST);
	/* A slew beyond 32-bit seconds, read back through the 32-bit
	 * call: the nearest it can say, not a wrapped value. */
	adj64 = (time_value64_t){ .seconds = 3000000000ll, .nanoseconds = 0 };
	CHECK_EQ(host_adjust_time64(host_priv, adj64, &old64), KERN_SUCCESS);
	adj.seconds = adj.microseconds = 0;
	CHECK_EQ(host_adjust_time(host_priv, adj, &old), KERN_SUCCESS);
	CHECK_EQ(old.seconds, 2147483647);
	CHECK_EQ(old.microseconds, 999999);
}

static void
check_refused(mach_port_t host)
{
	CHECK_EQ(host_reboot(host, 0), KERN_INVALID_HOST);
	CHECK_EQ(host_reboot(mach_task_self(), 0x08), KERN_INVALID_HOST);
}

/* ---- vm_wire and vm_wire_all ---- */

static vm_statistics_data_t
vm_stats(void)
{
	vm_statistics_data_t st;
	CHECK_EQ(vm_statistics(mach_task_self(), &st), KERN_SUCCESS);
	return st;
}

/* The codes, as GNU Mach's: either host port for vm_wire (8 MiB at
 * most through the unprivileged one), the privileged one only for
 * vm_wire_all. */
static void
check_wire_refused(mach_port_t host, mach_port_t host_priv)
{
	mach_port_t task = mach_task_self();
	vm_address_t a = 0;
	/* Five pages, the fifth given back: a hole after the four. */
	CHECK_EQ(vm_allocate(task, &a, 5 * PAGE, TRUE), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, a + 4 * PAGE, PAGE), KERN_SUCCESS);
	CHECK_EQ(vm_wire(task, task, a, PAGE, VM_PROT_READ), KERN_INVALID_HOST);
	CHECK_EQ(vm_wire(host, host, a, PAGE, VM_PROT_READ), KERN_INVALID_TASK);
	CHECK_EQ(vm_wire(host, task, a, PAGE, 0x10), KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_wire(host_priv, task, a, (vm_size_t)-PAGE, VM_PROT_READ),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_wire(host_priv, task, (vm_address_t)-PAGE, PAGE + 1,
			 VM_PROT_READ),
		 KERN_INVALID_ARGUMENT);
	/* Not in an entry, over a hole, beyond the entries' access. */
	CHECK_EQ(vm_wire(host_priv, task, a + 4 * PAGE, PAGE, VM_PROT_READ),
		 KERN_NO_SPACE);
	CHECK_EQ(vm_deallocate(task, a + PAGE, PAGE), KERN_SUCCESS);
	CHECK_EQ(vm_wire(host_priv, task, a, 3 * PAGE, VM_PROT_READ),
		 KERN_NO_SPACE);
	CHECK_EQ(vm_protect(task, a + 2 * PAGE, 2 * PAGE, FALSE, VM_PROT_READ),
		 KERN_SUCCESS);
	CHECK_EQ(vm_wire(host_priv, task, a + 2 * PAGE, 2 * PAGE,
			 VM_PROT_READ | VM_PROT_WRITE),
		 KERN_NO_SPACE);
	/* The unprivileged port: up to 8 MiB wired, no more. */
	CHECK_EQ(vm_wire(host, task, a + 2 * PAGE, 2 * PAGE, VM_PROT_READ),
		 KERN_SUCCESS);
	CHECK_EQ(vm_wire(host, task, a + 2 * PAGE, (8 << 20) - PAGE,
			 VM_PROT_READ),
		 KERN_NO_ACCESS);
	CHECK_EQ(vm_wire(host, task, a + 2 * PAGE, 2 * PAGE, VM_PROT_NONE),
		 KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, a, 4 * PAGE), KERN_SUCCESS);
	CHECK_EQ(vm_wire_all(host_priv, task, 8), KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_wire_all(host, task, VM_WIRE_ALL), KERN_INVALID_HOST);
	CHECK_EQ(vm_wire_all(task, task, VM_WIRE_ALL), KERN_INVALID_HOST);
	CHECK_EQ(vm_wire_all(host_priv, host, VM_WIRE_ALL), KERN_INVALID_TASK);
}

/* Wired pages are resident and off the page queues: vm_statistics'
 * wired count takes them, its active count gets them back. */
static void
check_wire_counts(mach_port_t host_priv)
{
	enum { N = 64 };
	mach_port_t task = mach_task_self();
	vm_statistics_data_t before = vm_stats();
	vm_address_t a = 0;
	CHECK_EQ(vm_allocate(task, &a, N * PAGE, TRUE), KERN_SUCCESS);
	CHECK_EQ(vm_wire(host_priv, task, a, N * PAGE,
			 VM_PROT_READ | VM_PROT_WRITE),
		 KERN_SUCCESS);
	vm_statistics_data_t wired = vm_stats();
	CHECK(wired.wire_count >= before.wire_count + N);
	CHECK(wired.free_count + N <= before.free_count);
	/* No fault for a wired page. */
	for (int i = 0; i < N; i++)
		((volatile char *)a)[i * PAGE] = (char)i;
	CHECK_EQ(vm_stats().faults, wired.faults);
	/* Wiring again changes nothing; unwired, on the active queue. */
	CHECK_EQ(vm_wire(host_priv, task, a, N * PAGE, VM_PROT_READ),
		 KERN_SUCCESS);
	CHECK_EQ(vm_wire(host_priv, task, a, N * PAGE, VM_PROT_NONE),
		 KERN_SUCCESS);
	vm_statistics_data_t unwired = vm_stats();
	CHECK(unwired.wire_count + N <= wired.wire_count);
	CHECK(unwired.active_count + unwired.inactive_count >=
	      wired.active_count + wired.inactive_count + N);
	for (int i = 0; i < N; i++)
		CHECK_EQ(((volatile char *)a)[i * PAGE], (char)i);
	/* Deallocated while wired: unwired and freed. */
	CHECK_EQ(vm_wire(host_priv, task, a, N * PAGE, VM_PROT_READ),
		 KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, a, N * PAGE), KERN_SUCCESS);
	vm_statistics_data_t after = vm_stats();
	CHECK(after.wire_count + N <= wired.wire_count);
	CHECK(after.free_count >= wired.free_count + N);
}

/* The bytes this task has mapped (vm_region over its whole map). */
static vm_size_t
mapped_size(void)
{
	vm_size_t total = 0;
	vm_address_t addr = 0;
	for (;;) {
		vm_size_t size;
		vm_prot_t prot, max;
		vm_inherit_t inherit;
		boolean_t shared;
		mach_port_t name;
		vm_offset_t offset;
		if (vm_region(mach_task_self(), &addr, &size, &prot, &max,
			      &inherit, &shared, &name,
			      &offset) != KERN_SUCCESS)
			return total;
		if (name != MACH_PORT_NULL)
			(void)mach_port_deallocate(mach_task_self(), name);
		total += size;
		addr += size;
	}
}

/* vm_wire_all on this task: every entry now, each new one, none; then
 * on a child that ends wired (its port and pages must come back: the
 * conformance KTEST counts them). */
static void
check_wire_all(mach_port_t host_priv)
{
	enum { N = 32 };
	mach_port_t task = mach_task_self();
	vm_address_t a = 0, b = 0;
	CHECK_EQ(vm_allocate(task, &a, N * PAGE, TRUE), KERN_SUCCESS);
	vm_size_t mapped = mapped_size();
	CHECK(mapped >= N * PAGE && mapped < (64 << 20));
	vm_statistics_data_t before = vm_stats();
	CHECK_EQ(vm_wire_all(host_priv, task, VM_WIRE_CURRENT), KERN_SUCCESS);
	vm_statistics_data_t current = vm_stats();
	CHECK(current.wire_count >= before.wire_count + N);
	CHECK(current.free_count + N <= before.free_count);
	CHECK_EQ(vm_wire_all(host_priv, task, VM_WIRE_NONE), KERN_SUCCESS);
	vm_statistics_data_t none = vm_stats();
	CHECK(none.wire_count + N <= current.wire_count);
	/* Future: an allocation is wired, so resident, at once. */
	CHECK_EQ(vm_wire_all(host_priv, task, VM_WIRE_FUTURE), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(task, &b, N * PAGE, TRUE), KERN_SUCCESS);
	vm_statistics_data_t future = vm_stats();
	CHECK(future.wire_count >= none.wire_count + N);
	CHECK(future.free_count + N <= none.free_count);
	/* Out-of-line data received (vm_read's reply) is wired too: its
	 * own copies, made at once. */
	vm_offset_t copy;
	mach_msg_type_number_t copy_count;
	CHECK_EQ(vm_read(task, b, N * PAGE, &copy, &copy_count), KERN_SUCCESS);
	CHECK(vm_stats().wire_count >= future.wire_count + N);
	CHECK_EQ(vm_deallocate(task, copy, copy_count), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, b, N * PAGE), KERN_SUCCESS);
	CHECK(vm_stats().wire_count + N <= future.wire_count);
	/* Not after none. */
	CHECK_EQ(vm_wire_all(host_priv, task, VM_WIRE_NONE), KERN_SUCCESS);
	vm_statistics_data_t last = vm_stats();
	b = 0;
	CHECK_EQ(vm_allocate(task, &b, N * PAGE, TRUE), KERN_SUCCESS);
	CHECK(vm_stats().free_count + N / 2 > last.free_count);
	CHECK_EQ(vm_deallocate(task, b, N * PAGE), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, a, N * PAGE), KERN_SUCCESS);

	mach_port_t child;
	CHECK_EQ(task_create(task, FALSE, &child), KERN_SUCCESS);
	a = 0;
	CHECK_EQ(vm_allocate(child, &a, N * PAGE, TRUE), KERN_SUCCESS);
	vm_statistics_data_t alive = vm_stats();
	CHECK_EQ(vm_wire_all(host_priv, child, VM_WIRE_ALL), KERN_SUCCESS);
	CHECK_EQ(vm_wire(host_priv, child, a, PAGE, VM_PROT_READ),
		 KERN_SUCCESS);
	vm_statistics_data_t wired = vm_stats();
	CHECK(wired.wire_count >= alive.wire_count + N);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(task, child), KERN_SUCCESS);
	vm_statistics_data_t gone = vm_stats();
	CHECK(gone.wire_count + N <= wired.wire_count);
	CHECK(gone.free_count + 8 >= alive.free_count);
}

/* ---- gnumach.defs: names, statistics, notifications ---- */

static void check_new_task_notification(mach_port_t host,
					mach_port_t host_priv);

static void
check_names(mach_port_t host, mach_port_t host_priv)
{
	char name[64];
	mach_port_t self = mach_thread_self();

	CHECK_EQ(task_set_name(mach_task_self(), "gnu_host (renamed)"),
		 KERN_SUCCESS);
	CHECK_EQ(thread_set_name(self, "main"), KERN_SUCCESS);
	memset(name, 0x55, sizeof name);
	CHECK_EQ(thread_get_name(self, name), KERN_SUCCESS);
	CHECK_EQ(strcmp(name, "main"), 0);
	/* 63 characters: the kernel keeps 31. */
	CHECK_EQ(thread_set_name(self, "0123456789abcdef0123456789ABCDEF"
				       "0123456789abcdef0123456789ABCDE"),
		 KERN_SUCCESS);
	CHECK_EQ(thread_get_name(self, name), KERN_SUCCESS);
	CHECK_EQ(strcmp(name, "0123456789abcdef0123456789ABCDE"), 0);
	CHECK_EQ(thread_get_name(host, name), KERN_INVALID_ARGUMENT);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), self), KERN_SUCCESS);

	vm_cache_statistics_data_t cs;
	memset(&cs, 0xff, sizeof cs);
	CHECK_EQ(vm_cache_statistics(mach_task_self(), &cs), KERN_SUCCESS);
	CHECK_EQ(cs.cache_object_count, 0);
	CHECK(cs.slab_count > 0);
	CHECK(cs.active_tmp_count > 0);
	CHECK_EQ(vm_cache_statistics(host, &cs), KERN_INVALID_ARGUMENT);

	check_new_task_notification(host, host_priv);
}

/* mach_notify_new_task as the kernel sends it (task_notify.defs). */
struct new_task_msg {
	mach_msg_header_t head;
	mach_msg_type_t task_type;
	mach_port_name_inlined_t task;
	mach_msg_type_t parent_type;
	mach_port_name_inlined_t parent;
};

static mach_port_t
new_receive_port(void)
{
	mach_port_t port = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &port),
		 KERN_SUCCESS);
	return port;
}

/* register_new_task_notification: once, on the privileged port; each
 * task_create then sends the child's and the parent's ports. */
static void
check_new_task_notification(mach_port_t host, mach_port_t host_priv)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = new_receive_port(), port2 = new_receive_port();

	CHECK_EQ(register_new_task_notification(host, port,
						MACH_MSG_TYPE_MAKE_SEND),
		 KERN_INVALID_HOST);
	CHECK_EQ(register_new_task_notification(host_priv, MACH_PORT_NULL,
						MACH_MSG_TYPE_COPY_SEND),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(register_new_task_notification(host_priv, port,
						MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(rt_port_type(port), MACH_PORT_TYPE_RECEIVE); /* moved */
	/* Refused while it lives; the right given is destroyed. */
	CHECK_EQ(register_new_task_notification(host_priv, port2,
						MACH_MSG_TYPE_MAKE_SEND),
		 KERN_NO_ACCESS);
	CHECK_EQ(rt_port_type(port2), MACH_PORT_TYPE_RECEIVE);

	mach_port_t child = MACH_PORT_NULL;
	CHECK_EQ(task_create(task, FALSE, &child), KERN_SUCCESS);
	/* Other programs' children may come first: skip them. */
	int found = 0;
	for (int i = 0; i < 20 && !found; i++) {
		struct new_task_msg m;
		memset(&m, 0, sizeof m);
		if (mach_msg_trap(&m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				  sizeof m, port, 1000,
				  MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			break;
		CHECK_EQ(m.head.msgh_id, 4400);
		CHECK_EQ(m.head.msgh_size, sizeof m);
		CHECK(m.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
		CHECK_EQ(m.task_type.msgt_name, MACH_MSG_TYPE_PORT_SEND);
		CHECK_EQ(m.parent_type.msgt_name, MACH_MSG_TYPE_PORT_SEND);
		found = m.task.name == child && m.parent.name == task;
		if (MACH_PORT_VALID(m.task.name))
			CHECK_EQ(mach_port_deallocate(task, m.task.name),
				 KERN_SUCCESS);
		if (MACH_PORT_VALID(m.parent.name))
			CHECK_EQ(mach_port_deallocate(task, m.parent.name),
				 KERN_SUCCESS);
	}
	CHECK(found);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(task, child), KERN_SUCCESS);

	/* A dead registration may be replaced (GNU Mach keeps it). */
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	CHECK_EQ(register_new_task_notification(host_priv, port2,
						MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, port2), KERN_SUCCESS);
	/* The next task_create lets the dead registration go (the kernel's
	 * count of ports is back then). */
	CHECK_EQ(task_create(task, FALSE, &child), KERN_SUCCESS);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(task, child), KERN_SUCCESS);
}

/* ---- gsync ---- */

/* gsync_wait as GNU MIG sends it, with the caller's own reply port. */
static kern_return_t
raw_gsync_wait(mach_port_t reply, mach_port_t task, vm_address_t addr,
	       unsigned v1, unsigned v2, natural_t msec, int flags)
{
	struct word {
		mach_msg_type_t type;
		unsigned value;
		char pad[4];
	};
	union {
		struct {
			mach_msg_header_t head;
			mach_msg_type_t addr_type;
			vm_address_t addr;
			struct word w[4];
		} in;
		struct {
			mach_msg_header_t head;
			mach_msg_type_t rc_type;
			kern_return_t rc;
			char pad[4];
		} out;
	} m;
	const mach_msg_type_t t32 = { .msgt_name = MACH_MSG_TYPE_INTEGER_32,
				      .msgt_size = 32,
				      .msgt_number = 1,
				      .msgt_inline = 1 };
	memset(&m, 0, sizeof m);
	m.in.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.in.head.msgh_size = sizeof m.in;
	m.in.head.msgh_remote_port = task;
	m.in.head.msgh_local_port = reply;
	m.in.head.msgh_id = 4204;
	m.in.addr_type =
		(mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_INTEGER_64,
				   .msgt_size = 64,
				   .msgt_number = 1,
				   .msgt_inline = 1 };
	m.in.addr = addr;
	unsigned v[4] = { v1, v2, msec, (unsigned)flags };
	for (int i = 0; i < 4; i++) {
		m.in.w[i].type = t32;
		m.in.w[i].value = v[i];
	}
	mach_msg_return_t mr =
		mach_msg_trap(&m.in.head, MACH_SEND_MSG | MACH_RCV_MSG,
			      sizeof m.in, sizeof m, reply, 0, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (m.out.head.msgh_id != 4304)
		return MIG_REPLY_MISMATCH;
	return m.out.rc;
}

struct waiter {
	volatile uint32_t *word;
	unsigned value;
	natural_t msec;
	int flags;
	mach_port_t reply;
	mach_port_t task;
	volatile int started;
	volatile int done;
	volatile kern_return_t kr;
	thread_t thread;
	vm_address_t stack;
};

static void __attribute__((noreturn, used)) waiter_main(struct waiter *w)
{
	w->started = 1;
	w->kr = raw_gsync_wait(w->reply, w->task, (vm_address_t)w->word,
			       w->value, 0, w->msec, w->flags);
	w->done = 1;
	mach_msg_header_t m;
	for (;;) /* until terminated */
		mach_msg_trap(&m, MACH_RCV_MSG, 0, sizeof m, w->reply, 0,
			      MACH_PORT_NULL);
}

/* Start a thread that waits on `word' holding `value'; return once it
 * has had time to block. */
static void
waiter_start(struct waiter *w, volatile uint32_t *word, unsigned value,
	     natural_t msec, int flags)
{
	memset(w, 0, sizeof *w);
	w->word = word;
	w->value = value;
	w->msec = msec;
	w->flags = flags;
	w->task = mach_task_self();
	w->reply = mach_reply_port();
	CHECK_EQ(thread_create(mach_task_self(), &w->thread), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(mach_task_self(), &w->stack, STACK_SIZE, TRUE),
		 KERN_SUCCESS);
	struct i386_thread_state st;
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;
	memset(&st, 0, sizeof st);
	CHECK_EQ(thread_get_state(w->thread, i386_THREAD_STATE,
				  (thread_state_t)&st, &n),
		 KERN_SUCCESS);
	st.rip = (unsigned long)waiter_main;
	st.rdi = (unsigned long)w;
	st.ursp = w->stack + STACK_SIZE - 8;
	CHECK_EQ(thread_set_state(w->thread, i386_THREAD_STATE,
				  (thread_state_t)&st, i386_THREAD_STATE_COUNT),
		 KERN_SUCCESS);
	CHECK_EQ(thread_resume(w->thread), KERN_SUCCESS);
	for (int i = 0; i < 100 && !w->started; i++)
		sleep_ms(10);
	CHECK(w->started);
	sleep_ms(30); /* into its wait */
}

/* Whether the waiter's call returned within `ms'. */
static int
waiter_done(struct waiter *w, unsigned ms)
{
	for (unsigned i = 0; i < ms / 10 && !w->done; i++)
		sleep_ms(10);
	return w->done;
}

static void
waiter_end(struct waiter *w)
{
	CHECK_EQ(thread_terminate(w->thread), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), w->thread),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(mach_task_self(), w->reply), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), w->stack, STACK_SIZE),
		 KERN_SUCCESS);
}

static uint32_t words[16] __attribute__((aligned(8)));
static uint32_t shared_page[PAGE / 4] __attribute__((aligned(4096)));

static void
check_gsync_alone(void)
{
	mach_port_t task = mach_task_self();
	volatile uint32_t *w = words;

	w[0] = 5;
	CHECK_EQ(gsync_wait(task, (vm_address_t)&w[0], 4, 0, 0, 0),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(gsync_wait(task, (vm_address_t)&w[0] + 2, 5, 0, 0, 0),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(gsync_wait(task, 0x1000, 0, 0, 0, 0), KERN_INVALID_ADDRESS);
	CHECK_EQ(gsync_wait(task, 0x00007ffffffff000ul, 0, 0, 0, 0),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(gsync_wait(mach_host_self(), (vm_address_t)&w[0], 5, 0, 0, 0),
		 KERN_INVALID_TASK);
	CHECK_EQ(gsync_wait(task, (vm_address_t)&w[0], 5, 0, 0, GSYNC_TIMED),
		 KERN_TIMEDOUT);
	CHECK_EQ(gsync_wait(task, (vm_address_t)&w[0], 5, 0, 30, GSYNC_TIMED),
		 KERN_TIMEDOUT);
	w[1] = 6;
	CHECK_EQ(gsync_wait(task, (vm_address_t)&w[0], 5, 7, 0,
			    GSYNC_QUAD | GSYNC_TIMED),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(gsync_wait(task, (vm_address_t)&w[0], 5, 6, 10,
			    GSYNC_QUAD | GSYNC_TIMED),
		 KERN_TIMEDOUT);
	CHECK_EQ(gsync_wait(task, (vm_address_t)&w[0], 5, 0, 10,
			    GSYNC_SHARED | GSYNC_TIMED),
		 KERN_TIMEDOUT);

	/* A wake nobody waits for: simpleroutines, no answer; the store
	 * is made anyway, on writable memory only. */
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[0], 0, 0), KERN_SUCCESS);
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[0], 9, GSYNC_MUTATE),
		 KERN_SUCCESS);
	CHECK_EQ(w[0], 9);
	vm_address_t ro = 0;
	CHECK_EQ(vm_allocate(task, &ro, PAGE, TRUE), KERN_SUCCESS);
	*(volatile uint32_t *)ro = 3;
	CHECK_EQ(vm_protect(task, ro, PAGE, FALSE, VM_PROT_READ), KERN_SUCCESS);
	CHECK_EQ(gsync_wake(task, ro, 4, GSYNC_MUTATE), KERN_SUCCESS);
	CHECK_EQ(*(volatile uint32_t *)ro, 3);
	CHECK_EQ(gsync_wait(task, ro, 3, 0, 1, GSYNC_TIMED), KERN_TIMEDOUT);
	CHECK_EQ(vm_deallocate(task, ro, PAGE), KERN_SUCCESS);
	CHECK_EQ(gsync_wait(task, ro, 3, 0, 1, GSYNC_TIMED),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(gsync_requeue(task, (vm_address_t)&w[0], (vm_address_t)&w[1],
			       TRUE, 0),
		 KERN_SUCCESS);

	/* A quad word whose second half lies in a page without access:
	 * not read (the check once covered the first word only). */
	vm_address_t two = 0;
	CHECK_EQ(vm_allocate(task, &two, 2 * PAGE, TRUE), KERN_SUCCESS);
	CHECK_EQ(vm_protect(task, two + PAGE, PAGE, FALSE, VM_PROT_NONE),
		 KERN_SUCCESS);
	CHECK_EQ(gsync_wait(task, two + PAGE - 4, 0, 0, 0,
			    GSYNC_QUAD | GSYNC_TIMED),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(gsync_wait(task, two + PAGE - 8, 0, 0, 0,
			    GSYNC_QUAD | GSYNC_TIMED),
		 KERN_TIMEDOUT);
	CHECK_EQ(vm_deallocate(task, two, 2 * PAGE), KERN_SUCCESS);
}

static void
check_gsync_threads(void)
{
	mach_port_t task = mach_task_self();
	volatile uint32_t *w = words;
	struct waiter a, b;

	/* Wait, then a wake. */
	w[2] = 0;
	waiter_start(&a, &w[2], 0, 0, 0);
	CHECK(!a.done);
	w[2] = 1;
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[2], 0, 0), KERN_SUCCESS);
	CHECK(waiter_done(&a, 1000));
	CHECK_EQ(a.kr, KERN_SUCCESS);
	waiter_end(&a);

	/* A wake that stores. */
	w[3] = 0;
	waiter_start(&a, &w[3], 0, 0, GSYNC_TIMED | 0);
	CHECK(a.done); /* msec 0: no wait at all */
	CHECK_EQ(a.kr, KERN_TIMEDOUT);
	waiter_end(&a);
	waiter_start(&a, &w[3], 0, 5000, GSYNC_TIMED);
	CHECK(!a.done);
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[3], 7, GSYNC_MUTATE),
		 KERN_SUCCESS);
	CHECK(waiter_done(&a, 1000));
	CHECK_EQ(a.kr, KERN_SUCCESS);
	CHECK_EQ(w[3], 7);
	waiter_end(&a);

	/* One at a time, then every one. */
	w[4] = 0;
	waiter_start(&a, &w[4], 0, 0, 0);
	waiter_start(&b, &w[4], 0, 0, 0);
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[4], 0, 0), KERN_SUCCESS);
	sleep_ms(50);
	CHECK_EQ(a.done + b.done, 1);
	CHECK(a.done); /* the first to wait */
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[4], 0, 0), KERN_SUCCESS);
	CHECK(waiter_done(&b, 1000));
	waiter_end(&a);
	waiter_end(&b);
	waiter_start(&a, &w[4], 0, 0, 0);
	waiter_start(&b, &w[4], 0, 0, 0);
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[4], 0, GSYNC_BROADCAST),
		 KERN_SUCCESS);
	CHECK(waiter_done(&a, 1000) && waiter_done(&b, 1000));
	CHECK_EQ(a.kr, KERN_SUCCESS);
	CHECK_EQ(b.kr, KERN_SUCCESS);
	waiter_end(&a);
	waiter_end(&b);

	/* Requeue: the first woken, the second moved to w[6]. */
	w[5] = 0;
	w[6] = 0;
	waiter_start(&a, &w[5], 0, 0, 0);
	waiter_start(&b, &w[5], 0, 0, 0);
	CHECK_EQ(gsync_requeue(task, (vm_address_t)&w[5], (vm_address_t)&w[6],
			       TRUE, 0),
		 KERN_SUCCESS);
	CHECK(waiter_done(&a, 1000));
	CHECK_EQ(a.kr, KERN_SUCCESS);
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[5], 0, 0), KERN_SUCCESS);
	sleep_ms(50);
	CHECK(!b.done);
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[6], 0, 0), KERN_SUCCESS);
	CHECK(waiter_done(&b, 1000));
	CHECK_EQ(b.kr, KERN_SUCCESS);
	waiter_end(&a);
	waiter_end(&b);

	/* A timeout, and an abort. */
	w[7] = 0;
	waiter_start(&a, &w[7], 0, 100, GSYNC_TIMED);
	CHECK(waiter_done(&a, 2000));
	CHECK_EQ(a.kr, KERN_TIMEDOUT);
	waiter_end(&a);
	waiter_start(&a, &w[7], 0, 0, 0);
	CHECK(!a.done);
	CHECK_EQ(thread_abort(a.thread), KERN_SUCCESS);
	CHECK(waiter_done(&a, 1000));
	CHECK_EQ(a.kr, KERN_INTERRUPTED);
	waiter_end(&a);

	/* A waiter terminated in its wait leaves nothing behind: a later
	 * wake finds nobody, and a new waiter is the one woken. */
	waiter_start(&a, &w[7], 0, 0, 0);
	waiter_end(&a);
	waiter_start(&b, &w[7], 0, 0, 0);
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[7], 0, 0), KERN_SUCCESS);
	CHECK(waiter_done(&b, 1000));
	CHECK_EQ(b.kr, KERN_SUCCESS);
	waiter_end(&b);
}

/* Shared memory: the child's mapping of shared_page is the same object;
 * a GSYNC_SHARED wake through the child wakes a waiter here, a private
 * one does not. */
static void
check_gsync_shared(void)
{
	mach_port_t task = mach_task_self(), child = MACH_PORT_NULL;
	volatile uint32_t *w = shared_page;
	struct waiter a;

	CHECK_EQ(vm_inherit(task, (vm_address_t)shared_page, PAGE,
			    VM_INHERIT_SHARE),
		 KERN_SUCCESS);
	w[0] = 0;
	CHECK_EQ(task_create(task, TRUE, &child), KERN_SUCCESS);
	waiter_start(&a, &w[0], 0, 0, GSYNC_SHARED);
	CHECK_EQ(gsync_wake(child, (vm_address_t)&w[0], 0, 0), KERN_SUCCESS);
	sleep_ms(50);
	CHECK(!a.done);
	CHECK_EQ(gsync_wake(task, (vm_address_t)&w[0], 0, 0), KERN_SUCCESS);
	sleep_ms(50);
	CHECK(!a.done); /* private key: not the shared one */
	CHECK_EQ(gsync_wake(child, (vm_address_t)&w[0], 11,
			    GSYNC_SHARED | GSYNC_MUTATE),
		 KERN_SUCCESS);
	CHECK(waiter_done(&a, 1000));
	CHECK_EQ(a.kr, KERN_SUCCESS);
	CHECK_EQ(w[0], 11); /* stored through the child, seen here */
	waiter_end(&a);
	/* The child waits too: on its own, so a timeout. */
	CHECK_EQ(gsync_wait(child, (vm_address_t)&w[0], 11, 0, 10,
			    GSYNC_TIMED | GSYNC_SHARED),
		 KERN_TIMEDOUT);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(task, child), KERN_SUCCESS);
	CHECK_EQ(gsync_wait(child, (vm_address_t)&w[0], 11, 0, 0, 0),
		 MACH_SEND_INVALID_DEST);
}

int
main(int argc, char **argv)
{
	CHECK_EQ(argc, 2);
	mach_port_t host_priv = argc == 2 ? rt_port_arg(argv[1]) : 0;
	CHECK_EQ(rt_port_type(host_priv), MACH_PORT_TYPE_SEND);
	mach_port_t host = mach_host_self();
	CHECK(host != host_priv);
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &empty_port),
		 KERN_SUCCESS);
	unsigned names = name_count();
	mach_port_urefs_t host_refs = send_refs(host);

	check_host_info(host, host_priv);
	check_processors(host, host_priv);
	check_pset(host, host_priv);
	check_clock(host, host_priv);
	check_refused(host);
	check_wire_refused(host, host_priv);
	check_wire_counts(host_priv);
	check_wire_all(host_priv);
	check_names(host, host_priv);
	check_gsync_alone();
	check_gsync_threads();
	check_gsync_shared();

	CHECK_EQ(name_count(), names);
	CHECK_EQ(send_refs(host), host_refs + 1); /* check_gsync_alone's */
	CHECK_EQ(mach_port_deallocate(mach_task_self(), host), KERN_SUCCESS);
	return rt_report("gnu-host");
}
