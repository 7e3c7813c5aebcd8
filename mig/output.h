/*
 * output.h: the files one run of migcom writes, all of them or none
 * (prefix output_).
 *
 * Each file is first written to a temporary beside it; only when every
 * one is written are they renamed into place.  A file that existed
 * before is kept (as a hard link) until the whole set is in place, so
 * a failure at any point leaves every pre-existing output as it was and
 * no new one behind.  "-" is standard output (written last, once the
 * rest is in place) and "/dev/null" is nothing.
 */
#ifndef MIG_OUTPUT_H
#define MIG_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "printer.h"

struct output_file {
	char *path;
	const struct printer *text;
	char *tmp; /* the staged copy, until committed */
	char *old; /* what was at path before, until committed */
};

struct output_set {
	struct output_file *files;
	size_t n, cap;
	int failed; /* out of memory while adding */
};

void output_init(struct output_set *s);

/* Add PATH with the contents of TEXT (which must outlive the set). */
void output_add(struct output_set *s, const char *path,
		const struct printer *text);

/*
 * Write every file of S or none, as above.  Returns 0, or -1 after
 * reporting "mig: cannot write PATH: reason" to DIAG.
 */
int output_commit(struct output_set *s, FILE *diag);

void output_free(struct output_set *s);

#endif
