/* calllog_read.c — reading the call log (see calllog_read.h). */
#define _XOPEN_SOURCE 700	/* strptime */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "calllog_read.h"
#include "json.h"
#include "util.h"

enum cg_clog_ev
cg_clog_event(const cJSON *j)
{
	const char *ev = cg_json_gets(j, "event", NULL);

	if (!ev)
		return cg_json_gets(j, "status", NULL) ? CG_CLOG_REQUEST :
		    CG_CLOG_OTHER;
	if (strcmp(ev, "cache") == 0)
		return CG_CLOG_CACHE;
	if (strcmp(ev, "validate") == 0)
		return CG_CLOG_VALIDATE;
	if (strcmp(ev, "budget") == 0)
		return CG_CLOG_BUDGET;
	return CG_CLOG_OTHER;
}

/* Seconds since the epoch of "2026-11-27T18:00:00Z" (fraction allowed);
 * -1 when it is not such a time. */
static double
isotime(const char *s)
{
	struct tm tm = { 0 };
	double frac = 0;
	const char *p;

	if (!s || !(p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)))
		return -1;
	if (*p == '.')
		frac = strtod(p, NULL);
	return (double)timegm(&tm) + frac;
}

double
cg_clog_ts(const cJSON *j)
{
	double ts = cg_json_getn(j, "ts", -1);

	return ts >= 0 ? ts : isotime(cg_json_gets(j, "time", NULL));
}

/* Call fn for each line of text that parses, with its JSON. */
static void
each_line(const char *text, void (*fn)(const cJSON *j, void *arg), void *arg)
{
	const char *p, *e;

	for (p = text; p && *p; p = e ? e + 1 : NULL) {
		char *line;
		cJSON *j;
		e = strchr(p, '\n');
		line = e ? xstrndup(p, (size_t)(e - p)) : xstrdup(p);
		if ((j = cJSON_Parse(line)) && cJSON_IsObject(j))
			fn(j, arg);
		cJSON_Delete(j);
		free(line);
	}
}

struct first { long run; double ts; };

static void
first_of_run(const cJSON *j, void *arg)
{
	struct first *f = arg;
	double ts = cg_json_getn(j, "ts", -1);

	if ((long)cg_json_getn(j, "run", -1) == f->run && ts > 0 &&
	    (f->ts < 0 || ts < f->ts))
		f->ts = ts;
}

int
cg_clog_newest(const char *text, long *run, double *since)
{
	struct first f = { -1, -1 };
	const char *p, *e;

	/* the last line naming a run; a plain look, no parse per line */
	for (p = text; p && *p; p = e ? e + 1 : NULL) {
		const char *r = strstr(p, "\"run\":");
		e = strchr(p, '\n');
		if (r && (!e || r < e))
			f.run = atol(r + 6);
	}
	if (f.run < 0)
		return 0;
	each_line(text, first_of_run, &f);
	*run = f.run;
	*since = f.ts > 0 ? f.ts : 1;
	return 1;
}

int
cg_clog_keep(const cJSON *j, long run, double since)
{
	if (since <= 0)
		return 1;
	if (cJSON_GetObjectItemCaseSensitive(j, "run"))
		return (long)cg_json_getn(j, "run", -1) == run;
	return cg_json_getn(j, "ts", since) >= since - 1;
}

void
cg_clog_add(struct cg_clog *l, const cJSON *j)
{
	struct cg_clog_rec *r;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->r = xrealloc(l->r, (size_t)l->cap * sizeof *l->r);
	}
	r = &l->r[l->n++];
	r->ev = cg_clog_event(j);
	r->kind = xstrdup(cg_json_gets(j, "kind", "default"));
	r->target = xstrdup(cg_json_gets(j, "target", "-"));
	r->host = xstrdup(cg_json_gets(j, "host", ""));
	r->status = xstrdup(cg_json_gets(j, "status", ""));
	r->ts = cg_clog_ts(j);
	r->duration = cg_json_getn(j, "duration", 0);
	if (r->duration < 0)
		r->duration = 0;
	r->prompt = (long)cg_json_getn(j, "prompt_tokens", 0);
	r->eval = (long)cg_json_getn(j, "eval_tokens", 0);
	r->attempt = (int)cg_json_getn(j, "attempt", 1);
	r->round = (int)cg_json_getn(j, "round", 0);
}

struct sel { struct cg_clog *l; long run; double since; int added; };

static void
add_kept(const cJSON *j, void *arg)
{
	struct sel *s = arg;

	if (cg_clog_keep(j, s->run, s->since)) {
		cg_clog_add(s->l, j);
		s->added++;
	}
}

int
cg_clog_load(struct cg_clog *l, const char *text)
{
	struct sel s = { l, -1, -1, 0 };

	cg_clog_newest(text, &s.run, &s.since);
	each_line(text, add_kept, &s);
	return s.added;
}

int
cg_clog_failed(const struct cg_clog_rec *r)
{
	return strcmp(r->status, "ok") != 0 && strcmp(r->status, "length") != 0;
}

void
cg_clog_free(struct cg_clog *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->r[i].kind);
		free(l->r[i].target);
		free(l->r[i].host);
		free(l->r[i].status);
	}
	free(l->r);
	l->r = NULL;
	l->n = l->cap = 0;
}
