/* clean.h — make a model's prose and JSON replies usable without losing
 * content (the oddities are listed in QUIRKS.md).
 *
 * Everything here removes or repairs whole lines only, never a prefix of
 * a line, and never a heading or a paragraph of real content.
 */
#ifndef CG_CLEAN_H
#define CG_CLEAN_H
#include <stddef.h>

/* Clean a prose (markdown) reply, by a table of rules (clean.c):
 *  - strip a fence wrapping the whole document (```markdown, ```, ~~~);
 *  - drop chat preambles at the start ("Okay, here’s the …", "Sure! Here
 *    is…", "Here's a …:" — straight or curly apostrophes, optionally bold)
 *    and box-drawing separator bars (═══) before the document;
 *  - drop trailing self-assessment and meta ("This output strictly
 *    adheres…", "Let me know if…", "I hope this helps", "**All
 *    requirements have been met.**", "Word count: 742", "(150 words)",
 *    "END OF OUTPUT", separator bars (---, ***, ═══, ───, ———) at the
 *    very end, echoed checklists at the end: after a bar or a lead-in, or
 *    every item ticked, or every item without a list marker ("[ ] …"), or
 *    every item about the requirements — a lab's own "- [ ] Clean your
 *    bench" list stays);
 *  - anywhere: a checklist line without a list marker that is ticked or
 *    about the prompt's requirements ("[x] 800-1200 words", "[ ] Uses the
 *    required headings", "[x] Clear examples") — markdown has no such
 *    list, so it is never content; an echoed checklist with its title —
 *    a title line ("**Verification Checklist:**", "Requirements Check";
 *    never a heading, never "Safety Checklist") or a titled bar
 *    ("═══ VERIFICATION CHECKLIST ═══", or a bar with the title on the
 *    line below), and what follows it while that is checkbox lines, bars
 *    or meta — also when its items were removed and the title dangles;
 *  - at the start: a lower-case fragment of a preamble ending in ":"
 *    ("the generated document, adhering to all specified requirements:");
 *  - at the end: closings such as "**End of Lab Document**" or "End of
 *    the Study Notes for Session 4" (at most 6 words after "End of", one
 *    of them naming the document: never "End of the day");
 *  - normalise CRLF to LF, trim trailing blank lines, end with exactly one
 *    newline.  Math (<sub>, <sup>, $…$) is left alone.
 * *removed (may be NULL) gets the number of lines removed (blank lines not
 * counted).  Returns malloc'd text; never NULL. */
char *cg_clean_prose(const char *text, int *removed);

/* 1 when the line (without its newline) is chat meta that cg_clean_prose
 * would drop at the start or end of a document: a preamble, closing
 * remark, word count, END marker, separator bar or echoed checklist item
 * (a checkbox line with no list marker, ticked, or about the prompt's
 * requirements; an unticked "- [ ] Clean your bench" is content).
 * Exposed for validators and tests. */
int   cg_clean_is_meta(const char *line, size_t len);

/* 1 when the line (without its newline; a trailing CR/LF is ignored) is a
 * separator: a bar of one ASCII character (---, ***, ___, ===), three or
 * more box-drawing (U+2500-U+257F) or dash (‒ – — ―) characters mixed
 * with - _ = * (═══, ───, ———), or a table's rule row (|---|:--:|,
 * ---|---).  For the repetition check: such lines repeat by design. */
int   cg_clean_is_separator(const char *line, size_t len);

/* Extract the JSON document from a reply wrapped in fences/prose: the
 * first balanced top-level {...} (string-aware).  NULL if none.
 * malloc'd. */
char *cg_clean_json(const char *text);

/* Words in markdown (for validators): counts words of text, ignoring
 * markup characters (#, *, _, `, >, |, list bullets, fence lines).
 * Chinese and Japanese, written without spaces, count a word per
 * CG_CJK_PER_WORD characters (CJK punctuation is none). */
#define CG_CJK_PER_WORD 2
int   cg_clean_words(const char *text);

#endif
