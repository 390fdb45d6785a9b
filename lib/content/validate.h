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

/* Validate text of kind (a row of the kinds table; its shape decides the
 * checks) against req (content.KIND; may be NULL).  Problems are of two
 * kinds, both phrased as instructions the model can act on, one per line:
 *   unusable (hard):  the reply cannot be used at all — empty; not the
 *       asked format (a diagram that cannot be parsed or re-emitted, a
 *       quiz that is not JSON or has the wrong counts); fewer than half
 *       the asked words; a diagram with one node or more than twice the
 *       maximum.  Re-asked; after the last attempt the file fails.
 *   imperfect:  usable but off — missing or renamed headings (for a
 *       course not in English (req.language): fewer "## " headings than
 *       required, since translated headings are matched by count and
 *       position, not by words), words, sections or nodes outside their
 *       range, a leftover fence, preamble or closing remark, a placeholder
 *       heading, a passage repeated 3 or more times (lines without letters
 *       or digits, such as separators and table rules, never count).
 *       Re-asked while attempts remain; then the best reply is kept with
 *       these recorded.
 * Soft ones (never retried: headings out of order, "Module N" beyond the
 * course's modules) go to warnings as strings (a cJSON array; may be
 * NULL).  imperfect may be NULL to drop those.  Returns the number of
 * unusable problems. */
int cg_validate(const char *kind, const char *text, const cJSON *req,
	    cg_buf *unusable, cg_buf *imperfect, cJSON *warnings);

/* The "## " headings of a markdown text (outside code fences), as a
 * cJSON array of strings with markup and numbering removed.  Caller
 * frees.  Used by the validators and cg-check. */
cJSON *cg_validate_headings(const char *text);

/* 1 when heading (as returned above) satisfies the required heading want:
 * case-insensitive, ignoring punctuation, want's words appearing in order
 * as whole words ("Key Concepts and Terms" satisfies "Key Concepts"). */
int cg_validate_heading_match(const char *heading, const char *want);

/* 1 when a course language names English ("English", "English (UK)",
 * "en", "en-GB"; empty or NULL counts as English). */
int cg_validate_english(const char *language);

#endif
