/* simmermaid.c — mermaid flowchart replies of cg-sim (see sim.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "sim.h"
#include "simint.h"

/* ---- mermaid ----------------------------------------------------------- */

/* The largest node count the prompt states ("between 4 and 16 nodes"):
 * the last number within 24 bytes before "nodes" on its line; 0 when it
 * states none. */
static int
nodemax(const char *prompt)
{
	const char *p = prompt ? prompt : "";

	while ((p = strstr(p, "nodes")) != NULL) {
		const char *q = p;

		for (; q > prompt && p - q < 24 && q[-1] != '\n'; q--)
			if (isdigit((unsigned char)q[-1])) {
				while (q > prompt && isdigit((unsigned char)q[-1]))
					q--;
				return atoi(q);
			}
		p += 5;
	}
	return 0;
}

/* Does the prompt ask for a node range ("between 4 and 16 nodes")? */
static int
noderange(const char *prompt)
{
	return nodemax(prompt) > 0;
}

enum { MAXNODES = 40 };

/* What one diagram gets at quirks level 2, drawn once. */
struct mshape {
	unsigned n;	/* nodes over the stated maximum; 0 = as drawn */
	unsigned own;	/* 1 + the node written "B(...) Label" */
	unsigned spaced;	/* 1 + the node whose id is its label */
	int      noedges;	/* nodes only */
};

static void
mshape_draw(struct mshape *ms, uint64_t seed, const char *prompt)
{
	cg_sim_rng r;
	int mx = nodemax(prompt);

	sim_sseed(&r, seed);
	memset(ms, 0, sizeof *ms);
	if (mx > 0 && cg_sim_chance(&r, 25)) {
		unsigned hi = 2 * (unsigned)mx + 2;

		ms->n = sim_range(&r, (unsigned)mx + 1, hi < MAXNODES ? hi : MAXNODES);
	}
	if (cg_sim_chance(&r, 12))
		ms->own = 2 + cg_sim_below(&r, 3);
	if (cg_sim_chance(&r, 12))
		ms->spaced = 2 + cg_sim_below(&r, 3);
	ms->noedges = cg_sim_chance(&r, 4);
}

/* Node i's id: A..Z, then A1..Z1. */
static void
nodeid(char *buf, size_t sz, unsigned i)
{
	if (i < 26)
		snprintf(buf, sz, "%c", 'A' + i);
	else
		snprintf(buf, sz, "%c%u", 'A' + i % 26, i / 26);
}

char *
cg_sim_mermaid(const char *prompt, uint64_t seed, int quirks)
{
	gen g;
	cg_buf b = {0};
	unsigned n, i, sg0 = 0, sg1 = 0, paren, curly, arrow;
	int semi = 0, explain = 0, fence = 0, nl = 1;
	char *lab[MAXNODES], *group, edge[MAXNODES][MAXNODES];
	char id[MAXNODES][48];
	const char *end;
	cg_sim_rng q;
	struct mshape ms;

	sim_gen_init(&g, prompt, seed, quirks);
	memset(&ms, 0, sizeof ms);
	if (quirks >= 2)
		mshape_draw(&ms, seed, prompt);
	n = sim_range(&g.r, 5, 12);
	/* asked for no node range, a real model draws 15-30 nodes */
	sim_qseed(&q, seed);
	if (quirks && !noderange(prompt) && cg_sim_chance(&q, 40))
		n = sim_range(&q, 22, 26);
	if (ms.n)
		n = ms.n;
	for (i = 0; i < n; i++) {
		lab[i] = sim_label(&g);
		nodeid(id[i], sizeof id[i], i);
	}
	if (ms.own > n)
		ms.own = 0;
	if (ms.spaced > n || ms.spaced == ms.own)
		ms.spaced = 0;
	if (ms.spaced) {	/* an id of two words, the label its own */
		const char *w = strchr(lab[ms.spaced - 1], ' ') ? "" : " End";

		char *s = xasprintf("%s%s", lab[ms.spaced - 1], w);

		sim_cut(s, sizeof id[0] - 1);	/* whole words */
		snprintf(id[ms.spaced - 1], sizeof id[0], "%s", s);
		free(s);
	}
	group = sim_label(&g);
	if (cg_sim_chance(&g.r, 45)) {	/* one subgraph over 2..4 nodes */
		sg0 = sim_range(&g.r, 1, n - 3);
		sg1 = sg0 + sim_range(&g.r, 2, 4);
		if (sg1 > n)
			sg1 = n;
	}
	paren = quirks && cg_sim_chance(&g.r, 75) ? sim_range(&g.r, 0, n - 1) : n;
	curly = quirks && cg_sim_chance(&g.r, 30) ? sim_range(&g.r, 0, n - 1) : n;
	arrow = quirks && cg_sim_chance(&g.r, 35) ? sim_range(&g.r, 1, n - 1) : n;
	if (ms.n)	/* too many nodes, but valid */
		paren = curly = arrow = n;
	if (quirks) {
		semi = cg_sim_chance(&g.r, 40);
		explain = cg_sim_chance(&g.r, 70);
		fence = cg_sim_chance(&g.r, 90);
		nl = cg_sim_chance(&g.r, 40);
		if (cg_sim_chance(&g.r, 80))
			cg_buf_printf(&b, "Here\xe2\x80\x99s a Mermaid flowchart "
			    "showing how the %s concepts connect:\n\n",
			    g.nsubj ? g.subj[0] : "main");
		if (fence)
			cg_buf_puts(&b, "```mermaid\n");
	}
	end = semi ? ";\n" : "\n";
	cg_buf_printf(&b, "flowchart %s%s", cg_sim_chance(&g.r, 60) ? "TD" : "LR", end);
	for (i = 0; i < n; i++) {
		const char *ind = i >= sg0 && i < sg1 ? "        " : "    ";
		int dec = i > 0 && i + 1 < n && cg_sim_chance(&g.r, 15);

		if (sg1 && i == sg0)
			cg_buf_printf(&b, "    subgraph G1[\"%s\"]%s",
			    group, end);
		if (!quirks)
			cg_buf_printf(&b, "%s%s%s\"%s\"%s%s", ind, id[i],
			    dec ? "{" : "[", lab[i], dec ? "}" : "]", end);
		else if (i + 1 == ms.own)
			cg_buf_printf(&b, "%s%s(...) %s%s", ind, id[i], lab[i],
			    end);
		else if (i + 1 == ms.spaced)
			cg_buf_printf(&b, "%s%s([%s])%s", ind, id[i], lab[i], end);
		else if (i == paren)
			cg_buf_printf(&b, "%s%s[%s (%s)]%s", ind, id[i],
			    lab[i], sim_noun(&g), end);
		else if (i == curly)
			cg_buf_printf(&b, "%s%s[\xe2\x80\x9c%s\xe2\x80\x9d]%s",
			    ind, id[i], lab[i], end);
		else
			cg_buf_printf(&b, "%s%s%s%s%s%s", ind, id[i],
			    dec ? "{" : "[", lab[i], dec ? "}" : "]", end);
		if (sg1 && i + 1 == sg1)
			cg_buf_printf(&b, "    end%s", end);
	}
	memset(edge, 0, sizeof edge);
	for (i = 1; i < n && !ms.noedges; i++) {	/* a spanning tree */
		unsigned from = i == 1 ? 0 : cg_sim_below(&g.r, i);
		const char *ar = i == arrow ? "-->>" : "-->";

		edge[from][i] = 1;
		if (cg_sim_chance(&g.r, 20))
			cg_buf_printf(&b, quirks ? "    %s %s|%s| %s%s" :
			    "    %s %s|\"%s\"| %s%s", id[from], ar,
			    sim_verb(&g), id[i], end);
		else
			cg_buf_printf(&b, "    %s %s %s%s", id[from], ar,
			    id[i], end);
	}
	for (i = sim_range(&g.r, 0, 2); i > 0 && n > 3 && !ms.noedges; i--) {
		unsigned a = cg_sim_below(&g.r, n - 2);	/* a few extras */
		unsigned z = a + 2 + cg_sim_below(&g.r, n - a - 2);

		if (!edge[a][z])
			cg_buf_printf(&b, "    %s --> %s%s", id[a], id[z], end);
		edge[a][z] = 1;
	}
	if (quirks && cg_sim_chance(&g.r, 50)) {
		cg_buf_printf(&b, "    classDef key fill:#f9f,stroke:#333,"
		    "stroke-width:2px%s", end);
		cg_buf_printf(&b, "    class A,%s key%s", id[n - 1], end);
		cg_buf_printf(&b, "    style B fill:#bbf,stroke:#333%s", end);
	}
	if (fence)
		cg_buf_puts(&b, "```\n");
	if (explain) {
		cg_buf_puts(&b, "\n**Explanation:**\n\n");
		for (i = 0; i < n && i < 4; i++) {
			cg_buf_printf(&b, "* **%s (%s):** ", id[i], lab[i]);
			sim_sentence(&g, &b);
			cg_buf_putc(&b, '\n');
		}
	}
	if (!nl)
		while (b.len && b.s[b.len - 1] == '\n')
			b.s[--b.len] = '\0';
	for (i = 0; i < n; i++)
		free(lab[i]);
	free(group);
	sim_gen_free(&g);
	return cg_buf_take(&b);
}
