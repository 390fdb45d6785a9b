/* validate.h — per-kind content validators (DESIGN.md §7).
 *
 * The requirements come from config/content.yaml by way of session.json
 * (content.KIND): words [min,max], headings [...], sections [min,max] for
 * prose; nodes [min,max] for mermaid kinds.  Callers may add two members
 * to their copy of req (cg_gen_req in gen.h does):
 *   "modules":   the number of modules in the course (cross-references)
 *   "questions": {multiple_choice, options, short_answer, essay} counts
 *
 * Hard problems are phrased as instructions a model can act on, one per
 * line, because they are sent back with the re-request; soft ones are
 * warnings for the call log and cg-check and are never retried.
 */
#ifndef CG_VALIDATE_H
#define CG_VALIDATE_H
#include <cjson/cJSON.h>
#include "util.h"

/* Validate text of kind against req (content.KIND; may be NULL).  Appends
 * hard problems (one per line, phrased as instructions the model can act
 * on) to hard, soft ones as strings to warnings (a cJSON array; may be
 * NULL to drop them).  Returns the number of hard problems.
 *
 * Checks: empty; a leftover fence or chat preamble/closing remark (hard);
 * required headings (hard when more than half are missing, else soft;
 * out of order soft); words (soft outside [min,max], hard below half of
 * min or above twice max); sections (hard outside [min,max]); a paragraph
 * or line repeated 3 or more times (hard); placeholder headings copied
 * from a prompt (hard); "Module N" beyond the course's modules (soft);
 * mermaid: strict syntax (cg_mmd_check) and nodes [min,max] (hard);
 * questions: valid JSON with the counts of req.questions (hard). */
int cg_validate(const char *kind, const char *text, const cJSON *req,
	    cg_buf *hard, cJSON *warnings);

/* The "## " headings of a markdown text (outside code fences), as a
 * cJSON array of strings with markup and numbering removed.  Caller
 * frees.  Used by the validators and cg-check. */
cJSON *cg_validate_headings(const char *text);

/* 1 when heading (as returned above) satisfies the required heading want:
 * case-insensitive, ignoring punctuation, want's words appearing in order
 * as whole words ("Key Concepts and Terms" satisfies "Key Concepts"). */
int cg_validate_heading_match(const char *heading, const char *want);

#endif
