/*
 * test_kobject.c: messages to kernel objects through the KernelServer
 * stubs (ipc/ipc_kobject.h), from inside the kernel: a kernel-form
 * request to a task port, the generated stub, the cores of
 * ipc/mach_port.c, the reply.  Until mach_msg exists the requests are
 * built here, with the layouts the oracle (tests/mig/check-kobj-oracle)
 * checks against GNU Mach's.  Compiled with KERNEL defined.
 */

#include <mach/mig_errors.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "ipc/mach_port.h"
#include "ipc/ipc_space.h"
#include "kern/host.h"
#include "kern/ktest.h"
#include "kern/processor.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"

#include "ktest_memory.h"

/* A request with one 32-bit argument (mach_port_allocate, _type,
 * _destroy...): header, descriptor, value, padding. */
struct one_arg_request {
	mach_msg_header_t head;
	mach_msg_type_t arg_type;
	uint32_t arg;
	uint32_t pad;
};
_Static_assert(sizeof(struct one_arg_request) == 48, "x86_64 layout");

/* A reply with one 32-bit result. */
struct one_result_reply {
	mach_msg_header_t head;
	mach_msg_type_t retcode_type;
	kern_return_t retcode;
	uint32_t pad;
	mach_msg_type_t result_type;
	uint32_t result;
	uint32_t pad2;
};
_Static_assert(sizeof(struct one_result_reply) == 64, "x86_64 layout");

static union {
	struct one_result_reply r;
	mig_reply_header_t e;
	char room[IPC_KOBJECT_REPLY_MAX];
} reply;

/* Send `id' with `arg' (descriptor `name') to `dest' (a send right the
 * call consumes), with `reply_port' as the reply port. */
static bool
serve(ipc_port_t dest, mach_msg_id_t id, unsigned name, uint32_t arg,
      ipc_port_t reply_port)
{
	struct one_arg_request req = {
		.head =
			{
				.msgh_bits = MACH_MSGH_BITS(
					MACH_MSG_TYPE_PORT_SEND,
					reply_port ? MACH_MSG_TYPE_PORT_SEND_ONCE
						   : 0),
				.msgh_size = sizeof req,
				.msgh_remote_port = dest,
				.msgh_local_port = reply_port,
				.msgh_id = id,
			},
		.arg_type =
			{
				.msgt_name = name,
				.msgt_size = 32,
				.msgt_number = 1,
				.msgt_inline = 1,
			},
		.arg = arg,
	};
	memset(&reply, 0xa5, sizeof reply);
	return ipc_kobject_serve(&req.head, &reply.r.head);
}

KTEST(kobject_mach_port_stubs)
{
	uint64_t ports0 = ktest_zone_in_use("ipc.port");
	uint64_t spaces0 = ktest_zone_in_use("ipc.space");
	task_t task;
	ipc_space_t space;
	ipc_port_t tport, rport;
	mach_port_name_t name;

	KTEST_ASSERT_EQ(task_create_user("kobject", &task), KERN_SUCCESS);
	space = task->itk_space; /* made with the task */
	KTEST_ASSERT(space != NULL);
	tport = ipc_port_create();
	KTEST_ASSERT(tport != IP_NULL);
	ipc_port_set_kobject(tport, IKOT_TASK, task);
	rport = ipc_port_create(); /* stands in for the caller's reply port */
	KTEST_ASSERT(rport != IP_NULL);

	/* mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE). */
	KTEST_ASSERT(serve(ipc_port_make_send(tport), 3204,
			   MACH_MSG_TYPE_INTEGER_32, MACH_PORT_RIGHT_RECEIVE,
			   ipc_port_make_sonce(rport)));
	KTEST_ASSERT_EQ(reply.r.head.msgh_id, 3304);
	KTEST_ASSERT_EQ(reply.r.head.msgh_size, sizeof reply.r);
	KTEST_ASSERT(reply.r.head.msgh_remote_port == rport);
	KTEST_ASSERT_EQ(MACH_MSGH_BITS_REMOTE(reply.r.head.msgh_bits),
			MACH_MSG_TYPE_PORT_SEND_ONCE);
	KTEST_ASSERT_EQ(reply.r.retcode, KERN_SUCCESS);
	KTEST_ASSERT_EQ(reply.r.result_type.msgt_name, MACH_MSG_TYPE_PORT_NAME);
	name = reply.r.result;
	ipc_port_release_sonce(rport);

	/* mach_port_type(task, name) sees the receive right. */
	KTEST_ASSERT(serve(ipc_port_make_send(tport), 3201,
			   MACH_MSG_TYPE_PORT_NAME, name,
			   ipc_port_make_sonce(rport)));
	KTEST_ASSERT_EQ(reply.r.head.msgh_id, 3301);
	KTEST_ASSERT_EQ(reply.r.retcode, KERN_SUCCESS);
	KTEST_ASSERT_EQ(reply.r.result, MACH_PORT_TYPE_RECEIVE);
	ipc_port_release_sonce(rport);

	/* A bad argument descriptor: MIG_BAD_ARGUMENTS, nothing done. */
	KTEST_ASSERT(serve(ipc_port_make_send(tport), 3201,
			   MACH_MSG_TYPE_INTEGER_32, name,
			   ipc_port_make_sonce(rport)));
	KTEST_ASSERT_EQ(reply.e.RetCode, MIG_BAD_ARGUMENTS);
	KTEST_ASSERT_EQ(reply.e.Head.msgh_size, sizeof reply.e);
	ipc_port_release_sonce(rport);

	/* An unknown msgh_id: MIG_BAD_ID, id + 100. */
	KTEST_ASSERT(serve(ipc_port_make_send(tport), 3209,
			   MACH_MSG_TYPE_PORT_NAME, name,
			   ipc_port_make_sonce(rport)));
	KTEST_ASSERT_EQ(reply.e.Head.msgh_id, 3309);
	KTEST_ASSERT_EQ(reply.e.RetCode, MIG_BAD_ID);
	ipc_port_release_sonce(rport);

	/* No reply port: served, nothing to send. */
	KTEST_ASSERT(!serve(ipc_port_make_send(tport), 3201,
			    MACH_MSG_TYPE_PORT_NAME, name, IP_NULL));

	/* mach_port_destroy(task, name), then the name is gone. */
	KTEST_ASSERT(serve(ipc_port_make_send(tport), 3205,
			   MACH_MSG_TYPE_PORT_NAME, name,
			   ipc_port_make_sonce(rport)));
	KTEST_ASSERT_EQ(reply.e.RetCode, KERN_SUCCESS);
	ipc_port_release_sonce(rport);
	KTEST_ASSERT(serve(ipc_port_make_send(tport), 3201,
			   MACH_MSG_TYPE_PORT_NAME, name,
			   ipc_port_make_sonce(rport)));
	KTEST_ASSERT_EQ(reply.e.RetCode, KERN_INVALID_NAME);
	ipc_port_release_sonce(rport);

	/* A port that names no task (the reply port): KERN_INVALID_TASK
	 * from the core, given a NULL space. */
	KTEST_ASSERT(serve(ipc_port_make_send(rport), 3201,
			   MACH_MSG_TYPE_PORT_NAME, name,
			   ipc_port_make_sonce(rport)));
	KTEST_ASSERT_EQ(reply.e.RetCode, KERN_INVALID_TASK);
	ipc_port_release_sonce(rport);

	/* Too short for its routine (mach_port_set_seqno takes two
	 * arguments): MIG_BAD_ARGUMENTS. */
	KTEST_ASSERT(serve(ipc_port_make_send(tport), 3218,
			   MACH_MSG_TYPE_PORT_NAME, name,
			   ipc_port_make_sonce(rport)));
	KTEST_ASSERT_EQ(reply.e.RetCode, MIG_BAD_ARGUMENTS);
	ipc_port_release_sonce(rport);

	/* Tear down: everything back at the baseline. */
	ipc_port_set_kobject(tport, IKOT_NONE, NULL);
	ipc_port_destroy(tport);
	ipc_port_destroy(rport);
	task_terminate_internal(task, TASK_TERMINATED);
	task_deallocate(task);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports0);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.space"), spaces0);
}

/*
 * A task owns a name space from its creation; its end destroys it:
 * the ports it held receive rights for die, the send rights it held
 * elsewhere are released, and the zone counts are back at baseline.
 */
KTEST(task_space_released_at_end)
{
	uint64_t ports0 = ktest_zone_in_use("ipc.port");
	uint64_t spaces0 = ktest_zone_in_use("ipc.space");
	task_t task;
	mach_port_name_t rname, sname;

	KTEST_ASSERT_EQ(task_create_user("space", &task), KERN_SUCCESS);
	KTEST_ASSERT(task->itk_space != NULL);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.space"), spaces0 + 1);
	for (int i = 0; i < 8; i++)
		KTEST_ASSERT_EQ(mach_port_allocate(task->itk_space,
						   MACH_PORT_RIGHT_RECEIVE,
						   &rname),
				KERN_SUCCESS);
	/* A port held outside, of which the task holds a send right. */
	ipc_port_t outside = ipc_port_create();
	KTEST_ASSERT(outside != IP_NULL);
	sname = 0x1234;
	KTEST_ASSERT_EQ(mach_port_insert_right(task->itk_space, sname,
					       ipc_port_make_send(outside),
					       MACH_MSG_TYPE_PORT_SEND),
			KERN_SUCCESS);
	/* 8 receive rights, the outside port and the task's own port. */
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports0 + 10);

	task_terminate_internal(task, TASK_TERMINATED);
	task_deallocate(task); /* no thread ever ran: released here */
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.space"), spaces0);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports0 + 1);
	ipc_port_destroy(outside);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports0);
}

/*
 * A request to a kernel object in kernel form, as mach_msg hands it to
 * ipc_kobject_server: to `dest' (a send right the request consumes)
 * with a send-once right to `reply_port', then its body's items.
 */
struct kreq {
	ipc_kmsg_t kmsg;
	mach_msg_size_t pos;
};

static bool
kreq_start(struct kreq *q, ipc_port_t dest, mach_msg_id_t id,
	   ipc_port_t reply_port)
{
	q->kmsg = ipc_kmsg_alloc(IPC_KOBJECT_REQUEST_MAX);
	if (q->kmsg == IKM_NULL)
		return false;
	mach_msg_header_t *h = &q->kmsg->ikm_header;
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
				      MACH_MSG_TYPE_PORT_SEND_ONCE);
	h->msgh_size = sizeof *h;
	ikm_set_remote_port(h, dest);
	ikm_set_local_port(h, ipc_port_make_sonce(reply_port));
	h->msgh_seqno = 0;
	h->msgh_id = id;
	q->pos = sizeof *h;
	return true;
}

/* A right the request carries (consumed with it), sent as `name'. */
static void
kreq_port(struct kreq *q, unsigned name, ipc_port_t right)
{
	char *b = (char *)&q->kmsg->ikm_header;
	mach_msg_type_t t = {
		.msgt_name = name,
		.msgt_size = 64,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	memcpy(b + q->pos, &t, sizeof t);
	memcpy(b + q->pos + sizeof t, &right, sizeof right);
	q->pos += sizeof t + sizeof right;
	q->kmsg->ikm_header.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

static void
kreq_int(struct kreq *q, uint32_t value)
{
	char *b = (char *)&q->kmsg->ikm_header;
	mach_msg_type_t t = {
		.msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	uint64_t v = value; /* with its padding */
	memcpy(b + q->pos, &t, sizeof t);
	memcpy(b + q->pos + sizeof t, &v, sizeof v);
	q->pos += sizeof t + sizeof v;
}

/* Serve the request as mach_msg does; the reply's RetCode, the reply
 * (its rights, the send-once right to the reply port) destroyed. */
static kern_return_t
kreq_serve(struct kreq *q)
{
	q->kmsg->ikm_header.msgh_size = q->pos;
	ipc_kmsg_t r = ipc_kobject_server(q->kmsg);
	if (r == IKM_NULL)
		return MIG_NO_REPLY;
	kern_return_t rc = ((mig_reply_header_t *)&r->ikm_header)->RetCode;
	ipc_kmsg_destroy(r);
	return rc;
}

/*
 * A right that a request's body brings for a port the stub translates
 * to its object (GNU MIG's intran: a task_t, thread_t, processor_set_t
 * argument) is released once whatever the routine answers: by the
 * KernelServer stub when the routine succeeded (ipc_kobject_server
 * then frees the request without destroying it), by
 * ipc_kobject_server's destruction of the request otherwise.  Each
 * call below, 50 times, leaves every port's send rights as they were,
 * and the task's and thread's ports die with them: the zone of ports
 * is back at its baseline.
 */
KTEST(kobject_translated_rights_released)
{
	uint64_t ports0 = ktest_zone_in_use("ipc.port");
	task_t task;
	thread_t thread;
	struct kreq q;
	enum { CALLS = 50 };

	KTEST_ASSERT_EQ(task_create_user("rights", &task), KERN_SUCCESS);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &thread), KERN_SUCCESS);
	ipc_port_t tport = task->itk_self, thport = thread->ith_self;
	ipc_port_t hpriv = realhost.host_priv_self;
	ipc_port_t pset = default_pset.self, pname = default_pset.name_self;
	ipc_port_t rport = ipc_port_create();
	KTEST_ASSERT(tport != IP_NULL && thport != IP_NULL && rport != IP_NULL);
	uint32_t task0 = tport->ip_srights, thread0 = thport->ip_srights;
	uint32_t hpriv0 = hpriv->ip_srights, pset0 = pset->ip_srights;
	uint32_t pname0 = pname->ip_srights;

	for (int i = 0; i < CALLS; i++) {
		/* vm_wire_all(host_priv, task, 0): success (nothing
		 * wired); with a bad flag, KERN_INVALID_ARGUMENT. */
		KTEST_ASSERT(
			kreq_start(&q, ipc_port_make_send(hpriv), 4207, rport));
		kreq_port(&q, MACH_MSG_TYPE_PORT_SEND,
			  ipc_port_make_send(tport));
		kreq_int(&q, 0);
		KTEST_ASSERT_EQ(kreq_serve(&q), KERN_SUCCESS);
		KTEST_ASSERT(
			kreq_start(&q, ipc_port_make_send(hpriv), 4207, rport));
		kreq_port(&q, MACH_MSG_TYPE_PORT_SEND,
			  ipc_port_make_send(tport));
		kreq_int(&q, 0x100);
		KTEST_ASSERT_EQ(kreq_serve(&q), KERN_INVALID_ARGUMENT);
		/* A right where the flags belong: refused by the stub,
		 * both rights destroyed with the request. */
		KTEST_ASSERT(
			kreq_start(&q, ipc_port_make_send(hpriv), 4207, rport));
		kreq_port(&q, MACH_MSG_TYPE_PORT_SEND,
			  ipc_port_make_send(tport));
		kreq_port(&q, MACH_MSG_TYPE_PORT_SEND,
			  ipc_port_make_send(pname));
		KTEST_ASSERT_EQ(kreq_serve(&q), MIG_BAD_ARGUMENTS);

		/* thread_max_priority(thread, pset, 10). */
		KTEST_ASSERT(kreq_start(&q, ipc_port_make_send(thport), 2621,
					rport));
		kreq_port(&q, MACH_MSG_TYPE_PORT_SEND,
			  ipc_port_make_send(pset));
		kreq_int(&q, 10);
		KTEST_ASSERT_EQ(kreq_serve(&q), KERN_SUCCESS);

		/* host_processor_set_priv(host_priv, name): the reply's
		 * control port right goes with the reply. */
		KTEST_ASSERT(
			kreq_start(&q, ipc_port_make_send(hpriv), 2630, rport));
		kreq_port(&q, MACH_MSG_TYPE_PORT_SEND,
			  ipc_port_make_send(pname));
		KTEST_ASSERT_EQ(kreq_serve(&q), KERN_SUCCESS);
	}
	KTEST_ASSERT_EQ(tport->ip_srights, task0);
	KTEST_ASSERT_EQ(thport->ip_srights, thread0);
	KTEST_ASSERT_EQ(hpriv->ip_srights, hpriv0);
	KTEST_ASSERT_EQ(pset->ip_srights, pset0);
	KTEST_ASSERT_EQ(pname->ip_srights, pname0);

	task_terminate_internal(task, TASK_TERMINATED);
	task_wait_terminated(task);
	thread_deallocate(thread);
	task_deallocate(task);
	ipc_port_destroy(rport);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports0);
}
