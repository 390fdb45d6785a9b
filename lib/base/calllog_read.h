/* calllog_read.h — reading the call log (OUT/log/calls.jsonl).
 *
 * The LLM client writes one JSON object a line (lib/llm/calllog.c): a
 * request's attempt (no "event"; "status" "ok", "length" or a failure
 * class such as "http_500"; "ts" when it started, after the wait for a
 * server slot, "duration", "host", "attempt", "round", the tokens), a
 * reply the response cache gave ("event":"cache"), a validation round of
 * a content tool ("event":"validate", "status" "ok", "retry",
 * "imperfect" or "fail") and an imperfect file kept because the run's
 * re-ask budget was spent ("event":"budget").  Lines of a course run
 * carry "run" (the pid of its make).  cg-stats and the teacher's report
 * read the log through this.
 */
#ifndef CG_CALLLOG_READ_H
#define CG_CALLLOG_READ_H
#include <cjson/cJSON.h>

enum cg_clog_ev {
	CG_CLOG_REQUEST,	/* an attempt of a request */
	CG_CLOG_CACHE,		/* a reply from the response cache */
	CG_CLOG_VALIDATE,	/* a validation round */
	CG_CLOG_BUDGET,		/* kept imperfect: the re-ask budget was spent */
	CG_CLOG_OTHER		/* none of those */
};

struct cg_clog_rec {
	enum cg_clog_ev ev;
	char   *kind;		/* "lecture"; "default" when absent */
	char   *target;		/* the file asked for; "-" when absent */
	char   *host;		/* the server (requests); "" when absent */
	char   *status;		/* "" when absent */
	double  ts;		/* seconds since the epoch; -1 unknown */
	double  duration;	/* seconds (requests) */
	long    prompt, eval;	/* tokens; 0 when unknown */
	int     attempt;	/* 1 for a request's first */
	int     round;		/* 0, or the re-ask it belongs to */
};

struct cg_clog {
	struct cg_clog_rec *r;
	int     n, cap;
};

/* What line j is.  Without "event": a request when it has a "status",
 * else CG_CLOG_OTHER. */
enum cg_clog_ev cg_clog_event(const cJSON *j);

/* When line j was written: its "ts", else its "time"
 * ("2026-11-27T18:00:00Z", a fraction allowed); -1 when neither. */
double cg_clog_ts(const cJSON *j);

/* The newest run of log text: *run, the run its last line naming one
 * names, and *since, when that run's first line was written (1 when no
 * line of it has a time).  Returns 0, leaving both alone, when no line
 * names a run. */
int    cg_clog_newest(const char *text, long *run, double *since);

/* 1 when line j belongs to the run: it names run, or it names none and
 * was written since then (a second of slack).  since <= 0: every line
 * belongs. */
int    cg_clog_keep(const cJSON *j, long run, double since);

/* Append line j to l as a record (of any event). */
void   cg_clog_add(struct cg_clog *l, const cJSON *j);

/* Every line of log text that is a JSON object and belongs to its
 * newest run (all of them when no line names a run), appended to l;
 * other lines are skipped.  Returns the number of records appended. */
int    cg_clog_load(struct cg_clog *l, const char *text);

/* 1 when a request's attempt failed (a status other than "ok" and
 * "length"). */
int    cg_clog_failed(const struct cg_clog_rec *r);

void   cg_clog_free(struct cg_clog *l);

#endif
