/*
 * gnu_emul.c: system-call redirection, as a program built for GNU Mach
 * drives it (GNU MIG's stubs of mach.defs, gnumach-dev's headers):
 * task_set_emulation_vector, task_set_emulation and
 * task_get_emulation_vector, and what a `syscall' that is no Mach trap
 * does then.  A number with an entry returns to user mode at the entry
 * with every register as the instruction left it (rax the number,
 * rcx the return address, r11 rflags, rsp and the red zone below it
 * untouched); the entry returns to rcx and the program goes on with
 * the entry's rax.  A task made by task_create inherits a copy of the
 * vector; a number outside the vector, or with a 0 entry, is the
 * task's exception (EXC_SOFTWARE, code 0x10000, subcode the number)
 * and with no handler the task's end.  Hostile starts, counts and
 * entries are refused with KERN_INVALID_ARGUMENT and change nothing.
 * The register side is gnu_emul_regs.S.
 */

#include <mach/exception.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/task_special_ports.h>
#include <mach/thread_status.h>
#include <string.h>

#include "gnu/exc.h"
#include "gnu/mach.h"
#include "gnu/mach_port.h"
#include "rt.h"

#define PAGE             4096ul
#define STACK_SIZE       (64ul * 1024)
#define NUMBER_MAX       1024 /* the kernel's bound on emulated numbers */
#define BAD_SYSCALL_CODE 0x10000

/* Every general register; gnu_emul_regs.S knows the offsets. */
struct emul_regs {
	unsigned long rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	unsigned long r8, r9, r10, r11, r12, r13, r14, r15;
};

void emul_probe(const struct emul_regs *in);
extern const char emul_probe_return[];
void emul_entry_a(void);
void emul_entry_b(void);
void emul_child(unsigned long *page);
struct emul_regs emul_seen, emul_after;
unsigned long emul_flags, emul_rsp, emul_red_zone[16];

boolean_t exc_server(mach_msg_header_t *in, mach_msg_header_t *out);
kern_return_t catch_exception_raise(mach_port_t port, mach_port_t thread,
				    mach_port_t task, integer_t exception,
				    integer_t code, rpc_long_integer_t subcode);

/* The child's results, in its copy of this page. */
static unsigned long child_page[PAGE / sizeof(unsigned long)]
	__attribute__((aligned(4096)));

static mach_port_t empty_port;

static void
sleep_ms(unsigned ms)
{
	mach_msg_header_t m;
	(void)mach_msg_trap(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof m,
			    empty_port, ms, MACH_PORT_NULL);
}

/* The vector of `task' as task_get_emulation_vector gives it: its first
 * number into *start, up to `max' entries into `out'; returns the count
 * (-1 on failure).  The out-of-line copy is released. */
static int
get_vector(task_t task, int *start, vm_offset_t *out, unsigned max)
{
	emulation_vector_t v = 0;
	mach_msg_type_number_t n = 99;
	*start = -1;
	kern_return_t kr = task_get_emulation_vector(task, start, &v, &n);
	CHECK_EQ(kr, KERN_SUCCESS);
	if (kr != KERN_SUCCESS)
		return -1;
	for (unsigned i = 0; i < n && i < max; i++)
		out[i] = v[i];
	if (n != 0)
		CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)v,
				       n * sizeof *v),
			 KERN_SUCCESS);
	else
		CHECK_EQ(v, 0);
	return (int)n;
}

static kern_return_t
set_vector(task_t task, int start, vm_offset_t *entries, unsigned n)
{
	return task_set_emulation_vector(task, start, entries, n);
}

/* No vector yet: nothing to get.  Hostile arguments change nothing. */
static void
check_arguments(void)
{
	mach_port_t self = mach_task_self();
	int start;
	vm_offset_t got[8];
	CHECK_EQ(get_vector(self, &start, got, 8), 0);
	CHECK_EQ(start, 0);

	static vm_offset_t big[NUMBER_MAX + 1];
	vm_offset_t one[2] = { (vm_offset_t)emul_entry_a, 0 };
	CHECK_EQ(set_vector(self, -1, one, 1), KERN_INVALID_ARGUMENT);
	CHECK_EQ(set_vector(self, -30, one, 1), KERN_INVALID_ARGUMENT);
	CHECK_EQ(set_vector(self, NUMBER_MAX, one, 1), KERN_INVALID_ARGUMENT);
	CHECK_EQ(set_vector(self, NUMBER_MAX - 1, one, 2),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(set_vector(self, 0x7fffffff, one, 1), KERN_INVALID_ARGUMENT);
	CHECK_EQ(set_vector(self, 0, big, NUMBER_MAX + 1),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(set_vector(self, 1, big, NUMBER_MAX), KERN_INVALID_ARGUMENT);
	vm_offset_t kernel[1] = { 0xffffffff80001000ul };
	CHECK_EQ(set_vector(self, 39, kernel, 1), KERN_INVALID_ARGUMENT);
	vm_offset_t noncanon[1] = { 0x0000800000000000ul };
	CHECK_EQ(set_vector(self, 39, noncanon, 1), KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_set_emulation(self, 0xffff800000000000ul, 39),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_set_emulation(self, (vm_address_t)emul_entry_a, -1),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_set_emulation(self, (vm_address_t)emul_entry_a,
				    NUMBER_MAX),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(set_vector(self, 5, one, 0), KERN_SUCCESS);
	CHECK_EQ(get_vector(self, &start, got, 8), 0);

	/* Not a task. */
	mach_port_t thread = mach_thread_self();
	CHECK_EQ(set_vector(thread, 39, one, 1), KERN_INVALID_ARGUMENT);
	CHECK_EQ(task_set_emulation(thread, (vm_address_t)emul_entry_a, 39),
		 KERN_INVALID_ARGUMENT);
	emulation_vector_t v;
	mach_msg_type_number_t n;
	CHECK_EQ(task_get_emulation_vector(thread, &start, &v, &n),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(mach_port_deallocate(self, thread), KERN_SUCCESS);
	CHECK_EQ(set_vector(MACH_PORT_NULL, 39, one, 1),
		 MACH_SEND_INVALID_DEST);
}

/* The whole vector: set, grown, merged, read back. */
static void
check_vector(void)
{
	mach_port_t self = mach_task_self();
	int start;
	vm_offset_t got[16];
	vm_offset_t v[2] = { (vm_offset_t)emul_entry_a, 0 };
	CHECK_EQ(set_vector(self, 39, v, 2), KERN_SUCCESS);
	CHECK_EQ(get_vector(self, &start, got, 16), 2);
	CHECK_EQ(start, 39);
	CHECK_EQ(got[0], (vm_offset_t)emul_entry_a);
	CHECK_EQ(got[1], 0);
	/* One more entry past the end: the vector grows, 39 stays. */
	CHECK_EQ(task_set_emulation(self, (vm_address_t)emul_entry_b, 45),
		 KERN_SUCCESS);
	CHECK_EQ(get_vector(self, &start, got, 16), 7);
	CHECK_EQ(start, 39);
	CHECK_EQ(got[0], (vm_offset_t)emul_entry_a);
	for (int i = 1; i < 6; i++)
		CHECK_EQ(got[i], 0);
	CHECK_EQ(got[6], (vm_offset_t)emul_entry_b);
	/* A refused call changed nothing. */
	CHECK_EQ(set_vector(self, 38, (vm_offset_t[]){ 1, ~0ul }, 2),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(get_vector(self, &start, got, 16), 7);
	CHECK_EQ(start, 39);
	/* Within the range: overwritten in place. */
	CHECK_EQ(task_set_emulation(self, (vm_address_t)emul_entry_b, 42),
		 KERN_SUCCESS);
	CHECK_EQ(task_set_emulation(self, 0, 42), KERN_SUCCESS);
	CHECK_EQ(get_vector(self, &start, got, 16), 7);
	CHECK_EQ(got[3], 0);
}

/* One system call through the entry, every register checked. */
static void
probe(unsigned long number, vm_offset_t entry, unsigned long result)
{
	struct emul_regs in = {
		.rax = number,
		.rbx = 0x1111111111111111ul,
		.rdx = 0x3333333333333333ul,
		.rsi = 0x4444444444444444ul,
		.rdi = 0x5555555555555555ul,
		.rbp = 0x6666666666666666ul,
		.r8 = 0x8888888888888888ul,
		.r9 = 0x9999999999999999ul,
		.r10 = 0xaaaaaaaaaaaaaaaaul,
		.r12 = 0xc0c0c0c0c0c0c0c0ul,
		.r13 = 0xd0d0d0d0d0d0d0d0ul,
		.r14 = 0xe0e0e0e0e0e0e0e0ul,
		.r15 = 0xf0f0f0f0f0f0f0f0ul,
	};
	memset(&emul_seen, 0, sizeof emul_seen);
	memset(&emul_after, 0, sizeof emul_after);
	emul_probe(&in);
	(void)entry;
	struct emul_regs *s = &emul_seen;
	CHECK_EQ(s->rax, number);
	CHECK_EQ(s->rbx, in.rbx);
	CHECK_EQ(s->rcx, (unsigned long)emul_probe_return);
	CHECK_EQ(s->rdx, in.rdx);
	CHECK_EQ(s->rsi, in.rsi);
	CHECK_EQ(s->rdi, in.rdi);
	CHECK_EQ(s->rbp, in.rbp);
	CHECK_EQ(s->rsp, emul_rsp);
	CHECK_EQ(s->r8, in.r8);
	CHECK_EQ(s->r9, in.r9);
	CHECK_EQ(s->r10, in.r10);
	CHECK_EQ(s->r11, emul_flags);
	CHECK_EQ(s->r12, in.r12);
	CHECK_EQ(s->r13, in.r13);
	CHECK_EQ(s->r14, in.r14);
	CHECK_EQ(s->r15, in.r15);
	/* Back after the syscall with the entry's rax, the rest as the
	 * entry left them, the red zone as it was. */
	struct emul_regs *a = &emul_after;
	CHECK_EQ(a->rax, result);
	CHECK_EQ(a->rbx, in.rbx);
	CHECK_EQ(a->rcx, (unsigned long)emul_probe_return);
	CHECK_EQ(a->rdi, in.rdi);
	CHECK_EQ(a->r10, in.r10);
	CHECK_EQ(a->r11, emul_flags);
	CHECK_EQ(a->rsp, emul_rsp);
	CHECK_EQ(a->r15, in.r15);
	int red = 0;
	for (int i = 0; i < 16; i++)
		red += emul_red_zone[i] == 0x5a5a5a00ul;
	CHECK_EQ(red, 16);
}

static void
check_redirect(void)
{
	probe(39, (vm_offset_t)emul_entry_a, 39 + 1000);
	probe(45, (vm_offset_t)emul_entry_b, 45 + 2000);
	/* A Mach trap is still a trap with a vector in place. */
	mach_port_t t = mach_task_self();
	CHECK_EQ(t, mach_task_self());
}

/* The child's exception, caught here. */
static task_t child_task;
static int child_exceptions;
static rpc_long_integer_t child_subcode;
static unsigned long child_seen[2];

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
		      integer_t exception, integer_t code,
		      rpc_long_integer_t subcode)
{
	(void)port;
	child_exceptions++;
	CHECK_EQ(task, child_task);
	CHECK_EQ(exception, EXC_SOFTWARE);
	CHECK_EQ(code, BAD_SYSCALL_CODE);
	child_subcode = subcode;
	/* The child is stopped in its exception: read its results. */
	vm_offset_t data = 0;
	mach_msg_type_number_t n = 0;
	CHECK_EQ(vm_read(task, (vm_address_t)child_page, PAGE, &data, &n),
		 KERN_SUCCESS);
	if (data != 0) {
		memcpy(child_seen, (void *)data, sizeof child_seen);
		CHECK_EQ(vm_deallocate(mach_task_self(), data, PAGE),
			 KERN_SUCCESS);
	}
	CHECK_EQ(mach_port_deallocate(mach_task_self(), thread), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), task), KERN_SUCCESS);
	return KERN_FAILURE; /* not handled: the child ends */
}

/*
 * A child inheriting this task's memory and vector makes system call
 * 39 (entry a, in its copy) and then `number', which has no entry: its
 * exception comes here, and the failure answered ends it.
 */
static void
check_child(unsigned long number)
{
	mach_port_t self = mach_task_self();
	mach_port_t exc = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &exc),
		 KERN_SUCCESS);
	CHECK_EQ(
		mach_port_insert_right(self, exc, exc, MACH_MSG_TYPE_MAKE_SEND),
		KERN_SUCCESS);
	child_page[0] = child_page[1] = 0;
	child_page[2] = number;
	child_task = MACH_PORT_NULL;
	CHECK_EQ(task_create(self, TRUE, &child_task), KERN_SUCCESS);

	int ps, cs;
	vm_offset_t pv[16], cv[16];
	int pn = get_vector(self, &ps, pv, 16);
	CHECK_EQ(get_vector(child_task, &cs, cv, 16), pn);
	CHECK_EQ(cs, ps);
	for (int i = 0; i < pn && i < 16; i++)
		CHECK_EQ(cv[i], pv[i]);

	CHECK_EQ(task_set_special_port(child_task, TASK_EXCEPTION_PORT, exc),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, exc), KERN_SUCCESS);

	thread_t t = MACH_PORT_NULL;
	vm_address_t stack = 0;
	CHECK_EQ(thread_create(child_task, &t), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(child_task, &stack, STACK_SIZE, TRUE),
		 KERN_SUCCESS);
	struct i386_thread_state st;
	mach_msg_type_number_t sn = i386_THREAD_STATE_COUNT;
	CHECK_EQ(thread_get_state(t, i386_THREAD_STATE, (thread_state_t)&st,
				  &sn),
		 KERN_SUCCESS);
	st.rip = (unsigned long)emul_child;
	st.rdi = (unsigned long)child_page;
	st.ursp = stack + STACK_SIZE - 8;
	CHECK_EQ(thread_set_state(t, i386_THREAD_STATE, (thread_state_t)&st,
				  i386_THREAD_STATE_COUNT),
		 KERN_SUCCESS);
	CHECK_EQ(thread_resume(t), KERN_SUCCESS);

	union {
		mach_msg_header_t head;
		char bytes[512];
	} in, out;
	child_exceptions = 0;
	child_subcode = 0;
	memset(child_seen, 0, sizeof child_seen);
	mach_msg_return_t mr =
		mach_msg_trap(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			      sizeof in, exc, 10000, MACH_PORT_NULL);
	CHECK_EQ(mr, MACH_MSG_SUCCESS);
	if (mr == MACH_MSG_SUCCESS) {
		CHECK_EQ(in.head.msgh_id, 2400);
		CHECK(exc_server(&in.head, &out.head));
		CHECK_EQ(mach_msg_trap(&out.head, MACH_SEND_MSG,
				       out.head.msgh_size, 0, MACH_PORT_NULL, 0,
				       MACH_PORT_NULL),
			 MACH_MSG_SUCCESS);
	}
	CHECK_EQ(child_exceptions, 1);
	CHECK_EQ(child_subcode, (rpc_long_integer_t)number);
	CHECK_EQ(child_seen[0], 39 + 1000);
	CHECK_EQ(child_seen[1], 0x1234);
	CHECK_EQ(child_page[0], 0); /* its writes were its own */

	/* Unhandled, the exception ended it. */
	for (int i = 0;
	     i < 500 && rt_port_type(child_task) != MACH_PORT_TYPE_DEAD_NAME;
	     i++)
		sleep_ms(10);
	CHECK_EQ(rt_port_type(child_task), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(mach_port_deallocate(self, child_task), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, t), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(self, exc), KERN_SUCCESS);
}

int
main(void)
{
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &empty_port),
		 KERN_SUCCESS);
	check_arguments();
	check_vector();
	check_redirect();
	check_child(40);  /* a 0 entry */
	check_child(500); /* outside the vector */
	check_child(0);   /* below it */
	CHECK_EQ(mach_port_destroy(mach_task_self(), empty_port), KERN_SUCCESS);
	return rt_report("gnu-emul");
}
