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
 * language's (site/labels/LANG.yaml).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"
#include "site.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: %s [-hvV] [-a teacher|students] [-o dir] out\n", argv0);
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

int
main(int argc, char *argv[])
{
	struct cg_site_opts o = { 0 };
	struct cg_site_stats st;
	cg_err e = { 0 };
	double t0;
	int c;

	cg_setprog(argv[0]);
	while ((c = getopt(argc, argv, "a:ho:vV")) != -1) {
		switch (c) {
		case 'a':
			if (strcmp(optarg, "teacher") != 0 && strcmp(optarg, "students") != 0) {
				warn("-a %s: the audience is teacher or students", optarg);
				usage(stderr);
				return EX_USAGE;
			}
			o.audience = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'o':
			o.dest = optarg;
			break;
		case 'v':
			cg_verbose = 1;
			break;
		case 'V':
			puts(CG_VERSION);
			return 0;
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
