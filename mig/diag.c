/*
 * diag.c: error reporting with source lines and carets.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
diag_init(struct diag *d, const char *src, size_t len, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->src = src;
	d->len = len;
	d->out = out;
}

void
diag_free(struct diag *d)
{
	struct diag_file *f, *next;

	for (f = d->files; f != NULL; f = next) {
		next = f->next;
		free(f);
	}
	d->files = NULL;
}

const char *
diag_intern(struct diag *d, const char *name, size_t len)
{
	struct diag_file *f;

	for (f = d->files; f != NULL; f = f->next)
		if (strlen(f->name) == len && memcmp(f->name, name, len) == 0)
			return f->name;
	f = malloc(sizeof *f + len + 1);
	if (f == NULL)
		abort();
	memcpy(f->name, name, len);
	f->name[len] = '\0';
	f->next = d->files;
	d->files = f;
	return f->name;
}

/* Print physical line PHYS of the input and a caret under column COL. */
static void
show_line(struct diag *d, unsigned phys, unsigned col)
{
	const char *p = d->src, *end, *eol;
	unsigned n;

	if (p == NULL || phys == 0)
		return;
	end = p + d->len;
	for (n = 1; n < phys && p < end; p++)
		if (*p == '\n')
			n++;
	if (p >= end)
		return;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL)
		eol = end;
	fprintf(d->out, " %.*s\n ", (int)(eol - p), p);
	for (n = 1; n < col && p + n - 1 < eol; n++)
		fputc(p[n - 1] == '\t' ? '\t' : ' ', d->out);
	fputs("^\n", d->out);
}

static void
report(struct diag *d, const struct diag_loc *loc, const char *what,
       bool source, const char *fmt, va_list ap)
{
	if (loc != NULL && loc->file != NULL)
		fprintf(d->out, "%s:%u:%u: %s: ", loc->file, loc->line,
			loc->col, what);
	else
		fprintf(d->out, "mig: %s: ", what);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	if (source && loc != NULL)
		show_line(d, loc->phys, loc->col);
}

void
diag_error(struct diag *d, const struct diag_loc *loc, const char *fmt, ...)
{
	va_list ap;

	d->errors++;
	va_start(ap, fmt);
	report(d, loc, "error", true, fmt, ap);
	va_end(ap);
}

void
diag_warning(struct diag *d, const struct diag_loc *loc, const char *fmt, ...)
{
	va_list ap;

	d->warnings++;
	if (d->quiet)
		return;
	va_start(ap, fmt);
	report(d, loc, "warning", true, fmt, ap);
	va_end(ap);
}

void
diag_note(struct diag *d, const struct diag_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, loc, "note", false, fmt, ap);
	va_end(ap);
}
