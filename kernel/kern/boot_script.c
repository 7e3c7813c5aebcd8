/*
 * kern/boot_script.c: the boot-script language (see kern/boot_script.h).
 */

#include "kern/boot_script.h"
#include "kern/string.h"

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* GNU Mach's names: letters, digits, '-' and '_'. */
static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Copy the name [p, p+n) into out, checking it. */
static bool
take_name(const char *p, size_t n, char out[BOOT_SCRIPT_NAME_MAX + 1])
{
	if (n == 0 || n > BOOT_SCRIPT_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_name_char(p[i]))
			return false;
		out[i] = p[i];
	}
	out[n] = '\0';
	return true;
}

/* The end of the ${...} or $(...) at p (p[0] == '$'): the closing
 * character, or NULL if the word ends first. */
static const char *
closing(const char *p, const char *end)
{
	char close = p[1] == '{' ? '}' : ')';
	for (const char *q = p + 2; q < end; q++)
		if (*q == close)
			return q;
	return NULL;
}

static int
parse_call(struct boot_script_word *w, const char **why)
{
	const char *p = w->text + 2, *end = w->text + w->len - 1;
	const char *eq = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '=') {
			eq = q;
			break;
		}
	w->var[0] = '\0';
	if (eq != NULL) {
		if (!take_name(p, (size_t)(eq - p), w->var)) {
			*why = "bad variable name before '='";
			return -1;
		}
		p = eq + 1;
	}
	size_t n = (size_t)(end - p);
	if (n == 11 && memcmp(p, "task-create", 11) == 0) {
		w->fn = BOOT_SCRIPT_TASK_CREATE;
	} else if (n == 11 && memcmp(p, "task-resume", 11) == 0) {
		w->fn = BOOT_SCRIPT_TASK_RESUME;
		if (eq != NULL) {
			*why = "task-resume gives no value to set";
			return -1;
		}
	} else {
		*why = "unknown function";
		return -1;
	}
	w->is_call = true;
	return 1;
}

int
boot_script_next_word(const char **cursor, struct boot_script_word *w,
		      const char **why)
{
	const char *p = *cursor;
	while (is_blank(*p))
		p++;
	if (*p == '\0') {
		*cursor = p;
		return 0;
	}
	const char *start = p;
	while (*p != '\0' && !is_blank(*p))
		p++;
	*cursor = p;
	w->text = start;
	w->len = (size_t)(p - start);
	w->is_call = false;
	w->var[0] = '\0';

	/* Check every expression; a call must be the whole word. */
	for (const char *q = start; q < p; q++) {
		if (q[0] != '$' || q + 1 >= p || (q[1] != '{' && q[1] != '('))
			continue;
		const char *c = closing(q, p);
		if (c == NULL) {
			*why = q[1] == '{' ? "unterminated ${"
					   : "unterminated $(";
			return -1;
		}
		if (q[1] == '(') {
			if (q != start || c != p - 1) {
				*why = "a $(...) call must be a word of its "
				       "own";
				return -1;
			}
			return parse_call(w, why);
		}
		char name[BOOT_SCRIPT_NAME_MAX + 1];
		if (!take_name(q + 2, (size_t)(c - q - 2), name)) {
			*why = "bad variable name in ${...}";
			return -1;
		}
		q = c;
	}
	return 1;
}

long
boot_script_expand(const struct boot_script_word *w,
		   boot_script_lookup_fn lookup, void *arg, char *out,
		   size_t size, const char **why)
{
	const char *p = w->text, *end = w->text + w->len;
	size_t n = 0;
	*why = "no room for the expanded word";
	if (size == 0)
		return -1;
	while (p < end) {
		if (p[0] == '$' && p + 1 < end && p[1] == '{') {
			const char *c = closing(p, end);
			char name[BOOT_SCRIPT_NAME_MAX + 1];
			if (c == NULL ||
			    !take_name(p + 2, (size_t)(c - p - 2), name)) {
				*why = "bad ${...}";
				return -1;
			}
			long len = lookup(name, out + n, size - n, arg);
			if (len < 0) {
				if (len == -1)
					*why = "undefined variable";
				return -1;
			}
			n += (size_t)len;
			p = c + 1;
			continue;
		}
		if (n + 1 >= size)
			return -1;
		out[n++] = *p++;
	}
	out[n] = '\0';
	return (long)n;
}
