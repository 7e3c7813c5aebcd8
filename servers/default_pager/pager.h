/*
 * pager.h: the default pager's objects and its side of the
 * memory_object protocol (pager.c; docs/default_pager.md).  The
 * routines of memory_object.defs and memory_object_default.defs that
 * the MIG server stubs call are declared in their generated headers;
 * this is the rest: set-up, the no-senders notification that ends an
 * object, the look-up the server loop dispatches with, and counts.
 *
 * One thread: the pager serves one message at a time, in order.
 */

#ifndef SERVERS_DEFAULT_PAGER_PAGER_H
#define SERVERS_DEFAULT_PAGER_PAGER_H

#include <stdbool.h>
#include <stdint.h>

#include <mach.h>

#include "store.h"

/* GNU Mach's <mach/memory_object.h> values, which our include/mach
 * has no header for yet. */
#define DP_MEMORY_OBJECT_COPY_DELAY  2
#define DP_MEMORY_OBJECT_RETURN_NONE 0

/* Objects served at once; a memory_object_create beyond is refused. */
#define DP_OBJECTS_MAX       4096u
/* The longest data_request or data_unlock, in bytes (the kernel asks
 * for a page or a cluster of a few). */
#define DP_REQUEST_MAX       (1024u * 1024u)
/* Send rights for a control port kept before the extra ones (one comes
 * with each message) are given back at once. */
#define DP_CONTROL_UREFS_MAX 10000u

struct dp_stats {
	uint64_t objects;     /* served now */
	uint64_t created;     /* memory_object_create accepted */
	uint64_t inited;      /* memory_object_init accepted */
	uint64_t terminated;  /* memory_object_terminate accepted */
	uint64_t died;        /* objects ended by their no-senders */
	uint64_t requests;    /* data_request accepted */
	uint64_t supplied;    /* pages answered data_supply */
	uint64_t unavailable; /* pages answered data_unavailable */
	uint64_t errors;      /* pages answered data_error */
	uint64_t returns;     /* data_return accepted */
	uint64_t initializes; /* data_initialize accepted */
	uint64_t written;     /* pages written to the store */
	uint64_t kept;        /* pages not written: already held (clean
	                       * returns, initializes) */
	uint64_t lost;        /* pages the store failed to keep */
	uint64_t unlocks;     /* data_unlock answered */
	uint64_t refused;     /* messages dropped for a bad value */
	uint64_t ignored;     /* messages never asked for, dropped */
	uint64_t send_failed; /* replies to the kernel that failed */
};

/*
 * Set up: store keeps the pages, default_port is the port the kernel
 * sends memory_object_create to (its receive right ours), port_set the
 * set the server loop receives from, which each new object's port
 * joins.  page_size is the kernel's (vm_page_size).
 */
void pager_init(struct store *store, mach_port_t default_port,
		mach_port_t port_set, vm_size_t page_size);

/* Whether port is the receive right of an object served. */
bool pager_serves(mach_port_t port);

/*
 * MACH_NOTIFY_NO_SENDERS for object (requested at create on the
 * object's own port): if the port has no send right left anywhere, the
 * object, its stored pages and every right the pager held for it go.
 * A notification for a port still sent to (forged or stale) is
 * KERN_INVALID_ARGUMENT, nothing changed.
 */
kern_return_t pager_no_senders(mach_port_t object);

/* Every object ended as by its no-senders (tests; shutdown). */
void pager_drop_all(void);

const struct dp_stats *pager_stats(void);

#endif
