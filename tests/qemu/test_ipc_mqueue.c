/*
 * test_ipc_mqueue.c: message queues with real threads: receivers that
 * block until a message comes, senders that block on a full queue until
 * a receive makes room, receivers woken by a port's death, by an abort
 * and by a timeout, and receiving on a port set.  Kernel threads send
 * and receive kmsgs in kernel form on ports the kernel holds (no name
 * space: ipc_mqueue_receive's space is NULL).  Every wait is read with
 * a deadline, so a lost wakeup fails the test instead of hanging it,
 * and the port and kalloc counts come back to where they were.
 */

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/sched_prim.h"
#include "kern/task.h"
#include "kern/thread.h"

#include "ktest_memory.h"

#define DEADLINE (2 * HZ)

/* A header-only message to `port', carrying a new send right to it. */
static ipc_kmsg_t
message_to(ipc_port_t port, mach_msg_id_t id)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(sizeof(mach_msg_header_t));
	if (kmsg == IKM_NULL)
		return IKM_NULL;
	mach_msg_header_t *h = &kmsg->ikm_header;
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0);
	h->msgh_size = sizeof *h;
	ikm_set_remote_port(h, ipc_port_make_send(port));
	ikm_set_local_port(h, IP_NULL);
	h->msgh_seqno = 0;
	h->msgh_id = id;
	return kmsg;
}

/* What a receiving thread saw. */
struct receiver {
	ipc_object_t object;
	mach_msg_option_t option;
	mach_msg_timeout_t timeout;
	volatile bool done;
	mach_msg_return_t mr;
	mach_msg_id_t id;
	mach_port_seqno_t seqno;
};

static void
receive_once(void *arg)
{
	struct receiver *r = arg;
	ipc_kmsg_t kmsg;
	mach_msg_size_t size;

	r->mr = ipc_mqueue_receive(r->object, NULL, r->option,
				   sizeof(mach_msg_header_t), r->timeout, &kmsg,
				   &size);
	if (kmsg != IKM_NULL) {
		r->id = kmsg->ikm_header.msgh_id;
		r->seqno = kmsg->ikm_header.msgh_seqno;
		ipc_kmsg_destroy(kmsg);
	}
	__atomic_store_n(&r->done, true, __ATOMIC_RELEASE);
}

static bool
await(volatile bool *flag)
{
	for (int t = 0; t < DEADLINE && !*flag; t++)
		thread_sleep_ticks(1);
	return *flag;
}

static kern_return_t
spawn(void (*fn)(void *), void *arg, thread_t *out)
{
	return kernel_thread_create(kernel_task, "ipc-test", fn, arg,
				    BASEPRI_KERNEL, POLICY_FIXEDPRI, out);
}

/* A receiver blocks on an empty queue; the next send wakes it. */
KTEST(mqueue_receiver_blocks_until_a_send)
{
	uint64_t ports0 = ktest_zone_in_use("ipc.port");
	ipc_port_t port = ipc_port_create();
	KTEST_ASSERT(port != IP_NULL);
	struct receiver r = { .object = &port->ip_object };

	KTEST_ASSERT_EQ(spawn(receive_once, &r, NULL), KERN_SUCCESS);
	thread_sleep_ticks(3);
	KTEST_ASSERT(!r.done); /* nothing to receive yet */
	KTEST_ASSERT_EQ(ipc_mqueue_send(message_to(port, 7), 0, 0),
			MACH_MSG_SUCCESS);
	KTEST_ASSERT(await(&r.done));
	KTEST_ASSERT_EQ(r.mr, MACH_MSG_SUCCESS);
	KTEST_ASSERT_EQ(r.id, 7);
	KTEST_ASSERT_EQ(r.seqno, 0);
	KTEST_ASSERT_EQ(port->ip_msgcount, 0); /* handed over, never queued */
	ipc_port_destroy(port);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports0);
}

struct sender {
	ipc_port_t port;
	volatile bool done;
	mach_msg_return_t mr;
};

static void
send_once(void *arg)
{
	struct sender *s = arg;
	ipc_kmsg_t kmsg = message_to(s->port, 2);
	s->mr = ipc_mqueue_send(kmsg, 0, 0);
	if (s->mr != MACH_MSG_SUCCESS)
		ipc_kmsg_destroy(kmsg);
	__atomic_store_n(&s->done, true, __ATOMIC_RELEASE);
}

/* A full queue blocks the sender until a receive makes room; a timed
 * send gives up. */
KTEST(mqueue_full_queue_blocks_the_sender)
{
	uint64_t ports0 = ktest_zone_in_use("ipc.port");
	ipc_port_t port = ipc_port_create();
	KTEST_ASSERT(port != IP_NULL);
	port->ip_qlimit = 1;
	KTEST_ASSERT_EQ(ipc_mqueue_send(message_to(port, 1), 0, 0),
			MACH_MSG_SUCCESS);

	ipc_kmsg_t extra = message_to(port, 9);
	KTEST_ASSERT_EQ(ipc_mqueue_send(extra, MACH_SEND_TIMEOUT, 20),
			MACH_SEND_TIMED_OUT);
	ipc_kmsg_destroy(extra);

	struct sender s = { .port = port };
	KTEST_ASSERT_EQ(spawn(send_once, &s, NULL), KERN_SUCCESS);
	thread_sleep_ticks(3);
	KTEST_ASSERT(!s.done); /* blocked: the queue is full */

	struct receiver r = { .object = &port->ip_object };
	receive_once(&r);
	KTEST_ASSERT_EQ(r.mr, MACH_MSG_SUCCESS);
	KTEST_ASSERT_EQ(r.id, 1);
	KTEST_ASSERT(await(&s.done));
	KTEST_ASSERT_EQ(s.mr, MACH_MSG_SUCCESS);
	r.done = false;
	receive_once(&r);
	KTEST_ASSERT_EQ(r.mr, MACH_MSG_SUCCESS);
	KTEST_ASSERT_EQ(r.id, 2);
	/* The timed-out message took no sequence number. */
	KTEST_ASSERT_EQ(r.seqno, 1);
	ipc_port_destroy(port);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports0);
}

/* A port's death wakes its receivers and destroys what was queued. */
KTEST(mqueue_port_death_wakes_receivers)
{
	uint64_t ports0 = ktest_zone_in_use("ipc.port");
	ipc_port_t port = ipc_port_create(), other = ipc_port_create();
	KTEST_ASSERT(port != IP_NULL && other != IP_NULL);
	struct receiver r = { .object = &port->ip_object };

	ip_reference(port); /* the receiver's, as mach_msg takes */
	KTEST_ASSERT_EQ(spawn(receive_once, &r, NULL), KERN_SUCCESS);
	thread_sleep_ticks(3);
	KTEST_ASSERT(!r.done);
	ipc_port_destroy(port);
	KTEST_ASSERT(await(&r.done));
	KTEST_ASSERT_EQ(r.mr, MACH_RCV_PORT_DIED);
	ip_release(port);

	/* Messages queued on a dying port go with it: their rights too. */
	for (int i = 0; i < 3; i++)
		KTEST_ASSERT_EQ(ipc_mqueue_send(message_to(other, i), 0, 0),
				MACH_MSG_SUCCESS);
	KTEST_ASSERT_EQ(other->ip_msgcount, 3);
	ipc_port_destroy(other);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports0);
}

/* thread_abort ends a blocked receive; a timeout ends one too. */
KTEST(mqueue_receive_aborted_and_timed_out)
{
	ipc_port_t port = ipc_port_create();
	KTEST_ASSERT(port != IP_NULL);
	struct receiver r = { .object = &port->ip_object };
	thread_t th;

	KTEST_ASSERT_EQ(spawn(receive_once, &r, &th), KERN_SUCCESS);
	thread_sleep_ticks(3);
	KTEST_ASSERT(!r.done);
	KTEST_ASSERT_EQ(thread_abort_wait(th), KERN_SUCCESS);
	KTEST_ASSERT(await(&r.done));
	KTEST_ASSERT_EQ(r.mr, MACH_RCV_INTERRUPTED);

	struct receiver t = { .object = &port->ip_object,
			      .option = MACH_RCV_TIMEOUT,
			      .timeout = 50 };
	uint64_t start = clock_ticks();
	receive_once(&t);
	KTEST_ASSERT_EQ(t.mr, MACH_RCV_TIMED_OUT);
	KTEST_ASSERT(clock_ticks() - start >= 5); /* 50 ms at 100 Hz */
	/* Nothing was left queued on the port by either. */
	KTEST_ASSERT(queue_empty(&port->ip_messages.imq_threads));
	ipc_port_destroy(port);
}

/* A set's receiver takes its members' messages oldest first, each with
 * its own port's sequence number; a member leaving takes its own. */
KTEST(mqueue_port_set_receive)
{
	uint64_t ports0 = ktest_zone_in_use("ipc.port");
	ipc_port_t a = ipc_port_create(), b = ipc_port_create();
	ipc_pset_t set = ipc_pset_create();
	KTEST_ASSERT(a != IP_NULL && b != IP_NULL && set != NULL);

	/* Queued before joining: moved to the set with the port. */
	KTEST_ASSERT_EQ(ipc_mqueue_send(message_to(a, 10), 0, 0),
			MACH_MSG_SUCCESS);
	ip_lock(a);
	ipc_pset_add_locked(set, a);
	ip_unlock(a);
	ip_lock(b);
	ipc_pset_add_locked(set, b);
	ip_unlock(b);
	KTEST_ASSERT_EQ(ipc_mqueue_send(message_to(b, 20), 0, 0),
			MACH_MSG_SUCCESS);
	KTEST_ASSERT_EQ(ipc_mqueue_send(message_to(a, 11), 0, 0),
			MACH_MSG_SUCCESS);
	KTEST_ASSERT_EQ(ipc_mqueue_send(message_to(b, 21), 0, 0),
			MACH_MSG_SUCCESS);

	struct receiver r = { .object = &set->ips_object };
	receive_once(&r);
	KTEST_ASSERT_EQ(r.mr, MACH_MSG_SUCCESS);
	KTEST_ASSERT_EQ(r.id, 10);
	KTEST_ASSERT_EQ(r.seqno, 0);
	receive_once(&r);
	KTEST_ASSERT_EQ(r.id, 20);
	KTEST_ASSERT_EQ(r.seqno, 0);
	receive_once(&r);
	KTEST_ASSERT_EQ(r.id, 11);
	KTEST_ASSERT_EQ(r.seqno, 1);

	/* b leaves with its message, which is then b's to receive. */
	ip_lock(b);
	ipc_pset_remove_locked(set, b);
	ip_unlock(b);
	struct receiver s = { .object = &set->ips_object,
			      .option = MACH_RCV_TIMEOUT };
	receive_once(&s);
	KTEST_ASSERT_EQ(s.mr, MACH_RCV_TIMED_OUT);
	struct receiver rb = { .object = &b->ip_object };
	receive_once(&rb);
	KTEST_ASSERT_EQ(rb.mr, MACH_MSG_SUCCESS);
	KTEST_ASSERT_EQ(rb.id, 21);
	KTEST_ASSERT_EQ(rb.seqno, 1);

	/* A receiver blocked on the set is woken by a member's send. */
	struct receiver w = { .object = &set->ips_object };
	KTEST_ASSERT_EQ(spawn(receive_once, &w, NULL), KERN_SUCCESS);
	thread_sleep_ticks(3);
	KTEST_ASSERT(!w.done);
	KTEST_ASSERT_EQ(ipc_mqueue_send(message_to(a, 12), 0, 0),
			MACH_MSG_SUCCESS);
	KTEST_ASSERT(await(&w.done));
	KTEST_ASSERT_EQ(w.id, 12);
	KTEST_ASSERT_EQ(w.seqno, 2);

	ipc_pset_destroy(set);
	ipc_port_destroy(a);
	ipc_port_destroy(b);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports0);
}
