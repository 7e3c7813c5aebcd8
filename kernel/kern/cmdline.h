/*
 * kern/cmdline.h: the kernel command line.
 *
 * The command line is a list of words separated by spaces: either
 * `key=value' or a bare `flag'.  A value may list several items
 * separated by commas (test=printf,vm_page).
 */
#ifndef KERN_CMDLINE_H
#define KERN_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Find `key' in `cmdline'.  If it is there as key=value, copy the value
 * (NUL-terminated, truncated to `size' - 1 bytes) into `value' and
 * return true.  A bare `key' gives an empty value.  The last occurrence
 * wins, so a later word overrides an earlier one.
 */
bool cmdline_get(const char *cmdline, const char *key, char *value,
		 size_t size);

/* Whether the comma-separated `list' names `item' itself. */
bool cmdline_list_names(const char *list, const char *item);

/* Whether the comma-separated `list' names `item' or contains "all". */
bool cmdline_list_has(const char *list, const char *item);

#endif
