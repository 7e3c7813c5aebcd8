/*
 * bench_mig.c: the same operations as a user program makes them,
 * through the stubs our mig generates and libmach's runtime, with the
 * "stubbench" module (tests/bench/stubbench.c): RPCs between two tasks
 * (null, 4 KiB inline, 64 KiB out of line) and kernel calls
 * (mach_port_type, mach_port_allocate with its deallocation).  As in
 * bench_ipc.c, loading and ending the tasks cancel out between n and 2n
 * iterations.
 */

#include "ipc/ipc_port.h"
#include "kern/kbench.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/task.h"

#include "../qemu/module_task.h"

/* Run "stubbench MODE iterations", with a "stubbench server" task on
 * a service port if `served', and wait for its good end. */
static void
stubbench(const char *mode, uint64_t iterations, bool served)
{
	ipc_port_t service = ipc_port_create();
	if (service == IP_NULL)
		panic("bench_mig: no port");
	task_t server = NULL;
	if (served) {
		server = module_task_start(kbench_boot_info(),
					   "stubbench server",
					   module_task_give_receive, service);
		if (server == NULL)
			panic("bench_mig: no server");
	}
	char cmdline[48];
	ksnprintf(cmdline, sizeof cmdline, "stubbench %s %llu", mode,
		  (unsigned long long)iterations);
	task_t client = module_task_start(kbench_boot_info(), cmdline,
					  module_task_give_send, service);
	if (client == NULL || !module_task_finish(client))
		panic("bench_mig: \"%s\" failed", cmdline);
	if (server != NULL)
		module_task_kill(server);
	else
		ipc_port_destroy(service);
}

/* A null RPC through the stubs: sb_null and mach_msg_server. */
KBENCH(mig_null_rpc, 2000)
{
	stubbench("null", iterations, true);
}

/* The RPC with a 4 KiB inline argument. */
KBENCH(mig_rpc_4k_inline, 1000)
{
	stubbench("inline4k", iterations, true);
}

/* The RPC with a 64 KiB out-of-line argument, copied (the server's
 * stub deallocates its copy). */
KBENCH(mig_rpc_64k_ool, 500)
{
	stubbench("ool64k", iterations, true);
}

/* mach_port_type through libmach's stub, served by the kernel. */
KBENCH(mig_mach_port_type, 2000)
{
	stubbench("porttype", iterations, false);
}

/* mach_port_allocate of a receive right and mach_port_mod_refs taking
 * it away, both through libmach's stubs. */
KBENCH(mig_port_allocate_deallocate, 1000)
{
	stubbench("portalloc", iterations, false);
}

/* C threads (libmach/cthread_sync.c): a free mutex's lock and unlock,
 * two atomic operations and no kernel call. */
KBENCH(cthreads_mutex_uncontended, 20000)
{
	stubbench("mutex", iterations, false);
}

/* Two threads of one task taking turns through a mutex and a
 * condition: a round trip is two handoffs, each a gsync_wake
 * (condition_signal) and a gsync_wait (condition_wait) and a switch. */
KBENCH(cthreads_handoff_round_trip, 1000)
{
	stubbench("handoff", iterations, false);
}
