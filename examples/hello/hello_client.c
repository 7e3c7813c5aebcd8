/*
 * hello_client.c: the hello example's client.  It looks "hello" up in
 * the name service (waiting up to 10 seconds for the server to
 * register), asks it for a greeting, pings it, and says what it got.
 */

#include <stdio.h>
#include <string.h>

#include <mach.h>
#include <servers/name.h>

#include "hello.h"

#define PINGS 100

int
main(int argc, char **argv)
{
	const char *who = argc > 1 ? argv[1] : "world";
	char line[200];
	mach_port_t server;
	kern_return_t kr = name_lookup(bootstrap_port, "hello", 10000, &server);
	if (kr != KERN_SUCCESS) {
		snprintf(line, sizeof line,
			 "hello_client: no \"hello\" server: %s\n",
			 mach_error_string(kr));
		mach_print(line);
		return 1;
	}
	hello_text_t greeting;
	kr = hello_greet(server, who, greeting);
	if (kr != KERN_SUCCESS) {
		snprintf(line, sizeof line, "hello_client: hello_greet: %s\n",
			 mach_error_string(kr));
		mach_print(line);
		return 1;
	}
	snprintf(line, sizeof line, "hello_client: the server said \"%s\"\n",
		 greeting);
	mach_print(line);
	int ok = 0;
	for (int i = 0; i < PINGS; i++)
		ok += hello_ping(server) == KERN_SUCCESS;
	snprintf(line, sizeof line, "hello_client: %d of %d pings answered\n",
		 ok, PINGS);
	mach_print(line);
	(void)mach_port_deallocate(mach_task_self(), server);
	return ok == PINGS && strncmp(greeting, "Hello, ", 7) == 0 ? 0 : 1;
}
