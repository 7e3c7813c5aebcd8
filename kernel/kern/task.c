/*
 * kern/task.c: tasks.
 */

#include <machine/vm_param.h>

#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "kern/clock.h"
#include "kern/ipc_tt.h"
#include "kern/kalloc.h"
#include "kern/panic.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/syscall_emulation.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/zalloc.h"
#include "vm/pmap.h"
#include "vm/vm_map.h"

struct task kernel_task_store;
static zone_t task_zone;

static void
task_init_common(task_t t, const char *name)
{
	memset(t, 0, sizeof *t);
	simple_lock_init(&t->lock);
	queue_init(&t->threads);
	t->ref_count = 1;
	t->created_tick = clock_ticks();
	t->priority = BASEPRI_USER;
	size_t n = strlen(name);
	if (n >= TASK_NAME_MAX)
		n = TASK_NAME_MAX - 1;
	memcpy(t->name, name, n);
	t->name[n] = '\0';
}

void
task_bootstrap(void)
{
	task_init_common(kernel_task, "kernel");
	task_zone = zone_create("tasks", sizeof(struct task), 0, 0);
	if (task_zone == NULL)
		panic("task_bootstrap: no task zone");
}

kern_return_t
task_create_user(const char *name, task_t *out)
{
	task_t t = zalloc(task_zone);
	if (t == NULL)
		return KERN_RESOURCE_SHORTAGE;
	task_init_common(t, name);
	pmap_t pmap = pmap_create();
	if (pmap == NULL) {
		zfree(task_zone, t);
		return KERN_RESOURCE_SHORTAGE;
	}
	t->map = vm_map_create(pmap, VM_MAP_USER_MIN, USER_LIMIT);
	if (t->map == NULL) {
		pmap_destroy(pmap);
		zfree(task_zone, t);
		return KERN_RESOURCE_SHORTAGE;
	}
	t->pmap = pmap;
	if (ipc_task_init(t) != KERN_SUCCESS) {
		vm_map_deallocate(t->map);
		zfree(task_zone, t);
		return KERN_RESOURCE_SHORTAGE;
	}
	*out = t;
	return KERN_SUCCESS;
}

kern_return_t
task_create_child(task_t parent, bool inherit_memory, task_t *out)
{
	char name[TASK_NAME_MAX];
	size_t n = strlen(parent->name);
	if (n > TASK_NAME_MAX - 3)
		n = TASK_NAME_MAX - 3;
	name[0] = '(';
	memcpy(name + 1, parent->name, n);
	name[n + 1] = ')';
	name[n + 2] = '\0';

	simple_lock(&parent->lock);
	vm_map_t parent_map = parent->map;
	if (parent_map != NULL)
		vm_map_reference(parent_map);
	simple_unlock(&parent->lock);
	if (inherit_memory && parent_map == NULL)
		return KERN_FAILURE; /* nothing to inherit any more */
	int eml_start;
	vm_offset_t *eml_vector;
	unsigned eml_count;
	if (eml_copy(parent, &eml_start, &eml_vector, &eml_count) !=
	    KERN_SUCCESS) {
		eml_vector = NULL;
		eml_count = 0;
		goto shortage;
	}

	task_t t = zalloc(task_zone);
	if (t == NULL)
		goto shortage;
	task_init_common(t, name);
	if (inherit_memory) {
		t->map = vm_map_fork(parent_map);
	} else {
		pmap_t pmap = pmap_create();
		if (pmap != NULL) {
			t->map = vm_map_create(pmap, VM_MAP_USER_MIN,
					       USER_LIMIT);
			if (t->map == NULL)
				pmap_destroy(pmap);
		}
	}
	if (t->map == NULL) {
		zfree(task_zone, t);
		goto shortage;
	}
	t->pmap = t->map->pmap;
	if (ipc_task_init(t) != KERN_SUCCESS) {
		vm_map_deallocate(t->map);
		zfree(task_zone, t);
		goto shortage;
	}
	if (parent_map != NULL)
		vm_map_deallocate(parent_map);
	ipc_task_inherit(t, parent);
	t->priority = __atomic_load_n(&parent->priority, __ATOMIC_RELAXED);
	eml_install(t, eml_start, eml_vector, eml_count);
	t->alive_ref = true;
	t->ref_count = 2; /* alive, and the caller's */
	*out = t;
	return KERN_SUCCESS;

shortage:
	if (parent_map != NULL)
		vm_map_deallocate(parent_map);
	kfree(eml_vector, eml_count * sizeof *eml_vector);
	return KERN_RESOURCE_SHORTAGE;
}

/*
 * Give back a user task's ports, names and address space: its port
 * dies, its space is destroyed (every right in it released: the ports
 * it received from die), and its map's reference goes (the last one
 * frees every entry, page and the pmap).  No thread runs in it; the map
 * is detached under the lock, so a task_map_page from outside (a task
 * that maps into another) finds no map rather than a freed one.
 */
static void
task_release_memory(task_t task)
{
	ipc_task_terminate(task);
	ipc_notify_deliver(); /* what the rights' release recorded */
	eml_release(task);
	simple_lock(&task->lock);
	struct vm_map *map = task->map;
	task->map = NULL;
	task->pmap = NULL;
	simple_unlock(&task->lock);

	if (map != NULL)
		vm_map_deallocate(map);
}

/*
 * The task has ended (its last thread gone, or terminated with none):
 * its memory goes, waiters wake, and task_create's reference for being
 * alive is dropped.  Once, by whoever set task->terminated.
 */
static void
task_ended(task_t task)
{
	task_release_memory(task);
	thread_wakeup(task);
	if (task->alive_ref)
		task_deallocate(task);
}

void
task_reference(task_t task)
{
	__atomic_add_fetch(&task->ref_count, 1, __ATOMIC_RELAXED);
}

void
task_deallocate(task_t task)
{
	if (task == NULL)
		return; /* MIG's destructor after a failed conversion */
	if (__atomic_sub_fetch(&task->ref_count, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	simple_lock(&task->lock);
	bool alive = task->thread_count > 0;
	simple_unlock(&task->lock);
	if (alive || task == kernel_task)
		panic("task %s: last reference dropped with %s", task->name,
		      alive ? "threads left" : "the kernel task");
	/* A task that never ran a thread still holds its memory. */
	if (!task->terminated && task->map != NULL) {
		task->terminated = true;
		task_release_memory(task);
	}
	zfree(task_zone, task);
}

kern_return_t
task_map_page(task_t task, vm_offset_t va, vm_prot_t prot, void **kva)
{
	if ((va & PAGE_MASK) != 0 || va >= USER_LIMIT)
		return KERN_INVALID_ADDRESS;
	simple_lock(&task->lock);
	struct vm_map *map = task->map;
	if (map != NULL)
		vm_map_reference(map);
	simple_unlock(&task->lock);
	if (map == NULL)
		return KERN_INVALID_ADDRESS; /* kernel task, or memory gone */
	kern_return_t kr = vm_map_page_kernel(map, va, prot, kva);
	vm_map_deallocate(map);
	return kr;
}

kern_return_t
task_add_thread(task_t task, struct thread *thread)
{
	simple_lock(&task->lock);
	if (task != kernel_task && task->terminating) {
		simple_unlock(&task->lock);
		return KERN_FAILURE;
	}
	queue_enter_tail(&task->threads, &thread->task_links);
	task->thread_count++;
	/* Held as its task is; nobody schedules it yet. */
	thread->suspend_count += task->suspend_count;
	task_reference(task); /* each thread holds its task */
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

void
task_remove_thread(task_t task, struct thread *thread)
{
	simple_lock(&task->lock);
	queue_remove(&thread->task_links);
	task->ended_ticks += thread->ticks_run;
	bool last = --task->thread_count == 0 && task != kernel_task;
	if (last) {
		task->terminating = true;
		task->terminated = true;
	}
	simple_unlock(&task->lock);

	if (last)
		task_ended(task);
	task_deallocate(task); /* the thread's reference */
}

void
task_terminate_internal(task_t task, enum task_end why)
{
	simple_lock(&task->lock);
	if (task->end == TASK_RUNNING)
		task->end = why;
	/*
	 * Set before the waits are aborted: assert_wait reads it under
	 * sched_lock, so a wait either sees it and does not begin, or
	 * began before and is aborted here.
	 */
	__atomic_store_n(&task->terminating, true, __ATOMIC_RELEASE);
	for (queue_chain_t *q = task->threads.next; q != &task->threads;
	     q = q->next)
		thread_task_terminating(
			queue_entry(q, struct thread, task_links));
	/* With no thread to end it (task_create's, none made yet), it
	 * ends here. */
	bool ends = task->thread_count == 0 && !task->terminated &&
		    task != kernel_task;
	if (ends)
		task->terminated = true;
	simple_unlock(&task->lock);
	if (ends)
		task_ended(task);
}

/* Hold (or release) every thread of `task'.  Task lock held. */
static void
task_hold_threads(task_t task, bool hold)
{
	for (queue_chain_t *q = task->threads.next; q != &task->threads;
	     q = q->next) {
		thread_t th = queue_entry(q, struct thread, task_links);
		if (hold)
			thread_task_hold(th);
		else
			thread_task_release(th);
	}
}

kern_return_t
task_suspend_count(task_t task)
{
	simple_lock(&task->lock);
	if (task->terminating || task->itk_self == NULL) {
		simple_unlock(&task->lock);
		return KERN_FAILURE;
	}
	if (task->user_stop_count++ == 0) {
		task->suspend_count++;
		task_hold_threads(task, true);
	}
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

kern_return_t
task_resume_count(task_t task)
{
	simple_lock(&task->lock);
	if (task->terminating || task->itk_self == NULL ||
	    task->user_stop_count == 0) {
		simple_unlock(&task->lock);
		return KERN_FAILURE;
	}
	if (--task->user_stop_count == 0) {
		task->suspend_count--;
		task_hold_threads(task, false);
	}
	simple_unlock(&task->lock);
	return KERN_SUCCESS;
}

/* Wait until `task' has ended; false if an interruptible wait was
 * interrupted first. */
static bool
wait_terminated(task_t task, bool interruptible)
{
	for (;;) {
		assert_wait(task, interruptible);
		/* Ended, and its ports and memory released (the map goes
		 * last, task_release_memory). */
		simple_lock(&task->lock);
		bool done = task->terminated && task->map == NULL;
		simple_unlock(&task->lock);
		if (done) {
			clear_wait(current_thread(), THREAD_AWAKENED);
			return true;
		}
		if (thread_block(NULL) == THREAD_INTERRUPTED)
			return false;
	}
}

void
task_wait_terminated(task_t task)
{
	(void)wait_terminated(task, false);
}

bool
task_wait_terminated_abortable(task_t task)
{
	return wait_terminated(task, true);
}

struct zone *
task_zone_for_tests(void)
{
	return task_zone;
}
