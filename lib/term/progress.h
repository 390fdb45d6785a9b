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
 * below the finished ones (live.h).
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

#endif
