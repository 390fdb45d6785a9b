/* search.c — the site's search index (see site.h).
 *
 * Terms live in an open-addressing hash table; each term keeps a postings
 * list of (document, frequency) pairs.  Documents are added one after the
 * other, so a term's postings only ever grow at the end.
 *
 * Why not a browser search library (minisearch): its index is built by
 * JavaScript, so a site built here would either build it in the browser
 * on the first search (about 0.6 s in node for a 24-session course, more
 * on a phone) or depend on the library's internal serialisation format;
 * serialised it is 2.4 times these postings (1.0 MB against 0.43 MB for
 * 1859 pieces), and it has no stemmer for the course languages.  Results
 * on the test fixtures were the same.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "site.h"
#include "foldtab.h"

struct term {
	char *s;
	int  *p;		/* doc, tf, doc, tf, ... */
	int   n, cap;		/* ints used / allocated */
};

struct doc {
	char *url, *title, *section, *text;
	int   len;		/* weighted token count */
};

struct cg_site_index {
	struct term *t;
	size_t nt, cap;		/* terms used, table size (power of 2) */
	struct doc *d;
	int nd, dcap;
	const char *lang;	/* "en", or "" */
	const char *const *stop;	/* its stop words, or NULL */
	int noanswers;		/* leave out explanations, model answers */
};

/* Stop words: the most common function words of each language the
 * search knows (cg.js gets the list with the index). */
static const char *const stop_en[] = {
	"an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "for",
	"from", "has", "have", "he", "in", "into", "is", "it", "its", "not", "of",
	"on", "or", "she", "such", "than", "that", "the", "their", "them",
	"then", "there", "these", "they", "this", "those", "to", "was", "we",
	"were", "which", "will", "with", "you", NULL
};
static const char *const stop_es[] = {
	"al", "como", "con", "de", "del", "el", "en", "entre", "es", "esta",
	"este", "fue", "ha", "la", "las", "le", "lo", "los", "mas", "no", "o",
	"para", "pero", "por", "que", "se", "ser", "sin", "sobre", "son", "su",
	"sus", "tambien", "un", "una", "unos", "y", "ya", NULL
};
static const char *const stop_fr[] = {
	"au", "aux", "avec", "ce", "ces", "cette", "comme", "dans", "de", "des",
	"du", "elle", "en", "est", "et", "il", "ils", "la", "le", "les", "leur",
	"mais", "ne", "nous", "on", "ou", "par", "pas", "plus", "pour",
	"qui", "que", "sa", "se", "ses", "son", "sont", "sur", "un", "une",
	"vous", NULL
};
static const char *const stop_de[] = {
	"als", "am", "an", "auch", "auf", "aus", "bei", "das", "dass", "dem",
	"den", "der", "des", "die", "durch", "ein", "eine", "einem", "einen",
	"einer", "eines", "er", "es", "fur", "im", "in", "ist", "kann", "mit",
	"nach", "nicht", "oder", "sich", "sie", "sind", "so", "uber", "und",
	"unter", "von", "vom", "war", "werden", "wie", "wird", "zu", "zum",
	"zur", NULL
};
static const char *const stop_pt[] = {
	"ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e",
	"ela", "ele", "em", "entre", "era", "esta", "foi", "mais", "mas", "na",
	"nas", "no", "nos", "nao", "os", "ou", "para", "pela", "pelo", "por",
	"que", "se", "ser", "sem", "seu", "sua", "sao", "tambem", "tem", "um",
	"uma", NULL
};

const char *const *
cg_site_stopwords(const char *lang)
{
	static const struct { const char *lang; const char *const *w; } t[] = {
		{ "en", stop_en }, { "es", stop_es }, { "fr", stop_fr },
		{ "de", stop_de }, { "pt", stop_pt },
	};
	size_t i;

	for (i = 0; lang && i < sizeof t / sizeof t[0]; i++)
		if (strncmp(lang, t[i].lang, 2) == 0 && (!lang[2] || lang[2] == '-'))
			return t[i].w;
	return NULL;
}

static int
isstop(const char *const *stop, const char *s, size_t n)
{
	int i;

	for (i = 0; stop && stop[i]; i++)
		if (strlen(stop[i]) == n && memcmp(stop[i], s, n) == 0)
			return 1;
	return 0;
}

/* Word characters; cg.js isWord() is the same test. */
static int
isword(long c)
{
	if (c < 0)
		return 0;
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9');
	if (c <= 0xBF || c == 0xD7 || c == 0xF7)
		return 0;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xFF00 && c <= 0xFF0F) || c == 0xFEFF || c == 0xFFFD ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return 1;
}

/* Combining diacritical marks: inside a word, but not part of a term
 * (text typed decomposed folds like text typed composed). */
static int
ismark(long c)
{
	return c >= 0x300 && c <= 0x36F;
}

static long
lookup(long c, int fold)
{
	size_t lo = 0, hi = sizeof foldtab / sizeof foldtab[0];

	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (foldtab[m].c == c)
			return fold ? foldtab[m].fold : foldtab[m].lower;
		if (foldtab[m].c < c)
			lo = m + 1;
		else
			hi = m;
	}
	return c;
}

long
cg_site_lower(long c)
{
	return lookup(c, 0);
}

long
cg_site_fold(long c)
{
	return lookup(c, 1);
}

int
cg_site_isword(long c)
{
	return isword(c);
}

size_t
cg_site_utf8enc(char *out, long c)
{
	unsigned char *o = (unsigned char *)out;

	if (c < 0x80) { o[0] = (unsigned char)c; return 1; }
	if (c < 0x800) {
		o[0] = (unsigned char)(0xC0 | c >> 6);
		o[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xE0 | c >> 12);
		o[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | c >> 18);
	o[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

/* Pass the token of the n characters cs (folded) to fn, unless a stop
 * word. */
static void
cjk_token(const long *cs, int n, const char *const *stop,
    void (*fn)(void *, const char *, size_t), void *arg)
{
	char tok[2 * 4 + 1];
	size_t tn = 0;
	int i;

	for (i = 0; i < n; i++)
		tn += cg_site_utf8enc(tok + tn, cg_site_fold(cs[i]));
	tok[tn] = 0;
	if (!isstop(stop, tok, tn))
		fn(arg, tok, tn);
}

void
cg_site_tokens(const char *text, size_t len, const char *lang,
    void (*fn)(void *, const char *, size_t), void *arg)
{
	const char *const *stop = cg_site_stopwords(lang);
	const unsigned char *s = (const unsigned char *)text;
	char tok[32 * 4 + 1];
	size_t i = 0, tn = 0;
	int chars = 0, over = 0, run = 0;
	long pair[2] = { 0, 0 };

	while (i <= len) {
		long c = -1;
		int k = 1;
		if (i < len)
			k = cg_utf8_dec((const char *)s + i, len - i, &c);
		/* Chinese and Japanese, written without spaces: every two
		 * characters side by side are a token (a lone one is one) */
		if (i < len && cg_iscjk(c)) {
			pair[0] = pair[1];
			pair[1] = c;
			if (run++)
				cjk_token(pair, 2, stop, fn, arg);
		} else if (run) {
			if (run == 1)
				cjk_token(pair + 1, 1, stop, fn, arg);
			run = 0;
		}
		if (i < len && isword(c) && !cg_iscjk(c)) {
			if (ismark(c))
				;
			else if (chars < 32) {
				tn += cg_site_utf8enc(tok + tn, cg_site_fold(c));
				chars++;
			} else
				over = 1;
		} else if (chars) {
			tok[tn] = 0;
			if (chars >= 2 && !over && !isstop(stop, tok, tn))
				fn(arg, tok, tn);
			tn = 0;
			chars = 0;
			over = 0;
		}
		i += k;
	}
}

static unsigned long
hash(const char *s, size_t n)
{
	unsigned long h = 1469598103934665603UL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211UL;
	return h;
}

static void
grow(cg_site_index *ix)
{
	size_t ncap = ix->cap ? ix->cap * 2 : 1024, i;
	struct term *nt = xcalloc(ncap, sizeof *nt);

	for (i = 0; i < ix->cap; i++) {
		struct term *t = &ix->t[i];
		size_t j;
		if (!t->s)
			continue;
		j = hash(t->s, strlen(t->s)) & (ncap - 1);
		while (nt[j].s)
			j = (j + 1) & (ncap - 1);
		nt[j] = *t;
	}
	free(ix->t);
	ix->t = nt;
	ix->cap = ncap;
}

cg_site_index *
cg_site_index_new(const char *lang)
{
	cg_site_index *ix = xcalloc(1, sizeof *ix);
	ix->stop = cg_site_stopwords(lang);
	ix->lang = ix->stop ? lang : "";
	grow(ix);
	return ix;
}

void
cg_site_index_omit_answers(cg_site_index *ix, int omit)
{
	ix->noanswers = omit != 0;
}

int
cg_site_index_doc(cg_site_index *ix, const char *url, const char *title,
    const char *section, const char *text)
{
	struct doc *d;

	if (ix->nd == ix->dcap) {
		ix->dcap = ix->dcap ? ix->dcap * 2 : 64;
		ix->d = xrealloc(ix->d, ix->dcap * sizeof *ix->d);
	}
	d = &ix->d[ix->nd];
	d->url = xstrdup(url);
	d->title = xstrdup(title);
	d->section = xstrdup(section ? section : "");
	d->text = xstrdup(text ? text : "");
	d->len = 0;
	return ix->nd++;
}

struct addctx { cg_site_index *ix; int doc, w; };

static void addterm(cg_site_index *ix, int doc, const char *tok, size_t n, int w);

static void
addtok(void *arg, const char *tok, size_t n)
{
	struct addctx *a = arg;
	addterm(a->ix, a->doc, tok, n, a->w);
}

static void
addterm(cg_site_index *ix, int doc, const char *tok, size_t n, int w)
{
	size_t j;
	struct term *t;
	struct addctx ac = { ix, doc, w }, *a = &ac;

	if ((ix->nt + 1) * 2 > ix->cap)
		grow(ix);
	j = hash(tok, n) & (ix->cap - 1);
	while (ix->t[j].s && (strncmp(ix->t[j].s, tok, n) != 0 || ix->t[j].s[n]))
		j = (j + 1) & (ix->cap - 1);
	t = &ix->t[j];
	if (!t->s) {
		t->s = xstrndup(tok, n);
		ix->nt++;
	}
	if (t->n >= 2 && t->p[t->n - 2] == a->doc)
		t->p[t->n - 1] += a->w;
	else {
		if (t->n + 2 > t->cap) {
			t->cap = t->cap ? t->cap * 2 : 4;
			t->p = xrealloc(t->p, t->cap * sizeof *t->p);
		}
		t->p[t->n++] = a->doc;
		t->p[t->n++] = a->w;
	}
	ix->d[a->doc].len += a->w;
}

void
cg_site_index_text(cg_site_index *ix, int doc, const char *text, size_t len,
    int weight)
{
	struct addctx a = { ix, doc, weight > 0 ? weight : 1 };

	if (doc < 0 || doc >= ix->nd || !text)
		return;
	cg_site_tokens(text, len, ix->lang, addtok, &a);
}

/* ---- documents from rendered HTML -------------------------------------
 *
 * A part page is indexed in pieces, one per heading, so a result can
 * open the page at that heading and show a snippet of its text.  The
 * text is taken from the HTML this file rendered: tags dropped (block
 * tags leave a space), entities decoded, scripts and diagram sources left
 * out (a diagram is indexed by its text description).
 */

/* The end of the element whose start tag is at p (tag: "div",
 * "details"), nested ones of the same name inside it counted. */
static const char *
elem_end(const char *p, const char *tag)
{
	size_t n = strlen(tag);
	int depth = 0;

	for (; (p = strchr(p, '<')); p++) {
		if (strncmp(p + 1, tag, n) == 0 && (p[1 + n] == '>' || p[1 + n] == ' '))
			depth++;
		else if (p[1] == '/' && strncmp(p + 2, tag, n) == 0 && p[2 + n] == '>' &&
		    --depth == 0)
			return p + 3 + n;
	}
	return NULL;
}

/* What a student edition leaves out: a question's explanation (<div
 * class="explain">) and a model answer or an essay's guidance (a
 * <details> without a class, or of class "answer"). */
static int
answer_block(const char *p)
{
	return strncmp(p, "<div class=\"explain\"", 20) == 0 ||
	    strncmp(p, "<details>", 9) == 0 || strncmp(p, "<details open>", 14) == 0 ||
	    strncmp(p, "<details class=\"answer\"", 23) == 0;
}

static int
skip_block(const char *p, const char **end)
{
	static const char *const open[] = { "<script", "<pre class=\"mermaid\"" };
	static const char *const close[] = { "</script>", "</pre>" };
	size_t i;

	for (i = 0; i < 2; i++)
		if (strncmp(p, open[i], strlen(open[i])) == 0) {
			const char *e = strstr(p, close[i]);
			*end = e ? e + strlen(close[i]) : p + strlen(p);
			return 1;
		}
	return 0;
}

/* html without its answer blocks (a copy). */
static char *
strip_answers(const char *html)
{
	cg_buf b = {0};
	const char *p = html, *q, *e;

	for (; (q = strchr(p, '<')); p = q + 1) {
		if (!answer_block(q))
			continue;
		cg_buf_add(&b, html, q - html);
		cg_buf_putc(&b, ' ');
		e = elem_end(q, q[1] == 'd' && q[2] == 'i' ? "div" : "details");
		html = e ? e : q + strlen(q);
		q = html - 1;
	}
	cg_buf_puts(&b, html);
	return b.s ? cg_buf_take(&b) : xstrdup("");
}

/* Inline tags join words; every other tag separates them. */
static int
inline_tag(const char *p)
{
	static const char *const tags[] = { "a", "strong", "em", "code", "span",
		"del", "sup", "sub", "mark", "kbd", "b", "i", NULL };
	size_t i, n;

	p += p[1] == '/' ? 2 : 1;
	for (i = 0; tags[i]; i++) {
		n = strlen(tags[i]);
		if (strncmp(p, tags[i], n) == 0 && (p[n] == '>' || p[n] == ' '))
			return 1;
	}
	return 0;
}

/* Plain text of html[0..n) appended to out (spaces squeezed). */
static void
plain(cg_buf *out, const char *p, const char *end)
{
	while (p < end) {
		const char *q;
		if (*p == '<') {
			if (skip_block(p, &q)) {
				p = q;
				continue;
			}
			if (!inline_tag(p) && out->len && out->s[out->len - 1] != ' ')
				cg_buf_putc(out, ' ');
			q = memchr(p, '>', end - p);
			p = q ? q + 1 : end;
		} else if (*p == '&') {
			static const char *const ent[][2] = { { "&amp;", "&" },
				{ "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
				{ "&#39;", "'" } };
			size_t i;
			for (i = 0; i < 5; i++)
				if (strncmp(p, ent[i][0], strlen(ent[i][0])) == 0)
					break;
			if (i < 5) {
				cg_buf_puts(out, ent[i][1]);
				p += strlen(ent[i][0]);
			} else
				cg_buf_putc(out, *p++);
		} else if (*p == '\n' || *p == '\t' || *p == ' ') {
			if (out->len && out->s[out->len - 1] != ' ')
				cg_buf_putc(out, ' ');
			p++;
		} else
			cg_buf_putc(out, *p++);
	}
}

/* Index one piece: heading text (weight 3) and body text. */
static void
index_piece(cg_site_index *ix, const char *page, const char *anchor,
    const char *title, const char *part, const char *head, const char *text)
{
	char *url = anchor ? xasprintf("%s#%s", page, anchor) : xstrdup(page);
	char *sec = head && *head && strcasecmp(head, part) != 0 ?
	    xasprintf("%s › %s", part, head) : xstrdup(part);
	int doc;

	if (!*text && !(head && *head)) {
		free(url);
		free(sec);
		return;
	}
	doc = cg_site_index_doc(ix, url, title, sec, text);
	if (head)
		cg_site_index_text(ix, doc, head, strlen(head), 3);
	cg_site_index_text(ix, doc, text, strlen(text), 1);
	free(url);
	free(sec);
}

void
cg_site_index_html(cg_site_index *ix, const char *page, const char *title,
    const char *part, const char *html)
{
	char *own = ix->noanswers ? strip_answers(html) : NULL;
	const char *p = own ? own : html, *h;
	char *anchor = NULL, *head = NULL;
	cg_buf text = {0};

	for (;;) {
		/* the next heading with an id: <hN id="..."> */
		for (h = strstr(p, "<h"); h; h = strstr(h + 2, "<h"))
			if (h[2] >= '2' && h[2] <= '6' && strncmp(h + 3, " id=\"", 5) == 0)
				break;
		plain(&text, p, h ? h : p + strlen(p));
		while (text.len && text.s[text.len - 1] == ' ')
			text.s[--text.len] = 0;
		index_piece(ix, page, anchor, title, part, head, text.s ? text.s : "");
		free(anchor);
		free(head);
		anchor = head = NULL;
		text.len = 0;
		if (text.s)
			text.s[0] = 0;
		if (!h)
			break;
		{
			const char *q = h + 8, *qe = strchr(q, '"');
			const char *he = strstr(h, "</h");
			cg_buf hb = {0};
			if (!qe || !he)
				break;
			anchor = xstrndup(q, qe - q);
			q = strchr(qe, '>');
			plain(&hb, q ? q + 1 : he, he);
			head = cg_buf_take(&hb);
			if (!head)
				head = xstrdup("");
			p = he + 5;
		}
	}
	cg_buf_free(&text);
	free(own);
}

void
cg_site_jsonstr(cg_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	cg_buf_putc(b, '"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\') {
			cg_buf_putc(b, '\\');
			cg_buf_putc(b, *p);
		} else if (*p < 0x20)
			cg_buf_printf(b, "\\u%04x", *p);
		else if (*p == '<' && p[1] == '/') {
			cg_buf_puts(b, "<\\/");
			p++;
		} else if (*p == '<' && p[1] == '!') {
			cg_buf_puts(b, "\\u003c");
		} else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			cg_buf_printf(b, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
			p += 2;
		} else
			cg_buf_putc(b, *p);
	}
	cg_buf_putc(b, '"');
}

/* Append ",N" (sep ',') or "N" (sep 0): the index has ~10^5 numbers and
 * printf is the slowest way to write them. */
static void
putint(cg_buf *b, int sep, int v)
{
	char t[16], *q = t + sizeof t;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;

	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	if (sep)
		*--q = (char)sep;
	cg_buf_add(b, q, t + sizeof t - q);
}

static int
termcmp(const void *a, const void *b)
{
	return strcmp((*(struct term *const *)a)->s, (*(struct term *const *)b)->s);
}

char *
cg_site_index_js(const cg_site_index *ix, size_t *len)
{
	cg_buf b = {0};
	struct term **v = xmalloc((ix->nt + 1) * sizeof *v);
	size_t i, n = 0;
	int k;

	for (i = 0; i < ix->cap; i++)
		if (ix->t[i].s)
			v[n++] = &ix->t[i];
	qsort(v, n, sizeof *v, termcmp);
	cg_buf_puts(&b, "/* search index, generated by cg-site */\n"
	    "window.CG_SEARCH={\"lang\":");
	cg_site_jsonstr(&b, ix->lang);
	cg_buf_puts(&b, ",\"stop\":[");
	for (k = 0; ix->stop && ix->stop[k]; k++) {
		if (k)
			cg_buf_putc(&b, ',');
		cg_site_jsonstr(&b, ix->stop[k]);
	}
	cg_buf_puts(&b, "],\n\"docs\":[\n");
	for (k = 0; k < ix->nd; k++) {
		cg_buf_putc(&b, '[');
		cg_site_jsonstr(&b, ix->d[k].url);
		cg_buf_putc(&b, ',');
		cg_site_jsonstr(&b, ix->d[k].title);
		cg_buf_putc(&b, ',');
		cg_site_jsonstr(&b, ix->d[k].section);
		cg_buf_printf(&b, ",%d,", ix->d[k].len);
		cg_site_jsonstr(&b, ix->d[k].text);
		cg_buf_puts(&b, k + 1 < ix->nd ? "],\n" : "]\n");
	}
	cg_buf_puts(&b, "],\"terms\":{\n");
	for (i = 0; i < n; i++) {
		int j;
		cg_site_jsonstr(&b, v[i]->s);
		cg_buf_puts(&b, ":[");
		for (j = 0; j < v[i]->n; j++)
			putint(&b, j ? ',' : 0, v[i]->p[j]);
		cg_buf_puts(&b, i + 1 < n ? "],\n" : "]\n");
	}
	cg_buf_puts(&b, "}};\n");
	free(v);
	if (len)
		*len = b.len;
	return cg_buf_take(&b);
}

void
cg_site_index_free(cg_site_index *ix)
{
	size_t i;
	int k;

	if (!ix)
		return;
	for (i = 0; i < ix->cap; i++) {
		free(ix->t[i].s);
		free(ix->t[i].p);
	}
	free(ix->t);
	for (k = 0; k < ix->nd; k++) {
		free(ix->d[k].url);
		free(ix->d[k].title);
		free(ix->d[k].section);
		free(ix->d[k].text);
	}
	free(ix->d);
	free(ix);
}
