/* probe.c — the doctor (cg-llm -P, make doctor): what every host says
 * about itself, against what cg will ask of it (see llm.h).
 *
 *   Ollama   GET /api/version, GET /api/tags (the models),
 *            POST /api/show (model_info's *.context_length)
 *   OpenAI   GET /v1/models (ids; vLLM adds max_model_len),
 *            GET /props (llama.cpp: total_slots, the n_ctx of a slot)
 *
 * Ollama does not say how many requests it runs at once
 * (OLLAMA_NUM_PARALLEL); llama.cpp does.  The report is one block of
 * lines per host, then the -j it suggests: the slots of every host where
 * they are known (llm.hosts, llm.slots, /props).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client.h"
#include "json.h"

#define PROBE_TIMEOUT 10	/* seconds, each request */
#define SHOW_MODELS   20	/* names listed when the model is missing */

/* One run over the hosts. */
struct probe {
	const struct cg_settings *s;
	cg_http    *http;
	const char *hdrs[2];	/* the API key's header, as the client sends it */
	cg_buf     *out;
	cg_err     *e;
	int         failed;	/* e holds the first host's problem */
	long        num_ctx;	/* the largest num_ctx of a kind */
	double      predict;	/* the largest reply cap, and its kind */
	const char *predict_kind;
	int         total;	/* slots cg can use over the hosts */
	int         unknown;	/* hosts whose parallelism nobody knows */
};

/* What one host said. */
struct host {
	const struct cg_host *h;
	char        url[512];	/* h's URL made canonical (cg_host_url) */
	char        base[512];	/* url, no trailing '/' (openai: no /v1) */
	long        ctx;	/* tokens a request may take; 0 unknown */
	char        ctx_from[320];	/* who says so, or why nobody does */
	int         slots;	/* the server's own; 0 unknown */
	int         llamacpp;
};

static void
put(struct probe *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void
put(struct probe *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cg_buf_vprintf(p->out, fmt, ap);
	va_end(ap);
	cg_buf_putc(p->out, '\n');
}

/* Keep the first problem as the error, code and message. */
static void
fail(struct probe *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void
fail(struct probe *p, int code, const char *fmt, ...)
{
	char m[sizeof p->e->msg];
	va_list ap;

	if (p->failed++)
		return;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	cg_seterr(p->e, code, "%s", m);
}

/* GET base+path, or POST body there.  The HTTP status, 0 with err set
 * when no answer came; *j the reply when it is JSON (caller frees). */
static long
ask(struct probe *p, const struct host *h, const char *path,
    const char *body, cJSON **j, char *err, size_t errsz)
{
	struct cg_http_req rq = { 0 };
	struct cg_http_res rs;
	cg_buf b = { 0 };
	char *url = xasprintf("%s%s", h->base, path);

	rq.url = url;
	rq.body = body;
	rq.headers = p->hdrs;
	rq.connect_timeout = p->s->connect;
	*j = NULL;
	if (cg_http_fetch(p->http, &rq, PROBE_TIMEOUT, &b, &rs) < 0)
		rs.status = 0;
	if (rs.status == 0)
		snprintf(err, errsz, "%s", rs.error);
	else if (b.len)
		*j = cJSON_ParseWithLength(b.s, b.len);
	cg_buf_free(&b);
	free(url);
	return rs.status;
}

/* ---- reachable? ---- */

static void
down(struct probe *p, const struct host *h, const char *err)
{
	const char *key = p->s->nhosts > 1 ? "llm.hosts" : "llm.url or CG_URL";

	put(p, "%s  not reachable: %s", h->url, err);
	put(p, "  is the server running? start it (%s), or set %s to the "
	    "address it listens on", p->s->openai ? "llama-server, vllm "
	    "serve" : "ollama serve", key);
	fail(p, EX_UNAVAILABLE, "%s: not reachable (%s); is the server "
	    "running? or set %s", h->url, err, key);
}

/* An answer that is not the API at path. */
static void
notapi(struct probe *p, const struct host *h, const char *path, long st)
{
	if (st == 401 || st == 403) {
		put(p, "%s  refuses %s: HTTP %ld; set CG_API_KEY to the "
		    "server's key", h->url, path, st);
		fail(p, EX_CONFIG, "%s%s: HTTP %ld; set CG_API_KEY to the "
		    "server's key", h->base, path, st);
	} else if (!p->s->openai) {
		put(p, "%s  answers %s with HTTP %ld: not an Ollama server? "
		    "for llama.cpp, vLLM and other OpenAI-compatible servers "
		    "set llm.provider: openai", h->url, path, st);
		fail(p, EX_PROTOCOL, "%s%s: HTTP %ld: not the Ollama API; "
		    "check llm.provider and the URL", h->base, path, st);
	} else {
		put(p, "%s  answers %s with HTTP %ld: not an OpenAI-compatible "
		    "server? check the URL (for Ollama set llm.provider: "
		    "ollama)", h->url, path, st);
		fail(p, EX_PROTOCOL, "%s%s: HTTP %ld: not the OpenAI API; "
		    "check llm.provider and the URL", h->base, path, st);
	}
}

/* ---- the model ---- */

/* The length of name without a ":latest" tag: "gemma3" is
 * "gemma3:latest" to Ollama. */
static size_t
bare(const char *name)
{
	size_t n = strlen(name);

	return n > 7 && strcmp(name + n - 7, ":latest") == 0 ? n - 7 : n;
}

static int
same_model(const char *a, const char *b)
{
	size_t n = bare(a);

	return n == bare(b) && strncmp(a, b, n) == 0;
}

/* The entry of names (an array of objects) whose key is the model. */
static const cJSON *
find_model(const struct probe *p, const cJSON *names, const char *key)
{
	const cJSON *it;
	const char *n;

	cJSON_ArrayForEach(it, names)
		if ((n = cg_json_gets(it, key, NULL)) &&
		    same_model(p->s->model, n))
			return it;
	return NULL;
}

/* "  it has: a, b, c" (at most SHOW_MODELS of them). */
static void
list_models(struct probe *p, const cJSON *names, const char *key)
{
	const cJSON *it;
	const char *n;
	int i = 0, total = cJSON_GetArraySize(names);

	cg_buf_puts(p->out, total ? "  it has:" : "  it has no models");
	cJSON_ArrayForEach(it, names) {
		if (!(n = cg_json_gets(it, key, NULL)) || i >= SHOW_MODELS)
			continue;
		cg_buf_printf(p->out, "%s %s", i++ ? "," : "", n);
	}
	if (total > i && i == SHOW_MODELS)
		cg_buf_printf(p->out, " and %d more", total - i);
	cg_buf_putc(p->out, '\n');
}

/* ---- the context ---- */

/* What cg asks: the largest num_ctx and reply cap over the kinds. */
static void
budget(struct probe *p)
{
	const struct cg_kindset *k;
	size_t i;

	for (i = 0; i < p->s->nkinds; i++) {
		k = &p->s->kinds[i];
		if (k->num_ctx > p->num_ctx)
			p->num_ctx = k->num_ctx;
		if (k->num_predict > p->predict) {
			p->predict = k->num_predict;
			p->predict_kind = k->name ? k->name : "no kind";
		}
	}
}

/* When the reply cap alone would fill the host's context. */
static const char *
shrink(const struct probe *p, const struct host *h)
{
	return h->ctx <= p->predict ? " and lower num_predict well below it" :
	    "";
}

static void
context(struct probe *p, const struct host *h)
{
	char have[400];

	if (h->ctx > 0)
		snprintf(have, sizeof have, "%ld tokens (%s)", h->ctx,
		    h->ctx_from);
	else
		snprintf(have, sizeof have, "unknown (%s)", h->ctx_from);
	if (p->num_ctx <= 0) {
		put(p, "  context: %s; cg sets no num_ctx "
		    "(llm.options.num_ctx), so the server's default applies; "
		    "replies up to %.0f tokens (%s)", have, p->predict,
		    p->predict_kind);
		return;
	}
	put(p, "  context: %s; cg %s num_ctx %ld for prompt and reply "
	    "together, replies up to %.0f tokens (%s)", have, p->s->openai ?
	    "keeps within" : "asks for", p->num_ctx, p->predict,
	    p->predict_kind);
	if (h->ctx <= 0 || h->ctx >= p->num_ctx)
		return;
	if (!p->s->openai)
		put(p, "  warning: the model's context is %ld tokens but cg asks "
		    "for num_ctx %ld: Ollama lowers it to %ld and cuts long "
		    "prompts from the front; set llm.options.num_ctx: %ld%s",
		    h->ctx, p->num_ctx, h->ctx, h->ctx, shrink(p, h));
	else
		put(p, "  warning: the server gives a request %ld tokens but cg "
		    "lets prompt and reply take %ld: a long request fails or is "
		    "cut; set llm.options.num_ctx: %ld%s, or give the server "
		    "more (llama-server -c, vllm --max-model-len)", h->ctx,
		    p->num_ctx, h->ctx, shrink(p, h));
}

/* ---- parallelism ---- */

/* How many requests cg can have on h at once: its slots as configured,
 * capped by what the server says it runs; 0 when nobody knows. */
static int
usable(const struct host *h)
{
	if (h->h->slots_from && h->slots > 0)
		return h->h->slots < h->slots ? h->h->slots : h->slots;
	return h->h->slots_from ? h->h->slots : h->slots;
}

static void
parallel_known(struct probe *p, const struct host *h)
{
	const struct cg_host *c = h->h;

	if (!c->slots_from) {
		put(p, "  parallel: %d slot%s (/props total_slots); cg sends "
		    "as many requests as make runs jobs: set llm.slots: %d",
		    h->slots, h->slots == 1 ? "" : "s", h->slots);
		return;
	}
	put(p, "  parallel: %d slot%s (/props total_slots); cg sends at most "
	    "%d at once (%s)", h->slots, h->slots == 1 ? "" : "s", c->slots,
	    c->slots_from);
	if (c->slots > h->slots)
		put(p, "  warning: %s gives it %d slots but the server runs %d "
		    "at once: the others wait in its queue, and that wait "
		    "counts against timeouts.first_token; set it to %d",
		    c->slots_from, c->slots, h->slots, h->slots);
}

static void
parallel(struct probe *p, const struct host *h)
{
	const struct cg_host *c = h->h;

	if (h->slots > 0)
		parallel_known(p, h);
	else if (c->slots_from && !p->s->openai)
		put(p, "  parallel: %d slot%s (%s); Ollama does not report its "
		    "own: start it with OLLAMA_NUM_PARALLEL=%d or more",
		    c->slots, c->slots == 1 ? "" : "s", c->slots_from, c->slots);
	else if (c->slots_from)
		put(p, "  parallel: %d slot%s (%s); the server does not report "
		    "its own (llama-server --parallel, vllm --max-num-seqs)",
		    c->slots, c->slots == 1 ? "" : "s", c->slots_from);
	else if (!p->s->openai)
		put(p, "  parallel: unknown: Ollama does not report it; start "
		    "the server with OLLAMA_NUM_PARALLEL=N and set llm.slots: N "
		    "(or slots: N in llm.hosts)");
	else
		put(p, "  parallel: unknown: the server does not report it; "
		    "set llm.slots: N to what it runs at once (llama-server "
		    "--parallel, vllm --max-num-seqs)");
}

/* ---- Ollama ---- */

static void
ollama_context(struct probe *p, struct host *h)
{
	cJSON *rq = cJSON_CreateObject(), *j;
	const cJSON *mi, *it;
	char *body, err[256];
	long st;

	cJSON_AddStringToObject(rq, "model", p->s->model);
	body = cJSON_PrintUnformatted(rq);
	st = ask(p, h, "/api/show", body, &j, err, sizeof err);
	mi = cJSON_GetObjectItemCaseSensitive(j, "model_info");
	cJSON_ArrayForEach(it, mi)
		if (cJSON_IsNumber(it) && it->valuedouble >= 1 &&
		    strlen(it->string) > 15 && strcmp(it->string +
		    strlen(it->string) - 15, ".context_length") == 0)
			h->ctx = (long)it->valuedouble;
	if (h->ctx)
		snprintf(h->ctx_from, sizeof h->ctx_from, "the model's, "
		    "/api/show");
	else if (st == 200)
		snprintf(h->ctx_from, sizeof h->ctx_from, "/api/show has no "
		    "context_length");
	else if (st)
		snprintf(h->ctx_from, sizeof h->ctx_from, "/api/show: HTTP %ld",
		    st);
	else
		snprintf(h->ctx_from, sizeof h->ctx_from, "/api/show: %s", err);
	cJSON_Delete(j);
	cJSON_Delete(rq);
	free(body);
}

/* 1 when the model is there; else the pull line and what the host has. */
static int
ollama_model(struct probe *p, struct host *h)
{
	cJSON *j;
	const cJSON *ms;
	char err[256];
	long st = ask(p, h, "/api/tags", NULL, &j, err, sizeof err);

	ms = cJSON_GetObjectItemCaseSensitive(j, "models");
	if (st != 200 || !cJSON_IsArray(ms)) {
		cJSON_Delete(j);
		if (st == 0)
			down(p, h, err);
		else
			notapi(p, h, "/api/tags", st);
		return 0;
	}
	if (find_model(p, ms, "name") || find_model(p, ms, "model")) {
		put(p, "  model %s  present", p->s->model);
		cJSON_Delete(j);
		return 1;
	}
	put(p, "  model %s  missing; on that machine run:  ollama pull %s",
	    p->s->model, p->s->model);
	list_models(p, ms, "name");
	fail(p, EX_UNAVAILABLE, "%s: model %s is not there; run: ollama pull "
	    "%s", h->url, p->s->model, p->s->model);
	cJSON_Delete(j);
	return 0;
}

static void
ollama(struct probe *p, struct host *h)
{
	cJSON *j;
	const char *v;
	char err[256];
	long st = ask(p, h, "/api/version", NULL, &j, err, sizeof err);

	v = cg_json_gets(j, "version", NULL);
	if (st == 200 && v)
		put(p, "%s  ollama %s  reachable", h->url, v);
	else if (st == 0)
		down(p, h, err);
	else
		notapi(p, h, "/api/version", st);
	cJSON_Delete(j);
	if (st != 200 || !v || !ollama_model(p, h))
		return;
	ollama_context(p, h);
	context(p, h);
	parallel(p, h);
}

/* ---- OpenAI-compatible ---- */

/* llama.cpp's /props: its slots and the context of one. */
static void
props(struct probe *p, struct host *h, char *server, size_t sz)
{
	cJSON *j;
	const cJSON *n;
	char err[256];
	long st = ask(p, h, "/props", NULL, &j, err, sizeof err);

	n = cJSON_GetObjectItemCaseSensitive(j, "total_slots");
	if (st == 200 && cJSON_IsNumber(n) && n->valuedouble >= 1) {
		h->llamacpp = 1;
		h->slots = n->valuedouble > 4096 ? 4096 : (int)n->valuedouble;
		snprintf(server, sz, "llama.cpp %s", cg_json_gets(j,
		    "build_info", ""));
		if ((h->ctx = (long)cg_json_getn(j,
		    "default_generation_settings.n_ctx", 0)) > 0)
			snprintf(h->ctx_from, sizeof h->ctx_from, "a slot's, "
			    "/props n_ctx");
	}
	cJSON_Delete(j);
}

/* The model among /v1/models' data; vLLM's max_model_len. */
static void
openai_model(struct probe *p, struct host *h, const cJSON *data)
{
	const cJSON *m = find_model(p, data, "id");
	double len = cg_json_getn(m, "max_model_len", 0);

	if (m && !h->ctx && len >= 1) {
		h->ctx = (long)len;
		snprintf(h->ctx_from, sizeof h->ctx_from, "max_model_len, "
		    "/v1/models");
	}
	if (m) {
		put(p, "  model %s  present", p->s->model);
	} else if (h->llamacpp && cJSON_GetArraySize(data) == 1) {
		put(p, "  model %s  not listed: llama.cpp serves %s whatever "
		    "the name asked", p->s->model, cg_json_gets(data,
		    "0.id", "its one model"));
	} else {
		put(p, "  model %s  missing; set llm.model (or CG_MODEL) to one "
		    "it serves, or start the server with it", p->s->model);
		list_models(p, data, "id");
		fail(p, EX_UNAVAILABLE, "%s: model %s is not served there; "
		    "set llm.model to one it serves", h->url, p->s->model);
	}
}

static void
openai(struct probe *p, struct host *h)
{
	cJSON *j;
	const cJSON *data;
	char err[256], server[96] = "OpenAI-compatible";
	long st = ask(p, h, "/v1/models", NULL, &j, err, sizeof err);

	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	if (st != 200 || !cJSON_IsArray(data)) {
		if (st == 0)
			down(p, h, err);
		else
			notapi(p, h, "/v1/models", st);
		cJSON_Delete(j);
		return;
	}
	snprintf(h->ctx_from, sizeof h->ctx_from, "the server does not say");
	props(p, h, server, sizeof server);
	if (!h->llamacpp && cg_json_at(data, "0.max_model_len"))
		snprintf(server, sizeof server, "vLLM");
	put(p, "%s  %s  reachable", h->url, server);
	openai_model(p, h, data);
	context(p, h);
	parallel(p, h);
	cJSON_Delete(j);
}

/* ---- the run ---- */

static void
host(struct probe *p, const struct cg_host *c)
{
	struct host h = { 0 };
	cg_err ue;
	char *u;
	size_t n;

	h.h = c;
	if (!(u = cg_host_url(c, &ue))) {
		put(p, "%s", ue.msg);
		fail(p, ue.code, "%s", ue.msg);
		p->unknown++;
		return;
	}
	snprintf(h.url, sizeof h.url, "%s", u);
	free(u);
	n = strlen(h.url);
	if (p->s->openai && n >= 3 && memcmp(h.url + n - 3, "/v1", 3) == 0)
		n -= 3;
	snprintf(h.base, sizeof h.base, "%.*s", (int)n, h.url);
	if (p->s->openai)
		openai(p, &h);
	else
		ollama(p, &h);
	if (usable(&h) > 0)
		p->total += usable(&h);
	else
		p->unknown++;
}

/* The -j to run with, and a warning when make's is larger. */
static void
suggest(struct probe *p)
{
	int jobs = cg_settings_make_jobs();

	if (p->unknown) {
		put(p, "suggested: unknown until the server's parallelism is "
		    "set (llm.slots); then make -jN course with N slots");
		if (jobs > 1)
			put(p, "note: make -j%d sends up to %d requests at once "
			    "(no llm.slots); more than the server runs wait "
			    "there, and the wait counts against "
			    "timeouts.first_token", jobs, jobs);
		return;
	}
	put(p, "suggested: make -j%d course (%d slot%s over %zu host%s)",
	    p->total, p->total, p->total == 1 ? "" : "s", p->s->nhosts,
	    p->s->nhosts == 1 ? "" : "s");
	if (jobs > p->total)
		put(p, "warning: make -j%d runs %d jobs at once but the hosts "
		    "have %d slot%s in all: %d of them wait at any time, doing "
		    "nothing; make -j%d is enough", jobs, jobs, p->total,
		    p->total == 1 ? "" : "s", jobs - p->total, p->total);
}

int
cg_llm_probe(const struct cg_settings *s, cg_buf *out, cg_err *e)
{
	struct probe p = { 0 };
	char *auth;
	size_t i;

	for (i = 0; i < s->nhosts; i++)
		if (cg_http_checkurl(s->hosts[i].url, e) < 0)
			return -1;
	if (cg_llm_auth(&auth, e) < 0)
		return -1;
	if (!(p.http = cg_http_new(e))) {
		cg_llm_auth_free(auth);
		return -1;
	}
	p.s = s;
	p.hdrs[0] = auth;
	p.out = out;
	p.e = e;
	budget(&p);
	for (i = 0; i < s->nhosts; i++)
		host(&p, &s->hosts[i]);
	suggest(&p);
	cg_http_free(p.http);
	cg_llm_auth_free(auth);
	if (out->s)
		cg_llm_scrub(out->s);
	if (p.failed && e)
		cg_llm_scrub(e->msg);
	return p.failed ? -1 : 0;
}
