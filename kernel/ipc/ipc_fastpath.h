/*
 * ipc/ipc_fastpath.h: the header copyin and copyout of the RPC's two
 * common shapes, as MIG's stubs and mach_msg_server send them:
 *
 *	request:  destination COPY_SEND, reply MAKE_SEND_ONCE (another
 *		  name, the caller's receive right);
 *	reply:    destination MOVE_SEND_ONCE, no reply port.
 *
 * One look-up per name and one port lock per right, under one hold of
 * the space's lock, where ipc_kmsg_copyin_header looks each name up two
 * or three times to check everything first.  The result is exactly the
 * general copyin's.  Anything out of the common (a dead port or dead
 * name, a dead-name request on the entry, other dispositions, a complex
 * message) is left to the general path, nothing changed.
 */
#ifndef IPC_IPC_FASTPATH_H
#define IPC_IPC_FASTPATH_H

#include <stdbool.h>

#include "ipc/ipc_types.h"

struct ipc_kmsg;

/*
 * Copy in the header of `kmsg' (user form, just copied in) from `space'
 * if it has one of the shapes above; returns whether it did (the
 * header then in kernel form as ipc_kmsg_copyin would leave it).  A
 * false return changed nothing.
 */
bool ipc_fastpath_copyin(struct ipc_kmsg *kmsg, ipc_space_t space);

/*
 * Copy out the header of `kmsg' (kernel form, received) into `space'
 * if it has one of the shapes above in kernel form (PORT_SEND and
 * PORT_SEND_ONCE, or PORT_SEND_ONCE alone) and the common case holds:
 * the destination alive, its receive right `space''s, no protected
 * payload, no no-senders notification to make (a send right: not the
 * last, or no request); the reply port alive and a free slot in the table for its
 * send-once right.  Returns whether it did (the header then in user
 * form exactly as ipc_kmsg_copyout would leave it, which returns
 * MACH_MSG_SUCCESS for it); a false return changed nothing.
 */
bool ipc_fastpath_copyout(struct ipc_kmsg *kmsg, ipc_space_t space);

#endif
