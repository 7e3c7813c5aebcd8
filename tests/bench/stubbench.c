/*
 * stubbench.c: the benchmarks' program built as every program for this
 * system is (musl-gcc -static, libmach's crt0.o and libmach.a), so that
 * each operation goes through the stubs our mig generates and libmach's
 * runtime, as a user's would (tests/bench/bench_mig.c runs it):
 *
 *	stubbench server	serves stubbench.defs on the receive right
 *				MODULE_TASK_SERVICE with mach_msg_server;
 *	stubbench null N	N sb_null RPCs to the send right
 *				MODULE_TASK_SERVICE;
 *	stubbench inline4k N	N sb_inline4k RPCs (4 KiB inline);
 *	stubbench ool64k N	N sb_ool RPCs (64 KiB out of line, copied;
 *				the server's stub deallocates it);
 *	stubbench porttype N	N mach_port_type calls on the task's own
 *				port (libmach's stub, served by the kernel);
 *	stubbench portalloc N	N mach_port_allocate (receive) and
 *				mach_port_mod_refs (receive, -1) pairs;
 *	stubbench mutex N	N mutex_lock and mutex_unlock pairs of a
 *				free mutex (cthreads.h);
 *	stubbench handoff N	N round trips of a turn between two
 *				threads, each waiting for its turn on a
 *				condition (gsync_wait) and signalling the
 *				other's (gsync_wake).
 *
 * A failed call ends the task with a fault (__builtin_trap), which the
 * benchmark sees; success ends it through task_terminate.
 */

#include <stdlib.h>
#include <string.h>

#include <cthreads.h>
#include <mach.h>

#include "stubbench.h"
#include "stubbenchServer.h"

#define SERVICE 0x1003u /* tests/qemu/module_task.h */

static void
must(kern_return_t kr)
{
	if (kr != KERN_SUCCESS)
		__builtin_trap();
}

kern_return_t
do_sb_null(mach_port_t server)
{
	(void)server;
	return KERN_SUCCESS;
}

kern_return_t
do_sb_inline4k(mach_port_t server, const page_t data)
{
	(void)server;
	return data[0] == 's' && data[4095] == 'b' ? KERN_SUCCESS
						   : KERN_INVALID_ARGUMENT;
}

kern_return_t
do_sb_ool(mach_port_t server, bytes_t data, mach_msg_type_number_t count)
{
	(void)server;
	return count == 65536 && data[0] == 's' ? KERN_SUCCESS
						: KERN_INVALID_ARGUMENT;
}

static char buffer[65536];

static long n_rounds;
static struct mutex turn_lock = MUTEX_INITIALIZER;
static struct condition turn_changed = CONDITION_INITIALIZER;
static int turn;

/* Take `rounds' turns as player `me' (0 or 1) of the handoff. */
static any_t
take_turns(any_t arg)
{
	int me = arg != NULL;
	long rounds = n_rounds;
	for (long i = 0; i < rounds; i++) {
		mutex_lock(&turn_lock);
		while (turn != me)
			condition_wait(&turn_changed, &turn_lock);
		turn = !me;
		condition_signal(&turn_changed);
		mutex_unlock(&turn_lock);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		__builtin_trap();
	const char *mode = argv[1];
	long n = argc > 2 ? atol(argv[2]) : 0;
	mach_port_t self = mach_task_self();
	buffer[0] = 's';
	buffer[4095] = 'b';

	if (strcmp(mode, "server") == 0) {
		must(mach_msg_server(stubbench_server, 8192, SERVICE));
	} else if (strcmp(mode, "null") == 0) {
		for (long i = 0; i < n; i++)
			must(sb_null(SERVICE));
	} else if (strcmp(mode, "inline4k") == 0) {
		for (long i = 0; i < n; i++)
			must(sb_inline4k(SERVICE, buffer));
	} else if (strcmp(mode, "ool64k") == 0) {
		for (long i = 0; i < n; i++)
			must(sb_ool(SERVICE, buffer, sizeof buffer));
	} else if (strcmp(mode, "porttype") == 0) {
		for (long i = 0; i < n; i++) {
			mach_port_type_t type;
			must(mach_port_type(self, SERVICE, &type));
			if (type != MACH_PORT_TYPE_SEND)
				__builtin_trap();
		}
	} else if (strcmp(mode, "portalloc") == 0) {
		for (long i = 0; i < n; i++) {
			mach_port_t port;
			must(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE,
						&port));
			must(mach_port_mod_refs(self, port,
						MACH_PORT_RIGHT_RECEIVE, -1));
		}
	} else if (strcmp(mode, "mutex") == 0) {
		struct mutex m = MUTEX_INITIALIZER;
		for (long i = 0; i < n; i++) {
			mutex_lock(&m);
			mutex_unlock(&m);
			__asm__ volatile("" ::: "memory");
		}
	} else if (strcmp(mode, "handoff") == 0) {
		n_rounds = n;
		cthread_t other = cthread_fork(take_turns, (any_t)1);
		if (other == CTHREAD_NULL)
			__builtin_trap();
		(void)take_turns(NULL);
		(void)cthread_join(other);
	} else {
		__builtin_trap();
	}
	return 0;
}
