/*
 * bench_kobject.c: mach_port_type through its KernelServer stub, from
 * a kernel-form request to the reply (ipc_kobject_serve), with the
 * destination and reply rights made and released as a send would.  No
 * mach_msg yet: the user-to-user round trip comes with it.  Compiled
 * with KERNEL defined (kernel/libkobject.a).
 */

#include <mach/mig_errors.h>

#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "kern/kbench.h"
#include "kern/panic.h"
#include "kern/task.h"

struct type_request {
	mach_msg_header_t head;
	mach_msg_type_t name_type;
	mach_port_name_t name;
	uint32_t pad;
};

static union {
	mig_reply_header_t r;
	char room[IPC_KOBJECT_REPLY_MAX];
} bench_reply;

KBENCH(kobject_mach_port_type, 2000)
{
	task_t task;
	ipc_space_t space;
	ipc_port_t tport, rport;
	mach_port_name_t name;

	if (task_create_user("kbench", &task) != KERN_SUCCESS)
		panic("kobject_mach_port_type: no memory");
	space = task->itk_space;
	tport = ipc_port_create();
	rport = ipc_port_create();
	if (tport == IP_NULL || rport == IP_NULL ||
	    mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &name) !=
		    KERN_SUCCESS)
		panic("kobject_mach_port_type: no memory");
	ipc_port_set_kobject(tport, IKOT_TASK, task);

	for (uint64_t i = 0; i < iterations; i++) {
		struct type_request req = {
			.head =
				{
					.msgh_bits = MACH_MSGH_BITS(
						MACH_MSG_TYPE_PORT_SEND,
						MACH_MSG_TYPE_PORT_SEND_ONCE),
					.msgh_size = sizeof req,
					.msgh_remote_port =
						ipc_port_make_send(tport),
					.msgh_local_port =
						ipc_port_make_sonce(rport),
					.msgh_id = 3201,
				},
			.name_type =
				{
					.msgt_name = MACH_MSG_TYPE_PORT_NAME,
					.msgt_size = 32,
					.msgt_number = 1,
					.msgt_inline = 1,
				},
			.name = name,
		};
		if (!ipc_kobject_serve(&req.head, &bench_reply.r.Head) ||
		    bench_reply.r.RetCode != KERN_SUCCESS)
			panic("kobject_mach_port_type: %d",
			      bench_reply.r.RetCode);
		ipc_port_release_sonce(rport);
	}

	ipc_port_set_kobject(tport, IKOT_NONE, NULL);
	ipc_port_destroy(tport);
	ipc_port_destroy(rport);
	task_terminate_internal(task, TASK_TERMINATED);
	task_deallocate(task);
}
