/*
 * vm/memory_object.c: the kernel's side of the memory_object protocol
 * (vm/memory_object.h): objects bound to pagers, the requests the
 * kernel sends them (KernelUser stubs of memory_object.defs) and the
 * pager's calls of mach.defs on an object's control port
 * (memory_object_data_supply and the rest, KernelServer).  Compiled
 * with KERNEL defined, in the KernelServer archive.
 */

#include <machine/vm_param.h>
#include <mach/memory_object.h>
#include <mach/mig_errors.h>

#include "ipc/ipc_port.h"
#include "kern/ipc_mig.h"
#include "kern/kalloc.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "machServer.h"
#include "memory_objectUser.h"
#include "vm/memory_object.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_pageout.h"

/* ---- Objects by pager port ---- */

#define PAGER_HASH_BUCKETS 64 /* a power of two */

static simple_lock_t pager_lock = SIMPLE_LOCK_INITIALIZER;
static vm_object_t pager_hash[PAGER_HASH_BUCKETS];
static unsigned pager_objects;

static vm_object_t *
pager_bucket(ipc_port_t pager)
{
	uintptr_t h = (uintptr_t)pager * 0x9e3779b97f4a7c15ull;
	return &pager_hash[(h >> 48) & (PAGER_HASH_BUCKETS - 1)];
}

/* The live object `pager' serves, referenced, or NULL; pager_lock held.
 * One whose last reference went is being terminated: not found. */
static vm_object_t
pager_lookup_locked(ipc_port_t pager)
{
	for (vm_object_t o = *pager_bucket(pager); o != NULL; o = o->pager_next)
		if (o->pager == pager) {
			simple_lock(&o->lock);
			bool live = o->ref_count > 0;
			if (live)
				o->ref_count++;
			simple_unlock(&o->lock);
			if (live)
				return o;
		}
	return NULL;
}

static void
pager_hash_insert_locked(vm_object_t object)
{
	vm_object_t *b = pager_bucket(object->pager);
	object->pager_next = *b;
	*b = object;
	pager_objects++;
}

void
memory_object_hash_insert(vm_object_t object)
{
	simple_lock(&pager_lock);
	pager_hash_insert_locked(object);
	simple_unlock(&pager_lock);
}

static void
pager_unhash(vm_object_t object)
{
	simple_lock(&pager_lock);
	vm_object_t *pp = pager_bucket(object->pager);
	while (*pp != object)
		pp = &(*pp)->pager_next;
	*pp = object->pager_next;
	pager_objects--;
	simple_unlock(&pager_lock);
}

bool
memory_object_rebind_try(vm_object_t from, vm_object_t to)
{
	ipc_port_t control = from->pager_control, name = from->pager_name;
	if (!IP_VALID(control) || !simple_lock_try(&pager_lock))
		return false;
	vm_object_t *pp = pager_bucket(from->pager);
	while (*pp != NULL && *pp != from)
		pp = &(*pp)->pager_next;
	bool done = false;
	if (*pp == from && ip_lock_try(control)) {
		/* A name made before `from' was the pager's is bound to
		 * nothing (vm/vm_object_name.c). */
		bool bound = ip_active(control) &&
			     control->ip_kotype == IKOT_PAGER &&
			     control->ip_kobject == from;
		if (bound && (!IP_VALID(name) || ip_lock_try(name))) {
			if (!IP_VALID(name) || name->ip_kobject == from ||
			    name->ip_kobject == NULL) {
				*pp = to;
				to->pager_next = from->pager_next;
				control->ip_kobject = to;
				if (IP_VALID(name) && name->ip_kobject == from)
					name->ip_kobject = to;
				done = true;
			}
			if (IP_VALID(name))
				ip_unlock(name);
		}
		ip_unlock(control);
	}
	simple_unlock(&pager_lock);
	return done;
}

unsigned
memory_object_count(void)
{
	simple_lock(&pager_lock);
	unsigned n = pager_objects;
	simple_unlock(&pager_lock);
	return n;
}

ipc_port_t
memory_object_port_create(ipc_kobject_type_t type, vm_object_t object)
{
	ipc_port_t port = ipc_port_create();
	if (port != IP_NULL)
		ipc_port_set_kobject(port, type, object);
	return port;
}

void
memory_object_port_destroy(ipc_port_t port)
{
	if (port == IP_NULL)
		return;
	ipc_port_set_kobject(port, IKOT_NONE, NULL);
	ipc_port_destroy(port);
}

/* Whether `port' is a live port some task receives from (a kernel
 * object's port cannot be a pager: the kernel would wait on itself). */
static bool
pager_port_valid(ipc_port_t port)
{
	if (!IP_VALID(port))
		return false;
	ip_lock(port);
	bool ok = ip_active(port) && port->ip_kotype == IKOT_NONE &&
		  port->ip_receiver != NULL;
	ip_unlock(port);
	return ok;
}

static bool
pager_alive(vm_object_t object)
{
	ip_lock(object->pager);
	bool alive = ip_active(object->pager);
	ip_unlock(object->pager);
	return alive;
}

/* The pager is gone: every absent page fails, every waiter wakes. */
void
memory_object_pager_died(vm_object_t object)
{
	simple_lock(&object->lock);
	object->pager_dead = true;
	simple_unlock(&object->lock);
	vm_object_absent_fail_all(object);
	thread_wakeup(&object->pager_ready);
}

/* The object `pager' serves, found or made (see memory_object_enter),
 * `end' rounded and not 0; `pager' not checked. */
static kern_return_t
object_enter(ipc_port_t pager, vm_offset_t end, vm_object_t *out)
{
	simple_lock(&pager_lock);
	vm_object_t object = pager_lookup_locked(pager);
	simple_unlock(&pager_lock);
	if (object != NULL)
		goto found;

	/* Made outside the lock, then entered unless another was first. */
	object = vm_object_allocate(end);
	if (object == NULL)
		return KERN_RESOURCE_SHORTAGE;
	object->pager_control = memory_object_port_create(IKOT_PAGER, object);
	object->pager_name = memory_object_port_create(IKOT_PAGER_NAME, object);
	if (object->pager_control == IP_NULL || object->pager_name == IP_NULL) {
		memory_object_port_destroy(object->pager_control);
		memory_object_port_destroy(object->pager_name);
		vm_object_deallocate(object);
		return KERN_RESOURCE_SHORTAGE;
	}
	object->aliased = true; /* any later mapping sees its pages */
	object->copy_strategy = MEMORY_OBJECT_COPY_DELAY;
	simple_lock(&pager_lock);
	vm_object_t other = pager_lookup_locked(pager);
	if (other == NULL) {
		object->pager = pager; /* the caller's right, kept */
		pager_hash_insert_locked(object);
	}
	simple_unlock(&pager_lock);
	if (other != NULL) {
		memory_object_port_destroy(object->pager_control);
		memory_object_port_destroy(object->pager_name);
		vm_object_deallocate(object);
		object = other;
		goto found;
	}
	/* The pager answers memory_object_ready; faults wait for it.  A
	 * pager that is dead by now fails them. */
	if (memory_object_init(pager, object->pager_control, object->pager_name,
			       PAGE_SIZE) != KERN_SUCCESS)
		memory_object_pager_died(object);
	*out = object;
	return KERN_SUCCESS;

found:
	simple_lock(&object->lock);
	if (object->size < end)
		object->size = end;
	simple_unlock(&object->lock);
	ipc_port_release_send(pager); /* the object has its own */
	*out = object;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_enter(ipc_port_t pager, vm_offset_t end, vm_object_t *out)
{
	if (!pager_port_valid(pager))
		return KERN_INVALID_ARGUMENT;
	end = round_page(end);
	if (end == 0)
		return KERN_INVALID_ARGUMENT;
	return object_enter(pager, end, out);
}

/* ---- Copies (COPY_CALL) ---- */

/*
 * GNU Mach's vm_object_copy_call: a port of the kernel's is the new
 * memory object; memory_object_copy gives the pager its receive right
 * (so the pager serves the copy), the old object's pages in the range
 * are locked against writes (the pager unlocks them when it has kept
 * what the copy needs), and the new object is entered on the port
 * (memory_object_init goes to it; its faults wait for ready).  The
 * new object shadows the old one at `offset': where its pager answers
 * data_unavailable the old object's page is seen, until a write
 * copies it up.  No lock held.
 */
static kern_return_t
copy_call(vm_object_t object, vm_offset_t offset, vm_size_t size,
	  vm_object_t *out)
{
	ipc_port_t port = ipc_port_create();
	if (port == IP_NULL)
		return KERN_RESOURCE_SHORTAGE;
	ipc_port_t send = ipc_port_make_send(port);
	if (memory_object_copy(object->pager, object->pager_control, offset,
			       size, port) != KERN_SUCCESS) {
		ipc_port_release_send(send);
		ipc_port_destroy(port); /* still ours: the send failed */
		return KERN_FAILURE;
	}
	vm_object_lock_writes(object, offset, size);
	/* The receive right is the pager's now (or in transit to it). */
	kern_return_t kr = object_enter(send, size, out);
	if (kr != KERN_SUCCESS) {
		ipc_port_release_send(send);
		return kr;
	}
	/* Where its pager says unavailable, the old object's page is
	 * seen (nobody else knows the new object yet). */
	vm_object_reference(object);
	simple_lock(&(*out)->lock);
	(*out)->shadow = object;
	(*out)->shadow_offset = offset;
	simple_unlock(&(*out)->lock);
	return KERN_SUCCESS;
}

bool
memory_object_copy_later(vm_object_t object)
{
	simple_lock(&object->lock);
	bool call = object->copy_strategy == MEMORY_OBJECT_COPY_CALL &&
		    object->pager_ready && !object->pager_dead;
	simple_unlock(&object->lock);
	return call;
}

vm_object_t
memory_object_copy_object(vm_object_t object, vm_offset_t offset,
			  vm_size_t size)
{
	vm_object_t copy;
	if (memory_object_copy_later(object) &&
	    copy_call(object, offset, size, &copy) == KERN_SUCCESS)
		return copy;
	/* COPY_DELAY, NONE and TEMPORARY (or a call that could not be
	 * made): a copy object. */
	return vm_object_copy_delayed(object);
}

void
memory_object_copy_pending(struct vm_map_entry *e)
{
	for (; e != NULL; e = e->next) {
		vm_object_t object = e->object;
		if (!vm_object_pager_external(object) || !e->needs_copy)
			continue;
		vm_object_t copy = memory_object_copy_object(object, e->offset,
							     e->end - e->start);
		if (copy == NULL)
			continue; /* no memory: copy-on-write over it */
		bool called = copy->pager != NULL; /* COPY_CALL's */
		e->object = copy;
		if (called) {
			e->offset = 0; /* the new object is the range */
			e->needs_copy = false;
		}
		vm_object_deallocate(object);
	}
}

/* ---- Waiting for the pager (the fault path) ---- */

kern_return_t
memory_object_fault_wait(struct vm_chain_result *r, vm_prot_t access)
{
	vm_object_t object = r->object;
	kern_return_t kr = KERN_SUCCESS;
	if (r->kind == VM_CHAIN_REQUEST) {
		/* Nothing is locked: the page is busy, the object held. */
		if (memory_object_data_request(
			    object->pager, object->pager_control, r->offset,
			    r->length, access) != KERN_SUCCESS) {
			for (vm_size_t at = 0; at < r->length; at += PAGE_SIZE)
				vm_object_absent_fail(object, r->offset + at);
			kr = KERN_MEMORY_ERROR;
		}
	} else if (r->kind == VM_CHAIN_UNLOCK && r->unlock != VM_PROT_NONE) {
		/* Every access asked so far, as GNU Mach asks. */
		if (memory_object_data_unlock(
			    object->pager, object->pager_control, r->offset,
			    PAGE_SIZE, r->unlock) != KERN_SUCCESS) {
			vm_object_unlock_forget(object, r->page);
			kr = KERN_MEMORY_ERROR;
		}
	}
	bool ready = r->kind == VM_CHAIN_NOT_READY;
	vm_prot_t locked = r->kind == VM_CHAIN_UNLOCK ? r->need : VM_PROT_NONE;
	while (kr == KERN_SUCCESS) {
		kr = vm_object_page_wait(object, r->page, locked, ready,
					 VM_PAGER_POLL_TICKS);
		if (kr != KERN_TIMEDOUT)
			break;
		kr = KERN_SUCCESS;
		if (!pager_alive(object)) {
			memory_object_pager_died(object);
			break; /* resolving again reports the error */
		}
	}
	vm_object_deallocate(object);
	return kr;
}

kern_return_t
memory_object_page_in(vm_object_t object, vm_offset_t offset, vm_size_t size)
{
	for (vm_offset_t at = 0; at < size;) {
		struct vm_chain_result r;
		vm_object_chain_resolve(object, offset + at, VM_PROT_READ, &r);
		kern_return_t kr = KERN_SUCCESS;
		switch (r.kind) {
		case VM_CHAIN_PAGE:
		case VM_CHAIN_ZERO:
			at += PAGE_SIZE;
			continue;
		case VM_CHAIN_ERROR:
			return KERN_MEMORY_ERROR;
		case VM_CHAIN_SHORTAGE:
			kr = vm_page_wait(true);
			break;
		default: /* REQUEST, WAIT, NOT_READY, UNLOCK: the object held */
			kr = memory_object_fault_wait(&r, VM_PROT_READ);
			break;
		}
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

void
memory_object_fault_cancel(struct vm_chain_result *r)
{
	/* Nobody else will ask for it: its waiters must not wait on. */
	if (r->kind == VM_CHAIN_REQUEST)
		for (vm_size_t at = 0; at < r->length; at += PAGE_SIZE)
			vm_object_absent_cancel(r->object, r->offset + at);
	vm_object_deallocate(r->object);
}

/* ---- Pages back to the pager ---- */

/*
 * Send the page at `offset' of `object' back to its pager if it was
 * modified (flush: and free it; clean: its mappings lose write access).
 * kernel_copy: the kernel keeps the page.
 */
static void
return_page(vm_object_t object, vm_offset_t offset, bool flush, bool send)
{
	static char buf[PAGE_SIZE]; /* under return_lock */
	static simple_lock_t return_lock = SIMPLE_LOCK_INITIALIZER;
	bool dirty;
	vm_map_copy_t copy = VM_MAP_COPY_NULL;

	simple_lock(&return_lock);
	bool resident = vm_object_page_clean(object, offset, flush,
					     send ? buf : NULL, &dirty);
	if (resident && dirty && send &&
	    vm_map_copy_from_kernel(buf, PAGE_SIZE, &copy) != KERN_SUCCESS)
		copy = VM_MAP_COPY_NULL; /* no memory: the change is lost */
	simple_unlock(&return_lock);
	if (copy == VM_MAP_COPY_NULL)
		return;
	if (memory_object_data_return(object->pager, object->pager_control,
				      offset, (vm_offset_t)(uintptr_t)copy,
				      PAGE_SIZE, true, !flush) != KERN_SUCCESS)
		vm_map_copy_discard(copy);
}

void
memory_object_terminate_object(vm_object_t object)
{
	pager_unhash(object);
	/* The default pager keeps nothing of an object that ended. */
	if (object->pager_internal)
		vm_object_pages_free(object);
	/* Each resident page once (the list changes as they go). */
	for (;;) {
		simple_lock(&object->lock);
		struct vm_page *p = object->pages;
		while (p != NULL && p->busy)
			p = p->next;
		vm_offset_t off = p != NULL ? p->offset : 0;
		simple_unlock(&object->lock);
		if (p == NULL)
			break;
		return_page(object, off, true, !object->pager_dead);
	}
	ipc_port_set_kobject(object->pager_control, IKOT_NONE, NULL);
	ipc_port_set_kobject(object->pager_name, IKOT_NONE, NULL);
	/* The pager gets the two receive rights; a dead one drops them. */
	if (memory_object_terminate(object->pager, object->pager_control,
				    object->pager_name) != KERN_SUCCESS) {
		ipc_port_release_send(object->pager);
		ipc_port_destroy(object->pager_control);
		ipc_port_destroy(object->pager_name);
	}
	if (object->existence != NULL)
		kfree(object->existence, memory_object_existence_bytes(object));
	vm_object_free(object);
}

/* ---- The pager's calls (mach.defs, on the control port) ---- */

/* The object of a control port, referenced, or NULL. */
static vm_object_t
control_object(ipc_port_t port)
{
	vm_object_t object = NULL;
	if (!IP_VALID(port))
		return NULL;
	ip_lock(port);
	if (ip_active(port) && port->ip_kotype == IKOT_PAGER) {
		vm_object_t o = port->ip_kobject;
		simple_lock(&o->lock);
		if (o->ref_count > 0) { /* else being terminated */
			o->ref_count++;
			object = o;
		}
		simple_unlock(&o->lock);
	}
	ip_unlock(port);
	return object;
}

/* A range of the object's pages the pager names: page-aligned, not
 * empty, inside the object. */
static bool
range_valid(vm_object_t object, vm_offset_t offset, vm_size_t size)
{
	if ((offset & PAGE_MASK) != 0 || (size & PAGE_MASK) != 0 || size == 0)
		return false;
	simple_lock(&object->lock);
	bool ok = offset < object->size && size <= object->size - offset;
	simple_unlock(&object->lock);
	return ok;
}

struct supply_source {
	vm_map_copy_t copy;
	vm_offset_t at;   /* in the copy */
	kern_return_t kr; /* the last read's */
};

/* The supply's page at s->at, waiting for its pager if the pager's
 * own memory was paged out. */
static bool
fill_from_copy(void *page, void *arg)
{
	struct supply_source *s = arg;
	s->kr = vm_map_copy_read_at(s->copy, s->at, page, PAGE_SIZE);
	return s->kr == KERN_SUCCESS;
}

/* Unsolicited pages are taken only while this many pages stay free. */
#define SUPPLY_FREE_RESERVE 1024

kern_return_t
memory_object_data_supply(memory_object_control_t memory_control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t dataCnt, vm_prot_t lock_value,
			  boolean_t precious, ipc_port_t reply_to,
			  mach_msg_type_name_t reply_toPoly)
{
	vm_map_copy_t copy = (vm_map_copy_t)(uintptr_t)data;
	vm_object_t object = control_object(memory_control);
	(void)precious; /* every page is the pager's to keep anyway */
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	if (!range_valid(object, offset, dataCnt) ||
	    vm_map_copy_size(copy) != dataCnt ||
	    (lock_value & ~VM_PROT_ALL) != 0) {
		vm_object_deallocate(object);
		return KERN_INVALID_ARGUMENT;
	}
	kern_return_t result = KERN_SUCCESS;
	vm_offset_t error_offset = 0;
	struct supply_source src = { .copy = copy };
	for (vm_offset_t at = 0; at < dataCnt; at += PAGE_SIZE) {
		src.at = at;
		src.kr = KERN_SUCCESS;
		bool taken = vm_object_absent_fill(
			object, offset + at, fill_from_copy, &src, lock_value);
		if (!taken) {
			struct vm_page_stats st;
			vm_page_get_stats(&st);
			taken = st.free > SUPPLY_FREE_RESERVE &&
				vm_object_page_supply(object, offset + at,
						      fill_from_copy, &src,
						      lock_value);
		}
		/* Not taken: a page is there already (it stays), or its
		 * data could not be read (that page failed). */
		kern_return_t kr = src.kr != KERN_SUCCESS ? src.kr
				   : taken                ? KERN_SUCCESS
							  : KERN_MEMORY_PRESENT;
		if (kr != KERN_SUCCESS && result == KERN_SUCCESS) {
			result = kr;
			error_offset = offset + at;
		}
	}
	vm_map_copy_discard(copy);
	if (IP_VALID(reply_to))
		(void)memory_object_supply_completed(
			reply_to, reply_toPoly, object->pager_control, offset,
			dataCnt, result, error_offset);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_unavailable(memory_object_control_t memory_control,
			       vm_offset_t offset, vm_size_t size)
{
	vm_object_t object = control_object(memory_control);
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	if (!range_valid(object, offset, size)) {
		vm_object_deallocate(object);
		return KERN_INVALID_ARGUMENT;
	}
	for (vm_offset_t at = 0; at < size; at += PAGE_SIZE)
		(void)vm_object_absent_fill(object, offset + at, NULL, NULL,
					    VM_PROT_NONE);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_error(memory_object_control_t memory_control,
			 vm_offset_t offset, vm_size_t size,
			 kern_return_t error_value)
{
	vm_object_t object = control_object(memory_control);
	(void)error_value; /* the fault reports KERN_MEMORY_ERROR */
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	if (!range_valid(object, offset, size)) {
		vm_object_deallocate(object);
		return KERN_INVALID_ARGUMENT;
	}
	/* A page asked for, or one whose unlock is awaited. */
	for (vm_offset_t at = 0; at < size; at += PAGE_SIZE)
		if (!vm_object_absent_fail(object, offset + at))
			(void)vm_object_unlock_fail(object, offset + at);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

static bool
copy_strategy_valid(memory_object_copy_strategy_t s)
{
	return s == MEMORY_OBJECT_COPY_NONE || s == MEMORY_OBJECT_COPY_CALL ||
	       s == MEMORY_OBJECT_COPY_DELAY ||
	       s == MEMORY_OBJECT_COPY_TEMPORARY;
}

/* Set the attributes and say ready: the faults waiting for it go on. */
static kern_return_t
set_attributes(vm_object_t object, boolean_t may_cache,
	       memory_object_copy_strategy_t copy_strategy)
{
	if (!copy_strategy_valid(copy_strategy))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&object->lock);
	object->may_cache = may_cache != 0;
	object->copy_strategy = copy_strategy;
	object->pager_ready = true;
	simple_unlock(&object->lock);
	thread_wakeup(&object->pager_ready);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_ready(memory_object_control_t memory_control, boolean_t may_cache,
		    memory_object_copy_strategy_t copy_strategy)
{
	vm_object_t object = control_object(memory_control);
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = set_attributes(object, may_cache, copy_strategy);
	vm_object_deallocate(object);
	return kr;
}

kern_return_t
memory_object_change_attributes(memory_object_control_t memory_control,
				boolean_t may_cache,
				memory_object_copy_strategy_t copy_strategy,
				ipc_port_t reply_to,
				mach_msg_type_name_t reply_toPoly)
{
	vm_object_t object = control_object(memory_control);
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr = set_attributes(object, may_cache, copy_strategy);
	if (kr == KERN_SUCCESS && IP_VALID(reply_to))
		(void)memory_object_change_completed(reply_to, reply_toPoly,
						     may_cache, copy_strategy);
	vm_object_deallocate(object);
	return kr;
}

kern_return_t
memory_object_get_attributes(memory_object_control_t memory_control,
			     boolean_t *object_ready, boolean_t *may_cache,
			     memory_object_copy_strategy_t *copy_strategy)
{
	vm_object_t object = control_object(memory_control);
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&object->lock);
	*object_ready = object->pager_ready;
	*may_cache = object->may_cache;
	*copy_strategy = object->copy_strategy;
	simple_unlock(&object->lock);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_lock_request(memory_object_control_t memory_control,
			   vm_offset_t offset, vm_size_t size,
			   memory_object_return_t should_return,
			   boolean_t should_flush, vm_prot_t lock_value,
			   ipc_port_t reply_to,
			   mach_msg_type_name_t reply_toPoly)
{
	vm_object_t object = control_object(memory_control);
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	if ((offset & PAGE_MASK) != 0 ||
	    ((lock_value & ~VM_PROT_ALL) != 0 &&
	     lock_value != VM_PROT_NO_CHANGE) ||
	    (should_return != MEMORY_OBJECT_RETURN_NONE &&
	     should_return != MEMORY_OBJECT_RETURN_DIRTY &&
	     should_return != MEMORY_OBJECT_RETURN_ALL)) {
		vm_object_deallocate(object);
		return KERN_INVALID_ARGUMENT;
	}
	/* Clamped to the object: the rest has no page to clean. */
	simple_lock(&object->lock);
	vm_offset_t end = offset + round_page(size);
	if (end < offset || end > object->size)
		end = object->size;
	simple_unlock(&object->lock);
	bool send = should_return != MEMORY_OBJECT_RETURN_NONE;
	for (vm_offset_t at = offset; at < end; at += PAGE_SIZE) {
		if (send || should_flush)
			return_page(object, at, should_flush != 0, send);
		/* What is left of it (not flushed, or wired) is locked. */
		if (lock_value != VM_PROT_NO_CHANGE)
			(void)vm_object_page_lock(object, at, lock_value);
	}
	if (IP_VALID(reply_to))
		(void)memory_object_lock_completed(reply_to, reply_toPoly,
						   object->pager_control,
						   offset, size);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_destroy(memory_object_control_t memory_control,
		      kern_return_t reason)
{
	vm_object_t object = control_object(memory_control);
	(void)reason;
	if (object == NULL)
		return KERN_INVALID_ARGUMENT;
	/* Its contents are gone: every access from now on fails. */
	memory_object_pager_died(object);
	vm_object_pages_free(object);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}
