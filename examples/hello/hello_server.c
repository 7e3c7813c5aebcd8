/*
 * hello_server.c: the hello example's server.  It makes a port,
 * registers it with the bootstrap server's name service as "hello",
 * and serves hello.defs on it for ever (mach_msg_server, with the
 * server stub mig wrote from hello.defs).
 */

#include <stdio.h>

#include <mach.h>
#include <servers/name.h>

#include "helloServer.h"

/* The console (mach_print: TEMPORARY, until write is emulated). */
static void
say(const char *text)
{
	mach_print(text);
}

kern_return_t
S_hello_greet(mach_port_t server, const_hello_name_t who, hello_text_t greeting)
{
	(void)server;
	/* who came NUL-terminated (the stub checks); the greeting fits
	 * or is cut, with its NUL. */
	snprintf(greeting, sizeof(hello_text_t), "Hello, %s!", who);
	return KERN_SUCCESS;
}

kern_return_t
S_hello_ping(mach_port_t server)
{
	(void)server;
	return KERN_SUCCESS;
}

int
main(void)
{
	mach_port_t port;
	kern_return_t kr = mach_port_allocate(mach_task_self(),
					      MACH_PORT_RIGHT_RECEIVE, &port);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(mach_task_self(), port, port,
					    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = name_register(bootstrap_port, "hello", port);
	if (kr != KERN_SUCCESS) {
		char line[100];
		snprintf(line, sizeof line, "hello_server: cannot start: %s\n",
			 mach_error_string(kr));
		say(line);
		return 1;
	}
	say("hello_server: serving \"hello\"\n");
	mach_msg_return_t mr = mach_msg_server(hello_server, 0, port);
	char line[100];
	snprintf(line, sizeof line, "hello_server: stopped: %s\n",
		 mach_error_string(mr));
	say(line);
	return 1;
}
