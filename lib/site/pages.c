/* pages.c — the pages of the site (see siteint.h): a session's overview,
 * parts and whole, the modules, the index, the print copies and the
 * teacher's report, with their links, breadcrumbs and search entries.
 */
#include <stdlib.h>
#include <string.h>
#include "siteint.h"

/* ---- pages ----------------------------------------------------------- */

/* ctext(o, key, t) for t malloc'ed (LF's), freed. */
static void
lset_ctext(cJSON *o, const char *key, char *t)
{
	ctext(o, key, t);
	free(t);
}

static const char *
model_of(struct site *s, const struct sess *x)
{
	return cg_json_gets(x ? x->sj : NULL, "llm.model", s->model);
}

static void
mod_link(struct site *s, struct link *l, const struct mod *m)
{
	char n[16];

	snprintf(l->url, sizeof l->url, "m%02d.html", m->num);
	LS(l->label, s, "module_title", "n", NUMSTR(n, m->num), "title", m->title);
}

/* "Session N: title" (title: the session's when NULL). */
static void
sess_label(struct site *s, char *buf, size_t len, const struct sess *x,
    const char *title)
{
	char n[16];

	lset(buf, len, LF(s, "session_title", "n", NUMSTR(n, x->num),
	    "title", title ? title : x->title));
}

/* The reading order: each session's overview, then its parts.  stops
 * holds them all; sess_stop(s, si) is session si's first. */
void
site_build_stops(struct site *s)
{
	int i, k;

	s->stops = xcalloc((size_t)s->nsess * (s->nkinds + 1) + 1, sizeof *s->stops);
	s->nstops = 0;
	for (i = 0; i < s->nsess; i++) {
		struct sess *x = &s->sess[i];
		struct link *l = &s->stops[s->nstops++];
		x->stop = s->nstops - 1;
		snprintf(l->url, sizeof l->url, "%s.html", x->id);
		sess_label(s, l->label, sizeof l->label, x, NULL);
		x->nparts = 0;
		for (k = 0; k < s->nkinds; k++) {
			if (!kind_enabled(s, s->kinds[k]))
				continue;
			l = &s->stops[s->nstops++];
			snprintf(l->url, sizeof l->url, "%s-%s.html", x->id, s->kinds[k]->section);
			sess_label(s, l->label, sizeof l->label, x, kind_title(s, s->kinds[k]));
			x->part[x->nparts++] = k;
		}
	}
}

static cJSON *
crumbs_session(struct site *s, struct sess *x, const char *url, const char *part)
{
	cJSON *c = cJSON_CreateArray();
	struct mod *m = &s->mods[x->mod];
	struct link ml;
	char lab[200], ov[32], n[16];

	mod_link(s, &ml, m);
	clink(c, "index.html", LB(s, "course"), 0);
	clink(c, ml.url, ml.label, 0);
	LS(lab, s, "session_n", "n", NUMSTR(n, x->num));
	snprintf(ov, sizeof ov, "%s.html", x->id);
	clink(c, ov, lab, !part);
	if (part)
		clink(c, url, part, 1);
	return c;
}

/* The part bar: overview, each part, the whole session; cur is the
 * stop index of this page (-1: the whole-session page). */
static cJSON *
partbar(struct site *s, struct sess *x, int cur)
{
	cJSON *a = cJSON_CreateArray();
	char url[48];
	int k;

	clink(a, s->stops[x->stop].url, LB(s, "overview"), cur == x->stop);
	for (k = 0; k < x->nparts; k++)
		clink(a, s->stops[x->stop + 1 + k].url, kind_title(s, s->kinds[x->part[k]]),
		    cur == x->stop + 1 + k);
	snprintf(url, sizeof url, "%s-all.html", x->id);
	clink(a, url, LB(s, "whole_session"), cur < 0);
	return a;
}

/* The pager's label of session y's whole-session page. */
static void
whole_label(struct site *s, struct link *l, const struct sess *y)
{
	char n[16];

	LS(l->label, s, "session_whole", "n", NUMSTR(n, y->num), "title", y->title);
}

/* Render part.html with content and frame it as url. */
static int
session_page(struct site *s, struct sess *x, int si, const char *url,
    const char *heading, const char *content, cg_md_toc *toc, int cur,
    int list)
{
	cJSON *c = cJSON_CreateObject(), *so = cJSON_CreateObject();
	struct frame f = {0};
	struct link prev, next;
	char *body, title[700], st[600];
	int k, r;

	sess_label(s, st, sizeof st, x, NULL);
	cJSON_AddNumberToObject(so, "num", x->num);
	ctext(so, "title", x->title);
	ctext(so, "heading", st);
	cJSON_AddItemToObject(c, "session", so);
	if (heading)
		ctext(c, "heading", heading);
	chtml(c, "content_html", content);
	if (list) {
		cJSON *l = cJSON_CreateArray();
		for (k = 0; k < x->nparts; k++)
			clink(l, s->stops[x->stop + 1 + k].url, kind_title(s, s->kinds[x->part[k]]), 0);
		snprintf(title, sizeof title, "%s-all.html", x->id);
		clink(l, title, LB(s, "whole_session_page"), 0);
		cJSON_AddItemToObject(c, "list", l);
	}
	if (!(body = site_tmpl(s, T_PART, c))) {
		cJSON_Delete(c);
		return -1;
	}
	cJSON_Delete(c);
	if (heading)
		snprintf(title, sizeof title, "%s — %s", heading, st);
	else
		snprintf(title, sizeof title, "%s", st);
	f.title = title;
	f.kind = "session";
	f.cursess = si;
	f.curmod = -1;
	f.crumbs = crumbs_session(s, x, url, heading);
	f.parts = partbar(s, x, cur);
	f.toc = toc;
	f.when = x->mtime;
	f.model = model_of(s, x);
	if (cur >= 0) {		/* walk the parts, then the sessions */
		if (cur > 0)
			f.prev = &s->stops[cur - 1];
		if (cur + 1 < s->nstops)
			f.next = &s->stops[cur + 1];
	} else {		/* whole sessions, one after the other */
		if (si > 0) {
			snprintf(prev.url, sizeof prev.url, "%s-all.html", s->sess[si - 1].id);
			whole_label(s, &prev, &s->sess[si - 1]);
			f.prev = &prev;
		}
		if (si + 1 < s->nsess) {
			snprintf(next.url, sizeof next.url, "%s-all.html", s->sess[si + 1].id);
			whole_label(s, &next, &s->sess[si + 1]);
			f.next = &next;
		}
	}
	r = site_page(s, url, &f, body);
	free(body);
	return r;
}

/* Session si's pages: overview, one per part, the whole session; the
 * parts are indexed for search. */
int
site_session_pages(struct site *s, int si)
{
	struct sess *x = &s->sess[si];
	char url[64], stitle[600];
	int k;

	sess_label(s, stitle, sizeof stitle, x, NULL);
	{
		cg_buf b = {0};
		int r;
		site_overview(s, x, &b, 1, "", NULL, M_SCREEN);
		site_index_overview(s, x, s->stops[x->stop].url, stitle);
		r = session_page(s, x, si, s->stops[x->stop].url, NULL, b.s, NULL,
		    x->stop, 1);
		cg_buf_free(&b);
		if (r < 0)
			return -1;
	}
	for (k = 0; k < x->nparts; k++) {
		const struct cg_kind *kd = s->kinds[x->part[k]];
		const char *pu = s->stops[x->stop + 1 + k].url;
		cg_buf b = {0};
		cg_md_toc toc = {0};
		int r;
		site_kind_section(s, x, x->part[k], &b, 1, "", &toc, M_SCREEN, 1);
		cg_site_index_html(s->ix, pu, stitle, kind_title(s, kd), b.s);
		r = session_page(s, x, si, pu, kind_title(s, kd), b.s, &toc, x->stop + 1 + k, 0);
		cg_buf_free(&b);
		cg_md_toc_free(&toc);
		if (r < 0)
			return -1;
	}
	snprintf(url, sizeof url, "%s-all.html", x->id);
	return session_page(s, x, si, url, LB(s, "whole_session"), x->whole, &x->toc, -1, 0);
}

/* A session in a module's or the index's list. */
static cJSON *
session_item(struct site *s, struct sess *x)
{
	cJSON *o = cJSON_CreateObject(), *ob = cJSON_CreateArray();
	const cJSON *it;
	char url[32];

	snprintf(url, sizeof url, "%s.html", x->id);
	ctext(o, "id", x->id);
	cJSON_AddNumberToObject(o, "num", x->num);
	ctext(o, "title", x->title);
	ctext(o, "url", url);
	{
		char h[600];
		sess_label(s, h, sizeof h, x, NULL);
		ctext(o, "heading", h);
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(x->j, "objectives"))
		if (cJSON_IsString(it)) {
			cg_buf b = {0};
			esc(&b, it->valuestring);
			cJSON_AddItemToArray(ob, cJSON_CreateString(b.s ? b.s : ""));
			cg_buf_free(&b);
		}
	cJSON_AddItemToObject(o, "objectives", ob);
	return o;
}

int
site_module_page(struct site *s, int mi)
{
	struct mod *m = &s->mods[mi];
	cJSON *c = cJSON_CreateObject(), *ss = cJSON_CreateArray();
	struct link me, prev, next;
	struct frame f = {0};
	time_t when = 0;
	char *body, lab[200], n[16];
	int k, r, doc;

	mod_link(s, &me, m);
	cJSON_AddNumberToObject(c, "num", m->num);
	ctext(c, "title", m->title);
	ctext(c, "heading", me.label);
	ctext(c, "desc", m->desc);
	for (k = m->first; k < m->first + m->n; k++) {
		cJSON_AddItemToArray(ss, session_item(s, &s->sess[k]));
		if (s->sess[k].mtime > when)
			when = s->sess[k].mtime;
	}
	cJSON_AddItemToObject(c, "sessions", ss);
	body = site_tmpl(s, T_MODULE, c);
	cJSON_Delete(c);
	if (!body)
		return -1;
	LS(lab, s, "module_n", "n", NUMSTR(n, m->num));
	doc = cg_site_index_doc(s->ix, me.url, me.label, lab, m->desc);
	cg_site_index_text(s->ix, doc, me.label, strlen(me.label), 5);
	cg_site_index_text(s->ix, doc, m->desc, strlen(m->desc), 1);
	f.title = me.label;
	f.kind = "module";
	f.cursess = -1;
	f.curmod = mi;
	f.crumbs = cJSON_CreateArray();
	clink(f.crumbs, "index.html", LB(s, "course"), 0);
	clink(f.crumbs, me.url, lab, 1);
	f.when = when ? when : s->newest;
	f.model = s->model;
	if (mi > 0) {
		mod_link(s, &prev, &s->mods[mi - 1]);
		f.prev = &prev;
	}
	if (mi + 1 < s->nmods) {
		mod_link(s, &next, &s->mods[mi + 1]);
		f.next = &next;
	}
	r = site_page(s, me.url, &f, body);
	free(body);
	return r;
}

static void
fact(cJSON *a, const char *term, const char *value)
{
	cJSON *o = cJSON_CreateObject();

	ctext(o, "term", term);
	ctext(o, "value", value);
	cJSON_AddItemToArray(a, o);
}

static cJSON *
facts(struct site *s)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(s->outline, "course");
	/* the duration as the settings say now (changing it does not make
	 * the outline again); the outline's when they give none */
	const cJSON *dw = cg_json_at(s->course, "course.duration_weeks");

	if (!(cJSON_IsNumber(dw) && dw->valuedouble > 0) && !cJSON_IsString(dw))
		dw = cJSON_GetObjectItemCaseSensitive(c, "duration_weeks");
	cJSON *a = cJSON_CreateArray();
	const char *v;
	char t[200], n[16];

	if ((v = jstr(c, "subject", NULL)))
		fact(a, LB(s, "subject"), v);
	if ((v = jstr(c, "level", NULL)))
		fact(a, LB(s, "level"), v);
	if (cJSON_IsNumber(dw) && dw->valuedouble > 0) {
		LS(t, s, dw->valueint == 1 ? "weeks_one" : "weeks_many",
		    "n", NUMSTR(n, dw->valueint));
		fact(a, LB(s, "duration"), t);
	} else if (cJSON_IsString(dw))
		fact(a, LB(s, "duration"), dw->valuestring);
	if ((v = jstr(c, "language", NULL)))
		fact(a, LB(s, "language"), v);
	fact(a, LB(s, "modules"), NUMSTR(n, s->nmods));
	fact(a, LB(s, "sessions"), NUMSTR(n, s->nsess));
	return a;
}

/* The course description: the outline's, else the configuration's. */
static const char *
course_desc(struct site *s)
{
	return cg_json_gets(s->outline, "course.description",
	    cg_json_gets(s->course, "course.description", ""));
}

int
site_index_page(struct site *s)
{
	cJSON *c = cJSON_CreateObject(), *ms = cJSON_CreateArray();
	cg_md_toc toc = {0};
	struct frame f = {0};
	const char *desc = course_desc(s);
	char *body;
	int i, k, r, doc;

	ctext(c, "name", s->name);
	ctext(c, "desc", desc);
	cJSON_AddItemToObject(c, "facts", facts(s));
	for (i = 0; i < s->nmods; i++) {
		struct mod *m = &s->mods[i];
		cJSON *mo = cJSON_CreateObject(), *ss = cJSON_CreateArray();
		char id[16], url[32];
		struct link ml;
		mod_link(s, &ml, m);
		snprintf(id, sizeof id, "m%02d", m->num);
		snprintf(url, sizeof url, "m%02d.html", m->num);
		cJSON_AddNumberToObject(mo, "num", m->num);
		ctext(mo, "title", m->title);
		ctext(mo, "heading", ml.label);
		ctext(mo, "id", id);
		ctext(mo, "url", url);
		ctext(mo, "desc", m->desc);
		for (k = m->first; k < m->first + m->n; k++)
			cJSON_AddItemToArray(ss, session_item(s, &s->sess[k]));
		cJSON_AddItemToObject(mo, "sessions", ss);
		cJSON_AddItemToArray(ms, mo);
		{	/* toc labels are HTML */
			cg_buf l = {0};
			esc(&l, ml.label);
			toc_add(&toc, 2, id, l.s);
			cg_buf_free(&l);
		}
	}
	cJSON_AddItemToObject(c, "modules", ms);
	body = site_tmpl(s, T_INDEX, c);
	cJSON_Delete(c);
	if (!body) {
		cg_md_toc_free(&toc);
		return -1;
	}
	doc = cg_site_index_doc(s->ix, "index.html", s->name, LB(s, "course"), desc);
	cg_site_index_text(s->ix, doc, s->name, strlen(s->name), 5);
	cg_site_index_text(s->ix, doc, desc, strlen(desc), 1);
	f.title = s->name;
	f.kind = "index";
	f.cursess = f.curmod = -1;
	f.toc = &toc;
	f.when = s->newest;
	f.model = s->model;
	if (s->nstops)		/* → from the overview starts the course */
		f.next = &s->stops[0];
	r = site_page(s, "index.html", &f, body);
	free(body);
	cg_md_toc_free(&toc);
	return r;
}

/* report.html, for the teacher only (no link from the course's pages, no
 * search entry): the re-asks and every file kept imperfect, mended,
 * failed or not generated yet, with why (report.c). */
int
site_report_page(struct site *s)
{
	struct frame f = {0};
	cg_buf b = {0};
	int r;

	wrap(&b, "<h1>", LB(s, "report"), "</h1>\n");
	wrap(&b, "<p>", LB(s, "report_intro"), "</p>\n");
	cg_site_report_reasks(&b, s->o->out, s->course);
	wrap(&b, "<table class=\"report\">\n<thead><tr><th>", LB(s, "report_file"), "</th>");
	wrap(&b, "<th>", LB(s, "report_state"), "</th>");
	wrap(&b, "<th>", LB(s, "report_why"), "</th></tr></thead>\n<tbody>\n");
	if (!cg_site_report_rows(&b, &s->c))
		wrap(&b, "<tr><td colspan=\"3\">", LB(s, "report_none"), "</td></tr>\n");
	cg_buf_puts(&b, "</tbody>\n</table>\n");
	f.title = LB(s, "report");
	f.kind = "report";
	f.cursess = f.curmod = -1;
	f.when = s->newest;
	f.model = s->model;
	r = site_page(s, "report.html", &f, b.s);
	cg_buf_free(&b);
	return r;
}

/* print.html (the teacher's copy) or handout.html (the students'). */
int
site_print_page(struct site *s, int handout)
{
	cJSON *c = cJSON_CreateObject(), *ms = cJSON_CreateArray();
	struct frame f = {0};
	const char *name = handout ? "handout.html" : "print.html";
	const char *label = LB(s, handout ? "handout" : "whole_course");
	char *body, n[16];
	int i, k, r;

	ctext(c, "name", s->name);
	if (handout)
		lset_ctext(c, "heading", LF(s, "handout_title", "name", s->name));
	else
		ctext(c, "heading", s->name);
	ctext(c, "desc", course_desc(s));
	cJSON_AddBoolToObject(c, "handout", handout);
	cJSON_AddItemToObject(c, "facts", facts(s));
	for (i = 0; i < s->nmods; i++) {
		struct mod *m = &s->mods[i];
		cJSON *mo = cJSON_CreateObject(), *ss = cJSON_CreateArray();
		cJSON_AddNumberToObject(mo, "num", m->num);
		ctext(mo, "title", m->title);
		lset_ctext(mo, "heading", LF(s, "module_title", "n", NUMSTR(n, m->num),
		    "title", m->title));
		ctext(mo, "desc", m->desc);
		for (k = m->first; k < m->first + m->n; k++) {
			struct sess *x = &s->sess[k];
			cJSON *so = cJSON_CreateObject();
			char h[600];
			ctext(so, "id", x->id);
			cJSON_AddNumberToObject(so, "num", x->num);
			ctext(so, "title", x->title);
			sess_label(s, h, sizeof h, x, NULL);
			ctext(so, "heading", h);
			chtml(so, "body_html", handout ? x->handout : x->teacher);
			cJSON_AddItemToArray(ss, so);
		}
		cJSON_AddItemToObject(mo, "sessions", ss);
		cJSON_AddItemToArray(ms, mo);
	}
	cJSON_AddItemToObject(c, "modules", ms);
	body = site_tmpl(s, T_PRINT, c);
	cJSON_Delete(c);
	if (!body)
		return -1;
	f.title = label;
	f.kind = handout ? "handout" : "print";
	f.cursess = f.curmod = -1;
	f.crumbs = cJSON_CreateArray();
	clink(f.crumbs, "index.html", LB(s, "course"), 0);
	clink(f.crumbs, name, label, 1);
	f.when = s->newest;
	f.model = s->model;
	r = site_page(s, name, &f, body);
	free(body);
	return r;
}

