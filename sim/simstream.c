/* simstream.c — a generation request of cg-sim's server (see srvint.h):
 * faults, a slot, the reply from sim.h and its tokens, streamed as NDJSON
 * (Ollama) or SSE (OpenAI), paced, or sent whole.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>
#include <cjson/cJSON.h>

#include "util.h"
#include "sim.h"
#include "srvint.h"

enum fault { F_NONE, F_STALL, F_DROP, F_ERRLINE, F_GARBAGE };
enum phase { P_FIRST, P_TOKENS, P_FINAL, P_END };

/* One generation response in flight: the content reader's state. */
struct gen {
	cg_simsrv *s;
	enum api api;
	int     stream, usage;
	char   *model;
	char   *text;
	size_t *off, ntok, limit, i;
	enum fault fault;
	size_t  ftok;
	enum phase phase;
	int     fd;
	long    prompt_tokens, created;
	double  t_arrive, t_slot, t_first;
	cg_buf  out, acc;	/* bytes to send; reply so far (non-streaming) */
	size_t  outpos;
	char    id[40];
	int     given;	/* its slot given back */
};

/* The generation's slot given back, once: when its last byte is handed
 * to the server (as a real server ends a generation before the client
 * has read it), else when the response is freed. */
static void
give(struct gen *g)
{
	if (!g->given) {
		g->given = 1;
		srv_slot_give(g->s);
	}
}


static void
nowiso(char buf[48])
{
	struct timespec ts;
	struct tm tm;
	char b[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, 48, "%s.%09ldZ", b, ts.tv_nsec);
}

/* ---- stream chunks ----------------------------------------------------- */

static void
emit_json(struct gen *g, cJSON *j)
{
	char *t = cJSON_PrintUnformatted(j);

	if (g->api == API_OPENAI && g->stream)
		cg_buf_printf(&g->out, "data: %s\n\n", t);
	else
		cg_buf_printf(&g->out, "%s\n", t);
	free(t);
	cJSON_Delete(j);
}

static cJSON *
ollama_obj(struct gen *g, const char *content, int done)
{
	cJSON *j = cJSON_CreateObject();
	char ts[48];

	nowiso(ts);
	cJSON_AddStringToObject(j, "model", g->model);
	cJSON_AddStringToObject(j, "created_at", ts);
	if (g->api == API_CHAT) {
		cJSON *m = cJSON_AddObjectToObject(j, "message");

		cJSON_AddStringToObject(m, "role", "assistant");
		cJSON_AddStringToObject(m, "content", content);
	} else {
		cJSON_AddStringToObject(j, "response", content);
	}
	if (done)
		cJSON_AddStringToObject(j, "done_reason",
		    g->limit < g->ntok ? "length" : "stop");
	cJSON_AddBoolToObject(j, "done", done);
	return j;
}

static cJSON *
openai_obj(struct gen *g, const char *content, int final)
{
	cJSON *j = cJSON_CreateObject(), *ch, *c0, *d;

	cJSON_AddStringToObject(j, "id", g->id);
	cJSON_AddStringToObject(j, "object",
	    g->stream ? "chat.completion.chunk" : "chat.completion");
	cJSON_AddNumberToObject(j, "created", (double)g->created);
	cJSON_AddStringToObject(j, "model", g->model);
	cJSON_AddStringToObject(j, "system_fingerprint", "fp_cg_sim");
	ch = cJSON_AddArrayToObject(j, "choices");
	c0 = cJSON_CreateObject();
	cJSON_AddItemToArray(ch, c0);
	cJSON_AddNumberToObject(c0, "index", 0);
	d = cJSON_AddObjectToObject(c0, g->stream ? "delta" : "message");
	cJSON_AddStringToObject(d, "role", "assistant");
	cJSON_AddStringToObject(d, "content", content);
	if (final)
		cJSON_AddStringToObject(c0, "finish_reason",
		    g->limit < g->ntok ? "length" : "stop");
	else
		cJSON_AddNullToObject(c0, "finish_reason");
	return j;
}

static void
add_usage(struct gen *g, cJSON *j)
{
	cJSON *u = cJSON_AddObjectToObject(j, "usage");

	cJSON_AddNumberToObject(u, "prompt_tokens", (double)g->prompt_tokens);
	cJSON_AddNumberToObject(u, "completion_tokens", (double)g->i);
	cJSON_AddNumberToObject(u, "total_tokens",
	    (double)(g->prompt_tokens + (long)g->i));
}

static void
emit_token(struct gen *g, const char *p, size_t n)
{
	char *t = xstrndup(p, n);

	if (!g->stream)
		cg_buf_add(&g->acc, p, n);
	else if (g->api == API_OPENAI)
		emit_json(g, openai_obj(g, t, 0));
	else
		emit_json(g, ollama_obj(g, t, 0));
	free(t);
}

static void
emit_final(struct gen *g)
{
	double now = cg_now();
	const char *content = g->stream ? "" : (g->acc.s ? g->acc.s : "");
	cJSON *j;

	if (g->api == API_OPENAI) {
		j = openai_obj(g, content, 1);
		if (!g->stream)
			add_usage(g, j);
		emit_json(g, j);
		if (g->stream && g->usage) {
			j = openai_obj(g, "", 1);
			cJSON_DeleteItemFromObject(j, "choices");
			cJSON_AddArrayToObject(j, "choices");
			add_usage(g, j);
			emit_json(g, j);
		}
		if (g->stream)
			cg_buf_puts(&g->out, "data: [DONE]\n\n");
		return;
	}
	j = ollama_obj(g, content, 1);
	cJSON_AddNumberToObject(j, "total_duration", floor((now - g->t_arrive) * 1e9));
	cJSON_AddNumberToObject(j, "load_duration", floor((g->t_slot - g->t_arrive) * 1e9));
	cJSON_AddNumberToObject(j, "prompt_eval_count", (double)g->prompt_tokens);
	cJSON_AddNumberToObject(j, "prompt_eval_duration",
	    floor((g->t_first - g->t_slot) * 1e9));
	cJSON_AddNumberToObject(j, "eval_count", (double)g->i);
	cJSON_AddNumberToObject(j, "eval_duration", floor((now - g->t_first) * 1e9));
	emit_json(g, j);
}

static void
emit_error(struct gen *g)
{
	cJSON *j = cJSON_CreateObject();

	if (g->api == API_OPENAI) {
		cJSON *e = cJSON_AddObjectToObject(j, "error");

		cJSON_AddStringToObject(e, "message", RUN_ERR);
		cJSON_AddStringToObject(e, "type", "api_error");
	} else {
		cJSON_AddStringToObject(j, "error", RUN_ERR);
	}
	emit_json(g, j);
}

/* Hold the connection open, sending nothing, until the client closes it
 * or the server stops. */
static void
stall(struct gen *g)
{
	while (srv_sleep_until(g->s, cg_now() + 3600, g->fd) == 0)
		;
}

enum { MORE, FLUSH, DONE, ABORT };

/* Produce the next piece of the response into g->out. */
static int
produce(struct gen *g)
{
	cg_simsrv *s = g->s;

	switch (g->phase) {
	case P_FIRST:
		if (s->o.slow_first > 0 &&
		    srv_sleep_until(s, cg_now() + s->o.slow_first, g->fd) < 0)
			return ABORT;
		g->t_first = cg_now();
		g->phase = P_TOKENS;
		if (g->fault == F_GARBAGE) {
			static const char junk[] = "<html><body><h1>502 Bad "
			    "Gateway</h1></body></html>\n\x01\xff\xfe garbage "
			    "\x80\x81 not json {{{\n";

			cg_buf_add(&g->out, junk, sizeof junk - 1);
			g->phase = P_END;
			return MORE;
		}
		return MORE;
	case P_TOKENS:
		if (g->fault != F_NONE && g->i == g->ftok) {
			if (g->out.len)		/* send what came before first */
				return FLUSH;
			if (g->fault == F_STALL) {
				stall(g);
				return ABORT;
			}
			if (g->fault == F_DROP)
				return ABORT;
			emit_error(g);	/* F_ERRLINE */
			g->phase = P_END;
			return MORE;
		}
		if (g->i >= g->limit) {
			g->phase = P_FINAL;
			return MORE;
		}
		if (s->o.rate > 0 && srv_sleep_until(s, g->t_first +
		    (double)g->i / s->o.rate, g->fd) < 0)
			return ABORT;
		emit_token(g, g->text + g->off[g->i], g->off[g->i + 1] - g->off[g->i]);
		g->i++;
		pthread_mutex_lock(&s->mu);
		s->tokens++;
		pthread_mutex_unlock(&s->mu);
		return s->o.rate > 0 ? FLUSH : MORE;
	case P_FINAL:
		emit_final(g);
		g->phase = P_END;
		return MORE;
	default:
		return DONE;
	}
}

static ssize_t
reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct gen *g = cls;
	size_t n;

	(void)pos;
	if (g->outpos == g->out.len) {
		int r = MORE;

		g->out.len = g->outpos = 0;
		while (r == MORE && g->out.len < max && g->out.len < 16384)
			r = produce(g);
		if (r == ABORT && g->out.len == 0)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		if (g->out.len == 0)
			return MHD_CONTENT_READER_END_OF_STREAM;
	}
	n = g->out.len - g->outpos;
	if (n > max)
		n = max;
	memcpy(buf, g->out.s + g->outpos, n);
	g->outpos += n;
	if (g->phase == P_END && g->outpos == g->out.len)
		give(g);
	return (ssize_t)n;
}

static void
gen_free(void *cls)
{
	struct gen *g = cls;

	give(g);
	free(g->model);
	free(g->text);
	free(g->off);
	cg_buf_free(&g->out);
	cg_buf_free(&g->acc);
	free(g);
}

/* ---- endpoints --------------------------------------------------------- */

static int
hits(int n, long k)
{
	return n > 0 && (k - 1) % n == 0;
}

enum MHD_Result
srv_generate(cg_simsrv *s, struct MHD_Connection *c, enum api api,
    const char *body, size_t len)
{
	int openai = api == API_OPENAI, bad = 0, fd;
	const union MHD_ConnectionInfo *ci;
	const cJSON *m;
	cJSON *j;
	struct gen *g;
	struct MHD_Response *r;
	enum fault fault = F_NONE;
	cg_sim_req rq;
	size_t *poff;
	long k;
	double t0 = cg_now();
	enum MHD_Result ret;
	char *msg;

	if (!(j = cJSON_ParseWithLength(body, len)))
		return srv_reply_err(c, 400, openai, "invalid_request_error", NULL,
		    "invalid JSON in request body");
	pthread_mutex_lock(&s->mu);
	free(s->last[s->lastpos]);
	s->last[s->lastpos] = cJSON_PrintUnformatted(j);
	s->lastpos = (s->lastpos + 1) % NLAST;
	if (s->nlast < NLAST)
		s->nlast++;
	pthread_mutex_unlock(&s->mu);

	m = cJSON_GetObjectItemCaseSensitive(j, "model");
	if (!cJSON_IsString(m) || !*m->valuestring) {
		cJSON_Delete(j);
		return srv_reply_err(c, 400, openai, "invalid_request_error", NULL,
		    "model is required");
	}
	if (!srv_have_model(s, m->valuestring)) {
		msg = xasprintf("model \"%s\" not found, try pulling it first",
		    m->valuestring);
		ret = srv_reply_err(c, 404, openai, "invalid_request_error",
		    "model_not_found", msg);
		free(msg);
		cJSON_Delete(j);
		return ret;
	}

	pthread_mutex_lock(&s->mu);
	k = ++s->generations;
	pthread_mutex_unlock(&s->mu);
	cg_sim_parse(j, openai, &rq);
	msg = NULL;
	if (hits(s->o.err500, k))
		msg = "llama runner process has terminated: simulated failure";
	else if (hits(s->o.err503, k))
		msg = BUSY_MSG;
	else if (hits(s->o.err429, k))
		msg = "rate limit exceeded, retry later";
	else if (hits(s->o.garbage, k))
		fault = F_GARBAGE;
	else if (hits(s->o.stall, k))
		fault = F_STALL;
	else if (hits(s->o.drop, k))
		fault = F_DROP;
	else if (hits(s->o.errline, k))
		fault = F_ERRLINE;
	if (rq.schema && hits(s->o.badschema, k))
		bad = 1;
	if (msg || fault != F_NONE || bad) {
		pthread_mutex_lock(&s->mu);
		s->faults += (msg || fault != F_NONE) + bad;
		pthread_mutex_unlock(&s->mu);
	}
	if (msg) {
		unsigned st = hits(s->o.err500, k) ? 500 : hits(s->o.err503, k) ? 503 : 429;
		struct MHD_Response *er;
		cJSON *e = cJSON_CreateObject();
		char *t, ra[24];

		if (openai) {
			cJSON *o = cJSON_AddObjectToObject(e, "error");

			cJSON_AddStringToObject(o, "message", msg);
			cJSON_AddStringToObject(o, "type", st == 429 ?
			    "rate_limit_error" : "api_error");
		} else {
			cJSON_AddStringToObject(e, "error", msg);
		}
		t = cJSON_PrintUnformatted(e);
		cJSON_Delete(e);
		er = MHD_create_response_from_buffer(strlen(t), t, MHD_RESPMEM_MUST_FREE);
		MHD_add_response_header(er, "Content-Type", "application/json; charset=utf-8");
		if (st == 429) {
			snprintf(ra, sizeof ra, "%d", s->o.retry_after);
			MHD_add_response_header(er, "Retry-After", ra);
		}
		ret = MHD_queue_response(c, st, er);
		MHD_destroy_response(er);
		cg_sim_req_free(&rq);
		cJSON_Delete(j);
		return ret;
	}

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	fd = ci ? ci->connect_fd : -1;
	switch (srv_slot_take(s, fd)) {
	case 1:
		cg_sim_req_free(&rq);
		cJSON_Delete(j);
		return srv_reply_err(c, 503, openai, "api_error", NULL, BUSY_MSG);
	case -1:
		cg_sim_req_free(&rq);
		cJSON_Delete(j);
		return MHD_NO;
	}

	g = xcalloc(1, sizeof *g);
	g->s = s;
	g->api = api;
	g->stream = rq.stream;
	g->usage = rq.include_usage;
	g->model = xstrdup(m->valuestring);
	g->fault = fault;
	g->ftok = (size_t)s->o.fault_tokens;
	g->fd = fd;
	g->t_arrive = t0;
	g->t_slot = g->t_first = cg_now();
	g->created = (long)time(NULL);
	snprintf(g->id, sizeof g->id, "chatcmpl-%llu",
	    (unsigned long long)(cg_sim_hash(body, len) % 1000000000ULL));
	g->text = cg_sim_reply(&rq, cg_sim_hash(body, len), s->o.words,
	    (s->o.quirks ? CG_SIM_QUIRKS : 0) |
	    (s->o.quirks > 1 ? CG_SIM_SHAPES : 0) |
	    (s->o.noschema ? CG_SIM_NOSCHEMA : 0), bad);
	g->ntok = cg_sim_tokens(g->text, &g->off);
	g->limit = rq.max_tokens >= 0 && (size_t)rq.max_tokens < g->ntok ?
	    (size_t)rq.max_tokens : g->ntok;
	g->prompt_tokens = (long)cg_sim_tokens(rq.prompt, &poff);
	if (g->prompt_tokens < 1)
		g->prompt_tokens = 1;
	free(poff);
	cg_sim_req_free(&rq);
	cJSON_Delete(j);

	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, reader,
	    g, gen_free);
	if (!r) {
		gen_free(g);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", !g->stream ?
	    "application/json; charset=utf-8" : openai ? "text/event-stream" :
	    "application/x-ndjson");
	if (openai && g->stream)
		MHD_add_response_header(r, "Cache-Control", "no-cache");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}
