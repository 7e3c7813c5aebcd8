/*
 * ipc/ipc_kobject.c: dispatch of messages to kernel objects through the
 * generated KernelServer demuxes (ipc_kobject.h).  Compiled, like the
 * stubs, with KERNEL defined.
 */

#include "ipc/ipc_kobject.h"

#include <mach/mig_errors.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "gnumachServer.h"
#include "machServer.h"
#include "mach_hostServer.h"
#include "mach_portServer.h"

_Static_assert(mach_port_MAX_REQUEST_SIZE <= IPC_KOBJECT_REQUEST_MAX,
	       "request room");
_Static_assert(mach_port_MAX_REPLY_SIZE <= IPC_KOBJECT_REPLY_MAX, "reply room");
_Static_assert(mach_MAX_REQUEST_SIZE <= IPC_KOBJECT_REQUEST_MAX,
	       "request room");
_Static_assert(mach_MAX_REPLY_SIZE <= IPC_KOBJECT_REPLY_MAX, "reply room");
_Static_assert(mach_host_MAX_REQUEST_SIZE <= IPC_KOBJECT_REQUEST_MAX,
	       "request room");
_Static_assert(mach_host_MAX_REPLY_SIZE <= IPC_KOBJECT_REPLY_MAX, "reply room");
_Static_assert(gnumach_MAX_REQUEST_SIZE <= IPC_KOBJECT_REQUEST_MAX,
	       "request room");
_Static_assert(gnumach_MAX_REPLY_SIZE <= IPC_KOBJECT_REPLY_MAX, "reply room");

/* Each served interface's demux, tried in turn (their msgh_id ranges
 * do not overlap). */
typedef mig_routine_t (*kobject_demux_t)(const mach_msg_header_t *);
static const kobject_demux_t kobject_demuxes[] = {
	mach_port_server_routine,
	mach_server_routine,
	mach_host_server_routine,
	gnumach_server_routine,
};

bool
ipc_kobject_serve(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mig_reply_header_t *out = (mig_reply_header_t *)reply;
	const mach_msg_type_t retcode_type = {
		.msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	mig_routine_t routine = NULL;
	ipc_port_t dest = (ipc_port_t)request->msgh_remote_port;

	/* The reply's header, as a MIG_BAD_ID reply until a routine is
	 * found; the stub fills in the rest. */
	reply->msgh_bits =
		MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(request->msgh_bits), 0);
	reply->msgh_size = sizeof *out;
	reply->msgh_remote_port = request->msgh_local_port;
	reply->msgh_local_port = MACH_PORT_NULL;
	reply->msgh_seqno = 0;
	reply->msgh_id = (mach_msg_id_t)((uint32_t)request->msgh_id + 100u);
	out->RetCodeType = retcode_type;
	out->RetCode = MIG_BAD_ID;
	/* The padding after RetCode reaches the caller as it is, and the
	 * buffer may hold another task's message: no stub writes it. */
	__builtin_memset((char *)&out->RetCode + sizeof out->RetCode, 0,
			 sizeof *out - offsetof(mig_reply_header_t, RetCode) -
				 sizeof out->RetCode);

	for (size_t i = 0; i < sizeof kobject_demuxes / sizeof *kobject_demuxes;
	     i++) {
		routine = kobject_demuxes[i](request);
		if (routine != NULL)
			break;
	}
	if (routine != NULL)
		routine(request, reply);

	/* The destination right the sender gave is the kernel's to drop
	 * (the stub's conversion took its own reference to the object). */
	if (dest != IP_NULL && dest != IP_DEAD) {
		if (MACH_MSGH_BITS_REMOTE(request->msgh_bits) ==
		    MACH_MSG_TYPE_PORT_SEND_ONCE)
			ipc_port_release_sonce(dest);
		else
			ipc_port_release_send(dest);
		request->msgh_remote_port = MACH_PORT_NULL;
	}

	if (out->RetCode == MIG_NO_REPLY)
		return false;
	return reply->msgh_remote_port != MACH_PORT_NULL;
}

struct ipc_kmsg *
ipc_kobject_server(struct ipc_kmsg *request)
{
	mach_msg_header_t *in = &request->ikm_header;
	ipc_kmsg_t reply = IKM_NULL;

	if (in->msgh_size <= IPC_KOBJECT_REQUEST_MAX)
		reply = ipc_kmsg_alloc(IPC_KOBJECT_REPLY_MAX);
	if (reply == IKM_NULL) {
		/* Too big for any routine, or no memory: no reply. */
		ipc_kmsg_destroy(request);
		return IKM_NULL;
	}
	mach_msg_header_t *out = &reply->ikm_header;
	bool send = ipc_kobject_serve(in, out);
	kern_return_t rc = ((mig_reply_header_t *)out)->RetCode;

	/* The request's header rights are gone: its destination released,
	 * its reply right moved into the reply.  Its body is the
	 * routine's unless it failed. */
	ikm_set_remote_port(in, IP_NULL);
	ikm_set_local_port(in, IP_NULL);
	if (rc == KERN_SUCCESS || rc == MIG_NO_REPLY) {
		ipc_kmsg_free(request);
	} else {
		in->msgh_bits &= MACH_MSGH_BITS_COMPLEX;
		ipc_kmsg_destroy(request);
	}
	if (!send) {
		/* Its reply right, and a complex reply's copies and rights
		 * (a routine that succeeded with no one to answer). */
		if (rc != MIG_NO_REPLY)
			ipc_kmsg_clean(out);
		ipc_kmsg_free(reply);
		return IKM_NULL;
	}
	return reply;
}
