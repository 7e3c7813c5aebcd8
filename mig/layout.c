/*
 * layout.c: typed-message layout from the target table.
 */
#include "layout.h"

#include <stdio.h>
#include <string.h>

#include "parse.h"

unsigned
layout_align(const struct target *target, unsigned n)
{
	return (n + target->align - 1) / target->align * target->align;
}

/*
 * A kernel server sends the rights in its replies already made (its
 * outtran functions return naked rights): they travel as the moved
 * right (MACH_MSG_TYPE_PORT_SEND...), as GNU MIG generates them.
 */
static void
item_for(const struct target *target, const struct sema_arg *a, bool request,
	 bool kernel_sender, struct layout_item *it)
{
	const struct sema_type *t = a->type;
	unsigned long long bytes;

	it->arg = a;
	it->name = a->name;
	/* "In|Out" is "sent as | received as", both ways. */
	it->msgt_name = t->in_name;
	if (kernel_sender)
		it->msgt_name = sema_port_transit(it->msgt_name);
	it->recv_poly = sema_receiver_poly(t);
	it->recv_name = t->out_name != t->in_name
				? t->out_name
				: sema_port_transit(it->msgt_name);
	it->msgt_size = t->size_bits;
	it->msgt_number = t->number;
	it->long_form = t->long_form;
	if (t->ool)
		it->form = t->varying ? LAYOUT_OOL_VARYING : LAYOUT_OOL;
	else if (t->unbounded)
		it->form = LAYOUT_UNBOUNDED;
	else
		it->form = t->varying ? LAYOUT_BOUNDED : LAYOUT_FIXED;
	/* A kernel server's replies carry made rights: no choice left. */
	it->polymorphic = t->in_name == PARSE_POLYMORPHIC ||
			  (t->sender_poly && !kernel_sender);
	(void)request;
	it->is_port = t->is_port;
	it->inlined_names = t->inlined_names && !t->ool;
	/* Out of line, user space's rights are an array of plain names
	 * (GNU MIG says so in the long form only). */
	it->ool_size = t->inlined_names && (t->long_form || !t->ool)
			       ? target->name_bits
			       : t->size_bits;
	if (t->ool)
		it->msgt_size = it->ool_size;
	it->desc_size =
		t->long_form ? target->long_type_size : target->type_size;
	bytes = ((unsigned long long)t->number * t->size_bits + 7) / 8;
	if (t->ool) {
		it->data_bytes = target->pointer_size;
	} else {
		it->data_bytes = (unsigned)bytes;
	}
	it->data_size = layout_align(target, it->data_bytes);
}

static void
finish(const struct target *target, struct layout_msg *m)
{
	unsigned i, off = target->header_size, min = target->header_size;
	bool moved = false;

	for (i = 0; i < m->nitems; i++) {
		struct layout_item *it = &m->items[i];
		it->offset = off;
		it->after_varying = moved;
		off += it->desc_size + it->data_size;
		min += it->desc_size;
		switch (it->form) {
		case LAYOUT_BOUNDED:
		case LAYOUT_UNBOUNDED:
			/* empty at least; what follows moves */
			moved = true;
			break;
		case LAYOUT_OOL:
		case LAYOUT_OOL_VARYING:
			/* an address */
			m->complex = true;
			/* fall through */
		case LAYOUT_FIXED:
			min += it->data_size;
			break;
		}
		/* array[] inline is plain data: the stubs set the bit when
		 * it goes out of line */
		if (it->is_port)
			m->complex = true;
		if (it->polymorphic || it->recv_poly)
			m->maybe_complex = true;
	}
	m->max_size = off;
	m->min_size = min;
	m->fixed = !moved;
}

void
layout_routine(struct ast *ast, const struct target *target,
	       const struct sema_interface *iface, const struct sema_routine *r,
	       struct layout_routine *out)
{
	unsigned i, nreq = 0, nrep = 0;

	out->request.items =
		ast_alloc(ast, (r->nargs + 1) * sizeof(struct layout_item));
	out->reply.items =
		ast_alloc(ast, (r->nargs + 2) * sizeof(struct layout_item));
	if (!r->simple) {
		struct layout_item *rc = &out->reply.items[nrep++];
		rc->name = "RetCode";
		rc->msgt_name = 2;
		rc->msgt_size = 32;
		rc->msgt_number = 1;
		rc->form = LAYOUT_FIXED;
		rc->desc_size = target->type_size;
		rc->data_bytes = 4;
		rc->data_size = layout_align(target, 4);
		rc->recv_name = 2;
	}
	for (i = 0; i < r->nargs; i++) {
		const struct sema_arg *a = &r->args[i];
		if (a->kind != SEMA_ARG_DATA)
			continue;
		if (a->in)
			item_for(target, a, true, false,
				 &out->request.items[nreq++]);
		if (a->count_in_out && !a->in) {
			/* The caller's buffer size travels in the request. */
			struct layout_item *c = &out->request.items[nreq++];
			size_t n = strlen(a->name) + 4;
			char *name = ast_alloc(ast, n);
			snprintf(name, n, "%sCnt", a->name);
			c->arg = a;
			c->count_of = true;
			c->name = name;
			c->msgt_name = 2;
			c->msgt_size = 32;
			c->msgt_number = 1;
			c->form = LAYOUT_FIXED;
			c->desc_size = target->type_size;
			c->data_bytes = 4;
			c->data_size = layout_align(target, 4);
			c->recv_name = 2;
		}
		if (a->out)
			item_for(target, a, false, iface->kernel_server,
				 &out->reply.items[nrep++]);
	}
	out->request.nitems = nreq;
	out->reply.nitems = nrep;
	finish(target, &out->request);
	finish(target, &out->reply);
}
