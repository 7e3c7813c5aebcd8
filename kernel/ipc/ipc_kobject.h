/*
 * ipc/ipc_kobject.h: messages to kernel objects, served through the
 * KernelServer stubs our mig generates from interfaces/mach at build
 * time (kernel/local.mk).  Nothing here marshals: each interface's demux
 * (mach_port_server_routine, ...) finds the routine and the stub checks
 * and unpacks the request.
 *
 * Messages are in kernel form (contracts.md): msgh_remote_port is the
 * destination ipc_port_t, msgh_local_port the reply port, the bits the
 * copied-in right types.
 *
 * mach_msg's send path calls ipc_kobject_server, the kmsg form of
 * ipc_kobject_serve, for every message to a kernel object's port.
 */
#ifndef IPC_IPC_KOBJECT_H
#define IPC_IPC_KOBJECT_H

#include <stdbool.h>

#include <mach/message.h>

/* Room for the largest request and reply of every served interface. */
#define IPC_KOBJECT_REQUEST_MAX 8192
#define IPC_KOBJECT_REPLY_MAX   8192

/*
 * Serve `request' (kernel form, msgh_size bytes, at most
 * IPC_KOBJECT_REQUEST_MAX) into `reply' (IPC_KOBJECT_REPLY_MAX bytes),
 * addressed to the request's reply port.  An unknown msgh_id gets a
 * MIG_BAD_ID reply.  The request's destination right is released
 * whatever happens; the rights and memory in its body belong to the
 * routine when the reply's RetCode is KERN_SUCCESS or MIG_NO_REPLY,
 * else to the caller, which destroys them (MIG's ownership rules, in
 * each generated header).  Returns whether a reply is to be sent: false
 * for MIG_NO_REPLY or when the request has no reply port.
 */
bool ipc_kobject_serve(mach_msg_header_t *request, mach_msg_header_t *reply);

struct ipc_kmsg;

/*
 * Serve the kmsg `request' (kernel form) sent to a kernel object's port;
 * consumes it: freed when the routine took its body (KERN_SUCCESS,
 * MIG_NO_REPLY), destroyed otherwise.  Returns the reply, in kernel
 * form, addressed to the request's reply right, for the caller to send;
 * NULL when there is none to send, or no memory for one (the reply
 * right is then released: its holder sees a send-once notification or
 * nothing, as when GNU Mach cannot reply).
 */
struct ipc_kmsg *ipc_kobject_server(struct ipc_kmsg *request);

#endif
