/*
 * check_defpager.c: servers/default_pager on the host, under the
 * sanitizers: the in-memory store (store_mem.c), the protocol routines
 * (pager.c), the dispatch through our mig's server stubs (serve.c) and
 * the answers' send time-out (send.c), over a stand-in kernel that
 * keeps the pager's port rights (a table of names: receive right, send
 * urefs, no-senders request, set), its memory (page by page, so a part
 * of a region can be given back) and a log of the calls the pager
 * makes to the kernel (send.h's dp_ calls: ready, data_supply with a
 * copy of the data, data_unavailable, data_error, lock_request).  Each
 * test ends with every page, right and stored page back at zero, and
 * no call the stand-in refused.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach.h>
#include <mach/notify.h>

#include "memory_objectServer.h"
#include "memory_object_defaultServer.h"
#include "pager.h"
#include "send.h"
#include "serve.h"
#include "store.h"
#include "tests/unit/unit.h"

#define PG          4096u
#define SELF        0x100
#define DEFAULT     0x200
#define PSET        0x201
#define NAMES_MAX   (3 * DP_OBJECTS_MAX + 64)
#define REGIONS_MAX 256
#define CALLS_MAX   64

mach_port_t mach_task_self_ = SELF;
vm_size_t vm_page_size = PG;

/* ---- the stand-in kernel: rights ---- */

struct right {
	mach_port_t name;
	bool receive;
	unsigned send;
	bool nsrequest;
	bool member;
	bool srights_elsewhere; /* the "kernel" still holds a send right */
};
static struct right space[NAMES_MAX];
static unsigned bad_calls; /* calls the stand-in found wrong */

static struct right *
find(mach_port_t name)
{
	for (unsigned i = 0; i < NAMES_MAX; i++)
		if (space[i].name == name &&
		    (space[i].receive || space[i].send > 0))
			return &space[i];
	return NULL;
}

static struct right *
find_or_add(mach_port_t name)
{
	struct right *r = find(name);
	if (r != NULL)
		return r;
	for (unsigned i = 0; i < NAMES_MAX; i++)
		if (!space[i].receive && space[i].send == 0) {
			memset(&space[i], 0, sizeof space[i]);
			space[i].name = name;
			return &space[i];
		}
	ck_abort_msg("stand-in space full");
	return NULL;
}

/* What a message gives the pager. */
static void
give_receive(mach_port_t name, bool sent_to)
{
	struct right *r = find_or_add(name);
	ck_assert_msg(!r->receive, "receive right 0x%x given twice", name);
	r->receive = true;
	r->srights_elsewhere = sent_to;
}

static void
give_send(mach_port_t name)
{
	find_or_add(name)->send++;
}

static unsigned
rights_held(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < NAMES_MAX; i++)
		n += space[i].receive + space[i].send;
	return n;
}

static unsigned
send_refs(mach_port_t name)
{
	struct right *r = find(name);
	return r != NULL ? r->send : 0;
}

static bool
has_receive(mach_port_t name)
{
	struct right *r = find(name);
	return r != NULL && r->receive;
}

kern_return_t
mach_port_deallocate(mach_port_t task, mach_port_name_t name)
{
	ck_assert_uint_eq(task, SELF);
	struct right *r = find(name);
	if (r == NULL || r->send == 0) {
		bad_calls++;
		return KERN_INVALID_RIGHT;
	}
	r->send--;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_mod_refs(mach_port_t task, mach_port_name_t name,
		   mach_port_right_t right, mach_port_delta_t delta)
{
	ck_assert_uint_eq(task, SELF);
	struct right *r = find(name);
	if (r == NULL) {
		bad_calls++;
		return KERN_INVALID_NAME;
	}
	if (right == MACH_PORT_RIGHT_SEND) {
		if ((long)r->send + delta < 0) {
			bad_calls++;
			return KERN_INVALID_VALUE;
		}
		r->send = (unsigned)((long)r->send + delta);
		return KERN_SUCCESS;
	}
	if (right == MACH_PORT_RIGHT_RECEIVE && delta == -1 && r->receive) {
		r->receive = false;
		r->nsrequest = false;
		r->member = false;
		return KERN_SUCCESS;
	}
	bad_calls++;
	return KERN_INVALID_RIGHT;
}

kern_return_t
mach_port_destroy(mach_port_t task, mach_port_name_t name)
{
	ck_assert_uint_eq(task, SELF);
	struct right *r = find(name);
	if (r == NULL) {
		bad_calls++;
		return KERN_INVALID_NAME;
	}
	memset(r, 0, sizeof *r);
	return KERN_SUCCESS;
}

static kern_return_t request_result = KERN_SUCCESS;
static unsigned requests_made;

kern_return_t
mach_port_request_notification(mach_port_t task, mach_port_name_t name,
			       mach_msg_id_t id, mach_port_mscount_t sync,
			       mach_port_t notify, mach_msg_type_name_t poly,
			       mach_port_t *previous)
{
	ck_assert_uint_eq(task, SELF);
	ck_assert_int_eq(id, MACH_NOTIFY_NO_SENDERS);
	ck_assert_uint_eq(sync, 0);
	ck_assert_uint_eq(notify, name);
	ck_assert_uint_eq(poly, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	*previous = MACH_PORT_NULL;
	if (request_result != KERN_SUCCESS)
		return request_result;
	struct right *r = find(name);
	if (r == NULL || !r->receive) {
		bad_calls++;
		return KERN_INVALID_RIGHT;
	}
	r->nsrequest = true;
	requests_made++;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_move_member(mach_port_t task, mach_port_name_t member,
		      mach_port_name_t after)
{
	ck_assert_uint_eq(task, SELF);
	ck_assert_uint_eq(after, PSET);
	struct right *r = find(member);
	if (r == NULL || !r->receive) {
		bad_calls++;
		return KERN_INVALID_RIGHT;
	}
	r->member = true;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_get_receive_status(mach_port_t task, mach_port_name_t name,
			     mach_port_status_t *status)
{
	ck_assert_uint_eq(task, SELF);
	struct right *r = find(name);
	if (r == NULL || !r->receive)
		return KERN_INVALID_RIGHT;
	memset(status, 0, sizeof *status);
	status->mps_srights = r->srights_elsewhere;
	status->mps_nsrequest = r->nsrequest;
	return KERN_SUCCESS;
}

/* mach_msg_destroy never makes rights of a received message. */
kern_return_t
mach_port_insert_right(mach_port_t task, mach_port_name_t name,
		       mach_port_t poly, mach_msg_type_name_t polyPoly)
{
	(void)task;
	(void)name;
	(void)poly;
	(void)polyPoly;
	bad_calls++;
	return KERN_FAILURE;
}

kern_return_t
mach_port_extract_right(mach_port_t task, mach_port_name_t name,
			mach_msg_type_name_t desiredType, mach_port_t *poly,
			mach_msg_type_name_t *polyPoly)
{
	(void)task;
	(void)name;
	(void)desiredType;
	(void)poly;
	(void)polyPoly;
	bad_calls++;
	return KERN_FAILURE;
}

/* ---- the stand-in kernel: memory, page by page ---- */

static struct region {
	char *base;
	unsigned npages;
	unsigned live;
	bool page_live[256];
} regions[REGIONS_MAX];
static unsigned pages_live;
static kern_return_t allocate_result = KERN_SUCCESS;

/* Fresh zeroed pages, as the kernel's memory (or out-of-line data). */
static vm_address_t
pages_new(vm_size_t size)
{
	ck_assert(size > 0 && size % PG == 0 && size / PG <= 256);
	for (unsigned i = 0; i < REGIONS_MAX; i++) {
		struct region *g = &regions[i];
		if (g->base != NULL)
			continue;
		g->base = aligned_alloc(PG, size);
		ck_assert_ptr_nonnull(g->base);
		memset(g->base, 0, size);
		g->npages = g->live = (unsigned)(size / PG);
		for (unsigned p = 0; p < g->npages; p++)
			g->page_live[p] = true;
		pages_live += g->npages;
		return (vm_address_t)g->base;
	}
	ck_abort_msg("stand-in memory full");
	return 0;
}

kern_return_t
vm_allocate(mach_port_t task, vm_address_t *address, vm_size_t size,
	    boolean_t anywhere)
{
	ck_assert_uint_eq(task, SELF);
	ck_assert(anywhere);
	if (allocate_result != KERN_SUCCESS)
		return allocate_result;
	*address = pages_new(size);
	return KERN_SUCCESS;
}

kern_return_t
vm_deallocate(mach_port_t task, vm_address_t address, vm_size_t size)
{
	ck_assert_uint_eq(task, SELF);
	/* The kernel's rounding: whole pages. */
	size = (address % PG + size + PG - 1) / PG * PG;
	address -= address % PG;
	for (vm_address_t a = address; a < address + size; a += PG) {
		bool found = false;
		for (unsigned i = 0; i < REGIONS_MAX && !found; i++) {
			struct region *g = &regions[i];
			if (g->base == NULL || a < (vm_address_t)g->base ||
			    a >= (vm_address_t)g->base + g->npages * PG)
				continue;
			unsigned p =
				(unsigned)((a - (vm_address_t)g->base) / PG);
			found = true;
			if (!g->page_live[p]) {
				bad_calls++;
				continue;
			}
			g->page_live[p] = false;
			pages_live--;
			if (--g->live == 0) {
				free(g->base);
				g->base = NULL;
			}
		}
		if (!found)
			bad_calls++; /* a hole: never the pager's */
	}
	return KERN_SUCCESS;
}

/* ---- the stand-in kernel: the pager's calls, logged ---- */

enum call_op { READY, SUPPLY, UNAVAILABLE, ERROR, LOCK };
static struct call {
	enum call_op op;
	mach_port_t control;
	vm_offset_t offset;
	vm_size_t size;
	int arg;                 /* ready's strategy, error's value */
	unsigned char first[PG]; /* a supply's first page */
	unsigned char last[PG];  /* and its last */
} calls[CALLS_MAX];
static unsigned ncalls;
static kern_return_t supply_result = KERN_SUCCESS;

static struct call *
log_call(enum call_op op, mach_port_t control, vm_offset_t offset,
	 vm_size_t size)
{
	ck_assert_uint_lt(ncalls, CALLS_MAX);
	struct call *c = &calls[ncalls++];
	memset(c, 0, sizeof *c);
	c->op = op;
	c->control = control;
	c->offset = offset;
	c->size = size;
	return c;
}

kern_return_t
dp_memory_object_ready(memory_object_control_t control, boolean_t may_cache,
		       memory_object_copy_strategy_t strategy)
{
	ck_assert(!may_cache);
	log_call(READY, control, 0, 0)->arg = strategy;
	return KERN_SUCCESS;
}

kern_return_t
dp_memory_object_data_supply(memory_object_control_t control,
			     vm_offset_t offset, vm_offset_t data,
			     mach_msg_type_number_t dataCnt,
			     boolean_t dataDealloc, vm_prot_t lock_value,
			     boolean_t precious, mach_port_t reply_to)
{
	ck_assert(dataDealloc);
	ck_assert_int_eq(lock_value, VM_PROT_NONE);
	ck_assert(!precious);
	ck_assert_uint_eq(reply_to, MACH_PORT_NULL);
	if (supply_result != KERN_SUCCESS)
		return supply_result; /* not sent: the memory stays */
	struct call *c = log_call(SUPPLY, control, offset, dataCnt);
	memcpy(c->first, (void *)data, PG);
	memcpy(c->last, (void *)(data + dataCnt - PG), PG);
	/* Sent with Dealloc: the kernel takes the memory. */
	(void)vm_deallocate(SELF, data, dataCnt);
	return KERN_SUCCESS;
}

kern_return_t
dp_memory_object_data_unavailable(memory_object_control_t control,
				  vm_offset_t offset, vm_size_t size)
{
	log_call(UNAVAILABLE, control, offset, size);
	return KERN_SUCCESS;
}

kern_return_t
dp_memory_object_data_error(memory_object_control_t control, vm_offset_t offset,
			    vm_size_t size, kern_return_t error_value)
{
	log_call(ERROR, control, offset, size)->arg = error_value;
	return KERN_SUCCESS;
}

kern_return_t
dp_memory_object_lock_request(memory_object_control_t control,
			      vm_offset_t offset, vm_size_t size,
			      memory_object_return_t should_return,
			      boolean_t should_flush, vm_prot_t lock_value,
			      mach_port_t reply_to)
{
	ck_assert_int_eq(should_return, DP_MEMORY_OBJECT_RETURN_NONE);
	ck_assert(!should_flush);
	ck_assert_int_eq(lock_value, VM_PROT_NONE);
	ck_assert_uint_eq(reply_to, MACH_PORT_NULL);
	log_call(LOCK, control, offset, size);
	return KERN_SUCCESS;
}

/* ---- fixtures ---- */

static struct store *store;

static void
setup(void)
{
	memset(space, 0, sizeof space);
	memset(regions, 0, sizeof regions);
	pages_live = 0;
	bad_calls = 0;
	ncalls = 0;
	requests_made = 0;
	request_result = KERN_SUCCESS;
	allocate_result = KERN_SUCCESS;
	supply_result = KERN_SUCCESS;
	give_receive(DEFAULT, true);
	store = store_mem_create(PG, 0);
	ck_assert_ptr_nonnull(store);
	pager_init(store, DEFAULT, PSET, PG);
}

/* Everything the pager took comes back when its objects go. */
static void
teardown(void)
{
	pager_drop_all();
	ck_assert_uint_eq(pager_stats()->objects, 0);
	ck_assert_uint_eq(store_pages(store), 0);
	store_destroy(store);
	ck_assert_uint_eq(pages_live, 0);
	(void)mach_port_mod_refs(SELF, DEFAULT, MACH_PORT_RIGHT_RECEIVE, -1);
	ck_assert_uint_eq(rights_held(), 0);
	ck_assert_uint_eq(bad_calls, 0);
}

/* What the kernel's memory_object_create gives: the object's receive
 * right (the kernel keeps a send right), send rights for control and
 * name. */
static kern_return_t
create(mach_port_t obj, vm_size_t size, mach_port_t control, mach_port_t name,
       vm_size_t page_size)
{
	if (MACH_PORT_VALID(obj))
		give_receive(obj, true);
	if (MACH_PORT_VALID(control))
		give_send(control);
	if (MACH_PORT_VALID(name))
		give_send(name);
	return memory_object_create(DEFAULT, obj, size, control, name,
				    page_size);
}

/* A refused request's rights, as the server loop's mach_msg_destroy
 * releases them. */
static void
drop_send(mach_port_t name)
{
	ck_assert_int_eq(mach_port_deallocate(SELF, name), KERN_SUCCESS);
}

/* One page-multiple region of out-of-line data, each page filled with
 * its own byte. */
static vm_address_t
data_new(vm_size_t size, unsigned char fill)
{
	vm_address_t a = pages_new(size);
	for (vm_size_t p = 0; p < size / PG; p++)
		memset((void *)(a + p * PG), fill + (int)p, PG);
	return a;
}

static kern_return_t
data_return(mach_port_t obj, mach_port_t control, vm_offset_t offset,
	    vm_address_t data, vm_size_t size, boolean_t dirty)
{
	give_send(control);
	kern_return_t kr = memory_object_data_return(
		obj, control, offset, data, (mach_msg_type_number_t)size, dirty,
		FALSE);
	if (kr != KERN_SUCCESS) {
		drop_send(control);
		(void)vm_deallocate(SELF, data, size);
	}
	return kr;
}

static kern_return_t
data_request(mach_port_t obj, mach_port_t control, vm_offset_t offset,
	     vm_size_t length)
{
	give_send(control);
	kern_return_t kr = memory_object_data_request(
		obj, control, offset, length, VM_PROT_READ | VM_PROT_WRITE);
	if (kr != KERN_SUCCESS)
		drop_send(control);
	return kr;
}

static bool
page_is(const unsigned char *page, unsigned char v)
{
	for (unsigned i = 0; i < PG; i++)
		if (page[i] != v)
			return false;
	return true;
}

/* ---- the store ---- */

START_TEST(test_store_rw)
{
	unsigned char a[PG], b[PG];
	memset(a, 0x5a, PG);
	ck_assert_int_eq(store_read(store, 7, 0, b), STORE_ABSENT);
	ck_assert(!store_has(store, 7, 0));
	ck_assert_int_eq(store_write(store, 7, 3 * PG, a), STORE_OK);
	memset(a, 0, PG); /* the store has its own copy */
	ck_assert_int_eq(store_read(store, 7, 3 * PG, b), STORE_OK);
	ck_assert(page_is(b, 0x5a));
	ck_assert(store_has(store, 7, 3 * PG));
	ck_assert(!store_has(store, 8, 3 * PG));
	ck_assert(!store_has(store, 7, 2 * PG));
	/* Replaced in place: still one page. */
	memset(a, 0x11, PG);
	ck_assert_int_eq(store_write(store, 7, 3 * PG, a), STORE_OK);
	ck_assert_uint_eq(store_pages(store), 1);
	ck_assert_int_eq(store_read(store, 7, 3 * PG, b), STORE_OK);
	ck_assert(page_is(b, 0x11));
	store_discard(store, 7, 0, UINT64_MAX);
	ck_assert_uint_eq(store_pages(store), 0);
	ck_assert_int_eq(store_read(store, 7, 3 * PG, b), STORE_ABSENT);
}
END_TEST

/* 3000 pages of 40 objects: every table grows, each page reads back
 * its own, and ranges go exactly. */
START_TEST(test_store_many)
{
	unsigned char a[PG], b[PG];
	for (uint64_t o = 0; o < 40; o++)
		for (uint64_t p = 0; p < 75; p++) {
			memset(a, (int)(o * 75 + p), PG);
			memcpy(a, &o, sizeof o);
			memcpy(a + 8, &p, sizeof p);
			ck_assert_int_eq(store_write(store, o << 40, p * PG, a),
					 STORE_OK);
		}
	ck_assert_uint_eq(store_pages(store), 3000);
	for (uint64_t o = 0; o < 40; o++)
		for (uint64_t p = 0; p < 75; p++) {
			uint64_t o2, p2;
			ck_assert_int_eq(store_read(store, o << 40, p * PG, b),
					 STORE_OK);
			memcpy(&o2, b, 8);
			memcpy(&p2, b + 8, 8);
			ck_assert_uint_eq(o2, o);
			ck_assert_uint_eq(p2, p);
			ck_assert_uint_eq(b[100], (unsigned char)(o * 75 + p));
		}
	/* A short range looked up page by page, a long one scanned. */
	store_discard(store, 0, 10 * PG, 5 * PG);
	ck_assert_uint_eq(store_pages(store), 2995);
	ck_assert(!store_has(store, 0, 12 * PG));
	ck_assert(store_has(store, 0, 15 * PG));
	store_discard(store, 1ull << 40, PG, 1ull << 50);
	ck_assert_uint_eq(store_pages(store), 2995 - 74);
	ck_assert(store_has(store, 1ull << 40, 0));
	/* A range at the top of the offsets does not wrap. */
	store_discard(store, 2ull << 40, UINT64_MAX - PG + 1, UINT64_MAX);
	ck_assert_uint_eq(store_pages(store), 2995 - 74);
	for (uint64_t o = 0; o < 40; o++)
		store_discard(store, o << 40, 0, UINT64_MAX);
	ck_assert_uint_eq(store_pages(store), 0);
}
END_TEST

START_TEST(test_store_limit)
{
	struct store *s = store_mem_create(PG, 2);
	unsigned char a[PG];
	memset(a, 1, PG);
	ck_assert_int_eq(store_write(s, 1, 0, a), STORE_OK);
	ck_assert_int_eq(store_write(s, 1, PG, a), STORE_OK);
	ck_assert_int_eq(store_write(s, 2, 0, a), STORE_FULL);
	/* Replacing needs no room. */
	ck_assert_int_eq(store_write(s, 1, PG, a), STORE_OK);
	ck_assert_uint_eq(store_pages(s), 2);
	store_discard(s, 1, 0, PG);
	ck_assert_int_eq(store_write(s, 2, 0, a), STORE_OK);
	store_destroy(s); /* with pages in it: freed (ASan sees) */
	ck_assert_ptr_null(store_mem_create(3000, 0));
	ck_assert_ptr_null(store_mem_create(0, 0));
}
END_TEST

/* ---- the protocol ---- */

#define OBJ  0x300
#define CTL  0x400
#define NAME 0x500

START_TEST(test_create_and_die)
{
	ck_assert_int_eq(create(OBJ, 16 * PG, CTL, NAME, PG), KERN_SUCCESS);
	ck_assert(pager_serves(OBJ) && has_receive(OBJ));
	struct right *r = find(OBJ);
	ck_assert(r->nsrequest && r->member);
	ck_assert_uint_eq(ncalls, 0); /* no memory_object_ready */
	ck_assert_uint_eq(pager_stats()->objects, 1);
	/* A no-senders while the kernel still holds a send right: a
	 * forgery, refused. */
	ck_assert_int_ne(pager_no_senders(OBJ), KERN_SUCCESS);
	ck_assert(pager_serves(OBJ));
	/* The kernel's terminate: the receive rights of control and
	 * name join the send rights, and all go. */
	give_receive(CTL, false);
	give_receive(NAME, false);
	ck_assert_int_eq(memory_object_terminate(OBJ, CTL, NAME), KERN_SUCCESS);
	ck_assert_ptr_null(find(CTL));
	ck_assert_ptr_null(find(NAME));
	ck_assert(pager_serves(OBJ));
	/* Its last send right was the terminate's: no senders. */
	find(OBJ)->srights_elsewhere = false;
	ck_assert_int_eq(pager_no_senders(OBJ), KERN_SUCCESS);
	ck_assert(!pager_serves(OBJ));
	ck_assert_ptr_null(find(OBJ));
	ck_assert_uint_eq(pager_stats()->died, 1);
	ck_assert_uint_eq(pager_stats()->objects, 0);
	ck_assert_int_ne(pager_no_senders(OBJ), KERN_SUCCESS);
}
END_TEST

START_TEST(test_create_refused)
{
	unsigned refused = 0;
	/* Page size not the kernel's, size 0, a size that cannot be
	 * rounded. */
	ck_assert_int_ne(create(OBJ, PG, CTL, NAME, 8192), KERN_SUCCESS);
	ck_assert_int_ne(create(OBJ + 16, 0, CTL + 16, NAME + 16, PG),
			 KERN_SUCCESS);
	ck_assert_int_ne(
		create(OBJ + 32, (vm_size_t)-1, CTL + 32, NAME + 32, PG),
		KERN_SUCCESS);
	refused += 3;
	/* The server loop destroys each refused request. */
	for (unsigned i = 0; i < 3; i++) {
		(void)mach_port_mod_refs(SELF, OBJ + 16 * i,
					 MACH_PORT_RIGHT_RECEIVE, -1);
		drop_send(CTL + 16 * i);
		drop_send(NAME + 16 * i);
	}
	/* Null and shared ports, our own default port as control. */
	ck_assert_int_ne(create(OBJ, PG, MACH_PORT_NULL, NAME, PG),
			 KERN_SUCCESS);
	(void)mach_port_mod_refs(SELF, OBJ, MACH_PORT_RIGHT_RECEIVE, -1);
	drop_send(NAME);
	ck_assert_int_ne(create(OBJ, PG, CTL, CTL, PG), KERN_SUCCESS);
	(void)mach_port_mod_refs(SELF, OBJ, MACH_PORT_RIGHT_RECEIVE, -1);
	drop_send(CTL);
	drop_send(CTL);
	ck_assert_int_ne(create(OBJ, PG, DEFAULT, NAME, PG), KERN_SUCCESS);
	(void)mach_port_mod_refs(SELF, OBJ, MACH_PORT_RIGHT_RECEIVE, -1);
	drop_send(DEFAULT);
	drop_send(NAME);
	refused += 3;
	/* Sent to an object's port instead of the default port. */
	ck_assert_int_eq(create(OBJ, PG, CTL, NAME, PG), KERN_SUCCESS);
	ck_assert_int_ne(
		memory_object_create(OBJ, OBJ + 1, PG, CTL + 1, NAME + 1, PG),
		KERN_SUCCESS);
	/* Another object's control, or its port, as this one's. */
	ck_assert_int_ne(create(OBJ + 2, PG, CTL, NAME + 2, PG), KERN_SUCCESS);
	(void)mach_port_mod_refs(SELF, OBJ + 2, MACH_PORT_RIGHT_RECEIVE, -1);
	drop_send(CTL);
	drop_send(NAME + 2);
	ck_assert_int_ne(create(OBJ + 2, PG, OBJ, NAME + 2, PG), KERN_SUCCESS);
	(void)mach_port_mod_refs(SELF, OBJ + 2, MACH_PORT_RIGHT_RECEIVE, -1);
	drop_send(OBJ);
	drop_send(NAME + 2);
	refused += 3;
	/* The kernel refuses the notification request. */
	request_result = KERN_INVALID_RIGHT;
	ck_assert_int_ne(create(OBJ + 3, PG, CTL + 3, NAME + 3, PG),
			 KERN_SUCCESS);
	(void)mach_port_mod_refs(SELF, OBJ + 3, MACH_PORT_RIGHT_RECEIVE, -1);
	drop_send(CTL + 3);
	drop_send(NAME + 3);
	refused++;
	ck_assert_uint_eq(pager_stats()->refused, refused);
	ck_assert_uint_eq(pager_stats()->objects, 1);
	ck_assert_uint_eq(send_refs(CTL), 1);
}
END_TEST

START_TEST(test_object_limit)
{
	for (unsigned i = 0; i < DP_OBJECTS_MAX; i++) {
		mach_port_t b = 0x10000 + 4 * i;
		ck_assert_int_eq(create(b, PG, b + 1, b + 2, PG), KERN_SUCCESS);
	}
	ck_assert_uint_eq(pager_stats()->objects, DP_OBJECTS_MAX);
	mach_port_t b = 0x10000 + 4 * DP_OBJECTS_MAX;
	ck_assert_int_eq(create(b, PG, b + 1, b + 2, PG),
			 KERN_RESOURCE_SHORTAGE);
	(void)mach_port_mod_refs(SELF, b, MACH_PORT_RIGHT_RECEIVE, -1);
	drop_send(b + 1);
	drop_send(b + 2);
	/* One ends: room for one more. */
	b = 0x10000;
	find(b)->srights_elsewhere = false;
	ck_assert_int_eq(pager_no_senders(b), KERN_SUCCESS);
	b = 0x10000 + 4 * DP_OBJECTS_MAX;
	ck_assert_int_eq(create(b, PG, b + 1, b + 2, PG), KERN_SUCCESS);
}
END_TEST

START_TEST(test_return_and_request)
{
	ck_assert_int_eq(create(OBJ, 8 * PG, CTL, NAME, PG), KERN_SUCCESS);
	/* Pages 2-4 returned, one message. */
	vm_address_t d = data_new(3 * PG, 0x20);
	ck_assert_int_eq(data_return(OBJ, CTL, 2 * PG, d, 3 * PG, TRUE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(pages_live, 0); /* deallocated */
	ck_assert_uint_eq(store_pages(store), 3);
	/* Page 3 returned again: replaced. */
	d = data_new(PG, 0x77);
	ck_assert_int_eq(data_return(OBJ, CTL, 3 * PG, d, PG, TRUE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(store_pages(store), 3);
	/* A request of pages 1-5: 1 unavailable, 2-4 supplied in one
	 * message, 5 unavailable. */
	ck_assert_int_eq(data_request(OBJ, CTL, PG, 5 * PG), KERN_SUCCESS);
	ck_assert_uint_eq(ncalls, 3);
	ck_assert_int_eq(calls[0].op, UNAVAILABLE);
	ck_assert_uint_eq(calls[0].offset, PG);
	ck_assert_uint_eq(calls[0].size, PG);
	ck_assert_int_eq(calls[1].op, SUPPLY);
	ck_assert_uint_eq(calls[1].control, CTL);
	ck_assert_uint_eq(calls[1].offset, 2 * PG);
	ck_assert_uint_eq(calls[1].size, 3 * PG);
	ck_assert(page_is(calls[1].first, 0x20));
	ck_assert(page_is(calls[1].last, 0x22));
	ck_assert_int_eq(calls[2].op, UNAVAILABLE);
	ck_assert_uint_eq(calls[2].offset, 5 * PG);
	ck_assert_uint_eq(calls[2].size, PG);
	ck_assert_uint_eq(pages_live, 0);
	/* Page 3 alone: its replacement. */
	ck_assert_int_eq(data_request(OBJ, CTL, 3 * PG, PG), KERN_SUCCESS);
	ck_assert_int_eq(calls[3].op, SUPPLY);
	ck_assert(page_is(calls[3].first, 0x77));
	/* The pages stay after the supply (the kernel may return them
	 * clean or drop them). */
	ck_assert_uint_eq(store_pages(store), 3);
	/* Each message's control right was kept: one uref each plus
	 * create's. */
	ck_assert_uint_eq(send_refs(CTL), 5);
	const struct dp_stats *st = pager_stats();
	ck_assert_uint_eq(st->supplied, 4);
	ck_assert_uint_eq(st->unavailable, 2);
	ck_assert_uint_eq(st->written, 4);
	ck_assert_uint_eq(st->returns, 2);
	ck_assert_uint_eq(st->requests, 2);
}
END_TEST

START_TEST(test_clean_return_and_initialize)
{
	ck_assert_int_eq(create(OBJ, 4 * PG, CTL, NAME, PG), KERN_SUCCESS);
	vm_address_t d = data_new(PG, 0x40);
	ck_assert_int_eq(data_return(OBJ, CTL, 0, d, PG, TRUE), KERN_SUCCESS);
	/* A clean return of a page held: kept as it is.  Of a page not
	 * held: stored. */
	d = data_new(2 * PG, 0x90);
	ck_assert_int_eq(data_return(OBJ, CTL, 0, d, 2 * PG, FALSE),
			 KERN_SUCCESS);
	/* data_initialize: only pages never held. */
	give_send(CTL);
	d = data_new(3 * PG, 0xa0);
	ck_assert_int_eq(memory_object_data_initialize(OBJ, CTL, 0, d, 3 * PG),
			 KERN_SUCCESS);
	ck_assert_uint_eq(pages_live, 0);
	ck_assert_int_eq(data_request(OBJ, CTL, 0, 4 * PG), KERN_SUCCESS);
	/* 0: the first return; 1: the clean return; 2: initialize; 3:
	 * never. */
	ck_assert_uint_eq(ncalls, 2);
	ck_assert_int_eq(calls[0].op, SUPPLY);
	ck_assert_uint_eq(calls[0].size, 3 * PG);
	ck_assert(page_is(calls[0].first, 0x40));
	ck_assert(page_is(calls[0].last, 0xa2));
	ck_assert_int_eq(calls[1].op, UNAVAILABLE);
	ck_assert_uint_eq(calls[1].offset, 3 * PG);
	ck_assert_uint_eq(pager_stats()->kept, 3);
	ck_assert_uint_eq(pager_stats()->initializes, 1);
}
END_TEST

START_TEST(test_hostile_values)
{
	ck_assert_int_eq(create(OBJ, 4 * PG, CTL, NAME, PG), KERN_SUCCESS);
	uint64_t refused = pager_stats()->refused;
	struct {
		vm_offset_t offset;
		vm_size_t size;
	} bad[] = {
		{ 1, PG },                    /* offset not a page multiple */
		{ 0, PG / 2 },                /* length not one */
		{ 0, 0 },                     /* nothing */
		{ 3 * PG, 2 * PG },           /* past the end */
		{ 4 * PG, PG },               /* at the end */
		{ -(vm_offset_t)PG, 2 * PG }, /* wraps */
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		vm_size_t n = bad[i].size < PG ? PG : bad[i].size;
		vm_address_t d = data_new(n, 1);
		ck_assert_int_ne(data_return(OBJ, CTL, bad[i].offset, d,
					     bad[i].size, TRUE),
				 KERN_SUCCESS);
		if (bad[i].size == 0)
			(void)vm_deallocate(SELF, d, n);
		refused++;
	}
	/* Wrong control port, an object not served. */
	vm_address_t d = data_new(PG, 1);
	give_send(CTL + 1);
	ck_assert_int_ne(
		memory_object_data_return(OBJ, CTL + 1, 0, d, PG, TRUE, FALSE),
		KERN_SUCCESS);
	drop_send(CTL + 1);
	(void)vm_deallocate(SELF, d, PG);
	d = data_new(PG, 1);
	ck_assert_int_ne(data_return(OBJ + 1, CTL, 0, d, PG, TRUE),
			 KERN_SUCCESS);
	refused += 2;
	ck_assert_uint_eq(store_pages(store), 0);
	ck_assert_uint_eq(pages_live, 0);
	/* Requests: misaligned, empty, too long, bad access are
	 * dropped; past the end is answered data_error. */
	ck_assert_int_ne(data_request(OBJ, CTL, 1, PG), KERN_SUCCESS);
	ck_assert_int_ne(data_request(OBJ, CTL, 0, 0), KERN_SUCCESS);
	ck_assert_int_ne(data_request(OBJ, CTL, 0, PG + 1), KERN_SUCCESS);
	ck_assert_int_ne(data_request(OBJ, CTL, 0, DP_REQUEST_MAX + PG),
			 KERN_SUCCESS);
	ck_assert_int_ne(data_request(OBJ, CTL, -(vm_offset_t)PG, 2 * PG),
			 KERN_SUCCESS);
	give_send(CTL);
	ck_assert_int_ne(memory_object_data_request(OBJ, CTL, 0, PG, 0x100),
			 KERN_SUCCESS);
	drop_send(CTL);
	refused += 6;
	ck_assert_uint_eq(ncalls, 0);
	ck_assert_int_eq(data_request(OBJ, CTL, 3 * PG, 2 * PG), KERN_SUCCESS);
	ck_assert_uint_eq(ncalls, 1);
	ck_assert_int_eq(calls[0].op, ERROR);
	ck_assert_uint_eq(calls[0].offset, 3 * PG);
	ck_assert_uint_eq(calls[0].size, 2 * PG);
	ck_assert_int_eq(calls[0].arg, KERN_FAILURE);
	/* init of a live object, terminate with the wrong ports. */
	give_send(CTL + 1);
	give_send(NAME + 1);
	ck_assert_int_ne(memory_object_init(OBJ, CTL + 1, NAME + 1, PG),
			 KERN_SUCCESS);
	drop_send(CTL + 1);
	drop_send(NAME + 1);
	give_receive(CTL + 1, false);
	give_receive(NAME, false);
	ck_assert_int_ne(memory_object_terminate(OBJ, CTL + 1, NAME),
			 KERN_SUCCESS);
	(void)mach_port_mod_refs(SELF, CTL + 1, MACH_PORT_RIGHT_RECEIVE, -1);
	(void)mach_port_mod_refs(SELF, NAME, MACH_PORT_RIGHT_RECEIVE, -1);
	refused += 2;
	/* Never asked for: dropped, counted apart. */
	ck_assert_int_ne(memory_object_lock_completed(OBJ, CTL, 0, PG),
			 KERN_SUCCESS);
	ck_assert_int_ne(memory_object_supply_completed(OBJ, CTL, 0, PG, 0, 0),
			 KERN_SUCCESS);
	ck_assert_int_ne(memory_object_change_completed(OBJ, FALSE, 2),
			 KERN_SUCCESS);
	ck_assert_int_ne(memory_object_copy(OBJ, CTL, 0, PG, OBJ + 5),
			 KERN_SUCCESS);
	ck_assert_uint_eq(pager_stats()->ignored, 4);
	ck_assert_uint_eq(pager_stats()->refused, refused);
	ck_assert(pager_serves(OBJ));
	ck_assert_uint_eq(send_refs(CTL), 2);
}
END_TEST

START_TEST(test_reinit_after_terminate)
{
	ck_assert_int_eq(create(OBJ, 2 * PG, CTL, NAME, PG), KERN_SUCCESS);
	vm_address_t d = data_new(PG, 0x61);
	ck_assert_int_eq(data_return(OBJ, CTL, PG, d, PG, TRUE), KERN_SUCCESS);
	give_receive(CTL, false);
	give_receive(NAME, false);
	ck_assert_int_eq(memory_object_terminate(OBJ, CTL, NAME), KERN_SUCCESS);
	/* Between terminate and init nothing is served. */
	ck_assert_int_ne(data_request(OBJ, CTL, 0, PG), KERN_SUCCESS);
	/* Asked again (the kernel held another send right): ready, and
	 * the page kept. */
	give_send(CTL + 8);
	give_send(NAME + 8);
	ck_assert_int_eq(memory_object_init(OBJ, CTL + 8, NAME + 8, PG),
			 KERN_SUCCESS);
	ck_assert_uint_eq(ncalls, 1);
	ck_assert_int_eq(calls[0].op, READY);
	ck_assert_uint_eq(calls[0].control, CTL + 8);
	ck_assert_int_eq(calls[0].arg, DP_MEMORY_OBJECT_COPY_DELAY);
	ck_assert_int_eq(data_request(OBJ, CTL + 8, PG, PG), KERN_SUCCESS);
	ck_assert_int_eq(calls[1].op, SUPPLY);
	ck_assert(page_is(calls[1].first, 0x61));
	/* A wrong page size for init. */
	give_receive(CTL + 8, false);
	give_receive(NAME + 8, false);
	ck_assert_int_eq(memory_object_terminate(OBJ, CTL + 8, NAME + 8),
			 KERN_SUCCESS);
	give_send(CTL + 9);
	give_send(NAME + 9);
	ck_assert_int_ne(memory_object_init(OBJ, CTL + 9, NAME + 9, 2 * PG),
			 KERN_SUCCESS);
	drop_send(CTL + 9);
	drop_send(NAME + 9);
	ck_assert_uint_eq(pager_stats()->inited, 1);
	ck_assert_uint_eq(pager_stats()->terminated, 2);
}
END_TEST

/* The store fails: the page is lost, the object answers data_error
 * from then on, as GNU Mach's; the data is still given back. */
START_TEST(test_store_failure)
{
	struct store *small = store_mem_create(PG, 1);
	pager_init(small, DEFAULT, PSET, PG);
	ck_assert_int_eq(create(OBJ, 4 * PG, CTL, NAME, PG), KERN_SUCCESS);
	ck_assert_int_eq(create(OBJ + 8, 4 * PG, CTL + 8, NAME + 8, PG),
			 KERN_SUCCESS);
	vm_address_t d = data_new(2 * PG, 0x10);
	ck_assert_int_eq(data_return(OBJ, CTL, 0, d, 2 * PG, TRUE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(pages_live, 0);
	ck_assert_uint_eq(pager_stats()->lost, 1);
	ck_assert_int_eq(data_request(OBJ, CTL, 0, PG), KERN_SUCCESS);
	ck_assert_int_eq(calls[0].op, ERROR);
	/* The other object is untouched. */
	ck_assert_int_eq(data_request(OBJ + 8, CTL + 8, 0, PG), KERN_SUCCESS);
	ck_assert_int_eq(calls[1].op, UNAVAILABLE);
	/* Out of memory: a page never stored needs none. */
	allocate_result = KERN_RESOURCE_SHORTAGE;
	ck_assert_int_eq(data_request(OBJ + 8, CTL + 8, 0, PG), KERN_SUCCESS);
	ck_assert_int_eq(calls[2].op, UNAVAILABLE);
	allocate_result = KERN_SUCCESS;
	pager_drop_all();
	ck_assert_uint_eq(store_pages(small), 0);
	store_destroy(small);
	pager_init(store, DEFAULT, PSET, PG);
}
END_TEST

/* Another store behind the same interface: the in-memory one, but
 * the medium fails reading one offset and writing another (a disk's
 * bad block), so pager.c is seen working over any struct store. */
static struct flaky {
	struct store store;
	struct store *inner;
	uint64_t bad_read, bad_write;
	unsigned reads, writes;
} flaky;

static enum store_result
flaky_read(struct store *s, uint64_t object, uint64_t offset, void *page)
{
	(void)s;
	flaky.reads++;
	if (offset == flaky.bad_read)
		return STORE_ERROR;
	return store_read(flaky.inner, object, offset, page);
}

static enum store_result
flaky_write(struct store *s, uint64_t object, uint64_t offset, const void *page)
{
	(void)s;
	flaky.writes++;
	if (offset == flaky.bad_write)
		return STORE_ERROR;
	return store_write(flaky.inner, object, offset, page);
}

static bool
flaky_has(struct store *s, uint64_t object, uint64_t offset)
{
	(void)s;
	return store_has(flaky.inner, object, offset);
}

static void
flaky_discard(struct store *s, uint64_t object, uint64_t offset, uint64_t size)
{
	(void)s;
	store_discard(flaky.inner, object, offset, size);
}

static uint64_t
flaky_pages(struct store *s)
{
	(void)s;
	return store_pages(flaky.inner);
}

static void
flaky_destroy(struct store *s)
{
	(void)s;
	store_destroy(flaky.inner);
}

static const struct store_ops flaky_ops = {
	.read = flaky_read,
	.write = flaky_write,
	.has = flaky_has,
	.discard = flaky_discard,
	.pages = flaky_pages,
	.destroy = flaky_destroy,
};

/* A read error in the middle of a request: supply, error, supply, each
 * run in its own message; the other objects and pages unharmed.  A
 * write error then fails the object. */
START_TEST(test_store_medium_errors)
{
	memset(&flaky, 0, sizeof flaky);
	flaky.store.ops = &flaky_ops;
	flaky.store.page_size = PG;
	flaky.inner = store_mem_create(PG, 0);
	flaky.bad_read = 2 * PG;
	flaky.bad_write = UINT64_MAX;
	pager_init(&flaky.store, DEFAULT, PSET, PG);
	ck_assert_int_eq(create(OBJ, 8 * PG, CTL, NAME, PG), KERN_SUCCESS);
	vm_address_t d = data_new(5 * PG, 0x50);
	ck_assert_int_eq(data_return(OBJ, CTL, 0, d, 5 * PG, TRUE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(flaky.writes, 5);
	ck_assert_int_eq(data_request(OBJ, CTL, 0, 6 * PG), KERN_SUCCESS);
	ck_assert_uint_eq(flaky.reads, 5); /* page 5 never stored: not read */
	ck_assert_uint_eq(ncalls, 4);
	ck_assert_int_eq(calls[0].op, SUPPLY);
	ck_assert_uint_eq(calls[0].offset, 0);
	ck_assert_uint_eq(calls[0].size, 2 * PG);
	ck_assert(page_is(calls[0].last, 0x51));
	ck_assert_int_eq(calls[1].op, ERROR);
	ck_assert_uint_eq(calls[1].offset, 2 * PG);
	ck_assert_uint_eq(calls[1].size, PG);
	ck_assert_int_eq(calls[2].op, SUPPLY);
	ck_assert_uint_eq(calls[2].offset, 3 * PG);
	ck_assert_uint_eq(calls[2].size, 2 * PG);
	ck_assert(page_is(calls[2].first, 0x53));
	ck_assert_int_eq(calls[3].op, UNAVAILABLE);
	ck_assert_uint_eq(calls[3].offset, 5 * PG);
	ck_assert_uint_eq(pages_live, 0);
	/* A failed write: the page is not kept (its old copy neither),
	 * and the object answers data_error from then on. */
	flaky.bad_write = 4 * PG;
	d = data_new(PG, 0x99);
	ck_assert_int_eq(data_return(OBJ, CTL, 4 * PG, d, PG, TRUE),
			 KERN_SUCCESS);
	ck_assert(!store_has(flaky.inner, 1, 4 * PG));
	ncalls = 0;
	ck_assert_int_eq(data_request(OBJ, CTL, 0, PG), KERN_SUCCESS);
	ck_assert_int_eq(calls[0].op, ERROR);
	ck_assert_uint_eq(pager_stats()->lost, 1);
	pager_drop_all();
	ck_assert_uint_eq(store_pages(&flaky.store), 0);
	store_destroy(&flaky.store);
	pager_init(store, DEFAULT, PSET, PG);
}
END_TEST

/* The request's buffer is allocated at the first page held, once:
 * without memory, the pages held are answered data_error, the others
 * data_unavailable, and nothing is left allocated. */
START_TEST(test_request_no_memory)
{
	ck_assert_int_eq(create(OBJ, 8 * PG, CTL, NAME, PG), KERN_SUCCESS);
	vm_address_t d = data_new(2 * PG, 0x30);
	ck_assert_int_eq(data_return(OBJ, CTL, PG, d, 2 * PG, TRUE),
			 KERN_SUCCESS);
	allocate_result = KERN_RESOURCE_SHORTAGE;
	ck_assert_int_eq(data_request(OBJ, CTL, 0, 4 * PG), KERN_SUCCESS);
	ck_assert_uint_eq(ncalls, 3);
	ck_assert_int_eq(calls[0].op, UNAVAILABLE);
	ck_assert_uint_eq(calls[0].size, PG);
	ck_assert_int_eq(calls[1].op, ERROR);
	ck_assert_uint_eq(calls[1].offset, PG);
	ck_assert_uint_eq(calls[1].size, 2 * PG);
	ck_assert_int_eq(calls[2].op, UNAVAILABLE);
	ck_assert_uint_eq(calls[2].offset, 3 * PG);
	ck_assert_uint_eq(pages_live, 0);
	/* With memory again, absent pages first: the buffer made at
	 * page 1 covers page 0, given back with its run. */
	allocate_result = KERN_SUCCESS;
	ck_assert_int_eq(data_request(OBJ, CTL, 0, 4 * PG), KERN_SUCCESS);
	ck_assert_int_eq(calls[3].op, UNAVAILABLE);
	ck_assert_int_eq(calls[4].op, SUPPLY);
	ck_assert_uint_eq(calls[4].size, 2 * PG);
	ck_assert(page_is(calls[4].last, 0x31));
	ck_assert_int_eq(calls[5].op, UNAVAILABLE);
	ck_assert_uint_eq(pages_live, 0);
}
END_TEST

/* A supply the kernel did not take: the pager gives the memory back. */
START_TEST(test_supply_not_sent)
{
	ck_assert_int_eq(create(OBJ, 4 * PG, CTL, NAME, PG), KERN_SUCCESS);
	vm_address_t d = data_new(PG, 0x33);
	ck_assert_int_eq(data_return(OBJ, CTL, 0, d, PG, TRUE), KERN_SUCCESS);
	supply_result = MACH_SEND_INVALID_DEST;
	ck_assert_int_eq(data_request(OBJ, CTL, 0, 2 * PG), KERN_SUCCESS);
	ck_assert_uint_eq(pages_live, 0);
	ck_assert_uint_eq(pager_stats()->send_failed, 1);
	ck_assert_uint_eq(ncalls, 1); /* the unavailable page */
}
END_TEST

START_TEST(test_unlock)
{
	ck_assert_int_eq(create(OBJ, 4 * PG, CTL, NAME, PG), KERN_SUCCESS);
	give_send(CTL);
	ck_assert_int_eq(
		memory_object_data_unlock(OBJ, CTL, PG, 2 * PG, VM_PROT_WRITE),
		KERN_SUCCESS);
	ck_assert_uint_eq(ncalls, 1);
	ck_assert_int_eq(calls[0].op, LOCK);
	ck_assert_uint_eq(calls[0].offset, PG);
	ck_assert_uint_eq(calls[0].size, 2 * PG);
	give_send(CTL);
	ck_assert_int_ne(memory_object_data_unlock(OBJ, CTL, 3 * PG, 2 * PG,
						   VM_PROT_WRITE),
			 KERN_SUCCESS);
	drop_send(CTL);
}
END_TEST

/* Past DP_CONTROL_UREFS_MAX the extra control urefs are given back. */
START_TEST(test_control_urefs_bounded)
{
	ck_assert_int_eq(create(OBJ, PG, CTL, NAME, PG), KERN_SUCCESS);
	for (unsigned i = 0; i < DP_CONTROL_UREFS_MAX + 5; i++) {
		ncalls = 0;
		ck_assert_int_eq(data_request(OBJ, CTL, 0, PG), KERN_SUCCESS);
	}
	ck_assert_uint_le(send_refs(CTL), DP_CONTROL_UREFS_MAX);
	ck_assert_uint_ge(send_refs(CTL), 1);
}
END_TEST

/* ---- the dispatch, through the stubs ---- */

/* A data_request message as the kernel's stub sends it, received. */
struct request_msg {
	mach_msg_header_t head;
	mach_msg_type_t control_type;
	mach_port_name_inlined_t control;
	mach_msg_type_t offset_type;
	vm_offset_t offset;
	mach_msg_type_t length_type;
	vm_size_t length;
	mach_msg_type_t access_type;
	vm_prot_t access;
	char pad[4];
};

static void
make_request(struct request_msg *m, mach_port_t to, mach_port_t control,
	     vm_offset_t offset, vm_size_t length)
{
	memset(m, 0, sizeof *m);
	m->head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			    MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND);
	m->head.msgh_size = sizeof *m;
	m->head.msgh_local_port = to;
	m->head.msgh_id = 2203;
	m->control_type = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_PORT_SEND,
		.msgt_size = 64,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	m->control.name = control;
	m->offset_type = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_INTEGER_64,
		.msgt_size = 64,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	m->offset = offset;
	m->length_type = m->offset_type;
	m->length = length;
	m->access_type = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	m->access = VM_PROT_READ;
	give_send(control);
}

START_TEST(test_dispatch)
{
	_Static_assert(sizeof(struct request_msg) == 96, "request layout");
	ck_assert_int_eq(create(OBJ, 4 * PG, CTL, NAME, PG), KERN_SUCCESS);
	struct request_msg m;
	make_request(&m, OBJ, CTL, 0, PG);
	serve_message(&m.head, DEFAULT);
	ck_assert_uint_eq(ncalls, 1);
	ck_assert_int_eq(calls[0].op, UNAVAILABLE);
	ck_assert_uint_eq(send_refs(CTL), 2); /* kept */
	/* The same request to the default port, to a port not served,
	 * with a bad descriptor, a short size, an unknown id: each
	 * destroyed with its right. */
	make_request(&m, DEFAULT, CTL, 0, PG);
	serve_message(&m.head, DEFAULT);
	make_request(&m, OBJ + 1, CTL, 0, PG);
	serve_message(&m.head, DEFAULT);
	make_request(&m, OBJ, CTL, 0, PG);
	m.offset_type.msgt_size = 32;
	serve_message(&m.head, DEFAULT);
	make_request(&m, OBJ, CTL, 0, PG);
	m.head.msgh_size -= 8;
	serve_message(&m.head, DEFAULT);
	make_request(&m, OBJ, CTL, 0, PG);
	m.head.msgh_id = 2250; /* create, on an object's port */
	serve_message(&m.head, DEFAULT);
	make_request(&m, OBJ, CTL, 0, PG);
	m.head.msgh_id = 2299;
	serve_message(&m.head, DEFAULT);
	ck_assert_uint_eq(serve_bad_messages(), 6);
	ck_assert_uint_eq(ncalls, 1);
	ck_assert_uint_eq(send_refs(CTL), 2);
	/* A value the routine refuses: destroyed too. */
	make_request(&m, OBJ, CTL, 1, PG);
	serve_message(&m.head, DEFAULT);
	ck_assert_uint_eq(send_refs(CTL), 2);
	/* An accepted request's reply right, had it one, is released. */
	make_request(&m, OBJ, CTL, PG, PG);
	m.head.msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	m.head.msgh_remote_port = 0x900;
	give_send(0x900);
	serve_message(&m.head, DEFAULT);
	ck_assert_uint_eq(send_refs(0x900), 0);
	ck_assert_uint_eq(ncalls, 2);
}
END_TEST

/* The no-senders notification through notify.defs' stub. */
START_TEST(test_dispatch_no_senders)
{
	struct {
		mach_msg_header_t head;
		mach_msg_type_t type;
		mach_port_mscount_t count;
		char pad[4];
	} n;
	ck_assert_int_eq(create(OBJ, PG, CTL, NAME, PG), KERN_SUCCESS);
	memset(&n, 0, sizeof n);
	n.head.msgh_bits = MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE);
	n.head.msgh_size = sizeof n;
	n.head.msgh_local_port = OBJ;
	n.head.msgh_id = MACH_NOTIFY_NO_SENDERS;
	n.type = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	n.count = 1;
	/* Forged: the kernel still sends to it. */
	serve_message(&n.head, DEFAULT);
	ck_assert(pager_serves(OBJ));
	/* Real, without terminate (the kernel let go): all of it goes. */
	find(OBJ)->srights_elsewhere = false;
	serve_message(&n.head, DEFAULT);
	ck_assert(!pager_serves(OBJ));
	ck_assert_ptr_null(find(CTL));
	ck_assert_ptr_null(find(NAME));
	ck_assert_ptr_null(find(OBJ));
}
END_TEST

/* ---- send.c: the answers' mach_msg ---- */

static struct {
	mach_msg_option_t option;
	mach_msg_timeout_t timeout;
	mach_msg_size_t rcv_size;
	mach_port_t rcv_name;
	unsigned calls;
} sent;
static mach_msg_return_t send_result;

/* The trap's stand-in: what a send asked for; a timed-out send gives
 * the message back with its destination as a right of ours again. */
mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_t rcv_name, mach_msg_timeout_t timeout, mach_port_t notify)
{
	(void)send_size;
	(void)notify;
	sent.option = option;
	sent.timeout = timeout;
	sent.rcv_size = rcv_size;
	sent.rcv_name = rcv_name;
	sent.calls++;
	if (send_result == MACH_SEND_TIMED_OUT) {
		msg->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0);
		give_send(msg->msgh_remote_port);
	}
	return send_result;
}

mach_port_t
mig_get_reply_port(void)
{
	return 0x777;
}

void
mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

void
mig_dealloc_reply_port(mach_port_t port)
{
	(void)port;
}

START_TEST(test_send_timeout)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.msgh_size = sizeof h,
		.msgh_remote_port = CTL,
		.msgh_id = 2039,
	};
	/* A one-way send: a time-out of 0 added. */
	send_result = MACH_MSG_SUCCESS;
	ck_assert_int_eq(dp_mach_msg(&h, MACH_SEND_MSG, sizeof h, 0,
				     MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
				     MACH_PORT_NULL),
			 MACH_MSG_SUCCESS);
	ck_assert_int_eq(sent.option, MACH_SEND_MSG | MACH_SEND_TIMEOUT);
	ck_assert_uint_eq(sent.timeout, 0);
	/* Timed out: the message given back is destroyed (its
	 * destination's right released), the error returned. */
	send_result = MACH_SEND_TIMED_OUT;
	ck_assert_int_eq(dp_mach_msg(&h, MACH_SEND_MSG, sizeof h, 0,
				     MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
				     MACH_PORT_NULL),
			 MACH_SEND_TIMED_OUT);
	ck_assert_uint_eq(send_refs(CTL), 0);
	/* Another failure: nothing was taken, nothing destroyed. */
	give_send(CTL);
	send_result = MACH_SEND_INVALID_DEST;
	ck_assert_int_eq(dp_mach_msg(&h, MACH_SEND_MSG, sizeof h, 0,
				     MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
				     MACH_PORT_NULL),
			 MACH_SEND_INVALID_DEST);
	ck_assert_uint_eq(send_refs(CTL), 1);
	drop_send(CTL);
	/* An RPC goes as asked. */
	send_result = MACH_MSG_SUCCESS;
	ck_assert_int_eq(dp_mach_msg(&h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof h,
				     64, 0x777, 5, MACH_PORT_NULL),
			 MACH_MSG_SUCCESS);
	ck_assert_int_eq(sent.option, MACH_SEND_MSG | MACH_RCV_MSG);
	ck_assert_uint_eq(sent.timeout, 5);
	ck_assert_uint_eq(sent.rcv_size, 64);
	ck_assert_uint_eq(sent.rcv_name, 0x777);
	ck_assert_uint_eq(sent.calls, 4);
	ck_assert_uint_eq(dp_mig_get_reply_port(), 0x777);
	dp_mig_put_reply_port(0x777);
	dp_mig_dealloc_reply_port(0x777);
}
END_TEST

static Suite *
send_suite(void)
{
	Suite *s = suite_create("defpager_send");
	TCase *tc = tcase_create("send");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_send_timeout);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *
store_suite(void)
{
	Suite *s = suite_create("defpager_store");
	TCase *tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_store_rw);
	tcase_add_test(tc, test_store_many);
	tcase_add_test(tc, test_store_limit);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *
protocol_suite(void)
{
	Suite *s = suite_create("defpager_protocol");
	TCase *tc = tcase_create("protocol");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_and_die);
	tcase_add_test(tc, test_create_refused);
	tcase_add_test(tc, test_object_limit);
	tcase_add_test(tc, test_return_and_request);
	tcase_add_test(tc, test_clean_return_and_initialize);
	tcase_add_test(tc, test_hostile_values);
	tcase_add_test(tc, test_reinit_after_terminate);
	tcase_add_test(tc, test_store_failure);
	tcase_add_test(tc, test_store_medium_errors);
	tcase_add_test(tc, test_request_no_memory);
	tcase_add_test(tc, test_supply_not_sent);
	tcase_add_test(tc, test_unlock);
	tcase_add_test(tc, test_control_urefs_bounded);
	tcase_add_test(tc, test_dispatch);
	tcase_add_test(tc, test_dispatch_no_senders);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(store_suite, protocol_suite, send_suite)
