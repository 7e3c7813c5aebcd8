/*
 * default_pager.c: the default pager's start-up and loop
 * (docs/default_pager.md).  Its boot-script line gives it the
 * privileged host port and makes it suspended for servers/bootstrap to
 * start with its bootstrap port:
 *
 *	default_pager ${host-port} [max-pages=N] [name=NAME]
 *		$(pager=task-create)
 *
 * max-pages=N bounds the in-memory store (0 or absent: memory alone);
 * name=NAME registers the default port with the name service under
 * NAME (tests only: whoever looks it up can make objects and have the
 * pager keep their pages, in wired memory; the kernel's way to the
 * pager is vm_set_default_memory_manager, on the privileged host
 * port).  It wires its memory (vm_wire_all, current and future) so that
 * it never faults on a page only it could supply, makes the default
 * port, becomes the kernel's default memory manager with it and serves
 * its objects, forever, from one thread.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach.h>
#include <mach/gnumach.h>
#include <servers/name.h>

#include "pager.h"
#include "serve.h"
#include "store.h"

/* GNU Mach's <mach/vm_wire.h>: the memory mapped now and later. */
#define DP_VM_WIRE_ALL 3

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
parse_number(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0')
		return false;
	*out = v;
	return true;
}

static void __attribute__((noreturn))
serve_forever(mach_port_t port_set, mach_port_t default_port)
{
	static union {
		mach_msg_header_t head;
		char buf[SERVE_REQUEST_MAX];
	} request;
	for (;;) {
		mach_msg_return_t mr = mach_msg(
			&request.head, MACH_RCV_MSG, 0, sizeof request,
			port_set, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		if (mr == MACH_RCV_TOO_LARGE)
			continue;
		if (mr != MACH_MSG_SUCCESS) {
			say("default_pager: receive failed: %s\n",
			    mach_error_string(mr));
			continue;
		}
		serve_message(&request.head, default_port);
	}
}

int
main(int argc, char **argv)
{
	unsigned long host = 0, max_pages = 0;
	const char *name = NULL;
	bool ok = argc >= 2 && parse_number(argv[1], &host) &&
		  host <= 0xffffffffu;
	for (int i = 2; ok && i < argc; i++) {
		if (strncmp(argv[i], "max-pages=", 10) == 0)
			ok = parse_number(argv[i] + 10, &max_pages);
		else if (strncmp(argv[i], "name=", 5) == 0)
			name = argv[i] + 5;
		else
			ok = false;
	}
	if (!ok) {
		say("default_pager: usage: default_pager HOST-PORT "
		    "[max-pages=N] [name=NAME]\n");
		return 1;
	}
	mach_port_t host_priv = (mach_port_t)host;
	mach_port_t self = mach_task_self();

	/* Wired first, so that what follows is too. */
	kern_return_t kr = vm_wire_all(host_priv, self, DP_VM_WIRE_ALL);
	bool wired = kr == KERN_SUCCESS;
	if (!wired)
		say("default_pager: memory not wired: %s\n",
		    mach_error_string(kr));

	struct store *store = store_mem_create(vm_page_size, max_pages);
	mach_port_t default_port, port_set;
	kr = store != NULL ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
	if (kr == KERN_SUCCESS)
		kr = mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE,
					&default_port);
	if (kr == KERN_SUCCESS)
		kr = mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET,
					&port_set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(self, default_port, port_set);
	if (kr != KERN_SUCCESS) {
		say("default_pager: cannot set up: %s\n",
		    mach_error_string(kr));
		return 1;
	}
	pager_init(store, default_port, port_set, vm_page_size);

	/* The kernel gets a send right made from ours; the previous
	 * manager's comes back. */
	mach_port_t previous = default_port;
	kr = vm_set_default_memory_manager(host_priv, &previous);
	bool registered = kr == KERN_SUCCESS;
	if (!registered) {
		say("default_pager: not the default memory manager: %s\n",
		    mach_error_string(kr));
	} else if (MACH_PORT_VALID(previous)) {
		say("default_pager: replaces a previous default memory "
		    "manager\n");
		(void)mach_port_deallocate(self, previous);
	}

	/* The name service keeps a send right of its own. */
	if (name != NULL) {
		kr = mach_port_insert_right(self, default_port, default_port,
					    MACH_MSG_TYPE_MAKE_SEND);
		if (kr == KERN_SUCCESS) {
			kr = name_register(bootstrap_port, name, default_port);
			(void)mach_port_deallocate(self, default_port);
		}
		if (kr != KERN_SUCCESS)
			say("default_pager: not registered as %s with the "
			    "name service: %s\n",
			    name, mach_error_string(kr));
	}

	char bound[32] = "any number of";
	if (max_pages != 0)
		snprintf(bound, sizeof bound, "%lu", max_pages);
	say("default_pager: serving (%s, memory %s, in-memory store of %s "
	    "pages)\n",
	    registered ? "the default memory manager"
		       : "not the default memory manager",
	    wired ? "wired" : "not wired", bound);
	serve_forever(port_set, default_port);
}
