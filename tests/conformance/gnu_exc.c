/*
 * gnu_exc.c: exceptions as GNU Mach delivers them, between two tasks
 * started by the boot script:
 *
 *	gnu_exc handler ${excvictim} $(task-create) $(task-resume)
 *	gnu_exc victim $(excvictim=task-create) $(task-resume)
 *
 * The handler makes a port, sets it as the victim's TASK_EXCEPTION_PORT
 * (task_set_special_port), and another as the victim's thread's
 * THREAD_EXCEPTION_PORT (task_threads, thread_set_special_port), which
 * comes first: it serves exc.defs on that one through GNU MIG's
 * exc_server: for a bad access it maps a page at the faulting address
 * in the victim (vm_allocate, vm_write of a pattern) and answers
 * KERN_SUCCESS; for a breakpoint it answers KERN_SUCCESS as it is.  The
 * victim waits for its exception port to be set, then reads and writes
 * unmapped pages and executes int3, and checks that each resumed where
 * it was with the handler's pages in place.  Each prints its checks.
 */

#include <mach/exception.h>
#include <mach/mach_types.h>
#include <mach/task_special_ports.h>
#include <mach/thread_special_ports.h>
#include <mach/thread_switch.h>

#include "gnu/exc.h"
#include "gnu/mach.h"
#include "gnu/mach_port.h"
#include "rt.h"

#include <string.h>

#define PAGE      4096ul
#define FAULT_A   0x40000000ul /* read first */
#define FAULT_B   0x40100000ul /* written first */
#define PATTERN_A 0x5a5a0001u
#define PATTERN_B 0x5a5a0002u
#define WAIT_MS   10000

/* GNU MIG's server side of exc.defs (gnu/excServer.c) and the routine
 * it calls (ServerPrefix catch_). */
boolean_t exc_server(mach_msg_header_t *in, mach_msg_header_t *out);
kern_return_t catch_exception_raise(mach_port_t port, mach_port_t thread,
				    mach_port_t task, integer_t exception,
				    integer_t code, rpc_long_integer_t subcode);

/* The handler's side. */

static mach_port_t victim; /* a send right to the victim's task port */
static int bad_accesses, breakpoints;

/* Give the victim the page at `addr', filled with `pattern'. */
static kern_return_t
map_pattern(mach_port_t task, vm_address_t addr, unsigned pattern)
{
	static unsigned page[PAGE / sizeof(unsigned)];
	for (unsigned i = 0; i < PAGE / sizeof(unsigned); i++)
		page[i] = pattern;
	kern_return_t kr = vm_allocate(task, &addr, PAGE, FALSE);
	if (kr == KERN_SUCCESS)
		kr = vm_write(task, addr, (vm_offset_t)page, PAGE);
	return kr;
}

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
		      integer_t exception, integer_t code,
		      rpc_long_integer_t subcode)
{
	(void)port;
	kern_return_t kr = KERN_FAILURE;
	/* The victim's task port: the name the handler has for it. */
	CHECK_EQ(task, victim);
	CHECK_EQ(rt_port_type(thread), MACH_PORT_TYPE_SEND);
	if (exception == EXC_BAD_ACCESS) {
		bad_accesses++;
		CHECK_EQ(code, KERN_INVALID_ADDRESS);
		CHECK(subcode == FAULT_A || subcode == FAULT_B);
		kr = map_pattern(task, (vm_address_t)subcode,
				 subcode == FAULT_A ? PATTERN_A : PATTERN_B);
		CHECK_EQ(kr, KERN_SUCCESS);
	} else if (exception == EXC_BREAKPOINT) {
		breakpoints++;
		CHECK_EQ(code, EXC_I386_BPT);
		kr = KERN_SUCCESS;
	} else {
		CHECK_EQ(exception, EXC_BAD_ACCESS);
	}
	/* KERN_SUCCESS: the request's rights are ours to release. */
	if (kr == KERN_SUCCESS) {
		CHECK_EQ(mach_port_deallocate(mach_task_self(), thread),
			 KERN_SUCCESS);
		CHECK_EQ(mach_port_deallocate(mach_task_self(), task),
			 KERN_SUCCESS);
	}
	return kr;
}

static int
handler_main(const char *victim_name)
{
	mach_port_t self = mach_task_self(), port = MACH_PORT_NULL, got;
	victim = rt_port_arg(victim_name);
	CHECK_EQ(rt_port_type(victim), MACH_PORT_TYPE_SEND);
	CHECK_EQ(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(self, port, port,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	/* The victim's thread gets an exception port of its own, which
	 * comes first: every exception must arrive there. */
	mach_port_t tport = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &tport),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(self, tport, tport,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	thread_array_t threads = NULL;
	mach_msg_type_number_t nthreads = 0;
	CHECK_EQ(task_threads(victim, &threads, &nthreads), KERN_SUCCESS);
	CHECK_EQ(nthreads, 1);
	if (nthreads >= 1) {
		CHECK_EQ(thread_set_special_port(threads[0],
						 THREAD_EXCEPTION_PORT, tport),
			 KERN_SUCCESS);
		for (mach_msg_type_number_t i = 0; i < nthreads; i++)
			CHECK_EQ(mach_port_deallocate(self, threads[i]),
				 KERN_SUCCESS);
		CHECK_EQ(vm_deallocate(self, (vm_address_t)threads,
				       nthreads * sizeof *threads),
			 KERN_SUCCESS);
	}
	CHECK_EQ(mach_port_deallocate(self, tport), KERN_SUCCESS);
	/* A bad `which' changes nothing. */
	CHECK_EQ(task_set_special_port(victim, 99, port),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_set_special_port(victim, TASK_EXCEPTION_PORT, port),
		 KERN_SUCCESS);
	CHECK_EQ(task_get_special_port(victim, TASK_EXCEPTION_PORT, &got),
		 KERN_SUCCESS);
	CHECK_EQ(got, port);
	CHECK_EQ(mach_port_deallocate(self, got), KERN_SUCCESS);
	/* Ours: one send right left after task_set_special_port copied it. */
	CHECK_EQ(mach_port_deallocate(self, port), KERN_SUCCESS);

	union {
		mach_msg_header_t head;
		char bytes[512];
	} in, out;
	while (bad_accesses + breakpoints < 3) {
		mach_msg_return_t mr =
			mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				 sizeof in, tport, WAIT_MS, MACH_PORT_NULL);
		CHECK_EQ(mr, MACH_MSG_SUCCESS);
		if (mr != MACH_MSG_SUCCESS)
			break;
		CHECK_EQ(in.head.msgh_id, 2400);
		CHECK(exc_server(&in.head, &out.head));
		CHECK_EQ(mach_msg(&out.head, MACH_SEND_MSG, out.head.msgh_size,
				  0, MACH_PORT_NULL, 0, MACH_PORT_NULL),
			 MACH_MSG_SUCCESS);
	}
	CHECK_EQ(bad_accesses, 2);
	CHECK_EQ(breakpoints, 1);
	/* None went to the task's port. */
	CHECK_EQ(mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			  sizeof in, port, 0, MACH_PORT_NULL),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(mach_port_destroy(self, tport), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(self, port), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, victim), KERN_SUCCESS);
	return rt_report("gnu-exc");
}

/* The victim's side. */

static int
victim_main(void)
{
	mach_port_t self = mach_task_self(), port = MACH_PORT_NULL;
	/* Wait for the handler (a few seconds at most). */
	for (int i = 0; i < 5000 && port == MACH_PORT_NULL; i++) {
		CHECK_EQ(
			task_get_special_port(self, TASK_EXCEPTION_PORT, &port),
			KERN_SUCCESS);
		if (port == MACH_PORT_NULL)
			thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	}
	CHECK(MACH_PORT_VALID(port));
	if (!MACH_PORT_VALID(port))
		return rt_report("gnu-exc-victim");

	/* A load from nothing: the handler's page, then the load again. */
	volatile unsigned *a = (volatile unsigned *)FAULT_A;
	CHECK_EQ(a[0], PATTERN_A);
	CHECK_EQ(a[PAGE / sizeof *a - 1], PATTERN_A);
	/* A store: it lands in the handler's page. */
	volatile unsigned *b = (volatile unsigned *)FAULT_B;
	b[0] = 7;
	CHECK_EQ(b[0], 7);
	CHECK_EQ(b[1], PATTERN_B);
	/* A breakpoint: handled, execution goes on after it. */
	volatile int after = 0;
	__asm__ volatile("int3");
	after = 1;
	CHECK_EQ(after, 1);

	CHECK_EQ(vm_deallocate(self, FAULT_A, PAGE), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, FAULT_B, PAGE), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, port), KERN_SUCCESS);
	return rt_report("gnu-exc-victim");
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "victim") == 0)
		return victim_main();
	CHECK(argc == 3 && strcmp(argv[1], "handler") == 0);
	if (argc != 3)
		return rt_report("gnu-exc");
	return handler_main(argv[2]);
}
