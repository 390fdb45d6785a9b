/* cli.c — a tool's options from one table (cli.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"

#ifndef CG_VERSION
#define CG_VERSION "unknown"
#endif

/* getopt_long's tables, made once per cli */
static const struct cg_cli *built;
static char *shortopts;
static struct option *longopts;

static const struct cg_opt *
find(const struct cg_cli *cli, int ch)
{
	const struct cg_opt *o;

	for (o = cli->opts; o->ch; o++)
		if (o->ch == ch)
			return o;
	return NULL;
}

static void
build(const struct cg_cli *cli)
{
	const struct cg_opt *o;
	size_t n = 0, i = 0, s = 0;

	if (built == cli)
		return;
	for (o = cli->opts; o->ch; o++)
		n++;
	n += cli->old ? strlen(cli->old) / 2 : 0;
	free(shortopts);
	free(longopts);
	shortopts = xmalloc(2 * n + 2);
	longopts = xcalloc(n + 1, sizeof *longopts);
	shortopts[s++] = ':';	/* a missing argument is answered here */
	for (o = cli->opts; o->ch; o++) {
		if (o->ch < CG_LONGOPT) {
			shortopts[s++] = (char)o->ch;
			if (o->arg)
				shortopts[s++] = ':';
		}
		if (o->name) {
			longopts[i].name = o->name;
			longopts[i].has_arg = o->arg ? required_argument :
			    no_argument;
			longopts[i].val = o->ch;
			i++;
		}
	}
	for (i = 0; cli->old && cli->old[i] && cli->old[i + 1]; i += 2) {
		shortopts[s++] = cli->old[i];
		if ((o = find(cli, cli->old[i + 1])) && o->arg)
			shortopts[s++] = ':';
	}
	shortopts[s] = '\0';
	built = cli;
}

/* "-c, --course=COURSE.json" */
static void
head(const struct cg_opt *o, char *b, size_t n)
{
	const char *a = o->arg ? o->arg : "";
	const char *eq = o->arg ? (o->name ? "=" : " ") : "";

	if (o->ch < CG_LONGOPT && o->name)
		snprintf(b, n, "-%c, --%s%s%s", o->ch, o->name, eq, a);
	else if (o->ch < CG_LONGOPT)
		snprintf(b, n, "-%c%s%s", o->ch, eq, a);
	else
		snprintf(b, n, "    --%s%s%s", o->name, eq, a);
}

void
cg_usage(const struct cg_cli *cli, FILE *f, int code)
{
	const struct cg_opt *o;
	char b[128];
	int w = 0, l;

	fprintf(f, cli->usage, argv0);
	if (f == stdout) {
		for (o = cli->opts; o->ch; o++) {
			head(o, b, sizeof b);
			if ((l = (int)strlen(b)) > w)
				w = l;
		}
		fputc('\n', f);
		for (o = cli->opts; o->ch; o++) {
			head(o, b, sizeof b);
			fprintf(f, "  %-*s  %s\n", w, b, o->help);
		}
	} else {
		fprintf(f, "Run '%s --help' for the options.\n", argv0);
	}
	exit(code);
}

/* the new letter of an old one, or NULL */
static const char *
renamed(const struct cg_cli *cli, int ch)
{
	const char *p;

	for (p = cli->old; p && p[0] && p[1]; p += 2)
		if (*p == ch)
			return p + 1;
	return NULL;
}

/* the option getopt_long stopped at, as the user wrote it: an unknown
 * long option has no optopt */
static void
bad(const struct cg_cli *cli, char *argv[], int ch)
{
	const struct cg_opt *o = optopt ? find(cli, optopt) : NULL;

	if (!o && optopt && renamed(cli, optopt))
		o = find(cli, *renamed(cli, optopt));
	const char *a = argv[optind - 1];

	if (ch == ':' && !strncmp(a, "--", 2))
		warn("%s needs an argument%s%s", a, o ? ": " : "",
		    o ? o->arg : "");
	else if (ch == ':')
		warn("-%c needs an argument%s%s", optopt, o ? ": " : "",
		    o ? o->arg : "");
	else if (o && o->name)
		warn("--%s takes no argument", o->name);
	else if (optopt && optopt < CG_LONGOPT)
		warn("-%c: no such option", optopt);
	else
		warn("%s: no such option", a);
	cg_usage(cli, stderr, EX_USAGE);
}

int
cg_getopt(int argc, char *argv[], const struct cg_cli *cli)
{
	const char *s;
	int ch;

	build(cli);
	opterr = 0;
	ch = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (ch == -1)
		return -1;
	if (ch == '?' || ch == ':' || (!find(cli, ch) && !renamed(cli, ch)))
		bad(cli, argv, ch);
	if ((s = renamed(cli, ch))) {
		warn("-%c is now -%c; -%c will go in the next release",
		    ch, *s, ch);
		ch = *s;
	}
	if (ch == 'h' && find(cli, 'h'))
		cg_usage(cli, stdout, 0);
	if (ch == 'V' && find(cli, 'V')) {
		printf("%s %s\n", argv0, CG_VERSION);
		exit(0);
	}
	return ch;
}
