/* chat.c — one call: attempts until one succeeds or a fatal error (see
 * llm.h).  The retry policy, on one screen:
 *
 *   run an attempt (attempt.c)  ->  ok / length: done; no host left
 *                                   that is not marked down: stop
 *   classify its failure        ->  fatal (4xx, redirect, repeated
 *                                   garbage, bad URL, a wedged host,
 *                                   every host down): stop, say why
 *   retries left?               ->  no: give up (69 / 75 / 76); a
 *                                   host never reached is marked down
 *   back off                    ->  Retry-After for 429/503, else
 *                                   exponential with full jitter,
 *                                   capped at retries.backoff_max;
 *                                   none when the host was just marked
 *                                   down and another is left; cut short
 *                                   when another process marks it
 *   retry (on another host when this one is down, the retries
 *   counted afresh there)
 *
 * The host-down mark (slots.h) makes a dead server cost a run one
 * message: cg-llm (settings oneshot) instead retries a failed
 * connection once, quickly, and says so.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cache.h"
#include "client.h"
#include "json.h"

#define PROTOCOL_RETRIES 2	/* garbage is retried only this often */
#define DOWN_POLL 0.1		/* seconds between looks for a down mark */

/* What the sink has been given: a retry must not repeat or contradict
 * it.  An attempt's text is passed on only beyond what was already sent,
 * and only while it agrees with it (a server with a seed replays). */
struct emit {
	cg_llm_sink sink;
	void       *arg;
	cg_buf      sent;
	size_t      pos;	/* of this attempt */
	int         mute;	/* this attempt disagreed with sent */
};

static void
emit(void *arg, const char *p, size_t n)
{
	struct emit *em = arg;
	size_t k;

	if (em->mute)
		return;
	if (em->pos < em->sent.len) {
		k = em->sent.len - em->pos;
		if (k > n)
			k = n;
		if (memcmp(em->sent.s + em->pos, p, k) != 0) {
			em->mute = 1;
			return;
		}
		em->pos += k, p += k, n -= k;
	}
	if (n == 0)
		return;
	cg_buf_add(&em->sent, p, n);
	em->pos += n;
	em->sink(em->arg, p, n);
}

/* ---- classify: is this failure fatal at once? ---- */

static int
fatal_http(const struct cg_settings *s, const struct cg_att *a, cg_err *e)
{
	char sm[400];
	long h = a->http;

	if (a->status != CG_LLM_HTTP)
		return 0;
	if (h >= 300 && h < 400)
		return cg_seterr(e, EX_CONFIG, "%s: HTTP %ld: the server "
		    "redirects elsewhere; set llm.url (or CG_URL) to the "
		    "server's own address", a->url, h);
	if (h < 400 || h >= 500 || h == 408 || h == 425 || h == 429)
		return 0;
	cg_att_server_msg(&a->errbody, sm, sizeof sm);
	if (h == 401 || h == 403)
		return cg_seterr(e, EX_CONFIG, "%s: HTTP %ld: %s; check "
		    "CG_API_KEY", a->url, h, sm);
	if (h == 404 && !s->openai && strstr(sm, "model"))
		return cg_seterr(e, EX_UNAVAILABLE, "%s: %s; run: ollama pull "
		    "%s", a->slot.url, sm, s->model);
	if (h == 404 && !s->openai)
		return cg_seterr(e, EX_UNAVAILABLE, "%s: HTTP 404: %s; is this "
		    "an Ollama server? for an OpenAI-compatible one set "
		    "llm.provider: openai", a->url, sm);
	if (h == 404)
		return cg_seterr(e, EX_UNAVAILABLE, "%s: HTTP 404: %s; check "
		    "the model (llm.model, \"%s\") and the URL", a->url, sm,
		    s->model);
	return cg_seterr(e, EX_DATAERR, "%s: HTTP %ld: %s", a->url, h, sm);
}

/* The last host was marked down: the process that marked it says why,
 * once for the run; the others that found it marked say so briefly. */
static int
down(const struct cg_att *a, cg_err *e)
{
	if (!a->marked)
		return cg_seterr(e, EX_UNAVAILABLE, "%s: %s; another job "
		    "marked the server down; start it, then run again",
		    a->slot.url, a->msg);
	return cg_seterr(e, EX_UNAVAILABLE, "the LLM server at %s is down: "
	    "%s; it is marked down, so the other jobs of this run stop at "
	    "once; is the server running? start it, or set CG_URL or "
	    "llm.url, then run again", a->slot.url, a->msg);
}

/* -1 with e set when a's failure must not be retried. */
static int
fatal(const struct cg_settings *s, const struct cg_att *a, int *nprotocol,
    cg_err *e)
{
	if (a->status == CG_LLM_CONFIG)
		return cg_seterr(e, EX_CONFIG, "%s: %s; check llm.url or CG_URL",
		    a->url, a->msg);
	if (a->status == CG_LLM_WEDGED)
		return cg_seterr(e, EX_TEMPFAIL, "%s: %s", a->slot.url, a->msg);
	if (a->status == CG_LLM_HOST_DOWN && !cg_slot_live(s->hosts, s->nhosts))
		return down(a, e);
	if (fatal_http(s, a, e) < 0)
		return -1;
	if (a->status == CG_LLM_PROTOCOL && ++*nprotocol >
	    PROTOCOL_RETRIES)
		return cg_seterr(e, EX_PROTOCOL, "%s: the reply is not the %s "
		    "API (%s); check llm.provider and the URL", a->url,
		    s->openai ? "OpenAI" : "Ollama", a->msg);
	return 0;
}

/* The error after the last attempt failed.  A process that gives up on
 * a host it cannot reach marks it down for the others (slots.h). */
static int
give_up(const struct cg_settings *s, struct cg_att *a, cg_err *e)
{
	char sb[16], why[sizeof a->msg];

	if (a->status == CG_LLM_CONNECT && !s->oneshot) {
		if (!a->marked)	/* (move_on may have marked it already) */
			a->marked = cg_slot_mark_down(a->slot.url);
		snprintf(why, sizeof why, "%s", a->msg);
		snprintf(a->msg, sizeof a->msg, "no connection in %d attempts "
		    "(%.500s)", a->number, why);
		return down(a, e);
	}
	if (a->status == CG_LLM_CONNECT)
		return cg_seterr(e, EX_UNAVAILABLE, "cannot reach the LLM server "
		    "at %s (%s) after %d attempt%s; is the server running? "
		    "set CG_URL or llm.url", a->slot.url, a->msg, a->number,
		    a->number == 1 ? "" : "s");
	if (a->status == CG_LLM_PROTOCOL)
		return cg_seterr(e, EX_PROTOCOL, "%s: the reply is not the %s "
		    "API (%s); check llm.provider and the URL", a->slot.url,
		    s->openai ? "OpenAI" : "Ollama", a->msg);
	return cg_seterr(e, EX_TEMPFAIL, "%s: gave up after %d attempt%s "
	    "(last: %s: %s); re-run later", a->slot.url, a->number,
	    a->number == 1 ? "" : "s", cg_att_status(a, sb), a->msg);
}

/* ---- back off ---- */

static double
jitter01(void)
{
	static unsigned long x;

	if (!x)
		x = (unsigned long)getpid() * 2654435761UL ^
		    (unsigned long)(cg_now() * 1e9) ^ 0x9e3779b97f4a7c15UL;
	x = x * 6364136223846793005UL + 1442695040888963407UL;
	return (double)(x >> 11) / 9007199254740992.0;
}

/* Seconds to wait before attempt a->number + 1. */
static double
backoff(const struct cg_settings *s, const struct cg_att *a)
{
	double w;

	if (a->status == CG_LLM_HOST_DOWN)
		return 0;	/* another host takes it */
	if (a->status == CG_LLM_CONNECT && s->oneshot)
		return CG_LLM_ONESHOT_WAIT;
	if (a->retry_after >= 0 && (a->http == 429 || a->http == 503))
		w = a->retry_after;
	else
		w = jitter01() * s->backoff * pow(2, a->number - 1);
	return w > s->backoff_max ? s->backoff_max : w;
}

static void
sleep_s(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Back off for s seconds after a; after a failed connection, only until
 * another process marks the host down (then the next attempt finds
 * out at once). */
static void
back_off(const struct cg_att *a, double s)
{
	double end = cg_now() + s, left;

	if (a->status != CG_LLM_CONNECT) {
		sleep_s(s);
		return;
	}
	while ((left = end - cg_now()) > 0 && !cg_slot_down(a->slot.url, NULL))
		sleep_s(left < DOWN_POLL ? left : DOWN_POLL);
}

/* ---- the call ---- */

static int
done(const struct cg_att *a)
{
	return a->status == CG_LLM_OK || a->status == CG_LLM_LENGTH;
}

static void
result(struct cg_att *a, struct cg_llm_res *rs)
{
	rs->len = a->st.text.len;
	rs->text = cg_buf_take(&a->st.text);
	rs->prompt_tokens = a->st.prompt_tokens;
	rs->eval_tokens = a->st.eval_tokens;
	rs->ttft = a->tfirst > 0 ? a->tfirst - a->t0 : a->duration;
	rs->duration = a->duration;
	rs->attempts = a->number;
	snprintf(rs->done_reason, sizeof rs->done_reason, "%s",
	    a->st.done_reason[0] ? a->st.done_reason : "stop");
	snprintf(rs->host, sizeof rs->host, "%.255s", a->slot.url);
}

/* 1 when a's request moves to another host instead of counting as a
 * retry: its host was found or marked down, or its connections failed
 * until the retries ran out (the host is marked down then, as by
 * give_up), and another host is not marked down.  A host down is no
 * reason to fail a request another server can answer. */
static int
move_on(const struct cg_settings *s, struct cg_att *a, int last)
{
	size_t live;

	if (s->nhosts < 2)
		return 0;
	if (a->status == CG_LLM_CONNECT && last)
		a->marked = cg_slot_mark_down(a->slot.url);
	else if (a->status != CG_LLM_HOST_DOWN)
		return 0;
	if (!(live = cg_slot_live(s->hosts, s->nhosts)))
		return 0;
	/* the process that marked it says so, once for the run (cg-llm's
	 * mark holds for a few seconds: long enough to pass over it) */
	if (a->marked && s->oneshot)
		warn("the LLM server at %s is down: %s; asking the other "
		    "host%s", a->slot.url, a->msg, live == 1 ? "" : "s");
	else if (a->marked)
		warn("the LLM server at %s is down: %s; it is marked down for "
		    "this run, the other %s take%s the work", a->slot.url,
		    a->msg, live == 1 ? "host" : "hosts", live == 1 ? "s" : "");
	return 1;
}

/* Attempts until one succeeds, a failure is fatal or retries run out. */
static int
attempts(const struct cg_att_cfg *c, struct cg_att *a, struct emit *em,
    struct cg_llm_res *rs, cg_err *e)
{
	double np = c->k->num_predict, wait;
	int n, nprotocol = 0, moved = 0, base = 0, last;
	size_t nh = c->s->nhosts;

	for (n = 1; ; n++) {
		em->pos = 0;
		em->mute = 0;
		if (cg_att_run(a, c, n, e) < 0)
			return -1;
		if (done(a)) {
			cg_calllog_attempt(c->s, a, np, -1);
			result(a, rs);
			return 0;
		}
		if (fatal(c->s, a, &nprotocol, e) < 0) {
			cg_calllog_attempt(c->s, a, np, -1);
			return -1;
		}
		/* the retries count from the last move to another host (base);
		 * cg-llm tries a refused connection once more, then gives up */
		last = n - base > c->s->retries || (c->s->oneshot &&
		    n - base > 1 && a->status == CG_LLM_CONNECT);
		/* each move passes over one more host: at most one per host */
		if ((size_t)moved < nh && move_on(c->s, a, last)) {
			moved++;
			base = n;
			cg_calllog_attempt(c->s, a, np, 0);
			continue;
		}
		if (last) {
			cg_calllog_attempt(c->s, a, np, -1);
			return give_up(c->s, a, e);
		}
		wait = backoff(c->s, a);
		cg_calllog_attempt(c->s, a, np, wait);
		back_off(a, wait);
	}
}

/* -1 with EX_DATAERR when the prompt cannot fit the context window next
 * to the reply budget: Ollama would cut it from the front silently. */
static int
fits(const struct cg_settings *s, const struct cg_kindset *k,
    const struct cg_llm_req *rq, cg_err *e)
{
	size_t bytes = (rq->system ? strlen(rq->system) : 0) +
	    (rq->user ? strlen(rq->user) : 0) +
	    (rq->prev ? strlen(rq->prev) : 0) + (rq->fix ? strlen(rq->fix) : 0);
	double est = (double)bytes / CG_LLM_BYTES_PER_PROMPT_TOKEN;
	double room = (double)k->num_ctx - k->num_predict;

	(void)s;
	if (k->num_ctx > 0 && room < 1)
		return cg_seterr(e, EX_CONFIG, "the reply budget num_predict "
		    "%.0f (%s) leaves no room for a prompt in "
		    "llm.options.num_ctx %ld (%s); raise num_ctx or lower "
		    "num_predict", k->num_predict, k->num_predict_from,
		    k->num_ctx, k->num_ctx_from);
	if (k->num_ctx <= 0 || est <= room)
		return 0;
	return cg_seterr(e, EX_DATAERR, "the prompt is too large: about %.0f "
	    "tokens (%zu bytes / %d), but llm.options.num_ctx %ld (%s) minus "
	    "the reply budget num_predict %.0f (%s) leaves %.0f; shorten the "
	    "course text it carries (description, titles, constraints) or "
	    "raise num_ctx", est, bytes, CG_LLM_BYTES_PER_PROMPT_TOKEN,
	    k->num_ctx, k->num_ctx_from, k->num_predict, k->num_predict_from,
	    room);
}

int
cg_llm_auth(char **hdr, cg_err *e)
{
	const char *key = getenv("CG_API_KEY");

	*hdr = NULL;
	/* a line break in the key would add headers of its own; the key
	 * itself is never shown */
	if (key && cg_settings_ctrl(key) >= 0)
		return cg_seterr(e, EX_CONFIG, "CG_API_KEY has a control "
		    "character (byte %d at %d of %zu); set it to the key alone",
		    key[cg_settings_ctrl(key)], cg_settings_ctrl(key) + 1,
		    strlen(key));
	if (key && *key)
		*hdr = xasprintf("Authorization: Bearer %s", key);
	return 0;
}

void
cg_llm_auth_free(char *hdr)
{
	if (!hdr)
		return;
	memset(hdr, 0, strlen(hdr));
	free(hdr);
}

/* The reply from the response cache: 0 when it had one (given to the
 * sink as if it had streamed, and logged), else -1. */
static int
from_cache(const struct cg_settings *s, const struct cg_kindset *k,
    const struct cg_llm_req *rq, const char *key, struct cg_llm_res *rs)
{
	double cap = k->num_predict * CG_LLM_BYTES_PER_TOKEN;
	cg_buf b = { 0 };

	if (!key || cg_cache_seen(key) || s->fresh ||
	    cg_cache_read(s->cache, key, cap < 1e15 ? (size_t)cap : 0, rs) < 0)
		return -1;
	/* an entry from before replies were scrubbed */
	cg_buf_add(&b, rs->text, rs->len);
	if (cg_llm_scrub_buf(&b, 0, getenv("CG_API_KEY"))) {
		free(rs->text);
		rs->len = b.len;
		rs->text = cg_buf_take(&b);
	}
	cg_buf_free(&b);
	if (rq->sink && rs->len)
		rq->sink(rq->sinkarg, rs->text, rs->len);
	cg_calllog_cache(s, rq, key, rs);
	return 0;
}

int
cg_llm_call(const struct cg_settings *s, const struct cg_llm_req *rq,
    struct cg_llm_res *rs, cg_err *e)
{
	struct cg_att_cfg c = { s, cg_settings_kind(s, rq->kind), rq, NULL,
	    NULL, NULL, NULL, NULL };
	struct emit em = { rq->sink, rq->sinkarg, { 0 }, 0, 0 };
	struct cg_att a;
	const char *hdrs[2] = { 0 };
	char *auth = NULL, *body = NULL, *joined = NULL, *ck = NULL;
	struct cg_llm_req one;
	cJSON *b;
	size_t i;
	int ret = -1;

	memset(rs, 0, sizeof *rs);
	memset(&a, 0, sizeof a);
	for (i = 0; i < s->nhosts; i++)
		if (cg_http_checkurl(s->hosts[i].url, e) < 0)
			goto out;
	if (cg_llm_auth(&auth, e) < 0)
		goto out;
	/* a re-ask whose conversation (prompt, previous reply, problems)
	 * cannot fit the context goes without the previous reply: the
	 * problems follow the prompt instead */
	if (rq->prev && rq->fix && fits(s, c.k, rq, NULL) < 0) {
		one = *rq;
		one.user = joined = xasprintf("%s\n\n%s", rq->user ? rq->user :
		    "", rq->fix);
		one.prev = one.fix = NULL;
		c.rq = rq = &one;
	}
	if (fits(s, c.k, rq, e) < 0)
		goto out;
	b = cg_llm_body(s, rq);
	if (s->cache)
		ck = cg_cache_key(s->provider, b);
	c.body = body = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	if (from_cache(s, c.k, rq, ck, rs) == 0) {
		snprintf(rs->key, sizeof rs->key, "%s", ck);
		ret = 0;
		goto out;
	}
	hdrs[0] = auth;
	c.headers = hdrs;
	if (rq->sink) {
		c.sink = emit;
		c.sinkarg = &em;
	}
	if ((c.http = cg_http_new(e)))
		ret = attempts(&c, &a, &em, rs, e);
	if (ret == 0 && ck) {
		cg_cache_put(s->cache, ck, s->provider, s->model, rq->kind, rs);
		snprintf(rs->key, sizeof rs->key, "%s", ck);
	}
out:
	if (ret < 0 && e)
		cg_llm_scrub(e->msg);
	cg_att_free(&a);
	cg_buf_free(&em.sent);
	cg_http_free(c.http);
	cg_llm_auth_free(auth);
	free(ck);
	free(body);
	free(joined);
	return ret;
}

void
cg_llm_res_free(struct cg_llm_res *rs)
{
	if (!rs)
		return;
	free(rs->text);
	rs->text = NULL;
	rs->len = 0;
}
