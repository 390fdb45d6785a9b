/* course.c — unit tests for the course model (lib/content/course.c): the
 * files of a session as the kinds table lists them (a multi kind by the
 * session's diagram count, the "also" file), each file's state from the
 * notes beside it and the record of what cg wrote, and an outline with a
 * session number given twice refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "course.h"
#include "fsio.h"
#include "kinds.h"
#include "mkfile.h"

static char dir[] = "/tmp/cg-course-XXXXXX";

static void
put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", dir, rel);
	cg_err e;

	if (cg_write_atomic(p, text, strlen(text), &e) < 0)
		fprintf(stderr, "# %s\n", e.msg);
	free(p);
}

/* cg's own write: the record of what it wrote goes beside the file. */
static void
gput(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", dir, rel);
	cg_err e;

	if (cg_guard_write(p, text, strlen(text), &e) < 0)
		fprintf(stderr, "# %s\n", e.msg);
	free(p);
}

static const struct cg_course_file *
file(const struct cg_course_sess *x, const char *kind, int k)
{
	const struct cg_kind *kd = cg_kind_find(kind);

	return kd ? cg_course_file(x, kd, k) : NULL;
}

static int
state(const struct cg_course_sess *x, const char *kind, int k)
{
	const struct cg_course_file *f = file(x, kind, k);

	return f ? (int)f->state : -1;
}

#define SESS(n, t) "{\"number\":" n ",\"title\":\"" t "\",\"subtopics\":[\"" t \
	" a\"],\"objectives\":[\"Know " t "\"],\"key_concepts\":[\"" t "\"]}"
#define OUTLINE(n2) "{\"course\":{\"name\":\"C\"},\"modules\":[{\"number\":1," \
	"\"title\":\"M\",\"description\":\"D\",\"sessions\":[" SESS("1", "One") "," \
	SESS(n2, "Two") "]}]}"

int
main(void)
{
	struct cg_course c;
	const struct cg_course_sess *x;
	const struct cg_kind *kd;
	cg_err e = {0};
	size_t nk, i;
	int nfiles = 0, also = 0;
	char *cmd;

	if (!mkdtemp(dir))
		return 1;
	put("outline.json", OUTLINE("2"));
	put("s01/session.json", "{\"id\":\"s01\",\"diagrams\":2}");
	gput("s01/lecture.md", "# Lecture\n");
	gput("s01/lab.md", "# Lab\n");
	put("s01/.lab.md.imperfect", "too short\n");
	gput("s01/notes.md", "# Notes\n");
	put("s01/.notes.md.mended", "heading renamed\n");
	put("s01/application.md", "# By hand\n");
	put("s01/.extension.md.failed", "no usable reply\nempty\n");
	gput("s01/diagram-1.mmd", "flowchart TD\n  A --> B\n");
	gput("s01/diagram-3.mmd", "flowchart TD\n  A --> B\n");

	if (!ok(cg_course_load(&c, dir, &e) == 0, "a course loads (%s)", e.msg))
		return done_testing();
	isnum(c.nmods, 1, "one module");
	isnum(c.nsess, 2, "two sessions");
	x = &c.sess[0];
	is(x->id, "s01", "session ids are cg_outline_sid's");
	is(c.sess[1].id, "s02", "... for every session");
	isnum(x->ndiagrams, 2, "the diagram count is session.json's");
	kd = cg_kind_list(&nk);
	for (i = 0; i < nk; i++)
		if (kd[i].shape != CG_SHAPE_OUTLINE)
			nfiles += (kd[i].multi ? 2 : 1) + (kd[i].also != NULL);
	for (i = 0; i < (size_t)x->nfiles; i++)
		also += x->files[i].also;
	isnum(x->nfiles, nfiles, "every file the kinds table lists, a multi kind's by the count");
	isnum(also, 1, "the also file is listed too");
	ok(!file(x, "diagram", 3), "a diagram beyond the count is no file of the session");
	isnum(state(x, "lecture", 0), CG_COURSE_WRITTEN, "written: as cg wrote it");
	isnum(state(x, "lab", 0), CG_COURSE_IMPERFECT, "imperfect: .lab.md.imperfect");
	is(file(x, "lab", 0)->imperfect, "too short", "... with its note");
	isnum(state(x, "notes", 0), CG_COURSE_MENDED, "mended: .notes.md.mended");
	isnum(state(x, "application", 0), CG_COURSE_EDITED, "edited: no record of cg writing it");
	isnum(state(x, "extension", 0), CG_COURSE_FAILED, "failed: .extension.md.failed");
	is(file(x, "extension", 0)->failed, "no usable reply\nempty", "... with its note");
	isnum(state(x, "integration", 0), CG_COURSE_UNMADE, "not made yet: no file, no note");
	isnum(state(x, "diagram", 1), CG_COURSE_WRITTEN, "diagram 1 written");
	isnum(state(x, "diagram", 2), CG_COURSE_UNMADE, "diagram 2 not made yet");
	is(file(x, "lecture", 0)->text, "# Lecture\n", "a file's text is loaded");
	ok(!file(x, "integration", 0)->text, "... none for a file not made");
	is(cg_course_state_name(CG_COURSE_UNMADE), "not made yet", "state names");
	ok(c.sess[1].sj == NULL && c.sess[1].sjerr == NULL && c.sess[1].ndiagrams == 0,
	    "a session without session.json: no diagrams, no error");
	cg_course_free(&c);

	gput("s01/lecture.md", "# Lecture\n");
	put("s01/lecture.md", "# Lecture, edited\n");
	ok(cg_course_load(&c, dir, &e) == 0, "loads again");
	isnum(state(&c.sess[0], "lecture", 0), CG_COURSE_EDITED, "edited by hand since cg wrote it");
	cg_course_free(&c);

	put("outline.json", OUTLINE("1"));
	ok(cg_course_load(&c, dir, &e) < 0 && e.code == EX_DATAERR,
	    "a session number given twice is refused (65)");
	ok(strstr(e.msg, "outline.json: not a usable outline") &&
	    strstr(e.msg, "session number 1 appears twice"), "... naming it (%s)", e.msg);
	cg_course_free(&c);
	put("outline.json", "{\"modules\":");
	ok(cg_course_load(&c, dir, &e) < 0 && e.code == EX_DATAERR, "broken JSON: 65");
	cg_course_free(&c);
	cmd = xasprintf("%s/nowhere", dir);
	ok(cg_course_load(&c, cmd, &e) < 0 && e.code == EX_NOINPUT, "no directory: 66");
	cg_course_free(&c);
	free(cmd);

	/* OUT/site.mk: the course's own site files, as make names them */
	{
		cg_buf mk = {0};
		int r;

		r = cg_mk_site_own(&mk, "/c/tmpl", "/c/mine.yaml");
		ok(r == 0 && strstr(mk.s, "\nCG_SITE_OWN := $(wildcard "
		    "/c/tmpl/*.html /c/mine.yaml)\n"), "site.mk: templates and "
		    "labels: %s", mk.s);
		mk.len = 0;
		r = cg_mk_site_own(&mk, NULL, "/my dir/mine.yaml");
		ok(r == 1 && strstr(mk.s, "CG_SITE_OWN := $(wildcard)\n") &&
		    !strstr(mk.s, "my dir"), "site.mk: a path with a space is "
		    "left out, and said: %s", mk.s);
		mk.len = 0;
		r = cg_mk_site_own(&mk, "/c/a$b", NULL);
		ok(r == 1 && !strstr(mk.s, "a$b"), "site.mk: a path with $ is "
		    "left out");
		cg_buf_free(&mk);
	}

	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", dir);
	free(cmd);
	return done_testing();
}
