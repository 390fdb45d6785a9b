/* valint.h — what validate.c and cover.c share (not an interface). */
#ifndef CG_VALINT_H
#define CG_VALINT_H

#include <cjson/cJSON.h>
#include "util.h"

/* Lower-case words of s (ASCII letters/digits and any UTF-8 byte), as one
 * string "w1 w2 w3" with single spaces.  Caller frees. */
char *cg_val_words(const char *s);

/* Which of req.subtopics (when req has them) text does not cover: a
 * subtopic is covered when at least half of its words of 4 or more
 * letters appear in the text (by their first 6 letters); Chinese and
 * Japanese by their pairs of characters.  The uncovered ones go to miss
 * as "\"A\", \"B\""; *total gets the number of subtopics.  Returns the
 * number uncovered. */
int   cg_val_uncovered(const char *text, const cJSON *req, cg_buf *miss,
	    int *total);

#endif
