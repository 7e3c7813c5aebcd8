/*
 * sv_bench.c: the servers' benchmarks (tests/servers/local.mk), booted
 * with the bootstrap server and examples/hello's server under -icount
 * (boot-test --deterministic), where the time-stamp counter counts
 * guest instructions.  It prints two lines in the form the kernel's
 * benchmarks use (kern/kbench.h):
 *
 *   bench name_service_null_rpc: N instructions/op
 *	hello_ping, a null RPC between two libmach tasks, through the
 *	port name_lookup found: n and 2n calls timed, the difference
 *	over n (start-up costs cancel);
 *   bench task_start_to_main: N instructions/op
 *	from task_create (inheriting this task's memory) to the first
 *	line of main in the child: its stack made and written, a thread
 *	created, set at crt0's _start and resumed, libmach's start-up
 *	(thread pointer, bootstrap port, constructors); the mean of a few
 *	runs.  The child sends its counter back to its bootstrap port.
 *
 * Then "sv-bench: N checks, F failed".
 */

#include <string.h>

#include <mach.h>
#include <mach/x86_64/thread_status.h>
#include <servers/name.h>

#include "hello.h"
#include "ns_check.h"
#include "sv_bench.h"

const char *check_prog = "sv-bench";
int check_count, check_failures;

#define PINGS  2000
#define STARTS 4

extern void _start(void);

static void
bench_null_rpc(void)
{
	mach_port_t hello = MACH_PORT_NULL;
	CHECK_EQ(name_lookup(bootstrap_port, "hello", 10000, &hello),
		 KERN_SUCCESS);
	int ok = 0;
	for (int i = 0; i < 100; i++) /* warm: reply port, pages */
		ok += hello_ping(hello) == KERN_SUCCESS;
	uint64_t t0 = rdtsc();
	for (int i = 0; i < PINGS; i++)
		ok += hello_ping(hello) == KERN_SUCCESS;
	uint64_t t1 = rdtsc();
	for (int i = 0; i < 2 * PINGS; i++)
		ok += hello_ping(hello) == KERN_SUCCESS;
	uint64_t t2 = rdtsc();
	CHECK_EQ(ok, 100 + 3 * PINGS);
	uint64_t one = t1 - t0, two = t2 - t1;
	CHECK(two > one);
	if (two > one)
		bench_line("name_service_null_rpc", two - one, PINGS);
	(void)mach_port_deallocate(mach_task_self(), hello);
}

/* What the child sends: its counter at main's first line. */
struct stamp_msg {
	mach_msg_header_t head;
	mach_msg_type_t type;
	uint64_t tsc;
};

static const mach_msg_type_t u64_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_64,
	.msgt_size = 64,
	.msgt_number = 1,
	.msgt_inline = 1,
};

/* The child's first page of stack: argc, argv, a 0, no environment, the
 * auxiliary vector (AT_PAGESZ), and the strings, as the kernel builds
 * a module's (libmach/crt0.S). */
static vm_address_t
child_stack(mach_port_t child, vm_address_t *sp)
{
	const vm_size_t size = 16 * 4096;
	vm_address_t stack = 0, page = 0;
	CHECK_EQ(vm_allocate(child, &stack, size, TRUE), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(mach_task_self(), &page, 4096, TRUE),
		 KERN_SUCCESS);
	vm_address_t top = stack + size - 4096; /* the page's child address */
	char *p = (char *)page;
	strcpy(p + 3072, "sv_bench");
	strcpy(p + 3088, "child");
	uint64_t *w = (uint64_t *)(p + 1024);
	w[0] = 2;
	w[1] = top + 3072;
	w[2] = top + 3088;
	w[3] = 0;
	w[4] = 0; /* no environment */
	w[5] = 6; /* AT_PAGESZ */
	w[6] = 4096;
	w[7] = 0; /* AT_NULL */
	w[8] = 0;
	CHECK_EQ(vm_write(child, top, page, 4096), KERN_SUCCESS);
	(void)vm_deallocate(mach_task_self(), page, 4096);
	*sp = top + 1024;
	return stack;
}

/* One start: the instructions from task_create to the child's main. */
static uint64_t
start_once(mach_port_t port)
{
	mach_port_t child = MACH_PORT_NULL, thread = MACH_PORT_NULL;
	uint64_t t0 = rdtsc();
	CHECK_EQ(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	CHECK_EQ(task_set_special_port(child, TASK_BOOTSTRAP_PORT, port),
		 KERN_SUCCESS);
	vm_address_t sp = 0;
	(void)child_stack(child, &sp);
	CHECK_EQ(thread_create(child, &thread), KERN_SUCCESS);
	struct i386_thread_state st;
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;
	CHECK_EQ(thread_get_state(thread, i386_THREAD_STATE,
				  (thread_state_t)&st, &n),
		 KERN_SUCCESS);
	st.rip = (uint64_t)_start;
	st.ursp = sp;
	CHECK_EQ(thread_set_state(thread, i386_THREAD_STATE,
				  (thread_state_t)&st, i386_THREAD_STATE_COUNT),
		 KERN_SUCCESS);
	CHECK_EQ(thread_resume(thread), KERN_SUCCESS);

	struct stamp_msg m;
	uint64_t t1 = t0;
	CHECK_EQ(mach_msg(&m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof m,
			  port, 10000, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_size, sizeof m);
	if (m.head.msgh_size == sizeof m)
		t1 = m.tsc;
	/* The child ends by itself; wait until it has (task_terminate
	 * of an ending task may fail: it is ending). */
	(void)task_terminate(child);
	(void)mach_port_deallocate(mach_task_self(), thread);
	(void)mach_port_deallocate(mach_task_self(), child);
	CHECK(t1 > t0);
	return t1 > t0 ? t1 - t0 : 0;
}

static void
bench_task_start(void)
{
	mach_port_t port = new_port();
	(void)start_once(port); /* warm */
	uint64_t total = 0;
	for (int i = 0; i < STARTS; i++)
		total += start_once(port);
	bench_line("task_start_to_main", total, STARTS);
	drop_port(port);
}

/* The child: main's first line reads the counter. */
static int
child_main(void)
{
	struct stamp_msg m = {
		.head = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			.msgh_size = sizeof m,
			.msgh_remote_port = bootstrap_port,
		},
		.type = u64_type,
	};
	m.tsc = rdtsc();
	(void)mach_msg(&m.head, MACH_SEND_MSG, sizeof m, 0, MACH_PORT_NULL, 0,
		       MACH_PORT_NULL);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "child") == 0)
		return child_main();
	bench_null_rpc();
	bench_task_start();
	return check_report();
}
