/* http.c — streamed HTTP POST on curl's multi interface (see http.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <time.h>
#include "config.h"
#include "curlfn.h"
#include "http.h"

struct cg_http {
	CURLM *multi;
	CURL  *easy;
};

struct xfer {
	const struct cg_http_req *rq;
	struct cg_http_res *rs;
	CURL *easy;
};

enum cg_llm_status
cg_http_class(int cc)
{
	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
		return CG_LLM_CONNECT;
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return CG_LLM_TRUNCATED;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_BAD_CONTENT_ENCODING:
		return CG_LLM_PROTOCOL;
	case CURLE_URL_MALFORMAT:
		return CG_LLM_CONFIG;
	default:
		return CG_LLM_NONE;
	}
}

cg_http *
cg_http_new(cg_err *e)
{
	cg_http *h;

	if (cg_curl_load(e) < 0)
		return NULL;
	h = xcalloc(1, sizeof *h);
	h->multi = curl_multi_init();
	h->easy = curl_easy_init();
	if (!h->multi || !h->easy) {
		cg_http_free(h);
		cg_seterr(e, EX_SOFTWARE, "cannot initialise libcurl");
		return NULL;
	}
	return h;
}

void
cg_http_free(cg_http *h)
{
	if (!h)
		return;
	if (h->easy)
		curl_easy_cleanup(h->easy);
	if (h->multi)
		curl_multi_cleanup(h->multi);
	free(h);
}

int
cg_http_checkurl(const char *url, cg_err *e)
{
	cg_err ue;

	if (!url || !*url)
		return cg_seterr(e, EX_CONFIG, "no LLM server URL configured; "
		    "set CG_URL or llm.url");
	if (cg_config_url_check(url, &ue) < 0)
		return cg_seterr(e, EX_CONFIG, "%s (set CG_URL or llm.url)",
		    ue.msg);
	return 0;
}

static size_t
on_write(char *p, size_t sz, size_t n, void *arg)
{
	struct xfer *x = arg;
	long st = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &st);
	x->rs->status = st;
	if (x->rq->on_data && x->rq->on_data(x->rq->arg, st, p, sz * n)) {
		x->rs->aborted = 1;
		return 0;
	}
	return sz * n;
}

static size_t
on_header(char *p, size_t sz, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = sz * n;
	static const char ra[] = "retry-after:";
	char v[128];
	size_t i, k;

	if (len < 5 || strncasecmp(p, "HTTP/", 5) != 0) {
		if (len <= sizeof ra - 1 || strncasecmp(p, ra, sizeof ra - 1))
			return len;
		for (i = sizeof ra - 1; i < len && isspace((unsigned char)p[i]); i++)
			;
		for (k = 0; i < len && k < sizeof v - 1 && p[i] != '\r' &&
		    p[i] != '\n'; )
			v[k++] = p[i++];
		v[k] = 0;
		if (k && isdigit((unsigned char)v[0])) {
			x->rs->retry_after = strtod(v, NULL);
		} else if (k) {
			time_t t = curl_getdate(v, NULL);
			if (t > 0)
				x->rs->retry_after = t > time(NULL) ?
				    (double)(t - time(NULL)) : 0;
		}
	} else {
		/* a new response (after 100 Continue or a redirect) */
		x->rs->retry_after = -1;
	}
	return len;
}

static size_t
discard(char *p, size_t sz, size_t n, void *arg)
{
	(void)p, (void)arg;
	return sz * n;
}

long
cg_http_get(cg_http *h, const char *url, double timeout)
{
	CURL *c = h->easy;
	long st = 0;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "cg/" CG_VERSION);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000 + 0.5));
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
	return st;
}

/* The body of a cg_http_fetch, up to its cap. */
struct keep {
	cg_buf *out;
	size_t  len;
};

static size_t
keep(char *p, size_t sz, size_t n, void *arg)
{
	struct keep *k = arg;

	if ((k->len += sz * n) > CG_HTTP_FETCH_MAX)
		return 0;
	cg_buf_add(k->out, p, sz * n);
	return sz * n;
}

int
cg_http_fetch(cg_http *h, const struct cg_http_req *rq, double timeout,
    cg_buf *out, struct cg_http_res *rs)
{
	struct curl_slist *hl = NULL;
	struct keep k = { out, 0 };
	CURL *c = h->easy;
	int i;

	memset(rs, 0, sizeof *rs);
	rs->retry_after = -1;
	if (rq->body)
		hl = curl_slist_append(hl, "Content-Type: application/json");
	hl = curl_slist_append(hl, "Accept: application/json");
	hl = curl_slist_append(hl, "Expect:");
	for (i = 0; rq->headers && rq->headers[i]; i++)
		hl = curl_slist_append(hl, rq->headers[i]);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	if (rq->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)strlen(rq->body));
	}
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &k);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, rs->error);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "cg/" CG_VERSION);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000 + 0.5));
	if (rq->connect_timeout > 0)
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
		    (long)(rq->connect_timeout * 1000 + 0.5));
	rs->curlcode = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rs->status);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(hl);
	if (k.len > CG_HTTP_FETCH_MAX)
		snprintf(rs->error, sizeof rs->error, "the response is larger "
		    "than %u bytes", CG_HTTP_FETCH_MAX);
	else if (rs->curlcode != CURLE_OK && !rs->error[0])
		snprintf(rs->error, sizeof rs->error, "%s",
		    curl_easy_strerror(rs->curlcode));
	return rs->curlcode == CURLE_OK ? 0 : -1;
}

int
cg_http_post(cg_http *h, const struct cg_http_req *rq, struct cg_http_res *rs)
{
	struct curl_slist *hl = NULL;
	struct xfer x = { rq, rs, h->easy };
	CURL *c = h->easy;
	CURLMsg *m;
	int running = 1, left, stop = 0, i;

	memset(rs, 0, sizeof *rs);
	rs->retry_after = -1;
	rs->curlcode = -1;
	hl = curl_slist_append(hl, "Content-Type: application/json");
	hl = curl_slist_append(hl, "Accept: application/x-ndjson, "
	    "text/event-stream, application/json");
	hl = curl_slist_append(hl, "Expect:");
	for (i = 0; rq->headers && rq->headers[i]; i++)
		hl = curl_slist_append(hl, rq->headers[i]);

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(rq->body));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, rs->error);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "cg/" CG_VERSION);
	curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
	if (rq->connect_timeout > 0)
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
		    (long)(rq->connect_timeout * 1000 + 0.5));
	if (curl_multi_add_handle(h->multi, c) != CURLM_OK) {
		curl_slist_free_all(hl);
		snprintf(rs->error, sizeof rs->error, "curl_multi_add_handle failed");
		return -1;
	}
	while (running && !stop) {
		if (curl_multi_perform(h->multi, &running) != CURLM_OK)
			break;
		if (x.rs->aborted)
			break;
		if (rq->on_tick && rq->on_tick(rq->arg)) {
			rs->aborted = stop = 1;
			break;
		}
		if (running && curl_multi_poll(h->multi, NULL, 0, 100, NULL)
		    != CURLM_OK)
			break;
	}
	while ((m = curl_multi_info_read(h->multi, &left)))
		if (m->msg == CURLMSG_DONE && m->easy_handle == c)
			rs->curlcode = m->data.result;
	if (rs->status == 0)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rs->status);
	curl_multi_remove_handle(h->multi, c);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(hl);
	if (rs->aborted)
		return -1;
	if (rs->curlcode == -1) {
		rs->curlcode = CURLE_RECV_ERROR;
		if (!rs->error[0])
			snprintf(rs->error, sizeof rs->error, "transfer interrupted");
	}
	if (rs->curlcode != CURLE_OK && !rs->error[0])
		snprintf(rs->error, sizeof rs->error, "%s",
		    curl_easy_strerror(rs->curlcode));
	return rs->curlcode == CURLE_OK ? 0 : -1;
}
