/*
 * bench_ipc.c: message round trips between user tasks, with the
 * "ipcbench" module (tests/qemu/user/ipcbench.c): header-only messages,
 * so the figures are mach_msg's own cost (traps, copyin and copyout,
 * rights, queues, switching).  Loading and ending the tasks cost the
 * same for n and 2n iterations and cancel out.
 */

#include <machine/vm_param.h>

#include "ipc/ipc_port.h"
#include "ipc/mach_port.h"
#include "kern/bootstrap.h"
#include "kern/kbench.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/string.h"
#include "kern/task.h"

#define IPCBENCH_SERVICE 0x1003u

static const struct boot_module *
ipcbench_module(void)
{
	const struct boot_info *bi = kbench_boot_info();
	for (unsigned i = 0; i < bi->nmodules; i++)
		if (strncmp(bi->modules[i].cmdline, "ipcbench", 8) == 0)
			return &bi->modules[i];
	return NULL;
}

/* Run one ipcbench task to its end; it must exit with status 0. */
static task_t
ipcbench_start(const char *cmdline, kern_return_t (*prepare)(task_t, void *),
	       void *arg)
{
	const struct boot_module *m = ipcbench_module();
	task_t task;
	if (m == NULL || bootstrap_task_prepared(
				 phys_to_virt(m->start), m->end - m->start,
				 cmdline, prepare, arg, &task) != KERN_SUCCESS)
		panic("bench_ipc: cannot start \"%s\"", cmdline);
	return task;
}

static void
ipcbench_finish(task_t task)
{
	task_wait_terminated(task);
	if (task->end != TASK_EXITED || task->exit_status != 0)
		panic("bench_ipc: %s ended %d, status %d", task->name,
		      (int)task->end, task->exit_status);
	task_deallocate(task);
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

/* The service port's receive right goes to the server, a send right to
 * the client, both as IPCBENCH_SERVICE. */
static kern_return_t
give_receive(task_t task, void *port)
{
	return mach_port_insert_right(task->itk_space, IPCBENCH_SERVICE, port,
				      MACH_MSG_TYPE_PORT_RECEIVE);
}

static kern_return_t
give_send(task_t task, void *port)
{
	return mach_port_insert_right(task->itk_space, IPCBENCH_SERVICE,
				      ipc_port_make_send(port),
				      MACH_MSG_TYPE_PORT_SEND);
}

/* One RPC from a client task to a server task: request with a
 * send-once reply right, reply, server waiting again. */
KBENCH(ipc_cross_task_rpc, 2000)
{
	char cmdline[48];
	ipc_port_t service = ipc_port_create();
	if (service == IP_NULL)
		panic("bench_ipc: no port");
	task_t server =
		ipcbench_start("ipcbench server", give_receive, service);
	ksnprintf(cmdline, sizeof cmdline, "ipcbench client %llu",
		  (unsigned long long)iterations);
	ipcbench_finish(ipcbench_start(cmdline, give_send, service));
	task_terminate_internal(server, TASK_TERMINATED);
	task_wait_terminated(server);
	task_deallocate(server);
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
	task_t server =
		ipcbench_start("ipcbench bigserver", give_receive, service);
	ksnprintf(cmdline, sizeof cmdline, client,
		  (unsigned long long)iterations);
	ipcbench_finish(ipcbench_start(cmdline, give_send, service));
	task_terminate_internal(server, TASK_TERMINATED);
	task_wait_terminated(server);
	task_deallocate(server);
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
