/*
 * gnu_ool.c: out-of-line memory and port arrays in messages, as a
 * program built for GNU Mach sends them (gnumach-dev's message layout:
 * the descriptor, then an 8-byte pointer; port arrays of 32-bit names),
 * (gnu_port.c checks the kernel's out-of-line replies).  conformance.iso
 * boots it twice:
 *
 *	gnu_ool main ${oolpeer} $(task-create) $(task-resume)
 *	gnu_ool peer $(oolpeer=task-create) $(task-resume)
 *
 * "main" checks messages to a port of its own (sizes 0, 1, 4095, 4096
 * and 1 MiB, with and without dealloc, each side's writes invisible to
 * the other, port arrays of every disposition, every send error with
 * the sender's buffer and rights left as they were, a failed send given
 * back with its memory), then exchanges out-of-line data with "peer"
 * through ports it makes in the peer's space with the peer's task port.
 */

#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/thread_switch.h>
#include <string.h>

#include "rt.h"
#include "gnu/mach.h"
#include "gnu/mach_port.h"

#define PAGE     4096ul
#define MIB      (1ul << 20)
#define PEER_RCV 0x2002 /* the peer's receive right, made by main */
#define MAIN_RCV 0x2001 /* the peer's send right to main's port */

/* A message with one out-of-line item. */
struct ool_msg {
	mach_msg_header_t head;
	mach_msg_type_long_t type;
	void *addr;
};

/* Room for any message here. */
union buffer {
	mach_msg_header_t head;
	struct ool_msg o;
	char bytes[256];
};

static mach_port_t
new_receive_right(void)
{
	mach_port_t port = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &port),
		 KERN_SUCCESS);
	return port;
}

static mach_port_urefs_t
refs_of(mach_port_t name, mach_port_right_t right)
{
	mach_port_urefs_t refs = 0;
	if (mach_port_get_refs(mach_task_self(), name, right, &refs) !=
	    KERN_SUCCESS)
		return ~(mach_port_urefs_t)0;
	return refs;
}

static void
build_ool(struct ool_msg *m, mach_port_t dest, mach_msg_type_name_t disp,
	  mach_msg_type_name_t name, unsigned size, unsigned number,
	  const void *addr, int dealloc)
{
	memset(m, 0, sizeof *m);
	m->head.msgh_bits = MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(disp, 0);
	m->head.msgh_size = sizeof *m;
	m->head.msgh_remote_port = dest;
	m->head.msgh_local_port = MACH_PORT_NULL;
	m->head.msgh_id = 77;
	m->type.msgtl_name = name;
	m->type.msgtl_size = size;
	m->type.msgtl_number = number;
	m->type.msgtl_inline = 0;
	m->type.msgtl_longform = 1;
	m->type.msgtl_deallocate = dealloc;
	m->addr = (void *)addr;
}

static mach_msg_return_t
send(struct ool_msg *m, mach_msg_option_t extra, mach_msg_timeout_t timeout)
{
	return mach_msg_trap(&m->head, MACH_SEND_MSG | extra, m->head.msgh_size,
			     0, MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

static mach_msg_return_t
receive(union buffer *b, mach_port_t from, mach_msg_timeout_t timeout)
{
	return mach_msg_trap(&b->head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			     sizeof *b, from, timeout, MACH_PORT_NULL);
}

static vm_address_t
allocate(vm_size_t size)
{
	vm_address_t a = 0;
	CHECK_EQ(vm_allocate(mach_task_self(), &a, size, 1), KERN_SUCCESS);
	return a;
}

static void
fill(char *p, vm_size_t n, unsigned seed)
{
	for (vm_size_t i = 0; i < n; i++)
		p[i] = (char)(seed + i * 7 + i / 4096);
}

static int
same(const char *p, vm_size_t n, unsigned seed)
{
	for (vm_size_t i = 0; i < n; i++)
		if (p[i] != (char)(seed + i * 7 + i / 4096))
			return 0;
	return 1;
}

/* Whether [a, a + size) is free: a fixed allocation there succeeds. */
static int
is_free(vm_address_t a, vm_size_t size)
{
	vm_address_t at = a;
	if (vm_allocate(mach_task_self(), &at, size, 0) != KERN_SUCCESS)
		return 0;
	CHECK_EQ(vm_deallocate(mach_task_self(), at, size), KERN_SUCCESS);
	return 1;
}

/* Data of `size' bytes to a port of its own and back. */
static void
data_roundtrip(mach_port_t port, vm_size_t size, int dealloc)
{
	vm_size_t room = size < PAGE ? PAGE : (size + PAGE - 1) & ~(PAGE - 1);
	char *src = (char *)allocate(room);
	fill(src, size, (unsigned)size);
	struct ool_msg m;
	union buffer b;
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_CHAR, 8,
		  (unsigned)size, src, dealloc);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_size, sizeof(struct ool_msg));
	CHECK(b.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	CHECK_EQ(b.o.type.msgtl_number, size);
	CHECK_EQ(b.o.type.msgtl_inline, 0);
	char *got = b.o.addr;
	if (size == 0) {
		CHECK(got == NULL);
	} else {
		/* With dealloc the source's range is free again, and the
		 * lowest free range: the copy may land there. */
		CHECK(got != NULL && (dealloc || got != src));
		CHECK(same(got, size, (unsigned)size));
	}
	if (dealloc && size > 0) {
		if (got != src)
			CHECK(is_free((vm_address_t)src, room));
	} else if (size > 0) {
		/* Copy-on-write both ways. */
		got[0] ^= 0x55;
		got[size - 1] ^= 0x55;
		CHECK(same(src, size, (unsigned)size));
		src[size / 2] ^= 0x33;
		CHECK_EQ(got[size / 2], (char)((unsigned)size + (size / 2) * 7 +
					       (size / 2) / 4096));
		CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)src,
				       room),
			 KERN_SUCCESS);
	} else {
		/* No data: nothing is deallocated, as in GNU Mach. */
		CHECK(!is_free((vm_address_t)src, room));
		CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)src,
				       room),
			 KERN_SUCCESS);
	}
	if (size > 0)
		CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got,
				       size),
			 KERN_SUCCESS);
}

/* The source's offset in its page is kept. */
static void
unaligned(mach_port_t port)
{
	char *src = (char *)allocate(2 * PAGE);
	fill(src, 2 * PAGE, 9);
	struct ool_msg m;
	union buffer b;
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_INTEGER_16,
		  16, 100, src + PAGE - 3, 0);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	char *got = b.o.addr;
	CHECK_EQ(((vm_address_t)got) % PAGE, PAGE - 3);
	CHECK_EQ(memcmp(got, src + PAGE - 3, 200), 0);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got, 200),
		 KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)src, 2 * PAGE),
		 KERN_SUCCESS);
}

/* A send that must fail with `want': the buffer is as it was, nothing
 * is queued. */
static void
send_fails(mach_port_t port, struct ool_msg *m, mach_msg_return_t want)
{
	struct ool_msg saved = *m;
	union buffer b;
	CHECK_EQ(send(m, 0, 0), want);
	CHECK_EQ(memcmp(&saved, m, sizeof saved), 0);
	CHECK_EQ(receive(&b, port, 0), MACH_RCV_TIMED_OUT);
}

static void
send_errors(mach_port_t port)
{
	struct ool_msg m;
	char *page = (char *)allocate(PAGE);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)page, PAGE),
		 KERN_SUCCESS);
	/* Unmapped, in the kernel half, at the end of the address space,
	 * huge. */
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_CHAR, 8, 16,
		  page, 0);
	send_fails(port, &m, MACH_SEND_INVALID_MEMORY);
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_COPY_SEND,
		  32, 2, page, 0);
	send_fails(port, &m, MACH_SEND_INVALID_MEMORY);
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_CHAR, 8, 16,
		  (void *)0xffff800000100000ul, 0);
	send_fails(port, &m, MACH_SEND_INVALID_MEMORY);
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_CHAR, 8,
		  0x2000, (void *)0xfffffffffffff000ul, 1);
	send_fails(port, &m, MACH_SEND_INVALID_MEMORY);
	char *mapped = (char *)allocate(PAGE);
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_INTEGER_64,
		  64, 0xffffffffu, mapped, 1);
	send_fails(port, &m, MACH_SEND_INVALID_MEMORY);
	/* A huge dealloc that fails deallocates nothing. */
	mapped[0] = 1;
	CHECK_EQ(mapped[0], 1);
	/* Element sizes: data 8, 16, 32 or 64; names 32. */
	const unsigned bad_sizes[] = { 1, 12, 24, 128 };
	for (unsigned i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++) {
		build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_CHAR,
			  bad_sizes[i], 1, mapped, 0);
		send_fails(port, &m, MACH_SEND_INVALID_TYPE);
	}
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_COPY_SEND,
		  64, 1, mapped, 0);
	send_fails(port, &m, MACH_SEND_INVALID_TYPE);
	/* The pointer cut off. */
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_CHAR, 8, 1,
		  mapped, 0);
	CHECK_EQ(mach_msg_trap(&m.head, MACH_SEND_MSG, sizeof m - 8, 0,
			       MACH_PORT_NULL, 0, MACH_PORT_NULL),
		 MACH_SEND_MSG_TOO_SMALL);
	/* A bad name in the middle of an array: the rights moved in before
	 * it are destroyed, as GNU Mach's clean_partial does. */
	mach_port_t a = new_receive_right();
	CHECK_EQ(mach_port_insert_right(mach_task_self(), a, a,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), a, MACH_PORT_RIGHT_SEND,
				    2),
		 KERN_SUCCESS);
	mach_port_t *names = (mach_port_t *)mapped;
	names[0] = a;
	names[1] = a;
	names[2] = a + 0x1000;
	names[3] = a;
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MOVE_SEND,
		  32, 4, names, 0);
	send_fails(port, &m, MACH_SEND_INVALID_RIGHT);
	CHECK_EQ(refs_of(a, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(mach_port_destroy(mach_task_self(), a), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)mapped, PAGE),
		 KERN_SUCCESS);
}

/* Port arrays of each disposition, to a port of its own and back. */
static void
port_arrays(mach_port_t port)
{
	struct ool_msg m;
	union buffer b;
	mach_port_t *names = (mach_port_t *)allocate(PAGE);
	mach_port_t a = new_receive_right();

	/* MAKE_SEND three times, with null and dead: one name, 3 refs. */
	names[0] = a;
	names[1] = MACH_PORT_NULL;
	names[2] = MACH_PORT_DEAD;
	names[3] = a;
	names[4] = a;
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND,
		  32, 5, names, 0);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.o.type.msgtl_name, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(b.o.type.msgtl_size, 32);
	CHECK_EQ(b.o.type.msgtl_number, 5);
	mach_port_t *got = b.o.addr;
	CHECK(got != NULL && got != names);
	CHECK_EQ(got[0], a);
	CHECK_EQ(got[1], MACH_PORT_NULL);
	CHECK_EQ(got[2], MACH_PORT_DEAD);
	CHECK_EQ(got[3], a);
	CHECK_EQ(got[4], a);
	CHECK_EQ(rt_port_type(a), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(refs_of(a, MACH_PORT_RIGHT_SEND), 3);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got,
			       5 * sizeof *got),
		 KERN_SUCCESS);

	/* COPY_SEND and MOVE_SEND (with dealloc: the array goes). */
	names[0] = a;
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_COPY_SEND,
		  32, 1, names, 0);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(refs_of(a, MACH_PORT_RIGHT_SEND), 3);
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	got = b.o.addr;
	CHECK_EQ(got[0], a);
	CHECK_EQ(refs_of(a, MACH_PORT_RIGHT_SEND), 4);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got, 4),
		 KERN_SUCCESS);
	mach_port_t *moved = (mach_port_t *)allocate(PAGE);
	moved[0] = a;
	moved[1] = a;
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MOVE_SEND,
		  32, 2, moved, 1);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(refs_of(a, MACH_PORT_RIGHT_SEND), 2);
	CHECK(is_free((vm_address_t)moved, PAGE));
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	got = b.o.addr;
	CHECK_EQ(got[0], a);
	CHECK_EQ(got[1], a);
	CHECK_EQ(refs_of(a, MACH_PORT_RIGHT_SEND), 4);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got, 8),
		 KERN_SUCCESS);

	/* MAKE_SEND_ONCE, then MOVE_SEND_ONCE of the right received. */
	names[0] = a;
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND,
		  MACH_MSG_TYPE_MAKE_SEND_ONCE, 32, 1, names, 0);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.o.type.msgtl_name, MACH_MSG_TYPE_PORT_SEND_ONCE);
	got = b.o.addr;
	mach_port_t so = got[0];
	CHECK(MACH_PORT_VALID(so) && so != a);
	CHECK_EQ(rt_port_type(so), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got, 4),
		 KERN_SUCCESS);
	names[0] = so;
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND,
		  MACH_MSG_TYPE_MOVE_SEND_ONCE, 32, 1, names, 0);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(rt_port_type(so), 0);
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	got = b.o.addr;
	CHECK_EQ(rt_port_type(got[0]), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), got[0]), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got, 4),
		 KERN_SUCCESS);

	/* MOVE_RECEIVE: the receive right travels and comes back. */
	mach_port_t r = new_receive_right();
	names[0] = r;
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MOVE_RECEIVE,
		  32, 1, names, 0);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(rt_port_type(r), 0);
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(b.o.type.msgtl_name, MACH_MSG_TYPE_PORT_RECEIVE);
	got = b.o.addr;
	CHECK_EQ(rt_port_type(got[0]), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(mach_port_destroy(mach_task_self(), got[0]), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)got, 4),
		 KERN_SUCCESS);

	/* An empty array: a null pointer. */
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_COPY_SEND,
		  32, 0, names, 0);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	CHECK(b.o.addr == NULL);

	CHECK_EQ(mach_port_destroy(mach_task_self(), a), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)names, PAGE),
		 KERN_SUCCESS);
}

/* A send that times out on a full queue is given back: its data mapped
 * again in the sender, its rights named again. */
static void
given_back(mach_port_t port)
{
	struct ool_msg m;
	union buffer b;
	CHECK_EQ(mach_port_set_qlimit(mach_task_self(), port, 1), KERN_SUCCESS);
	char *src = (char *)allocate(PAGE);
	fill(src, PAGE, 3);
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_CHAR, 8,
		  PAGE, src, 0);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	build_ool(&m, port, MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_CHAR, 8,
		  PAGE, src, 1);
	CHECK_EQ(send(&m, MACH_SEND_TIMEOUT, 0), MACH_SEND_TIMED_OUT);
	char *back = m.addr;
	CHECK(back != NULL);
	CHECK(same(back, PAGE, 3));
	if (back != src)
		CHECK(is_free((vm_address_t)src, PAGE));
	CHECK_EQ(m.head.msgh_remote_port, port);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(m.head.msgh_bits),
		 MACH_MSG_TYPE_MOVE_SEND);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), port), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)back, PAGE),
		 KERN_SUCCESS);
	CHECK_EQ(receive(&b, port, 0), MACH_MSG_SUCCESS);
	CHECK(same(b.o.addr, PAGE, 3));
	CHECK_EQ(vm_deallocate(mach_task_self(), (vm_address_t)b.o.addr, PAGE),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_set_qlimit(mach_task_self(), port,
				      MACH_PORT_QLIMIT_DEFAULT),
		 KERN_SUCCESS);
}

/*
 * No room in the receiver: a message queued with out-of-line data and a
 * port array is received once the address space is full.  GNU Mach's
 * MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE, both pointers 0, the array's
 * rights released; the header and the rest delivered.
 */
static void
no_room(mach_port_t port)
{
	static struct {
		mach_msg_header_t head;
		mach_msg_type_long_t t_data;
		void *data;
		mach_msg_type_long_t t_ports;
		void *ports;
	} m, r;
	static vm_address_t chunks[512];
	unsigned nchunks = 0;
	mach_port_t task = mach_task_self();
	mach_port_t a = new_receive_right();
	CHECK_EQ(mach_port_insert_right(task, a, a, MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	char *src = (char *)allocate(PAGE);
	fill(src, PAGE, 1);
	mach_port_t names[2] = { a, a };

	memset(&m, 0, sizeof m);
	m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			   MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.head.msgh_size = sizeof m;
	m.head.msgh_remote_port = port;
	m.head.msgh_id = 81;
	m.t_data.msgtl_name = MACH_MSG_TYPE_CHAR;
	m.t_data.msgtl_size = 8;
	m.t_data.msgtl_number = PAGE;
	m.t_data.msgtl_longform = 1;
	m.data = src;
	m.t_ports.msgtl_name = MACH_MSG_TYPE_COPY_SEND;
	m.t_ports.msgtl_size = 32;
	m.t_ports.msgtl_number = 2;
	m.t_ports.msgtl_longform = 1;
	m.ports = names;
	CHECK_EQ(mach_msg_trap(&m.head, MACH_SEND_MSG, sizeof m, 0,
			       MACH_PORT_NULL, 0, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);

	/* Fill the address space, largest pieces first (lazily: no page
	 * is touched). */
	for (vm_size_t size = (vm_size_t)1 << 46; size >= PAGE; size /= 2) {
		vm_address_t at = 0;
		while (nchunks < 512 &&
		       vm_allocate(task, &at, size, 1) == KERN_SUCCESS) {
			chunks[nchunks++] = at;
			chunks[nchunks++] = size;
			at = 0;
		}
	}
	CHECK(nchunks < 512);
	mach_msg_return_t mr =
		mach_msg_trap(&r.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			      sizeof r, port, 0, MACH_PORT_NULL);
	for (unsigned i = 0; i < nchunks; i += 2)
		CHECK_EQ(vm_deallocate(task, chunks[i], chunks[i + 1]),
			 KERN_SUCCESS);
	CHECK_EQ(mr, MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE);
	CHECK_EQ(r.head.msgh_id, 81);
	CHECK(r.data == NULL);
	CHECK(r.ports == NULL);
	CHECK_EQ(refs_of(a, MACH_PORT_RIGHT_SEND), 1);
	CHECK(same(src, PAGE, 1));
	CHECK_EQ(mach_port_destroy(task, a), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, (vm_address_t)src, PAGE), KERN_SUCCESS);
}

/* vm_read answers a copy out of line; vm_write takes one; vm_copy. */
static void
read_write(void)
{
	mach_port_t task = mach_task_self();
	char *src = (char *)allocate(2 * PAGE);
	fill(src, 2 * PAGE, 5);
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	CHECK_EQ(vm_read(task, (vm_address_t)src, 2 * PAGE, &data, &count),
		 KERN_SUCCESS);
	CHECK_EQ(count, 2 * PAGE);
	char *got = (char *)data;
	CHECK(got != NULL && got != src);
	if (got != NULL) {
		CHECK(same(got, 2 * PAGE, 5));
		got[0] ^= 1; /* copy-on-write */
		CHECK(same(src, 2 * PAGE, 5));
		CHECK_EQ(vm_deallocate(task, data, count), KERN_SUCCESS);
	}
	char *buf = (char *)allocate(PAGE);
	fill(buf, PAGE, 77);
	CHECK_EQ(vm_write(task, (vm_address_t)src + PAGE, (vm_offset_t)buf,
			  PAGE),
		 KERN_SUCCESS);
	CHECK(same(src + PAGE, PAGE, 77));
	CHECK(same(src, PAGE, 5));
	CHECK_EQ(vm_copy(task, (vm_address_t)src + PAGE, PAGE,
			 (vm_address_t)src),
		 KERN_SUCCESS);
	CHECK(same(src, PAGE, 77));
	/* Unmapped: nothing read, nothing written, nothing left. */
	CHECK_EQ(vm_deallocate(task, (vm_address_t)src, 2 * PAGE),
		 KERN_SUCCESS);
	CHECK_EQ(vm_read(task, (vm_address_t)src, PAGE, &data, &count),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_write(task, (vm_address_t)src, (vm_offset_t)buf, PAGE),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_copy(task, (vm_address_t)src, PAGE, (vm_address_t)buf),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_copy(task, (vm_address_t)buf, PAGE, (vm_address_t)src),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_deallocate(task, (vm_address_t)buf, PAGE), KERN_SUCCESS);
}

/*
 * Between two tasks: main makes the peer's receive right PEER_RCV and
 * gives it a send right MAIN_RCV to its own port, then sends 1 MiB out
 * of line; the peer checks it, writes its copy and sends it back with
 * dealloc, with a port array of one send right to its port; main's
 * memory has not changed, the peer's writes are in what came back.
 */
static void
cross_task(mach_port_t peer)
{
	mach_port_t task = mach_task_self();
	mach_port_t mine = new_receive_right();
	mach_port_t to_peer = MACH_PORT_NULL;
	mach_msg_type_name_t got_type = 0;
	CHECK_EQ(mach_port_insert_right(peer, MAIN_RCV, mine,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate_name(peer, MACH_PORT_RIGHT_RECEIVE,
					 PEER_RCV),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_extract_right(peer, PEER_RCV,
					 MACH_MSG_TYPE_MAKE_SEND, &to_peer,
					 &got_type),
		 KERN_SUCCESS);
	CHECK_EQ(got_type, MACH_MSG_TYPE_PORT_SEND);

	char *src = (char *)allocate(MIB);
	fill(src, MIB, 21);
	struct ool_msg m;
	union buffer b;
	build_ool(&m, to_peer, MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_CHAR, 8,
		  MIB, src, 0);
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(receive(&b, mine, 10000), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 78);
	CHECK(same(src, MIB, 21));
	char *back = b.o.addr;
	CHECK(back != NULL);
	if (back != NULL) {
		CHECK_EQ(back[0], (char)~(char)21);
		CHECK_EQ(back[MIB - 1], 'p');
		back[0] = (char)21;
		back[MIB - 1] = src[MIB - 1];
		CHECK(same(back, MIB, 21));
		CHECK_EQ(vm_deallocate(task, (vm_address_t)back, MIB),
			 KERN_SUCCESS);
	}
	CHECK_EQ(receive(&b, mine, 10000), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 79);
	CHECK_EQ(b.o.type.msgtl_name, MACH_MSG_TYPE_PORT_SEND);
	mach_port_t *ports = b.o.addr;
	CHECK(ports != NULL);
	if (ports != NULL) {
		CHECK_EQ(ports[0], to_peer);
		CHECK_EQ(refs_of(to_peer, MACH_PORT_RIGHT_SEND), 2);
		CHECK_EQ(vm_deallocate(task, (vm_address_t)ports, 4),
			 KERN_SUCCESS);
	}
	/* Done: the peer may end. */
	build_ool(&m, to_peer, MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_CHAR, 8,
		  0, NULL, 0);
	m.head.msgh_id = 80;
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(task, to_peer, MACH_PORT_RIGHT_SEND, -2),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, mine), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, (vm_address_t)src, MIB), KERN_SUCCESS);
}

static int
peer_main(void)
{
	/* Wait for main to make the rights (a few seconds at most). */
	for (int i = 0; i < 5000 && rt_port_type(PEER_RCV) == 0; i++)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	CHECK_EQ(rt_port_type(PEER_RCV), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(rt_port_type(MAIN_RCV), MACH_PORT_TYPE_SEND);
	union buffer b;
	CHECK_EQ(receive(&b, PEER_RCV, 10000), MACH_MSG_SUCCESS);
	char *got = b.o.addr;
	CHECK_EQ(b.o.type.msgtl_number, MIB);
	CHECK(got != NULL);
	if (got == NULL)
		return rt_report("gnu-ool-peer");
	CHECK(same(got, MIB, 21));
	got[0] = (char)~(char)21;
	got[MIB - 1] = 'p';
	struct ool_msg m;
	build_ool(&m, MAIN_RCV, MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_CHAR, 8,
		  MIB, got, 1);
	m.head.msgh_id = 78;
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK(is_free((vm_address_t)got, MIB));
	mach_port_t names[1] = { PEER_RCV };
	build_ool(&m, MAIN_RCV, MACH_MSG_TYPE_COPY_SEND,
		  MACH_MSG_TYPE_MAKE_SEND, 32, 1, names, 0);
	m.head.msgh_id = 79;
	CHECK_EQ(send(&m, 0, 0), MACH_MSG_SUCCESS);
	/* Its port must live until main has its right. */
	CHECK_EQ(receive(&b, PEER_RCV, 10000), MACH_MSG_SUCCESS);
	CHECK_EQ(b.head.msgh_id, 80);
	return rt_report("gnu-ool-peer");
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "peer") == 0)
		return peer_main();
	CHECK(argc == 3 && strcmp(argv[1], "main") == 0);
	if (argc != 3)
		return rt_report("gnu-ool");
	mach_port_t port = new_receive_right();
	const vm_size_t sizes[] = { 0, 1, 4095, 4096, MIB };
	for (unsigned i = 0; i < sizeof sizes / sizeof *sizes; i++)
		for (int dealloc = 0; dealloc < 2; dealloc++)
			data_roundtrip(port, sizes[i], dealloc);
	unaligned(port);
	send_errors(port);
	port_arrays(port);
	given_back(port);
	read_write();
	no_room(port);
	CHECK_EQ(mach_port_destroy(mach_task_self(), port), KERN_SUCCESS);
	mach_port_t peer = rt_port_arg(argv[2]);
	CHECK(MACH_PORT_VALID(peer));
	cross_task(peer);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), peer), KERN_SUCCESS);
	return rt_report("gnu-ool");
}
