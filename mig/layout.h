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

struct layout_item {
	const struct sema_arg *arg; /* NULL for the reply's RetCode */
	const char *name;           /* field name: x, with xType before it */
	unsigned msgt_name;         /* as sent by this message's sender */
	unsigned msgt_size;         /* bits per element */
	unsigned msgt_number;       /* elements; the maximum when varying */
	bool long_form;
	bool inline_data;    /* false: an out-of-line address */
	bool varying;        /* msgt_number is set at run time */
	bool may_go_ool;     /* array[]: inline when it fits */
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

/* Lay out routine R for TARGET into arena memory of AST. */
void layout_routine(struct ast *ast, const struct target *target,
		    const struct sema_interface *iface,
		    const struct sema_routine *r, struct layout_routine *out);

/* Round N up to the target's item alignment. */
unsigned layout_align(const struct target *target, unsigned n);

#endif
