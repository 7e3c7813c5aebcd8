/*
 * vmbench.c: the VM benchmarks' user program (tests/bench/bench_vm_user.c
 * runs it), built as every program for this system is (musl-gcc
 * -static, libmach, the stubs our mig generates), so that each figure
 * is what a user pays, traps and stubs included:
 *
 *	vmbench zerofill N	N first touches (a write) of the pages of
 *				one N-page vm_allocate: the zero-fill
 *				fault alone is timed;
 *	vmbench cowfork N	N writes to N resident pages inherited
 *				copy-on-write by a task_create'd child
 *				(each a copy-on-write fault: a page
 *				copied), the writes alone timed;
 *	vmbench cowcopy N	N writes to the pages of another range
 *				after vm_copy of the N pages there (the
 *				kernel copied them: each write a fault
 *				on a resident page);
 *	vmbench pager		serves one memory object on the receive
 *				right VMBENCH_SERVICE with
 *				memory_object_server (our mig's stubs):
 *				data_supply of a pattern for each
 *				data_request; a flush request from the
 *				client becomes memory_object_lock_request
 *				(flush), answered once lock_completed
 *				comes;
 *	vmbench pagerclient N	maps that object (vm_map of the send right
 *				VMBENCH_SERVICE) and reads its page N
 *				times, each read a fault served by the
 *				pager (data_request, data_supply, the
 *				thread resumed), with a flush between:
 *				the reads alone timed;
 *	vmbench allocpage N	N vm_allocate and vm_deallocate of one
 *				page (the run is timed: bench_vm_user.c);
 *	vmbench fork N		N task_create of a child inheriting this
 *				task's memory, 64 MiB allocated (not
 *				touched) among it, and task_terminate;
 *	vmbench oolsend N	N one-way messages each carrying 1 MiB out
 *				of line (resident, copied: not dealloc)
 *				to the send right VMBENCH_SERVICE;
 *	vmbench oolrecv N	receives N of them on the receive right
 *				VMBENCH_SERVICE and deallocates each.
 *
 * The self-timed modes send their total to VMBENCH_REPORT (vmbench.h).
 * A failed call ends the task with a fault (__builtin_trap), which the
 * benchmark sees; success ends it through task_terminate.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mach.h>
#include <mach/memory_object.h>
#include <mach/vm_inherit.h>

#include "memory_objectServer.h"
#include "pager_common.h"
#include "vmbench.h"

#define PAGE     4096ul
#define FORK_LEN (64ul << 20)
#define OOL_LEN  (1ul << 20)

static void
must(kern_return_t kr)
{
	if (kr != KERN_SUCCESS)
		__builtin_trap();
}

static inline uint64_t
timestamp(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

/* Send the kernel the instructions the timed parts took. */
static void
report(uint64_t instructions)
{
	struct vmbench_report m;
	memset(&m, 0, sizeof m);
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m.head.msgh_size = sizeof m;
	m.head.msgh_remote_port = VMBENCH_REPORT;
	m.head.msgh_id = VMBENCH_REPORT_ID;
	m.type.msgt_name = MACH_MSG_TYPE_INTEGER_64;
	m.type.msgt_size = 64;
	m.type.msgt_number = 1;
	m.type.msgt_inline = 1;
	m.instructions = instructions;
	must(mach_msg(&m.head, MACH_SEND_MSG, sizeof m, 0, MACH_PORT_NULL,
		      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL));
}

/* `n' pages of new memory, each written once (resident). */
static vm_address_t
resident_pages(long n)
{
	vm_address_t a = 0;
	must(vm_allocate(mach_task_self(), &a, n * PAGE, TRUE));
	for (long i = 0; i < n; i++)
		((volatile char *)a)[i * PAGE] = 1;
	return a;
}

/* One write to each of the `n' pages at `a', timed. */
static uint64_t
write_pages(vm_address_t a, long n)
{
	uint64_t start = timestamp();
	for (long i = 0; i < n; i++)
		((volatile char *)a)[i * PAGE] = 2;
	return timestamp() - start;
}

static void
zero_fill(long n)
{
	vm_address_t a = 0;
	must(vm_allocate(mach_task_self(), &a, n * PAGE, TRUE));
	report(write_pages(a, n));
}

static void
cow_fork(long n)
{
	vm_address_t a = resident_pages(n);
	task_t child;
	must(task_create(mach_task_self(), TRUE, &child));
	uint64_t cost = write_pages(a, n);
	must(task_terminate(child));
	report(cost);
}

static void
cow_copy(long n)
{
	vm_address_t a = resident_pages(n), b = 0;
	must(vm_allocate(mach_task_self(), &b, n * PAGE, TRUE));
	must(vm_copy(mach_task_self(), a, n * PAGE, b));
	report(write_pages(b, n));
}

/* ---- The pager and its client ---- */

#define PATTERN 0x5a5a0000u

static mach_port_t control = MACH_PORT_NULL;
static mach_port_t flush_reply = MACH_PORT_NULL;
static unsigned page_data[PAGE / sizeof(unsigned)];

kern_return_t
memory_object_init(memory_object_t memory_object, mach_port_t memory_control,
		   mach_port_t memory_object_name, vm_size_t page_size)
{
	(void)memory_object;
	(void)memory_object_name;
	if (page_size != PAGE || control != MACH_PORT_NULL)
		__builtin_trap();
	control = memory_control;
	return memory_object_ready(control, FALSE, MEMORY_OBJECT_COPY_DELAY);
}

kern_return_t
memory_object_data_request(memory_object_t memory_object,
			   mach_port_t memory_control, vm_offset_t offset,
			   vm_size_t length, vm_prot_t desired_access)
{
	(void)memory_object;
	(void)desired_access;
	if (memory_control != control || length != PAGE)
		__builtin_trap();
	return memory_object_data_supply(control, offset,
					 (vm_offset_t)page_data, PAGE, FALSE,
					 VM_PROT_NONE, FALSE, MACH_PORT_NULL);
}

kern_return_t
memory_object_lock_completed(memory_object_t memory_object,
			     mach_port_t memory_control, vm_offset_t offset,
			     vm_size_t length)
{
	(void)memory_object;
	(void)offset;
	(void)length;
	if (memory_control != control || flush_reply == MACH_PORT_NULL)
		__builtin_trap();
	mach_msg_header_t m = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
		.msgh_size = sizeof m,
		.msgh_remote_port = flush_reply,
		.msgh_id = VMBENCH_FLUSHED_ID,
	};
	flush_reply = MACH_PORT_NULL;
	return mach_msg(&m, MACH_SEND_MSG, sizeof m, 0, MACH_PORT_NULL,
			MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

kern_return_t
memory_object_terminate(memory_object_t memory_object,
			mach_port_t memory_control,
			mach_port_t memory_object_name)
{
	(void)memory_object;
	mo_drop_terminated(memory_control, memory_object_name);
	control = MACH_PORT_NULL;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_return(memory_object_t memory_object,
			  mach_port_t memory_control, vm_offset_t offset,
			  vm_offset_t data, mach_msg_type_number_t dataCnt,
			  boolean_t dirty, boolean_t kernel_copy)
{
	(void)memory_object;
	(void)memory_control;
	(void)offset;
	(void)dirty;
	(void)kernel_copy;
	return vm_deallocate(mach_task_self(), data, dataCnt);
}

/* The pager's loop: memory_object.defs through memory_object_server
 * (every routine a simpleroutine: nothing to answer), and the client's
 * flush requests. */
static void __attribute__((noreturn)) pager(void)
{
	static union {
		mach_msg_header_t head;
		char room[8192];
	} in, out;
	for (unsigned i = 0; i < PAGE / sizeof(unsigned); i++)
		page_data[i] = PATTERN | i;
	for (;;) {
		must(mach_msg(&in.head, MACH_RCV_MSG, 0, sizeof in,
			      VMBENCH_SERVICE, MACH_MSG_TIMEOUT_NONE,
			      MACH_PORT_NULL));
		if (in.head.msgh_id == VMBENCH_FLUSH_ID) {
			if (control == MACH_PORT_NULL ||
			    flush_reply != MACH_PORT_NULL)
				__builtin_trap();
			flush_reply = in.head.msgh_remote_port;
			must(memory_object_lock_request(
				control, 0, PAGE, MEMORY_OBJECT_RETURN_NONE,
				TRUE, VM_PROT_NONE, VMBENCH_SERVICE));
			continue;
		}
		if (!memory_object_server(&in.head, &out.head))
			__builtin_trap();
	}
}

static void
pager_client(long n)
{
	vm_address_t a = 0;
	mach_port_t reply = mach_reply_port();
	must(vm_map(mach_task_self(), &a, PAGE, 0, TRUE, VMBENCH_SERVICE, 0,
		    FALSE, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		    VM_INHERIT_NONE));
	volatile unsigned *w = (volatile unsigned *)a;
	uint64_t cost = 0;
	for (long i = 0; i < n; i++) {
		uint64_t start = timestamp();
		unsigned v = w[i % (PAGE / sizeof(unsigned))];
		cost += timestamp() - start;
		if (v != (PATTERN | (unsigned)(i % (PAGE / sizeof(unsigned)))))
			__builtin_trap();
		mach_msg_header_t m = {
			.msgh_bits =
				MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					       MACH_MSG_TYPE_MAKE_SEND_ONCE),
			.msgh_size = sizeof m,
			.msgh_remote_port = VMBENCH_SERVICE,
			.msgh_local_port = reply,
			.msgh_id = VMBENCH_FLUSH_ID,
		};
		must(mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof m,
			      sizeof m, reply, MACH_MSG_TIMEOUT_NONE,
			      MACH_PORT_NULL));
		if (m.msgh_id != VMBENCH_FLUSHED_ID)
			__builtin_trap();
	}
	must(vm_deallocate(mach_task_self(), a, PAGE));
	report(cost);
}

/* ---- The whole run timed (bench_vm_user.c) ---- */

static void
alloc_page(long n)
{
	for (long i = 0; i < n; i++) {
		vm_address_t a = 0;
		must(vm_allocate(mach_task_self(), &a, PAGE, TRUE));
		must(vm_deallocate(mach_task_self(), a, PAGE));
	}
}

static void
fork_64m(long n)
{
	vm_address_t a = 0;
	must(vm_allocate(mach_task_self(), &a, FORK_LEN, TRUE));
	for (long i = 0; i < n; i++) {
		task_t child;
		must(task_create(mach_task_self(), TRUE, &child));
		must(task_terminate(child));
		must(mach_port_deallocate(mach_task_self(), child));
	}
}

struct ool_msg {
	mach_msg_header_t head;
	mach_msg_type_t type; /* the x86_64 form: 32 bits of count */
	void *data;
};

static void
ool_send(long n)
{
	static struct ool_msg m;
	vm_address_t a = resident_pages(OOL_LEN / PAGE);
	for (long i = 0; i < n; i++) {
		m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				   MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
		m.head.msgh_size = sizeof m;
		m.head.msgh_remote_port = VMBENCH_SERVICE;
		m.head.msgh_local_port = MACH_PORT_NULL;
		m.head.msgh_id = (mach_msg_id_t)i;
		memset(&m.type, 0, sizeof m.type);
		m.type.msgt_name = MACH_MSG_TYPE_BYTE;
		m.type.msgt_size = 8;
		m.type.msgt_number = OOL_LEN;
		m.type.msgt_inline = 0;
		m.type.msgt_longform = 1;
		m.type.msgt_deallocate = 0;
		m.data = (void *)a;
		must(mach_msg(&m.head, MACH_SEND_MSG, sizeof m, 0,
			      MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
			      MACH_PORT_NULL));
	}
}

static void
ool_receive(long n)
{
	static union {
		struct ool_msg m;
		char room[256];
	} in;
	for (long i = 0; i < n; i++) {
		must(mach_msg(&in.m.head, MACH_RCV_MSG, 0, sizeof in,
			      VMBENCH_SERVICE, MACH_MSG_TIMEOUT_NONE,
			      MACH_PORT_NULL));
		/* Not touched: the transfer's cost is the map's work. */
		if (in.m.head.msgh_id != (mach_msg_id_t)i ||
		    in.m.type.msgt_number != OOL_LEN || in.m.data == NULL)
			__builtin_trap();
		must(vm_deallocate(mach_task_self(), (vm_address_t)in.m.data,
				   OOL_LEN));
	}
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		__builtin_trap();
	const char *mode = argv[1];
	long n = argc > 2 ? atol(argv[2]) : 0;
	if (strcmp(mode, "zerofill") == 0)
		zero_fill(n);
	else if (strcmp(mode, "cowfork") == 0)
		cow_fork(n);
	else if (strcmp(mode, "cowcopy") == 0)
		cow_copy(n);
	else if (strcmp(mode, "pager") == 0)
		pager();
	else if (strcmp(mode, "pagerclient") == 0)
		pager_client(n);
	else if (strcmp(mode, "allocpage") == 0)
		alloc_page(n);
	else if (strcmp(mode, "fork") == 0)
		fork_64m(n);
	else if (strcmp(mode, "oolsend") == 0)
		ool_send(n);
	else if (strcmp(mode, "oolrecv") == 0)
		ool_receive(n);
	else
		__builtin_trap();
	return 0;
}
