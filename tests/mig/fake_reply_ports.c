/*
 * fake_reply_ports.c: the MIG runtime calls of user stubs, for test
 * programs whose mach_msg is their own stand-in (fuzz_seeds,
 * fuzz_replies): one fixed reply port, and out-of-line memory from a
 * static arena that nobody reads back.
 */
#include <stddef.h>

#include <mach/message.h>
#include <mach/mig_support.h>

#define FAKE_REPLY_PORT 0x777

mach_port_t
mig_get_reply_port(void)
{
	return FAKE_REPLY_PORT;
}

void
mig_dealloc_reply_port(mach_port_t port)
{
	(void)port;
}

void
mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

void
mig_allocate(vm_address_t *addr, vm_size_t size)
{
	static char arena[65536];

	*addr = (vm_address_t)(size <= sizeof arena ? arena : NULL);
}
