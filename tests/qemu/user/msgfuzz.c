/*
 * msgfuzz.c: `msgfuzz N SEED' throws N hostile mach_msg calls at the
 * kernel: random headers (bits, sizes, names: its own ports, its task
 * port, stale, random, null, dead), random complex bodies (descriptors
 * of every name, size, count and inline bit, port items naming rights
 * it has and has not, out-of-line data and port arrays at addresses of
 * its own and not, of any size, with and without dealloc), random options, timeouts of 0, sizes beyond the
 * buffer and addresses that are not mapped.  Some go to kernel objects
 * (its task port: msgh_ids of mach_port.defs and mach.defs, and random
 * ones).  Every call must return (an error or success), never end the
 * task; it drains its ports now and then so replies do not pile up.
 * Then it checks the kernel still does its job: a valid message to its
 * own port comes back intact.  Exit status 0 when so.
 *
 * `msgfuzz N SEED peer' also throws messages at another task: the
 * kernel gives it a send right to that task's port as FUZZ_PEER and a
 * receive right of its own, which the other task sends to, as
 * FUZZ_SERVICE (tests/qemu/test_ipc_fuzz.c); it drains that one too.
 */

#include <mach/message.h>

#include "user.h"

#define BUF_SIZE     512
#define NPORTS       4
#define FUZZ_SERVICE 0x1006u
#define FUZZ_PEER    0x1007u

static uint64_t rng;

static uint32_t
rand32(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng >> 32);
}

static long
parse(const char *p)
{
	long n = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

static union {
	mach_msg_header_t head;
	uint32_t words[BUF_SIZE / 4];
} buf;

static mach_port_name_t ports[NPORTS], task_port;
static mach_port_name_t peer, service; /* with "peer", else null */

/* A name to put in a message: mostly ones that mean something. */
static mach_port_name_t
some_name(void)
{
	switch (rand32() % 8) {
	case 0:
		return MACH_PORT_NULL;
	case 1:
		return MACH_PORT_DEAD;
	case 2:
		return rand32();
	case 3:
		return peer != MACH_PORT_NULL && rand32() % 2 ? peer
							      : task_port;
	default:
		return ports[rand32() % NPORTS];
	}
}

/* A random disposition, mostly valid ones. */
static mach_msg_type_name_t
some_disposition(void)
{
	return rand32() % 4 == 0 ? rand32() % 32
				 : MACH_MSG_TYPE_MOVE_RECEIVE + rand32() % 7;
}

/*
 * Out-of-line items point into `pool' (or at addresses that are not the
 * task's): the fuzzer never writes it once filled with names, so a
 * dealloc bit that unmaps part of it, or a received copy mapped where
 * it was, harms nothing.  Items start in its first 64 KiB and are at
 * most 128 KiB long (or absurdly long: beyond anything mapped), so a
 * dealloc never reaches past it.
 */
#define POOL_WORDS 65536
static uint32_t pool[POOL_WORDS] __attribute__((aligned(4096)));

static uint64_t
some_address(void)
{
	switch (rand32() % 10) {
	case 0:
		return 0;
	case 1:
		return 0x10;
	case 2: /* the kernel half */
		return 0xffff800000000000ull + (rand32() & ~0xfffu);
	case 3: /* the top of user space, and beyond */
		return 0x7ffffffff000ull + (rand32() % 0x2000);
	case 4:
		return ((uint64_t)rand32() << 32) | rand32();
	default: /* in the pool, aligned or not */
		return (uint64_t)(uintptr_t)pool + rand32() % 0x10000;
	}
}

/* An out-of-line item at t, its pointer at `ptr': data of any element
 * size and count, or an array of names with any disposition. */
static void
ool_item(mach_msg_type_t *t, uint32_t *ptr)
{
	static const unsigned sizes[] = { 8, 16, 32, 64 };
	if (rand32() % 2) {
		t->msgt_name =
			rand32() % 4 != 0 ? MACH_MSG_TYPE_CHAR : rand32() % 32;
		t->msgt_size = rand32() % 8 != 0 ? sizes[rand32() % 4]
						 : rand32() % 0x10000;
		t->msgt_number =
			rand32() % 8 != 0 ? rand32() % 0x4000 : rand32();
	} else {
		t->msgt_name = some_disposition();
		t->msgt_size = rand32() % 8 != 0 ? 32 : 64;
		t->msgt_number = rand32() % 8 != 0 ? rand32() % 6 : rand32();
	}
	t->msgt_inline = 0;
	t->msgt_longform = rand32() % 2;
	t->msgt_deallocate = rand32() % 4 == 0;
	t->msgt_unused = rand32() % 16 == 0;
	uint64_t a = some_address();
	ptr[0] = (uint32_t)a;
	ptr[1] = (uint32_t)(a >> 32);
}

static void
random_message(void)
{
	for (unsigned i = 0; i < BUF_SIZE / 4; i++)
		buf.words[i] = rand32();
	mach_msg_header_t *h = &buf.head;
	h->msgh_bits = MACH_MSGH_BITS(some_disposition(), some_disposition());
	if (rand32() % 2)
		h->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	if (rand32() % 8 == 0)
		h->msgh_bits |= rand32();
	h->msgh_remote_port_do_not_use = some_name();
	h->msgh_protected_payload = rand32() % 2 ? some_name() : 0;
	uint32_t ids[] = { 3200 + rand32() % 40, 2000 + rand32() % 101,
			   rand32() };
	h->msgh_id = (mach_msg_id_t)ids[rand32() % 3];
	/* Items: descriptors of every kind, some naming our rights. */
	uint32_t *w = (uint32_t *)(h + 1), *end = buf.words + BUF_SIZE / 4;
	while (w + 4 <= end && rand32() % 4 != 0) {
		mach_msg_type_t *t = (mach_msg_type_t *)w;
		unsigned kind = rand32() % 4;
		if (kind == 0) {
			t->msgt_name = some_disposition();
			t->msgt_size = 64;
			t->msgt_number = 1 + rand32() % 2;
			t->msgt_inline = 1;
			t->msgt_longform = 0;
			t->msgt_deallocate = rand32() % 2;
			w[2] = some_name();
			w[3] = 0;
		} else if (kind == 1) {
			t->msgt_name = MACH_MSG_TYPE_INTEGER_32;
			t->msgt_size = 32;
			t->msgt_number = rand32() % 3;
			t->msgt_inline = rand32() % 4 != 0;
		} else if (rand32() % 2) {
			ool_item(t, w + 2);
			if (rand32() % 4 != 0) {
				w += 4;
				continue;
			}
		}
		w += 2 + 2 * (rand32() % 3);
	}
}

static void
drain_port(mach_port_name_t port)
{
	while (mach_msg_trap6(&buf, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			      BUF_SIZE, port, 0) != MACH_RCV_TIMED_OUT &&
	       rand32() % 64 != 0)
		;
}

static void
drain(void)
{
	for (unsigned i = 0; i < NPORTS; i++)
		drain_port(ports[i]);
	if (service != MACH_PORT_NULL)
		drain_port(service);
}

static long
one_call(void)
{
	random_message();
	long option = MACH_SEND_MSG | MACH_SEND_TIMEOUT;
	switch (rand32() % 4) {
	case 0:
		option |= MACH_RCV_MSG | MACH_RCV_TIMEOUT;
		break;
	case 1:
		option = MACH_RCV_MSG | MACH_RCV_TIMEOUT |
			 (rand32() % 2 ? MACH_RCV_LARGE : 0);
		break;
	case 2:
		option |= rand32() & 0xff0;
		option &= ~(long)(MACH_SEND_NOTIFY | MACH_RCV_NOTIFY);
		option |= MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT;
		break;
	default:
		break;
	}
	long send_size = rand32() % 8 == 0 ? rand32() : rand32() % BUF_SIZE;
	long rcv_size = rand32() % 8 == 0 ? rand32() : rand32() % BUF_SIZE;
	void *where = &buf;
	if (rand32() % 32 == 0)
		where = (void *)(uintptr_t)(rand32() % 2 ? 0x10 : 0x7ffffff000);
	/* Sizes beyond the buffer must not read past what is mapped:
	 * bounded unless the address is a bad one anyway. */
	if (where == &buf) {
		if ((unsigned long)send_size > BUF_SIZE)
			send_size = BUF_SIZE;
		if ((unsigned long)rcv_size > BUF_SIZE)
			rcv_size = BUF_SIZE;
	}
	buf.head.msgh_size = (mach_msg_size_t)send_size;
	return mach_msg_trap6(where, option, send_size, rcv_size,
			      (long)some_name(), 0);
}

/* A message to `dest' (by disposition `disp') carrying the right
 * `name' by disposition `what'. */
static long
send_right(mach_port_name_t dest, mach_msg_type_name_t disp,
	   mach_port_name_t name, mach_msg_type_name_t what)
{
	struct {
		mach_msg_header_t head;
		mach_msg_type_t type;
		mach_port_name_inlined_t port;
	} m = { 0 };
	m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(disp, 0);
	m.head.msgh_size = sizeof m;
	m.head.msgh_remote_port = dest;
	m.type.msgt_name = what;
	m.type.msgt_size = 64;
	m.type.msgt_number = 1;
	m.type.msgt_inline = 1;
	m.port.name = name;
	return mach_msg_trap6(&m, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof m,
			      0, 0, 0);
}

static mach_port_name_t
new_port(void)
{
	return (mach_port_name_t)mach_trap3(MACH_TRAP_mach_reply_port, 0, 0, 0);
}

static long
receive_on(mach_port_name_t name)
{
	return mach_msg_trap6(&buf, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			      BUF_SIZE, name, 0);
}

/* The receive right of each of n ports queued in a message on the
 * next: the task's end destroys the last, and the chain with it. */
static int
chain(unsigned n)
{
	mach_port_name_t prev = MACH_PORT_NULL;
	for (unsigned i = 0; i < n; i++) {
		mach_port_name_t p = new_port();
		if (p == MACH_PORT_NULL)
			return 1;
		if (prev != MACH_PORT_NULL &&
		    send_right(p, MACH_MSG_TYPE_MAKE_SEND, prev,
			       MACH_MSG_TYPE_MOVE_RECEIVE) != MACH_MSG_SUCCESS)
			return 2;
		prev = p;
	}
	return 0;
}

/*
 * A receive right sent to its own port, and two sent each into the
 * other's queue: the message that closes a cycle is destroyed (a
 * success for the sender), which destroys the ports of the cycle.
 */
static int
cycles(void)
{
	mach_port_name_t a = new_port(), b = new_port(), c = new_port();
	if (a == MACH_PORT_NULL || b == MACH_PORT_NULL || c == MACH_PORT_NULL)
		return 1;
	if (send_right(a, MACH_MSG_TYPE_MAKE_SEND, a,
		       MACH_MSG_TYPE_MOVE_RECEIVE) != MACH_MSG_SUCCESS ||
	    receive_on(a) != MACH_RCV_INVALID_NAME)
		return 2;

	/* A send right to b for ourselves, through c's queue. */
	if (send_right(c, MACH_MSG_TYPE_MAKE_SEND, b,
		       MACH_MSG_TYPE_MAKE_SEND) != MACH_MSG_SUCCESS ||
	    receive_on(c) != MACH_MSG_SUCCESS)
		return 3;
	/* b's receive right into c's queue (we keep b's send right), then
	 * c's into b's queue: that closes the cycle. */
	if (send_right(c, MACH_MSG_TYPE_MAKE_SEND, b,
		       MACH_MSG_TYPE_MOVE_RECEIVE) != MACH_MSG_SUCCESS ||
	    send_right(b, MACH_MSG_TYPE_COPY_SEND, c,
		       MACH_MSG_TYPE_MOVE_RECEIVE) != MACH_MSG_SUCCESS)
		return 4;
	/* Both died: c's name is gone, b's send right names a dead port. */
	if (receive_on(c) != MACH_RCV_INVALID_NAME ||
	    send_right(b, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL,
		       MACH_MSG_TYPE_COPY_SEND) != MACH_SEND_INVALID_DEST)
		return 5;
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && user_streq(argv[3], "peer")) {
		peer = FUZZ_PEER;
		service = FUZZ_SERVICE;
	} else if (argc != 3) {
		return 2;
	}
	long n = parse(argv[1]);
	rng = (uint64_t)parse(argv[2]) | 1;
	task_port = (mach_port_name_t)mach_trap3(MACH_TRAP_task_self, 0, 0, 0);
	for (unsigned i = 0; i < NPORTS; i++) {
		ports[i] = (mach_port_name_t)mach_trap3(
			MACH_TRAP_mach_reply_port, 0, 0, 0);
		if (ports[i] == MACH_PORT_NULL)
			return 3;
	}
	for (unsigned i = 0; i < 0x10000 / 4; i++)
		pool[i] = some_name();
	for (long i = 0; i < n; i++) {
		one_call();
		if (i % 16 == 0)
			drain();
	}

	if (chain(300) != 0)
		return 6;
	if (cycles() != 0)
		return 7;

	/* Still a working kernel: a fresh port, a message, back intact. */
	mach_port_name_t port = (mach_port_name_t)mach_trap3(
		MACH_TRAP_mach_reply_port, 0, 0, 0);
	if (port == MACH_PORT_NULL)
		return 4;
	struct {
		mach_msg_header_t head;
		mach_msg_type_t type;
		uint32_t value, pad;
	} m = { 0 };
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.head.msgh_size = sizeof m;
	m.head.msgh_remote_port = port;
	m.head.msgh_id = 4242;
	m.type.msgt_name = MACH_MSG_TYPE_INTEGER_32;
	m.type.msgt_size = 32;
	m.type.msgt_number = 1;
	m.type.msgt_inline = 1;
	m.value = 0x600dcafe;
	if (mach_msg_trap6(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof m, sizeof m,
			   port, 0) != MACH_MSG_SUCCESS ||
	    m.head.msgh_id != 4242 || m.value != 0x600dcafe ||
	    m.head.msgh_local_port != port)
		return 5;
	print("msgfuzz: done\n");
	return 0;
}
