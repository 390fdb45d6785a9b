/* xml.c — what the XML and HTML writers share (see export.h): escaping,
 * markdown as well-formed XHTML, diagrams without a renderer, a session's
 * overview and its quiz as static text.
 *
 * The markdown goes through the site's renderer (md.h: raw HTML never
 * passes, links are checked) and is then made well-formed XML.  md.c's
 * output is regular (quoted attributes, escaped text), so a small tag
 * scanner is enough; it is not an HTML parser for arbitrary input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "export.h"
#include "mermaid.h"

/* Length of the UTF-8 character at s (n bytes left) that XML 1.0 allows,
 * with its code point in *cp; 0 when the bytes are not one. */
static size_t
xchar(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t k, i;
	unsigned c = s[0];

	if (c < 0x80) {
		*cp = c;
		return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
	}
	if (c >= 0xC2 && c <= 0xDF)
		k = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4, c &= 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF)
		return 0;
	*cp = c;
	return k;
}

void
cg_export_xesc(cg_buf *b, const char *s, size_t n)
{
	size_t i = 0, k;
	unsigned cp;

	while (i < n) {
		switch (s[i]) {
		case '&': cg_buf_puts(b, "&amp;"); i++; continue;
		case '<': cg_buf_puts(b, "&lt;"); i++; continue;
		case '>': cg_buf_puts(b, "&gt;"); i++; continue;
		case '"': cg_buf_puts(b, "&quot;"); i++; continue;
		case '\'': cg_buf_puts(b, "&#39;"); i++; continue;
		}
		if ((k = xchar((const unsigned char *)s + i, n - i, &cp))) {
			cg_buf_add(b, s + i, k);
			i += k;
		} else {
			cg_buf_puts(b, "\xEF\xBF\xBD");
			i++;
		}
	}
}

void
cg_export_xescs(cg_buf *b, const char *s)
{
	cg_export_xesc(b, s ? s : "", s ? strlen(s) : 0);
}

/* ---- markdown as XHTML ---------------------------------------------- */

/* HTML's named character references md4c may pass through verbatim;
 * XML knows only five.  Others are shown as written. */
static const struct {
	const char *name;
	unsigned cp;
} ents[] = {
	{ "nbsp", 160 }, { "iexcl", 161 }, { "cent", 162 }, { "pound", 163 },
	{ "yen", 165 }, { "sect", 167 }, { "copy", 169 }, { "laquo", 171 },
	{ "reg", 174 }, { "deg", 176 }, { "plusmn", 177 }, { "sup2", 178 },
	{ "sup3", 179 }, { "micro", 181 }, { "para", 182 }, { "middot", 183 },
	{ "raquo", 187 }, { "frac14", 188 }, { "frac12", 189 }, { "frac34", 190 },
	{ "times", 215 }, { "divide", 247 }, { "Delta", 916 }, { "Sigma", 931 },
	{ "Omega", 937 }, { "alpha", 945 }, { "beta", 946 }, { "gamma", 947 },
	{ "delta", 948 }, { "epsilon", 949 }, { "theta", 952 }, { "lambda", 955 },
	{ "mu", 956 }, { "pi", 960 }, { "sigma", 963 }, { "omega", 969 },
	{ "ndash", 8211 }, { "mdash", 8212 }, { "lsquo", 8216 }, { "rsquo", 8217 },
	{ "ldquo", 8220 }, { "rdquo", 8221 }, { "bull", 8226 }, { "hellip", 8230 },
	{ "euro", 8364 }, { "trade", 8482 }, { "larr", 8592 }, { "uarr", 8593 },
	{ "rarr", 8594 }, { "darr", 8595 }, { "harr", 8596 }, { "rArr", 8658 },
	{ "hArr", 8660 }, { "minus", 8722 }, { "infin", 8734 }, { "asymp", 8776 },
	{ "ne", 8800 }, { "le", 8804 }, { "ge", 8805 },
};

/* Text between tags: already escaped by md.c; named references made XML,
 * characters XML cannot hold replaced. */
static void
xtext(cg_buf *b, const char *s, size_t n)
{
	size_t i = 0, k, j;
	unsigned cp;

	while (i < n) {
		if (s[i] == '&') {
			for (k = i + 1; k < n && k - i < 40 && s[k] != ';' && s[k] != '&'; k++)
				;
			if (k < n && s[k] == ';' && k > i + 1) {
				size_t m = k - i - 1;
				const char *nm = s + i + 1;
				if (nm[0] == '#' || (m == 3 && !strncmp(nm, "amp", 3)) ||
				    (m == 2 && (!strncmp(nm, "lt", 2) || !strncmp(nm, "gt", 2))) ||
				    (m == 4 && (!strncmp(nm, "quot", 4) || !strncmp(nm, "apos", 4)))) {
					cg_buf_add(b, s + i, k + 1 - i);
					i = k + 1;
					continue;
				}
				for (j = 0; j < sizeof ents / sizeof ents[0]; j++)
					if (strlen(ents[j].name) == m && !strncmp(ents[j].name, nm, m))
						break;
				if (j < sizeof ents / sizeof ents[0]) {
					cg_buf_printf(b, "&#%u;", ents[j].cp);
					i = k + 1;
					continue;
				}
			}
			cg_buf_puts(b, "&amp;");
			i++;
			continue;
		}
		if ((k = xchar((const unsigned char *)s + i, n - i, &cp))) {
			cg_buf_add(b, s + i, k);
			i += k;
		} else {
			cg_buf_puts(b, "\xEF\xBF\xBD");
			i++;
		}
	}
}

static int
isvoid(const char *name, size_t n)
{
	static const char *v[] = { "br", "hr", "img", "input", "col", "wbr",
	    "area", "source", NULL };
	int i;

	for (i = 0; v[i]; i++)
		if (strlen(v[i]) == n && !strncasecmp(v[i], name, n))
			return 1;
	return 0;
}

/* One tag t[0..n) ("<…>") re-emitted well-formed. */
static void
xtag(cg_buf *b, const char *t, size_t n)
{
	const char *p = t + 1, *end = t + n - 1, *nm, *an, *av;
	size_t nl, al, vl;
	int close = 0, img, a;
	cg_buf attrs = {0}, alt = {0};

	if (*p == '/')
		close = 1, p++;
	for (nm = p; p < end && *p != ' ' && *p != '/' && *p != '>'; p++)
		;
	nl = (size_t)(p - nm);
	if (close) {
		cg_buf_puts(b, "</");
		cg_buf_add(b, nm, nl);
		cg_buf_putc(b, '>');
		return;
	}
	img = nl == 3 && !strncasecmp(nm, "img", 3);
	a = nl == 1 && (*nm == 'a' || *nm == 'A');
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\n' || *p == '/'))
			p++;
		if (p >= end)
			break;
		for (an = p; p < end && *p != '=' && *p != ' ' && *p != '/'; p++)
			;
		al = (size_t)(p - an);
		av = NULL;
		vl = 0;
		if (p < end && *p == '=') {
			p++;
			if (*p == '"' || *p == '\'') {
				char q = *p++;
				for (av = p; p < end && *p != q; p++)
					;
				vl = (size_t)(p - av);
				if (p < end)
					p++;
			} else {
				for (av = p; p < end && *p != ' '; p++)
					;
				vl = (size_t)(p - av);
			}
		}
		if (img && al == 3 && !strncmp(an, "alt", 3) && av)
			cg_buf_add(&alt, av, vl);
		if (a && al == 4 && !strncmp(an, "href", 4) && av &&
		    strncasecmp(av, "http://", 7) && strncasecmp(av, "https://", 8) &&
		    strncasecmp(av, "mailto:", 7))
			continue;	/* the target is not in the package */
		cg_buf_putc(&attrs, ' ');
		cg_buf_add(&attrs, an, al);
		cg_buf_puts(&attrs, "=\"");
		if (av)
			xtext(&attrs, av, vl);
		else
			cg_buf_add(&attrs, an, al);
		cg_buf_putc(&attrs, '"');
	}
	if (img) {
		cg_buf_puts(b, "<span class=\"img-alt\">[image: ");
		xtext(b, alt.s ? alt.s : "", alt.len);
		cg_buf_puts(b, "]</span>");
	} else {
		cg_buf_putc(b, '<');
		cg_buf_add(b, nm, nl);
		cg_buf_add(b, attrs.s ? attrs.s : "", attrs.len);
		cg_buf_puts(b, isvoid(nm, nl) ? " />" : ">");
	}
	cg_buf_free(&attrs);
	cg_buf_free(&alt);
}

static void
xhtml(cg_buf *b, const char *h, size_t n)
{
	size_t i = 0, k;
	char q;

	while (i < n) {
		if (h[i] != '<') {
			for (k = i; k < n && h[k] != '<'; k++)
				;
			xtext(b, h + i, k - i);
			i = k;
			continue;
		}
		for (k = i + 1, q = 0; k < n && (q || h[k] != '>'); k++)
			if (h[k] == '"' || h[k] == '\'')
				q = q == h[k] ? 0 : q ? q : h[k];
		if (k >= n) {	/* not a tag after all */
			xtext(b, "&lt;", 4);
			i++;
			continue;
		}
		xtag(b, h + i, k + 1 - i);
		i = k + 1;
	}
}

static int
mmdhook(void *arg, const char *lang, const char *code, size_t len, cg_buf *out)
{
	char *t;

	if (strcasecmp(lang, "mermaid") != 0)
		return 0;
	t = xstrndup(code, len);
	cg_export_figure(out, t, NULL, arg);
	free(t);
	return 1;
}

void
cg_export_md(cg_buf *b, const char *text, size_t len, const char *idprefix,
    int base, cg_export_fig *fig)
{
	cg_md_opts o = { idprefix, base, NULL, mmdhook, fig };
	cg_buf h = {0};
	cg_err e;

	if (cg_md_render(text, len, &o, &h, &e) < 0) {
		cg_buf_puts(b, "<pre>");
		cg_export_xesc(b, text, len);
		cg_buf_puts(b, "</pre>\n");
	} else
		xhtml(b, h.s ? h.s : "", h.len);
	cg_buf_free(&h);
}

/* Label key of L, or en when there is no table (L NULL). */
static const char *
word(const cg_labels *L, const char *key, const char *en)
{
	return L ? cg_label(L, key) : en;
}

/* The diagram as text: its source and, in the caption, its description. */
static void
figure_text(cg_buf *b, const char *mmd, const char *caption,
    const cg_labels *L)
{
	cg_err e;
	cg_mmd *m = cg_mmd_parse(mmd, &e);
	char *src = m ? cg_mmd_emit(m) : xstrdup(mmd);
	char *alt = m ? cg_mmd_alt(m, word(L, "flowchart", NULL)) : NULL;

	cg_buf_puts(b, "<figure class=\"diagram\">\n<pre class=\"mermaid-src\"><code>");
	cg_export_xescs(b, src);
	cg_buf_puts(b, "</code></pre>\n<figcaption>");
	if (caption) {
		cg_export_xescs(b, caption);
		cg_buf_putc(b, ' ');
	}
	cg_export_xescs(b, alt ? alt : word(L, "diagram_source_text",
	    "Diagram source in mermaid syntax."));
	cg_buf_puts(b, "</figcaption>\n</figure>\n");
	free(src);
	free(alt);
	cg_mmd_free(m);
}

/* The diagram's picture p: an <img> with the text description as its
 * alternative text, in a frame that scrolls when it is wider than the
 * page, the source in a <details>, the caption last. */
static void
figure_pic(cg_buf *b, const cg_export_pic *p, const char *caption,
    cg_export_fig *fig)
{
	cg_buf_puts(b, "<figure class=\"diagram diagram-pic\">\n<div class=\"diagram-frame\">"
	    "<img src=\"");
	if (fig->href)
		cg_buf_printf(b, "%s%s.svg", fig->href, p->hash);
	else {
		cg_buf_puts(b, "data:image/svg+xml;base64,");
		cg_export_base64(b, (const unsigned char *)p->svg, p->svglen);
	}
	cg_buf_puts(b, "\"");
	if (p->w > 0 && p->h > 0)
		cg_buf_printf(b, " width=\"%d\" height=\"%d\"", p->w, p->h);
	cg_buf_puts(b, " alt=\"");
	cg_export_xescs(b, p->alt);
	cg_buf_puts(b, "\" /></div>\n<details class=\"diagram-source\"><summary>");
	cg_export_xescs(b, word(fig->L, "diagram_source", "Diagram source (mermaid)"));
	cg_buf_puts(b, "</summary>\n<pre class=\"mermaid-src\"><code>");
	cg_export_xescs(b, p->src);
	cg_buf_puts(b, "</code></pre>\n</details>\n");
	if (caption) {
		cg_buf_puts(b, "<figcaption>");
		cg_export_xescs(b, caption);
		cg_buf_puts(b, "</figcaption>\n");
	}
	cg_buf_puts(b, "</figure>\n");
	cg_buf_printf(&fig->used, "%s\n", p->hash);
}

void
cg_export_figure(cg_buf *b, const char *mmd, const char *caption,
    cg_export_fig *fig)
{
	const cg_export_pic *p = NULL;
	cg_mmd *m;
	cg_err e;

	if (fig && fig->pics && fig->pics->n && (m = cg_mmd_parse(mmd, &e))) {
		char *src = cg_mmd_nolt(cg_mmd_emit(m));
		p = cg_export_pic_of(fig->pics, src);
		free(src);
		cg_mmd_free(m);
	}
	if (p)
		figure_pic(b, p, caption, fig);
	else if (fig && fig->live)
		cg_export_figure_live(b, mmd, caption, fig->L);
	else
		figure_text(b, mmd, caption, fig ? fig->L : NULL);
}


void
cg_export_figure_live(cg_buf *b, const char *mmd, const char *caption,
    const cg_labels *L)
{
	cg_err e;
	cg_mmd *m = cg_mmd_parse(mmd, &e);
	char *src, *alt;

	if (!m) {
		figure_text(b, mmd, caption, L);
		return;
	}
	src = cg_mmd_nolt(cg_mmd_emit(m));
	alt = cg_mmd_alt(m, word(L, "flowchart", NULL));
	cg_buf_puts(b, "<figure class=\"diagram\">\n<pre class=\"mermaid\" role=\"img\" aria-label=\"");
	cg_export_xescs(b, alt);
	cg_buf_puts(b, "\">");
	cg_export_xescs(b, src);
	cg_buf_puts(b, "</pre>\n<figcaption>");
	if (caption) {
		cg_export_xescs(b, caption);
		cg_buf_putc(b, ' ');
	}
	cg_buf_puts(b, "<details class=\"alt\"><summary>");
	cg_export_xescs(b, word(L, "text_description", "Text description"));
	cg_buf_puts(b, "</summary><p>");
	cg_export_xescs(b, alt);
	cg_buf_puts(b, "</p></details></figcaption>\n</figure>\n");
	free(src);
	free(alt);
	cg_mmd_free(m);
}

static void
strlist(cg_buf *b, const char *label, const cJSON *arr)
{
	const cJSON *it;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
		return;
	cg_buf_puts(b, "<p class=\"label\">");
	cg_export_xescs(b, label);
	cg_buf_puts(b, "</p>\n<ul>\n");
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it)) {
			cg_buf_puts(b, "<li>");
			cg_export_xescs(b, it->valuestring);
			cg_buf_puts(b, "</li>\n");
		}
	cg_buf_puts(b, "</ul>\n");
}

void
cg_export_overview(cg_buf *b, const cg_export_course *c,
    const cg_export_sess *x, int lvl)
{
	const char *r = cg_export_str(x->j, "rationale", NULL);
	char *mt = cg_export_mod_title(c, &c->mods[x->mod]);

	cg_buf_printf(b, "<section class=\"overview\">\n<h%d id=\"%s-overview\">",
	    lvl, x->id);
	cg_export_xescs(b, cg_export_label(c, "overview"));
	cg_buf_printf(b, "</h%d>\n<p class=\"meta\">", lvl);
	cg_export_xescs(b, mt);
	cg_buf_puts(b, "</p>\n");
	free(mt);
	if (r) {
		cg_buf_puts(b, "<p>");
		cg_export_xescs(b, r);
		cg_buf_puts(b, "</p>\n");
	}
	strlist(b, cg_export_label(c, "objectives"),
	    cJSON_GetObjectItemCaseSensitive(x->j, "objectives"));
	strlist(b, cg_export_label(c, "key_concepts"),
	    cJSON_GetObjectItemCaseSensitive(x->j, "key_concepts"));
	strlist(b, cg_export_label(c, "subtopics"),
	    cJSON_GetObjectItemCaseSensitive(x->j, "subtopics"));
	cg_buf_puts(b, "</section>\n");
}

static void
mdstr(cg_buf *b, const char *s, const char *idprefix, cg_export_fig *fig)
{
	cg_export_md(b, s, strlen(s), idprefix, 6, fig);
}

void
cg_export_md_inline(cg_buf *b, const char *s, cg_export_fig *fig)
{
	cg_buf h = {0};
	size_t n;

	cg_export_md(&h, s ? s : "", s ? strlen(s) : 0, "q", 6, fig);
	n = h.len;
	while (n && h.s[n - 1] == '\n')
		n--;
	if (n >= 7 && strncmp(h.s, "<p>", 3) == 0 &&
	    strncmp(h.s + n - 4, "</p>", 4) == 0 && !strstr(h.s + 3, "<p>"))
		cg_buf_add(b, h.s + 3, n - 7);
	else
		cg_buf_add(b, h.s ? h.s : "", h.len);
	cg_buf_free(&h);
}

/* TeX for Moodle's markdown: every character it would take as an escape
 * or emphasis gets a backslash, '<' and '&' become references, so the
 * HTML Moodle makes holds the TeX as written. */
static void
moodle_tex(cg_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '<')
			cg_buf_puts(b, "&lt;");
		else if (s[i] == '&')
			cg_buf_puts(b, "&amp;");
		else {
			if (strchr("\\`*_{}[]()#+-.!>|:", s[i]))
				cg_buf_putc(b, '\\');
			cg_buf_putc(b, s[i]);
		}
	}
}

char *
cg_export_moodle_math(const char *s)
{
	static const char *const w[4] = { "\\\\(", "\\\\)", "\\\\[", "\\\\]" };

	return cg_md_math_delims(s, w, moodle_tex);
}

/* h (NUL-ended) with md.c's maths spans (<span class="math">TeX</span>,
 * the TeX escaped as HTML text, no markup inside) written \( TeX \),
 * and <span class="math display"> ones \[ TeX \]. */
static void
moodle_spans(cg_buf *b, const char *h)
{
	static const char in[] = "<span class=\"math\">";
	static const char disp[] = "<span class=\"math display\">";
	const char *p = h, *s, *t, *c;
	int d;

	while ((s = strstr(p, "<span class=\"math"))) {
		d = cg_startswith(s, disp);
		if (!d && !cg_startswith(s, in)) {
			cg_buf_add(b, p, (size_t)(s + 1 - p));
			p = s + 1;
			continue;
		}
		t = s + (d ? sizeof disp : sizeof in) - 1;
		if (!(c = strstr(t, "</span>")))
			break;
		cg_buf_add(b, p, (size_t)(s - p));
		cg_buf_puts(b, d ? "\\[" : "\\(");
		cg_buf_add(b, t, (size_t)(c - t));
		cg_buf_puts(b, d ? "\\]" : "\\)");
		p = c + 7;
	}
	cg_buf_puts(b, p);
}

char *
cg_export_moodle_html(const char *s, int inl, const cg_labels *L)
{
	cg_export_fig fig = { NULL, NULL, 0, {0}, L };
	cg_buf h = {0}, b = {0};

	if (inl)
		cg_export_md_inline(&h, s, &fig);
	else
		cg_export_md(&h, s ? s : "", s ? strlen(s) : 0, "q", 6, &fig);
	while (h.len && h.s[h.len - 1] == '\n')
		h.s[--h.len] = '\0';
	moodle_spans(&b, h.s ? h.s : "");
	cg_buf_free(&h);
	if (!b.s)
		return xstrdup("");
	return cg_buf_take(&b);
}

/* The questions of group k as a list: each its text, a multiple-choice
 * one its options A, B, … */
static void
questions(cg_buf *b, const cg_export_sess *x, int k, cg_export_fig *fig)
{
	const cJSON *q, *o;
	char name[48];
	int i = 0;

	cJSON_ArrayForEach(q, cg_export_group(x->quiz, k)) {
		cg_export_qname(name, sizeof name, x, k, i++);
		cg_buf_printf(b, "<li id=\"%s\">", name);
		mdstr(b, cg_export_str(q, "question", ""), name, fig);
		if (k == 0) {
			cg_buf_puts(b, "<ol type=\"A\">\n");
			cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(q, "options")) {
				cg_buf_puts(b, "<li>");
				mdstr(b, o->valuestring, name, fig);
				cg_buf_puts(b, "</li>\n");
			}
			cg_buf_puts(b, "</ol>\n");
		}
		cg_buf_puts(b, "</li>\n");
	}
}

/* The answers of every group: the right option and the explanation, the
 * model answer, what a good essay covers. */
static void
answers(cg_buf *b, const cg_export_course *c, const cg_export_sess *x,
    int lvl, cg_export_fig *fig)
{
	static const char *const head[] = { "multiple_choice", "short_answer", "essay" };
	const cJSON *q, *o;
	char name[48];
	int k, i;

	cg_buf_printf(b, "<h%d id=\"%s-quiz-answers\">", lvl, x->id);
	cg_export_xescs(b, cg_export_label(c, "answers"));
	cg_buf_printf(b, "</h%d>\n<dl class=\"answers\">\n", lvl);
	for (k = 0; k < 3; k++) {
		i = 0;
		cJSON_ArrayForEach(q, cg_export_group(x->quiz, k)) {
			cg_export_qname(name, sizeof name, x, k, i);
			cg_buf_puts(b, "<dt>");
			cg_export_xescs(b, cg_export_label(c, head[k]));
			cg_buf_printf(b, " %d", ++i);
			if (k == 0) {
				const char *ans = cg_export_str(q, "answer", "A");
				cg_buf_printf(b, ": %c", ans[0]);
				o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(q, "options"),
				    ans[0] - 'A');
				if (cJSON_IsString(o)) {
					cg_buf_puts(b, " (");
					cg_export_md_inline(b, o->valuestring, fig);
					cg_buf_putc(b, ')');
				}
			}
			cg_buf_puts(b, "</dt>\n<dd>");
			mdstr(b, cg_export_str(q, k == 0 ? "explanation" : k == 1 ?
			    "answer" : "guidance", ""), name, fig);
			cg_buf_puts(b, "</dd>\n");
		}
	}
	cg_buf_puts(b, "</dl>\n");
}

void
cg_export_quiz_static(cg_buf *b, const cg_export_course *c,
    const cg_export_sess *x, int lvl, cg_export_fig *fig)
{
	static const char *const head[] = { "multiple_choice", "short_answer", "essay" };
	static const char *const tag[] = { "mc", "sa", "es" };
	int k;

	for (k = 0; k < 3; k++) {
		if (!cJSON_GetArraySize(cg_export_group(x->quiz, k)))
			continue;
		cg_buf_printf(b, "<h%d id=\"%s-quiz-%s\">", lvl, x->id, tag[k]);
		cg_export_xescs(b, cg_export_label(c, head[k]));
		cg_buf_printf(b, "</h%d>\n<ol class=\"questions\">\n", lvl);
		questions(b, x, k, fig);
		cg_buf_puts(b, "</ol>\n");
	}
	if (!c->students)
		answers(b, c, x, lvl, fig);
}

void
cg_export_date(const cg_export_course *c, char buf[32])
{
	time_t t = c->mtime ? c->mtime : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
