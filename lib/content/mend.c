/* mend.c — repair a prose reply instead of asking again; see mend.h.
 *
 * The text is handled as an array of lines in three passes (mermaid
 * blocks, headings, repeated paragraphs); each pass either rewrites a
 * line, replaces a fenced block or drops a paragraph, and says so in
 * one line for the teacher.  The headings pass is in mendhead.c.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mend.h"
#include "json.h"
#include "mermaid.h"
#include "validate.h"
#include "mendint.h"


static void
push(cg_mend_lines *d, char *s)
{
	if (d->n == d->cap)
		d->l = xrealloc(d->l, (size_t)(d->cap = d->cap ? 2 * d->cap : 64)
		    * sizeof *d->l);
	d->l[d->n++] = s;
}

/* The lines of text, CRs dropped; a final newline ends the last line. */
static void
split(cg_mend_lines *d, const char *text)
{
	const char *p = text, *e;

	while (*p) {
		size_t len;
		e = strchr(p, '\n');
		len = e ? (size_t)(e - p) : strlen(p);
		while (len && p[len - 1] == '\r')
			len--;
		push(d, xstrndup(p, len));
		p = e ? e + 1 : p + strlen(p);
	}
}

static void
lines_free(cg_mend_lines *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->l[i]);
	free(d->l);
	memset(d, 0, sizeof *d);
}

int
cg_mend_blankline(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

/* A fence line (``` or ~~~, three or more, indented at most 3): its
 * character in *fc, its length in *fn, the info word lower-cased in
 * info[32]. */
static int
fence(const char *s, char *fc, size_t *fn, char info[32])
{
	size_t i = 0, o = 0;

	while (s[i] == ' ' && i < 3)
		i++;
	if (s[i] != '`' && s[i] != '~')
		return 0;
	*fc = s[i];
	*fn = 0;
	while (s[i] == *fc)
		i++, (*fn)++;
	if (*fn < 3)
		return 0;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	while (s[i] && !isspace((unsigned char)s[i]) && o < 31)
		info[o++] = (char)tolower((unsigned char)s[i++]);
	info[o] = '\0';
	return 1;
}

/* The index of the fence closing the one opened at l[i], or d->n. */
static int
fence_end(const cg_mend_lines *d, int i)
{
	char fc, fc2, info[32];
	size_t fn, fn2;

	fence(d->l[i], &fc, &fn, info);
	for (int j = i + 1; j < d->n; j++)
		if (fence(d->l[j], &fc2, &fn2, info) && fc2 == fc && fn2 >= fn &&
		    !info[0])
			return j;
	return d->n;
}

/* ---- 1. mermaid -------------------------------------------------------- */

/* Replace every ```mermaid block of d by its strict form, or make it a
 * ```text block when it cannot be parsed. */
static void
mend_mermaid(cg_mend_lines *d, cg_buf *out)
{
	cg_mend_lines nl = {0};
	int i = 0, k = 0;

	while (i < d->n) {
		char fc, info[32];
		size_t fn;
		int j;
		cg_buf body = {0};
		cg_err e = {0};
		cg_mmd *m;
		char *em;

		if (!fence(d->l[i], &fc, &fn, info)) {
			push(&nl, d->l[i++]);
			continue;
		}
		j = fence_end(d, i);
		if (strcmp(info, "mermaid")) {	/* other code: as it is */
			for (; i <= j && i < d->n; i++)
				push(&nl, d->l[i]);
			continue;
		}
		k++;
		for (int x = i + 1; x < j; x++) {
			cg_buf_puts(&body, d->l[x]);
			cg_buf_putc(&body, '\n');
		}
		if ((m = cg_mmd_parse(body.s ? body.s : "", &e)) != NULL) {
			cg_mmd_fit(m, out, k);
			em = cg_mmd_emit(m);
			cg_mmd_free(m);
			push(&nl, d->l[i]);
			if (strcmp(em, body.s ? body.s : "") || j == d->n)
				cg_buf_printf(out, "mermaid diagram %d rewritten "
				    "in strict syntax\n", k);
			split(&nl, em);
			free(em);
			for (int x = i + 1; x < j; x++)
				free(d->l[x]);
		} else {
			cg_buf_printf(out, "mermaid diagram %d could not be read "
			    "(%s); kept as a plain code block\n", k, e.msg);
			push(&nl, xasprintf("%.*stext", (int)fn, d->l[i] +
			    strspn(d->l[i], " ")));
			free(d->l[i]);
			for (int x = i + 1; x < j; x++)
				push(&nl, d->l[x]);
		}
		push(&nl, j < d->n ? d->l[j] : xasprintf("%.*s", (int)fn,
		    fc == '`' ? "``````````````````````````````" :
		    "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"));
		cg_buf_free(&body);
		i = j + 1;
	}
	free(d->l);
	*d = nl;
}

/* In-fence flags of d's lines (fence lines included).  Caller frees. */
char *
cg_mend_fenced(const cg_mend_lines *d)
{
	char *f = xcalloc((size_t)d->n + 1, 1), fc, info[32];
	size_t fn;

	for (int i = 0; i < d->n; i++)
		if (fence(d->l[i], &fc, &fn, info)) {
			int j = fence_end(d, i);
			for (; i <= j && i < d->n; i++)
				f[i] = 1;
			i--;
		}
	return f;
}

/* ---- 3. repeated paragraphs -------------------------------------------- */

struct para {
	int       a, z;		/* lines [a, z) */
	int       list, n;	/* a list; number of words */
	uint32_t *seq, *sorted, *nums;	/* word hashes: in order, sorted,
					 * those with a digit (sorted) */
	int       nnum, origin, repeats;
};

static int
cmpu32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The words of lines [a, z) of d as hashes (FNV-1a of the lower-cased
 * word). */
static void
para_words(const cg_mend_lines *d, struct para *p)
{
	int cap = 0;

	p->n = p->nnum = 0;
	for (int i = p->a; i < p->z; i++) {
		const unsigned char *s = (const unsigned char *)d->l[i];
		while (*s) {
			uint32_t hv = 2166136261u;
			int digit = 0;
			if (!cg_mend_isword(*s)) {
				s++;
				continue;
			}
			for (; cg_mend_isword(*s); s++) {
				hv = (hv ^ (uint32_t)tolower(*s)) * 16777619u;
				digit |= isdigit(*s) != 0;
			}
			if (p->n == cap) {
				cap = cap ? 2 * cap : 32;
				p->seq = xrealloc(p->seq, (size_t)cap * sizeof *p->seq);
				p->nums = xrealloc(p->nums, (size_t)cap *
				    sizeof *p->nums);
			}
			p->seq[p->n++] = hv;
			if (digit)
				p->nums[p->nnum++] = hv;
		}
	}
	p->sorted = xmalloc(((size_t)p->n + 1) * sizeof *p->sorted);
	if (p->n)
		memcpy(p->sorted, p->seq, (size_t)p->n * sizeof *p->seq);
	qsort(p->sorted, (size_t)p->n, sizeof *p->sorted, cmpu32);
	if (p->nnum)
		qsort(p->nums, (size_t)p->nnum, sizeof *p->nums, cmpu32);
}

/* Words the two sorted multisets share. */
static int
shared(const uint32_t *a, int na, const uint32_t *b, int nb)
{
	int i = 0, j = 0, n = 0;

	while (i < na && j < nb)
		if (a[i] == b[j])
			n++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	return n;
}

/* Does paragraph p repeat q (mend.h)? */
static int
repeats(const struct para *p, const struct para *q)
{
	int big = p->n > q->n ? p->n : q->n;

	if (p->list != q->list || p->n < 8 || q->n < 8)
		return 0;
	if (p->n == q->n && !memcmp(p->seq, q->seq, (size_t)p->n *
	    sizeof *p->seq))
		return 1;
	/* a near repeat changes words, never numbers */
	return !p->list && p->n >= 12 && q->n >= 12 && p->nnum == q->nnum &&
	    (!p->nnum || !memcmp(p->nums, q->nums, (size_t)p->nnum *
	    sizeof *p->nums)) &&
	    10 * shared(p->sorted, p->n, q->sorted, q->n) >= 9 * big;
}

/* The paragraphs of d that can repeat (not headings, tables or code). */
static struct para *
paragraphs(const cg_mend_lines *d, const char *f, int *np)
{
	struct para *v = NULL;
	int n = 0, i = 0;

	while (i < d->n) {
		int a = i, bad;
		if (f[i] || cg_mend_blankline(d->l[i])) {
			i++;
			continue;
		}
		while (i < d->n && !f[i] && !cg_mend_blankline(d->l[i]) &&
		    (i == a || !cg_mend_level(d->l[i])))
			i++;
		bad = cg_mend_level(d->l[a]) || d->l[a][strspn(d->l[a], " ")] == '|' ||
		    !strncmp(d->l[a], "    ", 4);
		if (bad)
			continue;
		v = xrealloc(v, (size_t)(n + 1) * sizeof *v);
		memset(&v[n], 0, sizeof *v);
		v[n].a = a;
		v[n].z = i;
		v[n].list = cg_mend_listy(d->l[a]);
		v[n].origin = -1;
		para_words(d, &v[n]);
		n++;
	}
	*np = n;
	return v;
}

/* The first words of line s, for a report: at most about 40 bytes,
 * markup in front dropped, cut at a word. */
static void
firstwords(cg_buf *b, const char *s)
{
	size_t n;

	s += strspn(s, " \t-*+>#_");
	n = strlen(s);
	if (n <= 44) {
		cg_buf_puts(b, s);
		return;
	}
	n = 40;
	while (n > 10 && s[n] != ' ')
		n--;
	cg_buf_add(b, s, n);
	cg_buf_puts(b, "\xe2\x80\xa6");
}

static void
mend_repeats(cg_mend_lines *d, cg_buf *out)
{
	char *f = cg_mend_fenced(d), *gone;
	int np, i, j, o;
	struct para *p = paragraphs(d, f, &np);

	gone = xcalloc((size_t)d->n + 1, 1);
	for (i = 0; i < np; i++)
		for (j = 0; j < i; j++)
			if (p[j].origin < 0 && repeats(&p[i], &p[j])) {
				p[i].origin = j;
				p[j].repeats++;
				for (int x = p[i].a; x < p[i].z; x++)
					gone[x] = 1;
				/* and the blank line that kept it apart */
				if (p[i].z < d->n && cg_mend_blankline(d->l[p[i].z]))
					gone[p[i].z] = 1;
				else if (p[i].a > 0 && cg_mend_blankline(d->l[p[i].a - 1]))
					gone[p[i].a - 1] = 1;
				break;
			}
	for (i = 0; i < np; i++) {
		if (p[i].repeats) {
			cg_buf_printf(out, "%d repeat%s of the paragraph \"",
			    p[i].repeats, p[i].repeats == 1 ? "" : "s");
			firstwords(out, d->l[p[i].a]);
			cg_buf_puts(out, "\" dropped\n");
		}
		free(p[i].seq);
		free(p[i].sorted);
		free(p[i].nums);
	}
	for (i = o = 0; i < d->n; i++)
		if (gone[i])
			free(d->l[i]);
		else
			d->l[o++] = d->l[i];
	/* the text still ends on content */
	while (o && cg_mend_blankline(d->l[o - 1]))
		free(d->l[--o]);
	d->n = o;
	free(p);
	free(gone);
	free(f);
}

char *
cg_mend_prose(const char *text, const cJSON *req, cg_buf *mended)
{
	cg_mend_lines d = {0};
	cg_buf out = {0}, log = {0};

	split(&d, text ? text : "");
	mend_mermaid(&d, &log);
	cg_mend_headings(&d, req, &log);
	mend_repeats(&d, &log);
	for (int i = 0; i < d.n; i++) {
		cg_buf_puts(&out, d.l[i]);
		cg_buf_putc(&out, '\n');
	}
	if (mended && log.len)
		cg_buf_puts(mended, log.s);
	cg_buf_free(&log);
	lines_free(&d);
	return cg_buf_take(&out);
}
