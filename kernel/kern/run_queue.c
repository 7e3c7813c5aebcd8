/*
 * kern/run_queue.c: per-processor run queues.
 */

#include "kern/panic.h"
#include "kern/run_queue.h"

void
run_queue_init(struct run_queue *rq)
{
	for (int p = 0; p < NRQS; p++)
		queue_init(&rq->levels[p]);
	rq->bitmap = 0;
	rq->count = 0;
}

void
run_queue_enqueue(struct run_queue *rq, struct rq_entry *e, int priority,
		  bool head)
{
	if (e->queued || priority < 0 || priority >= NRQS)
		panic("run_queue_enqueue: entry %p queued %d, priority %d",
		      (void *)e, e->queued, priority);
	e->priority = priority;
	e->queued = true;
	if (head)
		queue_enter_head(&rq->levels[priority], &e->links);
	else
		queue_enter_tail(&rq->levels[priority], &e->links);
	rq->bitmap |= 1u << priority;
	rq->count++;
}

void
run_queue_remove(struct run_queue *rq, struct rq_entry *e)
{
	if (!e->queued)
		panic("run_queue_remove: entry %p is not queued", (void *)e);
	queue_remove(&e->links);
	e->queued = false;
	if (queue_empty(&rq->levels[e->priority]))
		rq->bitmap &= ~(1u << e->priority);
	rq->count--;
}

struct rq_entry *
run_queue_dequeue(struct run_queue *rq)
{
	int p = run_queue_best(rq);
	if (p == NRQS)
		return NULL;
	struct rq_entry *e =
		queue_entry(rq->levels[p].next, struct rq_entry, links);
	run_queue_remove(rq, e);
	return e;
}
