/* progress.h — one line per finished target of a course run.
 *
 *   [12/59] s03/lab.md  742 words  21.0 s  35 tok/s  eta 14m
 *
 * on standard error, when make course names the run's progress file in
 * CG_PROGRESS and the run in CG_RUN (the pid of its make, whose start
 * time is the run's) and CG_QUIET is not set.  n counts the files of the plan that exist, N the files it has
 * in all (before the plan: as many as the course settings ask for): the
 * outline's requests and every session file made by a request.  The ETA
 * comes from the rate of this run: its time so far over the targets it
 * finished, times the targets left.  The count is taken under a lock on
 * the progress file, so lines of parallel tools never repeat a number.
 *
 * On a terminal, the generations running meanwhile show in one live line
 * below the finished ones, redrawn in place (live.c):
 *
 *   ▸ 3 running: s03/lab.md 412 tok · s03/notes.md 180 tok  (21 tok/s)
 *
 * only when standard error is a terminal (and TERM is not "dumb"), under
 * a course run (CG_PROGRESS, CG_RUN) and without CG_QUIET: a tool run
 * alone draws nothing, as it prints no finished line either, and its
 * output may be that terminal.  With standard error a file or a pipe no
 * escape code is ever written.
 */
#ifndef CG_PROGRESS_H
#define CG_PROGRESS_H
#include <stddef.h>

/* target: the file written (its path below OUT names it); what: "742
 * words", "14 nodes" (may be NULL); seconds and tokens: the generation's
 * (tokens <= 0: no rate). */
void cg_progress(const char *target, const char *what, double seconds,
	    long tokens);

/* A span of seconds as the progress lines write it: "40s", "14m",
 * "1h05m" (buf of sz bytes). */
void cg_progress_span(char *buf, size_t sz, double s);

/* One generation's part of the live line: NULL when no live line is
 * drawn (see above) or target is NULL or "-".  cg_live_sink is a
 * cg_llm_sink for its reply stream (arg: the cg_live; NULL does
 * nothing): it counts the text and redraws at most every 200 ms.
 * cg_live_end takes the generation off the line, clears the line and
 * frees l (NULL: nothing); call it before the finished line or an error
 * message. */
struct cg_live;
struct cg_live *cg_live_begin(const char *target);
void cg_live_sink(void *arg, const char *text, size_t len);
void cg_live_end(struct cg_live *l);
/* For cg_progress, under its lock: 1 when the live line is drawn on
 * this standard error; cg_live_draw draws it again after a finished line
 * (nothing when no generation runs). */
int  cg_live_tty(void);
void cg_live_draw(void);

#endif
