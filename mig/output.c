/*
 * output.c: writing a set of outputs all or none (see output.h).
 */
#include "output.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
output_init(struct output_set *s)
{
	memset(s, 0, sizeof *s);
}

void
output_add(struct output_set *s, const char *path, const struct printer *text)
{
	struct output_file *f;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		f = realloc(s->files, cap * sizeof *f);
		if (f == NULL) {
			s->failed = 1;
			return;
		}
		s->files = f;
		s->cap = cap;
	}
	f = &s->files[s->n];
	memset(f, 0, sizeof *f);
	f->path = strdup(path);
	f->text = text;
	if (f->path == NULL) {
		s->failed = 1;
		return;
	}
	s->n++;
}

static int
special(const char *path)
{
	return strcmp(path, "-") == 0 || strcmp(path, "/dev/null") == 0;
}

/* PATH with SUFFIX and our pid appended, or NULL. */
static char *
beside(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 24;
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "%s.%s%ld", path, suffix, (long)getpid());
	return s;
}

/* Write F's text to a temporary beside it. */
static int
stage(struct output_file *f)
{
	FILE *fp;
	const struct printer *p = f->text;
	bool bad;
	int saved;

	if (p->failed) {
		errno = ENOMEM;
		return -1;
	}
	f->tmp = beside(f->path, "tmp");
	if (f->tmp == NULL)
		return -1;
	fp = fopen(f->tmp, "w");
	if (fp == NULL)
		goto fail;
	bad = p->len != 0 && fwrite(p->buf, 1, p->len, fp) != p->len;
	if (fclose(fp) != 0)
		bad = true;
	if (bad) {
		saved = errno;
		unlink(f->tmp);
		errno = saved;
		goto fail;
	}
	return 0;
fail:
	saved = errno;
	free(f->tmp);
	f->tmp = NULL;
	errno = saved;
	return -1;
}

/* Put F's staged copy in place, keeping what was there as F->old. */
static int
install(struct output_file *f)
{
	int saved;

	if (access(f->path, F_OK) == 0) {
		f->old = beside(f->path, "old");
		if (f->old == NULL)
			return -1;
		if (link(f->path, f->old) != 0) {
			saved = errno;
			free(f->old);
			f->old = NULL;
			errno = saved;
			return -1;
		}
	}
	if (rename(f->tmp, f->path) != 0)
		return -1;
	free(f->tmp);
	f->tmp = NULL;
	return 0;
}

/* Undo install(): the previous file back, or no file. */
static void
restore(struct output_file *f)
{
	if (f->old != NULL) {
		rename(f->old, f->path);
		free(f->old);
		f->old = NULL;
	} else {
		unlink(f->path);
	}
}

static void
discard(struct output_file *f)
{
	if (f->tmp != NULL) {
		unlink(f->tmp);
		free(f->tmp);
		f->tmp = NULL;
	}
}

int
output_commit(struct output_set *s, FILE *diag)
{
	size_t i, j, bad;

	if (s->failed) {
		fprintf(diag, "mig: out of memory\n");
		return -1;
	}
	for (i = 0; i < s->n; i++)
		if (!special(s->files[i].path) && stage(&s->files[i]) != 0)
			goto unstage;
	for (i = 0; i < s->n; i++)
		if (!special(s->files[i].path) && install(&s->files[i]) != 0)
			goto uninstall;
	for (i = 0; i < s->n; i++) {
		struct output_file *f = &s->files[i];
		if (f->old != NULL) {
			unlink(f->old);
			free(f->old);
			f->old = NULL;
		}
	}
	for (i = 0; i < s->n; i++) {
		const struct printer *p = s->files[i].text;
		if (strcmp(s->files[i].path, "-") != 0)
			continue;
		if ((p->len != 0 &&
		     fwrite(p->buf, 1, p->len, stdout) != p->len) ||
		    fflush(stdout) != 0) {
			fprintf(diag, "mig: cannot write -: %s\n",
				strerror(errno));
			return -1;
		}
	}
	return 0;
uninstall:
	fprintf(diag, "mig: cannot write %s: %s\n", s->files[i].path,
		strerror(errno));
	bad = i;
	for (j = 0; j < bad; j++)
		if (!special(s->files[j].path))
			restore(&s->files[j]);
	if (s->files[bad].old != NULL) {
		unlink(s->files[bad].old);
		free(s->files[bad].old);
		s->files[bad].old = NULL;
	}
	for (j = 0; j < s->n; j++)
		discard(&s->files[j]);
	return -1;
unstage:
	fprintf(diag, "mig: cannot write %s: %s\n", s->files[i].path,
		strerror(errno));
	for (j = 0; j < s->n; j++)
		discard(&s->files[j]);
	return -1;
}

void
output_free(struct output_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		discard(&s->files[i]);
		free(s->files[i].old);
		free(s->files[i].path);
	}
	free(s->files);
	memset(s, 0, sizeof *s);
}
