/* simsrv.c — the simulated LLM server (see simsrv.h).
 *
 * libmicrohttpd runs one thread per connection, so a generation request
 * simply blocks in its own thread: first waiting for a slot (FIFO, like
 * OLLAMA_NUM_PARALLEL), then inside the content reader callback to pace
 * tokens.  Every wait is a timed wait on one condition variable, so
 * cg_simsrv_stop() wakes them all at once, and every wait checks whether
 * the client has gone away (a queued request whose client hung up leaves
 * the queue, as Ollama's does).
 */
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>
#include <cjson/cJSON.h>

#include "util.h"
#include "sim.h"
#include "simsrv.h"

#define NLAST    16
#define MAXBODY  (16u << 20)
#define BUSY_MSG "server busy, please try again.  maximum pending requests exceeded"
#define RUN_ERR  "an error was encountered while running the model"

enum api { API_CHAT, API_GENERATE, API_OPENAI };
enum fault { F_NONE, F_STALL, F_DROP, F_ERRLINE, F_GARBAGE };
enum phase { P_FIRST, P_TOKENS, P_FINAL, P_END };

struct waiter {
	struct waiter *next;
};

struct cg_simsrv {
	struct cg_simsrv_opts o;
	char  **models;
	size_t  nmodels;
	struct MHD_Daemon *d;
	unsigned port;

	pthread_mutex_t mu;	/* guards everything below */
	pthread_cond_t cv;	/* CLOCK_MONOTONIC; broadcast on any change */
	int     stopping;
	struct waiter *qhead, *qtail;
	int     active, waiting;
	/* counters for /sim/stats */
	cJSON  *reqs;
	long    generations, max_concurrent, max_queued, tokens, faults;
	char   *last[NLAST];	/* ring of request bodies */
	int     nlast, lastpos;
};

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
};

/* ---- helpers ----------------------------------------------------------- */

static void
deadline(struct timespec *ts, double secs)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += (time_t)secs;
	ts->tv_nsec += (long)((secs - floor(secs)) * 1e9);
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Has the peer of fd closed its end?  Never blocks. */
static int
client_gone(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	if (fd < 0 || poll(&p, 1, 0) <= 0)
		return 0;
	if (p.revents & (POLLERR | POLLNVAL))
		return 1;
	if (p.revents & (POLLIN | POLLHUP)) {
		ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
		return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
	}
	return 0;
}

/* Sleep until monotonic time t (cg_now() scale).  -1 when the server is
 * stopping or the client went away, else 0. */
static int
sleep_until(cg_simsrv *s, double t, int fd)
{
	int r = 0;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		double left = t - cg_now();
		struct timespec ts;

		if (s->stopping || client_gone(fd)) {
			r = -1;
			break;
		}
		if (left <= 0)
			break;
		deadline(&ts, left < 0.2 ? left : 0.2);
		pthread_cond_timedwait(&s->cv, &s->mu, &ts);
	}
	pthread_mutex_unlock(&s->mu);
	return r;
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

/* "gemma3" -> "gemma3:latest"; caller frees. */
static char *
fullname(const char *m)
{
	return strchr(m, ':') ? xstrdup(m) : xasprintf("%s:latest", m);
}

static int
have_model(const cg_simsrv *s, const char *m)
{
	char *f = fullname(m);
	size_t i;
	int ok = 0;

	for (i = 0; i < s->nmodels && !ok; i++)
		ok = strcmp(s->models[i], f) == 0;
	free(f);
	return ok;
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, const char *type,
    const char *body)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body),
	    (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Reply with j (deleted here). */
static enum MHD_Result
reply_json(struct MHD_Connection *c, unsigned status, cJSON *j)
{
	char *t = cJSON_PrintUnformatted(j);
	enum MHD_Result r = reply(c, status, "application/json; charset=utf-8", t);

	free(t);
	cJSON_Delete(j);
	return r;
}

/* An error body in the shape of the API: Ollama {"error":msg}, OpenAI
 * {"error":{"message","type","param","code"}}. */
static enum MHD_Result
reply_err(struct MHD_Connection *c, unsigned status, int openai,
    const char *type, const char *code, const char *msg)
{
	cJSON *j = cJSON_CreateObject();

	if (openai) {
		cJSON *e = cJSON_AddObjectToObject(j, "error");

		cJSON_AddStringToObject(e, "message", msg);
		cJSON_AddStringToObject(e, "type", type);
		cJSON_AddNullToObject(e, "param");
		if (code)
			cJSON_AddStringToObject(e, "code", code);
		else
			cJSON_AddNullToObject(e, "code");
	} else {
		cJSON_AddStringToObject(j, "error", msg);
	}
	return reply_json(c, status, j);
}

/* ---- slots ------------------------------------------------------------- */

/* Take a generation slot, waiting FIFO.  0 ok, 1 queue full, -1 stopping
 * or client gone. */
static int
slot_take(cg_simsrv *s, int fd)
{
	struct waiter me = { NULL }, **pp;
	int r = 0;

	pthread_mutex_lock(&s->mu);
	if (s->stopping) {
		pthread_mutex_unlock(&s->mu);
		return -1;
	}
	if (s->qhead || s->active >= s->o.slots) {
		if (s->waiting >= s->o.queue) {
			pthread_mutex_unlock(&s->mu);
			return 1;
		}
		if (s->qtail)
			s->qtail->next = &me;
		else
			s->qhead = &me;
		s->qtail = &me;
		if (++s->waiting > s->max_queued)
			s->max_queued = s->waiting;
		while (!(s->qhead == &me && s->active < s->o.slots)) {
			struct timespec ts;

			if (s->stopping || client_gone(fd)) {
				r = -1;
				break;
			}
			deadline(&ts, 0.2);
			pthread_cond_timedwait(&s->cv, &s->mu, &ts);
		}
		for (pp = &s->qhead; *pp != &me; pp = &(*pp)->next)
			;
		*pp = me.next;
		if (s->qtail == &me) {
			struct waiter *w = s->qhead;

			while (w && w->next)
				w = w->next;
			s->qtail = w;
		}
		s->waiting--;
	}
	if (r == 0 && ++s->active > s->max_concurrent)
		s->max_concurrent = s->active;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return r;
}

static void
slot_give(cg_simsrv *s)
{
	pthread_mutex_lock(&s->mu);
	s->active--;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
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
	while (sleep_until(g->s, cg_now() + 3600, g->fd) == 0)
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
		    sleep_until(s, cg_now() + s->o.slow_first, g->fd) < 0)
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
		if (s->o.rate > 0 && sleep_until(s, g->t_first +
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
	return (ssize_t)n;
}

static void
gen_free(void *cls)
{
	struct gen *g = cls;

	slot_give(g->s);
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

static enum MHD_Result
generate(cg_simsrv *s, struct MHD_Connection *c, enum api api,
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
		return reply_err(c, 400, openai, "invalid_request_error", NULL,
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
		return reply_err(c, 400, openai, "invalid_request_error", NULL,
		    "model is required");
	}
	if (!have_model(s, m->valuestring)) {
		msg = xasprintf("model \"%s\" not found, try pulling it first",
		    m->valuestring);
		ret = reply_err(c, 404, openai, "invalid_request_error",
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
	switch (slot_take(s, fd)) {
	case 1:
		cg_sim_req_free(&rq);
		cJSON_Delete(j);
		return reply_err(c, 503, openai, "api_error", NULL, BUSY_MSG);
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

static cJSON *
details(const char *name)
{
	cJSON *d = cJSON_CreateObject(), *fs;
	char fam[64];
	size_t n = strcspn(name, ":");

	if (n >= sizeof fam)
		n = sizeof fam - 1;
	memcpy(fam, name, n);
	fam[n] = '\0';
	cJSON_AddStringToObject(d, "parent_model", "");
	cJSON_AddStringToObject(d, "format", "gguf");
	cJSON_AddStringToObject(d, "family", fam);
	fs = cJSON_AddArrayToObject(d, "families");
	cJSON_AddItemToArray(fs, cJSON_CreateString(fam));
	cJSON_AddStringToObject(d, "parameter_size", "4.3B");
	cJSON_AddStringToObject(d, "quantization_level", "Q4_K_M");
	return d;
}

static enum MHD_Result
tags(cg_simsrv *s, struct MHD_Connection *c)
{
	cJSON *j = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(j, "models");
	size_t i;

	for (i = 0; i < s->nmodels; i++) {
		cJSON *m = cJSON_CreateObject();
		const char *n = s->models[i];
		uint64_t h = cg_sim_hash(n, strlen(n));
		char dg[72];

		snprintf(dg, sizeof dg, "%016llx%016llx%016llx%016llx",
		    (unsigned long long)h, (unsigned long long)(h * 3),
		    (unsigned long long)(h * 5), (unsigned long long)(h * 7));
		cJSON_AddStringToObject(m, "name", n);
		cJSON_AddStringToObject(m, "model", n);
		cJSON_AddStringToObject(m, "modified_at", "2025-01-01T00:00:00Z");
		cJSON_AddNumberToObject(m, "size", 3338801804.0);
		cJSON_AddStringToObject(m, "digest", dg);
		cJSON_AddItemToObject(m, "details", details(n));
		cJSON_AddItemToArray(a, m);
	}
	return reply_json(c, 200, j);
}

static enum MHD_Result
show(cg_simsrv *s, struct MHD_Connection *c, const char *body, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(body, len), *o, *mi;
	const cJSON *m;
	char *msg, *mf;
	enum MHD_Result r;

	if (!j)
		return reply_err(c, 400, 0, NULL, NULL, "invalid JSON in request body");
	m = cJSON_GetObjectItemCaseSensitive(j, "model");
	if (!cJSON_IsString(m))
		m = cJSON_GetObjectItemCaseSensitive(j, "name");
	if (!cJSON_IsString(m) || !*m->valuestring) {
		cJSON_Delete(j);
		return reply_err(c, 400, 0, NULL, NULL, "model is required");
	}
	if (!have_model(s, m->valuestring)) {
		msg = xasprintf("model '%s' not found", m->valuestring);
		r = reply_err(c, 404, 0, NULL, NULL, msg);
		free(msg);
		cJSON_Delete(j);
		return r;
	}
	o = cJSON_CreateObject();
	mf = xasprintf("# simulated by cg-sim\nFROM %s\n", m->valuestring);
	cJSON_AddStringToObject(o, "license", "");
	cJSON_AddStringToObject(o, "modelfile", mf);
	cJSON_AddStringToObject(o, "parameters", "temperature 1\ntop_k 64\ntop_p 0.95");
	cJSON_AddStringToObject(o, "template", "{{ .Prompt }}");
	cJSON_AddItemToObject(o, "details", details(m->valuestring));
	mi = cJSON_AddObjectToObject(o, "model_info");
	cJSON_AddStringToObject(mi, "general.architecture", "sim");
	cJSON_AddNumberToObject(mi, "general.parameter_count", 4300000000.0);
	cJSON_AddNumberToObject(mi, "sim.context_length", (double)s->o.context);
	cJSON_AddItemToObject(o, "capabilities",
	    cJSON_CreateStringArray((const char *[]){ "completion" }, 1));
	cJSON_AddStringToObject(o, "modified_at", "2025-01-01T00:00:00Z");
	free(mf);
	cJSON_Delete(j);
	return reply_json(c, 200, o);
}

static enum MHD_Result
v1models(cg_simsrv *s, struct MHD_Connection *c)
{
	cJSON *j = cJSON_CreateObject(), *a;
	size_t i;

	cJSON_AddStringToObject(j, "object", "list");
	a = cJSON_AddArrayToObject(j, "data");
	for (i = 0; i < s->nmodels; i++) {
		cJSON *m = cJSON_CreateObject();

		cJSON_AddStringToObject(m, "id", s->models[i]);
		cJSON_AddStringToObject(m, "object", "model");
		cJSON_AddNumberToObject(m, "created", 1735689600);
		cJSON_AddStringToObject(m, "owned_by", "library");
		/* vLLM's: the context length a request may use */
		cJSON_AddStringToObject(m, "root", s->models[i]);
		cJSON_AddNullToObject(m, "parent");
		cJSON_AddNumberToObject(m, "max_model_len", (double)s->o.context);
		cJSON_AddItemToArray(a, m);
	}
	return reply_json(c, 200, j);
}

/* llama.cpp's GET /props: the slots, and the context of one slot. */
static enum MHD_Result
props(cg_simsrv *s, struct MHD_Connection *c)
{
	cJSON *j = cJSON_CreateObject(), *g, *m;

	if (s->o.noprops) {
		cJSON_Delete(j);
		return reply(c, 404, "text/plain; charset=utf-8",
		    "404 page not found");
	}
	g = cJSON_AddObjectToObject(j, "default_generation_settings");
	cJSON_AddNumberToObject(g, "id", 0);
	cJSON_AddNumberToObject(g, "n_ctx", (double)s->o.context);
	cJSON_AddBoolToObject(g, "is_processing", 0);
	cJSON_AddStringToObject(g, "model", s->models[0]);
	cJSON_AddNumberToObject(j, "total_slots", s->o.slots);
	cJSON_AddStringToObject(j, "model_path", s->models[0]);
	m = cJSON_AddObjectToObject(j, "modalities");
	cJSON_AddBoolToObject(m, "vision", 0);
	cJSON_AddBoolToObject(m, "audio", 0);
	cJSON_AddStringToObject(j, "chat_template", "{{ messages }}");
	cJSON_AddStringToObject(j, "build_info", "b0-sim");
	return reply_json(c, 200, j);
}

static enum MHD_Result
stats(cg_simsrv *s, struct MHD_Connection *c)
{
	cJSON *j = cJSON_CreateObject(), *l;
	int i;

	pthread_mutex_lock(&s->mu);
	cJSON_AddItemToObject(j, "requests", cJSON_Duplicate(s->reqs, 1));
	cJSON_AddNumberToObject(j, "generations", (double)s->generations);
	cJSON_AddNumberToObject(j, "active", s->active);
	cJSON_AddNumberToObject(j, "queued", s->waiting);
	cJSON_AddNumberToObject(j, "max_concurrent", (double)s->max_concurrent);
	cJSON_AddNumberToObject(j, "max_queued", (double)s->max_queued);
	cJSON_AddNumberToObject(j, "tokens", (double)s->tokens);
	cJSON_AddNumberToObject(j, "faults", (double)s->faults);
	l = cJSON_AddArrayToObject(j, "last");
	for (i = 0; i < s->nlast; i++) {
		int at = (s->lastpos - s->nlast + i + NLAST) % NLAST;
		cJSON *b = cJSON_Parse(s->last[at]);

		cJSON_AddItemToArray(l, b ? b : cJSON_CreateNull());
	}
	pthread_mutex_unlock(&s->mu);
	return reply_json(c, 200, j);
}

static void
reset(cg_simsrv *s)
{
	int i;

	pthread_mutex_lock(&s->mu);
	cJSON_Delete(s->reqs);
	s->reqs = cJSON_CreateObject();
	s->generations = s->max_concurrent = s->max_queued = 0;
	s->tokens = s->faults = 0;
	for (i = 0; i < NLAST; i++) {
		free(s->last[i]);
		s->last[i] = NULL;
	}
	s->nlast = s->lastpos = 0;
	pthread_mutex_unlock(&s->mu);
}

/* ---- routing ----------------------------------------------------------- */

static const struct route {
	const char *path, *method;
} routes[] = {
	{ "/", "GET" }, { "/api/version", "GET" }, { "/api/tags", "GET" },
	{ "/api/show", "POST" }, { "/api/chat", "POST" },
	{ "/api/generate", "POST" }, { "/v1/models", "GET" },
	{ "/v1/chat/completions", "POST" }, { "/sim/stats", "GET" },
	{ "/props", "GET" }, { "/sim/reset", "POST" },
};

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upsize, void **con_cls)
{
	cg_simsrv *s = cls;
	cg_buf *body = *con_cls;
	const char *meth = strcmp(method, "HEAD") == 0 ? "GET" : method;
	size_t i;
	cJSON *n;

	(void)version;
	if (!body) {
		*con_cls = xcalloc(1, sizeof *body);
		return MHD_YES;
	}
	if (*upsize) {
		if (body->len + *upsize > MAXBODY)
			return MHD_NO;
		cg_buf_add(body, upload, *upsize);
		*upsize = 0;
		return MHD_YES;
	}
	for (i = 0; i < sizeof routes / sizeof routes[0]; i++)
		if (strcmp(routes[i].path, url) == 0)
			break;
	if (i == sizeof routes / sizeof routes[0])
		return reply(c, 404, "text/plain; charset=utf-8", "404 page not found");
	if (strncmp(url, "/sim/", 5) != 0) {
		pthread_mutex_lock(&s->mu);
		if ((n = cJSON_GetObjectItemCaseSensitive(s->reqs, url)))
			cJSON_SetNumberValue(n, n->valuedouble + 1);
		else
			cJSON_AddNumberToObject(s->reqs, url, 1);
		pthread_mutex_unlock(&s->mu);
	}
	if (strcmp(meth, routes[i].method) != 0)
		return reply_err(c, 405, strncmp(url, "/v1/", 4) == 0,
		    "invalid_request_error", NULL, "method not allowed");
	if (!body->s)
		cg_buf_puts(body, "");
	switch (i) {
	case 0:
		return reply(c, 200, "text/plain; charset=utf-8", "Ollama is running");
	case 1:
		return reply(c, 200, "application/json; charset=utf-8",
		    "{\"version\":\"0.0.0-sim\"}");
	case 2: return tags(s, c);
	case 3: return show(s, c, body->s, body->len);
	case 4: return generate(s, c, API_CHAT, body->s, body->len);
	case 5: return generate(s, c, API_GENERATE, body->s, body->len);
	case 6: return v1models(s, c);
	case 7: return generate(s, c, API_OPENAI, body->s, body->len);
	case 8: return stats(s, c);
	case 9: return props(s, c);
	default:
		reset(s);
		return reply(c, 200, "application/json; charset=utf-8", "{}");
	}
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	cg_buf *body = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (body) {
		cg_buf_free(body);
		free(body);
		*con_cls = NULL;
	}
}

/* ---- start / stop ------------------------------------------------------ */

static void
free_server(cg_simsrv *s)
{
	int i;

	cg_sim_strv_free(s->models, s->nmodels);
	cJSON_Delete(s->reqs);
	for (i = 0; i < NLAST; i++)
		free(s->last[i]);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

cg_simsrv *
cg_simsrv_start(const struct cg_simsrv_opts *o, cg_err *e)
{
	cg_simsrv *s = xcalloc(1, sizeof *s);
	pthread_condattr_t ca;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *di;
	const char *p = o->models && *o->models ? o->models : "gemma3:4b";

	s->o = *o;
	if (s->o.slots < 1)
		s->o.slots = 1;
	if (s->o.queue < 0)
		s->o.queue = 0;
	if (s->o.context < 1)
		s->o.context = 131072;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n) {
			char *m = xstrndup(p, n);

			s->models = xrealloc(s->models, (s->nmodels + 1) * sizeof *s->models);
			s->models[s->nmodels++] = fullname(cg_trim(m));
			free(m);
		}
		p += n + (p[n] == ',');
	}
	s->reqs = cJSON_CreateObject();
	pthread_mutex_init(&s->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO,
	    (uint16_t)o->port, NULL, NULL, handler, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)(s->o.queue + s->o.slots + 256),
	    MHD_OPTION_CONNECTION_TIMEOUT, 0u,
	    MHD_OPTION_END);
	if (!s->d) {
		cg_seterr(e, EX_UNAVAILABLE, "cannot listen on 127.0.0.1:%u; "
		    "is the port in use?  Try -p 0", o->port);
		free_server(s);
		return NULL;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : o->port;
	return s;
}

unsigned
cg_simsrv_port(const cg_simsrv *s)
{
	return s->port;
}

void
cg_simsrv_stop(cg_simsrv *s)
{
	pthread_mutex_lock(&s->mu);
	s->stopping = 1;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	MHD_stop_daemon(s->d);
	free_server(s);
}
