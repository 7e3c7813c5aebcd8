/*
 * printer.h: the indenting code printer every emitter writes through
 * (prefix printer_).
 *
 * Output accumulates in memory; nothing touches a file until
 * printer_write_file(), so an error half-way leaves no output behind.
 * A line printed with printer_line() starts at the current indentation
 * (tabs); "{" at the end of a line indents what follows and a line
 * starting with "}" dedents itself, so emitters rarely count levels.
 */
#ifndef MIG_PRINTER_H
#define MIG_PRINTER_H

#include <stdbool.h>
#include <stddef.h>

struct printer {
	char *buf;
	size_t len, cap;
	int indent;
	bool failed; /* out of memory: everything after is dropped */
};

void printer_init(struct printer *p);
void printer_free(struct printer *p);

/* One line, formatted, with automatic indentation from braces. */
void printer_line(struct printer *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Raw text, no indentation or newline. */
void printer_raw(struct printer *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void printer_blank(struct printer *p);
void printer_indent(struct printer *p, int delta);

/*
 * Write the text to PATH through a temporary file renamed into place.
 * Returns 0, or -1 with errno set (and no file left behind).
 */
int printer_write_file(const struct printer *p, const char *path);

#endif
