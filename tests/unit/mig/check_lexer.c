/*
 * check_lexer.c: the flex scanner alone: keywords, message type names,
 * numbers, strings, file names, comments, cpp line markers, and its
 * diagnostics.
 */
#include <stdio.h>
#include <string.h>

#include "tests/unit/unit.h"

#include "ast.h"
#include "diag.h"
#include "lexer.h"
#include "parse.h"
#include "parser.h"

int mig_yylex(MIG_YYSTYPE *lval, struct diag_loc *lloc, yyscan_t scanner);

struct tok {
	int kind;
	MIG_YYSTYPE v;
	struct diag_loc loc;
};

static char diagbuf[2048];
/* The tokens point into these until the next scan() or cleanup(). */
static struct diag d;
static struct ast ast;
static int live;

static void
cleanup(void)
{
	if (live) {
		diag_free(&d);
		ast_free(&ast);
		live = 0;
	}
}

/* Scan TEXT into TOKS (at most MAX); returns the count. */
static int
scan(const char *text, struct tok *toks, int max, unsigned *errors)
{
	struct lex_extra x;
	yyscan_t sc;
	FILE *f = fmemopen(diagbuf, sizeof diagbuf, "w");
	int n = 0, k;

	cleanup();
	memset(diagbuf, 0, sizeof diagbuf);
	diag_init(&d, text, strlen(text), f);
	ast_init(&ast);
	live = 1;
	memset(&x, 0, sizeof x);
	x.diag = &d;
	x.ast = &ast;
	ck_assert_int_eq(lex_open(&sc, &x, text, strlen(text), "t.defs"), 0);
	while (n < max && (k = mig_yylex(&toks[n].v, &toks[n].loc, sc)) != 0) {
		toks[n].kind = k;
		n++;
	}
	lex_close(sc);
	*errors = d.errors;
	fclose(f);
	return n;
}

START_TEST(test_keywords_any_case)
{
	struct tok t[8];
	unsigned e;

	ck_assert_int_eq(
		scan("Routine SIMPLEROUTINE subsystem kerneluser InOut", t, 8,
		     &e),
		5);
	ck_assert_int_eq(t[0].kind, ROUTINE);
	ck_assert_int_eq(t[1].kind, SIMPLEROUTINE);
	ck_assert_int_eq(t[2].kind, SUBSYSTEM);
	ck_assert_int_eq(t[3].kind, KERNELUSER);
	ck_assert_int_eq(t[4].kind, INOUT);
	ck_assert_int_eq(e, 0);
}
END_TEST

START_TEST(test_message_types_and_flags)
{
	struct tok t[8];
	unsigned e;

	ck_assert_int_eq(
		scan("MACH_MSG_TYPE_INTEGER_64 MACH_MSG_TYPE_MAKE_SEND "
		     "polymorphic Dealloc countinout",
		     t, 8, &e),
		5);
	ck_assert_int_eq(t[0].kind, SYMTYPE);
	ck_assert_int_eq(t[0].v.sym.value, 11);
	ck_assert_int_eq(t[0].v.sym.size, 64);
	ck_assert_int_eq(t[1].v.sym.value, 20);
	ck_assert_int_eq(t[1].v.sym.size, PARSE_PORT_SIZE);
	ck_assert_int_eq(t[2].kind, SYMTYPE);
	ck_assert_uint_eq(t[2].v.sym.value, PARSE_POLYMORPHIC);
	ck_assert_int_eq(t[3].kind, FLAG);
	ck_assert_int_eq(t[3].v.flag, AST_FLAG_DEALLOC);
	ck_assert_int_eq(t[4].v.flag, AST_FLAG_COUNT_IN_OUT);
	/* message type names are C macros: case matters */
	ck_assert_int_eq(scan("mach_msg_type_byte", t, 8, &e), 1);
	ck_assert_int_eq(t[0].kind, IDENT);
}
END_TEST

START_TEST(test_numbers_strings_files)
{
	struct tok t[8];
	unsigned e;

	ck_assert_int_eq(
		scan("42 0x10 \"$Id$\" import <mach/x.h> uimport \"y.h\"", t, 8,
		     &e),
		7);
	ck_assert_int_eq(t[0].v.num.value, 42);
	ck_assert_str_eq(t[0].v.num.text, "42");
	ck_assert_int_eq(t[1].v.num.value, 16);
	ck_assert_int_eq(t[2].kind, STRING);
	ck_assert_str_eq(t[2].v.str, "$Id$");
	ck_assert_int_eq(t[4].kind, FILENAME);
	ck_assert_str_eq(t[4].v.str, "<mach/x.h>");
	ck_assert_str_eq(t[6].v.str, "\"y.h\"");
	ck_assert_int_eq(e, 0);
	scan("99999999999", t, 8, &e);
	ck_assert_int_eq(e, 1);
	ck_assert_ptr_nonnull(strstr(diagbuf,
				     "t.defs:1:1: error: integer constant "
				     "'99999999999' is too large"));
}
END_TEST

START_TEST(test_positions_and_markers)
{
	struct tok t[8];
	unsigned e;

	ck_assert_int_eq(scan("# 1 \"a.defs\"\n  type /* c\n */ x\n# 7 "
			      "\"b.defs\" 2\n\tskip // x\n",
			      t, 8, &e),
			 3);
	ck_assert_str_eq(t[0].loc.file, "a.defs");
	ck_assert_int_eq(t[0].loc.line, 1);
	ck_assert_int_eq(t[0].loc.col, 3);
	ck_assert_int_eq(t[0].loc.phys, 2);
	ck_assert_int_eq(t[1].loc.line, 2);
	ck_assert_int_eq(t[1].loc.col, 5);
	ck_assert_str_eq(t[2].loc.file, "b.defs");
	ck_assert_int_eq(t[2].loc.line, 7);
	ck_assert_int_eq(t[2].loc.col, 2);
	ck_assert_int_eq(t[2].loc.phys, 5);
	ck_assert_int_eq(e, 0);
}
END_TEST

START_TEST(test_errors)
{
	struct tok t[8];
	unsigned e;

	/* a stray character is reported and skipped */
	ck_assert_int_eq(scan("type @ x", t, 8, &e), 2);
	ck_assert_int_eq(e, 1);
	ck_assert_ptr_nonnull(strstr(
		diagbuf,
		"t.defs:1:6: error: stray '@' in input\n type @ x\n      ^\n"));
	scan("\"open", t, 8, &e);
	ck_assert_int_eq(e, 1);
	ck_assert_ptr_nonnull(strstr(diagbuf, "missing terminating"));
}
END_TEST

/* An unterminated comment is reported where it opened, not at the end. */
START_TEST(test_unterminated_comment)
{
	struct tok t[8];
	unsigned e;

	ck_assert_int_eq(scan("type\n  x /* open\n\nskip\n", t, 8, &e), 2);
	ck_assert_int_eq(e, 1);
	ck_assert_str_eq(diagbuf, "t.defs:2:5: error: unterminated comment\n"
				  "   x /* open\n"
				  "     ^\n");
}
END_TEST

/* Bytes no token holds: one report per run, naming the byte values. */
START_TEST(test_stray_bytes)
{
	struct tok t[8];
	unsigned e;

	ck_assert_int_eq(scan("type \xc3\xa9 x", t, 8, &e), 2);
	ck_assert_int_eq(e, 1);
	ck_assert_str_eq(diagbuf,
			 "t.defs:1:6: error: stray bytes 0xc3 0xa9 in input\n"
			 " type \xc3\xa9 x\n"
			 "      ^\n");
	scan("\x01\xff", t, 8, &e);
	ck_assert_int_eq(e, 1);
	ck_assert_ptr_nonnull(
		strstr(diagbuf, "t.defs:1:1: error: stray bytes 0x01 0xff in "
				"input\n"));
	scan("a \x80 b \x7f", t, 8, &e);
	ck_assert_int_eq(e, 2);
	ck_assert_ptr_nonnull(strstr(diagbuf, "1:3: error: stray byte 0x80 "));
	ck_assert_ptr_nonnull(strstr(diagbuf, "1:7: error: stray byte 0x7f "));
	/* a long run names its first bytes and its length */
	scan("\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9", t, 8, &e);
	ck_assert_int_eq(e, 1);
	ck_assert_ptr_nonnull(
		strstr(diagbuf, "error: stray bytes 0xf0 0xf1 0xf2 0xf3 0xf4 "
				"0xf5 0xf6 0xf7 ... (10 in all) in input\n"));
	/* cpp writes non-ASCII letters as universal character names */
	ck_assert_int_eq(scan("caf\\U000000e9\\u00e9 x", t, 8, &e), 2);
	ck_assert_int_eq(e, 1);
	ck_assert_str_eq(t[0].v.str, "caf");
	ck_assert_str_eq(t[1].v.str, "x");
	ck_assert_ptr_nonnull(strstr(
		diagbuf, "t.defs:1:4: error: non-ASCII characters U+00E9 "
			 "U+00E9 in input (names must be ASCII)\n"));
	/* a backslash alone is a stray character */
	scan("\\u12", t, 8, &e);
	ck_assert_ptr_nonnull(strstr(diagbuf, "error: stray '\\' in input"));
}
END_TEST

/* Identifiers are limited to LEX_IDENT_MAX characters. */
START_TEST(test_identifier_limit)
{
	static char text[(1 << 20) + 1];
	struct tok t[8];
	unsigned e;

	memset(text, 'a', LEX_IDENT_MAX);
	text[LEX_IDENT_MAX] = '\0';
	ck_assert_int_eq(scan(text, t, 8, &e), 1);
	ck_assert_int_eq(e, 0);
	ck_assert_uint_eq(strlen(t[0].v.str), LEX_IDENT_MAX);
	text[LEX_IDENT_MAX] = 'a';
	text[LEX_IDENT_MAX + 1] = '\0';
	ck_assert_int_eq(scan(text, t, 8, &e), 1);
	ck_assert_int_eq(e, 1);
	ck_assert_ptr_nonnull(strstr(diagbuf,
				     "t.defs:1:1: error: identifier of 256 "
				     "characters is longer than the limit of "
				     "255\n"));
	/* a megabyte: one error, and the source line is shown cut short */
	memset(text, 'a', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	ck_assert_int_eq(scan(text, t, 8, &e), 1);
	ck_assert_int_eq(e, 1);
	ck_assert_ptr_nonnull(strstr(diagbuf, "identifier of 1048576 "
					      "characters is longer than the "
					      "limit of 255\n"));
	ck_assert_uint_lt(strlen(diagbuf), 400);
	ck_assert_ptr_nonnull(strstr(diagbuf, "aaa...\n ^\n"));
	ck_assert_uint_eq(strlen(t[0].v.str), LEX_IDENT_MAX);
}
END_TEST

/* A line marker's number never wraps: beyond LEX_LINE_MAX it is an error
 * (once) and the largest number is used. */
START_TEST(test_line_marker_range)
{
	struct tok t[8];
	unsigned e;

	ck_assert_int_eq(scan("# 2147483647 \"a.defs\"\nx\n", t, 8, &e), 1);
	ck_assert_int_eq(e, 0);
	ck_assert_uint_eq(t[0].loc.line, 2147483647u);
	ck_assert_int_eq(scan("x\n# 4294967295 \"a.defs\"\n"
			      "# 4294967295 \"a.defs\"\ny\n"
			      "#line 99999999999999999999999\nz\n",
			      t, 8, &e),
			 3);
	ck_assert_int_eq(e, 1);
	ck_assert_str_eq(diagbuf, "t.defs:2:3: error: line number in line "
				  "marker is out of range; the largest, "
				  "2147483647, is used\n"
				  " # 4294967295 \"a.defs\"\n"
				  "   ^\n");
	ck_assert_str_eq(t[1].loc.file, "a.defs");
	ck_assert_uint_eq(t[1].loc.line, 2147483647u);
	ck_assert_uint_eq(t[1].loc.phys, 4);
	ck_assert_uint_eq(t[2].loc.line, 2147483647u);
	/* cpp's "# 0" markers: the next line is line 0 */
	ck_assert_int_eq(scan("# 0 \"<built-in>\"\nx\n", t, 8, &e), 1);
	ck_assert_int_eq(e, 0);
	ck_assert_uint_eq(t[0].loc.line, 0);
}
END_TEST

static Suite *
lexer_suite(void)
{
	Suite *s = suite_create("lexer");
	TCase *tc = tcase_create("tokens");

	tcase_add_checked_fixture(tc, NULL, cleanup);
	tcase_add_test(tc, test_keywords_any_case);
	tcase_add_test(tc, test_message_types_and_flags);
	tcase_add_test(tc, test_numbers_strings_files);
	tcase_add_test(tc, test_positions_and_markers);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_unterminated_comment);
	tcase_add_test(tc, test_stray_bytes);
	tcase_add_test(tc, test_identifier_limit);
	tcase_add_test(tc, test_line_marker_range);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(lexer_suite)
