/*
 * mach/std_types.h: the C types behind interfaces/mach/std_types.defs.
 * It also marks itself, so a build that picks up GNU Mach's header of
 * the same name instead fails (see MACH_OUR_STD_TYPES below).
 */
#ifndef _MACH_STD_TYPES_H_
#define _MACH_STD_TYPES_H_

/* Tests check this to catch a stray GNU Mach header on the path. */
#define MACH_OUR_STD_TYPES 1

#include <stdint.h>

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/machine_types.h>
#include <mach/message.h>
#include <mach/port.h>

typedef vm_offset_t pointer_t;

#endif
