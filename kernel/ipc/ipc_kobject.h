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
 * To come with ipc-msg's ipc_kmsg.h: ipc_kobject_server(ipc_kmsg_t),
 * the kmsg wrapper of ipc_kobject_serve (reply kmsg of
 * IPC_KOBJECT_REPLY_MAX bytes, request destroyed when the routine
 * failed, freed when it succeeded).
 */
#ifndef IPC_IPC_KOBJECT_H
#define IPC_IPC_KOBJECT_H

#include <stdbool.h>

#include <mach/message.h>

/* Room for the largest request and reply of every served interface. */
#define IPC_KOBJECT_REQUEST_MAX 4096
#define IPC_KOBJECT_REPLY_MAX   4096

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

#endif
