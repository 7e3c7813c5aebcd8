/*
 * target.h: the message ABI of a target (prefix target_), chosen at run
 * time.  Every size the layout pass uses comes from one of these tables,
 * so one migcom binary generates stubs for every target.
 */
#ifndef MIG_TARGET_H
#define MIG_TARGET_H

#include <stdbool.h>

struct target {
	const char *name;
	unsigned header_size;    /* sizeof(mach_msg_header_t) */
	unsigned type_size;      /* sizeof(mach_msg_type_t) */
	unsigned long_type_size; /* sizeof(mach_msg_type_long_t) */
	unsigned pointer_size;   /* an out-of-line address in a message */
	unsigned port_bits;      /* msgt_size of a right carried inline */
	unsigned name_bits;      /* of a port name (MACH_MSG_TYPE_PORT_NAME),
				    and of a right in an out-of-line array */
	bool inlined_names;      /* user space's inline rights travel as
				    mach_port_name_inlined_t (port_bits
				    wide) holding a name_bits name */
	bool long_is_short;      /* the long form is the short one with
				    msgt_longform set (name, size, number
				    in its msgtl_header) */
	unsigned align;          /* every item and its data start aligned so */
	unsigned int_bits;       /* sizeof(int) * 8 */
	unsigned inline_max;     /* bytes of an unbounded array sent inline */
	const char *cpp_define;  /* what the driver passes to cpp */
};

/* The target called NAME ("x86_64", "i386"), or NULL. */
const struct target *target_find(const char *name);
const struct target *target_default(void);

#endif
