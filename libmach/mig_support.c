/*
 * mig_support.c: the runtime MIG user stubs call (<mach/mig_support.h>):
 * the reply port, memory for what replies bring back, and bounded
 * string copies.
 *
 * One reply port per thread, made on first use and kept while RPCs
 * succeed, in a `__thread' slot.  Until the start-up has installed the
 * thread pointer (musl sets it through the emulation, emul.c; the
 * start-up's own RPCs need a reply port before it), the first
 * thread's port lives in startup_slot and moves to the thread's slot
 * then.  Every access goes through reply_slot().
 */

#include <mach/mach_traps.h>
#include <mach/mig_support.h>

#include "mach_init.h"
#include "mach/mach_interface.h"
#include "cthreads_internal.h"
#include "mach/mach_port.h"
#include "tls.h"

struct reply_slot {
	mach_port_t port;
	/* mig_dealloc_reply_port is releasing a port (through an RPC). */
	int releasing;
};

static __thread struct reply_slot thread_slot;
static struct reply_slot startup_slot;

static struct reply_slot *
reply_slot(void)
{
	return mach_tls_ready ? &thread_slot : &startup_slot;
}

void
mig_reply_port_to_tls(void)
{
	thread_slot = startup_slot;
	startup_slot.port = MACH_PORT_NULL;
}

mach_port_t
mig_get_reply_port(void)
{
	struct reply_slot *slot = reply_slot();
	if (slot->port == MACH_PORT_NULL)
		slot->port = mach_reply_port();
	return slot->port;
}

/*
 * A stub saw the RPC fail in a way that leaves the reply port in doubt
 * (a reply may still come, or the port is gone): forget the port and
 * destroy its receive right, so a late reply cannot be taken for the
 * answer to the next call.  The next call makes a new port.  The slot
 * is cleared before the release, which is itself an RPC on a new reply
 * port: should that one fail too, its call here only forgets it (no
 * release of a release).
 */
void
mig_dealloc_reply_port(mach_port_t port)
{
	struct reply_slot *slot = reply_slot();
	mach_port_t old = slot->port;
	(void)port;
	slot->port = MACH_PORT_NULL;
	if (old == MACH_PORT_NULL || slot->releasing)
		return;
	slot->releasing = 1;
	(void)mach_port_mod_refs(mach_task_self(), old, MACH_PORT_RIGHT_RECEIVE,
				 -1);
	slot->releasing = 0;
}

mach_port_t
mig_reply_port_take(void)
{
	struct reply_slot *slot = reply_slot();
	mach_port_t port = slot->port;
	slot->port = MACH_PORT_NULL;
	return port;
}

/* The RPC completed: the port stays this thread's. */
void
mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

void
mig_allocate(vm_address_t *addr, vm_size_t size)
{
	if (vm_allocate(mach_task_self(), addr, size, TRUE) != KERN_SUCCESS)
		*addr = 0;
}

void
mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)vm_deallocate(mach_task_self(), addr, size);
}

/*
 * Copy at most len - 1 characters of src and a NUL into dst; returns
 * the characters copied (not counting the NUL).  len 0 writes nothing.
 */
vm_size_t
mig_strncpy(char *dst, const char *src, vm_size_t len)
{
	vm_size_t i;
	if (len == 0)
		return 0;
	for (i = 0; i < len - 1 && src[i] != '\0'; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return i;
}
