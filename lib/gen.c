/* gen.c — the content kinds table and the generate/validate/retry loop;
 * see gen.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen.h"
#include "clean.h"
#include "fsio.h"
#include "json.h"
#include "llm.h"
#include "mermaid.h"
#include "quiz.h"
#include "tmpl.h"
#include "validate.h"

#define SEC (CG_EX_LECTURE | CG_EX_LAB | CG_EX_NOTES)

const struct cg_kind cg_kinds[] = {
	{ "lecture", "cg-lecture", "lecture.md", CG_GEN_PROSE, 0, 0 },
	{ "lab", "cg-lab", "lab.md", CG_GEN_PROSE, CG_EX_LECTURE, 0 },
	{ "notes", "cg-notes", "notes.md", CG_GEN_PROSE, CG_EX_LECTURE, 0 },
	{ "questions", "cg-questions", "questions.json", CG_GEN_QUIZ,
	    CG_EX_LECTURE | CG_EX_LAB, 0 },
	{ "diagram", "cg-diagram", "diagram-%d.mmd", CG_GEN_MERMAID, 0, 1 },
	{ "application", "cg-application", "application.md", CG_GEN_PROSE,
	    SEC, 0 },
	{ "extension", "cg-extension", "extension.md", CG_GEN_PROSE, SEC, 0 },
	{ "visualization", "cg-visualization", "visualization.mmd",
	    CG_GEN_MERMAID, SEC, 0 },
	{ "integration", "cg-integration", "integration.md", CG_GEN_PROSE,
	    SEC, 0 },
	{ "investigation", "cg-investigation", "investigation.md",
	    CG_GEN_PROSE, SEC, 0 },
	{ "open_questions", "cg-open-questions", "open-questions.md",
	    CG_GEN_PROSE, SEC, 0 },
};
const size_t cg_nkinds = sizeof cg_kinds / sizeof cg_kinds[0];

const struct cg_kind *
cg_kind_find(const char *name)
{
	const char *b = strrchr(name, '/');
	char *n, *p;
	size_t i;
	const struct cg_kind *k = NULL;

	b = b ? b + 1 : name;
	if (cg_startswith(b, "cg-"))
		b += 3;
	n = xstrdup(b);
	for (p = n; *p; p++)
		if (*p == '-')
			*p = '_';
	for (i = 0; i < cg_nkinds && !k; i++)
		if (!strcmp(n, cg_kinds[i].name))
			k = &cg_kinds[i];
	free(n);
	return k;
}

char *
cg_kind_file(const struct cg_kind *kd, int k)
{
	if (kd->multi)
		return xasprintf("diagram-%d.mmd", k);
	return xstrdup(kd->file);
}

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
	if (kd->out == CG_GEN_QUIZ) {
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

cJSON *
cg_gen_req(const cJSON *session, const struct cg_kind *kd)
{
	const cJSON *r = cg_json_at(session, "content");
	const cJSON *mods = cg_json_at(session, "modules");
	const cJSON *q = cg_json_at(session, "questions");
	cJSON *req;

	r = cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, kd->name)
	    : NULL;
	req = cJSON_IsObject(r) ? cJSON_Duplicate(r, 1) : cJSON_CreateObject();
	if (cJSON_IsArray(mods) && !cJSON_HasObjectItem(req, "modules"))
		cJSON_AddNumberToObject(req, "modules", cJSON_GetArraySize(mods));
	if (cJSON_IsObject(q) && !cJSON_HasObjectItem(req, "questions"))
		cJSON_AddItemToObject(req, "questions", cJSON_Duplicate(q, 1));
	return req;
}

static const struct {
	unsigned bit;
	const char *name, *file;
} quoted[] = {
	{ CG_EX_LECTURE, "lecture", "lecture.md" },
	{ CG_EX_LAB, "lab", "lab.md" },
	{ CG_EX_NOTES, "notes", "notes.md" },
};

cJSON *
cg_gen_context(const struct cg_gen *g, const char *problems, cg_err *e)
{
	cJSON *ctx = cJSON_Duplicate(g->session, 1), *ex;
	const cJSON *sub;
	size_t i, nq;

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
	for (i = 0, nq = 0; i < sizeof quoted / sizeof quoted[0]; i++)
		nq += (g->kind->excerpts & quoted[i].bit) != 0;
	for (i = 0; i < sizeof quoted / sizeof quoted[0]; i++) {
		char *path, *md, *cut;
		if (!(g->kind->excerpts & quoted[i].bit))
			continue;
		path = xasprintf("%s/%s", g->dir ? g->dir : ".", quoted[i].file);
		md = cg_read_file(path, NULL, e);
		if (!md) {
			if (e && e->code == EX_NOINPUT)
				cg_seterr(e, EX_NOINPUT, "%s: missing; the %s "
				    "is built from it, so generate it first",
				    path, g->kind->name);
			free(path);
			cJSON_Delete(ctx);
			return NULL;
		}
		cut = cg_tmpl_excerpt(md, CG_GEN_EXCERPT / nq);
		cJSON_AddStringToObject(ex, quoted[i].name, cut);
		free(cut);
		free(md);
		free(path);
	}
	if (problems && *problems)
		cJSON_AddStringToObject(ctx, "problems", problems);
	return ctx;
}

/* Quiz counts of the session. */
static void
counts(const cJSON *s, int *mc, int *nopt, int *sa, int *es)
{
	*mc = (int)cg_json_getn(s, "questions.multiple_choice", 5);
	*nopt = (int)cg_json_getn(s, "questions.options", 4);
	*sa = (int)cg_json_getn(s, "questions.short_answer", 3);
	*es = (int)cg_json_getn(s, "questions.essay", 2);
}

static void
lines_to(cg_buf *hard, const char *msg)
{
	const char *p = msg, *e;

	while (*p) {
		e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			cg_buf_add(hard, p, n);
			cg_buf_putc(hard, '\n');
		}
		p = e ? e + 1 : p + n;
	}
}

/* Post-process one reply into g->text (and g->quiz); hard problems that
 * make the reply unusable go to hard. */
static void
postprocess(struct cg_gen *g, const struct cg_llm_res *rs, cg_buf *hard)
{
	cg_err e = {0};

	free(g->text);
	g->text = NULL;
	cJSON_Delete(g->quiz);
	g->quiz = NULL;
	if (g->kind->out == CG_GEN_PROSE) {
		g->text = cg_clean_prose(rs->text, NULL);
	} else if (g->kind->out == CG_GEN_MERMAID) {
		cg_mmd *m = cg_mmd_parse(rs->text, &e);
		if (!m) {
			cg_buf_printf(hard, "The reply was not a mermaid "
			    "flowchart (%s); reply with the flowchart only.\n",
			    e.msg);
			return;
		}
		g->text = cg_mmd_emit(m);
		cg_mmd_free(m);
	} else {
		int mc, nopt, sa, es;
		cJSON *q, *doc, *it;
		cg_err e2 = {0};
		counts(g->session, &mc, &nopt, &sa, &es);
		q = cg_quiz_from_reply(rs->text, mc, nopt, sa, es, &e);
		if (!q && (q = cg_quiz_from_markdown(rs->text, nopt, &e2))) {
			cg_quiz_normalise(q, nopt);
			if (cg_quiz_check(q, mc, nopt, sa, es, &e2) < 0) {
				cJSON_Delete(q);
				q = NULL;
			}
		}
		if (!q) {
			lines_to(hard, e.msg);
			return;
		}
		doc = cJSON_CreateObject();
		cJSON_AddNumberToObject(doc, "session",
		    cg_json_getn(g->session, "session.number", 0));
		cJSON_AddStringToObject(doc, "title",
		    cg_json_gets(g->session, "session.title", ""));
		while ((it = q->child)) {
			cJSON_DetachItemViaPointer(q, it);
			if (cJSON_HasObjectItem(doc, it->string))
				cJSON_Delete(it);
			else
				cJSON_AddItemToObject(doc, it->string, it);
		}
		cJSON_Delete(q);
		g->quiz = doc;
		g->text = cg_json_print(doc);
	}
}

/* The last required heading, for noticing a cut-off document. */
static int
ends_early(const char *text, const cJSON *req)
{
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(req, "headings");
	const cJSON *last = cJSON_IsArray(h) ?
	    cJSON_GetArrayItem(h, cJSON_GetArraySize(h) - 1) : NULL;
	cJSON *heads, *it;
	int found = 0;

	if (!cJSON_IsString(last))
		return 0;
	heads = cg_validate_headings(text);
	cJSON_ArrayForEach(it, heads)
		if (cg_validate_heading_match(it->valuestring,
		    last->valuestring))
			found = 1;
	cJSON_Delete(heads);
	return !found;
}

static void
loground(struct cg_gen *g, int round, const char *status, const char *hard,
    const cJSON *warnings)
{
	cg_calllog_validate(g->cfg, g->tool ? g->tool : g->kind->tool,
	    g->kind->name, g->target, round, status, hard, warnings);
	if (g->onround)
		g->onround(g->arg, round, status, hard, warnings);
}

/* "- problem" lines for the prompt's {{problems}}.  Caller frees. */
static char *
bullets(const char *hard)
{
	cg_buf b = {0};
	const char *p = hard, *e;

	while (*p) {
		e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			cg_buf_puts(&b, "- ");
			cg_buf_add(&b, p, n);
			cg_buf_putc(&b, '\n');
		}
		p = e ? e + 1 : p + n;
	}
	return cg_buf_take(&b);
}

int
cg_gen_run(struct cg_gen *g, cg_err *e)
{
	struct cg_tmpl t = {0};
	cJSON *req = cg_gen_req(g->session, g->kind), *schema = NULL;
	int maxr = (int)cg_json_getn(g->cfg, "llm.validate_retries", 2);
	int round, rc = -1;
	char *prev = NULL;

	if (maxr < 0)
		maxr = 0;
	if (cg_tmpl_load(g->kind->name, &t, e) < 0) {
		cJSON_Delete(req);
		return -1;
	}
	if (g->kind->out == CG_GEN_QUIZ) {
		int mc, nopt, sa, es;
		counts(g->session, &mc, &nopt, &sa, &es);
		schema = cg_quiz_schema(mc, nopt, sa, es);
	}
	for (round = 0; round <= maxr; round++) {
		struct cg_llm_req rq = {0};
		struct cg_llm_res rs = {0};
		cJSON *ctx, *warn;
		char *sys = NULL, *user = NULL;
		const char *status;
		int nhard;

		g->rounds = round + 1;
		g->problems.len = 0;
		if (g->problems.s)
			g->problems.s[0] = '\0';
		if (!(ctx = cg_gen_context(g, prev, e)))
			break;
		if (cg_tmpl_prompt(&t, ctx, &sys, &user, e) < 0) {
			cJSON_Delete(ctx);
			break;
		}
		cJSON_Delete(ctx);
		rq.kind = g->kind->name;
		rq.tool = g->tool ? g->tool : g->kind->tool;
		rq.target = g->target ? g->target : "-";
		rq.system = sys;
		rq.user = user;
		rq.schema = schema;
		rq.round = round;
		if (cg_llm_chat(g->cfg, &rq, &rs, e) < 0) {
			free(sys);
			free(user);
			cg_llm_res_free(&rs);
			break;
		}
		free(sys);
		free(user);

		warn = cJSON_CreateArray();
		postprocess(g, &rs, &g->problems);
		if (g->text) {
			cg_validate(g->kind->name, g->text, req, &g->problems,
			    warn);
			if (!strcmp(rs.done_reason, "length") &&
			    g->kind->out == CG_GEN_PROSE &&
			    (g->problems.len || ends_early(g->text, req)))
				cg_buf_puts(&g->problems, "The reply was cut "
				    "off; be shorter and finish every section.\n");
		}
		cg_llm_res_free(&rs);
		nhard = g->problems.len > 0;
		status = !nhard ? "ok" : round < maxr ? "retry" : "fail";
		loground(g, round, status, g->problems.s ? g->problems.s : "",
		    warn);
		cJSON_Delete(warn);
		if (!nhard) {
			rc = 0;
			break;
		}
		free(prev);
		prev = bullets(g->problems.s);
		if (round == maxr)
			cg_seterr(e, EX_DATAERR, "%s: the reply failed "
			    "validation %d time%s; giving up", g->target ?
			    g->target : g->kind->name, round + 1, round ? "s" : "");
	}
	if (rc < 0) {
		free(g->text);
		g->text = NULL;
		cJSON_Delete(g->quiz);
		g->quiz = NULL;
	}
	free(prev);
	cJSON_Delete(schema);
	cJSON_Delete(req);
	cg_tmpl_free(&t);
	return rc;
}

void
cg_gen_free(struct cg_gen *g)
{
	free(g->text);
	g->text = NULL;
	cJSON_Delete(g->quiz);
	g->quiz = NULL;
	cg_buf_free(&g->problems);
}
