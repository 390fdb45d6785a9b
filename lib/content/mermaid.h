/* mermaid.h — tolerant mermaid flowchart parser and strict re-emitter.
 *
 * Small models get mermaid wrong 4 times in 10 (QUIRKS.md "Mermaid").  A
 * reply is parsed leniently into a graph and written back in one strict
 * syntax that mermaid always accepts; a reply with no usable graph is
 * rejected so the caller can ask again.
 */
#ifndef CG_MERMAID_H
#define CG_MERMAID_H
#include "util.h"

typedef struct cg_mmd cg_mmd;

/* Parse a (messy) reply tolerantly into direction, nodes (id, label,
 * shape), edges (from, to, label, arrow kind), subgraphs (id, title,
 * members; nested ok).  Accepts prose around it, ```mermaid fences,
 * "graph TD"/"flowchart LR", `;` line ends, style/classDef/linkStyle/
 * class/click lines (dropped), unquoted parentheses/brackets/pipes/braces
 * in labels (C[Attention (Self-Attention)], E{Update (Prior)}, P(A|B)
 * inside {}), mismatched brackets F[Gene Expression}, invalid shape mixes
 * I({Decision: x}), placeholder pseudo nodes B(...) Transport (also on
 * a line of their own: B[] Reagent one), ids of several words with a
 * shape Cell End([Cell End]) (id Cell_End), the attribute form
 * A@{ shape: cyl, label: "x" }, LaTeX braces P_{ij} in labels,
 * sequence arrows -->> and odd arrows ---.->, malformed labelled edges
 * B -- ==> text, trailing -- |label|, old form A -- text --> B,
 * A -->|text| B, chains A --> B --> C, A & B --> C,
 * unclosed subgraph at EOF (closed), curly quotes, en dashes, & : # " in
 * labels, markdown strings "`…`" (kept; one over several lines is joined
 * with spaces).  A node declared on a line of its own, with no edge, is kept
 * unlinked (a bare id only where the line is surely diagram: fenced or
 * indented).  Returns NULL with e (EX_DATAERR, saying why) when nothing
 * usable: fewer than 2 nodes, no edges ("the flowchart has 7 nodes and
 * no edges; connect them with arrows"), or the reply is only prose. */
cg_mmd *cg_mmd_parse(const char *text, cg_err *e);

/* Re-emit in strict syntax: "flowchart TD\n"; every node declared once as
 * id["label"] / id("label") / id{"label"} / id(["label"]) / id[("label")]
 * / id(("label")) / id((("label"))) / id{{"label"}} / id[["label"]] /
 * id>"label"] / id[/"label"/] / id[\"label"\] / id[/"label"\] /
 * id[\"label"/] with the label quoted and " escaped as #quot;; edges
 * `A --> B`, `A -->|"label"| B`, `A -.-> B`, `A ==> B`, `A --- B`; subgraphs
 * `subgraph id ["title"]` … `end`, always closed; no style lines; ids
 * restricted to [A-Za-z0-9_] (invalid ones renamed consistently); 4-space
 * indent; trailing newline.  Caller frees. */
char *cg_mmd_emit(const cg_mmd *m);
int   cg_mmd_nnodes(const cg_mmd *m);
int   cg_mmd_nedges(const cg_mmd *m);
/* "TD", "LR", "BT" or "RL". */
const char *cg_mmd_dir(const cg_mmd *m);

/* The layout's size as mermaid draws it.  Every node sits on a rank: the
 * number of arrows on the longest path to it from a node no arrow enters
 * (arrows that close a cycle left out, as the layout does; a node without
 * arrows on the first rank).  ranks: how many there are, the levels of a
 * TD diagram or the columns of an LR one, so the longest chain in nodes;
 * widest: the nodes on the most crowded rank, the siblings side by side.
 * What runs across the page is widest for TD and BT, ranks for LR and
 * RL. */
typedef struct {
	int ranks, widest;
} cg_mmd_size;
void  cg_mmd_measure(const cg_mmd *m, cg_mmd_size *sz);
/* "12 nodes, 2 ranks, at most 11 side by side".  Caller frees. */
char *cg_mmd_sizetext(const cg_mmd *m);

/* Mend a layout that does not fit the width of a page by turning it:
 * TD or BT with more than CG_MMD_MAXSIDE nodes on one rank and at most
 * CG_MMD_SHALLOW ranks becomes LR (the siblings then stack down the
 * page); LR or RL with more than CG_MMD_MAXCHAIN ranks and at most
 * CG_MMD_NARROW nodes on any rank becomes TD.  Any other layout is left
 * as it is (a deep and wide tree fits neither way).  When it turns one,
 * appends a line saying so to log (may be NULL), naming "mermaid diagram
 * K" when k > 0 (a block of a document), else "flowchart", and returns
 * 1; else 0.  A turned diagram is never turned back. */
#define CG_MMD_MAXSIDE  6
#define CG_MMD_SHALLOW  3
#define CG_MMD_MAXCHAIN 7
#define CG_MMD_NARROW   3
int   cg_mmd_fit(cg_mmd *m, cg_buf *log, int k);

/* Text alternative: "Flowchart: A → B; …" built from labels, markdown
 * strings without their backticks (for the site's alt text), begun by
 * what, the course language's word for a flowchart (NULL: "Flowchart").
 * Caller frees. */
char *cg_mmd_alt(const cg_mmd *m, const char *what);
void  cg_mmd_free(cg_mmd *m);

/* 0 when text is exactly in the strict syntax cg_mmd_emit produces
 * (parse+emit round-trips to the same bytes), else -1 with e (EX_DATAERR)
 * naming the first offending line ("line 4: unquoted label").  Used by
 * cg-check and tests. */
int   cg_mmd_check(const char *text, cg_err *e);

/* For a web page: mermaid reads label text as markup (and decodes #…;
 * entity codes), so '<' and '>' inside the quoted labels of the strict
 * syntax become #lt; and #gt; and a label can never turn into an element.
 * Takes and returns malloc'ed text. */
char *cg_mmd_nolt(char *src);

#endif
