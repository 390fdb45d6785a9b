/* cleanline.h — what a line of a reply is, for the rules of clean.c
 * (not for tools).  Each predicate reads one line without its newline;
 * those taking n read the line as cg_clean_normline leaves it.
 */
#ifndef CG_CLEANLINE_H
#define CG_CLEANLINE_H
#include <stddef.h>

/* Lower-cased, emphasis-stripped copy of a line with typographic
 * apostrophes and quotes folded to ASCII, in out[cap]. */
void cg_clean_normline(const char *s, size_t len, char *out, size_t cap);

int  cg_clean_isblankline(const char *s, size_t len);
/* A markdown heading: '#' after optional spaces. */
int  cg_clean_isheading(const char *s, size_t len);
/* A separator bar (ASCII or box-drawing, see cg_clean_is_separator). */
int  cg_clean_isbar(const char *s, size_t len);
/* A bar with a box-drawing or dash character in it: never markdown. */
int  cg_clean_isubar(const char *s, size_t len);
/* A fence line: ``` or ~~~ (three or more), optional info string.
 * *info gets the info word (lower-cased) in info[32]; *fc the fence
 * character. */
int  cg_clean_isfence(const char *s, size_t len, char *info, char *fc);
/* A checkbox "[ ]", "[x]" opening the line, after an optional list
 * marker ("- ", "* ", "+ ", "1. "): 0 none, 1 empty, 2 ticked; *marker
 * says whether a list marker came first.  Without one, markdown has no
 * task list: the line is an echoed checklist. */
int  cg_clean_checkbox(const char *s, size_t len, int *marker);
/* A line opening with a checkbox, with or without a list marker. */
int  cg_clean_ischeckitem(const char *s, size_t len);
/* A checklist item about the prompt's requirements rather than the
 * subject (words, sections, headings, format, the prompt …). */
int  cg_clean_isreqitem(const char *s, size_t len);
/* A checkbox with no list marker that is ticked or about the
 * requirements: chat wherever it is (the "anywhere" rule). */
int  cg_clean_isreqbare(const char *s, size_t len);
/* A list item: "- ", "* ", "+ ", "1. " or "1) ". */
int  cg_clean_isbullet(const char *s, size_t len);
/* Closing remarks and self-assessment: only meaningful at the end. */
int  cg_clean_isclosing(const char *n);
/* The title of an echoed checklist ("**Verification Checklist:**",
 * "Requirements Check"); never "Safety Checklist". */
int  cg_clean_isechotitle(const char *n);
/* A bar with an echo title or an END marker in it ("═══ VERIFICATION
 * CHECKLIST ═══"). */
int  cg_clean_istitledbar(const char *s, size_t len);
/* Chat meta: separator bar, END marker, closing remark, self-assessment,
 * word count; when anywhere is set also what can only open a document or
 * sit inside one (chat preamble, echoed checklist item). */
int  cg_clean_ismeta(const char *s, size_t len, int anywhere);
/* Meta that can only close a document. */
int  cg_clean_istrailing(const char *s, size_t len);
/* Lead-in to an echoed checklist or rule list: "**Checklist:**",
 * "Constraints met:", "Self-check". */
int  cg_clean_ischecklead(const char *s, size_t len);

#endif
