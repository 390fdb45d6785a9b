/* math.c — which dollar signs delimit maths (see md.h).
 *
 * The rule is pandoc's tex_math_dollars, so that prices in prose ("$100,
 * $101 and $102") stay prices: a "$" opens inline maths only when the
 * character after it is not white space, and the first unescaped "$"
 * after it closes the span only when the character before that is not
 * white space and the one after it is not a digit; otherwise the opening
 * "$" is a literal dollar sign and the search goes on from the next one.
 * "$$" opens display maths closed by the next "$$".  "\$" is always a
 * literal dollar sign.  A span never crosses a block (a paragraph, a list
 * item, a table cell).
 */
#include <stdlib.h>
#include <string.h>
#include "md.h"

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* 1 when the "$" at off is preceded by an odd number of backslashes. */
static int
escaped(const char *s, size_t off)
{
	size_t k = 0;

	while (k < off && s[off - 1 - k] == '\\')
		k++;
	return k % 2;
}

/* d[i] and d[i+1] are "$$": adjacent, same block, neither escaped. */
static int
pair(const struct cg_md_dollar *d, size_t n, size_t i)
{
	return i + 1 < n && d[i + 1].off == d[i].off + 1 &&
	    d[i + 1].block == d[i].block && d[i + 1].role != CG_MD_ESCAPED;
}

/* Display maths opened by d[i], d[i+1]: the index of the closing "$$",
 * or 0 when there is none in the block. */
static size_t
display_close(const struct cg_md_dollar *d, size_t n, size_t i)
{
	size_t j;

	for (j = i + 2; j < n && d[j].block == d[i].block; j++)
		if (d[j].role != CG_MD_ESCAPED && pair(d, n, j))
			return j;
	return 0;
}

/* Inline maths opened by d[i]: the index of its closing "$", or 0. */
static size_t
inline_close(const char *s, size_t len, const struct cg_md_dollar *d,
    size_t n, size_t i)
{
	size_t j, c;

	if (d[i].off + 1 >= len || space(s[d[i].off + 1]))
		return 0;
	for (j = i + 1; j < n && d[j].block == d[i].block; j++)
		if (d[j].role != CG_MD_ESCAPED)
			break;
	if (j >= n || d[j].block != d[i].block)
		return 0;
	c = d[j].off;
	if (space(s[c - 1]) || (c + 1 < len && s[c + 1] >= '0' &&
	    s[c + 1] <= '9'))
		return 0;
	return j;
}

void
cg_md_math_roles(const char *s, size_t len, struct cg_md_dollar *d, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		d[i].role = escaped(s, d[i].off) ? CG_MD_ESCAPED : CG_MD_LITERAL;
		d[i].close = 0;
		d[i].display = 0;
	}
	for (i = 0; i < n; i++) {
		if (d[i].role == CG_MD_ESCAPED)
			continue;
		if (pair(d, n, i)) {
			if ((j = display_close(d, n, i))) {
				d[i].role = d[i + 1].role = CG_MD_DELIM;
				d[j].role = d[j + 1].role = CG_MD_DELIM;
				d[i].close = d[j].off;
				d[i].display = 1;
				i = j + 1;
			} else
				i++;	/* both literal */
			continue;
		}
		if ((j = inline_close(s, len, d, n, i))) {
			d[i].role = d[j].role = CG_MD_DELIM;
			d[i].close = d[j].off;
			i = j;
		}
	}
}

/* Backtick code spans of s[0..len): the end of the one starting at i
 * (just past its closing run), or i when there is none. */
static size_t
codespan(const char *s, size_t len, size_t i)
{
	size_t k = i, run, j, r;

	while (k < len && s[k] == '`')
		k++;
	run = k - i;
	for (j = k; j < len; j = r) {
		if (s[j] != '`') {
			r = j + 1;
			continue;
		}
		for (r = j; r < len && s[r] == '`'; r++)
			;
		if (r - j == run)
			return r;
	}
	return i;
}

/* The dollars of plain text outside code spans; blank lines end blocks. */
static struct cg_md_dollar *
dollars(const char *s, size_t len, size_t *np)
{
	struct cg_md_dollar *d = NULL;
	size_t n = 0, cap = 0, i, e;
	int block = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '`' && (i == 0 || s[i - 1] != '`') &&
		    (e = codespan(s, len, i)) > i) {
			i = e - 1;
			continue;
		}
		if (s[i] == '\n') {
			for (e = i + 1; e < len && (s[e] == ' ' || s[e] == '\t' ||
			    s[e] == '\r'); e++)
				;
			if (e < len && s[e] == '\n')
				block++;
			continue;
		}
		if (s[i] != '$')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			d = xrealloc(d, cap * sizeof *d);
		}
		d[n].off = i;
		d[n++].block = block;
	}
	*np = n;
	return d;
}

void
cg_md_math_split(const char *s, size_t len, cg_md_mathfn fn, void *arg)
{
	size_t n, i, from = 0;
	struct cg_md_dollar *d = dollars(s, len, &n);

	cg_md_math_roles(s, len, d, n);
	for (i = 0; i < n; i++) {
		size_t o = d[i].off, w;
		if (d[i].role == CG_MD_ESCAPED) {	/* "\$": drop the "\" */
			fn(arg, CG_MD_TEXT, s + from, o - 1 - from);
			from = o;
			continue;
		}
		if (d[i].role != CG_MD_DELIM)
			continue;
		w = d[i].display ? 2 : 1;
		if (o > from)
			fn(arg, CG_MD_TEXT, s + from, o - from);
		fn(arg, d[i].display ? CG_MD_DISPLAY : CG_MD_MATH, s + o + w,
		    d[i].close - o - w);
		from = d[i].close + w;
		while (i + 1 < n && d[i + 1].off < from)
			i++;
	}
	if (len > from)
		fn(arg, CG_MD_TEXT, s + from, len - from);
	free(d);
}

struct delims {
	cg_buf     *out;
	const char *const *w;
	void      (*esc)(cg_buf *, const char *, size_t);
};

static void
put_delims(void *arg, int kind, const char *s, size_t n)
{
	struct delims *x = arg;

	if (kind == CG_MD_TEXT) {
		cg_buf_add(x->out, s, n);
		return;
	}
	cg_buf_puts(x->out, x->w[kind == CG_MD_DISPLAY ? 2 : 0]);
	if (x->esc)
		x->esc(x->out, s, n);
	else
		cg_buf_add(x->out, s, n);
	cg_buf_puts(x->out, x->w[kind == CG_MD_DISPLAY ? 3 : 1]);
}

char *
cg_md_math_delims(const char *s, const char *const w[4],
    void (*esc)(cg_buf *out, const char *s, size_t n))
{
	cg_buf b = {0};
	struct delims x = { &b, w, esc };

	cg_buf_puts(&b, "");
	cg_md_math_split(s ? s : "", s ? strlen(s) : 0, put_delims, &x);
	return cg_buf_take(&b);
}
