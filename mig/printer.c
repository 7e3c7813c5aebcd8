/*
 * printer.c: the in-memory, brace-aware code printer.
 */
#include "printer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
printer_init(struct printer *p)
{
	memset(p, 0, sizeof *p);
}

void
printer_free(struct printer *p)
{
	free(p->buf);
	memset(p, 0, sizeof *p);
}

static void
append(struct printer *p, const char *s, size_t n)
{
	if (p->failed)
		return;
	if (p->len + n + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 4096;
		char *nb;
		while (cap < p->len + n + 1)
			cap *= 2;
		nb = realloc(p->buf, cap);
		if (nb == NULL) {
			p->failed = true;
			return;
		}
		p->buf = nb;
		p->cap = cap;
	}
	memcpy(p->buf + p->len, s, n);
	p->len += n;
	p->buf[p->len] = '\0';
}

static void
vappend(struct printer *p, const char *fmt, va_list ap)
{
	char small[512];
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		p->failed = true;
	} else if ((size_t)n < sizeof small) {
		append(p, small, (size_t)n);
	} else {
		char *big = malloc((size_t)n + 1);
		if (big == NULL)
			p->failed = true;
		else {
			vsnprintf(big, (size_t)n + 1, fmt, ap2);
			append(p, big, (size_t)n);
			free(big);
		}
	}
	va_end(ap2);
}

void
printer_indent(struct printer *p, int delta)
{
	p->indent += delta;
	if (p->indent < 0)
		p->indent = 0;
}

void
printer_line(struct printer *p, const char *fmt, ...)
{
	va_list ap;
	size_t start;
	int i;

	if (fmt[0] == '}')
		printer_indent(p, -1);
	if (fmt[0] != '\0' && fmt[0] != '#')
		for (i = 0; i < p->indent; i++)
			append(p, "\t", 1);
	start = p->len;
	va_start(ap, fmt);
	vappend(p, fmt, ap);
	va_end(ap);
	append(p, "\n", 1);
	if (!p->failed && p->len - start >= 2 && p->buf[p->len - 2] == '{')
		printer_indent(p, 1);
}

void
printer_raw(struct printer *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(p, fmt, ap);
	va_end(ap);
}

void
printer_blank(struct printer *p)
{
	append(p, "\n", 1);
}

int
printer_write_file(const struct printer *p, const char *path)
{
	char *tmp;
	FILE *f;
	size_t n = strlen(path) + 16;
	int saved;

	if (p->failed) {
		errno = ENOMEM;
		return -1;
	}
	if (strcmp(path, "/dev/null") == 0)
		return 0;
	if (strcmp(path, "-") == 0) {
		if (p->len != 0 && fwrite(p->buf, 1, p->len, stdout) != p->len)
			return -1;
		return fflush(stdout) == 0 ? 0 : -1;
	}
	tmp = malloc(n);
	if (tmp == NULL)
		return -1;
	snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
	f = fopen(tmp, "w");
	if (f == NULL)
		goto fail;
	if ((p->len != 0 && fwrite(p->buf, 1, p->len, f) != p->len) ||
	    fclose(f) != 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	saved = errno;
	free(tmp);
	errno = saved;
	return -1;
}
