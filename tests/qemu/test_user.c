/*
 * test_user.c: user tasks from boot modules, run under the kernel.
 *
 * user_tasks is booted from tests/qemu/user.iso, whose modules are the
 * programs of tests/qemu/user/ with these command lines (user_terminate
 * has an ISO of its own, described at the test):
 *
 *   hello-a A 12, hello-b B 12        two well-behaved tasks
 *   pf pf, pfw pfw, gp gp, div div,   one task per kind of fault
 *   ud ud, x87 x87, rsp rsp, db db, dbsys dbsys, kaddr kaddr,
 *   unix unix, flags flags
 *   print                             the mach_print trap
 *   msgfuzz N SEED                    hostile messages; then cycles and
 *                                     a long chain of receive rights
 *   notelf                            a text file, not a program
 *   huge                              a program with 64 GiB of bss
 *
 * The last two must be refused; the others run.
 */

#include <mach/exception.h>
#include <mach/x86_64/exception.h>
#include <machine/vm_param.h>

#include "kern/bootstrap.h"
#include "kern/exception.h"
#include "kern/clock.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_page.h"

#include "ktest_memory.h"

#define MAX_TASKS 24

struct expectation {
	const char *name;
	enum task_end end;  /* TASK_TERMINATED: it ended itself, status 0 */
	integer_t exc_type; /* else the exception that ended it */
	integer_t exc_code;
	bool check_subcode;
	rpc_long_integer_t exc_subcode;
};

static const struct expectation expected[] = {
	{ "hello-a", TASK_TERMINATED, 0, 0, false, 0 },
	{ "hello-b", TASK_TERMINATED, 0, 0, false, 0 },
	/* The address read, 0. */
	{ "pf", TASK_FAULTED, EXC_BAD_ACCESS, KERN_INVALID_ADDRESS, true, 0 },
	{ "pfw", TASK_FAULTED, EXC_BAD_ACCESS, KERN_PROTECTION_FAILURE, false,
	  0 },
	/* The error code, 0. */
	{ "gp", TASK_FAULTED, EXC_BAD_INSTRUCTION, EXC_I386_GPFLT, true, 0 },
	{ "div", TASK_FAULTED, EXC_ARITHMETIC, EXC_I386_DIV, true, 0 },
	{ "ud", TASK_FAULTED, EXC_BAD_INSTRUCTION, EXC_I386_INVOP, true, 0 },
	/* The x87 status: busy, top 7, error summary, zero divide. */
	{ "x87", TASK_FAULTED, EXC_ARITHMETIC, EXC_I386_EXTERR, true, 0xb884 },
	{ "rsp", TASK_FAULTED, EXC_BAD_INSTRUCTION, EXC_I386_GPFLT, true, 0 },
	{ "db", TASK_FAULTED, EXC_BREAKPOINT, EXC_I386_SGL, true, 0 },
	{ "dbsys", TASK_FAULTED, EXC_BREAKPOINT, EXC_I386_SGL, true, 0 },
	{ "kaddr", TASK_TERMINATED, 0, 0, false, 0 },
	/* The system call's number, 60. */
	{ "unix", TASK_UNHANDLED_SYSCALL, EXC_SOFTWARE,
	  EXC_SOFTWARE_BAD_SYSCALL, true, 60 },
	{ "flags", TASK_TERMINATED, 0, 0, false, 0 },
	{ "print", TASK_TERMINATED, 0, 0, false, 0 },
	{ "msgfuzz", TASK_TERMINATED, 0, 0, false, 0 },
};
#define NEXPECTED (sizeof expected / sizeof expected[0])

/* The modules that must not run, and what bootstrap_module_task says. */
static const struct {
	const char *name;
	kern_return_t kr;
} refused_modules[] = {
	{ "notelf", KERN_INVALID_ARGUMENT },
	{ "huge", KERN_RESOURCE_SHORTAGE },
};
#define NREFUSED (sizeof refused_modules / sizeof refused_modules[0])

/* Whether module `m''s command line starts with the word `name'. */
static bool
module_is(const struct boot_module *m, const char *name)
{
	size_t n = strlen(name);
	return strncmp(m->cmdline, name, n) == 0 &&
	       (m->cmdline[n] == '\0' || m->cmdline[n] == ' ');
}

static const struct boot_module *
find_module(const struct boot_info *bi, const char *name)
{
	for (unsigned i = 0; i < bi->nmodules; i++)
		if (module_is(&bi->modules[i], name))
			return &bi->modules[i];
	return NULL;
}

/* What bootstrap_module_task must return for `m': refused or not. */
static kern_return_t
expected_result(const struct boot_module *m)
{
	for (unsigned i = 0; i < NREFUSED; i++)
		if (module_is(m, refused_modules[i].name))
			return refused_modules[i].kr;
	return KERN_SUCCESS;
}

static task_t
find(task_t *tasks, unsigned n, const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(tasks[i]->name, name) == 0)
			return tasks[i];
	return NULL;
}

/*
 * Start every module as a task, wait for all to end, and check how each
 * ended.  Returns false (after ktest_fail) on the first surprise.
 */
static bool
run_all_modules(bool check_overlap)
{
	const struct boot_info *bi = ktest_boot_info();
	task_t tasks[MAX_TASKS];
	unsigned ntasks = 0, refused = 0;
	bool ok = true;

	for (unsigned i = 0; i < bi->nmodules && ntasks < MAX_TASKS; i++) {
		const struct boot_module *m = &bi->modules[i];
		task_t t;
		kern_return_t kr = bootstrap_module_task(bi, m, &t);
		if (kr == KERN_SUCCESS)
			tasks[ntasks++] = t;
		else
			refused++;
		if (kr != expected_result(m)) {
			ktest_fail("module \"%s\": %d, expected %d", m->cmdline,
				   kr, expected_result(m));
			ok = false;
		}
	}
	if (refused != NREFUSED || ntasks != NEXPECTED) {
		ktest_fail("%u modules refused, %u started; expected %u and %u",
			   refused, ntasks, (unsigned)NREFUSED,
			   (unsigned)NEXPECTED);
		ok = false;
	}

	/* Both well-behaved tasks make progress while neither is done. */
	task_t a = find(tasks, ntasks, "hello-a");
	task_t b = find(tasks, ntasks, "hello-b");
	bool overlapped = false;
	for (int tick = 0; a != NULL && b != NULL && tick < 30 * HZ; tick++) {
		if (!a->terminated && !b->terminated && a->syscalls_mach > 2 &&
		    b->syscalls_mach > 2)
			overlapped = true;
		bool all = true;
		for (unsigned i = 0; i < ntasks; i++)
			all = all && tasks[i]->terminated;
		if (all)
			break;
		thread_sleep_ticks(1);
	}
	for (unsigned i = 0; i < ntasks; i++)
		task_wait_terminated(tasks[i]);
	if (check_overlap && !overlapped) {
		ktest_fail("hello-a and hello-b did not run at the same time");
		ok = false;
	}

	for (unsigned i = 0; i < NEXPECTED && ok; i++) {
		const struct expectation *e = &expected[i];
		task_t t = find(tasks, ntasks, e->name);
		if (t == NULL || t->end != e->end ||
		    t->exc_type != e->exc_type || t->exc_code != e->exc_code ||
		    (e->check_subcode && t->exc_subcode != e->exc_subcode)) {
			ktest_fail("task %s: ended %d (exception %d code %#x "
				   "subcode %#llx); expected %d (exception %d "
				   "code %#x subcode %#llx)",
				   e->name, t ? (int)t->end : -1,
				   t ? t->exc_type : 0,
				   t ? (unsigned)t->exc_code : 0,
				   t ? (unsigned long long)t->exc_subcode : 0,
				   e->end, e->exc_type, (unsigned)e->exc_code,
				   (unsigned long long)e->exc_subcode);
			ok = false;
		}
	}
	for (unsigned i = 0; i < ntasks; i++)
		task_deallocate(tasks[i]);
	return ok;
}

/*
 * The tasks run, each ending as expected; and a second round of the same
 * tasks needs no more memory than the first left: nothing a task had
 * (pages, page tables, thread, stack) is lost when it ends.
 */
KTEST_EXPLICIT(user_tasks)
{
	uint64_t copies = vm_map_copy_count();
	if (!run_all_modules(true))
		return;
	/* msgfuzz's out-of-line items: every copy released. */
	KTEST_ASSERT_EQ(vm_map_copy_count(), copies);
	thread_sleep_ticks(2);
	uint64_t free_after_first = ktest_free_memory_pages();
	ktest_print_zones();
	if (!run_all_modules(false))
		return;
	thread_sleep_ticks(2);
	uint64_t free_after_second = ktest_free_memory_pages();
	if (free_after_second != free_after_first) {
		ktest_print_zones();
		ktest_fail("free pages: %llu after the first round, %llu after "
			   "the second",
			   (unsigned long long)free_after_first,
			   (unsigned long long)free_after_second);
		return;
	}
}

/*
 * Modules that must not run are refused, and cost nothing: a text file,
 * a program whose bss is 64 GiB (refused before a page is taken: the
 * harness checks the reason in the log), and module bounds no loader
 * should hand over, which are never read.
 */
KTEST_EXPLICIT(user_modules_refused)
{
	const struct boot_info *bi = ktest_boot_info();
	const struct boot_module *hello = find_module(bi, "hello-a");
	KTEST_ASSERT(hello != NULL);
	task_t t = NULL;

	thread_sleep_ticks(2); /* let earlier tasks be reaped */
	uint64_t before = ktest_free_memory_pages();
	for (unsigned i = 0; i < NREFUSED; i++) {
		const struct boot_module *m =
			find_module(bi, refused_modules[i].name);
		KTEST_ASSERT(m != NULL);
		KTEST_ASSERT_EQ(bootstrap_module_task(bi, m, &t),
				refused_modules[i].kr);
	}

	/* A valid program seen through bad bounds. */
	uint64_t physmap_end = pmap_physmap_end();
	const struct boot_module bad[] = {
		{ hello->start, hello->start, "empty" },
		{ hello->start, hello->start - 1, "reversed" },
		{ hello->start, hello->end + 1, "overlapping" },
		{ bi->kernel_start, bi->kernel_start + PAGE_SIZE, "kernel" },
		{ bi->info_start, bi->info_end, "bootinfo" },
		{ physmap_end, physmap_end + PAGE_SIZE, "unmapped" },
		{ physmap_end - PAGE_SIZE, physmap_end + PAGE_SIZE, "across" },
		{ 0xfee00000, 0xfee01000, "lapic" },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		kern_return_t kr = bootstrap_module_task(bi, &bad[i], &t);
		if (kr != KERN_INVALID_ARGUMENT) {
			ktest_fail("module %s [%#llx, %#llx): %d, expected "
				   "KERN_INVALID_ARGUMENT",
				   bad[i].cmdline,
				   (unsigned long long)bad[i].start,
				   (unsigned long long)bad[i].end, kr);
			if (kr == KERN_SUCCESS) {
				task_terminate_internal(t, TASK_TERMINATED);
				task_wait_terminated(t);
				task_deallocate(t);
			}
			return;
		}
	}
	thread_sleep_ticks(2);
	KTEST_ASSERT_EQ(ktest_free_memory_pages(), before);
}

/*
 * Booted from tests/qemu/terminate.iso: tasks that never end by
 * themselves (tests/qemu/user/stubborn.c: asleep in thread_switch, in an
 * endless loop, yielding forever).  task_terminate ends each within a
 * quantum (its thread may have to wait its turn behind the CPU-bound
 * ones), whatever its thread is doing; a second round needs no more
 * memory than the first left.
 */
KTEST_EXPLICIT(user_terminate)
{
	const struct boot_info *bi = ktest_boot_info();
	uint64_t free_after_first = 0;
	for (unsigned round = 0; round < 2; round++) {
		task_t tasks[MAX_TASKS];
		unsigned n = 0;
		for (unsigned i = 0; i < bi->nmodules && n < MAX_TASKS; i++)
			KTEST_ASSERT_EQ(bootstrap_module_task(bi,
							      &bi->modules[i],
							      &tasks[n++]),
					KERN_SUCCESS);
		KTEST_ASSERT_EQ(n, 3);
		/* Let each get going: its first system call printed. */
		for (int t = 0; t < HZ; t++) {
			bool all = true;
			for (unsigned i = 0; i < n; i++)
				all = all && tasks[i]->syscalls_mach >= 1;
			if (all)
				break;
			thread_sleep_ticks(1);
		}
		thread_sleep_ticks(5);
		for (unsigned i = 0; i < n; i++) {
			KTEST_ASSERT(tasks[i]->syscalls_mach >= 1);
			KTEST_ASSERT(!tasks[i]->terminated);
			uint64_t start = clock_ticks();
			task_terminate_internal(tasks[i], TASK_TERMINATED);
			while (!tasks[i]->terminated &&
			       clock_ticks() - start < 10 * HZ)
				thread_sleep_ticks(1);
			uint64_t took = clock_ticks() - start;
			kprintf("# task %s: terminated in %llu ticks\n",
				tasks[i]->name, (unsigned long long)took);
			if (!tasks[i]->terminated || took > SCHED_QUANTUM + 2) {
				ktest_fail("task %s: %s after %llu ticks",
					   tasks[i]->name,
					   tasks[i]->terminated ? "terminated"
								: "still alive",
					   (unsigned long long)took);
				return;
			}
			KTEST_ASSERT_EQ(tasks[i]->end, TASK_TERMINATED);
		}
		for (unsigned i = 0; i < n; i++)
			task_deallocate(tasks[i]);
		thread_sleep_ticks(2);
		if (round == 0)
			free_after_first = ktest_free_memory_pages();
	}
	KTEST_ASSERT_EQ(ktest_free_memory_pages(), free_after_first);
}
