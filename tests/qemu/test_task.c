/*
 * test_task.c: tasks (kern/task.c): the pages task_map_page gives a
 * user address space through its map.
 */

#include <machine/cpu.h>
#include <machine/vm_param.h>

#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/timer.h"
#include "vm/pmap.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"

#define PROBE_MAGIC 0x70726f6265642121ULL /* "probed!!" */
#define BATCH_PAGES 256
#define BATCH_BASE  ((vm_offset_t)0x10000000)

/* A page full of `byte' given back to vm_page, for a mapping to reuse. */
static void
dirty_free_pages(unsigned n, unsigned char byte)
{
	struct vm_page *pages = NULL;
	for (unsigned i = 0; i < n; i++) {
		struct vm_page *p = vm_page_alloc();
		if (p == NULL)
			break;
		memset(phys_to_virt(vm_page_to_phys(p)), byte, PAGE_SIZE);
		p->next = pages;
		pages = p;
	}
	while (pages != NULL) {
		struct vm_page *p = pages;
		pages = p->next;
		vm_page_free(p);
	}
}

/* The pages resident in `task''s map. */
static uint64_t
task_resident(task_t task)
{
	unsigned nentries;
	vm_size_t size;
	uint64_t resident;
	vm_map_info(task->map, &nentries, &size, &resident);
	return resident;
}

static bool
page_is_zero(const void *kva)
{
	const uint64_t *w = kva;
	for (unsigned i = 0; i < PAGE_SIZE / sizeof *w; i++)
		if (w[i] != 0)
			return false;
	return true;
}

/* Fresh pages are zero, wherever vm_page found them; a second call for
 * an address returns its page with the new protection. */
KTEST(task_map_page_zeroed_and_idempotent)
{
	task_t task;
	void *kva, *again;
	uint64_t pa;

	KTEST_ASSERT_EQ(task_create_user("maptest", &task), KERN_SUCCESS);
	dirty_free_pages(64, 0xa5);
	for (unsigned i = 0; i < 32; i++) {
		vm_offset_t va = BATCH_BASE + i * PAGE_SIZE;
		KTEST_ASSERT_EQ(task_map_page(task, va, VM_PROT_READ, &kva),
				KERN_SUCCESS);
		KTEST_ASSERT(page_is_zero(kva));
		KTEST_ASSERT(pmap_extract(task->pmap, va, &pa));
		KTEST_ASSERT(phys_to_virt(pa) == kva);
		memset(kva, 0x3c, PAGE_SIZE);
		KTEST_ASSERT_EQ(task_map_page(task, va,
					      VM_PROT_READ | VM_PROT_WRITE,
					      &again),
				KERN_SUCCESS);
		KTEST_ASSERT(again == kva);
		KTEST_ASSERT_EQ(*(unsigned char *)again, 0x3c);
	}
	KTEST_ASSERT_EQ(task_resident(task), 32);
	KTEST_ASSERT_EQ(task_map_page(task, BATCH_BASE + 1, VM_PROT_READ, &kva),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(task_map_page(task, USER_LIMIT, VM_PROT_READ, &kva),
			KERN_INVALID_ADDRESS);
	KTEST_ASSERT_EQ(
		task_map_page(kernel_task, BATCH_BASE, VM_PROT_READ, &kva),
		KERN_INVALID_ADDRESS);
	task_deallocate(task);
}

/*
 * The race: a clock interrupt that maps the address a thread is mapping
 * stands in for a second CPU (or thread) of the same task.  Whenever it
 * lands, both callers must end up with the one page the pmap maps, the
 * task must count one page per address, and what the interrupt wrote
 * into the page must survive (a page zeroed after it was mapped would
 * lose it).  A page the interrupt finds mapped must be zero already.
 */
static struct {
	struct timer_call call;
	task_t task;         /* the task being mapped into, or NULL */
	vm_offset_t va;      /* the address the thread is mapping, or 0 */
	bool stop;           /* the last tick: do not re-arm */
	unsigned inside;     /* ticks that landed during a thread's call */
	vm_offset_t done_va; /* what the interrupt mapped at `va' */
	void *done_kva;
	bool found_dirty; /* it found a mapped page that was not zero */
	bool failed;      /* task_map_page failed in the interrupt */
} probe;

static void
probe_tick(void *arg)
{
	(void)arg;
	vm_offset_t va = probe.va;
	if (probe.task != NULL && va != 0 && probe.done_va != va) {
		void *kva;
		uint64_t pa;
		bool was_mapped = pmap_extract(probe.task->pmap, va, &pa);
		if (task_map_page(probe.task, va, VM_PROT_READ | VM_PROT_WRITE,
				  &kva) != KERN_SUCCESS) {
			probe.failed = true;
		} else {
			if (was_mapped && !page_is_zero(kva))
				probe.found_dirty = true;
			((uint64_t *)kva)[1] = PROBE_MAGIC;
			probe.done_va = va;
			probe.done_kva = kva;
		}
		probe.inside++;
	}
	if (!probe.stop)
		timer_call_enter(&probe.call, clock_ticks() + 1);
}

/*
 * Map a batch of fresh addresses of `task' while the interrupt probes;
 * returns NULL or what went wrong.
 */
static const char *
map_batch(task_t task)
{
	for (unsigned i = 0; i < BATCH_PAGES; i++) {
		vm_offset_t va = BATCH_BASE + i * PAGE_SIZE;
		void *kva;
		uint64_t pa;
		__atomic_store_n(&probe.va, va, __ATOMIC_SEQ_CST);
		kern_return_t kr = task_map_page(
			task, va, VM_PROT_READ | VM_PROT_WRITE, &kva);
		__atomic_store_n(&probe.va, 0, __ATOMIC_SEQ_CST);
		if (kr != KERN_SUCCESS)
			return "task_map_page failed";
		if (!pmap_extract(task->pmap, va, &pa) ||
		    phys_to_virt(pa) != kva)
			return "the page returned is not the page mapped";
		bool enabled = intr_disable();
		bool probed = probe.done_va == va;
		void *probed_kva = probe.done_kva;
		intr_restore(enabled);
		if (probed && probed_kva != kva)
			return "two callers for one address got two pages";
		if (probed && ((uint64_t *)kva)[1] != PROBE_MAGIC)
			return "the page was zeroed after it was mapped";
	}
	if (task_resident(task) != BATCH_PAGES)
		return "the task holds more pages than addresses mapped";
	return NULL;
}

KTEST(task_map_page_one_page_per_address)
{
	enum { MIN_INSIDE = 20, MAX_TICKS = 500 };
	uint64_t start = clock_ticks();
	const char *why = NULL;
	unsigned batches = 0;

	probe.task = NULL;
	probe.va = 0;
	probe.stop = false;
	probe.inside = 0;
	probe.done_va = 0;
	probe.found_dirty = probe.failed = false;
	timer_call_setup(&probe.call, probe_tick, NULL);
	timer_call_enter(&probe.call, clock_ticks() + 1);

	while (why == NULL && probe.inside < MIN_INSIDE &&
	       clock_ticks() - start < MAX_TICKS) {
		task_t task;
		if (task_create_user("race", &task) != KERN_SUCCESS) {
			why = "no memory for a task";
			break;
		}
		/* Pages with stale contents for the mappings to reuse. */
		dirty_free_pages(BATCH_PAGES, 0xee);
		bool enabled = intr_disable();
		probe.task = task;
		probe.done_va = 0; /* the addresses repeat in each batch */
		intr_restore(enabled);
		why = map_batch(task);
		enabled = intr_disable();
		probe.task = NULL;
		intr_restore(enabled);
		task_deallocate(task);
		batches++;
	}
	bool enabled = intr_disable();
	probe.stop = true;
	timer_call_cancel(&probe.call);
	intr_restore(enabled);

	if (why != NULL) {
		ktest_fail("batch %u, after %u probes: %s", batches,
			   probe.inside, why);
		return;
	}
	KTEST_ASSERT(!probe.failed);
	KTEST_ASSERT(!probe.found_dirty);
	/* The interrupt did land inside the calls often enough. */
	KTEST_ASSERT(probe.inside >= MIN_INSIDE);
}
