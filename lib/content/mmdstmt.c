/* mmdstmt.c — one statement of a flowchart, read tolerantly.
 *
 * A statement is read as a whole or not at all: nodes (an id, a shape in
 * any bracket, a label with unquoted brackets, braces and quotes inside),
 * chains of links (every arrow form a model writes, labelled the old and
 * the new way) and groups joined by '&'.  The small string helpers here
 * are shared with the rest of the parser and the emitter (mmd.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "mmd.h"

/* ---- small string helpers ---- */

static int
isdash(const char *s)	/* en dash or em dash */
{
	return (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94);
}

int
cg_mmd_qopen(const char *s)	/* '"' or “: length, else 0 */
{
	if (*s == '"')
		return 1;
	if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x9c || (unsigned char)s[2] == 0x9d))
		return 3;
	return 0;
}

int
cg_mmd_isidc(const char *s)
{
	unsigned char c = (unsigned char)*s;
	if (isalnum(c) || c == '_')
		return 1;
	if (c >= 0x80)
		return !isdash(s) && !cg_mmd_qopen(s);
	if ((c == '-' || c == '.') && (isalnum((unsigned char)s[1]) ||
	    s[1] == '_'))
		return 1;
	return 0;
}

const char *
cg_mmd_skipws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static char *
trimdup(const char *a, const char *b)
{
	while (a < b && isspace((unsigned char)*a))
		a++;
	while (b > a && isspace((unsigned char)b[-1]))
		b--;
	return xstrndup(a, (size_t)(b - a));
}

int
cg_mmd_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

/* Does s start with word w (case-insensitive) followed by a non-word? */
int
cg_mmd_isword(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)w[i]))
			return 0;
	return !isalnum((unsigned char)s[n]) && s[n] != '_';
}

/* A mermaid entity at s ("#quot;", "#amp;", "#35;"): its length, with the
 * code point in *cp; 0 if none. */
size_t
cg_mmd_entity(const char *s, int *cp)
{
	static const struct { const char *n; int c; } ents[] = {
		{ "#quot;", '"' }, { "#amp;", '&' }, { "#lt;", '<' },
		{ "#gt;", '>' }, { "#apos;", '\'' }, { NULL, 0 } };
	const char *p = s + 1;
	int v = 0;
	for (int i = 0; ents[i].n; i++)
		if (!strncmp(s, ents[i].n, strlen(ents[i].n))) {
			*cp = ents[i].c;
			return strlen(ents[i].n);
		}
	if (*s != '#' || !isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p) && v < 0x110000)
		v = v * 10 + (*p++ - '0');
	if (*p != ';' || v < 32 || v >= 0x110000 || (v >= 0xd800 && v < 0xe000))
		return 0;
	*cp = v;
	return (size_t)(p + 1 - s);
}

static void
pututf8(cg_buf *b, int c)
{
	if (c < 0x80)
		cg_buf_putc(b, c);
	else if (c < 0x800) {
		cg_buf_putc(b, 0xc0 | (c >> 6));
		cg_buf_putc(b, 0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		cg_buf_putc(b, 0xe0 | (c >> 12));
		cg_buf_putc(b, 0x80 | ((c >> 6) & 0x3f));
		cg_buf_putc(b, 0x80 | (c & 0x3f));
	} else {
		cg_buf_putc(b, 0xf0 | (c >> 18));
		cg_buf_putc(b, 0x80 | ((c >> 12) & 0x3f));
		cg_buf_putc(b, 0x80 | ((c >> 6) & 0x3f));
		cg_buf_putc(b, 0x80 | (c & 0x3f));
	}
}

/* Label text: trim, drop wrapping quotes (straight or curly), decode the
 * entities the emitter writes, turn \" into ".  NULL for empty. */
char *
cg_mmd_cleanlabel(const char *a, const char *b)
{
	char *t = trimdup(a, b), *o;
	size_t n = strlen(t), q1, q2;
	cg_buf buf = { 0 };

	q1 = (size_t)cg_mmd_qopen(t);
	q2 = n >= 1 && t[n - 1] == '"' ? 1 : n >= 3 &&
	    (unsigned char)t[n - 3] == 0xe2 && (unsigned char)t[n - 2] == 0x80 &&
	    ((unsigned char)t[n - 1] == 0x9d || (unsigned char)t[n - 1] == 0x9c) ? 3 : 0;
	if (q1 && q2 && n >= q1 + q2) {
		memmove(t, t + q1, n - q1 - q2);
		t[n - q1 - q2] = '\0';
		o = trimdup(t, t + strlen(t));
		free(t);
		t = o;
	}
	for (const char *p = t; *p; p++) {
		size_t el;
		int cp;
		if ((el = cg_mmd_entity(p, &cp)) != 0) {
			pututf8(&buf, cp);
			p += el - 1;
		} else if (!strncmp(p, "&quot;", 6)) {
			cg_buf_putc(&buf, '"');
			p += 5;
		} else if (p[0] == '\\' && p[1] == '"') {
			cg_buf_putc(&buf, '"');
			p++;
		} else if (*p == '\t')
			cg_buf_putc(&buf, ' ');
		else
			cg_buf_putc(&buf, *p);
	}
	free(t);
	o = cg_buf_take(&buf);
	if (!*o) {
		free(o);
		return NULL;
	}
	return o;
}

static int
placeholder(const char *l)
{
	return !l || !strcmp(l, "...") || !strcmp(l, "\xe2\x80\xa6") ||
	    !strcmp(l, "..") || !strcmp(l, "etc.");
}

/* ---- statement-level parsing ---- */

void
cg_mmd_stmt_free(stmt *st)
{
	for (int i = 0; i < st->nr; i++) {
		free(st->r[i].id);
		free(st->r[i].label);
	}
	for (int i = 0; i < st->ng; i++)
		free(st->elabel[i]);
	st->nr = st->ng = 0;
}

static int
arrowstart(const char *s)
{
	if (isdash(s))
		return 1;
	if (*s == '<' && (s[1] == '-' || s[1] == '=' || isdash(s + 1)))
		return 1;
	if (*s == '-' || *s == '=')
		return s[1] == '-' || s[1] == '=' || s[1] == '.' || s[1] == '>' ||
		    isdash(s + 1);
	if (*s == '.' && s[1] == '-')
		return 1;
	return 0;
}

/* Read an arrow run at *sp; fills flags; returns its char count (en/em
 * dashes count as two dashes), 0 if none. */
typedef struct {
	int len, gt, lt, dot, eq, end;
} run;

static int
readrun(const char **sp, run *r)
{
	const char *s = *sp;
	memset(r, 0, sizeof *r);
	for (;;) {
		if (isdash(s)) {
			r->len += 2;
			s += 3;
		} else if (*s == '-' || *s == '=' || *s == '.' || *s == '>' ||
		    *s == '<' || *s == '~') {
			r->gt |= *s == '>';
			r->lt |= *s == '<';
			r->dot |= *s == '.';
			r->eq |= *s == '=';
			r->len++;
			s++;
		} else
			break;
	}
	/* --o --x circle/cross ends, --) async: treat as plain arrows */
	if (r->len >= 2 && (s[-1] == '-' || s[-1] == '=') &&
	    (((*s == 'o' || *s == 'x') && (s[1] == ' ' || s[1] == '\t' ||
	    s[1] == '\0')) || *s == ')')) {
		r->end = 1;
		s++;
	}
	*sp = s;
	return r->len;
}

static int
runkind(const run *r, const run *r2, int *rev)
{
	int gt = r->gt || (r2 && r2->gt), lt = r->lt || (r2 && r2->lt);
	int dot = r->dot || (r2 && r2->dot), eq = r->eq || (r2 && r2->eq);
	int end = r->end || (r2 && r2->end);

	*rev = 0;
	if (lt && gt)
		return E_BI;
	if (lt) {
		*rev = 1;
		gt = 1;
	}
	if (dot)
		return gt || end ? E_DOTTED : E_DOTOPEN;
	if (eq)
		return gt || end ? E_THICK : E_THICKOPEN;
	return gt || end ? E_ARROW : E_OPEN;
}

/* The quote closing a quoted text whose first character is at s: for a
 * straight opener (straight != 0) the next '"', since the strict form
 * writes every label so and a curly quote inside it is text; for a curly
 * one, either kind.  NULL if it never closes. */
static const char *
qclose(const char *s, int straight)
{
	if (straight)
		return strchr(s, '"');
	while (*s && !cg_mmd_qopen(s))
		s++;
	return *s ? s : NULL;
}

/* The end of a bracketed label starting at s (s[0] an opener): index just
 * past the closer that balances it, counting all bracket kinds alike and
 * skipping "quoted" text; 0 if it never balances. */
static size_t
bracketend(const char *s)
{
	int depth = 0;
	for (size_t i = 0; s[i]; i++) {
		int q = cg_mmd_qopen(s + i);
		if (q && depth > 0 && i > 0 && strchr("[({>/\\", s[i - 1])) {
			/* quoted label: jump to the closing quote */
			const char *z = qclose(s + i + q, q == 1);
			if (z) {
				i = (size_t)(z - s) +
				    (size_t)cg_mmd_qopen(z) - 1;
				continue;
			}
		}
		if (strchr("[({", s[i]) && s[i])
			depth++;
		else if (s[i] && strchr(")]}", s[i])) {
			if (--depth == 0)
				return i + 1;
		}
	}
	return 0;
}

/* Parse a shape at *sp (an opener).  Sets label (may be NULL) and shape. */
static int
readshape(const char **sp, char **label, int *shape)
{
	const char *s = *sp, *a, *b;
	size_t end;
	int ol = 1, sh = -1;

	if (*s == '>') {
		const char *c = strchr(s, ']');
		const char *stop = s + 1, *q = cg_mmd_skipws(s + 1), *z;
		/* >"label"]: a ']' inside the quotes is text */
		if (cg_mmd_qopen(q) &&
		    (z = qclose(q + cg_mmd_qopen(q), *q == '"')) != NULL &&
		    *(c = cg_mmd_skipws(z + cg_mmd_qopen(z))) == ']') {
			*label = cg_mmd_cleanlabel(q, c);
			*shape = SH_ASYM;
			*sp = c + 1;
			return 1;
		}
		c = strchr(s, ']');
		while (*stop && !arrowstart(stop) && (!c || stop < c))
			stop++;
		if (!c || c > stop)
			c = stop;
		*label = cg_mmd_cleanlabel(s + 1, c);
		*shape = SH_ASYM;
		*sp = *c == ']' ? c + 1 : c;
		return 1;
	}
	static const int multi[] = { SH_DCIRCLE, SH_HEX, SH_SUBR, SH_CIRCLE,
	    SH_CYL, SH_STADIUM, SH_PARA, SH_PARA_ALT };
	for (size_t k = 0; k < sizeof multi / sizeof *multi && sh < 0; k++)
		if (!strncmp(s, cg_mmd_shopen[multi[k]],
		    strlen(cg_mmd_shopen[multi[k]]))) {
			sh = multi[k];
			ol = (int)strlen(cg_mmd_shopen[sh]);
		}
	if (sh < 0 && strchr("([{", s[0]) && s[1] && strchr("([{", s[1]) &&
	    s[0] != s[1]) {
		sh = SH_DIAMOND;	/* invalid mix like ({…}) */
		ol = 2;
	}
	if (sh < 0) {
		sh = s[0] == '[' ? SH_RECT : s[0] == '(' ? SH_ROUND : SH_DIAMOND;
		ol = 1;
	}
	end = bracketend(s);
	if (end) {
		size_t cl = (size_t)ol;
		b = s + end;
		/* the closer must mirror a multi-char opener, else fall back
		 * to the single-char shape */
		if (ol > 1) {
			int okc = end >= (size_t)ol * 2;
			for (int i = 1; okc && i <= ol; i++)
				okc = strchr(")]}/\\", s[end - (size_t)i]) != NULL;
			if (sh == SH_PARA || sh == SH_PARA_ALT) {
				okc = end >= 4 && (s[end - 2] == '/' || s[end - 2] == '\\');
				if (okc && sh == SH_PARA && s[end - 2] == '\\')
					sh = SH_TRAP;
				if (okc && sh == SH_PARA_ALT && s[end - 2] == '/')
					sh = SH_TRAP_ALT;
			}
			if (!okc) {
				sh = s[0] == '[' ? SH_RECT : s[0] == '(' ? SH_ROUND :
				    SH_DIAMOND;
				ol = 1;
				cl = 1;
			}
		}
		a = s + ol;
		*label = cg_mmd_cleanlabel(a, b - cl);
		*shape = sh;
		*sp = b;
		return 1;
	}
	/* never balances: the label runs to the last closer before the next
	 * arrow (or the end) */
	{
		const char *stop = s + 1, *last = NULL;
		while (*stop && !(arrowstart(stop) && stop[-1] == ' ')) {
			if (strchr(")]}", *stop))
				last = stop;
			stop++;
		}
		a = s + ol;
		if (a > stop)
			a = stop;
		b = last && last >= a ? last : stop;
		*label = cg_mmd_cleanlabel(a, b);
		*shape = sh == SH_DIAMOND || sh == SH_ROUND || sh == SH_RECT ? sh :
		    s[0] == '[' ? SH_RECT : s[0] == '(' ? SH_ROUND : SH_DIAMOND;
		*sp = last && last >= a ? last + 1 : stop;
		return 1;
	}
}

/* Words up to the next arrow, '&', or end. */
static const char *
wordsend(const char *s)
{
	while (*s && *s != '&' && !(arrowstart(s) && (s[-1] == ' ' ||
	    s[-1] == '\t' || s[0] == '<' || s[1] == '>' || s[1] == '-' ||
	    s[1] == '=' || s[1] == '.')))
		s++;
	return s;
}

char *
cg_mmd_idfromlabel(const char *l)
{
	cg_buf b = { 0 };
	for (; *l; l++)
		if (isalnum((unsigned char)*l))
			cg_buf_putc(&b, *l);
		else if (b.len && b.s[b.len - 1] != '_')
			cg_buf_putc(&b, '_');
	while (b.len && b.s[b.len - 1] == '_')
		b.s[--b.len] = '\0';
	if (!b.len)
		cg_buf_puts(&b, "node");
	return cg_buf_take(&b);
}

/* An id of several words before a shape, Cell End([Cell End]) or
 * Light Energy[Light energy]: s is just past the first word; returns the
 * end of the last word when one to five more words are followed by a
 * shape opener, else NULL (then the words are a bare name or prose). */
static const char *
spacedid(const char *s)
{
	for (int n = 0; n < 5; n++) {
		const char *w = cg_mmd_skipws(s), *o;
		if (w == s || !cg_mmd_isidc(w))
			return NULL;
		while (*w && cg_mmd_isidc(w))
			w++;
		o = cg_mmd_skipws(w);
		if ((*o && strchr("[({", *o)) || (w[0] == '@' && w[1] == '{'))
			return w;
		s = w;
	}
	return NULL;
}

/* The shape named in A@{ shape: NAME }: mermaid's names and aliases for
 * the shapes the strict form can write; any other is a rectangle. */
static int
shapenamed(const char *a, const char *b)
{
	static const struct { const char *name; int sh; } names[] = {
		{ "rounded", SH_ROUND }, { "event", SH_ROUND },
		{ "stadium", SH_STADIUM }, { "pill", SH_STADIUM },
		{ "terminal", SH_STADIUM }, { "subroutine", SH_SUBR },
		{ "subproc", SH_SUBR }, { "subprocess", SH_SUBR },
		{ "fr-rect", SH_SUBR }, { "framed-rectangle", SH_SUBR },
		{ "cyl", SH_CYL }, { "cylinder", SH_CYL },
		{ "database", SH_CYL }, { "db", SH_CYL },
		{ "circle", SH_CIRCLE }, { "circ", SH_CIRCLE },
		{ "dbl-circ", SH_DCIRCLE }, { "double-circle", SH_DCIRCLE },
		{ "diamond", SH_DIAMOND }, { "diam", SH_DIAMOND },
		{ "decision", SH_DIAMOND }, { "question", SH_DIAMOND },
		{ "hex", SH_HEX }, { "hexagon", SH_HEX }, { "prepare", SH_HEX },
		{ "lean-r", SH_PARA }, { "lean-right", SH_PARA },
		{ "in-out", SH_PARA }, { "lean-l", SH_PARA_ALT },
		{ "lean-left", SH_PARA_ALT }, { "out-in", SH_PARA_ALT },
		{ "trap-b", SH_TRAP }, { "trapezoid-bottom", SH_TRAP },
		{ "trapezoid", SH_TRAP }, { "priority", SH_TRAP },
		{ "trap-t", SH_TRAP_ALT }, { "trapezoid-top", SH_TRAP_ALT },
		{ "inv-trapezoid", SH_TRAP_ALT }, { "manual", SH_TRAP_ALT },
		{ "odd", SH_ASYM }, { NULL, 0 } };
	char *n = cg_mmd_cleanlabel(a, b);
	int sh = SH_RECT;

	for (int i = 0; n && names[i].name; i++)
		if (cg_mmd_ieq(n, names[i].name))
			sh = names[i].sh;
	free(n);
	return sh;
}

/* The attribute form A@{ shape: NAME, label: "text" } at *sp (the '@'):
 * label (NULL when none) and shape; other keys are skipped.  0 when the
 * braces never close or a key has no value. */
static int
readattrs(const char **sp, char **label, int *shape)
{
	const char *s = *sp + 2, *k, *ke, *v, *ve, *z;

	*label = NULL;
	*shape = SH_RECT;
	for (;;) {
		s = cg_mmd_skipws(s);
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '}') {
			*sp = s + 1;
			return 1;
		}
		for (k = s; isalnum((unsigned char)*s) || *s == '-' || *s == '_';)
			s++;
		ke = s;
		s = cg_mmd_skipws(s);
		if (k == ke || *s != ':')
			break;
		v = s = cg_mmd_skipws(s + 1);
		if (cg_mmd_qopen(s)) {
			if (!(z = qclose(s + cg_mmd_qopen(s), *s == '"')))
				break;
			s = z + cg_mmd_qopen(z);
		} else
			while (*s && *s != ',' && *s != '}')
				s++;
		ve = s;
		if (ke - k == 5 && !strncmp(k, "label", 5)) {
			free(*label);
			*label = cg_mmd_cleanlabel(v, ve);
		} else if (ke - k == 5 && !strncmp(k, "shape", 5))
			*shape = shapenamed(v, ve);
	}
	free(*label);
	*label = NULL;
	return 0;
}

/* Is id made of [A-Za-z0-9_] only (a bare id that may stand alone)? */
static int
plainid(const char *id)
{
	for (; *id; id++)
		if (!isalnum((unsigned char)*id) && *id != '_')
			return 0;
	return 1;
}

/* Does label name the node whose id is id (Cell End([Cell End]))? */
static int
sameid(const char *label, const char *id)
{
	char *l = cg_mmd_idfromlabel(label ? label : "");
	int same = cg_mmd_ieq(l, id);
	free(l);
	return same;
}

/* One node at *sp; 0 on failure. */
static int
readnode(const char **sp, nref *r)
{
	const char *s = cg_mmd_skipws(*sp), *a, *t;
	int q, spaced = 0;

	memset(r, 0, sizeof *r);
	r->shape = SH_RECT;
	/* "Label" as a node of its own */
	if ((q = cg_mmd_qopen(s)) != 0) {
		const char *e = s + q;
		while (*e && *e != '"' && !cg_mmd_qopen(e))
			e++;
		if (!*e)
			return 0;
		r->label = cg_mmd_cleanlabel(s + q, e);
		if (!r->label)
			return 0;
		r->id = cg_mmd_idfromlabel(r->label);
		r->explicit = 1;
		r->lone = LONE_YES;
		*sp = e + cg_mmd_qopen(e);
		return 1;
	}
	a = s;
	while (*s && cg_mmd_isidc(s))
		s++;
	r->id = a < s ? xstrndup(a, (size_t)(s - a)) : NULL;
	if (r->id && (t = spacedid(s)) != NULL) {
		char *w = trimdup(a, t);
		free(r->id);
		r->id = cg_mmd_idfromlabel(w);
		free(w);
		s = t;
		spaced = 1;
	}
	t = cg_mmd_skipws(s);
	if (r->id && s[0] == '@' && s[1] == '{') {
		if (!readattrs(&s, &r->label, &r->shape))
			return 0;
		if (!r->label)
			r->label = xstrdup(r->id);
		r->explicit = 1;
	} else if (*s == '>' || (*t && strchr("[({", *t))) {
		const char *p = *s == '>' ? s : t;
		if (!r->id && *p == '>')
			return 0;
		readshape(&p, &r->label, &r->shape);
		r->explicit = 1;
		s = p;
		if (!r->id)
			r->id = cg_mmd_idfromlabel(r->label ? r->label :
			    "node");
	}
	if (!r->id)
		return 0;
	if (r->explicit)
		r->lone = spaced && !sameid(r->label, r->id) ? LONE_TRUSTED :
		    LONE_YES;
	else
		r->lone = plainid(r->id) ? LONE_TRUSTED : LONE_NO;
	if (s[0] == ':' && s[1] == ':' && s[2] == ':') {	/* :::class */
		s += 3;
		while (cg_mmd_isidc(s))
			s++;
	}
	/* trailing words: B(...) Transport, or a multi-word bare name */
	t = cg_mmd_skipws(s);
	if (*t && *t != '&' && !arrowstart(t) && *t != '|') {
		const char *e = wordsend(t);
		char *w = trimdup(t, e), *l;
		if (!*w || strchr("[({", *w)) {
			free(w);
			return 0;
		}
		r->lone = LONE_NO;
		if (r->explicit && !placeholder(r->label))
			l = xasprintf("%s %s", r->label, w);
		else if (r->explicit) {	/* B(...) Reagent one: a declaration */
			l = xstrdup(w);
			r->lone = LONE_YES;
		} else {
			l = xasprintf("%s %s", r->id, w);
			free(r->id);
			r->id = cg_mmd_idfromlabel(l);
		}
		free(w);
		free(r->label);
		r->label = cg_mmd_cleanlabel(l, l + strlen(l));
		free(l);
		r->explicit = 2;	/* words: not a declaration on its own */
		s = e;
	}
	*sp = s;
	return 1;
}

static int
readgroup(const char **sp, stmt *st)
{
	const char *s = *sp;
	int n = 0;
	for (;;) {
		if (st->nr >= MAXREF)
			return 0;
		if (!readnode(&s, &st->r[st->nr])) {
			free(st->r[st->nr].id);
			free(st->r[st->nr].label);
			return 0;
		}
		st->grp[st->nr++] = st->ng;
		n++;
		s = cg_mmd_skipws(s);
		if (*s != '&')
			break;
		s++;
	}
	st->ng++;
	*sp = s;
	return n;
}

/* The '|' closing an edge label opened at s[0]: the first '|' outside
 * brackets, so P(A|B) inside a label survives and a node label after the
 * edge label (-->|yes| C[P(A|B)]) is not swallowed; failing that, the last
 * '|' before the next arrow.  NULL if none. */
static const char *
labelend(const char *s)
{
	const char *last = NULL;
	int depth = 0;
	for (const char *p = s + 1; *p && *p != '\n'; p++) {
		if (*p == '(' || *p == '[' || *p == '{')
			depth++;
		else if ((*p == ')' || *p == ']' || *p == '}') && depth > 0)
			depth--;
		else if (*p == '|') {
			if (depth == 0)
				return p;
			last = p;
		} else if (last && arrowstart(p) && p[-1] == ' ')
			break;
	}
	return last;
}

/* Read a link at *sp.  Returns 1 with kind/label, 2 for a link that ends
 * the statement with no target (dropped), 0 for none. */
static int
readlink(const char **sp, int *kind, int *rev, char **label)
{
	const char *s = cg_mmd_skipws(*sp), *e;
	run r, r2;

	*label = NULL;
	if (!arrowstart(s) && *s != '|')
		return 0;
	if (*s == '|')		/* "A |text| B": a label without arrow */
		memset(&r, 0, sizeof r);
	else
		readrun(&s, &r);
	s = cg_mmd_skipws(s);
	if (!r.gt && !r.end && r.len <= 2) {
		/* start of a labelled link: -- text -->, -- |x|, -- ==> */
		if (*s == '|') {
			e = labelend(s);
			if (!e)
				return 0;
			*label = cg_mmd_cleanlabel(s + 1, e);
			s = cg_mmd_skipws(e + 1);
			if (arrowstart(s)) {
				readrun(&s, &r2);
				*kind = runkind(&r, &r2, rev);
			} else
				*kind = runkind(&r, NULL, rev);
			if (*kind == E_OPEN)
				*kind = E_ARROW;
		} else if (arrowstart(s)) {
			readrun(&s, &r2);
			*kind = runkind(&r, &r2, rev);
		} else {
			const char *j = s;
			for (; *j; j++) {
				const char *k = j;
				if (!arrowstart(j) || (j > s && strchr("-=.<", j[-1])))
					continue;
				readrun(&k, &r2);
				if (r2.gt || r2.end || r2.len >= 3 || r2.dot)
					break;
			}
			if (*j) {
				*label = cg_mmd_cleanlabel(s, j);
				readrun(&j, &r2);
				*kind = runkind(&r, &r2, rev);
				s = j;
			} else	/* "A -- B": a plain link */
				*kind = runkind(&r, NULL, rev);
		}
	} else {
		*kind = runkind(&r, NULL, rev);
		s = cg_mmd_skipws(s);
		if (*s == '|') {
			e = labelend(s);
			if (!e)
				return 0;
			*label = cg_mmd_cleanlabel(s + 1, e);
			s = e + 1;
		}
	}
	s = cg_mmd_skipws(s);
	*sp = s;
	if (!*s) {
		free(*label);
		*label = NULL;
		return 2;
	}
	return 1;
}

/* Parse one statement into st; 1 when the whole text was consumed.
 * insub: inside a subgraph, where a bare id names a member; trusted: the
 * text is surely diagram, where a bare or multi-word id may stand alone
 * (LONE_TRUSTED). */
int
cg_mmd_readstmt(const char *s, stmt *st, int insub, int trusted)
{
	int kind, rev, r;
	char *lab;

	memset(st, 0, sizeof *st);
	if (!readgroup(&s, st))
		return 0;
	for (;;) {
		s = cg_mmd_skipws(s);
		if (!*s)
			break;
		r = readlink(&s, &kind, &rev, &lab);
		if (r == 0)
			return 0;
		if (r == 2)
			break;
		if (st->ng >= MAXREF)
			return 0;
		st->kind[st->ng] = kind;
		st->rev[st->ng] = rev;
		st->elabel[st->ng] = lab;
		if (!readgroup(&s, st)) {
			st->elabel[st->ng] = NULL;
			free(lab);
			return 0;
		}
	}
	/* a lone node is a declaration (kept, unlinked) when its form says
	 * so; a lone sentence is prose */
	if (st->ng == 1)
		for (int i = 0; i < st->nr; i++) {
			const nref *r = &st->r[i];
			if (r->lone == LONE_YES || (r->lone == LONE_TRUSTED &&
			    (trusted || insub)) || (insub && !r->explicit))
				continue;
			return 0;
		}
	return 1;
}

