/* quizint.h — what quiz.c, quizmd.c and quizcheck.c share; not part of
 * the interface (that is quiz.h).
 */
#ifndef CG_QUIZINT_H
#define CG_QUIZINT_H
#include <stddef.h>
#include <cjson/cJSON.h>
#include "util.h"

/* quiz.c */

/* s without leading and trailing white space (caller frees). */
char  *cg_quiz_trimmed(const char *s);

/* Lower-case alphanumerics of s only, into o (cap bytes, cap > 0):
 * "Multiple-Choice Questions" -> "multiplechoicequestions". */
void   cg_quiz_squash(const char *s, char *o, size_t cap);

/* Length of an option-letter prefix for letter L at s: "A) ", "A. ",
 * "a) ", "(A) ", "A: ", "A - " and the blanks after it; 0 if none. */
size_t cg_quiz_letterprefix(const char *s, char L);

/* Are a and b equal but for case (ASCII) and surrounding white space? */
int    cg_quiz_streqi(const char *a, const char *b);

/* Do the texts a and b ask the same question (as cg_quiz_merge compares
 * them, see quiz.h)?  1 or 0. */
int    cg_quiz_samequestion(const char *a, const char *b);

/* quizmd.c */

/* The markdown parser of cg_quiz_from_markdown and cg_quiz_parse_counts;
 * want[3] the counts asked, or -1 each (open questions are then typed as
 * cg_quiz_from_markdown says).  The document (caller frees), or NULL + e
 * (EX_DATAERR) when text holds no question. */
cJSON *cg_quiz_md_parse(const char *text, int nopt, const int want[3],
	    cg_err *e);

/* s past a leading question label ("Question 3:", "**Essay 2:**", "3.")
 * and type tag ("(Short answer)"), and the emphasis between them. */
const char *cg_quiz_skiplabel(const char *s);

/* quizcheck.c */

/* Is item it of kind k (0 multiple choice, 1 short answer, 2 essay)
 * usable: would cg_quiz_check find nothing wrong with it but, at most,
 * an empty or missing explanation?  1 or 0. */
int    cg_quiz_usable(const cJSON *it, int k, int nopt);

#endif
