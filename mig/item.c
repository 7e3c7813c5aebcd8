/*
 * item.c: how each item of a message travels (see item.h).
 */
#include "item.h"

#include <string.h>

void
item_wire(const struct layout_item *it, struct item_wire *w)
{
	/* the Dealloc flag: a count (CountInOut) or the RetCode never */
	bool dealloc = it->arg != NULL && it->arg->dealloc && !it->count_of;
	struct item_way *in = &w->way[0], *ool = &w->way[1];

	memset(w, 0, sizeof *w);
	w->send_name = it->polymorphic ? 0 : it->msgt_name;
	w->recv_name = it->recv_poly ? 0 : it->recv_name;
	w->long_form = it->long_form;
	w->number = it->msgt_number;
	in->size = it->msgt_size;
	ool->size = it->msgt_size;
	switch (it->form) {
	case LAYOUT_FIXED:
		in->possible = true;
		in->count = ITEM_COUNT_EXACT;
		in->dealloc = dealloc;
		break;
	case LAYOUT_BOUNDED:
		in->possible = true;
		in->count = ITEM_COUNT_BOUNDED;
		in->dealloc = dealloc;
		break;
	case LAYOUT_UNBOUNDED:
		/* inline within the bound, never deallocated; else out of
		 * line, any count, in the out-of-line element size */
		in->possible = true;
		in->count = ITEM_COUNT_BOUNDED;
		ool->possible = true;
		ool->size = it->ool_size;
		ool->count = ITEM_COUNT_ANY;
		ool->dealloc = dealloc;
		break;
	case LAYOUT_OOL:
		ool->possible = true;
		ool->count = ITEM_COUNT_EXACT;
		ool->dealloc = dealloc;
		break;
	case LAYOUT_OOL_VARYING:
		ool->possible = true;
		ool->count = it->msgt_number == 0 ? ITEM_COUNT_ANY
						  : ITEM_COUNT_BOUNDED;
		ool->dealloc = dealloc;
		break;
	}
	w->needs_complex = it->is_port || !in->possible;
}

unsigned
item_word(const struct layout_item *it, bool inl)
{
	struct item_wire w;
	unsigned name;

	item_wire(it, &w);
	name = w.recv_name;
	return (name & 0xff) | ((w.way[inl ? 0 : 1].size & 0xffff) << 8) |
	       (inl ? 1u << 29 : 0) | (w.long_form ? 1u << 30 : 0);
}

unsigned
item_send_word(const struct layout_item *it, bool inl)
{
	struct item_wire w;
	const struct item_way *way = &w.way[inl ? 0 : 1];

	item_wire(it, &w);
	return (w.send_name & 0xff) | ((way->size & 0xffff) << 8) |
	       (inl ? 1u << 29 : 0) | (w.long_form ? 1u << 30 : 0) |
	       (way->dealloc ? 1u << 31 : 0);
}

unsigned
item_per_elem(const struct sema_type *t)
{
	if (t->size_bits < 8 || t->wire_elem_bytes == 0)
		return 1;
	return t->wire_elem_bytes * 8 / t->size_bits;
}

/* The shape of an item that travels inline at a fixed place or count. */
static enum item_shape
inline_shape(const struct layout_item *it, const struct sema_type *t)
{
	switch (t->kind) {
	case SEMA_SCALAR:
	case SEMA_STRUCT:
		return it->inlined_names ? ITEM_SHAPE_RIGHT : ITEM_SHAPE_VALUE;
	case SEMA_ARRAY:
		if (it->inlined_names)
			return ITEM_SHAPE_RIGHTS;
		return it->msgt_name == 12 /* MACH_MSG_TYPE_STRING_C */
			       ? ITEM_SHAPE_FIXSTR
			       : ITEM_SHAPE_ARRAY;
	case SEMA_CSTRING:
		return it->inlined_names ? ITEM_SHAPE_RIGHTS
					 : ITEM_SHAPE_STRING;
	case SEMA_VARRAY:
		return ITEM_SHAPE_COUNTED;
	}
	return ITEM_SHAPE_VALUE;
}

void
item_carry(const struct layout_item *it, struct item_carry *c)
{
	const struct sema_type *t = it->arg->type;

	memset(c, 0, sizeof *c);
	c->varying = layout_varying(it);
	c->names = it->inlined_names;
	c->per_elem = item_per_elem(t);
	/* (no whole elements of an out-of-line type wider than its wire
	 * elements: no inline bound) */
	c->bound = c->per_elem != 0 ? it->msgt_number / c->per_elem : 0;
	c->c_bytes = t->elem_bytes;
	c->wire_bytes = t->wire_elem_bytes;
	if (it->count_of) {
		c->shape = ITEM_SHAPE_COUNT;
		return;
	}
	switch (it->form) {
	case LAYOUT_OOL:
	case LAYOUT_OOL_VARYING:
		c->shape = ITEM_SHAPE_ADDRESS;
		return;
	case LAYOUT_UNBOUNDED:
		c->shape = ITEM_SHAPE_EITHER;
		return;
	case LAYOUT_FIXED:
	case LAYOUT_BOUNDED:
		c->shape = inline_shape(it, t);
		return;
	}
}
