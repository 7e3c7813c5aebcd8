/*
 * host_sched.c: the scheduler, for host unit tests of code that waits
 * (ipc/ipc_mqueue.c).  One thread and no other: a wait ends at once,
 * by the wakeup that came between assert_wait and thread_block if one
 * did, else by its timeout (the clock jumps to it), else as aborted
 * (on a real kernel nothing would ever wake it).
 */

#include "kern/clock.h"
#include "kern/cpu.h"
#include "kern/sched_prim.h"
#include "kern/thread.h"

static struct thread host_thread;

/* Called as a wait blocks, before it ends: a test gives back there
 * what the waiter waits for (another thread's part).  NULL: nothing. */
void (*host_sched_block_hook)(void);
static uint64_t host_ticks;
static bool waiting, woken;
static uint64_t wait_ticks;

__attribute__((constructor)) static void
host_sched_init(void)
{
	cpus[0].active_thread = &host_thread;
}

uint64_t
clock_ticks(void)
{
	return host_ticks;
}

void
assert_wait(event_t event, bool interruptible)
{
	(void)event;
	(void)interruptible;
	waiting = true;
	woken = false;
	wait_ticks = 0;
}

void
assert_wait_direct(event_t event, bool interruptible)
{
	assert_wait(event, interruptible);
}

void
thread_set_timeout(uint64_t ticks)
{
	if (waiting && !woken)
		wait_ticks = ticks;
}

void
assert_wait_direct_hold(event_t event, bool interruptible, uint64_t ticks)
{
	assert_wait(event, interruptible);
	if (ticks != 0)
		thread_set_timeout(ticks);
}

static int
block(void)
{
	if (!waiting)
		return THREAD_AWAKENED;
	if (host_sched_block_hook != NULL)
		host_sched_block_hook();
	waiting = false;
	if (woken)
		return THREAD_AWAKENED;
	if (wait_ticks != 0) {
		host_ticks += wait_ticks;
		return THREAD_TIMED_OUT;
	}
	return THREAD_INTERRUPTED;
}

/* The host's waits never give up their stack: a continuation is not
 * called (ipc_mqueue's callers here pass none). */
int
thread_block(thread_continue_t continuation)
{
	(void)continuation;
	host_thread.wait_result = block();
	return host_thread.wait_result;
}

int
thread_handoff(thread_t next, thread_continue_t continuation)
{
	(void)next;
	return thread_block(continuation);
}

void
clear_wait(thread_t thread, int result)
{
	(void)result;
	if (thread == &host_thread && waiting)
		woken = true;
}

unsigned
thread_wakeup(event_t event)
{
	(void)event;
	return 0;
}

bool
thread_wakeup_one(event_t event)
{
	(void)event;
	return false;
}
