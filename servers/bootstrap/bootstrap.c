/*
 * bootstrap.c: the bootstrap server, the first task the kernel starts
 * (docs/boot.md's boot script; servers/bootstrap/README.md).  Its
 * command line:
 *
 *	bootstrap HOST-PORT DEVICE-PORT [NAME=TASK-PORT]...
 *
 * the privileged host port and the device master port (as names in
 * this task, the boot script's ${host-port} ${device-port}), then each
 * module the kernel made suspended ($(x=task-create) with no
 * task-resume), named, with a send right to its task port (${x}).  It
 * gives each module its bootstrap port, a send right to the name
 * service (names.c), resumes it, and watches its task port: a module
 * that ends is reported on the console with its name, and not
 * restarted.  Then it serves the name service and its notifications,
 * forever.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach.h>
#include <mach/notify.h>

#include "clock.h"
#include "nameServer.h"
#include "names.h"
#include "notifyServer.h"

#define MODULES_MAX     32
#define MODULE_NAME_MAX 32
/* The largest request either interface takes, with room to spare. */
#define REQUEST_MAX     1024

struct module {
	char name[MODULE_NAME_MAX];
	mach_port_t task; /* a send right; dead once it ended */
	bool running;
};

static struct module modules[MODULES_MAX];
static unsigned nmodules;

static mach_port_t service_port; /* the name service */
static mach_port_t notify_port;  /* only the kernel sends here */
static mach_port_t port_set;

/* A line on the console (mach_print: TEMPORARY, until the console
 * device is served). */
static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char line[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	mach_print(line);
}

/* A port name in decimal, as the boot script writes it. */
static bool
parse_port(const char *s, mach_port_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v > 0xffffffffu)
		return false;
	*out = (mach_port_t)v;
	return true;
}

/* Start the module of one NAME=TASK-PORT argument. */
static void
start_module(const char *arg)
{
	const char *eq = strchr(arg, '=');
	mach_port_t task;
	size_t n = eq != NULL ? (size_t)(eq - arg) : 0;
	if (n == 0 || n >= MODULE_NAME_MAX || !parse_port(eq + 1, &task) ||
	    !MACH_PORT_VALID(task)) {
		say("bootstrap: argument '%s' is not NAME=TASK-PORT; "
		    "ignored\n",
		    arg);
		return;
	}
	if (nmodules == MODULES_MAX) {
		say("bootstrap: more than %d modules; %s not started\n",
		    MODULES_MAX, arg);
		return;
	}
	struct module *m = &modules[nmodules];
	memcpy(m->name, arg, n);
	m->name[n] = '\0';
	m->task = task;
	kern_return_t kr =
		task_set_special_port(task, TASK_BOOTSTRAP_PORT, service_port);
	if (kr == KERN_SUCCESS) {
		/* A request already there (the same task given twice) is
		 * replaced: its send-once right comes back, to drop. */
		mach_port_t previous = MACH_PORT_NULL;
		kr = mach_port_request_notification(
			mach_task_self(), task, MACH_NOTIFY_DEAD_NAME, 1,
			notify_port, MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
		if (kr == KERN_SUCCESS && MACH_PORT_VALID(previous))
			(void)mach_port_deallocate(mach_task_self(), previous);
	}
	if (kr == KERN_SUCCESS)
		kr = task_resume(task);
	if (kr != KERN_SUCCESS) {
		say("bootstrap: %s not started: %s\n", m->name,
		    mach_error_string(kr));
		(void)mach_port_deallocate(mach_task_self(), task);
		return;
	}
	m->running = true;
	nmodules++;
	say("bootstrap: started %s\n", m->name);
}

kern_return_t
do_mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	for (unsigned i = 0; i < nmodules; i++)
		if (modules[i].running && modules[i].task == name) {
			modules[i].running = false;
			say("bootstrap: %s ended; not restarted\n",
			    modules[i].name);
		}
	(void)names_port_died(name);
	/* Every reference of the dead name goes: the table's, the
	 * modules', the notification's own. */
	mach_port_urefs_t refs = 0;
	if (mach_port_get_refs(mach_task_self(), name,
			       MACH_PORT_RIGHT_DEAD_NAME,
			       &refs) == KERN_SUCCESS &&
	    refs > 0)
		(void)mach_port_mod_refs(mach_task_self(), name,
					 MACH_PORT_RIGHT_DEAD_NAME,
					 -(mach_port_delta_t)refs);
	return KERN_SUCCESS;
}

/* A right whose dead-name request was dropped with it: nothing left. */
kern_return_t
do_mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	(void)name;
	return KERN_SUCCESS;
}

/* Never asked for; a receive right is destroyed, the rest ignored. */
kern_return_t
do_mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	(void)notify;
	(void)mach_port_mod_refs(mach_task_self(), rights,
				 MACH_PORT_RIGHT_RECEIVE, -1);
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_msg_accepted(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	(void)name;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	(void)notify;
	(void)mscount;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_send_once(mach_port_t notify)
{
	(void)notify;
	return KERN_SUCCESS;
}

/*
 * Serve one received request into reply.  As mach_msg_server: what
 * the request holds is the routine's when it succeeded or answered
 * MIG_NO_REPLY, and destroyed here otherwise (but for the reply right,
 * which the error reply uses).  Returns whether reply is to be sent.
 */
static bool
serve(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mig_reply_header_t *r = (mig_reply_header_t *)reply;
	if (request->msgh_local_port == notify_port) {
		(void)notify_server(request, reply);
	} else {
		names_set_request(request);
		(void)name_server(request, reply);
		names_set_request(NULL);
	}
	switch (r->RetCode) {
	case KERN_SUCCESS:
		break;
	case MIG_NO_REPLY:
		r->Head.msgh_remote_port = MACH_PORT_NULL;
		break;
	default:
		request->msgh_remote_port = MACH_PORT_NULL;
		mach_msg_destroy(request);
		break;
	}
	if (r->Head.msgh_remote_port == MACH_PORT_NULL) {
		if (r->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)
			mach_msg_destroy(&r->Head);
		return false;
	}
	return true;
}

/*
 * The loop: answer the look-ups whose time ran out, receive with a
 * time-out until the next one, serve, reply.  A reply is sent with a
 * time-out of 0, so that no client's full queue holds the server up;
 * one that cannot go is destroyed.
 */
static void __attribute__((noreturn)) serve_forever(void)
{
	static union {
		mach_msg_header_t head;
		char buf[REQUEST_MAX];
	} request, reply;
	for (;;) {
		uint64_t next = names_expire(clock_ms());
		mach_msg_option_t option = MACH_RCV_MSG;
		mach_msg_timeout_t timeout = 0;
		if (next != 0) {
			uint64_t now = clock_ms();
			option |= MACH_RCV_TIMEOUT;
			timeout = next > now ? (mach_msg_timeout_t)(next - now)
					     : 0;
		}
		mach_msg_return_t mr =
			mach_msg(&request.head, option, 0, sizeof request,
				 port_set, timeout, MACH_PORT_NULL);
		if (mr == MACH_RCV_TIMED_OUT || mr == MACH_RCV_TOO_LARGE)
			continue;
		if (mr != MACH_MSG_SUCCESS) {
			say("bootstrap: receive failed: %s\n",
			    mach_error_string(mr));
			continue;
		}
		if (!serve(&request.head, &reply.head))
			continue;
		mr = mach_msg(&reply.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			      reply.head.msgh_size, 0, MACH_PORT_NULL, 0,
			      MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			mach_msg_destroy(&reply.head);
	}
}

static void
make_port(mach_port_t *port, const char *what)
{
	kern_return_t kr = mach_port_allocate(mach_task_self(),
					      MACH_PORT_RIGHT_RECEIVE, port);
	if (kr != KERN_SUCCESS) {
		say("bootstrap: no %s port: %s\n", what, mach_error_string(kr));
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	mach_port_t host_priv, device_master;
	if (argc < 3 || !parse_port(argv[1], &host_priv) ||
	    !parse_port(argv[2], &device_master)) {
		say("bootstrap: usage: bootstrap HOST-PORT DEVICE-PORT "
		    "[NAME=TASK-PORT]...\n");
		return 1;
	}
	make_port(&service_port, "service");
	make_port(&notify_port, "notify");
	kern_return_t kr =
		mach_port_insert_right(mach_task_self(), service_port,
				       service_port, MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = mach_port_allocate(mach_task_self(),
					MACH_PORT_RIGHT_PORT_SET, &port_set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(mach_task_self(), service_port,
					   port_set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(mach_task_self(), notify_port,
					   port_set);
	if (kr == KERN_SUCCESS)
		kr = clock_init();
	if (kr != KERN_SUCCESS) {
		say("bootstrap: cannot set up: %s\n", mach_error_string(kr));
		return 1;
	}
	names_init(notify_port);
	/* The host and device ports stay with us: nobody is given them
	 * yet. */
	(void)host_priv;
	(void)device_master;
	say("bootstrap: name service up, %d modules to start\n", argc - 3);
	for (int i = 3; i < argc; i++)
		start_module(argv[i]);
	serve_forever();
}
