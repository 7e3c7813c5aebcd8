/*
 * ipc/ipc_types.h: the types every IPC module shares, and the values of
 * GNU Mach's port ABI that include/mach/port.h does not define yet.
 *
 * The ABI values below are GNU Mach's (its mach/port.h): a port name is
 * a 32-bit integer whose low 8 bits are a generation and whose upper 24
 * bits index the name space's table, and a port type is one bit per
 * right, MACH_PORT_TYPE(right) = 1 << (right + 16).  Each is defined
 * only if mach/port.h has not, so they can move there unchanged.
 */
#ifndef IPC_IPC_TYPES_H
#define IPC_IPC_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/port.h>

typedef struct ipc_space *ipc_space_t;
typedef struct ipc_port *ipc_port_t;
typedef struct ipc_pset *ipc_pset_t;
typedef struct ipc_entry *ipc_entry_t;

#define IP_NULL        ((ipc_port_t)0)
/* A kernel-held "right" to a port that died: a dead name in transit. */
#define IP_DEAD        ((ipc_port_t) ~(uintptr_t)0)
#define IP_VALID(port) ((port) != IP_NULL && (port) != IP_DEAD)

/* The name of nothing and the dead name, as 32-bit names. */
#define IPC_NAME_NULL ((mach_port_name_t)0)
#define IPC_NAME_DEAD ((mach_port_name_t)~0u)
#define IPC_NAME_VALID(name)                                                   \
	((name) != IPC_NAME_NULL && (name) != IPC_NAME_DEAD)

#ifndef MACH_PORT_INDEX
#define MACH_PORT_INDEX(name)      ((name) >> 8)
#define MACH_PORT_GEN(name)        (((name)&0xff) << 24)
#define MACH_PORT_MAKE(index, gen) (((index) << 8) | ((gen) >> 24))
#endif

#ifndef MACH_PORT_UREFS_MAX
#define MACH_PORT_UREFS_MAX ((mach_port_urefs_t)((1u << 16) - 1))
#endif

#endif
