/*
 * gnu_pager.c: memory objects served by a user pager, as a program built
 * for GNU Mach does it (GNU MIG's stubs and memory_object_server,
 * gnumach-dev's headers).  A pager thread serves memory_object.defs on
 * a port set of memory objects, each with its behaviour:
 *
 *	pattern   data_supply of a pattern (or of what data_return gave)
 *	silent    never answers
 *	error     memory_object_data_error
 *	dies      destroys the object's port instead of answering
 *	hostile   bad supplies first (unaligned, outside, unasked), then
 *	          the right one
 *	zero      memory_object_data_unavailable
 *	delayed   as pattern, for the copies (COPY_DELAY) of its object
 *	called    as pattern, with MEMORY_OBJECT_COPY_CALL: a copy of it is
 *	          a memory_object_copy, whose new memory object it serves
 *	          as copyof (its own pattern; data_unavailable for page 0,
 *	          where the old object's page is seen), or drops (as the
 *	          test says);
 *	          it unlocks what the copy locked
 *	locked    data_supply with the pages locked against writes; a
 *	          data_unlock is answered by a lock_request that lowers
 *	          the lock, by nothing (a pager that never unlocks) or by
 *	          data_error, as the test says
 *
 * The main thread maps them (vm_map) into itself and into child tasks,
 * shared and copied, and checks what each reads and writes, the
 * protocol's messages (init, data_request, data_return, lock_completed,
 * supply_completed, terminate with the control and name ports'
 * receive rights) and that a bad pager harms nothing: a silent one's
 * faulting thread can be terminated, an error becomes a bad-access
 * exception (KERN_MEMORY_ERROR) or vm_write's KERN_MEMORY_ERROR, a
 * dead pager fails the fault it was asked for.  vm_map's argument
 * checks, anonymous memory through vm_map, and vm_region's object
 * names (the same for one object's mappings and copies, dead with the
 * object) are here too.
 */

#include <mach/exception.h>
#include <mach/mach_types.h>
#include <mach/memory_object.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/thread_special_ports.h>
#include <mach/thread_status.h>
#include <string.h>

#include "gnu/mach.h"
#include "gnu/mach_host.h"
#include "gnu/mach_port.h"
#include "rt.h"

#define PAGE       4096ul
#define NPAGES     4
#define STACK_SIZE (64ul * 1024)
#define WAIT_MS    5000

/* GNU MIG's server sides (gnu/memory_objectServer.c, gnu/excServer.c)
 * and the routines they call, as they declare them. */
boolean_t memory_object_server(mach_msg_header_t *in, mach_msg_header_t *out);
boolean_t exc_server(mach_msg_header_t *in, mach_msg_header_t *out);
kern_return_t memory_object_init(mach_port_t memory_object,
				 mach_port_t memory_control,
				 mach_port_t memory_object_name,
				 vm_size_t page_size);
kern_return_t memory_object_terminate(mach_port_t memory_object,
				      mach_port_t memory_control,
				      mach_port_t memory_object_name);
kern_return_t memory_object_copy(mach_port_t old_memory_object,
				 mach_port_t old_memory_control,
				 vm_offset_t offset, vm_size_t length,
				 mach_port_t new_memory_object);
kern_return_t memory_object_data_request(mach_port_t memory_object,
					 mach_port_t memory_control,
					 vm_offset_t offset, vm_size_t length,
					 vm_prot_t desired_access);
kern_return_t memory_object_data_unlock(mach_port_t memory_object,
					mach_port_t memory_control,
					vm_offset_t offset, vm_size_t length,
					vm_prot_t desired_access);
kern_return_t memory_object_lock_completed(mach_port_t memory_object,
					   mach_port_t memory_control,
					   vm_offset_t offset,
					   vm_size_t length);
kern_return_t memory_object_supply_completed(mach_port_t memory_object,
					     mach_port_t memory_control,
					     vm_offset_t offset,
					     vm_size_t length,
					     kern_return_t result,
					     vm_offset_t error_offset);
kern_return_t memory_object_data_return(mach_port_t memory_object,
					mach_port_t memory_control,
					vm_offset_t offset, vm_offset_t data,
					mach_msg_type_number_t dataCnt,
					boolean_t dirty, boolean_t kernel_copy);
kern_return_t
memory_object_change_completed(mach_port_t memory_object, boolean_t may_cache,
			       memory_object_copy_strategy_t copy_strategy);
kern_return_t catch_exception_raise(mach_port_t port, mach_port_t thread,
				    mach_port_t task, integer_t exception,
				    integer_t code, rpc_long_integer_t subcode);

enum mode {
	PATTERN,
	SILENT,
	ERROR,
	DIES,
	HOSTILE,
	ZERO,
	LOCKED,
	DELAYED,
	CALLED,
	COPYOF,
	NMODES
};

/* How the called pager answers a memory_object_copy. */
enum copy_answer { COPY_SERVE, COPY_DROP };

/* How the locked pager answers a data_unlock. */
enum unlock_answer { UNLOCK_GIVE, UNLOCK_IGNORE, UNLOCK_ERROR };

/* One memory object and what its pager saw. */
struct object {
	mach_port_t port; /* the receive right: the memory object */
	enum mode mode;
	mach_port_t control, name;
	volatile unsigned inits, requests, returns, terminates, unasked_done;
	volatile unsigned lock_completes, supply_completes;
	volatile kern_return_t supply_result;
	volatile vm_offset_t supply_error_offset;
	volatile vm_offset_t last_request;
	volatile int bad_messages;
	unsigned stored[NPAGES]; /* data_return gave it: store[] holds it */
	unsigned store[NPAGES][PAGE / sizeof(unsigned)];
	vm_address_t returned; /* data_return memory to release */
	vm_size_t returned_size;
	unsigned dirty_returns;
	vm_prot_t supply_lock; /* the lock_value of its supplies */
	enum unlock_answer unlock_answer;
	volatile unsigned unlocks;
	volatile vm_offset_t last_unlock;
	volatile vm_prot_t unlock_access;
	enum copy_answer copy_answer;
	volatile unsigned copies;
	volatile vm_offset_t copy_offset;
	volatile vm_size_t copy_length;
};

static struct object objects[NMODES];
static mach_port_t pager_set;

static unsigned
pattern(enum mode m, vm_offset_t offset, unsigned i)
{
	return 0x50000000u | (unsigned)m << 20 |
	       (unsigned)(offset / PAGE) << 12 | i;
}

static struct object *
object_of(mach_port_t port)
{
	for (int i = 0; i < NMODES; i++)
		if (objects[i].port == port)
			return &objects[i];
	return NULL;
}

static void
sleep_ms(unsigned ms)
{
	static mach_port_t empty;
	mach_msg_header_t h;
	if (empty == MACH_PORT_NULL)
		(void)mach_port_allocate(mach_task_self(),
					 MACH_PORT_RIGHT_RECEIVE, &empty);
	(void)mach_msg_trap(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof h,
			    empty, ms, MACH_PORT_NULL);
}

/* Wait up to WAIT_MS for `*word' to reach `want'. */
static int
wait_count(volatile unsigned *word, unsigned want)
{
	for (unsigned t = 0; t < WAIT_MS && *word < want; t += 5)
		sleep_ms(5);
	return *word >= want;
}

/* ---- The pager (its own thread: GNU MIG's memory_object_server) ---- */

static void
supply(struct object *o, vm_offset_t offset, const unsigned *data,
       mach_port_t reply_to)
{
	(void)memory_object_data_supply(o->control, offset, (vm_offset_t)data,
					PAGE, FALSE, o->supply_lock, FALSE,
					reply_to);
}

static void
supply_page(struct object *o, vm_offset_t offset)
{
	static unsigned page[PAGE / sizeof(unsigned)];
	unsigned p = (unsigned)(offset / PAGE);
	if (p < NPAGES && o->stored[p]) {
		supply(o, offset, o->store[p], MACH_PORT_NULL);
		return;
	}
	for (unsigned i = 0; i < PAGE / sizeof(unsigned); i++)
		page[i] = pattern(o->mode, offset, i);
	supply(o, offset, page, MACH_PORT_NULL);
}

kern_return_t
memory_object_init(mach_port_t memory_object, mach_port_t memory_control,
		   mach_port_t memory_object_name, vm_size_t page_size)
{
	struct object *o = object_of(memory_object);
	if (o == NULL || page_size != PAGE) {
		if (o != NULL)
			o->bad_messages++;
		return KERN_FAILURE;
	}
	o->control = memory_control;
	o->name = memory_object_name;
	o->inits++;
	(void)memory_object_ready(memory_control, FALSE,
				  o->mode == CALLED ? MEMORY_OBJECT_COPY_CALL
						    : MEMORY_OBJECT_COPY_DELAY);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_request(mach_port_t memory_object,
			   mach_port_t memory_control, vm_offset_t offset,
			   vm_size_t length, vm_prot_t desired_access)
{
	static unsigned junk[PAGE / sizeof(unsigned)];
	struct object *o = object_of(memory_object);
	(void)desired_access;
	if (o == NULL || memory_control != o->control || length != PAGE ||
	    offset % PAGE != 0) {
		if (o != NULL)
			o->bad_messages++;
		return KERN_FAILURE;
	}
	o->last_request = offset;
	switch (o->mode) {
	case COPYOF:
		if (offset == 0 && !o->stored[0]) {
			/* Not its to give: the old object's page is seen. */
			(void)memory_object_data_unavailable(memory_control,
							     offset, PAGE);
			break;
		}
		supply_page(o, offset);
		break;
	case PATTERN:
	case LOCKED:
	case DELAYED:
	case CALLED:
		supply_page(o, offset);
		break;
	case SILENT:
		break;
	case ERROR:
		(void)memory_object_data_error(memory_control, offset, PAGE,
					       KERN_FAILURE);
		break;
	case DIES:
		/* Gone without a word: the fault must fail, not hang. */
		(void)mach_port_mod_refs(mach_task_self(), memory_object,
					 MACH_PORT_RIGHT_RECEIVE, -1);
		break;
	case HOSTILE:
		for (unsigned i = 0; i < PAGE / sizeof(unsigned); i++)
			junk[i] = 0xbadbad00u;
		supply(o, offset + 8, junk, MACH_PORT_NULL); /* unaligned */
		supply(o, (vm_offset_t)1 << 40, junk, MACH_PORT_NULL); /* out */
		supply(o, (vm_offset_t)-PAGE, junk, MACH_PORT_NULL); /* wraps */
		(void)memory_object_data_unavailable(memory_control, offset + 8,
						     PAGE);
		(void)memory_object_data_error(memory_control, offset,
					       PAGE * 1000, KERN_FAILURE);
		(void)memory_object_data_supply(
			memory_control, offset, (vm_offset_t)junk, 0, FALSE,
			VM_PROT_NONE, FALSE, MACH_PORT_NULL);
		(void)memory_object_data_supply(
			memory_control, offset, (vm_offset_t)junk, 100, FALSE,
			VM_PROT_NONE, FALSE, MACH_PORT_NULL);
		(void)memory_object_data_supply(memory_control, offset,
						(vm_offset_t)junk, PAGE, FALSE,
						0x100, FALSE, MACH_PORT_NULL);
		supply_page(o, offset); /* the right one, at last */
		break;
	case ZERO:
		(void)memory_object_data_unavailable(memory_control, offset,
						     PAGE);
		break;
	default:
		break;
	}
	o->requests++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_return(mach_port_t memory_object, mach_port_t memory_control,
			  vm_offset_t offset, vm_offset_t data,
			  mach_msg_type_number_t dataCnt, boolean_t dirty,
			  boolean_t kernel_copy)
{
	struct object *o = object_of(memory_object);
	(void)kernel_copy;
	if (o == NULL || memory_control != o->control || dataCnt != PAGE ||
	    offset % PAGE != 0 || offset / PAGE >= NPAGES) {
		if (o != NULL)
			o->bad_messages++;
		return KERN_FAILURE;
	}
	memcpy(o->store[offset / PAGE], (const void *)data, PAGE);
	o->stored[offset / PAGE] = 1;
	if (dirty)
		o->dirty_returns++;
	(void)vm_deallocate(mach_task_self(), data, dataCnt);
	o->returns++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_terminate(mach_port_t memory_object, mach_port_t memory_control,
			mach_port_t memory_object_name)
{
	struct object *o = object_of(memory_object);
	if (o == NULL || memory_control != o->control ||
	    memory_object_name != o->name) {
		if (o != NULL)
			o->bad_messages++;
		return KERN_FAILURE;
	}
	o->terminates++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_lock_completed(mach_port_t memory_object,
			     mach_port_t memory_control, vm_offset_t offset,
			     vm_size_t length)
{
	struct object *o = object_of(memory_object);
	(void)offset;
	(void)length;
	if (o == NULL || memory_control != o->control)
		return KERN_FAILURE;
	o->lock_completes++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_supply_completed(mach_port_t memory_object,
			       mach_port_t memory_control, vm_offset_t offset,
			       vm_size_t length, kern_return_t result,
			       vm_offset_t error_offset)
{
	struct object *o = object_of(memory_object);
	(void)offset;
	(void)length;
	if (o == NULL || memory_control != o->control)
		return KERN_FAILURE;
	o->supply_result = result;
	o->supply_error_offset = error_offset;
	o->supply_completes++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_copy(mach_port_t old_memory_object,
		   mach_port_t old_memory_control, vm_offset_t offset,
		   vm_size_t length, mach_port_t new_memory_object)
{
	struct object *o = object_of(old_memory_object);
	if (o == NULL || o->mode != CALLED ||
	    old_memory_control != o->control || offset % PAGE != 0 ||
	    length % PAGE != 0 || !MACH_PORT_VALID(new_memory_object)) {
		if (o != NULL)
			o->bad_messages++; /* only it is COPY_CALL */
		return KERN_FAILURE;
	}
	o->copy_offset = offset;
	o->copy_length = length;
	o->copies++;
	if (o->copy_answer == COPY_DROP) {
		/* The copy's faults must fail, not hang. */
		(void)mach_port_mod_refs(mach_task_self(), new_memory_object,
					 MACH_PORT_RIGHT_RECEIVE, -1);
		return KERN_SUCCESS;
	}
	/* Served as an object of its own: init comes next. */
	struct object *c = &objects[COPYOF];
	memset(c, 0, sizeof *c);
	c->mode = COPYOF;
	c->port = new_memory_object;
	(void)mach_port_move_member(mach_task_self(), c->port, pager_set);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_unlock(mach_port_t memory_object, mach_port_t memory_control,
			  vm_offset_t offset, vm_size_t length,
			  vm_prot_t desired_access)
{
	struct object *o = object_of(memory_object);
	if (o == NULL || (o->mode != LOCKED && o->mode != CALLED) ||
	    memory_control != o->control || length != PAGE ||
	    offset % PAGE != 0) {
		if (o != NULL)
			o->bad_messages++; /* only its pages are locked */
		return KERN_FAILURE;
	}
	o->last_unlock = offset;
	o->unlock_access = desired_access;
	switch (o->unlock_answer) {
	case UNLOCK_GIVE:
		(void)memory_object_lock_request(memory_control, offset, length,
						 MEMORY_OBJECT_RETURN_NONE,
						 FALSE, VM_PROT_NONE,
						 MACH_PORT_NULL);
		break;
	case UNLOCK_ERROR:
		(void)memory_object_data_error(memory_control, offset, length,
					       KERN_FAILURE);
		break;
	case UNLOCK_IGNORE:
		break;
	}
	o->unlocks++;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_change_completed(mach_port_t memory_object, boolean_t may_cache,
			       memory_object_copy_strategy_t copy_strategy)
{
	(void)memory_object;
	(void)may_cache;
	(void)copy_strategy;
	return KERN_SUCCESS;
}

static volatile unsigned unknown_messages;

static void __attribute__((noreturn, used)) pager_main(void)
{
	static union {
		mach_msg_header_t head;
		char room[8192];
	} in, out;
	for (;;) {
		mach_msg_return_t mr =
			mach_msg_trap(&in.head, MACH_RCV_MSG, 0, sizeof in,
				      pager_set, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			continue;
		/* Every call is a simpleroutine: nothing to answer. */
		if (!memory_object_server(&in.head, &out.head))
			unknown_messages++;
	}
}

/* ---- Threads ---- */

static kern_return_t
start_thread(void (*fn)(void), unsigned long arg, thread_t *out)
{
	vm_address_t stack = 0;
	kern_return_t kr = thread_create(mach_task_self(), out);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_allocate(mach_task_self(), &stack, STACK_SIZE, TRUE);
	if (kr != KERN_SUCCESS)
		return kr;
	rt_thread_stack(stack, stack + STACK_SIZE);
	struct i386_thread_state st;
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;
	kr = thread_get_state(*out, i386_THREAD_STATE, (thread_state_t)&st, &n);
	if (kr != KERN_SUCCESS)
		return kr;
	st.rip = (unsigned long)fn;
	st.rdi = arg;
	st.ursp = stack + STACK_SIZE - 8; /* as after a call */
	kr = thread_set_state(*out, i386_THREAD_STATE, (thread_state_t)&st,
			      i386_THREAD_STATE_COUNT);
	if (kr != KERN_SUCCESS)
		return kr;
	return thread_resume(*out);
}

/* A reader that touches one word and says so. */
static volatile unsigned *volatile reader_addr;
static volatile unsigned reader_got, reader_done;

static void __attribute__((noreturn, used)) reader_main(void)
{
	reader_got = *reader_addr;
	reader_done = 1;
	for (;;)
		sleep_ms(1000);
}

/* A writer: one word, and says so. */
static volatile unsigned *volatile writer_addr;
static volatile unsigned writer_done;

static void __attribute__((noreturn, used)) writer_main(void)
{
	*writer_addr = 0x3333cafeu;
	writer_done = 1;
	for (;;)
		sleep_ms(1000);
}

/* A thread wiring a range, and what vm_wire said. */
static mach_port_t host_priv;
static volatile vm_address_t wirer_addr;
static volatile kern_return_t wirer_result;
static volatile unsigned wirer_done;

static void __attribute__((noreturn, used)) wirer_main(void)
{
	wirer_result = vm_wire(host_priv, mach_task_self(), wirer_addr, PAGE,
			       VM_PROT_READ | VM_PROT_WRITE);
	wirer_done = 1;
	for (;;)
		sleep_ms(1000);
}

/* ---- The checks ---- */

static mach_port_t self;

static struct object *
make_object(enum mode m)
{
	struct object *o = &objects[m];
	memset(o, 0, sizeof *o);
	o->mode = m;
	CHECK_EQ(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &o->port),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(self, o->port, o->port,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(self, o->port, pager_set), KERN_SUCCESS);
	return o;
}

/* Its port is no longer wanted: destroyed (the names stay few). */
static void
forget_object(struct object *o)
{
	CHECK_EQ(o->bad_messages, 0);
	CHECK_EQ(mach_port_destroy(self, o->port), KERN_SUCCESS);
	o->port = MACH_PORT_NULL;
}

static vm_address_t
map_object(task_t task, struct object *o, boolean_t copy)
{
	vm_address_t addr = 0;
	CHECK_EQ(vm_map(task, &addr, NPAGES * PAGE, 0, TRUE, o->port, 0, copy,
			VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
			VM_INHERIT_SHARE),
		 KERN_SUCCESS);
	return addr;
}

/* The word `i' of page `p' of `task''s memory at `addr', by vm_read. */
static unsigned
read_word(task_t task, vm_address_t addr, unsigned p, unsigned i)
{
	vm_offset_t data = 0;
	mach_msg_type_number_t n = 0;
	unsigned w = 0;
	if (vm_read(task, addr + p * PAGE, PAGE, &data, &n) != KERN_SUCCESS) {
		CHECK(0);
		return 0;
	}
	CHECK_EQ(n, PAGE);
	w = ((const unsigned *)data)[i];
	CHECK_EQ(vm_deallocate(self, data, n), KERN_SUCCESS);
	return w;
}

static kern_return_t
write_page(task_t task, vm_address_t addr, unsigned value)
{
	static unsigned buf[PAGE / sizeof(unsigned)];
	for (unsigned i = 0; i < PAGE / sizeof(unsigned); i++)
		buf[i] = value;
	return vm_write(task, addr, (vm_offset_t)buf, PAGE);
}

/* The port's receive right came back with memory_object_terminate. */
static void
check_terminated(struct object *o)
{
	CHECK(wait_count(&o->terminates, 1));
	CHECK_EQ(o->terminates, 1);
	CHECK(rt_port_type(o->control) & MACH_PORT_TYPE_RECEIVE);
	CHECK(rt_port_type(o->name) & MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(mach_port_destroy(self, o->control), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(self, o->name), KERN_SUCCESS);
}

static void
check_pattern_pager(void)
{
	struct object *o = make_object(PATTERN);
	vm_address_t a = map_object(self, o, FALSE);
	CHECK(wait_count(&o->inits, 1));
	volatile unsigned *w = (volatile unsigned *)a;
	CHECK_EQ(w[5], pattern(PATTERN, 0, 5));
	CHECK_EQ(o->requests, 1);
	CHECK_EQ(o->last_request, 0);
	CHECK_EQ(w[2 * PAGE / 4 + 7], pattern(PATTERN, 2 * PAGE, 7));
	CHECK_EQ(o->requests, 2);
	CHECK_EQ(w[9], pattern(PATTERN, 0, 9)); /* resident now */
	CHECK_EQ(o->requests, 2);

	boolean_t ready = FALSE, may_cache = TRUE;
	memory_object_copy_strategy_t strategy = -1;
	CHECK_EQ(memory_object_get_attributes(o->control, &ready, &may_cache,
					      &strategy),
		 KERN_SUCCESS);
	CHECK_EQ(ready, TRUE);
	CHECK_EQ(may_cache, FALSE);
	CHECK_EQ(strategy, MEMORY_OBJECT_COPY_DELAY);
	CHECK_EQ(memory_object_get_attributes(self, &ready, &may_cache,
					      &strategy),
		 KERN_INVALID_ARGUMENT);

	/* Shared with a second task: one object, one init. */
	task_t child = MACH_PORT_NULL, third = MACH_PORT_NULL;
	CHECK_EQ(task_create(self, FALSE, &child), KERN_SUCCESS);
	vm_address_t ca = map_object(child, o, FALSE);
	w[PAGE / 4] = 0xdead0001u; /* page 1, by a fault of ours */
	CHECK_EQ(o->requests, 3);
	CHECK_EQ(read_word(child, ca, 1, 0), 0xdead0001u);
	CHECK_EQ(write_page(child, ca + 3 * PAGE, 0x77777777u), KERN_SUCCESS);
	CHECK_EQ(w[3 * PAGE / 4 + 100], 0x77777777u);
	CHECK_EQ(o->requests, 4);
	CHECK_EQ(o->inits, 1);

	/* Copied into a third: its writes are its own. */
	CHECK_EQ(task_create(self, FALSE, &third), KERN_SUCCESS);
	vm_address_t ta = map_object(third, o, TRUE);
	CHECK_EQ(read_word(third, ta, 1, 0), 0xdead0001u);
	CHECK_EQ(write_page(third, ta + PAGE, 0x99999999u), KERN_SUCCESS);
	CHECK_EQ(read_word(third, ta, 1, 0), 0x99999999u);
	CHECK_EQ(w[PAGE / 4], 0xdead0001u);
	CHECK_EQ(read_word(child, ca, 1, 0), 0xdead0001u);
	CHECK_EQ(o->inits, 1);

	/* Flush with the modified pages returned: pages 1 and 3. */
	CHECK_EQ(memory_object_lock_request(o->control, 0, NPAGES * PAGE,
					    MEMORY_OBJECT_RETURN_DIRTY, TRUE,
					    VM_PROT_NONE, o->port),
		 KERN_SUCCESS);
	CHECK(wait_count(&o->lock_completes, 1));
	CHECK_EQ(o->returns, 2);
	CHECK_EQ(o->dirty_returns, 2);
	CHECK(o->stored[1] && o->stored[3] && !o->stored[0] && !o->stored[2]);
	CHECK_EQ(o->store[1][0], 0xdead0001u);
	CHECK_EQ(o->store[3][5], 0x77777777u);
	/* Gone from memory: asked again, and given what was returned. */
	CHECK_EQ(w[PAGE / 4], 0xdead0001u);
	CHECK_EQ(o->requests, 5);
	CHECK_EQ(read_word(child, ca, 3, 1), 0x77777777u);
	CHECK_EQ(o->requests, 6);

	/* The last mapping goes: page 2, written, comes back, then
	 * terminate with the two receive rights. */
	w[2 * PAGE / 4] = 0x42424242u;
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(task_terminate(third), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
	CHECK_EQ(o->returns, 3);
	CHECK(o->stored[2]);
	CHECK_EQ(o->store[2][0], 0x42424242u);
	CHECK_EQ(mach_port_deallocate(self, child), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, third), KERN_SUCCESS);

	/* Mapped again: a new object, a new init. */
	a = map_object(self, o, FALSE);
	w = (volatile unsigned *)a;
	CHECK_EQ(w[2 * PAGE / 4], 0x42424242u);
	CHECK_EQ(o->inits, 2);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	o->terminates = 0;
	check_terminated(o);
	CHECK_EQ(o->bad_messages, 0);
}

static void
check_silent_pager(void)
{
	struct object *o = make_object(SILENT);
	vm_address_t a = map_object(self, o, FALSE);
	thread_t t = MACH_PORT_NULL;
	reader_done = 0;
	reader_addr = (volatile unsigned *)(a + PAGE);
	CHECK_EQ(start_thread(reader_main, 0, &t), KERN_SUCCESS);
	CHECK(wait_count(&o->requests, 1));
	sleep_ms(50);
	CHECK_EQ(reader_done, 0); /* still waiting for the pager */
	/* Its wait is interruptible: the thread ends. */
	CHECK_EQ(thread_terminate(t), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, t), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
	CHECK_EQ(reader_done, 0);
}

static volatile unsigned exc_seen;
static volatile integer_t exc_code;
static volatile rpc_long_integer_t exc_subcode;

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
		      integer_t exception, integer_t code,
		      rpc_long_integer_t subcode)
{
	(void)port;
	CHECK_EQ(exception, EXC_BAD_ACCESS);
	exc_code = code;
	exc_subcode = subcode;
	exc_seen++;
	/* The reader cannot go on: it ends here. */
	CHECK_EQ(thread_terminate(thread), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, thread), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, task), KERN_SUCCESS);
	return KERN_SUCCESS;
}

static void
check_error_pager(void)
{
	struct object *o = make_object(ERROR);
	vm_address_t a = map_object(self, o, FALSE);
	/* Through the kernel: vm_write's fault fails. */
	CHECK_EQ(write_page(self, a, 1), KERN_MEMORY_ERROR);
	CHECK_EQ(o->requests, 1);
	CHECK_EQ(write_page(self, a, 1), KERN_MEMORY_ERROR); /* asked again */
	CHECK_EQ(o->requests, 2);

	/* Through a user fault: a bad-access exception. */
	mach_port_t exc = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &exc),
		 KERN_SUCCESS);
	CHECK_EQ(
		mach_port_insert_right(self, exc, exc, MACH_MSG_TYPE_MAKE_SEND),
		KERN_SUCCESS);
	thread_t t = MACH_PORT_NULL;
	reader_done = 0;
	reader_addr = (volatile unsigned *)(a + 2 * PAGE + 12);
	CHECK_EQ(thread_create(self, &t), KERN_SUCCESS);
	CHECK_EQ(thread_set_special_port(t, THREAD_EXCEPTION_PORT, exc),
		 KERN_SUCCESS);
	/* Its exception port set before it runs: started by hand. */
	vm_address_t stack = 0;
	CHECK_EQ(vm_allocate(self, &stack, STACK_SIZE, TRUE), KERN_SUCCESS);
	struct i386_thread_state st;
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;
	CHECK_EQ(
		thread_get_state(t, i386_THREAD_STATE, (thread_state_t)&st, &n),
		KERN_SUCCESS);
	st.rip = (unsigned long)reader_main;
	st.ursp = stack + STACK_SIZE - 8;
	CHECK_EQ(thread_set_state(t, i386_THREAD_STATE, (thread_state_t)&st,
				  i386_THREAD_STATE_COUNT),
		 KERN_SUCCESS);
	CHECK_EQ(thread_resume(t), KERN_SUCCESS);
	static union {
		mach_msg_header_t head;
		char room[1024];
	} in, out;
	CHECK_EQ(mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			  sizeof in, exc, WAIT_MS, MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK(exc_server(&in.head, &out.head));
	CHECK_EQ(exc_seen, 1);
	CHECK_EQ(exc_code, KERN_MEMORY_ERROR);
	CHECK_EQ(exc_subcode, a + 2 * PAGE + 12);
	CHECK_EQ(reader_done, 0);
	CHECK_EQ(mach_port_deallocate(self, t), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(self, exc), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, stack, STACK_SIZE), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
}

static void
check_dead_pager(void)
{
	struct object *o = make_object(DIES);
	vm_address_t a = map_object(self, o, FALSE);
	CHECK(wait_count(&o->inits, 1));
	/* The pager dies with the request: the wait ends in an error. */
	CHECK_EQ(write_page(self, a + PAGE, 5), KERN_MEMORY_ERROR);
	CHECK_EQ(o->requests, 1);
	CHECK_EQ(write_page(self, a, 5), KERN_MEMORY_ERROR); /* at once */
	CHECK_EQ(o->requests, 1);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	/* Its terminate went to a dead port: the kernel dropped the
	 * rights.  What init gave us is a dead name now. */
	CHECK_EQ(o->terminates, 0);
	CHECK_EQ(rt_port_type(o->control), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(mach_port_destroy(self, o->control), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(self, o->name), KERN_SUCCESS);
	o->port = MACH_PORT_NULL;
}

static void
check_hostile_pager(void)
{
	static unsigned mine[PAGE / sizeof(unsigned)];
	struct object *o = make_object(HOSTILE);
	vm_address_t a = map_object(self, o, FALSE);
	volatile unsigned *w = (volatile unsigned *)a;
	/* Every bad answer refused; the right one used. */
	CHECK_EQ(w[3], pattern(HOSTILE, 0, 3));
	CHECK_EQ(w[PAGE / 4 - 1], pattern(HOSTILE, 0, PAGE / 4 - 1));
	CHECK_EQ(o->requests, 1);

	/* A page nobody asked for is taken; one that is there stays. */
	for (unsigned i = 0; i < PAGE / sizeof(unsigned); i++)
		mine[i] = 0x12340000u + i;
	supply(o, 2 * PAGE, mine, o->port);
	CHECK(wait_count(&o->supply_completes, 1));
	CHECK_EQ(o->supply_result, KERN_SUCCESS);
	supply(o, 0, mine, o->port);
	CHECK(wait_count(&o->supply_completes, 2));
	CHECK_EQ(o->supply_result, KERN_MEMORY_PRESENT);
	CHECK_EQ(o->supply_error_offset, 0);
	CHECK_EQ(w[2 * PAGE / 4 + 9], 0x12340009u);
	CHECK_EQ(w[9], pattern(HOSTILE, 0, 9));
	CHECK_EQ(o->requests, 1); /* page 2 was there already */
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
}

static void
check_zero_pager(void)
{
	struct object *o = make_object(ZERO);
	vm_address_t a = map_object(self, o, FALSE);
	volatile unsigned *w = (volatile unsigned *)a;
	CHECK_EQ(w[17], 0);
	CHECK_EQ(o->requests, 1);
	w[17] = 17;
	CHECK_EQ(w[17], 17);
	CHECK_EQ(o->requests, 1);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
	CHECK_EQ(o->returns, 1); /* the written page */
	CHECK_EQ(o->store[0][17], 17);
}

/* Locked pages: data_supply's and lock_request's lock_value, and the
 * faults that need a locked access asking data_unlock and waiting. */
static void
lock_pages(struct object *o, vm_offset_t offset, vm_size_t size,
	   boolean_t flush, vm_prot_t lock)
{
	unsigned done = o->lock_completes;
	CHECK_EQ(memory_object_lock_request(o->control, offset, size,
					    MEMORY_OBJECT_RETURN_NONE, flush,
					    lock, o->port),
		 KERN_SUCCESS);
	CHECK(wait_count(&o->lock_completes, done + 1));
}

static void
check_locked_pager(void)
{
	struct object *o = make_object(LOCKED);
	o->supply_lock = VM_PROT_WRITE;
	vm_address_t a = map_object(self, o, FALSE);
	volatile unsigned *w = (volatile unsigned *)a;
	/* A read needs no unlock; the kernel's write waits for one. */
	CHECK_EQ(w[1], pattern(LOCKED, 0, 1));
	CHECK_EQ(o->requests, 1);
	CHECK_EQ(o->unlocks, 0);
	CHECK_EQ(write_page(self, a, 0x11111111u), KERN_SUCCESS);
	CHECK_EQ(o->unlocks, 1);
	CHECK_EQ(o->last_unlock, 0);
	CHECK_EQ(o->unlock_access, VM_PROT_WRITE);
	CHECK_EQ(w[2], 0x11111111u);
	/* A page read is mapped without write: the user's write faults,
	 * asks, and goes on once the pager lowered the lock. */
	CHECK_EQ(w[PAGE / 4 + 3], pattern(LOCKED, PAGE, 3));
	CHECK_EQ(o->unlocks, 1);
	w[PAGE / 4 + 3] = 0x22222222u;
	CHECK_EQ(o->unlocks, 2);
	CHECK_EQ(o->last_unlock, PAGE);
	CHECK_EQ(w[PAGE / 4 + 3], 0x22222222u);
	w[PAGE / 4 + 4] = 4; /* unlocked: nothing more asked */
	CHECK_EQ(o->unlocks, 2);
	CHECK_EQ(o->requests, 2);

	/* lock_request locks a resident page: its mapping loses write. */
	lock_pages(o, PAGE, PAGE, FALSE, VM_PROT_WRITE);
	CHECK_EQ(w[PAGE / 4 + 4], 4); /* reads go on */
	CHECK_EQ(o->unlocks, 2);
	w[PAGE / 4 + 5] = 5;
	CHECK_EQ(o->unlocks, 3);
	CHECK_EQ(w[PAGE / 4 + 5], 5);
	/* Locked against every access: a read asks for read. */
	lock_pages(o, 0, PAGE, FALSE, VM_PROT_ALL);
	CHECK_EQ(w[7], 0x11111111u);
	CHECK_EQ(o->unlocks, 4);
	CHECK_EQ(o->unlock_access, VM_PROT_READ);
	CHECK_EQ(o->last_unlock, 0);
	/* VM_PROT_NO_CHANGE keeps the lock there. */
	lock_pages(o, 0, PAGE, FALSE, VM_PROT_WRITE);
	lock_pages(o, 0, 2 * PAGE, FALSE, VM_PROT_NO_CHANGE);
	w[8] = 8;
	CHECK_EQ(o->unlocks, 5);
	CHECK_EQ(o->unlock_access, VM_PROT_WRITE);
	CHECK_EQ(w[8], 8);

	/* A pager that never unlocks: the writer waits, asks once, and
	 * can be terminated. */
	o->unlock_answer = UNLOCK_IGNORE;
	CHECK_EQ(w[2 * PAGE / 4], pattern(LOCKED, 2 * PAGE, 0));
	CHECK_EQ(o->requests, 3);
	thread_t t = MACH_PORT_NULL;
	writer_done = 0;
	writer_addr = &w[2 * PAGE / 4 + 1];
	CHECK_EQ(start_thread(writer_main, 0, &t), KERN_SUCCESS);
	CHECK(wait_count(&o->unlocks, 6));
	CHECK_EQ(o->last_unlock, 2 * PAGE);
	sleep_ms(50);
	CHECK_EQ(writer_done, 0);
	CHECK_EQ(o->unlocks, 6);
	CHECK_EQ(thread_terminate(t), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, t), KERN_SUCCESS);
	CHECK_EQ(w[2 * PAGE / 4 + 1], pattern(LOCKED, 2 * PAGE, 1));

	/* The page a writer waits on is flushed: its fault asks for the
	 * page again, supplied unlocked this time. */
	writer_done = 0;
	writer_addr = &w[3 * PAGE / 4 + 2];
	CHECK_EQ(start_thread(writer_main, 0, &t), KERN_SUCCESS);
	CHECK(wait_count(&o->unlocks, 7));
	CHECK_EQ(o->last_unlock, 3 * PAGE);
	CHECK_EQ(o->requests, 4);
	o->supply_lock = VM_PROT_NONE;
	lock_pages(o, 3 * PAGE, PAGE, TRUE, VM_PROT_NO_CHANGE);
	CHECK(wait_count(&writer_done, 1));
	CHECK_EQ(o->requests, 5);
	CHECK_EQ(o->last_request, 3 * PAGE);
	CHECK_EQ(o->unlocks, 7);
	CHECK_EQ(w[3 * PAGE / 4 + 2], 0x3333cafeu);
	CHECK_EQ(thread_terminate(t), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, t), KERN_SUCCESS);

	/* An unlock answered by data_error fails the write once; the
	 * page is asked for again after. */
	o->supply_lock = VM_PROT_WRITE;
	o->unlock_answer = UNLOCK_ERROR;
	lock_pages(o, 0, PAGE, FALSE, VM_PROT_WRITE);
	CHECK_EQ(write_page(self, a, 0x44444444u), KERN_MEMORY_ERROR);
	CHECK_EQ(o->unlocks, 8);
	o->unlock_answer = UNLOCK_GIVE;
	CHECK_EQ(write_page(self, a, 0x44444444u), KERN_SUCCESS);
	CHECK_EQ(o->requests, 6);
	CHECK_EQ(o->last_request, 0);
	CHECK_EQ(o->unlocks, 9);
	CHECK_EQ(w[9], 0x44444444u);

	/* vm_wire of a page not given yet waits for it, and for its
	 * unlock (wired for writing), as a fault does.  Page 2's unlock
	 * asked above is forgotten by a new lock; page 3 is flushed. */
	lock_pages(o, 2 * PAGE, PAGE, FALSE, VM_PROT_WRITE);
	lock_pages(o, 3 * PAGE, PAGE, TRUE, VM_PROT_NO_CHANGE);
	CHECK_EQ(vm_wire(host_priv, self, a + 2 * PAGE, 2 * PAGE,
			 VM_PROT_READ | VM_PROT_WRITE),
		 KERN_SUCCESS);
	CHECK_EQ(o->requests, 7);
	CHECK_EQ(o->last_request, 3 * PAGE);
	CHECK_EQ(o->unlocks, 11);
	w[3 * PAGE / 4] = 3;
	w[2 * PAGE / 4] = 2;
	CHECK_EQ(o->unlocks, 11);
	CHECK_EQ(vm_wire(host_priv, self, a + 2 * PAGE, 2 * PAGE, VM_PROT_NONE),
		 KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
	CHECK_EQ(o->bad_messages, 0);

	/* A silent pager: the wiring thread waits, and can be ended. */
	CHECK_EQ(mach_port_destroy(self, objects[SILENT].port), KERN_SUCCESS);
	o = make_object(SILENT);
	a = map_object(self, o, FALSE);
	wirer_done = 0;
	wirer_addr = a + PAGE;
	CHECK_EQ(start_thread(wirer_main, 0, &t), KERN_SUCCESS);
	CHECK(wait_count(&o->requests, 1));
	sleep_ms(50);
	CHECK_EQ(wirer_done, 0);
	CHECK_EQ(thread_terminate(t), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, t), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
	CHECK_EQ(wirer_done, 0);
	forget_object(&objects[SILENT]);
	forget_object(&objects[LOCKED]);
}

/* COPY_DELAY: a copy keeps the contents of its time, whatever is
 * written later through the object's shared mappings. */
static void
check_delayed_copies(void)
{
	struct object *o = make_object(DELAYED);
	vm_address_t a = map_object(self, o, FALSE);
	volatile unsigned *w = (volatile unsigned *)a;
	CHECK_EQ(w[PAGE / 4 + 1], pattern(DELAYED, PAGE, 1)); /* resident */
	/* vm_copy and vm_write from pages the pager has not given yet:
	 * asked for, not zeros. */
	vm_address_t d = 0;
	CHECK_EQ(vm_allocate(self, &d, 2 * PAGE, TRUE), KERN_SUCCESS);
	CHECK_EQ(vm_copy(self, a + 3 * PAGE, PAGE, d), KERN_SUCCESS);
	CHECK_EQ(((volatile unsigned *)d)[7], pattern(DELAYED, 3 * PAGE, 7));
	CHECK_EQ(vm_write(self, d + PAGE, a + 2 * PAGE, PAGE), KERN_SUCCESS);
	CHECK_EQ(((volatile unsigned *)d)[PAGE / 4 + 8],
		 pattern(DELAYED, 2 * PAGE, 8));
	CHECK_EQ(vm_deallocate(self, d, 2 * PAGE), KERN_SUCCESS);
	CHECK_EQ(o->requests, 3);
	task_t b = MACH_PORT_NULL, t = MACH_PORT_NULL, f = MACH_PORT_NULL;
	CHECK_EQ(task_create(self, FALSE, &b), KERN_SUCCESS);
	vm_address_t ba = map_object(b, o, TRUE);
	CHECK_EQ(read_word(b, ba, 2, 3), pattern(DELAYED, 2 * PAGE, 3));
	/* Written here after the copy: a page the copy never read, one
	 * resident before, one it read. */
	w[0] = 0xaaaa0000u;
	w[PAGE / 4] = 0xaaaa0001u;
	w[2 * PAGE / 4 + 3] = 0xaaaa0002u;
	CHECK_EQ(read_word(b, ba, 0, 0), pattern(DELAYED, 0, 0));
	CHECK_EQ(read_word(b, ba, 1, 0), pattern(DELAYED, PAGE, 0));
	CHECK_EQ(read_word(b, ba, 2, 3), pattern(DELAYED, 2 * PAGE, 3));
	/* The copy's own writes stay its own. */
	CHECK_EQ(write_page(b, ba + 3 * PAGE, 0xbbbbbbbbu), KERN_SUCCESS);
	CHECK_EQ(w[3 * PAGE / 4], pattern(DELAYED, 3 * PAGE, 0));
	w[3 * PAGE / 4 + 1] = 0xaaaa0003u;
	CHECK_EQ(read_word(b, ba, 3, 1), 0xbbbbbbbbu);

	/* A second copy sees the writes before it, the first copy still
	 * none; a write after both is seen by neither. */
	CHECK_EQ(task_create(self, FALSE, &t), KERN_SUCCESS);
	vm_address_t ta = map_object(t, o, TRUE);
	w[1] = 0xcccc0000u;
	CHECK_EQ(read_word(t, ta, 0, 0), 0xaaaa0000u);
	CHECK_EQ(read_word(t, ta, 0, 1), pattern(DELAYED, 0, 1));
	CHECK_EQ(read_word(b, ba, 0, 1), pattern(DELAYED, 0, 1));
	CHECK_EQ(read_word(t, ta, 3, 1), 0xaaaa0003u);
	/* vm_write through the shared mapping pushes too. */
	CHECK_EQ(write_page(self, a + PAGE, 0xddddddddu), KERN_SUCCESS);
	CHECK_EQ(read_word(t, ta, 1, 0), 0xaaaa0001u);
	CHECK_EQ(read_word(b, ba, 1, 0), pattern(DELAYED, PAGE, 0));

	/* Inherited copy (task_create): the child keeps what it saw. */
	CHECK_EQ(vm_inherit(self, a, NPAGES * PAGE, VM_INHERIT_COPY),
		 KERN_SUCCESS);
	CHECK_EQ(task_create(self, TRUE, &f), KERN_SUCCESS);
	w[2 * PAGE / 4] = 0xeeee0002u;
	CHECK_EQ(read_word(f, a, 2, 0), pattern(DELAYED, 2 * PAGE, 0));
	CHECK_EQ(read_word(f, a, 1, 0), 0xddddddddu);
	CHECK_EQ(read_word(t, ta, 2, 0), pattern(DELAYED, 2 * PAGE, 0));
	/* Out of line (a copyin of the shared range): a snapshot. */
	vm_offset_t data = 0;
	mach_msg_type_number_t n = 0;
	CHECK_EQ(vm_read(self, a, NPAGES * PAGE, &data, &n), KERN_SUCCESS);
	w[2 * PAGE / 4 + 1] = 0xeeee0012u;
	CHECK_EQ(((volatile unsigned *)data)[2 * PAGE / 4 + 1],
		 pattern(DELAYED, 2 * PAGE, 1));
	CHECK_EQ(((volatile unsigned *)data)[2 * PAGE / 4], 0xeeee0002u);
	CHECK_EQ(vm_deallocate(self, data, n), KERN_SUCCESS);
	/* The shared mapping still writes the object in place: a new
	 * shared mapping sees every write; the first copy none. */
	vm_address_t sa = map_object(b, o, FALSE);
	CHECK_EQ(read_word(b, sa, 2, 1), 0xeeee0012u);
	CHECK_EQ(read_word(b, sa, 3, 0), pattern(DELAYED, 3 * PAGE, 0));
	CHECK_EQ(read_word(b, sa, 3, 1), 0xaaaa0003u);
	CHECK_EQ(read_word(b, ba, 2, 1), pattern(DELAYED, 2 * PAGE, 1));
	CHECK_EQ(read_word(b, ba, 2, 3), pattern(DELAYED, 2 * PAGE, 3));
	CHECK_EQ(o->inits, 1);

	CHECK_EQ(task_terminate(b), KERN_SUCCESS);
	CHECK_EQ(task_terminate(t), KERN_SUCCESS);
	CHECK_EQ(task_terminate(f), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, b), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, t), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, f), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
	CHECK_EQ(o->bad_messages, 0);
	forget_object(o);
}

/* MEMORY_OBJECT_COPY_CALL: each copy is asked of the pager. */
static void
check_called_copies(void)
{
	struct object *o = make_object(CALLED);
	vm_address_t a = map_object(self, o, FALSE);
	volatile unsigned *w = (volatile unsigned *)a;
	struct object *c = &objects[COPYOF];
	CHECK_EQ(w[PAGE / 4], pattern(CALLED, PAGE, 0));
	CHECK_EQ(o->unlocks, 0);

	/* vm_map with copy: memory_object_copy with a new memory object,
	 * init on it, the copy's pages from it; our resident page is
	 * locked against writes until the pager unlocks it. */
	task_t b = MACH_PORT_NULL;
	CHECK_EQ(task_create(self, FALSE, &b), KERN_SUCCESS);
	vm_address_t ba = map_object(b, o, TRUE);
	CHECK(wait_count(&o->copies, 1));
	CHECK_EQ(o->copy_offset, 0);
	CHECK_EQ(o->copy_length, NPAGES * PAGE);
	CHECK_EQ(read_word(b, ba, 1, 2), pattern(COPYOF, PAGE, 2));
	CHECK_EQ(c->inits, 1);
	CHECK_EQ(c->requests, 1);
	w[PAGE / 4] = 0x12121212u;
	CHECK_EQ(o->unlocks, 1);
	CHECK_EQ(o->last_unlock, PAGE);
	w[2 * PAGE / 4] = 0x13131313u; /* not resident then: not locked */
	CHECK_EQ(o->unlocks, 1);
	CHECK_EQ(read_word(b, ba, 2, 0), pattern(COPYOF, 2 * PAGE, 0));
	/* Page 0 unavailable from the copy's pager: the old object's,
	 * until the copy writes it. */
	unsigned old_requests = o->requests;
	CHECK_EQ(read_word(b, ba, 0, 4), pattern(CALLED, 0, 4));
	CHECK_EQ(o->requests, old_requests + 1);
	CHECK_EQ(c->requests, 3);
	CHECK_EQ(write_page(b, ba, 0x15151515u), KERN_SUCCESS);
	CHECK_EQ(read_word(b, ba, 0, 4), 0x15151515u);
	CHECK_EQ(w[4], pattern(CALLED, 0, 4));
	CHECK_EQ(c->requests, 3);
	CHECK_EQ(write_page(b, ba + 3 * PAGE, 0x14141414u), KERN_SUCCESS);
	CHECK_EQ(read_word(b, ba, 3, 9), 0x14141414u);
	CHECK_EQ(w[3 * PAGE / 4 + 9], pattern(CALLED, 3 * PAGE, 9));
	CHECK_EQ(task_terminate(b), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, b), KERN_SUCCESS);
	/* The copy's end: its written page back, terminate. */
	check_terminated(c);
	CHECK_EQ(c->returns, 2);
	CHECK_EQ(c->store[3][0], 0x14141414u);
	CHECK_EQ(c->store[0][9], 0x15151515u);
	CHECK_EQ(mach_port_destroy(self, c->port), KERN_SUCCESS);

	/* Out of line (vm_read's copyin) and inherited (task_create): a
	 * call each, for the range copied. */
	vm_offset_t data = 0;
	mach_msg_type_number_t n = 0;
	CHECK_EQ(vm_read(self, a + PAGE, 2 * PAGE, &data, &n), KERN_SUCCESS);
	CHECK(wait_count(&o->copies, 2));
	CHECK_EQ(o->copy_offset, PAGE);
	CHECK_EQ(o->copy_length, 2 * PAGE);
	CHECK_EQ(((volatile unsigned *)data)[PAGE / 4 + 5],
		 pattern(COPYOF, PAGE, 5));
	CHECK_EQ(vm_deallocate(self, data, n), KERN_SUCCESS);
	check_terminated(c);
	CHECK_EQ(mach_port_destroy(self, c->port), KERN_SUCCESS);
	CHECK_EQ(vm_inherit(self, a, NPAGES * PAGE, VM_INHERIT_COPY),
		 KERN_SUCCESS);
	task_t f = MACH_PORT_NULL;
	CHECK_EQ(task_create(self, TRUE, &f), KERN_SUCCESS);
	CHECK(wait_count(&o->copies, 3));
	CHECK_EQ(o->copy_offset, 0);
	CHECK_EQ(read_word(f, a, 0, 1), pattern(CALLED, 0, 1));
	CHECK_EQ(read_word(f, a, 1, 1), pattern(COPYOF, PAGE, 1));
	CHECK_EQ(task_terminate(f), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, f), KERN_SUCCESS);
	check_terminated(c);
	CHECK_EQ(mach_port_destroy(self, c->port), KERN_SUCCESS);

	/* A pager that drops the new object: the copy's access fails
	 * (KERN_MEMORY_ERROR), nothing waits for ever. */
	o->copy_answer = COPY_DROP;
	CHECK_EQ(task_create(self, FALSE, &b), KERN_SUCCESS);
	ba = map_object(b, o, TRUE);
	CHECK_EQ(write_page(b, ba, 1), KERN_MEMORY_ERROR);
	CHECK_EQ(o->copies, 4);
	CHECK_EQ(task_terminate(b), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, b), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
	CHECK_EQ(o->bad_messages, 0);
	CHECK_EQ(c->bad_messages, 0);
	forget_object(o);
	memset(c, 0, sizeof *c);
}

static void
check_vm_map_arguments(void)
{
	vm_address_t a = 0;
	CHECK_EQ(vm_map(self, &a, 0, 0, TRUE, MACH_PORT_NULL, 0, FALSE,
			VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_map(self, &a, PAGE, 0, TRUE, MACH_PORT_NULL, 0, FALSE,
			VM_PROT_DEFAULT, VM_PROT_ALL, 7),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_map(self, &a, PAGE, 0, TRUE, MACH_PORT_NULL, 0, FALSE, 0x10,
			VM_PROT_ALL, VM_INHERIT_COPY),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_map(MACH_PORT_NULL, &a, PAGE, 0, TRUE, MACH_PORT_NULL, 0,
			FALSE, VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
		 MACH_SEND_INVALID_DEST);
	/* A kernel object's port is no memory object. */
	CHECK_EQ(vm_map(self, &a, PAGE, 0, TRUE, self, 0, FALSE,
			VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
		 KERN_INVALID_ARGUMENT);

	/* Anonymous memory, aligned by the mask. */
	a = 0;
	CHECK_EQ(vm_map(self, &a, 3 * PAGE, 0xfffff, TRUE, MACH_PORT_NULL, 0,
			FALSE, VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
		 KERN_SUCCESS);
	CHECK(a != 0);
	CHECK_EQ(a & 0xfffff, 0);
	CHECK_EQ(((volatile unsigned *)a)[1000], 0);
	((volatile unsigned *)a)[1000] = 5;
	vm_address_t b = a;
	CHECK_EQ(vm_map(self, &b, PAGE, 0, FALSE, MACH_PORT_NULL, 0, FALSE,
			VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
		 KERN_NO_SPACE);
	vm_prot_t prot = 0, max = 0;
	vm_inherit_t inh = 0;
	boolean_t shared = 0;
	mach_port_t name = MACH_PORT_NULL;
	vm_offset_t off = 0;
	vm_size_t size = 0;
	b = a;
	CHECK_EQ(vm_region(self, &b, &size, &prot, &max, &inh, &shared, &name,
			   &off),
		 KERN_SUCCESS);
	CHECK_EQ(b, a);
	CHECK_EQ(size, 3 * PAGE);
	CHECK_EQ(prot, VM_PROT_DEFAULT);
	CHECK_EQ(inh, VM_INHERIT_COPY);
	CHECK(name != MACH_PORT_NULL);
	CHECK_EQ(mach_port_deallocate(self, name), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a, 3 * PAGE), KERN_SUCCESS);
}

/* The object name vm_region gives for the region holding `addr', a
 * send right the caller now holds. */
static mach_port_t
region_name(task_t task, vm_address_t addr)
{
	vm_address_t at = addr;
	vm_size_t size = 0;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	mach_port_t name = MACH_PORT_NULL;
	vm_offset_t off;
	CHECK_EQ(vm_region(task, &at, &size, &prot, &max, &inh, &shared, &name,
			   &off),
		 KERN_SUCCESS);
	CHECK(at <= addr && addr - at < size);
	return name;
}

static mach_port_urefs_t
refs(mach_port_t name, mach_port_right_t right)
{
	mach_port_urefs_t n = 0;
	CHECK_EQ(mach_port_get_refs(self, name, right, &n), KERN_SUCCESS);
	return n;
}

/*
 * vm_region's object name, as GNU Mach's vm_object_name: a send right
 * to the name port of the object at the bottom of the region's shadow
 * chain.  A pager's object: the name port memory_object_init gave the
 * pager (here the same task: the same name), for each mapping of it
 * and for a copy of it, written or not; another object's differs.
 * Anonymous memory: one name for every entry of one object and for a
 * child's copy-on-write copy of it, another for another object; the
 * name dies with the object.  Each call gives one more user reference.
 */
static void
check_region_names(void)
{
	struct object *o = make_object(PATTERN);
	struct object *z = make_object(ZERO);
	vm_address_t a1 = map_object(self, o, FALSE);
	vm_address_t a2 = map_object(self, o, FALSE);
	vm_address_t za = map_object(self, z, FALSE);
	CHECK(wait_count(&o->inits, 1));
	CHECK(wait_count(&z->inits, 1));
	CHECK_EQ(o->inits, 1);
	CHECK_EQ(refs(o->name, MACH_PORT_RIGHT_SEND), 1); /* init's */
	mach_port_t n1 = region_name(self, a1);
	CHECK(n1 != MACH_PORT_NULL);
	CHECK_EQ(n1, o->name);
	CHECK_EQ(region_name(self, a2), n1);
	CHECK_EQ(refs(n1, MACH_PORT_RIGHT_SEND), 3);
	mach_port_t nz = region_name(self, za);
	CHECK_EQ(nz, z->name);
	CHECK(nz != n1);
	CHECK_EQ(refs(nz, MACH_PORT_RIGHT_SEND), 2);
	/* A copy, before and after a write of its own (a page of its
	 * own in front of the pager's object). */
	vm_address_t c = map_object(self, o, TRUE);
	CHECK_EQ(region_name(self, c), n1);
	((volatile unsigned *)c)[3] = 0x12345678u;
	CHECK_EQ(((volatile unsigned *)a1)[3], pattern(PATTERN, 0, 3));
	CHECK_EQ(region_name(self, c), n1);
	CHECK_EQ(refs(n1, MACH_PORT_RIGHT_SEND), 5);
	/* Given back: init's reference is left, until terminate. */
	CHECK_EQ(mach_port_mod_refs(self, n1, MACH_PORT_RIGHT_SEND, -4),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_mod_refs(self, nz, MACH_PORT_RIGHT_SEND, -1),
		 KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, c, NPAGES * PAGE), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a2, NPAGES * PAGE), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a1, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(o);
	CHECK_EQ(vm_deallocate(self, za, NPAGES * PAGE), KERN_SUCCESS);
	check_terminated(z);

	/* Anonymous: three pages far from any other (an allocation next
	 * to an entry may grow its object), the middle one given back and
	 * made again (a new object: no merge across a hole). */
	vm_address_t x = 0x300000000000ul;
	CHECK_EQ(vm_allocate(self, &x, 3 * PAGE, FALSE), KERN_SUCCESS);
	((volatile char *)x)[0] = 1;
	((volatile char *)x)[2 * PAGE] = 3;
	CHECK_EQ(vm_deallocate(self, x + PAGE, PAGE), KERN_SUCCESS);
	vm_address_t y = x + PAGE;
	CHECK_EQ(vm_allocate(self, &y, PAGE, FALSE), KERN_SUCCESS);
	((volatile char *)y)[0] = 2;
	mach_port_t nx = region_name(self, x);
	CHECK(nx != MACH_PORT_NULL);
	CHECK_EQ(rt_port_type(nx), MACH_PORT_TYPE_SEND);
	CHECK_EQ(region_name(self, x + 2 * PAGE), nx);
	mach_port_t ny = region_name(self, y);
	CHECK(ny != MACH_PORT_NULL);
	CHECK(ny != nx);
	CHECK_EQ(refs(nx, MACH_PORT_RIGHT_SEND), 2);
	CHECK_EQ(refs(ny, MACH_PORT_RIGHT_SEND), 1);
	/* A child's copy-on-write copy names the same object, and so
	 * does ours once written (a shadow in front of it). */
	task_t child = MACH_PORT_NULL;
	CHECK_EQ(task_create(self, TRUE, &child), KERN_SUCCESS);
	CHECK_EQ(region_name(child, x), nx);
	((volatile char *)x)[0] = 4;
	CHECK_EQ(region_name(self, x), nx);
	CHECK_EQ(region_name(child, x), nx);
	CHECK_EQ(refs(nx, MACH_PORT_RIGHT_SEND), 5);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, child), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(nx), MACH_PORT_TYPE_SEND);
	/* The objects end with the memory: dead names, references kept. */
	CHECK_EQ(vm_deallocate(self, x, 3 * PAGE), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(nx), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(rt_port_type(ny), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs(nx, MACH_PORT_RIGHT_DEAD_NAME), 5);
	CHECK_EQ(mach_port_mod_refs(self, nx, MACH_PORT_RIGHT_DEAD_NAME, -5),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, ny), KERN_SUCCESS);
	CHECK_EQ(rt_port_type(nx), 0);
	CHECK_EQ(rt_port_type(ny), 0);
}

int
main(int argc, char **argv)
{
	self = mach_task_self();
	CHECK_EQ(argc, 2);
	host_priv = argc == 2 ? rt_port_arg(argv[1]) : MACH_PORT_NULL;
	mach_port_array_t names = 0;
	mach_port_type_array_t types = 0;
	mach_msg_type_number_t nnames = 0, ntypes = 0;
	CHECK_EQ(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pager_set),
		 KERN_SUCCESS);
	thread_t pager = MACH_PORT_NULL;
	CHECK_EQ(start_thread(pager_main, 0, &pager), KERN_SUCCESS);

	check_vm_map_arguments();
	check_pattern_pager();
	check_silent_pager();
	check_error_pager();
	check_dead_pager();
	check_hostile_pager();
	check_zero_pager();
	check_locked_pager();
	check_region_names();
	check_delayed_copies();
	check_called_copies();
	CHECK_EQ(unknown_messages, 0);
	for (int i = 0; i < NMODES; i++)
		CHECK_EQ(objects[i].bad_messages, 0);

	/* The names left: the set, the objects, the threads' and ours. */
	CHECK_EQ(mach_port_names(self, &names, &nnames, &types, &ntypes),
		 KERN_SUCCESS);
	CHECK(nnames < 20);
	return rt_report("gnu-pager");
}
