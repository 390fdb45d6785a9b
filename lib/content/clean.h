/* clean.h — make a model's prose and JSON replies usable without losing
 * content (DESIGN.md §7; the oddities are listed in QUIRKS.md).
 *
 * Everything here removes or repairs whole lines only, never a prefix of
 * a line, and never a heading or a paragraph of real content.
 */
#ifndef CG_CLEAN_H
#define CG_CLEAN_H
#include <stddef.h>

/* Clean a prose (markdown) reply:
 *  - strip a fence wrapping the whole document (```markdown, ```, ~~~);
 *  - drop chat preambles at the start ("Okay, here’s the …", "Sure! Here
 *    is…", "Here's a …:" — straight or curly apostrophes, optionally bold);
 *  - drop trailing self-assessment and meta ("This output strictly
 *    adheres…", "Let me know if…", "I hope this helps", "Word count: 742",
 *    "(150 words)", "END OF OUTPUT", separator bars (---, ***) at the very
 *    end, echoed "- [ ] …" checklists at the end);
 *  - normalise CRLF to LF, trim trailing blank lines, end with exactly one
 *    newline.  Math (<sub>, <sup>, $…$) is left alone.
 * *removed (may be NULL) gets the number of lines removed (blank lines not
 * counted).  Returns malloc'd text; never NULL. */
char *cg_clean_prose(const char *text, int *removed);

/* 1 when the line (without its newline) is chat meta that cg_clean_prose
 * would drop at the start or end of a document: a preamble, closing
 * remark, word count, END marker, separator bar or echoed checklist item.
 * Exposed for validators and tests. */
int   cg_clean_is_meta(const char *line, size_t len);

/* Extract the JSON document from a reply wrapped in fences/prose: the
 * first balanced top-level {...} (string-aware).  NULL if none.
 * malloc'd. */
char *cg_clean_json(const char *text);

/* Words in markdown (for validators): counts words of text, ignoring
 * markup characters (#, *, _, `, >, |, list bullets, fence lines). */
int   cg_clean_words(const char *text);

#endif
