/* mendint.h — what the passes of the mender share (mend.c, mendhead.c):
 * the text as an array of lines, and a few line tests.  Not a public
 * interface: mend.h is. */
#ifndef CG_MENDINT_H
#define CG_MENDINT_H

#include "util.h"
#include <cjson/cJSON.h>

typedef struct {
	char **l;
	int    n, cap;
} cg_mend_lines;

/* A line of white space only. */
int   cg_mend_blankline(const char *s);
/* Per line of d, 1 when it is inside (or is a fence of) a code block;
 * caller frees. */
char *cg_mend_fenced(const cg_mend_lines *d);
/* A byte of a word: a letter, a digit or part of a UTF-8 character. */
int   cg_mend_isword(unsigned char c);
/* A list item ("- ", "* ", "1. "). */
int   cg_mend_listy(const char *s);
/* The "#" level of a heading line, 0 when it is none. */
int   cg_mend_level(const char *s);
/* The headings pass (mendhead.c): the repairs, one per line, to out. */
void  cg_mend_headings(cg_mend_lines *d, const cJSON *req, cg_buf *out);

#endif
