/*
 * item.h: how each item of a message travels (prefix item_).
 *
 * One description per item and direction, read by the user and the
 * server emitters alike: what the sender puts in the type descriptor and
 * what the receiver accepts are derived from the same fields here, so
 * the two sides cannot disagree.  Built from the layout pass's
 * layout_item; every decision is a switch over enum layout_form.
 */
#ifndef MIG_ITEM_H
#define MIG_ITEM_H

#include <stdbool.h>

#include "layout.h"

/* What a receiver accepts as the element count. */
enum item_count {
	ITEM_COUNT_EXACT,   /* msgt_number == number */
	ITEM_COUNT_BOUNDED, /* msgt_number <= number */
	ITEM_COUNT_ANY,     /* any count (out of line, unbounded) */
};

/* One way an item may travel: inline or out of line. */
struct item_way {
	bool possible;         /* the item may travel this way */
	unsigned size;         /* msgt_size: bits per element */
	enum item_count count; /* what the receiver accepts */
	bool dealloc;          /* the sender sets msgt_deallocate */
};

struct item_wire {
	unsigned send_name;     /* msgt_name as sent (0: set at run time) */
	unsigned recv_name;     /* msgt_name as received (0: any the
				 sender may pass) */
	bool long_form;         /* msgt_longform */
	unsigned number;        /* the count, or its bound */
	struct item_way way[2]; /* [0] inline, [1] out of line */
	bool needs_complex;     /* rights or out-of-line memory always */
};

/* Describe how item IT travels. */
void item_wire(const struct layout_item *it, struct item_wire *w);

/*
 * The x86_64 descriptor's first word (msgt_name, msgt_size, msgt_inline,
 * msgt_longform; the unused and deallocate bits clear) of item IT sent
 * inline (INL) or out of line; compared under ITEM_WORD_MASK.
 */
unsigned item_word(const struct layout_item *it, bool inl);
#define ITEM_WORD_MASK 0x60ffffffu

/*
 * The x86_64 descriptor's first word as the sender of item IT writes it
 * for the way INL (inline or out of line): item_word's fields with the
 * send name and the way's deallocate bit (the Dealloc flag; a run-time
 * Dealloc[] or polymorphic name is the emitter's to apply).
 */
unsigned item_send_word(const struct layout_item *it, bool inl);
#define ITEM_WORD_DEALLOC 0x80000000u

/* Message elements per C element of an array of type T. */
unsigned item_per_elem(const struct sema_type *t);

/*
 * The C side of an item: how the argument the caller passes and the
 * implementation gets holds it, and so how each side's stub moves it
 * between that argument and the message.  Both emitters switch over
 * the shape (the sender's marshalling and the receiver's copying out
 * are written from the same description); item_carry() is the one
 * switch over enum layout_form and sema_kind that decides it.
 */
enum item_shape {
	ITEM_SHAPE_COUNT,   /* CountInOut: the size of the caller's buffer */
	ITEM_SHAPE_ADDRESS, /* out of line: the data's address (and count) */
	ITEM_SHAPE_EITHER,  /* array[]: inline within the bound, else out of
			       line; a count */
	ITEM_SHAPE_RIGHT,   /* one right: its name, widened inline */
	ITEM_SHAPE_RIGHTS,  /* a fixed array of rights: names widened */
	ITEM_SHAPE_VALUE,   /* a scalar or struct: its bytes */
	ITEM_SHAPE_ARRAY,   /* a fixed array: its bytes */
	ITEM_SHAPE_FIXSTR,  /* a fixed array of characters: a NUL within */
	ITEM_SHAPE_STRING,  /* a C string: up to its NUL, which travels */
	ITEM_SHAPE_COUNTED, /* array[*:N]: a count, that many elements */
};

struct item_carry {
	enum item_shape shape;
	bool varying;        /* the count travels (set at run time) */
	bool names;          /* rights inline: C names <-> inlined slots */
	unsigned per_elem;   /* message elements per C element */
	unsigned bound;      /* C elements the message holds inline: the
				count, or its bound when varying */
	unsigned c_bytes;    /* bytes of one C element */
	unsigned wire_bytes; /* bytes of one C element inline */
};

/* Describe the C side of item IT (not the RetCode). */
void item_carry(const struct layout_item *it, struct item_carry *c);

#endif
