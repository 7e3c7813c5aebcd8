/*
 * ipc_test.h: what the IPC unit tests share: the kernel's memory on a
 * host arena, the IPC zones, and counts to check that nothing leaked.
 */
#ifndef TESTS_UNIT_IPC_IPC_TEST_H
#define TESTS_UNIT_IPC_IPC_TEST_H

#include <stdint.h>

#include <mach/machine_types.h>

#include "ipc/ipc_types.h"

/* Fresh memory, zones, kalloc and IPC zones; no notification pending. */
void ipc_test_setup(void);
void ipc_test_teardown(void);

/*
 * Every zone element and large kalloc block in use now: the IPC
 * objects, entries, tables and notification records among them.
 */
uint64_t ipc_test_in_use(void);

/* Elements in use in the zone named `name'. */
uint64_t ipc_test_zone_in_use(const char *name);

/*
 * The fixture of tests that work in one space: ipc_test_setup, then a
 * space and the baseline of ipc_test_in_use; ipc_test_end destroys the
 * space (and every right a test left in it), drops pending
 * notifications, and checks that everything is back at the baseline.
 */
ipc_space_t ipc_test_begin(void);
void ipc_test_end(ipc_space_t space);

/* The baseline ipc_test_begin recorded. */
uint64_t ipc_test_baseline(void);

/* A new space; fails the test if it cannot be made. */
ipc_space_t ipc_test_space(void);

/* mach_port_type and mach_port_get_refs, failing the test on an error. */
mach_port_type_t ipc_test_type(ipc_space_t space, mach_port_name_t name);
mach_port_urefs_t ipc_test_refs(ipc_space_t space, mach_port_name_t name,
				mach_port_right_t right);

/* A new receive right in `space'; its name. */
mach_port_name_t ipc_test_receive(ipc_space_t space);

/* The port `name' names in `space' (a port right's entry). */
ipc_port_t ipc_test_port(ipc_space_t space, mach_port_name_t name);

/*
 * Take the oldest notification, which must be `id'; returns its record
 * after releasing its send-once right (a port-destroyed record's
 * receive right is left to the caller).
 */
struct ipc_notify_record ipc_test_notified(int id);

/*
 * The fake memory of out-of-line items (ipc_kmsg_vm_host.c): addresses
 * below IKM_HOST_BAD_BELOW are unmapped; copies alive, allocations made
 * for receivers (the test frees them), a switch that makes allocation
 * fail, the address last deallocated.
 */
#define IKM_HOST_BAD_BELOW ((vm_offset_t)0x10000)
extern int ikm_host_copies;
extern int ikm_host_allocations;
extern int ikm_host_no_space;
extern vm_offset_t ikm_host_deallocated;

#endif
