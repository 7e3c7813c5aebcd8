/*
 * kern/timer.h: callouts at a clock tick.
 *
 * A timer_call runs func(arg) from the clock interrupt once the tick
 * count reaches its deadline.  The caller owns the storage; a call is
 * pending between timer_call_enter and either its firing or
 * timer_call_cancel, and running while its function runs (it may be
 * pending again by then, if it re-armed itself).  Functions run with
 * interrupts off and must not block.
 *
 * timer_call_cancel cannot stop a function already running: on another
 * CPU it may still run after the cancel.  Its function must therefore
 * check, under the lock of the state it changes, that it is still
 * wanted; and the storage may be freed only after
 * timer_call_cancel_wait, which also waits for a running function to
 * return.
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
	bool pending; /* queued; guarded by timer_lock */
	bool running; /* func is running; guarded by timer_lock */
};

struct timer_queue {
	queue_head_t calls; /* sorted by deadline, FIFO among equals */
};

/* Set up an idle call.  Never on a call that is pending or running. */
void timer_call_setup(struct timer_call *call, timer_func_t func, void *arg);

void timer_queue_init(struct timer_queue *q);
void timer_queue_enter(struct timer_queue *q, struct timer_call *call,
		       uint64_t deadline);
bool timer_queue_cancel(struct timer_queue *q, struct timer_call *call);
/* Remove and return the first call due at `now', or NULL. */
struct timer_call *timer_queue_expired(struct timer_queue *q, uint64_t now);

/* Arm `call' for tick `deadline' (re-arming a pending call moves it). */
void timer_call_enter(struct timer_call *call, uint64_t deadline);

/*
 * Disarm `call'; returns whether it was still pending (false also when
 * its function is running now: see timer_call_running).
 */
bool timer_call_cancel(struct timer_call *call);

/*
 * Disarm `call' and wait until its function, if running on another CPU,
 * has returned; after this the storage may be freed.  Not from the
 * call's own function, nor holding a lock that function takes.
 */
void timer_call_cancel_wait(struct timer_call *call);

/* Whether `call''s function is running now (for assertions). */
bool timer_call_running(struct timer_call *call);

/* From the clock interrupt: run every call due at tick `now'. */
void timer_tick(uint64_t now);

#endif
