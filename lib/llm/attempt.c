/* attempt.c — one attempt of a call: take a server slot, POST the
 * streamed request, feed the body to the stream parser while enforcing
 * the first-token, idle and total timers and watching for a runaway,
 * release the slot, and classify what happened (a->status). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "client.h"
#include "json.h"

#define ERRBODY_MAX 8192
#define RUNAWAY_EVERY 512	/* check for runaway every this many bytes */
/* The longest line (SSE event) of a reply: a whole reply of the cap in
 * one document (a server that ignores "stream"), every byte escaped as
 * \u00XX, and its framing.  Nothing longer is kept: a server that sends
 * no newline costs this much memory, not all it sends. */
#define LINE_ESCAPE 6
#define LINE_SLACK  65536

/* A finished JSON document padded with whitespace: keep the document. */
static int
runaway(struct cg_att *a)
{
	size_t end = a->json ? cg_llm_json_done(a->st.text.s,
	    a->st.text.len) : 0;

	if (end) {
		a->st.text.len = end;
		a->st.text.s[end] = '\0';
		a->json_done = 1;
		return 1;
	}
	a->abort = CG_LLM_RUNAWAY;
	snprintf(a->aborterr, sizeof a->aborterr, "runaway reply (the same "
	    "text repeated, or only whitespace) after %zu bytes",
	    a->st.text.len);
	return 1;
}

static int
on_data(void *arg, long status, const char *p, size_t n)
{
	struct cg_att *a = arg;

	a->tlast = cg_now();
	if (status < 200 || status >= 300) {
		if (a->errbody.len < ERRBODY_MAX)
			cg_buf_add(&a->errbody, p, n);
		return 0;
	}
	if (!a->tfirst)
		a->tfirst = a->tlast;
	if (cg_llm_stream_feed(&a->st, p, n) < 0)
		return 1;
	if ((double)a->st.text.len > a->cap_bytes) {
		a->abort = CG_LLM_RUNAWAY;
		snprintf(a->aborterr, sizeof a->aborterr, "runaway reply: "
		    "%zu bytes, over the cap of %.0f (%d bytes per token of "
		    "num_predict)", a->st.text.len, a->cap_bytes,
		    CG_LLM_BYTES_PER_TOKEN);
		return 1;
	}
	if (a->st.text.len >= a->checked + RUNAWAY_EVERY) {
		a->checked = a->st.text.len;
		if (cg_llm_runaway(a->st.text.s, a->st.text.len))
			return runaway(a);
	}
	return 0;
}

static int
on_tick(void *arg)
{
	struct cg_att *a = arg;
	double now = cg_now();

	if (!a->tfirst && now - a->t0 > a->first_token) {
		a->abort = CG_LLM_FIRST_TOKEN_TIMEOUT;
		snprintf(a->aborterr, sizeof a->aborterr, "no reply within "
		    "%g s (timeouts.first_token)", a->first_token);
	} else if (a->tfirst && now - a->tlast > a->idle) {
		a->abort = CG_LLM_STALL;
		snprintf(a->aborterr, sizeof a->aborterr, "stream stalled: "
		    "nothing for %g s (timeouts.idle)", a->idle);
	} else if (now - a->t0 > a->total) {
		a->abort = CG_LLM_TOTAL_TIMEOUT;
		snprintf(a->aborterr, sizeof a->aborterr, "reply took longer "
		    "than %g s (timeouts.total)", a->total);
	}
	return a->abort != CG_LLM_NONE;
}

void
cg_att_server_msg(const cg_buf *b, char *out, size_t outsz)
{
	cJSON *j = b->len ? cJSON_ParseWithLength(b->s, b->len) : NULL;
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
	const char *m = NULL;
	size_t i, k = 0;

	if (cJSON_IsString(err))
		m = err->valuestring;
	else if (err)
		m = cg_json_gets(err, "message", "unspecified error");
	else if (j)
		m = cg_json_gets(j, "message", cg_json_gets(j, "detail", NULL));
	if (m) {
		snprintf(out, outsz, "%s", m);
	} else {
		for (i = 0; i < b->len && k + 1 < outsz && k < 200; i++)
			out[k++] = b->s[i] == '\n' || b->s[i] == '\r' ? ' ' :
			    isprint((unsigned char)b->s[i]) ? b->s[i] : '?';
		out[k] = 0;
		while (k > 0 && out[k - 1] == ' ')
			out[--k] = 0;
	}
	cJSON_Delete(j);
	cg_llm_scrub(out);
}

static void
outcome(struct cg_att *a, enum cg_llm_status status, const char *msg)
{
	a->status = status;
	snprintf(a->msg, sizeof a->msg, "%s", msg);
	cg_llm_scrub(a->msg);
}

/* What became of the transfer: a->status and a->msg. */
static void
classify(struct cg_att *a, const struct cg_http_res *hs)
{
	long h = hs->status;
	enum cg_llm_status cl;
	char sm[400];

	if (a->json_done) {		/* a finished document, padding cut */
		snprintf(a->st.done_reason, sizeof a->st.done_reason, "stop");
		outcome(a, CG_LLM_OK, "");
	} else if (a->abort) {
		outcome(a, a->abort, a->aborterr);
	} else if (a->st.status) {
		outcome(a, a->st.status, a->st.error);
	} else if (h >= 400 || (h > 0 && h < 200) || (h >= 300 && h < 400)) {
		cg_att_server_msg(&a->errbody, sm, sizeof sm);
		a->status = CG_LLM_HTTP;
		snprintf(a->msg, sizeof a->msg, "HTTP %ld%s%s", h,
		    sm[0] ? ": " : "", sm);
	} else if (hs->curlcode != 0) {
		cl = cg_http_class(hs->curlcode);
		if (cl == CG_LLM_NONE || (cl == CG_LLM_TRUNCATED &&
		    a->st.events == 0 && h == 0))
			cl = CG_LLM_CONNECT;
		outcome(a, cl, hs->error);
	} else if (cg_llm_stream_finish(&a->st) < 0) {
		outcome(a, a->st.status, a->st.error);
	} else {
		outcome(a, strcmp(a->st.done_reason, "length") == 0 ?
		    CG_LLM_LENGTH : CG_LLM_OK, "");
	}
}

/* A host marked wedged (slots.h) is probed before the request waits a
 * whole first_token again: no answer is a connection failure (retried);
 * an answer means it takes requests but generates nothing.  1 when the
 * attempt ends here, a->status set. */
static int
wedged(struct cg_att *a, const struct cg_att_cfg *c)
{
	size_t n = strlen(a->slot.url);
	char *u;
	long st;

	if (!cg_slot_wedged(a->slot.url, a->first_token))
		return 0;
	while (n > 0 && a->slot.url[n - 1] == '/')
		n--;
	u = xasprintf("%.*s%s", (int)n, a->slot.url, !c->s->openai ?
	    "/api/version" : n >= 3 && !memcmp(a->slot.url + n - 3, "/v1", 3)
	    ? "/models" : "/v1/models");
	st = cg_http_get(c->http, u, CG_LLM_PROBE_TIMEOUT);
	if (st == 0) {
		snprintf(a->aborterr, sizeof a->aborterr, "%s: no answer "
		    "within %d s", u, CG_LLM_PROBE_TIMEOUT);
		outcome(a, CG_LLM_CONNECT, a->aborterr);
	} else {
		snprintf(a->aborterr, sizeof a->aborterr, "the server accepts "
		    "connections (%s: HTTP %ld) but generates nothing: no "
		    "first token within %g s (timeouts.first_token) the last "
		    "time; restart it", u, st, a->first_token);
		outcome(a, CG_LLM_WEDGED, a->aborterr);
	}
	free(u);
	return 1;
}

/* Count a failed connection towards the host's down mark (slots.h), or
 * clear it when the host answered: a failed connection that marks the
 * host down, or finds it marked, ends as CG_LLM_HOST_DOWN. */
static void
reachable(struct cg_att *a, const struct cg_http_res *hs)
{
	char why[sizeof a->msg];
	int r;

	if (hs->status > 0) {
		cg_slot_answered(a->slot.url);
		return;
	}
	if (a->status != CG_LLM_CONNECT ||
	    cg_http_class(hs->curlcode) != CG_LLM_CONNECT)
		return;
	if (!(r = cg_slot_refused(a->slot.url, &a->streak)))
		return;
	a->status = CG_LLM_HOST_DOWN;
	a->marked = r == 1;
	snprintf(why, sizeof why, "%s", a->msg);
	snprintf(a->msg, sizeof a->msg, "no connection for %.1f s (%.500s)",
	    a->streak, why);
}

static void
att_reset(struct cg_att *a, const struct cg_att_cfg *c, int number)
{
	cg_llm_stream_free(&a->st);
	cg_buf_free(&a->errbody);
	memset(a, 0, sizeof *a);
	cg_llm_stream_init(&a->st, c->s->openai);
	a->st.sink = c->sink;
	a->st.sinkarg = c->sinkarg;
	a->rq = c->rq;
	a->number = number;
	a->json = c->rq->schema != NULL;
	a->first_token = c->s->first_token;
	a->idle = c->s->idle;
	a->total = c->k->total;
	a->cap_bytes = c->k->num_predict * CG_LLM_BYTES_PER_TOKEN;
	a->st.max_text = a->cap_bytes < 1e15 ? (size_t)a->cap_bytes : 0;
	a->st.max_line = a->st.max_text && a->st.max_text < (size_t)1e14 ?
	    a->st.max_text * LINE_ESCAPE + LINE_SLACK : 0;
	a->st.scrub = getenv("CG_API_KEY");
	a->slot.fd = -1;
	a->retry_after = -1;
}

int
cg_att_run(struct cg_att *a, const struct cg_att_cfg *c, int number,
    cg_err *e)
{
	struct cg_http_req hr = { 0 };
	struct cg_http_res hs;
	struct timespec now;
	char *url;

	att_reset(a, c, number);
	if (cg_slot_take(c->s->hosts, c->s->nhosts, a->first_token + a->total,
	    &a->slot, e) < 0)
		return -1;
	if (c->rq->onhost)
		c->rq->onhost(c->rq->sinkarg, a->slot.url);
	cg_isotime(a->when);
	clock_gettime(CLOCK_REALTIME, &now);
	a->wall = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
	url = cg_llm_endpoint(c->s, a->slot.url);
	snprintf(a->url, sizeof a->url, "%s", url);
	a->t0 = cg_now();
	if (wedged(a, c)) {
		a->duration = cg_now() - a->t0;
		cg_slot_release(&a->slot);
		free(url);
		return 0;
	}
	hr.url = url;
	hr.body = c->body;
	hr.headers = c->headers;
	hr.connect_timeout = c->s->connect;
	hr.on_data = on_data;
	hr.on_tick = on_tick;
	hr.arg = a;
	a->t0 = cg_now();
	cg_http_post(c->http, &hr, &hs);
	a->duration = cg_now() - a->t0;
	cg_slot_release(&a->slot);
	free(url);
	a->http = hs.status;
	a->curlcode = hs.curlcode;
	a->retry_after = hs.retry_after;
	classify(a, &hs);
	if (a->status == CG_LLM_FIRST_TOKEN_TIMEOUT)
		cg_slot_mark(a->slot.url, 1);
	else if (a->tfirst > 0)
		cg_slot_mark(a->slot.url, 0);
	reachable(a, &hs);
	return 0;
}

void
cg_att_free(struct cg_att *a)
{
	cg_llm_stream_free(&a->st);
	cg_buf_free(&a->errbody);
}
