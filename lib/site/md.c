/* md.c — Markdown to safe HTML (see md.h).
 *
 * md4c's parser drives our own small renderer rather than md4c-html's
 * md_html(), because the site needs what md_html() has no hook for: link
 * schemes checked before they reach an href, heading ids for the table of
 * contents, heading levels shifted under the page's own headings, math
 * spans marked up for KaTeX, and ```mermaid blocks turned into diagrams.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <md4c.h>
#include "md.h"
#include "site.h"

#define MD_BASE (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | \
	MD_FLAG_NOHTML)
#define MD_FLAGS (MD_BASE | MD_FLAG_LATEXMATHSPANS)

struct rd {
	cg_buf        *out;
	const cg_md_opts *o;
	int            map[7];	/* source heading level -> output level */
	int            img;	/* inside an image: text goes to alt */
	cg_buf         alt;
	int            inhead;	/* inside a heading: collect its text */
	size_t         headpos;	/* where the heading's open tag starts */
	int            headlvl;
	cg_buf         headtxt;	/* escaped heading text */
	int            incode;	/* inside a fenced block the hook may take */
	cg_buf         code;
	char           lang[64];
	int            codefenced;
	int            linkdrop[64];	/* per nested link: 1 = rendered as text */
	int            nlink;
	char         **ids;
	int            nids;
};

void
cg_md_escape(cg_buf *out, const char *s, size_t n)
{
	size_t i, start = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		cg_buf_add(out, s + start, i - start);
		cg_buf_puts(out, rep);
		start = i + 1;
	}
	cg_buf_add(out, s + start, n - start);
}

int
cg_md_safe_href(const char *h, size_t n)
{
	size_t i;

	if (n == 0)
		return 1;
	for (i = 0; i < n; i++)	/* browsers strip these inside schemes */
		if ((unsigned char)h[i] <= ' ' || h[i] == 0x7f)
			return 0;
	if (h[0] == '#')
		return 1;
	if (n >= 2 && h[0] == '/' && h[1] == '/')
		return 0;	/* protocol-relative: a remote host */
	if (h[0] == '/' && n >= 2 && h[1] == '\\')
		return 0;
	for (i = 0; i < n; i++) {
		char c = h[i];
		if (c == '/' || c == '?' || c == '#')
			return 1;	/* no scheme before the path */
		if (c == ':') {
			return (i == 4 && strncasecmp(h, "http", 4) == 0) ||
			    (i == 5 && strncasecmp(h, "https", 5) == 0) ||
			    (i == 6 && strncasecmp(h, "mailto", 6) == 0);
		}
	}
	return 1;
}

static int
remote(const char *h, size_t n)
{
	return (n >= 5 && strncasecmp(h, "http:", 5) == 0) ||
	    (n >= 6 && strncasecmp(h, "https:", 6) == 0);
}

/* The attribute as one string, or NULL when it holds entities or NUL
 * characters (their decoded form could hide a scheme: refuse them). */
static char *
attr(const MD_ATTRIBUTE *a)
{
	unsigned i;

	for (i = 0; a->substr_offsets[i] < a->size; i++)
		if (a->substr_types[i] != MD_TEXT_NORMAL)
			return NULL;
	return xstrndup(a->text, a->size);
}

/* The slug of a heading: its letters and digits, lower-cased, any
 * letter kept as it is written (like GitHub's and mdBook's anchors:
 * "Términos clave" -> "términos-clave"), every other run of characters
 * one '-'; at most 48 bytes, whole characters. */
static void
slugify(cg_buf *b, const char *s, size_t n)
{
	size_t i, start = b->len;
	int dash = 0;

	for (i = 0; i < n;) {
		char u[4];
		size_t un;
		long c;
		int k;
		if (s[i] == '&') {	/* skip escaped entities of the heading text */
			while (i < n && s[i] != ';')
				i++;
			i++;
			dash = 1;
			continue;
		}
		k = cg_utf8_dec(s + i, n - i, &c);
		i += k;
		if (!cg_site_isword(c)) {
			dash = 1;
			continue;
		}
		un = cg_site_utf8enc(u, cg_site_lower(c));
		if (b->len - start + un + (dash != 0) > 48)
			break;
		if (dash && b->len > start)
			cg_buf_putc(b, '-');
		cg_buf_add(b, u, un);
		dash = 0;
	}
	if (b->len == start)
		cg_buf_puts(b, "section");
}

static char *
uniqid(struct rd *r, const char *txt, size_t n)
{
	cg_buf b = {0};
	size_t base;
	int i, k = 1;

	cg_buf_puts(&b, r->o->idprefix ? r->o->idprefix : "h");
	cg_buf_putc(&b, '-');
	slugify(&b, txt, n);
	base = b.len;
	for (;;) {
		for (i = 0; i < r->nids; i++)
			if (strcmp(r->ids[i], b.s) == 0)
				break;
		if (i == r->nids)
			break;
		b.len = base;
		cg_buf_printf(&b, "-%d", ++k);
	}
	r->ids = xrealloc(r->ids, (r->nids + 1) * sizeof *r->ids);
	r->ids[r->nids++] = xstrdup(b.s);
	return cg_buf_take(&b);
}

static cg_buf *
sink(struct rd *r)
{
	if (r->img)
		return &r->alt;
	return r->out;
}

static void
put(struct rd *r, const char *s)
{
	if (!r->img)
		cg_buf_puts(r->out, s);
}

static int
enter_block(MD_BLOCKTYPE t, void *d, void *u)
{
	struct rd *r = u;
	static const char *align[] = { "", " style=\"text-align:left\"",
	    " style=\"text-align:center\"", " style=\"text-align:right\"" };

	switch (t) {
	case MD_BLOCK_DOC: break;
	case MD_BLOCK_QUOTE: put(r, "<blockquote>\n"); break;
	case MD_BLOCK_UL: put(r, "<ul>\n"); break;
	case MD_BLOCK_OL: {
		MD_BLOCK_OL_DETAIL *o = d;
		if (o->start == 1)
			put(r, "<ol>\n");
		else
			cg_buf_printf(r->out, "<ol start=\"%u\">\n", o->start);
		break;
	}
	case MD_BLOCK_LI: {
		MD_BLOCK_LI_DETAIL *li = d;
		if (li->is_task)
			cg_buf_printf(r->out, "<li class=\"task\"><input type=\"checkbox\" disabled%s> ",
			    li->task_mark == ' ' ? "" : " checked");
		else
			put(r, "<li>");
		break;
	}
	case MD_BLOCK_HR: put(r, "<hr>\n"); break;
	case MD_BLOCK_H: {
		MD_BLOCK_H_DETAIL *h = d;
		r->inhead = 1;
		r->headlvl = r->map[h->level];
		r->headpos = r->out->len;
		r->headtxt.len = 0;
		if (r->headtxt.s)
			r->headtxt.s[0] = 0;
		break;
	}
	case MD_BLOCK_CODE: {
		MD_BLOCK_CODE_DETAIL *c = d;
		size_t n = c->lang.size < sizeof r->lang - 1 ? c->lang.size : sizeof r->lang - 1;
		memcpy(r->lang, c->lang.text ? c->lang.text : "", c->lang.text ? n : 0);
		r->lang[c->lang.text ? n : 0] = 0;
		r->incode = 1;
		r->code.len = 0;
		r->codefenced = c->fence_char != 0;
		break;
	}
	case MD_BLOCK_HTML: put(r, "<p class=\"raw\">"); break;
	case MD_BLOCK_P: put(r, "<p>"); break;
	case MD_BLOCK_TABLE: put(r, "<div class=\"table\"><table>\n"); break;
	case MD_BLOCK_THEAD: put(r, "<thead>\n"); break;
	case MD_BLOCK_TBODY: put(r, "<tbody>\n"); break;
	case MD_BLOCK_TR: put(r, "<tr>"); break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		MD_BLOCK_TD_DETAIL *td = d;
		cg_buf_printf(r->out, "<%s%s>", t == MD_BLOCK_TH ? "th" : "td",
		    td->align <= MD_ALIGN_RIGHT ? align[td->align] : "");
		break;
	}
	}
	return 0;
}

static int
leave_block(MD_BLOCKTYPE t, void *d, void *u)
{
	struct rd *r = u;
	(void)d;

	switch (t) {
	case MD_BLOCK_DOC: break;
	case MD_BLOCK_QUOTE: put(r, "</blockquote>\n"); break;
	case MD_BLOCK_UL: put(r, "</ul>\n"); break;
	case MD_BLOCK_OL: put(r, "</ol>\n"); break;
	case MD_BLOCK_LI: put(r, "</li>\n"); break;
	case MD_BLOCK_HR: break;
	case MD_BLOCK_H: {
		/* now the text is known: write the tag with its id */
		char *id = uniqid(r, r->headtxt.s ? r->headtxt.s : "",
		    r->headtxt.len);
		char *inner = xstrndup(r->out->s + r->headpos,
		    r->out->len - r->headpos);
		r->out->len = r->headpos;
		cg_buf_printf(r->out, "<h%d id=\"%s\">%s</h%d>\n", r->headlvl,
		    id, inner, r->headlvl);
		free(inner);
		if (r->o->toc) {
			cg_md_toc *toc = r->o->toc;
			if (toc->n == toc->cap) {
				toc->cap = toc->cap ? toc->cap * 2 : 16;
				toc->h = xrealloc(toc->h, toc->cap * sizeof *toc->h);
			}
			toc->h[toc->n].level = r->headlvl;
			toc->h[toc->n].id = id;
			toc->h[toc->n].html = xstrdup(r->headtxt.s ? r->headtxt.s : "");
			toc->n++;
		} else
			free(id);
		r->inhead = 0;
		break;
	}
	case MD_BLOCK_CODE: {
		const char *code = r->code.s ? r->code.s : "";
		r->incode = 0;
		if (r->codefenced && r->o->code &&
		    r->o->code(r->o->codearg, r->lang, code, r->code.len, r->out))
			break;
		if (r->lang[0]) {
			put(r, "<pre><code class=\"language-");
			cg_md_escape(r->out, r->lang, strlen(r->lang));
			put(r, "\">");
		} else
			put(r, "<pre><code>");
		cg_md_escape(r->out, code, r->code.len);
		put(r, "</code></pre>\n");
		break;
	}
	case MD_BLOCK_HTML: put(r, "</p>\n"); break;
	case MD_BLOCK_P: put(r, "</p>\n"); break;
	case MD_BLOCK_TABLE: put(r, "</table></div>\n"); break;
	case MD_BLOCK_THEAD: put(r, "</thead>\n"); break;
	case MD_BLOCK_TBODY: put(r, "</tbody>\n"); break;
	case MD_BLOCK_TR: put(r, "</tr>\n"); break;
	case MD_BLOCK_TH: put(r, "</th>"); break;
	case MD_BLOCK_TD: put(r, "</td>"); break;
	}
	return 0;
}

static int
enter_span(MD_SPANTYPE t, void *d, void *u)
{
	struct rd *r = u;

	if (r->img && t != MD_SPAN_IMG)
		return 0;	/* alt text is plain */
	switch (t) {
	case MD_SPAN_EM: put(r, "<em>"); break;
	case MD_SPAN_STRONG: put(r, "<strong>"); break;
	case MD_SPAN_U: put(r, "<u>"); break;
	case MD_SPAN_DEL: put(r, "<del>"); break;
	case MD_SPAN_CODE: put(r, "<code>"); break;
	case MD_SPAN_LATEXMATH: put(r, "<span class=\"math\">"); break;
	case MD_SPAN_LATEXMATH_DISPLAY: put(r, "<span class=\"math display\">"); break;
	case MD_SPAN_WIKILINK: put(r, "<span class=\"wikilink\">"); break;
	case MD_SPAN_A: {
		MD_SPAN_A_DETAIL *a = d;
		char *h = attr(&a->href);
		int drop = !h || !cg_md_safe_href(h, strlen(h));
		if (r->nlink < (int)(sizeof r->linkdrop / sizeof r->linkdrop[0]))
			r->linkdrop[r->nlink] = drop;
		r->nlink++;
		if (drop)
			put(r, "<span class=\"badlink\">");
		else {
			put(r, "<a href=\"");
			cg_md_escape(r->out, h, strlen(h));
			put(r, remote(h, strlen(h)) ?
			    "\" class=\"ext\" rel=\"noopener noreferrer\">" : "\">");
		}
		free(h);
		break;
	}
	case MD_SPAN_IMG:
		r->img++;
		if (r->img == 1)
			r->alt.len = 0;
		break;
	}
	return 0;
}

static int
leave_span(MD_SPANTYPE t, void *d, void *u)
{
	struct rd *r = u;

	if (r->img && t != MD_SPAN_IMG)
		return 0;
	switch (t) {
	case MD_SPAN_EM: put(r, "</em>"); break;
	case MD_SPAN_STRONG: put(r, "</strong>"); break;
	case MD_SPAN_U: put(r, "</u>"); break;
	case MD_SPAN_DEL: put(r, "</del>"); break;
	case MD_SPAN_CODE: put(r, "</code>"); break;
	case MD_SPAN_LATEXMATH:
	case MD_SPAN_LATEXMATH_DISPLAY:
	case MD_SPAN_WIKILINK: put(r, "</span>"); break;
	case MD_SPAN_A: {
		int drop = 1;
		r->nlink--;
		if (r->nlink >= 0 && r->nlink < (int)(sizeof r->linkdrop / sizeof r->linkdrop[0]))
			drop = r->linkdrop[r->nlink];
		put(r, drop ? "</span>" : "</a>");
		break;
	}
	case MD_SPAN_IMG: {
		MD_SPAN_IMG_DETAIL *im = d;
		char *src;
		const char *alt = r->alt.s ? r->alt.s : "";
		if (--r->img)
			break;
		src = attr(&im->src);
		if (src && src[0] && cg_md_safe_href(src, strlen(src)) &&
		    !remote(src, strlen(src)) && strncasecmp(src, "mailto:", 7)) {
			put(r, "<img src=\"");
			cg_md_escape(r->out, src, strlen(src));
			put(r, "\" alt=\"");
			cg_buf_add(r->out, alt, r->alt.len);
			put(r, "\">");
		} else {	/* never fetch: show what it was */
			put(r, "<span class=\"img-alt\">[image: ");
			cg_buf_add(r->out, alt, r->alt.len);
			put(r, "]</span>");
		}
		free(src);
		break;
	}
	}
	return 0;
}

/* Escape normal text, but render the <sub>X</sub> / <sup>X</sup> that small
 * models write for formulas (H<sub>2</sub>O, x<sup>2</sup>) as the real
 * elements: only those exact tags, closed in the same run, around at most
 * 40 bytes holding no markup.  Everything else stays escaped text. */
static void
esc_subsup(cg_buf *o, const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *t = p, *in, *close;
		size_t m;
		int sub;

		while (t + 5 <= end && !(t[0] == '<' && t[1] == 's' &&
		    t[2] == 'u' && (t[3] == 'b' || t[3] == 'p') && t[4] == '>'))
			t++;
		if (t + 5 > end)
			break;
		sub = t[3] == 'b';
		in = t + 5;
		for (close = in; close < end && close - in <= 40 &&
		    *close != '<' && *close != '>' && *close != '\n'; close++)
			;
		m = (size_t)(close - in);
		if (m == 0 || close + 6 > end || memcmp(close, sub ? "</sub>" :
		    "</sup>", 6) != 0) {
			cg_md_escape(o, p, (size_t)(in - p));
			p = in;
			continue;
		}
		cg_md_escape(o, p, (size_t)(t - p));
		cg_buf_puts(o, sub ? "<sub>" : "<sup>");
		cg_md_escape(o, in, m);
		cg_buf_puts(o, sub ? "</sub>" : "</sup>");
		p = close + 6;
	}
	cg_md_escape(o, p, (size_t)(end - p));
}

static int
text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
	struct rd *r = u;
	cg_buf *o = sink(r);

	if (r->incode) {
		cg_buf_add(&r->code, s, n);
		return 0;
	}
	switch (t) {
	case MD_TEXT_NULLCHAR:
		cg_buf_puts(o, "\xEF\xBF\xBD");
		break;
	case MD_TEXT_BR:
		cg_buf_puts(o, r->img ? " " : "<br>\n");
		break;
	case MD_TEXT_SOFTBR:
		cg_buf_puts(o, r->img || r->inhead ? " " : "\n");
		break;
	case MD_TEXT_ENTITY:
		/* md4c hands over only well-formed entities: safe verbatim */
		cg_buf_add(o, s, n);
		break;
	case MD_TEXT_NORMAL:
		if (r->img)
			cg_md_escape(o, s, n);
		else
			esc_subsup(o, s, n);
		break;
	default:	/* CODE, HTML (shown as text), LATEXMATH */
		cg_md_escape(o, s, n);
		break;
	}
	if (r->inhead && !r->img) {
		if (t == MD_TEXT_ENTITY)
			cg_buf_add(&r->headtxt, s, n);
		else if (t == MD_TEXT_SOFTBR || t == MD_TEXT_BR)
			cg_buf_putc(&r->headtxt, ' ');
		else
			cg_md_escape(&r->headtxt, s, n);
	}
	return 0;
}

/* The first pass, without maths: the heading levels the document uses,
 * and every dollar sign md4c reads as text (not in code, not in an
 * autolink), with the block it is in. */
struct scan {
	const char *src;
	size_t      len;
	int         used[7];
	int         block;	/* bumped at every block boundary */
	int         linkfirst;	/* the next text is a link's first */
	int         autolink;	/* inside <http://…>: no maths there */
	struct cg_md_dollar *d;
	size_t      nd, cap;
};

static int
scan_block(MD_BLOCKTYPE t, void *d, void *u)
{
	struct scan *sc = u;

	if (t == MD_BLOCK_H && d)
		sc->used[((MD_BLOCK_H_DETAIL *)d)->level] = 1;
	sc->block++;
	return 0;
}

static int
scan_leave(MD_BLOCKTYPE t, void *d, void *u)
{
	(void)t;
	(void)d;
	((struct scan *)u)->block++;
	return 0;
}

static int
scan_span(MD_SPANTYPE t, void *d, void *u)
{
	struct scan *sc = u;

	(void)d;
	if (t == MD_SPAN_A)
		sc->linkfirst = 1, sc->autolink = 0;
	return 0;
}

static int
scan_unspan(MD_SPANTYPE t, void *d, void *u)
{
	struct scan *sc = u;

	(void)d;
	if (t == MD_SPAN_A)
		sc->linkfirst = sc->autolink = 0;
	return 0;
}

static int
scan_text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u)
{
	struct scan *sc = u;
	size_t off, i;

	if (t != MD_TEXT_NORMAL || s < sc->src || s + n > sc->src + sc->len)
		return 0;
	off = (size_t)(s - sc->src);
	if (sc->linkfirst) {	/* an autolink's text follows its "<" */
		sc->linkfirst = 0;
		sc->autolink = off > 0 && sc->src[off - 1] == '<';
	}
	if (sc->autolink)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] != '$')
			continue;
		if (sc->nd == sc->cap) {
			sc->cap = sc->cap ? sc->cap * 2 : 16;
			sc->d = xrealloc(sc->d, sc->cap * sizeof *sc->d);
		}
		sc->d[sc->nd].off = off + i;
		sc->d[sc->nd++].block = sc->block;
	}
	return 0;
}

/* The source with a backslash before every dollar that is not maths, or
 * NULL when there is none. */
static char *
escape_dollars(struct scan *sc, size_t *len)
{
	cg_buf b = {0};
	size_t i, from = 0;
	int any = 0;

	cg_md_math_roles(sc->src, sc->len, sc->d, sc->nd);
	for (i = 0; i < sc->nd; i++) {
		if (sc->d[i].role != CG_MD_LITERAL)
			continue;
		cg_buf_add(&b, sc->src + from, sc->d[i].off - from);
		cg_buf_putc(&b, '\\');
		from = sc->d[i].off;
		any = 1;
	}
	if (!any) {
		cg_buf_free(&b);
		return NULL;
	}
	cg_buf_add(&b, sc->src + from, sc->len - from);
	*len = b.len;
	return cg_buf_take(&b);
}

int
cg_md_render(const char *txt, size_t len, const cg_md_opts *o, cg_buf *out,
    cg_err *e)
{
	struct rd r;
	struct scan sc;
	MD_PARSER p = {0};
	int i, next, rc;
	char *esc;

	memset(&r, 0, sizeof r);
	memset(&sc, 0, sizeof sc);
	sc.src = txt;
	sc.len = len;
	r.out = out;
	r.o = o;
	p.abi_version = 0;
	p.flags = MD_BASE;
	p.enter_block = scan_block;
	p.leave_block = scan_leave;
	p.enter_span = scan_span;
	p.leave_span = scan_unspan;
	p.text = scan_text;
	if (md_parse(txt, (MD_SIZE)len, &p, &sc) != 0) {
		free(sc.d);
		return cg_seterr(e, EX_SOFTWARE, "markdown parser failed");
	}
	esc = escape_dollars(&sc, &len);
	free(sc.d);
	if (esc)
		txt = esc;
	next = o->base >= 1 && o->base <= 6 ? o->base : 1;
	for (i = 1; i <= 6; i++) {
		r.map[i] = next > 6 ? 6 : next;
		if (sc.used[i])
			next++;
	}
	p.flags = MD_FLAGS;
	p.enter_block = enter_block;
	p.leave_block = leave_block;
	p.enter_span = enter_span;
	p.leave_span = leave_span;
	p.text = text;
	if (!out->s)
		cg_buf_puts(out, "");
	rc = md_parse(txt, (MD_SIZE)len, &p, &r);
	free(esc);
	for (i = 0; i < r.nids; i++)
		free(r.ids[i]);
	free(r.ids);
	cg_buf_free(&r.alt);
	cg_buf_free(&r.headtxt);
	cg_buf_free(&r.code);
	if (rc != 0)
		return cg_seterr(e, EX_SOFTWARE, "markdown parser failed");
	return 0;
}

void
cg_md_toc_free(cg_md_toc *t)
{
	int i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->h[i].id);
		free(t->h[i].html);
	}
	free(t->h);
	memset(t, 0, sizeof *t);
}
