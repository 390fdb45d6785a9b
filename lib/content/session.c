/* session.c — what a kind is generated from: the session.json checks,
 * the kind's requirements and the prompt context, and the notes kept
 * beside a generated file (see gen.h).  Apart
 * from the loop in gen.c so that cg-check and cg-prompt need no client. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "digest.h"
#include "gen.h"
#include "lang.h"
#include "fsio.h"
#include "json.h"
#include "tmpl.h"
#include "validate.h"

int
cg_gen_ndiagrams(const cJSON *session)
{
	return (int)cg_json_getn(session, "diagrams", 0);
}

int
cg_gen_check_session(const cJSON *s, const struct cg_kind *kd,
    const char *name, cg_err *e)
{
	const cJSON *c, *m, *ss, *q, *it;
	double d;
	int i = 0;

	if (!cJSON_IsObject(s))
		return cg_seterr(e, EX_DATAERR, "%s: expected a JSON object "
		    "(a session.json written by cg-plan)", name);
	if (!(c = cg_json_obj(s, "course", name, "", e)) ||
	    !cg_json_str(c, "name", name, "course", e) ||
	    !cg_json_str(c, "subject", name, "course", e) ||
	    !(m = cg_json_obj(s, "module", name, "", e)) ||
	    !cg_json_str(m, "title", name, "module", e) ||
	    !(ss = cg_json_obj(s, "session", name, "", e)) ||
	    !cg_json_str(ss, "title", name, "session", e) ||
	    cg_json_num(ss, "number", name, "session", &d, e) < 0 ||
	    !cg_json_arr(ss, "subtopics", name, "session", e) ||
	    !cg_json_arr(s, "modules", name, "", e))
		return -1;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(ss, "subtopics")) {
		if (!cJSON_IsString(it))
			return cg_seterr(e, EX_DATAERR, "%s: session.subtopics"
			    "[%d] must be a string", name, i);
		i++;
	}
	if (!kd)
		return 0;
	if (kd->multi && cg_json_num(s, "diagrams", name, "", &d, e) < 0)
		return -1;
	if (kd->shape == CG_SHAPE_QUIZ) {
		static const char *const keys[] = { "multiple_choice",
		    "options", "short_answer", "essay" };
		if (!(q = cg_json_obj(s, "questions", name, "", e)))
			return -1;
		for (i = 0; i < 4; i++) {
			if (cg_json_num(q, keys[i], name, "questions", &d, e) < 0)
				return -1;
			if (d < 0 || d > 100 || (i == 1 && (d < 2 || d > 6)))
				return cg_seterr(e, EX_DATAERR, "%s: questions."
				    "%s: %g is out of range", name, keys[i], d);
		}
	}
	return 0;
}

/* req's required headings in language code, when every one has a
 * wording there: the English ones are kept as req.headings_en.  Returns 1
 * when they were put in the language. */
static int
localise(cJSON *req, const char *code)
{
	cJSON *h = cJSON_GetObjectItemCaseSensitive(req, "headings"), *it, *l;

	if (!code || !strcmp(code, "en") || !cJSON_IsArray(h) ||
	    !cJSON_GetArraySize(h))
		return 0;
	cJSON_ArrayForEach(it, h)
		if (!cJSON_IsString(it) || !cg_lang_heading(code, it->valuestring))
			return 0;
	l = cJSON_CreateArray();
	cJSON_ArrayForEach(it, h)
		cJSON_AddItemToArray(l, cJSON_CreateString(cg_lang_heading(code,
		    it->valuestring)));
	cJSON_AddItemToObject(req, "headings_en", cJSON_Duplicate(h, 1));
	cJSON_ReplaceItemInObjectCaseSensitive(req, "headings", l);
	return 1;
}

cJSON *
cg_gen_req(const cJSON *session, const struct cg_kind *kd)
{
	const cJSON *r = cg_json_at(session, "content");
	const cJSON *mods = cg_json_at(session, "modules");
	const cJSON *q = cg_json_at(session, "questions");
	const char *lang;
	cJSON *req;

	r = cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, kd->name)
	    : NULL;
	req = cJSON_IsObject(r) ? cJSON_Duplicate(r, 1) : cJSON_CreateObject();
	if (cJSON_IsArray(mods) && !cJSON_HasObjectItem(req, "modules"))
		cJSON_AddNumberToObject(req, "modules", cJSON_GetArraySize(mods));
	if (cJSON_IsObject(q) && !cJSON_HasObjectItem(req, "questions"))
		cJSON_AddItemToObject(req, "questions", cJSON_Duplicate(q, 1));
	/* a course in another language asks for the required headings in
	 * it: worded as cg words them (lang.h) where it knows them all, else
	 * translated by the model and matched by position and count */
	lang = cg_json_gets(session, "course.language", "English");
	if (!cJSON_HasObjectItem(req, "language"))
		cJSON_AddStringToObject(req, "language", lang);
	cJSON_AddBoolToObject(req, "translate", !cg_validate_english(lang) &&
	    !localise(req, cg_lang_code(lang)));
	/* the lecture has a section per subtopic: most of them missing is
	 * worth a re-ask (matched by their words: an English course's) */
	if (!strcmp(kd->name, "lecture") && cg_validate_english(lang) &&
	    cJSON_IsArray(cg_json_at(session,
	    "session.subtopics")) && !cJSON_HasObjectItem(req, "subtopics"))
		cJSON_AddItemToObject(req, "subtopics", cJSON_Duplicate(
		    cg_json_at(session, "session.subtopics"), 1));
	return req;
}

/* 1 when the generated file at path failed last time (its note says). */
static int
failed(const char *path)
{
	char *t = cg_gen_note_get(path, "failed");
	int r = t != NULL;

	free(t);
	return r;
}

cJSON *
cg_gen_context(const struct cg_gen *g, const char *problems, cg_err *e)
{
	cJSON *ctx = cJSON_Duplicate(g->session, 1), *ex;
	const cJSON *sub;
	int i;

	cJSON_DeleteItemFromObjectCaseSensitive(ctx, "llm");
	cJSON_AddItemToObject(ctx, "req", cg_gen_req(g->session, g->kind));
	cJSON_AddStringToObject(ctx, "kind", g->kind->name);
	if (g->kind->multi) {
		cJSON_AddNumberToObject(ctx, "k", g->k);
		sub = cJSON_GetArrayItem(cg_json_at(g->session,
		    "session.subtopics"), g->k - 1);
		cJSON_AddStringToObject(ctx, "subtopic", cJSON_IsString(sub) ?
		    sub->valuestring : cg_json_gets(g->session, "session.title",
		    ""));
	}
	ex = cJSON_AddObjectToObject(ctx, "excerpt");
	for (i = 0; i < g->kind->nreads; i++) {
		const struct cg_kind *rd = g->kind->reads[i];
		char *path, *md, *cut, *f = cg_kind_file(rd, 1);

		path = xasprintf("%s/%s", g->dir ? g->dir : ".", f);
		free(f);
		md = cg_read_file(path, NULL, e);
		if (!md && e && e->code == EX_NOINPUT && failed(path)) {
			/* it failed: this file is made without it */
			free(path);
			continue;
		}
		if (!md) {
			if (e && e->code == EX_NOINPUT)
				cg_seterr(e, EX_NOINPUT, "%s: missing; the %s "
				    "is built from it, so generate it first",
				    path, g->kind->name);
			free(path);
			cJSON_Delete(ctx);
			return NULL;
		}
		cut = cg_tmpl_digest(md, (size_t)(g->kind->excerpt /
		    g->kind->nreads));
		cJSON_AddStringToObject(ex, rd->name, cut);
		free(cut);
		free(md);
		free(path);
	}
	if (problems && *problems)
		cJSON_AddStringToObject(ctx, "problems", problems);
	return ctx;
}

/* DIR/.NAME.WHAT for out DIR/NAME.  Caller frees. */
static char *
notepath(const char *out, const char *what)
{
	const char *sl = strrchr(out, '/');

	return sl ? xasprintf("%.*s/.%s.%s", (int)(sl - out), out, sl + 1,
	    what) : xasprintf(".%s.%s", out, what);
}

char *
cg_gen_note_get(const char *out, const char *what)
{
	char *path = notepath(out, what), *t = cg_read_file(path, NULL, NULL);

	free(path);
	if (t)
		t[strcspn(t, "\n")] = '\0';
	return t;
}

char *
cg_gen_note_all(const char *out, const char *what)
{
	char *path = notepath(out, what), *t = cg_read_file(path, NULL, NULL);
	size_t n = t ? strlen(t) : 0;

	free(path);
	while (n && (t[n - 1] == '\n' || t[n - 1] == '\r'))
		t[--n] = '\0';
	if (t && !n) {
		free(t);
		t = NULL;
	}
	return t;
}

int
cg_gen_note(const char *out, const char *what, const char *text, cg_err *e)
{
	char *path;
	int r = 0;

	if (!out || !strcmp(out, "-"))
		return 0;
	path = notepath(out, what);
	if (text && *text)
		r = cg_write_if_changed(path, text, strlen(text), e) < 0 ? -1 : 0;
	else if (unlink(path) < 0 && errno != ENOENT)
		r = cg_seterr(e, EX_IOERR, "%s:", path);
	free(path);
	return r;
}
