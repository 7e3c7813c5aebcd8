/*
 * mach/port.h: port names and rights.
 * A port is named by a 32-bit integer in a task's name space.
 */
#ifndef _MACH_PORT_H_
#define _MACH_PORT_H_

#include <mach/boolean.h>
#include <mach/machine_types.h>

typedef natural_t mach_port_name_t;
typedef mach_port_name_t *mach_port_name_array_t;
typedef const mach_port_name_t *const_mach_port_name_array_t;
/*
 * A port in a message: a name in user space; in the kernel, which holds
 * the port itself, a pointer to it (messages have room for one in every
 * header port field and every inline right: mach/message.h).
 */
#ifdef KERNEL
struct ipc_port;
typedef struct ipc_port *mach_port_t;
#else
typedef mach_port_name_t mach_port_t;
#endif
typedef mach_port_t *mach_port_array_t;
typedef const mach_port_t *const_mach_port_array_t;

#define MACH_PORT_NULL ((mach_port_t)0)
#define MACH_PORT_DEAD ((mach_port_t) ~(uintptr_t)0)
#define MACH_PORT_VALID(name)                                                  \
	((name) != MACH_PORT_NULL && (name) != MACH_PORT_DEAD)

typedef natural_t mach_port_right_t;
#define MACH_PORT_RIGHT_SEND      0
#define MACH_PORT_RIGHT_RECEIVE   1
#define MACH_PORT_RIGHT_SEND_ONCE 2
#define MACH_PORT_RIGHT_PORT_SET  3
#define MACH_PORT_RIGHT_DEAD_NAME 4
#define MACH_PORT_RIGHT_NUMBER    5

typedef natural_t mach_port_type_t;
/* A port type: one bit per right the name holds, and request bits. */
#define MACH_PORT_TYPE_NONE      ((mach_port_type_t)0)
#define MACH_PORT_TYPE(right)    ((mach_port_type_t)(1u << ((right) + 16)))
#define MACH_PORT_TYPE_SEND      MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND)
#define MACH_PORT_TYPE_RECEIVE   MACH_PORT_TYPE(MACH_PORT_RIGHT_RECEIVE)
#define MACH_PORT_TYPE_SEND_ONCE MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_SET  MACH_PORT_TYPE(MACH_PORT_RIGHT_PORT_SET)
#define MACH_PORT_TYPE_DEAD_NAME MACH_PORT_TYPE(MACH_PORT_RIGHT_DEAD_NAME)
#define MACH_PORT_TYPE_SEND_RECEIVE                                            \
	(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)
#define MACH_PORT_TYPE_SEND_RIGHTS                                             \
	(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_RIGHTS                                             \
	(MACH_PORT_TYPE_SEND_RIGHTS | MACH_PORT_TYPE_RECEIVE)
#define MACH_PORT_TYPE_PORT_OR_DEAD                                            \
	(MACH_PORT_TYPE_PORT_RIGHTS | MACH_PORT_TYPE_DEAD_NAME)
#define MACH_PORT_TYPE_ALL_RIGHTS                                              \
	(MACH_PORT_TYPE_PORT_OR_DEAD | MACH_PORT_TYPE_PORT_SET)
/* A dead-name request is registered on the name (mach_port_type). */
#define MACH_PORT_TYPE_DNREQUEST 0x80000000u
/* A msg-accepted request is registered on the name. */
#define MACH_PORT_TYPE_MAREQUEST 0x40000000u

typedef mach_port_type_t *mach_port_type_array_t;
typedef const mach_port_type_t *const_mach_port_type_array_t;
typedef natural_t mach_port_urefs_t;
typedef integer_t mach_port_delta_t;
typedef natural_t mach_port_seqno_t;
typedef unsigned int mach_port_mscount_t;
typedef unsigned int mach_port_msgcount_t;
typedef unsigned int mach_port_rights_t;

#endif
