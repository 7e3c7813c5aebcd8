/*
 * sdk_hello.c: a program built against the installed SDK only (the
 * headers and library `make install' puts under a prefix; see
 * tests/libmach/local.mk), booted beside libmach_boot.  It makes a few
 * calls of each kind a program makes: a kernel call through a stub, a
 * message to itself, musl's formatting, a return code's text.  It
 * prints "libmach-sdk: N checks, F failed".
 */

#include <stdio.h>
#include <string.h>

#include <mach.h>

static int checks, failures;

static void
check(int ok, const char *what)
{
	char line[160];
	checks++;
	if (ok)
		return;
	failures++;
	snprintf(line, sizeof line, "libmach-sdk: FAIL %s\n", what);
	mach_print(line);
}

#define CHECK(c) check(!!(c), #c)

int
main(void)
{
	vm_address_t a = 0;
	CHECK(vm_allocate(mach_task_self(), &a, 4096, TRUE) == KERN_SUCCESS);
	CHECK(a != 0);
	CHECK(vm_deallocate(mach_task_self(), a, 4096) == KERN_SUCCESS);

	mach_port_t port = MACH_PORT_NULL;
	CHECK(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				 &port) == KERN_SUCCESS);
	mach_msg_header_t m = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
		.msgh_size = sizeof m,
		.msgh_remote_port = port,
		.msgh_id = 77,
	};
	CHECK(mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof m, sizeof m,
		       port, 0, MACH_PORT_NULL) == MACH_MSG_SUCCESS);
	CHECK(m.msgh_id == 77 && m.msgh_local_port == port);
	CHECK(mach_port_mod_refs(mach_task_self(), port,
				 MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(strcmp(mach_error_string(MACH_SEND_INVALID_DEST),
		     "(ipc/send) invalid destination port") == 0);

	char line[80];
	snprintf(line, sizeof line, "libmach-sdk: %d checks, %d failed\n",
		 checks, failures);
	mach_print(line);
	return failures != 0;
}
