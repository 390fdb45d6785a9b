/* course.c — the course model: outline, settings and every session's
 * files with their states (see course.h).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "course.h"
#include "fsio.h"
#include "gen.h"
#include "json.h"
#include "outline.h"

/* Multi-kind files beyond this index are never looked for. */
#define MAXMULTI 999

const char *
cg_course_state_name(enum cg_course_state s)
{
	switch (s) {
	case CG_COURSE_UNMADE:    return "not made yet";
	case CG_COURSE_FAILED:    return "failed";
	case CG_COURSE_WRITTEN:   return "written";
	case CG_COURSE_MENDED:    return "mended";
	case CG_COURSE_IMPERFECT: return "imperfect";
	case CG_COURSE_EDITED:    return "edited";
	}
	return "?";
}

const struct cg_course_file *
cg_course_file(const struct cg_course_sess *x, const struct cg_kind *kd, int k)
{
	int i;

	for (i = 0; i < x->nfiles; i++)
		if (x->files[i].kind == kd && !x->files[i].also &&
		    (!kd->multi || x->files[i].k == k))
			return &x->files[i];
	return NULL;
}

/* The largest index K of a multi kind's files in dir (diagram-K.mmd). */
static int
multi_max(const char *dir, const struct cg_kind *kd)
{
	const char *kp = strchr(kd->file, 'K');
	size_t pre = kp ? (size_t)(kp - kd->file) : 0;
	DIR *d;
	struct dirent *de;
	int k, max = 0;

	if (!kp || !(d = opendir(dir)))
		return 0;
	while ((de = readdir(d))) {
		char *end;
		if (strncmp(de->d_name, kd->file, pre) != 0)
			continue;
		k = (int)strtol(de->d_name + pre, &end, 10);
		if (end != de->d_name + pre && strcmp(end, kp + 1) == 0 &&
		    k > max && k <= MAXMULTI)
			max = k;
	}
	closedir(d);
	return max;
}

/* Read file f (its path set) and what is beside it. */
static void
load_file(struct cg_course_file *f)
{
	struct stat sb;
	cg_err e = {0};

	if (stat(f->path, &sb) < 0) {
		f->failed = cg_gen_note_all(f->path, "failed");
		f->state = f->failed ? CG_COURSE_FAILED : CG_COURSE_UNMADE;
		return;
	}
	f->mtime = sb.st_mtime;
	if (!(f->text = cg_read_file(f->path, &f->len, &e))) {
		f->error = xstrdup(e.msg);
		f->errcode = e.code ? e.code : EX_IOERR;
	}
	f->imperfect = cg_gen_note_all(f->path, "imperfect");
	f->mended = cg_gen_note_all(f->path, "mended");
	f->edited = cg_guard_check(f->path);
	f->state = f->imperfect ? CG_COURSE_IMPERFECT : f->mended ?
	    CG_COURSE_MENDED : f->edited ? CG_COURSE_EDITED : CG_COURSE_WRITTEN;
}

/* Append file name of kind kd (k: its index) to session x and load it. */
static void
add_file(const char *out, struct cg_course_sess *x, const struct cg_kind *kd,
    int k, const char *also)
{
	struct cg_course_file *f;

	x->files = xrealloc(x->files, (x->nfiles + 1) * sizeof *x->files);
	f = &x->files[x->nfiles++];
	memset(f, 0, sizeof *f);
	f->kind = kd;
	f->k = kd->multi ? k : 0;
	f->also = also != NULL;
	f->name = also ? xstrdup(also) : cg_kind_file(kd, k);
	f->path = xasprintf("%s/%s/%s", out, x->id, f->name);
	load_file(f);
	if (f->mtime > x->mtime)
		x->mtime = f->mtime;
}

/* session.json: x->sj, or x->sjerr when it is there but unusable. */
static void
load_session_json(const char *out, struct cg_course_sess *x)
{
	char *p = xasprintf("%s/%s/session.json", out, x->id);
	cg_err e = {0};

	if (!(x->sj = cg_json_load(p, &e)) && e.code != EX_NOINPUT)
		x->sjerr = xstrdup(e.msg);
	free(p);
}

/* Session x's files, as the kinds table lists them. */
static void
load_session(const char *out, struct cg_course_sess *x,
    const struct cg_kind *kinds, size_t nk)
{
	size_t i;
	int k;

	load_session_json(out, x);
	if (x->sj)
		x->ndiagrams = (int)cg_json_getn(x->sj, "diagrams", 0);
	else
		for (i = 0; i < nk; i++)
			if (kinds[i].multi) {
				char *dir = xasprintf("%s/%s", out, x->id);
				k = multi_max(dir, &kinds[i]);
				x->ndiagrams = k > x->ndiagrams ? k : x->ndiagrams;
				free(dir);
			}
	if (x->ndiagrams < 0 || x->ndiagrams > MAXMULTI)
		x->ndiagrams = 0;
	for (i = 0; i < nk; i++) {
		if (kinds[i].shape == CG_SHAPE_OUTLINE)
			continue;
		for (k = 1; k <= (kinds[i].multi ? x->ndiagrams : 1); k++)
			add_file(out, x, &kinds[i], k, NULL);
		if (kinds[i].also)
			add_file(out, x, &kinds[i], 0, kinds[i].also);
	}
}

/* The modules and sessions of a validated outline (numbers 1..M and
 * 1..N in order, every title a string). */
static void
structure(struct cg_course *c)
{
	const cJSON *mods = cJSON_GetObjectItemCaseSensitive(c->outline,
	    "modules"), *m, *ss, *q;
	int i = 0;

	c->nmods = cJSON_GetArraySize(mods);
	c->mods = xcalloc(c->nmods + 1, sizeof *c->mods);
	cJSON_ArrayForEach(m, mods) {
		struct cg_course_mod *md = &c->mods[i];
		ss = cJSON_GetObjectItemCaseSensitive(m, "sessions");
		md->num = (int)cg_json_getn(m, "number", i + 1);
		md->title = cg_json_gets(m, "title", "");
		md->desc = cg_json_gets(m, "description", "");
		md->first = c->nsess;
		md->n = cJSON_GetArraySize(ss);
		c->sess = xrealloc(c->sess, (c->nsess + md->n + 1) *
		    sizeof *c->sess);
		cJSON_ArrayForEach(q, ss) {
			struct cg_course_sess *x = &c->sess[c->nsess++];
			memset(x, 0, sizeof *x);
			x->num = (int)cg_json_getn(q, "number", c->nsess);
			x->mod = i;
			x->j = q;
			x->title = cg_json_gets(q, "title", "");
			cg_outline_sid(x->num, x->id);
		}
		i++;
	}
}

/* outline.json, read and held to cg_outline_validate. */
static int
load_outline(struct cg_course *c, cg_err *e)
{
	char *p = xasprintf("%s/outline.json", c->out);
	cg_buf probs = {0};
	struct stat sb;
	int r = -1;

	if (!(c->outline = cg_json_load(p, e))) {
		if (e->code == EX_NOINPUT)
			cg_seterr(e, EX_NOINPUT, "%s: not found; run cg-outline "
			    "(make outline) first", p);
	} else if (cg_outline_validate(c->outline, &probs)) {
		while (probs.len && probs.s[probs.len - 1] == '\n')
			probs.s[--probs.len] = '\0';
		cg_seterr(e, EX_DATAERR, "%s: not a usable outline; fix these "
		    "or regenerate it (make outline):\n%s", p, probs.s);
	} else {
		if (stat(p, &sb) == 0)
			c->mtime = sb.st_mtime;
		r = 0;
	}
	cg_buf_free(&probs);
	free(p);
	return r;
}

int
cg_course_load(struct cg_course *c, const char *out, cg_err *e)
{
	const struct cg_kind *kinds;
	struct stat sb;
	size_t nk;
	char *cj;
	int i;

	memset(c, 0, sizeof *c);
	c->out = xstrdup(out);
	if (!(kinds = cg_kind_list(&nk)))
		return cg_seterr(e, EX_SOFTWARE, "the kinds table: %s",
		    cg_kinds_error());
	if (stat(out, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return cg_seterr(e, EX_NOINPUT, "%s: no such course directory; "
		    "generate the course first (make course)", out);
	if (load_outline(c, e) < 0)
		return -1;
	cj = xasprintf("%s/course.json", out);
	if (access(cj, F_OK) == 0 && !(c->course = cg_json_load(cj, e))) {
		free(cj);
		return -1;
	}
	free(cj);
	structure(c);
	for (i = 0; i < c->nsess; i++)
		load_session(out, &c->sess[i], kinds, nk);
	return 0;
}

static void
free_file(struct cg_course_file *f)
{
	free(f->name);
	free(f->path);
	free(f->text);
	free(f->failed);
	free(f->imperfect);
	free(f->mended);
	free(f->error);
}

void
cg_course_free(struct cg_course *c)
{
	int i, k;

	for (i = 0; i < c->nsess; i++) {
		struct cg_course_sess *x = &c->sess[i];
		for (k = 0; k < x->nfiles; k++)
			free_file(&x->files[k]);
		free(x->files);
		cJSON_Delete(x->sj);
		free(x->sjerr);
	}
	free(c->sess);
	free(c->mods);
	cJSON_Delete(c->outline);
	cJSON_Delete(c->course);
	free(c->out);
	memset(c, 0, sizeof *c);
}

void
cg_course_plan(const char *out, const char *sid, int nd,
    void (*fn)(void *arg, const char *sid, const char *file, int also),
    void *arg)
{
	char *p = xasprintf("%s/%s/session.json", out, sid), *f;
	cJSON *s = cg_json_load(p, NULL);
	const struct cg_kind *kd = NULL;
	size_t nk, i;
	int k;

	free(p);
	if (s)
		nd = (int)cg_json_getn(s, "diagrams", 0);
	cJSON_Delete(s);
	kd = cg_kind_list(&nk);
	for (i = 0; i < nk; i++) {
		if (kd[i].shape == CG_SHAPE_OUTLINE)
			continue;
		for (k = 1; k <= (kd[i].multi ? nd : 1); k++) {
			f = cg_kind_file(&kd[i], k);
			fn(arg, sid, f, 0);
			if (kd[i].also)
				fn(arg, sid, kd[i].also, 1);
			free(f);
		}
	}
}
