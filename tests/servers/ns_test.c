/*
 * ns_test.c: the name service's boot test (tests/servers/local.mk): a
 * client of the bootstrap server started by it, checking every routine
 * of interfaces/servers/name.defs, its errors, look-ups that wait (and
 * are answered when the name appears, or time out), the limit on
 * waiters, names dying with their port (ns_peer's), and hand-made
 * hostile requests.  It prints "ns-test: N checks, F failed".
 */

#include <string.h>

#include <servers/name.h>

#include "ns_check.h"

const char *check_prog = "ns-test";
int check_count, check_failures;

static int64_t
uptime_ms(void)
{
	static mach_port_t host;
	time_value64_t t = { 0, 0 };
	if (host == MACH_PORT_NULL)
		host = mach_host_self();
	CHECK_EQ(host_get_uptime64(host, &t), KERN_SUCCESS);
	return t.seconds * 1000 + t.nanoseconds / 1000000;
}

static mach_port_urefs_t
send_refs(mach_port_t p)
{
	mach_port_urefs_t r = 0;
	(void)mach_port_get_refs(mach_task_self(), p, MACH_PORT_RIGHT_SEND, &r);
	return r;
}

/* name_lookup's request, made by hand (name.defs' layout). */
struct lookup_request {
	mach_msg_header_t head;
	mach_msg_type_t name_type;
	char name[64];
	mach_msg_type_t timeout_type;
	natural_t timeout;
	char pad[4];
};

struct lookup_reply {
	mig_reply_header_t r;
	mach_msg_type_t port_type;
	mach_port_name_inlined_t port;
	char room[64];
};

static const mach_msg_type_t string_type = {
	.msgt_name = MACH_MSG_TYPE_STRING_C,
	.msgt_size = 8,
	.msgt_number = 64,
	.msgt_inline = 1,
};
static const mach_msg_type_t int_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_number = 1,
	.msgt_inline = 1,
};

/* Send a look-up of name to the bootstrap port, its reply to reply with
 * disposition reply_type. */
static mach_msg_return_t
send_lookup(const char *name, natural_t timeout, mach_port_t reply,
	    mach_msg_type_name_t reply_type, mach_msg_id_t id)
{
	struct lookup_request m;
	memset(&m, 0, sizeof m);
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, reply_type);
	m.head.msgh_size = sizeof m;
	m.head.msgh_remote_port = bootstrap_port;
	m.head.msgh_local_port = reply;
	m.head.msgh_id = id;
	m.name_type = string_type;
	memcpy(m.name, name, strnlen(name, sizeof m.name - 1));
	m.timeout_type = int_type;
	m.timeout = timeout;
	return mach_msg(&m.head, MACH_SEND_MSG, sizeof m, 0, MACH_PORT_NULL, 0,
			MACH_PORT_NULL);
}

/* The RetCode of the reply on port, or -1 if none came within ms. */
static kern_return_t
receive_reply(mach_port_t port, mach_msg_timeout_t ms, mach_port_t *got)
{
	struct lookup_reply m;
	mach_msg_return_t mr =
		mach_msg(&m.r.Head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			 sizeof m, port, ms, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return -1;
	if (got != NULL)
		*got = m.r.Head.msgh_size == 64 ? m.port.name : MACH_PORT_NULL;
	else if (m.r.Head.msgh_size == 64)
		(void)mach_port_deallocate(mach_task_self(), m.port.name);
	return m.r.RetCode;
}

static void
check_basics(void)
{
	mach_port_t a = new_port(), b = new_port(), got = MACH_PORT_NULL;

	CHECK_EQ(name_register(bootstrap_port, "ns.a", a), KERN_SUCCESS);
	CHECK_EQ(name_register(bootstrap_port, "ns.a", a), KERN_NAME_EXISTS);
	CHECK_EQ(name_register(bootstrap_port, "ns.a", b), KERN_NAME_EXISTS);
	/* The same port under a second name. */
	CHECK_EQ(name_register(bootstrap_port, "ns.a2", a), KERN_SUCCESS);
	/* Registering took no reference of ours (copy-send). */
	CHECK_EQ(send_refs(a), 1);
	CHECK_EQ(name_lookup(bootstrap_port, "ns.a", 0, &got), KERN_SUCCESS);
	CHECK_EQ(got, a);
	CHECK_EQ(send_refs(a), 2);
	(void)mach_port_deallocate(mach_task_self(), got);
	CHECK_EQ(name_lookup(bootstrap_port, "ns.a2", 0, &got), KERN_SUCCESS);
	CHECK_EQ(got, a);
	(void)mach_port_deallocate(mach_task_self(), got);

	/* Bad names: empty, a blank, control characters, DEL. */
	static const char *const bad[] = { "", "a b", "a\tb", "\001", "x\177" };
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_EQ(name_register(bootstrap_port, bad[i], b),
			 KERN_INVALID_ARGUMENT);
		CHECK_EQ(name_lookup(bootstrap_port, bad[i], 0, &got),
			 KERN_INVALID_ARGUMENT);
		CHECK_EQ(name_unregister(bootstrap_port, bad[i], b),
			 KERN_INVALID_ARGUMENT);
	}
	/* The longest name, 63 characters, and one too long (the stub
	 * refuses it before sending). */
	char longest[64];
	memset(longest, 'n', 63);
	longest[63] = '\0';
	CHECK_EQ(name_register(bootstrap_port, longest, b), KERN_SUCCESS);
	CHECK_EQ(name_lookup(bootstrap_port, longest, 0, &got), KERN_SUCCESS);
	CHECK_EQ(got, b);
	(void)mach_port_deallocate(mach_task_self(), got);
	CHECK_EQ(name_unregister(bootstrap_port, longest, b), KERN_SUCCESS);
	char too_long[65];
	memset(too_long, 'n', 64);
	too_long[64] = '\0';
	CHECK_EQ(name_register(bootstrap_port, too_long, b),
		 MIG_ARRAY_TOO_LARGE);

	/* No port, a dead name. */
	CHECK_EQ(name_register(bootstrap_port, "ns.null", MACH_PORT_NULL),
		 KERN_INVALID_RIGHT);
	mach_port_t dead = new_port();
	(void)mach_port_mod_refs(mach_task_self(), dead,
				 MACH_PORT_RIGHT_RECEIVE, -1);
	CHECK_EQ(name_register(bootstrap_port, "ns.dead", dead),
		 KERN_INVALID_RIGHT);
	(void)mach_port_deallocate(mach_task_self(), dead);

	/* Not there: at once, or after the time given. */
	CHECK_EQ(name_lookup(bootstrap_port, "ns.none", 0, &got),
		 KERN_INVALID_NAME);
	/* The time-out is the time asked for (the kernel's uptime), not
	 * much more. */
	int64_t before = uptime_ms();
	CHECK_EQ(name_lookup(bootstrap_port, "ns.none", 200, &got),
		 KERN_TIMEDOUT);
	int64_t waited = uptime_ms() - before;
	CHECK(waited >= 200);
	CHECK(waited < 2000);

	/* Unregister: not there, not the port, then the port. */
	CHECK_EQ(name_unregister(bootstrap_port, "ns.none", a),
		 KERN_INVALID_NAME);
	CHECK_EQ(name_unregister(bootstrap_port, "ns.a", b), KERN_NO_ACCESS);
	CHECK_EQ(name_unregister(bootstrap_port, "ns.a", MACH_PORT_NULL),
		 KERN_NO_ACCESS);
	CHECK_EQ(name_unregister(bootstrap_port, "ns.a", a), KERN_SUCCESS);
	CHECK_EQ(name_lookup(bootstrap_port, "ns.a", 0, &got),
		 KERN_INVALID_NAME);
	CHECK_EQ(name_unregister(bootstrap_port, "ns.a", a), KERN_INVALID_NAME);
	/* ns.a2 still names a. */
	CHECK_EQ(name_lookup(bootstrap_port, "ns.a2", 0, &got), KERN_SUCCESS);
	CHECK_EQ(got, a);
	(void)mach_port_deallocate(mach_task_self(), got);
	CHECK_EQ(name_unregister(bootstrap_port, "ns.a2", a), KERN_SUCCESS);
	CHECK_EQ(send_refs(a), 1);

	/* A name dies with its port. */
	CHECK_EQ(name_register(bootstrap_port, "ns.b", b), KERN_SUCCESS);
	drop_port(b);
	kern_return_t kr = KERN_SUCCESS;
	for (int i = 0; i < 100 && kr == KERN_SUCCESS; i++) {
		kr = name_lookup(bootstrap_port, "ns.b", 0, &got);
		if (kr == KERN_SUCCESS) {
			(void)mach_port_deallocate(mach_task_self(), got);
			sleep_ms(10);
		}
	}
	CHECK_EQ(kr, KERN_INVALID_NAME);
	drop_port(a);
}

static void
check_list(void)
{
	mach_port_t p = new_port();
	CHECK_EQ(name_register(bootstrap_port, "ns.l1", p), KERN_SUCCESS);
	CHECK_EQ(name_register(bootstrap_port, "ns.l2", p), KERN_SUCCESS);
	name_list_t names = NULL;
	mach_msg_type_number_t size = 0;
	natural_t count = 0;
	CHECK_EQ(name_list(bootstrap_port, &names, &size, &count),
		 KERN_SUCCESS);
	CHECK(count >= 2);
	/* count NUL-terminated names, exactly filling size bytes, ns.l1
	 * before ns.l2. */
	natural_t seen = 0;
	int l1 = -1, l2 = -1;
	for (mach_msg_type_number_t off = 0; names != NULL && off < size;) {
		size_t n = strnlen(names + off, size - off);
		CHECK(n < size - off);
		if (strcmp(names + off, "ns.l1") == 0)
			l1 = (int)seen;
		if (strcmp(names + off, "ns.l2") == 0)
			l2 = (int)seen;
		seen++;
		off += (mach_msg_type_number_t)n + 1;
	}
	CHECK_EQ(seen, count);
	CHECK(l1 >= 0 && l2 == l1 + 1);
	if (names != NULL)
		(void)vm_deallocate(mach_task_self(), (vm_address_t)names,
				    size);
	CHECK_EQ(name_unregister(bootstrap_port, "ns.l1", p), KERN_SUCCESS);
	CHECK_EQ(name_unregister(bootstrap_port, "ns.l2", p), KERN_SUCCESS);
	drop_port(p);
}

/* With ns_peer: a look-up waiting for a name a later task registers,
 * and the name going when that task ends. */
static void
check_peer(void)
{
	mach_port_t ready = new_port(), late = MACH_PORT_NULL;
	CHECK_EQ(name_register(bootstrap_port, "ns.ready", ready),
		 KERN_SUCCESS);
	CHECK_EQ(name_lookup(bootstrap_port, "ns.late", 20000, &late),
		 KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(late));
	mach_msg_header_t go = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.msgh_size = sizeof go,
		.msgh_remote_port = late,
		.msgh_id = 4242,
	};
	CHECK_EQ(mach_msg(&go, MACH_SEND_MSG, sizeof go, 0, MACH_PORT_NULL, 0,
			  MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	(void)mach_port_deallocate(mach_task_self(), late);
	kern_return_t kr = KERN_SUCCESS;
	mach_port_t got;
	for (int i = 0; i < 300 && kr == KERN_SUCCESS; i++) {
		kr = name_lookup(bootstrap_port, "ns.late", 0, &got);
		if (kr == KERN_SUCCESS) {
			(void)mach_port_deallocate(mach_task_self(), got);
			sleep_ms(10);
		}
	}
	CHECK_EQ(kr, KERN_INVALID_NAME);
	CHECK_EQ(name_unregister(bootstrap_port, "ns.ready", ready),
		 KERN_SUCCESS);
	drop_port(ready);
}

#define FLOOD 32 /* servers/bootstrap/names.h: WAITERS_MAX */

static void
check_waiters(void)
{
	mach_port_t replies[FLOOD + 1];
	for (int i = 0; i <= FLOOD; i++)
		CHECK_EQ(mach_port_allocate(mach_task_self(),
					    MACH_PORT_RIGHT_RECEIVE,
					    &replies[i]),
			 KERN_SUCCESS);
	/* Every waiter's slot taken; one more is refused. */
	for (int i = 0; i < FLOOD; i++)
		CHECK_EQ(send_lookup("ns.never", NAME_WAIT_FOREVER, replies[i],
				     MACH_MSG_TYPE_MAKE_SEND_ONCE, 6401),
			 MACH_MSG_SUCCESS);
	CHECK_EQ(send_lookup("ns.never", NAME_WAIT_FOREVER, replies[FLOOD],
			     MACH_MSG_TYPE_MAKE_SEND_ONCE, 6401),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(receive_reply(replies[FLOOD], 5000, NULL),
		 KERN_RESOURCE_SHORTAGE);
	for (int i = 0; i < FLOOD; i++)
		CHECK_EQ(receive_reply(replies[i], 0, NULL), -1);
	/* The clients go: their reply ports die, their slots come back. */
	for (int i = 0; i <= FLOOD; i++)
		(void)mach_port_mod_refs(mach_task_self(), replies[i],
					 MACH_PORT_RIGHT_RECEIVE, -1);
	kern_return_t kr = KERN_RESOURCE_SHORTAGE;
	mach_port_t got;
	for (int i = 0; i < 100 && kr == KERN_RESOURCE_SHORTAGE; i++)
		kr = name_lookup(bootstrap_port, "ns.never", 10, &got);
	CHECK_EQ(kr, KERN_TIMEDOUT);

	/* Three waiters for one name, answered by its registration. */
	mach_port_t w[3];
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(mach_port_allocate(mach_task_self(),
					    MACH_PORT_RIGHT_RECEIVE, &w[i]),
			 KERN_SUCCESS);
		CHECK_EQ(send_lookup("ns.multi", 20000, w[i],
				     MACH_MSG_TYPE_MAKE_SEND_ONCE, 6401),
			 MACH_MSG_SUCCESS);
	}
	/* A look-up that would wait, refused a send right for its reply
	 * (a full queue there could hold the server up). */
	mach_port_t sr = new_port();
	CHECK_EQ(send_lookup("ns.multi", 20000, sr, MACH_MSG_TYPE_MAKE_SEND,
			     6401),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(receive_reply(sr, 5000, NULL), KERN_INVALID_RIGHT);
	mach_port_t m = new_port();
	CHECK_EQ(name_register(bootstrap_port, "ns.multi", m), KERN_SUCCESS);
	for (int i = 0; i < 3; i++) {
		got = MACH_PORT_NULL;
		CHECK_EQ(receive_reply(w[i], 5000, &got), KERN_SUCCESS);
		CHECK_EQ(got, m);
		(void)mach_port_mod_refs(mach_task_self(), w[i],
					 MACH_PORT_RIGHT_RECEIVE, -1);
	}
	CHECK_EQ(send_refs(m), 4);
	for (int i = 0; i < 3; i++)
		(void)mach_port_deallocate(mach_task_self(), m);
	CHECK_EQ(name_unregister(bootstrap_port, "ns.multi", m), KERN_SUCCESS);
	drop_port(m);

	/* Waiters with a time: each answered KERN_TIMEDOUT. */
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(mach_port_allocate(mach_task_self(),
					    MACH_PORT_RIGHT_RECEIVE, &w[i]),
			 KERN_SUCCESS);
		CHECK_EQ(send_lookup("ns.never", 20 + 10 * (natural_t)i, w[i],
				     MACH_MSG_TYPE_MAKE_SEND_ONCE, 6401),
			 MACH_MSG_SUCCESS);
	}
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(receive_reply(w[i], 5000, NULL), KERN_TIMEDOUT);
		(void)mach_port_mod_refs(mach_task_self(), w[i],
					 MACH_PORT_RIGHT_RECEIVE, -1);
	}

	/* Hostile requests: an unknown id, a name with no NUL. */
	CHECK_EQ(send_lookup("ns.x", 0, sr, MACH_MSG_TYPE_MAKE_SEND_ONCE, 6499),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(receive_reply(sr, 5000, NULL), MIG_BAD_ID);
	struct lookup_request bad;
	memset(&bad, 0, sizeof bad);
	bad.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	bad.head.msgh_size = sizeof bad;
	bad.head.msgh_remote_port = bootstrap_port;
	bad.head.msgh_local_port = sr;
	bad.head.msgh_id = 6401;
	bad.name_type = string_type;
	memset(bad.name, 'x', sizeof bad.name);
	bad.timeout_type = int_type;
	CHECK_EQ(mach_msg(&bad.head, MACH_SEND_MSG, sizeof bad, 0,
			  MACH_PORT_NULL, 0, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(receive_reply(sr, 5000, NULL), MIG_BAD_ARGUMENTS);
	/* Too short. */
	bad.head.msgh_size = 40;
	CHECK_EQ(mach_msg(&bad.head, MACH_SEND_MSG, 40, 0, MACH_PORT_NULL, 0,
			  MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(receive_reply(sr, 5000, NULL), MIG_BAD_ARGUMENTS);
	drop_port(sr);
	/* The server still answers. */
	CHECK_EQ(name_lookup(bootstrap_port, "ns.none", 0, &got),
		 KERN_INVALID_NAME);
}

/* How many names the service holds. */
static natural_t
names_registered(void)
{
	name_list_t names = NULL;
	mach_msg_type_number_t size = 0;
	natural_t count = 0;
	CHECK_EQ(name_list(bootstrap_port, &names, &size, &count),
		 KERN_SUCCESS);
	if (names != NULL)
		(void)vm_deallocate(mach_task_self(), (vm_address_t)names,
				    size);
	return count;
}

int
main(void)
{
	CHECK(MACH_PORT_VALID(bootstrap_port));
	/* Nobody else registers before ns_test's "ns.ready". */
	CHECK_EQ(names_registered(), 0);
	check_basics();
	check_list();
	check_peer();
	check_waiters();
	/* Every name registered here, or by ns_peer, is gone. */
	CHECK_EQ(names_registered(), 0);
	return check_report();
}
