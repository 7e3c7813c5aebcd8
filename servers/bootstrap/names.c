/*
 * names.c: the name service (interfaces/servers/name.defs): a table of
 * names, each holding a send right of ours, and the look-ups waiting
 * for a name to appear, each holding its client's send-once reply
 * right.  Every right here has a dead-name request on it to the notify
 * port, so a name dies with its port and a waiter with its client
 * (names_port_died).  One thread: no locks.
 *
 * The request's rights are ours only when a routine returns
 * KERN_SUCCESS (or MIG_NO_REPLY); on an error the server loop destroys
 * them (GNU MIG's rule, servers/bootstrap/bootstrap.c).
 */

#include <string.h>

#include <mach/notify.h>
#include <servers/name_types.h>

#include "clock.h"
#include "nameServer.h"
#include "name_reply.h"
#include "names.h"

struct name_entry {
	char name[NAME_LEN];
	mach_port_t port; /* one send-right reference of ours */
};

struct name_waiter {
	char name[NAME_LEN];
	mach_port_t reply; /* the client's send-once right */
	uint64_t deadline; /* clock_ms; 0: none */
};

/* In the order of registration. */
static struct name_entry entries[NAMES_MAX];
static unsigned nentries;
static struct name_waiter waiters[WAITERS_MAX];
static unsigned nwaiters;
static mach_port_t notify_port;
static const mach_msg_header_t *current_request;

/* name_lookup's msgh_id, and its reply's. */
#define NAME_LOOKUP_REPLY_ID (6401 + 100)

void
names_init(mach_port_t notify)
{
	notify_port = notify;
}

void
names_set_request(const mach_msg_header_t *request)
{
	current_request = request;
}

unsigned
names_count(void)
{
	return nentries;
}

unsigned
names_waiting(void)
{
	return nwaiters;
}

/* 1 to NAME_LEN - 1 printable characters, no blank (the stub has seen
 * the NUL within the NAME_LEN bytes). */
static bool
name_valid(const char *name)
{
	size_t n = strnlen(name, NAME_LEN);
	if (n == 0 || n == NAME_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] <= ' ' ||
		    (unsigned char)name[i] >= 0x7f)
			return false;
	return true;
}

static struct name_entry *
entry_find(const char *name)
{
	for (unsigned i = 0; i < nentries; i++)
		if (strcmp(entries[i].name, name) == 0)
			return &entries[i];
	return NULL;
}

static bool
port_registered(mach_port_t port)
{
	for (unsigned i = 0; i < nentries; i++)
		if (entries[i].port == port)
			return true;
	return false;
}

static void
entry_remove(unsigned i)
{
	memmove(&entries[i], &entries[i + 1],
		(nentries - i - 1) * sizeof entries[0]);
	nentries--;
}

static void
waiter_remove(unsigned i)
{
	waiters[i] = waiters[--nwaiters];
}

/* Ask for a dead-name notification on our right `name'. */
static kern_return_t
watch(mach_port_t name)
{
	mach_port_t previous = MACH_PORT_NULL;
	kern_return_t kr = mach_port_request_notification(
		mach_task_self(), name, MACH_NOTIFY_DEAD_NAME, 1, notify_port,
		MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	if (kr == KERN_SUCCESS && MACH_PORT_VALID(previous))
		(void)mach_port_deallocate(mach_task_self(), previous);
	return kr;
}

/* A look-up's error, as its stub wants it: a reply header and the code
 * alone.  The send-once right goes with it; if it cannot (the client is
 * gone), its dead-name notification cleans up. */
static void
reply_error(mach_port_t reply, kern_return_t code)
{
	mig_reply_header_t m = {
		.Head = {
			.msgh_bits = MACH_MSGH_BITS(
				MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
			.msgh_size = sizeof m,
			.msgh_remote_port = reply,
			.msgh_local_port = MACH_PORT_NULL,
			.msgh_id = NAME_LOOKUP_REPLY_ID,
		},
		.RetCodeType = {
			.msgt_name = MACH_MSG_TYPE_INTEGER_32,
			.msgt_size = 32,
			.msgt_number = 1,
			.msgt_inline = 1,
		},
		.RetCode = code,
	};
	(void)mach_msg(&m.Head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof m, 0,
		       MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

/* The waiters for entry's name get its port. */
static void
answer_waiters(const struct name_entry *e)
{
	for (unsigned i = 0; i < nwaiters;) {
		if (strcmp(waiters[i].name, e->name) != 0) {
			i++;
			continue;
		}
		/* A send-once right: the send never blocks. */
		(void)name_lookup_reply(waiters[i].reply, KERN_SUCCESS,
					e->port);
		waiter_remove(i);
	}
}

kern_return_t
do_name_register(mach_port_t server, const_name_string_t name, mach_port_t port)
{
	(void)server;
	if (!name_valid(name))
		return KERN_INVALID_ARGUMENT;
	if (!MACH_PORT_VALID(port))
		return KERN_INVALID_RIGHT;
	if (entry_find(name) != NULL)
		return KERN_NAME_EXISTS;
	if (nentries == NAMES_MAX)
		return KERN_RESOURCE_SHORTAGE;
	/* One request per right of ours: the same port under two names
	 * is one name here, with a reference for each. */
	if (!port_registered(port) && watch(port) != KERN_SUCCESS)
		return KERN_INVALID_RIGHT; /* died on the way */
	struct name_entry *e = &entries[nentries++];
	memcpy(e->name, name, strlen(name) + 1);
	e->port = port;
	answer_waiters(e);
	return KERN_SUCCESS;
}

kern_return_t
do_name_lookup(mach_port_t server, mach_port_t reply, const_name_string_t name,
	       natural_t timeout_ms, mach_port_t *port)
{
	(void)server;
	if (!name_valid(name))
		return KERN_INVALID_ARGUMENT;
	const struct name_entry *e = entry_find(name);
	if (e != NULL) {
		*port = e->port; /* copied: ours stays */
		return KERN_SUCCESS;
	}
	if (timeout_ms == 0)
		return KERN_INVALID_NAME;
	/* Waiting keeps the reply right: it must be a send-once right
	 * (a send right's queue could block the answer). */
	if (current_request == NULL ||
	    MACH_MSGH_BITS_REMOTE(current_request->msgh_bits) !=
		    MACH_MSG_TYPE_PORT_SEND_ONCE ||
	    !MACH_PORT_VALID(reply))
		return KERN_INVALID_RIGHT;
	if (nwaiters == WAITERS_MAX)
		return KERN_RESOURCE_SHORTAGE;
	if (watch(reply) != KERN_SUCCESS)
		return KERN_INVALID_RIGHT;
	struct name_waiter *w = &waiters[nwaiters++];
	memcpy(w->name, name, strlen(name) + 1);
	w->reply = reply;
	w->deadline = timeout_ms == NAME_WAIT_FOREVER
			      ? 0
			      : clock_ms() + (uint64_t)timeout_ms;
	return MIG_NO_REPLY;
}

kern_return_t
do_name_unregister(mach_port_t server, const_name_string_t name,
		   mach_port_t port)
{
	(void)server;
	if (!name_valid(name))
		return KERN_INVALID_ARGUMENT;
	struct name_entry *e = entry_find(name);
	if (e == NULL)
		return KERN_INVALID_NAME;
	if (!MACH_PORT_VALID(port) || e->port != port)
		return KERN_NO_ACCESS;
	entry_remove((unsigned)(e - entries));
	/* The entry's reference and the request's.  The last one gone,
	 * the kernel drops the dead-name request (a port-deleted
	 * notification says so). */
	(void)mach_port_deallocate(mach_task_self(), port);
	(void)mach_port_deallocate(mach_task_self(), port);
	return KERN_SUCCESS;
}

kern_return_t
do_name_list(mach_port_t server, name_list_t *names,
	     mach_msg_type_number_t *namesCnt, natural_t *count)
{
	(void)server;
	vm_size_t size = 0;
	for (unsigned i = 0; i < nentries; i++)
		size += strlen(entries[i].name) + 1;
	*names = NULL;
	*namesCnt = 0;
	*count = nentries;
	if (size == 0)
		return KERN_SUCCESS;
	vm_address_t buf = 0;
	kern_return_t kr = vm_allocate(mach_task_self(), &buf, size, TRUE);
	if (kr != KERN_SUCCESS)
		return kr;
	char *p = (char *)buf;
	for (unsigned i = 0; i < nentries; i++) {
		size_t n = strlen(entries[i].name) + 1;
		memcpy(p, entries[i].name, n);
		p += n;
	}
	/* Deallocated from us as it is sent (the argument's dealloc). */
	*names = (char *)buf;
	*namesCnt = (mach_msg_type_number_t)size;
	return KERN_SUCCESS;
}

uint64_t
names_expire(uint64_t now)
{
	uint64_t next = 0;
	for (unsigned i = 0; i < nwaiters;) {
		uint64_t d = waiters[i].deadline;
		if (d != 0 && d <= now) {
			reply_error(waiters[i].reply, KERN_TIMEDOUT);
			waiter_remove(i);
			continue;
		}
		if (d != 0 && (next == 0 || d < next))
			next = d;
		i++;
	}
	return next;
}

bool
names_port_died(mach_port_t name)
{
	bool found = false;
	for (unsigned i = 0; i < nentries;) {
		if (entries[i].port == name) {
			entry_remove(i);
			found = true;
		} else {
			i++;
		}
	}
	for (unsigned i = 0; i < nwaiters;) {
		if (waiters[i].reply == name) {
			waiter_remove(i);
			found = true;
		} else {
			i++;
		}
	}
	return found;
}
