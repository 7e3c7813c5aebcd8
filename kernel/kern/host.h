/*
 * kern/host.h: the host, as ports.
 *
 * The host has two kernel-object ports, as in Mach: the host port
 * (IKOT_HOST), which anyone may hold and mach_host_self gives out, and
 * the privileged host port (IKOT_HOST_PRIV), which only the first task
 * gets (boot-script conventions).  Their receive rights are the
 * kernel's for good; the send rights kept here are copied to callers.
 */
#ifndef KERN_HOST_H
#define KERN_HOST_H

#include "ipc/ipc_types.h"
#include "kern/lock.h"

struct task;

typedef struct host *host_t;

struct host {
	simple_lock_t lock;               /* guards new_task_notification */
	ipc_port_t new_task_notification; /* a send right, or IP_NULL */
	ipc_port_t host_self;             /* IKOT_HOST */
	ipc_port_t host_sself;            /* a send right to it, to copy */
	ipc_port_t host_priv_self;        /* IKOT_HOST_PRIV */
	ipc_port_t host_priv_sself;
};

extern struct host realhost;

/* Make the host's ports, and the processors' (kern/processor.h).
 * After ipc_bootstrap; panics without memory. */
void host_init(void);

/* A new send right to the host port (the host_self trap). */
ipc_port_t host_self_send(void);

/* A new send right to the privileged host port. */
ipc_port_t host_priv_send(void);

/* MIG's conversions: the host a host port (or the privileged port)
 * names; the host a privileged host port names; NULL otherwise. */
host_t convert_port_to_host(ipc_port_t port);
host_t convert_port_to_host_priv(ipc_port_t port);
/* A new send right to the (unprivileged) host port; IP_NULL for NULL. */
ipc_port_t convert_host_to_port(host_t host);
void host_deallocate(host_t host);

/*
 * Tell the port registered with register_new_task_notification, if
 * any, of the new task `child' made by `parent' (gnumach.defs' contract,
 * task_notify.defs' mach_notify_new_task, sent without blocking: each
 * task's port as a send right moved with the message).  Nothing if none
 * is registered or the port has died.  No lock held.  (In
 * kern/gnumach_kobject.c, with the registration.)
 */
void host_new_task_notify(struct task *child, struct task *parent);

#endif
