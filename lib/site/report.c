/* report.c — the body of the teacher's report (see site.h).
 *
 * What it knows comes from what the generators leave beside each file
 * (cg_gen_note_all: .NAME.failed, .NAME.imperfect, .NAME.mended), from
 * the validators cg-check runs (cg_validate with the session's
 * requirements: its warnings and hard problems) and from the call log
 * (OUT/log/calls.jsonl: the re-asks).  One table row per file with
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
#include "validate.h"

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

/* cg-check's verdict on the file at path, as lines: its hard problems
 * ("does not pass: …") and its warnings.  NULL when it has none. */
static char *
checked(const char *path, const struct cg_kind *kd, const cJSON *sj)
{
	char *text = cg_read_file(path, NULL, NULL);
	cg_buf hard = {0}, out = {0};
	cJSON *warn, *w, *req;
	const char *p, *e;

	if (!text || !sj) {
		free(text);
		return NULL;
	}
	warn = cJSON_CreateArray();
	req = cg_gen_req(sj, kd);
	cg_validate(kd->name, text, req, &hard, NULL, warn);
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
	free(text);
	if (!out.len) {
		cg_buf_free(&out);
		return NULL;
	}
	return cg_buf_take(&out);
}

/* One file's row, when there is anything to say about it.  1 for a row. */
static int
row(cg_buf *b, const char *out, const struct cg_site_rsess *x,
    const struct cg_kind *kd, const char *file)
{
	char *path = xasprintf("%s/%s/%s", out, x->id, file);
	int have = access(path, F_OK) == 0;
	char *failed = have ? NULL : cg_gen_note_all(path, "failed");
	char *imp = have ? cg_gen_note_all(path, "imperfect") : NULL;
	char *mended = have ? cg_gen_note_all(path, "mended") : NULL;
	char *check = have ? checked(path, kd, x->sj) : NULL;
	const char *state = !have ? (failed ? "failed" : "not generated yet") :
	    imp ? "imperfect" : mended ? "mended" : !check ? NULL :
	    strncmp(check, "does not pass", 13) == 0 ? "does not pass cg-check" :
	    "warnings";

	if (state) {
		cg_buf_printf(b, "<tr class=\"%s\"><td>%s/", !have ? (failed ?
		    "failed" : "missing") : imp ? "imperfect" : mended ?
		    "mended" : "warnings", x->id);
		cg_md_escape(b, file, strlen(file));
		cg_buf_printf(b, "</td><td>%s</td><td>", state);
		if (failed) {
			char *nl = strchr(failed, '\n');
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
	free(failed);
	free(imp);
	free(mended);
	free(check);
	free(path);
	return state != NULL;
}

int
cg_site_report_rows(cg_buf *b, const char *out, const struct cg_site_rsess *ss,
    int n)
{
	const struct cg_kind *kd = NULL;
	size_t nk, i;
	int si, k, rows = 0;

	kd = cg_kind_list(&nk);
	for (si = 0; si < n; si++)
		for (i = 0; i < nk; i++) {
			int nf = kd[i].multi ? ss[si].ndiagrams : 1;
			if (kd[i].shape == CG_SHAPE_OUTLINE)
				continue;
			for (k = 1; k <= nf; k++) {
				char *file = cg_kind_file(&kd[i], k);
				rows += row(b, out, &ss[si], &kd[i], file);
				free(file);
			}
		}
	return rows;
}

void
cg_site_reasks(const char *out, int *reasks, int *ended)
{
	char *path = xasprintf("%s/log/calls.jsonl", out);
	char *text = cg_read_file(path, NULL, NULL), *line, *nl;

	*reasks = *ended = 0;
	for (line = text; line && *line; line = nl) {
		cJSON *j;
		const char *st;
		if ((nl = strchr(line, '\n')))
			*nl++ = '\0';
		if (!strstr(line, "\"validate\"") || !(j = cJSON_Parse(line)))
			continue;
		st = cg_json_gets(j, "status", "");
		if (strcmp(cg_json_gets(j, "event", ""), "validate") == 0) {
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
}
