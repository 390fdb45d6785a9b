/* Unit tests for lib/base/calllog_read.c (the call log read back: the
 * newest run, the lines of a run, times) and lib/site/timeline.c (rows
 * of server slots, counts per kind). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "calllog_read.h"
#include "json.h"
#include "timeline.h"

/* How many times needle occurs in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
newest(void)
{
	const char *log =
	    "{\"ts\":100,\"run\":1,\"kind\":\"lab\",\"status\":\"ok\"}\n"
	    "{\"ts\":200,\"run\":2,\"kind\":\"lab\",\"status\":\"ok\"}\n"
	    "{\"ts\":150,\"kind\":\"lab\",\"status\":\"ok\"}\n"
	    "not json\n"
	    "{\"ts\":210,\"kind\":\"notes\",\"status\":\"ok\"}\n"
	    "{\"ts\":190,\"run\":2,\"event\":\"cache\",\"kind\":\"lab\",\"status\":\"hit\"}\n";
	struct cg_clog l = {0};
	double since = -1;
	long run = -1;

	ok(cg_clog_newest(log, &run, &since), "a log naming runs has a newest");
	isnum(run, 2, "... the run its last line naming one names");
	isnum((long)since, 190, "... from that run's first line");
	isnum(cg_clog_load(&l, log), 3, "load: the newest run's lines, and "
	    "the lines of no run written since");
	is(l.r[1].kind, "notes", "... in the log's order");
	isnum(l.r[1].ev, CG_CLOG_REQUEST, "... the kind of each line");
	isnum(l.r[0].ev, CG_CLOG_REQUEST, "... the first a request");
	isnum(l.r[2].ev, CG_CLOG_CACHE, "... the last a cache hit");
	cg_clog_free(&l);

	run = 7;
	ok(!cg_clog_newest("{\"ts\":1,\"status\":\"ok\"}\n", &run, &since),
	    "no line names a run: no newest");
	isnum(run, 7, "... and the run is left alone");
	isnum(cg_clog_load(&l, "{\"ts\":1,\"status\":\"ok\"}\n"
	    "{\"ts\":2,\"status\":\"ok\"}"), 2, "... every line is loaded");
	cg_clog_free(&l);
}

static void
lines(void)
{
	cJSON *j = cJSON_Parse("{\"time\":\"2026-11-27T18:00:00.5Z\"}");

	ok(cg_clog_ts(j) > 1795000000 && cg_clog_ts(j) - (long)cg_clog_ts(j) == 0.5,
	    "a line without ts: its time, fraction kept");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"time\":\"yesterday\"}");
	ok(cg_clog_ts(j) < 0, "no time at all: -1");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"ts\":5,\"run\":3}");
	ok(cg_clog_keep(j, 3, 100), "keep: a line of the run, whenever written");
	ok(!cg_clog_keep(j, 4, 1), "... not another run's");
	ok(cg_clog_keep(j, 4, -1), "... every line for no run");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"ts\":99.5}");
	ok(cg_clog_keep(j, 3, 100), "... a line of no run a moment before");
	ok(!cg_clog_keep(j, 3, 101), "... but not earlier");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"event\":\"budget\",\"status\":\"kept\"}");
	isnum(cg_clog_event(j), CG_CLOG_BUDGET, "a budget line");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"kind\":\"lab\"}");
	isnum(cg_clog_event(j), CG_CLOG_OTHER, "no event and no status: other");
	cJSON_Delete(j);
}

static void
drawn(void)
{
	/* two requests at once on host a, one after them; one on host b;
	 * a re-ask that failed; a cache hit; a validate line of each kind */
	const char *log =
	    "{\"ts\":10,\"host\":\"http://a:1\",\"kind\":\"lab\",\"status\":\"ok\",\"duration\":5,\"prompt_tokens\":3,\"eval_tokens\":4}\n"
	    "{\"ts\":11,\"host\":\"http://a:1\",\"kind\":\"lecture\",\"status\":\"ok\",\"duration\":5}\n"
	    "{\"ts\":15,\"host\":\"http://a:1\",\"kind\":\"lab\",\"status\":\"http_500\",\"round\":1,\"duration\":1}\n"
	    "{\"ts\":12,\"host\":\"http://b:2\",\"kind\":\"lab\",\"status\":\"length\",\"duration\":2}\n"
	    "{\"ts\":13,\"event\":\"cache\",\"kind\":\"notes\",\"status\":\"hit\"}\n"
	    "{\"ts\":14,\"event\":\"validate\",\"kind\":\"lab\",\"status\":\"retry\"}\n"
	    "{\"ts\":16,\"event\":\"validate\",\"kind\":\"lab\",\"status\":\"imperfect\"}\n"
	    "{\"ts\":17,\"event\":\"validate\",\"kind\":\"lecture\",\"status\":\"fail\"}\n";
	struct cg_clog l = {0};
	struct cg_run_kind *k;
	cg_buf b = {0};
	int n;

	cg_clog_load(&l, log);
	n = cg_run_kinds(&l, &k);
	isnum(n, 3, "three kinds");
	is(k[0].name, "lecture", "... in the kinds table's order");
	is(k[1].name, "lab", "... lab after lecture");
	isnum(k[1].requests, 3, "lab: three requests");
	isnum(k[1].failed, 1, "... one failed (a cut reply is no failure)");
	isnum(k[1].reasks, 1, "... one re-ask");
	isnum(k[1].imperfect, 1, "... one kept imperfect");
	isnum(k[0].fails, 1, "lecture: one failed file");
	isnum(k[2].hits, 1, "notes: one cache hit");
	isnum(k[1].time * 10, 80, "lab: 8 seconds");
	ok(strcmp(k[0].colour, k[1].colour) != 0, "a colour each");
	free(k);

	cg_svg_timeline(&b, &l);
	isnum(count(b.s, "<rect class=\"req"), 4, "a bar per request");
	isnum(count(b.s, "<rect class=\"req reask failed\""), 1,
	    "... the failed re-ask marked both ways");
	isnum(count(b.s, "<line class=\"hit\""), 1, "a tick per cache hit");
	isnum(count(b.s, ">a:1 #1</text>") + count(b.s, ">a:1 #2</text>"), 2,
	    "host a: two rows, for two requests at once");
	isnum(count(b.s, ">a:1 #3</text>"), 0, "... the third in a free one");
	isnum(count(b.s, ">b:2</text>"), 1, "host b: one row, named plainly");
	isnum(count(b.s, ">response cache</text>"), 1, "the cache's row");
	ok(strstr(b.s, "cgtl-title\">Timeline of the run: 4 requests (1 re-ask), "
	    "1 failed attempt, 1 cache hit; 6.0 s") != NULL, "the title says it all");
	cg_buf_free(&b);
	cg_svg_kinds(&b, &l);
	isnum(count(b.s, "<rect class=\"time\""), 2, "time: a bar per kind "
	    "with requests");
	cg_buf_free(&b);
	cg_clog_free(&l);
}

int
main(void)
{
	newest();
	lines();
	drawn();
	return done_testing();
}
