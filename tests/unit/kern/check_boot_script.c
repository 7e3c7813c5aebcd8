/*
 * check_boot_script.c: the boot-script language (kern/boot_script.c):
 * words, calls, variables inside words, and every syntax error.
 */

#include <stdio.h>
#include <string.h>

#include "kern/boot_script.h"
#include "tests/unit/unit.h"

/* The variables of these tests: two strings and one "port" (42). */
static long
lookup(const char *name, char *out, size_t size, void *arg)
{
	(void)arg;
	const char *v = NULL;
	if (strcmp(name, "root") == 0)
		v = "device:hd0s1";
	else if (strcmp(name, "host-port") == 0)
		v = "42";
	else if (strcmp(name, "empty") == 0)
		v = "";
	if (v == NULL)
		return -1;
	size_t n = strlen(v);
	if (n + 1 > size)
		return -2;
	memcpy(out, v, n + 1);
	return (long)n;
}

/* Expand every word of `line', joined by '|'; calls as "<fn:var>". */
static const char *
run(const char *line)
{
	static char buf[256];
	const char *cursor = line, *why = NULL;
	struct boot_script_word w;
	size_t n = 0;
	int r;
	buf[0] = '\0';
	while ((r = boot_script_next_word(&cursor, &w, &why)) == 1) {
		if (n > 0)
			buf[n++] = '|';
		if (w.is_call) {
			n += (size_t)snprintf(
				buf + n, sizeof buf - n, "<%s:%s>",
				w.fn == BOOT_SCRIPT_TASK_CREATE ? "create"
								: "resume",
				w.var);
			continue;
		}
		long len = boot_script_expand(&w, lookup, NULL, buf + n,
					      sizeof buf - n, &why);
		if (len < 0)
			return why;
		n += (size_t)len;
	}
	if (r < 0)
		return why;
	buf[n] = '\0';
	return buf;
}

START_TEST(test_plain_words)
{
	ck_assert_str_eq(run("ext2fs  --readonly\t-T typed "),
			 "ext2fs|--readonly|-T|typed");
	ck_assert_str_eq(run(""), "");
	ck_assert_str_eq(run("   "), "");
	/* A '$' that starts nothing is text. */
	ck_assert_str_eq(run("a$b $ c$"), "a$b|$|c$");
}
END_TEST

START_TEST(test_variables)
{
	ck_assert_str_eq(run("--host-priv-port=${host-port} ${root}"),
			 "--host-priv-port=42|device:hd0s1");
	ck_assert_str_eq(run("x${host-port}y${host-port}"), "x42y42");
	ck_assert_str_eq(run("${empty}"), "");
	ck_assert_str_eq(run("${nope}"), "undefined variable");
}
END_TEST

START_TEST(test_calls)
{
	ck_assert_str_eq(run("ext2fs $(task-create) $(task-resume)"),
			 "ext2fs|<create:>|<resume:>");
	ck_assert_str_eq(run("exec /hurd/exec $(exec-task=task-create)"),
			 "exec|/hurd/exec|<create:exec-task>");
}
END_TEST

START_TEST(test_syntax_errors)
{
	ck_assert_str_eq(run("a ${root"), "unterminated ${");
	ck_assert_str_eq(run("a $(task-create"), "unterminated $(");
	ck_assert_str_eq(run("x$(task-create)"),
			 "a $(...) call must be a word of its own");
	ck_assert_str_eq(run("$(task-create)x"),
			 "a $(...) call must be a word of its own");
	ck_assert_str_eq(run("$(task-destroy)"), "unknown function");
	ck_assert_str_eq(run("$()"), "unknown function");
	ck_assert_str_eq(run("$(x=task-resume)"),
			 "task-resume gives no value to set");
	ck_assert_str_eq(run("$(=task-create)"),
			 "bad variable name before '='");
	ck_assert_str_eq(run("$(a.b=task-create)"),
			 "bad variable name before '='");
	ck_assert_str_eq(run("${}"), "bad variable name in ${...}");
	ck_assert_str_eq(run("${a b}"), "unterminated ${");
	ck_assert_str_eq(run("${a/b}"), "bad variable name in ${...}");
	ck_assert_str_eq(run("${abcdefghijabcdefghijabcdefghijabc}"),
			 "bad variable name in ${...}");
}
END_TEST

START_TEST(test_no_room)
{
	struct boot_script_word w;
	const char *cursor = "--root=${root}", *why;
	ck_assert_int_eq(boot_script_next_word(&cursor, &w, &why), 1);
	char out[12];
	ck_assert_int_eq(
		boot_script_expand(&w, lookup, NULL, out, sizeof out, &why),
		-1);
	ck_assert_str_eq(why, "no room for the expanded word");
	char exact[20];
	ck_assert_int_eq(
		boot_script_expand(&w, lookup, NULL, exact, sizeof exact, &why),
		19);
	ck_assert_str_eq(exact, "--root=device:hd0s1");
	ck_assert_int_eq(boot_script_expand(&w, lookup, NULL, exact, 19, &why),
			 -1);
}
END_TEST

static Suite *
boot_script_suite(void)
{
	Suite *s = suite_create("boot_script");
	TCase *tc = tcase_create("language");
	tcase_add_test(tc, test_plain_words);
	tcase_add_test(tc, test_variables);
	tcase_add_test(tc, test_calls);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_no_room);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(boot_script_suite)
