/*
 * ast.h: the abstract syntax tree the parser builds from a .defs file.
 *
 * The tree records what the source said, nothing more: names are not
 * resolved and implicit arguments are not added (sema does both).  Every
 * node carries the source location of its first token for diagnostics.
 * All nodes are allocated from one arena (struct ast) and freed together
 * with ast_free().
 */
#ifndef MIG_AST_H
#define MIG_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* IPC flags written after a long-form type or an argument. */
enum ast_flag {
	AST_FLAG_IS_LONG = 1u << 0,
	AST_FLAG_IS_NOT_LONG = 1u << 1,
	AST_FLAG_DEALLOC = 1u << 2,
	AST_FLAG_NOT_DEALLOC = 1u << 3,
	AST_FLAG_DEALLOC_VAR = 1u << 4, /* Dealloc[] */
	AST_FLAG_SERVER_COPY = 1u << 5,
	AST_FLAG_COUNT_IN_OUT = 1u << 6,
	AST_FLAG_RET_CODE = 1u << 7,
};

enum ast_spec_kind {
	AST_SPEC_IPC,     /* a message type name: number or MACH_MSG_TYPE_x */
	AST_SPEC_NAMED,   /* a previously declared type */
	AST_SPEC_ARRAY,   /* array[N] / array[] / array[*] / array[*:N] of */
	AST_SPEC_POINTER, /* ^spec: out of line */
	AST_SPEC_STRUCT,  /* struct[N] of spec */
	AST_SPEC_CSTRING, /* c_string[N] / c_string[*:N] */
	AST_SPEC_FIELDS,  /* struct { T name; ... } */
};

/* One field of "struct { T name; ... }". */
struct ast_field {
	struct diag_loc loc;
	const char *type_name, *name;
	struct ast_field *next;
};

/* How an array or c_string states its bound. */
enum ast_bound {
	AST_BOUND_FIXED,     /* [N] */
	AST_BOUND_UNBOUNDED, /* [] or [*] */
	AST_BOUND_MAX,       /* [*:N] */
};

struct ast_spec {
	enum ast_spec_kind kind;
	struct diag_loc loc;
	/* AST_SPEC_IPC: in and out names (equal unless "In|Out"),
	 * the size in bits (0 when the long form gave none and the name
	 * implies it), whether the long form "(type, size, flags)" was used. */
	unsigned in_name, out_name;
	unsigned size_bits;
	bool long_form;
	bool polymorphic;
	unsigned flags; /* enum ast_flag, long form only */
	/* AST_SPEC_NAMED */
	const char *name;
	/* ARRAY, STRUCT, CSTRING */
	enum ast_bound bound;
	unsigned count;
	/* ARRAY, POINTER, STRUCT */
	struct ast_spec *elem;
	/* FIELDS */
	struct ast_field *fields;
};

/* A type declaration with its translations. */
struct ast_type {
	struct diag_loc loc;
	const char *name;
	struct ast_spec *spec;
	const char *ctype, *cusertype, *cservertype;
	const char *intran_type, *intran_func;
	const char *intranpayload_type, *intranpayload_func;
	const char *outtran_type, *outtran_func;
	const char *destructor_func;
	struct ast_type *next;
};

enum ast_dir {
	AST_DIR_NONE,
	AST_DIR_IN,
	AST_DIR_OUT,
	AST_DIR_INOUT,
	AST_DIR_REQUESTPORT,
	AST_DIR_REPLYPORT,
	AST_DIR_SREPLYPORT,
	AST_DIR_UREPLYPORT,
	AST_DIR_WAITTIME,
	AST_DIR_MSGOPTION,
	AST_DIR_MSGSEQNO,
};

struct ast_arg {
	struct diag_loc loc;
	enum ast_dir dir;
	const char *name;
	/* Either type_name (": T") or an inline declaration (": T = spec"). */
	const char *type_name;
	struct ast_type *inline_type;
	unsigned flags; /* enum ast_flag */
	struct ast_arg *next;
};

enum ast_stmt_kind {
	AST_SUBSYSTEM,
	AST_ROUTINE,
	AST_SIMPLEROUTINE,
	AST_SKIP,
	AST_TYPE,
	AST_IMPORT,
	AST_UIMPORT,
	AST_SIMPORT,
	AST_SERVERPREFIX,
	AST_USERPREFIX,
	AST_SERVERDEMUX,
	AST_RCSID,
	AST_WAITTIME,
	AST_NOWAITTIME,
	AST_MSGOPTION,
};

struct ast_stmt {
	enum ast_stmt_kind kind;
	struct diag_loc loc;
	/* SUBSYSTEM: name, number (base), kernel_user, kernel_server.
	 * ROUTINE/SIMPLEROUTINE: name, args.  SKIP: number (count).
	 * TYPE: type.  IMPORT*: text (with its <> or "").  prefixes, demux:
	 * name.  RCSID: text.  WAITTIME/MSGOPTION: text. */
	const char *name;
	const char *text;
	unsigned long number;
	bool kernel_user, kernel_server;
	struct ast_arg *args;
	struct ast_type *type;
	struct ast_stmt *next;
};

/* One parsed file: the statements in order, its end, and the arena. */
struct ast {
	struct ast_stmt *first, *last;
	struct diag_loc end; /* where the text ended (for what is missing) */
	struct ast_chunk *arena;
};

void ast_init(struct ast *ast);
void ast_free(struct ast *ast);

/* Zeroed memory that lives as long as the tree; never NULL (aborts when
 * the host is out of memory). */
void *ast_alloc(struct ast *ast, size_t size);
char *ast_strdup(struct ast *ast, const char *s);
char *ast_strndup(struct ast *ast, const char *s, size_t n);

void ast_append(struct ast *ast, struct ast_stmt *stmt);

const char *ast_dir_name(enum ast_dir dir);

#endif
