/*
 * ipc/ipc_mqueue.c: message queues (ipc_mqueue.h), with Mach 3's
 * semantics and GNU Mach's return codes.
 *
 * The waits follow kern/sched_prim.h's protocol: a thread announces its
 * wait (assert_wait) with the queue locked, unlocks, and blocks; a
 * sender or a death that comes in between clears the wait, so thread
 * _block returns at once.  A receiver's outcome is in its thread's ith
 * (set by whoever dequeued it from imq_threads); a receiver that wakes
 * by timeout or abort and finds itself still queued removes itself.
 */

#include "ipc/ipc_mqueue.h"

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "kern/clock.h"
#include "kern/panic.h"
#include "kern/sched_prim.h"
#include "kern/thread.h"

static inline void
imq_lock(ipc_mqueue_t mq)
{
	simple_lock_noirq(&mq->imq_lock);
}

static inline void
imq_unlock(ipc_mqueue_t mq)
{
	simple_unlock_noirq(&mq->imq_lock);
}

/* imq_lock and imq_unlock under the port's lock (kern/lock.h's nested
 * variant): the *_locked calls of the RPC path. */
static inline void
imq_lock_nested(ipc_mqueue_t mq)
{
	simple_lock_noirq_nested(&mq->imq_lock);
}

static inline void
imq_unlock_nested(ipc_mqueue_t mq)
{
	simple_unlock_noirq_nested(&mq->imq_lock);
}

void
ipc_mqueue_init(ipc_mqueue_t mq)
{
	simple_lock_init(&mq->imq_lock);
	queue_init(&mq->imq_messages);
	queue_init(&mq->imq_threads);
}

static ipc_kmsg_t
kmsg_of(queue_chain_t *link)
{
	return queue_entry(link, struct ipc_kmsg, ikm_link);
}

static thread_t
waiter_of(queue_chain_t *link)
{
	return queue_entry(link, struct thread, ith.chain);
}

/* The queue that holds the port's messages now.  Port locked. */
static ipc_mqueue_t
port_mqueue(ipc_port_t port)
{
	return port->ip_pset != NULL ? &port->ip_pset->ips_messages
				     : &port->ip_messages;
}

/* Milliseconds to clock ticks, rounded up; at least one tick. */
static uint64_t
ms_to_ticks(mach_msg_timeout_t ms)
{
	uint64_t t = ((uint64_t)ms * HZ + 999) / 1000;
	return t == 0 ? 1 : t;
}

/*
 * Set the outcome of a receiver taken off a queue.  Released: a
 * receiver that finds it set reads the rest of its ith without taking
 * the queue's lock (ipc_mqueue_receive_result).
 */
static void
waiter_set_state(thread_t th, mach_msg_return_t state)
{
	__atomic_store_n(&th->ith.state, state, __ATOMIC_RELEASE);
}

/* Wake a receiver taken off a queue, with its outcome set.  Queue locked. */
static void
waiter_wake(thread_t th, mach_msg_return_t state)
{
	waiter_set_state(th, state);
	clear_wait(th, THREAD_AWAKENED);
}

/* The queue a receive on `object' waits on. */
static ipc_mqueue_t
object_mqueue(ipc_object_t object)
{
	return object->io_otype == IOT_PSET
		       ? &((ipc_pset_t)object)->ips_messages
		       : &((ipc_port_t)object)->ip_messages;
}

/*
 * Hand the kmsg to the first receiver that has room for it, or queue it.
 * A receiver that asked for MACH_RCV_LARGE and has too little room is
 * told the size and woken; the message goes on to the next one.  One
 * without it takes the message anyway, to destroy it, as in Mach.  With
 * `defer', a receiver that takes the message with room for it is not
 * woken but returned (see ipc_mqueue_send_handoff); otherwise NULL.
 * The port and `mq' locked.
 */
static inline __attribute__((always_inline)) thread_t
deliver_locked(ipc_port_t port, ipc_mqueue_t mq, ipc_kmsg_t kmsg, bool defer)
{
	mach_msg_size_t size = kmsg->ikm_header.msgh_size;

	kmsg->ikm_header.msgh_seqno = port->ip_seqno++;
	while (!queue_empty(&mq->imq_threads)) {
		thread_t th = waiter_of(queue_remove_first(&mq->imq_threads));
		if (size > th->ith.msize &&
		    (th->ith.option & MACH_RCV_LARGE) != 0) {
			th->ith.msize = size;
			waiter_wake(th, MACH_RCV_TOO_LARGE);
			continue;
		}
		bool fits = size <= th->ith.msize;
		th->ith.kmsg = kmsg;
		th->ith.msize = size;
		if (fits && defer) {
			waiter_set_state(th, MACH_MSG_SUCCESS);
			return th;
		}
		waiter_wake(th, fits ? MACH_MSG_SUCCESS : MACH_RCV_TOO_LARGE);
		return NULL;
	}
	queue_enter_tail(&mq->imq_messages, &kmsg->ikm_link);
	port->ip_msgcount++;
	return NULL;
}

static inline mach_msg_return_t receiver_check(ipc_object_t object,
					       ipc_space_t space);
static uint64_t ms_to_ticks(mach_msg_timeout_t ms);

thread_t
ipc_mqueue_rpc_locked(ipc_port_t port, ipc_kmsg_t kmsg, ipc_object_t object,
		      ipc_space_t space, mach_msg_option_t option,
		      mach_msg_size_t max_size, mach_msg_timeout_t timeout,
		      bool *waiting)
{
	ipc_mqueue_t mq = port_mqueue(port);
	thread_t th = NULL;

	*waiting = false;
	imq_lock_nested(mq);
	if (!queue_empty(&mq->imq_threads)) {
		th = waiter_of(mq->imq_threads.next);
		if (kmsg->ikm_header.msgh_size <= th->ith.msize)
			(void)deliver_locked(port, mq, kmsg, true);
		else
			th = NULL; /* deliver_locked's other cases */
	}
	imq_unlock_nested(mq);
	if (th == NULL)
		return NULL;

	/* The caller's receive, as ipc_mqueue_receive_cont's: it waits
	 * only on an empty queue, with time to wait. */
	thread_t self = current_thread();
	bool timed = (option & MACH_RCV_TIMEOUT) != 0;
	mq = object_mqueue(object);
	imq_lock_nested(mq);
	if (receiver_check(object, space) == MACH_MSG_SUCCESS &&
	    queue_empty(&mq->imq_messages) && !(timed && timeout == 0)) {
		self->ith.state = MACH_RCV_IN_PROGRESS;
		self->ith.option = option & (MACH_RCV_TIMEOUT | MACH_RCV_LARGE);
		self->ith.msize = max_size;
		self->ith.kmsg = IKM_NULL;
		self->ith.object = object;
		self->ith.space = space;
		queue_enter_tail(&mq->imq_threads, &self->ith.chain);
		/* sched_lock stays held for the caller's hand-off. */
		assert_wait_direct_hold(&self->ith, true,
					timed ? ms_to_ticks(timeout) : 0);
		*waiting = true;
	}
	imq_unlock_nested(mq);
	return th;
}

bool
ipc_mqueue_take_reply_locked(ipc_port_t port, ipc_kmsg_t kmsg)
{
	ipc_mqueue_t mq = &port->ip_messages;

	/* With a limit of 1 or less the general dequeue may wake a
	 * blocked sender: not here. */
	if (port->ip_qlimit <= 1)
		return false;
	imq_lock_nested(mq);
	bool empty =
		queue_empty(&mq->imq_messages) && queue_empty(&mq->imq_threads);
	if (empty)
		kmsg->ikm_header.msgh_seqno = port->ip_seqno++;
	imq_unlock_nested(mq);
	return empty;
}

static mach_msg_return_t mqueue_send(ipc_kmsg_t kmsg, mach_msg_option_t option,
				     mach_msg_timeout_t timeout,
				     thread_t *handoff, bool kobjects);

mach_msg_return_t
ipc_mqueue_send(ipc_kmsg_t kmsg, mach_msg_option_t option,
		mach_msg_timeout_t timeout)
{
	return mqueue_send(kmsg, option, timeout, NULL, false);
}

void
ipc_mqueue_wake_handoff(thread_t handoff)
{
	if (handoff != NULL)
		clear_wait(handoff, THREAD_AWAKENED);
}

mach_msg_return_t
ipc_mqueue_send_handoff(ipc_kmsg_t kmsg, mach_msg_option_t option,
			mach_msg_timeout_t timeout, thread_t *handoff)
{
	return mqueue_send(kmsg, option, timeout, handoff, true);
}

/*
 * ipc_mqueue_send_handoff; with `kobjects', a live kernel object's port
 * is told under the lock the send takes anyway (IPC_MQUEUE_KOBJECT),
 * the kmsg left to the caller.
 */
static mach_msg_return_t
mqueue_send(ipc_kmsg_t kmsg, mach_msg_option_t option,
	    mach_msg_timeout_t timeout, thread_t *handoff, bool kobjects)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	ipc_port_t port = ikm_remote_port(h);
	bool always = (option & MACH_SEND_ALWAYS) != 0 ||
		      MACH_MSGH_BITS_REMOTE(h->msgh_bits) ==
			      MACH_MSG_TYPE_PORT_SEND_ONCE;
	bool timed = (option & MACH_SEND_TIMEOUT) != 0;
	uint64_t deadline = timed ? clock_ticks() + ms_to_ticks(timeout) : 0;

	if (handoff != NULL)
		*handoff = NULL;
	for (;;) {
		ip_lock(port);
		if (!ip_active(port)) {
			ip_unlock(port);
			ipc_kmsg_destroy(kmsg);
			return MACH_MSG_SUCCESS;
		}
		if (kobjects && port->ip_kotype != IKOT_NONE) {
			ip_unlock(port);
			return IPC_MQUEUE_KOBJECT;
		}
		ipc_mqueue_t mq = port_mqueue(port);
		imq_lock(mq);
		if (always || port->ip_msgcount < port->ip_qlimit ||
		    !queue_empty(&mq->imq_threads)) {
			thread_t th =
				deliver_locked(port, mq, kmsg, handoff != NULL);
			if (th != NULL)
				*handoff = th;
			imq_unlock(mq);
			ip_unlock(port);
			return MACH_MSG_SUCCESS;
		}

		/* Full: wait for room, for as long as allowed. */
		uint64_t now = clock_ticks();
		if (timed && (timeout == 0 || now >= deadline)) {
			imq_unlock(mq);
			ip_unlock(port);
			return MACH_SEND_TIMED_OUT;
		}
		assert_wait(&port->ip_msgcount, true);
		if (timed)
			thread_set_timeout(deadline - now);
		imq_unlock(mq);
		ip_unlock(port);
		switch (thread_block(NULL)) {
		case THREAD_TIMED_OUT:
			return MACH_SEND_TIMED_OUT;
		case THREAD_INTERRUPTED:
			return MACH_SEND_INTERRUPTED;
		default:
			break; /* room, or the port died: look again */
		}
	}
}

/*
 * Take the oldest message off `mq', which is not empty, for a receiver
 * with `max_size' bytes of room (see ipc_mqueue_receive).  mq locked.
 */
static mach_msg_return_t
dequeue_locked(ipc_mqueue_t mq, mach_msg_option_t option,
	       mach_msg_size_t max_size, ipc_kmsg_t *kmsgp,
	       mach_msg_size_t *sizep)
{
	ipc_kmsg_t kmsg = kmsg_of(mq->imq_messages.next);
	mach_msg_size_t size = kmsg->ikm_header.msgh_size;

	*sizep = size;
	*kmsgp = IKM_NULL;
	if (size > max_size && (option & MACH_RCV_LARGE) != 0)
		return MACH_RCV_TOO_LARGE;
	queue_remove(&kmsg->ikm_link);
	/* The kmsg holds a right to its port, and its port's messages are
	 * in this queue: the count is this lock's. */
	ipc_port_t port = ikm_remote_port(&kmsg->ikm_header);
	if (port->ip_msgcount-- >= port->ip_qlimit)
		thread_wakeup_one(&port->ip_msgcount);
	*kmsgp = kmsg;
	return size > max_size ? MACH_RCV_TOO_LARGE : MACH_MSG_SUCCESS;
}

/*
 * Whether a receiver that looked `object' up in `space' may still wait
 * on its queue: the port or set alive, the port still `space''s and in
 * no set.  Called with the queue locked, not the object: each of these
 * changes is written before the queue's waiters are woken under its
 * lock (ipc_mqueue_changed, _port_died, _move), so a receiver either
 * sees the change here or is queued in time to be woken by it.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
receiver_check(ipc_object_t object, ipc_space_t space)
{
	if (!__atomic_load_n(&object->io_active, __ATOMIC_ACQUIRE))
		return MACH_RCV_PORT_DIED;
	if (object->io_otype == IOT_PSET)
		return MACH_MSG_SUCCESS;
	ipc_port_t port = (ipc_port_t)object;
	if (__atomic_load_n(&port->ip_receiver, __ATOMIC_ACQUIRE) != space)
		return MACH_RCV_PORT_DIED;
	if (__atomic_load_n(&port->ip_pset, __ATOMIC_ACQUIRE) != NULL)
		return MACH_RCV_PORT_CHANGED;
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t
ipc_mqueue_receive(ipc_object_t object, ipc_space_t space,
		   mach_msg_option_t option, mach_msg_size_t max_size,
		   mach_msg_timeout_t timeout, ipc_kmsg_t *kmsgp,
		   mach_msg_size_t *sizep)
{
	return ipc_mqueue_receive_cont(object, space, option, max_size, timeout,
				       NULL, NULL, kmsgp, sizep);
}

mach_msg_return_t
ipc_mqueue_receive_cont(ipc_object_t object, ipc_space_t space,
			mach_msg_option_t option, mach_msg_size_t max_size,
			mach_msg_timeout_t timeout, thread_continue_t cont,
			thread_t handoff, ipc_kmsg_t *kmsgp,
			mach_msg_size_t *sizep)
{
	thread_t self = current_thread();
	bool timed = (option & MACH_RCV_TIMEOUT) != 0;
	ipc_mqueue_t mq = object_mqueue(object);
	mach_msg_return_t mr;

	*kmsgp = IKM_NULL;
	imq_lock(mq);
	mr = receiver_check(object, space);
	if (mr == MACH_MSG_SUCCESS && !queue_empty(&mq->imq_messages))
		mr = dequeue_locked(mq, option, max_size, kmsgp, sizep);
	else if (mr == MACH_MSG_SUCCESS && timed && timeout == 0)
		mr = MACH_RCV_TIMED_OUT;
	else if (mr == MACH_MSG_SUCCESS)
		mr = MACH_RCV_IN_PROGRESS; /* it waits */
	if (mr != MACH_RCV_IN_PROGRESS) {
		imq_unlock(mq);
		ipc_mqueue_wake_handoff(handoff);
		if (*kmsgp != IKM_NULL)
			ipc_kmsg_accepted(*kmsgp);
		return mr;
	}

	self->ith.state = MACH_RCV_IN_PROGRESS;
	self->ith.option = option;
	self->ith.msize = max_size;
	self->ith.kmsg = IKM_NULL;
	self->ith.object = object;
	self->ith.space = space;
	queue_enter_tail(&mq->imq_threads, &self->ith.chain);
	assert_wait_direct(&self->ith, true);
	if (timed)
		thread_set_timeout(ms_to_ticks(timeout));
	imq_unlock(mq);
	if (handoff != NULL)
		thread_handoff(handoff, cont);
	else
		thread_block(cont);
	return ipc_mqueue_receive_result(kmsgp, sizep);
}

mach_msg_return_t
ipc_mqueue_receive_result(ipc_kmsg_t *kmsgp, mach_msg_size_t *sizep)
{
	thread_t self = current_thread();
	/* Set with a release by whoever dequeued us, after the rest. */
	mach_msg_return_t mr =
		__atomic_load_n(&self->ith.state, __ATOMIC_ACQUIRE);

	if (mr == MACH_RCV_IN_PROGRESS) {
		ipc_mqueue_t mq = object_mqueue(self->ith.object);
		imq_lock(mq);
		mr = self->ith.state;
		if (mr == MACH_RCV_IN_PROGRESS) {
			/* Nobody dequeued us: the wait ended by itself. */
			queue_remove(&self->ith.chain);
			mr = self->wait_result == THREAD_TIMED_OUT
				     ? MACH_RCV_TIMED_OUT
				     : MACH_RCV_INTERRUPTED;
		}
		imq_unlock(mq);
	}
	*kmsgp = self->ith.kmsg;
	*sizep = self->ith.msize;
	self->ith.kmsg = IKM_NULL;
	if (*kmsgp != IKM_NULL)
		ipc_kmsg_accepted(*kmsgp);
	return mr;
}

void
ipc_mqueue_changed(ipc_mqueue_t mq, mach_msg_return_t why)
{
	imq_lock(mq);
	while (!queue_empty(&mq->imq_threads))
		waiter_wake(waiter_of(queue_remove_first(&mq->imq_threads)),
			    why);
	imq_unlock(mq);
}

void
ipc_mqueue_port_died(ipc_port_t port, queue_head_t *dead)
{
	ipc_mqueue_t mq = &port->ip_messages;

	queue_init(dead);
	imq_lock(mq);
	while (!queue_empty(&mq->imq_threads))
		waiter_wake(waiter_of(queue_remove_first(&mq->imq_threads)),
			    MACH_RCV_PORT_DIED);
	while (!queue_empty(&mq->imq_messages))
		queue_enter_tail(dead, queue_remove_first(&mq->imq_messages));
	port->ip_msgcount = 0;
	imq_unlock(mq);
	/* Blocked senders look again and find the port dead. */
	thread_wakeup(&port->ip_msgcount);
}

void
ipc_mqueue_destroy_queue(queue_head_t *dead)
{
	while (!queue_empty(dead))
		ipc_kmsg_destroy(kmsg_of(queue_remove_first(dead)));
}

void
ipc_mqueue_move(ipc_port_t port, ipc_pset_t pset, bool into)
{
	/* Order: the port's queue, then the set's. */
	ipc_mqueue_t pq = &port->ip_messages, sq = &pset->ips_messages;
	ipc_mqueue_t from = into ? pq : sq, to = into ? sq : pq;

	imq_lock(pq);
	imq_lock(sq);
	queue_chain_t *link = from->imq_messages.next;
	while (link != &from->imq_messages) {
		queue_chain_t *next = link->next;
		if (ikm_remote_port(&kmsg_of(link)->ikm_header) == port) {
			queue_remove(link);
			queue_enter_tail(&to->imq_messages, link);
		}
		link = next;
	}
	if (into)
		while (!queue_empty(&pq->imq_threads))
			waiter_wake(
				waiter_of(queue_remove_first(&pq->imq_threads)),
				MACH_RCV_PORT_CHANGED);
	imq_unlock(sq);
	imq_unlock(pq);
}

/* Number the port's queued messages from ip_seqno.  Port and mq locked. */
static void
renumber_locked(ipc_port_t port, ipc_mqueue_t mq)
{
	for (queue_chain_t *l = mq->imq_messages.next; l != &mq->imq_messages;
	     l = l->next) {
		mach_msg_header_t *h = &kmsg_of(l)->ikm_header;
		if (ikm_remote_port(h) == port)
			h->msgh_seqno = port->ip_seqno++;
	}
}

void
ipc_mqueue_renumber(ipc_port_t port)
{
	ipc_mqueue_t mq = port_mqueue(port);
	imq_lock(mq);
	renumber_locked(port, mq);
	imq_unlock(mq);
}

void
ipc_mqueue_set_seqno(ipc_port_t port, mach_port_seqno_t seqno)
{
	ipc_mqueue_t mq = port_mqueue(port);
	imq_lock(mq);
	port->ip_seqno = seqno;
	renumber_locked(port, mq);
	imq_unlock(mq);
}

void
ipc_mqueue_set_qlimit(ipc_port_t port, mach_port_msgcount_t qlimit)
{
	ipc_mqueue_t mq = port_mqueue(port);
	imq_lock(mq);
	bool raised = qlimit > port->ip_qlimit;
	port->ip_qlimit = qlimit;
	imq_unlock(mq);
	if (raised)
		thread_wakeup(&port->ip_msgcount); /* they look again */
}

void
ipc_mqueue_status(ipc_port_t port, mach_port_seqno_t *seqno,
		  mach_port_msgcount_t *msgcount)
{
	ipc_mqueue_t mq = port_mqueue(port);
	imq_lock(mq);
	/* The next one received: the oldest of the port's queued ones. */
	*seqno = port->ip_seqno;
	for (queue_chain_t *l = mq->imq_messages.next; l != &mq->imq_messages;
	     l = l->next) {
		mach_msg_header_t *h = &kmsg_of(l)->ikm_header;
		if (ikm_remote_port(h) == port) {
			*seqno = h->msgh_seqno;
			break;
		}
	}
	*msgcount = port->ip_msgcount;
	imq_unlock(mq);
}
