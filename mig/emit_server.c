/*
 * emit_server.c: server stubs, the routine table and the demux.
 *
 * A server stub decodes first and calls second: it validates the whole
 * request (size, every descriptor, counts against bounds, port
 * dispositions, inline or out-of-line form) with no side effects, and
 * answers MIG_BAD_ARGUMENTS without calling the implementation when
 * anything is wrong.  Rights and memory of a rejected request are left
 * in it for the caller (mach_msg_server) to destroy, as with any
 * non-success RetCode.
 */
#include "emit.h"

#include <string.h>

#include "item.h"
#include "parse.h"

/*
 * Whether out scalar A lives in its reply item (REP) from the start, as
 * GNU MIG has it: a fixed place (nothing before it varies) and no
 * translation in between.  The implementation then writes straight into
 * the reply; an out right's name into the low half of its inlined slot
 * (the kernel replaces the whole slot with the port).  So does the
 * address of an out-only out-of-line array.  The stub zeroes the whole
 * slot, padding included, before the call, but a right's.
 */
static bool
in_slot(const struct sema_arg *a, const struct layout_item *rep)
{
	const struct sema_type *t = a->type;

	return a->kind == SEMA_ARG_DATA && a->out && rep != NULL &&
	       (t->kind == SEMA_SCALAR || t->kind == SEMA_STRUCT ||
		(t->ool && !a->in)) &&
	       !rep->after_varying &&
	       (!rep->inlined_names || (t->kind == SEMA_SCALAR && !a->in)) &&
	       t->intran_type == NULL && t->outtran_type == NULL;
}

static const struct layout_item *
find_item(const struct layout_msg *m, const struct sema_arg *a)
{
	unsigned i;

	for (i = 0; i < m->nitems; i++)
		if (m->items[i].arg == a)
			return &m->items[i];
	return NULL;
}

/* Whether an out array of type T is built at its place in the reply:
 * when the place is aligned enough for its elements (every item starts
 * at a multiple of the target's alignment; the reply buffer, a message
 * header, is pointer-aligned).  Names are widened into the reply: from
 * a buffer of their own. */
static bool
out_in_place(const struct target *tg, const struct sema_type *t)
{
	return !t->inlined_names && (t->elem_bytes % 8 != 0 || tg->align == 8);
}

/*
 * The buffer an out array is built in: its place in the reply at the
 * largest layout when that place is aligned enough (out_in_place; the items are compacted forward with memmove when the reply is
 * marshalled: no item's data ever overtakes a later one's), else a local
 * array.  Kernel stacks stay small either way.
 */
static void
out_buffer(struct printer *p, const struct target *tg,
	   const struct sema_type *t, const char *n,
	   const struct layout_item *rep)
{
	unsigned count =
		rep->data_bytes / (t->wire_elem_bytes ? t->wire_elem_bytes : 1);

	if (out_in_place(tg, t))
		printer_line(
			p, "%s *const mig_b_%s = (%s *)(void *)(mig_out + %u);",
			t->elem_ctype, n, t->elem_ctype,
			rep->offset + rep->desc_size);
	else
		printer_line(p, "%s mig_b_%s[%u];", t->elem_ctype, n, count);
}

/* Truncate count NCnt to BOUND (a conditional move, not a branch). */
static void
emit_clamp(struct printer *p, const char *n, unsigned bound)
{
	printer_line(p, "%sCnt = %sCnt < %u ? %sCnt : %u;", n, n, bound, n,
		     bound);
}

/* Declare the local that holds argument A for the call. */
static void
arg_local(struct printer *p, const struct target *tg, const struct sema_arg *a,
	  const struct layout_item *rep)
{
	const struct sema_type *t = a->type;
	const char *ct = t->intran_type != NULL    ? t->intran_type
			 : t->outtran_type != NULL ? t->outtran_type
						   : t->server_ctype;
	const char *n = a->name;

	switch (a->kind) {
	case SEMA_ARG_REQUEST_PORT:
	case SEMA_ARG_REPLY_PORT:
	case SEMA_ARG_SREPLY_PORT:
	case SEMA_ARG_MSGSEQNO:
		printer_line(p, "%s %s;", ct, n);
		if (sema_arg_poly(a, false) && a->kind != SEMA_ARG_MSGSEQNO)
			printer_line(p, "mach_msg_type_name_t %sPoly;", n);
		return;
	case SEMA_ARG_UREPLY_PORT:
	case SEMA_ARG_WAITTIME:
	case SEMA_ARG_MSGOPTION:
		return;
	case SEMA_ARG_DATA:
		break;
	}
	if (in_slot(a, rep)) {
		printer_line(p, "%s *const %s = (%s *)(void *)(mig_out + %u);",
			     ct, n, ct, rep->offset + rep->desc_size);
	} else if (t->ool || t->unbounded) {
		printer_line(p, "%s %s;", t->server_ctype, n);
		if (t->unbounded && !t->ool && rep != NULL)
			out_buffer(p, tg, t, n, rep);
	} else if (t->kind == SEMA_ARRAY || t->kind == SEMA_CSTRING ||
		   t->kind == SEMA_VARRAY) {
		if (a->out && rep != NULL)
			out_buffer(p, tg, t, n, rep);
	} else {
		printer_line(p, "%s %s;", ct, n);
		if (t->intran_type != NULL || t->outtran_type != NULL)
			printer_line(p, "%s mig_v_%s;", t->server_ctype, n);
	}
	if (t->varying && t->kind != SEMA_CSTRING)
		printer_line(p, "mach_msg_type_number_t %sCnt;", n);
	if (a->server_copy && t->unbounded && !t->ool)
		printer_line(p, "boolean_t %sSCopy;", n);
	if (sema_arg_poly(a, false))
		printer_line(p, "mach_msg_type_name_t %sPoly;", n);
	if (a->dealloc_var && a->out)
		printer_line(p, "boolean_t %sDealloc;", n);
}

/* Turn validated request item IT into the call's argument. */
static void
take_item(struct printer *p, const struct emit_ctx *ctx,
	  const struct layout_item *it, const struct layout_item *rep)
{
	const struct target *tg = ctx->opt->target;
	const struct sema_arg *a = it->arg;
	const struct sema_type *t = a->type;
	const char *n = a->name;
	struct item_carry c, rc;

	item_carry(it, &c);
	if (c.shape == ITEM_SHAPE_COUNT) {
		/* CountInOut: the caller's buffer, capped by our own */
		printer_line(p, "__builtin_memcpy(&%sCnt, mig_x_%s.d, 4);", n,
			     it->name);
		if (rep != NULL && !t->ool) {
			item_carry(rep, &rc);
			emit_clamp(p, n, rc.bound);
		}
		return;
	}
	if (it->recv_poly)
		printer_line(p, "%sPoly = mig_x_%s.m;", n, n);
	if (t->varying && t->kind != SEMA_CSTRING)
		printer_line(p, "%sCnt = mig_x_%s.n / %u;", n, n, c.per_elem);
	if (a->server_copy && t->unbounded && !t->ool)
		printer_line(p, "%sSCopy = mig_x_%s.i ? TRUE : FALSE;", n, n);
	switch (c.shape) {
	case ITEM_SHAPE_COUNT:
		return;
	case ITEM_SHAPE_ADDRESS:
		printer_line(p, "__builtin_memcpy(&%s, mig_x_%s.d, %u);", n, n,
			     tg->pointer_size);
		return;
	case ITEM_SHAPE_EITHER:
		printer_line(p, "if (mig_x_%s.i) {", n);
		if (rep != NULL && c.names) {
			printer_line(p,
				     "mig_get_names(mig_b_%s, mig_x_%s.d, "
				     "mig_x_%s.n);",
				     n, n, n);
			printer_line(p, "%s = (%s)(void *)mig_b_%s;", n,
				     t->server_ctype, n);
		} else if (rep != NULL) {
			/* inout: the data starts in our reply buffer */
			printer_line(p, "if (mig_x_%s.n != 0)", n);
			printer_line(p,
				     "\tmemcpy(mig_b_%s, mig_x_%s.d, "
				     "(size_t)mig_x_%s.n / %u * %u);",
				     n, n, n, c.per_elem, c.c_bytes);
			printer_line(p, "%s = (%s)(void *)mig_b_%s;", n,
				     t->server_ctype, n);
		} else if (c.names) {
			/* the names, narrowed in place */
			printer_line(
				p,
				"mig_get_names((void *)mig_x_%s.d, mig_x_%s.d, "
				"mig_x_%s.n);",
				n, n, n);
			printer_line(p, "%s = (%s)(const void *)mig_x_%s.d;", n,
				     t->server_ctype, n);
		} else {
			printer_line(p, "%s = (%s)(const void *)mig_x_%s.d;", n,
				     t->server_ctype, n);
		}
		printer_line(p, "} else {");
		printer_line(p, "__builtin_memcpy(&%s, mig_x_%s.d, %u);", n, n,
			     tg->pointer_size);
		printer_line(p, "}");
		return;
	case ITEM_SHAPE_RIGHT:
	case ITEM_SHAPE_VALUE: {
		/* a right's name is at the start of its inlined slot */
		unsigned bytes = c.names ? c.c_bytes : it->data_bytes;
		if (t->intran_type != NULL) {
			printer_line(
				p,
				"__builtin_memcpy(&mig_v_%s, mig_x_%s.d, %u);",
				n, n, bytes);
			printer_line(p, "%s = %s(mig_v_%s);", n, t->intran_func,
				     n);
		} else {
			printer_line(p,
				     "__builtin_memcpy(%s%s, mig_x_%s.d, %u);",
				     in_slot(a, rep) ? "" : "&", n, n, bytes);
		}
		return;
	}
	case ITEM_SHAPE_RIGHTS:
	case ITEM_SHAPE_ARRAY:
	case ITEM_SHAPE_FIXSTR:
	case ITEM_SHAPE_STRING:
	case ITEM_SHAPE_COUNTED:
		/* in place in the request, but for inout arguments (our
		 * reply buffer) and names (narrowed) */
		if (c.names && rep != NULL)
			printer_line(p,
				     "mig_get_names(mig_b_%s, mig_x_%s.d, "
				     "mig_x_%s.n);",
				     n, n, n);
		else if (c.names)
			/* the names, narrowed in place */
			printer_line(
				p,
				"mig_get_names((void *)mig_x_%s.d, mig_x_%s.d, "
				"mig_x_%s.n);",
				n, n, n);
		else if (rep != NULL && t->kind == SEMA_ARRAY)
			printer_line(
				p,
				"__builtin_memcpy(mig_b_%s, mig_x_%s.d, %u);",
				n, n, rep->data_bytes);
		else if (rep != NULL)
			printer_line(
				p, "memcpy(mig_b_%s, mig_x_%s.d, mig_x_%s.n);",
				n, n, n);
		return;
	}
}

/* The argument expression that passes A to the implementation. */
static void
call_arg(struct printer *p, bool *first, const struct sema_arg *a,
	 const struct layout_item *req, const struct layout_item *rep)
{
	const struct sema_type *t = a->type;
	const char *n = a->name;
	bool bufarg = t->kind == SEMA_ARRAY || t->kind == SEMA_CSTRING ||
		      (t->kind == SEMA_VARRAY && !t->unbounded && !t->ool);

#define SEP()                                                                  \
	do {                                                                   \
		printer_raw(p, "%s", *first ? "" : ", ");                      \
		*first = false;                                                \
	} while (0)
	switch (a->kind) {
	case SEMA_ARG_REQUEST_PORT:
	case SEMA_ARG_REPLY_PORT:
	case SEMA_ARG_SREPLY_PORT:
	case SEMA_ARG_MSGSEQNO:
		SEP();
		printer_raw(p, "%s", n);
		if (sema_arg_poly(a, false) && a->kind != SEMA_ARG_MSGSEQNO)
			printer_raw(p, ", %sPoly", n);
		return;
	case SEMA_ARG_UREPLY_PORT:
	case SEMA_ARG_WAITTIME:
	case SEMA_ARG_MSGOPTION:
		return;
	case SEMA_ARG_DATA:
		break;
	}
	SEP();
	if (bufarg) {
		if (a->out)
			printer_raw(p, "(void *)mig_b_%s", n);
		else
			printer_raw(p, "(void *)mig_x_%s.d", n);
	} else if (a->out) {
		printer_raw(p, in_slot(a, rep) ? "%s" : "&%s", n);
	} else {
		printer_raw(p, "%s", n);
	}
	if (sema_arg_poly(a, false))
		printer_raw(p, a->out ? ", &%sPoly" : ", %sPoly", n);
	if (t->varying && t->kind != SEMA_CSTRING)
		printer_raw(p, a->out ? ", &%sCnt" : ", %sCnt", n);
	if (a->server_copy && t->unbounded && !t->ool)
		printer_raw(p, ", %sSCopy", n);
	if (a->dealloc_var && a->out)
		printer_raw(p, ", &%sDealloc", n);
	(void)req;
	(void)rep;
#undef SEP
}

/* Before the call: out-only arguments start empty or at their buffer. */
static void
prepare_out(struct printer *p, const struct sema_arg *a,
	    const struct layout_item *rep)
{
	const struct sema_type *t = a->type;
	const char *n = a->name;
	struct item_carry c = { .bound = 0 };

	if (a->in)
		return;
	if (rep != NULL)
		item_carry(rep, &c);
	if (sema_arg_poly(a, false))
		printer_line(p, "%sPoly = %s;", n,
			     t->out_name == PARSE_POLYMORPHIC ? "0"
			     : emit_msgt(t->out_name) ? emit_msgt(t->out_name)
						      : "0");
	if (a->dealloc_var)
		printer_line(p, "%sDealloc = %s;", n,
			     a->dealloc ? "TRUE" : "FALSE");
	if (in_slot(a, rep)) {
		/* the whole slot, its padding too: the stub writes nothing
		 * in it after the call.  Not a right's: the implementation
		 * writes its name in the low half and the kernel replaces
		 * the whole slot with the port (emit_name_helpers). */
		if (!rep->inlined_names)
			printer_line(
				p, "__builtin_memset(mig_out + %u, 0, %u);",
				rep->offset + rep->desc_size, rep->data_size);
		if (t->ool && t->varying && !a->count_in_out)
			printer_line(p, "%sCnt = 0;", n);
	} else if (t->ool) {
		printer_line(p, "__builtin_memset(&%s, 0, sizeof %s);", n, n);
		if (t->varying && !a->count_in_out)
			printer_line(p, "%sCnt = 0;", n);
	} else if (t->unbounded) {
		printer_line(p, "%s = (%s)(void *)mig_b_%s;", n,
			     t->server_ctype, n);
		if (!a->count_in_out)
			printer_line(p, "%sCnt = %u;", n, c.bound);
	} else if (t->kind == SEMA_VARRAY) {
		if (!a->count_in_out)
			printer_line(p, "%sCnt = %u;", n, c.bound);
	} else if (t->kind == SEMA_ARRAY || t->kind == SEMA_CSTRING) {
		printer_line(p, "__builtin_memset(mig_b_%s, 0, %u);", n,
			     rep->inlined_names
				     ? rep->msgt_number * t->elem_bytes
				     : rep->data_bytes);
	} else {
		printer_line(p, "__builtin_memset(&%s, 0, sizeof %s);", n, n);
	}
}

/* Marshal reply item IT from the implementation's result. */
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
	const char *hdr = it->long_form ? "mig_td.msgtl_header." : "mig_td.";
	unsigned am = tg->align - 1;
	char src[128];
	struct item_carry c;

	item_carry(it, &c);
	emit_send_descriptor(p, ctx, it);
	if (it->is_port && !it->polymorphic)
		printer_line(p, "mig_complex = TRUE; /* carries a right */");
	switch (c.shape) {
	case ITEM_SHAPE_COUNT: /* (requests only) */
		printer_line(p, "}");
		return;
	case ITEM_SHAPE_ADDRESS:
	case ITEM_SHAPE_EITHER:
		if (c.varying)
			printer_line(
				p, "%s = (mach_msg_type_number_t)(%sCnt * %u);",
				cnt_field, n, c.per_elem);
		if (c.shape == ITEM_SHAPE_EITHER) {
			printer_line(p,
				     "if ((const void *)%s == (const void "
				     "*)mig_b_%s) {",
				     n, n);
			if (a->dealloc_var) /* inline: never deallocated */
				printer_line(p, "%smsgt_deallocate = 0;", hdr);
			/* our buffer: it holds the bound, no more */
			emit_clamp(p, n, c.bound);
			printer_line(
				p, "%s = (mach_msg_type_number_t)(%sCnt * %u);",
				cnt_field, n, c.per_elem);
			printer_line(p, "mig_len = (uint64_t)%sCnt * %u;", n,
				     c.wire_bytes);
			if (c.names) {
				emit_put_descriptor(p, tg, it, "mig_out");
				printer_line(p,
					     "mig_put_names(mig_out + mig_pos, "
					     "mig_b_%s, %sCnt);",
					     n, n);
				emit_pad_data(p, "mig_out", am, c.wire_bytes);
			} else if (!it->after_varying && out_in_place(tg, t)) {
				/* built in place: the descriptor, the
				 * padding */
				emit_store_td(p, tg, it, "mig_out + %u",
					      it->offset);
				printer_line(p, "mig_pos = %u;",
					     it->offset + it->desc_size);
				emit_pad_data(p, "mig_out", am, c.wire_bytes);
			} else {
				snprintf(src, sizeof src, "mig_b_%s", n);
				emit_put_var(p, tg, it, "mig_out", src, am,
					     c.wire_bytes);
			}
			printer_line(p, "} else {");
			emit_go_out_of_line(p, ctx, it);
		}
		printer_line(p, "mig_complex = TRUE;");
		if (in_slot(a, it)) {
			/* the implementation wrote the address in place */
			printer_line(p,
				     "_Static_assert(sizeof *%s == %u, "
				     "\"address size\");",
				     n, tg->pointer_size);
			emit_store_td(p, tg, it, "mig_out + %u", it->offset);
			printer_line(p, "mig_pos = %u;",
				     it->offset + it->desc_size +
					     tg->pointer_size);
			printer_line(p, "}");
			return;
		}
		printer_line(
			p, "_Static_assert(sizeof %s == %u, \"address size\");",
			n, tg->pointer_size);
		snprintf(src, sizeof src, "&%s", n);
		if (c.shape != ITEM_SHAPE_EITHER && !it->after_varying) {
			emit_put_fixed(p, ctx, it, "mig_out", src);
		} else if (!it->after_varying) {
			/* out of line at its fixed place: the address */
			emit_store_td(p, tg, it, "mig_out + %u", it->offset);
			printer_line(p,
				     "__builtin_memcpy(mig_out + %u, %s, %u);",
				     it->offset + it->desc_size, src,
				     tg->pointer_size);
			printer_line(p, "mig_pos = %u;",
				     it->offset + it->desc_size +
					     tg->pointer_size);
		} else
			emit_put_cursor(p, ctx, it, "mig_out", src,
					tg->pointer_size, tg->pointer_size);
		if (c.shape == ITEM_SHAPE_EITHER)
			printer_line(p, "}");
		printer_line(p, "}");
		return;
	case ITEM_SHAPE_RIGHT:
	case ITEM_SHAPE_RIGHTS:
		/* rights, each name widened to a mach_port_name_inlined_t */
		emit_put_descriptor(p, tg, it, "mig_out");
		if (in_slot(a, it)) {
			/* the implementation wrote the name in place */
			printer_line(p, "mig_pos += %u;", it->data_size);
			printer_line(p, "}");
			return;
		}
		if (c.shape == ITEM_SHAPE_RIGHTS)
			printer_line(p,
				     "mig_put_names(mig_out + mig_pos, "
				     "mig_b_%s, %u);",
				     n, it->msgt_number);
		else if (t->outtran_type != NULL)
			printer_line(p, "mig_v_%s = %s(%s);", n,
				     t->outtran_func, n);
		if (c.shape == ITEM_SHAPE_RIGHT)
			printer_line(p,
				     "__builtin_memcpy(mig_out + mig_pos, "
				     "&%s%s, 4);",
				     t->outtran_type != NULL ? "mig_v_" : "",
				     n);
		printer_line(p, "mig_pos += %u;", it->data_size);
		printer_line(p, "}");
		return;
	case ITEM_SHAPE_VALUE:
		if (in_slot(a, it)) {
			/* written in place in a slot zeroed before the call */
			emit_store_td(p, tg, it, "mig_out + %u", it->offset);
			printer_line(p, "mig_pos = %u;",
				     it->offset + it->desc_size +
					     it->data_size);
			printer_line(p, "}");
			return;
		}
		if (t->outtran_type != NULL)
			printer_line(p, "mig_v_%s = %s(%s);", n,
				     t->outtran_func, n);
		snprintf(src, sizeof src, "&%s%s",
			 t->outtran_type != NULL ? "mig_v_" : "", n);
		emit_put_fixed(p, ctx, it, "mig_out", src);
		printer_line(p, "}");
		return;
	case ITEM_SHAPE_ARRAY:
	case ITEM_SHAPE_FIXSTR:
		snprintf(src, sizeof src, "mig_b_%s", n);
		emit_put_fixed(p, ctx, it, "mig_out", src);
		printer_line(p, "}");
		return;
	case ITEM_SHAPE_STRING:
		if (!c.varying && !it->after_varying && out_in_place(tg, t)) {
			/* built in place, zeroed before the call: its NUL
			 * within (truncated to the bound) */
			emit_put_descriptor(p, tg, it, "mig_out");
			printer_line(p, "mig_out[%u] = 0;",
				     it->offset + it->desc_size +
					     it->msgt_number - 1);
			break;
		}
		if (c.varying && !it->after_varying && out_in_place(tg, t)) {
			/* built in place, zeroed before the call: truncated
			 * to the bound, its NUL included; the bytes after
			 * it are zero but for what the implementation wrote
			 * there (no byte of ours) */
			printer_line(p, "mig_b_%s[%u] = 0;", n,
				     it->msgt_number - 1);
			printer_line(p, "mig_len = strnlen(mig_b_%s, %u) + 1;",
				     n, it->msgt_number - 1);
			printer_line(p, "%s = (mach_msg_type_number_t)mig_len;",
				     cnt_field);
			emit_store_td(p, tg, it, "mig_out + %u", it->offset);
			printer_line(
				p,
				"mig_pos = %u + (mach_msg_size_t)((mig_len "
				"+ %u) & ~(uint64_t)%u);",
				it->offset + it->desc_size, am, am);
			printer_line(p, "}");
			return;
		}
		printer_line(p, "mig_len = strnlen(mig_b_%s, %u);", n,
			     it->msgt_number);
		/* truncated to the bound, NUL included */
		printer_line(p, "if (mig_len >= %u)", it->msgt_number);
		printer_line(p, "\tmig_len = %u;", it->msgt_number - 1);
		if (c.varying) {
			printer_line(p, "mig_b_%s[mig_len++] = 0;", n);
			printer_line(p, "%s = (mach_msg_type_number_t)mig_len;",
				     cnt_field);
			snprintf(src, sizeof src, "mig_b_%s", n);
			emit_put_var(p, tg, it, "mig_out", src, am, 1);
			printer_line(p, "}");
			return;
		}
		emit_put_descriptor(p, tg, it, "mig_out");
		printer_line(
			p, "memmove(mig_out + mig_pos, mig_b_%s, mig_len);", n);
		printer_line(
			p,
			"memset(mig_out + mig_pos + mig_len, 0, %u - mig_len);",
			it->data_bytes);
		break;
	case ITEM_SHAPE_COUNTED:
		/* truncated to the bound: the implementation's success
		 * stands */
		emit_clamp(p, n, c.bound);
		printer_line(p, "%s = (mach_msg_type_number_t)(%sCnt * %u);",
			     cnt_field, n, c.per_elem);
		printer_line(p, "mig_len = (uint64_t)%sCnt * %u;", n,
			     c.wire_bytes);
		if (c.names) {
			emit_put_descriptor(p, tg, it, "mig_out");
			printer_line(p,
				     "mig_put_names(mig_out + mig_pos, "
				     "mig_b_%s, %sCnt);",
				     n, n);
			emit_pad_data(p, "mig_out", am, c.wire_bytes);
		} else if (!it->after_varying && out_in_place(tg, t)) {
			/* built in place: the descriptor and the padding */
			emit_store_td(p, tg, it, "mig_out + %u", it->offset);
			printer_line(p, "mig_pos = %u;",
				     it->offset + it->desc_size);
			emit_pad_data(p, "mig_out", am, c.wire_bytes);
		} else {
			snprintf(src, sizeof src, "mig_b_%s", n);
			emit_put_var(p, tg, it, "mig_out", src, am,
				     c.wire_bytes);
		}
		printer_line(p, "}");
		return;
	}
	if (it->data_size != it->data_bytes)
		printer_line(p,
			     "__builtin_memset(mig_out + mig_pos + %u, 0, %u);",
			     it->data_bytes, it->data_size - it->data_bytes);
	printer_line(p, "mig_pos += %u;", it->data_size);
	printer_line(p, "}");
}

/* Whether a KernelServer stub releases the send right that in argument
 * A brought in the request's body: a right received as a send right
 * (MACH_MSG_TYPE_PORT_SEND) that the stub translated (intran), so the
 * implementation saw the object, not the right. */
static bool
releases_translated(const struct sema_arg *a)
{
	const struct sema_type *t = a->type;

	return a->kind == SEMA_ARG_DATA && a->in && t->kind == SEMA_SCALAR &&
	       !t->ool && t->intran_type != NULL &&
	       t->out_name != PARSE_POLYMORPHIC &&
	       sema_port_transit(t->out_name) == 17 /* PORT_SEND */;
}

/*
 * GNU MIG's ownership rule for a KernelServer: a request the
 * implementation accepted (KERN_SUCCESS) is the stub's to consume, and
 * the kernel frees it without destroying its body, so the stub releases
 * each translated send right of the body, last argument first.  Any
 * other RetCode leaves them in the request, which the kernel destroys
 * (ipc_kobject_server).  The request port is the kernel's to release.
 */
static void
release_translated(struct printer *p, const struct sema_routine *r)
{
	unsigned i, n = 0;

	for (i = 0; i < r->nargs; i++)
		n += releases_translated(&r->args[i]);
	if (n == 0)
		return;
	printer_line(p, "if (mig_rc == KERN_SUCCESS) {");
	for (i = r->nargs; i-- > 0;) {
		const char *v = r->args[i].name;
		if (!releases_translated(&r->args[i]))
			continue;
		printer_line(p, "if (IP_VALID((ipc_port_t)mig_v_%s))", v);
		printer_line(
			p, "\tipc_port_release_send((ipc_port_t)mig_v_%s);", v);
	}
	printer_line(p, "}");
}

static void
server_routine(struct printer *p, const struct emit_ctx *ctx,
	       const struct sema_routine *r, const struct layout_routine *l)
{
	const struct target *tg = ctx->opt->target;
	bool first = true, complex_needed = false, end_checked = false;
	unsigned i;

	printer_line(p, "/* %s %s */", r->simple ? "SimpleRoutine" : "Routine",
		     r->name);
	printer_line(p, "mig_internal void");
	printer_line(
		p,
		"_X%s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP)",
		r->name);
	printer_line(p, "{");
	emit_struct(p, ctx, &l->request, "Request", false);
	emit_struct(p, ctx, &l->reply, "Reply", false);
	printer_line(p, "char *const mig_out = (char *)OutHeadP;");
	printer_line(p, "mig_reply_header_t *const mig_rep = "
			"(mig_reply_header_t *)OutHeadP;");
	printer_line(p, "struct mig_cursor mig_c = {");
	printer_line(p, ".in = (const char *)InHeadP,");
	printer_line(p, ".size = InHeadP->msgh_size,");
	printer_line(p, ".pos = %u,", tg->header_size);
	printer_line(p, ".complex = (InHeadP->msgh_bits & "
			"MACH_MSGH_BITS_COMPLEX) != 0,");
	printer_line(p, "};");
	printer_line(p, "mach_msg_size_t mig_pos;");
	printer_line(p, "boolean_t mig_complex;");
	printer_line(p, "uint64_t mig_len;");
	printer_line(p, "kern_return_t mig_rc;");
	for (i = 0; i < l->request.nitems; i++)
		printer_line(p, "struct mig_item mig_x_%s;",
			     l->request.items[i].name);
	for (i = 0; i < r->nargs; i++)
		arg_local(p, tg, &r->args[i],
			  find_item(&l->reply, &r->args[i]));
	printer_blank(p);
	printer_line(p, "(void)mig_len;");
	printer_line(p, "(void)mig_out;");
	printer_line(p, "(void)mig_pos;");
	printer_line(p, "(void)mig_complex;");
	/* Every item's size is checked against the room it has and the
	 * last one ends the message exactly: of the size's bounds only
	 * the smallest needs a check of its own, for the items read at
	 * fixed places (and the one size of a fixed message). */
	if (l->request.min_size == l->request.max_size)
		printer_line(p, "if (mig_unlikely(mig_c.size != %u))",
			     l->request.min_size);
	else
		printer_line(p, "if (mig_unlikely(mig_c.size < %u))",
			     l->request.min_size);
	printer_line(p, "\tgoto mig_bad;");
	for (i = 0; i < l->request.nitems; i++)
		if (l->request.items[i].is_port ||
		    !layout_inline(&l->request.items[i]))
			complex_needed = true;
	if (complex_needed) {
		/* rights or out-of-line memory travel: first of all */
		printer_line(p, "if (mig_unlikely(!mig_c.complex))");
		printer_line(p, "\tgoto mig_bad;");
	} else if (layout_never_complex(&l->request)) {
		/* nothing travels that would make it complex */
		printer_line(p, "if (mig_unlikely(mig_c.complex))");
		printer_line(p, "\tgoto mig_bad;");
	}
	for (i = 0; i < l->request.nitems; i++) {
		const struct layout_item *it = &l->request.items[i];
		end_checked = emit_receive_item(p, ctx, it, true,
						i + 1 == l->request.nitems,
						"mig_bad");
	}
	if (!end_checked) {
		printer_line(p, "if (mig_unlikely(mig_c.pos != mig_c.size))");
		printer_line(p, "\tgoto mig_bad;");
	}
	printer_blank(p);
	for (i = 0; i < l->request.nitems; i++) {
		const struct layout_item *it = &l->request.items[i];
		take_item(p, ctx, it, find_item(&l->reply, it->arg));
	}
	for (i = 0; i < r->nargs; i++) {
		const struct sema_arg *a = &r->args[i];
		const struct sema_type *t = a->type;
		switch (a->kind) {
		case SEMA_ARG_REQUEST_PORT:
			if (ctx->iface->kernel_server) {
				/* in the kernel the header is not swapped yet */
				if (t->intran_type != NULL)
					printer_line(p,
						     "%s = "
						     "%s((%s)InHeadP->msgh_"
						     "remote_port);",
						     a->name, t->intran_func,
						     t->server_ctype);
				else
					printer_line(p,
						     "%s = "
						     "(%s)InHeadP->msgh_remote_"
						     "port;",
						     a->name, t->server_ctype);
				if (sema_arg_poly(a, false))
					printer_line(p,
						     "%sPoly = "
						     "MACH_MSGH_BITS_REMOTE("
						     "InHeadP->msgh_bits);",
						     a->name);
				break;
			}
			if (t->intranpayload_func != NULL) {
				printer_line(
					p, "if "
					   "(MACH_MSGH_BITS_LOCAL(InHeadP->"
					   "msgh_bits) == "
					   "MACH_MSG_TYPE_PROTECTED_PAYLOAD)");
				printer_line(
					p,
					"\t%s = "
					"%s(InHeadP->msgh_protected_payload);",
					a->name, t->intranpayload_func);
				printer_line(p, "else");
				printer_raw(p, "\t");
			}
			if (t->intran_type != NULL)
				printer_line(
					p, "%s = %s(InHeadP->msgh_local_port);",
					a->name, t->intran_func);
			else
				printer_line(p,
					     "%s = InHeadP->msgh_local_port;",
					     a->name);
			if (sema_arg_poly(a, false))
				printer_line(p,
					     "%sPoly = "
					     "MACH_MSGH_BITS_LOCAL(InHeadP->"
					     "msgh_bits);",
					     a->name);
			break;
		case SEMA_ARG_REPLY_PORT:
		case SEMA_ARG_SREPLY_PORT:
			if (ctx->iface->kernel_server) {
				printer_line(
					p, "%s = (%s)InHeadP->msgh_local_port;",
					a->name, t->server_ctype);
				if (sema_arg_poly(a, false))
					printer_line(p,
						     "%sPoly = "
						     "MACH_MSGH_BITS_LOCAL("
						     "InHeadP->msgh_bits);",
						     a->name);
				break;
			}
			if (t->intran_type != NULL)
				printer_line(
					p,
					"%s = %s(InHeadP->msgh_remote_port);",
					a->name, t->intran_func);
			else
				printer_line(p,
					     "%s = InHeadP->msgh_remote_port;",
					     a->name);
			if (sema_arg_poly(a, false))
				printer_line(p,
					     "%sPoly = "
					     "MACH_MSGH_BITS_REMOTE(InHeadP->"
					     "msgh_bits);",
					     a->name);
			break;
		case SEMA_ARG_MSGSEQNO:
			printer_line(p, "%s = InHeadP->msgh_seqno;", a->name);
			break;
		case SEMA_ARG_DATA:
			prepare_out(p, a, find_item(&l->reply, a));
			break;
		default:
			break;
		}
	}
	printer_blank(p);
	printer_raw(p, "\tmig_rc = %s(", emit_server_name(ctx, r));
	for (i = 0; i < r->nargs; i++)
		call_arg(p, &first, &r->args[i],
			 find_item(&l->request, &r->args[i]),
			 find_item(&l->reply, &r->args[i]));
	printer_raw(p, ");\n");
	/* An in array[] that came out of line is ours to free once the
	 * implementation succeeded (it cannot tell how it came), unless it
	 * was told (ServerCopy). */
	for (i = 0; i < l->request.nitems; i++) {
		const struct layout_item *it = &l->request.items[i];
		struct item_carry c;
		if (it->arg == NULL)
			continue;
		item_carry(it, &c);
		if (c.shape != ITEM_SHAPE_EITHER || it->arg->server_copy ||
		    find_item(&l->reply, it->arg) != NULL)
			continue;
		printer_line(p, "if (mig_rc == KERN_SUCCESS && !mig_x_%s.i)",
			     it->name);
		printer_line(p,
			     "\tmig_deallocate((vm_address_t)%s, "
			     "(vm_size_t)mig_x_%s.n / %u * %u);",
			     it->name, it->name, c.per_elem, c.c_bytes);
	}
	/* A refused request is destroyed by the caller: rights narrowed in
	 * place go back to their inlined form. */
	for (i = 0; i < l->request.nitems; i++) {
		const struct layout_item *it = &l->request.items[i];
		if (!it->inlined_names || it->arg->type->kind == SEMA_SCALAR ||
		    find_item(&l->reply, it->arg) != NULL)
			continue;
		if ((it->form == LAYOUT_UNBOUNDED))
			printer_line(
				p, "if (mig_rc != KERN_SUCCESS && mig_x_%s.i)",
				it->name);
		else
			printer_line(p, "if (mig_rc != KERN_SUCCESS)");
		printer_line(p,
			     "\tmig_put_names((char *)mig_x_%s.d, mig_x_%s.d, "
			     "mig_x_%s.n);",
			     it->name, it->name, it->name);
	}
	for (i = 0; i < r->nargs; i++) {
		const struct sema_arg *a = &r->args[i];
		if (a->type->destructor_func != NULL &&
		    (a->in || a->kind == SEMA_ARG_REQUEST_PORT) &&
		    (a->kind == SEMA_ARG_REQUEST_PORT ||
		     a->kind == SEMA_ARG_DATA))
			printer_line(p, "%s(%s);", a->type->destructor_func,
				     a->name);
	}
	if (ctx->iface->kernel_server)
		release_translated(p, r);
	printer_line(p, "mig_rep->RetCode = mig_rc;");
	if (r->simple || l->reply.nitems <= 1) {
		/* the demux set the size of a reply of RetCode alone */
		printer_line(p, "return;");
	} else {
		printer_line(p, "if (mig_rc != KERN_SUCCESS)");
		printer_line(p, "\treturn;");
		printer_line(p, "mig_pos = sizeof(mig_reply_header_t);");
		printer_line(p, "mig_complex = FALSE;");
		for (i = 1; i < l->reply.nitems; i++)
			send_item(p, ctx, &l->reply.items[i]);
		printer_line(p, "OutHeadP->msgh_size = mig_pos;");
		printer_line(p, "if (mig_complex)");
		printer_line(
			p, "\tOutHeadP->msgh_bits |= MACH_MSGH_BITS_COMPLEX;");
		printer_line(p, "return;");
	}
	printer_blank(p);
	printer_line(p, "mig_bad:");
	printer_line(p, "mig_rep->RetCode = MIG_BAD_ARGUMENTS;");
	printer_line(p, "}");
	printer_blank(p);
}

void
emit_server(struct printer *p, const struct emit_ctx *ctx)
{
	const struct sema_interface *iface = ctx->iface;
	const char *demux = emit_demux_name(ctx);
	unsigned i;

	emit_banner(p, ctx, "Server stubs");
	if (ctx->opt->server_header != NULL)
		printer_line(p, "#include \"%s\"", ctx->opt->server_header);
	printer_line(p, "#include <stddef.h>");
	printer_line(p, "#include <stdint.h>");
	printer_line(p, "#include <string.h>");
	printer_line(p, "#include <mach/boolean.h>");
	printer_line(p, "#include <mach/kern_return.h>");
	printer_line(p, "#include <mach/message.h>");
	printer_line(p, "#include <mach/mig_errors.h>");
	printer_line(p, "#include <mach/port.h>");
	if (iface->kernel_server) {
		printer_line(p, "#include <ipc/ipc_port.h>");
		printer_line(p, "#include <kern/ipc_mig.h>");
	} else {
		printer_line(p, "#include <mach/mig_support.h>");
	}
	emit_imports(p, ctx, false);
	printer_blank(p);
	printer_line(p, "#ifndef mig_internal");
	printer_line(p, "#define mig_internal static");
	printer_line(p, "#endif");
	printer_line(p, "#ifndef mig_external");
	printer_line(p, "#define mig_external");
	printer_line(p, "#endif");
	printer_blank(p);
	emit_runtime(p, ctx, false);
	if (iface->rcsid != NULL) {
		printer_line(p,
			     "static const char mig_rcsid_%sServer[] "
			     "__attribute__((unused)) =",
			     iface->name);
		printer_line(p, "\t\"%s\";", iface->rcsid);
		printer_blank(p);
	}
	for (i = 0; i < iface->nroutines; i++)
		if (iface->routines[i] != NULL) {
			emit_server_proto(p, ctx, iface->routines[i], true);
			printer_blank(p);
		}
	for (i = 0; i < iface->nroutines; i++)
		if (iface->routines[i] != NULL)
			server_routine(p, ctx, iface->routines[i],
				       &ctx->layouts[i]);
	printer_line(p, "/* The routine table, indexed by msgh_id - %u. */",
		     iface->base);
	printer_line(p, "mig_routine_t %s_routines[%u] = {", demux,
		     iface->nroutines ? iface->nroutines : 1);
	for (i = 0; i < iface->nroutines; i++)
		printer_line(p, "%s%s,", iface->routines[i] ? "_X" : "0",
			     iface->routines[i] ? iface->routines[i]->name
						: "");
	if (iface->nroutines == 0)
		printer_line(p, "0,");
	printer_line(p, "};");
	printer_blank(p);
	printer_line(p, "mig_external boolean_t");
	printer_line(
		p,
		"%s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP)",
		demux);
	printer_line(p, "{");
	printer_line(p, "mig_reply_header_t *const OutP = (mig_reply_header_t "
			"*)OutHeadP;");
	printer_line(p, "const mach_msg_type_t RetCodeType = {");
	printer_line(p, ".msgt_name = MACH_MSG_TYPE_INTEGER_32,");
	printer_line(p, ".msgt_size = 32,");
	printer_line(p, ".msgt_number = 1,");
	printer_line(p, ".msgt_inline = 1,");
	printer_line(p, ".msgt_longform = 0,");
	printer_line(p, ".msgt_deallocate = 0,");
	printer_line(p, ".msgt_unused = 0,");
	printer_line(p, "};");
	printer_line(p, "mig_routine_t mig_routine;");
	printer_line(p, "uint32_t mig_i;");
	printer_blank(p);
	if (iface->kernel_server) {
		/* the kernel serves messages before their header is swapped */
		printer_line(p, "OutHeadP->msgh_bits = "
				"MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(InHeadP->"
				"msgh_bits), 0);");
		printer_line(p, "OutHeadP->msgh_size = sizeof *OutP;");
		printer_line(p, "OutHeadP->msgh_remote_port = "
				"InHeadP->msgh_local_port;");
	} else {
		printer_line(p, "OutHeadP->msgh_bits = "
				"MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(InHeadP->"
				"msgh_bits), 0);");
		printer_line(p, "OutHeadP->msgh_size = sizeof *OutP;");
		printer_line(p, "OutHeadP->msgh_remote_port = "
				"InHeadP->msgh_remote_port;");
	}
	printer_line(p, "OutHeadP->msgh_local_port = MACH_PORT_NULL;");
	printer_line(p, "OutHeadP->msgh_seqno = 0;");
	printer_line(p, "OutHeadP->msgh_id = "
			"(mach_msg_id_t)((uint32_t)InHeadP->msgh_id + 100u);");
	printer_line(p, "OutP->RetCodeType = RetCodeType;");
	printer_line(p, "mig_i = (uint32_t)InHeadP->msgh_id - %uu;",
		     iface->base);
	printer_line(p, "mig_routine = mig_i < %uu ? %s_routines[mig_i] : 0;",
		     iface->nroutines, demux);
	printer_line(p, "if (mig_routine == 0) {");
	printer_line(p, "OutP->RetCode = MIG_BAD_ID;");
	printer_line(p, "return FALSE;");
	printer_line(p, "}");
	printer_line(p, "(*mig_routine)(InHeadP, OutHeadP);");
	printer_line(p, "return TRUE;");
	printer_line(p, "}");
	if (ctx->opt->symtab) {
		/* GNU MIG's -s table: entry i is msgh_id base + i. */
		printer_blank(p);
		printer_line(p, "mig_symtab_t _%sSymTab[] = {", iface->name);
		for (i = 0; i < iface->nroutines; i++)
			if (iface->routines[i] != NULL)
				printer_line(p, "{ \"%s\", %u, _X%s },",
					     iface->routines[i]->name,
					     iface->routines[i]->id,
					     iface->routines[i]->name);
			else
				printer_line(p, "{ \"\", 0, 0 },");
		if (iface->nroutines == 0)
			printer_line(p, "{ \"\", 0, 0 },");
		printer_line(p, "};");
		printer_line(p, "int _%sSymTabBase = %u;", iface->name,
			     iface->base);
		printer_line(p, "int _%sSymTabEnd = %u;", iface->name,
			     iface->base + iface->nroutines);
	}
}
