/*
 * kern/sched_prim.c: the scheduler.
 *
 * One run queue per CPU (only the boot CPU's is used so far), 32
 * priority levels, round-robin within a level with a quantum of
 * SCHED_QUANTUM ticks, timesharing priorities aged once a second
 * (kern/sched_policy.c).  A thread that becomes runnable with a better
 * priority than the running one preempts it at the next preemption
 * point: the end of an interrupt that interrupted preemptible code, or
 * the end of the wakeup call that made it runnable.
 *
 * Lock order: sched_lock, then a zone's or vm_page's lock (stacks and
 * threads are freed with sched_lock held), then timer_lock.  sched_lock
 * is taken with spin_lock, interrupts off; a context switch happens with
 * it held, and the thread switched to releases it.
 */

#include <machine/cpu.h>

#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/lock.h"
#include "kern/panic.h"
#include "kern/sched_prim.h"
#include "kern/thread.h"

#define WAIT_BUCKETS 64

simple_lock_t sched_lock = SIMPLE_LOCK_INITIALIZER;

static queue_head_t wait_buckets[WAIT_BUCKETS];
static uint32_t sched_period; /* seconds since boot, for usage decay */
static uint64_t context_switches;
static uint64_t stack_handoffs;

static queue_head_t *
wait_bucket(event_t event)
{
	uint64_t x = (uintptr_t)event;
	x = (x ^ (x >> 29)) * 0x9e3779b97f4a7c15ull;
	return &wait_buckets[x >> 58];
}

/* Bring a thread's usage and priority up to date.  sched_lock held. */
static void
update_priority(thread_t th)
{
	if (th->sched_stamp != sched_period) {
		th->cpu_usage = sched_decay_usage(
			th->cpu_usage, sched_period - th->sched_stamp);
		th->sched_stamp = sched_period;
	}
	if (th->depressed)
		th->sched_priority = SCHED_LOWEST_PRI;
	else if (th->policy == POLICY_TIMESHARE)
		th->sched_priority = sched_timeshare_priority(th->base_priority,
							      th->cpu_usage);
	else
		th->sched_priority = th->base_priority;
}

void
sched_init(void)
{
	for (int i = 0; i < WAIT_BUCKETS; i++)
		queue_init(&wait_buckets[i]);
}

void
thread_setrun_locked(thread_t th)
{
	struct cpu *c = &cpus[0];

	th->state = TH_RUN;
	if (th->on_cpu || th->rq.queued)
		return;
	update_priority(th);
	run_queue_enqueue(&c->runq, &th->rq, th->sched_priority, false);
	if (c->active_thread == NULL ||
	    th->sched_priority < c->active_thread->sched_priority)
		c->need_resched = true;
}

/*
 * After a switch, on the new thread's stack: reclaim what the previous
 * thread left.  A terminated thread is freed; a thread that blocked with
 * a continuation loses its stack.  sched_lock held.
 */
static void
reclaim_previous(thread_t prev)
{
	if (prev->state == TH_TERMINATED) {
		thread_reap(prev);
		return;
	}
	if (prev->continuation != NULL && prev->kernel_stack != 0) {
		stack_free(prev->kernel_stack);
		prev->kernel_stack = 0;
	}
}

void
thread_continue(void *prev_)
{
	thread_t prev = prev_, self = current_thread();

	if (prev != self)
		reclaim_previous(prev);
	spin_unlock(&sched_lock);
	intr_enable();

	if (self->continuation != NULL) {
		thread_continue_t k = self->continuation;
		self->continuation = NULL;
		k();
		panic("thread %s: continuation %p returned", self->name,
		      (void *)k);
	}
	self->start(self->start_arg);
	thread_terminate_self();
}

/*
 * Choose the next thread and switch to it.  sched_lock is held and
 * interrupts are off; `intr_was' is the caller's interrupt state, which
 * the caller gets back.  Returns self's wait result when self runs again
 * (without a continuation).
 */
static int
thread_dispatch(thread_t self, thread_continue_t cont, bool intr_was)
{
	struct cpu *c = cpu_current();

	if (self->state == TH_RUN && self != c->idle_thread) {
		update_priority(self);
		/* An expired quantum goes to the back of its level. */
		bool head = self->quantum_left > 0;
		self->on_cpu = false;
		run_queue_enqueue(&c->runq, &self->rq, self->sched_priority,
				  head);
	}
	c->need_resched = false;

	struct rq_entry *e = run_queue_dequeue(&c->runq);
	thread_t next =
		e != NULL ? queue_entry(e, struct thread, rq) : c->idle_thread;
	if (next->depressed) {
		next->depressed = false;
		update_priority(next);
	}
	if (next->quantum_left == 0)
		next->quantum_left = SCHED_QUANTUM;
	next->on_cpu = true;
	c->active_thread = next;

	if (next == self) {
		if (cont != NULL) {
			self->continuation = cont;
			arch_call_continuation(
				thread_continue,
				self->kernel_stack + KERNEL_STACK_SIZE, self);
		}
		spin_unlock(&sched_lock);
		intr_restore(intr_was);
		return self->wait_result;
	}

	context_switches++;
	self->on_cpu = false;
	self->continuation = cont;

	if (next->kernel_stack == 0) {
		/*
		 * Resume a stackless thread at its continuation.  If we
		 * block with a continuation too, our stack is free: hand it
		 * over and never come back here.  Otherwise give it a new
		 * stack that starts in thread_continue, and switch to it as
		 * to any thread, saving our own context.
		 */
		if (cont != NULL && self->state != TH_TERMINATED) {
			next->kernel_stack = self->kernel_stack;
			self->kernel_stack = 0;
			stack_handoffs++;
			arch_thread_switched_to(next);
			arch_call_continuation(
				thread_continue,
				next->kernel_stack + KERNEL_STACK_SIZE, self);
		}
		next->kernel_stack = stack_alloc();
		/*
		 * Known limit: with memory exhausted there is no stack to
		 * resume the thread on.  Mach waits for a page here; that
		 * needs the VM layer's page wait (roadmap item 5).
		 */
		if (next->kernel_stack == 0)
			panic("no memory for a kernel stack");
		arch_thread_init(&next->arch,
				 next->kernel_stack + KERNEL_STACK_SIZE);
	}

	arch_thread_switched_to(next);
	thread_t prev =
		arch_switch_context(&self->arch.sp, next->arch.sp, self);
	/* Running as self again. */
	reclaim_previous(prev);
	spin_unlock(&sched_lock);
	intr_restore(intr_was);
	return self->wait_result;
}

int
thread_block(thread_continue_t cont)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	return thread_dispatch(current_thread(), cont, s);
}

void
thread_block_terminated(void)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	thread_t self = current_thread();
	self->state = TH_TERMINATED;
	thread_dispatch(self, NULL, s);
	panic("terminated thread %s ran again", self->name);
}

void
assert_wait(event_t event, bool interruptible)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	thread_t self = current_thread();
	self->state = TH_WAIT;
	self->wait_event = event;
	self->interruptible = interruptible;
	self->wait_result = THREAD_AWAKENED;
	queue_enter_tail(wait_bucket(event), &self->wait_links);
	spin_unlock(&sched_lock);
	intr_restore(s);
}

void
clear_wait(thread_t th, int result)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	if (th->state == TH_WAIT) {
		queue_remove(&th->wait_links);
		timer_call_cancel(&th->wait_timer);
		th->wait_event = NULL;
		th->wait_result = result;
		thread_setrun_locked(th);
	}
	spin_unlock(&sched_lock);
	intr_restore(s);
}

static void
wait_timeout(void *arg)
{
	clear_wait(arg, THREAD_TIMED_OUT);
}

void
thread_set_timeout(uint64_t ticks)
{
	thread_t self = current_thread();
	timer_call_setup(&self->wait_timer, wait_timeout, self);
	timer_call_enter(&self->wait_timer, clock_ticks() + ticks);
}

static unsigned
wakeup_prim(event_t event, bool one)
{
	unsigned n = 0;
	bool s = intr_disable();
	spin_lock(&sched_lock);
	queue_head_t *bucket = wait_bucket(event);
	for (queue_chain_t *q = bucket->next; q != bucket;) {
		thread_t th = queue_entry(q, struct thread, wait_links);
		q = q->next;
		if (th->wait_event != event)
			continue;
		queue_remove(&th->wait_links);
		timer_call_cancel(&th->wait_timer);
		th->wait_event = NULL;
		th->wait_result = THREAD_AWAKENED;
		thread_setrun_locked(th);
		n++;
		if (one)
			break;
	}
	spin_unlock(&sched_lock);
	intr_restore(s);
	if (s)
		sched_preempt_check();
	return n;
}

unsigned
thread_wakeup(event_t event)
{
	return wakeup_prim(event, false);
}

bool
thread_wakeup_one(event_t event)
{
	return wakeup_prim(event, true) != 0;
}

void
thread_sleep_ticks(uint64_t ticks)
{
	static const char sleep_event;
	assert_wait(&sleep_event, false);
	thread_set_timeout(ticks);
	thread_block(NULL);
}

kern_return_t
thread_set_priority(thread_t th, int priority, enum sched_policy policy)
{
	if (priority < 0 || priority > SCHED_LOWEST_PRI ||
	    (policy != POLICY_TIMESHARE && policy != POLICY_FIXEDPRI))
		return KERN_INVALID_ARGUMENT;
	bool s = intr_disable();
	spin_lock(&sched_lock);
	th->base_priority = priority;
	th->policy = policy;
	struct cpu *c = &cpus[0];
	if (th->rq.queued) {
		run_queue_remove(&c->runq, &th->rq);
		update_priority(th);
		run_queue_enqueue(&c->runq, &th->rq, th->sched_priority, false);
	} else {
		update_priority(th);
	}
	if (run_queue_best(&c->runq) < c->active_thread->sched_priority)
		c->need_resched = true;
	spin_unlock(&sched_lock);
	intr_restore(s);
	sched_preempt_check();
	return KERN_SUCCESS;
}

bool
swtch(void)
{
	bool s0 = intr_disable();
	spin_lock(&sched_lock);
	current_thread()->quantum_left = 0; /* go behind equals */
	thread_dispatch(current_thread(), NULL, s0);
	bool s = intr_disable();
	spin_lock(&sched_lock);
	bool others = cpus[0].runq.count > 0;
	spin_unlock(&sched_lock);
	intr_restore(s);
	return others;
}

bool
swtch_pri(int priority)
{
	(void)priority; /* Mach ignores it too: the depression is total */
	bool s = intr_disable();
	spin_lock(&sched_lock);
	thread_t self = current_thread();
	self->depressed = true;
	update_priority(self);
	spin_unlock(&sched_lock);
	intr_restore(s);
	return swtch();
}

kern_return_t
thread_switch(thread_t hint, bool depress)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	struct cpu *c = &cpus[0];
	thread_t self = current_thread();
	if (depress) {
		self->depressed = true;
		update_priority(self);
	}
	/* Put a runnable hint first in line at its level. */
	if (hint != NULL && hint != self && hint->rq.queued) {
		run_queue_remove(&c->runq, &hint->rq);
		run_queue_enqueue(&c->runq, &hint->rq, hint->sched_priority,
				  true);
	}
	/* Yield even to equals: go behind them. */
	self->quantum_left = 0;
	thread_dispatch(self, NULL, s);
	return KERN_SUCCESS;
}

/* Re-age every queued thread once a second.  sched_lock held. */
static void
age_run_queue(struct run_queue *rq)
{
	queue_head_t all;
	queue_init(&all);
	struct rq_entry *e;
	while ((e = run_queue_dequeue(rq)) != NULL)
		queue_enter_tail(&all, &e->links);
	queue_chain_t *q;
	while ((q = queue_remove_first(&all)) != NULL) {
		thread_t th = queue_entry(q, struct thread, rq.links);
		update_priority(th);
		run_queue_enqueue(rq, &th->rq, th->sched_priority, false);
	}
}

void
sched_clock_tick(void)
{
	struct cpu *c = cpu_current();

	spin_lock(&sched_lock);
	if (clock_ticks() % HZ == 0) {
		sched_period++;
		age_run_queue(&c->runq);
	}
	thread_t th = c->active_thread;
	if (th != NULL && th != c->idle_thread) {
		th->cpu_usage += SCHED_TICK_USAGE;
		th->ticks_run++;
		update_priority(th);
		if (th->quantum_left > 0 && --th->quantum_left == 0)
			c->need_resched = true;
	}
	if (th != NULL && run_queue_best(&c->runq) < th->sched_priority)
		c->need_resched = true;
	spin_unlock(&sched_lock);
}

void
sched_preempt_check(void)
{
	struct cpu *c = cpu_current();
	if (c->need_resched && c->intr_depth == 0 && c->active_thread != NULL &&
	    c->active_thread != c->idle_thread)
		thread_block(NULL);
}

uint64_t
sched_context_switches(void)
{
	return context_switches;
}

uint64_t
sched_stack_handoffs(void)
{
	return stack_handoffs;
}
