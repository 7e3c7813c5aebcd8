/*
 * sema.h: the checked model of an interface (prefix sema_).
 *
 * sema_check() resolves type names, computes each type's message
 * properties (msgt_name, msgt_size, msgt_number, long form, inline or
 * out of line), gives every routine its msgh_id, classifies arguments
 * and adds the implicit ones (request and reply ports, RetCode, counts,
 * polymorphic names, Dealloc[] flags, ServerCopy flags).  It reports
 * every mistake it finds; the model is only usable when it succeeds.
 */
#ifndef MIG_SEMA_H
#define MIG_SEMA_H

#include <stdbool.h>

#include "ast.h"
#include "diag.h"
#include "target.h"

enum sema_type_kind {
	SEMA_SCALAR, /* one element (msgt_number 1) or a fixed IPC long form */
	SEMA_ARRAY,  /* array[N]: a C array of N elements */
	SEMA_STRUCT, /* struct[N]: a C struct that travels as N elements */
	SEMA_VARRAY, /* array[*:N] / array[]: the count travels in msgt_number */
	SEMA_CSTRING, /* c_string[N] / c_string[*:N] */
};

struct sema_type {
	const char *name; /* the .defs name, also the default C type */
	struct diag_loc loc;
	enum sema_type_kind kind;
	unsigned in_name, out_name; /* msgt_name per direction */
	unsigned size_bits;         /* msgt_size: bits per element */
	unsigned number;            /* elements (the maximum for varying) */
	bool varying;               /* the count travels in msgt_number */
	bool unbounded;             /* array[]: no maximum */
	bool ool;                   /* ^: out of line */
	bool long_form;             /* uses mach_msg_type_long_t */
	bool polymorphic;
	bool sender_poly;       /* MACH_MSG_TYPE_PORT_x: sender picks */
	bool is_port;           /* in_name is a port right */
	unsigned flags;         /* ast_flag from the long form */
	const char *elem_ctype; /* C type of one element (arrays) */
	unsigned elem_bytes;    /* bytes of one C element */
	/* Rights in user space on a target with inlined names: each C
	 * element (a 32-bit name) travels inline in a wider
	 * mach_port_name_inlined_t, out of line as itself. */
	bool inlined_names;
	unsigned wire_elem_bytes; /* bytes of one C element inline */
	const char *user_ctype, *server_ctype;
	const char *intran_type, *intran_func;
	const char *intranpayload_type, *intranpayload_func;
	const char *outtran_type, *outtran_func;
	const char *destructor_func;
	struct sema_type *next;
};

enum sema_arg_kind {
	SEMA_ARG_REQUEST_PORT,
	SEMA_ARG_REPLY_PORT,  /* replyport: set by both sides */
	SEMA_ARG_SREPLY_PORT, /* the server sees the reply port */
	SEMA_ARG_UREPLY_PORT, /* the user supplies the reply port */
	SEMA_ARG_WAITTIME,
	SEMA_ARG_MSGOPTION,
	SEMA_ARG_MSGSEQNO,
	SEMA_ARG_DATA, /* in, out or inout data */
};

struct sema_arg {
	const char *name;
	struct diag_loc loc;
	enum sema_arg_kind kind;
	bool in, out; /* travels in the request / in the reply */
	struct sema_type *type;
	unsigned flags;   /* ast_flag given on the argument */
	bool dealloc;     /* out-of-line memory is deallocated when sent */
	bool dealloc_var; /* Dealloc[]: the caller passes xDealloc */
	bool server_copy;
	bool count_in_out;
	bool kernel_sender; /* a KernelServer sends it: rights are made */
};

struct sema_routine {
	const char *name;
	struct diag_loc loc;
	bool simple;
	unsigned id, reply_id;
	struct sema_arg *args;
	unsigned nargs;
	/* Statements that applied where the routine was declared:
	 * serverprefix, userprefix, waittime, msgoption are positional. */
	const char *server_prefix, *user_prefix, *stmt_waittime,
		*stmt_msgoption;
	/* Shorthands into args (NULL when absent). */
	struct sema_arg *request_port, *reply_port, *waittime, *msgoption,
		*msgseqno;
};

enum sema_import_kind {
	SEMA_IMPORT_BOTH,
	SEMA_IMPORT_USER,
	SEMA_IMPORT_SERVER
};

struct sema_import {
	enum sema_import_kind kind;
	const char *text; /* <file> or "file" */
};

struct sema_interface {
	const char *name;
	unsigned base;
	bool kernel_user, kernel_server;
	const char *server_prefix, *user_prefix, *server_demux;
	const char *rcsid, *waittime, *msgoption;
	struct sema_import *imports;
	unsigned nimports;
	/* routines[i] has msgh_id base + i; NULL where skipped. */
	struct sema_routine **routines;
	unsigned nroutines;
	struct sema_type *types;
};

/* Whether argument A carries a type name (xPoly) in the C interface of
 * the USER side (else the server's): its type is polymorphic in a
 * direction this side sends, or receives from a polymorphic sender. */
bool sema_arg_poly(const struct sema_arg *a, bool user);
/* The sender of an item of type T chooses its name; its receiver
 * accepts any name. */
bool sema_sender_poly(const struct sema_type *t);
bool sema_receiver_poly(const struct sema_type *t);

/*
 * Check AST for TARGET and build the interface model in AST's arena.
 * Returns 0 and fills *IF, or -1 after reporting errors in D.
 */
int sema_check(struct ast *ast, struct diag *d, const struct target *target,
	       struct sema_interface *iface);

/* The C name of message type NAME ("MACH_MSG_TYPE_INTEGER_32"). */
const char *sema_msgt_name(unsigned name);

/* The msgt_name a receiver sees for a right sent as NAME. */
unsigned sema_port_transit(unsigned name);

#endif
