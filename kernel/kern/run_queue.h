/*
 * kern/run_queue.h: the runnable threads of one processor, by priority.
 *
 * Priorities follow Mach: 0 is the highest, NRQS - 1 the lowest (the
 * idle thread's).  One FIFO per priority and a bitmap of non-empty
 * levels make enqueue, dequeue and "best priority" constant time.
 *
 * The run queue does not lock: its owner (the scheduler) holds
 * sched_lock around every call.
 */
#ifndef KERN_RUN_QUEUE_H
#define KERN_RUN_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "kern/queue.h"

#define NRQS 32

/* The part of a thread the run queue uses. */
struct rq_entry {
	queue_chain_t links;
	int priority; /* the level it is queued at */
	bool queued;
};

struct run_queue {
	queue_head_t levels[NRQS];
	uint32_t bitmap; /* bit p set: levels[p] is not empty */
	unsigned count;
};

void run_queue_init(struct run_queue *rq);

/* Queue `e' at `priority': at the tail, or at the head if `head'. */
void run_queue_enqueue(struct run_queue *rq, struct rq_entry *e, int priority,
		       bool head);

/* Take `e' off the queue it is on. */
void run_queue_remove(struct run_queue *rq, struct rq_entry *e);

/* Remove and return the first entry of the best level, or NULL. */
struct rq_entry *run_queue_dequeue(struct run_queue *rq);

/* The best priority queued, or NRQS if the queue is empty. */
static inline int
run_queue_best(const struct run_queue *rq)
{
	return rq->bitmap == 0 ? NRQS : __builtin_ctz(rq->bitmap);
}

#endif
