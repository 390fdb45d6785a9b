/* timeline.c — a run of the call log drawn as SVG (see timeline.h).
 *
 * Plain SVG 1.1 with presentation attributes only (no <style>, no
 * script), so the same bytes work inline in report.html and as a file
 * of their own, on screen and in print; ids start with "cgtl-".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "timeline.h"
#include "kinds.h"

#define W	700		/* the viewBox's width */
#define X0	150		/* the plot's left edge; row labels left of it */
#define X1	(W - 12)	/* its right edge */
#define TOP	28		/* the first row */
#define ROWH	16
#define BARH	11
#define EPS	0.002		/* a slot's next request may start this early
				 * (times are kept to the millisecond) */

static const char *const palette[] = {
	"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
	"#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#bcbd22",
};
#define NPAL (sizeof palette / sizeof *palette)

/* The length of the valid UTF-8 sequence at s, 0 for none. */
static int
u8len(const unsigned char *s)
{
	int n, i;

	if (*s < 0x80)
		return 1;
	n = *s >= 0xf0 && *s < 0xf5 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc2 &&
	    *s < 0xe0 ? 2 : 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* s as XML text: markup escaped, control characters and bytes that are
 * not UTF-8 as '?'. */
static void
xesc(cg_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	while (*p) {
		switch (*p) {
		case '&': cg_buf_puts(b, "&amp;"); break;
		case '<': cg_buf_puts(b, "&lt;"); break;
		case '>': cg_buf_puts(b, "&gt;"); break;
		case '"': cg_buf_puts(b, "&quot;"); break;
		default:
			if (*p < 0x20 || !(n = u8len(p))) {
				cg_buf_putc(b, '?');
				break;
			}
			cg_buf_add(b, (const char *)p, (size_t)n);
			p += n;
			continue;
		}
		p++;
	}
}

/* The last two parts of a path ("s01/lab.md"), as the report names
 * files. */
static const char *
shortname(const char *path)
{
	const char *p = path + strlen(path), *last = NULL;

	while (p > path)
		if (*--p == '/') {
			if (last)
				return p + 1;
			last = p;
		}
	return path;
}

/* ---- kinds ---------------------------------------------------------- */

static int
order(const char *name)
{
	const struct cg_kind *k = cg_kind_find(name);

	return k ? k->index : 1000;
}

static struct cg_run_kind *
kind_row(struct cg_run_kind **k, int *n, const char *name)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp((*k)[i].name, name) == 0)
			return &(*k)[i];
	*k = xrealloc(*k, (size_t)(*n + 1) * sizeof **k);
	memset(&(*k)[*n], 0, sizeof **k);
	(*k)[*n].name = name;
	return &(*k)[(*n)++];
}

static void
count(struct cg_run_kind *k, const struct cg_clog_rec *r)
{
	switch (r->ev) {
	case CG_CLOG_REQUEST:
		k->requests++;
		k->failed += cg_clog_failed(r);
		k->time += r->duration;
		k->prompt += r->prompt;
		k->eval += r->eval;
		break;
	case CG_CLOG_CACHE:
		k->hits++;
		break;
	case CG_CLOG_VALIDATE:
		k->reasks += strcmp(r->status, "retry") == 0;
		k->imperfect += strcmp(r->status, "imperfect") == 0;
		k->fails += strcmp(r->status, "fail") == 0;
		break;
	default:
		break;
	}
}

int
cg_run_kinds(const struct cg_clog *l, struct cg_run_kind **out)
{
	struct cg_run_kind *k = NULL, t;
	size_t ntab;
	int n = 0, i, j, other = 0;

	for (i = 0; i < l->n; i++)
		if (l->r[i].ev != CG_CLOG_OTHER && l->r[i].ev != CG_CLOG_BUDGET)
			count(kind_row(&k, &n, l->r[i].kind), &l->r[i]);
	for (i = 1; i < n; i++)	/* stable: the table's order, then as seen */
		for (j = i; j > 0 && order(k[j - 1].name) > order(k[j].name); j--) {
			t = k[j];
			k[j] = k[j - 1];
			k[j - 1] = t;
		}
	cg_kind_list(&ntab);
	for (i = 0; i < n; i++) {
		int o = order(k[i].name);
		k[i].colour = palette[(o < 1000 ? (size_t)o : ntab + (size_t)other++)
		    % NPAL];
	}
	*out = k;
	return n;
}

static const char *
colour_of(const struct cg_run_kind *k, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(k[i].name, name) == 0)
			return k[i].colour;
	return "#888888";
}

/* ---- the timeline --------------------------------------------------- */

struct lane {
	const char *host;
	int    nth;		/* 1 for the host's first row */
	int    first;		/* the host's first request, for the order */
	double end;
};

struct tl {
	const struct cg_clog *l;
	struct cg_run_kind *k;
	int    nk;
	int   *req;		/* requests with a time, by start */
	int    nreq;
	int   *row;		/* the lane of each of them */
	struct lane *lane;
	int    nlane;
	int   *rank;		/* lane -> row on the page */
	int    hits, reasks, failed, untimed;
	double t0, t1;
};

static const struct cg_clog *sort_log;

static int
bystart(const void *a, const void *b)
{
	const struct cg_clog_rec *x = &sort_log->r[*(const int *)a];
	const struct cg_clog_rec *y = &sort_log->r[*(const int *)b];

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static const struct lane *sort_lane;

static int
bylane(const void *a, const void *b)
{
	const struct lane *x = &sort_lane[*(const int *)a];
	const struct lane *y = &sort_lane[*(const int *)b];

	if (x->first != y->first)
		return x->first - y->first;
	return x->nth - y->nth;
}

/* The host's first free lane at time ts (a new one when none is). */
static int
lane_for(struct tl *t, const struct cg_clog_rec *r, int i)
{
	int j, nth = 0, first = i;

	for (j = 0; j < t->nlane; j++) {
		if (strcmp(t->lane[j].host, r->host) != 0)
			continue;
		nth++;
		first = t->lane[j].first;
		if (t->lane[j].end <= r->ts + EPS)
			return j;
	}
	t->lane = xrealloc(t->lane, (size_t)(t->nlane + 1) * sizeof *t->lane);
	t->lane[t->nlane] = (struct lane){ r->host, nth + 1, first, r->ts };
	return t->nlane++;
}

static void
layout(struct tl *t, const struct cg_clog *l)
{
	int i, *ord;

	memset(t, 0, sizeof *t);
	t->l = l;
	t->nk = cg_run_kinds(l, &t->k);
	t->req = xcalloc((size_t)l->n + 1, sizeof *t->req);
	t->row = xcalloc((size_t)l->n + 1, sizeof *t->row);
	t->t0 = t->t1 = -1;
	for (i = 0; i < l->n; i++) {
		const struct cg_clog_rec *r = &l->r[i];
		double end = r->ts + (r->ev == CG_CLOG_REQUEST ? r->duration : 0);
		if (r->ev != CG_CLOG_REQUEST && r->ev != CG_CLOG_CACHE)
			continue;
		if (r->ts < 0) {
			t->untimed++;
			continue;
		}
		if (r->ev == CG_CLOG_CACHE)
			t->hits++;
		else
			t->req[t->nreq++] = i;
		if (t->t0 < 0 || r->ts < t->t0)
			t->t0 = r->ts;
		if (end > t->t1)
			t->t1 = end;
	}
	sort_log = l;
	qsort(t->req, (size_t)t->nreq, sizeof *t->req, bystart);
	for (i = 0; i < t->nreq; i++) {
		const struct cg_clog_rec *r = &l->r[t->req[i]];
		int j = lane_for(t, r, i);
		if (r->ts + r->duration > t->lane[j].end)
			t->lane[j].end = r->ts + r->duration;
		t->row[i] = j;
		t->reasks += r->round > 0;
		t->failed += cg_clog_failed(r);
	}
	/* rows: each host's lanes together, hosts as they first ran */
	ord = xcalloc((size_t)t->nlane + 1, sizeof *ord);
	t->rank = xcalloc((size_t)t->nlane + 1, sizeof *t->rank);
	for (i = 0; i < t->nlane; i++)
		ord[i] = i;
	sort_lane = t->lane;
	qsort(ord, (size_t)t->nlane, sizeof *ord, bylane);
	for (i = 0; i < t->nlane; i++)
		t->rank[ord[i]] = i;
	free(ord);
}

static void
tl_free(struct tl *t)
{
	free(t->k);
	free(t->req);
	free(t->row);
	free(t->lane);
	free(t->rank);
}

/* A tick every step seconds: 1, 2 or 5 times a power of ten; from two
 * minutes on, whole minutes' parts. */
static double
step_of(double span)
{
	static const double m[] = { 30, 60, 120, 300, 600, 900, 1800, 3600 };
	double raw = span / 7, mag, norm;
	size_t i;

	if (span >= 120) {
		for (i = 0; i < sizeof m / sizeof *m; i++)
			if (m[i] >= raw)
				return m[i];
		return 3600 * ceil(raw / 3600);
	}
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

static void
tlabel(char *buf, size_t n, double t, double span, double step)
{
	long s = lround(t);

	if (span >= 120 && s >= 3600)
		snprintf(buf, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else if (span >= 120)
		snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
	else
		snprintf(buf, n, "%.*f", step < 1 ? (int)ceil(-log10(step) -
		    1e-9) : 0, t);
}

/* Seconds as "9.1 s", "3 min 20 s", "1 h 2 min". */
static void
duration(cg_buf *b, double s)
{
	long r = lround(s);

	if (s < 60)
		cg_buf_printf(b, "%.1f s", s);
	else if (r < 3600)
		cg_buf_printf(b, "%ld min %ld s", r / 60, r % 60);
	else
		cg_buf_printf(b, "%ld h %ld min", r / 3600, r / 60 % 60);
}

/* "68 requests, 4 re-asks, 6 failed attempts, 3 cache hits" */
static void
summary(cg_buf *b, const struct tl *t)
{
	cg_buf_printf(b, "%d request%s", t->nreq, t->nreq == 1 ? "" : "s");
	if (t->reasks)
		cg_buf_printf(b, " (%d re-ask%s)", t->reasks, t->reasks == 1 ?
		    "" : "s");
	if (t->failed)
		cg_buf_printf(b, ", %d failed attempt%s", t->failed,
		    t->failed == 1 ? "" : "s");
	if (t->hits)
		cg_buf_printf(b, ", %d cache hit%s", t->hits, t->hits == 1 ? "" :
		    "s");
	if (t->t0 >= 0) {
		char when[32];
		time_t s = (time_t)t->t0;
		struct tm tm;
		cg_buf_puts(b, "; ");
		duration(b, t->t1 - t->t0);
		if (gmtime_r(&s, &tm) && strftime(when, sizeof when,
		    "%Y-%m-%d %H:%M UTC", &tm))
			cg_buf_printf(b, " from %s", when);
	}
	if (t->untimed)
		cg_buf_printf(b, "; %d without a time not drawn", t->untimed);
}

static double
xof(const struct tl *t, double ts)
{
	double span = t->t1 - t->t0 > 0 ? t->t1 - t->t0 : 1;

	return X0 + (ts - t->t0) / span * (X1 - X0);
}

/* A row's label: the host without its scheme, its lane's number when it
 * has more than one, cut from the left to fit. */
static void
row_label(cg_buf *b, const struct tl *t, const struct lane *ln, double y)
{
	const char *h = *ln->host ? ln->host : "(no server)", *p;
	char num[16] = "";
	size_t n;
	int j, more = 0;

	if ((p = strstr(h, "://")))
		h = p + 3;
	for (j = 0; j < t->nlane; j++)
		more |= strcmp(t->lane[j].host, ln->host) == 0 &&
		    t->lane[j].nth > 1;
	if (more)
		snprintf(num, sizeof num, " #%d", ln->nth);
	n = strlen(h) + strlen(num);
	cg_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
	    X0 - 6, y + ROWH / 2.0 + 3.5);
	if (n > 20) {
		h += n - 19;
		while ((*(const unsigned char *)h & 0xc0) == 0x80)
			h++;
		cg_buf_puts(b, "\u2026");
	}
	xesc(b, h);
	cg_buf_printf(b, "%s</text>\n", num);
}

static void
rows(cg_buf *b, const struct tl *t, int nrows)
{
	int i, j;

	for (i = 0; i < nrows; i++)
		if (i % 2 == 0)
			cg_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\" fill=\"#808080\" fill-opacity=\"0.12\"/>\n", X0, TOP +
			    i * ROWH, X1 - X0, ROWH);
	for (j = 0; j < t->nlane; j++)
		row_label(b, t, &t->lane[j], TOP + t->rank[j] * ROWH);
	if (t->hits)
		cg_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">"
		    "response cache</text>\n", X0 - 6, TOP + t->nlane * ROWH +
		    ROWH / 2.0 + 3.5);
}

/* The axis under nrows rows and the grid over them; returns the y below
 * it. */
static int
axis(cg_buf *b, const struct tl *t, int nrows)
{
	double span = t->t1 - t->t0 > 0 ? t->t1 - t->t0 : 1;
	double step = step_of(span), v;
	int y = TOP + nrows * ROWH + 2;
	char lab[32];
	long k;

	cg_buf_printf(b, "<g class=\"axis\" stroke=\"currentColor\" stroke-opacity=\"0.7\" stroke-width=\"0.7\">"
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", X0, y, X1, y);
	for (k = 0; (v = k * step) <= span + step * 1e-6; k++) {
		double x = xof(t, t->t0 + v);
		cg_buf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		    "y2=\"%d\" stroke=\"#808080\" stroke-opacity=\"0.5\" stroke-dasharray=\"2 2\"/>"
		    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n", x,
		    TOP, x, y, x, y, x, y + 4);
	}
	cg_buf_puts(b, "</g>\n<g class=\"ticks\" text-anchor=\"middle\">\n");
	for (k = 0; (v = k * step) <= span + step * 1e-6; k++) {
		tlabel(lab, sizeof lab, v, span, step);
		cg_buf_printf(b, "<text x=\"%.1f\" y=\"%d\">%s</text>\n",
		    xof(t, t->t0 + v), y + 15, lab);
	}
	cg_buf_printf(b, "</g>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
	    "fill-opacity=\"0.75\">%s from the first request</text>\n", X1, y + 29,
	    span >= 120 ? "minutes:seconds" : "seconds");
	return y + 36;
}

/* One request's bar, with what it was in its <title>. */
static void
bar(cg_buf *b, const struct tl *t, int i)
{
	const struct cg_clog_rec *r = &t->l->r[t->req[i]];
	double x = xof(t, r->ts), w = xof(t, r->ts + r->duration) - x;
	double y = TOP + t->rank[t->row[i]] * ROWH + (ROWH - BARH) / 2.0;
	int failed = cg_clog_failed(r);

	if (w < 1.5)
		w = 1.5;
	cg_buf_printf(b, "<rect class=\"req%s%s\" x=\"%.1f\" y=\"%.1f\" "
	    "width=\"%.1f\" height=\"%d\" fill=\"%s\"", r->round > 0 ?
	    " reask" : "", failed ? " failed" : "", x, y, w, BARH,
	    colour_of(t->k, t->nk, r->kind));
	if (failed)
		cg_buf_puts(b, " fill-opacity=\"0.35\" stroke=\"#000\" "
		    "stroke-width=\"0.8\" stroke-dasharray=\"2 1\"");
	cg_buf_puts(b, "><title>");
	xesc(b, r->kind);
	cg_buf_putc(b, ' ');
	xesc(b, shortname(r->target));
	cg_buf_printf(b, ": %.2f s from %.2f s, %ld prompt + %ld reply tokens",
	    r->duration, r->ts - t->t0, r->prompt, r->eval);
	if (r->round > 0)
		cg_buf_printf(b, ", re-ask %d", r->round);
	if (r->attempt > 1)
		cg_buf_printf(b, ", attempt %d", r->attempt);
	if (failed) {
		cg_buf_puts(b, ", failed: ");
		xesc(b, r->status);
	}
	cg_buf_puts(b, "</title></rect>\n");
	if (r->round > 0)
		cg_buf_printf(b, "<rect class=\"hatch\" x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"%d\" fill=\"url(#cgtl-hatch)\"/>\n",
		    x, y, w, BARH);
}

static void
hits(cg_buf *b, const struct tl *t)
{
	double y = TOP + t->nlane * ROWH;
	int i;

	for (i = 0; i < t->l->n; i++) {
		const struct cg_clog_rec *r = &t->l->r[i];
		double x;
		if (r->ev != CG_CLOG_CACHE || r->ts < 0)
			continue;
		x = xof(t, r->ts);
		cg_buf_printf(b, "<line class=\"hit\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\">"
		    "<title>", x, y + 2, x, y + ROWH - 2, colour_of(t->k, t->nk,
		    r->kind));
		xesc(b, r->kind);
		cg_buf_putc(b, ' ');
		xesc(b, shortname(r->target));
		cg_buf_printf(b, ": from the response cache at %.2f s</title>"
		    "</line>\n", r->ts - t->t0);
	}
}

/* One legend entry at (*x, *y), wrapping to a new line; the swatch is
 * the format swatch given x, y - 9, x, y - 9 (its top left corner). */
static void
key(cg_buf *b, int *x, int *y, const char *swatch, const char *label)
{
	int w = 18 + (int)(strlen(label) * 6.6) + 10;

	if (*x + w > W - 10) {
		*x = 10;
		*y += 15;
	}
	cg_buf_printf(b, swatch, *x, *y - 9, *x, *y - 9);
	cg_buf_printf(b, "<text x=\"%d\" y=\"%d\">", *x + 15, *y);
	xesc(b, label);
	cg_buf_puts(b, "</text>\n");
	*x += w;
}

static int
legend(cg_buf *b, const struct tl *t, int y)
{
	char sw[256];
	int x = 10, i;

	cg_buf_puts(b, "<g class=\"legend\">\n");
	for (i = 0; i < t->nk; i++) {
		if (!t->k[i].requests && !t->k[i].hits)
			continue;
		snprintf(sw, sizeof sw, "<rect class=\"key\" x=\"%%d\" y=\"%%d\" "
		    "width=\"10\" height=\"10\" fill=\"%s\"/>", t->k[i].colour);
		key(b, &x, &y, sw, t->k[i].name);
	}
	if (t->reasks)
		key(b, &x, &y, "<g transform=\"translate(%d %d)\"><rect "
		    "width=\"10\" height=\"10\" fill=\"#bbbbbb\"/><rect "
		    "width=\"10\" height=\"10\" fill=\"url(#cgtl-hatch)\"/></g>",
		    "re-ask (hatched)");
	if (t->failed)
		key(b, &x, &y, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
		    "fill=\"#888\" fill-opacity=\"0.35\" stroke=\"#000\" "
		    "stroke-width=\"0.8\" stroke-dasharray=\"2 1\"/>",
		    "failed attempt (dashed)");
	if (t->hits)
		key(b, &x, &y, "<g transform=\"translate(%d %d)\"><line x1=\"5\" "
		    "y1=\"0\" x2=\"5\" y2=\"10\" stroke=\"currentColor\" "
		    "stroke-width=\"1.5\"/></g>", "cache hit (tick)");
	cg_buf_puts(b, "</g>\n");
	return y + 8;
}

void
cg_svg_timeline(cg_buf *b, const struct cg_clog *l)
{
	struct tl t;
	cg_buf body = {0}, sum = {0};
	int i, nrows, h;

	layout(&t, l);
	nrows = t.nlane + (t.hits > 0);
	summary(&sum, &t);
	if (!nrows) {
		h = TOP + 10;
		cg_buf_printf(&body, "<text x=\"10\" y=\"%d\">No request and no "
		    "reply from the cache in this run.</text>\n", TOP);
	} else {
		rows(&body, &t, nrows);
		h = axis(&body, &t, nrows);
		for (i = 0; i < t.nreq; i++)
			bar(&body, &t, i);
		hits(&body, &t);
		h = legend(&body, &t, h + 12);
	}
	cg_buf_printf(b, "<svg class=\"cg-timeline\" xmlns=\"http://www.w3.org/"
	    "2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "role=\"img\" aria-labelledby=\"cgtl-title cgtl-desc\" "
	    "fill=\"currentColor\" font-family=\"sans-serif\" font-size=\"11\" "
	    "style=\"max-width:100%%;height:auto\">\n"
	    "<title id=\"cgtl-title\">Timeline of the run: ", W, h, W, h);
	cg_buf_add(b, sum.s ? sum.s : "", sum.len);
	cg_buf_puts(b, "</title>\n<desc id=\"cgtl-desc\">One row per server "
	    "slot (a server's requests in as many rows as ran at once), one "
	    "bar per request from its start to its end, coloured by kind; "
	    "re-asks hatched, failed attempts outlined with dashes, replies "
	    "from the response cache as ticks on a row of their own.</desc>\n"
	    "<defs><pattern id=\"cgtl-hatch\" width=\"4\" height=\"4\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#000\" "
	    "stroke-width=\"1.3\" stroke-opacity=\"0.6\"/></pattern></defs>\n"
	    "<text x=\"10\" y=\"15\">");
	cg_buf_add(b, sum.s ? sum.s : "", sum.len);
	cg_buf_puts(b, "</text>\n");
	cg_buf_add(b, body.s ? body.s : "", body.len);
	cg_buf_puts(b, "</svg>\n");
	cg_buf_free(&body);
	cg_buf_free(&sum);
	tl_free(&t);
}

/* ---- time and tokens per kind --------------------------------------- */

#define KX	120		/* bars start here; kind names left of it */
#define TX	400		/* the tokens' bars start here */
#define KTOP	38

/* Tokens as "870", "12.3k", "1.2M". */
static void
tokens(cg_buf *b, long n)
{
	if (n < 10000)
		cg_buf_printf(b, "%ld", n);
	else if (n < 1000000)
		cg_buf_printf(b, "%.1fk", n / 1e3);
	else
		cg_buf_printf(b, "%.1fM", n / 1e6);
}

static void
kind_bars(cg_buf *b, const struct cg_run_kind *k, double y, double maxt,
    double maxtok)
{
	double tw = maxt > 0 ? k->time / maxt * 190 : 0;
	double pw = maxtok > 0 ? k->prompt / maxtok * 200 : 0;
	double ew = maxtok > 0 ? k->eval / maxtok * 200 : 0;

	cg_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", KX - 6,
	    y + 11.5);
	xesc(b, k->name);
	cg_buf_printf(b, "</text>\n<rect class=\"time\" x=\"%d\" y=\"%.1f\" "
	    "width=\"%.1f\" height=\"%d\" fill=\"%s\"/><text x=\"%.1f\" "
	    "y=\"%.1f\">", KX, y + 2.5, tw, BARH, k->colour, KX + tw + 4,
	    y + 11.5);
	duration(b, k->time);
	cg_buf_printf(b, "</text>\n<rect class=\"prompt\" x=\"%d\" y=\"%.1f\" "
	    "width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.4\"/>"
	    "<rect class=\"eval\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%d\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">", TX,
	    y + 2.5, pw, BARH, k->colour, TX + pw, y + 2.5, ew, BARH,
	    k->colour, TX + pw + ew + 4, y + 11.5);
	tokens(b, k->prompt);
	cg_buf_puts(b, " + ");
	tokens(b, k->eval);
	cg_buf_puts(b, "</text>\n");
}

void
cg_svg_kinds(cg_buf *b, const struct cg_clog *l)
{
	struct cg_run_kind *k;
	double maxt = 0, maxtok = 0;
	int n = cg_run_kinds(l, &k), i, r, rows = 0, h;

	for (i = 0; i < n; i++) {
		if (!k[i].requests)
			continue;
		rows++;
		if (k[i].time > maxt)
			maxt = k[i].time;
		if (k[i].prompt + k[i].eval > maxtok)
			maxtok = (double)(k[i].prompt + k[i].eval);
	}
	if (!rows) {
		free(k);
		return;
	}
	h = KTOP + rows * ROWH + 8;
	cg_buf_printf(b, "<svg class=\"cg-kinds\" xmlns=\"http://www.w3.org/"
	    "2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "role=\"img\" aria-labelledby=\"cgkn-title cgkn-desc\" "
	    "fill=\"currentColor\" font-family=\"sans-serif\" font-size=\"11\" "
	    "style=\"max-width:100%%;height:auto\">\n"
	    "<title id=\"cgkn-title\">Time and tokens per kind</title>\n"
	    "<desc id=\"cgkn-desc\">For each kind of file, the seconds its "
	    "requests took in all, and their tokens: the prompts' (paler) "
	    "then the replies'.</desc>\n"
	    "<text x=\"10\" y=\"15\">Time and tokens per "
	    "kind</text>\n"
	    "<text x=\"%d\" y=\"31\" fill-opacity=\"0.75\">request time</text>\n"
	    "<text x=\"%d\" y=\"31\" fill-opacity=\"0.75\">tokens: prompt (paler) + "
	    "reply</text>\n", W, h, W, h, KX, TX);
	for (i = 0, r = 0; i < n; i++)
		if (k[i].requests)
			kind_bars(b, &k[i], KTOP + ROWH * r++, maxt, maxtok);
	cg_buf_puts(b, "</svg>\n");
	free(k);
}
