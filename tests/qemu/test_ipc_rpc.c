/*
 * test_ipc_rpc.c: the RPC path between user tasks, booted from
 * tests/qemu/rpc.iso with the "ipcbench" module
 * (tests/qemu/user/ipcbench.c): a send+receive to a receiver already
 * waiting runs that receiver at once (thread_handoff), and a receiver
 * waits without a kernel stack.
 */

#include <machine/vm_param.h>

#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "kern/bootstrap.h"
#include "kern/kstack.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"

#include "ktest_memory.h"

#define IPCBENCH_SERVICE 0x1003u
#define SERVERS          8
#define RPCS             200

static const struct boot_module *
ipcbench_module(void)
{
	const struct boot_info *bi = ktest_boot_info();
	for (unsigned i = 0; i < bi->nmodules; i++)
		if (strncmp(bi->modules[i].cmdline, "ipcbench", 8) == 0)
			return &bi->modules[i];
	return NULL;
}

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

static task_t
start(const char *cmdline, kern_return_t (*prepare)(task_t, void *), void *arg)
{
	const struct boot_module *m = ipcbench_module();
	task_t task = NULL;
	if (m == NULL || bootstrap_task_prepared(
				 phys_to_virt(m->start), m->end - m->start,
				 cmdline, prepare, arg, &task) != KERN_SUCCESS)
		return NULL;
	return task;
}

/* The task's only thread, once it sleeps (blocked in its receive);
 * NULL if it never does within a second. */
static thread_t
asleep(task_t task)
{
	for (int tick = 0; tick < HZ; tick++) {
		thread_t th = NULL;
		if (task->thread_count == 1)
			th = queue_entry(task->threads.next, struct thread,
					 task_links);
		if (th != NULL && th->state == TH_WAIT)
			return th;
		thread_sleep_ticks(1);
	}
	return NULL;
}

static void
finish(task_t task)
{
	task_terminate_internal(task, TASK_TERMINATED);
	task_wait_terminated(task);
	task_deallocate(task);
}

/* The client's every request and the server's every reply go straight
 * to the other, waiting: two hand-offs per RPC.  Nothing is left. */
KTEST_EXPLICIT(ipc_rpc_fast_path)
{
	KTEST_ASSERT(ipcbench_module() != NULL);
	for (int round = 0; round < 2; round++) {
		thread_sleep_ticks(2);
		uint64_t free_before = ktest_free_memory_pages();
		uint64_t ports = ktest_zone_in_use("ipc.port");
		uint64_t entries = ktest_zone_in_use("ipc.entry");
		ipc_port_t service = ipc_port_create();
		KTEST_ASSERT(service != IP_NULL);
		task_t server = start("ipcbench server", give_receive, service);
		KTEST_ASSERT(server != NULL);
		KTEST_ASSERT(asleep(server) != NULL);

		char cmdline[48];
		ksnprintf(cmdline, sizeof cmdline, "ipcbench client %d", RPCS);
		uint64_t handoffs = sched_thread_handoffs();
		task_t client = start(cmdline, give_send, service);
		KTEST_ASSERT(client != NULL);
		task_wait_terminated(client);
		uint64_t made = sched_thread_handoffs() - handoffs;
		KTEST_ASSERT_EQ(client->end, TASK_EXITED);
		KTEST_ASSERT_EQ(client->exit_status, 0);
		task_deallocate(client);
		KTEST_ASSERT(made >= 2 * RPCS);
		if (round == 0)
			kprintf("# %d RPCs: %llu hand-offs\n", RPCS,
				(unsigned long long)made);

		/* The server waits again, its names as before the client. */
		KTEST_ASSERT(asleep(server) != NULL);
		finish(server);
		thread_sleep_ticks(2);
		KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports);
		KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.entry"), entries);
		if (round == 1)
			KTEST_ASSERT_EQ(ktest_free_memory_pages(), free_before);
	}
}

/* Receivers blocked in mach_msg hold no kernel stack; each still
 * answers when a request comes. */
KTEST_EXPLICIT(ipc_receive_without_stack)
{
	task_t servers[SERVERS];
	thread_t threads[SERVERS];

	KTEST_ASSERT(ipcbench_module() != NULL);
	thread_sleep_ticks(2);
	unsigned held = stack_held_count();
	ipc_port_t service[SERVERS];
	for (int i = 0; i < SERVERS; i++) {
		service[i] = ipc_port_create();
		KTEST_ASSERT(service[i] != IP_NULL);
		servers[i] = start("ipcbench server", give_receive, service[i]);
		KTEST_ASSERT(servers[i] != NULL);
	}
	for (int i = 0; i < SERVERS; i++) {
		threads[i] = asleep(servers[i]);
		KTEST_ASSERT(threads[i] != NULL);
		KTEST_ASSERT_EQ(threads[i]->kernel_stack, 0);
	}
	/* Each started with a stack and gave it up to wait. */
	KTEST_ASSERT_EQ(stack_held_count(), held);
	kprintf("# %d receivers waiting: 0 kernel stacks, %u KiB saved\n",
		SERVERS, SERVERS * (unsigned)(KERNEL_STACK_SIZE >> 10));

	for (int i = 0; i < SERVERS; i++) {
		task_t client =
			start("ipcbench client 3", give_send, service[i]);
		KTEST_ASSERT(client != NULL);
		task_wait_terminated(client);
		KTEST_ASSERT_EQ(client->end, TASK_EXITED);
		KTEST_ASSERT_EQ(client->exit_status, 0);
		task_deallocate(client);
	}
	for (int i = 0; i < SERVERS; i++)
		finish(servers[i]);
}
