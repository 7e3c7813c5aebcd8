/*
 * ipc/ipc_kmsg.c: kernel messages and header copyin/copyout, with GNU
 * Mach's semantics and return codes.
 *
 * Copyin decides before it changes anything (seL4's decode, then
 * invoke): the reply right is checked, then the destination is copied
 * in, then the reply, which cannot fail any more.  So an error leaves
 * the space as it was.
 *
 * Lock order (ipc/ipc_space.h): the space, then one port.
 */

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_entry.h"
#include "ipc/ipc_kmsg_vm.h"
#include "ipc/ipc_marequest.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/cpu.h"
#include "kern/kalloc.h"
#include "kern/panic.h"
#include "kern/string.h"

#define IKM_OVERHEAD offsetof(struct ipc_kmsg, ikm_header)

/*
 * The body: typed items from the header's end to msgh_size, each an
 * 8-byte descriptor (the long form is the short one on x86_64) and its
 * inline data padded to 8, or, out of line (msgt_inline 0), an 8-byte
 * pointer.  A right is a mach_port_name_inlined_t of 8 bytes: the
 * 32-bit name in user form, the ipc_port_t in kernel form.  An
 * out-of-line port array is of 32-bit names in user form (msgt_size
 * 32) and of ipc_port_t in kernel form (msgt_size 64, kalloc'd), as in
 * GNU Mach; out-of-line data is a copy object in kernel form
 * (ipc/ipc_kmsg_vm.h), NULL for no data.
 */
#define IKM_ALIGN          8u
#define IKM_PORT_BITS      64u
#define IKM_PORT_NAME_BITS 32u

/*
 * The most rights one out-of-line array may carry (2 MiB of kernel
 * memory): a bound on what a sender makes the kernel kalloc.  Beyond
 * it, MACH_SEND_INVALID_MEMORY, GNU Mach's code for a kalloc failure.
 */
#define IKM_OOL_PORTS_MAX (1u << 18)

static mach_msg_type_t *
item_type(char *p)
{
	return (mach_msg_type_t *)(void *)p;
}

static uint64_t
load_word(const char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static ipc_port_t
inlined_port(const char *p)
{
	return (ipc_port_t)(uintptr_t)load_word(p);
}

static void
set_inlined(char *p, uint64_t v)
{
	memcpy(p, &v, sizeof v);
}

/* The bytes an item takes after its descriptor. */
static uint64_t
item_bytes(const mach_msg_type_t *t)
{
	if (!t->msgt_inline)
		return IKM_ALIGN;
	uint64_t bits = (uint64_t)t->msgt_size * t->msgt_number;
	return ((bits + 7) / 8 + IKM_ALIGN - 1) & ~(uint64_t)(IKM_ALIGN - 1);
}

/* The bytes of an out-of-line data item's data (no overflow: 32 bits
 * times 16). */
static uint64_t
ool_length(const mach_msg_type_t *t)
{
	return ((uint64_t)t->msgt_size * t->msgt_number + 7) / 8;
}

/* The kernel-held array of an out-of-line port item: its bytes. */
static vm_size_t
ool_ports_bytes(const mach_msg_type_t *t)
{
	return (vm_size_t)t->msgt_number * sizeof(ipc_port_t);
}

/* Release the kernel-form rights of one item's first `n' elements. */
static void
release_rights(char *data, mach_msg_type_name_t type, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		ipc_right_release(inlined_port(data + i * 8), type);
}

/* Release what one kernel-form item holds: its rights, its port array,
 * its copy.  Its pointer field then holds 0. */
static void
item_release(mach_msg_type_t *t, char *data)
{
	bool port = MACH_MSG_TYPE_PORT_ANY_RIGHT(t->msgt_name);
	if (t->msgt_inline) {
		if (port)
			release_rights(data, t->msgt_name, t->msgt_number);
		return;
	}
	void *ptr = (void *)(uintptr_t)load_word(data);
	set_inlined(data, 0);
	if (!port) {
		ikm_vm_discard(ptr);
		return;
	}
	if (ptr == NULL)
		return;
	ipc_port_t *ports = ptr;
	for (uint64_t i = 0; i < t->msgt_number; i++)
		ipc_right_release(ports[i], t->msgt_name);
	kfree(ports, ool_ports_bytes(t));
}

/* Release every right and copy of the kernel-form body in [start, end). */
static void
body_release(char *p, char *end)
{
	while (p < end) {
		mach_msg_type_t *t = item_type(p);
		p += sizeof *t;
		item_release(t, p);
		p += item_bytes(t);
	}
}

static char *
body_end(ipc_kmsg_t kmsg)
{
	return (char *)&kmsg->ikm_header + kmsg->ikm_header.msgh_size;
}

/*
 * Each CPU keeps one free kmsg of IKM_SAVED_SIZE bytes of room, the size
 * every small message gets, so that an RPC's messages seldom reach
 * kalloc (GNU Mach's ikm_cache).  Taken and put back by one exchange
 * on the CPU's own slot (arch_cpu_exchange_pointer), which nothing on
 * the CPU can split.
 */

#define IKM_CACHE_OFFSET __builtin_offsetof(struct cpu, ikm_cache)

static ipc_kmsg_t kmsg_alloc_kalloc(mach_msg_size_t size);

ipc_kmsg_t
ipc_kmsg_alloc(mach_msg_size_t size)
{
	if (size < sizeof(mach_msg_header_t) || size > IKM_SIZE_MAX)
		return IKM_NULL;
	if (size <= IKM_SAVED_SIZE) {
		size = IKM_SAVED_SIZE;
		ipc_kmsg_t kmsg =
			arch_cpu_exchange_pointer(IKM_CACHE_OFFSET, IKM_NULL);
		if (kmsg != IKM_NULL) {
			kmsg->ikm_marequest = NULL;
			return kmsg;
		}
	}
	return kmsg_alloc_kalloc(size);
}

/* ipc_kmsg_alloc from kalloc (not the cache), `size' bytes of room:
 * apart, so that the cache's case needs no frame. */
static ipc_kmsg_t __attribute__((noinline))
kmsg_alloc_kalloc(mach_msg_size_t size)
{
	ipc_kmsg_t kmsg = kalloc(IKM_OVERHEAD + size);
	if (kmsg == IKM_NULL)
		return IKM_NULL;
	kmsg->ikm_size = size;
	kmsg->ikm_marequest = NULL;
	return kmsg;
}

void
ipc_kmsg_free(ipc_kmsg_t kmsg)
{
	if (kmsg->ikm_size == IKM_SAVED_SIZE) {
		/* Into the cache; what was there (if anything) goes. */
		kmsg = arch_cpu_exchange_pointer(IKM_CACHE_OFFSET, kmsg);
		if (kmsg == IKM_NULL)
			return;
	}
	kfree(kmsg, IKM_OVERHEAD + kmsg->ikm_size);
}

void
ipc_kmsg_cache_drain(void)
{
	ipc_kmsg_t kmsg = arch_cpu_exchange_pointer(IKM_CACHE_OFFSET, IKM_NULL);
	if (kmsg != IKM_NULL)
		kfree(kmsg, IKM_OVERHEAD + kmsg->ikm_size);
}

void
ipc_kmsg_clean(mach_msg_header_t *h)
{
	ipc_right_release(ikm_remote_port(h),
			  MACH_MSGH_BITS_REMOTE(h->msgh_bits));
	ipc_right_release(ikm_local_port(h),
			  MACH_MSGH_BITS_LOCAL(h->msgh_bits));
	if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX)
		body_release((char *)(h + 1), (char *)h + h->msgh_size);
	h->msgh_bits = 0;
	ikm_set_remote_port(h, IP_NULL);
	ikm_set_local_port(h, IP_NULL);
}

/*
 * The kernel-held right a disposition makes of `port', a right or a
 * receive right the kernel's caller holds: copied or made for COPY_SEND,
 * MAKE_SEND and MAKE_SEND_ONCE, moved as it is for the MOVE ones.
 */
static ipc_port_t
kernel_right(ipc_port_t port, mach_msg_type_name_t d)
{
	if (!IP_VALID(port))
		return port;
	switch (d) {
	case MACH_MSG_TYPE_COPY_SEND:
		return ipc_port_copy_send(port);
	case MACH_MSG_TYPE_MAKE_SEND:
		return ipc_port_make_send(port);
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return ipc_port_make_sonce(port);
	default:
		return port;
	}
}

void
ipc_kmsg_copyin_from_kernel(ipc_kmsg_t kmsg, ipc_port_t reply)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t mbits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(mbits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(mbits);
	ipc_port_t local = ikm_local_port(h);

	if (local == IP_NULL && reply != IP_NULL)
		local = reply;
	ikm_set_remote_port(h, kernel_right(ikm_remote_port(h), dest_type));
	ikm_set_local_port(h, kernel_right(local, reply_type));
	h->msgh_bits = MACH_MSGH_BITS_OTHER(mbits) |
		       MACH_MSGH_BITS(ipc_right_copyin_type(dest_type),
				      ipc_right_copyin_type(reply_type));
	if ((mbits & MACH_MSGH_BITS_COMPLEX) == 0)
		return;
	for (char *p = (char *)(h + 1), *end = body_end(kmsg); p < end;) {
		mach_msg_type_t *t = item_type(p);
		char *data = p + sizeof *t;
		p = data + item_bytes(t);
		mach_msg_type_name_t d = t->msgt_name;
		if (!MACH_MSG_TYPE_PORT_ANY(d))
			continue;
		/* Inline rights are moved, never deallocated: the dealloc
		 * of a KernelUser stub (memory_object_terminate's, "for
		 * Mach 2.5 kernels") is dropped, as GNU Mach's receivers
		 * compare the whole descriptor and users may not set it. */
		if (t->msgt_inline)
			t->msgt_deallocate = 0;
		t->msgt_name = ipc_right_copyin_type(d);
		ipc_port_t *ports =
			t->msgt_inline
				? NULL
				: (ipc_port_t *)(uintptr_t)load_word(data);
		for (uint64_t i = 0; i < t->msgt_number; i++) {
			if (ports != NULL)
				ports[i] = kernel_right(ports[i], d);
			else
				set_inlined(
					data + i * 8,
					(uintptr_t)kernel_right(
						inlined_port(data + i * 8), d));
		}
	}
}

/*
 * Destroying a kmsg may destroy ports (receive rights in its body), whose
 * queued kmsgs may carry more receive rights, without bound: a user can
 * build such a chain.  So destruction is a loop over a queue, never a
 * recursion: a destroy that comes while the loop runs joins the queue.
 */
static simple_lock_t destroy_lock = SIMPLE_LOCK_INITIALIZER;
static queue_head_t destroy_queue = { &destroy_queue, &destroy_queue };
static bool destroying;

void
ipc_kmsg_accepted_request(ipc_kmsg_t kmsg)
{
	ipc_marequest_accepted(kmsg->ikm_marequest);
	kmsg->ikm_marequest = NULL;
}

void
ipc_kmsg_destroy(ipc_kmsg_t kmsg)
{
	simple_lock_noirq(&destroy_lock);
	queue_enter_tail(&destroy_queue, &kmsg->ikm_link);
	if (destroying) {
		simple_unlock_noirq(&destroy_lock);
		return;
	}
	destroying = true;
	while (!queue_empty(&destroy_queue)) {
		ipc_kmsg_t k = queue_entry(queue_remove_first(&destroy_queue),
					   struct ipc_kmsg, ikm_link);
		simple_unlock_noirq(&destroy_lock);
		ipc_kmsg_accepted(k);
		ipc_kmsg_clean(&k->ikm_header);
		ipc_kmsg_free(k);
		simple_lock_noirq(&destroy_lock);
	}
	destroying = false;
	simple_unlock_noirq(&destroy_lock);
}

static bool
is_send_disposition(mach_msg_type_name_t d)
{
	return MACH_MSG_TYPE_PORT_ANY_SEND(d);
}

/*
 * Would copying in `name' by the send disposition `d' succeed, with a
 * dead name accepted?  The space is locked.  (ipc_right_info turns a
 * send right to a dead port into a dead name, which copyin would do.)
 */
static bool
reply_copyin_ok(ipc_space_t space, mach_port_name_t name,
		mach_msg_type_name_t d)
{
	ipc_entry_t entry;
	if (ipc_right_lookup(space, name, &entry) != KERN_SUCCESS)
		return false;
	mach_port_type_t type;
	mach_port_urefs_t urefs;
	ipc_right_info(space, name, entry, &type, &urefs);
	switch (d) {
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return (type & MACH_PORT_TYPE_RECEIVE) != 0;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		return (type & (MACH_PORT_TYPE_DEAD_NAME |
				MACH_PORT_TYPE_SEND_ONCE)) != 0;
	default: /* COPY_SEND, MOVE_SEND */
		return (type &
			(MACH_PORT_TYPE_DEAD_NAME | MACH_PORT_TYPE_SEND)) != 0;
	}
}

/* Copy in a right that reply_copyin_ok (or the same-name rules) vouched for. */
static ipc_port_t
copyin_must(ipc_space_t space, mach_port_name_t name, mach_msg_type_name_t d)
{
	ipc_port_t port;
	if (ipc_right_copyin(space, name, d, true, &port) != KERN_SUCCESS)
		panic("ipc_kmsg: checked copyin of %x failed", name);
	return port;
}

/*
 * Destination and reply are one name (not null, not dead): GNU Mach's
 * cases.  The space is locked and active.
 */
static mach_msg_return_t
copyin_same_name(ipc_space_t space, mach_port_name_t name,
		 mach_msg_type_name_t dest_type,
		 mach_msg_type_name_t reply_type, ipc_port_t *destp,
		 ipc_port_t *replyp)
{
	ipc_entry_t entry;
	if (ipc_right_lookup(space, name, &entry) != KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;
	if (!reply_copyin_ok(space, name, reply_type))
		return MACH_SEND_INVALID_REPLY;
	/* A live destination needs a live right, which a move-once empties. */
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	    reply_type == MACH_MSG_TYPE_MOVE_SEND_ONCE)
		return MACH_SEND_INVALID_DEST;

	bool make = dest_type == MACH_MSG_TYPE_MAKE_SEND ||
		    dest_type == MACH_MSG_TYPE_MAKE_SEND_ONCE ||
		    reply_type == MACH_MSG_TYPE_MAKE_SEND ||
		    reply_type == MACH_MSG_TYPE_MAKE_SEND_ONCE;
	if (make) {
		/* The receive right is there, so the port lives; it stays. */
		if (ipc_right_copyin(space, name, dest_type, false, destp) !=
		    KERN_SUCCESS)
			return MACH_SEND_INVALID_DEST;
		*replyp = copyin_must(space, name, reply_type);
		return MACH_MSG_SUCCESS;
	}
	if (dest_type == MACH_MSG_TYPE_MOVE_SEND &&
	    reply_type == MACH_MSG_TYPE_MOVE_SEND) {
		/* Two user references of a live send right. */
		ipc_right_lookup(space, name, &entry);
		mach_port_type_t type;
		mach_port_urefs_t urefs;
		ipc_right_info(space, name, entry, &type, &urefs);
		if ((type & MACH_PORT_TYPE_SEND) == 0 || urefs < 2)
			return MACH_SEND_INVALID_DEST;
		*destp = copyin_must(space, name, MACH_MSG_TYPE_MOVE_SEND);
		*replyp = copyin_must(space, name, MACH_MSG_TYPE_MOVE_SEND);
		return MACH_MSG_SUCCESS;
	}
	/* COPY_SEND and COPY_SEND or MOVE_SEND: one copyin, then a copy. */
	mach_msg_type_name_t once =
		dest_type == MACH_MSG_TYPE_MOVE_SEND ||
				reply_type == MACH_MSG_TYPE_MOVE_SEND
			? MACH_MSG_TYPE_MOVE_SEND
			: MACH_MSG_TYPE_COPY_SEND;
	if (ipc_right_copyin(space, name, once, false, destp) != KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;
	*replyp = ipc_port_copy_send(*destp);
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t
ipc_kmsg_copyin_header(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t mbits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(mbits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(mbits);
	mach_port_name_t dest_name = ikm_remote_name(h);
	mach_port_name_t reply_name = ikm_local_name(h);

	/* Decode: the header alone. */
	if (!is_send_disposition(dest_type))
		return MACH_SEND_INVALID_HEADER;
	if (reply_type == 0 ? reply_name != IPC_NAME_NULL
			    : !is_send_disposition(reply_type))
		return MACH_SEND_INVALID_HEADER;
	if (!IPC_NAME_VALID(dest_name))
		return MACH_SEND_INVALID_DEST;

	ipc_port_t dest;
	ipc_port_t reply = reply_name == IPC_NAME_DEAD ? IP_DEAD : IP_NULL;

	is_write_lock(space);
	if (!space->is_active) {
		is_write_unlock(space);
		return MACH_SEND_INVALID_DEST;
	}
	if (dest_name == reply_name) {
		mach_msg_return_t mr = copyin_same_name(
			space, dest_name, dest_type, reply_type, &dest, &reply);
		if (mr != MACH_MSG_SUCCESS) {
			is_write_unlock(space);
			return mr;
		}
	} else {
		ipc_entry_t entry;
		if (ipc_right_lookup(space, dest_name, &entry) !=
		    KERN_SUCCESS) {
			is_write_unlock(space);
			return MACH_SEND_INVALID_DEST;
		}
		bool reply_named = IPC_NAME_VALID(reply_name);
		if (reply_named &&
		    !reply_copyin_ok(space, reply_name, reply_type)) {
			is_write_unlock(space);
			return MACH_SEND_INVALID_REPLY;
		}
		if (ipc_right_copyin(space, dest_name, dest_type, false,
				     &dest) != KERN_SUCCESS) {
			is_write_unlock(space);
			return MACH_SEND_INVALID_DEST;
		}
		/* Another entry: the destination's copyin left it alone. */
		if (reply_named)
			reply = copyin_must(space, reply_name, reply_type);
	}
	is_write_unlock(space);

	h->msgh_bits = MACH_MSGH_BITS_OTHER(mbits) |
		       MACH_MSGH_BITS(ipc_right_copyin_type(dest_type),
				      ipc_right_copyin_type(reply_type));
	ikm_set_remote_port(h, dest);
	ikm_set_local_port(h, reply);
	return MACH_MSG_SUCCESS;
}

/*
 * The receiver's name for the destination, whose right the message
 * consumes: its receive right's name (or its protected payload, with
 * *payload set), 0 if another holds the receive right, MACH_PORT_DEAD
 * for a dead port.  Sets *mine when the space receives from it.  The
 * space is locked.
 */
static rpc_uintptr_t
dest_name_in(ipc_space_t space, ipc_port_t dest, bool *mine, bool *payload)
{
	*mine = false;
	*payload = false;
	if (dest == IP_NULL)
		return IPC_NAME_NULL;
	if (dest == IP_DEAD)
		return IPC_NAME_DEAD;
	rpc_uintptr_t name;
	ip_lock(dest);
	if (!ip_active(dest)) {
		name = IPC_NAME_DEAD;
	} else if (dest->ip_receiver == space) {
		*mine = true;
		*payload = dest->ip_has_payload;
		name = *payload ? dest->ip_protected_payload
				: dest->ip_receiver_name;
	} else {
		name = IPC_NAME_NULL;
	}
	ip_unlock(dest);
	return name;
}

/* Release the destination right once its message was received. */
static void
dest_consume(ipc_port_t dest, mach_msg_type_name_t type, bool mine)
{
	if (type == MACH_MSG_TYPE_PORT_SEND_ONCE && !mine)
		/* The space lost the receive right meanwhile: as GNU Mach,
		 * the right is destroyed, with its notification. */
		ipc_port_destroy_sonce(dest);
	else if (type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_release_sonce(dest);
	else
		ipc_right_release(dest, type);
}

mach_msg_return_t
ipc_kmsg_copyout_header(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t mbits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(mbits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(mbits);
	ipc_port_t dest = ikm_remote_port(h);
	ipc_port_t reply = ikm_local_port(h);
	mach_port_name_t reply_name = IPC_NAME_NULL;
	rpc_uintptr_t dest_name = IPC_NAME_NULL;
	ipc_port_t reply_left = IP_NULL; /* a reply right to release */
	bool mine = false, payload = false;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	is_write_lock(space);
	if (!space->is_active) {
		is_write_unlock(space);
		ipc_right_release(dest, dest_type);
		ipc_right_release(reply, reply_type);
		mr = MACH_RCV_HEADER_ERROR;
		goto names;
	}
	if (reply == IP_DEAD) {
		reply_name = IPC_NAME_DEAD;
	} else if (reply != IP_NULL) {
		kern_return_t kr = ipc_right_copyout(space, reply, reply_type,
						     true, &reply_name);
		if (kr != KERN_SUCCESS) {
			reply_left = reply;
			if (kr == KERN_INVALID_CAPABILITY) {
				reply_name = IPC_NAME_DEAD;
			} else {
				reply_name = IPC_NAME_NULL;
				mr = MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE;
			}
		}
	}
	dest_name = dest_name_in(space, dest, &mine, &payload);
	is_write_unlock(space);

	ipc_right_release(reply_left, reply_type);
	dest_consume(dest, dest_type, mine);

names:
	h->msgh_bits = MACH_MSGH_BITS_OTHER(mbits) |
		       MACH_MSGH_BITS(reply_type,
				      payload ? MACH_MSG_TYPE_PROTECTED_PAYLOAD
					      : dest_type);
	/* Whole pointer-wide fields: no kernel pointer bits stay behind. */
	h->msgh_remote_port_do_not_use = reply_name;
	h->msgh_protected_payload = dest_name;
	return mr;
}

/*
 * Copy in `n' names at `names' (the space locked) by disposition `d',
 * each replaced by its right through put(i, right); MACH_PORT_NULL and
 * MACH_PORT_DEAD give IP_NULL and IP_DEAD.  Returns how many were
 * copied in: n, or the index of the first that could not be.
 */
static uint64_t
copyin_names(ipc_space_t space, const mach_port_name_t *names, uint64_t n,
	     mach_msg_type_name_t d, ipc_port_t *ports)
{
	uint64_t i;
	for (i = 0; i < n; i++) {
		mach_port_name_t pn = names[i];
		ipc_port_t right = pn == IPC_NAME_DEAD ? IP_DEAD : IP_NULL;
		if (IPC_NAME_VALID(pn) &&
		    ipc_right_copyin(space, pn, d, true, &right) !=
			    KERN_SUCCESS)
			break;
		ports[i] = right;
	}
	return i;
}

/*
 * An out-of-line port array: the user's msgt_number 32-bit names at the
 * item's pointer become a kalloc'd array of rights, all or none; the
 * user's array is deallocated (msgt_deallocate) only once every right
 * is in.  The array is read into the upper half of the kernel one and
 * widened in place from the front (element i is written after name i
 * is read, and no later name lies below it).
 */
static mach_msg_return_t
copyin_ool_ports(ipc_space_t space, mach_msg_type_t *t, char *data)
{
	uint64_t n = t->msgt_number;
	vm_offset_t uaddr = (vm_offset_t)load_word(data);
	mach_msg_type_name_t d = t->msgt_name;
	if (n > IKM_OOL_PORTS_MAX)
		return MACH_SEND_INVALID_MEMORY;
	if (n == 0) {
		set_inlined(data, 0);
	} else {
		vm_size_t bytes = ool_ports_bytes(t);
		ipc_port_t *ports = kalloc(bytes);
		if (ports == NULL)
			return MACH_SEND_INVALID_MEMORY;
		mach_port_name_t *names =
			(mach_port_name_t *)(void *)((char *)ports + bytes / 2);
		if (ikm_vm_read(uaddr, names, n * sizeof *names) !=
		    KERN_SUCCESS) {
			kfree(ports, bytes);
			return MACH_SEND_INVALID_MEMORY;
		}
		is_write_lock(space);
		uint64_t done = space->is_active ? copyin_names(space, names, n,
								d, ports)
						 : 0;
		is_write_unlock(space);
		mach_msg_type_name_t type = ipc_right_copyin_type(d);
		if (done < n) {
			for (uint64_t i = 0; i < done; i++)
				ipc_right_release(ports[i], type);
			kfree(ports, bytes);
			return MACH_SEND_INVALID_RIGHT;
		}
		if (t->msgt_deallocate)
			(void)ikm_vm_deallocate(uaddr, n * sizeof *names);
		set_inlined(data, (uint64_t)(uintptr_t)ports);
	}
	t->msgt_name = ipc_right_copyin_type(d);
	t->msgt_size = IKM_PORT_BITS;
	return MACH_MSG_SUCCESS;
}

/* Out-of-line data: a copy object of the sender's range. */
static mach_msg_return_t
copyin_ool_data(mach_msg_type_t *t, char *data)
{
	void *copy = NULL;
	vm_offset_t uaddr = (vm_offset_t)load_word(data);
	uint64_t len = ool_length(t);
	if (len != 0 && ikm_vm_copyin(uaddr, len, t->msgt_deallocate, &copy) !=
				KERN_SUCCESS)
		return MACH_SEND_INVALID_MEMORY;
	set_inlined(data, (uint64_t)(uintptr_t)copy);
	return MACH_MSG_SUCCESS;
}

/* Inline rights: each name translated in place; undone on an error. */
static mach_msg_return_t
copyin_inline_ports(ipc_space_t space, mach_msg_type_t *t, char *data)
{
	uint64_t n = t->msgt_number, i;
	mach_msg_type_name_t d = t->msgt_name;
	is_write_lock(space);
	for (i = 0; i < n; i++) {
		char *e = data + i * 8;
		mach_port_name_t pn = (mach_port_name_t)load_word(e);
		ipc_port_t right = pn == IPC_NAME_DEAD ? IP_DEAD : IP_NULL;
		if (IPC_NAME_VALID(pn) &&
		    ipc_right_copyin(space, pn, d, true, &right) !=
			    KERN_SUCCESS)
			break;
		set_inlined(e, (uint64_t)(uintptr_t)right);
	}
	is_write_unlock(space);
	mach_msg_type_name_t type = ipc_right_copyin_type(d);
	if (i < n) {
		release_rights(data, type, i);
		return MACH_SEND_INVALID_RIGHT;
	}
	t->msgt_name = type;
	return MACH_MSG_SUCCESS;
}

/* Whether an item's descriptor is one GNU Mach accepts. */
static bool
type_valid(const mach_msg_type_t *t)
{
	bool port = MACH_MSG_TYPE_PORT_ANY(t->msgt_name);
	if (t->msgt_unused != 0 || (t->msgt_deallocate && t->msgt_inline))
		return false;
	if (port)
		return t->msgt_size ==
		       (t->msgt_inline ? IKM_PORT_BITS : IKM_PORT_NAME_BITS);
	if (!t->msgt_inline)
		return t->msgt_size == 8 || t->msgt_size == 16 ||
		       t->msgt_size == 32 || t->msgt_size == 64;
	return true;
}

mach_msg_return_t
ipc_kmsg_copyin_body(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_size_t size = h->msgh_size;
	if (size < sizeof *h || size > kmsg->ikm_size || size % 4 != 0)
		return MACH_SEND_MSG_TOO_SMALL;
	if ((h->msgh_bits & MACH_MSGH_BITS_COMPLEX) == 0)
		return MACH_MSG_SUCCESS;
	char *start = (char *)(h + 1), *end = body_end(kmsg), *p = start;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	while (p < end) {
		/* Decode the item. */
		if ((size_t)(end - p) < sizeof(mach_msg_type_t)) {
			mr = MACH_SEND_MSG_TOO_SMALL;
			break;
		}
		mach_msg_type_t *t = item_type(p);
		char *data = p + sizeof *t;
		bool port = MACH_MSG_TYPE_PORT_ANY(t->msgt_name);
		if (!type_valid(t)) {
			mr = MACH_SEND_INVALID_TYPE;
			break;
		}
		uint64_t bytes = item_bytes(t);
		if (bytes > (uint64_t)(end - data)) {
			mr = MACH_SEND_MSG_TOO_SMALL;
			break;
		}
		if (!t->msgt_inline)
			mr = port ? copyin_ool_ports(space, t, data)
				  : copyin_ool_data(t, data);
		else if (port)
			mr = copyin_inline_ports(space, t, data);
		if (mr != MACH_MSG_SUCCESS)
			break;
		p = data + bytes;
	}
	if (mr != MACH_MSG_SUCCESS)
		body_release(start, p);
	return mr;
}

bool
ipc_kmsg_enter_transit(ipc_kmsg_t kmsg)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	bool circular = false;
	if ((h->msgh_bits & MACH_MSGH_BITS_COMPLEX) == 0)
		return false;
	ipc_port_t dest = ikm_remote_port(h);
	char *p = (char *)(h + 1), *end = body_end(kmsg);
	while (p < end) {
		mach_msg_type_t *t = item_type(p);
		char *data = p + sizeof *t;
		if (t->msgt_name == MACH_MSG_TYPE_PORT_RECEIVE) {
			ipc_port_t *ool =
				(ipc_port_t *)(uintptr_t)load_word(data);
			for (uint64_t i = 0; i < t->msgt_number; i++) {
				ipc_port_t r =
					t->msgt_inline
						? inlined_port(data + i * 8)
						: ool[i];
				if (IP_VALID(r) &&
				    ipc_port_enter_transit(r, dest))
					circular = true;
			}
		}
		p = data + item_bytes(t);
	}
	return circular;
}

mach_msg_return_t
ipc_kmsg_copyin(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_return_t mr = ipc_kmsg_copyin_header(kmsg, space);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = ipc_kmsg_copyin_body(kmsg, space);
	if (mr != MACH_MSG_SUCCESS) {
		mach_msg_header_t *h = &kmsg->ikm_header;
		ipc_right_release(ikm_remote_port(h),
				  MACH_MSGH_BITS_REMOTE(h->msgh_bits));
		ipc_right_release(ikm_local_port(h),
				  MACH_MSGH_BITS_LOCAL(h->msgh_bits));
		h->msgh_bits = MACH_MSGH_BITS_OTHER(h->msgh_bits);
		ikm_set_remote_port(h, IP_NULL);
		ikm_set_local_port(h, IP_NULL);
	}
	return mr;
}

/* The code a failed copyout of out-of-line memory adds. */
static mach_msg_return_t
vm_failure(kern_return_t kr)
{
	return MACH_RCV_BODY_ERROR |
	       (kr == KERN_RESOURCE_SHORTAGE ? MACH_MSG_VM_KERNEL
					     : MACH_MSG_VM_SPACE);
}

/*
 * An out-of-line port array: fresh memory of the receiver first (when
 * there is none, every right is released and the pointer is 0), then
 * each right copied out into it as a 32-bit name.
 */
static mach_msg_return_t
copyout_ool_ports(ipc_space_t space, mach_msg_type_t *t, char *data)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	ipc_port_t *ports = (ipc_port_t *)(uintptr_t)load_word(data);
	uint64_t n = t->msgt_number;
	vm_offset_t addr = 0;
	t->msgt_size = IKM_PORT_NAME_BITS;
	if (ports == NULL)
		return MACH_MSG_SUCCESS;
	vm_size_t bytes = ool_ports_bytes(t);
	kern_return_t kr = ikm_vm_allocate(n * sizeof(mach_port_name_t), &addr);
	if (kr != KERN_SUCCESS) {
		for (uint64_t i = 0; i < n; i++)
			ipc_right_release(ports[i], t->msgt_name);
		kfree(ports, bytes);
		set_inlined(data, 0);
		return vm_failure(kr);
	}
	/* Narrowed in place from the front: name i lies below port i. */
	mach_port_name_t *names = (mach_port_name_t *)(void *)ports;
	for (uint64_t i = 0; i < n; i++) {
		bool lost = false;
		ipc_port_t port = ports[i];
		names[i] = ipc_kmsg_copyout_right(space, port, t->msgt_name,
						  &lost);
		if (lost)
			mr = MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE;
	}
	/* Fresh memory of the receiver's: only its own threads can have
	 * unmapped it meanwhile, and then the names are lost to it. */
	(void)ikm_vm_write(addr, names, n * sizeof *names);
	kfree(ports, bytes);
	set_inlined(data, addr);
	return mr;
}

/* Out-of-line data: the copy mapped anywhere in the receiver. */
static mach_msg_return_t
copyout_ool_data(char *data)
{
	void *copy = (void *)(uintptr_t)load_word(data);
	vm_offset_t addr = 0;
	kern_return_t kr = ikm_vm_copyout(copy, &addr);
	if (kr != KERN_SUCCESS) {
		ikm_vm_discard(copy);
		set_inlined(data, 0);
		return vm_failure(kr);
	}
	set_inlined(data, addr);
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t
ipc_kmsg_copyout_body(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	if ((h->msgh_bits & MACH_MSGH_BITS_COMPLEX) == 0)
		return MACH_MSG_SUCCESS;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	char *p = (char *)(h + 1), *end = body_end(kmsg);
	while (p < end) {
		mach_msg_type_t *t = item_type(p);
		char *data = p + sizeof *t;
		bool port = MACH_MSG_TYPE_PORT_ANY_RIGHT(t->msgt_name);
		if (!t->msgt_inline) {
			mr |= port ? copyout_ool_ports(space, t, data)
				   : copyout_ool_data(data);
		} else if (port) {
			for (uint64_t i = 0; i < t->msgt_number; i++) {
				char *e = data + i * 8;
				bool lost = false;
				set_inlined(e, ipc_kmsg_copyout_right(
						       space, inlined_port(e),
						       t->msgt_name, &lost));
				if (lost)
					mr |= MACH_RCV_BODY_ERROR |
					      MACH_MSG_IPC_SPACE;
			}
		}
		p = data + item_bytes(t);
	}
	return mr;
}

mach_msg_return_t
ipc_kmsg_copyout(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_return_t mr = ipc_kmsg_copyout_header(kmsg, space);
	if (mr == MACH_RCV_HEADER_ERROR) {
		/* The space is dead: nothing can be placed in it. */
		if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX)
			body_release((char *)(h + 1), body_end(kmsg));
		return mr;
	}
	mach_msg_return_t body = ipc_kmsg_copyout_body(kmsg, space);
	return mr != MACH_MSG_SUCCESS ? mr : body;
}

mach_port_name_t
ipc_kmsg_copyout_right(ipc_space_t space, ipc_port_t port,
		       mach_msg_type_name_t type, bool *lost)
{
	mach_port_name_t name = IPC_NAME_NULL;
	if (port == IP_DEAD)
		return IPC_NAME_DEAD;
	if (port == IP_NULL)
		return IPC_NAME_NULL;
	is_write_lock(space);
	kern_return_t kr =
		space->is_active
			? ipc_right_copyout(space, port, type, true, &name)
			: KERN_INVALID_TASK;
	is_write_unlock(space);
	if (kr == KERN_SUCCESS)
		return name;
	ipc_right_release(port, type);
	if (kr == KERN_INVALID_CAPABILITY)
		return IPC_NAME_DEAD;
	*lost = true;
	return IPC_NAME_NULL;
}

mach_msg_return_t
ipc_kmsg_copyout_pseudo(ipc_kmsg_t kmsg, ipc_space_t space)
{
	mach_msg_header_t *h = &kmsg->ikm_header;
	mach_msg_bits_t mbits = h->msgh_bits;
	mach_msg_type_name_t dest_type = MACH_MSGH_BITS_REMOTE(mbits);
	mach_msg_type_name_t reply_type = MACH_MSGH_BITS_LOCAL(mbits);
	bool lost = false;

	mach_port_name_t dest = ipc_kmsg_copyout_right(
		space, ikm_remote_port(h), dest_type, &lost);
	mach_port_name_t reply = ipc_kmsg_copyout_right(
		space, ikm_local_port(h), reply_type, &lost);
	mach_msg_return_t mr = lost ? MACH_MSG_IPC_SPACE : MACH_MSG_SUCCESS;
	h->msgh_remote_port_do_not_use = dest;
	h->msgh_protected_payload = reply;
	mach_msg_return_t body = ipc_kmsg_copyout_body(kmsg, space);
	return mr | (body & MACH_MSG_MASK);
}
