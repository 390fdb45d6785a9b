/* simsrv.h — the simulated LLM server behind cg-sim (libmicrohttpd).
 *
 * Speaks the Ollama API (/, /api/version, /api/tags, /api/show, /api/chat,
 * /api/generate) and the OpenAI-compatible one (/v1/models,
 * /v1/chat/completions; llama.cpp's /props), streaming NDJSON / SSE one
 * token per chunk, with
 * FIFO generation slots, a queue limit, fault injection and counters at
 * GET /sim/stats (reset by POST /sim/reset).  Reply content comes from
 * sim.h.  One thread per connection; generation blocks in its own thread.
 */
#ifndef CG_SIMSRV_H
#define CG_SIMSRV_H
#include "util.h"

struct cg_simsrv_opts {
	unsigned port;		/* 0 = any free port */
	double  rate;		/* tokens per second per stream; 0 = unlimited */
	int     slots;		/* parallel generations (>= 1) */
	int     queue;		/* max requests waiting for a slot */
	const char *models;	/* comma-separated; "gemma3" means "gemma3:latest" */
	int     words;		/* default markdown length */
	int     quirks;		/* reply like a small real model: 1; 2 with
				 * the shapes of real 4B replies */
	int     noschema;	/* ignore format/response_format schemas */
	/* Faults: N > 0 hits generation requests 1, N+1, 2N+1, ... */
	int     err500, err503, err429, stall, drop, errline, garbage, badschema;
	int     retry_after;	/* seconds, for err429 */
	int     fault_tokens;	/* tokens sent before stall/drop/errline */
	double  slow_first;	/* seconds before the first token, every request */
	long    context;	/* context length the server reports (/api/show,
				 * /props, /v1/models); 0 = 131072 */
	int     noprops;	/* no /props (404), as vLLM and Ollama */
};

typedef struct cg_simsrv cg_simsrv;

/* Start listening on 127.0.0.1.  NULL with e set (EX_UNAVAILABLE / EX_OSERR)
 * when the port cannot be bound. */
cg_simsrv *cg_simsrv_start(const struct cg_simsrv_opts *o, cg_err *e);
/* The port actually bound. */
unsigned   cg_simsrv_port(const cg_simsrv *s);
/* Wake every waiting, pacing or stalled request, close all connections,
 * join the threads and free s. */
void       cg_simsrv_stop(cg_simsrv *s);

#endif
