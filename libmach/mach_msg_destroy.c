/*
 * mach_msg_destroy.c: release everything a typed message holds.
 *
 * The walk is the kernel's (kernel/ipc/ipc_kmsg.c), over the user form
 * of GNU Mach's x86_64 layout: from the header's end to msgh_size, each
 * item an 8-byte mach_msg_type_t (the long form is the same 8 bytes),
 * then either its inline data padded to 8 bytes (a right is an 8-byte
 * mach_port_name_inlined_t whose low 32 bits are the name) or, out of
 * line, an 8-byte pointer (a port array is of 32-bit names).
 */

#include <stddef.h>
#include <stdint.h>

#include <mach/mach_traps.h>
#include <mach/message.h>

#include "mach.h"

#define ITEM_ALIGN       8u
#define INLINE_PORT_BITS 64u

/*
 * Release one right of the given disposition.  A received message holds
 * rights as the kernel gave them (MOVE_*); a message never sent may hold
 * MAKE_* or COPY_SEND, which hold nothing yet but which GNU Mach's
 * library turns into a right and releases, so a receive right's
 * make-send count moves as the send would have moved it.
 */
static void
destroy_right(mach_port_t name, mach_msg_type_name_t type)
{
	mach_port_t task = mach_task_self();
	mach_port_t right;
	mach_msg_type_name_t got;

	if (!MACH_PORT_VALID(name))
		return;
	switch (type) {
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		(void)mach_port_deallocate(task, name);
		break;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		(void)mach_port_mod_refs(task, name, MACH_PORT_RIGHT_RECEIVE,
					 -1);
		break;
	case MACH_MSG_TYPE_MAKE_SEND:
		if (mach_port_insert_right(task, name, name,
					   MACH_MSG_TYPE_MAKE_SEND) ==
		    KERN_SUCCESS)
			(void)mach_port_deallocate(task, name);
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (mach_port_extract_right(task, name,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE,
					    &right, &got) == KERN_SUCCESS)
			(void)mach_port_deallocate(task, right);
		break;
	default: /* COPY_SEND, a name, data: nothing is held */
		break;
	}
}

static mach_port_t
inlined_name(const char *p)
{
	mach_port_name_inlined_t v;
	__builtin_memcpy(&v, p, sizeof v);
	return v.name;
}

static uint64_t
item_bytes(const mach_msg_type_t *t)
{
	if (!t->msgt_inline)
		return ITEM_ALIGN;
	uint64_t bits = (uint64_t)t->msgt_size * t->msgt_number;
	return ((bits + 7) / 8 + ITEM_ALIGN - 1) & ~(uint64_t)(ITEM_ALIGN - 1);
}

/* Release an out-of-line item: its rights, then its memory. */
static void
destroy_ool(const mach_msg_type_t *t, const char *data)
{
	vm_address_t addr;
	__builtin_memcpy(&addr, data, sizeof addr);
	uint64_t bytes = ((uint64_t)t->msgt_size * t->msgt_number + 7) / 8;
	if (addr == 0 || bytes == 0)
		return;
	if (MACH_MSG_TYPE_PORT_ANY(t->msgt_name)) {
		const mach_port_name_t *names = (const void *)addr;
		for (uint64_t i = 0; i < bytes / sizeof *names; i++)
			destroy_right(names[i], t->msgt_name);
	}
	(void)vm_deallocate(mach_task_self(), addr, (vm_size_t)bytes);
}

/*
 * Release every right and out-of-line region msg holds: the reply right
 * in msgh_remote_port (the local port of a received message is the
 * receive right it came to, not held by the message), then each item's.
 * The walk stops at the first item that does not fit msgh_size, so a
 * truncated or hostile message releases what it describes whole and
 * nothing beyond.  msgh_remote_port and the items' data are left as
 * they were.
 */
void
mach_msg_destroy(mach_msg_header_t *msg)
{
	mach_msg_bits_t bits = msg->msgh_bits;
	destroy_right(msg->msgh_remote_port, MACH_MSGH_BITS_REMOTE(bits));
	if ((bits & MACH_MSGH_BITS_COMPLEX) == 0 ||
	    msg->msgh_size < sizeof *msg)
		return;
	const char *p = (const char *)(msg + 1);
	const char *end = (const char *)msg + msg->msgh_size;
	while ((size_t)(end - p) >= sizeof(mach_msg_type_t)) {
		mach_msg_type_t t;
		__builtin_memcpy(&t, p, sizeof t);
		const char *data = p + sizeof t;
		uint64_t bytes = item_bytes(&t);
		if (bytes > (uint64_t)(end - data))
			break;
		if (!t.msgt_inline)
			destroy_ool(&t, data);
		else if (MACH_MSG_TYPE_PORT_ANY(t.msgt_name) &&
			 t.msgt_size == INLINE_PORT_BITS)
			for (uint64_t i = 0; i < t.msgt_number; i++)
				destroy_right(inlined_name(data + i * 8),
					      t.msgt_name);
		p = data + bytes;
	}
}
