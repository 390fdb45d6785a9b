/* anki.c — an Anki import file (see export.h).
 *
 * Tab-separated, one note (card) a line: front, back, tags; the header
 * lines Anki reads say so (#separator:tab, #html:true, #notetype:Basic,
 * #deck:, #tags column:3).  Fields are HTML: text is escaped, a line
 * break becomes <br> and a tab &#9;, so a card is always one line of
 * exactly three fields; maths ($…$, $$…$$: md.h's rule) is written
 * \( … \) and \[ … \], which Anki's MathJax reads, and "\$" as "$".
 * Cards: every key term of a session's study notes (list items or lines
 * "**term**: definition" / "term: definition" in the section of the notes
 * kind's required heading "Key Terms", found as the validators find it —
 * by its wording in the course's language or in English, else by its
 * place (cg_validate_section) —, or under another heading so worded or
 * naming a glossary), then every question, the answer and explanation
 * (or model answer, or guidance) on the back.  Tags: cg::sNN.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "export.h"
#include "gen.h"
#include "validate.h"

/* Where a session's notes hold their key terms: the notes kind's
 * requirements (cg_gen_req of course.json: its headings in the course's
 * language, "headings_en" in English) and the index of "Key Terms" in
 * them; k < 0 when the course asks for no such heading. */
struct keyterms {
	cJSON *req;
	int    k;
	const char *want, *want_en;
};

static void
field(cg_buf *b, const char *text, size_t len)
{
	static const char *const w[4] = { "\\(", "\\)", "\\[", "\\]" };
	char *in = xstrndup(text, len), *s = cg_md_math_delims(in, w, NULL);
	size_t i, n = strlen(s);
	cg_buf t = {0};

	for (i = 0; i < n; i++) {
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (s[i] == '\n' || s[i] == '\r') {
			cg_export_xesc(b, t.s ? t.s : "", t.len);
			t.len = 0;
			cg_buf_puts(b, "<br>");
		} else if (s[i] == '\t') {
			cg_export_xesc(b, t.s ? t.s : "", t.len);
			t.len = 0;
			cg_buf_puts(b, "&#9;");
		} else
			cg_buf_putc(&t, s[i]);
	}
	cg_export_xesc(b, t.s ? t.s : "", t.len);
	cg_buf_free(&t);
	free(s);
	free(in);
}

static void
fields(cg_buf *b, const char *s)
{
	field(b, s, strlen(s));
}

static int
heading(const char *l, size_t n, int *lvl)
{
	size_t i = 0;

	while (i < n && l[i] == '#')
		i++;
	if (i == 0 || i > 6 || i >= n || l[i] != ' ')
		return 0;
	*lvl = (int)i;
	return 1;
}

static int
mentions(const char *l, size_t n, const char *w)
{
	size_t i, k = strlen(w);

	for (i = 0; i + k <= n; i++)
		if (strncasecmp(l + i, w, k) == 0)
			return 1;
	return 0;
}

/* The length of a colon at p (before end): ':', or the full-width one
 * Chinese and Japanese write (U+FF1A); 0 for none. */
static size_t
colon(const char *p, const char *end)
{
	if (p < end && *p == ':')
		return 1;
	if (end - p >= 3 && !strncmp(p, "\xEF\xBC\x9A", 3))
		return 3;
	return 0;
}

/* Where a colon that ends just before e (after t) begins, or NULL. */
static const char *
colon_before(const char *t, const char *e)
{
	if (e > t && e[-1] == ':')
		return e - 1;
	if (e - t >= 3 && !strncmp(e - 3, "\xEF\xBC\x9A", 3))
		return e - 3;
	return NULL;
}

/* One "term: definition" line l[0..n) as a card; 0 when it is not one. */
static int
termcard(cg_buf *b, const char *l, size_t n, const char *tag)
{
	const char *t, *te, *d, *end = l + n;
	int item = 0;

	while (l < end && (*l == ' ' || *l == '\t'))
		l++;
	if (l + 1 < end && (*l == '-' || *l == '*' || *l == '+') && l[1] == ' ' &&
	    !(l[0] == '*' && l[1] == '*'))
		l += 2, item = 1;
	else if (l < end && isdigit((unsigned char)*l)) {
		const char *p = l;
		while (p < end && isdigit((unsigned char)*p))
			p++;
		if (p + 1 < end && (*p == '.' || *p == ')') && p[1] == ' ')
			l = p + 2, item = 1;
	}
	while (l < end && *l == ' ')
		l++;
	if (end - l > 4 && l[0] == '*' && l[1] == '*') {
		t = l + 2;
		for (te = t; te + 1 < end && !(te[0] == '*' && te[1] == '*'); te++)
			;
		if (te + 1 >= end)
			return 0;
		d = te + 2;
		for (;;) {
			const char *c = colon_before(t, te);
			if (c)
				te = c;
			else if (te > t && te[-1] == ' ')
				te--;
			else
				break;
		}
	} else {
		if (!item)
			return 0;	/* a paragraph: only "**term**: …" counts */
		/* "term: …", or "term：…" (full width, no space after it) */
		for (te = l; te < end && !(colon(te, end) == 1 && te + 1 < end &&
		    te[1] == ' ') && colon(te, end) != 3; te++)
			;
		if (te >= end || te - l > 80)
			return 0;
		t = l;
		d = te + colon(te, end);
		while (te > t && te[-1] == ' ')
			te--;
	}
	for (;;) {
		size_t k = colon(d, end);
		if (k)
			d += k;
		else if (d < end && *d == ' ')
			d++;
		else
			break;
	}
	if (end - d >= 3 && (!strncmp(d, "\xE2\x80\x94", 3) || !strncmp(d, "\xE2\x80\x93", 3)))
		d += 3;
	else if (d < end && *d == '-')
		d++;
	while (d < end && *d == ' ')
		d++;
	while (end > d && (end[-1] == ' ' || end[-1] == '\r'))
		end--;
	if (te <= t || d >= end)
		return 0;
	field(b, t, (size_t)(te - t));
	cg_buf_putc(b, '\t');
	field(b, d, (size_t)(end - d));
	cg_buf_printf(b, "\t%s\n", tag);
	return 1;
}

static void
keyterms_init(struct keyterms *kt, const cg_export_course *c)
{
	const struct cg_kind *kd = cg_kind_find("notes");
	const cJSON *en, *h;
	int i = 0;

	memset(kt, 0, sizeof *kt);
	kt->k = -1;
	if (!kd || !c->course)
		return;
	kt->req = cg_gen_req(c->course, kd);
	en = cJSON_GetObjectItemCaseSensitive(kt->req, "headings_en");
	if (!cJSON_IsArray(en))
		en = cJSON_GetObjectItemCaseSensitive(kt->req, "headings");
	cJSON_ArrayForEach(h, en) {
		if (cJSON_IsString(h) && strcasecmp(h->valuestring, "Key Terms") == 0) {
			kt->k = i;
			kt->want_en = h->valuestring;
			h = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(kt->req,
			    "headings"), i);
			kt->want = cJSON_IsString(h) ? h->valuestring : NULL;
			return;
		}
		i++;
	}
}

/* 1 when heading line l (n bytes, "#"s and all) names the key terms: the
 * required heading's wording, the course's or English, or a glossary. */
static int
keyhead(const struct keyterms *kt, const char *l, size_t n)
{
	char *h;
	int r;

	while (n && *l == '#')
		l++, n--;
	h = xstrndup(l, n);
	r = (kt->want && cg_validate_heading_match(h, kt->want)) ||
	    (kt->want_en && cg_validate_heading_match(h, kt->want_en)) ||
	    mentions(l, n, "key term") || mentions(l, n, "glossary");
	free(h);
	return r;
}

static int
terms(cg_buf *b, const char *text, const char *tag, const struct keyterms *kt)
{
	const char *l = text, *nl;
	int in = 0, inlvl = 0, lvl, n = 0;
	size_t s = 1, e = 0;	/* the required section: none */

	if (kt->k >= 0 && cg_validate_section(text, kt->req, kt->k, &s, &e) < 0)
		s = 1, e = 0;
	for (; *l; l = nl + (*nl != 0)) {
		size_t len, at = (size_t)(l - text);
		nl = strchr(l, '\n');
		if (!nl)
			nl = l + strlen(l);
		len = (size_t)(nl - l);
		if (heading(l, len, &lvl)) {
			if (in && lvl <= inlvl)
				in = 0;
			if (!in && keyhead(kt, l, len))
				in = 1, inlvl = lvl;
			continue;
		}
		if ((in || (at >= s && at < e)) && len)
			n += termcard(b, l, len, tag);
	}
	return n;
}

/* The session's study notes (the kind named "notes"), when made: the
 * key terms are theirs. */
static const struct cg_course_file *
notes(const cg_export_sess *x)
{
	const struct cg_kind *kd = cg_kind_find("notes");
	const struct cg_course_file *f = kd && x->files ?
	    cg_course_file(x->files, kd, 1) : NULL;

	return f && f->text ? f : NULL;
}

char *
cg_export_anki(const cg_export_course *c, size_t *len, cg_err *e)
{
	const struct cg_course_file *f;
	struct keyterms kt;
	cg_buf b = {0};
	const cJSON *q, *o;
	char tag[32];
	const char *p;
	int i, k, n = 0;

	cg_buf_puts(&b, "#separator:tab\n#html:true\n#notetype:Basic\n#deck:");
	for (p = c->name; *p; p++)
		cg_buf_putc(&b, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
	cg_buf_puts(&b, "\n#tags column:3\n");
	keyterms_init(&kt, c);
	for (i = 0; i < c->nsess; i++) {
		const cg_export_sess *x = &c->sess[i];
		snprintf(tag, sizeof tag, "cg::%s", x->id);
		if ((f = notes(x)))
			n += terms(&b, f->text, tag, &kt);
		if (!x->quiz)
			continue;
		for (k = 0; k < 3; k++)
			cJSON_ArrayForEach(q, cg_export_group(x->quiz, k)) {
				fields(&b, cg_export_str(q, "question", ""));
				if (k == 0) {
					const char *ans = cg_export_str(q, "answer", "A");
					int j = 0;
					cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(q, "options")) {
						cg_buf_printf(&b, "<br>%c) ", 'A' + j++);
						fields(&b, o->valuestring);
					}
					cg_buf_printf(&b, "\t%c) ", ans[0]);
					o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(q, "options"),
					    ans[0] - 'A');
					fields(&b, cJSON_IsString(o) ? o->valuestring : "");
					if (cg_export_str(q, "explanation", "")[0]) {
						cg_buf_puts(&b, "<br><br>");
						fields(&b, cg_export_str(q, "explanation", ""));
					}
				} else {
					cg_buf_putc(&b, '\t');
					fields(&b, cg_export_str(q, k == 1 ? "answer" : "guidance", ""));
				}
				cg_buf_printf(&b, "\t%s\n", tag);
				n++;
			}
	}
	cJSON_Delete(kt.req);
	if (!n) {
		cg_buf_free(&b);
		cg_seterr(e, EX_NOINPUT, "no key terms and no questions to make cards of; "
		    "generate the study notes and quizzes first (make course)");
		return NULL;
	}
	*len = b.len;
	return cg_buf_take(&b);
}
