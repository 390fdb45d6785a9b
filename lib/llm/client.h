/* client.h — the parts of the LLM client shared between its files (not
 * for tools): one attempt's state, and the call-log line it leaves.
 *
 *   stream.c   the reply stream (NDJSON / SSE), runaway detection
 *   request.c  endpoint, body
 *   attempt.c  one attempt: slot, POST, timers, classification
 *   calllog.c  the call log
 *   chat.c     the retry loop: classify -> back off -> retry
 */
#ifndef CG_CLIENT_H
#define CG_CLIENT_H
#include "http.h"
#include "llm.h"
#include "slots.h"

/* What every attempt of one call sends, and where its text goes. */
struct cg_att_cfg {
	const struct cg_settings *s;
	const struct cg_kindset  *k;	/* the request's kind */
	const struct cg_llm_req  *rq;
	const char               *body;	/* the JSON body */
	const char *const        *headers;
	cg_http                  *http;
	cg_llm_sink               sink;	/* may be NULL */
	void                     *sinkarg;
};

/* One attempt: its timers while it runs, and what became of it. */
struct cg_att {
	struct cg_llm_stream st;
	const struct cg_llm_req *rq;
	double t0, tfirst, tlast;
	double wall;			/* epoch seconds at t0 */
	char   when[32];		/* ISO time at t0 */
	double first_token, idle, total;	/* limits, seconds */
	double cap_bytes;		/* longer is a runaway */
	double duration;
	enum cg_llm_status abort;	/* set when a timer or check aborts */
	char   aborterr[256];
	cg_buf errbody;			/* body of a non-2xx response */
	size_t checked;			/* runaway checked up to here */
	int    json;			/* the request carried a schema */
	int    json_done;		/* document complete, whitespace cut */
	int    number;			/* 1 for the first attempt */
	struct cg_slot slot;
	char   url[600];		/* the endpoint */
	long   http;			/* status, 0 when none */
	int    curlcode;
	double retry_after;		/* seconds, -1 when absent */
	/* the outcome: CG_LLM_OK, CG_LLM_LENGTH, or a failure class */
	enum cg_llm_status status;
	char   msg[600];
	int    marked;		/* CG_LLM_HOST_DOWN: this attempt marked
				 * the host down (slots.h), not another */
	double streak;		/* seconds of failed connections */
};

/* A reply may be at most this many bytes per token of num_predict: a
 * 5 MB "single token" is a runaway, not a reply. */
#define CG_LLM_BYTES_PER_TOKEN 16
/* Prompt tokens are estimated as bytes / this: real tokenizers average
 * 3.5-4.5 bytes per token on prose, so this errs on the large side. */
#define CG_LLM_BYTES_PER_PROMPT_TOKEN 3

/* Seconds a probe of a host marked wedged may take. */
#define CG_LLM_PROBE_TIMEOUT 5

/* Run attempt number (1 for the first) into a (zeroed before the first
 * use; reset here): 0 when it ran, whatever the outcome (a->status,
 * a->msg); -1 when no server slot could be had (e set). */
int  cg_att_run(struct cg_att *a, const struct cg_att_cfg *c, int number,
	    cg_err *e);
void cg_att_free(struct cg_att *a);
/* The server's message in an error body: {"error":"..."} (Ollama),
 * {"error":{"message":...}} (OpenAI), or the text itself; key scrubbed. */
void cg_att_server_msg(const cg_buf *b, char *out, size_t outsz);

/* The call log's name of a's status: cg_llm_status_name, but "http_NNN"
 * for CG_LLM_HTTP (buf holds it). */
const char *cg_att_status(const struct cg_att *a, char buf[16]);

/* Append the line of one attempt (backoff < 0: none follows). */
void cg_calllog_attempt(const struct cg_settings *s, const struct cg_att *a,
	    double num_predict, double backoff);

/* Append the {"event":"cache","status":"hit"} line of a reply taken from
 * the response cache under key. */
void cg_calllog_cache(const struct cg_settings *s,
	    const struct cg_llm_req *rq, const char *key,
	    const struct cg_llm_res *rs);

/* Append line to the log at path (NULL: no log); one write of a whole
 * line.  Adds "time" when absent.  Never logs the API key. */
int  cg_calllog_write(const char *path, cJSON *line);

/* The header "Authorization: Bearer KEY" for $CG_API_KEY in *hdr, NULL
 * when it is unset or empty; free it with cg_llm_auth_free, which wipes
 * it.  -1 with EX_CONFIG when the key has a control character. */
int  cg_llm_auth(char **hdr, cg_err *e);
void cg_llm_auth_free(char *hdr);

/* Replace every occurrence of the API key in s (in place). */
void cg_llm_scrub(char *s);

#endif
