/*
 * sema.c: name resolution, type properties, argument kinds, msgh_ids.
 *
 * Names are looked up in hash tables (symtab.h): types, routines, and
 * each routine's arguments.  A type whose declaration was rejected keeps
 * its name, bound to rejected_type, so that later uses of it fail
 * quietly: the first error stands for them.
 */
#include "sema.h"

#include <stdint.h>
#include <string.h>

#include "parse.h"
#include "symtab.h"

struct sema {
	struct ast *ast;
	struct diag *diag;
	const struct target *target;
	struct sema_interface *iface;
	struct sema_type *types, *last_type; /* in declaration order */
	struct symtab type_names;    /* name -> type, or &rejected_type */
	struct symtab routine_names; /* name -> the routine first defined */
	unsigned routine_cap;
	bool have_subsystem;
	/* Kernel interfaces (KernelUser, KernelServer) carry ports as
	 * kernel pointers (ipc_port_t) of the target's pointer size. */
	bool kernel;
	unsigned port_bits;
};

#define NEW(s, T) ((T *)ast_alloc((s)->ast, sizeof(T)))

static const struct {
	unsigned name;
	const char *c_name, *c_type;
} msgt_names[] = {
	{ 0, "MACH_MSG_TYPE_BOOLEAN", "boolean_t" },
	{ 1, "MACH_MSG_TYPE_INTEGER_16", "short" },
	{ 2, "MACH_MSG_TYPE_INTEGER_32", "int" },
	{ 8, "MACH_MSG_TYPE_CHAR", "char" },
	{ 9, "MACH_MSG_TYPE_BYTE", "unsigned char" },
	{ 10, "MACH_MSG_TYPE_REAL", "float" },
	{ 11, "MACH_MSG_TYPE_INTEGER_64", "int64_t" },
	{ 12, "MACH_MSG_TYPE_STRING_C", "char" },
	{ 15, "MACH_MSG_TYPE_PORT_NAME", "mach_port_name_t" },
	{ 16, "MACH_MSG_TYPE_MOVE_RECEIVE", "mach_port_t" },
	{ 17, "MACH_MSG_TYPE_MOVE_SEND", "mach_port_t" },
	{ 18, "MACH_MSG_TYPE_MOVE_SEND_ONCE", "mach_port_t" },
	{ 19, "MACH_MSG_TYPE_COPY_SEND", "mach_port_t" },
	{ 20, "MACH_MSG_TYPE_MAKE_SEND", "mach_port_t" },
	{ 21, "MACH_MSG_TYPE_MAKE_SEND_ONCE", "mach_port_t" },
	{ 23, "MACH_MSG_TYPE_PROTECTED_PAYLOAD", "unsigned long" },
};

const char *
sema_msgt_name(unsigned name)
{
	size_t i;

	for (i = 0; i < sizeof msgt_names / sizeof msgt_names[0]; i++)
		if (msgt_names[i].name == name)
			return msgt_names[i].c_name;
	return NULL;
}

static const char *
msgt_ctype(unsigned name, unsigned bits)
{
	size_t i;

	if (name == 0 && bits == 8)
		return "unsigned char";
	if (name == 0 && bits == 64)
		return "uint64_t";
	if (name == 10 && bits == 64)
		return "double";
	for (i = 0; i < sizeof msgt_names / sizeof msgt_names[0]; i++)
		if (msgt_names[i].name == name)
			return msgt_names[i].c_type;
	return "unsigned char";
}

static bool
is_port_name(unsigned name)
{
	return name >= 16 && name <= 21;
}

/*
 * An In|Out type name reads "sent as | received as", whichever way the
 * item travels: the sender of a polymorphic (or MACH_MSG_TYPE_PORT_x)
 * name passes it, and the receiver of a polymorphic name is told it.
 */
bool
sema_sender_poly(const struct sema_type *t)
{
	return t->in_name == PARSE_POLYMORPHIC || t->sender_poly;
}

bool
sema_receiver_poly(const struct sema_type *t)
{
	return t->out_name == PARSE_POLYMORPHIC;
}

bool
sema_arg_poly(const struct sema_arg *a, bool user)
{
	const struct sema_type *t = a->type;

	if (a->kind != SEMA_ARG_DATA)
		return user ? sema_sender_poly(t) : sema_receiver_poly(t);
	if (user)
		return (a->in && sema_sender_poly(t)) ||
		       (a->out && sema_receiver_poly(t));
	return (a->in && sema_receiver_poly(t)) ||
	       (a->out && (t->in_name == PARSE_POLYMORPHIC ||
			   (t->sender_poly && !a->kernel_sender)));
}

unsigned
sema_port_transit(unsigned name)
{
	switch (name) {
	case 16:
		return 16;
	case 17:
	case 19:
	case 20:
		return 17;
	case 18:
	case 21:
		return 18;
	default:
		return name;
	}
}

/* Names that would make the generated C uncompilable. */
static bool
is_c_keyword(const char *name)
{
	static const char *const kw[] = {
		"auto",       "break",     "case",           "char",
		"const",      "continue",  "default",        "do",
		"double",     "else",      "enum",           "extern",
		"float",      "for",       "goto",           "if",
		"inline",     "int",       "long",           "register",
		"restrict",   "return",    "short",          "signed",
		"sizeof",     "static",    "struct",         "switch",
		"typedef",    "union",     "unsigned",       "void",
		"volatile",   "while",     "_Alignas",       "_Alignof",
		"_Atomic",    "_Bool",     "_Complex",       "_Generic",
		"_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
		"asm",        "typeof",
	};
	size_t i;

	for (i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (strcmp(name, kw[i]) == 0)
			return true;
	return false;
}

/* What the name of a rejected type declaration is bound to. */
static struct sema_type rejected_type;

/* The type named NAME, or NULL when there is none (or it was rejected). */
static struct sema_type *
lookup(struct sema *s, const char *name)
{
	struct sema_type *t = symtab_find(&s->type_names, name, strlen(name));

	return t != &rejected_type ? t : NULL;
}

/* Whether NAME was declared as a type that was rejected with an error:
 * then a use of it needs no "not defined" error of its own. */
static bool
rejected(struct sema *s, const char *name)
{
	return symtab_find(&s->type_names, name, strlen(name)) ==
	       &rejected_type;
}

/* Bind NAME to rejected_type, unless a valid type has it already. */
static void
reject_type(struct sema *s, const char *name)
{
	symtab_insert(&s->type_names, name, strlen(name), &rejected_type);
}

static void
add_type(struct sema *s, struct sema_type *t)
{
	t->next = NULL;
	if (s->last_type != NULL)
		s->last_type->next = t;
	else
		s->types = t;
	s->last_type = t;
	symtab_replace(&s->type_names, t->name, strlen(t->name), t);
}

/*
 * The predefined C types of GNU MIG: char, short, int, int64, and the
 * pointer-sized uintptr_t and intptr_t.
 */
static void
add_builtin(struct sema *s, const char *name, unsigned msgt, unsigned bits)
{
	struct sema_type *t = NEW(s, struct sema_type);

	t->name = name;
	t->kind = SEMA_SCALAR;
	t->in_name = t->out_name = msgt;
	t->size_bits = bits;
	t->number = 1;
	t->elem_ctype = name;
	t->elem_bytes = t->wire_elem_bytes = bits / 8;
	t->user_ctype = t->server_ctype = name;
	add_type(s, t);
}

/* The alignment of T's elements in a struct: their size, at most the
 * target's item alignment. */
static unsigned
type_align(const struct sema *s, const struct sema_type *t)
{
	unsigned a = t->size_bits / 8;

	if (a == 0)
		return 1;
	return a > s->target->align ? s->target->align : a;
}

/* Bytes of the C object of fixed-size type T. */
static unsigned
c_bytes(const struct sema_type *t)
{
	if (t->inlined_names)
		return t->number * t->elem_bytes;
	return (unsigned)(((unsigned long long)t->number * t->size_bits + 7) /
			  8);
}

static unsigned
type_bytes(const struct sema_type *t)
{
	return (unsigned)(((unsigned long long)t->number * t->size_bits + 7) /
			  8);
}

/*
 * spec: compute the message properties of SPEC into a fresh type.
 * Returns NULL after reporting an error.
 */
static struct sema_type *
spec_type(struct sema *s, const struct ast_spec *spec)
{
	struct sema_type *t, *e;
	unsigned long long n;

	switch (spec->kind) {
	case AST_SPEC_IPC:
		t = NEW(s, struct sema_type);
		t->loc = spec->loc;
		t->kind = SEMA_SCALAR;
		t->in_name = spec->in_name;
		t->out_name = spec->out_name;
		t->polymorphic = spec->polymorphic;
		if ((t->in_name != PARSE_POLYMORPHIC &&
		     (t->in_name & PARSE_SENDER_POLY)) ||
		    (t->out_name != PARSE_POLYMORPHIC &&
		     (t->out_name & PARSE_SENDER_POLY))) {
			t->sender_poly = true;
			if (t->in_name != PARSE_POLYMORPHIC)
				t->in_name &= ~PARSE_SENDER_POLY;
			if (t->out_name != PARSE_POLYMORPHIC)
				t->out_name &= ~PARSE_SENDER_POLY;
		}
		t->size_bits = spec->size_bits;
		/* Port names stay 32-bit integers in the kernel too. */
		if (t->size_bits == PARSE_PORT_SIZE)
			t->size_bits = t->in_name == 15 ? s->target->name_bits
							: s->port_bits;
		if (t->polymorphic && t->size_bits == 0)
			t->size_bits = s->port_bits;
		if (t->size_bits == 0 && !spec->long_form) {
			diag_error(s->diag, &spec->loc,
				   "this message type has no implied size: "
				   "write (type, size)");
			return NULL;
		}
		if (spec->long_form && spec->size_bits == 0) {
			diag_error(s->diag, &spec->loc,
				   "type size must not be 0");
			return NULL;
		}
		t->number = 1;
		t->flags = spec->flags;
		t->is_port =
			is_port_name(t->in_name) || is_port_name(t->out_name);
		t->elem_ctype = t->polymorphic
					? "mach_port_t"
					: msgt_ctype(t->in_name, t->size_bits);
		if (s->kernel && (t->is_port || t->polymorphic))
			t->elem_ctype = "ipc_port_t";
		t->elem_bytes = t->wire_elem_bytes = (t->size_bits + 7) / 8;
		/* User space holds a right as its name; inline it travels in
		 * a mach_port_name_inlined_t as wide as a kernel pointer. */
		if (!s->kernel && s->target->inlined_names &&
		    (t->is_port || t->polymorphic) &&
		    t->size_bits == s->target->port_bits) {
			t->inlined_names = true;
			t->elem_bytes = s->target->name_bits / 8;
		}
		if (t->size_bits % 8 != 0 && t->size_bits != 1) {
			diag_error(
				s->diag, &spec->loc,
				"type size %u is not a whole number of bytes",
				t->size_bits);
			return NULL;
		}
		return t;
	case AST_SPEC_NAMED:
		e = lookup(s, spec->name);
		if (e == NULL) {
			if (!rejected(s, spec->name))
				diag_error(s->diag, &spec->loc,
					   "type '%s' is not defined",
					   spec->name);
			return NULL;
		}
		t = NEW(s, struct sema_type);
		*t = *e;
		t->loc = spec->loc;
		t->next = NULL;
		/* A new name for a type keeps its C type as the element
		 * type of arrays built from it. */
		if (t->kind == SEMA_SCALAR || t->kind == SEMA_STRUCT ||
		    t->kind == SEMA_ARRAY) {
			t->elem_ctype = e->user_ctype;
			t->elem_bytes = c_bytes(e);
			t->wire_elem_bytes = type_bytes(e);
		}
		t->intran_type = t->intran_func = NULL;
		t->intranpayload_type = t->intranpayload_func = NULL;
		t->outtran_type = t->outtran_func = NULL;
		t->destructor_func = NULL;
		return t;
	case AST_SPEC_ARRAY:
	case AST_SPEC_STRUCT:
		e = spec_type(s, spec->elem);
		if (e == NULL)
			return NULL;
		if (e->varying || e->ool || e->kind == SEMA_CSTRING) {
			diag_error(s->diag, &spec->elem->loc,
				   "an array element must be fixed-size and "
				   "inline");
			return NULL;
		}
		t = NEW(s, struct sema_type);
		*t = *e;
		t->loc = spec->loc;
		t->next = NULL;
		t->flags = 0;
		if (e->name != NULL) {
			t->elem_ctype = e->user_ctype;
			t->elem_bytes = c_bytes(e);
			t->wire_elem_bytes = type_bytes(e);
		} else {
			t->elem_ctype = e->elem_ctype;
			t->elem_bytes = e->elem_bytes;
			t->wire_elem_bytes = e->wire_elem_bytes;
		}
		t->name = NULL;
		t->intran_type = t->intran_func = NULL;
		t->outtran_type = t->outtran_func = NULL;
		t->destructor_func = NULL;
		t->intranpayload_type = t->intranpayload_func = NULL;
		t->polymorphic = e->polymorphic;
		if (spec->kind == AST_SPEC_STRUCT)
			t->kind = SEMA_STRUCT;
		else if (spec->bound == AST_BOUND_FIXED)
			t->kind = SEMA_ARRAY;
		else
			t->kind = SEMA_VARRAY;
		t->varying = t->kind == SEMA_VARRAY;
		t->unbounded = spec->bound == AST_BOUND_UNBOUNDED;
		if (t->polymorphic && t->varying) {
			/* allowed: the name travels in the descriptor */
		}
		n = t->unbounded ? 0
				 : (unsigned long long)spec->count * e->number;
		if (!t->unbounded && spec->count == 0) {
			diag_error(s->diag, &spec->loc,
				   "array size must not be 0");
			return NULL;
		}
		if (n > 0x0fffffff || n * e->size_bits / 8 > 0x0fffffff) {
			diag_error(s->diag, &spec->loc, "array is too large");
			return NULL;
		}
		t->number = (unsigned)n;
		return t;
	case AST_SPEC_POINTER:
		e = spec_type(s, spec->elem);
		if (e == NULL)
			return NULL;
		if (e->ool) {
			diag_error(s->diag, &spec->loc, "'^' applied twice");
			return NULL;
		}
		e->ool = true;
		e->loc = spec->loc;
		return e;
	case AST_SPEC_FIELDS: {
		/* Laid out as C lays out the struct; sent as elements of its
		 * alignment (GNU MIG's rule). */
		const struct ast_field *f;
		unsigned long long total = 0;
		unsigned align = 1;
		for (f = spec->fields; f != NULL; f = f->next) {
			unsigned a;
			e = lookup(s, f->type_name);
			if (e == NULL) {
				if (!rejected(s, f->type_name))
					diag_error(s->diag, &f->loc,
						   "type '%s' of field '%s' is "
						   "not defined",
						   f->type_name, f->name);
				return NULL;
			}
			if (e->varying || e->ool || e->unbounded) {
				diag_error(s->diag, &f->loc,
					   "field '%s' must have a fixed-size "
					   "inline type",
					   f->name);
				return NULL;
			}
			a = type_align(s, e);
			total = (total + a - 1) / a * a + type_bytes(e);
			if (a > align)
				align = a;
		}
		total = (total + align - 1) / align * align;
		if (total == 0 || total > 0x0fffffff) {
			diag_error(s->diag, &spec->loc,
				   "struct size is invalid");
			return NULL;
		}
		t = NEW(s, struct sema_type);
		t->loc = spec->loc;
		t->kind = SEMA_STRUCT;
		t->in_name = t->out_name = align == 8   ? 11
					   : align == 4 ? 2
					   : align == 2 ? 1
							: 9;
		t->size_bits = align * 8;
		t->number = (unsigned)(total / align);
		t->elem_ctype = align == 8   ? "int64_t"
				: align == 4 ? "int"
				: align == 2 ? "short"
					     : "unsigned char";
		t->elem_bytes = t->wire_elem_bytes = align;
		return t;
	}
	case AST_SPEC_CSTRING:
		t = NEW(s, struct sema_type);
		t->loc = spec->loc;
		t->kind = SEMA_CSTRING;
		t->in_name = t->out_name = 12;
		t->size_bits = 8;
		t->number = spec->count;
		t->varying = spec->bound == AST_BOUND_MAX;
		t->elem_ctype = "char";
		t->elem_bytes = t->wire_elem_bytes = 1;
		if (spec->count == 0 || spec->count > 0x0fffffff) {
			diag_error(s->diag, &spec->loc,
				   "c_string size must be between 1 and %u",
				   0x0fffffff);
			return NULL;
		}
		return t;
	}
	return NULL;
}

/* Decide the long form and check the explicit choice against it. */
static bool
finish_type(struct sema *s, struct sema_type *t)
{
	bool needed = t->unbounded || t->number > 4095 || t->size_bits > 255 ||
		      (t->in_name > 255 && t->in_name != PARSE_POLYMORPHIC) ||
		      (t->out_name > 255 && t->out_name != PARSE_POLYMORPHIC);
	if ((t->flags & AST_FLAG_IS_NOT_LONG) && needed) {
		diag_error(s->diag, &t->loc,
			   "IsNotLong given but this type needs the long form");
		return false;
	}
	if ((t->flags & AST_FLAG_IS_LONG) &&
	    (t->flags & AST_FLAG_IS_NOT_LONG)) {
		diag_error(s->diag, &t->loc, "IsLong and IsNotLong together");
		return false;
	}
	t->long_form = needed || (t->flags & AST_FLAG_IS_LONG) != 0;
	/* (MACH_MSG_TYPE_STRING, N): one element, but a C char array */
	if (t->kind == SEMA_SCALAR && t->in_name == 12 && !t->ool) {
		t->kind = SEMA_ARRAY;
		t->elem_ctype = "char";
		t->elem_bytes = t->wire_elem_bytes = 1;
	}
	/* array[] goes inline up to inline_max bytes, as GNU MIG sends it */
	if (t->kind == SEMA_VARRAY && t->unbounded && !t->ool)
		t->number = s->target->inline_max /
			    (t->wire_elem_bytes != 0 ? t->wire_elem_bytes : 1) *
			    (t->wire_elem_bytes != 0
				     ? t->wire_elem_bytes * 8 / t->size_bits
				     : 1);
	return true;
}

/* type NAME = spec transforms */
static struct sema_type *
declare_type(struct sema *s, const struct ast_type *at, bool add)
{
	struct sema_type *t, *old;

	t = spec_type(s, at->spec);
	if (t == NULL)
		return NULL;
	t->name = at->name;
	t->loc = at->loc;
	if (!finish_type(s, t))
		return NULL;
	t->user_ctype = at->cusertype != NULL ? at->cusertype
			: at->ctype != NULL   ? at->ctype
					      : at->name;
	t->server_ctype = at->cservertype != NULL ? at->cservertype
			  : at->ctype != NULL     ? at->ctype
						  : at->name;
	/* The kernel's side of a kernel interface holds port pointers. */
	if ((t->is_port || t->polymorphic) && t->kind == SEMA_SCALAR) {
		if (s->iface->kernel_user &&
		    strcmp(t->user_ctype, "mach_port_t") == 0)
			t->user_ctype = "ipc_port_t";
		if (s->iface->kernel_server &&
		    strcmp(t->server_ctype, "mach_port_t") == 0)
			t->server_ctype = "ipc_port_t";
	}
	t->intran_type = at->intran_type;
	t->intran_func = at->intran_func;
	t->intranpayload_type = at->intranpayload_type;
	t->intranpayload_func = at->intranpayload_func;
	t->outtran_type = at->outtran_type;
	t->outtran_func = at->outtran_func;
	t->destructor_func = at->destructor_func;
	if (t->intran_type != NULL && t->outtran_type != NULL &&
	    strcmp(t->intran_type, t->outtran_type) != 0) {
		diag_error(s->diag, &at->loc,
			   "intran and outtran of '%s' translate to different "
			   "types",
			   at->name);
		return NULL;
	}
	if (t->kind == SEMA_SCALAR && !t->ool && t->elem_ctype != NULL &&
	    t->polymorphic)
		t->elem_ctype = t->user_ctype;
	if (!add)
		return t;
	old = lookup(s, at->name);
	if (old != NULL) {
		diag_error(s->diag, &at->loc, "type '%s' is already defined",
			   at->name);
		if (old->loc.file != NULL)
			diag_note(s->diag, &old->loc, "'%s' was defined here",
				  at->name);
		return NULL;
	}
	add_type(s, t);
	return t;
}

/* The C names the emitters derive from an argument. */
static const char *const implicit_suffixes[] = { "Cnt", "Poly", "Dealloc",
						 "SCopy" };

/*
 * The argument of R that NAME would be an implicit argument of
 * (NAME = its name + one of implicit_suffixes), or NULL.  ARGS maps
 * R's argument names to the first argument of each name.
 */
static const struct sema_arg *
implicit_owner(const struct symtab *args, const char *name)
{
	size_t len = strlen(name), k;

	for (k = 0; k < sizeof implicit_suffixes / sizeof implicit_suffixes[0];
	     k++) {
		size_t n = strlen(implicit_suffixes[k]);
		if (len > n &&
		    strcmp(name + len - n, implicit_suffixes[k]) == 0) {
			const struct sema_arg *a =
				symtab_find(args, name, len - n);
			if (a != NULL)
				return a;
		}
	}
	return NULL;
}

static bool
check_arg_names(struct sema *s, struct sema_routine *r)
{
	struct symtab args;
	unsigned i;
	bool ok = true;

	symtab_init(&args);
	for (i = 0; i < r->nargs; i++)
		symtab_insert(&args, r->args[i].name, strlen(r->args[i].name),
			      &r->args[i]);
	for (i = 0; i < r->nargs; i++) {
		const struct sema_arg *a = &r->args[i], *owner;
		if (is_c_keyword(a->name)) {
			diag_error(s->diag, &a->loc,
				   "argument name '%s' is a C keyword",
				   a->name);
			ok = false;
			continue;
		}
		if (symtab_find(&args, a->name, strlen(a->name)) != a) {
			diag_error(s->diag, &a->loc,
				   "argument '%s' is declared twice in '%s'",
				   a->name, r->name);
			ok = false;
			continue;
		}
		owner = implicit_owner(&args, a->name);
		if (owner != NULL && ok) {
			diag_error(s->diag, &a->loc,
				   "argument '%s' clashes with an implicit "
				   "argument of '%s'",
				   a->name, owner->name);
			ok = false;
		}
		if (strcmp(a->name, "RetCode") == 0 ||
		    strcmp(a->name, "InP") == 0 ||
		    strcmp(a->name, "OutP") == 0 ||
		    strncmp(a->name, "mig_", 4) == 0) {
			diag_error(s->diag, &a->loc,
				   "argument name '%s' is reserved for the "
				   "generated code",
				   a->name);
			ok = false;
		}
	}
	symtab_free(&args);
	return ok;
}

static bool
check_arg(struct sema *s, struct sema_routine *r, struct sema_arg *a,
	  const struct ast_arg *aa, bool first)
{
	struct sema_type *t = a->type;
	enum ast_dir dir = aa->dir;

	if (dir == AST_DIR_NONE)
		dir = first ? AST_DIR_REQUESTPORT : AST_DIR_IN;
	a->flags = aa->flags;
	a->kernel_sender = s->iface->kernel_server;
	switch (dir) {
	case AST_DIR_REQUESTPORT:
		a->kind = SEMA_ARG_REQUEST_PORT;
		a->in = true;
		if (r->request_port != NULL) {
			diag_error(s->diag, &a->loc,
				   "'%s' has two request ports", r->name);
			return false;
		}
		r->request_port = a;
		break;
	case AST_DIR_REPLYPORT:
	case AST_DIR_SREPLYPORT:
	case AST_DIR_UREPLYPORT:
		a->kind = dir == AST_DIR_REPLYPORT    ? SEMA_ARG_REPLY_PORT
			  : dir == AST_DIR_SREPLYPORT ? SEMA_ARG_SREPLY_PORT
						      : SEMA_ARG_UREPLY_PORT;
		if (r->reply_port != NULL) {
			diag_error(s->diag, &a->loc, "'%s' has two reply ports",
				   r->name);
			return false;
		}
		r->reply_port = a;
		break;
	case AST_DIR_WAITTIME:
		a->kind = SEMA_ARG_WAITTIME;
		if (r->waittime != NULL) {
			diag_error(s->diag, &a->loc,
				   "'%s' has two waittime arguments", r->name);
			return false;
		}
		r->waittime = a;
		break;
	case AST_DIR_MSGOPTION:
		a->kind = SEMA_ARG_MSGOPTION;
		if (r->msgoption != NULL) {
			diag_error(s->diag, &a->loc,
				   "'%s' has two msgoption arguments", r->name);
			return false;
		}
		r->msgoption = a;
		break;
	case AST_DIR_MSGSEQNO:
		a->kind = SEMA_ARG_MSGSEQNO;
		if (r->msgseqno != NULL) {
			diag_error(s->diag, &a->loc,
				   "'%s' has two msgseqno arguments", r->name);
			return false;
		}
		r->msgseqno = a;
		break;
	case AST_DIR_IN:
	case AST_DIR_OUT:
	case AST_DIR_INOUT:
	case AST_DIR_NONE:
		a->kind = SEMA_ARG_DATA;
		a->in = dir != AST_DIR_OUT;
		a->out = dir != AST_DIR_IN;
		break;
	}
	if (a->kind == SEMA_ARG_REQUEST_PORT ||
	    a->kind == SEMA_ARG_REPLY_PORT || a->kind == SEMA_ARG_SREPLY_PORT ||
	    a->kind == SEMA_ARG_UREPLY_PORT) {
		if (t->kind != SEMA_SCALAR || t->ool ||
		    (!t->is_port && !t->polymorphic)) {
			diag_error(s->diag, &a->loc,
				   "%s argument '%s' must have a port type",
				   ast_dir_name(dir), a->name);
			return false;
		}
		/* sreplyport in a simpleroutine: the Hurd's RPT idiom (the
		 * server may answer later through the port). */
		(void)0;
	}
	if (a->kind == SEMA_ARG_WAITTIME || a->kind == SEMA_ARG_MSGOPTION ||
	    a->kind == SEMA_ARG_MSGSEQNO) {
		if (t->kind != SEMA_SCALAR || t->ool || t->is_port) {
			diag_error(s->diag, &a->loc,
				   "%s argument '%s' must have an integer type",
				   ast_dir_name(dir), a->name);
			return false;
		}
	}
	if (a->kind == SEMA_ARG_DATA) {
		if (a->out && r->simple) {
			diag_error(s->diag, &a->loc,
				   "a simpleroutine has no reply: '%s' cannot "
				   "be %s",
				   a->name, ast_dir_name(dir));
			return false;
		}
		if (a->in && a->out && t->varying && !t->ool) {
			diag_error(s->diag, &a->loc,
				   "inline variable-sized argument '%s' cannot "
				   "be inout",
				   a->name);
			return false;
		}
		if (t->polymorphic && t->in_name != t->out_name && a->in &&
		    a->out) {
			diag_error(s->diag, &a->loc,
				   "polymorphic In|Out type of '%s' cannot be "
				   "inout",
				   a->name);
			return false;
		}
	}
	if (a->flags & AST_FLAG_RET_CODE)
		diag_warning(s->diag, &a->loc,
			     "RetCode is obsolete and ignored");
	if ((a->flags & (AST_FLAG_DEALLOC | AST_FLAG_NOT_DEALLOC |
			 AST_FLAG_DEALLOC_VAR | AST_FLAG_SERVER_COPY)) ||
	    (t->flags & (AST_FLAG_DEALLOC | AST_FLAG_NOT_DEALLOC |
			 AST_FLAG_DEALLOC_VAR | AST_FLAG_SERVER_COPY))) {
		unsigned f = a->flags | t->flags;
		/* Ports too: Mach 2.5 kernels deallocated port names so,
		 * and GNU Mach's KernelUser .defs still say it. */
		if (a->kind != SEMA_ARG_DATA ||
		    !(t->ool || t->unbounded ||
		      ((t->is_port || t->polymorphic) &&
		       !(f & AST_FLAG_SERVER_COPY)))) {
			diag_error(s->diag, &a->loc,
				   "Dealloc and ServerCopy apply only to "
				   "out-of-line data ('%s')",
				   a->name);
			return false;
		}
		if ((f & AST_FLAG_DEALLOC) && (f & AST_FLAG_NOT_DEALLOC)) {
			diag_error(s->diag, &a->loc,
				   "Dealloc and NotDealloc together on '%s'",
				   a->name);
			return false;
		}
		a->dealloc = (f & AST_FLAG_DEALLOC) != 0;
		a->dealloc_var = (f & AST_FLAG_DEALLOC_VAR) != 0;
		a->server_copy = (f & AST_FLAG_SERVER_COPY) != 0;
		if (a->server_copy && !a->in) {
			diag_error(s->diag, &a->loc,
				   "ServerCopy applies only to data the server "
				   "receives ('%s')",
				   a->name);
			return false;
		}
	}
	if ((a->flags | t->flags) & (AST_FLAG_IS_LONG | AST_FLAG_IS_NOT_LONG)) {
		if (a->flags & AST_FLAG_IS_LONG) {
			struct sema_type *c = NEW(s, struct sema_type);
			*c = *t;
			c->long_form = true;
			a->type = t = c;
		} else if (a->flags & AST_FLAG_IS_NOT_LONG) {
			bool needed = t->unbounded || t->number > 4095 ||
				      t->size_bits > 255;
			if (needed) {
				diag_error(s->diag, &a->loc,
					   "'%s' needs the long form: "
					   "IsNotLong is impossible",
					   a->name);
				return false;
			}
			struct sema_type *c = NEW(s, struct sema_type);
			*c = *t;
			c->long_form = false;
			a->type = t = c;
		}
	}
	if (a->flags & AST_FLAG_COUNT_IN_OUT) {
		if (!t->varying || !a->out) {
			diag_error(s->diag, &a->loc,
				   "CountInOut applies only to variable-sized "
				   "out arrays ('%s')",
				   a->name);
			return false;
		}
		a->count_in_out = true;
	}
	return true;
}

/* Append R (NULL for a skipped msgh_id) to the routine table. */
static void
add_routine(struct sema *s, struct sema_routine *r)
{
	struct sema_interface *iface = s->iface;

	if (iface->nroutines >= s->routine_cap) {
		unsigned cap = s->routine_cap ? s->routine_cap * 2 : 16;
		struct sema_routine **nr = ast_alloc(s->ast, cap * sizeof *nr);
		if (iface->nroutines != 0)
			memcpy(nr, iface->routines,
			       iface->nroutines * sizeof *nr);
		iface->routines = nr;
		s->routine_cap = cap;
	}
	iface->routines[iface->nroutines++] = r;
}

/*
 * routine: check one routine or simpleroutine and give it the next
 * msgh_id (base + *NEXT_NUMBER), even when it has errors, so that later
 * routines keep their numbers.
 */
static void
routine(struct sema *s, const struct ast_stmt *st, unsigned *next_number)
{
	struct sema_interface *iface = s->iface;
	struct sema_routine *r, *prev;
	const struct ast_arg *aa;
	unsigned i, n = 0;
	unsigned long long id;
	bool ok = true;

	if (is_c_keyword(st->name)) {
		diag_error(s->diag, &st->loc,
			   "routine name '%s' is a C keyword", st->name);
		ok = false;
	} else if (lookup(s, st->name) != NULL) {
		/* a function and a typedef of one name do not compile */
		diag_error(s->diag, &st->loc,
			   "routine '%s' has the name of a type", st->name);
		ok = false;
	} else if (iface->name != NULL &&
		   strlen(st->name) == strlen(iface->name) + 7 &&
		   strncmp(st->name, iface->name, strlen(iface->name)) == 0 &&
		   strcmp(st->name + strlen(iface->name), "_server") == 0) {
		diag_error(s->diag, &st->loc,
			   "routine '%s' has the name of the demux function",
			   st->name);
		ok = false;
	}
	prev = symtab_find(&s->routine_names, st->name, strlen(st->name));
	if (prev != NULL) {
		diag_error(s->diag, &st->loc, "routine '%s' is already defined",
			   st->name);
		diag_note(s->diag, &prev->loc, "'%s' was defined here",
			  st->name);
		ok = false;
	}
	id = (unsigned long long)iface->base + *next_number;
	if (id + 100 > INT32_MAX) {
		diag_error(s->diag, &st->loc,
			   "msgh_id of '%s' (%llu + 100 for its reply) does "
			   "not fit in mach_msg_id_t",
			   st->name, id);
		ok = false;
	}
	for (aa = st->args; aa != NULL; aa = aa->next)
		n++;
	r = NEW(s, struct sema_routine);
	r->name = st->name;
	r->loc = st->loc;
	r->simple = st->kind == AST_SIMPLEROUTINE;
	r->id = (unsigned)id;
	r->reply_id = (unsigned)id + 100;
	r->server_prefix =
		iface->server_prefix != NULL ? iface->server_prefix : "";
	r->user_prefix = iface->user_prefix != NULL ? iface->user_prefix : "";
	r->stmt_waittime = iface->waittime;
	r->stmt_msgoption = iface->msgoption;
	r->args = ast_alloc(s->ast, (n + 1) * sizeof *r->args);
	for (aa = st->args, i = 0; aa != NULL; aa = aa->next, i++) {
		struct sema_arg *a = &r->args[i];
		a->name = aa->name;
		a->loc = aa->loc;
		if (aa->inline_type != NULL)
			a->type = declare_type(s, aa->inline_type, false);
		else {
			struct sema_type *t = lookup(s, aa->type_name);
			if (t == NULL && !rejected(s, aa->type_name))
				diag_error(s->diag, &aa->loc,
					   "type '%s' of argument '%s' is not "
					   "defined",
					   aa->type_name, aa->name);
			a->type = t;
		}
		r->nargs = i + 1;
		if (a->type == NULL || !check_arg(s, r, a, aa, i == 0))
			ok = false;
	}
	if (ok && r->request_port == NULL) {
		diag_error(s->diag, &st->loc, "'%s' has no request port",
			   st->name);
		ok = false;
	}
	if (ok && !check_arg_names(s, r))
		ok = false;
	if (ok)
		symtab_insert(&s->routine_names, r->name, strlen(r->name), r);
	add_routine(s, ok ? r : NULL);
	(*next_number)++;
}

int
sema_check(struct ast *ast, struct diag *d, const struct target *target,
	   struct sema_interface *iface)
{
	struct sema s;
	const struct ast_stmt *st;
	unsigned before = d->errors, next_number = 0, nimports = 0;

	memset(&s, 0, sizeof s);
	memset(iface, 0, sizeof *iface);
	s.ast = ast;
	s.diag = d;
	s.target = target;
	s.iface = iface;
	s.port_bits = target->port_bits;
	add_builtin(&s, "char", 8, 8);
	add_builtin(&s, "short", 1, 16);
	add_builtin(&s, "int", 2, 32);
	add_builtin(&s, "int64", 11, 64);
	add_builtin(&s, "uintptr_t", target->pointer_size == 8 ? 11 : 2,
		    target->pointer_size * 8);
	add_builtin(&s, "intptr_t", target->pointer_size == 8 ? 11 : 2,
		    target->pointer_size * 8);

	for (st = ast->first; st != NULL; st = st->next)
		if (st->kind == AST_IMPORT || st->kind == AST_UIMPORT ||
		    st->kind == AST_SIMPORT)
			nimports++;
	iface->imports =
		ast_alloc(ast, (nimports + 1) * sizeof *iface->imports);

	for (st = ast->first; st != NULL; st = st->next) {
		if (!s.have_subsystem && st->kind != AST_SUBSYSTEM &&
		    (st->kind == AST_TYPE || st->kind == AST_ROUTINE ||
		     st->kind == AST_SIMPLEROUTINE || st->kind == AST_SKIP)) {
			diag_error(d, &st->loc,
				   "the subsystem statement must come before "
				   "any %s",
				   st->kind == AST_TYPE ? "type" : "routine");
			s.have_subsystem = true; /* report once */
			iface->name = "unknown";
		}
		switch (st->kind) {
		case AST_SUBSYSTEM:
			if (iface->name != NULL && s.have_subsystem &&
			    strcmp(iface->name, "unknown") != 0) {
				diag_error(d, &st->loc,
					   "subsystem given twice");
				break;
			}
			s.have_subsystem = true;
			iface->name = st->name;
			if (is_c_keyword(st->name))
				diag_error(d, &st->loc,
					   "subsystem name '%s' is a C keyword",
					   st->name);
			iface->base = (unsigned)st->number;
			iface->kernel_user = st->kernel_user;
			iface->kernel_server = st->kernel_server;
			s.kernel = st->kernel_user || st->kernel_server;
			if (s.kernel)
				s.port_bits = target->pointer_size * 8;
			if (st->number > INT32_MAX - 100)
				diag_error(d, &st->loc,
					   "subsystem base %lu is too large "
					   "for a msgh_id",
					   st->number);
			break;
		case AST_ROUTINE:
		case AST_SIMPLEROUTINE:
			routine(&s, st, &next_number);
			break;
		case AST_SKIP:
			if (st->number > 0x10000 ||
			    (unsigned long long)next_number + st->number >
				    0x10000) {
				diag_error(d, &st->loc,
					   "skip count is too large");
				break;
			}
			for (unsigned long i = 0; i < st->number; i++) {
				add_routine(&s, NULL);
				next_number++;
			}
			break;
		case AST_TYPE:
			if (declare_type(&s, st->type, true) == NULL)
				reject_type(&s, st->type->name);
			break;
		case AST_IMPORT:
		case AST_UIMPORT:
		case AST_SIMPORT:
			iface->imports[iface->nimports].kind =
				st->kind == AST_IMPORT    ? SEMA_IMPORT_BOTH
				: st->kind == AST_UIMPORT ? SEMA_IMPORT_USER
							  : SEMA_IMPORT_SERVER;
			iface->imports[iface->nimports++].text = st->text;
			break;
		case AST_SERVERPREFIX:
			iface->server_prefix = st->name;
			break;
		case AST_USERPREFIX:
			iface->user_prefix = st->name;
			break;
		case AST_SERVERDEMUX:
			iface->server_demux = st->name;
			break;
		case AST_RCSID:
			iface->rcsid = st->text;
			break;
		case AST_WAITTIME:
			iface->waittime = st->text;
			break;
		case AST_NOWAITTIME:
			iface->waittime = NULL;
			break;
		case AST_MSGOPTION:
			iface->msgoption = st->text;
			break;
		}
	}
	if (!s.have_subsystem)
		diag_error(d, ast->first != NULL ? &ast->first->loc : &ast->end,
			   "no subsystem statement");
	if (iface->server_prefix == NULL)
		iface->server_prefix = "";
	if (iface->user_prefix == NULL)
		iface->user_prefix = "";
	iface->types = s.types;
	symtab_free(&s.type_names);
	symtab_free(&s.routine_names);
	return d->errors == before ? 0 : -1;
}
