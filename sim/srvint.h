/* srvint.h — what the files of cg-sim's server share (not part of
 * simsrv.h's interface): the server's state, its replies, its slots and
 * the endpoints each file serves.  simsrv.c: the helpers, slots, routing,
 * start and stop; simstream.c: a generation and its stream; simmodels.c:
 * the endpoints about models and the counters.
 */
#ifndef CG_SRVINT_H
#define CG_SRVINT_H
#include <pthread.h>
#include <microhttpd.h>
#include <cjson/cJSON.h>
#include "util.h"
#include "simsrv.h"

#define NLAST    16
#define MAXBODY  (16u << 20)
#define BUSY_MSG "server busy, please try again.  maximum pending requests exceeded"
#define RUN_ERR  "an error was encountered while running the model"

enum api { API_CHAT, API_GENERATE, API_OPENAI };

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

/* Sleep until monotonic time t (cg_now() scale).  -1 when the server is
 * stopping or the client of fd went away, else 0. */
int  srv_sleep_until(cg_simsrv *s, double t, int fd);
int  srv_have_model(const cg_simsrv *s, const char *m);
enum MHD_Result srv_reply(struct MHD_Connection *c, unsigned status,
	    const char *type, const char *body);
/* Reply with j (deleted here). */
enum MHD_Result srv_reply_json(struct MHD_Connection *c, unsigned status,
	    cJSON *j);
/* An error body in the shape of the API (openai or Ollama's). */
enum MHD_Result srv_reply_err(struct MHD_Connection *c, unsigned status,
	    int openai, const char *type, const char *code, const char *msg);
/* Take a generation slot, waiting FIFO.  0 ok, 1 queue full, -1 stopping
 * or client gone; give it back with srv_slot_give. */
int  srv_slot_take(cg_simsrv *s, int fd);
void srv_slot_give(cg_simsrv *s);

/* simstream.c: POST /api/chat, /api/generate, /v1/chat/completions. */
enum MHD_Result srv_generate(cg_simsrv *s, struct MHD_Connection *c,
	    enum api api, const char *body, size_t len);
/* simmodels.c */
enum MHD_Result srv_tags(cg_simsrv *s, struct MHD_Connection *c);
enum MHD_Result srv_show(cg_simsrv *s, struct MHD_Connection *c,
	    const char *body, size_t len);
enum MHD_Result srv_v1models(cg_simsrv *s, struct MHD_Connection *c);
enum MHD_Result srv_props(cg_simsrv *s, struct MHD_Connection *c);
enum MHD_Result srv_stats(cg_simsrv *s, struct MHD_Connection *c);
void srv_reset(cg_simsrv *s);

#endif
