/*
 * emit_header.c: the user and server headers, the -list table and the
 * -layout dump.
 */
#include "emit.h"

#include <ctype.h>
#include <string.h>

#include "parse.h"

static void
guard(struct printer *p, const struct emit_ctx *ctx, const char *suffix,
      bool open)
{
	const char *s;

	if (!open) {
		printer_line(p, "#endif");
		return;
	}
	printer_raw(p, "#ifndef _MIG_");
	for (s = ctx->iface->name; *s != '\0'; s++)
		printer_raw(p, "%c", toupper((unsigned char)*s));
	printer_raw(p, "_%s_H\n#define _MIG_", suffix);
	for (s = ctx->iface->name; *s != '\0'; s++)
		printer_raw(p, "%c", toupper((unsigned char)*s));
	printer_raw(p, "_%s_H 1\n\n", suffix);
}

static void
common_includes(struct printer *p)
{
	printer_line(p, "#include <mach/boolean.h>");
	printer_line(p, "#include <mach/kern_return.h>");
	printer_line(p, "#include <mach/message.h>");
	printer_line(p, "#include <mach/port.h>");
	printer_line(p, "#include <mach/std_types.h>");
}

static const char ownership[] =
	"/*\n"
	" * Ownership (GNU MIG's rules, which servers rely on):\n"
	" * - A request's arguments belong to the caller, except rights "
	"moved\n"
	" *   (move-send, move-receive, move-send-once) and out-of-line "
	"memory\n"
	" *   sent with Dealloc, which the message takes.\n"
	" * - What a reply brings back (rights, out-of-line memory) belongs "
	"to\n"
	" *   the caller; so does the memory a user stub allocates\n"
	" *   (mig_allocate) when an array that came back inline is larger "
	"than\n"
	" *   the caller's buffer.\n"
	" * - A server implementation owns the rights and out-of-line memory "
	"of\n"
	" *   a request only when it returns KERN_SUCCESS; otherwise the "
	"request\n"
	" *   is destroyed by whoever received it (mach_msg_server).  An in\n"
	" *   array[] that came out of line is the exception: the stub\n"
	" *   deallocates it (mig_deallocate) after KERN_SUCCESS, since the\n"
	" *   implementation is not told how it came, unless the argument is\n"
	" *   ServerCopy (then xSCopy says it came inline, to be copied; "
	"else the\n"
	" *   implementation owns it).\n"
	" * - Out-of-line data a server returns is deallocated from the "
	"server\n"
	" *   when the type or argument says Dealloc (or xDealloc is set), "
	"an\n"
	" *   out array[] included when it goes out of line.\n"
	" * - An implementation's KERN_SUCCESS always stands: an out array "
	"or\n"
	" *   string longer than its bound is truncated to the bound in the\n"
	" *   reply (a string keeps its NUL); what is cut off is not sent "
	"and\n"
	" *   stays the implementation's.\n"
	" */\n";

static const char kernel_ownership[] =
	"/*\n"
	" * A KernelServer implementation sees the object of a right in the\n"
	" * request's body that is translated (intran), not the right: when "
	"it\n"
	" * returns KERN_SUCCESS the stub releases that send right\n"
	" * (ipc_port_release_send); otherwise it stays in the request.\n"
	" */\n";

/* One prototype per routine, user or server side, with its msgh_id. */
static void
declare_routines(struct printer *p, const struct emit_ctx *ctx, bool user)
{
	for (unsigned i = 0; i < ctx->iface->nroutines; i++) {
		const struct sema_routine *r = ctx->iface->routines[i];
		if (r == NULL)
			continue;
		printer_line(p, "/* %s %s: msgh_id %u */",
			     r->simple ? "SimpleRoutine" : "Routine", r->name,
			     r->id);
		if (user)
			emit_user_proto(p, ctx, r, true);
		else
			emit_server_proto(p, ctx, r, true);
		printer_blank(p);
	}
}

void
emit_user_header(struct printer *p, const struct emit_ctx *ctx)
{
	emit_banner(p, ctx, "User interface");
	guard(p, ctx, "USER", true);
	common_includes(p);
	emit_imports(p, ctx, true);
	printer_blank(p);
	printer_raw(p, "%s\n", ownership);
	declare_routines(p, ctx, true);
	guard(p, ctx, "USER", false);
}

void
emit_server_header(struct printer *p, const struct emit_ctx *ctx)
{
	const char *demux = emit_demux_name(ctx);
	unsigned i, maxreq = 0, maxrep;
	const struct target *tg = ctx->opt->target;

	/* mig_reply_header_t: a RetCode item alone */
	maxrep = tg->header_size + tg->type_size + layout_align(tg, 4);

	emit_banner(p, ctx, "Server interface");
	guard(p, ctx, "SERVER", true);
	common_includes(p);
	printer_line(p, "#include <mach/mig_errors.h>");
	emit_imports(p, ctx, false);
	printer_blank(p);
	printer_raw(p, "%s\n", ownership);
	if (ctx->iface->kernel_server)
		printer_raw(p, "%s\n", kernel_ownership);
	for (i = 0; i < ctx->iface->nroutines; i++) {
		if (ctx->iface->routines[i] == NULL)
			continue;
		if (ctx->layouts[i].request.max_size > maxreq)
			maxreq = ctx->layouts[i].request.max_size;
		if (ctx->layouts[i].reply.max_size > maxrep)
			maxrep = ctx->layouts[i].reply.max_size;
	}
	printer_line(p, "/* Buffers for %s: the largest request and reply. */",
		     demux);
	printer_line(p, "#define %s_MAX_REQUEST_SIZE %u", ctx->iface->name,
		     maxreq);
	printer_line(p, "#define %s_MAX_REPLY_SIZE %u", ctx->iface->name,
		     maxrep);
	printer_blank(p);
	printer_line(p, "/* Handle request InHeadP, building the reply in "
			"OutHeadP (which");
	printer_line(
		p, " * holds %s_MAX_REPLY_SIZE bytes).  Returns FALSE when the",
		ctx->iface->name);
	printer_line(
		p,
		" * msgh_id is not ours (the reply then says MIG_BAD_ID). */");
	printer_line(p,
		     "extern boolean_t %s(mach_msg_header_t *InHeadP, "
		     "mach_msg_header_t *OutHeadP);",
		     demux);
	/* as GNU MIG has it: inline here, so that a server that does not
	 * use it pays nothing */
	printer_line(p, "extern mig_routine_t %s_routines[%u];", demux,
		     ctx->iface->nroutines ? ctx->iface->nroutines : 1);
	printer_blank(p);
	printer_line(p, "/* The stub for request InHeadP, or 0 when its "
			"msgh_id is not ours. */");
	printer_line(p, "static inline mig_routine_t");
	printer_line(p, "%s_routine(const mach_msg_header_t *InHeadP)", demux);
	printer_line(p, "{");
	printer_line(p,
		     "unsigned int mig_i = (unsigned int)InHeadP->msgh_id - "
		     "%uu;",
		     ctx->iface->base);
	printer_line(p, "return mig_i < %uu ? %s_routines[mig_i] : 0;",
		     ctx->iface->nroutines, demux);
	printer_line(p, "}");
	printer_blank(p);
	declare_routines(p, ctx, false);
	guard(p, ctx, "SERVER", false);
}

/* GNU MIG's -list format: "subsystem base routine number id reply_id",
 * reply_id 0 for a simpleroutine; no banner, so tools can parse it. */
void
emit_list(struct printer *p, const struct emit_ctx *ctx)
{
	unsigned i;

	for (i = 0; i < ctx->iface->nroutines; i++) {
		const struct sema_routine *r = ctx->iface->routines[i];
		if (r == NULL)
			continue;
		printer_line(p, "%s %u %s %u %u %u", ctx->iface->name,
			     ctx->iface->base, r->name, i, r->id,
			     r->simple ? 0 : r->reply_id);
	}
}

static void
dump_msg(struct printer *p, const char *what, unsigned id,
	 const struct layout_msg *m)
{
	unsigned i;

	printer_line(p, "%s %u size %u%s", what, id, m->max_size,
		     m->fixed ? "" : " varying");
	for (i = 0; i < m->nitems; i++) {
		const struct layout_item *it = &m->items[i];
		printer_line(p,
			     "  %sType %u %u name=%u size=%u number=%u "
			     "inline=%u long=%u dealloc=%u",
			     it->name, it->offset, it->desc_size,
			     it->polymorphic ? 0 : it->msgt_name, it->msgt_size,
			     layout_varying(it) ? 0 : it->msgt_number,
			     layout_inline(it) ? 1 : 0, it->long_form ? 1 : 0,
			     it->arg != NULL && it->arg->dealloc &&
					     !(it->form == LAYOUT_UNBOUNDED) &&
					     !it->count_of
				     ? 1
				     : 0);
		printer_line(p, "  %s %u %u", it->name,
			     it->offset + it->desc_size, it->data_bytes);
	}
}

void
emit_layout(struct printer *p, const struct emit_ctx *ctx)
{
	unsigned i;

	for (i = 0; i < ctx->iface->nroutines; i++) {
		const struct sema_routine *r = ctx->iface->routines[i];
		if (r == NULL)
			continue;
		printer_line(p, "routine %s", r->name);
		dump_msg(p, "request", r->id, &ctx->layouts[i].request);
		if (!r->simple)
			dump_msg(p, "reply", r->reply_id,
				 &ctx->layouts[i].reply);
	}
}
