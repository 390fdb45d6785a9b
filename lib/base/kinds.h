/* kinds.h — the content kinds table (config/kinds.yaml, built in).
 *
 * One row per kind, in the site's order: the outline, the three primary
 * kinds, the diagrams, the quiz and the six secondary kinds.  Everything
 * that needs to know the kinds — generation, the plan and its make rules,
 * the site, cg-check, the configuration's key schema and defaults, the
 * tests (through cg-config -K) — reads this table; nothing else lists
 * them.  The table is parsed on first use; the rows live as long as the
 * process.
 */
#ifndef CG_KINDS_H
#define CG_KINDS_H
#include <stddef.h>
#include <cjson/cJSON.h>
#include "util.h"

enum cg_shape { CG_SHAPE_PROSE, CG_SHAPE_DIAGRAM, CG_SHAPE_QUIZ,
	CG_SHAPE_OUTLINE };

#define CG_KIND_MAXREADS 8

struct cg_kind {
	int          index;	/* row number */
	const char  *name;	/* "open_questions" */
	const char  *tool;	/* "cg-open-questions" */
	const char  *file;	/* "open-questions.md"; "diagram-K.mmd" */
	const char  *also;	/* "questions.md" or NULL */
	const char  *title;	/* "Open questions" */
	const char  *section;	/* "open-questions" (site id) */
	const char  *prompt;	/* "open_questions" (prompts/NAME.md) */
	enum cg_shape shape;
	int          multi;	/* one file per index K */
	const struct cg_kind *reads[CG_KIND_MAXREADS];	/* earlier kinds */
	int          nreads;
	int          excerpt;	/* characters of quoted files, in all */
	int          num_predict;	/* default reply cap in tokens */
};

/* The rows, n set to their count; NULL (n = 0) only when the built-in
 * table is broken — cg_kinds_error says why. */
const struct cg_kind *cg_kind_list(size_t *n);
const char *cg_kinds_error(void);

/* Find a kind by name ("open_questions"), program name
 * ("cg-open-questions", a path is fine) or file-style name
 * ("open-questions").  NULL when unknown. */
const struct cg_kind *cg_kind_find(const char *name);

/* 1 when kd reads (builds on) the kind named name. */
int cg_kind_reads(const struct cg_kind *kd, const char *name);

/* The kind's file in a session directory; k is the index of a multi kind
 * (ignored for others).  Caller frees. */
char *cg_kind_file(const struct cg_kind *kd, int k);

/* The kind's make alias suffix: its file name without the extension
 * ("open-questions", "diagram-K" for a multi kind).  Caller frees. */
char *cg_kind_alias(const struct cg_kind *kd);

/* The table as a JSON array of row objects (cg-config -K).  Caller frees. */
cJSON *cg_kinds_json(void);

#endif
