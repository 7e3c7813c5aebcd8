/*
 * ns_peer.c: ns_test's peer (tests/servers/local.mk), started suspended
 * by the boot script and resumed by the bootstrap server.  It waits
 * for ns_test's "ns.ready", registers "ns.late" (answering ns_test's
 * look-up that waits for it), waits for one message on that port and
 * ends: the name must die with it, and bootstrap report its end.
 */

#include <servers/name.h>

#include "ns_check.h"

const char *check_prog = "ns-peer";
int check_count, check_failures;

int
main(void)
{
	mach_port_t ready = MACH_PORT_NULL;
	CHECK(MACH_PORT_VALID(bootstrap_port));
	CHECK_EQ(name_lookup(bootstrap_port, "ns.ready", NAME_WAIT_FOREVER,
			     &ready),
		 KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(ready));
	mach_port_t port = new_port();
	CHECK_EQ(name_register(bootstrap_port, "ns.late", port), KERN_SUCCESS);
	/* ns_test's word to go. */
	struct {
		mach_msg_header_t h;
		char pad[64];
	} m;
	CHECK_EQ(mach_msg(&m.h, MACH_RCV_MSG, 0, sizeof m, port, 0,
			  MACH_PORT_NULL),
		 MACH_MSG_SUCCESS);
	CHECK_EQ(m.h.msgh_id, 4242);
	return check_report();
}
