/*
 * emit.h: the code generators (prefix emit_), all writing through one
 * printer.
 *
 * emit_user()          client stubs (xUser.c)
 * emit_server()        server stubs, demux and routine table (xServer.c)
 * emit_user_header()   the user header (x.h)
 * emit_server_header() the server header (-sheader)
 * emit_list()          the -list table of routines and msgh_ids
 * emit_layout()        our layout dump (-layout), used by the oracle test
 *
 * Generators never fail: they only read the checked model.  Their output
 * depends only on the model and the options, so it is reproducible.
 */
#ifndef MIG_EMIT_H
#define MIG_EMIT_H

#include <stdbool.h>

#include "ast.h"
#include "layout.h"
#include "printer.h"
#include "sema.h"
#include "target.h"

struct emit_options {
	const char *source;      /* .defs name for the banner */
	const char *user_header; /* name to #include from xUser.c */
	const char
		*server_header; /* name to #include from xServer.c, or NULL */
	const char *rprefix;    /* -prefix: user routine name prefix */
	const char *subrprefix; /* -subrprefix */
	bool symtab;            /* -s */
	const struct target *target;
};

struct emit_ctx {
	const struct sema_interface *iface;
	const struct emit_options *opt;
	struct ast *ast;
	/* layouts[i] belongs to iface->routines[i] */
	struct layout_routine *layouts;
};

void emit_prepare(struct emit_ctx *ctx, const struct sema_interface *iface,
		  const struct emit_options *opt, struct ast *ast);

void emit_user(struct printer *p, const struct emit_ctx *ctx);
/* Only routine I (non-NULL), for -i: one user file per routine. */
void emit_user_one(struct printer *p, const struct emit_ctx *ctx, unsigned i);
void emit_server(struct printer *p, const struct emit_ctx *ctx);
void emit_user_header(struct printer *p, const struct emit_ctx *ctx);
void emit_server_header(struct printer *p, const struct emit_ctx *ctx);
void emit_list(struct printer *p, const struct emit_ctx *ctx);
void emit_layout(struct printer *p, const struct emit_ctx *ctx);

/* Shared by the generators (emit_common.c). */
void emit_banner(struct printer *p, const struct emit_ctx *ctx,
		 const char *what);
void emit_imports(struct printer *p, const struct emit_ctx *ctx, bool user);
const char *emit_user_name(const struct emit_ctx *ctx,
			   const struct sema_routine *r);
const char *emit_server_name(const struct emit_ctx *ctx,
			     const struct sema_routine *r);
const char *emit_demux_name(const struct emit_ctx *ctx);
void emit_struct(struct printer *p, const struct emit_ctx *ctx,
		 const struct layout_msg *m, const char *name, bool user);
/*
 * Turn the descriptor `mig_td' of array[] item IT (built for inline) into
 * the out-of-line one, its count kept.
 */
void emit_go_out_of_line(struct printer *p, const struct emit_ctx *ctx,
			 const struct layout_item *it);
void emit_descriptor(struct printer *p, const struct emit_ctx *ctx,
		     const struct layout_item *it, const char *var);
/*
 * Whether this interface's stubs carry rights inline as
 * mach_port_name_inlined_t around user space's names, and the static
 * helpers that widen and narrow them (mig_put_names, mig_get_names),
 * emitted once per file when so.
 */
bool emit_needs_names(const struct emit_ctx *ctx);
void emit_name_helpers(struct printer *p, const struct emit_ctx *ctx);

/*
 * Append fixed-size item IT (its descriptor in `mig_td', its data_bytes
 * at the C expression SRC) to the outgoing message BUF at `mig_pos':
 * with constant offsets when nothing before it varies, else at the
 * running offset (emit_put_cursor).
 */
void emit_put_fixed(struct printer *p, const struct emit_ctx *ctx,
		    const struct layout_item *it, const char *buf,
		    const char *src);

/*
 * Append the descriptor `mig_td' of IT and BYTES bytes at the C
 * expression SRC, padded to SIZE, to BUF at the running offset `mig_pos'
 * (a fixed-size datum after a varying item).
 */
void emit_put_cursor(struct printer *p, const struct emit_ctx *ctx,
		     const struct layout_item *it, const char *buf,
		     const char *src, unsigned bytes, unsigned size);

/*
 * Append the descriptor `mig_td' of IT and `mig_len' bytes at SRC to BUF
 * at `mig_pos', the padding zeroed (emit_pad_data with ALIGN_MASK, UNIT).
 */
void emit_put_var(struct printer *p, const struct target *tg,
		  const struct layout_item *it, const char *buf,
		  const char *src, unsigned align_mask, unsigned unit);

/*
 * Emit the statements that append the descriptor `mig_td' of IT to the
 * outgoing message buffer `buf' at `mig_pos'.
 */
void emit_put_descriptor(struct printer *p, const struct target *tg,
			 const struct layout_item *it, const char *buf);
/*
 * Store the descriptor `mig_td' of item IT at the C address DST (a
 * printf format).  With 8-byte descriptors and a count set at run time,
 * as the first word and the count apart: one 32-bit store of the count
 * after a constant one, not a 64-bit value the compiler assembles with
 * shifts.
 */
void emit_store_td(struct printer *p, const struct target *tg,
		   const struct layout_item *it, const char *dst, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Emit the statements that follow `mig_len' data bytes just copied to
 * `buf' at `mig_pos', whole elements of UNIT bytes (0: unknown): zero
 * the padding up to the next multiple of `align_mask' + 1 and advance
 * `mig_pos' past it.
 */
void emit_pad_data(struct printer *p, const char *buf, unsigned align_mask,
		   unsigned unit);

/*
 * Open the block that marshals item `it' of an outgoing message (a
 * request in user stubs, a reply in server stubs): its type descriptor
 * in `mig_td', with the polymorphic name and the run-time Dealloc flag
 * applied.  The caller writes the data and closes the block.
 */
void emit_send_descriptor(struct printer *p, const struct emit_ctx *ctx,
			  const struct layout_item *it);
/*
 * The static helpers of a generated file: mig_take() checks a received
 * item against a constant description (with only the checks the items
 * USER's side receives need), mig_pad() zeroes padding, and the name
 * helpers (emit_name_helpers).
 */
void emit_runtime(struct printer *p, const struct emit_ctx *ctx, bool user);
/*
 * Check received item IT and describe it in mig_x_IT (see emit_common.c);
 * LAST: it is the message's last item.  Returns whether the code emitted
 * already checked that the message ends exactly after it.
 */
bool emit_receive_item(struct printer *p, const struct emit_ctx *ctx,
		       const struct layout_item *it, bool room, bool last,
		       const char *fail);
void emit_user_proto(struct printer *p, const struct emit_ctx *ctx,
		     const struct sema_routine *r, bool decl);
void emit_server_proto(struct printer *p, const struct emit_ctx *ctx,
		       const struct sema_routine *r, bool decl);
const char *emit_ctype(const struct sema_type *t, bool user);
const char *emit_msgt(unsigned name);

#endif
