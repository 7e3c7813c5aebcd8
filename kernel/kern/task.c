/*
 * kern/task.c: tasks.
 */

#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"

struct task kernel_task_store;

void
task_bootstrap(void)
{
	struct task *t = kernel_task;
	simple_lock_init(&t->lock);
	queue_init(&t->threads);
	t->thread_count = 0;
	t->pmap = NULL;
	memcpy(t->name, "kernel", sizeof "kernel");
}

void
task_add_thread(struct task *task, struct thread *thread)
{
	simple_lock(&task->lock);
	queue_enter_tail(&task->threads, &thread->task_links);
	task->thread_count++;
	simple_unlock(&task->lock);
}

void
task_remove_thread(struct task *task, struct thread *thread)
{
	simple_lock(&task->lock);
	queue_remove(&thread->task_links);
	task->thread_count--;
	simple_unlock(&task->lock);
}
