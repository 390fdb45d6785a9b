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
#include "srvint.h"

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
int
srv_sleep_until(cg_simsrv *s, double t, int fd)
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
/* "gemma3" -> "gemma3:latest"; caller frees. */
static char *
fullname(const char *m)
{
	return strchr(m, ':') ? xstrdup(m) : xasprintf("%s:latest", m);
}

int
srv_have_model(const cg_simsrv *s, const char *m)
{
	char *f = fullname(m);
	size_t i;
	int ok = 0;

	for (i = 0; i < s->nmodels && !ok; i++)
		ok = strcmp(s->models[i], f) == 0;
	free(f);
	return ok;
}

enum MHD_Result
srv_reply(struct MHD_Connection *c, unsigned status, const char *type,
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
enum MHD_Result
srv_reply_json(struct MHD_Connection *c, unsigned status, cJSON *j)
{
	char *t = cJSON_PrintUnformatted(j);
	enum MHD_Result r = srv_reply(c, status, "application/json; charset=utf-8", t);

	free(t);
	cJSON_Delete(j);
	return r;
}

/* An error body in the shape of the API: Ollama {"error":msg}, OpenAI
 * {"error":{"message","type","param","code"}}. */
enum MHD_Result
srv_reply_err(struct MHD_Connection *c, unsigned status, int openai,
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
	return srv_reply_json(c, status, j);
}

/* ---- slots ------------------------------------------------------------- */

/* Take a generation slot, waiting FIFO.  0 ok, 1 queue full, -1 stopping
 * or client gone. */
int
srv_slot_take(cg_simsrv *s, int fd)
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

void
srv_slot_give(cg_simsrv *s)
{
	pthread_mutex_lock(&s->mu);
	s->active--;
	pthread_cond_broadcast(&s->cv);
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
		return srv_reply(c, 404, "text/plain; charset=utf-8", "404 page not found");
	if (strncmp(url, "/sim/", 5) != 0) {
		pthread_mutex_lock(&s->mu);
		if ((n = cJSON_GetObjectItemCaseSensitive(s->reqs, url)))
			cJSON_SetNumberValue(n, n->valuedouble + 1);
		else
			cJSON_AddNumberToObject(s->reqs, url, 1);
		pthread_mutex_unlock(&s->mu);
	}
	if (strcmp(meth, routes[i].method) != 0)
		return srv_reply_err(c, 405, strncmp(url, "/v1/", 4) == 0,
		    "invalid_request_error", NULL, "method not allowed");
	if (!body->s)
		cg_buf_puts(body, "");
	switch (i) {
	case 0:
		return srv_reply(c, 200, "text/plain; charset=utf-8", "Ollama is running");
	case 1:
		return srv_reply(c, 200, "application/json; charset=utf-8",
		    "{\"version\":\"0.0.0-sim\"}");
	case 2: return srv_tags(s, c);
	case 3: return srv_show(s, c, body->s, body->len);
	case 4: return srv_generate(s, c, API_CHAT, body->s, body->len);
	case 5: return srv_generate(s, c, API_GENERATE, body->s, body->len);
	case 6: return srv_v1models(s, c);
	case 7: return srv_generate(s, c, API_OPENAI, body->s, body->len);
	case 8: return srv_stats(s, c);
	case 9: return srv_props(s, c);
	default:
		srv_reset(s);
		return srv_reply(c, 200, "application/json; charset=utf-8", "{}");
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
