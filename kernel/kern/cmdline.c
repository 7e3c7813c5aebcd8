/*
 * kern/cmdline.c: looking up words of the kernel command line.
 */

#include "kern/cmdline.h"
#include "kern/string.h"

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

bool
cmdline_get(const char *cmdline, const char *key, char *value, size_t size)
{
	size_t key_len = strlen(key);
	bool found = false;

	if (cmdline == NULL)
		return false;
	for (const char *p = cmdline; *p != '\0';) {
		while (is_space(*p))
			p++;
		const char *word = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		size_t word_len = p - word;
		if (word_len < key_len || strncmp(word, key, key_len) != 0)
			continue;
		if (word_len == key_len) {
			found = true;
			if (size > 0)
				value[0] = '\0';
		} else if (word[key_len] == '=') {
			found = true;
			size_t n = word_len - key_len - 1;
			if (size > 0) {
				if (n > size - 1)
					n = size - 1;
				memcpy(value, word + key_len + 1, n);
				value[n] = '\0';
			}
		}
	}
	return found;
}

bool
cmdline_list_names(const char *list, const char *item)
{
	size_t item_len = strlen(item);

	for (const char *p = list; *p != '\0';) {
		const char *start = p;
		while (*p != '\0' && *p != ',')
			p++;
		size_t len = p - start;
		if (len == item_len && strncmp(start, item, len) == 0)
			return true;
		if (*p == ',')
			p++;
	}
	return false;
}

bool
cmdline_list_has(const char *list, const char *item)
{
	return cmdline_list_names(list, item) ||
	       cmdline_list_names(list, "all");
}
