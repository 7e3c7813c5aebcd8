/*
 * bench_vm_user.c: issue 11's VM benchmarks as a user pays for them,
 * with the "vmbench" module (tests/bench/vmbench.c, a libmach program):
 * the zero-fill fault, the copy-on-write fault (after task_create with
 * inherited memory; a write after vm_copy, which copies eagerly here,
 * for comparison), the fault a user pager serves,
 * vm_allocate with vm_deallocate of a page, task_create inheriting
 * 64 MiB with task_terminate, and a 1 MiB out-of-line message between
 * two tasks.  The faults are timed by the program itself around the
 * faulting accesses alone (the allocation, the page's release and the
 * pager's flush are left out) and reported (vmbench.h, kbench_report);
 * the others are whole runs, whose loading and ending cancel out
 * between n and 2n iterations as in bench_ipc.c.  Compare with
 * bench_vm.c's kernel-side figures (docs/vm.md, "Figures").
 */

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_mqueue.h"
#include "ipc/ipc_port.h"
#include "ipc/mach_port.h"
#include "kern/kbench.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/task.h"

#include "../qemu/module_task.h"
#include "vmbench.h"

/* The rights a vmbench task gets before it starts. */
struct vmbench_ports {
	ipc_port_t service; /* as VMBENCH_SERVICE, or IP_NULL */
	bool receive;       /* the receive right, else a send right */
	ipc_port_t report;  /* a send right as VMBENCH_REPORT, or IP_NULL */
};

static kern_return_t
give_ports(task_t task, void *arg)
{
	const struct vmbench_ports *p = arg;
	kern_return_t kr = KERN_SUCCESS;
	if (p->service != IP_NULL)
		kr = p->receive ? module_task_give_receive(task, p->service)
				: module_task_give_send(task, p->service);
	if (kr == KERN_SUCCESS && p->report != IP_NULL)
		kr = mach_port_insert_right(task->itk_space, VMBENCH_REPORT,
					    ipc_port_make_send(p->report),
					    MACH_MSG_TYPE_PORT_SEND);
	return kr;
}

/* Start "vmbench MODE [iterations]" with those rights; panics if it
 * cannot start. */
static task_t
vmbench_start(const char *mode, uint64_t iterations,
	      const struct vmbench_ports *ports)
{
	char cmdline[48];
	if (iterations > 0)
		ksnprintf(cmdline, sizeof cmdline, "vmbench %s %llu", mode,
			  (unsigned long long)iterations);
	else
		ksnprintf(cmdline, sizeof cmdline, "vmbench %s", mode);
	task_t task = module_task_start(kbench_boot_info(), cmdline, give_ports,
					(void *)ports);
	if (task == NULL)
		panic("bench_vm_user: cannot start \"%s\"", cmdline);
	return task;
}

static void
vmbench_finish(task_t task)
{
	if (!module_task_finish(task))
		panic("bench_vm_user: a vmbench task failed");
}

/* The instructions the finished program reported on `report'. */
static uint64_t
take_report(ipc_port_t report)
{
	ipc_kmsg_t kmsg;
	mach_msg_size_t size;
	if (ipc_mqueue_receive(&report->ip_object, NULL, MACH_RCV_TIMEOUT,
			       sizeof(struct vmbench_report), 0, &kmsg,
			       &size) != MACH_MSG_SUCCESS)
		panic("bench_vm_user: no report");
	const struct vmbench_report *r =
		(const struct vmbench_report *)&kmsg->ikm_header;
	if (r->head.msgh_id != VMBENCH_REPORT_ID ||
	    r->head.msgh_size != sizeof *r ||
	    r->type.msgt_name != MACH_MSG_TYPE_INTEGER_64)
		panic("bench_vm_user: a bad report");
	uint64_t instructions = r->instructions;
	ipc_kmsg_destroy(kmsg);
	return instructions;
}

/*
 * Run "vmbench MODE iterations", which times its faults itself, and
 * report what it measured; with `server', a "vmbench SERVER" task holds
 * the receive right of the port the program gets a send right to.
 */
static void
vmbench_timed(const char *mode, uint64_t iterations, const char *server)
{
	struct vmbench_ports ports = { IP_NULL, false, ipc_port_create() };
	task_t served = NULL;
	if (ports.report == IP_NULL)
		panic("bench_vm_user: no port");
	if (server != NULL) {
		struct vmbench_ports sp = { ipc_port_create(), true, IP_NULL };
		if (sp.service == IP_NULL)
			panic("bench_vm_user: no port");
		served = vmbench_start(server, 0, &sp);
		ports.service = sp.service;
	}
	vmbench_finish(vmbench_start(mode, iterations, &ports));
	if (served != NULL)
		module_task_kill(served);
	kbench_report(take_report(ports.report));
	ipc_port_destroy(ports.report);
}

/* The zero-fill fault: the first write to a page of a vm_allocate'd
 * range (one allocation of all the pages; the write alone is timed). */
KBENCH(vm_zero_fill_fault_user, 1000)
{
	vmbench_timed("zerofill", iterations, NULL);
}

/* The copy-on-write fault after task_create with inherited memory: a
 * write to a resident page the child shares (the page copied into a
 * shadow object of the parent's). */
KBENCH(vm_cow_fault_task_create_user, 500)
{
	vmbench_timed("cowfork", iterations, NULL);
}

/* A write to a page of a vm_copy's destination.  vm_copy copies the
 * bytes here (vm_map_copy_overwrite), so this is a fault on a resident
 * page (the mapping entered), not a copy-on-write fault: the figure is
 * kept to show it (docs/vm.md). */
KBENCH(vm_write_after_vm_copy_user, 500)
{
	vmbench_timed("cowcopy", iterations, NULL);
}

/* A fault served by a user pager: a read of a vm_map'ed memory
 * object's page, the kernel's data_request to the pager task, its
 * data_supply, the reader resumed (the pager's flush between reads,
 * memory_object_lock_request, is not timed). */
KBENCH(vm_pager_fault_round_trip_user, 300)
{
	vmbench_timed("pagerclient", iterations, "pager");
}

/* vm_allocate then vm_deallocate of one page, from user mode (through
 * libmach's stubs: two RPCs to the kernel). */
KBENCH(vm_allocate_deallocate_page_user, 2000)
{
	struct vmbench_ports none = { IP_NULL, false, IP_NULL };
	vmbench_finish(vmbench_start("allocpage", iterations, &none));
}

/* task_create of a child inheriting the caller's memory (64 MiB
 * allocated, none of it resident, beside the program's own) and its
 * task_terminate, from user mode. */
KBENCH(task_create_inherit_64m_terminate_user, 20)
{
	struct vmbench_ports none = { IP_NULL, false, IP_NULL };
	vmbench_finish(vmbench_start("fork", iterations, &none));
}

/* A 1 MiB out-of-line message (resident, copied) from one task to
 * another, received and deallocated there. */
KBENCH(ipc_ool_1m_cross_task_user, 100)
{
	struct vmbench_ports rp = { ipc_port_create(), true, IP_NULL };
	if (rp.service == IP_NULL)
		panic("bench_vm_user: no port");
	struct vmbench_ports sp = { rp.service, false, IP_NULL };
	task_t receiver = vmbench_start("oolrecv", iterations, &rp);
	task_t sender = vmbench_start("oolsend", iterations, &sp);
	vmbench_finish(sender);
	vmbench_finish(receiver);
}
