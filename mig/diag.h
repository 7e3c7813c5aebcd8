/*
 * diag.h: diagnostics in the form "file:line:col: error: text", followed
 * by the offending source line and a caret under the column.
 *
 * A diag_loc names two positions: the logical one (file and line as the
 * cpp line markers say, shown to the user) and the physical line of the
 * preprocessed input (used to fetch the source text for the caret).
 */
#ifndef MIG_DIAG_H
#define MIG_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "symtab.h"

struct diag_loc {
	const char *file; /* interned for the lifetime of the diag */
	unsigned line, col;
	unsigned phys; /* 1-based line of the input buffer */
};

struct diag_file {
	struct diag_file *next;
	char name[];
};

struct diag {
	const char *src; /* the whole input, for the caret line; may be NULL */
	size_t len;
	FILE *out;
	bool quiet; /* suppress warnings (-q) */
	unsigned errors, warnings;
	struct diag_file *files;  /* every name interned, to free them */
	struct symtab file_names; /* name -> its struct diag_file */
	/* show_line()'s place: the start of physical line src_line. */
	const char *src_at;
	unsigned src_line;
};

void diag_init(struct diag *d, const char *src, size_t len, FILE *out);
void diag_free(struct diag *d);

/* A stable copy of a file name, shared by every location in that file. */
const char *diag_intern(struct diag *d, const char *name, size_t len);

void diag_error(struct diag *d, const struct diag_loc *loc, const char *fmt,
		...) __attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, const struct diag_loc *loc, const char *fmt,
		  ...) __attribute__((format(printf, 3, 4)));
/* "file:line:col: note: ..." with no source line; for "declared here". */
void diag_note(struct diag *d, const struct diag_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
