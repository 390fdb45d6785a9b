/* cover.c — the words of a text, and which of a session's subtopics a
 * text covers, for the prose validators (valint.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "valint.h"

/* Lower-case words of s (ASCII letters/digits and any UTF-8 byte), as one
 * string "w1 w2 w3" with single spaces.  Caller frees. */
char *
cg_val_words(const char *s)
{
	cg_buf b = {0};
	int inword = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c >= 0x80) {
			if (!inword && b.len)
				cg_buf_putc(&b, ' ');
			cg_buf_putc(&b, tolower(c));
			inword = 1;
		} else
			inword = 0;
	}
	return cg_buf_take(&b);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is some word of the sorted list v[n] begun by the first (up to 6)
 * bytes of w ("membrane" finds "membranes")? */
static int
has_stem(char **v, size_t n, const char *w)
{
	char stem[8];
	size_t lo = 0, hi = n, k = strlen(w) < 6 ? strlen(w) : 6;

	memcpy(stem, w, k);
	stem[k] = '\0';
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(v[mid], stem) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && cg_startswith(v[lo], stem);
}

/* A subtopic's word u with Chinese or Japanese characters, written
 * without spaces: each two of them side by side (a lone one alone) is a
 * word of its own in *sig, in *found when text has it. */
static void
cjk_cover(const char *u, const char *text, int *sig, int *found)
{
	size_t n = strlen(u), i, at = 0;
	int k, run = 0;
	long c;
	char *w;

	for (i = 0; i <= n; i += (size_t)k) {
		k = i < n ? cg_utf8_dec(u + i, n - i, &c) : 1;
		if (i < n && cg_iscjk(c)) {
			if (run++) {
				w = xstrndup(u + at, i + (size_t)k - at);
				(*sig)++;
				*found += strstr(text, w) != NULL;
				free(w);
			}
			at = i;
			continue;
		}
		if (run == 1) {
			w = xstrndup(u + at, i - at);
			(*sig)++;
			*found += strstr(text, w) != NULL;
			free(w);
		}
		run = 0;
	}
}

/* 1 when u has a Chinese or Japanese character. */
static int
has_cjk(const char *u)
{
	size_t n = strlen(u), i;
	int k;
	long c;

	for (i = 0; i < n; i += (size_t)k) {
		k = cg_utf8_dec(u + i, n - i, &c);
		if (cg_iscjk(c))
			return 1;
	}
	return 0;
}

/* Which of req.subtopics (when req has them) the text does not cover:
 * a subtopic is covered when at least half of its words of 4 or more
 * letters appear in the text (by their first 6 letters); Chinese and
 * Japanese by their pairs of characters (cjk_cover).  The uncovered
 * ones go to miss as "\"A\", \"B\""; *total gets the number of
 * subtopics.  Returns the number uncovered. */
int
cg_val_uncovered(const char *text, const cJSON *req, cg_buf *miss, int *total)
{
	static const char *const stop[] = { "with", "from", "into", "their",
	    "about", "between", "through", "what", "when", "where", "which",
	    "that", "this", "these", "those", "and", "the", "for", "over",
	    "under", "using", "role", "basic", "basics", "introduction",
	    NULL };
	const cJSON *st = req ? cJSON_GetObjectItemCaseSensitive(req,
	    "subtopics") : NULL, *it;
	char *all = cg_val_words(text), *t, *save = NULL, **v = NULL;
	size_t n = 0, cap = 0;
	int nmiss = 0;

	*total = 0;
	if (!cJSON_IsArray(st)) {
		free(all);
		return 0;
	}
	for (t = strtok_r(all, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (n == cap)
			v = xrealloc(v, (cap = cap ? 2 * cap : 256) * sizeof *v);
		v[n++] = t;
	}
	if (n)
		qsort(v, n, sizeof *v, cmpstr);
	cJSON_ArrayForEach(it, st) {
		char *w, *u, *s2 = NULL;
		int sig = 0, found = 0;
		if (!cJSON_IsString(it))
			continue;
		(*total)++;
		w = cg_val_words(it->valuestring);
		for (u = strtok_r(w, " ", &s2); u; u = strtok_r(NULL, " ", &s2)) {
			int i, skip = strlen(u) < 4;
			if (has_cjk(u)) {
				cjk_cover(u, text, &sig, &found);
				continue;
			}
			for (i = 0; stop[i] && !skip; i++)
				skip = !strcmp(u, stop[i]);
			if (skip)
				continue;
			sig++;
			found += has_stem(v, n, u);
		}
		free(w);
		if (sig && 2 * found < sig) {
			cg_buf_printf(miss, "%s\"%s\"", nmiss ? ", " : "",
			    it->valuestring);
			nmiss++;
		}
	}
	free(v);
	free(all);
	return nmiss;
}
