/*
 * ipc/mach_port.h: the cores of the mach_port_* calls (mach_port.defs).
 *
 * Each takes the task's space and plain C arguments and returns GNU
 * Mach's codes; the MIG server stubs of mach_port.defs will call them.
 * Every call checks all its arguments first and changes nothing when it
 * fails.  Common codes: KERN_INVALID_TASK (the space is NULL or dead),
 * KERN_INVALID_NAME (no such name), KERN_INVALID_RIGHT (the name lacks
 * the right the call needs), KERN_INVALID_VALUE (a bad right, name or
 * delta argument).
 *
 * Each call locks the space itself: call with no IPC lock held.
 */
#ifndef IPC_MACH_PORT_H
#define IPC_MACH_PORT_H

#include <stddef.h>

#include <mach/message.h>

#include "ipc/ipc_types.h"

/*
 * Make a new receive right (a new port), port set or dead name (one
 * user reference), named by a name of the kernel's choosing in *namep.
 * Also KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t mach_port_allocate(ipc_space_t space, mach_port_right_t right,
				 mach_port_name_t *namep);

/*
 * Likewise under `name', a valid name; KERN_NAME_EXISTS if it is in use.
 */
kern_return_t mach_port_allocate_name(ipc_space_t space,
				      mach_port_right_t right,
				      mach_port_name_t name);

/* Release one user reference of a send, send-once right or dead name. */
kern_return_t mach_port_deallocate(ipc_space_t space, mach_port_name_t name);

/* Release every right `name' holds; the name is then free. */
kern_return_t mach_port_destroy(ipc_space_t space, mach_port_name_t name);

/* Change the user references of one right of `name' by `delta'. */
kern_return_t mach_port_mod_refs(ipc_space_t space, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_delta_t delta);

/* The user references `name' holds of `right' (0 if none; 1 or 0 for
 * the rights that have no user references of their own). */
kern_return_t mach_port_get_refs(ipc_space_t space, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_urefs_t *refsp);

/* The MACH_PORT_TYPE_* bits of `name'. */
kern_return_t mach_port_type(ipc_space_t space, mach_port_name_t name,
			     mach_port_type_t *typep);

/*
 * Every name of the space and its type: up to `capacity' of each go to
 * names[] and types[], and *countp says how many there are in all (the
 * caller retries with room for all if *countp > capacity; MIG's
 * out-of-line arrays will be allocated from it).
 */
kern_return_t mach_port_names(ipc_space_t space, mach_port_name_t *names,
			      mach_port_type_t *types, size_t capacity,
			      size_t *countp);

/* Rename `old' to `new', a valid name; KERN_NAME_EXISTS if it is used. */
kern_return_t mach_port_rename(ipc_space_t space, mach_port_name_t old,
			       mach_port_name_t new_name);

/*
 * Put the kernel-held right `port' of type `msgt_name' (PORT_SEND,
 * PORT_SEND_ONCE, PORT_RECEIVE: what mach_msg's copyin of the caller's
 * disposition gave) into the space as `name'; consumed on success only.
 * Also KERN_INVALID_CAPABILITY (a dead or null port), KERN_NAME_EXISTS,
 * KERN_RIGHT_EXISTS, KERN_UREFS_OVERFLOW.
 */
kern_return_t mach_port_insert_right(ipc_space_t space, mach_port_name_t name,
				     ipc_port_t port,
				     mach_msg_type_name_t msgt_name);

/*
 * Take a right out of the space by disposition `msgt_name' (any
 * MACH_MSG_TYPE_MOVE_* / COPY_SEND / MAKE_*): *portp gets the right (or
 * IP_DEAD for a dead name) and *typep its type.
 */
kern_return_t mach_port_extract_right(ipc_space_t space, mach_port_name_t name,
				      mach_msg_type_name_t msgt_name,
				      ipc_port_t *portp,
				      mach_msg_type_name_t *typep);

/*
 * Move the receive right `member' into the port set `after', or out of
 * its set if `after' is MACH_PORT_NULL (IPC_NAME_NULL) (KERN_NOT_IN_SET if it is in
 * none).
 */
kern_return_t mach_port_move_member(ipc_space_t space, mach_port_name_t member,
				    mach_port_name_t after);

/*
 * Ask for a notification through the send-once right `notify' (consumed
 * on success; IP_NULL cancels), by its msgh_id `id':
 * MACH_NOTIFY_DEAD_NAME on any port right or dead name `name'
 * (ipc/ipc_dnrequest.h; `sync' non-zero: at once if already dead),
 * MACH_NOTIFY_NO_SENDERS on a receive right (fires once the port has
 * no senders and a make-send count of at least `sync'), or
 * MACH_NOTIFY_PORT_DESTROYED on a receive right (`sync' must be 0).
 * The request replaced comes back in *previous.  Also
 * KERN_INVALID_VALUE (another id, or sync), KERN_INVALID_ARGUMENT,
 * KERN_UREFS_OVERFLOW, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
mach_port_request_notification(ipc_space_t space, mach_port_name_t name,
			       mach_msg_id_t id, mach_port_mscount_t sync,
			       ipc_port_t notify, ipc_port_t *previous);

#endif
