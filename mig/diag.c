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
	d->src_at = src;
	d->src_line = 1;
	symtab_init(&d->file_names);
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
	symtab_free(&d->file_names);
}

const char *
diag_intern(struct diag *d, const char *name, size_t len)
{
	struct diag_file *f = symtab_find(&d->file_names, name, len);

	if (f != NULL)
		return f->name;
	f = malloc(sizeof *f + len + 1);
	if (f == NULL)
		abort();
	memcpy(f->name, name, len);
	f->name[len] = '\0';
	f->next = d->files;
	d->files = f;
	symtab_insert(&d->file_names, f->name, len, f);
	return f->name;
}

/*
 * A source line longer than this is shown as a window of this many
 * bytes around the column, so that a diagnostic about a huge token stays
 * readable.
 */
#define DIAG_SHOWN_MAX 160

/* Print physical line PHYS of the input and a caret under column COL. */
static void
show_line(struct diag *d, unsigned phys, unsigned col)
{
	const char *p, *end, *eol, *from, *to, *q;
	size_t off = col > 0 ? col - 1 : 0; /* the column's byte offset */
	unsigned n;

	if (d->src == NULL || phys == 0)
		return;
	end = d->src + d->len;
	/* Diagnostics mostly come in source order: go on from the line
	 * shown last, so that many of them do not rescan the input. */
	if (phys < d->src_line) {
		d->src_at = d->src;
		d->src_line = 1;
	}
	for (p = d->src_at, n = d->src_line; n < phys; n++) {
		q = memchr(p, '\n', (size_t)(end - p));
		if (q == NULL)
			return;
		p = q + 1;
	}
	d->src_at = p;
	d->src_line = n;
	if (p >= end)
		return;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL)
		eol = end;
	from = p;
	to = eol;
	if ((size_t)(eol - p) > DIAG_SHOWN_MAX) {
		if (off > (size_t)(eol - p))
			off = (size_t)(eol - p);
		if (off > DIAG_SHOWN_MAX / 2)
			from = p + off - DIAG_SHOWN_MAX / 2;
		if ((size_t)(eol - from) > DIAG_SHOWN_MAX)
			to = from + DIAG_SHOWN_MAX;
	}
	fprintf(d->out, " %s%.*s%s\n ", from > p ? "..." : "", (int)(to - from),
		from, to < eol ? "..." : "");
	if (from > p)
		fputs("   ", d->out);
	for (q = from; q < to && (size_t)(q - p) < off; q++)
		fputc(*q == '\t' ? '\t' : ' ', d->out);
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
