/*
 * ipc/ipc_kmsg.h: kernel messages (kmsgs), and the translation of a
 * message header between user form and kernel form.
 *
 * A kmsg holds one message, from ikm_header on, in kalloc'd memory of
 * ikm_size bytes of room.  A message arrives in user form (the header's
 * port fields are names in the sender's space, msgh_bits carry
 * dispositions); ipc_kmsg_copyin_header turns it into kernel form (the
 * fields hold ipc_port_t rights the kmsg owns, msgh_bits carry the
 * copied-in right types), as in GNU Mach; ipc_kmsg_copyout_header turns
 * it back into user form in the receiver's space.
 *
 * The header's port fields share a union with a pointer-wide one
 * (mach/message.h).  The kernel is not built with KERNEL defined yet, so
 * mach_port_t is a 32-bit name there; the kernel form is therefore read
 * and written through the pointer-wide member (ikm_remote_port and
 * friends below), and user form always has its upper bits zeroed so no
 * kernel pointer bits reach user space.
 *
 * Out-of-line items (GNU Mach's x86_64 layout): the descriptor, then an
 * 8-byte pointer.  In kernel form, data is a vm_map_copy_t (NULL for no
 * data) and a port array a kalloc(msgt_number * sizeof(ipc_port_t))
 * block of rights (NULL for none), msgt_size 64, msgt_name the rights'
 * type: what a kernel routine answering an array out of line
 * (task_threads) must build; the kmsg owns it from then on.  In user
 * form a port array is of 32-bit names, msgt_size 32.  The memory side
 * works on the current task's map (ipc/ipc_kmsg_vm.h): copyin runs in
 * the sender, copyout (and copyout_pseudo) in the receiver.
 *
 * Locks: every function here is called with no IPC lock held; copyin and
 * copyout lock the space they are given (ipc/ipc_space.h's order).
 */
#ifndef IPC_IPC_KMSG_H
#define IPC_IPC_KMSG_H

#include <stddef.h>

#include <mach/message.h>

#include "ipc/ipc_types.h"
#include "kern/queue.h"

typedef struct ipc_kmsg *ipc_kmsg_t;
#define IKM_NULL ((ipc_kmsg_t)0)

struct ipc_kmsg {
	queue_chain_t ikm_link;   /* in a port's message queue */
	mach_msg_size_t ikm_size; /* bytes of room from ikm_header on */
	/* A message forced into a full queue by MACH_SEND_NOTIFY: its
	 * msg-accepted request (ipc/ipc_marequest.h), else NULL. */
	struct ipc_marequest *ikm_marequest;
	mach_msg_header_t ikm_header; /* the message; its body follows */
};

/*
 * The largest ikm_size ipc_kmsg_alloc gives: 1 MiB.  A bound so that a
 * hostile msgh_size cannot ask for unbounded kernel memory (messages in
 * flight are also bounded by the queue limits); out-of-line data is the
 * way to move more.
 */
#define IKM_SIZE_MAX ((mach_msg_size_t)(1u << 20))

/*
 * A kmsg with at least `size' bytes of room from ikm_header on (at least
 * a header's, at most IKM_SIZE_MAX; a small one gets IKM_SAVED_SIZE).  NULL if size is out of those bounds
 * or memory is short.  The contents are not initialized.
 */
ipc_kmsg_t ipc_kmsg_alloc(mach_msg_size_t size);

/* Free the kmsg's memory only; the rights it carries are not touched. */
void ipc_kmsg_free(ipc_kmsg_t kmsg);

/* The room every small kmsg gets: what each CPU's cached one has. */
#define IKM_SAVED_SIZE ((mach_msg_size_t)256)

/* Give the calling CPU's cached kmsg back to kalloc (for tests that
 * count free memory). */
void ipc_kmsg_cache_drain(void);

/*
 * Release every right and copy of the message at `h', in kernel form,
 * of msgh_size bytes (header and body); its header then holds none.
 */
void ipc_kmsg_clean(mach_msg_header_t *h);

/*
 * Turn a message the kernel built as a MIG client (KernelUser stubs:
 * kernel ports, user dispositions) into kernel form: each right of the
 * header and body becomes the right its disposition makes, copied or
 * made from the right the kernel's caller holds (COPY_SEND, MAKE_SEND,
 * MAKE_SEND_ONCE) or moved (MOVE_*, consumed).  A null local port with
 * a disposition takes `reply' (mach_msg_rpc_from_kernel's reply port).
 * The body is the kernel's own, trusted: inline and out-of-line port
 * items of the short form.
 */
void ipc_kmsg_copyin_from_kernel(ipc_kmsg_t kmsg, ipc_port_t reply);

/*
 * The kmsg left its queue (received, or about to be destroyed): end its
 * msg-accepted request if it has one (its notification is queued, and
 * finished where notifications are delivered).  Any IPC lock may be
 * held.  Inline: every received message asks, few have one.
 */
void ipc_kmsg_accepted_request(ipc_kmsg_t kmsg);
static inline void
ipc_kmsg_accepted(ipc_kmsg_t kmsg)
{
	if (kmsg->ikm_marequest != NULL)
		ipc_kmsg_accepted_request(kmsg);
}

/*
 * Release every right and copy a kmsg in kernel form carries (the
 * header's destination and reply, the body's rights, copies and port
 * arrays) and free it.
 */
void ipc_kmsg_destroy(ipc_kmsg_t kmsg);

/* The kernel form's header ports, through the pointer-wide members. */
static inline ipc_port_t
ikm_remote_port(const mach_msg_header_t *h)
{
	return (ipc_port_t)(uintptr_t)h->msgh_remote_port_do_not_use;
}

static inline ipc_port_t
ikm_local_port(const mach_msg_header_t *h)
{
	return (ipc_port_t)(uintptr_t)h->msgh_protected_payload;
}

static inline void
ikm_set_remote_port(mach_msg_header_t *h, ipc_port_t port)
{
	h->msgh_remote_port_do_not_use = (rpc_uintptr_t)(uintptr_t)port;
}

static inline void
ikm_set_local_port(mach_msg_header_t *h, ipc_port_t port)
{
	h->msgh_protected_payload = (rpc_uintptr_t)(uintptr_t)port;
}

/* User form's header names: the low 32 bits, the upper ones zero. */
static inline mach_port_name_t
ikm_remote_name(const mach_msg_header_t *h)
{
	return (mach_port_name_t)h->msgh_remote_port_do_not_use;
}

static inline mach_port_name_t
ikm_local_name(const mach_msg_header_t *h)
{
	return (mach_port_name_t)h->msgh_protected_payload;
}

/*
 * Routine:	ipc_kmsg_copyin_header
 * Purpose:	Turn kmsg's header, in user form (names of `space'), into
 *		kernel form: the destination right copied in by the remote
 *		disposition (any send disposition), the reply right by the
 *		local one (any send disposition, or 0 with MACH_PORT_NULL),
 *		msgh_bits set to the copied-in types, other bits kept.  A
 *		null or dead reply name gives IP_NULL or IP_DEAD; a dead
 *		reply name or a send right to a dead port gives IP_DEAD.
 *		Destination and reply may be the same name (GNU Mach's
 *		rules: MOVE_SEND twice needs two user references; a
 *		MOVE_SEND_ONCE cannot be combined).
 * Conditions:	No IPC lock held.
 * Returns:	MACH_MSG_SUCCESS;
 *		MACH_SEND_INVALID_HEADER: a disposition that is not a send
 *		one, or a reply name without a disposition;
 *		MACH_SEND_INVALID_DEST: the destination name is null, dead,
 *		not in the space, or lacks the right the disposition needs
 *		(dead names and dead ports included), or the space is dead;
 *		MACH_SEND_INVALID_REPLY: the same for the reply name (where
 *		a dead name is accepted).
 *		On an error nothing has changed and the header is as given.
 */
mach_msg_return_t ipc_kmsg_copyin_header(ipc_kmsg_t kmsg, ipc_space_t space);

/*
 * Routine:	ipc_kmsg_copyout_header
 * Purpose:	Turn kmsg's header, in kernel form, into user form for the
 *		receiver `space'.  The destination right is consumed: the
 *		receiver sees its name for the port as msgh_local_port (0
 *		if it does not hold the receive right, MACH_PORT_DEAD if the
 *		port died) and gains no right.  The reply right is copied
 *		out as a new right (merged into an entry that names the
 *		port, user references pegged at the limit) and named in
 *		msgh_remote_port, MACH_PORT_DEAD if its port died.  Bits
 *		become MACH_MSGH_BITS(reply type, destination type).
 * Conditions:	No IPC lock held.
 * Returns:	MACH_MSG_SUCCESS; MACH_RCV_HEADER_ERROR|MACH_MSG_IPC_SPACE
 *		if the space had no room for the reply right: it is then
 *		released and named MACH_PORT_NULL, the rest as on success.
 *		MACH_RCV_HEADER_ERROR if the space is dead: every right is
 *		released, both names MACH_PORT_NULL.
 */
mach_msg_return_t ipc_kmsg_copyout_header(ipc_kmsg_t kmsg, ipc_space_t space);

/*
 * Routine:	ipc_kmsg_copyin_body
 * Purpose:	Translate the body of a complex message (MACH_MSGH_BITS_COMPLEX;
 *		otherwise the body is data) into kernel form in place: typed
 *		items up to msgh_size, each an 8-byte descriptor (short or
 *		long form, the same 8 bytes on x86_64) and inline data padded
 *		to 8; a right item (msgt_size 64) holds msgt_number
 *		mach_port_name_inlined_t, each name copied in by the item's
 *		disposition (a dead name accepted: IP_DEAD; MACH_PORT_NULL
 *		and MACH_PORT_DEAD kept) and replaced by the port, msgt_name
 *		by the copied-in type.
 * Conditions:	No IPC lock held.
 *		Out-of-line data becomes a copy (vm_map_copyin, src_destroy
 *		= msgt_deallocate), a port array a kalloc'd array of rights
 *		(the user's deallocated after all are in, if asked).
 * Returns:	MACH_MSG_SUCCESS; MACH_SEND_MSG_TOO_SMALL: msgh_size below
 *		a header, beyond ikm_size or not a multiple of 8, or an item
 *		running past it; MACH_SEND_INVALID_TYPE: msgt_unused set,
 *		dealloc of inline data, an inline right item whose size is
 *		not 64, a port array's not 32, out-of-line data's not 8,
 *		16, 32 or 64; MACH_SEND_INVALID_RIGHT: a name that cannot
 *		be copied in; MACH_SEND_INVALID_MEMORY: out-of-line memory
 *		that cannot be read (or a port array of more than 2^18).
 *		On an error the body rights and copies taken so far are
 *		released (rights destroyed, as GNU Mach's
 *		ipc_kmsg_clean_partial does).
 */
mach_msg_return_t ipc_kmsg_copyin_body(ipc_kmsg_t kmsg, ipc_space_t space);

/*
 * Header, then body.  On a body error the header's rights are released
 * too (the message is consumed, as in GNU Mach) and the header holds
 * IP_NULL for both; the kmsg is then only to be freed.
 */
mach_msg_return_t ipc_kmsg_copyin(ipc_kmsg_t kmsg, ipc_space_t space);

/*
 * Routine:	ipc_kmsg_copyout_body
 * Purpose:	Copy the body's inline rights out into `space' as new rights
 *		(merged, user references pegged), each replaced by its name
 *		zero-extended to 8 bytes, msgt_name left the right's type.
 *		A dead port's right is named MACH_PORT_DEAD.  Out-of-line
 *		data is mapped anywhere in the current map (its address in
 *		the pointer), a port array's rights copied out into fresh
 *		memory there as 32-bit names.
 * Conditions:	No IPC lock held.
 * Returns:	MACH_MSG_SUCCESS; MACH_RCV_BODY_ERROR|MACH_MSG_IPC_SPACE if
 *		a right did not fit (or the space is dead): it is released
 *		and named MACH_PORT_NULL, the others copied out;
 *		MACH_RCV_BODY_ERROR|MACH_MSG_VM_SPACE (_VM_KERNEL: memory
 *		short) if out-of-line memory did not fit: the copy or the
 *		array's rights released, the pointer 0.
 */
mach_msg_return_t ipc_kmsg_copyout_body(ipc_kmsg_t kmsg, ipc_space_t space);

/*
 * Record each receive right of the body (kernel form) as in transit to
 * the message's destination (ipc/ipc_port.h); returns whether one of
 * them closes a cycle: the message is then circular, never to be
 * queued.  For every message sent, the user's and the kernel's.
 */
bool ipc_kmsg_enter_transit(ipc_kmsg_t kmsg);

/*
 * Header, then body (a receive).  Returns the header's error if it had
 * one (the body is then released when the space is dead, copied out
 * otherwise), else the body's.
 */
mach_msg_return_t ipc_kmsg_copyout(ipc_kmsg_t kmsg, ipc_space_t space);

/*
 * Copy the kernel-held right `port' of type `type' out into `space'
 * (locking it), as a receive does: its name there (merged, user
 * references pegged), MACH_PORT_DEAD for IP_DEAD or a dead port,
 * MACH_PORT_NULL for IP_NULL.  When it does not fit or the space is
 * dead, the right is released, the name is MACH_PORT_NULL and *lost is
 * set.  The right is consumed whatever happens.
 */
mach_port_name_t ipc_kmsg_copyout_right(ipc_space_t space, ipc_port_t port,
					mach_msg_type_name_t type, bool *lost);

/*
 * Routine:	ipc_kmsg_copyout_pseudo
 * Purpose:	Give a message in kernel form that was not sent back to
 *		its sender's `space': the destination and reply rights are
 *		copied out and named in msgh_remote_port and msgh_local_port
 *		(bits unchanged: the rights' types, which are the MOVE
 *		dispositions), the body's rights as by copyout_body.
 * Returns:	MACH_MSG_SUCCESS, or MACH_MSG_IPC_SPACE when a right did
 *		not fit (it is released, named MACH_PORT_NULL).
 */
mach_msg_return_t ipc_kmsg_copyout_pseudo(ipc_kmsg_t kmsg, ipc_space_t space);

#endif
