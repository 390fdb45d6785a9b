/* llm.h — the LLM client (cg.7, Architecture).
 *
 * Ollama POST /api/chat (provider "ollama") or OpenAI-compatible
 * POST {url}/v1/chat/completions (provider "openai"), always streaming,
 * NDJSON / SSE parsed incrementally.  Sampling settings go in "options"
 * (Ollama) or top-level fields (OpenAI); num_predict always finite
 * (max_tokens for OpenAI).  Four timeouts: connect, first token (includes
 * queueing and model load), idle between chunks, total.  Retries with
 * exponential backoff + jitter on connection errors, 5xx, 429 (Retry-After),
 * stalls, truncated streams and in-stream errors; 400, 401/403 and 404 are
 * fatal at once.  A host that cannot be reached for a few seconds is
 * marked down for the run (slots.h): every process then fails at once
 * (EX_UNAVAILABLE), or takes another host.  Every attempt appends one
 * JSON line to the call log.
 *
 * The client reads struct cg_settings (settings.h), filled once from the
 * resolved configuration.  The parts: stream.c (the reply stream),
 * request.c (what is sent), attempt.c (one attempt), chat.c (the retry
 * policy), calllog.c (the call log), probe.c (the doctor); client.h joins
 * them.
 */
#ifndef CG_LLM_H
#define CG_LLM_H
#include <stddef.h>
#include <cjson/cJSON.h>
#include "settings.h"
#include "util.h"

typedef void (*cg_llm_sink)(void *arg, const char *text, size_t len);

struct cg_llm_req {
	const char   *kind;	/* per-kind options/timeouts (cfg.llm.kinds) */
	const char   *tool;	/* for the call log: "cg-lecture" */
	const char   *target;	/* for the call log: "out/x/s01/lecture.md" */
	const char   *system;	/* may be NULL */
	const char   *user;
	const char   *prev;	/* a re-ask: the previous reply (sent as the
				 * assistant's turn) and fix, the next user
				 * turn (its problems); both or neither */
	const char   *fix;
	const cJSON  *schema;	/* JSON schema -> format / response_format */
	int           round;	/* validation round (0 first), logged */
	cg_llm_sink   sink;	/* streamed text as it arrives; may be NULL */
	void         *sinkarg;
	/* told the base URL of the host each attempt's slot is on, before
	 * its request is sent (may be NULL; not called for a reply from
	 * the cache) */
	void        (*onhost)(void *sinkarg, const char *host);
};

struct cg_llm_res {
	char   *text;		/* whole reply, NUL-terminated; caller frees */
	size_t  len;
	long    prompt_tokens, eval_tokens;
	double  ttft, duration;	/* seconds, of the successful attempt */
	int     attempts;
	char    done_reason[32];
	char    host[256];	/* base URL that answered, or "cache" */
	int     cached;		/* 1: from the response cache (cache.h) */
	char    key[65];	/* the request's cache key ("" when the
				 * cache is off): what cg_cache_drop takes */
};

/* Run one generation with retries.  0 on success.  On failure -1 with e:
 * EX_UNAVAILABLE (server down or marked down / model missing: message
 * says "ollama pull MODEL" or names the URL), EX_TEMPFAIL (retries
 * exhausted), EX_PROTOCOL (nonsense reply), EX_CONFIG (bad settings),
 * EX_DATAERR (400).
 * A reply cut by the output cap (done_reason "length") is returned as
 * success with done_reason set; callers decide. */
int  cg_llm_call(const struct cg_settings *s, const struct cg_llm_req *rq,
	    struct cg_llm_res *rs, cg_err *e);
void cg_llm_res_free(struct cg_llm_res *rs);

/* Append one JSON object as a line to the call log ($CG_LOG, else
 * cfg.llm.log; nothing when neither is set), in a single O_APPEND write
 * of a whole line.
 * Adds "time" when absent.  Never logs an API key. */
int  cg_calllog(const cJSON *cfg, cJSON *line);

/* Append the {"event":"validate"} line of one validation round: tool,
 * kind, target, round, status ("ok", "retry", "fail"), problems (the lines
 * of the text problems, may be NULL) and warnings (a JSON array, may be
 * NULL).  cg-stats counts these per kind. */
int  cg_calllog_validate(const cJSON *cfg, const char *tool, const char *kind,
	    const char *target, int round, const char *status,
	    const char *problems, const cJSON *warnings);

/* What became of an attempt (or of a reply stream so far).  The call log
 * writes each as its name (cg_llm_status_name): "ok", "length",
 * "connect", ...; CG_LLM_HTTP as "http_NNN" with the status code. */
enum cg_llm_status {
	CG_LLM_NONE,		/* nothing yet: the stream is fine so far */
	CG_LLM_OK,
	CG_LLM_LENGTH,		/* complete, cut at the output cap */
	CG_LLM_CONNECT,		/* no connection, or closed at once */
	CG_LLM_HOST_DOWN,	/* every host marked down (slots.h) */
	CG_LLM_TRUNCATED,	/* the stream ended before its end */
	CG_LLM_STREAM_ERROR,	/* the server reported an error in it */
	CG_LLM_PROTOCOL,	/* not the provider's API */
	CG_LLM_RUNAWAY,		/* repeated text, or over the byte cap */
	CG_LLM_CONFIG,		/* a URL curl cannot use */
	CG_LLM_HTTP,		/* a status other than 2xx */
	CG_LLM_FIRST_TOKEN_TIMEOUT,
	CG_LLM_STALL,		/* nothing for timeouts.idle */
	CG_LLM_TOTAL_TIMEOUT,
	CG_LLM_WEDGED,		/* accepts requests, generates nothing */
	CG_LLM_NSTATUS
};
/* The call log's name of st ("?" for none of them). */
const char *cg_llm_status_name(enum cg_llm_status st);

/* --- Stream parsing, exposed for the unit tests. ---
 * Feed the response body in pieces of any size; the parser splits lines
 * (NDJSON for Ollama, SSE events for OpenAI), appends the reply text to
 * text and passes each new piece to sink.  Counts are -1 while unknown.
 * Text is never dropped for its bytes: a \u0000 escape, a lone UTF-16
 * surrogate escape and bytes that are not UTF-8 become U+FFFD. */
struct cg_llm_stream {
	int         openai;		/* 0: Ollama NDJSON, 1: OpenAI SSE */
	cg_buf      line;		/* the incomplete last line */
	cg_buf      data;		/* SSE: data of the current event */
	cg_buf      fix;		/* a line with its bad escapes replaced */
	cg_buf      text;		/* the reply so far */
	int         done;		/* final chunk / [DONE] seen */
	int         events;		/* JSON documents parsed */
	int         raw;		/* OpenAI: body is plain JSON, not SSE */
	char        done_reason[32];
	long        prompt_tokens, eval_tokens;
	double      eval_duration;	/* seconds (Ollama), -1 unknown */
	int         cached;		/* prompt cache hit: -1 unknown, 0, 1 */
	enum cg_llm_status status;	/* CG_LLM_NONE, or why it failed:
					 * _STREAM_ERROR, _PROTOCOL,
					 * _RUNAWAY, _TRUNCATED */
	char        error[512];
	cg_llm_sink sink;
	void       *sinkarg;
	/* Bounds, set after init (0 / NULL: none): a line (an SSE event)
	 * longer than max_line fails the stream ("protocol") before it is
	 * parsed; text past max_text fails it ("runaway") and never
	 * reaches the sink.  Every occurrence of scrub (the API key) in
	 * the text is replaced by CG_LLM_SCRUBBED before the sink or the
	 * caller sees it. */
	size_t      max_line, max_text;
	const char *scrub;
	size_t      sent;		/* text given to the sink so far */
	long        grown;		/* bytes the scrubbing added to text:
					 * the cap counts the reply as sent */
};
#define CG_LLM_SCRUBBED "[key removed]"
void cg_llm_stream_init(struct cg_llm_stream *s, int openai);
/* 0, or -1 when the stream failed (s->status, s->error say why). */
int  cg_llm_stream_feed(struct cg_llm_stream *s, const char *p, size_t n);
/* End of body: 0 when complete, -1 with CG_LLM_TRUNCATED when the final
 * chunk never came (or another status from the last line). */
int  cg_llm_stream_finish(struct cg_llm_stream *s);
void cg_llm_stream_free(struct cg_llm_stream *s);
/* Replace every occurrence of key (at least 4 bytes; else nothing) in b
 * from offset from on by CG_LLM_SCRUBBED.  Returns how many. */
size_t cg_llm_scrub_buf(cg_buf *b, size_t from, const char *key);

/* 1 when the end of text is a runaway: the same block (a line, a
 * paragraph, a phrase; at most CG_LLM_RUNAWAY_PERIOD bytes long)
 * repeated back to back over at least
 * CG_LLM_RUNAWAY_BYTES and at least CG_LLM_RUNAWAY_REPEATS times, or that
 * many bytes of nothing but whitespace. */
#define CG_LLM_RUNAWAY_BYTES   2048
#define CG_LLM_RUNAWAY_REPEATS 6
#define CG_LLM_RUNAWAY_PERIOD  4096
int  cg_llm_runaway(const char *text, size_t len);

/* For a reply asked for with a JSON schema: when text is one complete JSON
 * document (fences or prose around it allowed) followed by a whitespace
 * runaway, the length of text up to the end of the document; else 0.  Small
 * models under a grammar often pad a finished document with whitespace up
 * to the output cap: the document is kept and the rest is cut. */
size_t cg_llm_json_done(const char *text, size_t len);

/* The doctor (cg-llm -P): ask every host of s what server it is, whether
 * it has s->model, the context a request may take there and how many
 * requests it runs at once, and set that against what cg sends (num_ctx
 * and the reply cap of every kind) and make's -j (MAKEFLAGS).  The report,
 * a block of lines per host and the -j to use, is appended to out either
 * way; key-free.  0 when every host is ready (warnings included); else -1
 * with e naming the first host that is not: EX_UNAVAILABLE (unreachable,
 * model missing), EX_PROTOCOL (not the provider's API), EX_CONFIG (a bad
 * URL, the key refused). */
int    cg_llm_probe(const struct cg_settings *s, cg_buf *out, cg_err *e);

/* The request body cg_llm_call sends (kind as in cg_llm_req), as a new
 * cJSON object, and the endpoint for base url (caller frees). */
cJSON *cg_llm_body(const struct cg_settings *s, const struct cg_llm_req *rq);
char  *cg_llm_endpoint(const struct cg_settings *s, const char *base);

#endif
