/*
 * kern/timer.c: the sorted queue of timer calls.
 *
 * Lock: timer_lock guards timer_queue_global and every call's links,
 * deadline, pending and running flags.  Calls run without the lock
 * held, so a call may re-arm itself; timer_tick marks a call running
 * around its function so that timer_call_cancel_wait can wait for it.
 */

#include <stddef.h>

#include "kern/lock.h"
#include "kern/timer.h"

static simple_lock_t timer_lock = SIMPLE_LOCK_INITIALIZER;
static struct timer_queue timer_queue_global = {
	{ &timer_queue_global.calls, &timer_queue_global.calls }
};

void
timer_call_setup(struct timer_call *call, timer_func_t func, void *arg)
{
	queue_init(&call->links);
	call->deadline = 0;
	call->func = func;
	call->arg = arg;
	call->pending = false;
	call->running = false;
}

void
timer_queue_init(struct timer_queue *q)
{
	queue_init(&q->calls);
}

void
timer_queue_enter(struct timer_queue *q, struct timer_call *call,
		  uint64_t deadline)
{
	if (call->pending)
		queue_remove(&call->links);
	call->deadline = deadline;
	call->pending = true;
	/* After every call due no later: FIFO among equal deadlines. */
	queue_chain_t *pos = q->calls.prev;
	while (pos != &q->calls &&
	       queue_entry(pos, struct timer_call, links)->deadline > deadline)
		pos = pos->prev;
	call->links.prev = pos;
	call->links.next = pos->next;
	pos->next->prev = &call->links;
	pos->next = &call->links;
}

bool
timer_queue_cancel(struct timer_queue *q, struct timer_call *call)
{
	(void)q;
	if (!call->pending)
		return false;
	queue_remove(&call->links);
	call->pending = false;
	return true;
}

struct timer_call *
timer_queue_expired(struct timer_queue *q, uint64_t now)
{
	if (queue_empty(&q->calls))
		return NULL;
	struct timer_call *first =
		queue_entry(q->calls.next, struct timer_call, links);
	if (first->deadline > now)
		return NULL;
	queue_remove(&first->links);
	first->pending = false;
	return first;
}

void
timer_call_enter(struct timer_call *call, uint64_t deadline)
{
	simple_lock(&timer_lock);
	timer_queue_enter(&timer_queue_global, call, deadline);
	simple_unlock(&timer_lock);
}

bool
timer_call_cancel(struct timer_call *call)
{
	simple_lock(&timer_lock);
	bool was = timer_queue_cancel(&timer_queue_global, call);
	simple_unlock(&timer_lock);
	return was;
}

void
timer_call_cancel_wait(struct timer_call *call)
{
	for (;;) {
		simple_lock(&timer_lock);
		timer_queue_cancel(&timer_queue_global, call);
		bool running = call->running;
		simple_unlock(&timer_lock);
		if (!running)
			return;
		cpu_relax();
	}
}

bool
timer_call_running(struct timer_call *call)
{
	simple_lock(&timer_lock);
	bool running = call->running;
	simple_unlock(&timer_lock);
	return running;
}

void
timer_tick(uint64_t now)
{
	for (;;) {
		simple_lock(&timer_lock);
		struct timer_call *call =
			timer_queue_expired(&timer_queue_global, now);
		if (call != NULL)
			call->running = true;
		simple_unlock(&timer_lock);
		if (call == NULL)
			return;
		call->func(call->arg);
		simple_lock(&timer_lock);
		call->running = false;
		simple_unlock(&timer_lock);
	}
}
