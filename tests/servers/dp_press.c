/*
 * dp_press.c: paging through the default pager, end to end
 * (servers/local.mk's boot-defpager-press).  The kernel boots with its
 * page-out thresholds high (vm_free_min and vm_free_target on its
 * line), servers/default_pager is the default memory manager, and this
 * task, started beside it by servers/bootstrap,
 *
 *  - waits for the pager to be named ("default_pager"), so that it is
 *    registered with the kernel before memory runs short;
 *  - fills a region larger than the memory left above the thresholds
 *    with a pattern a page and a round tell apart, so the page-out
 *    daemon gives anonymous pages to the pager (vm_statistics'
 *    pageouts must grow by at least a quarter of the region);
 *  - reads it all back (each page given away comes back through
 *    memory_object_data_request), then writes a second round over it
 *    (pages the pager holds, given again) and reads that back;
 *  - reads part of it with vm_read (a copy of an object whose pages
 *    the pager holds) and compares;
 *  - copies a shared region (VM_INHERIT_SHARE, held by a child task)
 *    the pager holds most of with vm_read, and reads it;
 *  - sets its emulation vector from a page the pager holds (the kernel
 *    reads out-of-line data itself there: it must page it in, not read
 *    zeros), reads it back with task_get_emulation_vector, and puts
 *    libmach's back;
 *  - copies a region the pager holds and writes it, round after round
 *    (test_copy_rounds: the chain's collapse and bypass);
 *  - maps an object of its own external pager (a thread) and writes
 *    it all: its dirty pages go to that pager and come back from it
 *    (test_external_pageout);
 *  - frees it, and prints the page-out counts and the instructions a
 *    page of each read pass took, its page-in and the daemon's work
 *    meanwhile included (bench lines: under -icount they repeat).
 *
 * It prints "dp-press: N checks, F failed".  The KTEST boot_servers
 * then ends the pager and checks memory, ports and copies back.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cthreads.h>
#include <mach.h>
#include <mach/memory_object.h>
#include <mach/vm_inherit.h>
#include <servers/name.h>

#include "memory_objectServer.h"
#include "pager_common.h"

#include "ns_check.h"
#include "sv_bench.h"

const char *check_prog = "dp-press";
int check_count, check_failures;

#define PG          4096u
#define WORDS       (PG / sizeof(uint64_t))
#define PAGES       4096u /* 16 MiB: the line's thresholds are 28000 */
#define READ_PAGES  256u
#define VEC_ENTRIES (PG / sizeof(vm_offset_t)) /* one page of them */
#define SHARE_PAGES 512u
#define ROUND_PAGES 512u /* test_copy_rounds' region */
#define ROUNDS      6u
#define EXT_PAGES   1024u /* the external pager's object */
#define WAIT_MS     10000u
#define IDLE_MS     500u /* a few of the daemon's passes (100 ms rests) */

static uint64_t
word(unsigned page, unsigned w, unsigned round)
{
	return (uint64_t)round << 56 | (uint64_t)page << 20 | w;
}

static void
fill(volatile uint64_t *base, unsigned pages, unsigned round)
{
	for (unsigned p = 0; p < pages; p++)
		for (unsigned w = 0; w < WORDS; w++)
			base[p * WORDS + w] = word(p, w, round);
}

/* The pages of `base' not as round `round' wrote them. */
static unsigned
bad_pages(const volatile uint64_t *base, unsigned pages, unsigned round)
{
	unsigned bad = 0;
	for (unsigned p = 0; p < pages; p++)
		for (unsigned w = 0; w < WORDS; w++)
			if (base[p * WORDS + w] != word(p, w, round)) {
				if (bad++ == 0) {
					char l[120];
					snprintf(l, sizeof l,
						 "dp-press: page %u word %u: "
						 "%#llx\n",
						 p, w,
						 (unsigned long long)
							 base[p * WORDS + w]);
					mach_print(l);
				}
				break;
			}
	return bad;
}

/* The page-outs so far, and the pages on the page queues (every page
 * of the region resident is) into *queued; the counts on the console. */
static unsigned
pageouts(unsigned *queued)
{
	vm_statistics_data_t s = { 0 };
	CHECK_EQ(vm_statistics(mach_task_self(), &s), KERN_SUCCESS);
	char l[160];
	snprintf(l, sizeof l,
		 "dp-press: %d free, %d active, %d inactive, %d wired, %d "
		 "reactivated, %d paged out\n",
		 s.free_count, s.active_count, s.inactive_count, s.wire_count,
		 s.reactivations, s.pageouts);
	mach_print(l);
	if (queued != NULL)
		*queued = (unsigned)(s.active_count + s.inactive_count);
	return (unsigned)s.pageouts;
}

/* The task's emulation vector: its start into *start, its entries
 * (out of line, the caller's to deallocate) into *v, their count. */
static mach_msg_type_number_t
get_vector(int *start, emulation_vector_t *v)
{
	mach_msg_type_number_t n = 0;
	*start = -1;
	*v = NULL;
	CHECK_EQ(task_get_emulation_vector(mach_task_self(), start, v, &n),
		 KERN_SUCCESS);
	return n;
}

/* The vector set from `vec' (its page most likely the pager's by now),
 * read back, then put back as it was (libmach's entries: its exit is
 * one). */
static void
test_emulation_vector(vm_offset_t *vec)
{
	mach_port_t self = mach_task_self();
	int start0, start;
	emulation_vector_t old, got;
	mach_msg_type_number_t n0 = get_vector(&start0, &old);
	CHECK_EQ(start0, 0);
	CHECK(n0 >= VEC_ENTRIES);
	CHECK_EQ(task_set_emulation_vector(self, 0, vec, VEC_ENTRIES),
		 KERN_SUCCESS);
	mach_msg_type_number_t n = get_vector(&start, &got);
	CHECK_EQ(start, 0);
	CHECK_EQ(n, n0);
	unsigned wrong = 0;
	for (unsigned i = 0; got != NULL && i < n && i < VEC_ENTRIES; i++)
		wrong += got[i] != 0x1000 + i * 16;
	CHECK_EQ(wrong, 0);
	if (wrong != 0)
		CHECK_EQ(got[0], 0x1000);
	if (old != NULL)
		CHECK_EQ(task_set_emulation_vector(self, start0, old, n0),
			 KERN_SUCCESS);
	if (got != NULL)
		CHECK_EQ(
			vm_deallocate(self, (vm_address_t)got, n * sizeof *got),
			KERN_SUCCESS);
	if (old != NULL)
		CHECK_EQ(vm_deallocate(self, (vm_address_t)old,
				       n0 * sizeof *old),
			 KERN_SUCCESS);
}

/* A vm_read copy of `pages' pages at `addr': as round `round' wrote
 * them; then deallocated. */
static void
check_vm_read(vm_address_t addr, unsigned pages, unsigned round)
{
	vm_offset_t copy = 0;
	mach_msg_type_number_t n = 0;
	CHECK_EQ(vm_read(mach_task_self(), addr, pages * PG, &copy, &n),
		 KERN_SUCCESS);
	CHECK_EQ(n, pages * PG);
	if (copy != 0) {
		CHECK_EQ(bad_pages((const volatile uint64_t *)copy, pages,
				   round),
			 0);
		CHECK_EQ(vm_deallocate(mach_task_self(), copy, n),
			 KERN_SUCCESS);
	}
}

/* The shared region at `sa' (most of it the pager's by now): a copy
 * of it (vm_read: the eager copy of shared memory brings it in first)
 * and the region itself as written; then the child holding it ends. */
static void
test_shared(vm_address_t sa, task_t child)
{
	mach_port_t self = mach_task_self();
	check_vm_read(sa, SHARE_PAGES, 3);
	CHECK_EQ(bad_pages((const volatile uint64_t *)sa, SHARE_PAGES, 3), 0);
	CHECK_EQ(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, child), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, sa, SHARE_PAGES * PG), KERN_SUCCESS);
}

/*
 * Repeated copies of memory the pager holds.  Each round copies the
 * region (vm_read: copy-on-write, its object shared with the copy),
 * writes all of it (a new object in front, holding every page),
 * checks the copy kept the round before and drops it; every other
 * round the daemon then pages the region out.  Each copy's collapse
 * leaves the object below out of the chain (every page of it hidden:
 * a bypass), or merges it, the pager's, into the anonymous one above.
 * Without that each round keeps one more object in the chain, its
 * pages in the pager (boot_servers prints the counts).
 */
static void
test_copy_rounds(void)
{
	mach_port_t self = mach_task_self();
	vm_address_t c = 0;
	CHECK_EQ(vm_allocate(self, &c, ROUND_PAGES * PG, TRUE), KERN_SUCCESS);
	volatile uint64_t *base = (volatile uint64_t *)c;
	fill(base, ROUND_PAGES, 10);
	sleep_ms(IDLE_MS);
	for (unsigned r = 0; r < ROUNDS; r++) {
		vm_offset_t copy = 0;
		mach_msg_type_number_t n = 0;
		CHECK_EQ(vm_read(self, c, ROUND_PAGES * PG, &copy, &n),
			 KERN_SUCCESS);
		fill(base, ROUND_PAGES, 11 + r);
		if (copy != 0) {
			CHECK_EQ(bad_pages((const volatile uint64_t *)copy,
					   ROUND_PAGES, 10 + r),
				 0);
			CHECK_EQ(vm_deallocate(self, copy, n), KERN_SUCCESS);
		}
		if (r % 2 == 0)
			sleep_ms(IDLE_MS);
	}
	CHECK_EQ(bad_pages(base, ROUND_PAGES, 10 + ROUNDS), 0);
	CHECK_EQ(vm_deallocate(self, c, ROUND_PAGES * PG), KERN_SUCCESS);
}

/* ---- An external pager (a thread of this task) ----
 *
 * It serves one memory object, EXT_PAGES pages, through our mig's
 * memory_object_server: data_request is answered with what
 * data_return gave for each page (data_supply), or data_unavailable
 * for a page never returned; every page returned is kept.  Under the
 * boot's page-out thresholds, the daemon must send it the object's
 * dirty pages (memory_object_data_return, dirty, no kernel copy) and
 * take them back from it, every byte intact.
 */
static mach_port_t ext_object;  /* the memory object: receive + send */
static mach_port_t ext_control; /* the kernel's control port */
static uint64_t *ext_store;     /* EXT_PAGES pages of what came back */
static unsigned char ext_held[EXT_PAGES];
static volatile unsigned ext_returned, ext_supplied, ext_unavailable;
static volatile unsigned ext_protocol_errors;
static volatile boolean_t ext_terminated;

kern_return_t
memory_object_init(memory_object_t memory_object, mach_port_t memory_control,
		   mach_port_t memory_object_name, vm_size_t page_size)
{
	(void)memory_object_name;
	if (memory_object != ext_object || page_size != PG ||
	    ext_control != MACH_PORT_NULL)
		ext_protocol_errors++;
	ext_control = memory_control;
	return memory_object_ready(memory_control, FALSE,
				   MEMORY_OBJECT_COPY_DELAY);
}

kern_return_t
memory_object_data_request(memory_object_t memory_object,
			   mach_port_t memory_control, vm_offset_t offset,
			   vm_size_t length, vm_prot_t desired_access)
{
	(void)memory_object;
	(void)desired_access;
	if (memory_control != ext_control || offset % PG != 0 ||
	    length % PG != 0 || offset / PG + length / PG > EXT_PAGES) {
		ext_protocol_errors++;
		return KERN_FAILURE;
	}
	for (vm_offset_t o = offset; o < offset + length; o += PG) {
		unsigned p = (unsigned)(o / PG);
		if (!ext_held[p]) {
			ext_unavailable++;
			(void)memory_object_data_unavailable(memory_control, o,
							     PG);
			continue;
		}
		ext_supplied++;
		(void)memory_object_data_supply(
			memory_control, o, (vm_offset_t)(ext_store + p * WORDS),
			PG, FALSE, VM_PROT_NONE, FALSE, MACH_PORT_NULL);
	}
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_return(memory_object_t memory_object,
			  mach_port_t memory_control, vm_offset_t offset,
			  vm_offset_t data, mach_msg_type_number_t dataCnt,
			  boolean_t dirty, boolean_t kernel_copy)
{
	(void)memory_object;
	if (memory_control != ext_control || offset % PG != 0 ||
	    dataCnt % PG != 0 || offset / PG + dataCnt / PG > EXT_PAGES ||
	    !dirty || kernel_copy)
		ext_protocol_errors++;
	else
		for (unsigned i = 0; i < dataCnt / PG; i++) {
			unsigned p = (unsigned)(offset / PG) + i;
			const uint64_t *from =
				(const uint64_t *)data + i * WORDS;
			for (unsigned w = 0; w < WORDS; w++)
				ext_store[p * WORDS + w] = from[w];
			ext_held[p] = 1;
			ext_returned++;
		}
	return vm_deallocate(mach_task_self(), data, dataCnt);
}

kern_return_t
memory_object_terminate(memory_object_t memory_object,
			mach_port_t memory_control,
			mach_port_t memory_object_name)
{
	(void)memory_object;
	mo_drop_terminated(memory_control, memory_object_name);
	ext_control = MACH_PORT_NULL;
	ext_terminated = TRUE;
	return KERN_SUCCESS;
}

kern_return_t
memory_object_lock_completed(memory_object_t memory_object,
			     mach_port_t memory_control, vm_offset_t offset,
			     vm_size_t length)
{
	(void)memory_object;
	(void)memory_control;
	(void)offset;
	(void)length;
	ext_protocol_errors++;
	return KERN_FAILURE;
}

/* The pager thread: memory_object.defs until the port goes. */
static any_t
ext_pager(any_t arg)
{
	(void)arg;
	static union {
		mach_msg_header_t head;
		char room[8192];
	} in, out;
	while (mach_msg(&in.head, MACH_RCV_MSG, 0, sizeof in, ext_object,
			MACH_MSG_TIMEOUT_NONE,
			MACH_PORT_NULL) == MACH_MSG_SUCCESS)
		if (!memory_object_server(&in.head, &out.head)) {
			ext_protocol_errors++;
			mach_msg_destroy(&in.head);
		}
	return NULL;
}

/*
 * The external pager's object, mapped and written all over while
 * memory is short: some of its dirty pages must go back to the pager
 * (data_return) and come back from it (data_supply) as written; the
 * mapping's end sends the rest and terminates the object.
 */
static void
test_external_pageout(void)
{
	mach_port_t self = mach_task_self();
	vm_address_t st = 0;
	CHECK_EQ(vm_allocate(self, &st, EXT_PAGES * PG, TRUE), KERN_SUCCESS);
	ext_store = (uint64_t *)st;
	CHECK_EQ(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &ext_object),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(self, ext_object, ext_object,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	cthread_detach(cthread_fork(ext_pager, NULL));

	vm_address_t e = 0;
	CHECK_EQ(vm_map(self, &e, EXT_PAGES * PG, 0, TRUE, ext_object, 0, FALSE,
			VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
			VM_INHERIT_NONE),
		 KERN_SUCCESS);
	volatile uint64_t *base = (volatile uint64_t *)e;
	unsigned out0 = pageouts(NULL);
	fill(base, EXT_PAGES, 20);
	sleep_ms(IDLE_MS);
	/* The daemon's passes meanwhile take its pages among others'
	 * (192 of them on this tree's boot). */
	unsigned returned = ext_returned;
	CHECK(returned >= EXT_PAGES / 8);
	CHECK(pageouts(NULL) - out0 >= returned);
	CHECK_EQ(bad_pages(base, EXT_PAGES, 20), 0);
	CHECK(ext_supplied >= returned / 2);
	CHECK_EQ(vm_deallocate(self, e, EXT_PAGES * PG), KERN_SUCCESS);
	for (unsigned ms = 0; !ext_terminated && ms < WAIT_MS; ms += 10)
		sleep_ms(10);
	CHECK(ext_terminated);
	/* Every page written came back to the pager by now. */
	CHECK_EQ(bad_pages(ext_store, EXT_PAGES, 20), 0);
	CHECK_EQ(ext_protocol_errors, 0);
	CHECK_EQ(mo_unexpected, 0);
	char l[160];
	snprintf(l, sizeof l,
		 "dp-press: external pager: %u pages returned while mapped, "
		 "%u supplied back, %u unavailable\n",
		 returned, ext_supplied, ext_unavailable);
	mach_print(l);
	CHECK_EQ(mach_port_mod_refs(self, ext_object, MACH_PORT_RIGHT_RECEIVE,
				    -1),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(self, ext_object), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, st, EXT_PAGES * PG), KERN_SUCCESS);
}

int
main(void)
{
	mach_port_t self = mach_task_self(), pager = MACH_PORT_NULL;
	CHECK_EQ(name_lookup(bootstrap_port, "default_pager", WAIT_MS, &pager),
		 KERN_SUCCESS);
	if (MACH_PORT_VALID(pager))
		CHECK_EQ(mach_port_deallocate(self, pager), KERN_SUCCESS);

	/* The vector's page, written first: paged out with the rest. */
	vm_address_t va = 0;
	CHECK_EQ(vm_allocate(self, &va, PG, TRUE), KERN_SUCCESS);
	vm_offset_t *vec = (vm_offset_t *)va;
	for (unsigned i = 0; i < VEC_ENTRIES; i++)
		vec[i] = 0x1000 + i * 16;

	/* Shared memory (VM_INHERIT_SHARE, a child task holding it), also
	 * written first: paged out with the rest. */
	vm_address_t sa = 0;
	task_t child = MACH_PORT_NULL;
	CHECK_EQ(vm_allocate(self, &sa, SHARE_PAGES * PG, TRUE), KERN_SUCCESS);
	CHECK_EQ(vm_inherit(self, sa, SHARE_PAGES * PG, VM_INHERIT_SHARE),
		 KERN_SUCCESS);
	CHECK_EQ(task_create(self, TRUE, &child), KERN_SUCCESS);
	volatile uint64_t *shared = (volatile uint64_t *)sa;
	for (unsigned p = 0; p < SHARE_PAGES; p++)
		for (unsigned w = 0; w < WORDS; w++)
			shared[p * WORDS + w] = word(p, w, 3);

	unsigned out0 = pageouts(NULL);
	vm_address_t a = 0;
	CHECK_EQ(vm_allocate(self, &a, PAGES * PG, TRUE), KERN_SUCCESS);
	volatile uint64_t *base = (volatile uint64_t *)a;

	fill(base, PAGES, 1);
	sleep_ms(IDLE_MS); /* the daemon's passes, memory short */
	uint64_t t1 = rdtsc();
	CHECK_EQ(bad_pages(base, PAGES, 1), 0);
	uint64_t t2 = rdtsc();
	unsigned out1 = pageouts(NULL);
	CHECK(out1 - out0 >= PAGES / 4);
	/* More than the private region: the shared one's too. */
	CHECK(out1 - out0 >= PAGES + SHARE_PAGES / 2);

	/* Pages the pager holds, written again and given again. */
	fill(base, PAGES, 2);
	sleep_ms(IDLE_MS);
	uint64_t t3 = rdtsc();
	CHECK_EQ(bad_pages(base, PAGES, 2), 0);
	uint64_t t4 = rdtsc();
	unsigned out2 = pageouts(NULL);
	CHECK(out2 - out1 >= PAGES / 4);

	/* A copy of the region's start, pages the pager holds in it. */
	sleep_ms(IDLE_MS);
	unsigned queued = 0;
	(void)pageouts(&queued);
	CHECK(queued < READ_PAGES / 2); /* most of its pages paged out */
	check_vm_read(a, READ_PAGES, 2);
	CHECK_EQ(bad_pages(base, READ_PAGES, 2), 0);
	test_emulation_vector(vec);
	test_shared(sa, child);
	test_copy_rounds();
	test_external_pageout();
	CHECK_EQ(vm_deallocate(self, va, PG), KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(self, a, PAGES * PG), KERN_SUCCESS);

	char l[160];
	snprintf(l, sizeof l,
		 "dp-press: %u pages, %u paged out on the first round, %u on "
		 "the second\n",
		 PAGES, out1 - out0, out2 - out1);
	mach_print(l);
	bench_line("defpager_press_read", t2 - t1, PAGES);
	bench_line("defpager_press_reread", t4 - t3, PAGES);
	return check_report();
}
