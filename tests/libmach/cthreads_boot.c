/*
 * cthreads_boot.c: libmach's C threads (cthreads.h) in a program built
 * as every program for this system is, booted as a module
 * (tests/libmach/local.mk).  It checks mutual exclusion (8 threads,
 * 10,000 increments each), a producer/consumer queue on conditions,
 * broadcast, join results, detached threads, per-thread data, names,
 * `__thread' variables and errno per thread, MIG calls from every
 * thread at once (each on its own reply port), the stack's guard page,
 * that waiters sleep in the kernel (a thread blocked 100 ms on a mutex
 * or a condition is charged no time), 100 threads one after another
 * and 50 detached, refused arguments, and at the end one thread, the
 * port names and the memory size of the start.  It prints each
 * failure and "cthreads: N checks, F failed" (through mach_print:
 * TEMPORARY, until write is emulated).
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cthreads.h>
#include <mach/task_info.h>
#include <mach/thread_info.h>
#include <mach.h>

static int checks, failures;
static struct mutex report_lock = MUTEX_INITIALIZER;

static void
check_at(int ok, long long got, long long want, const char *what, int line)
{
	mutex_lock(&report_lock);
	checks++;
	if (!ok) {
		char buf[200];
		failures++;
		snprintf(buf, sizeof buf,
			 "cthreads: FAIL line %d: %s: got %lld, want %lld\n",
			 line, what, got, want);
		mach_print(buf);
	}
	mutex_unlock(&report_lock);
}

#define CHECK(c)                                                               \
	do {                                                                   \
		int c_ = !!(c);                                                \
		check_at(c_, c_, 1, #c, __LINE__);                             \
	} while (0)
#define CHECK_EQ(got, want)                                                    \
	do {                                                                   \
		long long g_ = (long long)(got), w_ = (long long)(want);       \
		check_at(g_ == w_, g_, w_, #got " == " #want, __LINE__);       \
	} while (0)

static void
sleep_ms(unsigned ms)
{
	(void)thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, ms);
}

#define NTHREADS 8

/* ---- mutual exclusion ---- */

static struct mutex counter_lock = MUTEX_INITIALIZER;
static volatile long counter;

static any_t
count_up(any_t arg)
{
	for (int i = 0; i < 10000; i++) {
		mutex_lock(&counter_lock);
		long v = counter;
		if ((i & 127) == 0)
			cthread_yield(); /* with the lock held: others wait */
		counter = v + 1;
		mutex_unlock(&counter_lock);
	}
	return (any_t)((intptr_t)arg * 3);
}

static void
test_counter(void)
{
	cthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++) {
		t[i] = cthread_fork(count_up, (any_t)(intptr_t)i);
		CHECK(t[i] != CTHREAD_NULL);
	}
	for (int i = 0; i < NTHREADS; i++)
		CHECK_EQ((intptr_t)cthread_join(t[i]), 3 * i);
	CHECK_EQ(counter, NTHREADS * 10000);
	CHECK(mutex_try_lock(&counter_lock));
	CHECK(!mutex_try_lock(&counter_lock));
	mutex_unlock(&counter_lock);
	CHECK_EQ(counter_lock.lock, 0);
}

/* ---- a producer/consumer queue ---- */

#define QSIZE 4
#define ITEMS 2000
static struct {
	struct mutex lock;
	struct condition not_empty, not_full;
	int items[QSIZE];
	int head, count;
} q = { MUTEX_INITIALIZER,
	CONDITION_INITIALIZER,
	CONDITION_INITIALIZER,
	{ 0 },
	0,
	0 };

static any_t
produce(any_t arg)
{
	int base = (int)(intptr_t)arg;
	for (int i = 1; i <= ITEMS; i++) {
		mutex_lock(&q.lock);
		while (q.count == QSIZE)
			condition_wait(&q.not_full, &q.lock);
		q.items[(q.head + q.count++) % QSIZE] = base + i;
		condition_signal(&q.not_empty);
		mutex_unlock(&q.lock);
	}
	return NULL;
}

static any_t
consume(any_t arg)
{
	long sum = 0;
	(void)arg;
	for (int i = 0; i < ITEMS; i++) {
		mutex_lock(&q.lock);
		while (q.count == 0)
			condition_wait(&q.not_empty, &q.lock);
		sum += q.items[q.head];
		q.head = (q.head + 1) % QSIZE;
		q.count--;
		condition_signal(&q.not_full);
		mutex_unlock(&q.lock);
	}
	return (any_t)sum;
}

static void
test_queue(void)
{
	cthread_t p[2], c[2];
	for (int i = 0; i < 2; i++) {
		p[i] = cthread_fork(produce, (any_t)(intptr_t)(i * 100000));
		c[i] = cthread_fork(consume, NULL);
	}
	long sum = 0;
	for (int i = 0; i < 2; i++) {
		CHECK(cthread_join(p[i]) == NULL);
		sum += (long)cthread_join(c[i]);
	}
	/* 1..ITEMS twice, and 100000 added to the second's. */
	CHECK_EQ(sum, (long)ITEMS * (ITEMS + 1) + 100000L * ITEMS);
	CHECK_EQ(q.count, 0);
}

/* ---- broadcast ---- */

static struct mutex gate_lock = MUTEX_INITIALIZER;
static struct condition gate = CONDITION_INITIALIZER;
static int gate_open, at_gate;

static void
wait_at_gate(void)
{
	mutex_lock(&gate_lock);
	at_gate++;
	while (!gate_open)
		condition_wait(&gate, &gate_lock);
	mutex_unlock(&gate_lock);
}

static void
open_gate_when(int n)
{
	mutex_lock(&gate_lock);
	while (at_gate < n) {
		mutex_unlock(&gate_lock);
		sleep_ms(2);
		mutex_lock(&gate_lock);
	}
	gate_open = 1;
	condition_broadcast(&gate);
	mutex_unlock(&gate_lock);
}

static void
close_gate(void)
{
	gate_open = 0;
	at_gate = 0;
}

static any_t
gate_then_return(any_t arg)
{
	wait_at_gate();
	return arg;
}

static void
test_broadcast(void)
{
	cthread_t t[NTHREADS];
	close_gate();
	for (int i = 0; i < NTHREADS; i++)
		t[i] = cthread_fork(gate_then_return, (any_t)(intptr_t)(i + 1));
	open_gate_when(NTHREADS);
	for (int i = 0; i < NTHREADS; i++)
		CHECK_EQ((intptr_t)cthread_join(t[i]), i + 1);
	CHECK_EQ(gate.waiters, 0);
	CHECK_EQ(gate_lock.lock, 0);
}

/* ---- per-thread state: data, names, __thread, errno, reply ports,
 * the guard page ---- */

static __thread int tls_value = 7;
static __thread char tls_zero[64];

struct seen {
	int *tls_address;
	mach_port_t reply;
	int tls_kept, errno_kept, data_kept, name_kept, zero_kept;
	int mig_ok, guard_ok;
};
static struct seen seen[NTHREADS];

/* The region below the one holding `where' is one inaccessible page
 * right under it: the stack's guard. */
static int
guard_below(vm_address_t where)
{
	vm_address_t addr = 0, prev_end = 0;
	vm_prot_t prev_prot = VM_PROT_ALL;
	vm_size_t prev_size = 0;
	for (int n = 0; n < 1000; n++) {
		vm_size_t size;
		vm_prot_t prot, max;
		vm_inherit_t inh;
		boolean_t shared;
		mach_port_t name;
		vm_offset_t off;
		if (vm_region(mach_task_self(), &addr, &size, &prot, &max, &inh,
			      &shared, &name, &off) != KERN_SUCCESS)
			return 0;
		if (name != MACH_PORT_NULL)
			(void)mach_port_deallocate(mach_task_self(), name);
		if (where >= addr && where < addr + size)
			return prev_end == addr && prev_prot == VM_PROT_NONE &&
			       prev_size == vm_page_size;
		prev_end = addr + size;
		prev_prot = prot;
		prev_size = size;
		addr += size;
	}
	return 0;
}

static any_t
per_thread(any_t arg)
{
	int i = (int)(intptr_t)arg;
	struct seen *s = &seen[i];
	cthread_t self = cthread_self();
	static const char *names[NTHREADS] = { "t0", "t1", "t2", "t3",
					       "t4", "t5", "t6", "t7" };
	int zero = 1;
	for (unsigned k = 0; k < sizeof tls_zero; k++)
		zero &= tls_zero[k] == 0;
	s->zero_kept = zero && tls_value == 7;
	cthread_set_data(self, &seen[i]);
	cthread_set_name(self, names[i]);
	tls_value = 1000 + i;
	memset(tls_zero, i + 1, sizeof tls_zero);
	errno = 200 + i;
	s->tls_address = &tls_value;
	wait_at_gate();
	/* All at once: 100 MIG calls each, on this thread's reply port. */
	int ok = 1;
	for (int k = 0; k < 100; k++) {
		mach_port_type_t type;
		ok &= mach_port_type(mach_task_self(), cthread_port(self),
				     &type) == KERN_SUCCESS &&
		      type == MACH_PORT_TYPE_SEND;
		if ((k & 15) == 0)
			cthread_yield();
	}
	s->mig_ok = ok;
	s->reply = mig_get_reply_port();
	s->tls_kept = tls_value == 1000 + i && tls_zero[63] == i + 1;
	s->errno_kept = errno == 200 + i;
	s->data_kept = cthread_data(self) == &seen[i];
	s->name_kept = strcmp(cthread_name(self), names[i]) == 0;
	int local;
	s->guard_ok = guard_below((vm_address_t)&local);
	return NULL;
}

static void
test_per_thread(void)
{
	cthread_t t[NTHREADS];
	close_gate();
	tls_value = 1;
	errno = 5;
	for (int i = 0; i < NTHREADS; i++)
		t[i] = cthread_fork(per_thread, (any_t)(intptr_t)i);
	open_gate_when(NTHREADS);
	for (int i = 0; i < NTHREADS; i++)
		(void)cthread_join(t[i]);
	for (int i = 0; i < NTHREADS; i++) {
		CHECK(seen[i].zero_kept);
		CHECK(seen[i].tls_kept);
		CHECK(seen[i].errno_kept);
		CHECK(seen[i].data_kept);
		CHECK(seen[i].name_kept);
		CHECK(seen[i].mig_ok);
		CHECK(seen[i].guard_ok);
		CHECK(seen[i].reply != MACH_PORT_NULL);
		CHECK(seen[i].tls_address != &tls_value);
		for (int j = 0; j < i; j++) {
			CHECK(seen[i].reply != seen[j].reply);
			CHECK(seen[i].tls_address != seen[j].tls_address);
		}
	}
	CHECK_EQ(tls_value, 1);
	CHECK_EQ(errno, 5);
	/* The first thread is a cthread too. */
	cthread_t self = cthread_self();
	CHECK(self != CTHREAD_NULL);
	CHECK(cthread_data(self) == NULL);
	cthread_set_name(self, "main");
	CHECK(strcmp(cthread_name(self), "main") == 0);
	CHECK(cthread_port(self) != MACH_PORT_NULL);
}

/* ---- detached threads ---- */

static struct mutex done_lock = MUTEX_INITIALIZER;
static struct condition done_cond = CONDITION_INITIALIZER;
static int done;

static any_t
detached_body(any_t arg)
{
	(void)arg;
	mutex_lock(&done_lock);
	done++;
	condition_signal(&done_cond);
	mutex_unlock(&done_lock);
	return NULL;
}

static any_t
nested_exit(any_t arg)
{
	cthread_exit(arg);
}

static void
test_detached(void)
{
	for (int i = 0; i < NTHREADS; i++) {
		cthread_t t = cthread_fork(detached_body, NULL);
		CHECK(t != CTHREAD_NULL);
		cthread_detach(t);
	}
	mutex_lock(&done_lock);
	while (done < NTHREADS)
		condition_wait(&done_cond, &done_lock);
	mutex_unlock(&done_lock);
	/* One that has ended when it is detached. */
	cthread_t t = cthread_fork(nested_exit, (any_t)42);
	sleep_ms(20);
	cthread_detach(t);
	/* cthread_exit's result; the join also reaps the detached ones. */
	t = cthread_fork(nested_exit, (any_t)0x1234);
	CHECK_EQ((intptr_t)cthread_join(t), 0x1234);
}

/* ---- many threads, one after another and detached ---- */

static any_t
give_back(any_t arg)
{
	return arg;
}

/* A thread that forks and joins its own child (the canary, the thread
 * pointer and the reply port all from a thread cthread_fork made). */
static any_t
fork_grandchild(any_t arg)
{
	cthread_t t = cthread_fork(give_back, (any_t)((intptr_t)arg + 1));
	return t != CTHREAD_NULL ? cthread_join(t) : NULL;
}

static void
test_churn(void)
{
	cthread_t parent = cthread_fork(fork_grandchild, (any_t)41);
	CHECK_EQ((intptr_t)cthread_join(parent), 42);
	int ok = 1;
	for (intptr_t i = 1; i <= 100; i++) {
		cthread_t t = cthread_fork(give_back, (any_t)i);
		ok &= t != CTHREAD_NULL && cthread_join(t) == (any_t)i;
	}
	CHECK(ok);
	for (int i = 0; i < 50; i++) {
		cthread_t t = cthread_fork(give_back, NULL);
		CHECK(t != CTHREAD_NULL);
		cthread_detach(t);
	}
}

/* ---- waiters sleep in the kernel ---- */

static struct mutex held = MUTEX_INITIALIZER;

static any_t
lock_held(any_t arg)
{
	(void)arg;
	mutex_lock(&held);
	mutex_unlock(&held);
	return (any_t)1;
}

static any_t
wait_gate_body(any_t arg)
{
	wait_at_gate();
	return arg;
}

/* Microseconds of time thread t has been charged. */
static long long
charged(cthread_t t)
{
	struct thread_basic_info info;
	mach_msg_type_number_t count = THREAD_BASIC_INFO_COUNT;
	if (thread_info(cthread_port(t), THREAD_BASIC_INFO,
			(thread_info_t)&info, &count) != KERN_SUCCESS)
		return -1;
	return (info.user_time.seconds + info.system_time.seconds) * 1000000LL +
	       info.user_time.microseconds + info.system_time.microseconds;
}

/* t, once it waits, is charged at most 10 ms (a tick) in 100 ms. */
static void
check_sleeps(cthread_t t, const unsigned int *word, unsigned int waited)
{
	for (int i = 0;
	     i < 500 && __atomic_load_n(word, __ATOMIC_SEQ_CST) != waited; i++)
		sleep_ms(1);
	CHECK_EQ(*word, waited);
	sleep_ms(5); /* into its gsync_wait */
	long long before = charged(t);
	sleep_ms(100);
	long long after = charged(t);
	CHECK(before >= 0);
	CHECK(after - before <= 10000);
}

static void
test_no_spin(void)
{
	mutex_lock(&held);
	cthread_t t = cthread_fork(lock_held, NULL);
	check_sleeps(t, &held.lock, 2);
	mutex_unlock(&held);
	CHECK_EQ((intptr_t)cthread_join(t), 1);
	CHECK_EQ(held.lock, 0);

	close_gate();
	t = cthread_fork(wait_gate_body, (any_t)9);
	check_sleeps(t, &gate.waiters, 1);
	open_gate_when(1);
	CHECK_EQ((intptr_t)cthread_join(t), 9);
}

/* ---- refused arguments ---- */

static void
test_refused(void)
{
	CHECK(cthread_fork(NULL, NULL) == CTHREAD_NULL);
	CHECK(cthread_join(CTHREAD_NULL) == NULL);
	CHECK(cthread_join(cthread_self()) == NULL);
	cthread_detach(CTHREAD_NULL);
	CHECK(cthread_data(CTHREAD_NULL) == NULL);
	CHECK(strcmp(cthread_name(CTHREAD_NULL), "?") == 0);
	CHECK(cthread_port(CTHREAD_NULL) == MACH_PORT_NULL);
	vm_size_t saved = cthread_stack_size;
	cthread_stack_size = (vm_size_t)-4096;
	CHECK(cthread_fork(gate_then_return, NULL) == CTHREAD_NULL);
	cthread_stack_size = 0;
	CHECK(cthread_fork(gate_then_return, NULL) == CTHREAD_NULL);
	cthread_stack_size = saved;
}

/* ---- what the task holds ---- */

static unsigned
thread_count(void)
{
	thread_array_t threads;
	mach_msg_type_number_t n = 0;
	if (task_threads(mach_task_self(), &threads, &n) != KERN_SUCCESS)
		return 0;
	for (unsigned i = 0; i < n; i++)
		if (threads[i] != MACH_PORT_NULL)
			(void)mach_port_deallocate(mach_task_self(),
						   threads[i]);
	(void)vm_deallocate(mach_task_self(), (vm_address_t)threads,
			    n * sizeof *threads);
	return n;
}

static long long
virtual_size(void)
{
	struct task_basic_info info;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;
	if (task_info(mach_task_self(), TASK_BASIC_INFO, (task_info_t)&info,
		      &count) != KERN_SUCCESS)
		return -1;
	return (long long)info.virtual_size;
}

static unsigned
name_count(void)
{
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t n = 0, nt = 0;
	if (mach_port_names(mach_task_self(), &names, &n, &types, &nt) !=
	    KERN_SUCCESS)
		return 0;
	(void)vm_deallocate(mach_task_self(), (vm_address_t)names,
			    n * sizeof *names);
	(void)vm_deallocate(mach_task_self(), (vm_address_t)types,
			    nt * sizeof *types);
	return n;
}

int
main(void)
{
	(void)cthread_self(); /* the first thread's port, kept */
	unsigned names = name_count();
	long long size = virtual_size();
	CHECK(size > 0);
	CHECK_EQ(thread_count(), 1);

	test_counter();
	test_queue();
	test_broadcast();
	test_per_thread();
	test_detached();
	test_churn();
	test_no_spin(); /* the detached ones end meanwhile */
	test_refused(); /* its cthread_fork reaps them */

	CHECK_EQ(thread_count(), 1);
	CHECK_EQ(name_count(), names);
	CHECK_EQ(virtual_size(), size);

	char buf[80];
	snprintf(buf, sizeof buf, "cthreads: %d checks, %d failed\n", checks,
		 failures);
	mach_print(buf);
	return 0;
}
