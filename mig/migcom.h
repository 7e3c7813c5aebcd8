/*
 * migcom.h: the compiler as a whole (prefix migcom_): options, and one
 * call that runs every stage on a preprocessed text.
 */
#ifndef MIG_MIGCOM_H
#define MIG_MIGCOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "target.h"

struct migcom_options {
	const char *user, *server, *header, *sheader, *iheader, *list;
	const char *layout;  /* our -layout dump, NULL for none */
	const char *written; /* -written FILE: the names of the files written
				(for the driver's -MD) */
	const char *prefix, *subrprefix;
	const char *input;      /* NULL: standard input */
	const char *split_base; /* -i BASE: user stubs in BASE<routine>.c */
	bool quiet, verbose, symtab, no_defaults;
	const struct target *target;
};

/* Defaults: x86_64, no prefixes, default output files. */
void migcom_options_init(struct migcom_options *o);

/*
 * Parse migcom's command line into O.  Returns 0, 1 when the command
 * line asked for --help or --version (already printed to OUT), or -1
 * after printing an error to ERR.
 */
int migcom_parse_args(struct migcom_options *o, int argc, char **argv,
		      FILE *out, FILE *err);

/*
 * Compile the preprocessed TEXT (LEN bytes).  Diagnostics go to DIAG.
 * With WRITE, the requested files are written (all or none: nothing is
 * written when any error was found).  Returns 0 or -1.
 */
int migcom_run(const struct migcom_options *o, const char *text, size_t len,
	       FILE *diag, bool write);

#endif
