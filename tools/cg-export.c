/* cg-export — the course in the formats learning platforms import.
 *
 * Reads a generated course directory OUT (outline.json, course.json and
 * the files under OUT/sNN/), or for the quiz formats a single
 * questions.json (a file operand, or standard input), and writes one
 * format: Moodle GIFT or XML, an IMS QTI 1.2 package, an IMS Common
 * Cartridge, an Anki import file, an EPUB book or one self-contained HTML
 * file.  Written atomically to -o FILE, or to standard output.  Text is
 * exported as generated, only escaped as each format requires; `make
 * export` writes every format into OUT/export/.  For the formats that
 * show pictures (epub, cc, html) the diagrams are drawn first, once
 * (cg_export_draw: OUT/export/diagrams/), and the counts said.  The
 * words around the content are the course language's (site/labels);
 * -a students writes the students' edition of the book and the one HTML
 * file, without the answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "util.h"
#include "fsio.h"
#include "export.h"

static const struct cg_opt opts[] = {
	{ 'a', "audience", "WHO", "teacher (the default) or students: the "
	    "students' edition of epub and html, without answers" },
	{ 'F', "format", "FORMAT", "the format to write (required; see cg-export(1))" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'o', "output", "FILE", "write to FILE, atomically, not standard output" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hV] [-a teacher|students] -F format [-o file] [out | questions.json]\n",
	opts, "fF"
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

/* The formats, for messages: "gift, moodle-xml, …" (static storage). */
static const char *
formats(int quizonly)
{
	static char buf[2][160];
	const struct cg_export_format *f;
	char *b = buf[quizonly != 0];
	size_t n = 0;

	b[0] = 0;
	for (f = cg_export_formats; f->name; f++)
		if ((!quizonly || f->quiz) && n < sizeof buf[0])
			n += (size_t)snprintf(b + n, sizeof buf[0] - n, "%s%s",
			    n ? ", " : "", f->name);
	return b;
}

static const struct cg_export_format *
format(const char *name)
{
	const struct cg_export_format *f = cg_export_find(name), *best = NULL;
	int d, bd = 3;
	const char *all;

	if (f)
		return f;
	for (f = cg_export_formats; f->name; f++)
		if ((d = cg_editdist(name, f->name)) < bd)
			bd = d, best = f;
	all = formats(0);
	if (best)
		warn("-F %s: unknown format; did you mean %s? (one of: %s)", name,
		    best->name, all);
	else
		warn("-F %s: unknown format; use one of: %s", name, all);
	exit(EX_USAGE);
}

int
main(int argc, char *argv[])
{
	const struct cg_export_format *f = NULL;
	cg_export_course c = { 0 };
	const char *o = NULL, *in = NULL, *who = "teacher";
	struct stat sb;
	cg_err e = { 0 };
	char *buf;
	size_t len = 0;
	int ch;

	cg_setprog(argv[0]);
	while ((ch = cg_getopt(argc, argv, &cli)) != -1) {
		switch (ch) {
		case 'a':
			if (strcmp(optarg, "teacher") != 0 && strcmp(optarg, "students") != 0) {
				warn("-a %s: the audience is teacher or students", optarg);
				usage(stderr);
				return EX_USAGE;
			}
			who = optarg;
			break;
		case 'F':
			f = format(optarg);
			break;
		case 'o':
			o = optarg;
			break;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (!f || argc - optind > 1) {
		if (!f)
			warn("-F format is required: one of %s", formats(0));
		usage(stderr);
		return EX_USAGE;
	}
	if (optind < argc)
		in = argv[optind];
	if (f->binary && (!o || !strcmp(o, "-")) && isatty(STDOUT_FILENO))
		die(EX_USAGE, "-F %s writes a zip archive: give -o file or redirect "
		    "standard output", f->name);
	c.warnfn = warnmsg;
	if (in && stat(in, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (cg_export_load(&c, in, &e) < 0)
			die_err(&e);
	} else if (in && access(in, F_OK) != 0) {
		die(EX_NOINPUT, "%s: no such course directory or questions.json; "
		    "generate the course first (make course)", in);
	} else {
		if (!f->quiz)
			die(EX_USAGE, "-F %s: needs a course directory, not a single "
			    "questions.json (quiz formats: %s)", f->name, formats(1));
		if (cg_export_load_quiz(&c, in, &e) < 0)
			die_err(&e);
	}
	c.students = strcmp(who, "students") == 0;
	if (c.students && !f->edition)
		die(EX_USAGE, "-a students: -F %s has no students' edition (epub and html have)",
		    f->name);
	if (f->pics && !c.quizonly) {
		cg_export_draw(&c);
		int text = c.pics.n - c.pics.drawn - c.pics.cached;
		if (c.pics.n && text)
			warn("%d diagram%s: %d drawn, %d already drawn, %d shown as text",
			    c.pics.n, c.pics.n == 1 ? "" : "s", c.pics.drawn,
			    c.pics.cached, text);
		else if (c.pics.drawn)	/* all drawn before: nothing to say */
			warn("%d diagram%s: %d drawn, %d already drawn in %s", c.pics.n,
			    c.pics.n == 1 ? "" : "s", c.pics.drawn, c.pics.cached,
			    c.pics.dir);
	}
	if (!(buf = f->fn(&c, &len, &e))) {
		if (e.code == EX_NOINPUT && in)
			die(e.code, "%s: %s", in, e.msg);
		die_err(&e);
	}
	if (cg_write_output(o, buf, len, &e) < 0)
		die_err(&e);
	free(buf);
	cg_export_free(&c);
	return 0;
}
