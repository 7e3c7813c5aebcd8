/*
 * ipc_test.c: the IPC unit tests' common setup and checks.
 */

#include <check.h>
#include <stdarg.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_entry.h"
#include "ipc/ipc_init.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "kern/kalloc.h"
#include "kern/printf.h"
#include "kern/zalloc.h"
#include "tests/unit/host/fake_ram.h"
#include "tests/unit/host/zone_stats.h"
#include "tests/unit/ipc/ipc_test.h"

#define ARENA     (64u << 20) /* "physical" [0, 64 MiB) */
#define FIRST_PFN 1024        /* managed: [4 MiB, 64 MiB) */
#define NPAGES    15360

/* zalloc.c's zone_print_all needs a kprintf; nothing here prints. */
int
kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

void
ipc_test_setup(void)
{
	fake_ram_setup(ARENA, FIRST_PFN, NPAGES);
	zone_bootstrap();
	kalloc_init();
	ck_assert(ipc_bootstrap());
	ck_assert_uint_eq(ipc_notify_pending(), 0);
}

void
ipc_test_teardown(void)
{
	fake_ram_teardown();
}

static void
sum_in_use(zone_t zone, const struct zone_stats *st, void *arg)
{
	(void)zone;
	*(uint64_t *)arg += st->in_use;
}

uint64_t
ipc_test_in_use(void)
{
	uint64_t n = 0;
	ipc_kmsg_cache_drain(); /* the cached kmsg is free memory */
	zone_foreach(sum_in_use, &n);
	struct kalloc_stats ks;
	kalloc_get_stats(&ks);
	return n + ks.large_in_use;
}

uint64_t
ipc_test_zone_in_use(const char *name)
{
	return zone_stats_named(name).in_use;
}

ipc_space_t
ipc_test_space(void)
{
	ipc_space_t space;
	ck_assert_int_eq(ipc_space_create(&space), KERN_SUCCESS);
	return space;
}

static uint64_t fixture_base;

ipc_space_t
ipc_test_begin(void)
{
	ipc_test_setup();
	fixture_base = ipc_test_in_use();
	return ipc_test_space();
}

uint64_t
ipc_test_baseline(void)
{
	return fixture_base;
}

void
ipc_test_end(ipc_space_t space)
{
	ipc_space_destroy(space);
	ipc_notify_flush();
	ck_assert_uint_eq(ipc_test_in_use(), fixture_base);
	ipc_test_teardown();
}

mach_port_type_t
ipc_test_type(ipc_space_t space, mach_port_name_t name)
{
	mach_port_type_t type;
	ck_assert_int_eq(mach_port_type(space, name, &type), KERN_SUCCESS);
	return type;
}

mach_port_urefs_t
ipc_test_refs(ipc_space_t space, mach_port_name_t name, mach_port_right_t right)
{
	mach_port_urefs_t refs;
	ck_assert_int_eq(mach_port_get_refs(space, name, right, &refs),
			 KERN_SUCCESS);
	return refs;
}

mach_port_name_t
ipc_test_receive(ipc_space_t space)
{
	mach_port_name_t name;
	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &name),
		KERN_SUCCESS);
	return name;
}

ipc_port_t
ipc_test_port(ipc_space_t space, mach_port_name_t name)
{
	is_write_lock(space);
	ipc_entry_t entry = ipc_entry_lookup(space, name);
	ck_assert_ptr_nonnull(entry);
	ck_assert(IE_BITS_TYPE(entry->ie_bits) & MACH_PORT_TYPE_PORT_RIGHTS);
	ipc_port_t port = (ipc_port_t)entry->ie_object;
	is_write_unlock(space);
	return port;
}

struct ipc_notify_record
ipc_test_notified(int id)
{
	struct ipc_notify_record r;
	ck_assert(ipc_notify_take(&r));
	ck_assert_int_eq(r.id, id);
	ipc_port_release_sonce(r.notify);
	return r;
}
