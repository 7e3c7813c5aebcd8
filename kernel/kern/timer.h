/*
 * kern/timer.h: callouts at a clock tick.
 *
 * A timer_call runs func(arg) from the clock interrupt once the tick
 * count reaches its deadline.  The caller owns the storage; a call is
 * pending between timer_call_enter and either its firing or
 * timer_call_cancel.  Functions run with interrupts off and must not
 * block.
 *
 * The queue is kept sorted by deadline, so each tick looks at its head
 * only.  timer_queue_* are the lock-free core (tested on the host); the
 * timer_call_* functions add the lock and the kernel's global queue.
 */
#ifndef KERN_TIMER_H
#define KERN_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "kern/queue.h"

typedef void (*timer_func_t)(void *arg);

struct timer_call {
	queue_chain_t links;
	uint64_t deadline; /* tick at which it fires */
	timer_func_t func;
	void *arg;
	bool pending;
};

struct timer_queue {
	queue_head_t calls; /* sorted by deadline, FIFO among equals */
};

void timer_call_setup(struct timer_call *call, timer_func_t func, void *arg);

void timer_queue_init(struct timer_queue *q);
void timer_queue_enter(struct timer_queue *q, struct timer_call *call,
		       uint64_t deadline);
bool timer_queue_cancel(struct timer_queue *q, struct timer_call *call);
/* Remove and return the first call due at `now', or NULL. */
struct timer_call *timer_queue_expired(struct timer_queue *q, uint64_t now);

/* Arm `call' for tick `deadline' (re-arming a pending call moves it). */
void timer_call_enter(struct timer_call *call, uint64_t deadline);

/* Disarm `call'; returns whether it was still pending. */
bool timer_call_cancel(struct timer_call *call);

/* From the clock interrupt: run every call due at tick `now'. */
void timer_tick(uint64_t now);

#endif
