/*
 * gnu_thread.c: threads made and driven through mach.defs, as a program
 * built for GNU Mach does it (GNU MIG's stubs, gnumach-dev's headers):
 * thread_create gives a suspended thread with no user state;
 * thread_set_state gives it a stack and an entry; thread_resume starts
 * it.  The threads exchange messages with the main thread, are
 * suspended (and do not run), resumed, moved to another function while
 * stopped, have a blocked receive aborted (MACH_RCV_INTERRUPTED), read
 * memory through an FS base set by thread_set_state, and are terminated
 * (their ports become dead names), one by itself.  Every error code for
 * bad flavors, counts, states and ports is checked against GNU Mach's.
 *
 * The workers use only the mach_msg trap, with their own ports: the
 * MIG stubs' reply port (rt.c) is the main thread's alone.
 */

#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/port.h>
#include <mach/thread_info.h>
#include <mach/thread_special_ports.h>
#include <mach/thread_status.h>
#include <mach/thread_switch.h>
#include <string.h>

#include "rt.h"
#include "gnu/mach.h"
#include "gnu/mach_port.h"

#define STACK_SIZE  (64ul * 1024)
#define FP_387FX    4 /* gnumach-dev defines it for the kernel only */
#define USER_RFLAGS 0x200ul
#define NOTE_ID     77

/* What the main thread and the workers share. */
struct shared {
	mach_port_t echo;  /* worker echo's receive right */
	mach_port_t note;  /* the main thread's */
	mach_port_t empty; /* never sent to */
	mach_port_t inbox; /* worker_inbox's receive right */
	volatile unsigned long spins;
	volatile unsigned long parked;
	volatile mach_msg_return_t abort_result;
	volatile unsigned long fs_seen;
	volatile unsigned long self_end_returned;
	volatile char order[4]; /* who ran first: worker_mark_a, _b */
	volatile unsigned long marks;
};

static struct shared sh;
static volatile mach_msg_header_t inbox_buf[8];
static unsigned long fs_target = 0xfeedface12345678ul;

union msg {
	mach_msg_header_t head;
	char room[128];
};

/* Send a header-only message with id `id' to `dest' (a receive right
 * of this task: a send right is made). */
static mach_msg_return_t
note(mach_port_t dest, int id)
{
	union msg m;
	memset(&m, 0, sizeof m);
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.head.msgh_size = sizeof m.head;
	m.head.msgh_remote_port = dest;
	m.head.msgh_id = id;
	return mach_msg_trap(&m.head, MACH_SEND_MSG, sizeof m.head, 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

/* Block for ever on the empty port (until terminated). */
static void __attribute__((noreturn)) block_forever(void)
{
	union msg m;
	for (;;)
		mach_msg_trap(&m.head, MACH_RCV_MSG, 0, sizeof m, sh.empty, 0,
			      MACH_PORT_NULL);
}

/*
 * The workers.  They start with rdi their argument and a stack as after
 * a call; none returns (there is no return address).
 */

/* Answer each request on sh.echo with id 2 * id + 1. */
static void __attribute__((noreturn, used)) worker_echo(struct shared *s)
{
	union msg m;
	for (;;) {
		if (mach_msg_trap(&m.head, MACH_RCV_MSG, 0, sizeof m, s->echo,
				  0, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			continue;
		mach_port_t reply = m.head.msgh_remote_port;
		int id = m.head.msgh_id;
		memset(&m, 0, sizeof m);
		m.head.msgh_bits =
			MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.head.msgh_size = sizeof m.head;
		m.head.msgh_remote_port = reply;
		m.head.msgh_id = 2 * id + 1;
		mach_msg_trap(&m.head, MACH_SEND_MSG, sizeof m.head, 0,
			      MACH_PORT_NULL, 0, MACH_PORT_NULL);
	}
}

static void __attribute__((noreturn, used)) worker_spin(struct shared *s)
{
	for (;;)
		s->spins++;
}

/* Where thread_set_state moves the spinning worker. */
static void __attribute__((noreturn, used)) worker_parked(struct shared *s)
{
	s->parked = 0x5a5a;
	block_forever();
}

/* A receive that only thread_abort ends. */
static void __attribute__((noreturn, used)) worker_abort(struct shared *s)
{
	union msg m;
	s->abort_result = mach_msg_trap(&m.head, MACH_RCV_MSG, 0, sizeof m,
					s->empty, 0, MACH_PORT_NULL);
	note(s->note, NOTE_ID);
	block_forever();
}

/* Say that this worker ran, in order, then block. */
static void __attribute__((noreturn)) mark(struct shared *s, char who)
{
	if (s->marks < sizeof s->order)
		s->order[s->marks] = who;
	s->marks++;
	block_forever();
}

static void __attribute__((noreturn, used)) worker_mark_a(struct shared *s)
{
	mark(s, 'a');
}

static void __attribute__((noreturn, used)) worker_mark_b(struct shared *s)
{
	mark(s, 'b');
}

/* Receive on sh.inbox into inbox_buf, for ever. */
static void __attribute__((noreturn, used)) worker_inbox(struct shared *s)
{
	for (;;)
		mach_msg_trap((mach_msg_header_t *)inbox_buf, MACH_RCV_MSG, 0,
			      sizeof inbox_buf, s->inbox, 0, MACH_PORT_NULL);
}

/* Read the word at %fs:0: the FS base thread_set_state gave. */
static void __attribute__((noreturn, used)) worker_fs(struct shared *s)
{
	unsigned long v;
	__asm__ volatile("movq %%fs:0, %0" : "=r"(v));
	s->fs_seen = v;
	block_forever();
}

/* thread_terminate of itself, built by hand (thread_terminate, 2016:
 * a header-only request), with its own reply port. */
static void __attribute__((noreturn, used)) worker_self_end(struct shared *s)
{
	union msg m;
	memset(&m, 0, sizeof m);
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.head.msgh_size = sizeof m.head;
	m.head.msgh_remote_port = mach_thread_self();
	m.head.msgh_local_port = mach_reply_port();
	m.head.msgh_id = 2016;
	mach_msg_return_t mr = mach_msg_trap(
		&m.head, MACH_SEND_MSG | MACH_RCV_MSG, sizeof m.head, sizeof m,
		m.head.msgh_local_port, 0, MACH_PORT_NULL);
	s->self_end_returned = 1 + (unsigned long)mr; /* never */
	for (;;)
		;
}

/* Sleep `ms' milliseconds: a receive that times out. */
static void
sleep_ms(unsigned ms)
{
	union msg m;
	CHECK_EQ(mach_msg_trap(&m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			       sizeof m, sh.empty, ms, MACH_PORT_NULL),
		 MACH_RCV_TIMED_OUT);
}

static kern_return_t
get_regs(thread_t t, struct i386_thread_state *st)
{
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;
	memset(st, 0, sizeof *st);
	kern_return_t kr =
		thread_get_state(t, i386_THREAD_STATE, (thread_state_t)st, &n);
	if (kr == KERN_SUCCESS)
		CHECK_EQ(n, i386_THREAD_STATE_COUNT);
	return kr;
}

static kern_return_t
set_regs(thread_t t, const struct i386_thread_state *st)
{
	return thread_set_state(t, i386_THREAD_STATE, (thread_state_t)st,
				i386_THREAD_STATE_COUNT);
}

static struct thread_basic_info
basic_info(thread_t t)
{
	struct thread_basic_info bi;
	mach_msg_type_number_t n = THREAD_BASIC_INFO_COUNT;
	memset(&bi, 0, sizeof bi);
	CHECK_EQ(thread_info(t, THREAD_BASIC_INFO, (thread_info_t)&bi, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, THREAD_BASIC_INFO_COUNT);
	return bi;
}

/* A new thread with a fresh stack, running fn(&sh) once resumed. */
static thread_t
start_worker(void (*fn)(struct shared *), int resume)
{
	thread_t t = MACH_PORT_NULL;
	vm_address_t stack = 0;
	CHECK_EQ(thread_create(mach_task_self(), &t), KERN_SUCCESS);
	CHECK_EQ(vm_allocate(mach_task_self(), &stack, STACK_SIZE, TRUE),
		 KERN_SUCCESS);
	struct i386_thread_state st;
	CHECK_EQ(get_regs(t, &st), KERN_SUCCESS);
	st.rip = (unsigned long)fn;
	st.rdi = (unsigned long)&sh;
	st.ursp = stack + STACK_SIZE - 8; /* as after a call */
	CHECK_EQ(set_regs(t, &st), KERN_SUCCESS);
	if (resume)
		CHECK_EQ(thread_resume(t), KERN_SUCCESS);
	return t;
}

/* Wait up to a second for `*word' to become nonzero. */
static int
wait_for(volatile unsigned long *word)
{
	for (int i = 0; i < 100 && *word == 0; i++)
		sleep_ms(10);
	return *word != 0;
}

/* A created thread: suspended, no user state, every state error. */
static void
check_created(void)
{
	thread_t t = MACH_PORT_NULL;
	CHECK_EQ(thread_create(mach_task_self(), &t), KERN_SUCCESS);
	CHECK(rt_port_type(t) & MACH_PORT_TYPE_SEND);

	struct thread_basic_info bi = basic_info(t);
	CHECK_EQ(bi.suspend_count, 1);
	CHECK_EQ(bi.run_state, TH_STATE_STOPPED);

	struct i386_thread_state st;
	CHECK_EQ(get_regs(t, &st), KERN_SUCCESS);
	CHECK_EQ(st.rip, 0);
	CHECK_EQ(st.ursp, 0);
	CHECK_EQ(st.rax, 0);
	CHECK_EQ(st.cs & 3, 3);
	CHECK_EQ(st.ss & 3, 3);
	CHECK(st.rfl & USER_RFLAGS);
	CHECK_EQ(st.rsp, 0);

	/* Counts. */
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT - 1;
	CHECK_EQ(
		thread_get_state(t, i386_THREAD_STATE, (thread_state_t)&st, &n),
		KERN_INVALID_ARGUMENT);
	natural_t big[1024];
	n = 1024;
	CHECK_EQ(thread_get_state(t, i386_THREAD_STATE, big, &n), KERN_SUCCESS);
	CHECK_EQ(n, i386_THREAD_STATE_COUNT);
	CHECK_EQ(thread_set_state(t, i386_THREAD_STATE, (thread_state_t)&st,
				  i386_THREAD_STATE_COUNT - 1),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_set_state(t, i386_THREAD_STATE, big, 1025),
		 MIG_ARRAY_TOO_LARGE);
	/* Flavors: unknown, and V86 (not on x86_64). */
	n = 1024;
	CHECK_EQ(thread_get_state(t, 99, big, &n), KERN_INVALID_ARGUMENT);
	n = 1024;
	CHECK_EQ(thread_get_state(t, i386_V86_ASSIST_STATE, big, &n),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_set_state(t, 99, big, 64), KERN_INVALID_ARGUMENT);
	/* The flavor list, GNU Mach's three on x86_64. */
	n = 2;
	CHECK_EQ(thread_get_state(t, THREAD_STATE_FLAVOR_LIST, big, &n),
		 KERN_INVALID_ARGUMENT);
	n = 3;
	CHECK_EQ(thread_get_state(t, THREAD_STATE_FLAVOR_LIST, big, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, 3);
	CHECK_EQ(big[0], i386_THREAD_STATE);
	CHECK_EQ(big[1], i386_FLOAT_STATE);
	CHECK_EQ(big[2], i386_ISA_PORT_MAP_STATE);
	n = 1024;
	CHECK_EQ(thread_get_state(t, i386_ISA_PORT_MAP_STATE, big, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, i386_ISA_PORT_MAP_STATE_COUNT);
	CHECK_EQ(big[0], 0xffffffffu); /* no I/O ports */

	/* States that could not return to user mode. */
	struct i386_thread_state bad = st;
	bad.rip = 0x8000000000000000ul;
	CHECK_EQ(set_regs(t, &bad), KERN_INVALID_ARGUMENT);
	bad = st;
	bad.ursp = 0x0000800000000000ul;
	CHECK_EQ(set_regs(t, &bad), KERN_INVALID_ARGUMENT);
	bad = st;
	bad.cs = 0;
	CHECK_EQ(thread_set_state(t, i386_REGS_SEGS_STATE, (thread_state_t)&bad,
				  i386_THREAD_STATE_COUNT),
		 KERN_INVALID_ARGUMENT);
	bad = st;
	bad.cs &= ~3u; /* a kernel privilege level */
	CHECK_EQ(thread_set_state(t, i386_REGS_SEGS_STATE, (thread_state_t)&bad,
				  i386_THREAD_STATE_COUNT),
		 KERN_INVALID_ARGUMENT);
	bad = st;
	bad.ss = 0;
	CHECK_EQ(thread_set_state(t, i386_REGS_SEGS_STATE, (thread_state_t)&bad,
				  i386_THREAD_STATE_COUNT),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_set_state(t, i386_REGS_SEGS_STATE, (thread_state_t)&st,
				  i386_THREAD_STATE_COUNT),
		 KERN_SUCCESS);
	/* Nothing of the refused states stuck. */
	struct i386_thread_state now;
	CHECK_EQ(get_regs(t, &now), KERN_SUCCESS);
	CHECK_EQ(now.rip, 0);
	CHECK_EQ(now.ursp, 0);

	/* rflags: IOPL, NT and RF go, IF stays, as GNU Mach. */
	bad = st;
	bad.rfl = 0x3000 | 0x4000 | 0x10000 | 0x1; /* IOPL NT RF CF */
	bad.rax = 0x1234;
	CHECK_EQ(set_regs(t, &bad), KERN_SUCCESS);
	CHECK_EQ(get_regs(t, &now), KERN_SUCCESS);
	CHECK_EQ(now.rfl & 0x17000, 0);
	CHECK(now.rfl & USER_RFLAGS);
	CHECK(now.rfl & 0x1);
	CHECK_EQ(now.rax, 0x1234);

	/* thread_info. */
	struct thread_basic_info bis;
	n = THREAD_BASIC_INFO_COUNT - 12 - 1;
	CHECK_EQ(thread_info(t, THREAD_BASIC_INFO, (thread_info_t)&bis, &n),
		 KERN_INVALID_ARGUMENT);
	n = THREAD_BASIC_INFO_COUNT - 12; /* without the 64-bit times */
	CHECK_EQ(thread_info(t, THREAD_BASIC_INFO, (thread_info_t)&bis, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, THREAD_BASIC_INFO_COUNT - 12);
	CHECK_EQ(bis.suspend_count, 1);
	struct thread_sched_info si;
	n = THREAD_SCHED_INFO_COUNT;
	CHECK_EQ(thread_info(t, THREAD_SCHED_INFO, (thread_info_t)&si, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, THREAD_SCHED_INFO_COUNT);
	CHECK_EQ(si.policy, POLICY_TIMESHARE);
	CHECK_EQ(si.depressed, 0);
	/* One short is taken, and the whole given: the stub says so. */
	n = THREAD_SCHED_INFO_COUNT - 1;
	CHECK_EQ(thread_info(t, THREAD_SCHED_INFO, (thread_info_t)&si, &n),
		 MIG_ARRAY_TOO_LARGE);
	n = THREAD_SCHED_INFO_COUNT - 2;
	CHECK_EQ(thread_info(t, THREAD_SCHED_INFO, (thread_info_t)&si, &n),
		 KERN_INVALID_ARGUMENT);
	n = THREAD_INFO_MAX;
	CHECK_EQ(thread_info(t, 99, (thread_info_t)big, &n),
		 KERN_INVALID_ARGUMENT);

	/* Resume and suspend counts; it never runs (rip 0 would fault). */
	CHECK_EQ(thread_suspend(t), KERN_SUCCESS);
	CHECK_EQ(basic_info(t).suspend_count, 2);
	CHECK_EQ(thread_resume(t), KERN_SUCCESS);
	CHECK_EQ(basic_info(t).suspend_count, 1);
	CHECK_EQ(thread_abort(t), KERN_SUCCESS);
	CHECK_EQ(basic_info(t).run_state, TH_STATE_STOPPED);

	/* Never started: it ends without running. */
	CHECK_EQ(thread_terminate(t), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(t), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(thread_resume(t), MACH_SEND_INVALID_DEST);
	mach_port_t p;
	CHECK_EQ(thread_get_special_port(t, THREAD_KERNEL_PORT, &p),
		 MACH_SEND_INVALID_DEST);
	CHECK_EQ(thread_terminate(t), MACH_SEND_INVALID_DEST);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), t), KERN_SUCCESS);
}

/* Ports that name no thread, and the caller itself. */
static void
check_bad_ports(void)
{
	natural_t big[1024];
	mach_msg_type_number_t n = 1024;
	thread_t self = mach_thread_self();

	CHECK_EQ(thread_get_state(self, i386_THREAD_STATE, big, &n),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_set_state(self, i386_THREAD_STATE, big,
				  i386_THREAD_STATE_COUNT),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_abort(self), KERN_INVALID_ARGUMENT);
	/* GNU Mach sets the caller's own FS and GS bases. */
	struct i386_fsgs_base_state fsgs = { 0, 0 };
	CHECK_EQ(thread_set_state(self, i386_FSGS_BASE_STATE,
				  (thread_state_t)&fsgs,
				  i386_FSGS_BASE_STATE_COUNT),
		 KERN_SUCCESS);
	struct thread_basic_info bi = basic_info(self);
	CHECK_EQ(bi.run_state, TH_STATE_RUNNING);
	CHECK_EQ(bi.suspend_count, 0);
	CHECK_EQ(thread_resume(self), KERN_FAILURE); /* count 0 */
	CHECK_EQ(mach_port_deallocate(mach_task_self(), self), KERN_SUCCESS);

	/* A task port is no thread, a thread port no task. */
	CHECK_EQ(thread_suspend(mach_task_self()), KERN_INVALID_ARGUMENT);
	n = 1024;
	CHECK_EQ(thread_get_state(mach_task_self(), i386_THREAD_STATE, big, &n),
		 KERN_INVALID_ARGUMENT);
	thread_t t = MACH_PORT_NULL;
	self = mach_thread_self();
	CHECK_EQ(thread_create(self, &t), KERN_INVALID_ARGUMENT);
	CHECK_EQ(t, MACH_PORT_NULL);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), self), KERN_SUCCESS);
	/* No port, a name that is nothing, a receive right. */
	CHECK_EQ(thread_resume(MACH_PORT_NULL), MACH_SEND_INVALID_DEST);
	CHECK_EQ(thread_terminate(0x7777), MACH_SEND_INVALID_DEST);
}

/* Two threads exchange messages. */
static void
check_echo(thread_t echo)
{
	mach_port_t reply = mach_reply_port();
	for (int i = 1; i <= 3; i++) {
		union msg m;
		memset(&m, 0, sizeof m);
		m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
						  MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.head.msgh_size = sizeof m.head;
		m.head.msgh_remote_port = sh.echo;
		m.head.msgh_local_port = reply;
		m.head.msgh_id = 1000 * i;
		CHECK_EQ(mach_msg_trap(&m.head, MACH_SEND_MSG | MACH_RCV_MSG,
				       sizeof m.head, sizeof m, reply, 0,
				       MACH_PORT_NULL),
			 MACH_MSG_SUCCESS);
		CHECK_EQ(m.head.msgh_id, 2000 * i + 1);
	}
	CHECK_EQ(mach_port_destroy(mach_task_self(), reply), KERN_SUCCESS);
	sleep_ms(10); /* back in its receive */
	struct thread_basic_info bi = basic_info(echo);
	CHECK_EQ(bi.suspend_count, 0);
	CHECK_EQ(bi.run_state, TH_STATE_WAITING); /* in its receive */
}

/* A suspended thread does not run; counts nest; state moves it. */
static void
check_suspend(thread_t spin)
{
	CHECK(wait_for(&sh.spins));
	CHECK_EQ(thread_suspend(spin), KERN_SUCCESS);
	sleep_ms(20); /* it reaches its stop */
	unsigned long c1 = sh.spins;
	sleep_ms(50);
	CHECK_EQ(sh.spins, c1);
	struct thread_basic_info bi = basic_info(spin);
	CHECK_EQ(bi.suspend_count, 1);
	CHECK_EQ(bi.run_state, TH_STATE_STOPPED);
	CHECK_EQ(thread_suspend(spin), KERN_SUCCESS);
	CHECK_EQ(thread_resume(spin), KERN_SUCCESS);
	sleep_ms(50);
	CHECK_EQ(sh.spins, c1); /* still one suspension */
	CHECK_EQ(thread_resume(spin), KERN_SUCCESS);
	sleep_ms(50);
	CHECK(sh.spins != c1);
	CHECK_EQ(thread_resume(spin), KERN_FAILURE);

	/* Its registers while stopped: in worker_spin, its own stack. */
	CHECK_EQ(thread_suspend(spin), KERN_SUCCESS);
	sleep_ms(20);
	struct i386_thread_state st;
	CHECK_EQ(get_regs(spin, &st), KERN_SUCCESS);
	CHECK(st.rip >= (unsigned long)worker_spin &&
	      st.rip < (unsigned long)worker_spin + 64);
	CHECK(st.ursp != 0);

	/* The FPU state: initial, then set, then reset. */
	struct i386_float_state fs;
	mach_msg_type_number_t n = i386_FLOAT_STATE_COUNT - 1;
	CHECK_EQ(thread_get_state(spin, i386_FLOAT_STATE, (thread_state_t)&fs,
				  &n),
		 KERN_INVALID_ARGUMENT);
	n = i386_FLOAT_STATE_COUNT;
	CHECK_EQ(thread_get_state(spin, i386_FLOAT_STATE, (thread_state_t)&fs,
				  &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, i386_FLOAT_STATE_COUNT);
	CHECK_EQ(fs.fpkind, FP_387FX);
	CHECK_EQ(fs.initialized, 1);
	struct i386_fp_save env;
	memcpy(&env, fs.hw_state, sizeof env);
	CHECK_EQ(env.fp_control, 0x37f);
	CHECK_EQ(env.fp_tag, 0xffff); /* all empty */
	env.fp_control = 0x27f;
	memcpy(fs.hw_state, &env, sizeof env);
	CHECK_EQ(thread_set_state(spin, i386_FLOAT_STATE, (thread_state_t)&fs,
				  i386_FLOAT_STATE_COUNT - 1),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_set_state(spin, i386_FLOAT_STATE, (thread_state_t)&fs,
				  i386_FLOAT_STATE_COUNT),
		 KERN_SUCCESS);
	n = i386_FLOAT_STATE_COUNT;
	CHECK_EQ(thread_get_state(spin, i386_FLOAT_STATE, (thread_state_t)&fs,
				  &n),
		 KERN_SUCCESS);
	memcpy(&env, fs.hw_state, sizeof env);
	CHECK_EQ(env.fp_control, 0x27f);
	fs.initialized = 0;
	CHECK_EQ(thread_set_state(spin, i386_FLOAT_STATE, (thread_state_t)&fs,
				  i386_FLOAT_STATE_COUNT),
		 KERN_SUCCESS);
	CHECK_EQ(thread_get_state(spin, i386_FLOAT_STATE, (thread_state_t)&fs,
				  &n),
		 KERN_SUCCESS);
	memcpy(&env, fs.hw_state, sizeof env);
	CHECK_EQ(env.fp_control, 0x37f);

	/* Moved to worker_parked while stopped. */
	st.rip = (unsigned long)worker_parked;
	st.rdi = (unsigned long)&sh;
	st.ursp = (st.ursp & ~15ul) - 8;
	CHECK_EQ(set_regs(spin, &st), KERN_SUCCESS);
	CHECK_EQ(sh.parked, 0);
	CHECK_EQ(thread_resume(spin), KERN_SUCCESS);
	CHECK(wait_for(&sh.parked));
	CHECK_EQ(sh.parked, 0x5a5a);
}

/*
 * A suspended thread's receive does not complete (no message is copied
 * into its memory) until it is resumed, as GNU Mach.
 */
static void
check_suspended_receive(thread_t t)
{
	for (int i = 0; i < 100; i++) {
		if (basic_info(t).run_state == TH_STATE_WAITING)
			break;
		sleep_ms(10);
	}
	CHECK_EQ(thread_suspend(t), KERN_SUCCESS);
	CHECK_EQ(basic_info(t).run_state, TH_STATE_STOPPED);
	CHECK_EQ(note(sh.inbox, 4242), MACH_MSG_SUCCESS);
	sleep_ms(50);
	CHECK(inbox_buf[0].msgh_id != 4242);
	CHECK_EQ(basic_info(t).run_state, TH_STATE_STOPPED);
	CHECK_EQ(thread_resume(t), KERN_SUCCESS);
	for (int i = 0; i < 100 && inbox_buf[0].msgh_id != 4242; i++)
		sleep_ms(10);
	CHECK_EQ(inbox_buf[0].msgh_id, 4242);
}

/* thread_abort ends a blocked receive with MACH_RCV_INTERRUPTED. */
static void
check_abort(thread_t t)
{
	for (int i = 0; i < 100; i++) {
		if (basic_info(t).run_state == TH_STATE_WAITING)
			break;
		sleep_ms(10);
	}
	CHECK_EQ(basic_info(t).run_state, TH_STATE_WAITING);
	CHECK_EQ(sh.abort_result, 0);
	CHECK_EQ(thread_abort(t), KERN_SUCCESS);
	union msg m;
	CHECK_EQ(mach_msg_trap(&m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			       sizeof m, sh.note, 1000, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, NOTE_ID);
	CHECK_EQ(sh.abort_result, MACH_RCV_INTERRUPTED);
}

/* The FS and GS bases: set, read back, and used by the thread. */
static void
check_fsgs(void)
{
	thread_t t = start_worker(worker_fs, 0);
	struct i386_fsgs_base_state b;
	mach_msg_type_number_t n = i386_FSGS_BASE_STATE_COUNT;
	CHECK_EQ(thread_get_state(t, i386_FSGS_BASE_STATE, (thread_state_t)&b,
				  &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, i386_FSGS_BASE_STATE_COUNT);
	CHECK_EQ(b.fs_base, 0);
	CHECK_EQ(b.gs_base, 0);
	n = i386_FSGS_BASE_STATE_COUNT - 1;
	CHECK_EQ(thread_get_state(t, i386_FSGS_BASE_STATE, (thread_state_t)&b,
				  &n),
		 KERN_INVALID_ARGUMENT);
	b.fs_base = 0x0000800000000000ul; /* not canonical */
	b.gs_base = 0;
	CHECK_EQ(thread_set_state(t, i386_FSGS_BASE_STATE, (thread_state_t)&b,
				  i386_FSGS_BASE_STATE_COUNT),
		 KERN_INVALID_ARGUMENT);
	b.fs_base = (unsigned long)&fs_target;
	b.gs_base = 0x8000000000001000ul; /* GNU Mach clears bit 63 */
	CHECK_EQ(thread_set_state(t, i386_FSGS_BASE_STATE, (thread_state_t)&b,
				  i386_FSGS_BASE_STATE_COUNT - 1),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_set_state(t, i386_FSGS_BASE_STATE, (thread_state_t)&b,
				  i386_FSGS_BASE_STATE_COUNT),
		 KERN_SUCCESS);
	n = i386_FSGS_BASE_STATE_COUNT;
	CHECK_EQ(thread_get_state(t, i386_FSGS_BASE_STATE, (thread_state_t)&b,
				  &n),
		 KERN_SUCCESS);
	CHECK_EQ(b.fs_base, (unsigned long)&fs_target);
	CHECK_EQ(b.gs_base, 0x1000);
	CHECK_EQ(thread_resume(t), KERN_SUCCESS);
	CHECK(wait_for(&sh.fs_seen));
	CHECK_EQ(sh.fs_seen, fs_target);
	CHECK_EQ(thread_terminate(t), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(t), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), t), KERN_SUCCESS);
}

/* A thread that terminates itself: its port dies. */
static void
check_self_end(void)
{
	thread_t t = start_worker(worker_self_end, 1);
	for (int i = 0; i < 100 && rt_port_type(t) != MACH_PORT_TYPE_DEAD_NAME;
	     i++)
		sleep_ms(10);
	CHECK_EQ(rt_port_type(t), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(sh.self_end_returned, 0);
	natural_t info[THREAD_BASIC_INFO_COUNT];
	mach_msg_type_number_t n = THREAD_BASIC_INFO_COUNT;
	CHECK_EQ(thread_info(t, THREAD_BASIC_INFO, (thread_info_t)info, &n),
		 MACH_SEND_INVALID_DEST);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), t), KERN_SUCCESS);
}

static mach_port_urefs_t
send_refs(mach_port_t name)
{
	mach_port_urefs_t refs = 0;
	CHECK_EQ(mach_port_get_refs(mach_task_self(), name,
				    MACH_PORT_RIGHT_SEND, &refs),
		 KERN_SUCCESS);
	return refs;
}

/* Whether any send right to our receive right `name' exists. */
static int
has_senders(mach_port_t name)
{
	mach_port_status_t st;
	memset(&st, 0, sizeof st);
	CHECK_EQ(mach_port_get_receive_status(mach_task_self(), name, &st),
		 KERN_SUCCESS);
	return st.mps_srights;
}

/*
 * A thread's special ports: its own port, and its exception port, whose
 * send right the thread holds until it ends.  Returns that port.
 */
static mach_port_t
check_special_ports(thread_t t)
{
	mach_port_t p = MACH_PORT_NULL;
	CHECK_EQ(thread_get_special_port(t, THREAD_KERNEL_PORT, &p),
		 KERN_SUCCESS);
	CHECK_EQ(p, t); /* the same right, one more reference */
	CHECK_EQ(mach_port_deallocate(mach_task_self(), p), KERN_SUCCESS);
	p = 0x55;
	CHECK_EQ(thread_get_special_port(t, THREAD_EXCEPTION_PORT, &p),
		 KERN_SUCCESS);
	CHECK_EQ(p, MACH_PORT_NULL);
	CHECK_EQ(thread_get_special_port(t, 2, &p), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_get_special_port(t, 99, &p), KERN_INVALID_ARGUMENT);

	mach_port_t exc = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &exc),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(mach_task_self(), exc, exc,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(thread_set_special_port(t, 99, exc), KERN_INVALID_ARGUMENT);
	CHECK_EQ(send_refs(exc), 1); /* the refused copy is gone */
	CHECK_EQ(thread_set_special_port(t, THREAD_EXCEPTION_PORT, exc),
		 KERN_SUCCESS);
	CHECK_EQ(thread_get_special_port(t, THREAD_EXCEPTION_PORT, &p),
		 KERN_SUCCESS);
	CHECK_EQ(p, exc);
	CHECK_EQ(send_refs(exc), 2);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), exc), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), exc), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(exc), MACH_PORT_TYPE_RECEIVE);
	CHECK(has_senders(exc)); /* the thread's */
	/* Set again: the old right is released, the new one kept. */
	CHECK_EQ(thread_set_special_port(t, THREAD_EXCEPTION_PORT,
					 MACH_PORT_NULL),
		 KERN_SUCCESS);
	CHECK(!has_senders(exc));
	CHECK_EQ(mach_port_insert_right(mach_task_self(), exc, exc,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(thread_set_special_port(t, THREAD_EXCEPTION_PORT, exc),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), exc), KERN_SUCCESS);
	CHECK(has_senders(exc));
	return exc;
}

/* task_threads: a send right to each thread's port, out of line. */
static void
check_task_threads(const thread_t *mine, unsigned n)
{
	thread_array_t list = 0;
	mach_msg_type_number_t count = 0;
	thread_t self = mach_thread_self();
	CHECK_EQ(task_threads(mach_task_self(), &list, &count), KERN_SUCCESS);
	CHECK_EQ(count, n + 1);
	unsigned found = 0, found_self = 0;
	for (unsigned i = 0; i < count; i++) {
		for (unsigned j = 0; j < n; j++)
			found += list[i] == mine[j];
		found_self += list[i] == self;
		CHECK_EQ(mach_port_deallocate(mach_task_self(), list[i]),
			 KERN_SUCCESS);
	}
	CHECK_EQ(found, n);
	CHECK_EQ(found_self, 1);
	for (unsigned j = 0; j < n; j++)
		CHECK_EQ(send_refs(mine[j]), 1); /* what we had */
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)list,
			       count * sizeof *list),
		 KERN_SUCCESS);
	CHECK_EQ(task_threads(self, &list, &count), KERN_INVALID_ARGUMENT);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), self), KERN_SUCCESS);
}

static void
end_thread(thread_t t)
{
	CHECK_EQ(thread_terminate(t), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(t), MACH_PORT_TYPE_DEAD_NAME);
	struct thread_basic_info bi;
	mach_msg_type_number_t n = THREAD_BASIC_INFO_COUNT;
	CHECK_EQ(thread_info(t, THREAD_BASIC_INFO, (thread_info_t)&bi, &n),
		 MACH_SEND_INVALID_DEST);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), t), KERN_SUCCESS);
}

/*
 * thread_switch's hint: of two workers made runnable in turn, the one
 * named runs first (without it, the first made runnable would); a
 * name that is no thread (the task's own port, a receive right, junk)
 * is no hint; a bad option is refused before anything runs.
 */
static void
check_switch_hint(void)
{
	mach_port_t task = mach_task_self();
	CHECK_EQ(thread_switch(MACH_PORT_NULL, 3, 0), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_switch(MACH_PORT_NULL, -1, 0), KERN_INVALID_ARGUMENT);
	CHECK_EQ(thread_switch(task, SWITCH_OPTION_NONE, 0), KERN_SUCCESS);
	CHECK_EQ(thread_switch(sh.empty, SWITCH_OPTION_NONE, 0), KERN_SUCCESS);
	CHECK_EQ(thread_switch(0x7ffff123, SWITCH_OPTION_DEPRESS, 0),
		 KERN_SUCCESS);

	const int options[] = { SWITCH_OPTION_NONE, SWITCH_OPTION_WAIT };
	for (unsigned round = 0; round < 2; round++) {
		sh.marks = 0;
		thread_t a = start_worker(worker_mark_a, 0);
		thread_t b = start_worker(worker_mark_b, 0);
		/* Both made runnable, a first; the caller keeps the CPU. */
		CHECK_EQ(thread_resume(a), KERN_SUCCESS);
		CHECK_EQ(thread_resume(b), KERN_SUCCESS);
		CHECK_EQ(sh.marks, 0);
		CHECK_EQ(thread_switch(b, options[round], 1), KERN_SUCCESS);
		CHECK(wait_for(&sh.marks));
		sleep_ms(10);
		CHECK_EQ(sh.marks, 2);
		CHECK_EQ(sh.order[0], 'b');
		CHECK_EQ(sh.order[1], 'a');
		end_thread(a);
		end_thread(b);
	}
}

int
main(void)
{
	mach_port_t task = mach_task_self();
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &sh.echo),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &sh.note),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &sh.empty),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &sh.inbox),
		 KERN_SUCCESS);

	check_created();
	check_bad_ports();

	thread_t echo = start_worker(worker_echo, 1);
	check_echo(echo);
	thread_t spin = start_worker(worker_spin, 1);
	check_suspend(spin);
	thread_t abortee = start_worker(worker_abort, 1);
	check_abort(abortee);
	thread_t inbox = start_worker(worker_inbox, 1);
	check_suspended_receive(inbox);
	end_thread(inbox);
	mach_port_t exc = check_special_ports(echo);
	const thread_t mine[] = { echo, spin, abortee };
	check_task_threads(mine, 3);
	check_fsgs();
	check_self_end();
	check_switch_hint();

	end_thread(echo);
	/* Its end released the thread's exception port. */
	CHECK(!has_senders(exc));
	CHECK_EQ(mach_port_destroy(task, exc), KERN_SUCCESS);
	end_thread(spin);
	end_thread(abortee);
	return rt_report("gnu-thread");
}
