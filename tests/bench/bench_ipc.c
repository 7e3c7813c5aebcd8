/*
 * bench_ipc.c: message round trips between user tasks, with the
 * "ipcbench" module (tests/qemu/user/ipcbench.c): header-only messages,
 * so the figures are mach_msg's own cost (traps, copyin and copyout,
 * rights, queues, switching).  Loading and ending the tasks cost the
 * same for n and 2n iterations and cancel out.
 */

#include "ipc/ipc_port.h"
#include "kern/kbench.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "kern/task.h"

#include "../qemu/module_task.h"

/* Run one ipcbench task; panics if it cannot start. */
static task_t
ipcbench_start(const char *cmdline, kern_return_t (*prepare)(task_t, void *),
	       void *arg)
{
	task_t task =
		module_task_start(kbench_boot_info(), cmdline, prepare, arg);
	if (task == NULL)
		panic("bench_ipc: cannot start \"%s\"", cmdline);
	return task;
}

/* Wait for its end; it must have ended well. */
static void
ipcbench_finish(task_t task)
{
	if (!module_task_finish(task))
		panic("bench_ipc: a task failed");
}

/* One mach_msg sending to a port of the task's own and receiving the
 * message back. */
KBENCH(ipc_same_task_send_receive, 2000)
{
	char cmdline[48];
	ksnprintf(cmdline, sizeof cmdline, "ipcbench self %llu",
		  (unsigned long long)iterations);
	ipcbench_finish(ipcbench_start(cmdline, NULL, NULL));
}

/* One RPC from a client task to a server task: request with a
 * send-once reply right, reply, server waiting again. */
KBENCH(ipc_cross_task_rpc, 2000)
{
	char cmdline[48];
	ipc_port_t service = ipc_port_create();
	if (service == IP_NULL)
		panic("bench_ipc: no port");
	task_t server = ipcbench_start("ipcbench server",
				       module_task_give_receive, service);
	ksnprintf(cmdline, sizeof cmdline, "ipcbench client %llu",
		  (unsigned long long)iterations);
	ipcbench_finish(
		ipcbench_start(cmdline, module_task_give_send, service));
	module_task_kill(server);
}

/* An RPC as ipc_cross_task_rpc's, from client task `client' (a
 * cmdline with %llu for the count) to the "ipcbench bigserver" task. */
static void
cross_task_big(const char *client, uint64_t iterations)
{
	char cmdline[48];
	ipc_port_t service = ipc_port_create();
	if (service == IP_NULL)
		panic("bench_ipc: no port");
	task_t server = ipcbench_start("ipcbench bigserver",
				       module_task_give_receive, service);
	ksnprintf(cmdline, sizeof cmdline, client,
		  (unsigned long long)iterations);
	ipcbench_finish(
		ipcbench_start(cmdline, module_task_give_send, service));
	module_task_kill(server);
}

/* The RPC with 4 KiB of inline data in the request. */
KBENCH(ipc_cross_task_rpc_4k_inline, 2000)
{
	cross_task_big("ipcbench client4k %llu", iterations);
}

/* The RPC with 64 KiB out of line in the request, moved (dealloc) to
 * the server, and moved back in the reply: two out-of-line transfers
 * per RPC, page-table work only (nothing is touched). */
KBENCH(ipc_cross_task_rpc_64k_ool_moved, 1000)
{
	cross_task_big("ipcbench clientool %llu", iterations);
}

/* One message moving 1 MiB out of line (dealloc) to a port of the
 * task's own, received at a new address: issue 11's 1 MiB OOL message.
 * Its cost is the map and pmap work of 256 pages, not a copy. */
KBENCH(ipc_ool_1m_send_receive, 200)
{
	char cmdline[48];
	ksnprintf(cmdline, sizeof cmdline, "ipcbench oolself 1048576 %llu",
		  (unsigned long long)iterations);
	ipcbench_finish(ipcbench_start(cmdline, NULL, NULL));
}

/* The same with 4 KiB, for scale. */
KBENCH(ipc_ool_4k_send_receive, 1000)
{
	char cmdline[48];
	ksnprintf(cmdline, sizeof cmdline, "ipcbench oolself 4096 %llu",
		  (unsigned long long)iterations);
	ipcbench_finish(ipcbench_start(cmdline, NULL, NULL));
}
