/*
 * test_exception.c: exceptions as messages (kern/exception.c), with a
 * kernel thread as the handler, booted from tests/qemu/exc.iso with the
 * module "fault" (tests/qemu/user/fault.c), whose "pf" case reads
 * address 0.  The task's exception port is a port whose receive right
 * this test holds; the request is checked field by field in kernel
 * form, and each answer a handler can give (or not give) has its
 * outcome.  Compiled with KERNEL defined, as the stubs are.
 */

#include <mach/mig_errors.h>

#include <machine/vm_param.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/mach_msg.h"
#include "kern/bootstrap.h"
#include "kern/exception.h"
#include "kern/ktest.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"

#include "ktest_memory.h"

#define EXC_REQUEST_ID 2400
#define EXC_REPLY_ID   2500
#define WAIT_MS        5000

/* exception_raise's request and reply in kernel form (exc.defs). */
struct exc_request {
	mach_msg_header_t head;
	mach_msg_type_t thread_type;
	ipc_port_t thread;
	mach_msg_type_t task_type;
	ipc_port_t task;
	mach_msg_type_t exception_type;
	integer_t exception;
	char exception_pad[4];
	mach_msg_type_t code_type;
	integer_t code;
	char code_pad[4];
	mach_msg_type_t subcode_type;
	rpc_long_integer_t subcode;
};

struct exc_reply {
	mach_msg_header_t head;
	mach_msg_type_t ret_code_type;
	kern_return_t ret_code;
	char ret_code_pad[4];
};

_Static_assert(sizeof(struct exc_request) == 112, "exc.defs' request");
_Static_assert(sizeof(struct exc_reply) == 48, "exc.defs' reply");

struct victim {
	ipc_port_t exc_port; /* the handler's receive right */
	task_t task;
};

static kern_return_t
give_exception_port(task_t task, void *arg)
{
	struct victim *v = arg;
	task->itk_exception = ipc_port_make_send(v->exc_port);
	return KERN_SUCCESS;
}

/* Start "fault pf" with the victim's port as its exception port. */
static bool
start_victim(struct victim *v)
{
	const struct boot_info *bi = ktest_boot_info();
	const struct boot_module *m = NULL;
	for (unsigned i = 0; i < bi->nmodules; i++)
		if (strncmp(bi->modules[i].cmdline, "fault", 5) == 0)
			m = &bi->modules[i];
	v->exc_port = ipc_port_create();
	return m != NULL && v->exc_port != IP_NULL &&
	       bootstrap_task_prepared(
		       phys_to_virt(m->start), m->end - m->start, "fault pf",
		       give_exception_port, v, &v->task) == KERN_SUCCESS;
}

/* The next request on the victim's port, checked; NULL if none. */
static ipc_kmsg_t
next_request(struct victim *v)
{
	ipc_kmsg_t kmsg;
	mach_msg_size_t size;
	if (ipc_mqueue_receive(&v->exc_port->ip_object, NULL, MACH_RCV_TIMEOUT,
			       256, WAIT_MS, &kmsg, &size) != MACH_MSG_SUCCESS)
		return IKM_NULL;
	struct exc_request *r = (struct exc_request *)&kmsg->ikm_header;
	thread_t th =
		queue_entry(v->task->threads.next, struct thread, task_links);
	bool ok = r->head.msgh_id == EXC_REQUEST_ID &&
		  r->head.msgh_size == sizeof *r &&
		  r->head.msgh_bits ==
			  (MACH_MSGH_BITS_COMPLEX |
			   MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
					  MACH_MSG_TYPE_PORT_SEND_ONCE)) &&
		  ikm_remote_port(&r->head) == v->exc_port &&
		  r->thread_type.msgt_name == MACH_MSG_TYPE_PORT_SEND &&
		  r->thread_type.msgt_size == 64 && r->thread == th->ith_self &&
		  r->task_type.msgt_name == MACH_MSG_TYPE_PORT_SEND &&
		  r->task == v->task->itk_self &&
		  r->exception_type.msgt_name == MACH_MSG_TYPE_INTEGER_32 &&
		  r->exception == EXC_BAD_ACCESS &&
		  r->code == KERN_INVALID_ADDRESS &&
		  r->subcode_type.msgt_name == MACH_MSG_TYPE_INTEGER_64 &&
		  r->subcode == 0;
	if (!ok) {
		ktest_fail("exception request: id %d size %u bits %#x "
			   "exception %d code %d subcode %lld",
			   r->head.msgh_id, r->head.msgh_size,
			   r->head.msgh_bits, r->exception, r->code,
			   (long long)r->subcode);
		ipc_kmsg_destroy(kmsg);
		return IKM_NULL;
	}
	return kmsg;
}

/* Answer the request with `ret_code' in a reply of `size' bytes and
 * message id `id'; the request's rights are released. */
static mach_msg_return_t
answer(ipc_kmsg_t request, kern_return_t ret_code, mach_msg_id_t id,
       mach_msg_size_t size)
{
	mach_msg_header_t *h = &request->ikm_header;
	ipc_port_t reply_port = ikm_local_port(h);
	ikm_set_local_port(h, IP_NULL);
	h->msgh_bits = MACH_MSGH_BITS_COMPLEX |
		       MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(h->msgh_bits), 0);
	ipc_kmsg_destroy(request);

	struct exc_reply reply = {
		.head.msgh_bits =
			MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0),
		.head.msgh_size = size,
		.head.msgh_id = id,
		.ret_code_type = { .msgt_name = MACH_MSG_TYPE_INTEGER_32,
				   .msgt_size = 32,
				   .msgt_number = 1,
				   .msgt_inline = 1 },
		.ret_code = ret_code,
	};
	ikm_set_remote_port(&reply.head, reply_port);
	ikm_set_local_port(&reply.head, IP_NULL);
	return mach_msg_send_from_kernel(&reply.head, size);
}

/* The victim ended as an unhandled bad access at address 0. */
static void
expect_faulted(struct victim *v)
{
	task_wait_terminated(v->task);
	KTEST_ASSERT_EQ(v->task->end, TASK_FAULTED);
	KTEST_ASSERT_EQ(v->task->exc_type, EXC_BAD_ACCESS);
	KTEST_ASSERT_EQ(v->task->exc_code, KERN_INVALID_ADDRESS);
	task_deallocate(v->task);
}

/* A handler's KERN_SUCCESS resumes the thread at the faulting
 * instruction, which faults again: three retries, then KERN_FAILURE
 * ends the task as if it had no handler. */
static void
retried(void)
{
	struct victim v;
	uint64_t handled = exception_handled_count();
	KTEST_ASSERT(start_victim(&v));
	for (int i = 0; i < 3; i++) {
		ipc_kmsg_t r = next_request(&v);
		KTEST_ASSERT(r != IKM_NULL);
		KTEST_ASSERT_EQ(answer(r, KERN_SUCCESS, EXC_REPLY_ID,
				       sizeof(struct exc_reply)),
				MACH_MSG_SUCCESS);
	}
	ipc_kmsg_t r = next_request(&v);
	KTEST_ASSERT(r != IKM_NULL);
	KTEST_ASSERT_EQ(exception_handled_count() - handled, 3);
	KTEST_ASSERT_EQ(
		answer(r, KERN_FAILURE, EXC_REPLY_ID, sizeof(struct exc_reply)),
		MACH_MSG_SUCCESS);
	expect_faulted(&v);
	KTEST_ASSERT_EQ(exception_handled_count() - handled, 3);
	ipc_port_destroy(v.exc_port);
}

/* Replies the stub must refuse: another id, too short a message. */
static void
bad_reply(mach_msg_id_t id, mach_msg_size_t size)
{
	struct victim v;
	uint64_t handled = exception_handled_count();
	KTEST_ASSERT(start_victim(&v));
	ipc_kmsg_t r = next_request(&v);
	KTEST_ASSERT(r != IKM_NULL);
	KTEST_ASSERT_EQ(answer(r, KERN_SUCCESS, id, size), MACH_MSG_SUCCESS);
	expect_faulted(&v);
	KTEST_ASSERT_EQ(exception_handled_count(), handled);
	ipc_port_destroy(v.exc_port);
}

/* The handler's port dies with the request queued: the request is
 * destroyed, its reply right with it, and the thread learns of it by
 * the send-once notification (MIG_SERVER_DIED). */
static void
port_died(void)
{
	struct victim v;
	KTEST_ASSERT(start_victim(&v));
	for (int tick = 0; tick < HZ && v.exc_port->ip_msgcount == 0; tick++)
		thread_sleep_ticks(1);
	KTEST_ASSERT_EQ(v.exc_port->ip_msgcount, 1);
	ipc_port_destroy(v.exc_port);
	/* What the destruction recorded goes out, as at a trap's end. */
	ipc_notify_deliver();
	expect_faulted(&v);
}

/* A handler that never answers: the task can still be terminated, its
 * thread's wait for the reply interrupted. */
static void
no_answer(void)
{
	struct victim v;
	KTEST_ASSERT(start_victim(&v));
	ipc_kmsg_t r = next_request(&v);
	KTEST_ASSERT(r != IKM_NULL);
	task_terminate_internal(v.task, TASK_TERMINATED);
	task_wait_terminated(v.task);
	KTEST_ASSERT_EQ(v.task->end, TASK_TERMINATED);
	task_deallocate(v.task);
	/* The reply right now names a dead port: the reply is lost. */
	KTEST_ASSERT_EQ(
		answer(r, KERN_SUCCESS, EXC_REPLY_ID, sizeof(struct exc_reply)),
		MACH_MSG_SUCCESS);
	ipc_port_destroy(v.exc_port);
}

KTEST_EXPLICIT(exception_messages)
{
	for (int round = 0; round < 2; round++) {
		thread_sleep_ticks(2);
		uint64_t free_before = ktest_free_memory_pages();
		uint64_t ports = ktest_zone_in_use("ipc.port");
		retried();
		bad_reply(EXC_REPLY_ID + 1, sizeof(struct exc_reply));
		bad_reply(EXC_REPLY_ID, sizeof(mach_msg_header_t) + 8);
		port_died();
		no_answer();
		thread_sleep_ticks(2);
		KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports);
		if (round == 1)
			KTEST_ASSERT_EQ(ktest_free_memory_pages(), free_before);
	}
}
