/* mendhead.c — the headings pass of the mender (mend.c): bold lines
 * standing as section titles made "## " headings, numbering and word
 * counts dropped, near-miss wordings of the required headings renamed,
 * a required heading written in English given the course's wording. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "mendint.h"
#include "validate.h"

/* ---- 2. headings ------------------------------------------------------- */

int
cg_mend_isword(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

static int
hasletter(const char *s)
{
	for (; *s; s++)
		if (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

static void
rtrim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* Is s (a parenthesis' inside, or what follows a dash) a word count:
 * numbers, "words", and a few qualifiers ("approx.", "~", "about")? */
static int
wordcount(const char *s)
{
	static const char *const ok[] = { "approx", "approximately", "about",
	    "around", "roughly", "circa", "ca", "c", "est", "estimated",
	    "count", "total", "target", "max", "min", "maximum", "minimum",
	    "to", "up", "under", "over", "of", "wc", NULL };
	char *c = xstrdup(s), *t, *save = NULL;
	int num = 0, word = 0, bad = 0;

	for (t = strtok_r(c, " \t", &save); t && !bad; t = strtok_r(NULL,
	    " \t", &save)) {
		size_t n = strlen(t), i;
		int digit = 0, other = 0;
		while (n && strchr(".,:;", t[n - 1]))
			t[--n] = '\0';
		for (i = 0; i < n; i++) {
			unsigned char u = (unsigned char)t[i];
			if (isdigit(u))
				digit = 1;
			else if (!strchr(",.-~+", u) && u < 0x80)
				other = 1;
		}
		if (digit && !other) {
			num = 1;
			continue;
		}
		for (i = 0; i < n; i++)
			t[i] = (char)tolower((unsigned char)t[i]);
		if (!strcmp(t, "word") || !strcmp(t, "words") || !strcmp(t,
		    "wc"))
			word = 1;
		else if (n && !digit && strspn(t, "~-") != n &&
		    strcmp(t, "\xe2\x89\x88") && strcmp(t, "\xe2\x80\x93") &&
		    strcmp(t, "\xe2\x80\x94")) {
			int i2;
			for (i2 = 0; ok[i2] && strcmp(ok[i2], t); i2++)
				;
			bad = !ok[i2];
		} else if (digit)
			bad = 1;
	}
	free(c);
	return num && word && !bad;
}

/* Drop a word count at the end of s, in place: "(82 words)",
 * "[approx. 150 words]", "- 82 words".  1 when one went. */
static int
drop_wordcount(char *s)
{
	size_t n = strlen(s);
	char *o, *p;

	if (n && (s[n - 1] == ')' || s[n - 1] == ']') &&
	    (o = strrchr(s, s[n - 1] == ')' ? '(' : '[')) != NULL && o > s) {
		char *in = xstrndup(o + 1, (size_t)(s + n - 1 - (o + 1)));
		int wc = wordcount(in);
		free(in);
		if (wc) {
			*o = '\0';
			rtrim(s);
			return 1;
		}
	}
	/* "Summary - 82 words", "Summary: 82 words", "Summary — 82 words" */
	for (p = s + strlen(s); p > s; p--) {
		size_t k = 0;
		if (p[-1] == '-' || p[-1] == ':' || p[-1] == ',')
			k = 1;
		else if (p - s >= 3 && !strncmp(p - 3, "\xe2\x80", 2) &&
		    (p[-1] == '\x93' || p[-1] == '\x94'))
			k = 3;
		if (k && p - k > s && *(p - k - 1) == ' ' && wordcount(p)) {
			*(p - k) = '\0';
			rtrim(s);
			return 1;
		}
		if (k)
			break;
	}
	return 0;
}

/* Roman numerals I to XX. */
static int
roman(const char *s, size_t n)
{
	static const char *const r[] = { "I", "II", "III", "IV", "V", "VI",
	    "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
	    "XVII", "XVIII", "XIX", "XX", NULL };
	for (int i = 0; r[i]; i++)
		if (strlen(r[i]) == n && !strncmp(r[i], s, n))
			return 1;
	return 0;
}

/* Where a heading's text starts after its numbering ("2.", "2)", "2:",
 * "2.1", "2 -", "II.", "Section 2:"); s when it has none, or when no
 * letter would be left ("1984"). */
static char *
past_number(char *s)
{
	char *p = s, *q;
	int dotted = 0, sep = 0;

	if (!strncasecmp(p, "section ", 8) && isdigit((unsigned char)p[8])) {
		p += 8;
		sep = 1;	/* "Section 2 Cells": the word says it */
	}
	if (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p) || (*p == '.' &&
		    isdigit((unsigned char)p[1]))) {
			dotted |= *p == '.';
			p++;
		}
		sep |= dotted;
	} else if (!sep) {
		for (q = p; *q == 'I' || *q == 'V' || *q == 'X'; q++)
			;
		if (q == p || !roman(p, (size_t)(q - p)) || !strchr(".):", *q) ||
		    q[1] != ' ' || !(isupper((unsigned char)q[2]) ||
		    (unsigned char)q[2] >= 0x80))
			return s;
		p = q;
	} else
		return s;
	if (*p && strchr(".):", *p) && (p[1] == ' ' || !p[1])) {
		p++;
		sep = 1;
	} else if (!strncmp(p, " - ", 3) || !strncmp(p, " \xe2\x80\x93 ", 5) ||
	    !strncmp(p, " \xe2\x80\x94 ", 5)) {
		p += p[1] == '-' ? 2 : 4;
		sep = 1;
	}
	if (!sep || (*p && *p != ' '))
		return s;
	while (*p == ' ')
		p++;
	return hasletter(p) ? p : s;
}

/* A heading's or bold title's text made tidy: without wrapping bold, a
 * trailing colon, a word count at the end and numbering in front.
 * Caller frees. */
static char *
tidy(const char *text)
{
	char *s = xstrdup(text), *t;
	int changed = 1;

	while (changed) {
		size_t n;
		changed = 0;
		t = s + strspn(s, " \t");
		memmove(s, t, strlen(t) + 1);
		rtrim(s);
		n = strlen(s);
		while (n && s[n - 1] == ':') {
			s[--n] = '\0';
			rtrim(s);
			n = strlen(s);
			changed = 1;
		}
		if (n > 4 && (!strncmp(s, "**", 2) || !strncmp(s, "__", 2)) &&
		    strstr(s + 2, s[0] == '*' ? "**" : "__") == s + n - 2) {
			/* one bold span: the only other ** closes it */
			s[n - 2] = '\0';
			memmove(s, s + 2, n - 1);
			changed = 1;
			continue;
		}
		if (drop_wordcount(s)) {
			changed = 1;
			continue;
		}
		if ((t = past_number(s)) != s) {
			memmove(s, t, strlen(t) + 1);
			changed = 1;
		}
	}
	return s;
}

/* A bold title line (mend.h): its tidy text, or NULL.  Caller frees. */
static char *
boldtitle(const char *line)
{
	size_t n = strlen(line), w = 0;
	char *in, *t;
	const char *p;

	while (n && isspace((unsigned char)line[n - 1]))
		n--;
	if (n && line[n - 1] == ':')
		n--;
	if (n < 5 || strncmp(line, "**", 2) || strncmp(line + n - 2, "**", 2))
		return NULL;
	in = xstrndup(line + 2, n - 4);
	if (strstr(in, "**") || !*in || isspace((unsigned char)*in)) {
		free(in);
		return NULL;
	}
	t = tidy(in);
	free(in);
	n = strlen(t);
	for (p = t; *p; p++)
		w += cg_mend_isword((unsigned char)*p) && (p == t ||
		    !cg_mend_isword((unsigned char)p[-1]));
	if (!n || !hasletter(t) || w > 8 || strchr(".?!", t[n - 1])) {
		free(t);
		return NULL;
	}
	return t;
}

/* A list item or a line inside one (indented). */
int
cg_mend_listy(const char *s)
{
	const char *p = s;

	if (*s == ' ' || *s == '\t')
		return 1;
	if (strchr("-*+", *p) && p[1] == ' ')
		return 1;
	while (isdigit((unsigned char)*p))
		p++;
	return p > s && (*p == '.' || *p == ')') && p[1] == ' ';
}

/* A bold label that is not a section title: "Step 3", "Note", … */
static int
label(const char *t)
{
	static const char *const w[] = { "step", "stage", "phase", "part",
	    "trial", "example", "note", "tip", "warning", "caution",
	    "question", "answer", "solution", "figure", "table", "hint",
	    NULL };
	size_t n = 0;

	while (isalpha((unsigned char)t[n]))
		n++;
	for (int i = 0; w[i]; i++)
		if (n == strlen(w[i]) && !strncasecmp(t, w[i], n))
			return 1;
	return 0;
}

/* Words of s: lower-case copies and where each is in s. */
struct words {
	char  *w[32];
	size_t at[32], end[32];
	int    n;
};

static void
words(const char *s, struct words *v)
{
	size_t i = 0;

	v->n = 0;
	while (s[i] && v->n < 32) {
		size_t j;
		while (s[i] && !cg_mend_isword((unsigned char)s[i]))
			i++;
		if (!s[i])
			break;
		for (j = i; cg_mend_isword((unsigned char)s[j]); j++)
			;
		v->w[v->n] = xstrndup(s + i, j - i);
		for (char *p = v->w[v->n]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		v->at[v->n] = i;
		v->end[v->n++] = j;
		i = j;
	}
}

static void
words_free(struct words *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->w[i]);
	v->n = 0;
}

/* The singular of a lower-case English word, in out[64]. */
static void
singular(const char *w, char out[64])
{
	size_t n = strlen(w);

	snprintf(out, 64, "%s", w);
	if (n >= 64)
		return;		/* no English word; compared as cut */
	if (n > 4 && !strcmp(w + n - 3, "ies"))
		strcpy(out + n - 3, "y");
	else if (n > 4 && (!strcmp(w + n - 4, "ches") || !strcmp(w + n - 4,
	    "shes") || !strcmp(w + n - 3, "xes") || !strcmp(w + n - 3, "ses")))
		out[n - 2] = '\0';
	else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
		out[n - 1] = '\0';
}

/* Words equal but for the singular or plural. */
static int
weq(const char *a, const char *b)
{
	char sa[64], sb[64];

	if (!strcmp(a, b))
		return 1;
	singular(a, sa);
	singular(b, sb);
	return !strcmp(sa, sb);
}

/* Headings models write for the required ones ("from", "to"). */
static const char *const synonyms[][2] = {
	{ "key ideas", "key concepts" }, { "main ideas", "key concepts" },
	{ "core ideas", "key concepts" }, { "core concepts", "key concepts" },
	{ "main concepts", "key concepts" },
	{ "important concepts", "key concepts" },
	{ "key takeaways", "key points" }, { "takeaways", "key points" },
	{ "main points", "key points" }, { "important points", "key points" },
	{ "glossary", "key terms" }, { "vocabulary", "key terms" },
	{ "key vocabulary", "key terms" }, { "important terms", "key terms" },
	{ "terminology", "key terms" }, { "key terminology", "key terms" },
	{ "introduction", "overview" }, { "overview", "introduction" },
	{ "conclusion", "summary" }, { "recap", "summary" },
	{ "aims", "objectives" }, { "goals", "objectives" },
	{ "learning goals", "objectives" }, { "equipment", "materials" },
	{ "apparatus", "materials" }, { "method", "procedure" },
	{ "steps", "procedure" }, { "advanced concepts", "advanced topics" },
	{ "further topics", "advanced topics" },
	{ "limitations", "challenges" },
};

/* Do the words of phrase p match h's words from the first, each equal
 * but for the plural?  The number of them, or 0. */
static int
startmatch(const struct words *h, const char *p)
{
	struct words v;
	int i, ok;

	words(p, &v);
	ok = v.n && v.n <= h->n;
	for (i = 0; ok && i < v.n; i++)
		ok = weq(h->w[i], v.w[i]);
	i = v.n;
	words_free(&v);
	return ok ? i : 0;
}

/* When title t is a near miss of the required heading want (mend.h),
 * its renamed form (malloc'd), else NULL. */
static char *
near_miss(const char *t, const char *want)
{
	struct words h;
	const char *rest = NULL;
	char *out = NULL, *lw = xstrdup(want), *p;
	int k = 0;
	size_t i;

	for (p = lw; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	words(t, &h);
	if ((k = startmatch(&h, lw)) == 0)
		for (i = 0; i < sizeof synonyms / sizeof *synonyms && !k; i++) {
			struct words a, b;
			int same;
			words(synonyms[i][1], &a);
			words(lw, &b);
			same = a.n == b.n;
			for (int j = 0; same && j < a.n; j++)
				same = !strcmp(a.w[j], b.w[j]);
			words_free(&a);
			words_free(&b);
			if (same)
				k = startmatch(&h, synonyms[i][0]);
		}
	if (k) {
		rest = t + h.end[k - 1];
		rest += strspn(rest, " \t");
		if (!*rest || !strncasecmp(rest, "and ", 4) || *rest == '&')
			out = *rest ? xasprintf("%s %s", want, rest) :
			    xstrdup(want);
	}
	words_free(&h);
	free(lw);
	return out;
}

/* The required headings of req and which of them a "## " heading has. */
struct req {
	const char **want;
	char        *have;
	int          n, english;
	const char **en;	/* want in English, when cg put it in the
				 * course's language (req.headings_en) */
};

static int
matching(const struct req *r, const char *t)
{
	for (int k = 0; k < r->n; k++)
		if (cg_validate_heading_match(t, r->want[k]) ||
		    (r->en && r->en[k] && cg_validate_heading_match(t, r->en[k])))
			return k;
	return -1;
}

/* Same words as want, in another case or with other punctuation. */
static int
samewords(const char *t, const char *want)
{
	struct words a, b;
	int same;

	words(t, &a);
	words(want, &b);
	same = a.n == b.n;
	for (int j = 0; same && j < a.n; j++)
		same = !strcmp(a.w[j], b.w[j]);
	words_free(&a);
	words_free(&b);
	return same;
}

/* Title t as a required heading (English courses only).  A "## "
 * heading (promote 0) matching one gets its exact wording when only the
 * case differs; one matching none is renamed when it is a near miss of
 * one not had yet.  A bold title (promote 1) fills a required heading
 * not had yet, by its words or as a near miss.  *out gets the wording to
 * use (malloc'd) or NULL for t as it is; returns 1 when t fills a
 * required heading it did not have (which it then has). */
static int
fill(struct req *r, const char *t, int promote, char **out)
{
	int k = r->english ? matching(r, t) : -1;

	*out = NULL;
	if (!r->english)
		return 0;
	if (k >= 0) {
		if (promote && r->have[k])
			return 0;
		if ((samewords(t, r->want[k]) && strcmp(t, r->want[k])) ||
		    !cg_validate_heading_match(t, r->want[k]))
			*out = xstrdup(r->want[k]);	/* or from English */
		return r->have[k] ? 0 : (r->have[k] = 1);
	}
	for (k = 0; k < r->n; k++)
		if (!r->have[k] && (*out = near_miss(t, r->want[k])) != NULL)
			return r->have[k] = 1;
	return 0;
}

/* Nearest non-blank line before line i of d is not in a list. */
static int
after_list(const cg_mend_lines *d, int i)
{
	while (--i >= 0 && cg_mend_blankline(d->l[i]))
		;
	return i >= 0 && cg_mend_listy(d->l[i]);
}

/* The "#" level of a heading line, 0 when it is none. */
int
cg_mend_level(const char *s)
{
	int n = 0;

	while (s[n] == '#')
		n++;
	return n >= 1 && n <= 6 && (s[n] == ' ' || s[n] == '\t') ? n : 0;
}

/* Set line i of d to the new heading, saying so. */
static void
retitle(cg_mend_lines *d, int i, int lv, const char *title, cg_buf *out)
{
	char *nl = xasprintf("%.*s %s", lv, "######", title);

	if (strcmp(nl, d->l[i])) {
		cg_buf_printf(out, "heading \"%s\" made \"%s\"\n", d->l[i], nl);
		free(d->l[i]);
		d->l[i] = nl;
	} else
		free(nl);
}

void
cg_mend_headings(cg_mend_lines *d, const cJSON *req, cg_buf *out)
{
	const cJSON *h = req ? cJSON_GetObjectItemCaseSensitive(req,
	    "headings") : NULL, *it;
	const cJSON *en = req ? cJSON_GetObjectItemCaseSensitive(req,
	    "headings_en") : NULL;
	struct req r = { NULL, NULL, 0, cg_validate_english(cg_json_gets(req,
	    "language", "English")), NULL };
	char *f = cg_mend_fenced(d), *t, *nt;
	int has2 = 0, i;

	r.want = xcalloc((size_t)cJSON_GetArraySize(h) + 1, sizeof *r.want);
	r.have = xcalloc((size_t)cJSON_GetArraySize(h) + 1, 1);
	/* headings cg put in the course's language: matched in it or in
	 * English, and a heading in English gets the course's wording */
	if (cJSON_IsArray(en) && cJSON_GetArraySize(en) ==
	    cJSON_GetArraySize(h)) {
		r.english = 1;
		r.en = xcalloc((size_t)cJSON_GetArraySize(h) + 1, sizeof *r.en);
	}
	if (cJSON_IsArray(h))
		cJSON_ArrayForEach(it, h)
			if (cJSON_IsString(it)) {
				if (r.en) {
					const cJSON *e1 = cJSON_GetArrayItem(en,
					    r.n);
					r.en[r.n] = cJSON_IsString(e1) ?
					    e1->valuestring : NULL;
				}
				r.want[r.n++] = it->valuestring;
			}
	/* what the "## " headings already have */
	for (i = 0; i < d->n; i++)
		if (!f[i] && cg_mend_level(d->l[i]) == 2) {
			int k;
			has2 = 1;
			t = tidy(d->l[i] + 3);
			if (r.english && (k = matching(&r, t)) >= 0)
				r.have[k] = 1;
			free(t);
		}
	for (i = 0; i < d->n; i++) {
		int lv = f[i] ? 0 : cg_mend_level(d->l[i]);
		if (lv) {
			const char *raw = d->l[i] + lv + strspn(d->l[i] + lv, " \t");
			char *src = xstrdup(raw);
			size_t n = strlen(src);
			while (n && (src[n - 1] == '#' || src[n - 1] == ' '))
				src[--n] = '\0';
			t = tidy(src);
			nt = NULL;
			if (lv >= 3 && r.english && matching(&r, t) >= 0 &&
			    !r.have[matching(&r, t)]) {
				r.have[matching(&r, t)] = 1;
				lv = 2;
			} else if (lv == 2)
				fill(&r, t, 0, &nt);
			if (nt || strcmp(t, src) || lv != cg_mend_level(d->l[i]))
				retitle(d, i, lv, nt ? nt : t, out);
			free(nt);
			free(t);
			free(src);
			continue;
		}
		if (f[i] || (i && !cg_mend_blankline(d->l[i - 1])) ||
		    !(t = boldtitle(d->l[i])))
			continue;
		nt = NULL;
		if (fill(&r, t, 1, &nt) || (!has2 && !label(t) &&
		    !after_list(d, i)))
			retitle(d, i, 2, nt ? nt : t, out);
		free(nt);
		free(t);
	}
	free(r.want);
	free(r.en);
	free(r.have);
	free(f);
}

