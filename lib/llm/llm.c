/* llm.c — the LLM client (DESIGN.md §5; see llm.h).
 *
 * One cg_llm_chat = attempts until one succeeds or a fatal error.  Each
 * attempt: take a server slot (slots.h), POST the streamed request
 * (http.h), parse the body as it arrives, enforce the first-token, idle
 * and total timers, watch for runaway output, release the slot, append
 * one line to the call log, and decide: done, fatal, or back off and retry.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "fsio.h"
#include "http.h"
#include "json.h"
#include "llm.h"
#include "slots.h"

#define ERRBODY_MAX 8192
#define RUNAWAY_EVERY 512	/* check for runaway every this many bytes */
#define PROTOCOL_RETRIES 2	/* garbage is retried only this often */

/* ---------------------------------------------------------------- */
/* Stream parsing                                                   */

void
cg_llm_stream_init(struct cg_llm_stream *s, int openai)
{
	memset(s, 0, sizeof *s);
	s->openai = openai;
	s->prompt_tokens = s->eval_tokens = -1;
	s->eval_duration = -1;
	s->cached = -1;
}

void
cg_llm_stream_free(struct cg_llm_stream *s)
{
	cg_buf_free(&s->line);
	cg_buf_free(&s->data);
	cg_buf_free(&s->text);
}

/* A short printable excerpt of bad bytes for a message. */
static void
excerpt(char *out, size_t outsz, const char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 5 < outsz && i < 40; i++)
		out[k++] = isprint((unsigned char)p[i]) ? p[i] : '?';
	if (i < n && k + 4 < outsz) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = 0;
}

static int
fail(struct cg_llm_stream *s, const char *status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int
fail(struct cg_llm_stream *s, const char *status, const char *fmt, ...)
{
	va_list ap;

	s->status = status;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof s->error, fmt, ap);
	va_end(ap);
	return -1;
}

static void
addtext(struct cg_llm_stream *s, const cJSON *c)
{
	if (!cJSON_IsString(c) || !c->valuestring[0])
		return;
	cg_buf_add(&s->text, c->valuestring, strlen(c->valuestring));
}

/* Pass what this feed added to the sink in one piece: one write per
 * network read, not one per token. */
static int
flush(struct cg_llm_stream *s, size_t from, int r)
{
	if (s->sink && s->text.len > from)
		s->sink(s->sinkarg, s->text.s + from, s->text.len - from);
	return r;
}

/* The message of an error member: "text" or {"message": "text"}. */
static const char *
errmsg(const cJSON *err)
{
	const char *m;

	if (cJSON_IsString(err))
		return err->valuestring;
	if ((m = cg_json_gets(err, "message", NULL)))
		return m;
	return "unspecified error";
}

/* Stream lines are parsed with cJSON into a small arena: a 10,000-token
 * reply is 10,000 documents of ~20 nodes each, and malloc/free per node
 * would cost more than the parsing.  The hooks are swapped in only while
 * one line is parsed and read, then the defaults come back, so no other
 * cJSON object ever lives in the arena. */
static _Alignas(16) unsigned char arena[32768];
static size_t arena_used;

static void *
arena_alloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n <= sizeof arena - arena_used) {
		void *p = arena + arena_used;
		arena_used += n;
		return p;
	}
	return malloc(n);
}

static void
arena_free(void *p)
{
	if (!((unsigned char *)p >= arena && (unsigned char *)p < arena +
	    sizeof arena))
		free(p);
}

static cJSON *
parse_line(const char *p, size_t n)
{
	static cJSON_Hooks h = { arena_alloc, arena_free };

	arena_used = 0;
	cJSON_InitHooks(&h);
	return cJSON_ParseWithLength(p, n);
}

static void
line_done(cJSON *j)
{
	cJSON_Delete(j);
	cJSON_InitHooks(NULL);
	arena_used = 0;
}

static int
ollama_line(struct cg_llm_stream *s, const char *p, size_t n)
{
	const cJSON *err, *v;
	char ex[64];
	cJSON *j;

	while (n > 0 && isspace((unsigned char)*p))
		p++, n--;
	if (n == 0)
		return 0;
	if (!(j = parse_line(p, n)) || !cJSON_IsObject(j)) {
		line_done(j);
		excerpt(ex, sizeof ex, p, n);
		return fail(s, "protocol", "server sent a line that is not "
		    "JSON: \"%s\"", ex);
	}
	s->events++;
	if ((err = cJSON_GetObjectItemCaseSensitive(j, "error"))) {
		fail(s, "stream_error", "server error in stream: %s", errmsg(err));
		line_done(j);
		return -1;
	}
	addtext(s, cg_json_at(j, "message.content"));
	addtext(s, cJSON_GetObjectItemCaseSensitive(j, "response"));
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "done"))) {
		s->done = 1;
		snprintf(s->done_reason, sizeof s->done_reason, "%s",
		    cg_json_gets(j, "done_reason", "stop"));
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j,
		    "prompt_eval_count")))
			s->prompt_tokens = (long)v->valuedouble;
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j,
		    "eval_count")))
			s->eval_tokens = (long)v->valuedouble;
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j,
		    "eval_duration")))
			s->eval_duration = v->valuedouble / 1e9;
	}
	line_done(j);
	return 0;
}

/* One OpenAI document: a stream chunk, or a whole (non-streamed) reply. */
static int
openai_doc(struct cg_llm_stream *s, const char *p, size_t n)
{
	const cJSON *err, *ch, *u, *v;
	char ex[64];
	cJSON *j;

	if (n == 6 && memcmp(p, "[DONE]", 6) == 0) {
		s->done = 1;
		return 0;
	}
	if (!(j = parse_line(p, n)) || !cJSON_IsObject(j)) {
		line_done(j);
		excerpt(ex, sizeof ex, p, n);
		return fail(s, "protocol", "server sent data that is not "
		    "JSON: \"%s\"", ex);
	}
	s->events++;
	if ((err = cJSON_GetObjectItemCaseSensitive(j, "error")) &&
	    !cJSON_IsNull(err)) {
		fail(s, "stream_error", "server error in stream: %s", errmsg(err));
		line_done(j);
		return -1;
	}
	ch = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "choices"), 0);
	if (ch) {
		addtext(s, cg_json_at(ch, "delta.content"));
		if (s->raw)
			addtext(s, cg_json_at(ch, "message.content"));
		if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(ch,
		    "finish_reason")))
			snprintf(s->done_reason, sizeof s->done_reason, "%s",
			    v->valuestring);
	}
	if (cJSON_IsObject(u = cJSON_GetObjectItemCaseSensitive(j, "usage"))) {
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(u,
		    "prompt_tokens")))
			s->prompt_tokens = (long)v->valuedouble;
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(u,
		    "completion_tokens")))
			s->eval_tokens = (long)v->valuedouble;
		if (cJSON_IsNumber(v = cg_json_at(u,
		    "prompt_tokens_details.cached_tokens")))
			s->cached = v->valuedouble > 0;
	}
	if (s->raw)
		s->done = 1;
	line_done(j);
	return 0;
}

static int
sse_line(struct cg_llm_stream *s, const char *p, size_t n)
{
	char ex[64];
	int r;

	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (s->raw) {
		cg_buf_add(&s->data, p, n);
		cg_buf_putc(&s->data, '\n');
		return 0;
	}
	if (n == 0) {			/* end of an event */
		if (s->data.len == 0)
			return 0;
		r = openai_doc(s, s->data.s, s->data.len);
		s->data.len = 0;
		return r;
	}
	if (p[0] == ':')		/* comment / keep-alive */
		return 0;
	if (n >= 5 && memcmp(p, "data:", 5) == 0) {
		p += 5, n -= 5;
		if (n > 0 && *p == ' ')
			p++, n--;
		if (s->data.len)
			cg_buf_putc(&s->data, '\n');
		cg_buf_add(&s->data, p, n);
		/* [DONE] needs no blank line after it to count */
		if (s->data.len == 6 && memcmp(s->data.s, "[DONE]", 6) == 0) {
			s->done = 1;
			s->data.len = 0;
		}
		return 0;
	}
	if ((n >= 6 && memcmp(p, "event:", 6) == 0) ||
	    (n >= 3 && memcmp(p, "id:", 3) == 0) ||
	    (n >= 6 && memcmp(p, "retry:", 6) == 0))
		return 0;
	if (s->events == 0 && s->data.len == 0 && p[0] == '{') {
		/* not SSE: a plain JSON reply (stream ignored) */
		s->raw = 1;
		cg_buf_add(&s->data, p, n);
		cg_buf_putc(&s->data, '\n');
		return 0;
	}
	excerpt(ex, sizeof ex, p, n);
	return fail(s, "protocol", "server sent a line that is not an "
	    "event-stream field: \"%s\"", ex);
}

static int
one_line(struct cg_llm_stream *s, const char *p, size_t n)
{
	return s->openai ? sse_line(s, p, n) : ollama_line(s, p, n);
}

int
cg_llm_stream_feed(struct cg_llm_stream *s, const char *p, size_t n)
{
	const char *nl;
	size_t k, from = s->text.len;

	if (s->status)
		return -1;
	while (n > 0) {
		if (!(nl = memchr(p, '\n', n))) {
			cg_buf_add(&s->line, p, n);
			break;
		}
		k = (size_t)(nl - p);
		if (s->line.len) {
			cg_buf_add(&s->line, p, k);
			if (one_line(s, s->line.s, s->line.len) < 0)
				return flush(s, from, -1);
			s->line.len = 0;
		} else if (one_line(s, p, k) < 0) {
			return flush(s, from, -1);
		}
		p += k + 1, n -= k + 1;
	}
	return flush(s, from, 0);
}

int
cg_llm_stream_finish(struct cg_llm_stream *s)
{
	size_t from = s->text.len;

	if (s->status)
		return -1;
	if (s->line.len) {
		if (one_line(s, s->line.s, s->line.len) < 0)
			return flush(s, from, -1);
		s->line.len = 0;
	}
	if (s->openai && (s->raw || s->data.len)) {
		int r = s->raw || !s->done ?
		    openai_doc(s, s->data.s, s->data.len) : 0;
		s->data.len = 0;
		if (r < 0)
			return flush(s, from, -1);
	}
	flush(s, from, 0);
	if (!s->done) {
		if (s->events == 0 && s->text.len == 0)
			return fail(s, "truncated", "the server closed the "
			    "connection without sending a reply");
		return fail(s, "truncated", "the stream ended without its "
		    "final chunk (%zu bytes of reply so far)", s->text.len);
	}
	return 0;
}

int
cg_llm_runaway(const char *t, size_t len)
{
	size_t i, p, m, need, pmax;

	for (i = len; i > 0 && len - i < CG_LLM_RUNAWAY_BYTES &&
	    isspace((unsigned char)t[i - 1]); i--)
		;
	if (len - i >= CG_LLM_RUNAWAY_BYTES)
		return 1;
	if (len < CG_LLM_RUNAWAY_BYTES)
		return 0;
	pmax = len / CG_LLM_RUNAWAY_REPEATS;
	if (pmax > CG_LLM_RUNAWAY_PERIOD)
		pmax = CG_LLM_RUNAWAY_PERIOD;
	for (p = 1; p <= pmax; p++) {
		need = CG_LLM_RUNAWAY_REPEATS * p;
		if (need < CG_LLM_RUNAWAY_BYTES)
			need = CG_LLM_RUNAWAY_BYTES;
		if (need > len)
			break;
		/* the last need bytes are periodic with period p */
		for (m = 0; m < need - p; m++)
			if (t[len - 1 - m] != t[len - 1 - m - p])
				break;
		if (m == need - p)
			return 1;
	}
	return 0;
}

size_t
cg_llm_json_done(const char *t, size_t len)
{
	size_t end = len;
	char *doc;
	cJSON *j;

	while (end > 0 && isspace((unsigned char)t[end - 1]))
		end--;
	if (len - end < CG_LLM_RUNAWAY_BYTES || end == 0)
		return 0;
	doc = xstrndup(t, end);
	j = cJSON_Parse(doc);
	free(doc);
	if (!j)
		return 0;
	cJSON_Delete(j);
	return end;
}

/* ---------------------------------------------------------------- */
/* Settings                                                         */

static int
is_openai(const cJSON *cfg)
{
	return strcmp(cg_json_gets(cfg, "llm.provider", "ollama"), "openai") == 0;
}

static const cJSON *
kindcfg(const cJSON *cfg, const char *kind)
{
	const cJSON *k = cg_json_at(cfg, "llm.kinds");

	return kind && cJSON_IsObject(k) ?
	    cJSON_GetObjectItemCaseSensitive(k, kind) : NULL;
}

static double
num_predict(const cJSON *cfg, const char *kind)
{
	double n = cg_json_getn(cfg, "llm.options.num_predict", 2048);

	n = cg_json_getn(cfg, "llm.num_predict", n);
	n = cg_json_getn(kindcfg(cfg, kind), "num_predict", n);
	n = cg_json_getn(kindcfg(cfg, kind), "options.num_predict", n);
	/* never unbounded: -1/-2 mean "no limit" to Ollama */
	if (!(n >= 1) || !isfinite(n) || n > 1e7)
		n = 2048;
	return floor(n);
}

/* defaults < llm.options < llm.kinds.KIND.options; caller deletes. */
static cJSON *
options(const cJSON *cfg, const char *kind)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *src;

	cJSON_AddNumberToObject(o, "temperature", 0.7);
	cJSON_AddNumberToObject(o, "top_p", 0.9);
	cJSON_AddNumberToObject(o, "top_k", 40);
	cJSON_AddNumberToObject(o, "repeat_penalty", 1.1);
	cJSON_AddNumberToObject(o, "num_ctx", 8192);
	if (cJSON_IsObject(src = cg_json_at(cfg, "llm.options")))
		cg_json_merge(o, src);
	if (cJSON_IsObject(src = cg_json_at(kindcfg(cfg, kind), "options")))
		cg_json_merge(o, src);
	cJSON_DeleteItemFromObjectCaseSensitive(o, "num_predict");
	cJSON_AddNumberToObject(o, "num_predict", num_predict(cfg, kind));
	return o;
}

char *
cg_llm_endpoint(const cJSON *cfg, const char *base)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (!is_openai(cfg))
		return xasprintf("%.*s/api/chat", (int)n, base);
	if (n >= 3 && memcmp(base + n - 3, "/v1", 3) == 0)
		return xasprintf("%.*s/chat/completions", (int)n, base);
	return xasprintf("%.*s/v1/chat/completions", (int)n, base);
}

cJSON *
cg_llm_body(const cJSON *cfg, const struct cg_llm_req *rq)
{
	cJSON *b = cJSON_CreateObject(), *msgs, *m, *o, *rf, *js;
	const cJSON *ka, *v;
	static const char *const oai[] = { "temperature", "top_p", "seed",
	    "frequency_penalty", "presence_penalty", "stop", NULL };
	int i;

	cJSON_AddStringToObject(b, "model",
	    cg_json_gets(cfg, "llm.model", "gemma3:4b"));
	msgs = cJSON_AddArrayToObject(b, "messages");
	if (rq->system && *rq->system) {
		cJSON_AddItemToArray(msgs, m = cJSON_CreateObject());
		cJSON_AddStringToObject(m, "role", "system");
		cJSON_AddStringToObject(m, "content", rq->system);
	}
	cJSON_AddItemToArray(msgs, m = cJSON_CreateObject());
	cJSON_AddStringToObject(m, "role", "user");
	cJSON_AddStringToObject(m, "content", rq->user ? rq->user : "");
	/* a re-ask is a conversation: the reply, then what to fix in it */
	if (rq->prev && rq->fix) {
		cJSON_AddItemToArray(msgs, m = cJSON_CreateObject());
		cJSON_AddStringToObject(m, "role", "assistant");
		cJSON_AddStringToObject(m, "content", rq->prev);
		cJSON_AddItemToArray(msgs, m = cJSON_CreateObject());
		cJSON_AddStringToObject(m, "role", "user");
		cJSON_AddStringToObject(m, "content", rq->fix);
	}
	cJSON_AddBoolToObject(b, "stream", 1);
	o = options(cfg, rq->kind);
	if (!is_openai(cfg)) {
		ka = cg_json_at(cfg, "llm.keep_alive");
		if (cJSON_IsString(ka) || cJSON_IsNumber(ka))
			cJSON_AddItemToObject(b, "keep_alive",
			    cJSON_Duplicate(ka, 1));
		else
			cJSON_AddStringToObject(b, "keep_alive", "30m");
		cJSON_AddItemToObject(b, "options", o);
		if (rq->schema)
			cJSON_AddItemToObject(b, "format",
			    cJSON_Duplicate(rq->schema, 1));
		return b;
	}
	cJSON_AddItemToObject(b, "stream_options", m = cJSON_CreateObject());
	cJSON_AddBoolToObject(m, "include_usage", 1);
	cJSON_AddNumberToObject(b, "max_tokens",
	    cJSON_GetObjectItemCaseSensitive(o, "num_predict")->valuedouble);
	for (i = 0; oai[i]; i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(o, oai[i])))
			cJSON_AddItemToObject(b, oai[i], cJSON_Duplicate(v, 1));
	cJSON_Delete(o);
	if (rq->schema) {
		cJSON_AddItemToObject(b, "response_format",
		    rf = cJSON_CreateObject());
		cJSON_AddStringToObject(rf, "type", "json_schema");
		cJSON_AddItemToObject(rf, "json_schema", js = cJSON_CreateObject());
		cJSON_AddStringToObject(js, "name", "reply");
		cJSON_AddItemToObject(js, "schema", cJSON_Duplicate(rq->schema, 1));
		/* not strict: hosted strict mode rejects keywords our schemas
		 * use (prefixItems, minItems); the reply is validated here */
		cJSON_AddBoolToObject(js, "strict", 0);
	}
	return b;
}

/* ---------------------------------------------------------------- */
/* Call log                                                         */

/* Replace every occurrence of the API key in s (in place). */
static void
scrub(char *s)
{
	const char *key = getenv("CG_API_KEY");
	size_t kl;
	char *p;

	if (!key || (kl = strlen(key)) < 4)
		return;
	while ((p = strstr(s, key)))
		memset(p, '*', kl);
}

int
cg_calllog_validate(const cJSON *cfg, const char *tool, const char *kind,
    const char *target, int round, const char *status, const char *problems,
    const cJSON *warnings)
{
	cJSON *l = cJSON_CreateObject(), *pr = cJSON_CreateArray();
	const char *p = problems, *e;
	int r;

	cJSON_AddStringToObject(l, "event", "validate");
	cJSON_AddStringToObject(l, "tool", tool);
	cJSON_AddStringToObject(l, "kind", kind);
	cJSON_AddStringToObject(l, "target", target ? target : "-");
	cJSON_AddNumberToObject(l, "round", round);
	cJSON_AddStringToObject(l, "status", status);
	while (p && *p) {
		size_t n;
		e = strchr(p, '\n');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			char *one = xstrndup(p, n);
			cJSON_AddItemToArray(pr, cJSON_CreateString(one));
			free(one);
		}
		p = e ? e + 1 : p + n;
	}
	cJSON_AddItemToObject(l, "problems", pr);
	cJSON_AddItemToObject(l, "warnings", warnings ?
	    cJSON_Duplicate(warnings, 1) : cJSON_CreateArray());
	r = cg_calllog(cfg, l);
	cJSON_Delete(l);
	return r;
}

int
cg_calllog(const cJSON *cfg, cJSON *line)
{
	const char *path = getenv("CG_LOG");
	char tbuf[32], *s, *dir, *sl;
	size_t n;
	ssize_t w;
	int fd, r = 0;

	if (!path || !*path)
		path = cg_json_gets(cfg, "llm.log", NULL);
	if (!path || !*path)
		return 0;
	if (!cJSON_GetObjectItemCaseSensitive(line, "time")) {
		cg_isotime(tbuf);
		cJSON_AddStringToObject(line, "time", tbuf);
	}
	if ((sl = strrchr(path, '/')) && sl != path) {
		dir = xstrndup(path, (size_t)(sl - path));
		r = cg_mkdirs(dir, NULL);
		free(dir);
		if (r < 0)
			return -1;
	}
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return -1;
	s = cJSON_PrintUnformatted(line);
	scrub(s);
	n = strlen(s);
	s[n] = '\n';		/* replaces the NUL: one write, one line */
	w = write(fd, s, n + 1);
	s[n] = 0;
	free(s);
	if (close(fd) < 0 || w != (ssize_t)(n + 1))
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Attempts                                                         */

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

struct att {
	struct cg_llm_stream st;
	double t0, tfirst, tlast;
	double wall;			/* epoch seconds at t0 */
	double first_token, idle, total;
	const char *status;		/* set when a timer or check aborts */
	char   error[256];
	cg_buf errbody;
	size_t checked;
	int    json;			/* the request carried a schema */
	int    json_done;		/* document complete, whitespace cut */
};

static int
att_data(void *arg, long status, const char *p, size_t n)
{
	struct att *a = arg;

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
	if (a->st.text.len >= a->checked + RUNAWAY_EVERY) {
		a->checked = a->st.text.len;
		if (cg_llm_runaway(a->st.text.s, a->st.text.len)) {
			size_t end = a->json ? cg_llm_json_done(a->st.text.s,
			    a->st.text.len) : 0;
			if (end) {
				a->st.text.len = end;
				a->st.text.s[end] = '\0';
				a->json_done = 1;
				return 1;
			}
			a->status = "runaway";
			snprintf(a->error, sizeof a->error, "runaway reply "
			    "(the same text repeated, or only whitespace) "
			    "after %zu bytes", a->st.text.len);
			return 1;
		}
	}
	return 0;
}

static int
att_tick(void *arg)
{
	struct att *a = arg;
	double now = cg_now();

	if (!a->tfirst && now - a->t0 > a->first_token) {
		a->status = "first_token_timeout";
		snprintf(a->error, sizeof a->error, "no reply within %g s "
		    "(timeouts.first_token)", a->first_token);
	} else if (a->tfirst && now - a->tlast > a->idle) {
		a->status = "stall";
		snprintf(a->error, sizeof a->error, "stream stalled: nothing "
		    "for %g s (timeouts.idle)", a->idle);
	} else if (now - a->t0 > a->total) {
		a->status = "total_timeout";
		snprintf(a->error, sizeof a->error, "reply took longer than "
		    "%g s (timeouts.total)", a->total);
	}
	return a->status != NULL;
}

/* The server's message from an error body: {"error":"..."} (Ollama),
 * {"error":{"message":...}} (OpenAI), or the text itself. */
static void
server_msg(const cg_buf *b, char *out, size_t outsz)
{
	cJSON *j = b->len ? cJSON_ParseWithLength(b->s, b->len) : NULL;
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
	const char *m = NULL;
	size_t i, k = 0;

	if (err)
		m = errmsg(err);
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
}

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

static void
addnum(cJSON *o, const char *k, double v, int known)
{
	if (known)
		cJSON_AddNumberToObject(o, k, round(v * 1000) / 1000);
	else
		cJSON_AddNullToObject(o, k);
}

struct call {
	const cJSON *cfg;
	const struct cg_llm_req *rq;
	const char *provider, *model;
	double np;
};

static void
log_attempt(const struct call *c, const struct att *a, const char *when,
    const char *host, int attempt, const char *status, long http,
    double qwait, double dur, double backoff, const char *error)
{
	cJSON *l = cJSON_CreateObject(), *w;
	const struct cg_llm_stream *s = &a->st;
	double gen, tps = 0;
	int known = 0;

	cJSON_AddStringToObject(l, "time", when);
	cJSON_AddNumberToObject(l, "ts", round(a->wall * 1000) / 1000);
	cJSON_AddStringToObject(l, "tool", c->rq->tool ? c->rq->tool : "cg");
	cJSON_AddStringToObject(l, "target", c->rq->target ? c->rq->target : "-");
	cJSON_AddStringToObject(l, "kind", c->rq->kind ? c->rq->kind : "default");
	cJSON_AddStringToObject(l, "provider", c->provider);
	cJSON_AddStringToObject(l, "model", c->model);
	cJSON_AddStringToObject(l, "host", host);
	cJSON_AddNumberToObject(l, "attempt", attempt);
	cJSON_AddNumberToObject(l, "round", c->rq->round);
	cJSON_AddStringToObject(l, "status", status);
	if (http > 0)
		cJSON_AddNumberToObject(l, "http", http);
	else
		cJSON_AddNullToObject(l, "http");
	addnum(l, "queue_wait", qwait, 1);
	addnum(l, "ttft", a->tfirst - a->t0, a->tfirst > 0);
	addnum(l, "duration", dur, 1);
	addnum(l, "prompt_tokens", (double)s->prompt_tokens, s->prompt_tokens >= 0);
	addnum(l, "eval_tokens", (double)s->eval_tokens, s->eval_tokens >= 0);
	if (s->eval_tokens > 0) {
		gen = s->eval_duration > 0 ? s->eval_duration :
		    a->tfirst > 0 ? a->tlast - a->tfirst : 0;
		if (gen > 0) {
			tps = (double)s->eval_tokens / gen;
			known = 1;
		}
	}
	addnum(l, "tok_s", tps, known);
	if (s->cached >= 0)
		cJSON_AddBoolToObject(l, "cache_hit", s->cached);
	else
		cJSON_AddNullToObject(l, "cache_hit");
	addnum(l, "num_predict", c->np, 1);
	if (s->done_reason[0])
		cJSON_AddStringToObject(l, "done_reason", s->done_reason);
	cJSON_AddNumberToObject(l, "bytes", (double)s->text.len);
	w = cJSON_AddArrayToObject(l, "warnings");
	if (strcmp(status, "length") == 0)
		cJSON_AddItemToArray(w, cJSON_CreateString("reply cut at the "
		    "output cap (num_predict)"));
	if (a->json_done)
		cJSON_AddItemToArray(w, cJSON_CreateString("whitespace after "
		    "the finished JSON document cut"));
	addnum(l, "backoff", backoff, backoff >= 0);
	if (error && *error)
		cJSON_AddStringToObject(l, "error", error);
	else
		cJSON_AddNullToObject(l, "error");
	cg_calllog(c->cfg, l);	/* a log that cannot be written is no reason to fail */
	cJSON_Delete(l);
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

static double
timeout(const cJSON *cfg, const char *key, double def)
{
	char path[64];
	double v;

	snprintf(path, sizeof path, "llm.timeouts.%s", key);
	v = cg_json_getn(cfg, path, def);
	return v > 0 ? v : def;
}

int
cg_llm_chat(const cJSON *cfg, const struct cg_llm_req *rq,
    struct cg_llm_res *rs, cg_err *e)
{
	struct call c = { cfg, rq, NULL, NULL, 0 };
	struct emit em = { 0 };
	struct att a;
	struct cg_slot slot;
	struct cg_http_req hr = { 0 };
	struct cg_http_res hs;
	struct timespec now;
	cg_http *h = NULL;
	cJSON *hosts = NULL, *body = NULL;
	const cJSON *hj;
	const char *key = getenv("CG_API_KEY"), *status, *hdrs[2] = { 0 };
	char *bodys = NULL, *url = NULL, *auth = NULL, when[32], msg[600];
	char lasthost[512] = "", lasterr[600] = "";
	const char *laststatus = "connect";
	double connect, maxretries, backoff, backoff_max, wait, dur;
	int attempt, nprotocol = 0, ret = -1, fatal = 0, openai;

	memset(rs, 0, sizeof *rs);
	memset(&a, 0, sizeof a);
	c.provider = cg_json_gets(cfg, "llm.provider", "ollama");
	c.model = cg_json_gets(cfg, "llm.model", "gemma3:4b");
	c.np = num_predict(cfg, rq->kind);
	if (strcmp(c.provider, "ollama") && strcmp(c.provider, "openai"))
		return cg_seterr(e, EX_CONFIG, "llm.provider: unknown provider "
		    "\"%s\"; use ollama or openai", c.provider);
	openai = is_openai(cfg);
	hosts = cg_slots_hosts(cfg, NULL);
	cJSON_ArrayForEach(hj, hosts)
		if (cg_http_checkurl(cg_json_gets(hj, "url", ""), e) < 0)
			goto out;

	a.first_token = timeout(cfg, "first_token", 600);
	a.idle = timeout(cfg, "idle", 60);
	a.total = timeout(cfg, "total", 1800);
	a.total = cg_json_getn(kindcfg(cfg, rq->kind), "total", a.total);
	if (!(a.total > 0))
		a.total = 1800;
	connect = timeout(cfg, "connect", 10);
	maxretries = cg_json_getn(cfg, "llm.retries.max", 4);
	backoff = cg_json_getn(cfg, "llm.retries.backoff", 1.0);
	backoff_max = cg_json_getn(cfg, "llm.retries.backoff_max", 30);
	if (maxretries < 0)
		maxretries = 0;

	body = cg_llm_body(cfg, rq);
	bodys = cJSON_PrintUnformatted(body);
	if (key && *key) {
		auth = xasprintf("Authorization: Bearer %s", key);
		hdrs[0] = auth;
	}
	em.sink = rq->sink;
	em.arg = rq->sinkarg;
	if (!(h = cg_http_new())) {
		cg_seterr(e, EX_SOFTWARE, "cannot initialise libcurl");
		goto out;
	}

	for (attempt = 1; ; attempt++) {
		if (cg_slot_take(hosts, a.first_token + a.total, &slot, e) < 0)
			goto out;
		free(url);
		url = cg_llm_endpoint(cfg, slot.url);
		snprintf(lasthost, sizeof lasthost, "%s", slot.url);

		cg_llm_stream_free(&a.st);
		cg_llm_stream_init(&a.st, openai);
		if (em.sink) {
			a.st.sink = emit;
			a.st.sinkarg = &em;
		}
		em.pos = 0;
		em.mute = 0;
		a.status = NULL;
		a.json = rq->schema != NULL;
		a.json_done = 0;
		a.error[0] = 0;
		a.errbody.len = 0;
		a.checked = 0;
		a.tfirst = a.tlast = 0;
		cg_isotime(when);
		clock_gettime(CLOCK_REALTIME, &now);
		a.wall = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
		a.t0 = cg_now();
		hr.url = url;
		hr.body = bodys;
		hr.headers = hdrs;
		hr.connect_timeout = connect;
		hr.on_data = att_data;
		hr.on_tick = att_tick;
		hr.arg = &a;
		cg_http_post(h, &hr, &hs);
		dur = cg_now() - a.t0;
		cg_slot_release(&slot);

		/* classify the attempt */
		msg[0] = 0;
		status = NULL;
		if (a.json_done) {
			status = "ok";	/* a finished document, padding cut */
			snprintf(a.st.done_reason, sizeof a.st.done_reason,
			    "stop");
		} else if (a.status) {
			status = a.status;
			snprintf(msg, sizeof msg, "%s", a.error);
		} else if (a.st.status) {
			status = a.st.status;
			snprintf(msg, sizeof msg, "%s", a.st.error);
		} else if (hs.status >= 400 || (hs.status > 0 && hs.status < 200)
		    || (hs.status >= 300 && hs.status < 400)) {
			char sm[400];
			static char hbuf[16];
			server_msg(&a.errbody, sm, sizeof sm);
			snprintf(hbuf, sizeof hbuf, "http_%03ld", hs.status);
			status = hbuf;
			snprintf(msg, sizeof msg, "HTTP %ld%s%s", hs.status,
			    sm[0] ? ": " : "", sm);
		} else if (hs.curlcode != 0) {
			const char *cl = cg_http_class(hs.curlcode);
			if (strcmp(cl, "config") == 0) {
				cg_seterr(e, EX_CONFIG, "%s: %s; check llm.url "
				    "or CG_URL", url, hs.error);
				fatal = 1;
			}
			status = strcmp(cl, "other") == 0 ? "connect" :
			    strcmp(cl, "truncated") == 0 && a.st.events == 0 &&
			    hs.status == 0 ? "connect" : cl;
			snprintf(msg, sizeof msg, "%s", hs.error);
		} else if (cg_llm_stream_finish(&a.st) < 0) {
			status = a.st.status;
			snprintf(msg, sizeof msg, "%s", a.st.error);
		} else {
			status = strcmp(a.st.done_reason, "length") == 0 ?
			    "length" : "ok";
		}
		scrub(msg);

		if (strcmp(status, "ok") == 0 || strcmp(status, "length") == 0) {
			log_attempt(&c, &a, when, slot.url, attempt, status,
			    hs.status, slot.wait, dur, -1, NULL);
			rs->len = a.st.text.len;
			rs->text = cg_buf_take(&a.st.text);
			rs->prompt_tokens = a.st.prompt_tokens;
			rs->eval_tokens = a.st.eval_tokens;
			rs->ttft = a.tfirst > 0 ? a.tfirst - a.t0 : dur;
			rs->duration = dur;
			rs->attempts = attempt;
			snprintf(rs->done_reason, sizeof rs->done_reason, "%s",
			    a.st.done_reason[0] ? a.st.done_reason : "stop");
			snprintf(rs->host, sizeof rs->host, "%.255s", slot.url);
			ret = 0;
			goto out;
		}

		/* fatal at once? */
		if (!fatal && hs.status >= 400 && hs.status < 500 &&
		    hs.status != 408 && hs.status != 425 && hs.status != 429
		    && !a.status && !a.st.status) {
			char sm[400];
			server_msg(&a.errbody, sm, sizeof sm);
			scrub(sm);
			fatal = 1;
			if (hs.status == 401 || hs.status == 403)
				cg_seterr(e, EX_CONFIG, "%s: HTTP %ld: %s; check "
				    "CG_API_KEY", url, hs.status, sm);
			else if (hs.status == 404 && !openai &&
			    strstr(sm, "model"))
				cg_seterr(e, EX_UNAVAILABLE, "%s: %s; run: ollama "
				    "pull %s", slot.url, sm, c.model);
			else if (hs.status == 404 && !openai)
				cg_seterr(e, EX_UNAVAILABLE, "%s: HTTP 404: %s; is "
				    "this an Ollama server? for an OpenAI-compatible "
				    "one set llm.provider: openai", url, sm);
			else if (hs.status == 404)
				cg_seterr(e, EX_UNAVAILABLE, "%s: HTTP 404: %s; "
				    "check the model (llm.model, \"%s\") and the URL",
				    url, sm, c.model);
			else
				cg_seterr(e, EX_DATAERR, "%s: HTTP %ld: %s", url,
				    hs.status, sm);
		}
		if (!fatal && hs.status >= 300 && hs.status < 400 && !a.status
		    && !a.st.status) {
			fatal = 1;
			cg_seterr(e, EX_CONFIG, "%s: HTTP %ld: the server redirects "
			    "elsewhere; set llm.url (or CG_URL) to the server's "
			    "own address", url, hs.status);
		}
		if (strcmp(status, "protocol") == 0 && ++nprotocol > PROTOCOL_RETRIES
		    && !fatal) {
			fatal = 1;
			cg_seterr(e, EX_PROTOCOL, "%s: the reply is not the %s API "
			    "(%s); check llm.provider and the URL", url,
			    openai ? "OpenAI" : "Ollama", msg);
		}
		laststatus = status;
		snprintf(lasterr, sizeof lasterr, "%s", msg);
		if (fatal || attempt > maxretries) {
			log_attempt(&c, &a, when, slot.url, attempt, status,
			    hs.status, slot.wait, dur, -1, msg);
			break;
		}
		/* back off: Retry-After when the server gave one, else
		 * exponential with full jitter */
		if (hs.retry_after >= 0 && (hs.status == 429 || hs.status == 503))
			wait = hs.retry_after;
		else
			wait = jitter01() * backoff * pow(2, attempt - 1);
		if (wait > backoff_max)
			wait = backoff_max;
		log_attempt(&c, &a, when, slot.url, attempt, status, hs.status,
		    slot.wait, dur, wait, msg);
		sleep_s(wait);
	}
	if (!fatal) {
		if (strcmp(laststatus, "connect") == 0)
			cg_seterr(e, EX_UNAVAILABLE, "cannot reach the LLM server "
			    "at %s (%s) after %d attempts; is the server running? "
			    "set CG_URL or llm.url", lasthost, lasterr, attempt);
		else if (strcmp(laststatus, "protocol") == 0)
			cg_seterr(e, EX_PROTOCOL, "%s: the reply is not the %s API "
			    "(%s); check llm.provider and the URL", lasthost,
			    openai ? "OpenAI" : "Ollama", lasterr);
		else
			cg_seterr(e, EX_TEMPFAIL, "%s: gave up after %d attempts "
			    "(last: %s: %s); re-run later", lasthost, attempt,
			    laststatus, lasterr);
	}
out:
	if (ret < 0 && e)
		scrub(e->msg);
	cg_llm_stream_free(&a.st);
	cg_buf_free(&a.errbody);
	cg_buf_free(&em.sent);
	cg_http_free(h);
	if (auth) {
		memset(auth, 0, strlen(auth));
		free(auth);
	}
	free(url);
	free(bodys);
	cJSON_Delete(body);
	cJSON_Delete(hosts);
	return ret;
}
