/*
 * mach_error.h: Mach return codes as text.
 */
#ifndef _MACH_ERROR_H_
#define _MACH_ERROR_H_

#include <mach/kern_return.h>

/*
 * The text of a return code (kern_return_t, mach_msg_return_t, MIG's
 * codes).  A mach_msg code with MACH_MSG_*_SPACE bits or'd in is named
 * by its base code.  An unknown code gives "unknown error code"; never
 * NULL.  The strings are constant.
 */
extern const char *mach_error_string(kern_return_t code);

/* The family of a return code: "kernel", "ipc/send", "ipc/rcv",
 * "ipc/mig", or "unknown". */
extern const char *mach_error_type(kern_return_t code);

/*
 * Print "STR CODE-TEXT (FAMILY/0xCODE)" on the console (TEMPORARY:
 * through mach_print, until the console device and the emulation of
 * write exist).
 */
extern void mach_error(const char *str, kern_return_t code);

#endif
