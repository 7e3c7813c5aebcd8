/*
 * test_servers.c: the servers' boot test (tests/servers/local.mk).  The
 * boot script starts the bootstrap server (servers/bootstrap), which
 * resumes the other modules the script made suspended.  The tasks
 * named by servers.wait= on the command line (the clients) must end by
 * task_terminate within their time; then the others (the servers,
 * which run for ever) are terminated here, the last line's first, the
 * bootstrap server next and the default memory manager last of all
 * (it may hold the others' pages), each given time to see the one
 * before go (bootstrap reports each on the console).  What each client checked,
 * it prints; the boot test reads those lines.  The memory, ports and
 * copies every task had must come back.
 */

#include "ipc/ipc_port.h"
#include "kern/bootstrap.h"
#include "kern/clock.h"
#include "kern/cmdline.h"
#include "kern/ktest.h"
#include "kern/printf.h"
#include "kern/sched_prim.h"
#include "kern/string.h"
#include "kern/task.h"
#include "vm/memory_object.h"
#include "vm/vm_map_copy.h"
#include "vm/vm_object.h"

#include "ktest_memory.h"

#define SERVERS_MAX_TASKS 32
/* How long the clients may take, in ticks of the deterministic clock. */
#define SERVERS_TIMEOUT   (120 * HZ)

/* Whether `name' is one of the comma-separated words of `list'. */
static bool
listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; *p != '\0';) {
		const char *end = p;
		while (*end != '\0' && *end != ',')
			end++;
		if ((size_t)(end - p) == n && memcmp(p, name, n) == 0)
			return true;
		p = *end == ',' ? end + 1 : end;
	}
	return false;
}

/* The index of the task receiving from the default memory manager's
 * port, or ntasks. */
static unsigned
default_pager_task(task_t *tasks, unsigned ntasks)
{
	ipc_port_t manager = memory_object_default_manager();
	if (!IP_VALID(manager))
		return ntasks;
	ip_lock(manager);
	ipc_space_t receiver = manager->ip_receiver;
	ip_unlock(manager);
	ipc_port_release_send(manager);
	for (unsigned i = 0; i < ntasks; i++)
		if (tasks[i]->itk_space == receiver)
			return i;
	return ntasks;
}

KTEST_EXPLICIT(boot_servers)
{
	const struct boot_info *bi = ktest_boot_info();
	task_t tasks[SERVERS_MAX_TASKS];
	bool client[SERVERS_MAX_TASKS];
	char wait[128];

	KTEST_ASSERT(
		cmdline_get(bi->cmdline, "servers.wait", wait, sizeof wait));
	thread_sleep_ticks(2);
	uint64_t free_before = ktest_free_memory_pages();
	uint64_t copies_before = vm_map_copy_count();
	uint64_t ports_before = ktest_zone_in_use("ipc.port");
	struct vm_object_stats objects_before, objects_after;
	vm_object_get_stats(&objects_before);
	KTEST_ASSERT(bi->nmodules > 0 && bi->nmodules <= SERVERS_MAX_TASKS);
	unsigned ntasks = bootstrap_run_script(bi, tasks, SERVERS_MAX_TASKS);
	KTEST_ASSERT_EQ(ntasks, bi->nmodules);
	unsigned nclients = 0;
	for (unsigned i = 0; i < ntasks; i++) {
		client[i] = listed(wait, tasks[i]->name);
		nclients += client[i];
	}
	KTEST_ASSERT(nclients > 0);

	int tick;
	for (tick = 0; tick < SERVERS_TIMEOUT; tick++) {
		bool all = true;
		for (unsigned i = 0; i < ntasks; i++)
			all = all && (!client[i] || tasks[i]->terminated);
		if (all)
			break;
		thread_sleep_ticks(1);
	}
	for (unsigned i = 0; i < ntasks; i++) {
		task_t t = tasks[i];
		if (!client[i])
			continue;
		if (!t->terminated) {
			ktest_fail("%s: still running after %d ticks", t->name,
				   SERVERS_TIMEOUT);
			task_terminate_internal(t, TASK_TERMINATED);
		}
		task_wait_terminated(t);
		if (t->end != TASK_TERMINATED)
			ktest_fail("%s: ended %d (exception %d code %#x "
				   "subcode %#llx), not by task_terminate",
				   t->name, (int)t->end, t->exc_type,
				   (unsigned)t->exc_code,
				   (unsigned long long)t->exc_subcode);
	}
	/* The servers, the last line's first, the bootstrap server (line
	 * 0) next, the default memory manager (it may hold the others'
	 * pages) last of all. */
	unsigned order[SERVERS_MAX_TASKS], norder = 0;
	unsigned pager = default_pager_task(tasks, ntasks);
	for (unsigned i = ntasks; i-- > 0;)
		if (i != pager)
			order[norder++] = i;
	if (pager < ntasks)
		order[norder++] = pager;
	for (unsigned k = 0; k < norder; k++) {
		unsigned i = order[k];
		task_t t = tasks[i];
		if (client[i])
			continue;
		if (t->terminated)
			ktest_fail("%s: a server ended by itself (%d)", t->name,
				   (int)t->end);
		thread_sleep_ticks(HZ / 10); /* to see the one before go */
		task_terminate_internal(t, TASK_TERMINATED);
		task_wait_terminated(t);
	}
	for (unsigned i = 0; i < ntasks; i++)
		task_deallocate(tasks[i]);
	/* What the chains' collapse did meanwhile (for the tests that
	 * expect some: boot-defpager-press). */
	vm_object_get_stats(&objects_after);
	kprintf("boot_servers: %llu collapses, %llu out of internal "
		"objects, %llu bypasses\n",
		(unsigned long long)(objects_after.collapses -
				     objects_before.collapses),
		(unsigned long long)(objects_after.collapses_internal -
				     objects_before.collapses_internal),
		(unsigned long long)(objects_after.bypasses -
				     objects_before.bypasses));
	/* A default memory manager a server made is dead now: asked, the
	 * kernel lets go of its right. */
	KTEST_ASSERT(!IP_VALID(memory_object_default_manager()));
	thread_sleep_ticks(2);
	KTEST_ASSERT_EQ(vm_map_copy_count(), copies_before);
	KTEST_ASSERT_EQ(ktest_zone_in_use("ipc.port"), ports_before);
	KTEST_ASSERT_EQ(ktest_free_memory_pages(), free_before);
}
