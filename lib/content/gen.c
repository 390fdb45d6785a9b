/* gen.c — the generate/validate/retry loop of the content kinds;
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
	if (g->kind->shape == CG_SHAPE_PROSE) {
		g->text = cg_clean_prose(rs->text, NULL);
	} else if (g->kind->shape == CG_SHAPE_DIAGRAM) {
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
	if (cg_tmpl_load(g->kind->prompt, &t, e) < 0) {
		cJSON_Delete(req);
		return -1;
	}
	if (g->kind->shape == CG_SHAPE_QUIZ) {
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
			    g->kind->shape == CG_SHAPE_PROSE &&
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
