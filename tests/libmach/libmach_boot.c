/*
 * libmach_boot.c: a program built as every program for this system is
 * (musl-gcc -static, libmach.a, libmach's crt0.o), booted as a module
 * (tests/libmach/local.mk).  It checks what libmach gives a program:
 * the start-up (argv, environment, constructors, mach_task_self_,
 * bootstrap_port, vm_page_size), the MIG user stubs of the kernel's
 * interfaces, messages with port rights and out-of-line memory,
 * mach_msg_destroy and mach_msg_server_once, serving itself lmtest.defs
 * through a second port.  It prints each failure and then
 * "libmach: N checks, F failed"; an atexit handler prints
 * "libmach: exit handlers ran" after main returns, before the task ends
 * by task_terminate.
 *
 * The lines go out through mach_print (emul_hello.c checks printf).
 * It is compiled with the stack protector, whose canary the thread
 * pointer musl's start-up made (through libmach's emulation) carries.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach.h>

#include "lmtest_replyServer.h"
#include "lmtest_request.h"
#include "lmtestServer.h"

static int checks, failures;

/* Decimal text of v into buf (at least 21 bytes); returns buf. */
static char *
dec(char *buf, long long v)
{
	char tmp[24];
	int n = 0;
	unsigned long long u = (unsigned long long)v;
	if (v < 0)
		u = 0ull - u;
	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	char *p = buf;
	if (v < 0)
		*p++ = '-';
	while (n > 0)
		*p++ = tmp[--n];
	*p = '\0';
	return buf;
}

static void
check_at(int ok, long long got, long long want, const char *what, int line)
{
	char a[24], b[24], l[24];
	checks++;
	if (ok)
		return;
	failures++;
	mach_print("libmach: FAIL line ");
	mach_print(dec(l, line));
	mach_print(": ");
	mach_print(what);
	mach_print(": got ");
	mach_print(dec(a, got));
	mach_print(", want ");
	mach_print(dec(b, want));
	mach_print("\n");
}

#define CHECK(c) check_at(!!(c), !!(c), 1, #c, __LINE__)
#define CHECK_EQ(got, want)                                                    \
	do {                                                                   \
		long long g_ = (long long)(got), w_ = (long long)(want);       \
		check_at(g_ == w_, g_, w_, #got " == " #want, __LINE__);       \
	} while (0)

static mach_port_urefs_t
refs(mach_port_t name, mach_port_right_t right)
{
	mach_port_urefs_t n = 0;
	if (mach_port_get_refs(mach_task_self(), name, right, &n) !=
	    KERN_SUCCESS)
		return (mach_port_urefs_t)-1;
	return n;
}

/* ---- start-up ---- */

static int constructor_ran;

__attribute__((constructor)) static void
mark_constructor(void)
{
	constructor_ran = 1;
}

static void
report_exit(void)
{
	mach_print("libmach: exit handlers ran\n");
}

static void
check_startup(int argc, char **argv, char **envp)
{
	CHECK_EQ(argc, 3);
	CHECK(argc == 3 && strcmp(argv[0], "libmach_boot") == 0);
	CHECK(argc == 3 && strcmp(argv[1], "one") == 0);
	CHECK(argc == 3 && strcmp(argv[2], "two") == 0);
	CHECK(argv[argc] == NULL);
	CHECK(envp != NULL && envp[0] == NULL);
	CHECK(getenv("PATH") == NULL);
	CHECK(constructor_ran);
	CHECK_EQ(vm_page_size, 4096);
	CHECK(MACH_PORT_VALID(mach_task_self()));

	/* The trap names the same right: one more reference to drop. */
	mach_port_t again = (mach_task_self)();
	CHECK_EQ(again, mach_task_self());
	CHECK_EQ(mach_port_deallocate(mach_task_self(), again), KERN_SUCCESS);

	mach_port_t boot = MACH_PORT_NULL;
	CHECK_EQ(task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT,
				       &boot),
		 KERN_SUCCESS);
	CHECK_EQ(boot, bootstrap_port);
	if (MACH_PORT_VALID(boot))
		(void)mach_port_deallocate(mach_task_self(), boot);

	mach_port_t thread = mach_thread_self(), host = mach_host_self();
	CHECK(MACH_PORT_VALID(thread));
	CHECK(MACH_PORT_VALID(host));
	CHECK_EQ(mach_port_deallocate(mach_task_self(), thread), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), host), KERN_SUCCESS);
	CHECK_EQ(thread_switch(MACH_PORT_NULL, SWITCH_OPTION_NONE, 0),
		 KERN_SUCCESS);
	(void)swtch();
	(void)swtch_pri(0);
}

/* ---- the thread pointer: TLS, errno, musl's locale ---- */

static __thread int tls_counter = 5;
static __thread char tls_zero[100];

static void
check_thread_pointer(void)
{
	void *self;
	__asm__("movq %%fs:0, %0" : "=r"(self));
	CHECK(self != NULL);
	CHECK_EQ(tls_counter, 5);
	char zero[100] = { 0 };
	CHECK(memcmp(tls_zero, zero, sizeof zero) == 0);
	tls_counter++;
	tls_zero[99] = 'z';
	CHECK_EQ(tls_counter, 6);
	CHECK_EQ(tls_zero[99], 'z');
	/* Both lie below the descriptor, as variant II has them. */
	CHECK((char *)&tls_counter < (char *)self);
	CHECK((char *)&tls_zero[99] < (char *)self);

	errno = 0;
	CHECK_EQ(errno, 0);
	errno = ENOENT;
	CHECK_EQ(errno, ENOENT);
	CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0);

	char buf[64];
	CHECK_EQ(snprintf(buf, sizeof buf, "%d-%s-%x-%5.2f", 42, "ab", 255,
			  3.14159),
		 14);
	CHECK(strcmp(buf, "42-ab-ff- 3.14") == 0);

	/* The reply port is the thread's and stays. */
	mach_port_t reply = mig_get_reply_port();
	CHECK(MACH_PORT_VALID(reply));
	CHECK_EQ(mig_get_reply_port(), reply);
}

/* ---- the kernel's interfaces through the stubs ---- */

static void
check_vm(void)
{
	vm_address_t a = 0;
	CHECK_EQ(vm_allocate(mach_task_self(), &a, 3 * 4096, TRUE),
		 KERN_SUCCESS);
	CHECK(a != 0 && a % 4096 == 0);
	char *p = (char *)a;
	CHECK_EQ(p[0] | p[3 * 4096 - 1], 0);
	memset(p, 0x5a, 3 * 4096);
	CHECK_EQ(p[2 * 4096 + 7], 0x5a);
	CHECK_EQ(vm_deallocate(mach_task_self(), a, 3 * 4096), KERN_SUCCESS);
	/* Not ours any more; and no task: the send fails. */
	CHECK_EQ(vm_deallocate(MACH_PORT_NULL, a, 4096),
		 MACH_SEND_INVALID_DEST);
	vm_address_t fixed = a;
	CHECK_EQ(vm_allocate(mach_task_self(), &fixed, 4096, FALSE),
		 KERN_SUCCESS);
	CHECK_EQ(fixed, a);
	CHECK_EQ(vm_allocate(mach_task_self(), &fixed, 4096, FALSE),
		 KERN_NO_SPACE);
	CHECK_EQ(vm_deallocate(mach_task_self(), a, 4096), KERN_SUCCESS);
}

static void
check_ports(void)
{
	mach_port_t r = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				    &r),
		 KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(r));
	mach_port_type_t type = 0;
	CHECK_EQ(mach_port_type(mach_task_self(), r, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(mach_port_insert_right(mach_task_self(), r, r,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(refs(r, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(mach_port_mod_refs(mach_task_self(), r,
				    MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
	/* The send right is now a dead name. */
	CHECK_EQ(mach_port_type(mach_task_self(), r, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), r), KERN_SUCCESS);
	CHECK_EQ(mach_port_type(mach_task_self(), r, &type), KERN_INVALID_NAME);
	CHECK(strcmp(mach_error_string(KERN_INVALID_NAME),
		     "(os/kern) invalid name") == 0);
}

/* ---- messages with rights and memory, and mach_msg_destroy ---- */

struct right_msg {
	mach_msg_header_t head;
	mach_msg_type_t port_type;
	mach_port_name_inlined_t port;
	mach_msg_type_t ool_type;
	vm_address_t ool;
	mach_msg_type_t ports_type;
	vm_address_t ports;
};

struct right_msg_buffer {
	struct right_msg msg;
	char room[256];
};

static void
check_messages(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t dest, carried;
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &dest),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &carried),
		 KERN_SUCCESS);
	vm_address_t data = 0;
	CHECK_EQ(vm_allocate(task, &data, 2 * 4096, TRUE), KERN_SUCCESS);
	memset((void *)data, 'm', 2 * 4096);

	/* In the header, a send right to dest as the reply port; inline, a
	 * send right made from carried; out of line: 5000 bytes
	 * (a copy) and an array of two send rights to carried. */
	mach_port_name_t names[2] = { carried, carried };
	struct right_msg_buffer b;
	memset(&b, 0, sizeof b);
	b.msg.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					      MACH_MSG_TYPE_MAKE_SEND) |
			       MACH_MSGH_BITS_COMPLEX;
	b.msg.head.msgh_size = sizeof b.msg;
	b.msg.head.msgh_remote_port = dest;
	b.msg.head.msgh_local_port = dest;
	b.msg.head.msgh_id = 4242;
	b.msg.port_type =
		(mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_MAKE_SEND,
				   .msgt_size = 64,
				   .msgt_number = 1,
				   .msgt_inline = 1 };
	b.msg.port.name = carried;
	b.msg.ool_type = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_BYTE,
					    .msgt_size = 8,
					    .msgt_number = 5000 };
	b.msg.ool = data;
	b.msg.ports_type =
		(mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_MAKE_SEND,
				   .msgt_size = 32,
				   .msgt_number = 2 };
	b.msg.ports = (vm_address_t)names;
	CHECK_EQ(mach_msg(&b.msg.head, MACH_SEND_MSG, sizeof b.msg, 0,
			  MACH_PORT_NULL, 0, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(vm_deallocate(task, data, 2 * 4096), KERN_SUCCESS);

	memset(&b, 0, sizeof b);
	CHECK_EQ(mach_msg(&b.msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			  sizeof b, dest, 1000, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(b.msg.head.msgh_id, 4242);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(b.msg.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(b.msg.port_type.msgt_name, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(b.msg.port.name, carried);
	CHECK_EQ(b.msg.ool_type.msgt_number, 5000);
	CHECK(b.msg.ool != 0 && ((char *)b.msg.ool)[4999] == 'm');
	CHECK(b.msg.ports != 0 &&
	      ((mach_port_name_t *)b.msg.ports)[1] == carried);
	/* dest's send right as the reply port; three to carried. */
	CHECK_EQ(refs(dest, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(refs(carried, MACH_PORT_RIGHT_SEND), 3);

	vm_address_t ool = b.msg.ool, ports = b.msg.ports;
	mach_msg_destroy(&b.msg.head);
	CHECK_EQ(refs(dest, MACH_PORT_RIGHT_SEND), 0);
	CHECK_EQ(refs(carried, MACH_PORT_RIGHT_SEND), 0);
	/* Both regions gone: a fixed allocation there succeeds. */
	vm_address_t at = ool & ~(vm_address_t)4095;
	CHECK_EQ(vm_allocate(task, &at, 4096, FALSE), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, at, 4096), KERN_SUCCESS);
	at = ports & ~(vm_address_t)4095;
	CHECK_EQ(vm_allocate(task, &at, 4096, FALSE), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, at, 4096), KERN_SUCCESS);

	/* A receive right carried and destroyed with its message. */
	mach_port_t moved;
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &moved),
		 KERN_SUCCESS);
	memset(&b, 0, sizeof b);
	b.msg.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE) |
			       MACH_MSGH_BITS_COMPLEX;
	b.msg.head.msgh_size = sizeof b.msg.head + 16;
	b.msg.head.msgh_remote_port = dest;
	b.msg.head.msgh_local_port = dest;
	b.msg.port_type =
		(mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_MOVE_RECEIVE,
				   .msgt_size = 64,
				   .msgt_number = 1,
				   .msgt_inline = 1 };
	b.msg.port.name = moved;
	CHECK_EQ(mach_msg(&b.msg.head, MACH_SEND_MSG, b.msg.head.msgh_size, 0,
			  MACH_PORT_NULL, 0, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	mach_port_type_t type = 0;
	CHECK_EQ(mach_port_type(task, moved, &type), KERN_INVALID_NAME);
	CHECK_EQ(mach_msg(&b.msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			  sizeof b, dest, 1000, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(b.msg.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND_ONCE);
	moved = b.msg.port.name;
	CHECK_EQ(mach_port_type(task, moved, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_RECEIVE);
	mach_msg_destroy(&b.msg.head);
	CHECK_EQ(mach_port_type(task, moved, &type), KERN_INVALID_NAME);
	CHECK_EQ(mach_port_type(task, dest, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_RECEIVE);

	CHECK_EQ(mach_port_mod_refs(task, dest, MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(task, carried, MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
}

/* ---- serving lmtest.defs to itself ---- */

static int reply_seen, reply_sum;
static kern_return_t reply_ret;
static mach_port_t put_right;
static int put_value;

kern_return_t
do_lmt_add(mach_port_t server, int a, int b, int *sum)
{
	(void)server;
	if (a < 0)
		return KERN_INVALID_ARGUMENT;
	*sum = a + b;
	return KERN_SUCCESS;
}

kern_return_t
do_lmt_put(mach_port_t server, mach_port_t right, int value)
{
	(void)server;
	if (value < 0)
		return KERN_INVALID_VALUE;
	put_right = right;
	put_value = value;
	return KERN_SUCCESS;
}

kern_return_t
lmt_add_reply(mach_port_t reply, kern_return_t ret, int sum)
{
	(void)reply;
	reply_seen++;
	reply_ret = ret;
	reply_sum = sum;
	return KERN_SUCCESS;
}

/* Serve one request on port, waiting at most a second for it. */
static mach_msg_return_t
serve_once(mach_msg_demux_t demux, mach_port_t port)
{
	return mach_msg_server_once(demux, 0, port, MACH_RCV_TIMEOUT, 1000);
}

/* Take a reply of no more than a reply header from port, by hand. */
static mach_msg_return_t
receive_reply(mig_reply_header_t *m, mach_port_t port)
{
	memset(m, 0, sizeof *m);
	return mach_msg(&m->Head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof *m,
			port, 1000, MACH_PORT_NULL);
}

static void
check_server(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t service, reply;
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &service),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(task, service, service,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &reply),
		 KERN_SUCCESS);

	/* The request to the service port, the reply to the reply port:
	 * each taken by mach_msg_server_once. */
	CHECK_EQ(lmt_add_request(service, reply, 40, 2), KERN_SUCCESS);
	CHECK_EQ(serve_once(lmtest_server, service), MACH_MSG_SUCCESS);
	CHECK_EQ(serve_once(lmtest_reply_server, reply), MACH_MSG_SUCCESS);
	CHECK_EQ(reply_seen, 1);
	CHECK_EQ(reply_ret, KERN_SUCCESS);
	CHECK_EQ(reply_sum, 42);

	/* The routine's error comes back as a short reply, just its code
	 * (which lmtest_reply's stub refuses: it wants the sum too). */
	mig_reply_header_t err;
	CHECK_EQ(lmt_add_request(service, reply, -1, 2), KERN_SUCCESS);
	CHECK_EQ(serve_once(lmtest_server, service), MACH_MSG_SUCCESS);
	CHECK_EQ(receive_reply(&err, reply), MACH_MSG_SUCCESS);
	CHECK_EQ(err.Head.msgh_id, 7200);
	CHECK_EQ(err.Head.msgh_size, sizeof err);
	CHECK_EQ(err.RetCode, KERN_INVALID_ARGUMENT);

	/* Nothing queued: the receive times out. */
	CHECK_EQ(mach_msg_server_once(lmtest_server, 0, service,
				      MACH_RCV_TIMEOUT, 10),
		 MACH_RCV_TIMED_OUT);

	/* A right carried to the server: it keeps it on success... */
	mach_port_t carried;
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &carried),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(task, carried, carried,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(lmt_put(service, carried, 7), KERN_SUCCESS);
	CHECK_EQ(refs(carried, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(serve_once(lmtest_server, service), MACH_MSG_SUCCESS);
	CHECK_EQ(put_value, 7);
	CHECK_EQ(put_right, carried);
	CHECK_EQ(refs(carried, MACH_PORT_RIGHT_SEND), 2);
	CHECK_EQ(mach_port_deallocate(task, put_right), KERN_SUCCESS);
	/* ... and the server loop destroys it when the routine fails. */
	CHECK_EQ(lmt_put(service, carried, -1), KERN_SUCCESS);
	CHECK_EQ(serve_once(lmtest_server, service), MACH_MSG_SUCCESS);
	CHECK_EQ(refs(carried, MACH_PORT_RIGHT_SEND), 1);

	/* An id lmtest does not have: MIG_BAD_ID to the reply port. */
	mig_reply_header_t bad;
	memset(&bad, 0, sizeof bad);
	bad.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	bad.Head.msgh_size = sizeof bad.Head;
	bad.Head.msgh_remote_port = service;
	bad.Head.msgh_local_port = reply;
	bad.Head.msgh_id = 7199;
	CHECK_EQ(mach_msg(&bad.Head, MACH_SEND_MSG, sizeof bad.Head, 0,
			  MACH_PORT_NULL, 0, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(serve_once(lmtest_server, service), MACH_MSG_SUCCESS);
	CHECK_EQ(receive_reply(&bad, reply), MACH_MSG_SUCCESS);
	CHECK_EQ(bad.Head.msgh_id, 7299);
	CHECK_EQ(bad.RetCode, MIG_BAD_ID);
	/* No right to the service was left behind. */
	CHECK_EQ(refs(service, MACH_PORT_RIGHT_SEND), 1);

	/* A reply port that died before the reply: the reply is destroyed
	 * and the server goes on. */
	mach_port_t gone;
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &gone),
		 KERN_SUCCESS);
	CHECK_EQ(lmt_add_request(service, gone, 1, 1), KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(task, gone, MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
	CHECK_EQ(serve_once(lmtest_server, service), MACH_SEND_INVALID_DEST);

	/* The loop: three requests, the middle one's reply port dead; it
	 * serves all three, replying and receiving in one call, and ends
	 * when no request comes within the timeout. */
	CHECK_EQ(lmt_add_request(service, reply, 1, 2), KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &gone),
		 KERN_SUCCESS);
	CHECK_EQ(lmt_add_request(service, gone, 1, 1), KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(task, gone, MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
	CHECK_EQ(lmt_add_request(service, reply, 3, 4), KERN_SUCCESS);
	CHECK_EQ(mach_msg_server_timeout(lmtest_server, 0, service,
					 MACH_RCV_TIMEOUT, 10),
		 MACH_RCV_TIMED_OUT);
	CHECK_EQ(serve_once(lmtest_reply_server, reply), MACH_MSG_SUCCESS);
	CHECK_EQ(reply_sum, 3);
	CHECK_EQ(serve_once(lmtest_reply_server, reply), MACH_MSG_SUCCESS);
	CHECK_EQ(reply_sum, 7);
	CHECK_EQ(reply_seen, 3);
	CHECK_EQ(mach_msg_server_once(lmtest_reply_server, 0, reply,
				      MACH_RCV_TIMEOUT, 10),
		 MACH_RCV_TIMED_OUT);

	CHECK_EQ(mach_port_mod_refs(task, carried, MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(task, carried), KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(task, reply, MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(task, service, MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(task, service), KERN_SUCCESS);
}

int
main(int argc, char **argv, char **envp)
{
	char n[24], f[24];
	CHECK_EQ(atexit(report_exit), 0);
	check_startup(argc, argv, envp);
	check_thread_pointer();
	check_vm();
	check_ports();
	check_messages();
	check_server();

	mach_print("libmach: ");
	mach_print(dec(n, checks));
	mach_print(" checks, ");
	mach_print(dec(f, failures));
	mach_print(" failed\n");
	return failures != 0;
}
