/* quiz.c — the questions parsers (cg_quiz_from_reply, the markdown
 * fallback, cg_quiz_parse_counts), normalisation, checks, rendering, the
 * merge of a re-ask's reply and the repeats of an earlier quiz, on any
 * reply.  The input is split at its first form feed (or its middle) into
 * a reply and the reply to a re-ask. */
#include "fuzz.h"
#include "quiz.h"

/* The number of questions of q and whether one ends in ".?". */
static int
count(const cJSON *q, int *dotq)
{
	static const char *k[] = { "multiple_choice", "short_answer", "essay" };
	int n = 0;

	for (int i = 0; i < 3; i++) {
		const cJSON *it;
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(q, k[i])) {
			const char *s = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(it, "question"));
			size_t l = s ? strlen(s) : 0;
			*dotq |= l >= 2 && !strcmp(s + l - 2, ".?");
			n++;
		}
	}
	return n;
}

/* Parse both halves by the counts, merge the second into the first and
 * look for repeats of the second in the first; check what the API
 * promises: no question dropped, no ".?" left, none repeated after
 * cg_quiz_drop_repeats. */
static void
bycounts(const char *a, const char *b)
{
	cg_err e = {0};
	cJSON *q = cg_quiz_parse_counts(a, 5, 4, 3, 2, &e), *more, *earlier;
	int miss[3], dotq = 0, n;
	char *md;

	if (!q)
		return;
	n = count(q, &dotq);
	FUZZ_ASSERT(!dotq);
	md = cg_quiz_markdown(q);
	free(md);
	cg_quiz_missing(q, 5, 4, 3, 2, miss);
	if ((more = cg_quiz_parse_counts(b, miss[0], 4, miss[1], miss[2],
	    &e))) {
		int added = cg_quiz_merge(q, more, 5, 4, 3, 2);
		FUZZ_ASSERT(count(q, &dotq) >= n && added >= 0);
		earlier = cJSON_CreateArray();
		cJSON_AddItemToArray(earlier, more);
		cg_quiz_repeats(q, earlier, NULL);
		cg_quiz_drop_repeats(q, earlier);
		FUZZ_ASSERT(cg_quiz_repeats(q, earlier, NULL) == 0);
		cJSON_Delete(earlier);
	}
	cg_quiz_check(q, 5, 4, 3, 2, &e);
	cJSON_Delete(q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *md, *ff;
	cg_err e = {0};
	cJSON *q = cg_quiz_from_reply(text, 5, 4, 3, 2, &e);

	if (q) {
		md = cg_quiz_markdown(q);
		free(md);
		cJSON_Delete(q);
	}
	memset(&e, 0, sizeof e);
	if ((q = cg_quiz_from_markdown(text, 4, &e))) {
		cg_quiz_normalise(q, 4);
		cg_quiz_check(q, 5, 4, 3, 2, &e);
		md = cg_quiz_markdown(q);
		free(md);
		cJSON_Delete(q);
	}
	if ((ff = strchr(text, '\f')) != NULL) {
		*ff = '\0';
		bycounts(text, ff + 1);
	} else {
		char *b = strdup(text + strlen(text) / 2);
		if (!b)
			abort();
		text[strlen(text) / 2] = '\0';
		bycounts(text, b);
		free(b);
	}
	free(text);
	return 0;
}
