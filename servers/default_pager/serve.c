/*
 * serve.c: the default pager's dispatch (serve.h).  Which interface a
 * message may use is decided by the port it came to, so that no
 * message meant for an object reaches the default port's routine or
 * the reverse; the MIG server stubs then check its layout before the
 * routines (pager.c) check its values.
 */

#include <mach.h>
#include <mach/notify.h>

#include "memory_objectServer.h"
#include "memory_object_defaultServer.h"
#include "notifyServer.h"
#include "pager.h"
#include "serve.h"

/* memory_object_default.defs' ids. */
#define DP_ID_CREATE     2250
#define DP_ID_INITIALIZE 2251

static uint64_t bad_messages;

uint64_t
serve_bad_messages(void)
{
	return bad_messages;
}

void
serve_message(mach_msg_header_t *request, mach_port_t default_port)
{
	union {
		mig_reply_header_t r;
		char buf[256];
	} reply;
	mach_port_t local = request->msgh_local_port;
	mach_msg_id_t id = request->msgh_id;
	reply.r.RetCode = MIG_BAD_ID;
	if (local == default_port) {
		if (id == DP_ID_CREATE)
			(void)memory_object_default_server(request,
							   &reply.r.Head);
	} else if (pager_serves(local)) {
		if (id == DP_ID_INITIALIZE)
			(void)memory_object_default_server(request,
							   &reply.r.Head);
		else if (id >= MACH_NOTIFY_FIRST && id <= MACH_NOTIFY_LAST)
			(void)notify_server(request, &reply.r.Head);
		else
			(void)memory_object_server(request, &reply.r.Head);
	}
	kern_return_t kr = reply.r.RetCode;
	if (kr == MIG_BAD_ID || kr == MIG_BAD_ARGUMENTS)
		bad_messages++;
	if (kr != KERN_SUCCESS) {
		mach_msg_destroy(request);
		return;
	}
	if (MACH_PORT_VALID(request->msgh_remote_port))
		(void)mach_port_deallocate(mach_task_self(),
					   request->msgh_remote_port);
}

/* ---- notify.defs: only no-senders is asked for (on each object's
 * port); the rest are dropped, their rights with them. ---- */

kern_return_t
do_mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	(void)mscount;
	return pager_no_senders(notify);
}

kern_return_t
do_mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	(void)name;
	return KERN_FAILURE;
}

kern_return_t
do_mach_notify_msg_accepted(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	(void)name;
	return KERN_FAILURE;
}

kern_return_t
do_mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	(void)notify;
	(void)rights;
	return KERN_FAILURE;
}

kern_return_t
do_mach_notify_send_once(mach_port_t notify)
{
	(void)notify;
	return KERN_FAILURE;
}

kern_return_t
do_mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	(void)name;
	return KERN_FAILURE;
}
