/*
 * test_ipc_fuzz.c: the bounded IPC fuzzer, booted from
 * tests/qemu/fuzz.iso with the modules "msgfuzz" and "ipcbench".  Two
 * fuzzers (tests/qemu/user/msgfuzz.c) throw hostile messages at the
 * kernel, at kernel objects, at their own ports and at each other's
 * (each holds a send right to the other's FUZZ_SERVICE port as
 * FUZZ_PEER); a third is killed while it fuzzes; meanwhile an RPC
 * client and server (ipcbench) must go on undisturbed.  Afterwards
 * every port, entry, copy and page is back.
 *
 * The budget is the kernel command line's fuzz_calls (make check: a
 * few thousand; `make fuzz-ipc': as many as asked) and the seed
 * fuzz_seed.
 */

#include <machine/vm_param.h>

#include "ipc/ipc_port.h"
#include "ipc/mach_port.h"
#include "kern/bootstrap.h"
#include "kern/cmdline.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "vm/vm_map_copy.h"

#include "ktest_memory.h"

#define FUZZ_SERVICE     0x1006u
#define FUZZ_PEER        0x1007u
#define IPCBENCH_SERVICE 0x1003u
#define BYSTANDER_RPCS   2000

static const struct boot_module *
module(const char *name)
{
	const struct boot_info *bi = ktest_boot_info();
	size_t n = strlen(name);
	for (unsigned i = 0; i < bi->nmodules; i++)
		if (strncmp(bi->modules[i].cmdline, name, n) == 0)
			return &bi->modules[i];
	return NULL;
}

/* A number from the kernel command line, or `dflt'. */
static unsigned long
cmdline_number(const char *key, unsigned long dflt)
{
	char value[24];
	if (!cmdline_get(ktest_boot_info()->cmdline, key, value, sizeof value))
		return dflt;
	unsigned long n = 0;
	for (const char *p = value; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (unsigned long)(*p - '0');
	return n;
}

/* What a task gets before it starts: one receive and one send right. */
struct rights {
	ipc_port_t receive; /* at its receive_name */
	ipc_port_t send_to; /* a send right made from this, at send_name */
	mach_port_name_t receive_name, send_name;
};

static kern_return_t
give(task_t task, void *arg)
{
	struct rights *r = arg;
	kern_return_t kr = KERN_SUCCESS;
	if (r->receive != IP_NULL)
		kr = mach_port_insert_right(task->itk_space, r->receive_name,
					    r->receive,
					    MACH_MSG_TYPE_PORT_RECEIVE);
	if (kr == KERN_SUCCESS && r->send_to != IP_NULL)
		kr = mach_port_insert_right(task->itk_space, r->send_name,
					    ipc_port_make_send(r->send_to),
					    MACH_MSG_TYPE_PORT_SEND);
	return kr;
}

static task_t
start(const char *name, const char *cmdline, struct rights *r)
{
	const struct boot_module *m = module(name);
	task_t task = NULL;
	if (m == NULL ||
	    bootstrap_task_prepared(phys_to_virt(m->start), m->end - m->start,
				    cmdline, give, r, &task) != KERN_SUCCESS)
		return NULL;
	return task;
}

static bool
exited_ok(task_t task)
{
	task_wait_terminated(task);
	/* Ended by itself with status 0 (tests/qemu/user/exit.c). */
	bool ok = task->end == TASK_TERMINATED;
	if (!ok)
		kprintf("# %s ended %d\n", task->name, (int)task->end);
	task_deallocate(task);
	return ok;
}

/* One run; true when every task ended as it should. */
static void
fuzz_round(unsigned long calls, unsigned long seed)
{
	/* The bystanders: an RPC server and its client. */
	ipc_port_t service = ipc_port_create();
	KTEST_ASSERT(service != IP_NULL);
	struct rights server_rights = { service, IP_NULL, IPCBENCH_SERVICE, 0 };
	task_t server = start("ipcbench", "ipcbench server", &server_rights);
	KTEST_ASSERT(server != NULL);

	/* Two fuzzers, each with the other's port. */
	ipc_port_t a_port = ipc_port_create(), b_port = ipc_port_create();
	KTEST_ASSERT(a_port != IP_NULL && b_port != IP_NULL);
	struct rights a = { a_port, b_port, FUZZ_SERVICE, FUZZ_PEER };
	struct rights b = { b_port, a_port, FUZZ_SERVICE, FUZZ_PEER };
	char cmdline[64];
	ksnprintf(cmdline, sizeof cmdline, "msgfuzz %lu %lu peer", calls, seed);
	task_t fa = start("msgfuzz", cmdline, &a);
	ksnprintf(cmdline, sizeof cmdline, "msgfuzz %lu %lu peer", calls,
		  seed + 1);
	task_t fb = start("msgfuzz", cmdline, &b);
	/* The one killed: it fuzzes for longer than it is let live. */
	ksnprintf(cmdline, sizeof cmdline, "msgfuzz %lu %lu", calls * 100,
		  seed + 2);
	struct rights none = { IP_NULL, IP_NULL, 0, 0 };
	task_t fc = start("msgfuzz", cmdline, &none);
	KTEST_ASSERT(fa != NULL && fb != NULL && fc != NULL);

	struct rights client_rights = { IP_NULL, service, 0, IPCBENCH_SERVICE };
	ksnprintf(cmdline, sizeof cmdline, "ipcbench client %d",
		  BYSTANDER_RPCS);
	task_t client = start("ipcbench", cmdline, &client_rights);
	KTEST_ASSERT(client != NULL);

	thread_sleep_ticks(HZ / 2);
	task_terminate_internal(fc, TASK_TERMINATED);
	task_wait_terminated(fc);
	KTEST_ASSERT_EQ(fc->end, TASK_TERMINATED);
	task_deallocate(fc);

	KTEST_ASSERT(exited_ok(client));
	KTEST_ASSERT(exited_ok(fa));
	KTEST_ASSERT(exited_ok(fb));
	task_terminate_internal(server, TASK_TERMINATED);
	task_wait_terminated(server);
	task_deallocate(server);
}

KTEST_EXPLICIT(ipc_fuzz)
{
	unsigned long calls = cmdline_number("fuzz_calls", 5000);
	unsigned long seed = cmdline_number("fuzz_seed", 1);
	KTEST_ASSERT(module("msgfuzz") != NULL && module("ipcbench") != NULL);

	for (int round = 0; round < 2; round++) {
		thread_sleep_ticks(2);
		uint64_t free_before = ktest_free_memory_pages();
		uint64_t ports = ktest_zone_in_use("ipc.port");
		uint64_t entries = ktest_zone_in_use("ipc.entry");
		uint64_t copies = vm_map_copy_count();
		fuzz_round(calls, seed);
		kprintf("# fuzz round %d: 2 x %lu calls (seed %lu), one "
			"fuzzer killed, %d bystander RPCs\n",
			round, calls, seed, BYSTANDER_RPCS);
		thread_sleep_ticks(2);
		KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports);
		KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.entry"), entries);
		KTEST_ASSERT_EQ(vm_map_copy_count(), copies);
		/* The first round grows zones and page tables for good. */
		if (round == 1)
			KTEST_ASSERT_EQ(ktest_free_memory_pages(), free_before);
	}
}
