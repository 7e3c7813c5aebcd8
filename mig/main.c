/*
 * main.c: the migcom program: command line, input, exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migcom.h"

/* Read all of F; NULL when out of memory or on a read error. */
static char *
slurp(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0, r;
	char *buf = malloc(cap), *nb;

	if (buf == NULL)
		return NULL;
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

int
main(int argc, char **argv)
{
	struct migcom_options o;
	FILE *in = stdin;
	char *text;
	size_t len;
	int r;

	migcom_options_init(&o);
	r = migcom_parse_args(&o, argc, argv, stdout, stderr);
	if (r != 0)
		return r > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	if (o.input != NULL) {
		in = fopen(o.input, "r");
		if (in == NULL) {
			perror(o.input);
			return EXIT_FAILURE;
		}
	}
	text = slurp(in, &len);
	if (in != stdin)
		fclose(in);
	if (text == NULL) {
		fprintf(stderr, "migcom: cannot read the input\n");
		return EXIT_FAILURE;
	}
	r = migcom_run(&o, text, len, stderr, true);
	free(text);
	return r == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
