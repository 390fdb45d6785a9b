/* cg-site — build the static course website.
 *
 * Reads OUT/course.json, OUT/outline.json and the generated files under
 * OUT/sNN/; writes OUT/site/ (or -o DIR; OUT/site-students/ for the
 * students' edition, -a students or site.audience): index.html, mNN.html, per
 * session sNN.html (overview), sNN-PART.html (one per part) and
 * sNN-all.html, print.html (teacher), handout.html (students) and assets/
 * with the search index and the vendored mermaid and KaTeX, from the page
 * templates in site/templates.  The site works opened straight from disk (file://) and
 * loads nothing from the network.  Only files whose bytes change are
 * rewritten, so make can run it after every content change.  A content
 * file not generated yet is shown as such and warned about; it never
 * fails the build.  The words around the content are the course
 * language's (site/labels/LANG.yaml).  -S PORT builds it, then serves
 * it on 127.0.0.1 and rebuilds it when OUT changes, reloading the open
 * pages (serve.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "util.h"
#include "site.h"
#include "serve.h"

static const struct cg_opt opts[] = {
	{ 'a', "audience", "WHO", "teacher (the default) or students: the "
	    "students' edition, without answers" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'o', "output", "DIR", "write the site to DIR (default: OUT/site)" },
	{ 'p', "paper", NULL, "print the paper make pdf uses (a4 or letter) and exit" },
	{ 'S', "serve", "PORT", "serve the site on PORT (0: any free one), rebuilt and reloaded as OUT changes" },
	{ CG_LONGOPT, "listen", "ADDR", "with -S: listen on ADDR instead of 127.0.0.1" },
	{ 'v', "verbose", NULL, "name every file written and print a summary" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hvV] [-a teacher|students] [-o dir] out\n"
	"       %1$s -p out\n"
	"       %1$s -S port [--listen addr] [-v] [-o dir] out\n",
	opts, NULL
};

static void
usage(FILE *f)
{
	cg_usage(&cli, f, f == stdout ? 0 : EX_USAGE);
}

static void
warnmsg(const char *msg)
{
	warn("%s", msg);
}

static void
notemsg(const char *msg)
{
	cg_info("%s", msg);
}

static void
logmsg(const char *msg)
{
	fprintf(stderr, "%s: %s\n", argv0, msg);
}

static const char *served;

static void
readymsg(const char *url)
{
	printf("serving %s at %s — Ctrl-C stops\n", served, url);
	fflush(stdout);
}

/* -S: the site of o served until a signal */
static int
serve(struct cg_site_opts *o, const char *port, const char *listen)
{
	struct cg_serve_opts so = { o, listen, 0, readymsg, logmsg };
	char *end, *dest = o->dest ? NULL : xasprintf("%s/site", o->out);
	unsigned long p = strtoul(port, &end, 10);
	cg_err e = { 0 };

	if (!*port || *end || p > 65535 || *port == '-' || *port == '+')
		die(EX_USAGE, "-S %s: not a port (0 to 65535; 0: any free port)", port);
	so.port = (unsigned)p;
	served = o->dest ? o->dest : dest;
	o->warnfn = warnmsg;
	o->notefn = notemsg;
	if (cg_site_serve(&so, &e) < 0)
		die_err(&e);
	free(dest);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct cg_site_opts o = { 0 };
	struct cg_site_stats st;
	cg_err e = { 0 };
	double t0;
	const char *port = NULL, *listen = NULL;
	int c, paper = 0;

	cg_setprog(argv[0]);
	while ((c = cg_getopt(argc, argv, &cli)) != -1) {
		switch (c) {
		case 'a':
			if (strcmp(optarg, "teacher") != 0 && strcmp(optarg, "students") != 0) {
				warn("-a %s: the audience is teacher or students", optarg);
				usage(stderr);
				return EX_USAGE;
			}
			o.audience = optarg;
			break;
		case 'o':
			o.dest = optarg;
			break;
		case 'p':
			paper = 1;
			break;
		case 'S':
			port = optarg;
			break;
		case CG_LONGOPT:
			listen = optarg;
			break;
		case 'v':
			cg_verbose = 1;
			break;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return EX_USAGE;
	}
	o.out = argv[optind];
	if (paper) {	/* the paper of make pdf */
		const char *p = cg_site_paper_of(o.out, &e);
		if (!p)
			die_err(&e);
		puts(p);
		return 0;
	}
	if (port)
		return serve(&o, port, listen);
	if (listen)
		die(EX_USAGE, "--listen is for -S (serve)");
	o.warnfn = warnmsg;
	o.notefn = notemsg;
	t0 = cg_now();
	if (cg_site_build(&o, &st, &e) < 0)
		die_err(&e);
	cg_info("%d of %d pages and %d of %d assets rewritten, %d content files missing, %.1f ms",
	    st.pages_written, st.pages, st.assets_written, st.assets, st.missing,
	    (cg_now() - t0) * 1e3);
	return 0;
}
