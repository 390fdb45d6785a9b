/* cg-init — make a course folder outside the source tree.
 *
 * Writes DIR/course.yaml (a copy of COURSE: a file, the name of one of
 * the installed courses, or the sample course) and a three-line
 * DIR/Makefile that includes the installed Course.mk, so that a teacher
 * works in that folder with make -j4 course, make s03-lab, make site.
 * Copies of prompts/ or config/ put there override the installed ones.
 * Never overwrites a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "fsio.h"
#include "util.h"

static const struct cg_opt opts[] = {
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hV] DIR [COURSE]\n",
	opts, NULL
};

static void
usage(FILE *f, int code)
{
	cg_usage(&cli, f, code);
}

/* The course to start from: a file, an installed courses/NAME.yaml, or
 * the sample course.  Caller frees. */
static char *
template(const char *name)
{
	char *rel, *p;

	if (!name)
		name = "config/course.yaml";
	if (access(name, R_OK) == 0)
		return xstrdup(name);
	rel = strchr(name, '.') ? xasprintf("courses/%s", name) :
	    xasprintf("courses/%s.yaml", name);
	p = cg_datafile(rel);
	free(rel);
	if (!p && !(p = cg_datafile(name)))
		die(EX_NOINPUT, "%s: no such course file, nor an installed "
		    "course of that name (see %s/courses)", name, CG_DATADIR);
	return p;
}

static void
put(const char *path, const char *text)
{
	cg_err e = {0};

	if (access(path, F_OK) == 0)
		die(EX_CANTCREAT, "%s: exists; cg-init never overwrites a file",
		    path);
	if (cg_write_atomic(path, text, strlen(text), &e) < 0)
		die_err(&e);
}

int
main(int argc, char *argv[])
{
	cg_err e = {0};
	char *src, *text, *mk, *data, *bin, *path;
	const char *dir;
	int c;

	cg_setprog(argv[0]);
	while ((c = cg_getopt(argc, argv, &cli)) != -1)
		switch (c) {
		default: usage(stderr, EX_USAGE);
		}
	if (argc - optind < 1 || argc - optind > 2)
		usage(stderr, EX_USAGE);
	dir = argv[optind];
	src = template(argc - optind > 1 ? argv[optind + 1] : NULL);
	if (!(mk = cg_datafile("Course.mk")))
		die(EX_SOFTWARE, "Course.mk: not found next to the installed "
		    "programs nor in %s; reinstall cg", CG_DATADIR);
	if (!(text = cg_read_file(src, NULL, &e)))
		die_err(&e);
	/* absolute paths: the folder may be anywhere */
	data = realpath(mk, NULL);
	bin = cg_exedir();
	if (!data || !bin)
		die(EX_SOFTWARE, "cannot tell where cg is installed");
	if (cg_mkdirs(dir, &e) < 0)
		die_err(&e);
	path = xasprintf("%s/course.yaml", dir);
	put(path, text);
	free(path);
	free(text);
	text = xasprintf("COURSE = course.yaml\nBIN = %s\ninclude %s\n", bin,
	    data);
	path = xasprintf("%s/Makefile", dir);
	put(path, text);
	printf("%s: a course folder; edit %s/course.yaml, then run "
	    "make doctor and make -j4 course there\n", dir, dir);
	free(path);
	free(text);
	free(src);
	free(mk);
	free(data);
	free(bin);
	return 0;
}
