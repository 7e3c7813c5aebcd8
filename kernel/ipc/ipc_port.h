/*
 * ipc/ipc_port.h: ports.
 *
 * A port is a kernel-protected message queue.  Exactly one receive right
 * names it while it is alive: held in one task's name space (ip_receiver
 * is that space, ip_receiver_name its name there), or by the kernel
 * itself (ip_receiver is NULL: a right in transit, or a port the kernel
 * receives from).  Any number of send rights and send-once rights may
 * exist; the port counts them (ip_srights, ip_sorights), wherever they
 * are held, so that it knows when the last sender is gone.
 *
 * A port dies when its receive right is destroyed (ipc_port_destroy):
 * it becomes inactive, every send right to it is then a right to a dead
 * port (a name space turns it into a dead name when it next looks at
 * it, ipc_right.c), and the memory goes when the last reference does.
 *
 * Notifications a port generates go through ipc/ipc_notify.h: no-senders
 * (its last send right went away while a no-senders request was set),
 * port-destroyed (its receive right was destroyed while a port-destroyed
 * request was set: the receive right goes to the notification instead
 * of dying), dead-name (the port died while names of it had requests,
 * ipc/ipc_dnrequest.h), and the send-once notifications of the
 * requests' own rights.
 *
 * Lock order: see ipc/ipc_space.h (space, then port, then port set).
 */
#ifndef IPC_IPC_PORT_H
#define IPC_IPC_PORT_H

#include <stdint.h>

#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_object.h"
#include "ipc/ipc_types.h"
#include "kern/queue.h"

/* What kernel object a port stands for, for the MIG dispatch to come. */
typedef enum ipc_kobject_type {
	IKOT_NONE = 0,
	IKOT_TASK,
	IKOT_THREAD,
	IKOT_HOST,
	IKOT_HOST_PRIV,
	IKOT_PROCESSOR,
	IKOT_PSET,      /* a processor set's control port */
	IKOT_PSET_NAME, /* a processor set's name port */
	IKOT_DEVICE,
	IKOT_PAGER, /* a memory object's control port (vm/memory_object.c) */
	IKOT_PAGER_NAME, /* a memory object's name port */
	IKOT_TEST,       /* for the unit tests */
} ipc_kobject_type_t;

/* The queue limit a new port gets (GNU Mach's MACH_PORT_QLIMIT_DEFAULT). */
#define IPC_PORT_QLIMIT_DEFAULT 5
/* The largest queue limit (GNU Mach's MACH_PORT_QLIMIT_MAX). */
#define IPC_PORT_QLIMIT_MAX     16

struct ipc_port {
	struct ipc_object ip_object;

	/* Under the port lock: */
	ipc_space_t ip_receiver;           /* NULL: held by the kernel */
	mach_port_name_t ip_receiver_name; /* its name in ip_receiver */
	uint32_t ip_srights;               /* send rights, everywhere */
	uint32_t ip_sorights;              /* send-once rights, everywhere */
	mach_port_mscount_t ip_mscount;    /* make-send count */
	mach_port_seqno_t ip_seqno;        /* of the next message received */
	mach_port_msgcount_t ip_qlimit;    /* queue limit */
	mach_port_msgcount_t ip_msgcount;  /* queued: see ipc/ipc_mqueue.h */
	ipc_port_t ip_nsrequest;           /* send-once right, or IP_NULL */
	mach_port_mscount_t ip_nssync;     /* fire once mscount >= this */
	ipc_port_t ip_pdrequest;           /* send-once right, or IP_NULL */
	/* mach_port_set_protected_payload (GNU Mach): received messages
	 * carry the payload, with MACH_MSG_TYPE_PROTECTED_PAYLOAD, in
	 * place of the receive right's name.  Cleared when the receive
	 * right leaves its space: the value means something only there. */
	rpc_uintptr_t ip_protected_payload;
	bool ip_has_payload;
	queue_head_t ip_dnrequests; /* ipc/ipc_dnrequest.h */
	/* Also under ipc_port_transit_lock: while the receive right is in
	 * a message, the port that message goes to (a reference). */
	ipc_port_t ip_destination;
	struct ipc_mqueue ip_messages;

	/*
	 * Port-set membership: changed only with the receiver's space
	 * locked and the port locked (ipc/ipc_pset.h).
	 */
	ipc_pset_t ip_pset;
	queue_chain_t ip_pset_chain;

	/* Under the port lock; set once by the kernel: */
	ipc_kobject_type_t ip_kotype;
	void *ip_kobject;
};

static inline void
ip_lock(ipc_port_t port)
{
	io_lock(&port->ip_object);
}

static inline bool
ip_lock_try(ipc_port_t port)
{
	return io_lock_try(&port->ip_object);
}

static inline void
ip_unlock(ipc_port_t port)
{
	io_unlock(&port->ip_object);
}

/* ip_lock and ip_unlock with another lock held (io_lock_nested). */
static inline void
ip_lock_nested(ipc_port_t port)
{
	io_lock_nested(&port->ip_object);
}

static inline void
ip_unlock_nested(ipc_port_t port)
{
	io_unlock_nested(&port->ip_object);
}

static inline bool
ip_active(ipc_port_t port)
{
	return port->ip_object.io_active;
}

static inline void
ip_reference(ipc_port_t port)
{
	ipc_object_reference(&port->ip_object);
}

static inline void
ip_release(ipc_port_t port)
{
	ipc_object_release(&port->ip_object);
}

/*
 * Receive rights in transit, and cycles.  A receive right moved in a
 * message to a port whose own receive right is (directly or through a
 * chain of messages) in transit inside that very right's queue would
 * never be received nor destroyed: nobody could reach it.  Such a
 * message is circular (Mach 3's check): it is destroyed instead of
 * sent.  Each port whose receive right is in a message records the
 * message's destination (ip_destination); the global transit lock
 * keeps those records still while a chain is walked.  Lock order: a
 * space, then the transit lock, then ports one at a time.
 */
extern simple_lock_t ipc_port_transit_lock;

/*
 * The receive right `port' (kernel-held) is in a message to `dest':
 * record it, unless that would close a cycle (dest is `port', or dest's
 * receive right is in transit on a chain that reaches `port').  Returns
 * true for a cycle, recording nothing.  No IPC lock held.
 */
bool ipc_port_enter_transit(ipc_port_t port, ipc_port_t dest);

/*
 * Create the port zone ("ipc.port").  Called once by ipc_bootstrap.
 * Returns false if the zone could not be made.
 */
bool ipc_port_bootstrap(void);

/*
 * Make a new port whose receive right the caller holds (ip_receiver is
 * NULL until a space takes it), with no other right and one reference
 * (the receive right's).  Returns IP_NULL when memory is short.
 */
ipc_port_t ipc_port_create(void);

/* Free a port; only ipc_object_release calls it, on the last reference. */
void ipc_port_free(ipc_port_t port);

/*
 * Bind the port to a kernel object, or unbind it (IKOT_NONE, NULL).
 * The caller holds the receive right.
 */
void ipc_port_set_kobject(ipc_port_t port, ipc_kobject_type_t type,
			  void *kobject);

/*
 * Make a send right from a receive right the caller holds: increments
 * the make-send count.  Returns the port, or IP_DEAD if it is dead.
 * Port unlocked on entry and exit; ipc_port_make_send_locked with it
 * locked.
 */
ipc_port_t ipc_port_make_send(ipc_port_t port);
static inline void
ipc_port_make_send_locked(ipc_port_t port)
{
	port->ip_mscount++;
	port->ip_srights++;
	ip_reference(port);
}

/* Likewise a send-once right. */
ipc_port_t ipc_port_make_sonce(ipc_port_t port);
static inline void
ipc_port_make_sonce_locked(ipc_port_t port)
{
	port->ip_sorights++;
	ip_reference(port);
}

/*
 * Copy a send right the caller holds: returns `port' with one more send
 * right, IP_DEAD if the port is dead, and IP_NULL or IP_DEAD unchanged.
 */
ipc_port_t ipc_port_copy_send(ipc_port_t port);

/*
 * Release a send right the kernel holds (IP_NULL and IP_DEAD are
 * accepted and ignored).  The last send right of a live port fires its
 * no-senders request.  Port unlocked on entry.
 */
void ipc_port_release_send(ipc_port_t port);

/*
 * Release a send-once right that was used (its message was sent): no
 * notification.  IP_NULL and IP_DEAD are ignored.  Port unlocked.
 */
void ipc_port_release_sonce(ipc_port_t port);

/*
 * Destroy a send-once right unused: the port's receiver will get a
 * send-once notification through it (ipc_notify_send_once).  IP_NULL
 * and IP_DEAD are ignored.  Port unlocked.
 */
void ipc_port_destroy_sonce(ipc_port_t port);

/*
 * Take a receive right away from its space: the port leaves its port
 * set, and its make-send count and sequence number restart at 0, as in
 * Mach.  Called with the receiver's space write-locked and the port
 * unlocked; the space's entry is the caller's business.
 */
void ipc_port_clear_receiver(ipc_port_t port);

/*
 * Destroy a receive right the kernel holds (ip_receiver NULL): consumes
 * the right and its reference.  With a port-destroyed request set the
 * receive right goes to that notification instead and the port lives
 * on; otherwise the port dies: inactive, unbound from its kernel
 * object, its no-senders request's right destroyed (a send-once
 * notification).  Port unlocked on entry; no space lock needed.
 */
void ipc_port_destroy(ipc_port_t port);

/*
 * Set the no-senders request to the send-once right `notify' (IP_NULL
 * to cancel), firing once the port has no send right and a make-send
 * count of at least `sync'; fires at once if that is already so.  The
 * previous request's right is returned in *previous (IP_NULL if none).
 * The caller holds the receive right.  Returns KERN_SUCCESS, or
 * KERN_INVALID_RIGHT if the port is dead (nothing consumed).
 */
kern_return_t ipc_port_nsrequest(ipc_port_t port, mach_port_mscount_t sync,
				 ipc_port_t notify, ipc_port_t *previous);

/*
 * Set the port-destroyed request to the send-once right `notify' (IP_NULL
 * to cancel); the previous one is returned in *previous.  The caller
 * holds the receive right.  KERN_INVALID_RIGHT if the port is dead.
 */
kern_return_t ipc_port_pdrequest(ipc_port_t port, ipc_port_t notify,
				 ipc_port_t *previous);

#endif
