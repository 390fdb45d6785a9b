/* cg-status — what a course folder holds and what the next run would do.
 *
 * Reads OUT (outline.json, the sessions' files and the notes beside
 * them) and, on standard input, what make -n -k --debug=b files says
 * of them (Course.mk pipes it), and prints for every file of the plan
 * whether it is written, imperfect, failed, edited by hand, out of date
 * (and which input changed) or not made yet, then what the next make
 * course would do: how many files it would ask the model for, and about
 * how long that takes at the last run's speed.  It asks nothing and, but
 * for the digests (-d, -D), writes nothing.  The small jobs of the
 * course build that need to know which files are cg's live here too:
 *   -a  before a run: announce the files remade because a hand-edited
 *       file changed what they read, and print how many files the run
 *       makes (the progress lines' N);
 *   -q  after a rendering goal: one line saying what is out of date;
 *   -d  bring the digests of the files named up to date (digest.h);
 *   -D  the same for every file of OUT that has readers;
 *   -k  keep the files named as they are (make sNN-KIND KEEP=1);
 *   -x  remove what cg made in OUT, keeping hand-edited files (-A: all).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"
#include "course.h"
#include "digest.h"
#include "fsio.h"
#include "json.h"
#include "kinds.h"
#include "outline.h"
#include "progress.h"
#include "util.h"

static int aflag, qflag, xflag, Aflag;

static const struct cg_opt opts[] = {
	{ 'a', "count", NULL, "before a run: print how many files it will make" },
	{ 'A', "all", NULL, "with -x: remove hand-edited files too" },
	{ 'd', "digest", NULL, "bring the digests of the files named up to date" },
	{ 'D', "digests", NULL, "the same for every file of OUT that others read" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'k', "keep", NULL, "keep the files named as they are (as hand-edited)" },
	{ 'q', "quiet", NULL, "one line: how many files are out of date or not made" },
	{ 'x', "clean", NULL, "remove what cg made in OUT (make clean-course)" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-ahqV] out\n"
	"       %1$s -d file ...\n"
	"       %1$s -D out\n"
	"       %1$s -k file ...\n"
	"       %1$s -x [-A] out\n",
	opts, NULL
};

static void
usage(FILE *f, int code)
{
	cg_usage(&cli, f, code);
}

/* One file of the plan. */
struct file {
	char *path;		/* OUT/s01/lab.md */
	char *rel;		/* s01/lab.md */
	int   remake;		/* make would make it */
	char *why;		/* the newer prerequisite make named, or NULL */
	int   also;		/* a second file written from the same reply
				 * (questions.md): it costs no request */
};

static struct file *files;
static size_t nfiles;

static void
add(const char *out, const char *sid, const char *f, int also)
{
	files = xrealloc(files, (nfiles + 1) * sizeof *files);
	files[nfiles].path = xasprintf("%s/%s/%s", out, sid, f);
	files[nfiles].rel = xasprintf("%s/%s", sid, f);
	files[nfiles].remake = 0;
	files[nfiles].why = NULL;
	files[nfiles].also = also;
	nfiles++;
}

static void
planned(void *arg, const char *sid, const char *file, int also)
{
	add(arg, sid, file, also);
}

/* The plan's files: every kind's file of every session of outline.json,
 * and the second files written with them (the summary's count: the
 * outline not included). */
static void
plan(const char *out)
{
	char *p = xasprintf("%s/outline.json", out), sid[8];
	cg_err e = {0};
	cg_buf probs = {0};
	cJSON *o = cg_json_load(p, &e);
	int ns, n;

	if (!o && e.code != EX_NOINPUT)	/* there, but not JSON */
		die(EX_DATAERR, "%s; fix it, or delete it and run make course to "
		    "have a new one made", e.msg);
	if (o && cg_outline_validate(o, &probs))
		die(EX_DATAERR, "%s: not a usable outline; fix these in it, or "
		    "delete it and run make course to have a new one made:\n%s",
		    p, probs.s);
	free(p);
	cg_buf_free(&probs);
	ns = o ? cg_outline_nsessions(o) : 0;
	cJSON_Delete(o);
	for (n = 1; n <= ns; n++) {
		cg_outline_sid(n, sid);
		cg_course_plan(out, sid, 0, planned, (void *)out);
	}
}

static struct file *
find(const char *path)
{
	size_t i;

	for (i = 0; i < nfiles; i++)
		if (!strcmp(files[i].path, path))
			return &files[i];
	return NULL;
}

/* The quoted name in a line of make's debug output after key, or NULL. */
static char *
quoted(const char *line, const char *key)
{
	const char *a = strstr(line, key), *z;

	if (!a || !(a = strchr(a + strlen(key), '\'')) ||
	    !(z = strchr(a + 1, '\'')))
		return NULL;
	return xstrndup(a + 1, (size_t)(z - a - 1));
}

/* Read make -n --debug=b: "Prerequisite 'P' is newer than target 'T'."
 * and "Must remake target 'T'." lines. */
static void
readmake(FILE *in)
{
	char *line = NULL, *t, *p;
	size_t cap = 0;
	struct file *f;

	while (getline(&line, &cap, in) > 0) {
		if ((p = quoted(line, "Prerequisite ")) && strstr(line,
		    "is newer than target") && (t = quoted(strstr(line,
		    "newer than target"), "target"))) {
			if ((f = find(t)) && !f->why)
				f->why = xstrdup(p);
			free(t);
		} else if ((t = quoted(line, "Must remake target "))) {
			if ((f = find(t)))
				f->remake = 1;
			free(t);
		}
		free(p);
	}
	free(line);
}

static int
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int
note(const char *path, const char *what)
{
	char *p = cg_digest_path(path, what);
	int r = exists(p);

	free(p);
	return r;
}

/* What changed, in words, for a file make would make again. */
static char *
because(const struct file *f, const char *out)
{
	const char *w = f->why, *b;
	size_t lo = strlen(out);

	if (!w)
		return xstrdup("asked for again");
	b = strrchr(w, '/');
	b = b ? b + 1 : w;
	if (*b == '.' && strstr(b, ".digest")) {
		/* s01/.lecture.md.digest: what it reads of the lecture */
		const char *s = !strncmp(w, out, lo) && w[lo] == '/' ? w + lo +
		    1 : w;
		return xasprintf("%.*s%.*s changed", (int)(b - s), s,
		    (int)(strstr(b, ".digest") - b - 1), b + 1);
	}
	if (!strcmp(b, "session.json"))
		return xstrdup("its session in the outline or the course "
		    "settings changed");
	return xasprintf("%s changed", w);
}

/* Seconds per generated file at the last run's speed: the mean time of
 * the requests the call log holds (0 when it holds none). */
static double
pace(const char *out)
{
	char *p = xasprintf("%s/log/calls.jsonl", out), *t, *l, *save = NULL;
	double sum = 0;
	int n = 0;

	t = cg_read_file(p, NULL, NULL);
	free(p);
	for (l = t ? strtok_r(t, "\n", &save) : NULL; l; l = strtok_r(NULL,
	    "\n", &save)) {
		cJSON *j;
		if (strstr(l, "\"event\"") || !strstr(l, "\"status\":\"ok\""))
			continue;
		if ((j = cJSON_Parse(l))) {
			sum += cg_json_getn(j, "duration", 0);
			n++;
			cJSON_Delete(j);
		}
	}
	free(t);
	return n ? sum / n : 0;
}

/* make's -jN, from MAKEFLAGS (1 when none). */
static int
jobs(void)
{
	const char *m = getenv("MAKEFLAGS"), *j;
	int n;

	if (!m || !(j = strstr(m, "-j")) || (n = atoi(j + 2)) < 1)
		return 1;
	return n;
}

/* Files make would make that would cost a request: a hand-edited file
 * is kept without one. */
static int
todo(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < nfiles; i++)
		n += files[i].remake && !files[i].also &&
		    !cg_guard_check(files[i].path);
	return n;
}

/* A word about OUT/outline.md when it was edited: make never reads it. */
static void
outline_md(const char *out, FILE *f)
{
	char *p = xasprintf("%s/outline.md", out);

	if (cg_outline_md_edited(p))
		fprintf(f, "%s: edited by hand, but make reads %s/outline.json, "
		    "not this view of it: make the change there, then delete "
		    "outline.md\n", p, out);
	free(p);
}

/* -a: announce, once, the files remade because a hand-edited file
 * changed what they read; print the run's count. */
static void
announce(const char *out)
{
	size_t i, j;
	double sec = pace(out);
	char t[32];

	for (i = 0; i < nfiles; i++) {
		struct file *src = &files[i];
		int n = 0;
		const char *one = NULL;
		if (!exists(src->path) || !cg_guard_check(src->path))
			continue;
		for (j = 0; j < nfiles; j++) {
			char *d = cg_digest_path(src->path, "digest");
			if (files[j].remake && !files[j].also && files[j].why &&
			    !strcmp(files[j].why, d) &&
			    !cg_guard_check(files[j].path)) {
				n++;
				one = files[j].rel;
			}
			free(d);
		}
		if (!n)
			continue;
		cg_progress_span(t, sizeof t, sec * n / jobs());
		fprintf(stderr, "%s: %s edited: remaking %d file%s built from "
		    "it%s%s%s; make %.*s-%.*s KEEP=1 keeps one as it is\n",
		    argv0, src->rel, n, n > 1 ? "s" : "", sec > 0 ?
		    ", about " : "", sec > 0 ? t : "", sec > 0 ?
		    " at the last run's speed" : "", (int)strcspn(one, "/"), one,
		    (int)(strrchr(one, '.') - strchr(one, '/') - 1),
		    strchr(one, '/') + 1);
	}
	outline_md(out, stderr);
	printf("%d\n", todo());
}

/* -q: the closing line of a rendering goal. */
static void
stale(const char *out)
{
	size_t i;
	int old = 0, notyet = 0, failed = 0;

	for (i = 0; i < nfiles; i++) {
		if (files[i].also)	/* made with its first file */
			continue;
		if (!exists(files[i].path))
			*(note(files[i].path, "failed") ? &failed : &notyet) += 1;
		else if (files[i].remake && !cg_guard_check(files[i].path))
			old++;
	}
	if (old)
		printf("%d file%s older than what %s built from: make course "
		    "remakes %s\n", old, old > 1 ? "s are" : " is", old > 1 ?
		    "they are" : "it is", old > 1 ? "them" : "it");
	if (notyet || failed)
		printf("%d file%s not made yet%s%.0d%s: make course makes "
		    "%s\n", notyet + failed, notyet + failed > 1 ? "s" : "",
		    failed ? " (" : "", failed, failed ? " failed last time)" :
		    "", notyet + failed > 1 ? "them" : "it");
	outline_md(out, stdout);
}

/* The report of make status. */
static void
report(const char *out)
{
	char *p = xasprintf("%s/outline.json", out), t[32];
	size_t i;
	int n = 0, w = 0;
	double sec;

	printf("%s\n", out);
	outline_md(out, stdout);
	printf("  %-24s %s\n", "outline.json", exists(p) ? cg_guard_check(p) ?
	    "edited by hand" : "written" : "not made yet");
	free(p);
	for (i = 0; i < nfiles; i++) {
		struct file *f = &files[i];
		const char *state;
		char *why = NULL;
		if (!exists(f->path))
			state = note(f->path, "failed") ? "failed" :
			    "not made yet";
		else if (cg_guard_check(f->path))
			state = "edited by hand (kept)";
		else if (f->remake)
			state = why = because(f, out);
		else if (note(f->path, "imperfect"))
			state = "imperfect";
		else
			state = "written";
		if (f->remake && why) {
			char *s = xasprintf("out of date: %s", why);
			free(why);
			state = why = s;
		}
		printf("  %-24s %s\n", f->rel, state);
		free(why);
		w += exists(f->path);
	}
	n = todo();
	sec = pace(out);
	cg_progress_span(t, sizeof t, sec * n / jobs());
	printf("%d of %zu files written; ", w, nfiles);
	if (!n)
		printf("make course has nothing to do\n");
	else
		printf("make course would make %d file%s%s%s%s\n", n, n > 1 ?
		    "s" : "", sec > 0 ? ", about " : "", sec > 0 ? t : "",
		    sec > 0 ? " at the last run's speed" : "");
}

/* -k: keep path as it is: without its record of what cg wrote it counts
 * as edited by hand, and is touched so make sees it up to date. */
static int
pin(const char *path)
{
	char *sum = cg_digest_path(path, "sum");

	if (!exists(path)) {
		warn("%s: not made yet, so there is nothing to keep; make it "
		    "first", path);
		free(sum);
		return EX_NOINPUT;
	}
	if (unlink(sum) < 0 && errno != ENOENT)
		die(EX_IOERR, "%s:", sum);
	cg_touch(path);
	fprintf(stderr, "%s: kept as it is; cg now treats it as edited by "
	    "hand (delete it to have it made again)\n", path);
	free(sum);
	return 0;
}

/* Names cg writes in OUT (besides the sessions' files and notes). */
static int
ours(const char *name)
{
	static const char *const n[] = { "course.json", "course.mk",
	    "outline.mk", "site.mk", "outline-key.json", "outline.json",
	    "outline.md",
	    ".lock", "course.pdf", "handout.pdf", ".outline.json.sum",
	    ".outline.md.sum", NULL };
	int i;

	for (i = 0; n[i]; i++)
		if (!strcmp(name, n[i]))
			return 1;
	return 0;
}

static void
rmtree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char *p;
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", path, de->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rmtree(p);
		else if (unlink(p) < 0)
			warn("%s:", p);
		free(p);
	}
	if (d)
		closedir(d);
	if (rmdir(path) < 0 && errno != ENOENT)
		warn("%s:", path);
}

/* Whether a session directory's entry n stays: a file of a kind (or the
 * quiz's markdown) stays when edited by hand, a note (.NAME.WHAT) when
 * its NAME stays, session.json never, anything else (not cg's) always. */
static int
stays(const char *dir, const char *n, int *foreign)
{
	char *p, *base;
	int r;

	*foreign = 0;
	if (*n == '.' && strrchr(n, '.') != n) {
		base = xasprintf("%.*s", (int)(strrchr(n, '.') - n - 1), n + 1);
		r = stays(dir, base, foreign) && !*foreign;
		*foreign = 0;
		free(base);
		return r;
	}
	if (!strcmp(n, "session.json"))
		return 0;
	if (!cg_digest_kind(n) && strcmp(n, "questions.md")) {
		*foreign = 1;
		return 1;
	}
	p = xasprintf("%s/%s", dir, n);
	r = !Aflag && exists(p) && cg_guard_check(p);
	free(p);
	return r;
}

/* A session directory: every entry is judged before any is removed (a
 * file's record of what was written goes with it). */
static int
cleansession(const char *dir, int *kept, int *foreign)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	int *keep = NULL, left = 0, f;

	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
	if (d)
		closedir(d);
	keep = xcalloc(n ? n : 1, sizeof *keep);
	for (i = 0; i < n; i++) {
		keep[i] = stays(dir, names[i], &f);
		if (keep[i] && names[i][0] != '.') {
			fprintf(stderr, "%s: %s/%s: %s; kept\n", argv0, dir,
			    names[i], f ? "not cg's" : "edited by hand");
			(*(f ? foreign : kept))++;
		}
	}
	for (i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);
		if (keep[i])
			left++;
		else if (unlink(p) < 0)
			warn("%s:", p);
		free(p);
		free(names[i]);
	}
	free(names);
	free(keep);
	if (!left)
		rmdir(dir);
	return left;
}

/* -x: clean-course. */
static int
clean(const char *out)
{
	DIR *d = opendir(out);
	struct dirent *de;
	int kept = 0, foreign = 0, left = 0;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		die(EX_NOINPUT, "%s:", out);
	}
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		char *p;
		struct stat st;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		p = xasprintf("%s/%s", out, n);
		if (lstat(p, &st) < 0) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode) && (!strcmp(n, "site") ||
		    !strcmp(n, "log") || !strcmp(n, "export") ||
		    !strcmp(n, "outline")))
			rmtree(p);
		else if (S_ISDIR(st.st_mode) && n[0] == 's' && n[1] &&
		    strspn(n + 1, "0123456789") == strlen(n + 1))
			left += cleansession(p, &kept, &foreign) > 0;
		else if (ours(n) && (Aflag || strcmp(n, "outline.json") ||
		    !cg_guard_check(p))) {
			if (unlink(p) < 0)
				warn("%s:", p);
		} else if (!ours(n) || strcmp(n, ".outline.json.sum")) {
			fprintf(stderr, "%s: %s: %s; kept\n", argv0, p,
			    ours(n) ? "edited by hand" : "not cg's");
			*(ours(n) ? &kept : &foreign) += 1;
			left++;
		}
		free(p);
	}
	closedir(d);
	if (!left)
		rmdir(out);
	if (kept)
		fprintf(stderr, "%s: %s: %d file%s edited by hand kept; make "
		    "clean-course ALL=1 removes %s too\n", argv0, out, kept,
		    kept > 1 ? "s" : "", kept > 1 ? "them" : "it");
	return 0;
}

/* -D: every digest of OUT up to date. */
static int
digests(const char *out)
{
	size_t i;
	cg_err e = {0};
	int rc = 0;

	for (i = 0; i < nfiles; i++)
		if (cg_digest_update(files[i].path, &e) < 0) {
			warn("%s", e.msg);
			rc = e.code;
		}
	(void)out;
	return rc;
}

int
main(int argc, char *argv[])
{
	int c, dflag = 0, Dflag = 0, kflag = 0, rc = 0;
	cg_err e = {0};
	const char *out;

	cg_setprog(argv[0]);
	while ((c = cg_getopt(argc, argv, &cli)) != -1)
		switch (c) {
		case 'a': aflag = 1; break;
		case 'A': Aflag = 1; break;
		case 'd': dflag = 1; break;
		case 'D': Dflag = 1; break;
		case 'k': kflag = 1; break;
		case 'q': qflag = 1; break;
		case 'x': xflag = 1; break;
		default: usage(stderr, EX_USAGE);
		}
	argc -= optind;
	argv += optind;
	if (dflag || kflag) {
		if (argc < 1 || dflag + kflag + aflag + qflag + xflag + Dflag > 1)
			usage(stderr, EX_USAGE);
		for (c = 0; c < argc; c++) {
			if (dflag && cg_digest_update(argv[c], &e) < 0)
				die_err(&e);
			if (kflag && pin(argv[c]))
				rc = EX_NOINPUT;
		}
		return rc;
	}
	if (argc != 1 || aflag + qflag + xflag + Dflag > 1 || (Aflag && !xflag))
		usage(stderr, EX_USAGE);
	out = argv[0];
	if (xflag)
		return clean(out);
	plan(out);
	if (Dflag)
		return digests(out);
	if (!isatty(0))
		readmake(stdin);
	if (aflag)
		announce(out);
	else if (qflag)
		stale(out);
	else
		report(out);
	if (fflush(stdout) || ferror(stdout))
		die(EX_IOERR, "stdout:");
	return 0;
}
