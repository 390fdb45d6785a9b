/* mermaid.c — tolerant flowchart parser, strict re-emitter.
 *
 * A reply is cut down to its diagram (fence or "graph"/"flowchart"
 * header), split into statements (lines and `;`, bracket- and
 * quote-aware) and each statement is parsed on its own: a statement that
 * does not parse as a whole (prose, an explanation) is skipped, never
 * half-applied.  Labels are found by counting brackets of any kind, so
 * unquoted parentheses, mismatched closers and LaTeX braces inside labels
 * survive.  The graph is then written back in one strict form that the
 * parser reads back to the same bytes (cg_mmd_check relies on that).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "mermaid.h"

enum { SH_RECT, SH_ROUND, SH_STADIUM, SH_SUBR, SH_CYL, SH_CIRCLE,
	SH_DCIRCLE, SH_ASYM, SH_DIAMOND, SH_HEX, SH_PARA, SH_PARA_ALT,
	SH_TRAP, SH_TRAP_ALT };
static const char *shopen[] = { "[", "(", "([", "[[", "[(", "((", "(((",
	">", "{", "{{", "[/", "[\\", "[/", "[\\" };
static const char *shclose[] = { "]", ")", "])", "]]", ")]", "))", ")))",
	"]", "}", "}}", "/]", "\\]", "\\]", "/]" };

enum { E_ARROW, E_OPEN, E_DOTTED, E_DOTOPEN, E_THICK, E_THICKOPEN, E_BI };
static const char *arrowtxt[] = { "-->", "---", "-.->", "-.-", "==>", "===",
	"<-->" };

typedef struct {
	char *id;		/* as written in the reply */
	char *label;		/* NULL: none given */
	char *out;		/* emitted id */
	int   shape, sub, sgref;	/* sgref: index of the subgraph it names, or -1 */
} node;

typedef struct {
	int   from, to, kind;
	char *label;
} edge;

typedef struct {
	char *id, *title, *out;
	int   parent, used;
} sgraph;

struct cg_mmd {
	char    dir[3];
	node   *n;
	int     nn;
	edge   *e;
	int     ne;
	sgraph *s;
	int     ns;
};

/* ---- small string helpers ---- */

static int
isdash(const char *s)	/* en dash or em dash */
{
	return (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94);
}

static int
qopen(const char *s)	/* '"' or “: length, else 0 */
{
	if (*s == '"')
		return 1;
	if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x9c || (unsigned char)s[2] == 0x9d))
		return 3;
	return 0;
}

static int
isidc(const char *s)
{
	unsigned char c = (unsigned char)*s;
	if (isalnum(c) || c == '_')
		return 1;
	if (c >= 0x80)
		return !isdash(s) && !qopen(s);
	if ((c == '-' || c == '.') && (isalnum((unsigned char)s[1]) ||
	    s[1] == '_'))
		return 1;
	return 0;
}

static const char *
skipws(const char *s)
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

static int
ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

/* Does s start with word w (case-insensitive) followed by a non-word? */
static int
isword(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)w[i]))
			return 0;
	return !isalnum((unsigned char)s[n]) && s[n] != '_';
}

/* A mermaid entity at s ("#quot;", "#amp;", "#35;"): its length, with the
 * code point in *cp; 0 if none. */
static size_t
entity(const char *s, int *cp)
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
static char *
cleanlabel(const char *a, const char *b)
{
	char *t = trimdup(a, b), *o;
	size_t n = strlen(t), q1, q2;
	cg_buf buf = { 0 };

	q1 = (size_t)qopen(t);
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
		if ((el = entity(p, &cp)) != 0) {
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

/* May a node stand alone on a line, with no link (a declaration)?  A
 * shape says so; a bare id or a multi-word id only where the text is
 * surely diagram (LONE_TRUSTED: fenced, indented, or in a subgraph),
 * since a line of prose reads the same. */
enum { LONE_NO, LONE_YES, LONE_TRUSTED };

typedef struct {
	char *id, *label;
	int   shape, explicit, lone;
} nref;

#define MAXREF 512
typedef struct {
	nref r[MAXREF];
	int  nr;
	int  grp[MAXREF];	/* group number of each ref */
	int  kind[MAXREF];	/* link kind into group g (index by group) */
	char *elabel[MAXREF];
	int  rev[MAXREF];
	int  ng;
} stmt;

static void
stmt_free(stmt *st)
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
	while (*s && !qopen(s))
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
		int q = qopen(s + i);
		if (q && depth > 0 && i > 0 && strchr("[({>/\\", s[i - 1])) {
			/* quoted label: jump to the closing quote */
			const char *z = qclose(s + i + q, q == 1);
			if (z) {
				i = (size_t)(z - s) + (size_t)qopen(z) - 1;
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
		const char *stop = s + 1, *q = skipws(s + 1), *z;
		/* >"label"]: a ']' inside the quotes is text */
		if (qopen(q) && (z = qclose(q + qopen(q), *q == '"')) != NULL &&
		    *(c = skipws(z + qopen(z))) == ']') {
			*label = cleanlabel(q, c);
			*shape = SH_ASYM;
			*sp = c + 1;
			return 1;
		}
		c = strchr(s, ']');
		while (*stop && !arrowstart(stop) && (!c || stop < c))
			stop++;
		if (!c || c > stop)
			c = stop;
		*label = cleanlabel(s + 1, c);
		*shape = SH_ASYM;
		*sp = *c == ']' ? c + 1 : c;
		return 1;
	}
	static const int multi[] = { SH_DCIRCLE, SH_HEX, SH_SUBR, SH_CIRCLE,
	    SH_CYL, SH_STADIUM, SH_PARA, SH_PARA_ALT };
	for (size_t k = 0; k < sizeof multi / sizeof *multi && sh < 0; k++)
		if (!strncmp(s, shopen[multi[k]], strlen(shopen[multi[k]]))) {
			sh = multi[k];
			ol = (int)strlen(shopen[sh]);
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
		*label = cleanlabel(a, b - cl);
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
		*label = cleanlabel(a, b);
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

static char *
idfromlabel(const char *l)
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
		const char *w = skipws(s), *o;
		if (w == s || !isidc(w))
			return NULL;
		while (*w && isidc(w))
			w++;
		o = skipws(w);
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
	char *n = cleanlabel(a, b);
	int sh = SH_RECT;

	for (int i = 0; n && names[i].name; i++)
		if (ieq(n, names[i].name))
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
		s = skipws(s);
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
		s = skipws(s);
		if (k == ke || *s != ':')
			break;
		v = s = skipws(s + 1);
		if (qopen(s)) {
			if (!(z = qclose(s + qopen(s), *s == '"')))
				break;
			s = z + qopen(z);
		} else
			while (*s && *s != ',' && *s != '}')
				s++;
		ve = s;
		if (ke - k == 5 && !strncmp(k, "label", 5)) {
			free(*label);
			*label = cleanlabel(v, ve);
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
	char *l = idfromlabel(label ? label : "");
	int same = ieq(l, id);
	free(l);
	return same;
}

/* One node at *sp; 0 on failure. */
static int
readnode(const char **sp, nref *r)
{
	const char *s = skipws(*sp), *a, *t;
	int q, spaced = 0;

	memset(r, 0, sizeof *r);
	r->shape = SH_RECT;
	if ((q = qopen(s)) != 0) {	/* "Label" as a node of its own */
		const char *e = s + q;
		while (*e && *e != '"' && !qopen(e))
			e++;
		if (!*e)
			return 0;
		r->label = cleanlabel(s + q, e);
		if (!r->label)
			return 0;
		r->id = idfromlabel(r->label);
		r->explicit = 1;
		r->lone = LONE_YES;
		*sp = e + qopen(e);
		return 1;
	}
	a = s;
	while (*s && isidc(s))
		s++;
	r->id = a < s ? xstrndup(a, (size_t)(s - a)) : NULL;
	if (r->id && (t = spacedid(s)) != NULL) {
		char *w = trimdup(a, t);
		free(r->id);
		r->id = idfromlabel(w);
		free(w);
		s = t;
		spaced = 1;
	}
	t = skipws(s);
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
			r->id = idfromlabel(r->label ? r->label : "node");
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
		while (isidc(s))
			s++;
	}
	/* trailing words: B(...) Transport, or a multi-word bare name */
	t = skipws(s);
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
			r->id = idfromlabel(l);
		}
		free(w);
		free(r->label);
		r->label = cleanlabel(l, l + strlen(l));
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
		s = skipws(s);
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
	const char *s = skipws(*sp), *e;
	run r, r2;

	*label = NULL;
	if (!arrowstart(s) && *s != '|')
		return 0;
	if (*s == '|')		/* "A |text| B": a label without arrow */
		memset(&r, 0, sizeof r);
	else
		readrun(&s, &r);
	s = skipws(s);
	if (!r.gt && !r.end && r.len <= 2) {
		/* start of a labelled link: -- text -->, -- |x|, -- ==> */
		if (*s == '|') {
			e = labelend(s);
			if (!e)
				return 0;
			*label = cleanlabel(s + 1, e);
			s = skipws(e + 1);
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
				*label = cleanlabel(s, j);
				readrun(&j, &r2);
				*kind = runkind(&r, &r2, rev);
				s = j;
			} else	/* "A -- B": a plain link */
				*kind = runkind(&r, NULL, rev);
		}
	} else {
		*kind = runkind(&r, NULL, rev);
		s = skipws(s);
		if (*s == '|') {
			e = labelend(s);
			if (!e)
				return 0;
			*label = cleanlabel(s + 1, e);
			s = e + 1;
		}
	}
	s = skipws(s);
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
static int
readstmt(const char *s, stmt *st, int insub, int trusted)
{
	int kind, rev, r;
	char *lab;

	memset(st, 0, sizeof *st);
	if (!readgroup(&s, st))
		return 0;
	for (;;) {
		s = skipws(s);
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

/* ---- the graph ---- */

static int
findnode(cg_mmd *m, const char *id)
{
	for (int i = 0; i < m->nn; i++)
		if (!strcmp(m->n[i].id, id))
			return i;
	return -1;
}

static int
addnode(cg_mmd *m, nref *r, int sub)
{
	int i = findnode(m, r->id);
	if (i < 0) {
		m->n = xrealloc(m->n, (size_t)(m->nn + 1) * sizeof *m->n);
		i = m->nn++;
		memset(&m->n[i], 0, sizeof m->n[i]);
		m->n[i].id = xstrdup(r->id);
		m->n[i].shape = SH_RECT;
		m->n[i].sub = sub;
		m->n[i].sgref = -1;
	} else if (m->n[i].sub < 0)
		m->n[i].sub = sub;
	if (r->explicit && !m->n[i].label && r->label) {
		m->n[i].label = xstrdup(r->label);
		m->n[i].shape = r->shape;
		/* a node belongs where it is declared with its label, even
		 * when an edge mentioned it earlier in another subgraph */
		if (sub >= 0)
			m->n[i].sub = sub;
	}
	return i;
}

static void
addedge(cg_mmd *m, int f, int t, int kind, const char *label)
{
	for (int i = 0; i < m->ne; i++) {
		edge *x = &m->e[i];
		if (x->from == f && x->to == t && x->kind == kind &&
		    ((!x->label && !label) || (x->label && label &&
		    !strcmp(x->label, label))))
			return;
	}
	m->e = xrealloc(m->e, (size_t)(m->ne + 1) * sizeof *m->e);
	m->e[m->ne].from = f;
	m->e[m->ne].to = t;
	m->e[m->ne].kind = kind;
	m->e[m->ne].label = label ? xstrdup(label) : NULL;
	m->ne++;
}

static void
commit(cg_mmd *m, stmt *st, int sub)
{
	int idx[MAXREF];
	for (int i = 0; i < st->nr; i++)
		idx[i] = addnode(m, &st->r[i], sub);
	for (int g = 1; g < st->ng; g++)
		for (int i = 0; i < st->nr; i++) {
			if (st->grp[i] != g - 1)
				continue;
			for (int j = 0; j < st->nr; j++) {
				if (st->grp[j] != g)
					continue;
				if (st->rev[g])
					addedge(m, idx[j], idx[i], st->kind[g],
					    st->elabel[g]);
				else
					addedge(m, idx[i], idx[j], st->kind[g],
					    st->elabel[g]);
			}
		}
}

static int
addsub(cg_mmd *m, const char *rest, int parent)
{
	const char *s = skipws(rest), *a;
	char *id = NULL, *title = NULL;
	int q, k;

	if ((q = qopen(s)) != 0) {
		title = cleanlabel(s, s + strlen(s));
	} else {
		a = s;
		while (*s && isidc(s))
			s++;
		id = a < s ? xstrndup(a, (size_t)(s - a)) : NULL;
		s = skipws(s);
		if (id && strchr("[({", *s) && *s) {
			const char *e = s + strlen(s);
			while (e > s && !strchr("])}", e[-1]))
				e--;
			title = e > s + 1 ? cleanlabel(s + 1, e - 1) : NULL;
		} else if (*s) {	/* subgraph Title With Spaces */
			free(id);
			id = NULL;
			title = cleanlabel(a, a + strlen(a));
		} else if (id)
			title = xstrdup(id);
	}
	if (!id)
		id = title ? idfromlabel(title) : xasprintf("sg%d", m->ns + 1);
	for (k = 0; k < m->ns; k++)
		if (!strcmp(m->s[k].id, id)) {
			char *t = xasprintf("%s_%d", id, m->ns + 1);
			free(id);
			id = t;
			k = -1;
		}
	m->s = xrealloc(m->s, (size_t)(m->ns + 1) * sizeof *m->s);
	m->s[m->ns].id = id;
	m->s[m->ns].title = title ? title : xstrdup("");
	m->s[m->ns].out = NULL;
	m->s[m->ns].parent = parent;
	m->s[m->ns].used = 0;
	return m->ns++;
}

void
cg_mmd_free(cg_mmd *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->nn; i++) {
		free(m->n[i].id);
		free(m->n[i].label);
		free(m->n[i].out);
	}
	for (int i = 0; i < m->ne; i++)
		free(m->e[i].label);
	for (int i = 0; i < m->ns; i++) {
		free(m->s[i].id);
		free(m->s[i].title);
		free(m->s[i].out);
	}
	free(m->n);
	free(m->e);
	free(m->s);
	free(m);
}

/* Split a line into statements at ';' outside brackets and quotes. */
static int
splitstmts(char *line, char **out, int max)
{
	int n = 0, depth = 0, q = 0;
	char *start = line;
	for (char *p = line; *p; p++) {
		if (*p == '"')
			q = !q;
		else if (!q && strchr("[({", *p))
			depth++;
		else if (!q && strchr(")]}", *p) && depth > 0)
			depth--;
		else if (!q && depth == 0 && *p == ';') {
			*p = '\0';
			if (n < max)
				out[n++] = start;
			start = p + 1;
		}
	}
	if (n < max)
		out[n++] = start;
	return n;
}

static const char *kwdrop[] = { "style", "classDef", "linkStyle", "class",
	"click", "direction", "accTitle", "accDescr", NULL };
static const char *otherkinds[] = { "sequenceDiagram", "classDiagram",
	"stateDiagram", "stateDiagram-v2", "erDiagram", "gantt", "pie",
	"mindmap", "journey", "timeline", "gitGraph", "quadrantChart", NULL };

/* Find the diagram in the reply: [*a,*b) line range over lines[];
 * *fenced when it is a fenced block (no prose inside). */
static void
region(char **lines, int n, int *a, int *b, const char **kind, int *fenced)
{
	int i, j;
	*kind = NULL;
	*fenced = 1;
	for (i = 0; i < n; i++) {
		const char *s = skipws(lines[i]);
		if ((!strncmp(s, "```", 3) || !strncmp(s, "~~~", 3)) &&
		    isword(skipws(s + 3), "mermaid")) {
			for (j = i + 1; j < n; j++) {
				const char *t = skipws(lines[j]);
				if (!strncmp(t, "```", 3) || !strncmp(t, "~~~", 3))
					break;
			}
			*a = i + 1;
			*b = j;
			return;
		}
	}
	for (i = 0; i < n; i++) {
		const char *s = skipws(lines[i]);
		if (isword(s, "graph") || isword(s, "flowchart")) {
			for (j = i + 1; j < n; j++) {
				const char *t = skipws(lines[j]);
				if (!strncmp(t, "```", 3) || !strncmp(t, "~~~", 3))
					break;
			}
			*a = i;
			*b = j;
			*fenced = 0;
			return;
		}
		for (int k = 0; otherkinds[k]; k++)
			if (isword(s, otherkinds[k]) && !*kind)
				*kind = otherkinds[k];
	}
	for (i = 0; i < n; i++) {
		const char *s = skipws(lines[i]);
		if (!strncmp(s, "```", 3) || !strncmp(s, "~~~", 3)) {
			for (j = i + 1; j < n; j++) {
				const char *t = skipws(lines[j]);
				if (!strncmp(t, "```", 3) || !strncmp(t, "~~~", 3))
					break;
			}
			*a = i + 1;
			*b = j;
			return;
		}
	}
	*a = 0;
	*b = n;
	*fenced = 0;
}

static void
setdir(cg_mmd *m, const char *s)
{
	s = skipws(s);
	if (isword(s, "TB") || isword(s, "TD"))
		strcpy(m->dir, "TD");
	else if (isword(s, "LR"))
		strcpy(m->dir, "LR");
	else if (isword(s, "RL"))
		strcpy(m->dir, "RL");
	else if (isword(s, "BT"))
		strcpy(m->dir, "BT");
}

static int
reserved(const char *id)
{
	static const char *w[] = { "end", "graph", "flowchart", "subgraph",
	    "style", "classdef", "linkstyle", "class", "click", "direction",
	    "default", "call", "href", "callback", "interpolate", NULL };
	for (int i = 0; w[i]; i++)
		if (ieq(id, w[i]))
			return 1;
	return 0;
}

static int
taken(cg_mmd *m, const char *s)
{
	for (int i = 0; i < m->nn; i++)
		if (m->n[i].out && !strcmp(m->n[i].out, s))
			return 1;
	for (int i = 0; i < m->ns; i++)
		if (m->s[i].out && !strcmp(m->s[i].out, s))
			return 1;
	return 0;
}

/* Emitted id: [A-Za-z0-9_], not starting with a digit, not a keyword,
 * unique across nodes and subgraphs. */
static char *
outid(cg_mmd *m, const char *id, const char *pfx)
{
	cg_buf b = { 0 };
	char *s;
	int k = 2;

	for (const char *p = id; *p; p++)
		if (isalnum((unsigned char)*p) || *p == '_')
			cg_buf_putc(&b, *p);
		else if ((unsigned char)*p < 0x80 && b.len &&
		    b.s[b.len - 1] != '_')
			cg_buf_putc(&b, '_');
	while (b.len && b.s[b.len - 1] == '_' && b.len > 1)
		b.s[--b.len] = '\0';
	if (!b.len || !strcmp(b.s, "_"))
		cg_buf_puts(&b, pfx);
	if (isdigit((unsigned char)b.s[0])) {
		s = xasprintf("%s%s", pfx, b.s);
		cg_buf_free(&b);
	} else
		s = cg_buf_take(&b);
	if (reserved(s)) {
		char *t = xasprintf("%s_", s);
		free(s);
		s = t;
	}
	if (taken(m, s)) {
		char *t;
		while (t = xasprintf("%s_%d", s, k++), taken(m, t))
			free(t);
		free(s);
		s = t;
	}
	return s;
}

static int
subused(cg_mmd *m, int k)
{
	if (m->s[k].used)
		return 1;
	for (int i = 0; i < m->nn; i++)
		if (m->n[i].sub == k && m->n[i].sgref < 0)
			return m->s[k].used = 1;
	for (int i = 0; i < m->ns; i++)
		if (m->s[i].parent == k && subused(m, i))
			return m->s[k].used = 1;
	return 0;
}

static void
finish(cg_mmd *m)
{
	/* an edge naming a subgraph links to the subgraph; a node declared
	 * with a label under a subgraph's id keeps the id, the subgraph is
	 * renamed */
	for (int i = 0; i < m->nn; i++)
		for (int k = 0; k < m->ns; k++)
			if (!strcmp(m->n[i].id, m->s[k].id)) {
				if (m->n[i].label) {
					char *t = xasprintf("%s_group", m->s[k].id);
					free(m->s[k].id);
					m->s[k].id = t;
				} else
					m->n[i].sgref = k;
			}
	for (int k = 0; k < m->ns; k++)
		subused(m, k);
	for (int i = 0; i < m->nn; i++) {
		int k = m->n[i].sgref;
		if (k >= 0 && !m->s[k].used) {	/* empty subgraph: a node */
			m->n[i].sgref = -1;
			if (m->s[k].title[0])
				m->n[i].label = xstrdup(m->s[k].title);
		}
		if (m->n[i].sub >= 0 && m->n[i].sgref < 0 &&
		    !m->s[m->n[i].sub].used)
			m->n[i].sub = -1;
	}
	for (int i = 0; i < m->nn; i++)
		if (m->n[i].sgref < 0)
			m->n[i].out = outid(m, m->n[i].id, "n");
	for (int k = 0; k < m->ns; k++)
		if (m->s[k].used)
			m->s[k].out = outid(m, m->s[k].id, "sg");
}

/* A markdown string ("`…`") may run over several lines; the statements
 * are read line by line, so its line breaks become spaces.  Only a string
 * that closes within a few lines, inside the fence and before any other
 * '"' is joined: an unclosed one (a reply cut short) or a label that
 * merely starts with a backtick must not swallow the lines after it.
 * Returns a malloc'ed copy of text. */
static char *
mdjoin(const char *text)
{
	cg_buf b = { 0 };
	const char *p = text, *o, *c;

	while ((o = strstr(p, "\"`")) != NULL) {
		int nl = 0;
		c = o + 2;
		for (; *c && *c != '"' && !(c[0] == '`' && c[1] == '"'); c++)
			if (*c == '\n' && (nl++ > 8 || !strncmp(skipws(c + 1),
			    "```", 3) || !strncmp(skipws(c + 1), "~~~", 3)))
				break;
		if (!(c[0] == '`' && c[1] == '"')) {
			cg_buf_add(&b, p, (size_t)(o + 2 - p));
			p = o + 2;
			continue;
		}
		cg_buf_add(&b, p, (size_t)(o - p));
		for (p = o; p < c; p++)
			if (*p == '\n' || *p == '\r') {
				while (b.len && (b.s[b.len - 1] == ' ' ||
				    b.s[b.len - 1] == '\t' || b.s[b.len - 1] == '\r'))
					b.s[--b.len] = '\0';
				cg_buf_putc(&b, ' ');
				while (p + 1 < c && isspace((unsigned char)p[1]))
					p++;
			} else
				cg_buf_putc(&b, *p);
		cg_buf_puts(&b, "`\"");
		p = c + 2;
	}
	cg_buf_puts(&b, p);
	return cg_buf_take(&b);
}

cg_mmd *
cg_mmd_parse(const char *text, cg_err *e)
{
	cg_mmd *m = xcalloc(1, sizeof *m);
	char *buf = mdjoin(text ? text : ""), **lines = NULL, *p;
	int n = 0, a, b, stack[64], sp = 0, statements = 0, nreal = 0;
	int header = 0, fenced;
	const char *kind;

	strcpy(m->dir, "TD");
	for (p = buf;;) {
		char *nl = strchr(p, '\n');
		lines = xrealloc(lines, (size_t)(n + 1) * sizeof *lines);
		lines[n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		p = nl + 1;
	}
	region(lines, n, &a, &b, &kind, &fenced);
	for (int i = a; i < b; i++) {
		char *st[256];
		int ns = splitstmts(lines[i], st, 256);
		for (int j = 0; j < ns; j++) {
			char *s = st[j], *t;
			stmt x;
			int drop = 0;
			s = (char *)skipws(s);
			t = s + strlen(s);
			while (t > s && isspace((unsigned char)t[-1]))
				*--t = '\0';
			if (!*s || !strncmp(s, "%%", 2))
				continue;
			if (isword(s, "graph") || isword(s, "flowchart")) {
				setdir(m, s + (tolower((unsigned char)*s) == 'g' ? 5 : 9));
				header = 1;
				continue;
			}
			if (!header && !statements)
				for (int k = 0; otherkinds[k] && !kind; k++)
					if (isword(s, otherkinds[k]))
						kind = otherkinds[k];
			if (kind && !header && !statements)
				goto done;
			for (int k = 0; kwdrop[k]; k++)
				if (isword(s, kwdrop[k]) && !strstr(s, "-->"))
					drop = 1;
			if (drop)
				continue;
			if (isword(s, "subgraph")) {
				int k = addsub(m, s + 8, sp ? stack[sp - 1] : -1);
				if (sp < 64)
					stack[sp++] = k;
				statements++;
				continue;
			}
			if (ieq(s, "end")) {
				if (sp)
					sp--;
				continue;
			}
			if (readstmt(s, &x, sp > 0, fenced ||
			    lines[i][0] == ' ' || lines[i][0] == '\t')) {
				commit(m, &x, sp ? stack[sp - 1] : -1);
				statements++;
			}
			stmt_free(&x);
		}
	}
done:
	free(lines);
	free(buf);
	finish(m);
	for (int i = 0; i < m->nn; i++)
		nreal += m->n[i].sgref < 0;
	if (nreal < 2 || m->ne == 0) {
		if (!statements && kind)
			cg_seterr(e, EX_DATAERR, "the reply is a %s, not a flowchart; "
			    "send a diagram that starts with \"flowchart TD\"", kind);
		else if (!statements)
			cg_seterr(e, EX_DATAERR, "the reply holds no mermaid "
			    "flowchart, only prose; send a diagram that starts with "
			    "\"flowchart TD\"");
		else if (nreal >= 2)	/* a list of boxes: say what is missing */
			cg_seterr(e, EX_DATAERR, "the flowchart has %d nodes and "
			    "no edges; connect them with arrows", nreal);
		else
			cg_seterr(e, EX_DATAERR, "the diagram has %d node%s and %d "
			    "edge%s; at least 2 nodes joined by arrows are needed",
			    nreal, nreal == 1 ? "" : "s", m->ne, m->ne == 1 ? "" : "s");
		cg_mmd_free(m);
		return NULL;
	}
	return m;
}

/* ---- output ---- */

/* Write a label for inside "…"; edge labels (edge != 0) also encode '|',
 * which delimits them. */
static void
putlabel(cg_buf *b, const char *l, int edge)
{
	for (; *l; l++) {
		if (*l == '"')
			cg_buf_puts(b, "#quot;");
		else if (*l == '|' && edge)
			cg_buf_puts(b, "#124;");
		else if (*l == '#') {
			/* "#word;" would be read as an entity by mermaid */
			const char *p = l + 1;
			while (isalnum((unsigned char)*p))
				p++;
			if (p > l + 1 && *p == ';')
				cg_buf_puts(b, "#35;");
			else
				cg_buf_putc(b, '#');
		} else
			cg_buf_putc(b, *l);
	}
}

static const char *
nodelabel(const node *n)
{
	return n->label ? n->label : n->id;
}

static void
putnode(cg_buf *b, const node *n, int depth)
{
	for (int i = 0; i < depth; i++)
		cg_buf_puts(b, "    ");
	cg_buf_puts(b, n->out);
	cg_buf_puts(b, shopen[n->shape]);
	cg_buf_putc(b, '"');
	putlabel(b, nodelabel(n), 0);
	cg_buf_putc(b, '"');
	cg_buf_puts(b, shclose[n->shape]);
	cg_buf_putc(b, '\n');
}

static void
putsub(cg_buf *b, const cg_mmd *m, int k, int depth)
{
	if (!m->s[k].used)
		return;
	for (int i = 0; i < depth; i++)
		cg_buf_puts(b, "    ");
	cg_buf_printf(b, "subgraph %s [\"", m->s[k].out);
	putlabel(b, m->s[k].title[0] ? m->s[k].title : " ", 0);
	cg_buf_puts(b, "\"]\n");
	for (int i = 0; i < m->nn; i++)
		if (m->n[i].sub == k && m->n[i].sgref < 0)
			putnode(b, &m->n[i], depth + 1);
	for (int i = 0; i < m->ns; i++)
		if (m->s[i].parent == k)
			putsub(b, m, i, depth + 1);
	for (int i = 0; i < depth; i++)
		cg_buf_puts(b, "    ");
	cg_buf_puts(b, "end\n");
}

static const char *
endid(const cg_mmd *m, int i)
{
	return m->n[i].sgref >= 0 ? m->s[m->n[i].sgref].out : m->n[i].out;
}

char *
cg_mmd_emit(const cg_mmd *m)
{
	cg_buf b = { 0 };

	cg_buf_printf(&b, "flowchart %s\n", m->dir);
	for (int i = 0; i < m->nn; i++)
		if (m->n[i].sub < 0 && m->n[i].sgref < 0)
			putnode(&b, &m->n[i], 1);
	for (int k = 0; k < m->ns; k++)
		if (m->s[k].parent < 0)
			putsub(&b, m, k, 1);
	for (int i = 0; i < m->ne; i++) {
		const edge *x = &m->e[i];
		cg_buf_printf(&b, "    %s %s", endid(m, x->from),
		    arrowtxt[x->kind]);
		if (x->label) {
			cg_buf_puts(&b, "|\"");
			putlabel(&b, x->label, 1);
			cg_buf_puts(&b, "\"|");
		}
		cg_buf_printf(&b, " %s\n", endid(m, x->to));
	}
	return cg_buf_take(&b);
}

int
cg_mmd_nnodes(const cg_mmd *m)
{
	int n = 0;
	for (int i = 0; i < m->nn; i++)
		n += m->n[i].sgref < 0;
	return n;
}

int
cg_mmd_nedges(const cg_mmd *m)
{
	return m->ne;
}

const char *
cg_mmd_dir(const cg_mmd *m)
{
	return m->dir;
}

static const char *
endlabel(const cg_mmd *m, int i)
{
	if (m->n[i].sgref >= 0) {
		const sgraph *s = &m->s[m->n[i].sgref];
		return s->title[0] ? s->title : s->id;
	}
	return nodelabel(&m->n[i]);
}

/* Append label l as plain text: a markdown string ("`…`") loses its
 * backticks, which are syntax, not words. */
static void
putplain(cg_buf *b, const char *l)
{
	size_t n = strlen(l);

	if (n >= 2 && l[0] == '`' && l[n - 1] == '`')
		cg_buf_add(b, l + 1, n - 2);
	else
		cg_buf_puts(b, l);
}

char *
cg_mmd_alt(const cg_mmd *m)
{
	cg_buf b = { 0 };
	const char *sep = "";

	cg_buf_puts(&b, "Flowchart: ");
	for (int i = 0; i < m->ne; i++) {
		const edge *x = &m->e[i];
		cg_buf_puts(&b, sep);
		putplain(&b, endlabel(m, x->from));
		cg_buf_printf(&b, " %s ", x->kind == E_BI ? "\xe2\x86\x94" :
		    x->kind == E_OPEN || x->kind == E_DOTOPEN ||
		    x->kind == E_THICKOPEN ? "\xe2\x80\x94" : "\xe2\x86\x92");
		putplain(&b, endlabel(m, x->to));
		if (x->label) {
			cg_buf_puts(&b, " (");
			putplain(&b, x->label);
			cg_buf_putc(&b, ')');
		}
		sep = "; ";
	}
	for (int i = 0; i < m->nn; i++) {
		int linked = 0;
		for (int j = 0; j < m->ne && !linked; j++)
			linked = m->e[j].from == i || m->e[j].to == i;
		if (!linked && m->n[i].sgref < 0) {
			cg_buf_puts(&b, "; ");
			putplain(&b, nodelabel(&m->n[i]));
		}
	}
	return cg_buf_take(&b);
}

/* Why a line differs from the strict form, in words. */
static const char *
why(const char *got, const char *want)
{
	const char *g = skipws(got);
	size_t gi = (size_t)(g - got), wi = (size_t)(skipws(want) - want);

	for (int k = 0; kwdrop[k]; k++)
		if (isword(g, kwdrop[k]))
			return "style, class and click lines are not allowed";
	if (!strncmp(g, "%%", 2))
		return "comments are not allowed";
	if (!*want)
		return "unexpected extra line";
	if (!strncmp(want, "flowchart ", 10))
		return "the first line must be \"flowchart TD\" (or LR, BT, RL)";
	if (gi != wi)
		return "indent must be 4 spaces per nesting level";
	if (strpbrk(g, "[({>") && !strchr(g, '"'))
		return "unquoted label";
	return "not in strict form";
}

int
cg_mmd_check(const char *text, cg_err *e)
{
	cg_mmd *m;
	char *out;
	const char *a, *b;
	int line = 1;

	if (!(m = cg_mmd_parse(text, e)))
		return -1;
	out = cg_mmd_emit(m);
	cg_mmd_free(m);
	if (!strcmp(out, text)) {
		free(out);
		return 0;
	}
	for (a = text, b = out;;) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a);
		size_t lb = eb ? (size_t)(eb - b) : strlen(b);
		if (!ea && !eb)
			break;
		if (la != lb || memcmp(a, b, la) || !ea != !eb) {
			char *ga = xstrndup(a, la), *gb = xstrndup(b, lb);
			if (!ea && la == lb && !memcmp(a, b, la))
				cg_seterr(e, EX_DATAERR, "line %d: missing newline at "
				    "the end", line);
			else
				cg_seterr(e, EX_DATAERR, "line %d: %s; expected \"%s\"",
				    line, why(ga, gb), gb);
			free(ga);
			free(gb);
			break;
		}
		a = ea + 1;
		b = eb + 1;
		line++;
	}
	free(out);
	return -1;
}

char *
cg_mmd_nolt(char *src)
{
	cg_buf b = {0};
	const char *p;
	int q = 0;

	for (p = src; *p; p++) {
		if (*p == '"')
			q = !q;
		if (q && *p == '<')
			cg_buf_puts(&b, "#lt;");
		else if (q && *p == '>')
			cg_buf_puts(&b, "#gt;");
		else
			cg_buf_putc(&b, *p);
	}
	free(src);
	return cg_buf_take(&b);
}
