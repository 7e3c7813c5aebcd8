/*
 * gnu_task.c: tasks made and driven through mach.defs, as a program
 * built for GNU Mach does it (GNU MIG's stubs, gnumach-dev's headers):
 * task_create with an empty address space and with the caller's memory
 * inherited (a copy-on-write snapshot: each side's later writes
 * invisible to the other), a thread made in the child and run on its
 * copy of this program, task_suspend and task_resume (the child's
 * thread stops and goes on; counts nest), task_info's three flavors,
 * task_threads, mach_ports_register and mach_ports_lookup (inherited by
 * a child), task_terminate (the child's threads and ports die with it,
 * before the call returns), every error code for bad flavors, counts
 * and ports, and vm_machine_attribute's answers.
 */

#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/port.h>
#include <mach/task_info.h>
#include <mach/thread_info.h>
#include <mach/thread_status.h>
#include <mach/vm_attributes.h>
#include <mach/vm_statistics.h>
#include <string.h>

#include "rt.h"
#include "gnu/mach.h"
#include "gnu/mach_port.h"

#define STACK_SIZE (64ul * 1024)
#define PAGE       4096ul

/* What a child's thread counts, in the child's copy of this page. */
struct counters {
	volatile unsigned long spins;
	volatile unsigned long marker;
} __attribute__((aligned(4096)));

static struct counters child_page;

static mach_port_t empty_port;

/* Runs in the child, on its copy of this program. */
static void __attribute__((noreturn, used)) child_spin(struct counters *c)
{
	for (;;)
		c->spins++;
}

static void
sleep_ms(unsigned ms)
{
	mach_msg_header_t m;
	CHECK_EQ(mach_msg_trap(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof m,
			       empty_port, ms, MACH_PORT_NULL),
		 MACH_RCV_TIMED_OUT);
}

/* The child's copy of child_page. */
static struct counters
read_child(task_t child)
{
	struct counters c;
	vm_offset_t data = 0;
	mach_msg_type_number_t n = 0;
	memset(&c, 0, sizeof c);
	CHECK_EQ(vm_read(child, (vm_address_t)&child_page, PAGE, &data, &n),
		 KERN_SUCCESS);
	if (data != 0) {
		CHECK_EQ(n, PAGE);
		memcpy(&c, (void *)data, sizeof c);
		CHECK_EQ(vm_deallocate(mach_task_self(), data, PAGE),
			 KERN_SUCCESS);
	}
	return c;
}

static struct task_basic_info
basic(task_t t)
{
	struct task_basic_info bi;
	mach_msg_type_number_t n = TASK_BASIC_INFO_COUNT;
	memset(&bi, 0, sizeof bi);
	CHECK_EQ(task_info(t, TASK_BASIC_INFO, (task_info_t)&bi, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, TASK_BASIC_INFO_COUNT);
	return bi;
}

/* End `child' and check its ports (and its thread's) died with it. */
static void
end_child(task_t child, thread_t thread)
{
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(child), MACH_PORT_TYPE_DEAD_NAME);
	if (thread != MACH_PORT_NULL) {
		CHECK_EQ(rt_port_type(thread), MACH_PORT_TYPE_DEAD_NAME);
		CHECK_EQ(mach_port_deallocate(mach_task_self(), thread),
			 KERN_SUCCESS);
	}
	CHECK_EQ(task_terminate(child), MACH_SEND_INVALID_DEST);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), child), KERN_SUCCESS);
}

/* A child with an empty address space. */
static void
check_empty_child(void)
{
	task_t child = MACH_PORT_NULL;
	CHECK_EQ(task_create(mach_task_self(), FALSE, &child), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(child), MACH_PORT_TYPE_SEND);

	struct task_basic_info bi = basic(child);
	CHECK_EQ(bi.suspend_count, 0);
	CHECK_EQ(bi.virtual_size, 0);
	CHECK_EQ(bi.resident_size, 0);
	mach_msg_type_number_t n = TASK_BASIC_INFO_COUNT - 12;
	CHECK_EQ(task_info(child, TASK_BASIC_INFO, (task_info_t)&bi, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, TASK_BASIC_INFO_COUNT - 12);
	n = TASK_BASIC_INFO_COUNT - 13;
	CHECK_EQ(task_info(child, TASK_BASIC_INFO, (task_info_t)&bi, &n),
		 KERN_INVALID_ARGUMENT);

	vm_address_t addr = 0;
	vm_size_t size = 0;
	vm_prot_t prot, maxprot;
	vm_inherit_t inh;
	boolean_t shared;
	mach_port_t object;
	vm_offset_t offset;
	CHECK_EQ(vm_region(child, &addr, &size, &prot, &maxprot, &inh, &shared,
			   &object, &offset),
		 KERN_NO_SPACE);

	thread_array_t list = (thread_array_t)1;
	mach_msg_type_number_t count = 99;
	CHECK_EQ(task_threads(child, &list, &count), KERN_SUCCESS);
	CHECK_EQ(count, 0);

	addr = 0;
	CHECK_EQ(vm_allocate(child, &addr, 3 * PAGE, TRUE), KERN_SUCCESS);
	CHECK_EQ(basic(child).virtual_size, 3 * PAGE);

	thread_t t = MACH_PORT_NULL;
	CHECK_EQ(thread_create(child, &t), KERN_SUCCESS);
	CHECK_EQ(task_threads(child, &list, &count), KERN_SUCCESS);
	CHECK_EQ(count, 1);
	if (count == 1) {
		CHECK_EQ(list[0], t);
		CHECK_EQ(mach_port_deallocate(mach_task_self(), list[0]),
			 KERN_SUCCESS);
		CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)list,
				       count * sizeof *list),
			 KERN_SUCCESS);
	}

	/* Suspension counts, which the thread's own does not show. */
	CHECK_EQ(task_resume(child), KERN_FAILURE);
	CHECK_EQ(task_suspend(child), KERN_SUCCESS);
	CHECK_EQ(task_suspend(child), KERN_SUCCESS);
	CHECK_EQ(basic(child).suspend_count, 2);
	CHECK_EQ(task_resume(child), KERN_SUCCESS);
	CHECK_EQ(task_resume(child), KERN_SUCCESS);
	CHECK_EQ(basic(child).suspend_count, 0);
	CHECK_EQ(task_resume(child), KERN_FAILURE);

	/* Its never-started thread ends with it. */
	end_child(child, t);
}

/* A child with this task's memory, running a thread on its copy. */
static void
check_inheriting_child(void)
{
	mach_port_t reg = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &reg),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(mach_task_self(), reg, reg,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	mach_port_t regs[4] = { reg, MACH_PORT_NULL, MACH_PORT_NULL, reg };
	CHECK_EQ(mach_ports_register(mach_task_self(), regs, 4),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(mach_ports_register(mach_task_self(), regs, 1), KERN_SUCCESS);

	child_page.marker = 0x1111;
	task_t child = MACH_PORT_NULL;
	CHECK_EQ(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	child_page.marker = 0x2222; /* after the snapshot: ours alone */
	CHECK_EQ(read_child(child).marker, 0x1111);
	CHECK(basic(child).virtual_size > 0);

	/* The registered ports: ours and the child's copy. */
	mach_port_array_t got = 0;
	mach_msg_type_number_t n = 0;
	CHECK_EQ(mach_ports_lookup(child, &got, &n), KERN_SUCCESS);
	CHECK_EQ(n, 3);
	if (n == 3) {
		CHECK_EQ(got[0], reg);
		CHECK_EQ(got[1], MACH_PORT_NULL);
		CHECK_EQ(got[2], MACH_PORT_NULL);
		CHECK_EQ(mach_port_deallocate(mach_task_self(), got[0]),
			 KERN_SUCCESS);
		CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got,
				       n * sizeof *got),
			 KERN_SUCCESS);
	}
	CHECK_EQ(mach_ports_register(mach_task_self(), 0, 0), KERN_SUCCESS);
	CHECK_EQ(mach_ports_lookup(mach_task_self(), &got, &n), KERN_SUCCESS);
	CHECK_EQ(n, 3);
	if (n == 3) {
		CHECK_EQ(got[0], MACH_PORT_NULL);
		CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got,
				       n * sizeof *got),
			 KERN_SUCCESS);
	}

	/* A thread of the child, on the child's stack and copy. */
	thread_t t = MACH_PORT_NULL;
	vm_address_t stack = 0;
	CHECK_EQ(thread_create(child, &t), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(child, &stack, STACK_SIZE, TRUE), KERN_SUCCESS);
	struct i386_thread_state st;
	mach_msg_type_number_t sn = i386_THREAD_STATE_COUNT;
	CHECK_EQ(thread_get_state(t, i386_THREAD_STATE, (thread_state_t)&st,
				  &sn),
		 KERN_SUCCESS);
	st.rip = (unsigned long)child_spin;
	st.rdi = (unsigned long)&child_page;
	st.ursp = stack + STACK_SIZE - 8;
	CHECK_EQ(thread_set_state(t, i386_THREAD_STATE, (thread_state_t)&st,
				  i386_THREAD_STATE_COUNT),
		 KERN_SUCCESS);
	CHECK_EQ(thread_resume(t), KERN_SUCCESS);
	for (int i = 0; i < 100 && read_child(child).spins == 0; i++)
		sleep_ms(10);
	CHECK(read_child(child).spins != 0);
	CHECK_EQ(child_page.spins, 0); /* its writes are its own */

	/* Suspended, its thread does not run; resumed, it does. */
	CHECK_EQ(task_suspend(child), KERN_SUCCESS);
	sleep_ms(20);
	unsigned long s1 = read_child(child).spins;
	sleep_ms(50);
	CHECK_EQ(read_child(child).spins, s1);
	CHECK_EQ(basic(child).suspend_count, 1);
	struct thread_basic_info tb;
	mach_msg_type_number_t tn = THREAD_BASIC_INFO_COUNT;
	CHECK_EQ(thread_info(t, THREAD_BASIC_INFO, (thread_info_t)&tb, &tn),
		 KERN_SUCCESS);
	CHECK_EQ(tb.suspend_count, 0); /* the thread's own count */
	CHECK_EQ(tb.run_state, TH_STATE_STOPPED);
	CHECK_EQ(thread_resume(t), KERN_FAILURE);
	/* A thread and a task suspension: both must go. */
	CHECK_EQ(thread_suspend(t), KERN_SUCCESS);
	CHECK_EQ(task_resume(child), KERN_SUCCESS);
	sleep_ms(50);
	CHECK_EQ(read_child(child).spins, s1);
	CHECK_EQ(thread_resume(t), KERN_SUCCESS);
	sleep_ms(50);
	CHECK(read_child(child).spins != s1);

	/* task_info's other flavors. */
	struct task_thread_times_info ti;
	n = TASK_THREAD_TIMES_INFO_COUNT;
	CHECK_EQ(task_info(child, TASK_THREAD_TIMES_INFO, (task_info_t)&ti, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, TASK_THREAD_TIMES_INFO_COUNT);
	n = TASK_THREAD_TIMES_INFO_COUNT - 8;
	CHECK_EQ(task_info(child, TASK_THREAD_TIMES_INFO, (task_info_t)&ti, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, TASK_THREAD_TIMES_INFO_COUNT - 8);
	n = TASK_THREAD_TIMES_INFO_COUNT - 9;
	CHECK_EQ(task_info(child, TASK_THREAD_TIMES_INFO, (task_info_t)&ti, &n),
		 KERN_INVALID_ARGUMENT);
	struct task_events_info ei;
	n = TASK_EVENTS_INFO_COUNT;
	CHECK_EQ(task_info(child, TASK_EVENTS_INFO, (task_info_t)&ei, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, TASK_EVENTS_INFO_COUNT);
	CHECK(ei.faults > 0); /* its stack, its copy of the page */
	n = TASK_EVENTS_INFO_COUNT - 1;
	CHECK_EQ(task_info(child, TASK_EVENTS_INFO, (task_info_t)&ei, &n),
		 KERN_INVALID_ARGUMENT);
	integer_t big[TASK_INFO_MAX];
	n = TASK_INFO_MAX;
	CHECK_EQ(task_info(child, 99, big, &n), KERN_INVALID_ARGUMENT);

	/* Its running thread dies with it, before task_terminate returns. */
	end_child(child, t);
	CHECK_EQ(mach_port_destroy(mach_task_self(), reg), KERN_SUCCESS);
}

/* Ports that name no task. */
static void
check_bad_ports(void)
{
	thread_t self = mach_thread_self();
	task_t child = MACH_PORT_NULL;
	CHECK_EQ(task_create(self, FALSE, &child), KERN_INVALID_TASK);
	CHECK_EQ(child, MACH_PORT_NULL);
	CHECK_EQ(task_suspend(self), KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_resume(self), KERN_INVALID_ARGUMENT);
	integer_t big[TASK_INFO_MAX];
	mach_msg_type_number_t n = TASK_INFO_MAX;
	CHECK_EQ(task_info(self, TASK_BASIC_INFO, big, &n),
		 KERN_INVALID_ARGUMENT);
	mach_port_array_t got;
	CHECK_EQ(mach_ports_lookup(self, &got, &n), KERN_INVALID_ARGUMENT);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), self), KERN_SUCCESS);
	n = TASK_INFO_MAX;
	CHECK_EQ(task_info(MACH_PORT_NULL, TASK_BASIC_INFO, big, &n),
		 MACH_SEND_INVALID_DEST);
	CHECK_EQ(task_suspend(0x7777), MACH_SEND_INVALID_DEST);

	/* This task's own info. */
	struct task_basic_info bi = basic(mach_task_self());
	CHECK_EQ(bi.suspend_count, 0);
	CHECK(bi.virtual_size > 0);
	CHECK(bi.resident_size > 0);
	CHECK(bi.resident_size <= bi.virtual_size);
}

/* vm_statistics: the page counts follow memory a task takes and gives
 * back, and its faults count. */
static void
check_vm_statistics(void)
{
	mach_port_t task = mach_task_self();
	vm_statistics_data_t before, during, after;
	enum { PAGES = 16 };

	CHECK_EQ(vm_statistics(task, &before), KERN_SUCCESS);
	CHECK_EQ(before.pagesize, 4096);
	CHECK(before.free_count > PAGES);
	CHECK(before.wire_count > 0);
	CHECK(before.active_count > 0); /* this program's pages at least */
	/* 128 MiB in all under QEMU here: the counts are pages of it. */
	CHECK(before.free_count + before.active_count + before.inactive_count +
		      before.wire_count <=
	      32768);
	vm_address_t a = 0;
	CHECK_EQ(vm_allocate(task, &a, PAGES * 4096, TRUE), KERN_SUCCESS);
	for (int i = 0; i < PAGES; i++)
		((volatile char *)a)[i * 4096] = 1;
	CHECK_EQ(vm_statistics(task, &during), KERN_SUCCESS);
	CHECK(during.free_count + PAGES <= before.free_count);
	/* Touched pages are on the page queues, not wired. */
	CHECK(during.active_count + during.inactive_count >=
	      before.active_count + before.inactive_count + PAGES);
	CHECK(during.wire_count < before.wire_count + PAGES);
	CHECK(during.faults >= before.faults + PAGES);
	CHECK(during.zero_fill_count >= before.zero_fill_count + PAGES);
	/* A write after vm_read took a copy: one page copied. */
	vm_offset_t copy;
	mach_msg_type_number_t copy_count;
	CHECK_EQ(vm_read(task, a, 4096, &copy, &copy_count), KERN_SUCCESS);
	CHECK_EQ(copy_count, 4096);
	((volatile char *)a)[0] = 2;
	CHECK_EQ(((volatile char *)copy)[0], 1);
	vm_statistics_data_t copied;
	CHECK_EQ(vm_statistics(task, &copied), KERN_SUCCESS);
	CHECK(copied.cow_faults >= during.cow_faults + 1);
	CHECK_EQ(vm_deallocate(task, copy, copy_count), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, a, PAGES * 4096), KERN_SUCCESS);
	CHECK_EQ(vm_statistics(task, &after), KERN_SUCCESS);
	CHECK(after.free_count >= during.free_count + PAGES);
	CHECK(after.active_count + after.inactive_count + PAGES <=
	      during.active_count + during.inactive_count);
	/* A port that is no task's (the kernel once crashed here, in the
	 * stubs' destructor of the map it did not find). */
	mach_port_t host = mach_host_self();
	CHECK_EQ(vm_statistics(host, &after), KERN_INVALID_ARGUMENT);
	a = 0;
	CHECK_EQ(vm_allocate(host, &a, 4096, TRUE), KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_deallocate(host, 0x10000, 4096), KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_protect(host, 0x10000, 4096, FALSE, VM_PROT_READ),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_inherit(host, 0x10000, 4096, VM_INHERIT_NONE),
		 KERN_INVALID_ARGUMENT);
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	CHECK_EQ(vm_read(host, 0x10000, 4096, &data, &count),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_copy(host, 0x10000, 4096, 0x20000), KERN_INVALID_ARGUMENT);
	vm_size_t size = 0;
	vm_prot_t prot, maxprot;
	vm_inherit_t inherit;
	boolean_t shared;
	mach_port_t name;
	vm_offset_t offset;
	a = 0x10000;
	CHECK_EQ(vm_region(host, &a, &size, &prot, &maxprot, &inherit, &shared,
			   &name, &offset),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(mach_port_deallocate(task, host), KERN_SUCCESS);
}

/*
 * vm_machine_attribute, as GNU Mach answers on x86 (its pmap_attribute
 * is KERN_INVALID_ADDRESS for every attribute and value: nothing to
 * get, set or flush): KERN_INVALID_ARGUMENT for a port that is no task
 * and for a range past the map's end (address + size modulo 2^64, the
 * map from 0 to 0x800000000000), else KERN_INVALID_ADDRESS, mapped or
 * not; the value is never written.
 */
static void
check_machine_attribute(void)
{
	mach_port_t task = mach_task_self();
	static const struct {
		vm_machine_attribute_t attribute;
		vm_machine_attribute_val_t value;
	} asks[] = {
		{ MATTR_CACHE, MATTR_VAL_CACHE_FLUSH },
		{ MATTR_CACHE, MATTR_VAL_DCACHE_FLUSH },
		{ MATTR_CACHE, MATTR_VAL_ICACHE_FLUSH },
		{ MATTR_CACHE, MATTR_VAL_GET },
		{ MATTR_CACHE, MATTR_VAL_ON },
		{ MATTR_CACHE, MATTR_VAL_OFF },
		{ MATTR_CACHE, 12345 },
		{ MATTR_MIGRATE, MATTR_VAL_GET },
		{ MATTR_REPLICATE, MATTR_VAL_ON },
		{ 0, MATTR_VAL_GET },
		{ 0x7fffffff, -1 },
	};
	vm_address_t a = 0;
	CHECK_EQ(vm_allocate(task, &a, 2 * PAGE, TRUE), KERN_SUCCESS);
	((volatile char *)a)[0] = 1;
	for (unsigned i = 0; i < sizeof asks / sizeof asks[0]; i++) {
		vm_machine_attribute_val_t v = asks[i].value;
		CHECK_EQ(vm_machine_attribute(task, a, 2 * PAGE,
					      asks[i].attribute, &v),
			 KERN_INVALID_ADDRESS);
		CHECK_EQ(v, asks[i].value);
	}

	/* The range: only its end counts, against the map's. */
#define MAP_END 0x800000000000ul
	static const struct {
		vm_address_t address;
		vm_size_t size;
		kern_return_t kr;
	} ranges[] = {
		{ 0, 0, KERN_INVALID_ADDRESS },
		{ 0, PAGE, KERN_INVALID_ADDRESS },
		{ 0x10000000000ul, 64 * PAGE, KERN_INVALID_ADDRESS }, /* hole */
		{ 123, 45, KERN_INVALID_ADDRESS }, /* unaligned */
		{ MAP_END - PAGE, PAGE, KERN_INVALID_ADDRESS },
		{ MAP_END, 0, KERN_INVALID_ADDRESS },
		{ MAP_END, 1, KERN_INVALID_ARGUMENT },
		{ MAP_END - PAGE, 2 * PAGE, KERN_INVALID_ARGUMENT },
		{ 0, MAP_END + 1, KERN_INVALID_ARGUMENT },
		{ 0xffff800000000000ul, PAGE, KERN_INVALID_ARGUMENT },
		{ ~0ul, 0, KERN_INVALID_ARGUMENT },
		{ PAGE, ~0ul, KERN_INVALID_ADDRESS }, /* wraps to PAGE - 1 */
		{ ~0ul - PAGE, 2 * PAGE, KERN_INVALID_ADDRESS }, /* wraps */
	};
	for (unsigned i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		vm_machine_attribute_val_t v = MATTR_VAL_CACHE_FLUSH;
		CHECK_EQ(vm_machine_attribute(task, ranges[i].address,
					      ranges[i].size, MATTR_CACHE, &v),
			 ranges[i].kr);
		CHECK_EQ(v, MATTR_VAL_CACHE_FLUSH);
	}

	/* Another task's map: the same answers. */
	task_t child = MACH_PORT_NULL;
	CHECK_EQ(task_create(task, TRUE, &child), KERN_SUCCESS);
	vm_machine_attribute_val_t v = MATTR_VAL_GET;
	CHECK_EQ(vm_machine_attribute(child, a, PAGE, MATTR_CACHE, &v),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_machine_attribute(child, MAP_END, PAGE, MATTR_CACHE, &v),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(v, MATTR_VAL_GET);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	/* Its port is dead now: the call cannot be sent. */
	CHECK_EQ(vm_machine_attribute(child, a, PAGE, MATTR_CACHE, &v),
		 MACH_SEND_INVALID_DEST);
	CHECK_EQ(mach_port_deallocate(task, child), KERN_SUCCESS);

	/* Ports that are no task's. */
	mach_port_t host = mach_host_self();
	CHECK_EQ(vm_machine_attribute(host, a, PAGE, MATTR_CACHE, &v),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(mach_port_deallocate(task, host), KERN_SUCCESS);
	thread_t thread = mach_thread_self();
	CHECK_EQ(vm_machine_attribute(thread, a, PAGE, MATTR_CACHE, &v),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(mach_port_deallocate(task, thread), KERN_SUCCESS);
	CHECK_EQ(vm_machine_attribute(MACH_PORT_NULL, a, PAGE, MATTR_CACHE, &v),
		 MACH_SEND_INVALID_DEST);
	CHECK_EQ(v, MATTR_VAL_GET);
	CHECK_EQ(vm_deallocate(task, a, 2 * PAGE), KERN_SUCCESS);
#undef MAP_END
}

int
main(void)
{
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &empty_port),
		 KERN_SUCCESS);
	check_bad_ports();
	check_empty_child();
	check_inheriting_child();
	check_vm_statistics();
	check_machine_attribute();
	return rt_report("gnu-task");
}
