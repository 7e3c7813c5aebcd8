/*
 * test_thread.c: threads as kernel objects (kern/thread.h): references
 * that outlive a thread's end, thread_create's suspended thread,
 * suspension that keeps a thread out of user mode, termination of a
 * thread that never ran and of a running one, a task's death ending
 * threads that never started, task_suspend, task_create's children.
 * Each test ends with ports, threads, tasks and free pages at their
 * baseline.
 *
 * The user code is a loop written into a task's page: it increments the
 * word at the start of the next page, for ever.
 */

#include <mach/thread_info.h>
#include <mach/thread_status.h>
#include <machine/vm_param.h>

#include "ipc/ipc_port.h"
#include "kern/ipc_tt.h"
#include "kern/ktest.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_map.h"

#include "ktest_memory.h"

#define CODE_VA ((vm_offset_t)0x400000)
#define DATA_VA (CODE_VA + PAGE_SIZE)

/* incq 0xff9(%rip) (the word at DATA_VA); jmp back to it. */
static const unsigned char counting_loop[] = {
	0x48, 0xff, 0x05, 0xf9, 0x0f, 0x00, 0x00, 0xeb, 0xf7,
};

struct baseline {
	uint64_t ports, threads, tasks, pages;
};

static void
baseline_take(struct baseline *b)
{
	b->pages = ktest_free_memory_pages();
	b->ports = ktest_zone_in_use("ipc.port");
	b->threads = ktest_zone_in_use("threads");
	b->tasks = ktest_zone_in_use("tasks");
}

static void
baseline_check(const struct baseline *b)
{
	thread_sleep_ticks(2); /* the ended threads are reaped */
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), b->ports);
	KTEST_ASSERT_EQ(ktest_zone_in_use("threads"), b->threads);
	KTEST_ASSERT_EQ(ktest_zone_in_use("tasks"), b->tasks);
	KTEST_ASSERT_EQ(ktest_free_memory_pages(), b->pages);
}

/* A task whose code is counting_loop; *counter is its word. */
static void
counting_task(task_t *taskp, volatile uint64_t **counter)
{
	task_t task;
	void *code, *data;
	KTEST_ASSERT_EQ(task_create_user("counting", &task), KERN_SUCCESS);
	*taskp = task;
	KTEST_ASSERT_EQ(task_map_page(task, CODE_VA,
				      VM_PROT_READ | VM_PROT_EXECUTE, &code),
			KERN_SUCCESS);
	memcpy(code, counting_loop, sizeof counting_loop);
	KTEST_ASSERT_EQ(task_map_page(task, DATA_VA,
				      VM_PROT_READ | VM_PROT_WRITE, &data),
			KERN_SUCCESS);
	*counter = data;
}

/* Point a created thread at the loop. */
static void
aim_at_loop(thread_t th)
{
	struct i386_thread_state st;
	uint32_t n = i386_THREAD_STATE_COUNT;
	KTEST_ASSERT_EQ(arch_thread_get_state(&th->arch, i386_THREAD_STATE,
					      (uint32_t *)&st, &n),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(st.rip, 0);
	st.rip = CODE_VA;
	st.ursp = DATA_VA + PAGE_SIZE / 2;
	KTEST_ASSERT_EQ(arch_thread_set_state(&th->arch, false,
					      i386_THREAD_STATE,
					      (const uint32_t *)&st, n),
			KERN_SUCCESS);
}

/* End `th' from here and wait until its port is gone. */
static void
terminate(thread_t th)
{
	KTEST_ASSERT(thread_terminate_request(th));
	KTEST_ASSERT(!thread_terminate_request(th)); /* asked already */
	thread_wait_dead(th);
	KTEST_ASSERT(th->dead);
}

/*
 * A thread named by a reference outlives its end: its port dies at the
 * end (no conversion finds it), the structure stays, without its stack,
 * until the last reference goes.
 */
KTEST(thread_reference_outlives_termination)
{
	struct baseline b;
	task_t task;
	thread_t th;

	baseline_take(&b);
	KTEST_ASSERT_EQ(task_create_user("refs", &task), KERN_SUCCESS);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &th), KERN_SUCCESS);
	KTEST_ASSERT_EQ(th->ref_count, 2); /* alive, and ours */
	KTEST_ASSERT_EQ(th->suspend_count, 1);
	KTEST_ASSERT(!th->started);
	KTEST_ASSERT_EQ(ktest_zone_in_use("threads"), b.threads + 1);

	ipc_port_t sright = retrieve_thread_self(th);
	KTEST_ASSERT(sright != IP_NULL);
	KTEST_ASSERT(convert_port_to_thread(sright) == th);
	KTEST_ASSERT_EQ(th->ref_count, 3);
	thread_deallocate(th);
	KTEST_ASSERT(convert_port_to_thread(IP_NULL) == NULL);

	/* Never started: terminating starts it, and it ends at once. */
	terminate(th);
	KTEST_ASSERT(convert_port_to_thread(sright) == NULL);
	ipc_port_release_send(sright);
	thread_sleep_ticks(1);
	KTEST_ASSERT(th->state & TH_TERMINATED);
	KTEST_ASSERT_EQ(th->kernel_stack, 0); /* reaped */
	KTEST_ASSERT_EQ(th->ref_count, 1);    /* ours only */
	KTEST_ASSERT_EQ(ktest_zone_in_use("threads"), b.threads + 1);
	thread_deallocate(th);
	KTEST_ASSERT_EQ(ktest_zone_in_use("threads"), b.threads);

	/* Its last thread gone, the task ended and let its memory go. */
	task_wait_terminated(task);
	task_deallocate(task);
	baseline_check(&b);
}

/*
 * A suspended thread does not run user code: the counter stops while
 * it is suspended, the counts nest, and resuming at 0 fails.
 */
KTEST(thread_suspended_does_not_run)
{
	struct baseline b;
	volatile uint64_t *counter;
	thread_t th;

	baseline_take(&b);
	task_t task;
	counting_task(&task, &counter);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &th), KERN_SUCCESS);
	aim_at_loop(th);
	thread_sleep_ticks(3);
	KTEST_ASSERT_EQ(*counter, 0); /* created suspended */

	KTEST_ASSERT_EQ(thread_release(th), KERN_SUCCESS);
	KTEST_ASSERT(th->started);
	thread_sleep_ticks(3);
	uint64_t c0 = *counter;
	KTEST_ASSERT(c0 > 0);
	KTEST_ASSERT_EQ(thread_release(th), KERN_FAILURE); /* at 0 */

	thread_hold(th);
	thread_hold(th);
	thread_sleep_ticks(2); /* it reaches its stop */
	uint64_t c1 = *counter;
	thread_sleep_ticks(5);
	KTEST_ASSERT_EQ(*counter, c1);
	KTEST_ASSERT_EQ(th->state & (TH_RUN | TH_WAIT), TH_WAIT);
	KTEST_ASSERT_EQ(thread_release(th), KERN_SUCCESS);
	thread_sleep_ticks(3);
	KTEST_ASSERT_EQ(*counter, c1); /* one suspension left */
	KTEST_ASSERT_EQ(thread_release(th), KERN_SUCCESS);
	thread_sleep_ticks(3);
	KTEST_ASSERT(*counter > c1);

	/* A running thread ends too, and its last reference frees it. */
	terminate(th);
	thread_deallocate(th);
	task_wait_terminated(task);
	task_deallocate(task);
	baseline_check(&b);
}

/* A suspended thread asked to end ends: the suspension is overridden. */
KTEST(thread_terminate_suspended)
{
	struct baseline b;
	volatile uint64_t *counter;
	thread_t th;

	baseline_take(&b);
	task_t task;
	counting_task(&task, &counter);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &th), KERN_SUCCESS);
	aim_at_loop(th);
	KTEST_ASSERT_EQ(thread_release(th), KERN_SUCCESS);
	thread_sleep_ticks(2);
	thread_hold(th);
	thread_sleep_ticks(2);
	uint64_t c = *counter;
	terminate(th);
	KTEST_ASSERT_EQ(*counter, c); /* no user code on the way out */
	thread_deallocate(th);
	task_wait_terminated(task);
	task_deallocate(task);
	baseline_check(&b);
}

/*
 * A task's death ends every thread: two that never started, one
 * suspended; no thread is created in it any more.
 */
KTEST(task_terminate_ends_unstarted_threads)
{
	struct baseline b;
	volatile uint64_t *counter;
	thread_t a, c, run;

	baseline_take(&b);
	task_t task;
	counting_task(&task, &counter);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &a), KERN_SUCCESS);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &c), KERN_SUCCESS);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &run), KERN_SUCCESS);
	aim_at_loop(run);
	KTEST_ASSERT_EQ(thread_release(run), KERN_SUCCESS);
	thread_sleep_ticks(2);
	thread_hold(run);
	KTEST_ASSERT_EQ(task->thread_count, 3);

	task_terminate_internal(task, TASK_TERMINATED);
	thread_t late;
	KTEST_ASSERT_EQ(thread_create_suspended(task, &late), KERN_FAILURE);
	task_wait_terminated(task);
	KTEST_ASSERT(a->dead && c->dead && run->dead);
	KTEST_ASSERT_EQ(task->thread_count, 0);
	thread_deallocate(a);
	thread_deallocate(c);
	thread_deallocate(run);
	task_deallocate(task);
	baseline_check(&b);
}

/*
 * State a user gives is checked before it is taken: nothing that could
 * not return to user mode is stored.
 */
KTEST(thread_state_checked)
{
	struct baseline b;
	task_t task;
	thread_t th;
	struct i386_thread_state st, now;
	uint32_t n = i386_THREAD_STATE_COUNT;

	baseline_take(&b);
	KTEST_ASSERT_EQ(task_create_user("state", &task), KERN_SUCCESS);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &th), KERN_SUCCESS);
	struct arch_thread *at = &th->arch;
	KTEST_ASSERT_EQ(arch_thread_get_state(at, i386_THREAD_STATE,
					      (uint32_t *)&st, &n),
			KERN_SUCCESS);
	const uint64_t bad_addresses[] = { 0x0000800000000000ull,
					   0x8000000000000000ull,
					   0xffff7fffffffffffull };
	for (unsigned i = 0; i < 3; i++) {
		struct i386_thread_state s = st;
		s.rip = bad_addresses[i];
		KTEST_ASSERT_EQ(arch_thread_set_state(at, false,
						      i386_THREAD_STATE,
						      (uint32_t *)&s, n),
				KERN_INVALID_ARGUMENT);
		s = st;
		s.ursp = bad_addresses[i];
		KTEST_ASSERT_EQ(arch_thread_set_state(at, false,
						      i386_THREAD_STATE,
						      (uint32_t *)&s, n),
				KERN_INVALID_ARGUMENT);
	}
	/* Any selector but the user's is refused with REGS_SEGS, and
	 * THREAD_STATE sets the user's whatever it is given. */
	struct i386_thread_state s = st;
	s.cs = 0x08; /* the kernel's */
	KTEST_ASSERT_EQ(arch_thread_set_state(at, false, i386_REGS_SEGS_STATE,
					      (uint32_t *)&s, n),
			KERN_INVALID_ARGUMENT);
	s.ss = 0x10;
	s.rfl = ~0ull; /* every bit */
	KTEST_ASSERT_EQ(arch_thread_set_state(at, false, i386_THREAD_STATE,
					      (uint32_t *)&s, n),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(arch_thread_get_state(at, i386_THREAD_STATE,
					      (uint32_t *)&now, &n),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(now.cs, st.cs);
	KTEST_ASSERT_EQ(now.ss, st.ss);
	KTEST_ASSERT_EQ(now.rfl, 0x3c0fd7ull); /* no IOPL NT RF VM */
	/* Only the FS and GS bases may be set on the running thread. */
	KTEST_ASSERT_EQ(arch_thread_set_state(at, true, i386_THREAD_STATE,
					      (uint32_t *)&s, n),
			KERN_INVALID_ARGUMENT);
	/* A kernel thread has no user state. */
	n = i386_THREAD_STATE_COUNT;
	KTEST_ASSERT_EQ(arch_thread_get_state(&current_thread()->arch,
					      i386_THREAD_STATE,
					      (uint32_t *)&now, &n),
			KERN_INVALID_ARGUMENT);

	terminate(th);
	thread_deallocate(th);
	task_wait_terminated(task);
	task_deallocate(task);
	baseline_check(&b);
}

/*
 * task_suspend's count holds every thread of the task, those made
 * while it is suspended too; a thread's own suspension is apart.
 */
KTEST(task_suspend_holds_every_thread)
{
	struct baseline b;
	volatile uint64_t *counter;
	thread_t a, c, late;

	baseline_take(&b);
	task_t task;
	counting_task(&task, &counter);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &a), KERN_SUCCESS);
	KTEST_ASSERT_EQ(thread_create_suspended(task, &c), KERN_SUCCESS);
	aim_at_loop(a);
	aim_at_loop(c);
	KTEST_ASSERT_EQ(thread_release(a), KERN_SUCCESS);
	KTEST_ASSERT_EQ(thread_release(c), KERN_SUCCESS);
	thread_sleep_ticks(3);
	KTEST_ASSERT(*counter > 0);

	KTEST_ASSERT_EQ(task_resume_count(task), KERN_FAILURE);
	KTEST_ASSERT_EQ(task_suspend_count(task), KERN_SUCCESS);
	KTEST_ASSERT_EQ(task_suspend_count(task), KERN_SUCCESS);
	thread_sleep_ticks(2);
	uint64_t c1 = *counter;
	thread_sleep_ticks(5);
	KTEST_ASSERT_EQ(*counter, c1);
	KTEST_ASSERT_EQ(a->suspend_count, 1); /* one hold for the task */
	KTEST_ASSERT_EQ(a->user_stop_count, 0);

	/* Made while the task is suspended: held by it and by itself. */
	KTEST_ASSERT_EQ(thread_create_suspended(task, &late), KERN_SUCCESS);
	aim_at_loop(late);
	KTEST_ASSERT_EQ(late->suspend_count, 2);
	KTEST_ASSERT_EQ(thread_release(late), KERN_SUCCESS);
	KTEST_ASSERT(!late->started);
	KTEST_ASSERT_EQ(task_resume_count(task), KERN_SUCCESS);
	thread_sleep_ticks(3);
	KTEST_ASSERT_EQ(*counter, c1); /* one task suspension left */
	KTEST_ASSERT_EQ(task_resume_count(task), KERN_SUCCESS);
	KTEST_ASSERT(late->started);
	thread_sleep_ticks(3);
	KTEST_ASSERT(*counter > c1);
	KTEST_ASSERT_EQ(task_resume_count(task), KERN_FAILURE);

	task_terminate_internal(task, TASK_TERMINATED);
	task_wait_terminated(task);
	KTEST_ASSERT_EQ(task_suspend_count(task), KERN_FAILURE);
	KTEST_ASSERT(a->dead && c->dead && late->dead);
	thread_deallocate(a);
	thread_deallocate(c);
	thread_deallocate(late);
	task_deallocate(task);
	baseline_check(&b);
}

/*
 * task_create's child: the parent's memory by inheritance or none, the
 * parent's special ports copied; with no thread, task_terminate ends it
 * and drops its reference for being alive.
 */
KTEST(task_create_child_inherits_and_ends)
{
	struct baseline b;
	volatile uint64_t *counter;
	task_t parent, child, empty;

	baseline_take(&b);
	counting_task(&parent, &counter);
	*counter = 42;
	ipc_port_t exc = ipc_port_create();
	KTEST_ASSERT(exc != IP_NULL);
	parent->itk_exception = ipc_port_make_send(exc);

	KTEST_ASSERT_EQ(task_create_child(parent, true, &child), KERN_SUCCESS);
	KTEST_ASSERT_EQ(child->ref_count, 2); /* alive, and ours */
	KTEST_ASSERT(child->itk_exception == exc);
	KTEST_ASSERT(child->map != NULL && child->map != parent->map);
	unsigned nentries;
	vm_size_t size;
	uint64_t resident;
	vm_map_info(child->map, &nentries, &size, &resident);
	KTEST_ASSERT_EQ(size, 2 * PAGE_SIZE);
	void *kva;
	KTEST_ASSERT_EQ(task_map_page(child, DATA_VA,
				      VM_PROT_READ | VM_PROT_WRITE, &kva),
			KERN_SUCCESS);
	KTEST_ASSERT_EQ(*(volatile uint64_t *)kva, 42);
	*(volatile uint64_t *)kva = 7; /* the child's copy only */
	KTEST_ASSERT_EQ(*counter, 42);

	KTEST_ASSERT_EQ(task_create_child(parent, false, &empty), KERN_SUCCESS);
	vm_map_info(empty->map, &nentries, &size, &resident);
	KTEST_ASSERT_EQ(size, 0);

	/* No thread: terminating ends them at once. */
	task_terminate_internal(child, TASK_TERMINATED);
	task_terminate_internal(empty, TASK_TERMINATED);
	task_wait_terminated(child);
	KTEST_ASSERT(child->terminated && child->map == NULL);
	KTEST_ASSERT_EQ(child->ref_count, 1); /* ours only */
	KTEST_ASSERT_EQ(empty->ref_count, 1);
	task_deallocate(child);
	task_deallocate(empty);
	task_terminate_internal(parent, TASK_TERMINATED);
	task_wait_terminated(parent);
	task_deallocate(parent);
	ipc_port_destroy(exc);
	baseline_check(&b);
}
