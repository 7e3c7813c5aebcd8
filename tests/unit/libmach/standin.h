/*
 * standin.h: the stand-in kernel under libmach's host tests.  The calls
 * libmach makes of the kernel (the traps and the MIG user stubs it
 * uses) are defined in standin.c, where each records what it was asked
 * into standin_calls, in order, and returns standin_result.
 */
#ifndef TESTS_UNIT_LIBMACH_STANDIN_H
#define TESTS_UNIT_LIBMACH_STANDIN_H

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>

enum standin_op {
	STANDIN_DEALLOCATE,   /* mach_port_deallocate(task, name) */
	STANDIN_MOD_REFS,     /* mach_port_mod_refs(task, name, right, delta) */
	STANDIN_INSERT_RIGHT, /* mach_port_insert_right(task, name, poly, type) */
	STANDIN_EXTRACT_RIGHT, /* mach_port_extract_right(task, name, type) */
	STANDIN_VM_DEALLOCATE, /* vm_deallocate(task, addr, size) */
	STANDIN_VM_ALLOCATE,   /* vm_allocate(task, addr, size, anywhere) */
	STANDIN_REPLY_PORT,    /* mach_reply_port() */
};

struct standin_call {
	enum standin_op op;
	mach_port_t task;
	mach_port_t name;
	long long arg1; /* right, type, addr */
	long long arg2; /* delta, size */
};

#define STANDIN_MAX_CALLS 64

extern struct standin_call standin_calls[STANDIN_MAX_CALLS];
extern unsigned standin_ncalls;
/* What every call returns (KERN_SUCCESS after standin_reset). */
extern kern_return_t standin_result;
/* The name mach_reply_port and mach_port_extract_right give next. */
extern mach_port_t standin_next_name;
/* Called from inside mach_port_mod_refs, once, when set (a stub's
 * failure path that comes back into libmach). */
extern void (*standin_mod_refs_hook)(void);
/* Everything mach_print printed since standin_reset. */
extern char standin_printed[1024];

/* Forget the calls and the output; mach_task_self_ is STANDIN_TASK,
 * mach_tls_ready 0 (the start-up's reply slot). */
void standin_reset(void);

#define STANDIN_TASK ((mach_port_t)0x103)

#endif
