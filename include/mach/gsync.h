/*
 * mach/gsync.h: the flags of gnumach.defs' gsync_wait, gsync_wake and
 * gsync_requeue (GNU Mach's values; its users, glibc's locks, define
 * the same numbers themselves).
 */
#ifndef _MACH_GSYNC_H_
#define _MACH_GSYNC_H_

/* The address may be shared between tasks: the key is the memory it
 * maps (object and offset), not the task and address. */
#define GSYNC_SHARED    0x01
/* gsync_wait: the next 32-bit word must hold val2 as well. */
#define GSYNC_QUAD      0x02
/* gsync_wait: give up after msec milliseconds. */
#define GSYNC_TIMED     0x04
/* gsync_wake, gsync_requeue: every waiter, not one. */
#define GSYNC_BROADCAST 0x08
/* gsync_wake: store val at the address first. */
#define GSYNC_MUTATE    0x10

#endif
