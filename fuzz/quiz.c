/* quiz.c — the questions parsers (cg_quiz_from_reply, the markdown
 * fallback), normalisation, checks and rendering on any reply. */
#include "fuzz.h"
#include "quiz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *md;
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
	free(text);
	return 0;
}
