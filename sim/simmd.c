/* simmd.c — markdown replies of cg-sim (see sim.h): sections, paragraphs,
 * bullet lists, and the shapes of small models' prose. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "sim.h"
#include "simint.h"

/* ---- markdown ---------------------------------------------------------- */

static const char *preambles[] = {
	"Okay, here\xe2\x80\x99s the %s, adhering to all your requirements:",
	"Okay, here\xe2\x80\x99s a comprehensive %s, following every instruction:",
	"Here\xe2\x80\x99s the %s you asked for:",
	"Okay, here\xe2\x80\x99s the %s on the topic, written for your audience.",
};
static const char *trailers[] = {
	"This output strictly adheres to all the specified requirements, "
	    "including the section headings and the word count.",
	"Let me know if you\xe2\x80\x99" "d like me to adjust anything or add "
	    "more examples!",
	"I hope this helps! Let me know if you\xe2\x80\x99" "d like any changes.",
	"This response follows every instruction and contains no preamble.",
};

/* Echoed instructions at the end of a prose reply (about 1 in 4):
 * Unicode separator bars around "END OF OUTPUT", checklist lines with no
 * list marker, a bold "all requirements met" closing. */
static void
remnants(cg_buf *b, uint64_t seed)
{
	static const char *bars[] = {
		"\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
		    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90",
		"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80",
		"\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94"
		    "\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94",
	};
	static const char *checks[] = {
		"[x] Uses the required section headings",
		"[x] Stays within the word range",
		"[ ] No preamble or closing remarks",
		"[x] Markdown format only",
	};
	static const char *closings[] = {
		"**All requirements have been met.**",
		"All requirements met \xe2\x9c\x85",
		"**All the specified requirements have been satisfied.**",
	};
	cg_sim_rng r;
	const char *bar;
	unsigned k, n;

	sim_qseed(&r, seed);
	if (!cg_sim_chance(&r, 25))
		return;
	while (b->len && b->s[b->len - 1] == '\n')
		b->s[--b->len] = '\0';
	bar = PICK(&r, bars);
	cg_buf_printf(b, "\n\n%s\n", bar);
	if (cg_sim_chance(&r, 70))
		for (k = cg_sim_below(&r, NELEM(checks)), n = sim_range(&r, 2, 3);
		    n > 0; n--, k = (k + 1) % NELEM(checks))
			cg_buf_printf(b, "%s\n", checks[k]);
	if (cg_sim_chance(&r, 60))
		cg_buf_printf(b, "%s\nEND OF OUTPUT\n%s\n", bar, bar);
	if (cg_sim_chance(&r, 50))
		cg_buf_printf(b, "\n%s\n", PICK(&r, closings));
}

static const char *
doc_kind(const char *prompt)
{
	static const char *kinds[] = { "lecture", "lab", "study notes",
	    "investigation", "application", "extension" };
	size_t i;

	for (i = 0; i < NELEM(kinds); i++)
		if (prompt && strstr(prompt, kinds[i]))
			return kinds[i];
	return "material";
}

static int
paragraph(gen *g, cg_buf *b, int budget)
{
	int w = 0, n = (int)sim_range(&g->r, 3, 6);

	while (n-- > 0 && w < budget) {
		if (w && !sim_lang_cjk(g->L))
			cg_buf_putc(b, ' ');
		w += sim_sentence(g, b);
	}
	cg_buf_puts(b, "\n\n");
	return w;
}

static int
bullets(gen *g, cg_buf *b)
{
	int w = 0, n = (int)sim_range(&g->r, 3, 5);

	while (n-- > 0) {
		cg_buf_puts(b, "- ");
		if (cg_sim_chance(&g->r, 40)) {
			char *s = xstrdup(sim_subj(g));

			sim_upfirst(s);
			cg_buf_printf(b, "**%s**: ", s);
			free(s);
			w++;
		}
		w += sim_sentence(g, b);
		cg_buf_putc(b, '\n');
	}
	cg_buf_putc(b, '\n');
	return w;
}

/* ---- the shapes of real 4B prose replies (quirks level 2) ------------- */

/* The kind the prompt's "Task:" line asks for, as a title ("Study
 * Notes"): the keyword earliest on that line; "Document" when none. */
static const char *
task_kind(const char *prompt)
{
	static const char *const kw[][2] = {
		{ "lecture", "Lecture" }, { "lab ", "Lab" },
		{ "study notes", "Study Notes" }, { "quiz", "Quiz" },
		{ "extension", "Extension" }, { "applications", "Application" },
		{ "connects", "Integration" }, { "investigation", "Investigation" },
		{ "open questions", "Open Questions" },
	};
	const char *t = prompt ? strstr(prompt, "Task: ") : NULL, *e, *best = NULL;
	const char *k = "Document";
	size_t i;

	if (!t)
		return k;
	if (!(e = strchr(t, '\n')))
		e = t + strlen(t);
	for (i = 0; i < NELEM(kw); i++) {
		const char *p = strstr(t, kw[i][0]);

		if (p && p < e && (!best || p < best)) {
			best = p;
			k = kw[i][1];
		}
	}
	return k;
}

/* What one prose reply gets, drawn once. */
struct pshape {
	int    hstyle;	/* 0 "## H", 1 "## N. H", 2 "**N. H**", 3 "**H**" */
	size_t wcount;	/* 1 + the section whose heading ends "(N words)" */
	int    reword;	/* required headings reworded slightly */
	int    shortn;	/* study notes of 130-150 words */
	int    mermaid;	/* a mermaid block: 0 none, 1 valid, 2 broken */
	int    holder;	/* 1 "[INSTRUCTOR]", 2 "## Topic 1: [Title]" */
	size_t at;	/* the section the block, price, repeat follow */
	int    price, repeat, check, block, endline, fragment;
};

static void
pshape_draw(struct pshape *ps, uint64_t seed, size_t nh, const char *kind)
{
	cg_sim_rng r;
	unsigned h;

	sim_sseed(&r, seed);
	memset(ps, 0, sizeof *ps);
	h = cg_sim_below(&r, 100);
	ps->hstyle = h < 14 ? 1 : h < 22 ? 2 : h < 26 ? 3 : 0;
	if (nh && cg_sim_chance(&r, 12))
		ps->wcount = 1 + (cg_sim_chance(&r, 50) ? nh - 1 :
		    cg_sim_below(&r, (unsigned)nh));
	ps->reword = cg_sim_chance(&r, 25);
	ps->shortn = strcmp(kind, "Study Notes") == 0 && cg_sim_chance(&r, 40);
	if (cg_sim_chance(&r, 10))
		ps->mermaid = 1 + cg_sim_chance(&r, 50);
	if (cg_sim_chance(&r, 6))
		ps->holder = 1 + cg_sim_chance(&r, 50);
	ps->at = cg_sim_below(&r, (unsigned)nh);
	ps->price = cg_sim_chance(&r, 6);
	ps->repeat = cg_sim_chance(&r, 5);
	ps->check = cg_sim_chance(&r, 8) ? 1 + cg_sim_chance(&r, 50) : 0;
	ps->block = cg_sim_chance(&r, 8);
	ps->endline = cg_sim_chance(&r, 8);
	ps->fragment = cg_sim_chance(&r, 6);
}

/* A required heading reworded as small models do: words added, the
 * required ones kept.  Returns h itself when it has no rewording. */
static const char *
reword(const char *h)
{
	static const char *const rw[][2] = {
		{ "Key Concepts", "Key Concepts and Terms" },
		{ "Materials", "Materials and Equipment" },
		{ "Summary", "Summary of the Session" },
		{ "Key Terms", "Key Terms and Definitions" },
		{ "Objectives", "Learning Objectives" },
		{ "Analysis", "Analysis and Conclusions" },
		{ "Review", "Review Questions" },
		{ "Introduction", "Introduction to the Topic" },
	};
	size_t i;

	for (i = 0; i < NELEM(rw); i++)
		if (strcasecmp(h, rw[i][0]) == 0)
			return rw[i][1];
	return h;
}

/* Section i's heading h in the shape ps gives it; words is about the
 * section's length, for a "(N words)" heading. */
static void
shape_heading(cg_buf *b, const struct pshape *ps, size_t i, const char *h,
    int words)
{
	const char *t = ps->reword ? reword(h) : h;

	switch (ps->hstyle) {
	case 1: cg_buf_printf(b, "## %zu. %s", i + 1, t); break;
	case 2: cg_buf_printf(b, "**%zu. %s", i + 1, t); break;
	case 3: cg_buf_printf(b, "**%s", t); break;
	default: cg_buf_printf(b, "## %s", t);
	}
	if (ps->wcount == i + 1)
		cg_buf_printf(b, " (%d words)", words);
	cg_buf_puts(b, ps->hstyle >= 2 ? "**\n\n" : "\n\n");
}

/* A small mermaid flowchart in a fence, as models put into prose;
 * broken: one label with unquoted parentheses. */
static void
prose_mermaid(gen *g, cg_buf *b, int broken)
{
	unsigned n = sim_range(&g->r, 4, 7), i, bad = broken ? sim_range(&g->r, 0, n - 1)
	    : n;

	cg_buf_puts(b, "```mermaid\nflowchart TD\n");
	for (i = 0; i < n; i++) {
		char *l = sim_label(g);

		if (i == bad)
			cg_buf_printf(b, "    %c[%s (%s)]\n", 'A' + i, l, sim_noun(g));
		else
			cg_buf_printf(b, "    %c[\"%s\"]\n", 'A' + i, l);
		free(l);
	}
	for (i = 1; i < n; i++)
		cg_buf_printf(b, "    %c --> %c\n", 'A' + cg_sim_below(&g->r, i),
		    'A' + i);
	cg_buf_puts(b, "```\n\n");
}

/* One paragraph written 3-5 times, each copy a little changed. */
static void
repeated(gen *g, cg_buf *b)
{
	static const char *const lead[] = { "In other words, ", "Again, ",
	    "Put simply, ", "Similarly, " };
	cg_buf p = {0};
	unsigned n = sim_range(&g->r, 3, 5), i;

	paragraph(g, &p, 60);
	cg_buf_add(b, p.s, p.len);
	for (i = 1; i < n; i++) {
		cg_buf_puts(b, lead[(i - 1) % NELEM(lead)]);
		cg_buf_putc(b, tolower((unsigned char)p.s[0]));
		cg_buf_puts(b, p.s + 1);
	}
	cg_buf_free(&p);
}

/* What follows section i's text: a mermaid block, prices, a repeated
 * paragraph, a placeholder section. */
static void
shape_after(gen *g, cg_buf *b, const struct pshape *ps, size_t i)
{
	if (i != ps->at)
		return;
	if (ps->mermaid)
		prose_mermaid(g, b, ps->mermaid == 2);
	if (ps->price) {
		unsigned p = sim_range(&g->r, 5, 400);

		cg_buf_printf(b, "A %s kit costs $%u, $%u and $%u in its three "
		    "sizes.\n\n", sim_subj(g), p, p + 1, p + 2);
	}
	if (ps->repeat)
		repeated(g, b);
	if (ps->holder == 2) {
		cg_buf_puts(b, "## Topic 1: [Title]\n\n");
		paragraph(g, b, 40);
	}
}

/* Residue at the end of a prose reply: a checklist with no list markers
 * (and its bold title after it), a block between bars, a bold closing. */
static void
shape_tail(cg_buf *b, const struct pshape *ps, const char *kind)
{
	static const char bar[] = "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90";

	if (ps->check) {
		cg_buf_puts(b, "\n[ ] Every required heading is present\n"
		    "[ ] The length is within the range\n"
		    "[ ] Key terms are in bold\n");
		if (ps->check == 2)
			cg_buf_puts(b, "\n**Verification Checklist**\n");
	}
	if (ps->block)
		cg_buf_printf(b, "\n%s\nREQUIREMENTS CHECK\nHeadings: as given\n"
		    "Format: Markdown only\nPreamble: none\n%s\n", bar, bar);
	if (ps->endline)
		cg_buf_printf(b, "\n**End of %s Document**\n", kind);
}

char *
cg_sim_markdown(const char *prompt, int words, uint64_t seed, int quirks)
{
	static const char *const frags[] = {
		"the generated document, adhering to all requirements:",
		"the complete document, following all of your instructions:",
		"with the required headings, adhering to every requirement:",
	};
	gen g;
	cg_buf b = {0}, body = {0};
	char **heads = NULL;
	size_t nh, i;
	int made = 0, fence = 0, nonl;
	const char *kind = task_kind(prompt);
	struct pshape ps;

	sim_gen_init(&g, prompt, seed, quirks);
	if (words < 1)
		words = 1;
	nh = cg_sim_headings(prompt, &heads);
	if (nh == 0) {
		nh = sim_range(&g.r, 4, 6);
		heads = xcalloc(nh, sizeof *heads);
		for (i = 0; i < nh; i++) {
			cg_buf t = {0};

			sim_title(&g, &t);
			heads[i] = cg_buf_take(&t);
		}
	}
	memset(&ps, 0, sizeof ps);
	if (quirks >= 2)
		pshape_draw(&ps, seed, nh, kind);
	if (ps.shortn)
		words = (int)sim_range(&g.r, 120, 138);	/* 130-150 as counted */
	if (ps.holder == 1)
		cg_buf_puts(&body, "**Instructor:** [INSTRUCTOR]\n\n");
	for (i = 0; i < nh; i++) {
		/* each section gets its share of what is left */
		int budget = (words - made) / (int)(nh - i), w = 0;

		if (budget < 1)
			budget = 1;

		if (quirks >= 2)
			shape_heading(&body, &ps, i, heads[i], budget);
		else
			cg_buf_printf(&body, "## %s\n\n", heads[i]);
		do {
			w += paragraph(&g, &body, budget - w);
			if (w < budget && budget - w > 25 && cg_sim_chance(&g.r, 35))
				w += bullets(&g, &body);
		} while (w < budget);
		made += w;
		if (quirks >= 2)
			shape_after(&g, &body, &ps, i);
	}
	while (body.len && body.s[body.len - 1] == '\n')
		body.s[--body.len] = '\0';
	cg_buf_putc(&body, '\n');

	if (ps.fragment) {
		cg_buf_puts(&b, frags[seed % NELEM(frags)]);
		cg_buf_puts(&b, "\n\n");
	}
	if (quirks && !ps.fragment && cg_sim_chance(&g.r, 60)) {
		cg_buf_printf(&b, PICK(&g.r, preambles), doc_kind(prompt));
		cg_buf_puts(&b, cg_sim_chance(&g.r, 40) ? "\n\n---\n\n" : "\n\n");
	}
	if (quirks && (fence = cg_sim_chance(&g.r, 35)))
		cg_buf_puts(&b, "```markdown\n");
	cg_buf_add(&b, body.s, body.len);
	if (fence)
		cg_buf_puts(&b, "```\n");
	shape_tail(&b, &ps, kind);
	if (quirks && cg_sim_chance(&g.r, 50)) {
		cg_buf_puts(&b, cg_sim_chance(&g.r, 50) ? "\n---\n\n" : "\n");
		cg_buf_puts(&b, PICK(&g.r, trailers));
		cg_buf_putc(&b, '\n');
	}
	nonl = quirks && cg_sim_chance(&g.r, 50);
	if (quirks)
		remnants(&b, seed);
	if (nonl)
		while (b.len && b.s[b.len - 1] == '\n')
			b.s[--b.len] = '\0';
	cg_buf_free(&body);
	cg_sim_strv_free(heads, nh);
	sim_gen_free(&g);
	return cg_buf_take(&b);
}
