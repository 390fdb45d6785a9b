/* validate.h — per-kind content validators (cg.7; the oddities in QUIRKS.md).
 *
 * The requirements come from config/content.yaml by way of session.json
 * (content.KIND): words [min,max], headings [...], sections [min,max] for
 * prose; nodes [min,max] for mermaid kinds.  Callers may add two members
 * to their copy of req (cg_gen_req in gen.h does):
 *   "modules":   the number of modules in the course (cross-references)
 *   "questions": {multiple_choice, options, short_answer, essay} counts
 *
 * Problems are phrased as instructions a model can act on, one per
 * line, because those worth it are sent back with the re-request; soft
 * ones are warnings for the call log and cg-check and are never retried.
 */
#ifndef CG_VALIDATE_H
#define CG_VALIDATE_H
#include <cjson/cJSON.h>
#include "util.h"

/* Validate text of kind (a row of the kinds table; its shape decides the
 * checks) against req (content.KIND; may be NULL).  Every problem is one
 * line, phrased as an instruction the model can act on, and goes to one
 * of three buffers (each may be NULL to drop its lines):
 *   unusable:  the reply cannot be used at all — empty; not the asked
 *       format (a diagram that cannot be parsed, has fewer than 2 nodes
 *       or no edges, or is not in strict syntax; a quiz that is not JSON
 *       or has the wrong counts); fewer than half the asked words.
 *       Re-asked; after the last attempt the file fails.
 *   reask:  usable, but off by so much that a full new generation is
 *       worth its cost — more than half of the required headings missing
 *       (for a course not in English (req.language): more than half of
 *       their number, since translated headings are matched by count and
 *       position, not by words); more than half of req.subtopics (an
 *       optional array of strings, the session's subtopics) not covered;
 *       a reply in English for a course in another language (by its
 *       share of English-only function words, and at least half of the
 *       required headings in their English words: a kind without
 *       required headings is not judged, an English course never).  Re-asked while attempts remain; then the best reply
 *       is kept with these recorded.
 *   imperfect:  usable and kept, recorded but never re-asked — a few
 *       required headings missing, words a little outside their range,
 *       the number of sections, nodes under the minimum or past the cap
 *       (60, or twice the maximum when that is more; a valid diagram
 *       between the maximum and the cap is fine), a subtopic or two not
 *       covered, a leftover fence, preamble or closing remark, a
 *       placeholder heading, a placeholder in brackets ("[INSTRUCTOR]",
 *       "[Insert date]", "## Topic 1: [Title]", reported as
 *       'placeholder "[INSTRUCTOR]" left in the text'; not a citation
 *       "[1]", "[sic]", a concentration "[ATP]", a link or a task box), a
 *       passage repeated 3 or more times (lines without letters or
 *       digits, such as separators and table rules, never count).
 * Soft ones (headings out of order, "Module N" beyond the course's
 * modules) go to warnings as strings (a cJSON array; may be NULL).
 * Returns the number of unusable problems. */
int cg_validate_ex(const char *kind, const char *text, const cJSON *req,
	    cg_buf *unusable, cg_buf *reask, cg_buf *imperfect,
	    cJSON *warnings);

/* cg_validate_ex with reask and imperfect one buffer (imperfect), as
 * before the split. */
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

/* The section of text under the k-th (0-based) required heading of req
 * (req.headings, as cg_gen_req gives them: in the course's language,
 * with req.headings_en when cg worded them): [*start, *end) are the byte
 * offsets of its body, after its "## " line up to the next "## " heading
 * or the end.  Found by its wording (the course's, or English), else by
 * its place, for headings the model translated: the first required
 * heading is the document's first "## " section, the others are counted
 * from its last (sections of the document's own come before them, as
 * the prompts ask).  Returns 0, or -1 when text has too few sections. */
int cg_validate_section(const char *text, const cJSON *req, int k,
    size_t *start, size_t *end);

/* 1 when a course language names English ("English", "English (UK)",
 * "en", "en-GB"; empty or NULL counts as English). */
int cg_validate_english(const char *language);

#endif
