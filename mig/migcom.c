/*
 * migcom.c: the driver of the stages: parse, check, lay out, emit.
 */
#include "migcom.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "diag.h"
#include "emit.h"
#include "output.h"
#include "parse.h"
#include "printer.h"
#include "sema.h"

void
migcom_options_init(struct migcom_options *o)
{
	memset(o, 0, sizeof *o);
	o->prefix = "";
	o->subrprefix = "";
	o->target = target_default();
}

static const char usage[] =
	"Usage: migcom [OPTION]... < FILE.defs (preprocessed)\n"
	"Compile a preprocessed Mach interface definition into RPC stubs.\n"
	"\n"
	"  -user FILE       client stubs (default SUBSYSTEMUser.c)\n"
	"  -server FILE     server stubs (default SUBSYSTEMServer.c)\n"
	"  -header FILE     user header (default SUBSYSTEM.h)\n"
	"  -sheader FILE    server header\n"
	"  -iheader FILE    internal (server) header\n"
	"  -list FILE       routine names and message ids\n"
	"  -i BASE          user stubs one routine per file, BASE<routine>.c\n"
	"  -prefix P        prefix routine names (user and server) with P\n"
	"  -subrprefix P    prefix the runtime calls of user stubs (mach_msg,\n"
	"                   mig_get_reply_port, ...) with P\n"
	"  -n               write only the files named on the command line\n"
	"  -q / -Q          suppress / show warnings (default -Q)\n"
	"  -v / -V          verbose / silent (default -V)\n"
	"  -s / -S          emit / omit a symbol table in the server (default "
	"-S)\n"
	"  -target NAME     message ABI: x86_64 (default) or i386\n"
	"  -layout FILE     dump every message layout (for tests)\n"
	"  -written FILE    list the files written (for mig -MD)\n"
	"  -input FILE      read FILE instead of standard input\n"
	"  --help, --version\n";

int
migcom_parse_args(struct migcom_options *o, int argc, char **argv, FILE *out,
		  FILE *err)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;

		if (strcmp(a, "--help") == 0) {
			fputs(usage, out);
			return 1;
		}
		if (strcmp(a, "--version") == 0) {
			fputs("migcom (mach) " PACKAGE_VERSION "\n", out);
			return 1;
		}
		if (strcmp(a, "-user") == 0)
			slot = &o->user;
		else if (strcmp(a, "-server") == 0)
			slot = &o->server;
		else if (strcmp(a, "-header") == 0)
			slot = &o->header;
		else if (strcmp(a, "-sheader") == 0)
			slot = &o->sheader;
		else if (strcmp(a, "-iheader") == 0)
			slot = &o->iheader;
		else if (strcmp(a, "-list") == 0)
			slot = &o->list;
		else if (strcmp(a, "-layout") == 0)
			slot = &o->layout;
		else if (strcmp(a, "-written") == 0)
			slot = &o->written;
		else if (strcmp(a, "-prefix") == 0)
			slot = &o->prefix;
		else if (strcmp(a, "-subrprefix") == 0)
			slot = &o->subrprefix;
		else if (strcmp(a, "-input") == 0)
			slot = &o->input;
		else if (strcmp(a, "-target") == 0) {
			if (i + 1 >= argc) {
				fprintf(err, "migcom: -target needs a name\n");
				return -1;
			}
			o->target = target_find(argv[++i]);
			if (o->target == NULL) {
				fprintf(err,
					"migcom: unknown target '%s' (x86_64, "
					"i386)\n",
					argv[i]);
				return -1;
			}
			continue;
		} else if (strcmp(a, "-i") == 0) {
			slot = &o->split_base;
		} else if (strcmp(a, "-q") == 0) {
			o->quiet = true;
			continue;
		} else if (strcmp(a, "-Q") == 0) {
			o->quiet = false;
			continue;
		} else if (strcmp(a, "-v") == 0) {
			o->verbose = true;
			continue;
		} else if (strcmp(a, "-V") == 0) {
			o->verbose = false;
			continue;
		} else if (strcmp(a, "-s") == 0) {
			o->symtab = true;
			continue;
		} else if (strcmp(a, "-S") == 0) {
			o->symtab = false;
			continue;
		} else if (strcmp(a, "-n") == 0) {
			o->no_defaults = true;
			continue;
		} else if (strcmp(a, "-r") == 0 || strcmp(a, "-R") == 0 ||
			   strcmp(a, "-t") == 0 || strcmp(a, "-T") == 0)
			continue; /* GNU MIG's no-ops */
		else {
			fprintf(err,
				"migcom: unknown option '%s' (try --help)\n",
				a);
			return -1;
		}
		if (i + 1 >= argc) {
			fprintf(err, "migcom: %s needs an argument\n", a);
			return -1;
		}
		*slot = argv[++i];
	}
	return 0;
}

/* The file named by the first cpp line marker, or "<stdin>". */
static const char *
source_name(struct diag *d, const char *text, size_t len, const char *input)
{
	const char *p = text, *end = text + len, *q;

	if (len > 0 && *p == '#') {
		while (p < end && *p != '"' && *p != '\n')
			p++;
		if (p < end && *p == '"') {
			q = memchr(p + 1, '"', (size_t)(end - p - 1));
			if (q != NULL &&
			    memchr(p, '\n', (size_t)(q - p)) == NULL)
				return diag_intern(d, p + 1,
						   (size_t)(q - p - 1));
		}
	}
	return input != NULL ? input : "<stdin>";
}

static char *
default_name(const char *base, const char *suffix)
{
	size_t n = strlen(base) + strlen(suffix) + 1;
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "%s%s", base, suffix);
	return s;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s != NULL ? s + 1 : path;
}

int
migcom_run(const struct migcom_options *o, const char *text, size_t len,
	   FILE *diagout, bool write)
{
	struct diag d;
	struct ast ast;
	struct sema_interface iface;
	struct emit_options eo;
	struct emit_ctx ctx;
	struct printer pu, ps, ph, psh, pih, pl, play;
	struct printer pw, *split = NULL;
	struct output_set outs;
	char *user = NULL, *server = NULL, *header = NULL;
	const char *uname, *sname, *hname;
	size_t i;
	int rc = -1;

	diag_init(&d, text, len, diagout);
	d.quiet = o->quiet;
	ast_init(&ast);
	printer_init(&pu);
	printer_init(&ps);
	printer_init(&ph);
	printer_init(&psh);
	printer_init(&pih);
	printer_init(&pl);
	printer_init(&play);
	printer_init(&pw);
	output_init(&outs);

	if (parse_defs(&ast, &d, text, len,
		       source_name(&d, text, len, o->input)) != 0)
		goto out;
	if (sema_check(&ast, &d, o->target, &iface) != 0)
		goto out;

	memset(&eo, 0, sizeof eo);
	eo.source = source_name(&d, text, len, o->input);
	eo.rprefix = o->prefix;
	eo.subrprefix = o->subrprefix;
	eo.symtab = o->symtab;
	eo.target = o->target;
	if (!o->no_defaults) {
		user = default_name(iface.name, "User.c");
		server = default_name(iface.name, "Server.c");
		header = default_name(iface.name, ".h");
		if (user == NULL || server == NULL || header == NULL)
			goto out;
	}
	uname = o->user != NULL ? o->user : user;
	sname = o->server != NULL ? o->server : server;
	hname = o->header != NULL ? o->header : header;
	eo.user_header = hname != NULL ? base_name(hname)
				       : default_name(iface.name, ".h");
	if (eo.user_header == NULL)
		goto out;
	if (hname == NULL)
		header = (char *)eo.user_header;
	eo.server_header = o->sheader != NULL ? base_name(o->sheader) : NULL;
	emit_prepare(&ctx, &iface, &eo, &ast);
	if (o->verbose) {
		/* -v: what was understood, one line per routine */
		fprintf(diagout, "mig: subsystem %s%s%s, base %u, target %s\n",
			iface.name, iface.kernel_user ? " KernelUser" : "",
			iface.kernel_server ? " KernelServer" : "", iface.base,
			o->target->name);
		for (i = 0; i < iface.nroutines; i++)
			if (iface.routines[i] != NULL)
				fprintf(diagout,
					"mig: %s %s: msgh_id %u, request %u "
					"bytes%s\n",
					iface.routines[i]->simple
						? "simpleroutine"
						: "routine",
					iface.routines[i]->name,
					iface.routines[i]->id,
					ctx.layouts[i].request.max_size,
					ctx.layouts[i].request.fixed
						? ""
						: " at most");
	}

	if (o->split_base != NULL)
		uname = NULL; /* -i replaces the user file */
	if (uname != NULL)
		emit_user(&pu, &ctx);
	if (sname != NULL)
		emit_server(&ps, &ctx);
	if (hname != NULL)
		emit_user_header(&ph, &ctx);
	if (o->sheader != NULL)
		emit_server_header(&psh, &ctx);
	if (o->iheader != NULL)
		emit_server_header(&pih, &ctx);
	if (o->list != NULL)
		emit_list(&pl, &ctx);
	if (o->layout != NULL)
		emit_layout(&play, &ctx);
	if (!write) {
		rc = 0;
		goto out;
	}
	/* Every output, all or none (-i's files, then the rest, then the
	 * list of what was written for the driver's -MD). */
	if (o->split_base != NULL) {
		split = calloc(iface.nroutines + 1, sizeof *split);
		if (split == NULL)
			goto out;
		for (i = 0; i < iface.nroutines; i++) {
			char *name;
			size_t n;
			printer_init(&split[i]);
			if (iface.routines[i] == NULL)
				continue;
			n = strlen(o->split_base) +
			    strlen(iface.routines[i]->name) + 3;
			name = malloc(n);
			if (name == NULL)
				goto out;
			snprintf(name, n, "%s%s.c", o->split_base,
				 iface.routines[i]->name);
			emit_user_one(&split[i], &ctx, i);
			output_add(&outs, name, &split[i]);
			printer_raw(&pw, " %s", name);
			free(name);
		}
	}
	{
		const struct {
			const char *name;
			struct printer *p;
		} files[] = {
			{ hname, &ph },       { uname, &pu },
			{ sname, &ps },       { o->sheader, &psh },
			{ o->iheader, &pih }, { o->list, &pl },
			{ o->layout, &play },
		};
		struct printer pnames;
		printer_init(&pnames);
		for (i = 0; i < sizeof files / sizeof files[0]; i++) {
			if (files[i].name == NULL)
				continue;
			output_add(&outs, files[i].name, files[i].p);
			/* in the order GNU MIG's driver lists its outputs;
			 * the layout dump is ours, not a make target */
			if (files[i].p != &play &&
			    strcmp(files[i].name, "/dev/null") != 0 &&
			    strcmp(files[i].name, "-") != 0)
				printer_raw(&pnames, " %s", files[i].name);
		}
		/* -i's files come after the others */
		if (pw.len != 0)
			printer_raw(&pnames, "%.*s", (int)pw.len, pw.buf);
		printer_free(&pw);
		pw = pnames;
	}
	printer_raw(&pw, "\n");
	if (o->written != NULL)
		output_add(&outs, o->written, &pw);
	if (output_commit(&outs, diagout) != 0)
		goto out;
	rc = 0;
out:
	printer_free(&pu);
	printer_free(&ps);
	printer_free(&ph);
	printer_free(&psh);
	printer_free(&pih);
	printer_free(&pl);
	printer_free(&play);
	printer_free(&pw);
	output_free(&outs);
	for (i = 0; split != NULL && i < iface.nroutines; i++)
		printer_free(&split[i]);
	free(split);
	if (header != NULL && header != user)
		free(header);
	free(user);
	free(server);
	ast_free(&ast);
	diag_free(&d);
	return rc;
}
