/*
 * kvstore_server.c: the kvstore example's server (kvstore.defs).  It
 * registers its port as "kvstore" with the name service.  kv_open makes
 * a session: a receive right of ours in the port set we serve, with a
 * no-senders request on it whose notification comes to the session
 * port itself; the client gets the only send right.  When its last
 * send right goes (let go, or its task ended), the notification
 * arrives and the session is freed with every value it held.  Values
 * arrive out of line and are kept as the pages they came in.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <mach.h>
#include <mach/notify.h>
#include <servers/name.h>

#include "kvstoreServer.h"
#include "notifyServer.h"

#define SESSIONS_MAX 32
#define KEYS_MAX     64

struct kv_entry {
	kv_key_t key;
	vm_address_t data; /* pages of ours; 0 for an empty value */
	mach_msg_type_number_t size;
};

struct session {
	mach_port_t port; /* MACH_PORT_NULL: a free slot */
	kv_key_t who;
	unsigned nkeys;
	struct kv_entry keys[KEYS_MAX];
};

static struct session sessions[SESSIONS_MAX];
static mach_port_t service_port, port_set;

/* The console (mach_print: TEMPORARY, until write is emulated). */
static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char line[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	mach_print(line);
}

static bool
key_valid(const char *key)
{
	size_t n = strnlen(key, sizeof(kv_key_t));
	if (n == 0 || n == sizeof(kv_key_t))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)key[i] <= ' ' ||
		    (unsigned char)key[i] >= 0x7f)
			return false;
	return true;
}

static struct session *
session_find(mach_port_t port)
{
	if (!MACH_PORT_VALID(port) || port == service_port)
		return NULL;
	for (unsigned i = 0; i < SESSIONS_MAX; i++)
		if (sessions[i].port == port)
			return &sessions[i];
	return NULL;
}

static struct kv_entry *
entry_find(struct session *s, const char *key)
{
	for (unsigned i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i].key, key) == 0)
			return &s->keys[i];
	return NULL;
}

static void
entry_free(struct kv_entry *e)
{
	if (e->data != 0)
		(void)vm_deallocate(mach_task_self(), e->data, e->size);
}

static void
session_close(struct session *s)
{
	vm_size_t bytes = 0;
	for (unsigned i = 0; i < s->nkeys; i++) {
		bytes += s->keys[i].size;
		entry_free(&s->keys[i]);
	}
	say("kvstore: session of %s closed: %u keys, %lu bytes freed\n", s->who,
	    s->nkeys, (unsigned long)bytes);
	(void)mach_port_mod_refs(mach_task_self(), s->port,
				 MACH_PORT_RIGHT_RECEIVE, -1);
	memset(s, 0, sizeof *s);
}

kern_return_t
S_kv_open(mach_port_t server, const_kv_key_t who, mach_port_t *session)
{
	if (server != service_port)
		return KERN_INVALID_CAPABILITY;
	if (!key_valid(who))
		return KERN_INVALID_ARGUMENT;
	struct session *s = NULL;
	for (unsigned i = 0; i < SESSIONS_MAX && s == NULL; i++)
		if (sessions[i].port == MACH_PORT_NULL)
			s = &sessions[i];
	if (s == NULL)
		return KERN_RESOURCE_SHORTAGE;
	mach_port_t port, previous;
	kern_return_t kr = mach_port_allocate(mach_task_self(),
					      MACH_PORT_RIGHT_RECEIVE, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	/* Armed before the first send right exists (sync 1): it fires
	 * when the one the reply makes is gone. */
	kr = mach_port_request_notification(
		mach_task_self(), port, MACH_NOTIFY_NO_SENDERS, 1, port,
		MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(mach_task_self(), port, port_set);
	if (kr != KERN_SUCCESS) {
		(void)mach_port_mod_refs(mach_task_self(), port,
					 MACH_PORT_RIGHT_RECEIVE, -1);
		return kr;
	}
	s->port = port;
	memcpy(s->who, who, strlen(who) + 1);
	s->nkeys = 0;
	say("kvstore: session of %s opened\n", s->who);
	*session = port; /* the reply makes the client's send right */
	return KERN_SUCCESS;
}

kern_return_t
S_kv_put(mach_port_t session, const_kv_key_t key, kv_value_t value,
	 mach_msg_type_number_t valueCnt)
{
	struct session *s = session_find(session);
	if (s == NULL)
		return KERN_INVALID_CAPABILITY;
	if (!key_valid(key) || valueCnt > KV_VALUE_MAX)
		return KERN_INVALID_ARGUMENT;
	struct kv_entry *e = entry_find(s, key);
	if (e == NULL) {
		if (s->nkeys == KEYS_MAX)
			return KERN_RESOURCE_SHORTAGE;
		e = &s->keys[s->nkeys++];
		memcpy(e->key, key, strlen(key) + 1);
	} else {
		entry_free(e);
	}
	/* The value's pages are ours now (a routine that succeeds owns
	 * its request's out-of-line memory). */
	e->data = valueCnt != 0 ? (vm_address_t)value : 0;
	e->size = valueCnt;
	return KERN_SUCCESS;
}

kern_return_t
S_kv_get(mach_port_t session, const_kv_key_t key, kv_value_t *value,
	 mach_msg_type_number_t *valueCnt)
{
	struct session *s = session_find(session);
	if (s == NULL)
		return KERN_INVALID_CAPABILITY;
	if (!key_valid(key))
		return KERN_INVALID_ARGUMENT;
	struct kv_entry *e = entry_find(s, key);
	if (e == NULL)
		return KERN_INVALID_NAME;
	*value = NULL;
	*valueCnt = 0;
	if (e->size == 0)
		return KERN_SUCCESS;
	/* A copy, deallocated from us as the reply goes (dealloc). */
	vm_address_t copy = 0;
	kern_return_t kr = vm_allocate(mach_task_self(), &copy, e->size, TRUE);
	if (kr != KERN_SUCCESS)
		return kr;
	memcpy((void *)copy, (const void *)e->data, e->size);
	*value = (kv_value_t)copy;
	*valueCnt = e->size;
	return KERN_SUCCESS;
}

kern_return_t
S_kv_delete(mach_port_t session, const_kv_key_t key)
{
	struct session *s = session_find(session);
	if (s == NULL)
		return KERN_INVALID_CAPABILITY;
	if (!key_valid(key))
		return KERN_INVALID_ARGUMENT;
	struct kv_entry *e = entry_find(s, key);
	if (e == NULL)
		return KERN_INVALID_NAME;
	entry_free(e);
	*e = s->keys[--s->nkeys];
	return KERN_SUCCESS;
}

kern_return_t
S_kv_count(mach_port_t session, natural_t *keys, natural_t *bytes)
{
	struct session *s = session_find(session);
	if (s == NULL)
		return KERN_INVALID_CAPABILITY;
	natural_t total = 0;
	for (unsigned i = 0; i < s->nkeys; i++)
		total += s->keys[i].size;
	*keys = s->nkeys;
	*bytes = total;
	return KERN_SUCCESS;
}

/* A session's last send right went.  The notification comes to the
 * session port, to which clients can send too: it counts only if the
 * port really has no senders left. */
kern_return_t
do_mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	(void)mscount;
	struct session *s = session_find(notify);
	mach_port_status_t st;
	if (s == NULL ||
	    mach_port_get_receive_status(mach_task_self(), s->port, &st) !=
		    KERN_SUCCESS ||
	    st.mps_srights)
		return KERN_SUCCESS;
	session_close(s);
	return KERN_SUCCESS;
}

/* No other notification is asked for; a forged one changes nothing. */
kern_return_t
do_mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	(void)name;
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
do_mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	(void)notify;
	(void)mach_port_mod_refs(mach_task_self(), rights,
				 MACH_PORT_RIGHT_RECEIVE, -1);
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_send_once(mach_port_t notify)
{
	(void)notify;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	(void)notify;
	(void)name;
	return KERN_SUCCESS;
}

static boolean_t
demux(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	if (request->msgh_id >= MACH_NOTIFY_FIRST &&
	    request->msgh_id <= MACH_NOTIFY_LAST)
		return notify_server(request, reply);
	return kvstore_server(request, reply);
}

int
main(void)
{
	kern_return_t kr = mach_port_allocate(
		mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &service_port);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(mach_task_self(), service_port,
					    service_port,
					    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = mach_port_allocate(mach_task_self(),
					MACH_PORT_RIGHT_PORT_SET, &port_set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(mach_task_self(), service_port,
					   port_set);
	if (kr == KERN_SUCCESS)
		kr = name_register(bootstrap_port, "kvstore", service_port);
	if (kr != KERN_SUCCESS) {
		say("kvstore: cannot start: %s\n", mach_error_string(kr));
		return 1;
	}
	say("kvstore: serving \"kvstore\"\n");
	mach_msg_return_t mr = mach_msg_server(demux, 0, port_set);
	say("kvstore: stopped: %s\n", mach_error_string(mr));
	return 1;
}
