/*
 * ipc/mach_port_kobject.c: the routines of mach_port.defs that the
 * KernelServer stubs call where ipc/mach_port.c has no core of that
 * signature (names and get_set_status, whose arrays go out of line as
 * copy objects; the receive-side calls).  The other routines (allocate, allocate_name,
 * deallocate, destroy, type, rename, get_refs, mod_refs, insert_right,
 * extract_right, move_member, request_notification) are the cores
 * themselves.  Each answer
 * here is listed in docs/kobjects.md.  Compiled with KERNEL defined.
 */

#include "kern/ipc_mig.h"
#include "ipc/ipc_entry.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/kalloc.h"
#include "kern/queue.h"
#include "vm/vm_map_copy.h"
#include "mach_portServer.h"

/* The core of ipc/mach_port.c under its own name (this archive renames
 * mach_port_names to kobject_mach_port_names for the stubs). */
#undef mach_port_names
#include "ipc/mach_port.h"

/*
 * The kernel's out-of-line replies: an array built in kernel memory
 * becomes a copy object (vm/vm_map_copy.h), which the reply carries in
 * its pointer field and the receive maps into the caller.
 */
static kern_return_t
array_copy(const void *array, vm_size_t bytes, vm_map_copy_t *copy)
{
	return vm_map_copy_from_kernel(array, bytes, copy);
}

/*
 * The MIG form of mach_port_names: both arrays out of line.  Named
 * kobject_mach_port_names in the kernel (kernel/local.mk renames it in
 * the stubs): ipc/mach_port.c's mach_port_names fills buffers, which
 * grow until every name fits (the space may grow meanwhile).
 */
kern_return_t
kobject_mach_port_names(ipc_space_t task, mach_port_name_array_t *names,
			mach_msg_type_number_t *namesCnt,
			mach_port_type_array_t *types,
			mach_msg_type_number_t *typesCnt)
{
	mach_port_name_t *nbuf = NULL;
	mach_port_type_t *tbuf = NULL;
	size_t cap = 0, count = 0;
	kern_return_t kr;
	for (;;) {
		kr = mach_port_names(task, nbuf, tbuf, cap, &count);
		if (kr != KERN_SUCCESS || count <= cap)
			break;
		kfree(nbuf, cap * sizeof *nbuf);
		kfree(tbuf, cap * sizeof *tbuf);
		cap = count + count / 4 + 4;
		nbuf = kalloc(cap * sizeof *nbuf);
		tbuf = kalloc(cap * sizeof *tbuf);
		if (nbuf == NULL || tbuf == NULL) {
			kr = KERN_RESOURCE_SHORTAGE;
			break;
		}
	}
	vm_map_copy_t ncopy = VM_MAP_COPY_NULL, tcopy = VM_MAP_COPY_NULL;
	if (kr == KERN_SUCCESS)
		kr = array_copy(nbuf, count * sizeof *nbuf, &ncopy);
	if (kr == KERN_SUCCESS) {
		kr = array_copy(tbuf, count * sizeof *tbuf, &tcopy);
		if (kr != KERN_SUCCESS)
			vm_map_copy_discard(ncopy);
	}
	kfree(nbuf, cap * sizeof *nbuf);
	kfree(tbuf, cap * sizeof *tbuf);
	if (kr != KERN_SUCCESS)
		return kr;
	*names = (mach_port_name_array_t)(void *)ncopy;
	*types = (mach_port_type_array_t)(void *)tcopy;
	*namesCnt = (mach_msg_type_number_t)count;
	*typesCnt = (mach_msg_type_number_t)count;
	return KERN_SUCCESS;
}

/*
 * The members of the port set `name' into up to `cap' names of buf (all
 * members are receive rights of the same space: their names there);
 * their number into *count.  KERN_INVALID_TASK, KERN_INVALID_NAME,
 * KERN_INVALID_RIGHT (not a port set).
 */
static kern_return_t
set_members(ipc_space_t space, mach_port_name_t name, mach_port_name_t *buf,
	    size_t cap, size_t *count)
{
	ipc_entry_t entry;
	if (space == NULL)
		return KERN_INVALID_TASK;
	is_write_lock(space);
	kern_return_t kr = space->is_active
				   ? ipc_right_lookup(space, name, &entry)
				   : KERN_INVALID_TASK;
	if (kr == KERN_SUCCESS &&
	    (IE_BITS_TYPE(entry->ie_bits) & MACH_PORT_TYPE_PORT_SET) == 0)
		kr = KERN_INVALID_RIGHT;
	if (kr == KERN_SUCCESS) {
		ipc_pset_t pset = (ipc_pset_t)entry->ie_object;
		size_t n = 0;
		ips_lock(pset);
		for (queue_chain_t *q = pset->ips_members.next;
		     q != &pset->ips_members; q = q->next) {
			ipc_port_t port =
				queue_entry(q, struct ipc_port, ip_pset_chain);
			if (n < cap)
				buf[n] = port->ip_receiver_name;
			n++;
		}
		ips_unlock(pset);
		*count = n;
	}
	is_write_unlock(space);
	return kr;
}

kern_return_t
mach_port_get_set_status(ipc_space_t task, mach_port_name_t name,
			 mach_port_name_array_t *members,
			 mach_msg_type_number_t *membersCnt)
{
	mach_port_name_t *buf = NULL;
	size_t cap = 0, count = 0;
	kern_return_t kr;
	for (;;) {
		kr = set_members(task, name, buf, cap, &count);
		if (kr != KERN_SUCCESS || count <= cap)
			break;
		kfree(buf, cap * sizeof *buf);
		cap = count + count / 4 + 4;
		buf = kalloc(cap * sizeof *buf);
		if (buf == NULL) {
			kr = KERN_RESOURCE_SHORTAGE;
			break;
		}
	}
	vm_map_copy_t copy = VM_MAP_COPY_NULL;
	if (kr == KERN_SUCCESS)
		kr = array_copy(buf, count * sizeof *buf, &copy);
	kfree(buf, cap * sizeof *buf);
	if (kr != KERN_SUCCESS)
		return kr;
	*members = (mach_port_name_array_t)(void *)copy;
	*membersCnt = (mach_msg_type_number_t)count;
	return KERN_SUCCESS;
}

/*
 * The receive-side calls, on the message queues (ipc/ipc_mqueue.h).
 * Each finds the receive right `name' and runs `op' with the space and
 * the port locked.
 */
struct receive_op {
	void (*fn)(ipc_port_t port, void *arg);
	void *arg;
};

static kern_return_t
with_receive_right(ipc_space_t space, mach_port_name_t name,
		   const struct receive_op *op)
{
	ipc_entry_t entry;
	if (space == NULL)
		return KERN_INVALID_TASK;
	is_write_lock(space);
	kern_return_t kr = ipc_right_lookup(space, name, &entry);
	if (kr == KERN_SUCCESS &&
	    (IE_BITS_TYPE(entry->ie_bits) & MACH_PORT_TYPE_RECEIVE) == 0)
		kr = KERN_INVALID_RIGHT;
	if (kr == KERN_SUCCESS) {
		ipc_port_t port = (ipc_port_t)entry->ie_object;
		ip_lock(port);
		op->fn(port, op->arg);
		ip_unlock(port);
	}
	is_write_unlock(space);
	return kr;
}

static void
set_qlimit(ipc_port_t port, void *arg)
{
	ipc_mqueue_set_qlimit(port, *(mach_port_msgcount_t *)arg);
}

kern_return_t
mach_port_set_qlimit(ipc_space_t task, mach_port_name_t name,
		     mach_port_msgcount_t qlimit)
{
	if (qlimit > IPC_PORT_QLIMIT_MAX)
		return KERN_INVALID_VALUE;
	struct receive_op op = { set_qlimit, &qlimit };
	return with_receive_right(task, name, &op);
}

static void
set_mscount(ipc_port_t port, void *arg)
{
	port->ip_mscount = *(mach_port_mscount_t *)arg;
}

kern_return_t
mach_port_set_mscount(ipc_space_t task, mach_port_name_t name,
		      mach_port_mscount_t mscount)
{
	struct receive_op op = { set_mscount, &mscount };
	return with_receive_right(task, name, &op);
}

static void
set_seqno(ipc_port_t port, void *arg)
{
	ipc_mqueue_set_seqno(port, *(mach_port_seqno_t *)arg);
}

kern_return_t
mach_port_set_seqno(ipc_space_t task, mach_port_name_t name,
		    mach_port_seqno_t seqno)
{
	struct receive_op op = { set_seqno, &seqno };
	return with_receive_right(task, name, &op);
}

/*
 * Protected payloads (GNU Mach): a receive right's payload replaces its
 * name in the messages it receives (ipc/ipc_port.h).
 */
static void
set_payload(ipc_port_t port, void *arg)
{
	port->ip_protected_payload = *(rpc_uintptr_t *)arg;
	port->ip_has_payload = true;
}

static void
clear_payload(ipc_port_t port, void *arg)
{
	(void)arg;
	port->ip_protected_payload = 0;
	port->ip_has_payload = false;
}

kern_return_t
mach_port_set_protected_payload(ipc_space_t task, mach_port_name_t name,
				rpc_uintptr_t payload)
{
	struct receive_op op = { set_payload, &payload };
	return with_receive_right(task, name, &op);
}

kern_return_t
mach_port_clear_protected_payload(ipc_space_t task, mach_port_name_t name)
{
	struct receive_op op = { clear_payload, NULL };
	return with_receive_right(task, name, &op);
}

/* The name of the port set `pset' in `space' (sets are not in the
 * reverse hash: a walk of the space, for a rare call). */
struct set_search {
	ipc_object_t set;
	mach_port_name_t name;
};

static void
match_set(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
	  void *arg)
{
	struct set_search *s = arg;
	(void)space;
	if (entry->ie_object == s->set &&
	    (IE_BITS_TYPE(entry->ie_bits) & MACH_PORT_TYPE_PORT_SET))
		s->name = name;
}

static mach_port_name_t
set_name(ipc_space_t space, ipc_pset_t pset)
{
	struct set_search s = { &pset->ips_object, IPC_NAME_NULL };
	ipc_entry_foreach(space, match_set, &s);
	return s.name;
}

struct status_arg {
	ipc_space_t space;
	mach_port_status_t *status;
};

static void
get_status(ipc_port_t port, void *arg)
{
	struct status_arg *a = arg;
	mach_port_status_t *st = a->status;
	mach_port_seqno_t seqno;
	mach_port_msgcount_t count;

	ipc_mqueue_status(port, &seqno, &count);
	/* The set's name: in the same space (ipc/ipc_pset.h). */
	st->mps_pset = port->ip_pset != NULL ? set_name(a->space, port->ip_pset)
					     : IPC_NAME_NULL;
	st->mps_seqno = seqno;
	st->mps_mscount = port->ip_mscount;
	st->mps_qlimit = port->ip_qlimit;
	st->mps_msgcount = count;
	st->mps_sorights = port->ip_sorights;
	st->mps_srights = port->ip_srights > 0;
	st->mps_pdrequest = port->ip_pdrequest != IP_NULL;
	st->mps_nsrequest = port->ip_nsrequest != IP_NULL;
}

kern_return_t
mach_port_get_receive_status(ipc_space_t task, mach_port_name_t name,
			     mach_port_status_t *status)
{
	struct status_arg a = { task, status };
	struct receive_op op = { get_status, &a };
	return with_receive_right(task, name, &op);
}
