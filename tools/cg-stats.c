/* cg-stats — what the LLM calls of a course build cost.
 *
 * Reads the call log (OUT/log/calls.jsonl: one JSON object per attempt,
 * written by the LLM client, "event":"cache" lines for replies the
 * response cache gave, and "event":"validate" lines written by the
 * content tools) from LOGFILE, $CG_LOG or stdin, and prints a per-kind
 * table: calls, attempts, retries, failures, time, time to first token,
 * tokens, tokens per second, validation retries, warnings and cache
 * hits.  -t adds a
 * timeline: one row per target, its start offset and a bar; -g writes
 * the timeline the teacher's report draws (timeline.c) as an SVG file.
 * Malformed lines are reported with their line number and skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glob.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "fsio.h"
#include "json.h"
#include "calllog_read.h"
#include "timeline.h"

#define BARW 50

static int tflag, oneflag;
static const char *svgpath;	/* -g */
static struct cg_clog clog;	/* the lines counted, for -g */
static double since = -1;	/* -r: only calls from this time on */
static long run = -1;		/* -r: the run's pid */

struct kind {
	char   name[64];
	long   calls, attempts, failures, length, vretry, vfail, warnings;
	double time, ttft_sum, gen_time;
	long   ttft_n, prompt, eval, eval_timed;
	long   hits, hit_eval;	/* replies from the response cache */
};

struct call {			/* one generation: attempts of a target */
	char  *key;		/* tool \n target \n kind \n round */
	char  *target;
	int    kind;
	int    failed;		/* status of its last attempt */
	double start, end, queue;
	int    attempts;
};

static long kept;		/* imperfect files kept: budget spent */
static long budget = -1;	/* the run's re-ask budget, when known */
static struct kind *kinds;
static int nkinds;
static struct call *calls;
static int ncalls, capcalls;

static const struct cg_opt opts[] = {
	{ '1', "one-line", NULL, "print one line instead of the table" },
	{ 'g', "svg", "FILE", "also write the timeline as SVG to FILE" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'r', "run", "PID", "only the requests of the run whose make is PID" },
	{ 't', "timeline", NULL, "also print a timeline, one row per generation" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-1htV] [-g FILE] [-r PID] [LOGFILE]\n",
	opts, NULL
};

static void
usage(FILE *f)
{
	cg_usage(&cli, f, f == stdout ? 0 : EX_USAGE);
}

static int
kind_of(const char *name)
{
	int i;

	for (i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return i;
	kinds = xrealloc(kinds, (size_t)(nkinds + 1) * sizeof *kinds);
	memset(&kinds[nkinds], 0, sizeof *kinds);
	snprintf(kinds[nkinds].name, sizeof kinds[nkinds].name, "%s", name);
	return nkinds++;
}

/* The call log of the course at hand, for no LOGFILE and no $CG_LOG:
 * log/calls.jsonl in a course's OUT (a directory with course.json),
 * else the newest out/NAME/log/calls.jsonl of a project directory; NULL
 * when there is none.  Caller frees. */
static char *
find_log(void)
{
	struct stat st;
	glob_t g;
	char *best = NULL;
	time_t t = 0;
	size_t i;

	if (stat("course.json", &st) == 0 && stat("log/calls.jsonl", &st) == 0)
		return xstrdup("log/calls.jsonl");
	if (glob("out/*/log/calls.jsonl", 0, NULL, &g) != 0)
		return NULL;
	for (i = 0; i < g.gl_pathc; i++)
		if (stat(g.gl_pathv[i], &st) == 0 && (!best || st.st_mtime > t)) {
			free(best);
			best = xstrdup(g.gl_pathv[i]);
			t = st.st_mtime;
		}
	globfree(&g);
	return best;
}

static double
num(const cJSON *j, const char *k, double def)
{
	return cg_json_getn(j, k, def);
}

/* The latest call with this key, or NULL. */
static struct call *
find_call(const char *key)
{
	int i;

	for (i = ncalls - 1; i >= 0; i--)
		if (strcmp(calls[i].key, key) == 0)
			return &calls[i];
	return NULL;
}

static void
attempt_line(const cJSON *j)
{
	const char *st = cg_json_gets(j, "status", "");
	const char *target = cg_json_gets(j, "target", "-");
	struct kind *k;
	struct call *c;
	char *key;
	double start, dur, ttft;
	int ki = kind_of(cg_json_gets(j, "kind", "default"));
	int attempt = (int)num(j, "attempt", 1);
	int failed = strcmp(st, "ok") != 0 && strcmp(st, "length") != 0;
	const cJSON *w = cg_json_at(j, "warnings");

	k = &kinds[ki];
	k->attempts++;
	dur = num(j, "duration", 0);
	k->time += dur;
	if ((ttft = num(j, "ttft", -1)) >= 0) {
		k->ttft_sum += ttft;
		k->ttft_n++;
	}
	k->prompt += (long)num(j, "prompt_tokens", 0);
	k->eval += (long)num(j, "eval_tokens", 0);
	if (num(j, "tok_s", 0) > 0 && num(j, "eval_tokens", 0) > 0) {
		k->gen_time += num(j, "eval_tokens", 0) / num(j, "tok_s", 1);
		k->eval_timed += (long)num(j, "eval_tokens", 0);
	}
	if (strcmp(st, "length") == 0)
		k->length++;
	if (cJSON_IsArray(w))
		k->warnings += cJSON_GetArraySize(w);

	start = cg_clog_ts(j);
	key = xasprintf("%s\n%s\n%s\n%d", cg_json_gets(j, "tool", ""), target,
	    k->name, (int)num(j, "round", 0));
	c = find_call(key);
	if (!c || attempt <= 1) {
		if (ncalls == capcalls) {
			capcalls = capcalls ? 2 * capcalls : 64;
			calls = xrealloc(calls, (size_t)capcalls * sizeof *calls);
		}
		c = &calls[ncalls++];
		memset(c, 0, sizeof *c);
		c->key = key;
		c->target = xstrdup(target);
		c->kind = ki;
		c->start = start;
		c->queue = num(j, "queue_wait", 0);
		if (start >= 0)
			c->start -= c->queue;
		k->calls++;
	} else {
		free(key);
	}
	c->attempts++;
	c->failed = failed;
	if (start >= 0 && start + dur > c->end)
		c->end = start + dur;
}

static void
validate_line(const cJSON *j)
{
	int ki = kind_of(cg_json_gets(j, "kind", "default"));	/* may move kinds */
	struct kind *k = &kinds[ki];
	const char *st = cg_json_gets(j, "status", "");
	const cJSON *w = cg_json_at(j, "warnings");

	if (strcmp(st, "retry") == 0)
		k->vretry++;
	else if (strcmp(st, "fail") == 0)
		k->vfail++;
	if (cJSON_IsArray(w))
		k->warnings += cJSON_GetArraySize(w);
}

/* {"event":"cache"}: a reply the response cache gave, no request */
static void
cache_line(const cJSON *j)
{
	int ki = kind_of(cg_json_gets(j, "kind", "default"));	/* may move kinds */
	struct kind *k = &kinds[ki];

	k->hits++;
	k->hit_eval += (long)num(j, "eval_tokens", 0);
}

static void
row(const struct kind *k)
{
	printf("%-18s %5ld %5ld %5ld %5ld %5ld %5ld %5ld %5ld %9.1f %7.2f %7.2f "
	    "%8ld %8ld %7.1f %5ld\n", k->name, k->calls, k->attempts,
	    k->attempts - k->calls, k->failures, k->length, k->vretry, k->vfail,
	    k->warnings, k->time, k->attempts ? k->time / (double)k->attempts : 0,
	    k->ttft_n ? k->ttft_sum / (double)k->ttft_n : 0, k->prompt, k->eval,
	    k->gen_time > 0 ? (double)k->eval_timed / k->gen_time : 0,
	    k->hits);
}

static void
table(void)
{
	struct kind tot = { .name = "TOTAL" };
	int i;

	for (i = 0; i < ncalls; i++)
		if (calls[i].failed)
			kinds[calls[i].kind].failures++;
	printf("%-18s %5s %5s %5s %5s %5s %5s %5s %5s %9s %7s %7s %8s %8s %7s "
	    "%5s\n", "kind", "calls", "att", "retry", "fail", "cut", "v-rty",
	    "v-bad", "warn", "time-s", "mean-s", "ttft-s", "prompt", "eval",
	    "tok/s", "cache");
	for (i = 0; i < nkinds; i++) {
		struct kind *k = &kinds[i];
		row(k);
		tot.calls += k->calls;
		tot.attempts += k->attempts;
		tot.failures += k->failures;
		tot.length += k->length;
		tot.vretry += k->vretry;
		tot.vfail += k->vfail;
		tot.warnings += k->warnings;
		tot.time += k->time;
		tot.ttft_sum += k->ttft_sum;
		tot.ttft_n += k->ttft_n;
		tot.prompt += k->prompt;
		tot.eval += k->eval;
		tot.gen_time += k->gen_time;
		tot.eval_timed += k->eval_timed;
		tot.hits += k->hits;
	}
	if (nkinds > 1)
		row(&tot);
}

static int
bystart(const void *a, const void *b)
{
	const struct call *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

static void
timeline(void)
{
	double t0 = -1, t1 = -1, span, scale;
	int i, j, a, b, q;
	char bar[BARW + 1];

	qsort(calls, (size_t)ncalls, sizeof *calls, bystart);
	for (i = 0; i < ncalls; i++) {
		if (calls[i].start < 0)
			continue;
		if (t0 < 0 || calls[i].start < t0)
			t0 = calls[i].start;
		if (calls[i].end > t1)
			t1 = calls[i].end;
	}
	if (t0 < 0) {
		warn("no timestamps in the log: no timeline");
		return;
	}
	span = t1 - t0 > 0 ? t1 - t0 : 1;
	scale = BARW / span;
	printf("\ntimeline: %.1f s; '.' waiting for a server slot, '#' "
	    "generating, '!' failed\n", span);
	for (i = 0; i < ncalls; i++) {
		const struct call *c = &calls[i];
		if (c->start < 0)
			continue;
		q = (int)((c->start - t0) * scale);
		a = (int)((c->start + c->queue - t0) * scale);
		b = (int)((c->end - t0) * scale + 0.5);
		if (b <= a)
			b = a + 1;
		if (b > BARW)
			b = BARW;
		for (j = 0; j < BARW; j++)
			bar[j] = j < q ? ' ' : j < a ? '.' : j < b ?
			    (c->failed ? '!' : '#') : ' ';
		bar[BARW] = 0;
		printf("%8.1f %7.1f  %-12.12s |%s| %s%s\n", c->start - t0,
		    c->end - c->start, kinds[c->kind].name, bar, c->target,
		    c->attempts > 1 ? " (retried)" : "");
	}
}

/* -1: one line for the end of a run: requests, tokens, wall time, and
 * how busy the requests kept the slots (time generating over wall time
 * times the most requests seen at once). */
static void
oneline(void)
{
	double t0 = -1, t1 = -1, busy = 0, wall;
	long req = 0, prompt = 0, eval = 0, hits = 0, hit_eval = 0, re = 0;
	int i, j, peak = 0;

	for (i = 0; i < nkinds; i++) {
		req += kinds[i].attempts;
		re += kinds[i].vretry;
		hits += kinds[i].hits;
		hit_eval += kinds[i].hit_eval;
		prompt += kinds[i].prompt;
		eval += kinds[i].eval;
	}
	for (i = 0; i < ncalls; i++) {
		const struct call *a = &calls[i];
		int n = 0;
		if (a->start < 0)
			continue;
		if (t0 < 0 || a->start < t0)
			t0 = a->start;
		if (a->end > t1)
			t1 = a->end;
		busy += a->end - a->start - a->queue;
		for (j = 0; j < ncalls; j++)	/* in flight when a began */
			n += calls[j].start >= 0 && calls[j].start <= a->start &&
			    calls[j].end > a->start;
		if (n > peak)
			peak = n;
	}
	wall = t0 >= 0 ? t1 - t0 : 0;
	printf("%ld request%s, %ld prompt + %ld reply tokens, %.1f s", req,
	    req == 1 ? "" : "s", prompt, eval, wall);
	if (wall > 0 && peak > 0)
		printf(", %d at once at most, %.0f%% busy", peak,
		    100 * busy / (wall * peak));
	if (hits)
		printf(", %ld repl%s from the cache (%ld tokens not asked for)",
		    hits, hits == 1 ? "y" : "ies", hit_eval);
	if (re)
		printf(", %ld re-ask%s", re, re == 1 ? "" : "s");
	if (kept)
		printf(", %ld imperfect file%s kept without a re-ask (the run's "
		    "re-ask budget of %ld was spent)", kept, kept == 1 ? "" :
		    "s", budget);
	printf("; make stats for the table\n");
}

/* Write to a path that is there and no regular file (/dev/null, a
 * pipe, /dev/stdout) as it is: a rename would replace it. */
static void
write_special(const char *path, const cg_buf *b)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die(EX_CANTCREAT, "%s:", path);
	if (fwrite(b->s, 1, b->len, f) != b->len || fclose(f) == EOF)
		die(EX_IOERR, "%s: write error:", path);
}

/* -g: the timeline of the lines counted, as the report draws it */
static void
svg(void)
{
	struct stat st;
	cg_buf b = {0};
	cg_err e = {0};

	cg_svg_timeline(&b, &clog);
	if (strcmp(svgpath, "-") != 0 && stat(svgpath, &st) == 0 &&
	    !S_ISREG(st.st_mode))
		write_special(svgpath, &b);
	else if (cg_write_output(svgpath, b.s, b.len, &e) < 0)
		die_err(&e);
	cg_buf_free(&b);
	cg_clog_free(&clog);
}

int
main(int argc, char *argv[])
{
	const char *path = NULL, *name;
	char *text, *line, *nl, *found = NULL;
	cg_err e = { 0 };
	cJSON *j;
	long lineno = 0, bad = 0, n = 0;
	int c, i;

	cg_setprog(argv[0]);
	while ((c = cg_getopt(argc, argv, &cli)) != -1) {
		switch (c) {
		case '1': oneflag = 1; break;
		case 'g': svgpath = optarg; break;
		case 'r':
			run = atol(optarg);
			if ((since = cg_proc_start(atol(optarg))) <= 0)
				die(EX_USAGE, "-r %s: no such process; give the "
				    "pid of the run's make", optarg);
			break;
		case 't': tflag = 1; break;
		default: usage(stderr); return EX_USAGE;
		}
	}
	if (argc - optind > 1) {
		usage(stderr);
		return EX_USAGE;
	}
	if (optind < argc)
		path = argv[optind];
	else if (getenv("CG_LOG") && *getenv("CG_LOG"))
		path = getenv("CG_LOG");
	else if ((found = find_log()))
		path = found;
	if (!(text = cg_read_input(path, NULL, &e))) {
		if (e.code == EX_USAGE) {
			usage(stderr);
			return EX_USAGE;
		}
		die_err(&e);
	}
	name = path && strcmp(path, "-") ? path : "<stdin>";
	if (!path && !*cg_trim(text)) {	/* nothing found, nothing piped */
		warn("no call log: give LOGFILE, set CG_LOG, or run in a "
		    "course's OUT or the directory holding out/");
		usage(stderr);
		return EX_USAGE;
	}
	if (found && since < 0)
		cg_clog_newest(text, &run, &since);
	for (line = text; line && *line; line = nl) {
		if ((nl = strchr(line, '\n')))
			*nl++ = 0;
		lineno++;
		if (!*cg_trim(line))
			continue;
		if (!(j = cJSON_Parse(line)) || !cJSON_IsObject(j)) {
			warn("%s:%ld: not a JSON object; line skipped", name, lineno);
			cJSON_Delete(j);
			bad++;
			continue;
		}
		n++;
		/* an earlier run's: by the run it names, or (a line that
		 * names none) by when it was written */
		if (!cg_clog_keep(j, run, since)) {
			cJSON_Delete(j);
			continue;
		}
		if (svgpath)
			cg_clog_add(&clog, j);
		if (strcmp(cg_json_gets(j, "event", "call"), "validate") == 0)
			validate_line(j);
		else if (strcmp(cg_json_gets(j, "event", "call"), "cache") == 0)
			cache_line(j);
		else if (strcmp(cg_json_gets(j, "event", "call"), "budget") == 0) {
			kept++;
			budget = (long)num(j, "budget", (double)budget);
		}
		else if (cg_json_gets(j, "status", NULL))
			attempt_line(j);
		else {
			warn("%s:%ld: neither a call nor a validate line; skipped",
			    name, lineno);
			bad++;
		}
		cJSON_Delete(j);
	}
	if (n == 0 && lineno > 0 && bad == lineno)
		die(EX_DATAERR, "%s: no valid line; is this a cg call log?", name);
	if (svgpath)
		svg();
	if (!svgpath || strcmp(svgpath, "-") != 0) {	/* else the SVG alone */
		if (oneflag)
			oneline();
		else
			table();
		if (tflag)
			timeline();
	}
	for (i = 0; i < ncalls; i++) {
		free(calls[i].key);
		free(calls[i].target);
	}
	free(calls);
	free(kinds);
	free(text);
	free(found);
	if (fflush(stdout) == EOF || ferror(stdout))
		die(EX_IOERR, "write error on stdout:");
	return 0;
}
