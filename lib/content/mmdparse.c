/* mmdparse.c — tolerant flowchart parser.
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
#include "mmd.h"

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
	const char *s = cg_mmd_skipws(rest), *a;
	char *id = NULL, *title = NULL;
	int q, k;

	if ((q = cg_mmd_qopen(s)) != 0) {
		title = cg_mmd_cleanlabel(s, s + strlen(s));
	} else {
		a = s;
		while (*s && cg_mmd_isidc(s))
			s++;
		id = a < s ? xstrndup(a, (size_t)(s - a)) : NULL;
		s = cg_mmd_skipws(s);
		if (id && strchr("[({", *s) && *s) {
			const char *e = s + strlen(s);
			while (e > s && !strchr("])}", e[-1]))
				e--;
			title = e > s + 1 ? cg_mmd_cleanlabel(s + 1, e - 1) :
			    NULL;
		} else if (*s) {	/* subgraph Title With Spaces */
			free(id);
			id = NULL;
			title = cg_mmd_cleanlabel(a, a + strlen(a));
		} else if (id)
			title = xstrdup(id);
	}
	if (!id)
		id = title ? cg_mmd_idfromlabel(title) :
		    xasprintf("sg%d", m->ns + 1);
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

const char *cg_mmd_kwdrop[] = { "style", "classDef", "linkStyle", "class",
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
		const char *s = cg_mmd_skipws(lines[i]);
		if ((!strncmp(s, "```", 3) || !strncmp(s, "~~~", 3)) &&
		    cg_mmd_isword(cg_mmd_skipws(s + 3), "mermaid")) {
			for (j = i + 1; j < n; j++) {
				const char *t = cg_mmd_skipws(lines[j]);
				if (!strncmp(t, "```", 3) || !strncmp(t, "~~~", 3))
					break;
			}
			*a = i + 1;
			*b = j;
			return;
		}
	}
	for (i = 0; i < n; i++) {
		const char *s = cg_mmd_skipws(lines[i]);
		if (cg_mmd_isword(s, "graph") ||
		    cg_mmd_isword(s, "flowchart")) {
			for (j = i + 1; j < n; j++) {
				const char *t = cg_mmd_skipws(lines[j]);
				if (!strncmp(t, "```", 3) || !strncmp(t, "~~~", 3))
					break;
			}
			*a = i;
			*b = j;
			*fenced = 0;
			return;
		}
		for (int k = 0; otherkinds[k]; k++)
			if (cg_mmd_isword(s, otherkinds[k]) && !*kind)
				*kind = otherkinds[k];
	}
	for (i = 0; i < n; i++) {
		const char *s = cg_mmd_skipws(lines[i]);
		if (!strncmp(s, "```", 3) || !strncmp(s, "~~~", 3)) {
			for (j = i + 1; j < n; j++) {
				const char *t = cg_mmd_skipws(lines[j]);
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
	s = cg_mmd_skipws(s);
	if (cg_mmd_isword(s, "TB") || cg_mmd_isword(s, "TD"))
		strcpy(m->dir, "TD");
	else if (cg_mmd_isword(s, "LR"))
		strcpy(m->dir, "LR");
	else if (cg_mmd_isword(s, "RL"))
		strcpy(m->dir, "RL");
	else if (cg_mmd_isword(s, "BT"))
		strcpy(m->dir, "BT");
}

static int
reserved(const char *id)
{
	static const char *w[] = { "end", "graph", "flowchart", "subgraph",
	    "style", "classdef", "linkstyle", "class", "click", "direction",
	    "default", "call", "href", "callback", "interpolate", NULL };
	for (int i = 0; w[i]; i++)
		if (cg_mmd_ieq(id, w[i]))
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
			if (*c == '\n' && (nl++ > 8 ||
			    !strncmp(cg_mmd_skipws(c + 1), "```", 3) ||
			    !strncmp(cg_mmd_skipws(c + 1), "~~~", 3)))
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
			s = (char *)cg_mmd_skipws(s);
			t = s + strlen(s);
			while (t > s && isspace((unsigned char)t[-1]))
				*--t = '\0';
			if (!*s || !strncmp(s, "%%", 2))
				continue;
			if (cg_mmd_isword(s, "graph") ||
			    cg_mmd_isword(s, "flowchart")) {
				setdir(m, s + (tolower((unsigned char)*s) == 'g' ? 5 : 9));
				header = 1;
				continue;
			}
			if (!header && !statements)
				for (int k = 0; otherkinds[k] && !kind; k++)
					if (cg_mmd_isword(s, otherkinds[k]))
						kind = otherkinds[k];
			if (kind && !header && !statements)
				goto done;
			for (int k = 0; cg_mmd_kwdrop[k]; k++)
				if (cg_mmd_isword(s, cg_mmd_kwdrop[k]) &&
				    !strstr(s, "-->"))
					drop = 1;
			if (drop)
				continue;
			if (cg_mmd_isword(s, "subgraph")) {
				int k = addsub(m, s + 8, sp ? stack[sp - 1] : -1);
				if (sp < 64)
					stack[sp++] = k;
				statements++;
				continue;
			}
			if (cg_mmd_ieq(s, "end")) {
				if (sp)
					sp--;
				continue;
			}
			if (cg_mmd_readstmt(s, &x, sp > 0, fenced ||
			    lines[i][0] == ' ' || lines[i][0] == '\t')) {
				commit(m, &x, sp ? stack[sp - 1] : -1);
				statements++;
			}
			cg_mmd_stmt_free(&x);
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

