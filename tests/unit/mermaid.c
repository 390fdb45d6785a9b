/* mermaid.c — tolerant parser and strict emitter, against the fixtures in
 * tests/fixtures/quirks/mermaid: NAME.in is a reply, NAME.out the strict
 * diagram expected from it, NAME.err a text the rejection must mention.
 * With CG_REGEN=1 the .out/.err files are rewritten instead (regen.sh). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util.h"
#include "fsio.h"
#include "mermaid.h"

static int regen;

static char *
slurp(const char *path)
{
	cg_err e = { 0 };
	return cg_read_file(path, NULL, &e);
}

static void
spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(s, f) == EOF || fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted base names of dir/ *.in; caller frees. */
static int
inputs(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	int n = 0;
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l > 3 && !strcmp(de->d_name + l - 3, ".in")) {
			v = xrealloc(v, (size_t)(n + 1) * sizeof *v);
			v[n++] = xstrndup(de->d_name, l - 3);
		}
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof *v, cmp);
	*out = v;
	return n;
}

static void
fixtures(const char *root)
{
	char *dir = xasprintf("%s/tests/fixtures/quirks/mermaid", root), **names;
	int n = inputs(dir, &names), good = 0, bad = 0;

	ok(n >= 25, "at least 25 mermaid fixtures (%d)", n);
	for (int i = 0; i < n; i++) {
		char *pin = xasprintf("%s/%s.in", dir, names[i]);
		char *pout = xasprintf("%s/%s.out", dir, names[i]);
		char *perr = xasprintf("%s/%s.err", dir, names[i]);
		char *in = slurp(pin), *want = slurp(pout), *werr = slurp(perr);
		cg_err e = { 0 };
		cg_mmd *m = cg_mmd_parse(in, &e);

		if (regen) {
			if (m) {
				char *o = cg_mmd_emit(m);
				remove(perr);
				spit(pout, o);
				free(o);
			} else {
				char *t = xasprintf("%s\n", e.msg);
				remove(pout);
				spit(perr, t);
				free(t);
			}
		} else if (werr) {
			werr[strcspn(werr, "\n")] = '\0';
			ok(!m, "%s: rejected", names[i]);
			isnum(e.code, EX_DATAERR, "%s: EX_DATAERR", names[i]);
			ok(strstr(e.msg, werr) != NULL, "%s: message \"%s\" says \"%s\"",
			    names[i], e.msg, werr);
			bad++;
		} else if (!want) {
			ok(0, "%s: has a .out or .err file", names[i]);
		} else {
			char *o = m ? cg_mmd_emit(m) : NULL, *o2 = NULL;
			cg_err ce = { 0 };
			cg_mmd *m2;
			is(o, want, "%s: strict output", names[i]);
			ok(o && cg_mmd_check(o, &ce) == 0, "%s: output passes "
			    "cg_mmd_check %s", names[i], ce.msg);
			m2 = o ? cg_mmd_parse(o, &ce) : NULL;
			ok(m2 && cg_mmd_nnodes(m2) == cg_mmd_nnodes(m) &&
			    cg_mmd_nedges(m2) == cg_mmd_nedges(m),
			    "%s: re-parses to the same %d nodes, %d edges", names[i],
			    m ? cg_mmd_nnodes(m) : -1, m ? cg_mmd_nedges(m) : -1);
			if (m2)
				o2 = cg_mmd_emit(m2);
			is(o2, o, "%s: emit is a fixed point", names[i]);
			if (strncmp(names[i], "strict-", 7))
				ok(cg_mmd_check(in, &ce) < 0 && ce.msg[0],
				    "%s: the raw reply fails cg_mmd_check (%s)", names[i],
				    ce.msg);
			else
				ok(cg_mmd_check(in, &ce) == 0, "%s: strict input passes "
				    "cg_mmd_check", names[i]);
			free(o);
			free(o2);
			cg_mmd_free(m2);
			good++;
		}
		cg_mmd_free(m);
		free(in);
		free(want);
		free(werr);
		free(pin);
		free(pout);
		free(perr);
		free(names[i]);
	}
	if (!regen)
		ok(good >= 20 && bad >= 4, "fixtures cover recoveries (%d) and "
		    "rejections (%d)", good, bad);
	free(names);
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

	m = cg_mmd_parse("flowchart LR\nA[Light] -->|drives| B[Sugar]\nB --- C\n",
	    &e);
	ok(m != NULL, "parse for alt text");
	if (m) {
		s = cg_mmd_alt(m);
		is(s, "Flowchart: Light \xe2\x86\x92 Sugar (drives); Sugar "
		    "\xe2\x80\x94 C", "alt text from labels");
		free(s);
		isnum(cg_mmd_nnodes(m), 3, "3 nodes");
		isnum(cg_mmd_nedges(m), 2, "2 edges");
		is(cg_mmd_dir(m), "LR", "direction LR");
		cg_mmd_free(m);
	}
	m = cg_mmd_parse("A --> B", &e);
	ok(m && cg_mmd_nedges(m) == 1, "a bare edge without header parses");
	cg_mmd_free(m);
	m = cg_mmd_parse("Light and water enter the leaf.\n\nSugar leaves it.\n",
	    &e);
	ok(!m && e.code == EX_DATAERR && strstr(e.msg, "prose"),
	    "prose is rejected: %s", e.msg);
}

/* A reply cut off anywhere (runaway replies hit the output cap) either
 * parses to something strict or is rejected; it never crashes. */
static void
prefixes(const char *root)
{
	char *dir = xasprintf("%s/tests/fixtures/quirks/mermaid", root), **names;
	int n = inputs(dir, &names), tried = 0, bad = 0;

	for (int i = 0; i < n; i++) {
		char *pin = xasprintf("%s/%s.in", dir, names[i]);
		char *in = slurp(pin);
		size_t len = in ? strlen(in) : 0;
		for (size_t k = 0; k <= len; k++) {
			char *cut = xstrndup(in, k), *o;
			cg_err e = { 0 };
			cg_mmd *m = cg_mmd_parse(cut, &e);
			tried++;
			if (m) {
				o = cg_mmd_emit(m);
				if (cg_mmd_check(o, &e) < 0 && bad++ < 3)
					printf("# %s cut at %zu: %s\n", names[i], k, e.msg);
				free(o);
				cg_mmd_free(m);
			} else if (e.code != EX_DATAERR && bad++ < 3)
				printf("# %s cut at %zu: no error code\n", names[i], k);
			free(cut);
		}
		free(in);
		free(pin);
		free(names[i]);
	}
	free(names);
	free(dir);
	isnum(bad, 0, "%d truncated replies: strict output or a clean rejection",
	    tried);
}

int
main(void)
{
	const char *root = getenv("CG_ROOT");
	regen = getenv("CG_REGEN") && *getenv("CG_REGEN") == '1';
	if (!root)
		root = ".";
	fixtures(root);
	if (regen)
		return 0;
	checks();
	units();
	prefixes(root);
	return done_testing();
}
