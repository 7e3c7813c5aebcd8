/*
 * layout.h: where every item of a request and a reply sits (prefix
 * layout_).
 *
 * A typed message is the header followed by items; each item is a type
 * descriptor (mach_msg_type_t, or mach_msg_type_long_t in the long form)
 * then its data, inline and padded to the target's alignment, or an
 * out-of-line address.  Offsets here are those of the largest message
 * (every variable array at its maximum), which is also the generated C
 * struct; an item after a variable-sized one moves back at run time by
 * what the earlier arrays did not use.
 */
#ifndef MIG_LAYOUT_H
#define MIG_LAYOUT_H

#include <stdbool.h>

#include "sema.h"
#include "target.h"

/*
 * How an item travels, the same on both sides of a message; every
 * emitter decision about an item's form is a switch over it.
 */
enum layout_form {
	LAYOUT_FIXED,       /* inline, always msgt_number elements */
	LAYOUT_BOUNDED,     /* inline, at most msgt_number: the count travels */
	LAYOUT_UNBOUNDED,   /* array[]: inline up to msgt_number elements,
			       else out of line; the count travels */
	LAYOUT_OOL,         /* out of line, msgt_number elements */
	LAYOUT_OOL_VARYING, /* out of line; the count travels */
};

struct layout_item {
	const struct sema_arg *arg; /* NULL for the reply's RetCode */
	const char *name;           /* field name: x, with xType before it */
	unsigned msgt_name;         /* as sent by this message's sender */
	unsigned msgt_size;         /* bits per element */
	unsigned msgt_number;       /* elements; the maximum when varying */
	bool long_form;
	enum layout_form form;
	bool is_port;        /* carries port rights */
	bool inlined_names;  /* inline, each right a mach_port_name_inlined_t
				holding a name of the C array */
	unsigned ool_size;   /* msgt_size when sent out of line */
	bool polymorphic;    /* the sender sets msgt_name at run time */
	bool recv_poly;      /* the receiver accepts any name... */
	unsigned recv_name;  /* ...or expects this one */
	unsigned desc_size;  /* 4 or 12 */
	unsigned data_bytes; /* the largest data, unpadded */
	unsigned data_size;  /* what the struct reserves, padded */
	unsigned offset;     /* of the descriptor, in the largest message */
	bool after_varying;  /* its position moves at run time */
	bool count_of;       /* CountInOut: arg's buffer size */
};

struct layout_msg {
	struct layout_item *items;
	unsigned nitems;
	unsigned min_size;  /* every variable item empty */
	unsigned max_size;  /* every variable item full */
	bool fixed;         /* min_size == max_size */
	bool complex;       /* carries rights or out-of-line memory */
	bool maybe_complex; /* complex only for some polymorphic names */
};

struct layout_routine {
	struct layout_msg request, reply;
};

/* Whether nothing can make message M complex: no right, no out-of-line
 * item, no array[] that may go out of line, no polymorphic name (GNU
 * MIG's rtSimpleCheck: such a message with the complex bit is
 * refused). */
static inline bool
layout_never_complex(const struct layout_msg *m)
{
	if (m->complex || m->maybe_complex)
		return false;
	for (unsigned i = 0; i < m->nitems; i++)
		if (m->items[i].form == LAYOUT_UNBOUNDED)
			return false;
	return true;
}

/* Whether IT's count is set at run time (msgt_number its maximum). */
static inline bool
layout_varying(const struct layout_item *it)
{
	switch (it->form) {
	case LAYOUT_FIXED:
	case LAYOUT_OOL:
		return false;
	case LAYOUT_BOUNDED:
	case LAYOUT_UNBOUNDED:
	case LAYOUT_OOL_VARYING:
		return true;
	}
	return false;
}

/* Whether IT's data is inline in the largest message (array[] is). */
static inline bool
layout_inline(const struct layout_item *it)
{
	switch (it->form) {
	case LAYOUT_FIXED:
	case LAYOUT_BOUNDED:
	case LAYOUT_UNBOUNDED:
		return true;
	case LAYOUT_OOL:
	case LAYOUT_OOL_VARYING:
		return false;
	}
	return false;
}

/* Lay out routine R for TARGET into arena memory of AST. */
void layout_routine(struct ast *ast, const struct target *target,
		    const struct sema_interface *iface,
		    const struct sema_routine *r, struct layout_routine *out);

/* Round N up to the target's item alignment. */
unsigned layout_align(const struct target *target, unsigned n);

#endif
