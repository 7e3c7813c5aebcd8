/*
 * cthread_sync.c: mutexes and conditions of C threads (cthreads.h),
 * on gsync (gnumach.defs: gsync_wait, gsync_wake, gsync_requeue; keys
 * private to the task).
 *
 * A mutex is one word: 0 free, 1 held, 2 held and perhaps waited for.
 * The free path is one compare-and-swap each way; a locker that finds
 * it held tries a bounded number of times (a pause between), then sets
 * the word to 2 and sleeps in gsync_wait while it stays 2.  An unlock
 * that finds 2 wakes one sleeper, which takes the mutex as 2 again (it
 * cannot know it was the last), so no wake-up is ever lost: the cost is
 * at most one useless gsync_wake.
 *
 * A condition is a sequence word: a waiter reads it, releases the mutex
 * and sleeps while the word is unchanged; a signal moves it on and
 * wakes one.  A broadcast moves it on, wakes one and requeues the rest
 * onto the mutex's word (gsync_requeue), so they wake one at a time as
 * the mutex passes instead of all at once.  Every woken waiter takes the
 * mutex as contended (2) for that reason.  If the condition's waiters
 * gave different mutexes, broadcast wakes them all instead.
 *
 * Any gsync_wait return is followed by a new look at the word:
 * KERN_INTERRUPTED (an abort) and KERN_INVALID_ARGUMENT (the word
 * changed first) are normal; another error (a word the kernel refuses,
 * say misaligned) sleeps a millisecond instead, so a waiter never spins.
 */

#include <stdbool.h>
#include <stddef.h>

#include <mach/gsync.h>

#include "cthreads.h"
#include "mach.h"
#include "mach/gnumach.h"

/* Looks at a held mutex before sleeping. */
#define SPIN_TRIES 64

/* condition.mutex when waiters gave different mutexes. */
#define MIXED_MUTEXES ((struct mutex *)1)

/* Sleep while *word holds val (or less: see above). */
static void
wait_word(unsigned int *word, unsigned int val)
{
	kern_return_t kr =
		gsync_wait(mach_task_self(), (vm_address_t)word, val, 0, 0, 0);
	if (kr != KERN_SUCCESS && kr != KERN_INVALID_ARGUMENT &&
	    kr != KERN_INTERRUPTED)
		(void)thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
}

void
mutex_init(mutex_t m)
{
	m->lock = 0;
	m->name = NULL;
}

void
mutex_set_name(mutex_t m, const char *name)
{
	m->name = name;
}

const char *
mutex_name(mutex_t m)
{
	return m->name != NULL ? m->name : "?";
}

boolean_t
mutex_try_lock(mutex_t m)
{
	unsigned int free = 0;
	return __atomic_compare_exchange_n(&m->lock, &free, 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Take m as contended: the caller will wake a waiter when it unlocks. */
static void
lock_contended(mutex_t m)
{
	while (__atomic_exchange_n(&m->lock, 2, __ATOMIC_ACQUIRE) != 0)
		wait_word(&m->lock, 2);
}

void
mutex_lock(mutex_t m)
{
	if (mutex_try_lock(m))
		return;
	for (int i = 0; i < SPIN_TRIES; i++) {
		__builtin_ia32_pause();
		unsigned int v = __atomic_load_n(&m->lock, __ATOMIC_RELAXED);
		if (v == 2)
			break; /* others sleep already: join them */
		if (v == 0 && mutex_try_lock(m))
			return;
	}
	lock_contended(m);
}

void
mutex_unlock(mutex_t m)
{
	if (__atomic_exchange_n(&m->lock, 0, __ATOMIC_RELEASE) == 2)
		(void)gsync_wake(mach_task_self(), (vm_address_t)&m->lock, 0,
				 0);
}

void
mutex_clear(mutex_t m)
{
	(void)m;
}

void
condition_init(condition_t c)
{
	c->seq = 0;
	c->waiters = 0;
	c->mutex = NULL;
	c->name = NULL;
}

void
condition_set_name(condition_t c, const char *name)
{
	c->name = name;
}

const char *
condition_name(condition_t c)
{
	return c->name != NULL ? c->name : "?";
}

/* Remember the mutex c's waiters give, or that they give several. */
static void
note_mutex(condition_t c, mutex_t m)
{
	struct mutex *known = __atomic_load_n(&c->mutex, __ATOMIC_RELAXED);
	if (known == m || known == MIXED_MUTEXES)
		return;
	if (known == NULL &&
	    __atomic_compare_exchange_n(&c->mutex, &known, m, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return;
	if (known != m)
		__atomic_store_n(&c->mutex, MIXED_MUTEXES, __ATOMIC_RELAXED);
}

void
condition_wait(condition_t c, mutex_t m)
{
	note_mutex(c, m);
	/* Counted before the sequence is read: a signal that moves the
	 * sequence on after this sees a waiter (both sequentially
	 * consistent). */
	__atomic_add_fetch(&c->waiters, 1, __ATOMIC_SEQ_CST);
	unsigned int seq = __atomic_load_n(&c->seq, __ATOMIC_SEQ_CST);
	mutex_unlock(m);
	wait_word(&c->seq, seq);
	lock_contended(m);
	__atomic_sub_fetch(&c->waiters, 1, __ATOMIC_RELAXED);
}

void
condition_signal(condition_t c)
{
	__atomic_add_fetch(&c->seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->waiters, __ATOMIC_SEQ_CST) != 0)
		(void)gsync_wake(mach_task_self(), (vm_address_t)&c->seq, 0, 0);
}

void
condition_broadcast(condition_t c)
{
	__atomic_add_fetch(&c->seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->waiters, __ATOMIC_SEQ_CST) == 0)
		return;
	mach_port_t task = mach_task_self();
	struct mutex *m = __atomic_load_n(&c->mutex, __ATOMIC_RELAXED);
	if (m == NULL || m == MIXED_MUTEXES) {
		(void)gsync_wake(task, (vm_address_t)&c->seq, 0,
				 GSYNC_BROADCAST);
		return;
	}
	/* The one woken takes the mutex as 2, so its unlock wakes the next
	 * of those moved, and so on. */
	(void)gsync_requeue(task, (vm_address_t)&c->seq, (vm_address_t)&m->lock,
			    TRUE, GSYNC_BROADCAST);
}

void
condition_clear(condition_t c)
{
	(void)c;
}
