/* mermaid.c — tolerant parser and strict emitter, against the fixtures in
 * tests/fixtures/quirks/mermaid: NAME.in is a reply, NAME.out the strict
 * diagram expected from it, NAME.err a text the rejection must mention.
 * With CG_REGEN=1 the .out/.err files are rewritten instead (regen.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util.h"
#include "fsio.h"
#include "fixture.h"
#include "mermaid.h"

struct tally { int good, bad; };

/* One fixture: NAME.out is what it must become, NAME.err what its
 * rejection must say. */
static void
fixture(const char *dir, const char *name, const char *in, void *arg)
{
	struct tally *t = arg;
	char *pout = fixture_path(dir, name, "out");
	char *perr = fixture_path(dir, name, "err");
	char *want = slurp(pout), *werr = slurp(perr);
	cg_err e = { 0 };
	cg_mmd *m = cg_mmd_parse(in, &e);

	if (regen) {
		if (m) {
			char *o = cg_mmd_emit(m);
			remove(perr);
			spit(pout, o);
			free(o);
		} else {
			char *msg = xasprintf("%s\n", e.msg);
			remove(pout);
			spit(perr, msg);
			free(msg);
		}
	} else if (werr) {
		werr[strcspn(werr, "\n")] = '\0';
		ok(!m, "%s: rejected", name);
		isnum(e.code, EX_DATAERR, "%s: EX_DATAERR", name);
		ok(strstr(e.msg, werr) != NULL, "%s: message \"%s\" says \"%s\"",
		    name, e.msg, werr);
		t->bad++;
	} else if (!want) {
		ok(0, "%s: has a .out or .err file", name);
	} else {
		char *o = m ? cg_mmd_emit(m) : NULL, *o2 = NULL;
		cg_err ce = { 0 };
		cg_mmd *m2;
		is(o, want, "%s: strict output", name);
		ok(o && cg_mmd_check(o, &ce) == 0, "%s: output passes "
		    "cg_mmd_check %s", name, ce.msg);
		m2 = o ? cg_mmd_parse(o, &ce) : NULL;
		ok(m2 && cg_mmd_nnodes(m2) == cg_mmd_nnodes(m) &&
		    cg_mmd_nedges(m2) == cg_mmd_nedges(m),
		    "%s: re-parses to the same %d nodes, %d edges", name,
		    m ? cg_mmd_nnodes(m) : -1, m ? cg_mmd_nedges(m) : -1);
		if (m2)
			o2 = cg_mmd_emit(m2);
		is(o2, o, "%s: emit is a fixed point", name);
		if (strncmp(name, "strict-", 7))
			ok(cg_mmd_check(in, &ce) < 0 && ce.msg[0],
			    "%s: the raw reply fails cg_mmd_check (%s)", name,
			    ce.msg);
		else
			ok(cg_mmd_check(in, &ce) == 0, "%s: strict input passes "
			    "cg_mmd_check", name);
		free(o);
		free(o2);
		cg_mmd_free(m2);
		t->good++;
	}
	cg_mmd_free(m);
	free(want);
	free(werr);
	free(pout);
	free(perr);
}

static void
fixtures(const char *root)
{
	char *dir = fixture_dir(root, "mermaid");
	struct tally t = { 0, 0 };
	int n = fixture_each(dir, fixture, &t);

	ok(n >= 25, "at least 25 mermaid fixtures (%d)", n);
	if (!regen)
		ok(t.good >= 20 && t.bad >= 4, "fixtures cover recoveries (%d) "
		    "and rejections (%d)", t.good, t.bad);
	free(dir);
}

/* Parse s, emit, compare. */
static void
emits(const char *s, const char *want, const char *what)
{
	cg_err e = { 0 };
	cg_mmd *m = cg_mmd_parse(s, &e);
	char *o = m ? cg_mmd_emit(m) : NULL;
	is(o, want, "%s", what);
	free(o);
	cg_mmd_free(m);
}

static void
checks(void)
{
	cg_err e = { 0 };
	static const char good[] = "flowchart TD\n    A[\"a\"]\n    B[\"b\"]\n"
	    "    A --> B\n";

	ok(cg_mmd_check(good, &e) == 0, "strict text passes");
	e.msg[0] = '\0';
	ok(cg_mmd_check("flowchart TD\n    A[a]\n    B[\"b\"]\n    A --> B\n",
	    &e) < 0 && strstr(e.msg, "line 2: unquoted label"),
	    "unquoted label named with its line: %s", e.msg);
	ok(cg_mmd_check("graph TD\n    A[\"a\"]\n    B[\"b\"]\n    A --> B\n",
	    &e) < 0 && strstr(e.msg, "line 1:"), "graph header: %s", e.msg);
	ok(cg_mmd_check("flowchart TD\n    A[\"a\"]\n    B[\"b\"]\n    A --> B\n"
	    "    style A fill:#fff\n", &e) < 0 && strstr(e.msg, "line 5:") &&
	    strstr(e.msg, "style"), "style line: %s", e.msg);
	ok(cg_mmd_check("flowchart TD\n  A[\"a\"]\n    B[\"b\"]\n    A --> B\n",
	    &e) < 0 && strstr(e.msg, "line 2: indent"), "indent: %s", e.msg);
	ok(cg_mmd_check("flowchart TD\n    A[\"a\"]\n    B[\"b\"]\n    A --> B",
	    &e) < 0 && strstr(e.msg, "newline"), "missing newline: %s", e.msg);
	ok(cg_mmd_check("just words", &e) < 0 && e.code == EX_DATAERR,
	    "prose fails: %s", e.msg);
	ok(cg_mmd_parse(NULL, &e) == NULL, "NULL text is rejected");
}

static void
units(void)
{
	cg_err e = { 0 };
	cg_mmd *m;
	char *s;

	emits("graph LR\nA[Say \"hi\"] --> B\n",
	    "flowchart LR\n    A[\"Say #quot;hi#quot;\"]\n    B[\"B\"]\n"
	    "    A --> B\n", "double quote in a label becomes #quot;");
	emits("graph TD\nA[x #quot; y] --> B[#35;tag;]\n",
	    "flowchart TD\n    A[\"x #quot; y\"]\n    B[\"#35;tag;\"]\n"
	    "    A --> B\n", "entities decode and re-encode");
	emits("graph TD\nmy-node --> other.node\nmy_node --> my-node\n",
	    "flowchart TD\n    my_node[\"my-node\"]\n    other_node[\"other.node\"]\n"
	    "    my_node_2[\"my_node\"]\n    my_node --> other_node\n"
	    "    my_node_2 --> my_node\n", "invalid ids renamed consistently, "
	    "collisions made unique");
	emits("graph TD\nA --> B\nA --> B\nA -->|x| B\n",
	    "flowchart TD\n    A[\"A\"]\n    B[\"B\"]\n    A --> B\n"
	    "    A -->|\"x\"| B\n", "duplicate edges dropped, labelled kept");
	emits("graph BT\nA-->B\n", "flowchart BT\n    A[\"A\"]\n    B[\"B\"]\n"
	    "    A --> B\n", "direction kept");
	emits("graph\nA-->B\n", "flowchart TD\n    A[\"A\"]\n    B[\"B\"]\n"
	    "    A --> B\n", "missing direction is TD");

	emits("graph TD\nA --> B\n    C\nSummary\nSteps of it (simplified)\n"
	    "    Cell End([Cell End])\n", "flowchart TD\n    A[\"A\"]\n"
	    "    B[\"B\"]\n    C[\"C\"]\n    Cell_End([\"Cell End\"])\n"
	    "    A --> B\n", "a node on an indented line of its own is kept; "
	    "unindented words after a diagram without a fence are prose");
	emits("```mermaid\ngraph TD\nA --> B\nC\nSteps of it (simplified)\n```\n",
	    "flowchart TD\n    A[\"A\"]\n    B[\"B\"]\n    C[\"C\"]\n"
	    "    Steps_of_it(\"simplified\")\n    A --> B\n",
	    "inside a fence every line is diagram");
	ok(cg_mmd_check("flowchart TD\n    A[\"a\"]\n    B[\"b\"]\n", &e) < 0 &&
	    strstr(e.msg, "2 nodes and no edges; connect them with arrows"),
	    "nodes without edges fail the check, saying what to do: %s", e.msg);

	m = cg_mmd_parse("flowchart LR\nA[Light] -->|drives| B[Sugar]\nB --- C\n",
	    &e);
	ok(m != NULL, "parse for alt text");
	if (m) {
		s = cg_mmd_alt(m, NULL);
		is(s, "Flowchart: Light \xe2\x86\x92 Sugar (drives); Sugar "
		    "\xe2\x80\x94 C", "alt text from labels");
		free(s);
		s = cg_mmd_alt(m, "Diagrama de flujo");
		is(s, "Diagrama de flujo: Light \xe2\x86\x92 Sugar (drives); "
		    "Sugar \xe2\x80\x94 C", "alt text begun by the course "
		    "language's word");
		free(s);
		isnum(cg_mmd_nnodes(m), 3, "3 nodes");
		isnum(cg_mmd_nedges(m), 2, "2 edges");
		is(cg_mmd_dir(m), "LR", "direction LR");
		cg_mmd_free(m);
	}
	m = cg_mmd_parse("flowchart LR\nA[\"`**Light**`\"] -->|\"`drives`\"| "
	    "B[\"`Sugar`\"]\nC(\"`Water`\")\n", &e);
	s = m ? cg_mmd_alt(m, NULL) : NULL;
	is(s, "Flowchart: **Light** \xe2\x86\x92 Sugar (drives); Water",
	    "alt text: markdown strings lose their backticks");
	free(s);
	cg_mmd_free(m);
	emits("```mermaid\nflowchart TD\nA[\"`code` text\"] --> B\n"
	    "C[\"`x`\"] --> D[\"`open\nE --> F\n```\n", "flowchart TD\n"
	    "    A[\"`code` text\"]\n    B[\"B\"]\n    C[\"`x`\"]\n"
	    "    D[\"#quot;`open\"]\n    E[\"E\"]\n    F[\"F\"]\n"
	    "    A --> B\n    C --> D\n    E --> F\n",
	    "only a whole markdown string joins lines");

	m = cg_mmd_parse("A --> B", &e);
	ok(m && cg_mmd_nedges(m) == 1, "a bare edge without header parses");
	cg_mmd_free(m);
	m = cg_mmd_parse("Light and water enter the leaf.\n\nSugar leaves it.\n",
	    &e);
	ok(!m && e.code == EX_DATAERR && strstr(e.msg, "prose"),
	    "prose is rejected: %s", e.msg);
}

/* A flowchart of dir: node 0 the root, nodes 1..wide its children, then
 * a chain of deep more nodes under node 1. */
static char *
tree(const char *dir, int wide, int deep)
{
	cg_buf b = { 0 };

	cg_buf_printf(&b, "flowchart %s\n", dir);
	for (int i = 1; i <= wide; i++)
		cg_buf_printf(&b, "    n0 --> n%d\n", i);
	for (int i = 0; i < deep; i++)
		cg_buf_printf(&b, "    n%d --> n%d\n", i ? wide + i : 1,
		    wide + i + 1);
	return cg_buf_take(&b);
}

/* s measured: ranks and widest rank; then mended by cg_mmd_fit: the
 * direction it ends with (want), and whether a line was logged. */
static void
fitcase(const char *s, int ranks, int widest, const char *want,
    const char *what)
{
	cg_err e = { 0 };
	cg_mmd *m = cg_mmd_parse(s, &e);
	cg_mmd_size sz = { -1, -1 };
	cg_buf log = { 0 };
	const char *was = m ? cg_mmd_dir(m) : "";
	int turned, again;
	char *o;

	ok(m != NULL, "%s: parses", what);
	if (!m)
		return;
	cg_mmd_measure(m, &sz);
	isnum(sz.ranks, ranks, "%s: %d ranks", what, ranks);
	isnum(sz.widest, widest, "%s: at most %d on one rank", what, widest);
	was = !strcmp(was, "TD") || !strcmp(was, "BT") ? "TD" : "LR";
	turned = cg_mmd_fit(m, &log, 0);
	is(cg_mmd_dir(m), want, "%s: %s", what, strcmp(want, was) ?
	    "turned" : "left as it is");
	ok(turned == !!strcmp(want, was) && !log.len == !turned,
	    "%s: a line in the log only when turned (%.*s)", what,
	    log.len ? (int)log.len - 1 : 0, log.s ? log.s : "");
	o = cg_mmd_emit(m);
	ok(!strncmp(o, "flowchart ", 10) && !strncmp(o + 10, want, 2) &&
	    cg_mmd_check(o, &e) == 0, "%s: emitted strict, as %s", what, want);
	again = cg_mmd_fit(m, NULL, 0);
	ok(!again, "%s: a mended diagram stays as it is", what);
	free(o);
	cg_buf_free(&log);
	cg_mmd_free(m);
}

static void
fits(void)
{
	char *s;
	cg_err e = { 0 };
	cg_mmd *m;
	cg_buf log = { 0 };

	s = tree("TD", 11, 0);
	fitcase(s, 2, 11, "LR", "a TD tree of 12 nodes, 11 side by side");
	free(s);
	s = tree("TD", 5, 0);
	fitcase(s, 2, 5, "TD", "a TD tree of 5 children");
	free(s);
	s = tree("TD", 8, 3);
	fitcase(s, 5, 8, "TD", "a wide TD tree 5 levels deep (fits neither way)");
	free(s);
	s = tree("LR", 1, 8);
	fitcase(s, 10, 1, "TD", "an LR chain of 10 nodes");
	free(s);
	s = tree("LR", 1, 5);
	fitcase(s, 7, 1, "LR", "an LR chain of 7 nodes");
	free(s);
	s = tree("LR", 6, 7);
	fitcase(s, 9, 6, "LR", "a long LR chain with 6 side by side");
	free(s);
	/* a cycle: the arrow back to the start is left out of the ranks */
	fitcase("flowchart LR\nA-->B-->C-->D-->E-->F-->G-->H-->I-->A\n", 9, 1,
	    "TD", "an LR cycle of 9 nodes");
	fitcase("flowchart TD\nA-->B\nA-->C\nB-->D\nC-->D\nD-->A\n", 3, 2, "TD",
	    "a TD diamond with a cycle");
	fitcase("graph BT\nR-->A & B & C & D & E & F & G\n", 2, 7, "LR",
	    "a BT tree of 7 side by side");

	m = cg_mmd_parse("flowchart TD\nA-->B & C & D & E & F & G & H\n", &e);
	if (m) {
		cg_mmd_fit(m, &log, 2);
		is(log.s, "mermaid diagram 2 turned from TD to LR to fit the width "
		    "of a page: 7 nodes side by side on one level, 2 levels\n",
		    "the mend line names the diagram and its width");
		s = cg_mmd_sizetext(m);
		is(s, "8 nodes in 2 ranks, at most 7 on one", "size in words");
		free(s);
	}
	cg_buf_free(&log);
	cg_mmd_free(m);
}

/* A reply cut off anywhere (runaway replies hit the output cap) either
 * parses to something strict or is rejected; it never crashes. */
static char *
cutcheck(const char *name, const char *cut)
{
	cg_err e = { 0 };
	cg_mmd *m = cg_mmd_parse(cut, &e);
	char *o, *why = NULL;

	(void)name;
	if (m) {
		cg_mmd_fit(m, NULL, 0);	/* any graph: ranked, maybe turned */
		o = cg_mmd_emit(m);
		if (cg_mmd_check(o, &e) < 0)
			why = xstrdup(e.msg);
		free(o);
		cg_mmd_free(m);
	} else if (e.code != EX_DATAERR)
		why = xstrdup("no error code");
	return why;
}

static void
prefixes(const char *root)
{
	int tried, bad = fixture_prefixes(root, "mermaid", 1, cutcheck, &tried);

	isnum(bad, 0, "%d truncated replies: strict output or a clean rejection",
	    tried);
}

int
main(void)
{
	const char *root = fixture_init();

	fixtures(root);
	if (regen)
		return 0;
	checks();
	units();
	fits();
	prefixes(root);
	return done_testing();
}
