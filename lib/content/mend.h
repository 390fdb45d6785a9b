/* mend.h — repair what a model gets cosmetically wrong in a prose reply,
 * so that it need not be asked again (repair before re-ask: QUIRKS.md,
 * "Mending instead of re-asking").
 *
 * cg_clean_prose removes chat; cg_mend_prose then repairs the document
 * itself and says what it did, one line per repair, for the teacher's
 * report.  Everything it changes is listed below; all other lines are
 * kept byte for byte.
 */
#ifndef CG_MEND_H
#define CG_MEND_H
#include <cjson/cJSON.h>
#include "util.h"

/* Mend text (a reply already through cg_clean_prose) against req (the
 * kind's requirements, content.KIND as cg_gen_req gives it; may be NULL:
 * only structural repairs).  Lines inside code fences are never touched,
 * except mermaid blocks.  The repairs, in this order:
 *
 *  1. Mermaid.  Every ```mermaid block is parsed (cg_mmd_parse) and
 *     written back in strict syntax (cg_mmd_emit), an unclosed one
 *     closed; one that cannot be parsed becomes a ```text block, so no
 *     broken diagram is ever left in a mermaid fence.
 *  2. Headings.  For every "#" heading: wrapping bold and a trailing
 *     colon are dropped, numbering in front ("2.", "2)", "2.1", "II.",
 *     "Section 2:") is dropped unless nothing with a letter is left
 *     ("## 1984" stays; so do "## 3 Laws of Motion" and "## Step 2: …"),
 *     a word count at the end ("(82 words)", "(approx. 150 words)",
 *     "(~100 words)", "- 82 words") is dropped.
 *     A bold title line is made a "## " heading.  A bold title line is a
 *     line that is one bold span ("**3. Materials and Equipment**",
 *     "**Key Concepts:**"), not indented, of at most 8 words, not ending
 *     as a sentence (. ? !), with a blank line or the start of the text
 *     before it.  It is promoted when
 *       (a) its words match a required heading that no "## " heading
 *           has yet (English courses only), or
 *       (b) the text has no "## " heading at all, the nearest non-blank
 *           line before it is not a list item, and it is no label
 *           ("Step 3", "Part 2", "Stage", "Phase", "Trial", "Example",
 *           "Note", "Tip", "Warning", "Caution", "Question", "Answer",
 *           "Solution", "Figure", "Table").
 *     So a bold step label inside a lab's procedure (which has "## "
 *     headings, and whose labels match no required heading) is never
 *     promoted.  A "###" (or deeper) heading that matches a required
 *     heading missing from the "## " ones becomes "## ".
 *     English courses only (req.language, cg_validate_english): a "## "
 *     heading that misses a required heading that no heading matches
 *     gets the required wording when it is a near miss and matches no
 *     other required heading — a word in the singular or plural ("Key
 *     Concept" → "Key Concepts"; words after it stay: "Key Concept and
 *     Terms" → "Key Concepts and Terms"), the same words in another case,
 *     or a synonym from a short table of what models write ("Key Ideas"
 *     → "Key Concepts", "Glossary" → "Key Terms", "Introduction" →
 *     "Overview" …; the whole heading or its start before "and").  A
 *     heading cg_validate_heading_match accepts keeps its words.
 *  3. Repeats.  A paragraph that repeats an earlier one is dropped:
 *     the same words (case, punctuation and whitespace ignored) and at
 *     least 8 of them, or a near repeat (at least 12 words, and 90% of
 *     the words of the longer of the two shared).  Lists repeat only when
 *     their words are the same; headings, tables and code never count.
 *
 * mended (may be NULL) gets one line per repair, for a teacher:
 *   heading "**3. Materials and Equipment**" made "## Materials and Equipment"
 *   diagram at line 12 rewritten in strict mermaid syntax
 *   diagram at line 12 could not be read (REASON); kept as a plain code block
 *   2 repeats of the paragraph "Photosynthesis converts light…" dropped
 * Returns the mended text, malloc'd, never NULL (text NULL is ""). */
char *cg_mend_prose(const char *text, const cJSON *req, cg_buf *mended);

#endif
