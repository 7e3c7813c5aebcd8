/*
 * dp_test.c: the default pager's boot test (servers/local.mk's
 * boot-defpager).  Started by servers/bootstrap beside
 * servers/default_pager, with the privileged host port as its
 * argument, it
 *
 *  - finds the pager through the name service ("default_pager") and
 *    checks that vm_set_default_memory_manager, asked with a null
 *    port, returns that same port as the current manager;
 *  - takes the kernel's place in the protocol, over real IPC: it makes
 *    an object's port, control and name ports, sends
 *    memory_object_create to the pager, data_return and
 *    data_initialize pages, then data_request, and reads what comes
 *    back on its control port (data_supply with its pages out of line,
 *    data_unavailable, data_error); terminate, init again (ready),
 *    the pages still there, terminate and the object's end (the
 *    pager's port dies: a send-once right kept on it turns dead);
 *  - sends it hostile messages (bad offsets and lengths, a wrong
 *    control port, create on an object's port or with a bad page size,
 *    a forged no-senders notification, an unknown id), each followed
 *    by a good request whose answer must be the next message, so the
 *    bad ones were dropped without an answer and the pager still
 *    serves;
 *  - checks the store's bound (max-pages=100 on its line), prints the
 *    pager's side of a page-out and page-in as bench lines, and ends
 *    with a bounded fuzz (test_fuzz).
 *
 * It prints "dp-test: N checks, F failed".
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach.h>
#include <mach/memory_object_default_user.h>
#include <mach/memory_object_user.h>
#include <mach/notify.h>
#include <servers/name.h>

#include "ns_check.h"
#include "sv_bench.h"

const char *check_prog = "dp-test";
int check_count, check_failures;

#define PG             4096u
#define OBJECT_PAGES   8u
#define WAIT_MS        10000u
/* mach.defs' ids of the pager's answers. */
#define ID_UNAVAILABLE 2039
#define ID_ERROR       2090
#define ID_SUPPLY      2093
#define ID_READY       2094
#define ID_LOCK        2044

static mach_port_t self;
static mach_port_t pager; /* a send right to its default port */

static union {
	mach_msg_header_t head;
	char buf[1024];
} msg;

/* The items of a received message, walked by their descriptors. */
struct item {
	unsigned name, bits, number;
	bool inl;
	const char *data; /* inline data, or where the OOL pointer is */
};

static unsigned
items(struct item *it, unsigned max)
{
	unsigned n = 0;
	const char *p = msg.buf + sizeof(mach_msg_header_t);
	const char *end = msg.buf + msg.head.msgh_size;
	while (p + sizeof(mach_msg_type_t) <= end && n < max) {
		const mach_msg_type_t *t = (const void *)p;
		struct item *x = &it[n++];
		x->name = t->msgt_name;
		x->bits = t->msgt_size;
		x->number = t->msgt_number;
		x->inl = t->msgt_inline;
		p += sizeof(mach_msg_type_t);
		if (t->msgt_longform) {
			const mach_msg_type_long_t *l = (const void *)t;
			x->name = l->msgtl_name;
			x->bits = l->msgtl_size;
			x->number = l->msgtl_number;
			p = (const char *)(l + 1);
		}
		x->data = p;
		uint64_t bytes =
			x->inl ? ((uint64_t)x->bits * x->number + 7) / 8
			       : sizeof(vm_offset_t);
		p += (bytes + 7) & ~7ull;
	}
	return n;
}

static uint64_t
item_u64(const struct item *x)
{
	uint64_t v = 0;
	memcpy(&v, x->data, x->bits / 8 > 8 ? 8 : x->bits / 8);
	return v;
}

/* The next message on port, which must come within WAIT_MS and be id. */
static bool
receive(mach_port_t port, mach_msg_id_t id)
{
	mach_msg_return_t mr =
		mach_msg(&msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			 sizeof msg, port, WAIT_MS, MACH_PORT_NULL);
	CHECK_EQ(mr, MACH_MSG_SUCCESS);
	if (mr != MACH_MSG_SUCCESS)
		return false;
	CHECK_EQ(msg.head.msgh_id, id);
	return msg.head.msgh_id == id;
}

/* Nothing more on port for a moment. */
static void
quiet(mach_port_t port)
{
	CHECK_EQ(mach_msg(&msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			  sizeof msg, port, 200, MACH_PORT_NULL),
		 MACH_RCV_TIMED_OUT);
}

/* An answer with an offset and a size (unavailable, error). */
static void
expect_range(mach_port_t control, mach_msg_id_t id, vm_offset_t offset,
	     vm_size_t size)
{
	struct item it[4];
	if (!receive(control, id))
		return;
	CHECK_EQ(items(it, 4), id == ID_ERROR ? 3 : 2);
	CHECK_EQ(item_u64(&it[0]), offset);
	CHECK_EQ(item_u64(&it[1]), size);
	if (id == ID_ERROR)
		CHECK_EQ((int)item_u64(&it[2]), KERN_FAILURE);
}

/* A data_supply of [offset, offset + size) whose page p is filled with
 * fill + p; its memory given back. */
static void
expect_supply(mach_port_t control, vm_offset_t offset, vm_size_t size,
	      unsigned char fill)
{
	struct item it[6];
	if (!receive(control, ID_SUPPLY))
		return;
	CHECK_EQ(items(it, 6), 5);
	CHECK_EQ(item_u64(&it[0]), offset);
	CHECK(!it[1].inl);
	CHECK_EQ(it[1].number, size);
	vm_offset_t data;
	memcpy(&data, it[1].data, sizeof data);
	bool same = true;
	for (vm_size_t p = 0; p < size / PG && data != 0; p++)
		for (unsigned i = 0; i < PG; i += 512)
			same = same && ((unsigned char *)data)[p * PG + i] ==
					       (unsigned char)(fill + p);
	CHECK(same);
	CHECK_EQ(item_u64(&it[2]), VM_PROT_NONE); /* lock_value */
	CHECK_EQ(item_u64(&it[3]), FALSE);        /* precious */
	CHECK_EQ(item_u64(&it[4]) & 0xffffffffu, MACH_PORT_NULL);
	if (data != 0)
		CHECK_EQ(vm_deallocate(self, data, size), KERN_SUCCESS);
}

/* size bytes of fresh pages, page p filled with fill + p. */
static vm_address_t
pages(vm_size_t size, unsigned char fill)
{
	vm_address_t a = 0;
	CHECK_EQ(vm_allocate(self, &a, size, TRUE), KERN_SUCCESS);
	for (vm_size_t p = 0; p < size / PG; p++)
		memset((void *)(a + p * PG), fill + (int)p, PG);
	return a;
}

static void
give_back(vm_address_t a, vm_size_t size)
{
	CHECK_EQ(vm_deallocate(self, a, size), KERN_SUCCESS);
}

static mach_port_t
receive_port(void)
{
	mach_port_t p = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &p),
		 KERN_SUCCESS);
	return p;
}

static mach_port_type_t
type_of(mach_port_t name)
{
	mach_port_type_t t = 0;
	if (mach_port_type(self, name, &t) != KERN_SUCCESS)
		return 0;
	return t;
}

static mach_port_t sleeper; /* never sent to: receives time out */

/* Wait (bounded, 2 s) for name to become a dead name. */
static bool
dies(mach_port_t name)
{
	for (int i = 0; i < 100; i++) {
		if (type_of(name) & MACH_PORT_TYPE_DEAD_NAME)
			return true;
		(void)mach_msg(&msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			       sizeof msg, sleeper, 20, MACH_PORT_NULL);
	}
	return false;
}

/* Another send right for the pager's default port: create moves one. */
static mach_port_t
pager_right(void)
{
	CHECK_EQ(mach_port_mod_refs(self, pager, MACH_PORT_RIGHT_SEND, 1),
		 KERN_SUCCESS);
	return pager;
}

/* A new object: its port (we keep a send right, as the kernel does,
 * and a send-once right to see it die), control and name ports (ours
 * to receive on). */
struct object {
	mach_port_t port, watch, control, name;
};

static kern_return_t
create(struct object *o, vm_size_t size, vm_size_t page_size)
{
	mach_msg_type_name_t got;
	o->port = receive_port();
	CHECK_EQ(mach_port_insert_right(self, o->port, o->port,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_extract_right(self, o->port,
					 MACH_MSG_TYPE_MAKE_SEND_ONCE,
					 &o->watch, &got),
		 KERN_SUCCESS);
	o->control = receive_port();
	o->name = receive_port();
	return memory_object_create(pager_right(), o->port, size, o->control,
				    o->name, page_size);
}

/* The pages a return leaves. */
static void
put(struct object *o, mach_port_t control, vm_offset_t offset, vm_size_t size,
    unsigned char fill)
{
	vm_address_t d = pages(size, fill);
	CHECK_EQ(memory_object_data_return(o->port, control, offset, d,
					   (mach_msg_type_number_t)size, TRUE,
					   FALSE),
		 KERN_SUCCESS);
	give_back(d, size);
}

static void
request(struct object *o, mach_port_t control, vm_offset_t offset,
	vm_size_t length)
{
	CHECK_EQ(memory_object_data_request(o->port, control, offset, length,
					    VM_PROT_READ | VM_PROT_WRITE),
		 KERN_SUCCESS);
}

static void
test_registration(mach_port_t host)
{
	mach_port_t current = MACH_PORT_NULL;
	CHECK_EQ(vm_set_default_memory_manager(host, &current), KERN_SUCCESS);
	/* The same port, so the same name in this task. */
	CHECK_EQ(current, pager);
	if (MACH_PORT_VALID(current))
		CHECK_EQ(mach_port_deallocate(self, current), KERN_SUCCESS);
	/* Only with the privileged host port. */
	mach_port_t other = MACH_PORT_NULL;
	CHECK_EQ(vm_set_default_memory_manager(self, &other),
		 KERN_INVALID_HOST);
	mach_print("dp-test: the pager is the default memory manager\n");
}

/* Last: a port of ours replaces the pager as the manager (the pager
 * cannot be put back: the call makes a send right from a receive
 * right, which only the pager holds).  Ours dies with this task, and
 * boot_servers checks the kernel lets it go. */
static void
test_replace(mach_port_t host)
{
	mach_port_t mine = receive_port(), old = mine;
	CHECK_EQ(vm_set_default_memory_manager(host, &old), KERN_SUCCESS);
	CHECK_EQ(old, pager);
	if (MACH_PORT_VALID(old) && old != mine)
		CHECK_EQ(mach_port_deallocate(self, old), KERN_SUCCESS);
	mach_port_t current = MACH_PORT_NULL;
	CHECK_EQ(vm_set_default_memory_manager(host, &current), KERN_SUCCESS);
	CHECK_EQ(current, mine);
	/* A send right to our port, under its name: one reference. */
	mach_port_urefs_t refs = 0;
	CHECK_EQ(mach_port_get_refs(self, mine, MACH_PORT_RIGHT_SEND, &refs),
		 KERN_SUCCESS);
	CHECK_EQ(refs, 1);
	CHECK_EQ(mach_port_deallocate(self, mine), KERN_SUCCESS);
}

static void
test_protocol(void)
{
	struct object o;
	vm_size_t size = OBJECT_PAGES * PG;
	CHECK_EQ(create(&o, size, PG), KERN_SUCCESS);
	/* Pages 0-1 returned, 1 again (replaced), 3 initialized, 1 and 3
	 * initialized again (kept as they are). */
	put(&o, o.control, 0, 2 * PG, 0x10);
	put(&o, o.control, PG, PG, 0x40);
	vm_address_t d = pages(3 * PG, 0x70);
	CHECK_EQ(
		memory_object_data_initialize(o.port, o.control, PG, d, 3 * PG),
		KERN_SUCCESS);
	give_back(d, 3 * PG);
	/* 0-3: held (0x10, 0x40, 0x71, 0x72), one supply; 4-5: never,
	 * one data_unavailable. */
	request(&o, o.control, 0, 6 * PG);
	struct item it[6];
	if (receive(o.control, ID_SUPPLY)) {
		CHECK_EQ(items(it, 6), 5);
		CHECK_EQ(item_u64(&it[0]), 0);
		CHECK_EQ(it[1].number, 4 * PG);
		vm_offset_t data = 0;
		memcpy(&data, it[1].data, sizeof data);
		const unsigned char *b = (const void *)data;
		if (b != NULL) {
			CHECK_EQ(b[0], 0x10);
			CHECK_EQ(b[PG + 7], 0x40);
			CHECK_EQ(b[2 * PG + 9], 0x71);
			CHECK_EQ(b[4 * PG - 1], 0x72);
			CHECK_EQ(vm_deallocate(self, data, 4 * PG),
				 KERN_SUCCESS);
		}
	}
	expect_range(o.control, ID_UNAVAILABLE, 4 * PG, 2 * PG);

	/* Hostile values: each dropped without an answer, the good
	 * request after it answered next. */
	CHECK_EQ(memory_object_data_request(o.port, o.control, 1, PG,
					    VM_PROT_READ),
		 KERN_SUCCESS);
	CHECK_EQ(memory_object_data_request(o.port, o.control, 0, PG - 1,
					    VM_PROT_READ),
		 KERN_SUCCESS);
	CHECK_EQ(memory_object_data_request(o.port, o.control, 0, 0,
					    VM_PROT_READ),
		 KERN_SUCCESS);
	CHECK_EQ(memory_object_data_request(o.port, o.control, -(vm_offset_t)PG,
					    2 * PG, VM_PROT_READ),
		 KERN_SUCCESS);
	mach_port_t other = receive_port();
	request(&o, other, 0, PG); /* not its control port */
	put(&o, other, 0, PG, 0xee);
	put(&o, o.control, size, PG, 0xee); /* past the end */
	d = pages(PG, 0xee);
	CHECK_EQ(memory_object_data_return(o.port, o.control, 0, d, 100, TRUE,
					   FALSE),
		 KERN_SUCCESS);
	give_back(d, PG);
	request(&o, o.control, 0, PG);
	expect_supply(o.control, 0, PG, 0x10); /* not 0xee */
	/* Past the end: data_error. */
	request(&o, o.control, size - PG, 2 * PG);
	expect_range(o.control, ID_ERROR, size - PG, 2 * PG);

	/* Messages on the wrong port, a forged no-senders, garbage. */
	struct object bad;
	mach_port_t wrong = receive_port(), wrong_control = receive_port(),
		    wrong_name = receive_port();
	CHECK_EQ(mach_port_mod_refs(self, o.port, MACH_PORT_RIGHT_SEND, 1),
		 KERN_SUCCESS);
	CHECK_EQ(memory_object_create(o.port, wrong, PG, wrong_control,
				      wrong_name, PG),
		 KERN_SUCCESS);
	struct {
		mach_msg_header_t head;
		mach_msg_type_t type;
		mach_port_mscount_t count;
		char pad[4];
	} n;
	memset(&n, 0, sizeof n);
	n.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	n.head.msgh_size = sizeof n;
	n.head.msgh_remote_port = o.port;
	n.head.msgh_id = MACH_NOTIFY_NO_SENDERS;
	n.type = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_INTEGER_32,
				    .msgt_size = 32,
				    .msgt_number = 1,
				    .msgt_inline = 1 };
	CHECK_EQ(mach_msg(&n.head, MACH_SEND_MSG, sizeof n, 0, MACH_PORT_NULL,
			  0, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	n.head.msgh_id = 9999;
	CHECK_EQ(mach_msg(&n.head, MACH_SEND_MSG, sizeof n, 0, MACH_PORT_NULL,
			  0, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	n.head.msgh_remote_port = pager;
	CHECK_EQ(mach_msg(&n.head, MACH_SEND_MSG, sizeof n, 0, MACH_PORT_NULL,
			  0, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	/* A bad page size: the object's port is destroyed by the pager. */
	CHECK_EQ(create(&bad, PG, 2 * PG), KERN_SUCCESS);
	CHECK(dies(bad.watch));
	CHECK(type_of(bad.port) & MACH_PORT_TYPE_DEAD_NAME);
	request(&o, o.control, PG, PG);
	expect_supply(o.control, PG, PG, 0x40);
	quiet(o.control);
	CHECK(!(type_of(o.watch) & MACH_PORT_TYPE_DEAD_NAME));

	/* Terminate, keeping a second send right (another mapping):
	 * the object stays; init again is answered ready and its pages
	 * are there. */
	CHECK_EQ(mach_port_mod_refs(self, o.port, MACH_PORT_RIGHT_SEND, 1),
		 KERN_SUCCESS);
	CHECK_EQ(memory_object_terminate(o.port, o.control, o.name),
		 KERN_SUCCESS);
	mach_port_t control2 = receive_port(), name2 = receive_port();
	CHECK_EQ(memory_object_init(o.port, control2, name2, PG), KERN_SUCCESS);
	if (receive(control2, ID_READY)) {
		CHECK_EQ(items(it, 6), 2);
		CHECK_EQ(item_u64(&it[0]), FALSE); /* may_cache */
		CHECK_EQ(item_u64(&it[1]), 2);     /* COPY_DELAY */
	}
	request(&o, control2, 2 * PG, PG);
	expect_supply(control2, 2 * PG, PG, 0x71);
	/* The kernel's unlock is answered with a lock_request. */
	CHECK_EQ(memory_object_data_unlock(o.port, control2, 0, PG,
					   VM_PROT_WRITE),
		 KERN_SUCCESS);
	receive(control2, ID_LOCK);
	/* The last terminate moves the last send right: the object
	 * ends. */
	CHECK_EQ(memory_object_terminate(o.port, control2, name2),
		 KERN_SUCCESS);
	CHECK(dies(o.watch));
	CHECK_EQ(mach_port_deallocate(self, o.watch), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, bad.watch), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, bad.port), KERN_SUCCESS);
	mach_port_t ours[] = { other, bad.control, bad.name, wrong_control,
			       wrong_name };
	for (unsigned i = 0; i < sizeof ours / sizeof ours[0]; i++)
		CHECK_EQ(mach_port_mod_refs(self, ours[i],
					    MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	/* What create and terminate moved is gone from here. */
	CHECK_EQ(type_of(o.control), 0);
	CHECK_EQ(type_of(control2), 0);
}

/*
 * An object whose control port is ours and never received from: the
 * pager's answers fill its queue and the rest are lost (a send
 * time-out of 0), so the pager does not wait on it: a new object's
 * request is still answered at once, and the object still ends.
 */
static void
test_full_control(void)
{
	struct object stuck, f;
	CHECK_EQ(create(&stuck, PG, PG), KERN_SUCCESS);
	for (unsigned i = 0; i < 40; i++)
		request(&stuck, stuck.control, 0, PG);
	CHECK_EQ(create(&f, PG, PG), KERN_SUCCESS);
	request(&f, f.control, 0, PG);
	expect_range(f.control, ID_UNAVAILABLE, 0, PG);
	CHECK_EQ(memory_object_terminate(f.port, f.control, f.name),
		 KERN_SUCCESS);
	CHECK(dies(f.watch));
	CHECK_EQ(mach_port_deallocate(self, f.watch), KERN_SUCCESS);
	/* What did get queued is the first answers, in order. */
	expect_range(stuck.control, ID_UNAVAILABLE, 0, PG);
	CHECK_EQ(memory_object_terminate(stuck.port, stuck.control, stuck.name),
		 KERN_SUCCESS);
	CHECK(dies(stuck.watch));
	CHECK_EQ(mach_port_deallocate(self, stuck.watch), KERN_SUCCESS);
}

/*
 * A bounded fuzz, as a hostile holder of the default port would: FUZZ
 * messages, half through the MIG user stubs with random values
 * (offsets, lengths, counts, page sizes, booleans, which of our ports
 * stands for control and name), half built by hand (random ids of
 * both interfaces and notify.defs, random items: integers, booleans,
 * send rights, out-of-line bytes), to the default port and to a live
 * object's port.  The pager's answers are drained as they come.  Then
 * the pager must still serve a new object, every object made on the
 * way must have ended (its port dead) and the pager must hold no send
 * right to any port of ours (mps_srights on each).
 */
#define FUZZ      1500u
#define FUZZ_POOL 6u

static uint64_t fuzz_state = 0x2545f4914f6cdd1dull;
static mach_port_t pool[FUZZ_POOL];
static mach_port_t watches[FUZZ];
static unsigned nwatches;
static vm_address_t fuzz_src; /* 64 pages of ours to send from */

static uint64_t
fuzz_rand(void)
{
	fuzz_state ^= fuzz_state << 13;
	fuzz_state ^= fuzz_state >> 7;
	fuzz_state ^= fuzz_state << 17;
	return fuzz_state;
}

static uint64_t
fuzz_offset(void)
{
	switch (fuzz_rand() % 6) {
	case 0:
		return 0;
	case 1:
		return (fuzz_rand() % 80) * PG;
	case 2:
		return fuzz_rand() % (80 * PG);
	case 3:
		return -(uint64_t)PG;
	case 4:
		return fuzz_rand();
	default:
		return PG;
	}
}

static uint64_t
fuzz_length(void)
{
	switch (fuzz_rand() % 6) {
	case 0:
		return 0;
	case 1:
		return (1 + fuzz_rand() % 8) * PG;
	case 2:
		return 1 + fuzz_rand() % (8 * PG);
	case 3:
		return -(uint64_t)PG;
	case 4:
		return fuzz_rand();
	default:
		return PG;
	}
}

static mach_port_t
fuzz_pool(void)
{
	return pool[fuzz_rand() % FUZZ_POOL];
}

/* Every answer waiting on our ports, destroyed with what it holds. */
static void
fuzz_drain(void)
{
	for (unsigned i = 0; i < FUZZ_POOL; i++)
		while (mach_msg(&msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				sizeof msg, pool[i], 0,
				MACH_PORT_NULL) == MACH_MSG_SUCCESS)
			mach_msg_destroy(&msg.head);
}

/* A pool port moved away (terminate, copy) is replaced. */
static void
fuzz_refill(void)
{
	for (unsigned i = 0; i < FUZZ_POOL; i++)
		if (!(type_of(pool[i]) & MACH_PORT_TYPE_RECEIVE))
			pool[i] = receive_port();
}

/* A fresh port for a create or copy: we keep only a send-once right
 * to watch it die. */
static mach_port_t
fuzz_object_port(void)
{
	mach_port_t p = receive_port();
	mach_msg_type_name_t got;
	if (nwatches < FUZZ &&
	    mach_port_extract_right(self, p, MACH_MSG_TYPE_MAKE_SEND_ONCE,
				    &watches[nwatches], &got) == KERN_SUCCESS)
		nwatches++;
	return p;
}

static void
fuzz_stub(struct object *l)
{
	vm_size_t n = fuzz_rand() % (64 * PG + 1);
	switch (fuzz_rand() % 9) {
	case 0:
		(void)memory_object_data_request(l->port, fuzz_pool(),
						 fuzz_offset(), fuzz_length(),
						 (vm_prot_t)(fuzz_rand() % 16));
		break;
	case 1:
		(void)memory_object_data_return(
			l->port, fuzz_pool(), fuzz_offset(), fuzz_src,
			(mach_msg_type_number_t)n, fuzz_rand() & 1,
			fuzz_rand() & 1);
		break;
	case 2:
		(void)memory_object_data_initialize(l->port, fuzz_pool(),
						    fuzz_offset(), fuzz_src,
						    (mach_msg_type_number_t)n);
		break;
	case 3:
		(void)memory_object_data_unlock(l->port, fuzz_pool(),
						fuzz_offset(), fuzz_length(),
						VM_PROT_WRITE);
		break;
	case 4:
		(void)memory_object_init(l->port, fuzz_pool(), fuzz_pool(),
					 fuzz_rand() & 1 ? PG : fuzz_length());
		break;
	case 5: {
		mach_port_t c = fuzz_pool(), nm = fuzz_pool();
		if (c == nm)
			break;
		(void)mach_port_mod_refs(self, l->port, MACH_PORT_RIGHT_SEND,
					 1);
		(void)memory_object_terminate(l->port, c, nm);
		fuzz_refill();
		break;
	}
	case 6:
		(void)memory_object_supply_completed(
			l->port, MACH_MSG_TYPE_COPY_SEND, fuzz_pool(),
			fuzz_offset(), fuzz_length(), KERN_SUCCESS, 0);
		break;
	case 7:
		(void)memory_object_create(
			pager_right(), fuzz_object_port(),
			fuzz_rand() & 1 ? fuzz_length() : 4 * PG, fuzz_pool(),
			fuzz_pool(), fuzz_rand() & 1 ? PG : fuzz_length());
		break;
	default:
		(void)memory_object_copy(l->port, fuzz_pool(), fuzz_offset(),
					 fuzz_length(), fuzz_object_port());
		break;
	}
}

static void
fuzz_raw(struct object *l)
{
	static const mach_msg_id_t ids[] = { 2200, 2201, 2202, 2203, 2204, 2205,
					     2206, 2207, 2208, 2209, 2250, 2251,
					     2252, 070,  0106, 0110, 3000 };
	union {
		mach_msg_header_t head;
		char buf[512];
	} m;
	memset(&m, 0, sizeof m);
	unsigned pos = sizeof(mach_msg_header_t);
	bool complex = false;
	unsigned nitems = (unsigned)(fuzz_rand() % 7);
	for (unsigned i = 0; i < nitems; i++) {
		mach_msg_type_t *t = (void *)(m.buf + pos);
		pos += sizeof *t;
		unsigned kind = (unsigned)(fuzz_rand() % 5);
		t->msgt_number = 1;
		t->msgt_inline = 1;
		uint64_t v = kind < 2 ? fuzz_offset() : fuzz_rand();
		if (kind == 0) {
			t->msgt_name = MACH_MSG_TYPE_INTEGER_64;
			t->msgt_size = 64;
		} else if (kind == 1 || kind == 2) {
			t->msgt_name = kind == 1 ? MACH_MSG_TYPE_INTEGER_32
						 : MACH_MSG_TYPE_BOOLEAN;
			t->msgt_size = 32;
			v &= kind == 2 ? 1 : 0xffffffffu;
		} else if (kind == 3) {
			t->msgt_name = MACH_MSG_TYPE_MAKE_SEND;
			t->msgt_size = 64;
			v = fuzz_pool();
			complex = true;
		} else {
			t->msgt_name = MACH_MSG_TYPE_BYTE;
			t->msgt_size = 8;
			t->msgt_inline = 0;
			t->msgt_number = (mach_msg_type_number_t)(fuzz_rand() %
								  (8 * PG + 1));
			v = fuzz_src;
			complex = true;
		}
		memcpy(m.buf + pos, &v, 8);
		pos += 8;
	}
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
			   (complex ? MACH_MSGH_BITS_COMPLEX : 0);
	m.head.msgh_size = pos;
	m.head.msgh_remote_port = fuzz_rand() & 1 ? l->port : pager;
	m.head.msgh_id = ids[fuzz_rand() % (sizeof ids / sizeof ids[0])];
	(void)mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, pos, 0,
		       MACH_PORT_NULL, WAIT_MS, MACH_PORT_NULL);
}

static void
test_fuzz(void)
{
	for (unsigned i = 0; i < FUZZ_POOL; i++)
		pool[i] = receive_port();
	fuzz_src = pages(64 * PG, 0x33);
	struct object l;
	CHECK_EQ(create(&l, 64 * PG, PG), KERN_SUCCESS);
	for (unsigned i = 0; i < FUZZ; i++) {
		if (fuzz_rand() & 1)
			fuzz_stub(&l);
		else
			fuzz_raw(&l);
		if (i % 4 == 3)
			fuzz_drain();
	}
	fuzz_drain();
	/* Still serving. */
	struct object f;
	CHECK_EQ(create(&f, PG, PG), KERN_SUCCESS);
	request(&f, f.control, 0, PG);
	expect_range(f.control, ID_UNAVAILABLE, 0, PG);
	CHECK_EQ(memory_object_terminate(f.port, f.control, f.name),
		 KERN_SUCCESS);
	CHECK(dies(f.watch));
	CHECK_EQ(mach_port_deallocate(self, f.watch), KERN_SUCCESS);
	/* Our send rights to the live object go: it ends too. */
	mach_port_urefs_t refs = 0;
	(void)mach_port_get_refs(self, l.port, MACH_PORT_RIGHT_SEND, &refs);
	if (refs > 0)
		CHECK_EQ(mach_port_mod_refs(self, l.port, MACH_PORT_RIGHT_SEND,
					    -(mach_port_delta_t)refs),
			 KERN_SUCCESS);
	CHECK(dies(l.watch));
	CHECK_EQ(mach_port_deallocate(self, l.watch), KERN_SUCCESS);
	unsigned alive = 0;
	for (unsigned i = 0; i < nwatches; i++) {
		alive += !dies(watches[i]);
		(void)mach_port_deallocate(self, watches[i]);
	}
	CHECK_EQ(alive, 0);
	fuzz_drain();
	/* No right of the pager's left on any port of ours. */
	mach_port_t ours[FUZZ_POOL + 2];
	memcpy(ours, pool, sizeof pool);
	ours[FUZZ_POOL] = l.control;
	ours[FUZZ_POOL + 1] = l.name;
	unsigned held = 0;
	for (unsigned i = 0; i < FUZZ_POOL + 2; i++) {
		mach_port_status_t st;
		if (mach_port_get_receive_status(self, ours[i], &st) ==
		    KERN_SUCCESS)
			held += st.mps_srights != FALSE;
	}
	CHECK_EQ(held, 0);
	give_back(fuzz_src, 64 * PG);
	char line[100];
	snprintf(line, sizeof line,
		 "dp-test: fuzz: %u messages, %u objects made and ended\n",
		 FUZZ, nwatches);
	mach_print(line);
}

/*
 * The boot line bounds the pager's store to STORE_BOUND pages, and
 * nothing is stored here now: a return of one page more keeps
 * STORE_BOUND of them, loses the last, and the object answers
 * data_error from then on (GNU Mach's rule); ended, its pages are free
 * again for the next object.
 */
#define STORE_BOUND 100u

static void
test_store_bound(void)
{
	struct object o;
	vm_size_t size = (STORE_BOUND + 1) * PG;
	CHECK_EQ(create(&o, size, PG), KERN_SUCCESS);
	put(&o, o.control, 0, size, 0);
	request(&o, o.control, 0, PG);
	expect_range(o.control, ID_ERROR, 0, PG);
	CHECK_EQ(memory_object_terminate(o.port, o.control, o.name),
		 KERN_SUCCESS);
	CHECK(dies(o.watch));
	CHECK_EQ(mach_port_deallocate(self, o.watch), KERN_SUCCESS);
	/* Room again: STORE_BOUND pages kept and read back. */
	CHECK_EQ(create(&o, STORE_BOUND * PG, PG), KERN_SUCCESS);
	put(&o, o.control, 0, STORE_BOUND * PG, 0x20);
	request(&o, o.control, (STORE_BOUND - 1) * PG, PG);
	expect_supply(o.control, (STORE_BOUND - 1) * PG, PG,
		      (unsigned char)(0x20 + STORE_BOUND - 1));
	CHECK_EQ(memory_object_terminate(o.port, o.control, o.name),
		 KERN_SUCCESS);
	CHECK(dies(o.watch));
	CHECK_EQ(mach_port_deallocate(self, o.watch), KERN_SUCCESS);
}

#define BENCH_PAGES 64u
#define BENCH_OPS   200u

enum bench_op { PAGE_OUT_IN, PAGE_IN, PAGE_IN_ZERO };

/* One operation on page i of o, as the kernel's side would do it. */
static bool
bench_one(struct object *o, enum bench_op op, unsigned i, vm_address_t src)
{
	vm_offset_t off = (vm_offset_t)(i % BENCH_PAGES) * PG;
	if (op == PAGE_OUT_IN &&
	    memory_object_data_return(o->port, o->control, off, src, PG, TRUE,
				      FALSE) != KERN_SUCCESS)
		return false;
	if (op == PAGE_IN_ZERO)
		off += BENCH_PAGES * PG;
	if (memory_object_data_request(o->port, o->control, off, PG,
				       VM_PROT_READ) != KERN_SUCCESS)
		return false;
	if (mach_msg(&msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof msg,
		     o->control, WAIT_MS, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return false;
	if (op == PAGE_IN_ZERO)
		return msg.head.msgh_id == ID_UNAVAILABLE;
	struct item it[6];
	if (msg.head.msgh_id != ID_SUPPLY || items(it, 6) != 5)
		return false;
	vm_offset_t data;
	memcpy(&data, it[1].data, sizeof data);
	return vm_deallocate(self, data, PG) == KERN_SUCCESS;
}

/* n operations; the count of those that went right. */
static unsigned
bench_run(struct object *o, enum bench_op op, unsigned n, vm_address_t src)
{
	unsigned ok = 0;
	for (unsigned i = 0; i < n; i++)
		ok += bench_one(o, op, i, src);
	return ok;
}

/*
 * The pager's side of a page-out and page-in, without the kernel's
 * fault path: a one-page data_return then a data_request answered by
 * data_supply (received, its page deallocated); a page-in alone; a
 * page-in of a page never stored (data_unavailable).  Each is timed
 * over BENCH_OPS and 2 * BENCH_OPS runs and the difference kept, so
 * the set-up cancels out.
 */
static void
bench(void)
{
	static const char *const names[] = {
		"defpager_page_out_in",
		"defpager_page_in",
		"defpager_page_in_unavailable",
	};
	struct object o;
	CHECK_EQ(create(&o, 2 * BENCH_PAGES * PG, PG), KERN_SUCCESS);
	vm_address_t src = pages(PG, 0x5c);
	CHECK_EQ(bench_run(&o, PAGE_OUT_IN, BENCH_PAGES, src), BENCH_PAGES);
	for (enum bench_op op = PAGE_OUT_IN; op <= PAGE_IN_ZERO; op++) {
		uint64_t t0 = rdtsc();
		unsigned ok = bench_run(&o, op, BENCH_OPS, src);
		uint64_t t1 = rdtsc();
		ok += bench_run(&o, op, 2 * BENCH_OPS, src);
		uint64_t t2 = rdtsc();
		CHECK_EQ(ok, 3 * BENCH_OPS);
		CHECK(t2 - t1 > t1 - t0);
		if (t2 - t1 > t1 - t0)
			bench_line(names[op], (t2 - t1) - (t1 - t0), BENCH_OPS);
	}
	give_back(src, PG);
	CHECK_EQ(memory_object_terminate(o.port, o.control, o.name),
		 KERN_SUCCESS);
	CHECK(dies(o.watch));
	CHECK_EQ(mach_port_deallocate(self, o.watch), KERN_SUCCESS);
}

int
main(int argc, char **argv)
{
	self = mach_task_self();
	mach_port_t host = MACH_PORT_NULL;
	if (argc == 2)
		host = (mach_port_t)strtoul(argv[1], NULL, 10);
	CHECK(MACH_PORT_VALID(host));
	sleeper = receive_port();
	CHECK_EQ(name_lookup(bootstrap_port, "default_pager", WAIT_MS, &pager),
		 KERN_SUCCESS);
	if (MACH_PORT_VALID(pager)) {
		test_registration(host);
		test_protocol();
		/* The pager still serves a new object. */
		struct object o;
		CHECK_EQ(create(&o, PG, PG), KERN_SUCCESS);
		request(&o, o.control, 0, PG);
		expect_range(o.control, ID_UNAVAILABLE, 0, PG);
		CHECK_EQ(memory_object_terminate(o.port, o.control, o.name),
			 KERN_SUCCESS);
		CHECK(dies(o.watch));
		CHECK_EQ(mach_port_deallocate(self, o.watch), KERN_SUCCESS);
		test_store_bound();
		bench();
		test_full_control();
		test_fuzz();
		test_replace(host);
	}
	return check_report();
}
