/*
 * gnu_boot.c: GNU Mach's boot-script conventions, as the programs they
 * start see them.  conformance.iso boots it twice, with the kernel
 * command line "... greeting=hello":
 *
 *	gnu_boot check --host-port=${host-port} ${peer}
 *		kcl=${kernel-command-line} ${greeting}
 *		$(task-create) $(task-resume)
 *	gnu_boot peer $(peer=task-create) $(task-resume)
 *
 * "check" finds a send right to the privileged host port named in its
 * second word, a send right to the peer's task port in its third (the
 * peer's line comes later: the script reads every line before it runs
 * one), the whole kernel command line, blanks included, as one word,
 * and a variable of the kernel command line; it then terminates the
 * peer, which waits for ever.
 */

#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/port.h>
#include <string.h>

#include "rt.h"
#include "gnu/mach.h"
#include "gnu/mach_port.h"

static int
starts_with(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return strnlen(s, n) == n && memcmp(s, prefix, n) == 0;
}

static int
contains(const char *s, const char *part)
{
	for (; *s != '\0'; s++)
		if (starts_with(s, part))
			return 1;
	return 0;
}

static void
check(int argc, char **argv)
{
	CHECK_EQ(argc, 6);
	if (argc != 6)
		return;
	CHECK(starts_with(argv[2], "--host-port="));
	mach_port_t host_priv = rt_port_arg(argv[2] + strlen("--host-port="));
	CHECK(MACH_PORT_VALID(host_priv));
	CHECK_EQ(rt_port_type(host_priv), MACH_PORT_TYPE_SEND);
	/* Not the host port everyone gets: another port, another name. */
	CHECK(host_priv != mach_host_self());

	mach_port_t peer = rt_port_arg(argv[3]);
	CHECK(MACH_PORT_VALID(peer));
	CHECK_EQ(rt_port_type(peer), MACH_PORT_TYPE_SEND);
	/* A task port: a right made in its space through it. */
	mach_port_t name = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(peer, MACH_PORT_RIGHT_RECEIVE, &name),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(peer, name), KERN_SUCCESS);

	CHECK(starts_with(argv[4], "kcl="));
	CHECK(contains(argv[4], "test=gnu_conformance"));
	CHECK(contains(argv[4], " greeting=hello"));
	CHECK_EQ(strcmp(argv[5], "hello"), 0);

	CHECK_EQ(task_terminate(peer), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), peer), KERN_SUCCESS);
	CHECK_EQ(mach_port_deallocate(mach_task_self(), host_priv),
		 KERN_SUCCESS);
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "peer") == 0) {
		/* Wait for ever: the other line's task ends this one. */
		mach_msg_header_t m;
		mach_port_t port = mach_reply_port();
		mach_msg_trap(&m, MACH_RCV_MSG, 0, sizeof m, port, 0,
			      MACH_PORT_NULL);
		return rt_report("gnu-boot-peer: woken");
	}
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		check(argc, argv);
	else
		CHECK(!"no mode");
	return rt_report("gnu-boot");
}
