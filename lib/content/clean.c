/* clean.c — strip chat wrapping from prose and JSON replies.
 *
 * The document is handled as an array of lines, cleaned by the table of
 * rules in cg_clean_prose: each rule drops whole lines at the head or
 * the tail of what is left (a wrapping fence, a preamble, trailing meta,
 * an echoed checklist), or — one rule only — a line anywhere that can
 * never be content (a checkbox with no list marker about the prompt's
 * requirements).  So the result is the input's lines in order, missing
 * only chat: real content in the middle cannot be touched.  QUIRKS.md
 * lists the oddities handled here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "util.h"
#include "clean.h"
#include "cleanline.h"

typedef struct {
	const char *s;
	size_t len;
} line;

static int
nonblank_first(line *l, int a, int b)
{
	while (a < b && cg_clean_isblankline(l[a].s, l[a].len))
		a++;
	return a;
}

static int
nonblank_last(line *l, int a, int b)
{
	while (b > a && cg_clean_isblankline(l[b - 1].s, l[b - 1].len))
		b--;
	return b;
}

/* Count non-blank lines in [a,b). */
static int
countlines(line *l, int a, int b)
{
	int n = 0;
	for (int i = a; i < b; i++)
		n += !cg_clean_isblankline(l[i].s, l[i].len);
	return n;
}

/* Is [a,b) wrapped in one fence around the whole document?  Returns 1 and
 * leaves the inner range in *ia,*ib. */
static int
wrapped(line *l, int a, int b, int *ia, int *ib)
{
	char info[32], info2[32], fc, fc2;
	int open = 0, heading = 0, fences = 0;

	if (b - a < 2 || !cg_clean_isfence(l[a].s, l[a].len, info, &fc) ||
	    !cg_clean_isfence(l[b - 1].s, l[b - 1].len, info2, &fc2) ||
	    fc != fc2 || info2[0])
		return 0;
	if (info[0] && strcmp(info, "markdown") && strcmp(info, "md") &&
	    strcmp(info, "text") && strcmp(info, "txt"))
		return 0;
	for (int i = a + 1; i < b - 1; i++) {
		if (cg_clean_isfence(l[i].s, l[i].len, info2, &fc2)) {
			fences++;
			open = info2[0] ? 1 : !open;
		} else if (!open && cg_clean_isheading(l[i].s, l[i].len))
			heading = 1;
	}
	if (open)
		return 0;
	/* a bare ``` opener could be a code block followed by more text
	 * and another code block; only unwrap when it reads as markdown */
	if (!info[0] && fences && !heading)
		return 0;
	*ia = a + 1;
	*ib = b - 1;
	return 1;
}

/* l[a] opens a ```markdown / ```md fence that does not wrap the whole
 * document: the index of its closing fence, -1 when it never closes,
 * 0 when l[a] is no such opener. */
static int
mdfence(line *l, int a, int b)
{
	char info[32], info2[32], fc, fc2;
	int open = 0;

	if (!cg_clean_isfence(l[a].s, l[a].len, info, &fc) ||
	    (strcmp(info, "markdown") && strcmp(info, "md")))
		return 0;
	for (int i = a + 1; i < b; i++)
		if (cg_clean_isfence(l[i].s, l[i].len, info2, &fc2) &&
		    fc2 == fc) {
			if (info2[0])
				open = 1;
			else if (open)
				open = 0;
			else
				return i;
		}
	return -1;
}

/* ---- the rules ---------------------------------------------------------
 *
 * The reply is an array of lines; [a, z) is what is left of it.  A rule
 * looks at the head or the tail of that range (or, for an "anywhere"
 * rule, at every line in it) and drops whole lines.  Rules are tried in
 * table order; after any change the table starts again from the top,
 * until no rule applies.
 */
typedef struct {
	line *l;
	int   n, a, z, gone, skip;	/* skip: a line dropped inside */
} doc;

/* Drop [i, j) from the head (i == a) or the tail (j == z). */
static void
cut(doc *d, int i, int j)
{
	d->gone += countlines(d->l, i, j);
	if (i == d->a)
		d->a = j;
	else
		d->z = i;
}

/* A chat preamble paragraph (at most 3 lines) and a bar right after it. */
static int
r_preamble(doc *d)
{
	line *l = d->l;
	int a = d->a, z = d->z, k;
	char info[32], fc;

	if (cg_clean_isheading(l[a].s, l[a].len) ||
	    cg_clean_isbar(l[a].s, l[a].len) ||
	    cg_clean_ischeckitem(l[a].s, l[a].len) ||
	    !cg_clean_ismeta(l[a].s, l[a].len, 1))
		return 0;
	for (k = a; k < z && k < a + 4 &&
	    !cg_clean_isblankline(l[k].s, l[k].len) &&
	    !cg_clean_isheading(l[k].s, l[k].len) &&
	    !cg_clean_isfence(l[k].s, l[k].len, info, &fc); k++)
		;
	if (k == a || k - a > 3)
		return 0;
	cut(d, a, k);
	d->a = nonblank_first(l, d->a, z);
	if (d->a < z && cg_clean_isbar(l[d->a].s, l[d->a].len))
		cut(d, d->a, d->a + 1);
	return 1;
}

/* A trailing meta line; the whole paragraph when it starts with one. */
static int
r_trailing_meta(doc *d)
{
	line *l = d->l;
	int a = d->a, z = d->z, k;

	if (!cg_clean_istrailing(l[z - 1].s, l[z - 1].len))
		return 0;
	for (k = z - 1; k > a &&
	    !cg_clean_isblankline(l[k - 1].s, l[k - 1].len) &&
	    !cg_clean_isheading(l[k - 1].s, l[k - 1].len) &&
	    !cg_clean_isbullet(l[k - 1].s, l[k - 1].len) &&
	    !cg_clean_isbar(l[k - 1].s, l[k - 1].len); k--)
		;
	if (k < z - 1 && !cg_clean_istrailing(l[k].s, l[k].len))
		k = z - 1;
	cut(d, k, z);
	return 1;
}

/* A last paragraph of 2-4 lines, no list, that opens with a closing. */
static int
r_closing_paragraph(doc *d)
{
	line *l = d->l;
	int a = d->a, z = d->z, k;

	for (k = z - 1; k > a &&
	    !cg_clean_isblankline(l[k - 1].s, l[k - 1].len); k--)
		;
	if (!(k < z - 1 && k > a && !cg_clean_isheading(l[k].s, l[k].len) &&
	    !cg_clean_isbullet(l[k].s, l[k].len) &&
	    cg_clean_istrailing(l[k].s, l[k].len) && z - k <= 4))
		return 0;
	for (int i = k + 1; i < z; i++)
		if (cg_clean_isbullet(l[i].s, l[i].len))
			return 0;
	cut(d, k, z);
	return 1;
}

/* A trailing list: offers after "Would you like me to:", a checklist
 * after a bar or a "Checklist:" lead-in, or a checklist that is every
 * item ticked, every item without a list marker, or every item about
 * the prompt's requirements (never a content task list). */
static int
r_trailing_list(doc *d)
{
	line *l = d->l;
	int a = d->a, z = d->z, k, lead, chk = 0, ticked = 0, bare = 0, req = 0;

	if (!cg_clean_isbullet(l[z - 1].s, l[z - 1].len) &&
	    !cg_clean_ischeckitem(l[z - 1].s, l[z - 1].len))
		return 0;
	/* the last run of checkbox lines */
	for (k = z; k > a &&
	    cg_clean_ischeckitem(l[k - 1].s, l[k - 1].len); k--) {
		int m, box = cg_clean_checkbox(l[k - 1].s, l[k - 1].len, &m);
		chk++;
		ticked += box == 2;
		bare += !m;
		req += cg_clean_isreqitem(l[k - 1].s, l[k - 1].len);
	}
	if (chk && (ticked == chk || bare == chk || req == chk)) {
		cut(d, k, z);
		return 1;
	}
	chk = 0;
	for (k = z; k > a && (cg_clean_isbullet(l[k - 1].s, l[k - 1].len) ||
	    cg_clean_ischeckitem(l[k - 1].s, l[k - 1].len) ||
	    cg_clean_isblankline(l[k - 1].s, l[k - 1].len)); k--)
		chk += cg_clean_ischeckitem(l[k - 1].s, l[k - 1].len);
	k = nonblank_first(l, k, z);
	lead = nonblank_last(l, a, k);
	if (lead > a) {
		line *ld = &l[lead - 1];
		char nn[512];
		cg_clean_normline(ld->s, ld->len, nn, sizeof nn);
		if ((cg_clean_isclosing(nn) &&
		    !cg_clean_isheading(ld->s, ld->len)) ||
		    (chk && (cg_clean_ischecklead(ld->s, ld->len) ||
		    cg_clean_isbar(ld->s, ld->len)))) {
			cut(d, lead - 1, z);
			return 1;
		}
	}
	return 0;
}

/* One fence around everything. */
static int
r_wrapping_fence(doc *d)
{
	int ia, ib;

	if (!wrapped(d->l, d->a, d->z, &ia, &ib))
		return 0;
	d->gone += 2;
	d->a = ia;
	d->z = ib;
	return 1;
}

/* An explicit ```markdown opener whose fence closes before the end
 * (commentary follows) or never (the reply was cut off): the fence lines
 * go, every other line stays. */
static int
r_markdown_opener(doc *d)
{
	int k;

	if (d->skip >= 0 || (k = mdfence(d->l, d->a, d->z)) == 0)
		return 0;
	d->gone++;
	if (k > 0) {
		d->skip = k;
		d->gone++;
	}
	d->a++;
	return 1;
}

/* Drop [i, k) from inside the document; one blank line goes too when
 * blank lines are left on both sides. */
static void
dropin(doc *d, int i, int k)
{
	line *l = d->l;

	if (i > d->a && k < d->z &&
	    cg_clean_isblankline(l[i - 1].s, l[i - 1].len) &&
	    cg_clean_isblankline(l[k].s, l[k].len))
		k++;
	d->gone += countlines(l, i, k);
	memmove(l + i, l + k, (size_t)(d->n - k) * sizeof *l);
	d->n -= k - i;
	d->z -= k - i;
	if (d->skip >= k)
		d->skip -= k - i;
}

/* Does an echoed checklist's title open at l[i]: an echo title or a
 * titled bar, or a box-drawing bar right before one? */
static int
echoopens(doc *d, int i)
{
	line *l = d->l;
	char n[512];

	if (cg_clean_isheading(l[i].s, l[i].len))
		return 0;
	if (cg_clean_istitledbar(l[i].s, l[i].len))
		return 1;
	cg_clean_normline(l[i].s, l[i].len, n, sizeof n);
	if (cg_clean_isechotitle(n))
		return 1;
	if (!cg_clean_isubar(l[i].s, l[i].len))
		return 0;
	/* "═══" then "VERIFICATION CHECKLIST" on the line below */
	return i + 1 < d->z && !cg_clean_isubar(l[i + 1].s, l[i + 1].len) &&
	    echoopens(d, i + 1);
}

/* An echoed checklist anywhere: its title (bold, or between box-drawing
 * bars) and what follows it while that is chat — checkbox lines, bars,
 * meta — up to the next line of content. */
static int
r_echo_block(doc *d)
{
	line *l = d->l;

	for (int i = d->a; i < d->z; i++) {
		int k = i + 1, last = i + 1;
		if (i == d->skip || !echoopens(d, i))
			continue;
		for (; k < d->z && k != d->skip; k++) {
			if (cg_clean_isblankline(l[k].s, l[k].len))
				continue;
			if (!cg_clean_ischeckitem(l[k].s, l[k].len) &&
			    !cg_clean_isbar(l[k].s, l[k].len) &&
			    !cg_clean_ismeta(l[k].s, l[k].len, 1))
				break;
			last = k + 1;
		}
		dropin(d, i, last);
		return 1;
	}
	return 0;
}

enum { HEAD = 1, TAIL = 2, ANYWHERE = 4 };

static const struct rule {
	const char *name;
	int where;
	int (*line)(const char *s, size_t len);	/* drop the line, or */
	int (*block)(doc *d);		/* drop what it finds, 1 if any */
} rules[] = {
	{ "chat preamble",           HEAD,     NULL,     r_preamble },
	{ "box-drawing separator",   HEAD,     cg_clean_isubar, NULL },
	{ "trailing meta line",      TAIL,     NULL,     r_trailing_meta },
	{ "closing paragraph",       TAIL,     NULL,     r_closing_paragraph },
	{ "offers or checklist",     TAIL,     NULL,     r_trailing_list },
	{ "fence around it all",     HEAD|TAIL, NULL,    r_wrapping_fence },
	{ "```markdown opener",      HEAD,     NULL,     r_markdown_opener },
	{ "echoed checklist",        ANYWHERE, NULL,     r_echo_block },
	{ "requirement checkbox",    ANYWHERE, cg_clean_isreqbare, NULL },
};

static int
apply(doc *d, const struct rule *r)
{
	line *l = d->l;

	if (r->block)
		return r->block(d);
	if (r->where & ANYWHERE) {	/* close the gaps: rules see lines */
		int o = d->a, z = d->z;
		for (int i = d->a; i < z; i++) {
			if (r->line(l[i].s, l[i].len)) {
				d->gone++;
				/* no double blank line where it was */
				if (o > d->a &&
				    cg_clean_isblankline(l[o - 1].s, l[o - 1].len) &&
				    i + 1 < z &&
				    cg_clean_isblankline(l[i + 1].s, l[i + 1].len))
					i++;
				continue;
			}
			if (d->skip == i)
				d->skip = o;
			l[o++] = l[i];
		}
		memmove(l + o, l + z, (size_t)(d->n - z) * sizeof *l);
		if (d->skip >= z)
			d->skip -= z - o;
		d->n -= z - o;
		d->z = o;
		return z != o;
	}
	if ((r->where & HEAD) && r->line(l[d->a].s, l[d->a].len)) {
		cut(d, d->a, d->a + 1);
		return 1;
	}
	if ((r->where & TAIL) && r->line(l[d->z - 1].s, l[d->z - 1].len)) {
		cut(d, d->z - 1, d->z);
		return 1;
	}
	return 0;
}

char *
cg_clean_prose(const char *text, int *removed)
{
	cg_buf b = { 0 };
	doc d = { NULL, 0, 0, 0, 0, -1 };
	int cap = 0, changed;
	const char *p = text ? text : "";

	for (;;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (!e && len == 0)
			break;
		if (d.n == cap) {
			cap = cap ? cap * 2 : 64;
			d.l = xrealloc(d.l, (size_t)cap * sizeof *d.l);
		}
		while (len && p[len - 1] == '\r')
			len--;
		d.l[d.n].s = p;
		d.l[d.n].len = len;
		d.n++;
		if (!e)
			break;
		p = e + 1;
	}
	d.z = d.n;
	do {
		changed = 0;
		d.a = nonblank_first(d.l, d.a, d.z);
		d.z = nonblank_last(d.l, d.a, d.z);
		if (d.a >= d.z)
			break;
		for (size_t r = 0; r < sizeof rules / sizeof *rules && !changed; r++) {
			int a = d.a, z = d.z, n = d.n;
			/* a rule that says it changed something must have:
			 * the loop ends however the rules are written */
			changed = apply(&d, &rules[r]) && (d.a != a || d.z != z ||
			    d.n != n);
		}
	} while (changed);

	for (int i = d.a; i < d.z; i++) {
		if (i == d.skip)
			continue;
		cg_buf_add(&b, d.l[i].s, d.l[i].len);
		cg_buf_putc(&b, '\n');
	}
	free(d.l);
	if (removed)
		*removed = d.gone;
	return cg_buf_take(&b);
}

/* Length of the balanced {...} starting at s (s[0] == '{'), string-aware;
 * 0 when it never closes. */
static size_t
balanced(const char *s)
{
	int depth = 0, str = 0;
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		if (str) {
			if (c == '\\' && s[i + 1])
				i++;
			else if (c == '"')
				str = 0;
			continue;
		}
		if (c == '"')
			str = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			if (--depth == 0)
				return c == '}' ? i + 1 : 0;
			if (depth < 0)
				return 0;
		}
	}
	return 0;
}

char *
cg_clean_json(const char *text)
{
	const char *first = NULL;
	size_t firstlen = 0;

	if (!text)
		return NULL;
	for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
		size_t n = balanced(p);
		char *s;
		cJSON *j;
		if (!n)
			continue;
		s = xstrndup(p, n);
		if ((j = cJSON_Parse(s)) != NULL) {
			cJSON_Delete(j);
			return s;
		}
		free(s);
		if (!first) {
			first = p;
			firstlen = n;
		}
	}
	/* nothing parses: hand back the first candidate so the caller's
	 * parser can say where it is broken */
	return first ? xstrndup(first, firstlen) : NULL;
}

/* How a character counts in a word: 2 for a Chinese or Japanese
 * character, 0 for CJK punctuation and full-width symbols (they end a
 * word), 1 for a letter or digit of a word, -1 for anything else
 * (neither a word nor the end of one: markup such as ** or -). */
static int
wordchar(long c)
{
	if (c == 0x30fc || (c >= 0xff9e && c <= 0xff9f))
		return -1;	/* the long vowel mark, sound marks: of a kana */
	if (c == 0x30fb)	/* the middle dot ends a word */
		return 0;
	if (cg_iscjk(c))
		return 2;
	if ((c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xff00 && c <= 0xff65 && !(c >= 0xff10 && c <= 0xff19) &&
	    !(c >= 0xff21 && c <= 0xff3a) && !(c >= 0xff41 && c <= 0xff5a)))
		return 0;
	return c >= 0x80 || (c < 0x80 && isalnum((int)c)) ? 1 : -1;
}

/* The words in p[0..n), a run of bytes without spaces: a run of letters
 * is one; Chinese and Japanese, written without spaces, count a word per
 * CG_CJK_PER_WORD characters (rounded up), about what an English word
 * of the same text carries, so the word ranges of the content rules
 * mean the same length in every language. */
static int
token_words(const char *p, size_t n)
{
	int w = 0, run = 0, cjk = 0, k;
	size_t i;
	long c;

	for (i = 0; i < n; i += (size_t)k) {
		k = cg_utf8_dec(p + i, n - i, &c);
		switch (c < 0 ? 1 : wordchar(c)) {
		case 2:
			cjk++;
			/* FALLTHROUGH */
		case 0:
			w += run;
			run = 0;
			break;
		case 1:
			run = 1;
			break;
		}
	}
	return w + run + (cjk + CG_CJK_PER_WORD - 1) / CG_CJK_PER_WORD;
}

int
cg_clean_words(const char *text)
{
	int n = 0, bol = 1;
	const char *p = text ? text : "";

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char info[32], fc;
		if (cg_clean_isfence(p, len, info, &fc)) {
			p += len + (e != NULL);
			continue;
		}
		bol = 1;
		for (size_t i = 0; i < len;) {
			size_t j = i;
			int w;
			while (i < len && isspace((unsigned char)p[i]))
				i++;
			j = i;
			while (i < len && !isspace((unsigned char)p[i]))
				i++;
			if (i == j)
				break;
			w = token_words(p + j, i - j);
			/* "1." "2)" list numbers are markup, not words */
			if (bol && w) {
				size_t k = j;
				while (k < i && isdigit((unsigned char)p[k]))
					k++;
				if (k > j && k + 1 == i && (p[k] == '.' || p[k] == ')'))
					w = 0;
			}
			bol = 0;
			n += w;
		}
		p += len + (e != NULL);
	}
	return n;
}
