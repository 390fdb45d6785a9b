/* html.c — the whole course as one self-contained HTML file (see
 * export.h), for e-mail or an LMS page.
 *
 * Everything is inside the file: the site's style sheet and script
 * (site/cg.css, site/cg.js), the diagrams as pictures drawn at export
 * time (cg_export_draw; data: URLs, the text description as alternative
 * text, the source in a <details>) and the formulas as MathML
 * (cg_export_mathml).  What could not be made then is left to the page:
 * the vendored mermaid draws a diagram not drawn, KaTeX (its fonts as
 * data: URLs) typesets a formula left as TeX.  So it works opened by
 * double-click with no network: nothing references another file or host,
 * and a Content-Security-Policy allows inline code and data: fonts and
 * images only.  The markup and layout are the site's: a sidebar with the
 * contents that a menu button opens on a phone, wide diagrams, tables
 * and code scrolling in their own box; cg.js runs the quiz (answers kept
 * in the browser's local storage only).  Scripts are embedded with
 * "</script" and "<!--" written so the HTML parser cannot end or confuse
 * the element.  Its words are the course language's (labels.h), handed
 * to cg.js as the site does; the page carries lang and dir.  The
 * students' edition (c->students) shows the options as text and a box
 * for each open answer, with no answer key, explanation or model answer
 * in the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "export.h"
#include "fsio.h"
#include "site.h"

#define KATEX "site/node_modules/katex/dist/"

/* What the one file adds to the site's style sheet: pictures of
 * diagrams keep their size and scroll in their frame, display maths
 * scrolls in its line. */
static const char extra_css[] =
    "\n.diagram-pic .diagram-frame { text-align: center; }\n"
    ".diagram-pic .diagram-frame img { display: inline-block; max-width: none; height: auto; "
    "vertical-align: top; background: #fff; }\n"
    ".diagram-source { margin: .25rem 0; font-size: .9rem; }\n"
    ".diagram-source pre { max-width: 100%; }\n"
    ".mathml.display { display: block; overflow-x: auto; overflow-y: hidden; margin: 1rem 0; }\n"
    "main img, main table, main pre { max-width: 100%; }\n";

/* A data file of the source tree or installation (cg_datafile), or NULL
 * with e saying how to get it. */
static char *
asset(const char *rel, size_t *len, cg_err *e)
{
	char *p = cg_datafile(rel), *t;

	if (!p) {
		cg_seterr(e, EX_UNAVAILABLE, "%s: not installed; run make assets "
		    "(cd site && npm ci) or set CG_ROOT to the source tree", rel);
		return NULL;
	}
	t = cg_read_file(p, len, e);
	free(p);
	return t;
}

/* One page: following a link of the contents closes the phone's menu. */
static const char close_menu[] =
    "document.addEventListener('click', function (ev) {\n"
    "\tvar a = ev.target.closest && ev.target.closest('nav.sidebar a'), m;\n"
    "\tif (a && document.body.classList.contains('nav-open')) {\n"
    "\t\tdocument.body.classList.remove('nav-open');\n"
    "\t\tif ((m = document.querySelector('button.menu')))\n"
    "\t\t\tm.setAttribute('aria-expanded', 'false');\n"
    "\t}\n"
    "});\n";

static void
script(cg_buf *b, const char *js, size_t n)
{
	size_t i;

	cg_buf_puts(b, "<script>");
	for (i = 0; i < n; i++) {
		if (js[i] == '<' && i + 1 < n && js[i + 1] == '/' && i + 7 < n &&
		    !strncasecmp(js + i + 2, "script", 6))
			cg_buf_puts(b, "<\\");
		else if (js[i] == '<' && i + 3 < n && !strncmp(js + i + 1, "!--", 3))
			cg_buf_puts(b, "<\\");
		else
			cg_buf_putc(b, js[i]);
	}
	cg_buf_puts(b, "</script>\n");
}

/* KaTeX's style sheet with its woff2 fonts inlined; the other font
 * formats it lists are never fetched by a browser that reads woff2, so
 * they become empty data: URLs. */
static int
katex_css(cg_buf *b, cg_err *e)
{
	size_t n, i, k;
	char *css = asset(KATEX "katex.min.css", &n, e);

	if (!css)
		return -1;
	for (i = 0; i < n; ) {
		if (strncmp(css + i, "url(", 4) != 0) {
			cg_buf_putc(b, css[i++]);
			continue;
		}
		for (k = i + 4; k < n && css[k] != ')'; k++)
			;
		{
			char *u = xstrndup(css + i + 4, k - i - 4), *q = u;
			size_t ul;
			if (*q == '"' || *q == '\'')
				q++;
			ul = strlen(q);
			if (ul && (q[ul - 1] == '"' || q[ul - 1] == '\''))
				q[--ul] = 0;
			if (ul > 6 && !strcmp(q + ul - 6, ".woff2") && !strncmp(q, "fonts/", 6)) {
				char *rel = xasprintf(KATEX "%s", q), *font;
				size_t fl;
				font = asset(rel, &fl, e);
				free(rel);
				if (!font) {
					free(u);
					free(css);
					return -1;
				}
				cg_buf_puts(b, "url(data:font/woff2;base64,");
				cg_export_base64(b, (const unsigned char *)font, fl);
				cg_buf_putc(b, ')');
				free(font);
			} else if (!strncmp(q, "data:", 5))
				cg_buf_add(b, css + i, k + 1 - i);
			else
				cg_buf_puts(b, "url(data:,)");
			free(u);
		}
		i = k + 1;
	}
	free(css);
	return 0;
}

/* Label key as HTML, its placeholders filled from pairs of name and
 * value (given as HTML) ending with NULL. */
#define LH(b, c, key, ...)	cg_label_html(b, (c)->L, key, \
	    (const char *const[]){ __VA_ARGS__, NULL })

/* A multiple-choice question's options: buttons cg.js answers with the
 * feedback and the explanation; in the students' edition, text. */
static void
quiz_mc(cg_buf *b, const cg_export_course *c, const cJSON *q, int i,
    const char *name, cg_export_fig *fig)
{
	/* a diagram in an option is text (no picture, no details to open:
	 * it is inside the option's button), framed in the course's words */
	cg_export_fig tf = { NULL, NULL, 0, {0}, NULL };
	const cJSON *o;
	const char *t;
	char n[16];
	int j = 0;

	tf.L = fig ? fig->L : c->L;
	snprintf(n, sizeof n, "%d", i + 1);
	cg_buf_puts(b, "<div class=\"opts\" role=\"group\" aria-label=\"");
	LH(b, c, "options_for", "n", n);
	cg_buf_puts(b, "\">\n");
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(q, "options")) {
		if (c->students)
			cg_buf_printf(b, "<p class=\"opt\"><span class=\"letter\">%c</span> ",
			    'A' + j);
		else
			cg_buf_printf(b, "<button type=\"button\" class=\"opt\" data-o=\"%c\">"
			    "<span class=\"letter\">%c</span> ", 'A' + j, 'A' + j);
		cg_export_md_inline(b, o->valuestring, &tf);
		cg_buf_puts(b, c->students ? "</p>\n" : "</button>\n");
		j++;
	}
	cg_buf_puts(b, "</div>\n");
	if (c->students)
		return;
	cg_buf_puts(b, "<p class=\"feedback\" aria-live=\"polite\"></p>\n"
	    "<div class=\"explain\" hidden>");
	t = cg_export_str(q, "explanation", "");
	cg_export_md(b, t, strlen(t), name, 6, fig);
	cg_buf_puts(b, "</div>\n");
}

/* A short-answer (k = 1) or essay question: the model answer or what a
 * good answer covers on request; in the students' edition a box to
 * write in. */
static void
quiz_open(cg_buf *b, const cg_export_course *c, const cJSON *q, int k,
    const char *name, cg_export_fig *fig)
{
	const char *t = cg_export_str(q, k == 1 ? "answer" : "guidance", "");

	if (c->students) {
		cg_buf_printf(b, "<div class=\"own-answer\"><textarea class=\"my-answer\" "
		    "rows=\"%d\" aria-label=\"", k == 1 ? 3 : 8);
		LH(b, c, "your_answer", NULL);
		cg_buf_puts(b, "\"></textarea></div>\n");
		return;
	}
	cg_buf_puts(b, "<details><summary>");
	LH(b, c, k == 1 ? "show_answer" : "show_guidance", NULL);
	cg_buf_puts(b, "</summary>\n");
	cg_export_md(b, t, strlen(t), name, 6, fig);
	cg_buf_puts(b, "</details>\n");
}

static void
quiz(cg_buf *b, const cg_export_course *c, const cg_export_sess *x, int lvl,
    cg_export_fig *fig)
{
	static const char *const head[] = { "multiple_choice", "short_answer", "essay" };
	const cJSON *mc = cg_export_group(x->quiz, CG_EXPORT_MC), *q;
	int nmc = cJSON_GetArraySize(mc), k, i;
	char name[48], tot[16];

	cg_buf_printf(b, "<div class=\"quiz\" data-session=\"%s\" data-total=\"%d\">\n",
	    x->id, c->students ? 0 : nmc);
	if (nmc && !c->students) {
		snprintf(tot, sizeof tot, "%d", nmc);
		cg_buf_puts(b, "<p class=\"score\" aria-live=\"polite\">");
		LH(b, c, "score", "right", "<span class=\"score-n\">0</span>", "total", tot,
		    "answered", "<span class=\"score-a\">0</span>");
		cg_buf_puts(b, "</p>\n");
	}
	for (k = 0; k < 3; k++) {
		const cJSON *g = cg_export_group(x->quiz, k);
		if (!cJSON_GetArraySize(g))
			continue;
		cg_buf_printf(b, "<h%d id=\"%s-quiz-%d\">", lvl, x->id, k);
		LH(b, c, head[k], NULL);
		cg_buf_printf(b, "</h%d>\n<ol class=\"%s\">\n", lvl, k == 0 ? "mc" : "open");
		i = 0;
		cJSON_ArrayForEach(q, g) {
			const char *t = cg_export_str(q, "question", "");
			cg_export_qname(name, sizeof name, x, k, i);
			cg_buf_printf(b, "<li class=\"q\" data-i=\"%d\" id=\"%s\">\n<div class=\"qtext\">",
			    i, name);
			cg_export_md(b, t, strlen(t), name, 6, fig);
			cg_buf_puts(b, "</div>\n");
			if (k == 0)
				quiz_mc(b, c, q, i, name, fig);
			else
				quiz_open(b, c, q, k, name, fig);
			cg_buf_puts(b, "</li>\n");
			i++;
		}
		cg_buf_puts(b, "</ol>\n");
	}
	if (!c->students)
		cg_site_quiz_key(b, x->id, mc, c->L);
	cg_buf_puts(b, "</div>\n");
}

/* The first kind of shape sh in the table kd[0..nk), or NULL. */
static const struct cg_kind *
first_of(const struct cg_kind *kd, size_t nk, enum cg_shape sh)
{
	size_t i;

	for (i = 0; i < nk; i++)
		if (kd[i].shape == sh)
			return &kd[i];
	return NULL;
}

/* Session x's diagrams, of every diagram kind, in one section. */
static void
diagrams(cg_buf *b, const cg_export_course *c, const cg_export_sess *x,
    cg_export_fig *fig)
{
	const struct cg_course_file *f;
	char cap[128];

	cg_buf_printf(b, "<section class=\"kind kind-diagrams\">\n"
	    "<h3 id=\"%s-diagrams\">", x->id);
	LH(b, c, "kind_diagram", NULL);
	cg_buf_puts(b, "</h3>\n");
	for (f = NULL; (f = cg_export_next(x, CG_SHAPE_DIAGRAM, f)); ) {
		cg_export_caption(cap, sizeof cap, c, f);
		cg_export_figure(b, f->text, cap, fig);
	}
	cg_buf_puts(b, "</section>\n");
}

/* A session: its overview, then its files as the kinds table orders
 * them, by shape: a prose kind's section, every diagram in one section
 * where the first diagram kind stands, the quiz where the quiz kind
 * does (as on the site: after the study notes). */
static void
session(cg_buf *b, const cg_export_course *c, const cg_export_sess *x,
    cg_export_fig *fig)
{
	const struct cg_kind *kd;
	char pfx[64], *title = cg_export_sess_title(c, x);
	size_t i, nk;

	cg_buf_printf(b, "<article class=\"print-session\" id=\"%s\" aria-labelledby=\"%s-title\">\n"
	    "<h2 id=\"%s-title\">", x->id, x->id, x->id);
	cg_export_xescs(b, title);
	cg_buf_puts(b, "</h2>\n");
	free(title);
	cg_export_overview(b, c, x, 3);	/* names the module */
	kd = cg_kind_list(&nk);
	for (i = 0; i < nk; i++) {
		const struct cg_course_file *f = x->files ?
		    cg_course_file(x->files, &kd[i], 1) : NULL;
		switch (kd[i].shape) {
		case CG_SHAPE_PROSE:
			if (!f || !f->text)
				break;
			snprintf(pfx, sizeof pfx, "%s-%s", x->id, kd[i].section);
			cg_buf_printf(b, "<section class=\"kind kind-%s\">\n<h3 id=\"%s\">",
			    kd[i].section, pfx);
			cg_export_xescs(b, cg_export_kind_title(c, &kd[i]));
			cg_buf_puts(b, "</h3>\n");
			cg_export_md(b, f->text, f->len, pfx, 4, fig);
			cg_buf_puts(b, "</section>\n");
			break;
		case CG_SHAPE_DIAGRAM:	/* every diagram where the first stands */
			if (&kd[i] == first_of(kd, nk, CG_SHAPE_DIAGRAM))
				diagrams(b, c, x, fig);
			break;
		case CG_SHAPE_QUIZ:
			if (!x->quiz || &kd[i] != first_of(kd, nk, CG_SHAPE_QUIZ))
				break;
			cg_buf_printf(b, "<section class=\"kind kind-quiz\">\n"
			    "<h3 id=\"%s-quiz\">", x->id);
			cg_export_xescs(b, cg_export_kind_title(c, &kd[i]));
			cg_buf_puts(b, "</h3>\n");
			quiz(b, c, x, 4, fig);
			cg_buf_puts(b, "</section>\n");
			break;
		case CG_SHAPE_OUTLINE:
			break;
		}
	}
	cg_buf_puts(b, "</article>\n");
}

static void
sidebar(cg_buf *b, const cg_export_course *c)
{
	int i, k;

	cg_buf_puts(b, "<nav class=\"sidebar\" id=\"sidebar\" aria-label=\"");
	LH(b, c, "contents", NULL);
	cg_buf_puts(b, "\">\n<p class=\"side-title\"><a href=\"#top\">");
	cg_export_xescs(b, c->name);
	cg_buf_puts(b, "</a></p>\n<ol class=\"modules\">\n");
	for (i = 0; i < c->nmods; i++) {
		const cg_export_mod *m = &c->mods[i];
		cg_buf_printf(b, "<li><span class=\"mod\">%d. ", m->num);
		cg_export_xescs(b, m->title);
		cg_buf_puts(b, "</span>\n<ol class=\"sessions\">\n");
		for (k = m->first; k < m->first + m->n; k++) {
			cg_buf_printf(b, "<li><a href=\"#%s\">%d. ", c->sess[k].id, c->sess[k].num);
			cg_export_xescs(b, c->sess[k].title);
			cg_buf_puts(b, "</a></li>\n");
		}
		cg_buf_puts(b, "</ol></li>\n");
	}
	cg_buf_puts(b, "</ol>\n</nav>\n");
}

/* The words cg.js shows (the whole table of the course's language), as
 * the site hands them to it: a JSON script element. */
static void
labels(cg_buf *b, const cg_export_course *c)
{
	cg_buf_puts(b, "<script type=\"application/json\" id=\"cg-labels\">");
	cg_site_json_script(b, cg_labels_table(c->L));
	cg_buf_puts(b, "</script>\n");
}

char *
cg_export_html(const cg_export_course *c, size_t *len, cg_err *e)
{
	cg_export_fig fig = { &c->pics, NULL, 1, {0}, c->L };
	cg_buf body = {0}, b = {0}, *bp = &body;
	char *t = NULL, *foot;
	size_t n;
	int i;

	for (i = 0; i < c->nsess; i++)
		session(&body, c, &c->sess[i], &fig);
	cg_buf_free(&fig.used);
	cg_export_mathml(c, &bp, 1);
	cg_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
	    "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'\">\n"
	    "<meta name=\"generator\" content=\"cg %s\">\n<title>", c->lang, c->dir, CG_VERSION);
	cg_export_xescs(&b, c->name);
	cg_buf_puts(&b, "</title>\n<style>\n");
	if (!(t = asset("site/cg.css", &n, e)))
		goto bad;
	cg_buf_add(&b, t, n);
	free(t);
	cg_buf_puts(&b, extra_css);
	if (strstr(body.s ? body.s : "", "<span class=\"math\"") ||
	    strstr(body.s ? body.s : "", "<span class=\"math display\"")) {
		if (katex_css(&b, e) < 0)
			goto bad;
		cg_buf_puts(&b, "\n</style>\n");
		if (!(t = asset(KATEX "katex.min.js", &n, e)))
			goto bad;
		script(&b, t, n);
		free(t);
	} else
		cg_buf_puts(&b, "</style>\n");
	if (strstr(body.s ? body.s : "", "<pre class=\"mermaid\"")) {
		if (!(t = asset("site/node_modules/mermaid/dist/mermaid.min.js", &n, e)))
			goto bad;
		script(&b, t, n);
		free(t);
	}
	labels(&b, c);
	if (!(t = asset("site/cg.js", &n, e)))
		goto bad;
	script(&b, t, n);
	free(t);
	script(&b, close_menu, sizeof close_menu - 1);
	cg_buf_puts(&b, "</head>\n<body data-kind=\"print\" data-course=\"");
	cg_export_xescs(&b, c->slug);
	cg_buf_printf(&b, "\" data-sessions=\"%d\" id=\"top\">\n"
	    "<a class=\"skip\" href=\"#main\">", c->nsess);
	LH(&b, c, "skip", NULL);
	cg_buf_puts(&b, "</a>\n<header class=\"topbar\">\n"
	    "<button type=\"button\" class=\"menu\" aria-controls=\"sidebar\" aria-expanded=\"false\">"
	    "<span aria-hidden=\"true\">☰</span><span class=\"sr\">");
	LH(&b, c, "contents", NULL);
	cg_buf_puts(&b, "</span></button>\n<span class=\"brand\">");
	cg_export_xescs(&b, c->name);
	cg_buf_puts(&b, "</span>\n<button type=\"button\" class=\"theme\" aria-pressed=\"false\" "
	    "aria-label=\"");
	LH(&b, c, "dark_mode", NULL);
	cg_buf_puts(&b, "\"><span aria-hidden=\"true\">◐</span> <span class=\"theme-label\">");
	LH(&b, c, "dark_mode", NULL);
	cg_buf_puts(&b, "</span></button>\n</header>\n<div class=\"layout\">\n");
	sidebar(&b, c);
	cg_buf_puts(&b, "<main id=\"main\" tabindex=\"-1\">\n<h1>");
	cg_export_xescs(&b, c->name);
	cg_buf_puts(&b, "</h1>\n");
	if (c->desc[0]) {
		cg_buf_puts(&b, "<p class=\"lead\">");
		cg_export_xescs(&b, c->desc);
		cg_buf_puts(&b, "</p>\n");
	}
	if (c->students) {
		cg_buf_puts(&b, "<p class=\"meta\">");
		LH(&b, c, "edition_students", NULL);
		cg_buf_puts(&b, "</p>\n");
	}
	cg_buf_add(&b, body.s ? body.s : "", body.len);
	foot = cg_export_footer(c);
	cg_buf_puts(&b, "</main>\n</div>\n<footer class=\"foot\">\n<p>");
	cg_export_xescs(&b, foot);
	cg_buf_puts(&b, "</p>\n</footer>\n</body>\n</html>\n");
	free(foot);
	cg_buf_free(&body);
	*len = b.len;
	return cg_buf_take(&b);
bad:
	cg_buf_free(&body);
	cg_buf_free(&b);
	return NULL;
}
