/*
 * emit_user.c: client stubs.  Each stub marshals its arguments into a
 * typed request, calls mach_msg, then validates the whole reply (every
 * descriptor, count and size) before copying results out.
 */
#include "emit.h"

#include <string.h>

#include "item.h"
#include "parse.h"

static void
item_locals(struct printer *p, const struct layout_msg *m)
{
	unsigned i;

	for (i = 0; i < m->nitems; i++)
		printer_line(p, "struct mig_item mig_x_%s;", m->items[i].name);
}

/*
 * Copy C string N into the request at mig_pos, zero-filled to its BOUND
 * bytes; refuse one whose NUL does not fit (strncpy leaves the last byte
 * nonzero exactly then).
 */
static void
emit_put_string(struct printer *p, const char *n, unsigned bound)
{
	printer_line(p, "__builtin_strncpy(mig_buf + mig_pos, %s, %u);", n,
		     bound);
	printer_line(p, "if (mig_unlikely(mig_buf[mig_pos + %u] != 0))",
		     bound - 1);
	printer_line(p, "\treturn MIG_ARRAY_TOO_LARGE;");
}

/*
 * Copy C string N of a c_string[*:BOUND] item after its descriptor at
 * mig_pos in one pass (stpncpy: it reads at most BOUND bytes, zeroes the
 * rest of them and says where it wrote the NUL, if it wrote one), then
 * the descriptor with the count, NUL included.  A string whose NUL does
 * not fit the bound is refused (MIG_ARRAY_TOO_LARGE) before anything is
 * sent.  The padding after the NUL is zero: stpncpy's up to the bound,
 * a store beyond it when the bound is not a multiple of the target's
 * alignment.
 */
static void
emit_put_varstring(struct printer *p, const struct target *tg, const char *n,
		   const struct layout_item *it, const char *cnt_field)
{
	printer_line(p,
		     "char *const mig_s = mig_buf + mig_pos + sizeof mig_td;");
	printer_line(p,
		     "mig_len = (uint64_t)(__builtin_stpncpy(mig_s, %s, %u) - "
		     "mig_s);",
		     n, it->msgt_number);
	printer_line(p, "if (mig_unlikely(mig_len >= %u))", it->msgt_number);
	printer_line(p, "\treturn MIG_ARRAY_TOO_LARGE;");
	if (it->data_size != it->msgt_number)
		printer_line(p, "__builtin_memset(mig_s + %u, 0, %u);",
			     it->msgt_number, it->data_size - it->msgt_number);
	printer_line(p, "mig_len++;");
	printer_line(p, "%s = (mach_msg_type_number_t)mig_len;", cnt_field);
	emit_put_descriptor(p, tg, it, "mig_buf");
	printer_line(p,
		     "mig_pos += (mach_msg_size_t)((mig_len + %u) & "
		     "~(uint64_t)%u);",
		     tg->align - 1, tg->align - 1);
}

/* Marshal request item IT from the caller's argument. */
static void
send_item(struct printer *p, const struct emit_ctx *ctx,
	  const struct layout_item *it)
{
	const struct target *tg = ctx->opt->target;
	const struct sema_arg *a = it->arg;
	const struct sema_type *t = a->type;
	const char *n = a->name;
	const char *cnt_field =
		it->long_form ? "mig_td.msgtl_number" : "mig_td.msgt_number";
	bool by_ptr = a->out; /* inout: the argument is a pointer */
	const char *v = by_ptr ? "*" : "";
	char src[128];
	struct item_carry c;

	item_carry(it, &c);
	if (c.shape != ITEM_SHAPE_COUNT)
		emit_send_descriptor(p, ctx, it);
	switch (c.shape) {
	case ITEM_SHAPE_COUNT:
		printer_line(p, "{");
		printer_line(p, "/* %s: the size of the caller's buffer */",
			     it->name);
		emit_descriptor(p, ctx, it, "mig_td");
		printer_line(p, "mach_msg_type_number_t mig_cnt = *%sCnt;", n);
		emit_put_fixed(p, ctx, it, "mig_buf", "&mig_cnt");
		printer_line(p, "}");
		return;
	case ITEM_SHAPE_ADDRESS:
		/* out of line: the address travels */
		if (c.varying)
			printer_line(
				p,
				"%s = (mach_msg_type_number_t)(%s%sCnt * %u);",
				cnt_field, v, n, c.per_elem);
		printer_line(
			p,
			"_Static_assert(sizeof(%s) == %u, \"address size\");",
			t->user_ctype, tg->pointer_size);
		snprintf(src, sizeof src, "%s%s", by_ptr ? "" : "&", n);
		if (!it->after_varying)
			emit_put_fixed(p, ctx, it, "mig_buf", src);
		else
			emit_put_cursor(p, ctx, it, "mig_buf", src,
					tg->pointer_size, tg->pointer_size);
		break;
	case ITEM_SHAPE_EITHER:
		/* inline within the bound, else out of line */
		printer_line(p, "%s = (mach_msg_type_number_t)(%s%sCnt * %u);",
			     cnt_field, v, n, c.per_elem);
		printer_line(p, "if (%s%sCnt > %u) {", v, n, c.bound);
		emit_go_out_of_line(p, ctx, it);
		printer_line(p, "mig_complex = TRUE;");
		snprintf(src, sizeof src, "%s%s", by_ptr ? "" : "&", n);
		if (!it->after_varying) {
			/* out of line at its fixed place: the address */
			emit_store_td(p, tg, it, "mig_buf + %u", it->offset);
			printer_line(p,
				     "__builtin_memcpy(mig_buf + %u, %s, %u);",
				     it->offset + it->desc_size, src,
				     tg->pointer_size);
			printer_line(p, "mig_pos = %u;",
				     it->offset + it->desc_size +
					     tg->pointer_size);
		} else {
			emit_put_cursor(p, ctx, it, "mig_buf", src,
					tg->pointer_size, tg->pointer_size);
		}
		printer_line(p, "} else {");
		if (a->dealloc_var) /* inline data is never deallocated */
			printer_line(p, "%smsgt_deallocate = 0;",
				     it->long_form ? "mig_td.msgtl_header."
						   : "mig_td.");
		printer_line(p, "mig_len = (uint64_t)%s%sCnt * %u;", v, n,
			     c.wire_bytes);
		snprintf(src, sizeof src, "(const void *)%s%s", v, n);
		if (c.names) {
			emit_put_descriptor(p, tg, it, "mig_buf");
			printer_line(p,
				     "mig_put_names(mig_buf + mig_pos, %s, "
				     "%s%sCnt);",
				     src, v, n);
			emit_pad_data(p, "mig_buf", tg->align - 1,
				      c.wire_bytes);
		} else {
			emit_put_var(p, tg, it, "mig_buf", src, tg->align - 1,
				     c.wire_bytes);
		}
		printer_line(p, "}");
		break;
	case ITEM_SHAPE_RIGHT:
	case ITEM_SHAPE_RIGHTS:
		/* rights, each name widened to a mach_port_name_inlined_t */
		printer_line(
			p, "_Static_assert(sizeof(%s) == %u, \"size of %s\");",
			t->user_ctype, it->msgt_number * c.c_bytes,
			t->user_ctype);
		emit_put_descriptor(p, tg, it, "mig_buf");
		if (c.shape == ITEM_SHAPE_RIGHT)
			/* the name in the low half; the kernel replaces the
			 * whole slot with the port (emit_name_helpers) */
			printer_line(p,
				     "__builtin_memcpy(mig_buf + mig_pos, "
				     "%s%s, 4);",
				     by_ptr ? "" : "&", n);
		else
			printer_line(p,
				     "mig_put_names(mig_buf + mig_pos, %s%s, "
				     "%u);",
				     by_ptr || t->kind == SEMA_ARRAY ? "" : "&",
				     n, it->msgt_number);
		printer_line(p, "mig_pos += %u;", it->data_size);
		break;
	case ITEM_SHAPE_VALUE:
	case ITEM_SHAPE_ARRAY:
		printer_line(
			p, "_Static_assert(sizeof(%s) == %u, \"size of %s\");",
			t->user_ctype, it->data_bytes, t->user_ctype);
		if (c.shape == ITEM_SHAPE_VALUE)
			snprintf(src, sizeof src, "%s%s", by_ptr ? "" : "&", n);
		else
			snprintf(src, sizeof src, "%s", n);
		emit_put_fixed(p, ctx, it, "mig_buf", src);
		break;
	case ITEM_SHAPE_FIXSTR:
		/* a C string in a fixed buffer: copy up to its NUL */
		printer_line(
			p, "_Static_assert(sizeof(%s) == %u, \"size of %s\");",
			t->user_ctype, it->data_bytes, t->user_ctype);
		emit_put_descriptor(p, tg, it, "mig_buf");
		emit_put_string(p, n, it->data_bytes);
		if (it->data_size != it->data_bytes)
			printer_line(p,
				     "__builtin_memset(mig_buf + mig_pos + %u, "
				     "0, %u);",
				     it->data_bytes,
				     it->data_size - it->data_bytes);
		printer_line(p, "mig_pos += %u;", it->data_size);
		break;
	case ITEM_SHAPE_STRING:
		/* the string and its NUL must fit the bound, or the other
		 * side gets no NUL (and refuses it) */
		if (c.varying) {
			emit_put_varstring(p, tg, n, it, cnt_field);
			break;
		}
		emit_put_descriptor(p, tg, it, "mig_buf");
		emit_put_string(p, n, it->msgt_number);
		if (it->data_size != it->msgt_number)
			printer_line(p,
				     "__builtin_memset(mig_buf + mig_pos + %u, "
				     "0, %u);",
				     it->msgt_number,
				     it->data_size - it->msgt_number);
		printer_line(p, "mig_pos += %u;", it->data_size);
		break;
	case ITEM_SHAPE_COUNTED:
		printer_line(p, "if (mig_unlikely(%sCnt > %u))", n, c.bound);
		printer_line(p, "\treturn MIG_ARRAY_TOO_LARGE;");
		printer_line(p, "%s = (mach_msg_type_number_t)(%sCnt * %u);",
			     cnt_field, n, c.per_elem);
		printer_line(p, "mig_len = (uint64_t)%sCnt * %u;", n,
			     c.wire_bytes);
		if (c.names) {
			emit_put_descriptor(p, tg, it, "mig_buf");
			printer_line(p,
				     "mig_put_names(mig_buf + mig_pos, %s, "
				     "%sCnt);",
				     n, n);
			emit_pad_data(p, "mig_buf", tg->align - 1,
				      c.wire_bytes);
		} else {
			emit_put_var(p, tg, it, "mig_buf", n, tg->align - 1,
				     c.wire_bytes);
		}
		break;
	}
	printer_line(p, "}");
}

/* Copy reply item IT (already validated) to the caller. */
static void
take_item(struct printer *p, const struct emit_ctx *ctx,
	  const struct layout_item *it)
{
	const struct target *tg = ctx->opt->target;
	const char *n = it->arg->name;
	struct item_carry c;

	item_carry(it, &c);
	if (it->recv_poly)
		printer_line(p, "*%sPoly = mig_x_%s.m;", n, n);
	switch (c.shape) {
	case ITEM_SHAPE_COUNT: /* (requests only) */
		return;
	case ITEM_SHAPE_ADDRESS:
		printer_line(p, "__builtin_memcpy(%s, mig_x_%s.d, %u);", n, n,
			     tg->pointer_size);
		if (c.varying)
			printer_line(p, "*%sCnt = mig_x_%s.n / %u;", n, n,
				     c.per_elem);
		return;
	case ITEM_SHAPE_EITHER:
		printer_line(p, "if (mig_x_%s.i) {", n);
		/* Larger than the caller's buffer: fresh memory, which the
		 * caller then owns (GNU MIG's rule). */
		printer_line(p, "if (mig_x_%s.n / %u > *%sCnt)", n, c.per_elem,
			     n);
		printer_line(p,
			     "\t%smig_allocate((vm_address_t *)%s, "
			     "(vm_size_t)mig_x_%s.n / %u * %u);",
			     ctx->opt->subrprefix, n, n, c.per_elem, c.c_bytes);
		if (c.names) {
			printer_line(p,
				     "mig_get_names((void *)*%s, mig_x_%s.d, "
				     "mig_x_%s.n);",
				     n, n, n);
		} else {
			printer_line(p, "if (mig_x_%s.n != 0)", n);
			printer_line(p,
				     "\tmemcpy((void *)*%s, mig_x_%s.d, "
				     "(size_t)mig_x_%s.n / %u * %u);",
				     n, n, n, c.per_elem, c.c_bytes);
		}
		printer_line(p, "} else {");
		printer_line(p, "__builtin_memcpy(%s, mig_x_%s.d, %u);", n, n,
			     tg->pointer_size);
		printer_line(p, "}");
		printer_line(p, "*%sCnt = mig_x_%s.n / %u;", n, n, c.per_elem);
		return;
	case ITEM_SHAPE_RIGHT:
	case ITEM_SHAPE_RIGHTS:
		printer_line(p, "mig_get_names(%s, mig_x_%s.d, %u);", n, n,
			     it->msgt_number);
		return;
	case ITEM_SHAPE_VALUE:
	case ITEM_SHAPE_ARRAY:
	case ITEM_SHAPE_FIXSTR:
		printer_line(p, "__builtin_memcpy(%s, mig_x_%s.d, %u);", n, n,
			     it->data_bytes);
		return;
	case ITEM_SHAPE_STRING:
		/* (a call: the inline expansion of a variable copy is
		 * larger) */
		printer_line(p, "memcpy(%s, mig_x_%s.d, mig_x_%s.n);", n, n, n);
		return;
	case ITEM_SHAPE_COUNTED:
		printer_line(p, "if (mig_unlikely(mig_x_%s.n / %u > *%sCnt))",
			     n, c.per_elem, n);
		printer_line(p, "\treturn MIG_ARRAY_TOO_LARGE;");
		if (c.names) {
			printer_line(
				p, "mig_get_names(%s, mig_x_%s.d, mig_x_%s.n);",
				n, n, n);
		} else {
			printer_line(p, "if (mig_x_%s.n != 0)", n);
			printer_line(
				p,
				"\tmemcpy(%s, mig_x_%s.d, (size_t)mig_x_%s.n "
				"/ %u * %u);",
				n, n, n, c.per_elem, c.c_bytes);
		}
		printer_line(p, "*%sCnt = mig_x_%s.n / %u;", n, n, c.per_elem);
		return;
	}
}

static const char *
disposition(const struct emit_ctx *ctx, const struct sema_arg *a,
	    const char *dflt)
{
	const char *s;

	if (a == NULL)
		return dflt;
	if (sema_sender_poly(a->type)) {
		size_t len = strlen(a->name) + 8;
		char *b = ast_alloc(ctx->ast, len);
		snprintf(b, len, "%sPoly", a->name);
		return b;
	}
	s = emit_msgt(a->type->in_name);
	return s != NULL ? s : dflt;
}

/* Refuse a reply (header OUT) whose msgh_id is not ID. */
static void
emit_id_check(struct printer *p, const char *out, const char *id)
{
	printer_line(p, "if (%smsgh_id != %s) {", out, id);
	printer_line(p, "if (mig_unlikely(%smsgh_id == MACH_NOTIFY_SEND_ONCE))",
		     out);
	printer_line(p, "\treturn MIG_SERVER_DIED;");
	printer_line(p, "return MIG_REPLY_MISMATCH;");
	printer_line(p, "}");
}

/*
 * After the send+receive whose result is MR: on failure give back the
 * reply port (when the stub took it: OWN) as the request header IN still
 * names it, sent or received (no register kept over the call), and
 * return; else give the port back, named by the reply header OUT, and
 * refuse a reply that is not ID.
 */
static void
emit_rpc_tail(struct printer *p, const char *sp, bool own, const char *in,
	      const char *out, const char *id, const char *mr)
{
	printer_line(p, "if (mig_unlikely(%s != MACH_MSG_SUCCESS)) {", mr);
	if (own)
		printer_line(p, "%smig_dealloc_reply_port(%smsgh_local_port);",
			     sp, in);
	printer_line(p, "return %s;", mr);
	printer_line(p, "}");
	if (own)
		printer_line(p, "%smig_put_reply_port(%smsgh_local_port);", sp,
			     out);
	printer_blank(p);
	emit_id_check(p, out, id);
}

/*
 * The send and the send+receive of a plain stub (its own reply port or
 * none, no timeout, no option argument) are the same in every stub but
 * for the sizes and the reply's msgh_id: when enough stubs of a file
 * share one, it is a static function they call (SHARE_*_MIN users:
 * below it the function costs more than the copies it replaces).  The
 * function has the options of the file's first plain stub (the Hurd's
 * interfaces give all their routines one, MACH_SEND_INTERRUPT); a stub
 * with others has its own copy.
 */
#define SHARE_RPC_MIN  2
#define SHARE_SEND_MIN 2

/* Which of the shared functions a file's stubs call, with which
 * msgoption statement (NULL: none). */
struct share {
	bool rpc, send;
	const char *rpc_opt, *send_opt;
};

static bool
same_opt(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
plain_options(const struct sema_routine *r)
{
	return r->waittime == NULL && r->stmt_waittime == NULL &&
	       r->msgoption == NULL;
}

/* Whether R's send+receive may be mig_rpc(), of options OPT. */
static bool
rpc_form(const struct emit_ctx *ctx, const struct sema_routine *r,
	 const char *opt)
{
	const struct sema_arg *rp = r->reply_port;

	return !r->simple && !ctx->iface->kernel_user && plain_options(r) &&
	       (rp == NULL || rp->kind == SEMA_ARG_SREPLY_PORT) &&
	       same_opt(r->stmt_msgoption, opt);
}

/* Whether R's send may be mig_send(), of options OPT. */
static bool
send_form(const struct emit_ctx *ctx, const struct sema_routine *r,
	  const char *opt)
{
	return r->simple && !ctx->iface->kernel_user && plain_options(r) &&
	       same_opt(r->stmt_msgoption, opt);
}

/* "|(OPT)" or "" into B. */
static const char *
opt_text(char *b, size_t n, const char *opt)
{
	snprintf(b, n, "%s%s%s", opt != NULL ? "|(" : "",
		 opt != NULL ? opt : "", opt != NULL ? ")" : "");
	return b;
}

/*
 * The shared send and send+receive, when stubs call them (SHARE).
 * mig_rpc() takes the reply port, sends the request at H and receives
 * the reply in the same buffer, then gives the port back and checks the
 * reply's msgh_id (the request's + 100, sema's rule): the stub then
 * validates the rest.  The stub sets the header, its size included, so
 * that few values live over the calls.  noinline: inlined, they would
 * be the copies again.
 */
static void
emit_share(struct printer *p, const struct emit_ctx *ctx,
	   const struct share *sh)
{
	const char *sp = ctx->opt->subrprefix;
	char o[256];

	if (sh->send) {
		printer_line(p, "/* Send the request at H, of H->msgh_size "
				"bytes, with no reply. */");
		printer_line(p, "static __attribute__((noinline)) "
				"mach_msg_return_t");
		printer_line(p, "mig_send(mach_msg_header_t *h)");
		printer_line(p, "{");
		printer_line(p,
			     "return %smach_msg(h, MACH_SEND_MSG%s, "
			     "h->msgh_size, 0, MACH_PORT_NULL, "
			     "MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);",
			     sp, opt_text(o, sizeof o, sh->send_opt));
		printer_line(p, "}");
		printer_blank(p);
	}
	if (!sh->rpc)
		return;
	printer_line(p, "/* Send the request at H (H->msgh_size bytes) and "
			"receive the reply");
	printer_line(p, " * there (at most RCV_SIZE bytes) on a reply port "
			"of mig_get_reply_port();");
	printer_line(p, " * the reply's msgh_id must be the request's + 100. "
			"*/");
	printer_line(p, "static __attribute__((noinline)) mach_msg_return_t");
	printer_line(p, "mig_rpc(mach_msg_header_t *h, mach_msg_size_t "
			"rcv_size)");
	printer_line(p, "{");
	printer_line(p, "mach_port_t reply = %smig_get_reply_port();", sp);
	printer_line(p, "mach_msg_id_t reply_id = h->msgh_id + 100;");
	printer_line(p, "mach_msg_return_t mr;");
	printer_blank(p);
	printer_line(p, "h->msgh_local_port = reply;");
	printer_line(p,
		     "mr = %smach_msg(h, MACH_SEND_MSG|MACH_RCV_MSG%s, "
		     "h->msgh_size, rcv_size, reply, MACH_MSG_TIMEOUT_NONE, "
		     "MACH_PORT_NULL);",
		     sp, opt_text(o, sizeof o, sh->rpc_opt));
	emit_rpc_tail(p, sp, true, "h->", "h->", "reply_id", "mr");
	printer_line(p, "return MACH_MSG_SUCCESS;");
	printer_line(p, "}");
	printer_blank(p);
}

static void
user_routine(struct printer *p, const struct emit_ctx *ctx,
	     const struct sema_routine *r, const struct layout_routine *l,
	     const struct share *sh)
{
	const struct target *tg = ctx->opt->target;
	const struct sema_interface *iface = ctx->iface;
	const struct sema_arg *rp = r->reply_port;
	bool kernel = iface->kernel_user;
	const char *sp = ctx->opt->subrprefix; /* -subrprefix: the runtime's */
	bool own_reply = !r->simple && !kernel &&
			 (rp == NULL || rp->kind == SEMA_ARG_SREPLY_PORT);
	bool user_reply = rp != NULL && (rp->kind == SEMA_ARG_REPLY_PORT ||
					 rp->kind == SEMA_ARG_UREPLY_PORT);
	bool shared_rpc = sh->rpc && rpc_form(ctx, r, sh->rpc_opt);
	char opts[256], timeout[128], id[16];
	bool end_checked = false;
	unsigned i;

	printer_line(p, "/* %s %s */", r->simple ? "SimpleRoutine" : "Routine",
		     r->name);
	emit_user_proto(p, ctx, r, false);
	printer_line(p, "{");
	emit_struct(p, ctx, &l->request, "Request", true);
	if (!r->simple)
		emit_struct(p, ctx, &l->reply, "Reply", true);
	printer_line(p, "union {");
	printer_line(p, "Request In;");
	if (!r->simple)
		printer_line(p, "Reply Out;");
	printer_line(p, "} Mess;");
	printer_line(p, "char *const mig_buf = (char *)&Mess;");
	printer_line(p, "mach_msg_size_t mig_pos = %u;", tg->header_size);
	printer_line(p, "mach_msg_return_t mig_mr;");
	printer_line(p, "boolean_t mig_complex = %s;",
		     l->request.complex ? "TRUE" : "FALSE");
	printer_line(p, "mach_port_t mig_reply;");
	printer_line(p, "uint64_t mig_len;");
	if (!r->simple) {
		printer_line(p, "struct mig_cursor mig_c;");
		printer_line(p, "kern_return_t mig_rc;");
		item_locals(p, &l->reply);
	}
	printer_blank(p);
	printer_line(p, "(void)mig_len;");
	printer_line(p, "(void)mig_buf;");
	for (i = 0; i < l->request.nitems; i++)
		send_item(p, ctx, &l->request.items[i]);
	printer_blank(p);
	printer_line(p, "Mess.In.Head.msgh_bits = (mig_complex ? "
			"MACH_MSGH_BITS_COMPLEX : 0) |");
	printer_line(
		p, "\tMACH_MSGH_BITS(%s, %s);",
		disposition(ctx, r->request_port, "MACH_MSG_TYPE_COPY_SEND"),
		own_reply || (kernel && !r->simple)
			? "MACH_MSG_TYPE_MAKE_SEND_ONCE"
		: user_reply
			? disposition(ctx, rp, "MACH_MSG_TYPE_MAKE_SEND_ONCE")
			: "0");
	printer_line(p, "Mess.In.Head.msgh_remote_port = (mach_port_t)%s;",
		     r->request_port->name);
	printer_line(p, "Mess.In.Head.msgh_seqno = 0;");
	printer_line(p, "Mess.In.Head.msgh_id = %u;", r->id);
	/* (the size apart from the bits, after the call: not one 64-bit
	 * constant the compiler would keep in .rodata) */
	snprintf(id, sizeof id, "%u", r->reply_id);
	if (shared_rpc) {
		/* (mig_rpc takes the port) */
		printer_line(p, "(void)mig_reply;");
		printer_line(p, "Mess.In.Head.msgh_size = mig_pos;");
	} else {
		if (own_reply)
			printer_line(p, "mig_reply = %smig_get_reply_port();",
				     sp);
		else if (user_reply)
			printer_line(p, "mig_reply = %s;", rp->name);
		else
			printer_line(p, "mig_reply = MACH_PORT_NULL;");
		printer_line(p, "Mess.In.Head.msgh_size = mig_pos;");
		printer_line(p, "Mess.In.Head.msgh_local_port = mig_reply;");
	}
	snprintf(opts, sizeof opts, "%s%s%s%s%s",
		 r->msgoption != NULL ? "|" : "",
		 r->msgoption != NULL ? r->msgoption->name : "",
		 r->stmt_msgoption != NULL ? "|(" : "",
		 r->stmt_msgoption != NULL ? r->stmt_msgoption : "",
		 r->stmt_msgoption != NULL ? ")" : "");
	if (r->waittime != NULL)
		snprintf(timeout, sizeof timeout, "%s", r->waittime->name);
	else if (r->stmt_waittime != NULL)
		snprintf(timeout, sizeof timeout, "(%s)", r->stmt_waittime);
	else
		snprintf(timeout, sizeof timeout, "MACH_MSG_TIMEOUT_NONE");
	if (kernel && r->simple) {
		printer_line(p, "(void)mig_reply;");
		printer_line(p, "(void)mig_mr;");
		printer_line(p,
			     "return mach_msg_send_from_kernel(&Mess.In.Head, "
			     "mig_pos);");
		printer_line(p, "}");
		printer_blank(p);
		return;
	}
	if (sh->send && send_form(ctx, r, sh->send_opt)) {
		printer_line(p, "(void)mig_mr;");
		printer_line(p, "return mig_send(&Mess.In.Head);");
		printer_line(p, "}");
		printer_blank(p);
		return;
	} else if (r->simple) {
		printer_line(
			p,
			"mig_mr = %smach_msg(&Mess.In.Head, MACH_SEND_MSG%s%s, "
			"mig_pos, 0, MACH_PORT_NULL, %s, MACH_PORT_NULL);",
			sp,
			(r->waittime != NULL || r->stmt_waittime != NULL)
				? "|MACH_SEND_TIMEOUT"
				: "",
			opts, timeout);
		printer_line(p, "return mig_mr;");
		printer_line(p, "}");
		printer_blank(p);
		return;
	}
	if (kernel) {
		printer_line(p, "(void)mig_reply;");
		printer_line(p,
			     "mig_mr = mach_msg_rpc_from_kernel(&Mess.In.Head, "
			     "mig_pos, sizeof Mess);");
		printer_line(p, "if (mig_mr != MACH_MSG_SUCCESS)");
		printer_line(p, "\treturn mig_mr;");
		printer_blank(p);
		emit_id_check(p, "Mess.Out.Head.", id);
	} else if (shared_rpc) {
		printer_line(p,
			     "mig_mr = mig_rpc(&Mess.In.Head, sizeof Mess);");
		printer_line(p, "if (mig_mr != MACH_MSG_SUCCESS)");
		printer_line(p, "\treturn mig_mr;");
	} else {
		printer_line(p,
			     "mig_mr = %smach_msg(&Mess.In.Head, "
			     "MACH_SEND_MSG|MACH_RCV_MSG%s%s, mig_pos, sizeof "
			     "Mess, mig_reply, %s, MACH_PORT_NULL);",
			     sp,
			     (r->waittime != NULL || r->stmt_waittime != NULL)
				     ? "|MACH_RCV_TIMEOUT"
				     : "",
			     opts, timeout);
		emit_rpc_tail(p, sp, own_reply, "Mess.In.Head.",
			      "Mess.Out.Head.", id, "mig_mr");
	}
	printer_line(p, "mig_c.in = mig_buf;");
	printer_line(p, "mig_c.size = Mess.Out.Head.msgh_size;");
	if (l->reply.nitems == 1)
		/* RetCode alone: one size */
		printer_line(p, "if (mig_unlikely(mig_c.size != %u))",
			     l->reply.max_size);
	else
		printer_line(p,
			     "if (mig_unlikely(mig_c.size > sizeof Mess || "
			     "mig_c.size < %u))",
			     l->reply.items[0].offset +
				     l->reply.items[0].desc_size +
				     l->reply.items[0].data_size);
	printer_line(p, "\treturn MIG_TYPE_ERROR;");
	printer_line(p, "mig_c.complex = (Mess.Out.Head.msgh_bits & "
			"MACH_MSGH_BITS_COMPLEX) != 0;");
	if (layout_never_complex(&l->reply)) {
		/* nothing travels that would make it complex */
		printer_line(p, "if (mig_unlikely(mig_c.complex))");
		printer_line(p, "\treturn MIG_TYPE_ERROR;");
	}
	printer_line(p, "mig_c.pos = %u;", tg->header_size);
	emit_receive_item(p, ctx, &l->reply.items[0], true, false, "mig_bad");
	printer_line(
		p,
		"__builtin_memcpy(&mig_rc, mig_x_RetCode.d, sizeof mig_rc);");
	if (l->reply.nitems == 1) {
		/* (the message ends with RetCode: its size says so) */
		printer_line(p, "return mig_rc;");
		printer_blank(p);
		printer_line(p, "mig_bad:");
		printer_line(p, "return MIG_TYPE_ERROR;");
		printer_line(p, "}");
		printer_blank(p);
		return;
	}
	printer_line(p, "if (mig_rc != KERN_SUCCESS) {");
	printer_line(p, "if (mig_unlikely(mig_c.pos != mig_c.size))");
	printer_line(p, "\tgoto mig_bad;");
	printer_line(p, "return mig_rc;");
	printer_line(p, "}");
	if (l->reply.nitems > 1) {
		printer_line(p, "if (mig_unlikely(mig_c.size < %u))",
			     l->reply.min_size);
		printer_line(p, "\tgoto mig_bad;");
	}
	for (i = 1; i < l->reply.nitems; i++)
		if (l->reply.items[i].is_port ||
		    !layout_inline(&l->reply.items[i])) {
			/* rights or out-of-line memory travel */
			printer_line(p, "if (mig_unlikely(!mig_c.complex))");
			printer_line(p, "\tgoto mig_bad;");
			break;
		}
	for (i = 1; i < l->reply.nitems; i++)
		end_checked =
			emit_receive_item(p, ctx, &l->reply.items[i], true,
					  i + 1 == l->reply.nitems, "mig_bad");
	if (!end_checked) {
		printer_line(p, "if (mig_unlikely(mig_c.pos != mig_c.size))");
		printer_line(p, "\tgoto mig_bad;");
	}
	for (i = 1; i < l->reply.nitems; i++)
		take_item(p, ctx, &l->reply.items[i]);
	printer_line(p, "return KERN_SUCCESS;");
	printer_blank(p);
	printer_line(p, "mig_bad:");
	printer_line(p, "return MIG_TYPE_ERROR;");
	printer_line(p, "}");
	printer_blank(p);
}

static void
user_prologue(struct printer *p, const struct emit_ctx *ctx)
{
	emit_banner(p, ctx, "User stubs");
	printer_line(p, "#include \"%s\"", ctx->opt->user_header);
	printer_blank(p);
	printer_line(p, "#include <stddef.h>");
	printer_line(p, "#include <stdint.h>");
	printer_line(p, "#include <string.h>");
	printer_line(p, "#include <mach/message.h>");
	printer_line(p, "#include <mach/mig_errors.h>");
	if (ctx->iface->kernel_user)
		printer_line(p, "#include <kern/ipc_mig.h>");
	else
		printer_line(p, "#include <mach/mig_support.h>");
	printer_line(p, "#include <mach/notify.h>");
	printer_blank(p);
	printer_line(p, "#ifndef mig_external");
	printer_line(p, "#define mig_external");
	printer_line(p, "#endif");
	printer_blank(p);
	emit_runtime(p, ctx, true);
	if (ctx->iface->rcsid != NULL) {
		printer_line(p,
			     "static const char mig_rcsid_%sUser[] "
			     "__attribute__((unused)) =",
			     ctx->iface->name);
		printer_line(p, "\t\"%s\";", ctx->iface->rcsid);
		printer_blank(p);
	}
}

void
emit_user(struct printer *p, const struct emit_ctx *ctx)
{
	const struct sema_interface *iface = ctx->iface;
	unsigned i, nrpc = 0, nsend = 0;
	struct share sh = { false, false, NULL, NULL };
	bool rpc_seen = false, send_seen = false;

	for (i = 0; i < iface->nroutines; i++) {
		const struct sema_routine *r = iface->routines[i];

		if (r == NULL)
			continue;
		/* the first plain stub's options are the functions' */
		if (!rpc_seen && rpc_form(ctx, r, r->stmt_msgoption)) {
			sh.rpc_opt = r->stmt_msgoption;
			rpc_seen = true;
		}
		if (!send_seen && send_form(ctx, r, r->stmt_msgoption)) {
			sh.send_opt = r->stmt_msgoption;
			send_seen = true;
		}
		nrpc += rpc_form(ctx, r, sh.rpc_opt);
		nsend += send_form(ctx, r, sh.send_opt);
	}
	sh.rpc = nrpc >= SHARE_RPC_MIN;
	sh.send = nsend >= SHARE_SEND_MIN;
	user_prologue(p, ctx);
	emit_share(p, ctx, &sh);
	for (i = 0; i < iface->nroutines; i++)
		if (iface->routines[i] != NULL)
			user_routine(p, ctx, iface->routines[i],
				     &ctx->layouts[i], &sh);
}

/* (one stub per file: nothing to share) */
void
emit_user_one(struct printer *p, const struct emit_ctx *ctx, unsigned i)
{
	const struct share sh = { false, false, NULL, NULL };

	user_prologue(p, ctx);
	user_routine(p, ctx, ctx->iface->routines[i], &ctx->layouts[i], &sh);
}
