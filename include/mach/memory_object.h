/*
 * mach/memory_object.h: the values of the memory_object protocol's
 * arguments (memory_object.defs, mach.defs), GNU Mach's.  The port
 * types are in mach/mach_types.h.
 */
#ifndef _MACH_MEMORY_OBJECT_H_
#define _MACH_MEMORY_OBJECT_H_

#include <mach/mach_types.h>

/* How the kernel copies an object's pages (memory_object_ready). */
#define MEMORY_OBJECT_COPY_NONE      0 /* copy by copying the pages */
#define MEMORY_OBJECT_COPY_CALL      1 /* ask the pager (memory_object_copy) */
#define MEMORY_OBJECT_COPY_DELAY     2 /* copy-on-write */
#define MEMORY_OBJECT_COPY_TEMPORARY 3 /* no changes visible to others */

/* Which pages memory_object_lock_request sends back. */
#define MEMORY_OBJECT_RETURN_NONE  0 /* none */
#define MEMORY_OBJECT_RETURN_DIRTY 1 /* the modified ones */
#define MEMORY_OBJECT_RETURN_ALL   2 /* modified and precious ones */

#define MEMORY_OBJECT_NULL MACH_PORT_NULL

#endif
