/*
 * kernel_server.c: who owns the rights of a request to a KernelServer
 * stub (tests/mig/good/kernel.defs, generated into the build tree), run
 * on the host against a stand-in kernel that counts each port's send
 * rights and each object's references.
 *
 * GNU MIG's rule, which the kernel's dispatch (ipc_kobject_server)
 * relies on: when the implementation returns KERN_SUCCESS the request
 * is consumed, so the stub releases each send right of the body that it
 * translated (intran) to an object, the implementation having seen only
 * the object; for any other RetCode (a failure, MIG_NO_REPLY, a request
 * the stub refused) the rights stay in the request for the kernel to
 * destroy.  Untranslated rights and send-once rights are the
 * implementation's either way.
 */
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <stdbool.h>
#include <string.h>

#include "tests/unit/unit.h"

#include "kernel_types.h"
#include "kernelServer.h"

struct ipc_port {
	int srights;       /* send rights, as the kernel counts them */
	struct task *kobj; /* the object it names, or NULL */
};

struct task {
	int refs; /* taken by convert_port_to_task, dropped by the stub */
};

static struct task tasks[4];
static struct ipc_port ports[4];
static struct ipc_port *released[8]; /* ipc_port_release_send's order */
static int nreleased;
static kern_return_t next_rc; /* what the implementations answer */
static int calls;
static struct task *seen[3]; /* the objects the implementation got */

void
ipc_port_release_send(ipc_port_t port)
{
	/* GNU Mach asserts a valid port: the stub must check first. */
	ck_assert(IP_VALID(port));
	ck_assert_int_gt(port->srights, 0);
	port->srights--;
	ck_assert_int_lt(nreleased, 8);
	released[nreleased++] = port;
}

task_t
convert_port_to_task(ipc_port_t port)
{
	if (!IP_VALID(port) || port->kobj == NULL)
		return NULL;
	port->kobj->refs++;
	return port->kobj;
}

ipc_port_t
convert_task_to_port(task_t task)
{
	(void)task;
	return IP_NULL;
}

void
task_deallocate(task_t task)
{
	if (task != NULL)
		task->refs--;
}

kern_return_t
task_peek(task_t task, natural_t address, natural_t *value)
{
	(void)task;
	(void)address;
	*value = 0;
	return KERN_FAILURE;
}

kern_return_t
task_twin(task_t task, task_t *twin)
{
	(void)task;
	*twin = NULL;
	return KERN_FAILURE;
}

kern_return_t
port_names(task_t task, mach_port_name_array_t *names,
	   mach_msg_type_number_t *namesCnt)
{
	(void)task;
	(void)names;
	(void)namesCnt;
	return KERN_FAILURE;
}

kern_return_t
task_adopt(task_t task, task_t child, int flags)
{
	ck_assert_int_eq(flags, 7);
	seen[0] = task;
	seen[1] = child;
	calls++;
	return next_rc;
}

kern_return_t
task_pair(task_t task, task_t first, task_t second)
{
	seen[0] = task;
	seen[1] = first;
	seen[2] = second;
	calls++;
	return next_rc;
}

kern_return_t
task_hand(task_t task, task_t once, ipc_port_t port)
{
	seen[0] = task;
	seen[1] = once;
	(void)port;
	calls++;
	return next_rc;
}

/* A request in kernel form: the header's ports and the body's rights
 * are port pointers. */
struct port_item {
	mach_msg_type_t type;
	ipc_port_t port;
};

struct int_item {
	mach_msg_type_t type;
	int value;
	int pad;
};

struct adopt_request {
	mach_msg_header_t head;
	struct port_item child;
	struct int_item flags;
};
_Static_assert(sizeof(struct adopt_request) == 64, "x86_64 layout");

struct two_ports_request {
	mach_msg_header_t head;
	struct port_item a, b;
};
_Static_assert(sizeof(struct two_ports_request) == 64, "x86_64 layout");

static union {
	mig_reply_header_t r;
	char room[512];
} reply;

static void
reset(kern_return_t rc)
{
	memset(tasks, 0, sizeof tasks);
	memset(ports, 0, sizeof ports);
	for (int i = 0; i < 4; i++) {
		ports[i].kobj = &tasks[i];
		ports[i].srights = 1; /* the request's */
	}
	memset(released, 0, sizeof released);
	nreleased = 0;
	next_rc = rc;
	calls = 0;
	memset(seen, 0, sizeof seen);
	memset(&reply, 0xa5, sizeof reply);
}

static struct port_item
port_item(unsigned name, ipc_port_t port)
{
	struct port_item it = {
		.type = { .msgt_name = name,
			  .msgt_size = 64,
			  .msgt_number = 1,
			  .msgt_inline = 1 },
		.port = port,
	};
	return it;
}

static mach_msg_header_t
head(mach_msg_id_t id, mach_msg_size_t size)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			     MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
					    MACH_MSG_TYPE_PORT_SEND_ONCE),
		.msgh_size = size,
		.msgh_remote_port = &ports[0],
		.msgh_id = id,
	};
	return h;
}

/* task_adopt(ports[0], CHILD, 7) as a request whose child descriptor
 * says NAME: the reply's RetCode. */
static kern_return_t
adopt(ipc_port_t child, unsigned name)
{
	struct adopt_request req = {
		.head = head(3203, sizeof req),
		.child = port_item(name, child),
		.flags = { .type = { .msgt_name = MACH_MSG_TYPE_INTEGER_32,
				     .msgt_size = 32,
				     .msgt_number = 1,
				     .msgt_inline = 1 },
			   .value = 7 },
	};
	ck_assert(kernel_server(&req.head, &reply.r.Head));
	return reply.r.RetCode;
}

/* Every reference the stub took was given back. */
static void
check_refs(void)
{
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(tasks[i].refs, 0);
}

/* Success: the translated right is released once, by the stub, after
 * the implementation saw the object. */
START_TEST(test_success_releases)
{
	reset(KERN_SUCCESS);
	ck_assert_int_eq(adopt(&ports[1], MACH_MSG_TYPE_PORT_SEND),
			 KERN_SUCCESS);
	ck_assert_int_eq(calls, 1);
	ck_assert_ptr_eq(seen[0], &tasks[0]);
	ck_assert_ptr_eq(seen[1], &tasks[1]);
	ck_assert_int_eq(nreleased, 1);
	ck_assert_ptr_eq(released[0], &ports[1]);
	ck_assert_int_eq(ports[1].srights, 0);
	/* the request port is the kernel's to release */
	ck_assert_int_eq(ports[0].srights, 1);
	check_refs();
}
END_TEST

/* A port that names no object is still a right: released on success. */
START_TEST(test_success_releases_untranslatable)
{
	reset(KERN_SUCCESS);
	ports[1].kobj = NULL;
	ck_assert_int_eq(adopt(&ports[1], MACH_MSG_TYPE_PORT_SEND),
			 KERN_SUCCESS);
	ck_assert_ptr_null(seen[1]);
	ck_assert_int_eq(nreleased, 1);
	ck_assert_int_eq(ports[1].srights, 0);
	check_refs();
}
END_TEST

/* A null or dead right: nothing to release (GNU MIG's IP_VALID). */
START_TEST(test_success_null_and_dead)
{
	reset(KERN_SUCCESS);
	ck_assert_int_eq(adopt(IP_NULL, MACH_MSG_TYPE_PORT_SEND), KERN_SUCCESS);
	ck_assert_int_eq(adopt(IP_DEAD, MACH_MSG_TYPE_PORT_SEND), KERN_SUCCESS);
	ck_assert_int_eq(calls, 2);
	ck_assert_int_eq(nreleased, 0);
	check_refs();
}
END_TEST

/* Any other answer leaves the right in the request, for the kernel to
 * destroy with the body: released there, not twice. */
START_TEST(test_failure_keeps)
{
	static const kern_return_t rcs[] = { KERN_FAILURE,
					     KERN_INVALID_ARGUMENT,
					     MIG_NO_REPLY };

	for (unsigned i = 0; i < sizeof rcs / sizeof rcs[0]; i++) {
		reset(rcs[i]);
		ck_assert_int_eq(adopt(&ports[1], MACH_MSG_TYPE_PORT_SEND),
				 rcs[i]);
		ck_assert_int_eq(calls, 1);
		ck_assert_int_eq(nreleased, 0);
		ck_assert_int_eq(ports[1].srights, 1);
		check_refs();
	}
}
END_TEST

/* A request the stub refuses reaches no implementation and keeps its
 * rights. */
START_TEST(test_refused_keeps)
{
	reset(KERN_SUCCESS);
	ck_assert_int_eq(adopt(&ports[1], MACH_MSG_TYPE_PORT_SEND_ONCE),
			 MIG_BAD_ARGUMENTS);
	ck_assert_int_eq(calls, 0);
	ck_assert_int_eq(nreleased, 0);
	ck_assert_int_eq(ports[1].srights, 1);
	check_refs();
}
END_TEST

/* Request ID of two port items (ports[1] sent as NAME_A, ports[2] as
 * NAME_B), with a reply port or not (a one-way message): the reply's
 * RetCode. */
static kern_return_t
two_ports(mach_msg_id_t id, unsigned name_a, unsigned name_b, bool reply_port)
{
	struct two_ports_request req = {
		.head = head(id, sizeof req),
		.a = port_item(name_a, &ports[1]),
		.b = port_item(name_b, &ports[2]),
	};
	if (!reply_port)
		req.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				     MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0);
	ck_assert(kernel_server(&req.head, &reply.r.Head));
	return reply.r.RetCode;
}

/* Two translated rights of a one-way message: both released, the last
 * argument's first, as GNU MIG orders them. */
START_TEST(test_simpleroutine_releases_both)
{
	reset(KERN_SUCCESS);
	ck_assert_int_eq(two_ports(3204, MACH_MSG_TYPE_PORT_SEND,
				   MACH_MSG_TYPE_PORT_SEND, false),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(seen[1], &tasks[1]);
	ck_assert_ptr_eq(seen[2], &tasks[2]);
	ck_assert_int_eq(nreleased, 2);
	ck_assert_ptr_eq(released[0], &ports[2]);
	ck_assert_ptr_eq(released[1], &ports[1]);
	check_refs();

	reset(KERN_FAILURE);
	ck_assert_int_eq(two_ports(3204, MACH_MSG_TYPE_PORT_SEND,
				   MACH_MSG_TYPE_PORT_SEND, false),
			 KERN_FAILURE);
	ck_assert_int_eq(nreleased, 0);
	check_refs();
}
END_TEST

/* A translated send-once right and an untranslated send right are the
 * implementation's: the stub releases neither. */
START_TEST(test_others_not_released)
{
	reset(KERN_SUCCESS);
	ck_assert_int_eq(two_ports(3205, MACH_MSG_TYPE_PORT_SEND_ONCE,
				   MACH_MSG_TYPE_PORT_SEND, true),
			 KERN_SUCCESS);
	ck_assert_int_eq(calls, 1);
	ck_assert_ptr_eq(seen[1], &tasks[1]);
	ck_assert_int_eq(nreleased, 0);
	check_refs();
}
END_TEST

static Suite *
kernel_server_suite(void)
{
	Suite *s = suite_create("kernel_server");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_success_releases);
	tcase_add_test(tc, test_success_releases_untranslatable);
	tcase_add_test(tc, test_success_null_and_dead);
	tcase_add_test(tc, test_failure_keeps);
	tcase_add_test(tc, test_refused_keeps);
	tcase_add_test(tc, test_simpleroutine_releases_both);
	tcase_add_test(tc, test_others_not_released);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(kernel_server_suite)
