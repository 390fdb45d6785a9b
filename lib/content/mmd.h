/* mmd.h — the parts of the flowchart parser and emitter shared between
 * their files (not for tools): the graph, one parsed statement, the shape
 * and arrow tables, and the string helpers both sides read labels with.
 *
 *   mmdstmt.c   one statement, read tolerantly: nodes, shapes, links
 *   mmdparse.c  the reply: its diagram, its statements, the graph
 *   mermaid.c   the strict re-emitter, counts, width (ranks, siblings)
 *               and the turn of a layout too wide, alt text, the check
 */
#ifndef CG_MMD_H
#define CG_MMD_H
#include <stddef.h>

#include "util.h"
#include "mermaid.h"

enum { SH_RECT, SH_ROUND, SH_STADIUM, SH_SUBR, SH_CYL, SH_CIRCLE,
	SH_DCIRCLE, SH_ASYM, SH_DIAMOND, SH_HEX, SH_PARA, SH_PARA_ALT,
	SH_TRAP, SH_TRAP_ALT };
/* Opening and closing bracket of each shape, in the strict syntax. */
extern const char *cg_mmd_shopen[];
extern const char *cg_mmd_shclose[];

enum { E_ARROW, E_OPEN, E_DOTTED, E_DOTOPEN, E_THICK, E_THICKOPEN, E_BI };
/* The arrow of each link kind, in the strict syntax. */
extern const char *cg_mmd_arrowtxt[];
/* Keywords of the lines the parser drops (style, classDef, click …),
 * NULL-terminated; the check names them. */
extern const char *cg_mmd_kwdrop[];

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

/* Parse one statement into st; 1 when the whole text was consumed.
 * insub: inside a subgraph, where a bare id names a member; trusted: the
 * text is surely diagram, where a bare or multi-word id may stand alone
 * (LONE_TRUSTED).  Free st with cg_mmd_stmt_free, whatever the result. */
int   cg_mmd_readstmt(const char *s, stmt *st, int insub, int trusted);
/* Free the ids and labels st holds and empty it. */
void  cg_mmd_stmt_free(stmt *st);

/* Label text: trim, drop wrapping quotes (straight or curly), decode the
 * entities the emitter writes, turn \" into ".  NULL for empty; caller
 * frees. */
char *cg_mmd_cleanlabel(const char *a, const char *b);
/* An id from a label: its letters and digits, each other run as one '_',
 * none at the ends; "node" when nothing is left.  Caller frees. */
char *cg_mmd_idfromlabel(const char *l);
/* A mermaid entity at s ("#quot;", "#amp;", "#35;"): its length, with the
 * code point in *cp; 0 if none. */
size_t cg_mmd_entity(const char *s, int *cp);
/* '"' or a curly double quote at s: its length in bytes, else 0. */
int   cg_mmd_qopen(const char *s);
/* May the character at s be part of an id? */
int   cg_mmd_isidc(const char *s);
/* s past any spaces and tabs. */
const char *cg_mmd_skipws(const char *s);
/* Are a and b equal, ignoring ASCII case? */
int   cg_mmd_ieq(const char *a, const char *b);
/* Does s start with word w (case-insensitive) followed by a non-word? */
int   cg_mmd_isword(const char *s, const char *w);

#endif
