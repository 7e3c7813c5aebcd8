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
static uint64_t thread_handoffs;

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

	th->state |= TH_RUN;
	if (th->on_cpu || th->rq.queued)
		return;
	update_priority(th);
	run_queue_enqueue(&c->runq, &th->rq, th->sched_priority, false);
	if (c->active_thread == NULL ||
	    th->sched_priority < c->active_thread->sched_priority)
		c->need_resched = true;
}

/*
 * Waiting and waking.
 */

/* assert_wait's part under sched_lock (held, interrupts off); `hashed':
 * on the event's wait bucket, for thread_wakeup. */
static inline __attribute__((always_inline)) void
wait_assert_locked(event_t event, bool interruptible, bool hashed)
{
	thread_t self = current_thread();
	assert((self->state & TH_WAIT) == 0);
	self->wait_result = THREAD_AWAKENED;
	self->wait_deadline = 0;
	if (interruptible && thread_must_leave(self)) {
		/* It must leave the kernel: the wait ends before it starts. */
		self->wait_result = THREAD_INTERRUPTED;
	} else {
		self->state |= TH_WAIT | (interruptible ? 0 : TH_UNINT);
		self->wait_event = event;
		/* Unhashed, wait_links stays linked to itself (as every
		 * end of a wait leaves it), so end_wait_locked's removal
		 * is harmless. */
		if (hashed)
			queue_enter_tail(wait_bucket(event), &self->wait_links);
	}
}

static inline __attribute__((always_inline)) void
wait_assert(event_t event, bool interruptible, bool hashed)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	wait_assert_locked(event, interruptible, hashed);
	spin_unlock(&sched_lock);
	intr_restore(s);
}

void
assert_wait(event_t event, bool interruptible)
{
	wait_assert(event, interruptible, true);
}

void
assert_wait_direct(event_t event, bool interruptible)
{
	wait_assert(event, interruptible, false);
}

static void set_timeout_locked(thread_t self, uint64_t ticks);

void
assert_wait_direct_hold(event_t event, bool interruptible, uint64_t ticks)
{
	intr_off();
	spin_lock(&sched_lock);
	wait_assert_locked(event, interruptible, false);
	if (ticks != 0)
		set_timeout_locked(current_thread(), ticks);
}

/*
 * End th's wait with `result', leaving it where it is: the caller makes
 * it runnable or runs it.  sched_lock held, th waiting.
 */
static void
end_wait_locked(thread_t th, int result)
{
	queue_remove(&th->wait_links);
	if (th->wait_deadline != 0) {
		/* If it is firing now, wait_timeout sees the wait gone. */
		timer_call_cancel(&th->wait_timer);
		th->wait_deadline = 0;
	}
	th->wait_event = NULL;
	th->wait_result = result;
	th->state &= ~(TH_WAIT | TH_UNINT);
}

/*
 * Whether `th', whose wait is ending, stays stopped instead: it is
 * suspended (kern/thread.h), the wait was interruptible (a user
 * request's, holding nothing the kernel needs back), and it need not
 * leave the kernel.  As GNU Mach: a suspended thread's receive does
 * not complete until it is resumed; the resume runs it.
 */
static inline __attribute__((always_inline)) bool
stays_stopped(const struct thread *th)
{
	return th->suspend_count > 0 && (th->state & TH_UNINT) == 0 &&
	       !thread_must_leave(th);
}

/* End th's wait with `result'.  sched_lock held, th waiting. */
static void
clear_wait_locked(thread_t th, int result)
{
	bool stopped = stays_stopped(th);
	end_wait_locked(th, result);
	if ((th->state & TH_RUN) == 0 && !stopped)
		thread_setrun_locked(th);
}

void
clear_wait(thread_t th, int result)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	if (th->state & TH_WAIT)
		clear_wait_locked(th, result);
	spin_unlock(&sched_lock);
	intr_restore(s);
}

/*
 * The wait timer fired.  It may have been dequeued just before the wait
 * it was armed for ended (on another CPU) and another began, so it ends
 * a wait only if that wait's own deadline has passed.
 */
void
thread_wait_timeout(void *arg)
{
	thread_t th = arg;
	bool s = intr_disable();
	spin_lock(&sched_lock);
	if ((th->state & TH_WAIT) && th->wait_deadline != 0 &&
	    clock_ticks() >= th->wait_deadline)
		clear_wait_locked(th, THREAD_TIMED_OUT);
	spin_unlock(&sched_lock);
	intr_restore(s);
}

/* thread_set_timeout's part under sched_lock. */
static void
set_timeout_locked(thread_t self, uint64_t ticks)
{
	/* Only for a wait still there: a wakeup may have come already. */
	if (self->state & TH_WAIT) {
		uint64_t now = clock_ticks();
		self->wait_deadline =
			ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks;
		timer_call_enter(&self->wait_timer, self->wait_deadline);
	}
}

void
thread_set_timeout(uint64_t ticks)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	set_timeout_locked(current_thread(), ticks);
	spin_unlock(&sched_lock);
	intr_restore(s);
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
		clear_wait_locked(th, THREAD_AWAKENED);
		n++;
		if (one)
			break;
	}
	spin_unlock(&sched_lock);
	intr_restore(s);
	sched_preempt_point();
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

kern_return_t
thread_abort_wait(thread_t th)
{
	if (th == NULL)
		return KERN_INVALID_ARGUMENT;
	bool s = intr_disable();
	spin_lock(&sched_lock);
	if ((th->state & (TH_WAIT | TH_UNINT)) == TH_WAIT)
		clear_wait_locked(th, THREAD_INTERRUPTED);
	spin_unlock(&sched_lock);
	intr_restore(s);
	sched_preempt_point();
	return KERN_SUCCESS;
}

static int
sleep_ticks(uint64_t ticks, bool interruptible)
{
	static const char sleep_event; /* never woken */
	assert_wait(&sleep_event, interruptible);
	thread_set_timeout(ticks);
	return thread_block(NULL);
}

void
thread_sleep_ticks(uint64_t ticks)
{
	sleep_ticks(ticks, false);
}

int
thread_sleep_abortable(uint64_t ticks)
{
	return sleep_ticks(ticks, true);
}

/*
 * Choosing and switching.  A switch is made of steps that a directed
 * hand-off (IPC's RPC path: the sender runs the receiver at once) can
 * reuse: thread_requeue puts the current thread where it belongs,
 * thread_select chooses the next from the run queue (a hand-off
 * chooses its own), and thread_invoke switches to it: by handing over
 * the current stack (stack_handoff), or after giving a stackless next
 * a stack (thread_stack_attach), by a context switch.
 */

/*
 * After a switch, on the new thread's stack: reclaim what the previous
 * thread left.  A terminated thread is freed; a thread that blocked with
 * a continuation loses its stack.  sched_lock held.
 */
static void
reclaim_previous(thread_t prev)
{
	if (prev->state & TH_TERMINATED) {
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
 * The current thread gives up the CPU: if it blocks (not preempted)
 * with a wait still asserted it sleeps; otherwise it stays runnable, on
 * the run queue.  A thread preempted between assert_wait and
 * thread_block is runnable: its wait is not over until it blocks.
 * sched_lock held.
 */
static void
thread_requeue(struct cpu *c, thread_t self, bool preempted)
{
	if (self == c->idle_thread || (self->state & TH_TERMINATED))
		return;
	if (!preempted && (self->state & TH_WAIT)) {
		self->state &= ~TH_RUN;
		return;
	}
	update_priority(self);
	/* An expired quantum goes to the back of its level. */
	bool head = self->quantum_left > 0;
	self->on_cpu = false;
	run_queue_enqueue(&c->runq, &self->rq, self->sched_priority, head);
}

/* Take the best runnable thread off the run queue.  sched_lock held. */
static thread_t
thread_select(struct cpu *c)
{
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
	return next;
}

/*
 * Give the stackless `next' a new stack that starts in thread_continue.
 *
 * Known limit: with memory exhausted there is no stack to resume the
 * thread on.  Mach waits for a page here; that needs the VM layer's
 * page wait (roadmap item 5).
 */
static void
thread_stack_attach(thread_t next)
{
	next->kernel_stack = stack_alloc();
	if (next->kernel_stack == 0)
		panic("no memory for a kernel stack");
	arch_thread_init(&next->arch, next->kernel_stack + KERNEL_STACK_SIZE);
}

/*
 * `self' blocks with a continuation, so its stack is free: the stackless
 * `next' takes it over and resumes at its continuation.  Never returns.
 */
static void __attribute__((noreturn))
stack_handoff(thread_t self, thread_t next)
{
	next->kernel_stack = self->kernel_stack;
	self->kernel_stack = 0;
	stack_handoffs++;
	arch_thread_switched_to(next);
	arch_call_continuation(thread_continue,
			       next->kernel_stack + KERNEL_STACK_SIZE, self);
}

/*
 * Run `next' (not on a run queue) in place of `self', which
 * thread_requeue has dealt with; `cont' is where self resumes if it
 * gives up its stack.  sched_lock held and interrupts off on entry;
 * both are released, `intr_was' restored, when self runs again, and
 * self's wait result is returned.  With a continuation, never returns.
 */
static int
thread_invoke(thread_t self, thread_t next, thread_continue_t cont,
	      bool intr_was)
{
	struct cpu *c = cpu_current();

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
		if (cont != NULL && (self->state & TH_TERMINATED) == 0)
			stack_handoff(self, next);
		thread_stack_attach(next);
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

/* Requeue, choose, switch.  As thread_invoke for the locks. */
static int
thread_dispatch(thread_t self, thread_continue_t cont, bool intr_was,
		bool preempted)
{
	struct cpu *c = cpu_current();
	thread_requeue(c, self, preempted);
	return thread_invoke(self, thread_select(c), cont, intr_was);
}

int
thread_block(thread_continue_t cont)
{
	assert(preemptible()); /* blocking with a lock held */
	bool s = intr_disable();
	spin_lock(&sched_lock);
	return thread_dispatch(current_thread(), cont, s, false);
}

/* thread_handoff under sched_lock, `s' the interrupt state to restore. */
static inline __attribute__((always_inline)) int
handoff_locked(thread_t next, thread_continue_t cont, bool s)
{
	thread_t self = current_thread();
	struct cpu *c = cpu_current();
	/*
	 * Straight to next only if both really block and run: next
	 * asleep (not preempted between assert_wait and thread_block, so on
	 * no run queue) and self's own wait still asserted.  Otherwise this
	 * is a wakeup followed by thread_block.
	 */
	if ((next->state & (TH_WAIT | TH_RUN)) != TH_WAIT) {
		if (next->state & TH_WAIT)
			clear_wait_locked(next, THREAD_AWAKENED);
		return thread_dispatch(self, cont, s, false);
	}
	if (stays_stopped(next)) {
		clear_wait_locked(next, THREAD_AWAKENED); /* not run */
		return thread_dispatch(self, cont, s, false);
	}
	end_wait_locked(next, THREAD_AWAKENED);
	if ((self->state & TH_WAIT) == 0) {
		thread_setrun_locked(next);
		return thread_dispatch(self, cont, s, false);
	}
	thread_handoffs++;
	/* thread_requeue's case of a thread that blocks. */
	if (self != c->idle_thread && (self->state & TH_TERMINATED) == 0)
		self->state &= ~TH_RUN;
	next->state |= TH_RUN;
	/* Its priority changes while it waits only at a new period (or
	 * when depressed); every other change recomputes it at once. */
	if (next->sched_stamp != sched_period || next->depressed)
		update_priority(next);
	if (next->quantum_left == 0)
		next->quantum_left = SCHED_QUANTUM;
	/* Whatever was waiting for the CPU still is: it keeps its turn. */
	if (run_queue_best(&c->runq) < next->sched_priority)
		c->need_resched = true;
	return thread_invoke(self, next, cont, s);
}

int
thread_handoff(thread_t next, thread_continue_t cont)
{
	assert(preemptible());
	bool s = intr_disable();
	spin_lock(&sched_lock);
	return handoff_locked(next, cont, s);
}

void
thread_handoff_held(thread_t next, thread_continue_t cont)
{
	assert(cont != NULL && !intr_enabled());
	/* With a continuation the caller never returns here, so there is
	 * no interrupt state of its own to restore. */
	handoff_locked(next, cont, false);
	panic("thread_handoff_held: returned");
}

void
thread_block_terminated(void)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	thread_t self = current_thread();
	self->state = TH_TERMINATED;
	thread_dispatch(self, NULL, s, false);
	panic("terminated thread %s ran again", self->name);
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
	sched_preempt_point();
	return KERN_SUCCESS;
}

bool
swtch(void)
{
	bool s0 = intr_disable();
	spin_lock(&sched_lock);
	current_thread()->quantum_left = 0; /* go behind equals */
	thread_dispatch(current_thread(), NULL, s0, false);
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

/* Put a runnable `hint' first in line at its level.  sched_lock held. */
static void
run_next_locked(struct cpu *c, thread_t hint)
{
	if (hint != NULL && hint != current_thread() && hint->rq.queued) {
		run_queue_remove(&c->runq, &hint->rq);
		run_queue_enqueue(&c->runq, &hint->rq, hint->sched_priority,
				  true);
	}
}

void
thread_run_next(thread_t hint)
{
	bool s = intr_disable();
	spin_lock(&sched_lock);
	run_next_locked(&cpus[0], hint);
	spin_unlock(&sched_lock);
	intr_restore(s);
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
	run_next_locked(c, hint);
	/* Yield even to equals: go behind them. */
	self->quantum_left = 0;
	thread_dispatch(self, NULL, s, false);
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
	if (!c->need_resched || c->preempt_level != 0 || c->intr_depth != 0 ||
	    c->active_thread == NULL || c->active_thread == c->idle_thread)
		return;
	bool s = intr_disable();
	spin_lock(&sched_lock);
	thread_dispatch(c->active_thread, NULL, s, true);
}

void
sched_preempt_point(void)
{
	if (intr_enabled())
		sched_preempt_check();
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

uint64_t
sched_thread_handoffs(void)
{
	return thread_handoffs;
}
