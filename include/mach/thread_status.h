/*
 * mach/thread_status.h: thread_get_state and thread_set_state's
 * machine-independent part; the flavors are the machine's.
 */
#ifndef _MACH_THREAD_STATUS_H_
#define _MACH_THREAD_STATUS_H_

#include <mach/machine_types.h>
#include <mach/x86_64/thread_status.h>

#define THREAD_STATE_MAX 1024 /* natural_t words, mach_types.defs' bound */

/* The flavor whose state is the list of the thread's flavors. */
#define THREAD_STATE_FLAVOR_LIST 0

#endif
