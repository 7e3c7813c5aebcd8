/*
 * mach/mig_errors.h: the errors MIG stubs return and the reply header
 * every server reply starts with.
 */
#ifndef _MACH_MIG_ERRORS_H_
#define _MACH_MIG_ERRORS_H_

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/message.h>

#define MIG_TYPE_ERROR      -300 /* the reply had the wrong types */
#define MIG_REPLY_MISMATCH  -301 /* the reply answers another msgh_id */
#define MIG_REMOTE_ERROR    -302 /* the server detected an error */
#define MIG_BAD_ID          -303 /* no routine with that msgh_id */
#define MIG_BAD_ARGUMENTS   -304 /* the request was malformed */
#define MIG_NO_REPLY        -305 /* the server sends no reply */
#define MIG_EXCEPTION       -306 /* the server raised an exception */
#define MIG_ARRAY_TOO_LARGE -307 /* an array does not fit its bound */
#define MIG_SERVER_DIED     -308 /* the server died before replying */
#define MIG_DESTROY_REQUEST -309 /* the server wants the request destroyed */

typedef struct {
	mach_msg_header_t Head;
	mach_msg_type_t RetCodeType;
	kern_return_t RetCode;
} mig_reply_header_t;

typedef void (*mig_routine_t)(mach_msg_header_t *, mach_msg_header_t *);

/* A server's symbol table (mig -s): one entry per msgh_id from the base. */
typedef struct mig_symtab {
	const char *ms_routine_name;
	int ms_routine_number;
	mig_routine_t ms_routine;
} mig_symtab_t;

#endif
