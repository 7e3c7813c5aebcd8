/*
 * test_ipc_rpc.c: the RPC path between user tasks, booted from
 * tests/qemu/rpc.iso with the "ipcbench" module
 * (tests/qemu/user/ipcbench.c): a send+receive to a receiver already
 * waiting runs that receiver at once (thread_handoff), and a receiver
 * waits without a kernel stack.
 */

#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "kern/kstack.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "kern/thread.h"

#include "ktest_memory.h"
#include "module_task.h"

#define SERVERS 8
#define RPCS    200

static task_t
start(const char *cmdline, kern_return_t (*prepare)(task_t, void *), void *arg)
{
	return module_task_start(ktest_boot_info(), cmdline, prepare, arg);
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

/* The client's every request and the server's every reply go straight
 * to the other, waiting: two hand-offs per RPC.  Nothing is left. */
KTEST_EXPLICIT(ipc_rpc_fast_path)
{
	KTEST_ASSERT(module_find(ktest_boot_info(), "ipcbench") != NULL);
	for (int round = 0; round < 2; round++) {
		thread_sleep_ticks(2);
		uint64_t free_before = ktest_free_memory_pages();
		uint64_t ports = ktest_zone_in_use("ipc.port");
		uint64_t entries = ktest_zone_in_use("ipc.entry");
		ipc_port_t service = ipc_port_create();
		KTEST_ASSERT(service != IP_NULL);
		task_t server = start("ipcbench server",
				      module_task_give_receive, service);
		KTEST_ASSERT(server != NULL);
		KTEST_ASSERT(asleep(server) != NULL);

		char cmdline[48];
		ksnprintf(cmdline, sizeof cmdline, "ipcbench client %d", RPCS);
		uint64_t handoffs = sched_thread_handoffs();
		task_t client = start(cmdline, module_task_give_send, service);
		KTEST_ASSERT(client != NULL);
		KTEST_ASSERT(module_task_finish(client));
		uint64_t made = sched_thread_handoffs() - handoffs;
		KTEST_ASSERT(made >= 2 * RPCS);
		if (round == 0)
			kprintf("# %d RPCs: %llu hand-offs\n", RPCS,
				(unsigned long long)made);

		/* The server waits again, its names as before the client. */
		KTEST_ASSERT(asleep(server) != NULL);
		module_task_kill(server);
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

	KTEST_ASSERT(module_find(ktest_boot_info(), "ipcbench") != NULL);
	thread_sleep_ticks(2);
	unsigned held = stack_held_count();
	ipc_port_t service[SERVERS];
	for (int i = 0; i < SERVERS; i++) {
		service[i] = ipc_port_create();
		KTEST_ASSERT(service[i] != IP_NULL);
		servers[i] = start("ipcbench server", module_task_give_receive,
				   service[i]);
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
		task_t client = start("ipcbench client 3",
				      module_task_give_send, service[i]);
		KTEST_ASSERT(client != NULL);
		KTEST_ASSERT(module_task_finish(client));
	}
	for (int i = 0; i < SERVERS; i++)
		module_task_kill(servers[i]);
}
