/*
 * pager.c: the default pager's objects and the routines of
 * memory_object.defs and memory_object_default.defs that the MIG
 * server stubs call (docs/default_pager.md), as GNU Mach's default
 * pager answers them:
 *
 *  - memory_object_create: a temporary object the kernel made; it is
 *    ready at once (GNU Mach's kernel marks an object it gave the
 *    default pager ready itself: no memory_object_ready).
 *  - memory_object_init (an object served before, asked for again):
 *    answered memory_object_ready(may_cache FALSE, COPY_DELAY).
 *  - memory_object_terminate: the control and name ports' rights go;
 *    the object and its pages stay until its no-senders notification
 *    (the kernel's terminate moves its last send right, so that comes
 *    next for a temporary object) or another init.
 *  - data_request: each page the store holds is answered
 *    memory_object_data_supply (runs of pages, out of line, the memory
 *    given away), a page never stored data_unavailable (the kernel
 *    zero-fills it), a page beyond the object or of an object the
 *    store failed for data_error.
 *  - data_return and data_initialize store the pages (a return
 *    replaces a page held; an initialize, and a clean return, leave a
 *    page already held as it is), then vm_deallocate the data.
 *  - data_unlock: the pager never locks a page (it supplies them with
 *    lock_value VM_PROT_NONE), so it answers a lock_request that
 *    unlocks the range; lock_completed, supply_completed,
 *    change_completed (never asked for: reply_to is always null) and
 *    memory_object_copy (the objects are COPY_DELAY) are dropped.
 *    GNU Mach's pager panics on these; ours counts them.
 *
 * Every value in a message is checked before anything changes.  A
 * routine that returns KERN_SUCCESS owns what the request carried
 * (rights, out-of-line data) and has released or kept each; any other
 * return changes nothing, and the server loop destroys the request
 * (mach_msg_server's rule).
 *
 * Rights kept per object: the receive right of its port; between
 * create (or init) and terminate, send rights for its control port
 * (one uref per message that carried it, given back past
 * DP_CONTROL_UREFS_MAX) and its name port.
 */

#include <stdlib.h>
#include <string.h>

#include <mach.h>
#include <mach/notify.h>

#include "memory_objectServer.h"
#include "memory_object_defaultServer.h"
#include "pager.h"
#include "send.h"

#define OBJECT_BUCKETS 256u

struct dp_object {
	struct dp_object *next; /* in its bucket */
	mach_port_t port;       /* its receive right */
	uint64_t id;            /* its name in the store */
	vm_size_t size;         /* a page multiple */
	/* Between create/init and terminate; null otherwise. */
	mach_port_t control;
	mach_port_urefs_t control_refs;
	mach_port_t name;
	/* The store failed a write: every later request is data_error (as
	 * GNU Mach's, which counts errors per object). */
	bool failed;
};

static struct {
	struct store *store;
	mach_port_t default_port;
	mach_port_t port_set;
	vm_size_t page_size;
	uint64_t next_id;
	struct dp_object *buckets[OBJECT_BUCKETS];
	struct dp_stats stats;
} dp;

void
pager_init(struct store *store, mach_port_t default_port, mach_port_t port_set,
	   vm_size_t page_size)
{
	memset(&dp, 0, sizeof dp);
	dp.store = store;
	dp.default_port = default_port;
	dp.port_set = port_set;
	dp.page_size = page_size;
	dp.next_id = 1;
}

const struct dp_stats *
pager_stats(void)
{
	return &dp.stats;
}

static struct dp_object **
slot(mach_port_t port)
{
	struct dp_object **p =
		&dp.buckets[((uint32_t)port * 2654435761u >> 16) %
			    OBJECT_BUCKETS];
	while (*p != NULL && (*p)->port != port)
		p = &(*p)->next;
	return p;
}

static struct dp_object *
lookup(mach_port_t port)
{
	return MACH_PORT_VALID(port) ? *slot(port) : NULL;
}

bool
pager_serves(mach_port_t port)
{
	return lookup(port) != NULL;
}

/* Whether name is a right the pager holds already for its own use: the
 * default port, an object's port, control or name.  A create or init
 * naming one is refused: the rights of two objects must never share a
 * name, or releasing one would take the other's. */
static bool
name_taken(mach_port_t name)
{
	if (name == dp.default_port || name == dp.port_set)
		return true;
	for (unsigned i = 0; i < OBJECT_BUCKETS; i++)
		for (struct dp_object *o = dp.buckets[i]; o != NULL;
		     o = o->next)
			if (o->port == name || o->control == name ||
			    o->name == name)
				return true;
	return false;
}

/* Refused: counted, and the server loop destroys the request. */
static kern_return_t
refuse(kern_return_t kr)
{
	dp.stats.refused++;
	return kr;
}

/* Never asked for: counted and dropped the same way. */
static kern_return_t
ignore(void)
{
	dp.stats.ignored++;
	return KERN_FAILURE;
}

static bool
page_aligned(vm_offset_t v)
{
	return (v & (dp.page_size - 1)) == 0;
}

/*
 * The checks every request about a range of a live object shares:
 * object served and live (between create/init and terminate), control
 * its control port, offset and length page multiples, length nonzero
 * and no wrap.  Whether the range is inside the object is the caller's
 * (the answer to that is data_error, not a drop).
 */
static kern_return_t
range_check(struct dp_object **op, mach_port_t object, mach_port_t control,
	    vm_offset_t offset, vm_size_t length)
{
	struct dp_object *o = lookup(object);
	if (o == NULL)
		return KERN_INVALID_ARGUMENT;
	if (!MACH_PORT_VALID(o->control) || control != o->control)
		return KERN_INVALID_CAPABILITY;
	if (!page_aligned(offset) || !page_aligned(length) || length == 0 ||
	    offset + length < offset)
		return KERN_INVALID_ARGUMENT;
	*op = o;
	return KERN_SUCCESS;
}

static bool
inside(const struct dp_object *o, vm_offset_t offset, vm_size_t length)
{
	return offset <= o->size && length <= o->size - offset;
}

/* The message's send right for the control port is kept: one more
 * uref, the extra ones given back at the bound. */
static void
control_ref(struct dp_object *o)
{
	if (++o->control_refs <= DP_CONTROL_UREFS_MAX)
		return;
	if (mach_port_mod_refs(
		    mach_task_self(), o->control, MACH_PORT_RIGHT_SEND,
		    -(mach_port_delta_t)(o->control_refs - 1)) == KERN_SUCCESS)
		o->control_refs = 1;
}

/* The control and name rights of a live object go (terminate). */
static void
release_ports(struct dp_object *o)
{
	if (MACH_PORT_VALID(o->control))
		(void)mach_port_mod_refs(mach_task_self(), o->control,
					 MACH_PORT_RIGHT_SEND,
					 -(mach_port_delta_t)o->control_refs);
	if (MACH_PORT_VALID(o->name))
		(void)mach_port_deallocate(mach_task_self(), o->name);
	o->control = MACH_PORT_NULL;
	o->control_refs = 0;
	o->name = MACH_PORT_NULL;
}

/* The object, its pages and every right held for it go. */
static void
object_end(struct dp_object **sp)
{
	struct dp_object *o = *sp;
	release_ports(o);
	store_discard(dp.store, o->id, 0, UINT64_MAX);
	(void)mach_port_mod_refs(mach_task_self(), o->port,
				 MACH_PORT_RIGHT_RECEIVE, -1);
	*sp = o->next;
	free(o);
	dp.stats.objects--;
}

void
pager_drop_all(void)
{
	for (unsigned i = 0; i < OBJECT_BUCKETS; i++)
		while (dp.buckets[i] != NULL)
			object_end(&dp.buckets[i]);
}

kern_return_t
pager_no_senders(mach_port_t object)
{
	struct dp_object **sp = slot(object);
	if (!MACH_PORT_VALID(object) || *sp == NULL)
		return refuse(KERN_INVALID_ARGUMENT);
	mach_port_status_t st;
	if (mach_port_get_receive_status(mach_task_self(), object, &st) !=
		    KERN_SUCCESS ||
	    st.mps_srights)
		return refuse(KERN_INVALID_ARGUMENT);
	object_end(sp);
	dp.stats.died++;
	return KERN_SUCCESS;
}

/* ---- memory_object_default.defs ---- */

kern_return_t
memory_object_create(mach_port_t old_memory_object,
		     mach_port_t new_memory_object, vm_size_t new_object_size,
		     mach_port_t new_control_port, mach_port_t new_name,
		     vm_size_t new_page_size)
{
	if (old_memory_object != dp.default_port)
		return refuse(KERN_INVALID_ARGUMENT);
	if (new_page_size != dp.page_size || new_object_size == 0 ||
	    new_object_size > (vm_size_t)-dp.page_size)
		return refuse(KERN_INVALID_ARGUMENT);
	if (!MACH_PORT_VALID(new_memory_object) ||
	    !MACH_PORT_VALID(new_control_port) || !MACH_PORT_VALID(new_name) ||
	    new_control_port == new_name ||
	    new_control_port == new_memory_object ||
	    new_name == new_memory_object || name_taken(new_memory_object) ||
	    name_taken(new_control_port) || name_taken(new_name))
		return refuse(KERN_INVALID_CAPABILITY);
	if (dp.stats.objects >= DP_OBJECTS_MAX)
		return refuse(KERN_RESOURCE_SHORTAGE);
	struct dp_object *o = calloc(1, sizeof *o);
	if (o == NULL)
		return refuse(KERN_RESOURCE_SHORTAGE);
	/* The object ends when the kernel's send rights are all gone:
	 * at once if the sender kept none. */
	mach_port_t previous = MACH_PORT_NULL;
	kern_return_t kr = mach_port_request_notification(
		mach_task_self(), new_memory_object, MACH_NOTIFY_NO_SENDERS, 0,
		new_memory_object, MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(mach_task_self(), new_memory_object,
					   dp.port_set);
	if (kr != KERN_SUCCESS) {
		/* The port is destroyed with the request, and any
		 * request made on it with it. */
		free(o);
		return refuse(kr);
	}
	/* A request the sender had made on the port comes back. */
	if (MACH_PORT_VALID(previous))
		(void)mach_port_deallocate(mach_task_self(), previous);
	o->port = new_memory_object;
	o->id = dp.next_id++;
	o->size = (new_object_size + dp.page_size - 1) & ~(dp.page_size - 1);
	o->control = new_control_port;
	o->control_refs = 1;
	o->name = new_name;
	struct dp_object **sp = slot(o->port);
	o->next = *sp;
	*sp = o;
	dp.stats.objects++;
	dp.stats.created++;
	return KERN_SUCCESS;
}

/* Store the pages of [offset, offset + dataCnt) from data; a page held
 * already is rewritten only if replace.  A page the store fails to keep
 * marks the object failed (later requests are data_error). */
static void
keep_pages(struct dp_object *o, vm_offset_t offset, vm_offset_t data,
	   vm_size_t size, bool replace)
{
	for (vm_size_t a = 0; a < size; a += dp.page_size) {
		if (!replace && store_has(dp.store, o->id, offset + a)) {
			dp.stats.kept++;
			continue;
		}
		enum store_result r = store_write(dp.store, o->id, offset + a,
						  (const void *)(data + a));
		if (r == STORE_OK) {
			dp.stats.written++;
			continue;
		}
		/* Not kept: a stale copy must not be served later. */
		store_discard(dp.store, o->id, offset + a, dp.page_size);
		o->failed = true;
		dp.stats.lost++;
	}
}

/* data_return and data_initialize: the checks, the store, the data's
 * memory given back. */
static kern_return_t
take_pages(mach_port_t object, mach_port_t control, vm_offset_t offset,
	   vm_offset_t data, mach_msg_type_number_t size, bool replace)
{
	struct dp_object *o;
	kern_return_t kr = range_check(&o, object, control, offset, size);
	if (kr != KERN_SUCCESS)
		return refuse(kr);
	if (!inside(o, offset, size))
		return refuse(KERN_INVALID_ADDRESS);
	keep_pages(o, offset, data, size, replace);
	(void)vm_deallocate(mach_task_self(), data, size);
	control_ref(o);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_initialize(mach_port_t memory_object,
			      mach_port_t memory_control_port,
			      vm_offset_t offset, vm_offset_t data,
			      mach_msg_type_number_t dataCnt)
{
	kern_return_t kr = take_pages(memory_object, memory_control_port,
				      offset, data, dataCnt, false);
	if (kr == KERN_SUCCESS)
		dp.stats.initializes++;
	return kr;
}

/* ---- memory_object.defs ---- */

kern_return_t
memory_object_init(mach_port_t memory_object, mach_port_t memory_control,
		   mach_port_t memory_object_name,
		   vm_size_t memory_object_page_size)
{
	struct dp_object *o = lookup(memory_object);
	if (o == NULL)
		return refuse(KERN_INVALID_ARGUMENT);
	/* Live already: the kernel has it (GNU Mach's pager panics). */
	if (MACH_PORT_VALID(o->control))
		return refuse(KERN_FAILURE);
	if (memory_object_page_size != dp.page_size)
		return refuse(KERN_INVALID_ARGUMENT);
	if (!MACH_PORT_VALID(memory_control) ||
	    !MACH_PORT_VALID(memory_object_name) ||
	    memory_control == memory_object_name ||
	    name_taken(memory_control) || name_taken(memory_object_name))
		return refuse(KERN_INVALID_CAPABILITY);
	o->control = memory_control;
	o->control_refs = 1;
	o->name = memory_object_name;
	if (dp_memory_object_ready(memory_control, FALSE,
				   DP_MEMORY_OBJECT_COPY_DELAY) != KERN_SUCCESS)
		dp.stats.send_failed++;
	dp.stats.inited++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_terminate(mach_port_t memory_object, mach_port_t memory_control,
			mach_port_t memory_object_name)
{
	struct dp_object *o = lookup(memory_object);
	if (o == NULL)
		return refuse(KERN_INVALID_ARGUMENT);
	if (!MACH_PORT_VALID(o->control) || memory_control != o->control ||
	    memory_object_name != o->name)
		return refuse(KERN_INVALID_CAPABILITY);
	/* The receive rights joined the send rights' entries: each name
	 * goes whole. */
	(void)mach_port_destroy(mach_task_self(), o->control);
	(void)mach_port_destroy(mach_task_self(), o->name);
	o->control = MACH_PORT_NULL;
	o->control_refs = 0;
	o->name = MACH_PORT_NULL;
	dp.stats.terminated++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_copy(mach_port_t old_memory_object,
		   mach_port_t old_memory_control, vm_offset_t offset,
		   vm_size_t length, mach_port_t new_memory_object)
{
	(void)old_memory_object;
	(void)old_memory_control;
	(void)offset;
	(void)length;
	(void)new_memory_object;
	return ignore();
}

/* Send [offset, offset + size) of buf (ours, page-aligned) to the
 * kernel as one data_supply, the memory given away with it. */
static void
supply(struct dp_object *o, vm_offset_t offset, vm_offset_t buf, vm_size_t size)
{
	kern_return_t kr = dp_memory_object_data_supply(
		o->control, offset, buf, (mach_msg_type_number_t)size, TRUE,
		VM_PROT_NONE, FALSE, MACH_PORT_NULL);
	if (kr != KERN_SUCCESS) {
		/* Not sent: the memory is still ours. */
		(void)vm_deallocate(mach_task_self(), buf, size);
		dp.stats.send_failed++;
	}
	dp.stats.supplied += size / dp.page_size;
}

static void
answer_error(struct dp_object *o, vm_offset_t offset, vm_size_t size)
{
	if (dp_memory_object_data_error(o->control, offset, size,
					KERN_FAILURE) != KERN_SUCCESS)
		dp.stats.send_failed++;
	dp.stats.errors += size / dp.page_size;
}

static void
answer_unavailable(struct dp_object *o, vm_offset_t offset, vm_size_t size)
{
	if (dp_memory_object_data_unavailable(o->control, offset, size) !=
	    KERN_SUCCESS)
		dp.stats.send_failed++;
	dp.stats.unavailable += size / dp.page_size;
}

/* Page a of a request [offset, offset + length) into *buf + a, the
 * buffer (length bytes) allocated at the first page held: STORE_OK,
 * STORE_ABSENT, or STORE_ERROR (the store failed, or no memory).  Only
 * one allocation is tried (*tried), so every page of a buffer that
 * exists belongs to a run answered after it was made. */
static enum store_result
read_page(struct dp_object *o, vm_offset_t offset, vm_size_t length,
	  vm_size_t a, vm_address_t *buf, bool *tried)
{
	if (!store_has(dp.store, o->id, offset + a))
		return STORE_ABSENT;
	if (*buf == 0) {
		if (*tried || vm_allocate(mach_task_self(), buf, length,
					  TRUE) != KERN_SUCCESS) {
			*tried = true;
			*buf = 0;
			return STORE_ERROR;
		}
		*tried = true;
	}
	enum store_result r =
		store_read(dp.store, o->id, offset + a, (void *)(*buf + a));
	return r == STORE_OK || r == STORE_ABSENT ? r : STORE_ERROR;
}

kern_return_t
memory_object_data_request(mach_port_t memory_object,
			   mach_port_t memory_control, vm_offset_t offset,
			   vm_size_t length, vm_prot_t desired_access)
{
	struct dp_object *o;
	kern_return_t kr =
		range_check(&o, memory_object, memory_control, offset, length);
	if (kr != KERN_SUCCESS)
		return refuse(kr);
	if (length > DP_REQUEST_MAX ||
	    (desired_access & ~(vm_prot_t)VM_PROT_ALL) != 0)
		return refuse(KERN_INVALID_ARGUMENT);
	control_ref(o);
	dp.stats.requests++;
	if (o->failed || !inside(o, offset, length)) {
		answer_error(o, offset, length);
		return KERN_SUCCESS;
	}
	/* Read every page, then answer each run of one kind in one
	 * message.  The buffer is allocated at the first page held (a
	 * request of pages never stored needs none); data_supply runs
	 * take their part of it along, the other parts are deallocated
	 * here. */
	vm_address_t buf = 0;
	bool tried = false;
	vm_size_t run = 0;
	enum store_result kind = STORE_OK;
	for (vm_size_t a = 0; a <= length; a += dp.page_size) {
		enum store_result r = STORE_ABSENT;
		if (a < length) {
			r = read_page(o, offset, length, a, &buf, &tried);
			if (run == 0 || r == kind) {
				kind = r;
				run += dp.page_size;
				continue;
			}
		}
		vm_offset_t start = a - run;
		if (kind == STORE_OK) {
			supply(o, offset + start, buf + start, run);
		} else {
			if (buf != 0)
				(void)vm_deallocate(mach_task_self(),
						    buf + start, run);
			if (kind == STORE_ABSENT)
				answer_unavailable(o, offset + start, run);
			else
				answer_error(o, offset + start, run);
		}
		kind = r;
		run = dp.page_size;
	}
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_unlock(mach_port_t memory_object, mach_port_t memory_control,
			  vm_offset_t offset, vm_size_t length,
			  vm_prot_t desired_access)
{
	struct dp_object *o;
	kern_return_t kr =
		range_check(&o, memory_object, memory_control, offset, length);
	if (kr != KERN_SUCCESS)
		return refuse(kr);
	if (!inside(o, offset, length) ||
	    (desired_access & ~(vm_prot_t)VM_PROT_ALL) != 0)
		return refuse(KERN_INVALID_ARGUMENT);
	control_ref(o);
	if (dp_memory_object_lock_request(
		    o->control, offset, length, DP_MEMORY_OBJECT_RETURN_NONE,
		    FALSE, VM_PROT_NONE, MACH_PORT_NULL) != KERN_SUCCESS)
		dp.stats.send_failed++;
	dp.stats.unlocks++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_lock_completed(mach_port_t memory_object,
			     mach_port_t memory_control, vm_offset_t offset,
			     vm_size_t length)
{
	(void)memory_object;
	(void)memory_control;
	(void)offset;
	(void)length;
	return ignore();
}

kern_return_t
memory_object_supply_completed(mach_port_t memory_object,
			       mach_port_t memory_control, vm_offset_t offset,
			       vm_size_t length, kern_return_t result,
			       vm_offset_t error_offset)
{
	(void)memory_object;
	(void)memory_control;
	(void)offset;
	(void)length;
	(void)result;
	(void)error_offset;
	return ignore();
}

kern_return_t
memory_object_data_return(mach_port_t memory_object, mach_port_t memory_control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t dataCnt, boolean_t dirty,
			  boolean_t kernel_copy)
{
	/* A clean page is one the pager gave and still holds (precious
	 * pages are never supplied, so the kernel returns only dirty
	 * ones): kept as it is.  kernel_copy changes nothing here: the
	 * page is stored either way. */
	(void)kernel_copy;
	kern_return_t kr = take_pages(memory_object, memory_control, offset,
				      data, dataCnt, dirty != FALSE);
	if (kr == KERN_SUCCESS)
		dp.stats.returns++;
	return kr;
}

kern_return_t
memory_object_change_completed(mach_port_t memory_object, boolean_t may_cache,
			       memory_object_copy_strategy_t copy_strategy)
{
	(void)memory_object;
	(void)may_cache;
	(void)copy_strategy;
	return ignore();
}
