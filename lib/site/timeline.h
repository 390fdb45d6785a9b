/* timeline.h — a run of the call log drawn: SVG written by cg.
 *
 * From the records of one run (calllog_read.h), plain SVG that needs no
 * script: a fixed viewBox 700 units wide (one A4 page wide), a <title>
 * and a <desc>, text labels, colours by kind with a legend.  The
 * teacher's report puts them inline; cg-stats --svg writes the timeline
 * alone.
 */
#ifndef CG_TIMELINE_H
#define CG_TIMELINE_H
#include "calllog_read.h"
#include "util.h"

/* One kind's part of a run. */
struct cg_run_kind {
	const char *name;	/* points into the records */
	const char *colour;	/* "#4e79a7" */
	long   requests;	/* attempts sent to a server */
	long   failed;		/* attempts that failed */
	long   reasks;		/* validation rounds that ended in a re-ask */
	long   imperfect;	/* files kept imperfect */
	long   fails;		/* files given up on */
	long   hits;		/* replies from the response cache */
	double time;		/* seconds of the requests */
	long   prompt, eval;	/* tokens of the requests */
};

/* The kinds of the run l, in the kinds table's order (others after, as
 * they come): *out (caller frees) and their number. */
int  cg_run_kinds(const struct cg_clog *l, struct cg_run_kind **out);

/* The timeline (<svg class="cg-timeline">, ending in a newline): one
 * row per server slot (a host's requests packed into as many rows as
 * ran at once), one <rect class="req"> per request from its start to
 * its end, coloured by kind; a re-ask's hatched, a failed attempt's
 * outlined with dashes; the response cache's replies as ticks
 * (<line class="hit">) on a row of their own; a time axis in seconds
 * (minutes:seconds from two minutes on) from the first request. */
void cg_svg_timeline(cg_buf *b, const struct cg_clog *l);

/* Time and tokens per kind (<svg class="cg-kinds">) as bars; nothing
 * when the run has no request. */
void cg_svg_kinds(cg_buf *b, const struct cg_clog *l);

#endif
