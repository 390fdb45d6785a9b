/* report.c — the body of the teacher's report (see site.h).
 *
 * What it knows comes from the course model (course.h: each file with
 * the notes the generators leave beside it, .NAME.failed, .NAME.imperfect,
 * .NAME.mended), from
 * the validators cg-check runs (cg_validate with the session's
 * requirements: its warnings and hard problems) and from the call log
 * (OUT/log/calls.jsonl: the re-asks, and its newest run drawn: the
 * timeline and the time and tokens per kind of timeline.c, and a table of
 * the re-asks and imperfect files per kind).  One table row per file with
 * anything to say, each on one line of HTML.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "site.h"
#include "md.h"
#include "fsio.h"
#include "gen.h"
#include "json.h"
#include "kinds.h"
#include "course.h"
#include "validate.h"
#include "calllog_read.h"
#include "timeline.h"

/* Lines of text (NULL: none) as <li> items of a list headed by label
 * (NULL: none); nothing for no lines. */
static void
items(cg_buf *b, const char *label, const char *text)
{
	const char *p = text, *e;

	if (!text || !*text)
		return;
	if (label) {
		cg_buf_puts(b, "<p>");
		cg_md_escape(b, label, strlen(label));
		cg_buf_puts(b, "</p>");
	}
	cg_buf_puts(b, "<ul>");
	for (; p && *p; p = e ? e + 1 : NULL) {
		size_t n;
		e = strchr(p, '\n');
		n = e ? (size_t)(e - p) : strlen(p);
		if (!n)
			continue;
		cg_buf_puts(b, "<li>");
		cg_md_escape(b, p, n);
		cg_buf_puts(b, "</li>");
	}
	cg_buf_puts(b, "</ul>");
}

/* cg-check's verdict on file f, as lines: its hard problems ("does not
 * pass: …") and its warnings.  NULL when it has none. */
static char *
checked(const struct cg_course_file *f, const cJSON *sj)
{
	cg_buf hard = {0}, out = {0};
	cJSON *warn, *w, *req;
	const char *p, *e;

	if (!f->text || !sj)
		return NULL;
	warn = cJSON_CreateArray();
	req = cg_gen_req(sj, f->kind);
	cg_validate(f->kind->name, f->text, req, &hard, NULL, warn);
	for (p = hard.s; p && *p; p = e ? e + 1 : NULL) {
		size_t n;
		e = strchr(p, '\n');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n)
			cg_buf_printf(&out, "does not pass: %.*s\n", (int)n, p);
	}
	cJSON_ArrayForEach(w, warn)
		if (cJSON_IsString(w))
			cg_buf_printf(&out, "%s\n", w->valuestring);
	cJSON_Delete(req);
	cJSON_Delete(warn);
	cg_buf_free(&hard);
	if (!out.len) {
		cg_buf_free(&out);
		return NULL;
	}
	return cg_buf_take(&out);
}

/* One file's row, when there is anything to say about it.  1 for a row. */
static int
row(cg_buf *b, const struct cg_course_sess *x, const struct cg_course_file *f)
{
	int have = f->state != CG_COURSE_UNMADE && f->state != CG_COURSE_FAILED;
	const char *failed = f->state == CG_COURSE_FAILED ? f->failed : NULL;
	const char *imp = have ? f->imperfect : NULL;
	const char *mended = have ? f->mended : NULL;
	char *check = have ? checked(f, x->sj) : NULL;
	const char *state = !have ? (failed ? "failed" : "not generated yet") :
	    imp ? "imperfect" : mended ? "mended" : !check ? NULL :
	    strncmp(check, "does not pass", 13) == 0 ? "does not pass cg-check" :
	    "warnings";

	if (state) {
		cg_buf_printf(b, "<tr class=\"%s\"><td>%s/", !have ? (failed ?
		    "failed" : "missing") : imp ? "imperfect" : mended ?
		    "mended" : "warnings", x->id);
		cg_md_escape(b, f->name, strlen(f->name));
		cg_buf_printf(b, "</td><td>%s</td><td>", state);
		if (failed) {
			const char *nl = strchr(failed, '\n');
			cg_md_escape(b, failed, nl ? (size_t)(nl - failed) :
			    strlen(failed));
			items(b, "The last attempt's problems:", nl ? nl + 1 :
			    NULL);
		}
		items(b, NULL, imp);
		items(b, "Mended by cg:", mended);
		items(b, "cg-check:", check);
		cg_buf_puts(b, "</td></tr>\n");
	}
	free(check);
	return state != NULL;
}

int
cg_site_report_rows(cg_buf *b, const struct cg_course *c)
{
	int si, i, rows = 0;

	for (si = 0; si < c->nsess; si++)
		for (i = 0; i < c->sess[si].nfiles; i++)
			if (!c->sess[si].files[i].also)
				rows += row(b, &c->sess[si], &c->sess[si].files[i]);
	return rows;
}

void
cg_site_reasks(const char *out, int *reasks, int *ended)
{
	char *path = xasprintf("%s/log/calls.jsonl", out);
	char *text = cg_read_file(path, NULL, NULL), *line, *nl;
	long run = 0;
	double since = 0;

	*reasks = *ended = 0;
	if (text)	/* the newest run only, as the drawing of it */
		cg_clog_newest(text, &run, &since);
	for (line = text; line && *line; line = nl) {
		cJSON *j;
		const char *st;
		if ((nl = strchr(line, '\n')))
			*nl++ = '\0';
		if (!strstr(line, "\"validate\"") || !(j = cJSON_Parse(line)))
			continue;
		st = cg_json_gets(j, "status", "");
		if (strcmp(cg_json_gets(j, "event", ""), "validate") == 0 &&
		    cg_clog_keep(j, run, since)) {
			if (strcmp(st, "retry") == 0)
				(*reasks)++;
			else if (!strcmp(st, "ok") || !strcmp(st, "imperfect") ||
			    !strcmp(st, "fail"))
				(*ended)++;
		}
		cJSON_Delete(j);
	}
	free(text);
	free(path);
}

/* One kind's row of the run's table; its cells are counts. */
static void
kind_row(cg_buf *b, const char *cls, const char *name,
    const struct cg_run_kind *k)
{
	cg_buf_printf(b, "<tr%s%s%s><td>", cls ? " class=\"" : "", cls ? cls :
	    "", cls ? "\"" : "");
	cg_md_escape(b, name, strlen(name));
	cg_buf_printf(b, "</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td>"
	    "<td>%ld</td><td>%ld</td></tr>\n", k->requests, k->failed,
	    k->reasks, k->imperfect, k->fails, k->hits);
}

/* The re-asks and imperfect files of the run per kind, and a total. */
static void
kind_table(cg_buf *b, const struct cg_clog *l)
{
	struct cg_run_kind *k, tot = {0};
	int n = cg_run_kinds(l, &k), i;

	cg_buf_puts(b, "<table class=\"run-kinds\">\n<thead><tr><th>Kind</th>"
	    "<th>Requests</th><th>Failed attempts</th><th>Re-asks</th>"
	    "<th>Kept imperfect</th><th>Failed files</th><th>Cache hits</th>"
	    "</tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		kind_row(b, NULL, k[i].name, &k[i]);
		tot.requests += k[i].requests;
		tot.failed += k[i].failed;
		tot.reasks += k[i].reasks;
		tot.imperfect += k[i].imperfect;
		tot.fails += k[i].fails;
		tot.hits += k[i].hits;
	}
	if (n > 1)
		kind_row(b, "total", "all kinds", &tot);
	cg_buf_puts(b, "</tbody>\n</table>\n");
	free(k);
}

/* The newest run of the call log drawn (nothing when the log has no
 * line of it), then the heading of the files' table that follows. */
static void
run_section(cg_buf *b, const char *out)
{
	char *path = xasprintf("%s/log/calls.jsonl", out);
	char *text = cg_read_file(path, NULL, NULL);
	struct cg_clog l = {0};

	if (text && cg_clog_load(&l, text) > 0) {
		cg_buf_puts(b, "<h2 id=\"run\">The newest run</h2>\n<p>What "
		    "the last run of make asked the model, from the call log "
		    "(make stats prints it as a table).</p>\n<div "
		    "class=\"run-timeline\">\n");
		cg_svg_timeline(b, &l);
		cg_buf_puts(b, "</div>\n<div class=\"run-kinds\">\n");
		cg_svg_kinds(b, &l);
		cg_buf_puts(b, "</div>\n");
		kind_table(b, &l);
		cg_buf_puts(b, "<h2 id=\"files\">Files</h2>\n");
	}
	cg_clog_free(&l);
	free(text);
	free(path);
}

void
cg_site_report_reasks(cg_buf *b, const char *out, const cJSON *course)
{
	const cJSON *bj = cg_json_at(course, "llm.reask_budget");
	int reasks, ended, req;

	cg_site_reasks(out, &reasks, &ended);
	req = reasks + ended;
	cg_buf_printf(b, "<p class=\"reasks\">Re-asks: %d", reasks);
	if (req)
		cg_buf_printf(b, " of %d requests (%d%%)", req,
		    (int)(100.0 * reasks / req + 0.5));
	cg_buf_printf(b, " for %d generated file%s; a re-ask is a whole new "
	    "generation, asked when a reply was unusable or worth asking "
	    "again.", ended, ended == 1 ? "" : "s");
	if (cJSON_IsNumber(bj))
		cg_buf_printf(b, "  Budget: %g%% of a run's requests "
		    "(llm.reask_budget %g).", 100 * bj->valuedouble,
		    bj->valuedouble);
	cg_buf_puts(b, "</p>\n");
	run_section(b, out);
}
