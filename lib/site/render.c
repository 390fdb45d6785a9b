/* render.c — a session's content as HTML (see siteint.h): markdown,
 * diagrams, the quiz, the overview and each part's section, on screen,
 * for the teacher's print copy and for the students' handout.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "siteint.h"
#include "mermaid.h"

/* ---- markdown helpers ------------------------------------------------ */

static int codehook(void *arg, const char *lang, const char *code, size_t len,
    cg_buf *out);

static void
md(struct site *s, cg_buf *out, const char *text, size_t len, const char *prefix,
    int base, cg_md_toc *toc)
{
	cg_md_opts o = { prefix, base, toc, codehook, s };
	cg_err e;

	if (cg_md_render(text, len, &o, out, &e) < 0) {
		cg_buf_puts(out, "<pre>");
		cg_md_escape(out, text, len);
		cg_buf_puts(out, "</pre>\n");
	}
}

/* Short text (a quiz option): markdown without the paragraph around it. */
static void
mdinline(struct site *s, cg_buf *out, const char *text)
{
	cg_buf b = {0};
	size_t n;

	md(s, &b, text ? text : "", text ? strlen(text) : 0, "q", 6, NULL);
	n = b.len;
	while (n && b.s[n - 1] == '\n')
		n--;
	if (n >= 7 && strncmp(b.s, "<p>", 3) == 0 &&
	    strncmp(b.s + n - 4, "</p>", 4) == 0 &&
	    !strstr(b.s + 3, "<p>"))
		cg_buf_add(out, b.s + 3, n - 7);
	else
		cg_buf_add(out, b.s ? b.s : "", b.len);
	cg_buf_free(&b);
}


/* A mermaid diagram: parsed tolerantly and re-emitted strictly, so even a
 * hand-edited messy file renders; the text alternative comes from its
 * labels.  Returns 0, or -1 (nothing appended) when it is not a diagram. */
static int
figure(struct site *s, cg_buf *out, const char *text, const char *caption,
    const char *what)
{
	cg_err e;
	cg_mmd *m = cg_mmd_parse(text, &e);
	char *src, *alt;

	if (!m) {
		if (what)
			site_warn(s, "%s: not a usable flowchart (%s); shown as source",
			    what, e.msg);
		return -1;
	}
	src = cg_mmd_nolt(cg_mmd_emit(m));
	alt = cg_mmd_alt(m, cg_label(s->L, "flowchart"));
	s->nfig++;
	cg_buf_puts(out, "<figure class=\"diagram\">\n<div class=\"diagram-frame\" tabindex=\"0\" data-zoom>"
	    "<pre class=\"mermaid\" role=\"img\" aria-label=\"");
	esc(out, alt);
	cg_buf_puts(out, "\">");
	esc(out, src);
	cg_buf_puts(out, "</pre></div>\n<figcaption>");
	if (caption) {
		esc(out, caption);
		cg_buf_putc(out, ' ');
	}
	cg_buf_puts(out, "<details class=\"alt\"><summary>");
	esc(out, LB(s, "text_description"));
	cg_buf_puts(out, "</summary><p>");
	esc(out, alt);
	cg_buf_puts(out, "</p></details></figcaption>\n</figure>\n");
	free(src);
	free(alt);
	cg_mmd_free(m);
	return 0;
}

static int
codehook(void *arg, const char *lang, const char *code, size_t len, cg_buf *out)
{
	struct site *s = arg;
	char *t;
	int r;

	if (strcasecmp(lang, "mermaid") != 0)
		return 0;
	t = xstrndup(code, len);
	r = figure(s, out, t, NULL, "mermaid block") == 0;
	free(t);
	return r;
}

/* ---- session content ------------------------------------------------- */

static void
missing(struct site *s, struct sess *x, cg_buf *b, const char *file,
    const char *target, int report)
{
	if (report)
		s->st->missing++;
	/* inside make course, whose summary names what was not made */
	if (report && x->present && !getenv("CG_SUMMARY"))
		site_warn(s, "%s/%s/%s: not generated yet; run: make %s-%s", s->o->out,
		    x->id, file, x->id, target);
	wrap(b, "<p class=\"missing\">", LB(s, "not_generated"), "</p>\n");
}

static void
strlist(cg_buf *b, const cJSON *arr, const char *cls)
{
	const cJSON *it;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
		return;
	cg_buf_printf(b, "<ul class=\"%s\">\n", cls);
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it)) {
			cg_buf_puts(b, "<li>");
			esc(b, it->valuestring);
			cg_buf_puts(b, "</li>\n");
		}
	cg_buf_puts(b, "</ul>\n");
}

/* Base64 of n bytes of p (RFC 4648, padded). */
static void
base64(cg_buf *b, const char *p, size_t n)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)p;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		cg_buf_putc(b, a[u[i] >> 2]);
		cg_buf_putc(b, a[(u[i] & 3) << 4 | u[i + 1] >> 4]);
		cg_buf_putc(b, a[(u[i + 1] & 15) << 2 | u[i + 2] >> 6]);
		cg_buf_putc(b, a[u[i + 2] & 63]);
	}
	if (n - i == 1) {
		cg_buf_putc(b, a[u[i] >> 2]);
		cg_buf_putc(b, a[(u[i] & 3) << 4]);
		cg_buf_puts(b, "==");
	} else if (n - i == 2) {
		cg_buf_putc(b, a[u[i] >> 2]);
		cg_buf_putc(b, a[(u[i] & 3) << 4 | u[i + 1] >> 4]);
		cg_buf_putc(b, a[(u[i + 1] & 15) << 2]);
		cg_buf_putc(b, '=');
	}
}

/* An explanation or model answer (markdown text) on screen: hidden until
 * cg.js shows it.  In the students' edition it is not in the page as
 * text at all: with site.answers "after" it travels base64-encoded in
 * data-reveal (no find-in-page, no search entry, not readable at a
 * glance in the source) for cg.js to decode once the question is
 * answered; with "never" it is left out. */
static void
hidden_answer(struct site *s, cg_buf *b, const char *text)
{
	cg_buf h = {0};

	if (s->audience == A_TEACHER) {
		cg_buf_puts(b, "<div class=\"explain\" hidden>");
		md(s, b, text, strlen(text), "x", 6, NULL);
		cg_buf_puts(b, "</div>\n");
		return;
	}
	if (s->answers == ANS_NEVER)
		return;
	md(s, &h, text, strlen(text), "x", 6, NULL);
	cg_buf_puts(b, "<div class=\"explain\" hidden data-reveal=\"");
	base64(b, h.s ? h.s : "", h.len);
	cg_buf_puts(b, "\"></div>\n");
	cg_buf_free(&h);
}

/* One multiple-choice question: buttons on screen, the options with the
 * answer marked for the teacher, plain options on the handout. */
static void
quiz_mc(struct site *s, cg_buf *b, const cJSON *q, int i, enum mode mode)
{
	const char *ans = jstr(q, "answer", ""), *ex = jstr(q, "explanation", "");
	const cJSON *o;
	char n[16];
	int j = 0;

	cg_buf_puts(b, "<div class=\"opts\" role=\"group\" aria-label=\"");
	LH(b, s, "options_for", "n", NUMSTR(n, i + 1));
	cg_buf_puts(b, "\">\n");
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(q, "options")) {
		char L = (char)('A' + j++);
		if (mode == M_SCREEN)
			cg_buf_printf(b, "<button type=\"button\" class=\"opt\" data-o=\"%c\">"
			    "<span class=\"letter\">%c</span> ", L, L);
		else
			cg_buf_printf(b, "<p class=\"opt%s\"><span class=\"letter\">%c</span> ",
			    mode == M_TEACHER && ans[0] == L ? " correct" : "", L);
		mdinline(s, b, cJSON_IsString(o) ? o->valuestring : "");
		cg_buf_puts(b, mode == M_SCREEN ? "</button>\n" : "</p>\n");
	}
	cg_buf_puts(b, "</div>\n");
	if (mode == M_HANDOUT)
		return;
	if (mode == M_SCREEN) {
		cg_buf_puts(b, "<p class=\"feedback\" aria-live=\"polite\"></p>\n");
		hidden_answer(s, b, ex);
		return;
	}
	cg_buf_puts(b, "<div class=\"explain\"><p><strong>");
	{
		cg_buf a = {0};
		esc(&a, ans);
		LH(b, s, "answer", "answer", a.s ? a.s : "");
		cg_buf_free(&a);
	}
	cg_buf_puts(b, "</strong></p>");
	md(s, b, ex, strlen(ex), "x", 6, NULL);
	cg_buf_puts(b, "</div>\n");
}

/* A short-answer (k = 1) or essay question's answer: on request on
 * screen, shown for the teacher, lines to write on in the handout.  The
 * students' edition gives a box to write the answer in; the model answer
 * (with site.answers "after") only once something is written. */
static void
quiz_open(struct site *s, cg_buf *b, const cJSON *q, int k, enum mode mode)
{
	const char *t = jstr(q, k == 1 ? "answer" : "guidance", "");
	int i;

	if (mode == M_HANDOUT) {
		cg_buf_puts(b, "<div class=\"answer-lines\" aria-hidden=\"true\">");
		for (i = 0; i < (k == 1 ? 3 : 8); i++)
			cg_buf_puts(b, "<span></span>");
		cg_buf_puts(b, "</div>\n");
		return;
	}
	if (mode == M_SCREEN && s->audience == A_STUDENTS) {
		cg_buf_printf(b, "<div class=\"own-answer\"><textarea class=\"my-answer\" rows=\"%d\" aria-label=\"",
		    k == 1 ? 3 : 8);
		LH(b, s, "your_answer", NULL);
		cg_buf_puts(b, "\"></textarea>\n");
		if (s->answers == ANS_AFTER) {
			cg_buf_puts(b, "<button type=\"button\" class=\"reveal\" disabled>");
			LH(b, s, k == 1 ? "show_answer" : "show_guidance", NULL);
			cg_buf_puts(b, "</button>\n");
			hidden_answer(s, b, t);
		}
		cg_buf_puts(b, "</div>\n");
		return;
	}
	cg_buf_printf(b, "<details%s><summary>", mode == M_TEACHER ? " open" : "");
	LH(b, s, k == 1 ? "show_answer" : "show_guidance", NULL);
	cg_buf_puts(b, "</summary>\n");
	md(s, b, t, strlen(t), "x", 6, NULL);
	cg_buf_puts(b, "</details>\n");
}

void
cg_site_quiz_key(cg_buf *b, const char *session, const cJSON *mc,
    const cg_labels *L)
{
	site_quiz_key(b, session, mc, L ? cg_label(L, "quiz_reset") :
	    "Start the quiz again");
}

void
site_quiz_key(cg_buf *b, const char *session, const cJSON *mc,
    const char *reset)
{
	cJSON *key = cJSON_CreateObject(), *ans = cJSON_CreateArray();
	const cJSON *q;

	cJSON_AddStringToObject(key, "session", session);
	cJSON_ArrayForEach(q, mc)
		cJSON_AddItemToArray(ans, cJSON_CreateString(jstr(q, "answer", "")));
	cJSON_AddItemToObject(key, "answers", ans);
	cg_buf_puts(b, "<button type=\"button\" class=\"quiz-reset\">");
	esc(b, reset);
	cg_buf_puts(b, "</button>\n<script type=\"application/json\" class=\"quiz-data\">");
	cg_site_json_script(b, key);
	cJSON_Delete(key);
	cg_buf_puts(b, "</script>\n");
}

static void
quiz(struct site *s, struct sess *x, cg_buf *b, int lvl, const char *pfx,
    cg_md_toc *toc, enum mode mode)
{
	static const char *const sub[3] = { "multiple_choice", "short_answer", "essay" };
	static const char *const sid[3] = { "mc", "sa", "essay" };
	const cJSON *mc = cJSON_GetObjectItemCaseSensitive(x->quiz, "multiple_choice");
	const cJSON *grp[3] = { mc,
		cJSON_GetObjectItemCaseSensitive(x->quiz, "short_answer"),
		cJSON_GetObjectItemCaseSensitive(x->quiz, "essay") };
	const cJSON *q;
	int i, k, nmc = cJSON_GetArraySize(mc);
	char id[80], tot[16];

	cg_buf_printf(b, "<div class=\"quiz\" data-session=\"%s\" data-total=\"%d\">\n",
	    x->id, cJSON_IsArray(mc) ? nmc : 0);
	if (mode == M_SCREEN && cJSON_IsArray(mc) && nmc)
	{
		cg_buf_puts(b, "<p class=\"score\" aria-live=\"polite\">");
		LH(b, s, "score", "right", "<span class=\"score-n\">0</span>",
		    "total", NUMSTR(tot, nmc),
		    "answered", "<span class=\"score-a\">0</span>");
		cg_buf_puts(b, "</p>\n");
	}
	for (k = 0; k < 3; k++) {
		if (!cJSON_IsArray(grp[k]) || cJSON_GetArraySize(grp[k]) == 0)
			continue;
		snprintf(id, sizeof id, "%s-%s", pfx, sid[k]);
		{
			cg_buf h = {0};
			esc(&h, LB(s, sub[k]));
			cg_buf_printf(b, "<h%d id=\"%s\">%s</h%d>\n", lvl, id, h.s, lvl);
			toc_add(toc, lvl, id, h.s);
			cg_buf_free(&h);
		}
		cg_buf_printf(b, "<ol class=\"%s\">\n", k == 0 ? "mc" : "open");
		i = 0;
		cJSON_ArrayForEach(q, grp[k]) {
			cg_buf_printf(b, "<li class=\"q\" data-i=\"%d\">\n<div class=\"qtext\">", i);
			mdinline(s, b, jstr(q, "question", ""));
			cg_buf_puts(b, "</div>\n");
			if (k == 0)
				quiz_mc(s, b, q, i, mode);
			else
				quiz_open(s, b, q, k, mode);
			cg_buf_puts(b, "</li>\n");
			i++;
		}
		cg_buf_puts(b, "</ol>\n");
	}
	if (mode == M_SCREEN)
		site_quiz_key(b, x->id, mc, LB(s, "quiz_reset"));
	cg_buf_puts(b, "</div>\n");
}

static const char *const ov_key[3] = { "objectives", "key_concepts", "subtopics" };
static const char *const ov_label[3] = { "objectives", "key_concepts", "subtopics" };

/* Open a part's section; its heading at level lvl, none when lvl is 1
 * (the page's own h1 names it). */
static void
section_open(cg_buf *b, const char *cls, const char *id, int lvl,
    const char *title, cg_md_toc *toc)
{
	cg_buf h = {0};

	if (lvl <= 1) {
		cg_buf_printf(b, "<section class=\"%s\">\n", cls);
		return;
	}
	esc(&h, title);
	cg_buf_printf(b, "<section class=\"%s\" aria-labelledby=\"%s\">\n<h%d id=\"%s\">%s</h%d>\n",
	    cls, id, lvl, id, h.s ? h.s : "", lvl);
	toc_add(toc, lvl, id, h.s ? h.s : "");	/* toc labels are HTML */
	cg_buf_free(&h);
}

/* The overview section: module, rationale, objectives, concepts,
 * subtopics — all from the outline. */
void
site_overview(struct site *s, struct sess *x, cg_buf *b, int lvl,
    const char *pfx, cg_md_toc *toc, enum mode mode)
{
	struct mod *m = &s->mods[x->mod];
	const char *why = jstr(x->j, "rationale", NULL);
	char id[64];
	int k;

	snprintf(id, sizeof id, "%soverview", pfx);
	section_open(b, "overview", id, lvl, LB(s, "overview"), toc);
	if (mode == M_SCREEN) {	/* print pages name the module once */
		char n[16], *mt = LF(s, "module_title", "n", NUMSTR(n, m->num),
		    "title", m->title);
		cg_buf a = {0};
		cg_buf_printf(&a, "<a href=\"m%02d.html\">", m->num);
		esc(&a, mt);
		cg_buf_puts(&a, "</a>");
		cg_buf_puts(b, "<p class=\"meta\">");
		LH(b, s, "part_of", "module", a.s);
		cg_buf_puts(b, "</p>\n");
		cg_buf_free(&a);
		free(mt);
	}
	if (why)
		wrap(b, "<p>", why, "</p>\n");
	for (k = 0; k < 3; k++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(x->j, ov_key[k]);
		if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a))
			continue;
		wrap(b, "<p class=\"label\">", LB(s, ov_label[k]), "</p>\n");
		strlist(b, a, ov_key[k]);
	}
	cg_buf_puts(b, "</section>\n");
}

/* One diagram file of kind kd (k: its index for a multi kind, else 0);
 * t NULL = not generated. */
static void
diagram_item(struct site *s, struct sess *x, cg_buf *b, const struct cg_kind *kd,
    int k, const char *t, int report)
{
	char *file = cg_kind_file(kd, k), *what, cap[160], n[16];

	if (kd->multi) {
		char *c = LF(s, "diagram_n", "n", NUMSTR(n, k));
		snprintf(cap, sizeof cap, "%s", c);
		free(c);
	} else
		snprintf(cap, sizeof cap, "%s.", kind_title(s, kd));
	if (!t) {
		char *alias = xstrdup(file), *dot = strrchr(alias, '.');
		if (dot)
			*dot = 0;
		missing(s, x, b, file, alias, report);
		free(alias);
		free(file);
		return;
	}
	what = xasprintf("%s/%s/%s", s->o->out, x->id, file);
	if (figure(s, b, t, cap, report ? what : NULL) < 0) {
		cg_buf_puts(b, "<pre class=\"diagram-src\"><code>");
		esc(b, t);
		cg_buf_puts(b, "</code></pre>\n");
	}
	free(what);
	free(file);
}

/* Kind i's section of session x.  lvl: its heading level (1: none, the
 * page names it); ids are prefixed with pfx; headings go into toc (may
 * be NULL); report: count and warn about missing files (once per
 * session, on the screen rendering). */
void
site_kind_section(struct site *s, struct sess *x, int i, cg_buf *b, int lvl,
    const char *pfx, cg_md_toc *toc, enum mode mode, int report)
{
	const struct cg_kind *kd = s->kinds[i];
	const struct cg_course_file *f = kd->multi ? NULL : sfile(x, kd, 0);
	const char *text = f ? f->text : NULL;
	char id[64], cls[80], *alias;
	int k;

	snprintf(id, sizeof id, "%s%s", pfx, kd->section);
	snprintf(cls, sizeof cls, "kind kind-%s", kd->section);
	section_open(b, cls, id, lvl, kind_title(s, kd), toc);
	alias = cg_kind_alias(kd);
	switch (kd->shape) {
	case CG_SHAPE_PROSE:
		if (!text)
			missing(s, x, b, kd->file, alias, report);
		else
			md(s, b, text, f->len, id, lvl + 1, toc);
		break;
	case CG_SHAPE_DIAGRAM:
		if (!kd->multi) {
			diagram_item(s, x, b, kd, 0, text, report);
			break;
		}
		if (x->cs->ndiagrams == 0)
			wrap(b, "<p class=\"missing\">", LB(s, "no_diagrams"), "</p>\n");
		for (k = 1; k <= x->cs->ndiagrams; k++) {
			f = sfile(x, kd, k);
			diagram_item(s, x, b, kd, k, f ? f->text : NULL, report);
		}
		break;
	case CG_SHAPE_QUIZ:
		if (!text)
			missing(s, x, b, kd->file, alias, report);
		else if (!x->quiz)
			wrap(b, "<p class=\"missing\">", LB(s, "quiz_unreadable"), "</p>\n");
		else
			quiz(s, x, b, lvl + 1, id, toc, mode);
		break;
	case CG_SHAPE_OUTLINE:
		break;
	}
	free(alias);
	cg_buf_puts(b, "</section>\n");
}

/* The whole session: overview and every enabled part, section headings
 * at level lvl, ids prefixed with pfx ("" on the session's pages,
 * "s03-" on the print pages), headings into toc (may be NULL). */
static void
session_body(struct site *s, struct sess *x, cg_buf *b, int lvl,
    const char *pfx, cg_md_toc *toc, enum mode mode)
{
	int i;

	site_overview(s, x, b, lvl, pfx, toc, mode);
	for (i = 0; i < s->nkinds; i++)
		if (kind_enabled(s, s->kinds[i]))
			site_kind_section(s, x, i, b, lvl, pfx, toc, mode, 0);
}

void
site_index_overview(struct site *s, struct sess *x, const char *url,
    const char *title)
{
	const char *why = jstr(x->j, "rationale", NULL);
	const cJSON *it;
	cg_buf t = {0};
	int doc, k;

	for (k = 0; k < 3; k++)
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(x->j, ov_key[k]))
			if (cJSON_IsString(it)) {
				cg_buf_puts(&t, it->valuestring);
				cg_buf_puts(&t, ". ");
			}
	if (why)
		cg_buf_puts(&t, why);
	doc = cg_site_index_doc(s->ix, url, title, LB(s, "overview"), t.s ? t.s : "");
	cg_site_index_text(s->ix, doc, title, strlen(title), 5);
	cg_site_index_text(s->ix, doc, t.s, t.len, 2);
	cg_buf_free(&t);
}

/* Render session x's whole-session page body and the two print parts
 * (its content loaded). */
void
site_render_session(struct site *s, struct sess *x)
{
	cg_buf w = {0}, t = {0}, h = {0};
	char pfx[24];

	session_body(s, x, &w, 2, "", &x->toc, M_SCREEN);
	snprintf(pfx, sizeof pfx, "%s-", x->id);
	session_body(s, x, &t, 4, pfx, NULL, M_TEACHER);
	session_body(s, x, &h, 4, pfx, NULL, M_HANDOUT);
	x->whole = cg_buf_take(&w);
	x->teacher = cg_buf_take(&t);
	x->handout = cg_buf_take(&h);
}

