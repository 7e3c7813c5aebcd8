/*
 * names.h: the name service's table and its waiting look-ups (the
 * routines of interfaces/servers/name.defs are in names.c).  One
 * thread serves everything: no locks.
 */
#ifndef _BOOTSTRAP_NAMES_H_
#define _BOOTSTRAP_NAMES_H_

#include <stdbool.h>
#include <stdint.h>

#include <mach.h>

/* How many names, and how many look-ups waiting at once. */
#define NAMES_MAX   128
#define WAITERS_MAX 32

/* Notifications of dead registered ports and dead waiting clients go
 * to notify (a receive right of ours; the kernel gets send-once rights
 * to it). */
void names_init(mach_port_t notify);

/*
 * The request being served: its header, for name_lookup to see the
 * disposition of its reply right.  Set by the server loop before each
 * request.
 */
void names_set_request(const mach_msg_header_t *request);

/*
 * Answer the look-ups whose time ran out by `now' (clock_ms) with
 * KERN_TIMEDOUT.  Returns the next deadline of a waiting look-up, 0 if
 * none has one.
 */
uint64_t names_expire(uint64_t now);

/*
 * `name', a right of ours, became a dead name (a dead-name
 * notification): the names it was registered under, or the look-up
 * waiting on it as reply port, are gone, with their references.
 * Returns whether it was one of those.
 */
bool names_port_died(mach_port_t name);

/* How many names are registered, and look-ups waiting (for tests). */
unsigned names_count(void);
unsigned names_waiting(void);

#endif
