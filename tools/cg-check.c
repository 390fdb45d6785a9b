/* cg-check — lint a generated course directory.
 *
 * Reads the course through the course model (course.h: OUT/outline.json,
 * held to cg_outline_validate — an outline with a session number given
 * twice is refused, 65 —, and every file of every session as the kinds
 * table lists them, with the notes beside each) and holds each file to
 * the requirements in its session.json (content.yaml via cg-plan) with
 * the same validators the generators use; every .mmd must be in strict
 * mermaid syntax, every questions.json must have the configured counts,
 * no file may start with a chat preamble or a code fence, and no temp
 * file may be lying around.  A missing file is "failed" when the
 * generator left its reason beside it (.NAME.failed), else "not made
 * yet" (an unfinished course): only failed and invalid files are
 * failures.  The per-file report and -s's summary count the same files.
 * Writes to stdout; exit 0 when no file failed, 65 otherwise.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "clean.h"
#include "course.h"
#include "fsio.h"
#include "gen.h"
#include "json.h"
#include "mermaid.h"
#include "util.h"
#include "validate.h"

static int qflag, sflag;
static int nfiles, nfail, nwarn, nunmade;
/* -s: the end-of-run summary */
static int nwritten, nimperfect, nfailed, nmissing;
static cg_buf imperfect, failed, missing;

static const struct cg_opt opts[] = {
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'q', "quiet", NULL, "report only failures and warnings, and the summary" },
	{ 's', "summary", NULL, "print only the end-of-run summary of make course" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hqsV] [OUT]\n",
	opts, NULL
};

static void
usage(FILE *f, int code)
{
	cg_usage(&cli, f, code);
}

/* printf to standard output, made safe for a terminal (cg_term_safe):
 * the lines quote the notes, which quote the model. */
static void
say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
say(const char *fmt, ...)
{
	cg_buf b = { 0 }, safe = { 0 };
	va_list ap;

	va_start(ap, fmt);
	cg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cg_buf_term_safe(&safe, b.s ? b.s : "", b.len);
	fputs(safe.s, stdout);
	cg_buf_free(&safe);
	cg_buf_free(&b);
}

static void
report(const char *rel, const char *status, const char *what)
{
	if (sflag)
		return;
	if (strcmp(status, "ok") || !qflag)
		say("%s %s%s%s\n", rel, status, *what ? " " : "", what);
}

/* First non-blank line is a code fence or chat meta. */
static int
badstart(const char *text)
{
	const char *p = text, *e;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (!*p)
		return 0;
	e = strchr(p, '\n');
	return cg_startswith(p, "```") || cg_startswith(p, "~~~") ||
	    cg_clean_is_meta(p, e ? (size_t)(e - p) : strlen(p));
}

/* The note of a generated file as one line: its lines joined by "; ",
 * cut at about 200 bytes.  Caller frees. */
static char *
oneline(const char *note)
{
	cg_buf b = {0};
	const char *p;

	for (p = note; *p && b.len < 200; p++) {
		if (*p == '\n') {
			while (p[1] == '\n')
				p++;
			cg_buf_puts(&b, "; ");
		} else if (*p != '\r')
			cg_buf_putc(&b, *p);
	}
	if (*p)
		cg_buf_puts(&b, "\u2026");
	return cg_buf_take(&b);
}

/* Note n without the path of its file (rel, "s01/lab.md") that the tool
 * that wrote it put first: the summary names the file already. */
static const char *
unpathed(const char *n, const char *rel)
{
	const char *p = strstr(n, rel);
	size_t l = strlen(rel);

	if (!p || p[l] != ':' || p[l + 1] != ' ' ||
	    strcspn(n, " \n") < (size_t)(p - n))
		return n;
	return p + l + 2;
}

/* -s: file it under written, imperfect, failed or not made yet. */
static void
tally(const char *rel, const struct cg_course_file *f)
{
	const char *n = f->state == CG_COURSE_FAILED ? f->failed :
	    f->state == CG_COURSE_IMPERFECT ? f->imperfect : NULL;
	char *why = n ? oneline(unpathed(n, rel)) : NULL;

	switch (f->state) {
	case CG_COURSE_IMPERFECT:
		nimperfect++;
		cg_buf_printf(&imperfect, "  imperfect: %s: %s\n", rel, why);
		break;
	case CG_COURSE_FAILED:
		nfailed++;
		cg_buf_printf(&failed, "  failed: %s: %s \u2014 make %.3s-%.*s\n",
		    rel, why, rel, (int)strcspn(rel + 4, "."), rel + 4);
		break;
	case CG_COURSE_UNMADE:
		nmissing++;
		cg_buf_printf(&missing, " %s", rel);
		break;
	default:
		nwritten++;
	}
	free(why);
}

/* A file that is not there: failed, with the reason left beside it, or
 * not made yet. */
static void
absent(const char *rel, const struct cg_course_file *f)
{
	char *why;

	if (f->state != CG_COURSE_FAILED) {
		report(rel, "not made yet", "");
		nunmade++;
		return;
	}
	why = oneline(f->failed);
	report(rel, "FAIL:", why);
	nfail++;
	free(why);
}

/* Check file f of session sdir against req (its kind's requirements); a
 * kind's "also" file only for its start. */
static void
check_file(const char *sdir, const struct cg_course_file *f,
    const cJSON *req)
{
	const struct cg_kind *kd = f->also ? NULL : f->kind;
	char *rel = xasprintf("%s/%s", sdir, f->name), *what;
	const char *text = f->text;
	cg_buf hard = {0};
	cJSON *warn = cJSON_CreateArray(), *w;

	nfiles++;
	if (sflag)
		tally(rel, f);
	if (!text) {
		if (f->error) {
			report(rel, "FAIL:", f->error);
			nfail++;
		} else
			absent(rel, f);
		goto done;
	}
	if (badstart(text))
		cg_buf_puts(&hard, "starts with a chat preamble or a code "
		    "fence\n");
	if (kd) {
		/* an imperfect file was kept on purpose: a warning */
		cg_buf imp = {0};
		char *l, *save = NULL;
		cg_validate(kd->name, text, req, &hard, &imp, warn);
		for (l = imp.s ? strtok_r(imp.s, "\n", &save) : NULL; l;
		    l = strtok_r(NULL, "\n", &save))
			cJSON_AddItemToArray(warn, cJSON_CreateString(l));
		cg_buf_free(&imp);
	}
	if (hard.len) {
		hard.s[--hard.len] = '\0';
		what = xasprintf("%s", hard.s);
		for (char *p = what; *p; p++)	/* one line per file */
			if (*p == '\n')
				*p = ';';
		report(rel, "FAIL:", what);
		free(what);
		nfail++;
	} else {
		cg_mmd *m = kd && kd->shape == CG_SHAPE_DIAGRAM ?
		    cg_mmd_parse(text, NULL) : NULL;
		what = m ? cg_mmd_sizetext(m) :
		    kd && kd->shape == CG_SHAPE_QUIZ ? xstrdup("") :
		    xasprintf("%d words", cg_clean_words(text));
		report(rel, "ok", what);
		cg_mmd_free(m);
		free(what);
	}
	cJSON_ArrayForEach(w, warn) {
		if (!sflag)
			say("%s warning: %s\n", rel, w->valuestring);
		nwarn++;
	}
done:
	cg_buf_free(&hard);
	cJSON_Delete(warn);
	free(rel);
}

/* Session x: its session.json, then every file of the course model. */
static void
check_session(const char *out, const struct cg_course_sess *x)
{
	char *spath = xasprintf("%s/%s/session.json", out, x->id);
	cg_err e = {0};
	int i;

	if (!x->sj) {
		if (x->sjerr)
			say("%s/session.json FAIL: %s\n", x->id, x->sjerr);
		else
			say("%s/session.json FAIL: %s: not found; run: make "
			    "plan\n", x->id, spath);
		nfail++;
	} else if (cg_gen_check_session(x->sj, NULL, spath, &e) < 0) {
		say("%s/session.json FAIL: %s\n", x->id, e.msg);
		nfail++;
	} else if (strcmp(cg_json_gets(x->sj, "id", ""), x->id) != 0) {
		say("%s/session.json FAIL: id is not \"%s\"; run: make plan\n",
		    x->id, x->id);
		nfail++;
	} else
		for (i = 0; i < x->nfiles; i++) {
			const struct cg_course_file *f = &x->files[i];
			cJSON *req = f->also ? NULL : cg_gen_req(x->sj, f->kind);
			check_file(x->id, f, req);
			cJSON_Delete(req);
		}
	free(spath);
}

/* Temp files of interrupted writes, in dir and one level below.  A
 * .cg-tmp.PID.* file whose writer is gone is garbage of a killed write,
 * not a defect of the course: removed when it can be, ignored when not. */
static void
temps(const char *out, const char *sub, int depth)
{
	char *dir = sub ? xasprintf("%s/%s", out, sub) : xstrdup(out);
	DIR *d = opendir(dir);
	struct dirent *de;

	cg_tmp_sweep(dir);
	while (d && (de = readdir(d))) {
		const char *n = de->d_name;
		char *rel = sub ? xasprintf("%s/%s", sub, n) : xstrdup(n);
		struct stat st;
		char *p = xasprintf("%s/%s", dir, n);
		if (cg_tmp_stale(n))
			;
		else if (cg_startswith(n, ".cg-tmp") || strstr(n, ".tmp")) {
			say("%s FAIL: temp file left over; remove it\n", rel);
			nfail++;
		} else if (depth && n[0] != '.' && strcmp(n, "site") &&
		    stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			temps(out, rel, depth - 1);
		free(p);
		free(rel);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* The end of a run: what was written, kept imperfect, failed (and why)
 * or not made, and what running the course again does. */
static void
summary(const char *out)
{
	int n = nwritten + nimperfect + nfailed + nmissing;

	say("%s: %d file%s: %d written, %d imperfect, %d failed, %d not "
	    "made yet\n", out, n, n == 1 ? "" : "s", nwritten + nimperfect,
	    nimperfect, nfailed, nmissing);
	if (imperfect.len)
		say("%s", imperfect.s);
	if (failed.len)
		say("%s", failed.s);
	if (missing.len)
		say("  not made yet%s:%s\n", nfailed ? " (some need a failed "
		    "file)" : "", missing.s);
	if (nimperfect)
		say("  imperfect files are kept; the teacher's report "
		    "(%s/site/report.html) and cg-check %s list what is off\n",
		    out, out);
	cg_buf_free(&imperfect);
	cg_buf_free(&failed);
	cg_buf_free(&missing);
}

/* The only directory under out/. */
static char *
default_out(void)
{
	DIR *d = opendir("out");
	struct dirent *de;
	char *found = NULL;
	int n = 0;

	if (!d)
		die(EX_NOINPUT, "out: no generated course here; name the "
		    "course directory (cg-check OUT)");
	while ((de = readdir(d))) {
		struct stat st;
		char *p = xasprintf("out/%s", de->d_name);
		if (de->d_name[0] != '.' && stat(p, &st) == 0 &&
		    S_ISDIR(st.st_mode) && n++ == 0)
			found = xstrdup(p);
		free(p);
	}
	closedir(d);
	if (n != 1)
		die(n ? EX_USAGE : EX_NOINPUT, "out: %s; name the course "
		    "directory (cg-check OUT)", n ? "several courses" :
		    "no course");
	return found;
}

int
main(int argc, char *argv[])
{
	struct cg_course course;
	char *out;
	cg_err e = {0};
	int c, i;

	cg_setprog(argv[0]);
	while ((c = cg_getopt(argc, argv, &cli)) != -1)
		switch (c) {
		case 'q': qflag = 1; break;
		case 's': sflag = 1; break;
		default: usage(stderr, EX_USAGE);
		}
	if (argc - optind > 1)
		usage(stderr, EX_USAGE);
	out = optind < argc ? xstrdup(argv[optind]) : default_out();
	if (cg_course_load(&course, out, &e) < 0)
		die_err(&e);
	for (i = 0; i < course.nsess; i++)
		check_session(out, &course.sess[i]);
	temps(out, NULL, 1);
	if (sflag)
		summary(out);
	else
		say("%s: %d session%s, %d files, %d failed, %d not made "
		    "yet, %d warning%s\n", out, course.nsess, course.nsess == 1 ?
		    "" : "s", nfiles, nfail, nunmade, nwarn, nwarn == 1 ? "" : "s");
	if (fflush(stdout) == EOF || ferror(stdout))
		die(EX_IOERR, "stdout:");
	cg_course_free(&course);
	free(out);
	return nfail ? EX_DATAERR : 0;
}
