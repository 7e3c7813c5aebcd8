/*
 * parser.y: the GNU MIG grammar, building the tree of ast.h.
 *
 * The parser only records what was written.  Checks that need the whole
 * file (undefined types, duplicate names, argument kinds) are sema's.
 * Integer expressions are folded here, with overflow and division by
 * zero reported at the operator.
 *
 * The parser's stack stays small whatever the input: every list is
 * left-recursive, and parentheses and nested types (^, array of, struct
 * of) together may nest PARSE_MAX_NESTING levels deep.
 */
%define api.pure full
%define api.prefix {mig_yy}
%define parse.error custom
%define parse.lac full
%locations
%define api.location.type {struct diag_loc}
%param {yyscan_t scanner}
%parse-param {struct parse_ctx *ctx}

%code requires {
#include "ast.h"
#include "diag.h"
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
struct parse_ctx {
	struct ast *ast;
	struct diag *diag;
	unsigned depth; /* of parentheses and types, in this statement */
};
/* A location is where its first token starts. */
#define YYLLOC_DEFAULT(cur, rhs, n)                                     \
	do {                                                            \
		if (n)                                                  \
			(cur) = YYRHSLOC(rhs, 1);                       \
		else                                                    \
			(cur) = YYRHSLOC(rhs, 0);                       \
	} while (0)
}

%code {
#include <stdint.h>
#include <string.h>

#include "lexer.h"
#include "parse.h"

int mig_yylex(MIG_YYSTYPE *lval, struct diag_loc *lloc, yyscan_t scanner);
static void mig_yyerror(struct diag_loc *loc, yyscan_t scanner,
    struct parse_ctx *ctx, const char *msg);

#define NEW(T) ((T *)ast_alloc(ctx->ast, sizeof(T)))

static struct ast_stmt *stmt(struct parse_ctx *ctx, enum ast_stmt_kind k,
    struct diag_loc loc);
static struct ast_spec *spec(struct parse_ctx *ctx, enum ast_spec_kind k,
    struct diag_loc loc);
static unsigned long arith(struct parse_ctx *ctx, struct diag_loc loc,
    int op, unsigned long a, unsigned long b);
static void set_trans(struct parse_ctx *ctx, struct diag_loc loc,
    const char **slot, const char *what, const char *value);
static bool enter_level(struct parse_ctx *ctx, const struct diag_loc *loc,
    const char *what);
}

%union {
	unsigned long number;
	struct { unsigned long value; const char *text; } num;
	struct { unsigned value, size; } sym;
	unsigned flag;
	const char *str;
	struct ast_spec *spec;
	struct ast_type *type;
	struct ast_arg *arg;
	struct { struct ast_arg *first, *last; } args;
	struct ast_field *field;
	struct { struct ast_field *first, *last; } fields;
	struct ast_stmt *stmt;
	enum ast_dir dir;
	struct { unsigned in, out, size; bool poly; } ipc;
	struct { bool ku, ks; } mods;
}

%token <str> IDENT "identifier" STRING "string" FILENAME "file name"
%token <num> NUMBER "number"
%token <sym> SYMTYPE "message type name"
%token <flag> FLAG "IPC flag"
%token ROUTINE "routine" SIMPLEROUTINE "simpleroutine"
%token SUBSYSTEM "subsystem" KERNELUSER "KernelUser"
%token KERNELSERVER "KernelServer" SKIP "skip" TYPE "type"
%token IMPORT "import" UIMPORT "uimport" SIMPORT "simport"
%token SERVERPREFIX "serverprefix" USERPREFIX "userprefix"
%token SERVERDEMUX "serverdemux" RCSID "rcsid"
%token WAITTIME "waittime" NOWAITTIME "nowaittime"
%token MSGOPTION "msgoption" MSGSEQNO "msgseqno"
%token IN "in" OUT "out" INOUT "inout" REQUESTPORT "requestport"
%token REPLYPORT "replyport" SREPLYPORT "sreplyport"
%token UREPLYPORT "ureplyport"
%token ARRAY "array" OF "of" STRUCT "struct" CSTRING "c_string"
%token INTRAN "intran" INTRANPAYLOAD "intranpayload" OUTTRAN "outtran"
%token DESTRUCTOR "destructor" CTYPE "ctype" CUSERTYPE "cusertype"
%token CSERVERTYPE "cservertype"
%token ERROR_TOKEN "invalid token"

%type <stmt> statement subsystem routine import
%type <mods> subsystem_mods
%type <type> named_type trans_type
%type <spec> type_spec nested_type basic_type
%type <ipc> ipc_type
%type <sym> prim_ipc_type
%type <flag> ipc_flags ipc_flag
%type <number> int_exp
%type <arg> arguments argument
%type <args> argument_list
%type <dir> direction
%type <str> word
%type <field> struct_field
%type <fields> struct_fields

%left '+' '-'
%left '*' '/'

%destructor { (void)$$; } <*>

%%

/* file: statement* */
file
	: %empty
	| file statement
		{
			if ($2 != NULL)
				ast_append(ctx->ast, $2);
			/* error recovery may have skipped the closing rules */
			ctx->depth = 0;
		}
	;

/* statement: one declaration ended by ';' */
statement
	: subsystem ';'		{ $$ = $1; }
	| routine ';'		{ $$ = $1; }
	| TYPE named_type ';'
		{ $$ = stmt(ctx, AST_TYPE, @1); $$->type = $2; }
	| import ';'		{ $$ = $1; }
	| SKIP ';'
		{ $$ = stmt(ctx, AST_SKIP, @1); $$->number = 1; }
	| SKIP int_exp ';'
		{ $$ = stmt(ctx, AST_SKIP, @1); $$->number = $2; }
	| SERVERPREFIX IDENT ';'
		{ $$ = stmt(ctx, AST_SERVERPREFIX, @1); $$->name = $2; }
	| USERPREFIX IDENT ';'
		{ $$ = stmt(ctx, AST_USERPREFIX, @1); $$->name = $2; }
	| SERVERDEMUX IDENT ';'
		{ $$ = stmt(ctx, AST_SERVERDEMUX, @1); $$->name = $2; }
	| RCSID STRING ';'
		{ $$ = stmt(ctx, AST_RCSID, @1); $$->text = $2; }
	| WAITTIME word ';'
		{ $$ = stmt(ctx, AST_WAITTIME, @1); $$->text = $2; }
	| NOWAITTIME ';'
		{ $$ = stmt(ctx, AST_NOWAITTIME, @1); }
	| MSGOPTION word ';'
		{ $$ = stmt(ctx, AST_MSGOPTION, @1); $$->text = $2; }
	| ';'			{ $$ = NULL; }
	| error ';'		{ $$ = NULL; yyerrok; }
	;

/* word: IDENT | NUMBER | STRING  (waittime and msgoption values) */
word
	: IDENT		{ $$ = $1; }
	| NUMBER	{ $$ = $1.text; }
	| STRING	{ $$ = $1; }
	;

/* subsystem: "subsystem" (KernelUser|KernelServer)* IDENT int_exp */
subsystem
	: SUBSYSTEM subsystem_mods IDENT int_exp
		{
			$$ = stmt(ctx, AST_SUBSYSTEM, @1);
			$$->kernel_user = $2.ku;
			$$->kernel_server = $2.ks;
			$$->name = $3;
			$$->number = $4;
		}
	;

subsystem_mods
	: %empty		{ $$.ku = $$.ks = false; }
	| subsystem_mods KERNELUSER
		{
			if ($1.ku)
				diag_error(ctx->diag, &@2, "KernelUser given twice");
			$$ = $1; $$.ku = true;
		}
	| subsystem_mods KERNELSERVER
		{
			if ($1.ks)
				diag_error(ctx->diag, &@2, "KernelServer given twice");
			$$ = $1; $$.ks = true;
		}
	;

/* import: ("import" | "uimport" | "simport") FILENAME */
import
	: IMPORT FILENAME
		{ $$ = stmt(ctx, AST_IMPORT, @1); $$->text = $2; }
	| UIMPORT FILENAME
		{ $$ = stmt(ctx, AST_UIMPORT, @1); $$->text = $2; }
	| SIMPORT FILENAME
		{ $$ = stmt(ctx, AST_SIMPORT, @1); $$->text = $2; }
	;

/* named_type: IDENT '=' trans_type */
named_type
	: IDENT '=' trans_type
		{ $$ = $3; $$->name = $1; $$->loc = @1; }
	;

/* trans_type: type_spec (intran | intranpayload | outtran | destructor
 *                        | ctype | cusertype | cservertype)* */
trans_type
	: type_spec
		{ $$ = NEW(struct ast_type); $$->spec = $1; }
	| trans_type INTRAN ':' IDENT IDENT '(' IDENT ')'
		{
			$$ = $1;
			set_trans(ctx, @2, &$$->intran_type, "intran", $4);
			$$->intran_func = $5;
			(void)$7;
		}
	| trans_type INTRANPAYLOAD ':' IDENT IDENT
		{
			$$ = $1;
			set_trans(ctx, @2, &$$->intranpayload_type,
			    "intranpayload", $4);
			$$->intranpayload_func = $5;
		}
	| trans_type OUTTRAN ':' IDENT IDENT '(' IDENT ')'
		{
			$$ = $1;
			/* outtran: MSGTYPE FUNC(INTERNALTYPE) */
			set_trans(ctx, @2, &$$->outtran_type, "outtran", $7);
			$$->outtran_func = $5;
			(void)$4;
		}
	| trans_type DESTRUCTOR ':' IDENT '(' IDENT ')'
		{
			$$ = $1;
			set_trans(ctx, @2, &$$->destructor_func, "destructor",
			    $4);
			(void)$6;
		}
	| trans_type CTYPE ':' IDENT
		{ $$ = $1; set_trans(ctx, @2, &$$->ctype, "ctype", $4); }
	| trans_type CUSERTYPE ':' IDENT
		{
			$$ = $1;
			set_trans(ctx, @2, &$$->cusertype, "cusertype", $4);
		}
	| trans_type CSERVERTYPE ':' IDENT
		{
			$$ = $1;
			set_trans(ctx, @2, &$$->cservertype, "cservertype", $4);
		}
	;

/* type_spec: basic_type | IDENT | array_head type_spec | '^' type_spec
 *          | "struct" '[' int_exp ']' "of" type_spec
 *          | "struct" '{' struct_fields '}' | c_string
 * (the inner type_spec of the recursive forms is a nested_type) */
type_spec
	: basic_type		{ $$ = $1; }
	| IDENT
		{ $$ = spec(ctx, AST_SPEC_NAMED, @1); $$->name = $1; }
	| ARRAY '[' ']' OF nested_type
		{
			$$ = spec(ctx, AST_SPEC_ARRAY, @1);
			$$->bound = AST_BOUND_UNBOUNDED;
			$$->elem = $5;
		}
	| ARRAY '[' '*' ']' OF nested_type
		{
			$$ = spec(ctx, AST_SPEC_ARRAY, @1);
			$$->bound = AST_BOUND_UNBOUNDED;
			$$->elem = $6;
		}
	| ARRAY '[' '*' ':' int_exp ']' OF nested_type
		{
			$$ = spec(ctx, AST_SPEC_ARRAY, @1);
			$$->bound = AST_BOUND_MAX;
			$$->count = (unsigned)$5;
			$$->elem = $8;
		}
	| ARRAY '[' int_exp ']' OF nested_type
		{
			$$ = spec(ctx, AST_SPEC_ARRAY, @1);
			$$->bound = AST_BOUND_FIXED;
			$$->count = (unsigned)$3;
			$$->elem = $6;
		}
	| '^' nested_type
		{ $$ = spec(ctx, AST_SPEC_POINTER, @1); $$->elem = $2; }
	| STRUCT '[' int_exp ']' OF nested_type
		{
			$$ = spec(ctx, AST_SPEC_STRUCT, @1);
			$$->bound = AST_BOUND_FIXED;
			$$->count = (unsigned)$3;
			$$->elem = $6;
		}
	| STRUCT '{' struct_fields '}'
		{
			$$ = spec(ctx, AST_SPEC_FIELDS, @1);
			$$->fields = $3.first;
		}
	| CSTRING '[' int_exp ']'
		{
			$$ = spec(ctx, AST_SPEC_CSTRING, @1);
			$$->bound = AST_BOUND_FIXED;
			$$->count = (unsigned)$3;
		}
	| CSTRING '[' '*' ':' int_exp ']'
		{
			$$ = spec(ctx, AST_SPEC_CSTRING, @1);
			$$->bound = AST_BOUND_MAX;
			$$->count = (unsigned)$5;
		}
	;

/* nested_type: type_spec, one level deeper */
nested_type
	: nest type_spec	{ ctx->depth--; $$ = $2; }
	;

nest
	: %empty
		{
			if (!enter_level(ctx, &@$, "types"))
				YYABORT;
		}
	;

/* struct_fields: struct_field+ ;  struct_field: IDENT IDENT ';' */
struct_fields
	: struct_field		{ $$.first = $$.last = $1; }
	| struct_fields struct_field
		{ $$ = $1; $$.last->next = $2; $$.last = $2; }
	;

struct_field
	: IDENT IDENT ';'
		{
			$$ = NEW(struct ast_field);
			$$->loc = @1;
			$$->type_name = $1;
			$$->name = $2;
		}
	;

/* basic_type: ipc_type | '(' ipc_type ',' int_exp ipc_flags ')' */
basic_type
	: ipc_type
		{
			$$ = spec(ctx, AST_SPEC_IPC, @1);
			$$->in_name = $1.in;
			$$->out_name = $1.out;
			$$->size_bits = $1.size;
			$$->polymorphic = $1.poly;
		}
	| '(' ipc_type ',' int_exp ipc_flags ')'
		{
			$$ = spec(ctx, AST_SPEC_IPC, @1);
			$$->in_name = $2.in;
			$$->out_name = $2.out;
			$$->size_bits = (unsigned)$4;
			$$->polymorphic = $2.poly;
			$$->long_form = true;
			$$->flags = $5;
		}
	;

/* ipc_type: prim_ipc_type | prim_ipc_type '|' prim_ipc_type */
ipc_type
	: prim_ipc_type
		{
			$$.in = $$.out = $1.value;
			$$.size = $1.size;
			$$.poly = $1.value == PARSE_POLYMORPHIC;
		}
	| prim_ipc_type '|' prim_ipc_type
		{
			$$.in = $1.value;
			$$.out = $3.value;
			$$.size = $1.size;
			$$.poly = $1.value == PARSE_POLYMORPHIC ||
			    $3.value == PARSE_POLYMORPHIC;
			if ($1.size != $3.size &&
			    $1.value != PARSE_POLYMORPHIC &&
			    $3.value != PARSE_POLYMORPHIC)
				diag_error(ctx->diag, &@2,
				    "the two message types of an In|Out pair must have the same size");
		}
	;

/* prim_ipc_type: NUMBER | SYMTYPE */
prim_ipc_type
	: NUMBER
		{
			if ($1.value > 255)
				diag_error(ctx->diag, &@1,
				    "message type number %lu does not fit in 8 bits",
				    $1.value);
			$$.value = (unsigned)$1.value;
			$$.size = 0;
		}
	| SYMTYPE		{ $$ = $1; }
	;

/* ipc_flags: (',' FLAG | ',' FLAG '[' ']')* */
ipc_flags
	: %empty		{ $$ = 0; }
	| ipc_flags ',' ipc_flag
		{
			if ($1 & $3)
				diag_error(ctx->diag, &@3, "flag given twice");
			$$ = $1 | $3;
		}
	;

ipc_flag
	: FLAG			{ $$ = $1; }
	| FLAG '[' ']'
		{
			if ($1 != AST_FLAG_DEALLOC) {
				diag_error(ctx->diag, &@2,
				    "only Dealloc takes []");
				$$ = $1;
			} else {
				$$ = AST_FLAG_DEALLOC_VAR;
			}
		}
	;

/* int_exp: NUMBER | '(' int_exp ')' | int_exp ('+'|'-'|'*'|'/') int_exp */
int_exp
	: NUMBER		{ $$ = $1.value; }
	| open_paren int_exp ')'	{ ctx->depth--; $$ = $2; }
	| int_exp '+' int_exp	{ $$ = arith(ctx, @2, '+', $1, $3); }
	| int_exp '-' int_exp	{ $$ = arith(ctx, @2, '-', $1, $3); }
	| int_exp '*' int_exp	{ $$ = arith(ctx, @2, '*', $1, $3); }
	| int_exp '/' int_exp	{ $$ = arith(ctx, @2, '/', $1, $3); }
	;

open_paren
	: '('
		{
			if (!enter_level(ctx, &@1, "parentheses"))
				YYABORT;
		}
	;

/* routine: ("routine" | "simpleroutine") IDENT arguments */
routine
	: ROUTINE IDENT arguments
		{
			$$ = stmt(ctx, AST_ROUTINE, @1);
			$$->name = $2;
			$$->args = $3;
		}
	| SIMPLEROUTINE IDENT arguments
		{
			$$ = stmt(ctx, AST_SIMPLEROUTINE, @1);
			$$->name = $2;
			$$->args = $3;
		}
	;

/* arguments: '(' ')' | '(' argument (';' argument)* ')' */
arguments
	: '(' ')'		{ $$ = NULL; }
	| '(' argument_list ')'	{ $$ = $2.first; }
	;

argument_list
	: argument		{ $$.first = $$.last = $1; }
	| argument_list ';' argument
		{ $$ = $1; $$.last->next = $3; $$.last = $3; }
	;

/* argument: direction IDENT ':' (IDENT | named_type) ipc_flags */
argument
	: direction IDENT ':' IDENT ipc_flags
		{
			$$ = NEW(struct ast_arg);
			$$->loc = @2;
			$$->dir = $1;
			$$->name = $2;
			$$->type_name = $4;
			$$->flags = $5;
		}
	| direction IDENT ':' named_type ipc_flags
		{
			$$ = NEW(struct ast_arg);
			$$->loc = @2;
			$$->dir = $1;
			$$->name = $2;
			$$->inline_type = $4;
			$$->type_name = $4->name;
			$$->flags = $5;
		}
	;

direction
	: %empty		{ $$ = AST_DIR_NONE; }
	| IN			{ $$ = AST_DIR_IN; }
	| OUT			{ $$ = AST_DIR_OUT; }
	| INOUT			{ $$ = AST_DIR_INOUT; }
	| REQUESTPORT		{ $$ = AST_DIR_REQUESTPORT; }
	| REPLYPORT		{ $$ = AST_DIR_REPLYPORT; }
	| SREPLYPORT		{ $$ = AST_DIR_SREPLYPORT; }
	| UREPLYPORT		{ $$ = AST_DIR_UREPLYPORT; }
	| WAITTIME		{ $$ = AST_DIR_WAITTIME; }
	| MSGOPTION		{ $$ = AST_DIR_MSGOPTION; }
	| MSGSEQNO		{ $$ = AST_DIR_MSGSEQNO; }
	;

%%

static struct ast_stmt *
stmt(struct parse_ctx *ctx, enum ast_stmt_kind k, struct diag_loc loc)
{
	struct ast_stmt *s = NEW(struct ast_stmt);

	s->kind = k;
	s->loc = loc;
	return s;
}

static struct ast_spec *
spec(struct parse_ctx *ctx, enum ast_spec_kind k, struct diag_loc loc)
{
	struct ast_spec *s = NEW(struct ast_spec);

	s->kind = k;
	s->loc = loc;
	return s;
}

static unsigned long
arith(struct parse_ctx *ctx, struct diag_loc loc, int op, unsigned long a,
    unsigned long b)
{
	unsigned long long r = 0;

	switch (op) {
	case '+': r = (unsigned long long)a + b; break;
	case '-':
		if (b > a) {
			diag_error(ctx->diag, &loc,
			    "integer expression is negative");
			return 0;
		}
		r = a - b;
		break;
	case '*': r = (unsigned long long)a * b; break;
	case '/':
		if (b == 0) {
			diag_error(ctx->diag, &loc, "division by zero");
			return 0;
		}
		r = a / b;
		break;
	}
	if (r > UINT32_MAX) {
		diag_error(ctx->diag, &loc, "integer expression overflows");
		return 0;
	}
	return (unsigned long)r;
}

static void
set_trans(struct parse_ctx *ctx, struct diag_loc loc, const char **slot,
    const char *what, const char *value)
{
	if (*slot != NULL)
		diag_error(ctx->diag, &loc, "%s given twice for one type", what);
	*slot = value;
}

/*
 * Enter one more level of WHAT ("parentheses", "types") at LOC.  Returns
 * false after reporting that it is one too many: the parse stops there.
 */
static bool
enter_level(struct parse_ctx *ctx, const struct diag_loc *loc, const char *what)
{
	if (ctx->depth >= PARSE_MAX_NESTING) {
		diag_error(ctx->diag, loc,
		    "%s nested more than %d levels deep", what,
		    PARSE_MAX_NESTING);
		return false;
	}
	ctx->depth++;
	return true;
}

static void
mig_yyerror(struct diag_loc *loc, yyscan_t scanner, struct parse_ctx *ctx,
    const char *msg)
{
	(void)scanner;
	diag_error(ctx->diag, loc, "%s", msg);
}

/* A token as a message shows it: keywords in quotes. */
static const char *
token_text(yysymbol_kind_t sym, char *buf, size_t len)
{
	static const char *const classes[] = {"identifier", "string",
		"number", "end of file", "invalid token"};
	const char *name = yysymbol_name(sym);
	size_t i;

	if (name[0] == '\'' || strchr(name, ' ') != NULL)
		return name;
	for (i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (strcmp(name, classes[i]) == 0)
			return name;
	snprintf(buf, len, "\"%s\"", name);
	return buf;
}

/*
 * "syntax error, unexpected X, expecting A, B or C": every token that
 * would have been accepted there (LAC makes the list exact).
 */
static int
yyreport_syntax_error(const yypcontext_t *pctx, yyscan_t scanner,
    struct parse_ctx *ctx)
{
	enum { MAX = 12 };
	yysymbol_kind_t expected[MAX];
	yysymbol_kind_t got = yypcontext_token(pctx);
	char msg[512], tb[64];
	size_t len;
	int n, i;

	(void)scanner;
	n = yypcontext_expected_tokens(pctx, expected, MAX);
	len = (size_t)snprintf(msg, sizeof msg, "syntax error");
	if (got != YYSYMBOL_YYEMPTY)
		len += (size_t)snprintf(msg + len, sizeof msg - len,
		    ", unexpected %s", token_text(got, tb, sizeof tb));
	for (i = 0; i < n && len < sizeof msg; i++)
		len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s",
		    i == 0 ? ", expecting " : i == n - 1 ? " or " : ", ",
		    token_text(expected[i], tb, sizeof tb));
	if (n == 0 && len < sizeof msg)
		snprintf(msg + len, sizeof msg - len, " (too many possible tokens to list)");
	diag_error(ctx->diag, yypcontext_location(pctx), "%s", msg);
	return 0;
}

int
parse_defs(struct ast *ast, struct diag *d, const char *buf, size_t len,
    const char *file)
{
	struct lex_extra extra;
	struct parse_ctx ctx;
	yyscan_t scanner;
	unsigned before = d->errors;
	int r;

	memset(&extra, 0, sizeof extra);
	extra.diag = d;
	extra.ast = ast;
	ctx.ast = ast;
	ctx.diag = d;
	ctx.depth = 0;
	if (len > LEX_INPUT_MAX) {
		diag_error(d, NULL, "the input has %zu bytes; the limit is %zu",
		    len, LEX_INPUT_MAX);
		return -1;
	}
	if (lex_open(&scanner, &extra, buf, len,
	    diag_intern(d, file, strlen(file))) != 0) {
		diag_error(d, NULL, "cannot start the scanner");
		return -1;
	}
	r = mig_yyparse(scanner, &ctx);
	ast->end.file = extra.file;
	ast->end.line = extra.line;
	ast->end.col = extra.col;
	ast->end.phys = extra.phys;
	lex_close(scanner);
	return r == 0 && d->errors == before ? 0 : -1;
}
