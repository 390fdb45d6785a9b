/* live.h — the live line of a course run: the generations running now,
 * below the finished lines (progress.h), redrawn in place:
 *
 *   ▸ 2 running: s03/lab.md 412 tok · s03/notes.md 180 tok  (600 tok/s)
 *
 * and, when the running generations are on two hosts or more (llm.hosts),
 * each host's part of the rate, by its host:port:
 *
 *   ▸ 4 running: s03/lab.md 412 tok · …  (600 tok/s · 10.0.0.5:11434
 *   310 tok/s, 10.0.0.6:11434 290 tok/s)
 *
 * fitted to the terminal's width: generations are left out (the count
 * says how many run) before the rate is cut.
 *
 * only when standard error is a terminal (and TERM is not "dumb"), under
 * a course run (CG_PROGRESS, CG_RUN) and without CG_QUIET: a tool run
 * alone draws nothing, as it prints no finished line either, and its
 * output may be that terminal.  With standard error a file or a pipe no
 * escape code is ever written.
 *
 * The rate is what the server delivers now: for each stream receiving
 * text (news within the last GAP seconds), the tokens of its last
 * WINDOW seconds over that span (since its first chunk or a pause, when
 * that is shorter), summed.  A stream that pauses (a re-ask being
 * judged, a slot awaited) adds nothing, a finished one is gone.  Tokens
 * are the reply's bytes times the run's tokens per byte: the server's
 * own counts over the bytes of the generations the run finished (one
 * token per 4 bytes until one has), so text of long or short tokens
 * gives no false rate.
 */
#ifndef CG_LIVE_H
#define CG_LIVE_H
#include <stddef.h>

/* One generation's part of the live line: NULL when no live line is
 * drawn (see above) or target is NULL or "-".  cg_live_sink is a
 * cg_llm_sink for its reply stream (arg: the cg_live; NULL does
 * nothing): it counts the text and redraws at most every 200 ms.
 * cg_live_host is a cg_llm_req's onhost (arg: the cg_live; NULL does
 * nothing): the base URL of the host the generation runs on now, shown
 * as host:port (user and password, path left out).
 * cg_live_end takes the generation off the line, clears the line and
 * frees l (NULL: nothing); call it before the finished line or an error
 * message. */
struct cg_live;
struct cg_live *cg_live_begin(const char *target);
void cg_live_sink(void *arg, const char *text, size_t len);
void cg_live_host(void *arg, const char *url);
void cg_live_end(struct cg_live *l);

/* For cg_progress, under its lock on the progress file: 1 when the live
 * line is drawn on this standard error; cg_live_draw draws it again
 * after a finished line (nothing when no generation runs);
 * cg_live_tokens tells the run the server's token count of target,
 * the generation this process just ended (nothing for another target or
 * tokens <= 0), to learn the run's tokens per byte. */
int  cg_live_tty(void);
void cg_live_draw(void);
void cg_live_tokens(const char *target, long tokens);

/* --- The rate, exposed for the unit tests. --- */
#define CG_LIVE_WINDOW 5.0	/* seconds of a stream's rate */
#define CG_LIVE_GAP    3.0	/* seconds without news: a pause */
#define CG_LIVE_SPAN   0.5	/* shortest span with a rate */

/* A stream's samples (time, reply bytes so far), one a redraw, of its
 * current stretch of news: cg_live_win_add starts again after a pause
 * and drops what is older than the window.  Its oldest sample is where
 * the stream's rate starts. */
#define CG_LIVE_SAMPLES 32
struct cg_live_win {
	double t[CG_LIVE_SAMPLES];
	double b[CG_LIVE_SAMPLES];
	int    n;
};
void cg_live_win_add(struct cg_live_win *w, double now, double bytes);

/* A stream as a record says it: bytes at updated, bytes refb at reft
 * (the oldest sample). */
struct cg_live_rec {
	double first, updated;	/* first chunk, last sample */
	double bytes;		/* reply bytes so far */
	double reft, refb;	/* where the rate starts */
	char   target[256];
	char   host[80];	/* host:port, "" when not known */
};
/* A record's line, "RUN FIRST UPDATED BYTES REFT REFB TARGET\tHOST\n"
 * ("\tHOST" only when the host is known), into buf (snprintf's count);
 * read back by cg_live_rec_get: 0, or -1 when line is not one.  A line
 * without the host (as written before hosts were shown) is read with
 * host "". */
int    cg_live_rec_put(char *buf, size_t sz, long run,
	    const struct cg_live_rec *r);
int    cg_live_rec_get(const char *line, long *run, struct cg_live_rec *r);
/* Tokens per second of the n streams at now, tpb tokens a byte. */
double cg_live_rate(const struct cg_live_rec *r, int n, double now,
	    double tpb);
/* The rate part of the line into buf (snprintf's count): "" when the
 * rate is 0, "  (600 tok/s)", and when the n streams name two hosts or
 * more "  (600 tok/s · HOST 310 tok/s, HOST 290 tok/s)", hosts sorted
 * (u: UTF-8 may be written; else "-" for the dot). */
int    cg_live_rates(char *buf, size_t sz, const struct cg_live_rec *r,
	    int n, double now, double tpb, int u);
/* Host:port of a base URL into out ("" when it has none). */
void   cg_live_hostport(char *out, size_t sz, const char *url);
/* Tokens a byte from the run's counts (tokens, bytes); 0.25 without. */
double cg_live_tpb(double tokens, double bytes);

#endif
