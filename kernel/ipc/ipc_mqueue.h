/*
 * ipc/ipc_mqueue.h: message queues, and the threads that wait on them.
 *
 * Every port has a queue (ip_messages) and so does every port set
 * (ips_messages).  A port's messages are in its own queue while it is
 * in no set, and in its set's queue while it is in one: a receive on
 * the set then takes the oldest message of any member, as in Mach 3.
 * Moving a port into or out of a set moves its queued messages along
 * (ipc_mqueue_move).  Threads blocked in a receive wait on the queue
 * they received from, first come first served.
 *
 * A sender hands a message straight to the first waiting receiver when
 * there is one (no queueing; the receiver finds it in its thread's
 * ith_kmsg); otherwise it is queued.  Sequence numbers are given when a
 * message is queued or handed over, in order per port; a receive right
 * that changes hands restarts them at 0 (ipc_mqueue_renumber).
 *
 * Queue limits: a port holds at most ip_qlimit messages (ip_msgcount
 * counts them); a further sender blocks until one is received, or times
 * out, except a message to a send-once right and the kernel's own
 * (MACH_SEND_ALWAYS), which are always queued, as in Mach.
 *
 * Locks: imq_lock comes after the port lock and the port set lock
 * (ipc/ipc_space.h's order) and before sched_lock.  A port's
 * ip_msgcount, and the kmsgs and threads of a queue, are guarded by the
 * lock of the queue that holds the port's messages; the port lock is
 * what keeps that queue from changing under a sender.
 */
#ifndef IPC_IPC_MQUEUE_H
#define IPC_IPC_MQUEUE_H

#include <mach/message.h>

#include "ipc/ipc_object.h"
#include "ipc/ipc_types.h"
#include "kern/lock.h"
#include "kern/queue.h"

struct ipc_kmsg;
struct thread;

struct ipc_mqueue {
	simple_lock_t imq_lock;
	queue_head_t imq_messages; /* kmsgs, oldest first, via ikm_link */
	queue_head_t imq_threads;  /* receivers, via thread->ith.chain */
};

typedef struct ipc_mqueue *ipc_mqueue_t;

/*
 * What a thread blocked in mach_msg waits with (thread->ith), under the
 * lock of the queue it waits on.  state is MACH_RCV_IN_PROGRESS while it
 * waits; a sender sets the outcome and wakes it.  A receiver that
 * blocks with a continuation keeps here what it needs to finish:
 * the object and space it received from, and mach_msg's buffer.
 */
struct ipc_wait {
	queue_chain_t chain;
	mach_msg_return_t state;
	mach_msg_option_t option;
	mach_msg_size_t msize; /* room; MACH_RCV_TOO_LARGE: what is needed */
	struct ipc_kmsg *kmsg; /* the message handed over, or NULL */
	mach_port_seqno_t seqno;
	ipc_object_t object; /* received from, with a reference */
	ipc_space_t space;   /* whose right named it */
	uintptr_t msg;       /* the user's buffer (ipc/mach_msg.c) */
};

void ipc_mqueue_init(ipc_mqueue_t mq);

/*
 * Send the kmsg (kernel form) to its destination port, which is not a
 * kernel object's: queue it, or hand it to a waiting receiver.  `option'
 * counts MACH_SEND_TIMEOUT (with `timeout' in milliseconds) and
 * MACH_SEND_ALWAYS.  Consumes the kmsg on MACH_MSG_SUCCESS, which is
 * also the answer when the port turns out to be dead (the kmsg is then
 * destroyed, as if received by a port that died).
 * Returns MACH_SEND_TIMED_OUT or MACH_SEND_INTERRUPTED (the wait for
 * room ended) with the kmsg left to the caller.
 * Conditions: no IPC lock held; may block unless MACH_SEND_ALWAYS.
 */
mach_msg_return_t ipc_mqueue_send(struct ipc_kmsg *kmsg,
				  mach_msg_option_t option,
				  mach_msg_timeout_t timeout);

/*
 * ipc_mqueue_send_handoff's answer for a destination that is a live
 * kernel object's port: never a Mach code, never a caller's result.
 */
#define IPC_MQUEUE_KOBJECT ((mach_msg_return_t)0xffffffffu)

/*
 * As ipc_mqueue_send, to any port, for mach_msg's send: a live kernel
 * object's port returns IPC_MQUEUE_KOBJECT (decided under the port's
 * lock, nothing done, the kmsg left to the caller, who serves it).
 * With `handoff' non-NULL (a sender that receives next, the RPC path),
 * a receiver that takes the kmsg with room for it is not woken but
 * returned in *handoff (else NULL), dequeued and with its outcome set;
 * the caller must pass it to ipc_mqueue_receive_cont or wake it
 * (ipc_mqueue_wake_handoff), without blocking before that.
 */
mach_msg_return_t ipc_mqueue_send_handoff(struct ipc_kmsg *kmsg,
					  mach_msg_option_t option,
					  mach_msg_timeout_t timeout,
					  struct thread **handoff);

/*
 * The combined send+receive's hand-off and wait (ipc/ipc_fastpath.h):
 * if the first receiver waiting on the queue that holds `port''s
 * messages has room for `kmsg' (kernel form, its destination `port'),
 * number the kmsg and take that receiver off the queue with the kmsg
 * and its outcome set, unwoken, as ipc_mqueue_send_handoff would, and
 * return it.  Then the caller's own receive from `object' (`space''s,
 * with `option', `max_size' and `timeout' as ipc_mqueue_receive's):
 * if it must wait, the caller is queued on it with its wait asserted
 * by assert_wait_direct_hold (interrupts off, sched_lock held) and
 * *waiting set; it then releases its own locks and blocks through
 * thread_handoff_held(receiver, continuation) at once.  Otherwise (*waiting false) it receives the general way, with
 * the receiver as the handoff.
 * Returns NULL, nothing changed, if no receiver has room (none
 * waits, or the first has too little room): the general send decides.
 * The space and the port locked; the port active, not a kernel
 * object's; `object' what `space' receives from
 * (ipc_right_receive_object).
 */
struct thread *ipc_mqueue_rpc_locked(ipc_port_t port, struct ipc_kmsg *kmsg,
				     ipc_object_t object, ipc_space_t space,
				     mach_msg_option_t option,
				     mach_msg_size_t max_size,
				     mach_msg_timeout_t timeout, bool *waiting);

/*
 * A kernel object's reply `kmsg' (kernel form, simple, its destination
 * `port') for the caller, which receives from `port' next: if the
 * port's queue has no message and no other receiver (so that the
 * general send would queue it and the caller's receive take it at
 * once), number it and return true: the caller has received it.  Else
 * false, nothing changed.  The space receiving from the port and the
 * port locked; the port active, in no set.
 */
bool ipc_mqueue_take_reply_locked(ipc_port_t port, struct ipc_kmsg *kmsg);

/* Wake a receiver ipc_mqueue_send_handoff returned (NULL: nothing). */
void ipc_mqueue_wake_handoff(struct thread *handoff);

/*
 * Receive from `object', a port (in no set) or a port set whose receive
 * right `space' held when the caller looked it up, and on which the
 * caller holds a reference, into at most `max_size' bytes.  `option'
 * counts MACH_RCV_TIMEOUT (with `timeout' in milliseconds) and
 * MACH_RCV_LARGE.  On MACH_MSG_SUCCESS *kmsgp is the message, dequeued,
 * with msgh_seqno set.  MACH_RCV_TOO_LARGE: the oldest message needs
 * *sizep bytes; with MACH_RCV_LARGE it stays queued (*kmsgp NULL),
 * without it is dequeued and given to the caller to destroy.  Other
 * returns: MACH_RCV_TIMED_OUT, MACH_RCV_INTERRUPTED, MACH_RCV_PORT_DIED
 * (the port or set was destroyed while waiting, also when its receive
 * right left `space' before or during the wait), MACH_RCV_PORT_CHANGED
 * (the port went into a set).
 * Conditions: no IPC lock held; may block.
 */
mach_msg_return_t ipc_mqueue_receive(ipc_object_t object, ipc_space_t space,
				     mach_msg_option_t option,
				     mach_msg_size_t max_size,
				     mach_msg_timeout_t timeout,
				     struct ipc_kmsg **kmsgp,
				     mach_msg_size_t *sizep);

/*
 * ipc_mqueue_receive, blocking with the continuation `cont' if it must
 * wait (then it does not return: `cont' calls ipc_mqueue_receive_result
 * and finds object and space in current_thread()->ith, the reference
 * still held); and running `handoff' (from ipc_mqueue_send_handoff, or
 * NULL) in the caller's place if so, else waking it before returning.
 * With cont NULL, as ipc_mqueue_receive.
 */
mach_msg_return_t
ipc_mqueue_receive_cont(ipc_object_t object, ipc_space_t space,
			mach_msg_option_t option, mach_msg_size_t max_size,
			mach_msg_timeout_t timeout, void (*cont)(void),
			struct thread *handoff, struct ipc_kmsg **kmsgp,
			mach_msg_size_t *sizep);

/*
 * The outcome of the current thread's receive after its wait ended,
 * as ipc_mqueue_receive returns it.
 */
mach_msg_return_t ipc_mqueue_receive_result(struct ipc_kmsg **kmsgp,
					    mach_msg_size_t *sizep);

/*
 * Wake every receiver waiting on `mq' with `why' (MACH_RCV_PORT_DIED,
 * MACH_RCV_PORT_CHANGED).  Called with the queue's object locked.
 */
void ipc_mqueue_changed(ipc_mqueue_t mq, mach_msg_return_t why);

/*
 * The port died (inactive, port locked, in no set): wake its receivers
 * with MACH_RCV_PORT_DIED and its blocked senders (they find it dead),
 * and move its queued messages onto *dead for the caller to destroy
 * once the port is unlocked (ipc_mqueue_destroy_queue).
 */
void ipc_mqueue_port_died(ipc_port_t port, queue_head_t *dead);

/* Destroy the kmsgs of a queue taken by ipc_mqueue_port_died. */
void ipc_mqueue_destroy_queue(queue_head_t *dead);

/*
 * The port joins (`into') or leaves the set: its queued messages move
 * from its own queue to the set's or back, oldest first, after those
 * already there, and receivers waiting on the port itself are woken
 * with MACH_RCV_PORT_CHANGED when it joins.  Called with the space,
 * the port and the set locked, before ip_pset changes.
 */
void ipc_mqueue_move(ipc_port_t port, ipc_pset_t pset, bool into);

/*
 * Number the port's queued messages again from its ip_seqno (its
 * receive right changed hands).  The port locked.
 */
void ipc_mqueue_renumber(ipc_port_t port);

/*
 * mach_port_set_seqno, set_qlimit and get_receive_status's cores, the
 * port locked (the receive right checked by the caller): the sequence
 * number of the next message received (queued ones renumbered); the
 * queue limit (senders blocked on a full queue look again when it
 * rises); the next message's sequence number and the count queued.
 */
void ipc_mqueue_set_seqno(ipc_port_t port, mach_port_seqno_t seqno);
void ipc_mqueue_set_qlimit(ipc_port_t port, mach_port_msgcount_t qlimit);
void ipc_mqueue_status(ipc_port_t port, mach_port_seqno_t *seqno,
		       mach_port_msgcount_t *msgcount);

#endif
