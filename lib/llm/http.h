/* http.h — one streamed HTTP POST over libcurl, with a timer hook.
 *
 * The transfer runs on curl's multi interface so the caller gets control
 * at least every 100 ms (on_tick) to enforce its own timers, and sees the
 * body as it arrives (on_data).  A handle keeps the connection for the next
 * request to the same server.
 */
#ifndef CG_HTTP_H
#define CG_HTTP_H
#include <stddef.h>
#include "llm.h"
#include "util.h"

typedef struct cg_http cg_http;

struct cg_http_req {
	const char *url;
	const char *body;		/* NUL-terminated JSON */
	const char *const *headers;	/* "Name: value", NULL-terminated; may be NULL */
	double      connect_timeout;	/* seconds; <= 0: curl's default */
	/* Body bytes as they arrive, with the HTTP status of the response.
	 * Return 0 to go on, non-zero to abort the transfer. */
	int       (*on_data)(void *arg, long status, const char *p, size_t n);
	/* Called at least every 100 ms; non-zero aborts the transfer. */
	int       (*on_tick)(void *arg);
	void       *arg;
};

struct cg_http_res {
	long   status;		/* HTTP status, 0 when none arrived */
	int    curlcode;	/* CURLcode of the transfer (0 ok) */
	int    aborted;		/* a callback stopped it */
	double retry_after;	/* Retry-After in seconds, -1 when absent */
	char   error[256];	/* curl's message when curlcode != 0 */
};

/* The class of a failed transfer's curl code: CG_LLM_CONNECT,
 * CG_LLM_TRUNCATED, CG_LLM_PROTOCOL, CG_LLM_CONFIG, or CG_LLM_NONE for
 * any other. */
enum cg_llm_status cg_http_class(int curlcode);

/* A connection, loading libcurl first when it is not (curlfn.h).  NULL
 * with e: EX_UNAVAILABLE (no libcurl) or EX_SOFTWARE. */
cg_http *cg_http_new(cg_err *e);
void     cg_http_free(cg_http *h);
/* 0 when the transfer completed (any HTTP status), -1 when it failed or a
 * callback aborted it (rs says which).  Never prints. */
int      cg_http_post(cg_http *h, const struct cg_http_req *rq,
	    struct cg_http_res *rs);
/* A GET of url with the body thrown away, at most timeout seconds in
 * all: the HTTP status, or 0 when no response came.  Never prints. */
long     cg_http_get(cg_http *h, const char *url, double timeout);
/* One short request with the response kept: a GET of rq->url, or a POST
 * of rq->body (JSON) when it is not NULL, with rq->headers, at most
 * timeout seconds in all (rq->connect_timeout to connect; the callbacks
 * are not used).  The body (at most CG_HTTP_FETCH_MAX bytes) is appended
 * to out.  0 when a response came, whatever its status (rs->status);
 * -1 when none did or it was longer (rs->curlcode, rs->error).  Never
 * prints. */
#define CG_HTTP_FETCH_MAX (8u << 20)
int      cg_http_fetch(cg_http *h, const struct cg_http_req *rq,
	    double timeout, cg_buf *out, struct cg_http_res *rs);
/* 0 when url passes cg_config_url_check (config.h): set, with no control
 * character, user name, password, query or fragment; else -1 and
 * EX_CONFIG in e showing it masked.  No libcurl: the URL is parsed (made
 * canonical) when a slot on its host is taken (slots.h), after the
 * response cache had its say. */
int      cg_http_checkurl(const char *url, cg_err *e);

#endif
