/*
 * gnu_port.c: port rights and names through mach_port.defs, as a program
 * built for GNU Mach calls them (GNU MIG's stubs, gnumach-dev's headers).
 * Each check is a result GNU Mach gives.  mach_port_names and
 * mach_port_get_set_status answer out of line.
 */

#include <mach/mach_types.h>
#include <mach/port.h>
#include <stddef.h>

#include "rt.h"
#include "gnu/mach.h"
#include "gnu/mach_port.h"

static mach_port_type_t
type_of(mach_port_t name)
{
	mach_port_type_t type = 0;
	if (mach_port_type(mach_task_self(), name, &type) != KERN_SUCCESS)
		return ~(mach_port_type_t)0;
	return type;
}

static mach_port_urefs_t
refs_of(mach_port_t name, mach_port_right_t right)
{
	mach_port_urefs_t refs = 0;
	if (mach_port_get_refs(mach_task_self(), name, right, &refs) !=
	    KERN_SUCCESS)
		return ~(mach_port_urefs_t)0;
	return refs;
}

/* A receive right, its send rights, and their user references. */
static void
receive_and_send(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = MACH_PORT_NULL;

	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port),
		 KERN_SUCCESS);
	CHECK(port != MACH_PORT_NULL && port != MACH_PORT_DEAD);
	CHECK_EQ(type_of(port), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(refs_of(port, MACH_PORT_RIGHT_RECEIVE), 1);
	CHECK_EQ(refs_of(port, MACH_PORT_RIGHT_SEND), 0);

	CHECK_EQ(mach_port_insert_right(task, port, port,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);
	CHECK_EQ(type_of(port), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(refs_of(port, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(mach_port_mod_refs(task, port, MACH_PORT_RIGHT_SEND, 2),
		 KERN_SUCCESS);
	CHECK_EQ(refs_of(port, MACH_PORT_RIGHT_SEND), 3);
	CHECK_EQ(mach_port_deallocate(task, port), KERN_SUCCESS);
	CHECK_EQ(refs_of(port, MACH_PORT_RIGHT_SEND), 2);

	/* A receive right takes only 0 or -1; deallocate is for sends. */
	CHECK_EQ(mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, 1),
		 KERN_INVALID_VALUE);
	CHECK_EQ(mach_port_mod_refs(task, port, MACH_PORT_RIGHT_SEND, -2),
		 KERN_SUCCESS);
	CHECK_EQ(type_of(port), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(mach_port_deallocate(task, port), KERN_INVALID_RIGHT);
	CHECK_EQ(mach_port_mod_refs(task, port, MACH_PORT_RIGHT_SEND, -1),
		 KERN_INVALID_RIGHT);

	/* The same port under a second name: the space names it once. */
	CHECK_EQ(mach_port_insert_right(task, port + 0x100, port,
					MACH_MSG_TYPE_MAKE_SEND),
		 KERN_RIGHT_EXISTS);

	CHECK_EQ(mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_type(task, port, &(mach_port_type_t){ 0 }),
		 KERN_INVALID_NAME);
}

/* Names the program picks, renaming, destroying. */
static void
chosen_names(void)
{
	mach_port_t task = mach_task_self();
	const mach_port_t name = 0x12345601, other = 0x23456702;

	CHECK_EQ(mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE, name),
		 KERN_SUCCESS);
	CHECK_EQ(type_of(name), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE, name),
		 KERN_NAME_EXISTS);
	CHECK_EQ(mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE,
					 MACH_PORT_NULL),
		 KERN_INVALID_VALUE);
	CHECK_EQ(mach_port_rename(task, name, other), KERN_SUCCESS);
	CHECK_EQ(mach_port_type(task, name, &(mach_port_type_t){ 0 }),
		 KERN_INVALID_NAME);
	CHECK_EQ(type_of(other), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(mach_port_destroy(task, other), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, other), KERN_INVALID_NAME);
}

/* Send-once rights, dead names, port sets. */
static void
send_once_dead_names_sets(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = MACH_PORT_NULL, once = MACH_PORT_NULL;
	mach_port_t set = MACH_PORT_NULL;
	mach_msg_type_name_t got = 0;

	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_extract_right(
			 task, port, MACH_MSG_TYPE_MAKE_SEND_ONCE, &once, &got),
		 KERN_SUCCESS);
	CHECK_EQ(got, MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(once != port);
	CHECK_EQ(type_of(once), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(refs_of(once, MACH_PORT_RIGHT_SEND_ONCE), 1);

	/* The port dies: the send-once right becomes a dead name. */
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	CHECK_EQ(type_of(once), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(once, MACH_PORT_RIGHT_DEAD_NAME), 1);
	CHECK_EQ(mach_port_deallocate(task, once), KERN_SUCCESS);
	CHECK_EQ(mach_port_type(task, once, &(mach_port_type_t){ 0 }),
		 KERN_INVALID_NAME);

	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set),
		 KERN_SUCCESS);
	CHECK_EQ(type_of(set), MACH_PORT_TYPE_PORT_SET);
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(task, port, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(task, port, MACH_PORT_NULL),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(task, port, MACH_PORT_NULL),
		 KERN_NOT_IN_SET);
	CHECK_EQ(mach_port_move_member(task, set, port), KERN_INVALID_RIGHT);
	CHECK_EQ(mach_port_destroy(task, port), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, set), KERN_SUCCESS);
}

/* The kernel's out-of-line replies: mach_port_names and
 * mach_port_get_set_status, their arrays mapped into the caller. */
static void
names_and_set_status(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t a = MACH_PORT_NULL, c = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &a),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &c),
		 KERN_SUCCESS);
	mach_port_t set = MACH_PORT_NULL;
	CHECK_EQ(mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set),
		 KERN_SUCCESS);
	CHECK_EQ(mach_port_insert_right(task, c, c, MACH_MSG_TYPE_MAKE_SEND),
		 KERN_SUCCESS);

	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t nnames = 0, ntypes = 0;
	CHECK_EQ(mach_port_names(task, &names, &nnames, &types, &ntypes),
		 KERN_SUCCESS);
	CHECK_EQ(nnames, ntypes);
	CHECK(nnames >= 3);
	int seen = 0;
	for (mach_msg_type_number_t i = 0; i < nnames; i++) {
		if (names[i] == a && types[i] == MACH_PORT_TYPE_RECEIVE)
			seen |= 1;
		if (names[i] == c && types[i] == MACH_PORT_TYPE_SEND_RECEIVE)
			seen |= 2;
		if (names[i] == set && types[i] == MACH_PORT_TYPE_PORT_SET)
			seen |= 4;
		CHECK_EQ(types[i], type_of(names[i]));
	}
	CHECK_EQ(seen, 7);
	CHECK_EQ(vm_deallocate(task, (vm_address_t)names,
			       nnames * sizeof *names),
		 KERN_SUCCESS);
	CHECK_EQ(vm_deallocate(task, (vm_address_t)types,
			       ntypes * sizeof *types),
		 KERN_SUCCESS);

	/* A set: empty, then two members; not a set; no name. */
	mach_port_name_array_t members = NULL;
	mach_msg_type_number_t nmembers = 7;
	CHECK_EQ(mach_port_get_set_status(task, set, &members, &nmembers),
		 KERN_SUCCESS);
	CHECK_EQ(nmembers, 0);
	CHECK_EQ(mach_port_move_member(task, a, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_move_member(task, c, set), KERN_SUCCESS);
	CHECK_EQ(mach_port_get_set_status(task, set, &members, &nmembers),
		 KERN_SUCCESS);
	CHECK_EQ(nmembers, 2);
	if (nmembers == 2) {
		CHECK((members[0] == a && members[1] == c) ||
		      (members[0] == c && members[1] == a));
		CHECK_EQ(vm_deallocate(task, (vm_address_t)members,
				       2 * sizeof *members),
			 KERN_SUCCESS);
	}
	CHECK_EQ(mach_port_get_set_status(task, a, &members, &nmembers),
		 KERN_INVALID_RIGHT);
	CHECK_EQ(mach_port_get_set_status(task, set + 0x10000, &members,
					  &nmembers),
		 KERN_INVALID_NAME);

	CHECK_EQ(mach_port_destroy(task, a), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, c), KERN_SUCCESS);
	CHECK_EQ(mach_port_destroy(task, set), KERN_SUCCESS);
}

/* Arguments the kernel must refuse. */
static void
bad_arguments(void)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = MACH_PORT_NULL;

	CHECK_EQ(mach_port_allocate(task, 99, &port), KERN_INVALID_VALUE);
	CHECK_EQ(mach_port_type(task, 0x7fffff01, &(mach_port_type_t){ 0 }),
		 KERN_INVALID_NAME);
	CHECK_EQ(mach_port_deallocate(task, 0x7fffff01), KERN_INVALID_NAME);
	/* Not a task port: the stub's space is null. */
	CHECK_EQ(mach_port_allocate(mach_host_self(), MACH_PORT_RIGHT_RECEIVE,
				    &port),
		 KERN_INVALID_TASK);
}

int
main(void)
{
	receive_and_send();
	chosen_names();
	send_once_dead_names_sets();
	names_and_set_status();
	bad_arguments();
	return rt_report("gnu-port");
}
