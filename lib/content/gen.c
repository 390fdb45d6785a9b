/* gen.c — the generate/validate/retry loop of the content kinds;
 * see gen.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gen.h"
#include "clean.h"
#include "fsio.h"
#include "json.h"
#include "llm.h"
#include "settings.h"
#include "mermaid.h"
#include "quiz.h"
#include "tmpl.h"
#include "validate.h"
#include "cache.h"
#include "mend.h"
#include "reask.h"

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

/* The quiz of one reply, read by the counts asked whatever its form (JSON
 * or markdown, labelled or not).  A reply that is no quiz or holds no
 * usable question goes to hard.  Any other becomes g->quiz and g->text,
 * even when it lacks some questions or repeats a question of an earlier
 * session (when g->dir is the session's folder, cg_quiz_earlier): those
 * problems go to reask, worth a re-ask and, after the last one, a quiz
 * kept as imperfect.  Such a quiz is also kept aside (g->partial, without
 * its repeats) and the re-ask asks for only what it lacks; the next reply
 * is merged into it (or, when the model sent a whole quiz again, used
 * alone, whichever lacks less). */
static void
quiz(struct cg_gen *g, const struct cg_llm_res *rs, cg_buf *hard,
    cg_buf *reask)
{
	int mc, nopt, sa, es, miss[3], pm[3], n, num;
	cJSON *q, *more, *doc, *it, *earlier, *keep;
	cg_err e = {0}, e2 = {0};
	size_t had = reask->len;

	counts(g->session, &mc, &nopt, &sa, &es);
	q = cg_quiz_parse_counts(rs->text, mc, nopt, sa, es, &e);
	if (g->partial && cg_quiz_missing(g->partial, mc, nopt, sa, es, pm) &&
	    (more = cg_quiz_parse_counts(rs->text, pm[0], nopt, pm[1], pm[2],
	    &e2))) {
		cJSON *m = cJSON_Duplicate(g->partial, 1);
		cg_quiz_merge(m, more, mc, nopt, sa, es);
		cJSON_Delete(more);
		if (!q || cg_quiz_missing(m, mc, nopt, sa, es, miss) <
		    cg_quiz_missing(q, mc, nopt, sa, es, miss)) {
			cJSON_Delete(q);
			q = m;
		} else
			cJSON_Delete(m);
	}
	if (!q) {
		lines_to(hard, e.msg);
		return;
	}
	if ((n = cg_quiz_missing(q, mc, nopt, sa, es, miss)) > 0 &&
	    n == mc + sa + es) {
		cg_buf_printf(hard, "The reply holds no usable question; write "
		    "the whole quiz: %d multiple choice (each with %d options "
		    "and the letter of the answer), %d short answer and %d "
		    "essay questions.\n", mc, nopt, sa, es);
		cJSON_Delete(q);
		return;
	}
	if (n > 0)
		cg_buf_printf(reask, "The quiz lacks %d question%s (%d multiple "
		    "choice, %d short answer, %d essay); reply with only those "
		    "missing questions, in the same form.\n", n, n > 1 ? "s" :
		    "", miss[0], miss[1], miss[2]);
	keep = cJSON_Duplicate(q, 1);
	num = (int)cg_json_getn(g->session, "session.number", 0);
	if (g->dir && num > 1) {
		earlier = cg_quiz_earlier(g->dir, num);
		if (cg_quiz_repeats(q, earlier, reask) > 0)
			cg_quiz_drop_repeats(keep, earlier);
		cJSON_Delete(earlier);
	}
	cJSON_Delete(g->partial);
	g->partial = NULL;
	if (reask->len > had)
		g->partial = keep;
	else
		cJSON_Delete(keep);
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

/* Post-process one reply into g->text (and g->quiz): problems that make
 * the reply unusable go to hard, those worth a re-ask to reask, what was
 * mended (prose: heading forms, repeated paragraphs, mermaid blocks) to
 * mended. */
static void
postprocess(struct cg_gen *g, const struct cg_llm_res *rs, const cJSON *req,
    cg_buf *hard, cg_buf *reask, cg_buf *mended)
{
	cg_err e = {0};

	free(g->text);
	g->text = NULL;
	cJSON_Delete(g->quiz);
	g->quiz = NULL;
	if (g->kind->shape == CG_SHAPE_PROSE) {
		char *c = cg_clean_prose(rs->text, NULL);
		g->text = cg_mend_prose(c, req, mended);
		free(c);
	} else if (g->kind->shape == CG_SHAPE_DIAGRAM) {
		cg_mmd *m = cg_mmd_parse(rs->text, &e);
		if (!m) {
			cg_buf_printf(hard, "The reply was not a mermaid "
			    "flowchart (%s); reply with the flowchart only.\n",
			    e.msg);
			return;
		}
		cg_mmd_fit(m, mended, 0);	/* a layout that fits a page */
		g->text = cg_mmd_emit(m);
		cg_mmd_free(m);
	} else
		quiz(g, rs, hard, reask);
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

const char *
cg_gen_round_name(enum cg_gen_round r)
{
	static const char *const name[] = { "ok", "retry", "imperfect",
	    "fail" };

	return (unsigned)r < sizeof name / sizeof *name ? name[r] : "?";
}

static void
loground(struct cg_gen *g, int round, enum cg_gen_round status,
    const char *hard, const cJSON *warnings)
{
	cg_calllog_validate(g->cfg, g->tool ? g->tool : g->kind->tool,
	    g->kind->name, g->target, round, cg_gen_round_name(status), hard,
	    warnings);
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

/* One round's reply as the loop judges it: unusable (no reader could use
 * it), reask (usable, but its problems are worth a whole generation),
 * imperfect (kept as it is, its problems recorded), and what was mended
 * without asking. */
struct verdict {
	char   *text;
	cJSON  *quiz;
	cg_buf  unusable, reask, imperfect, mended;
	cJSON  *warn;
	int     nreask, nimp;
};

static void
verdict_free(struct verdict *v)
{
	free(v->text);
	cJSON_Delete(v->quiz);
	cg_buf_free(&v->unusable);
	cg_buf_free(&v->reask);
	cg_buf_free(&v->imperfect);
	cg_buf_free(&v->mended);
	cJSON_Delete(v->warn);
	memset(v, 0, sizeof *v);
}

static int
count_lines(const cg_buf *b)
{
	int n = 0;
	size_t i;

	for (i = 0; i < b->len; i++)
		n += b->s[i] == '\n';
	return n;
}

/* How bad a usable verdict is: its problems worth a re-ask weigh more
 * than any number of imperfections. */
static int
weight(const struct verdict *v)
{
	return v->nreask * 1000 + v->nimp;
}

/* Judge one reply: the hooks' check, or the kind's post-processing and
 * cg_validate_ex against req (a quiz's counts are quiz()'s to judge). */
static void
judge(struct cg_gen *g, const struct cg_llm_res *rs, const cJSON *req,
    struct verdict *v)
{
	v->warn = cJSON_CreateArray();
	if (g->check) {
		/* a hook's (the outline's) problems are all worth a re-ask:
		 * the outline is the course's spine */
		g->check(g->hookarg, rs->text, &v->text, &v->unusable,
		    &v->reask, v->warn);
	} else {
		cJSON *r = cJSON_Duplicate(req, 1);
		if (g->kind->shape == CG_SHAPE_QUIZ)
			cJSON_DeleteItemFromObjectCaseSensitive(r, "questions");
		postprocess(g, rs, req, &v->unusable, &v->reask, &v->mended);
		v->text = g->text;
		v->quiz = g->quiz;
		g->text = NULL;
		g->quiz = NULL;
		if (v->text)
			cg_validate_ex(g->kind->name, v->text, r, &v->unusable,
			    &v->reask, &v->imperfect, v->warn);
		cJSON_Delete(r);
	}
	/* a reply cut by the output cap: worth asking again, shorter */
	if (v->text && !strcmp(rs->done_reason, "length") &&
	    (v->unusable.len || v->reask.len || v->imperfect.len ||
	    (g->kind->shape == CG_SHAPE_PROSE && ends_early(v->text, req))))
		cg_buf_puts(v->unusable.len ? &v->unusable : &v->reask,
		    "The reply was cut off; be shorter and finish every "
		    "section.\n");
	if (!v->text && !v->unusable.len)
		cg_buf_puts(&v->unusable, "The reply could not be used; write "
		    "it again as asked.\n");
	v->nreask = count_lines(&v->reask);
	v->nimp = count_lines(&v->imperfect);
}

/* The problems of a usable reply, those worth a re-ask first.  Caller
 * frees. */
static char *
joined(const struct verdict *v)
{
	return xasprintf("%s%s", v->reask.s ? v->reask.s : "",
	    v->imperfect.s ? v->imperfect.s : "");
}

/* The run's re-ask budget is spent: this imperfect reply is kept without
 * one, and the call log says so (the summary counts these). */
static void
spent(struct cg_gen *g, int budget)
{
	cJSON *l = cJSON_CreateObject();

	cJSON_AddStringToObject(l, "event", "budget");
	cJSON_AddStringToObject(l, "tool", g->tool ? g->tool : g->kind->tool);
	cJSON_AddStringToObject(l, "kind", g->kind->name);
	cJSON_AddStringToObject(l, "target", g->target ? g->target : "-");
	cJSON_AddNumberToObject(l, "budget", budget);
	cJSON_AddStringToObject(l, "status", "kept");
	cg_calllog(g->cfg, l);
	cJSON_Delete(l);
}

/* The prompt's context: the hook's, or the session's with this kind. */
static cJSON *
context(struct cg_gen *g, cg_err *e)
{
	return g->context ? g->context(g->hookarg, e) :
	    cg_gen_context(g, NULL, e);
}

/* The next user turn of a re-ask: the prompt's "retry" template rendered
 * with the context and the problems.  Caller frees. */
static char *
fixturn(const struct cg_tmpl *t, cJSON *ctx, const char *problems,
    cg_err *e)
{
	const char *tm = cg_json_gets(t->meta, "retry", NULL);
	char *b = bullets(problems), *s;

	if (!tm) {
		cg_seterr(e, EX_DATAERR, "%s: the front matter has no \"retry\" "
		    "template (the message sent with a reply's problems)",
		    t->path);
		free(b);
		return NULL;
	}
	cJSON_AddStringToObject(ctx, "problems", b);
	s = cg_tmpl_render(tm, ctx, t->path, e);
	cJSON_DeleteItemFromObjectCaseSensitive(ctx, "problems");
	free(b);
	if (s)
		s = cg_trim(s) == s ? s : memmove(s, cg_trim(s),
		    strlen(cg_trim(s)) + 1);
	return s;
}

int
cg_gen_run(struct cg_gen *g, cg_err *e)
{
	struct cg_tmpl t = {0};
	struct verdict best = {0}, v;
	cJSON *req = g->session ? cg_gen_req(g->session, g->kind) : NULL;
	cJSON *schema = NULL, *ctx = NULL;
	struct cg_settings set;
	int maxr, round, rc = -1, havebest = 0, i, again, budget = 0;
	char *sys = NULL, *user = NULL, *prev = NULL, *fix = NULL, *probs;
	char *all;
	char (*keys)[65] = NULL;	/* every round's cache key */
	int nkeys = 0;

	/* the settings, read once for every round */
	if (cg_settings_init(&set, g->cfg, NULL, e) < 0) {
		cJSON_Delete(req);
		return -1;
	}
	set.fresh |= g->fresh;
	maxr = set.validate_retries < 0 ? 0 : set.validate_retries;
	if (cg_tmpl_load(g->prompt ? g->prompt : g->kind->prompt, &t, e) < 0 ||
	    !(ctx = context(g, e)) || cg_tmpl_prompt(&t, ctx, &sys, &user,
	    e) < 0)
		goto out;
	if (g->kind->shape == CG_SHAPE_QUIZ && !g->schema) {
		int mc, nopt, sa, es;
		counts(g->session, &mc, &nopt, &sa, &es);
		schema = cg_quiz_schema(mc, nopt, sa, es);
	}
	for (round = 0; round <= maxr; round++) {
		struct cg_llm_req rq = {0};
		struct cg_llm_res rs = {0};
		enum cg_gen_round status;

		g->rounds = round + 1;
		rq.kind = g->kind->name;
		rq.tool = g->tool ? g->tool : g->kind->tool;
		rq.target = g->target ? g->target : "-";
		rq.system = sys;
		rq.user = user;
		rq.prev = prev;
		rq.fix = fix;
		rq.schema = g->schema ? g->schema : schema;
		rq.round = round;
		rq.sink = g->sink;
		rq.sinkarg = g->sinkarg;
		rq.onhost = g->onhost;
		if (cg_llm_call(&set, &rq, &rs, e) < 0) {
			cg_llm_res_free(&rs);
			goto out;
		}
		if (rs.key[0]) {
			keys = xrealloc(keys, (size_t)(nkeys + 1) * sizeof *keys);
			memcpy(keys[nkeys++], rs.key, sizeof *keys);
		}
		if (rs.cached)
			g->cached++;
		else if (rs.eval_tokens > 0)
			g->tokens += rs.eval_tokens;
		g->seconds += rs.duration;
		memset(&v, 0, sizeof v);
		judge(g, &rs, req, &v);
		/* ask again for an unusable reply; for a usable one only when
		 * its problems are worth a whole generation, and (in a course
		 * run) while the run's budget for that lasts */
		again = round < maxr && (v.unusable.len || (v.nreask &&
		    (g->check || cg_reask_take(set.reask_budget, &budget))));
		if (round < maxr && !v.unusable.len && v.nreask && !again)
			spent(g, budget);
		all = joined(&v);
		status = !v.unusable.len && !v.nreask && !v.nimp ? CG_ROUND_OK :
		    again ? CG_ROUND_RETRY : v.unusable.len && !havebest ?
		    CG_ROUND_FAIL : CG_ROUND_IMPERFECT;
		loground(g, round, status, v.unusable.len ? v.unusable.s : all,
		    v.warn);
		probs = v.unusable.len ? xstrdup(v.unusable.s) : all;
		if (v.unusable.len)
			free(all);
		if (!v.unusable.len && (!havebest || weight(&v) <=
		    weight(&best))) {
			verdict_free(&best);
			best = v;
			havebest = 1;
		} else {
			if (v.unusable.len) {
				cg_buf_free(&g->problems);
				g->problems = v.unusable;
				memset(&v.unusable, 0, sizeof v.unusable);
			}
			verdict_free(&v);
		}
		if (!again) {
			free(probs);
			cg_llm_res_free(&rs);
			break;
		}
		free(prev);
		free(fix);
		prev = xstrdup(rs.text ? rs.text : "");
		cg_llm_res_free(&rs);
		fix = fixturn(&t, ctx, probs, e);
		free(probs);
		if (!fix)
			goto out;
	}
	if (havebest) {
		g->text = best.text;
		g->quiz = best.quiz;
		best.text = NULL;
		best.quiz = NULL;
		cg_buf_free(&g->imperfect);
		g->imperfect = best.reask;
		memset(&best.reask, 0, sizeof best.reask);
		if (best.imperfect.len)
			cg_buf_add(&g->imperfect, best.imperfect.s,
			    best.imperfect.len);
		cg_buf_free(&g->mended);
		g->mended = best.mended;
		memset(&best.mended, 0, sizeof best.mended);
		g->problems.len = 0;
		if (g->problems.s)
			g->problems.s[0] = '\0';
		rc = 0;
	} else {
		/* replies that gave no usable file are not kept: the next
		 * run asks the server again instead of replaying the
		 * same failure from the cache */
		for (i = 0; i < nkeys; i++)
			cg_cache_drop(set.cache, keys[i]);
		cg_seterr(e, EX_DATAERR, "%s: no usable reply in %d attempt%s; "
		    "giving up", g->target ? g->target : g->kind->name,
		    g->rounds, g->rounds > 1 ? "s" : "");
	}
out:
	free(keys);
	cg_settings_free(&set);
	verdict_free(&best);
	free(prev);
	free(fix);
	free(sys);
	free(user);
	cJSON_Delete(ctx);
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
	cg_buf_free(&g->imperfect);
	cg_buf_free(&g->mended);
	cJSON_Delete(g->partial);
	g->partial = NULL;
}
