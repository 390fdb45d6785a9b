/* mermaid.c — strict re-emitter of a parsed flowchart (mmdparse.c), its
 * counts, its width in ranks and siblings and the turn of a layout too
 * wide for a page, its alt text, and the check that a text is in the
 * strict form.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "mmd.h"

const char *cg_mmd_shopen[] = { "[", "(", "([", "[[", "[(", "((", "(((",
	">", "{", "{{", "[/", "[\\", "[/", "[\\" };
const char *cg_mmd_shclose[] = { "]", ")", "])", "]]", ")]", "))", ")))",
	"]", "}", "}}", "/]", "\\]", "\\]", "/]" };
const char *cg_mmd_arrowtxt[] = { "-->", "---", "-.->", "-.-", "==>", "===",
	"<-->" };

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
	cg_buf_puts(b, cg_mmd_shopen[n->shape]);
	cg_buf_putc(b, '"');
	putlabel(b, nodelabel(n), 0);
	cg_buf_putc(b, '"');
	cg_buf_puts(b, cg_mmd_shclose[n->shape]);
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
		    cg_mmd_arrowtxt[x->kind]);
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
cg_mmd_alt(const cg_mmd *m, const char *what)
{
	cg_buf b = { 0 };
	const char *sep = "";

	cg_buf_printf(&b, "%s: ", what && *what ? what : "Flowchart");
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

/* ---- width: ranks and siblings ---- */

/* A depth-first walk from the nodes no arrow enters: the nodes in
 * post-order, and the arrows that close a cycle (back). */
typedef struct {
	const cg_mmd *m;
	char *colour;		/* 0 unseen, 1 on the path, 2 done */
	char *back;		/* per edge */
	int  *stack, *at, *order, no;
} walk;

static void
visit(walk *w, int v0)
{
	const cg_mmd *m = w->m;
	int sp = 0;

	w->colour[v0] = 1;
	w->at[v0] = 0;
	w->stack[sp++] = v0;
	while (sp) {
		int v = w->stack[sp - 1], i = w->at[v], t;
		while (i < m->ne && m->e[i].from != v)
			i++;
		if (i == m->ne) {
			w->colour[v] = 2;
			w->order[w->no++] = v;
			sp--;
			continue;
		}
		w->at[v] = i + 1;
		t = m->e[i].to;
		if (w->colour[t] == 1)
			w->back[i] = 1;
		else if (!w->colour[t]) {
			w->colour[t] = 1;
			w->at[t] = 0;
			w->stack[sp++] = t;
		}
	}
}

static int
entered(const cg_mmd *m, int v)
{
	for (int i = 0; i < m->ne; i++)
		if (m->e[i].to == v && m->e[i].from != v)
			return 1;
	return 0;
}

void
cg_mmd_measure(const cg_mmd *m, cg_mmd_size *sz)
{
	int n = m->nn, *rank, *count;
	walk w = { m, NULL, NULL, NULL, NULL, NULL, 0 };

	sz->ranks = sz->widest = 0;
	if (!n)
		return;
	w.colour = xcalloc((size_t)n, 1);
	w.back = xcalloc((size_t)m->ne + 1, 1);
	w.stack = xcalloc((size_t)n, sizeof *w.stack);
	w.at = xcalloc((size_t)n, sizeof *w.at);
	w.order = xcalloc((size_t)n, sizeof *w.order);
	rank = xcalloc((size_t)n, sizeof *rank);
	count = xcalloc((size_t)n, sizeof *count);
	for (int v = 0; v < n; v++)
		if (!w.colour[v] && !entered(m, v))
			visit(&w, v);
	for (int v = 0; v < n; v++)	/* nodes only on cycles */
		if (!w.colour[v])
			visit(&w, v);
	/* reverse post-order: every node after all it is reached from */
	for (int k = w.no - 1; k >= 0; k--) {
		int v = w.order[k];
		for (int i = 0; i < m->ne; i++)
			if (m->e[i].from == v && !w.back[i] &&
			    rank[m->e[i].to] < rank[v] + 1)
				rank[m->e[i].to] = rank[v] + 1;
	}
	for (int v = 0; v < n; v++) {
		if (rank[v] + 1 > sz->ranks)
			sz->ranks = rank[v] + 1;
		if (m->n[v].sgref < 0 && ++count[rank[v]] > sz->widest)
			sz->widest = count[rank[v]];
	}
	free(w.colour);
	free(w.back);
	free(w.stack);
	free(w.at);
	free(w.order);
	free(rank);
	free(count);
}

char *
cg_mmd_sizetext(const cg_mmd *m)
{
	cg_mmd_size sz;

	cg_mmd_measure(m, &sz);
	return xasprintf("%d nodes in %d rank%s, at most %d on one",
	    cg_mmd_nnodes(m), sz.ranks, sz.ranks == 1 ? "" : "s", sz.widest);
}

static int
vertical(const cg_mmd *m)
{
	return !strcmp(m->dir, "TD") || !strcmp(m->dir, "BT");
}

int
cg_mmd_fit(cg_mmd *m, cg_buf *log, int k)
{
	cg_mmd_size sz;
	char what[32];

	cg_mmd_measure(m, &sz);
	if (k > 0)
		snprintf(what, sizeof what, "mermaid diagram %d", k);
	else
		snprintf(what, sizeof what, "flowchart");
	if (vertical(m) && sz.widest > CG_MMD_MAXSIDE &&
	    sz.ranks <= CG_MMD_SHALLOW) {
		if (log)
			cg_buf_printf(log, "%s turned from %s to LR to fit the "
			    "width of a page: %d nodes side by side on one "
			    "level, %d level%s\n", what, m->dir, sz.widest,
			    sz.ranks, sz.ranks == 1 ? "" : "s");
		strcpy(m->dir, "LR");
		return 1;
	}
	if (!vertical(m) && sz.ranks > CG_MMD_MAXCHAIN &&
	    sz.widest <= CG_MMD_NARROW) {
		if (log)
			cg_buf_printf(log, "%s turned from %s to TD to fit the "
			    "width of a page: a chain of %d nodes, at most %d "
			    "side by side\n", what, m->dir, sz.ranks, sz.widest);
		strcpy(m->dir, "TD");
		return 1;
	}
	return 0;
}

/* Why a line differs from the strict form, in words. */
static const char *
why(const char *got, const char *want)
{
	const char *g = cg_mmd_skipws(got);
	size_t gi = (size_t)(g - got);
	size_t wi = (size_t)(cg_mmd_skipws(want) - want);

	for (int k = 0; cg_mmd_kwdrop[k]; k++)
		if (cg_mmd_isword(g, cg_mmd_kwdrop[k]))
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
